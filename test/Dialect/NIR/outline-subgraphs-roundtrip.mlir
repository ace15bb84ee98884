// Round trips between nir-outline-subgraphs and nir-inline-subgraphs give back
// the graph exactly: the printed IR (node names, parameters with their
// element types, edges in their order, metadata, op order) is identical.

// Outline then inline: this flat graph. The selected nodes are adjacent and
// the entry's edges from outside (fc, fb) are adjacent, as inlining leaves
// them.
// RUN: nir-opt %s > %t.flat.mlir
// RUN: nir-opt %s --nir-outline-subgraphs='nodes=rnn.*' | nir-opt --nir-inline-subgraphs > %t.flat-roundtrip.mlir
// RUN: diff %t.flat.mlir %t.flat-roundtrip.mlir
// RUN: FileCheck %s --input-file=%t.flat-roundtrip.mlir

// Inline then outline: a nested graph whose ports are named "input" and
// "output" and carry no metadata (inlining drops both).
// RUN: nir-opt %S/Inputs/outline-roundtrip-nested.mlir > %t.nested.mlir
// RUN: nir-opt %S/Inputs/outline-roundtrip-nested.mlir --nir-inline-subgraphs | nir-opt --nir-outline-subgraphs='nodes=rnn.*' > %t.nested-roundtrip.mlir
// RUN: diff %t.nested.mlir %t.nested-roundtrip.mlir
// RUN: FileCheck %s --check-prefix=NESTED --input-file=%t.nested-roundtrip.mlir

// CHECK-LABEL: nir.graph @flat attributes {metadata = {source = "roundtrip"}}
// CHECK: %[[FC:.+]] = nir.affine "fc"
// CHECK-NEXT: %[[LIF:.+]] = nir.cuba_lif "rnn.lif"(%[[REC:.+]], %[[FC]], %[[FB:.+]]) {metadata = {neurons = 3 : i64}
// CHECK-SAME: tensor<3xf64>
// CHECK-NEXT: %[[REC]] = nir.linear "rnn.w_rec"(%[[LIF]]) {metadata = {sparse = false}
// CHECK-NEXT: %[[FB]] = nir.scale "fb"(%[[LIF]])
// CHECK-NEXT: nir.output "output"(%[[LIF]])
nir.graph @flat attributes {metadata = {source = "roundtrip"}} {
  %input = nir.input "input" : tensor<2xf32>
  %fc = nir.affine "fc"(%input) {weight = dense<1.0> : tensor<3x2xf32>, bias = dense<0.0> : tensor<3xf32>} : tensor<2xf32> -> tensor<3xf32>
  %lif = nir.cuba_lif "rnn.lif"(%rec, %fc, %fb) {tau_syn = dense<2.0e-4> : tensor<3xf64>, tau_mem = dense<1.0e-3> : tensor<3xf64>, r = dense<10.0> : tensor<3xf64>, v_leak = dense<0.0> : tensor<3xf64>, v_threshold = dense<1.0> : tensor<3xf64>, v_reset = dense<0.0> : tensor<3xf64>, w_in = dense<2.0> : tensor<3xf64>, metadata = {neurons = 3}} : tensor<3xf32>
  %rec = nir.linear "rnn.w_rec"(%lif) {weight = dense<[[0.1, 0.2, 0.3], [0.4, 0.5, 0.6], [0.7, 0.8, 0.9]]> : tensor<3x3xf32>, metadata = {sparse = false}} : tensor<3xf32>
  %fb = nir.scale "fb"(%lif) {scale = dense<0.5> : tensor<3xf32>} : tensor<3xf32>
  %output = nir.output "output"(%lif) : tensor<3xf32>
}

// NESTED-LABEL: nir.graph @nested
// NESTED: %[[FC:.+]] = nir.affine "fc"
// NESTED-NEXT: %[[RNN:.+]] = nir.subgraph "rnn"(%[[FC]], %[[FB:.+]]) : tensor<3xf32> {
// NESTED-NEXT: %[[IN:.+]] = nir.input "input" : tensor<3xf32>
// NESTED-NEXT: %[[LIF:.+]] = nir.lif "lif"(%[[REC:.+]], %[[IN]]) {metadata = {neurons = 3 : i64}
// NESTED-NEXT: %[[REC]] = nir.linear "w_rec"(%[[LIF]])
// NESTED-NEXT: nir.output "output"(%[[LIF]])
// NESTED-NEXT: }
// NESTED-NEXT: %[[FB]] = nir.scale "fb"(%[[RNN]])
// NESTED-NEXT: nir.output "output"(%[[RNN]])
