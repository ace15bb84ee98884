// RUN: nir-opt %s -canonicalize -split-input-file | FileCheck %s

// The folds of nir nodes (lib/Dialect/NIR/IR/NIRFolds.cpp), all of them, as
// -canonicalize applies them; fold.mlir has the exact-only mode. Parameters
// are combined in double and rounded once to their own type.

// Affine -> Scale: rows and bias scaled; the synapse keeps its name and place.
// CHECK-LABEL: nir.graph @affine_then_scale
// CHECK: %[[IN:.+]] = nir.input "input"
// CHECK-NEXT: %[[FC:.+]] = nir.affine "fc"(%[[IN]]) {bias = dense<[1.000000e+00, 1.500000e+00]> : tensor<2xf32>, weight = dense<{{\[\[}}2.000000e+00, 4.000000e+00], [9.000000e+00, 1.200000e+01]]> : tensor<2x2xf32>} : tensor<2xf32>
// CHECK-NEXT: nir.i "i"(%[[FC]])
// CHECK-NOT: nir.scale
nir.graph @affine_then_scale {
  %input = nir.input "input" : tensor<2xf32>
  %fc = nir.affine "fc"(%input) {weight = dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>, bias = dense<0.5> : tensor<2xf32>} : tensor<2xf32>
  %s = nir.scale "s"(%fc) {scale = dense<[2.0, 3.0]> : tensor<2xf32>} : tensor<2xf32>
  %i = nir.i "i"(%s) {r = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%i) : tensor<2xf32>
}

// -----

// Linear -> Scale in f64: the product is rounded to f64 once (0.1 * 3.0).
// CHECK-LABEL: nir.graph @linear_then_scale_f64
// CHECK: %[[FC:.+]] = nir.linear "fc"(%{{.+}}) {weight = dense<{{\[\[}}1.000000e-01, 0.30000000000000004]]> : tensor<1x2xf64>} : tensor<2xf32> -> tensor<1xf32>
// CHECK-NEXT: nir.output "output"(%[[FC]])
nir.graph @linear_then_scale_f64 {
  %input = nir.input "input" : tensor<2xf32>
  %fc = nir.linear "fc"(%input) {weight = dense<[[1.0, 3.0]]> : tensor<1x2xf64>} : tensor<2xf32> -> tensor<1xf32>
  %s = nir.scale "s"(%fc) {scale = dense<[0.1]> : tensor<1xf64>} : tensor<1xf32>
  %output = nir.output "output"(%s) : tensor<1xf32>
}

// -----

// Scale -> Affine: columns scaled, the bias unchanged; the fused Affine is
// named after the synapse and sits where the Scale sat, reading its edges
// (two of them: they are summed before the Scale and before the fused node).
// CHECK-LABEL: nir.graph @scale_then_affine
// CHECK: %[[A:.+]] = nir.input "a"
// CHECK-NEXT: %[[B:.+]] = nir.input "b"
// CHECK-NEXT: %[[FC:.+]] = nir.affine "fc"(%[[A]], %[[B]]) {bias = dense<[1.000000e+00, -1.000000e+00]> : tensor<2xf32>, weight = dense<{{\[\[}}2.000000e+00, 1.000000e+00], [6.000000e+00, 2.000000e+00]]> : tensor<2x2xf32>} : tensor<2xf32>
// CHECK-NEXT: nir.li "li"
// CHECK-NEXT: nir.output "output"(%[[FC]], %{{.+}})
// CHECK-NOT: nir.scale
nir.graph @scale_then_affine {
  %a = nir.input "a" : tensor<2xf32>
  %b = nir.input "b" : tensor<2xf32>
  %s = nir.scale "s"(%a, %b) {scale = dense<[2.0, 0.5]> : tensor<2xf32>} : tensor<2xf32>
  %li = nir.li "li"(%a) {tau = dense<1.0> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %fc = nir.affine "fc"(%s) {weight = dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>, bias = dense<[1.0, -1.0]> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%fc, %li) : tensor<2xf32>
}

// -----

// Scale -> Linear, a non-square weight (2 inputs, 3 outputs).
// CHECK-LABEL: nir.graph @scale_then_linear
// CHECK: nir.linear "w"(%{{.+}}) {weight = dense<{{\[\[}}-1.000000e+00, 3.000000e+00], [-2.000000e+00, 3.000000e+00], [-3.000000e+00, 3.000000e+00]]> : tensor<3x2xf32>} : tensor<2xf32> -> tensor<3xf32>
// CHECK-NOT: nir.scale
nir.graph @scale_then_linear {
  %input = nir.input "input" : tensor<2xf32>
  %s = nir.scale "s"(%input) {scale = dense<[-1.0, 3.0]> : tensor<2xf32>} : tensor<2xf32>
  %w = nir.linear "w"(%s) {weight = dense<[[1.0, 1.0], [2.0, 1.0], [3.0, 1.0]]> : tensor<3x2xf32>} : tensor<2xf32> -> tensor<3xf32>
  %output = nir.output "output"(%w) : tensor<3xf32>
}

// -----

// Conv2d -> Scale constant per output channel: channel c's kernel and bias
// times s_c.
// CHECK-LABEL: nir.graph @conv2d_then_scale
// CHECK: nir.conv2d "conv"(%{{.+}}) {bias = dense<[2.000000e+00, 1.000000e+00]> : tensor<2xf32>, {{.*}}weight = dense<{{\[\[\[\[}}2.000000e+00, 4.000000e+00]]], {{\[\[\[}}1.500000e+00, 2.000000e+00]]]]> : tensor<2x1x1x2xf32>} : tensor<1x2x3xf32> -> tensor<2x2x2xf32>
// CHECK-NOT: nir.scale
nir.graph @conv2d_then_scale {
  %input = nir.input "input" : tensor<1x2x3xf32>
  %conv = nir.conv2d "conv"(%input) {input_shape = array<i64: 2, 3>, weight = dense<[[[[1.0, 2.0]]], [[[3.0, 4.0]]]]> : tensor<2x1x1x2xf32>, stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>, groups = 1, bias = dense<[1.0, 2.0]> : tensor<2xf32>} : tensor<1x2x3xf32> -> tensor<2x2x2xf32>
  %s = nir.scale "s"(%conv) {scale = dense<[[[2.0, 2.0], [2.0, 2.0]], [[0.5, 0.5], [0.5, 0.5]]]> : tensor<2x2x2xf32>} : tensor<2x2x2xf32>
  %output = nir.output "output"(%s) : tensor<2x2x2xf32>
}

// -----

// Scale -> Conv1d with groups = 2: output channel o reads input channels
// 2*(o/1) + j, so kernel (o, j) is multiplied by s[2o + j].
// CHECK-LABEL: nir.graph @scale_then_grouped_conv1d
// CHECK: nir.conv1d "conv"(%{{.+}}) {bias = dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>, {{.*}}weight = dense<{{\[\[\[}}1.000000e+00], [2.000000e+00]], {{\[\[}}4.000000e+00], [8.000000e+00]]]> : tensor<2x2x1xf32>} : tensor<4x3xf32> -> tensor<2x3xf32>
// CHECK-NOT: nir.scale
nir.graph @scale_then_grouped_conv1d {
  %input = nir.input "input" : tensor<4x3xf32>
  %s = nir.scale "s"(%input) {scale = dense<[[1.0, 1.0, 1.0], [2.0, 2.0, 2.0], [4.0, 4.0, 4.0], [8.0, 8.0, 8.0]]> : tensor<4x3xf32>} : tensor<4x3xf32>
  %conv = nir.conv1d "conv"(%s) {input_shape = 3, weight = dense<1.0> : tensor<2x2x1xf32>, stride = 1, padding = 0, dilation = 1, groups = 2, bias = dense<[1.0, 2.0]> : tensor<2xf32>} : tensor<4x3xf32> -> tensor<2x3xf32>
  %output = nir.output "output"(%conv) : tensor<2x3xf32>
}

// -----

// Scale -> Scale: one Scale with the products, named after the second.
// CHECK-LABEL: nir.graph @scale_then_scale
// CHECK: %[[IN:.+]] = nir.input "input"
// CHECK-NEXT: %[[S:.+]] = nir.scale "second"(%[[IN]]) {scale = dense<[1.000000e+00, 9.000000e+00]> : tensor<2xf32>} : tensor<2xf32>
// CHECK-NEXT: nir.output "output"(%[[S]])
nir.graph @scale_then_scale {
  %input = nir.input "input" : tensor<2xf32>
  %first = nir.scale "first"(%input) {scale = dense<[2.0, 3.0]> : tensor<2xf32>} : tensor<2xf32>
  %second = nir.scale "second"(%first) {scale = dense<[0.5, 3.0]> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%second) : tensor<2xf32>
}

// -----

// A Scale of ones goes: its consumers read its producer.
// CHECK-LABEL: nir.graph @unit_scale
// CHECK: %[[I:.+]] = nir.i "i"
// CHECK-NEXT: nir.output "output"(%[[I]])
// CHECK-NOT: nir.scale
nir.graph @unit_scale {
  %input = nir.input "input" : tensor<2xf32>
  %i = nir.i "i"(%input) {r = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  %one = nir.scale "one"(%i) {scale = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%one) : tensor<2xf32>
}

// -----

// Affine with an all-zero bias (-0 counts as zero) -> Linear, metadata kept.
// CHECK-LABEL: nir.graph @zero_bias
// CHECK: nir.linear "fc"(%{{.+}}) {metadata = {unit = "mV"}, weight = dense<{{\[\[}}1.000000e+00, 2.000000e+00]]> : tensor<1x2xf64>} : tensor<2xf32> -> tensor<1xf32>
// CHECK-NOT: nir.affine
nir.graph @zero_bias {
  %input = nir.input "input" : tensor<2xf32>
  %fc = nir.affine "fc"(%input) {weight = dense<[[1.0, 2.0]]> : tensor<1x2xf64>, bias = dense<-0.0> : tensor<1xf64>, metadata = {unit = "mV"}} : tensor<2xf32> -> tensor<1xf32>
  %i = nir.i "i"(%fc) {r = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %output = nir.output "output"(%i) : tensor<1xf32>
}

// -----

// Linear -> Linear: W2 W1, named after the second, in the first's place.
// CHECK-LABEL: nir.graph @linear_chain
// CHECK: %[[IN:.+]] = nir.input "input"
// CHECK-NEXT: %[[W:.+]] = nir.linear "w2"(%[[IN]]) {weight = dense<{{\[\[}}1.900000e+01, 2.200000e+01], [4.300000e+01, 5.000000e+01]]> : tensor<2x2xf32>} : tensor<2xf32>
// CHECK-NEXT: nir.output "output"(%[[W]])
nir.graph @linear_chain {
  %input = nir.input "input" : tensor<2xf32>
  %w1 = nir.linear "w1"(%input) {weight = dense<[[5.0, 6.0], [7.0, 8.0]]> : tensor<2x2xf32>} : tensor<2xf32>
  %w2 = nir.linear "w2"(%w1) {weight = dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%w2) : tensor<2xf32>
}

// -----

// Affine -> Affine: W2 W1 and W2 b1 + b2 (b1 a broadcast scalar).
// CHECK-LABEL: nir.graph @affine_chain
// CHECK: nir.affine "fc2"(%{{.+}}) {bias = dense<[4.000000e+00, 1.000000e+01]> : tensor<2xf32>, weight = dense<{{\[\[}}1.900000e+01, 2.200000e+01], [4.300000e+01, 5.000000e+01]]> : tensor<2x2xf32>} : tensor<2xf32>
// CHECK-NOT: "fc1"
nir.graph @affine_chain {
  %input = nir.input "input" : tensor<2xf32>
  %fc1 = nir.affine "fc1"(%input) {weight = dense<[[5.0, 6.0], [7.0, 8.0]]> : tensor<2x2xf32>, bias = dense<1.0> : tensor<f32>} : tensor<2xf32>
  %fc2 = nir.affine "fc2"(%fc1) {weight = dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>, bias = dense<[1.0, 3.0]> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%fc2) : tensor<2xf32>
}

// -----

// Affine -> Linear and Linear -> Affine both give an Affine.
// CHECK-LABEL: nir.graph @mixed_chains
// CHECK: nir.affine "w2"(%{{.+}}) {bias = dense<3.000000e+00> : tensor<1xf32>, weight = dense<{{\[\[}}1.100000e+01, 1.400000e+01]]> : tensor<1x2xf32>} : tensor<2xf32> -> tensor<1xf32>
// CHECK: nir.affine "fc2"(%{{.+}}) {bias = dense<7.000000e+00> : tensor<1xf32>, weight = dense<{{\[\[}}1.100000e+01, 1.400000e+01]]> : tensor<1x2xf32>} : tensor<2xf32> -> tensor<1xf32>
nir.graph @mixed_chains {
  %input = nir.input "input" : tensor<2xf32>
  %fc1 = nir.affine "fc1"(%input) {weight = dense<[[1.0, 2.0], [5.0, 6.0]]> : tensor<2x2xf32>, bias = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  %w2 = nir.linear "w2"(%fc1) {weight = dense<[[1.0, 2.0]]> : tensor<1x2xf32>} : tensor<2xf32> -> tensor<1xf32>
  %w1 = nir.linear "w1"(%input) {weight = dense<[[1.0, 2.0], [5.0, 6.0]]> : tensor<2x2xf32>} : tensor<2xf32>
  %fc2 = nir.affine "fc2"(%w1) {weight = dense<[[1.0, 2.0]]> : tensor<1x2xf32>, bias = dense<7.0> : tensor<1xf32>} : tensor<2xf32> -> tensor<1xf32>
  %output = nir.output "output"(%w2, %fc2) : tensor<1xf32>
}

// -----

// A chain whose merged weight would be larger than the two (4x4 > 4 + 4)
// stays.
// CHECK-LABEL: nir.graph @chain_through_narrow_layer
// CHECK: nir.linear "down"
// CHECK: nir.linear "up"
nir.graph @chain_through_narrow_layer {
  %input = nir.input "input" : tensor<4xf32>
  %down = nir.linear "down"(%input) {weight = dense<1.0> : tensor<1x4xf32>} : tensor<4xf32> -> tensor<1xf32>
  %up = nir.linear "up"(%down) {weight = dense<1.0> : tensor<4x1xf32>} : tensor<1xf32> -> tensor<4xf32>
  %output = nir.output "output"(%up) : tensor<4xf32>
}

// -----

// A Flatten that changes no shape goes.
// CHECK-LABEL: nir.graph @identity_flatten
// CHECK: %[[I:.+]] = nir.i "i"
// CHECK-NEXT: nir.output "output"(%[[I]])
// CHECK-NOT: nir.flatten
nir.graph @identity_flatten {
  %input = nir.input "input" : tensor<2x3xf32>
  %i = nir.i "i"(%input) {r = dense<1.0> : tensor<2x3xf32>} : tensor<2x3xf32>
  %flat = nir.flatten "flat"(%i) {start_dim = 1, end_dim = 1} : tensor<2x3xf32>
  %output = nir.output "output"(%flat) : tensor<2x3xf32>
}

// -----

// A Flatten that merges dims stays.
// CHECK-LABEL: nir.graph @real_flatten
// CHECK: nir.flatten "flat"
nir.graph @real_flatten {
  %input = nir.input "input" : tensor<2x3xf32>
  %i = nir.i "i"(%input) {r = dense<1.0> : tensor<2x3xf32>} : tensor<2x3xf32>
  %flat = nir.flatten "flat"(%i) {start_dim = 0, end_dim = 1} : tensor<2x3xf32> -> tensor<6xf32>
  %output = nir.output "output"(%flat) : tensor<6xf32>
}

//===----------------------------------------------------------------------===//
// What blocks a fold
//===----------------------------------------------------------------------===//

// -----

// Fan-out: another node reads the Affine's signal, or the Scale's producer.
// CHECK-LABEL: nir.graph @fan_out
// CHECK: nir.affine "fc"{{.*}}bias = dense<5.000000e-01>
// CHECK: nir.scale "s"
// CHECK: nir.scale "one"
nir.graph @fan_out {
  %input = nir.input "input" : tensor<2xf32>
  %fc = nir.affine "fc"(%input) {weight = dense<1.0> : tensor<2x2xf32>, bias = dense<0.5> : tensor<2xf32>} : tensor<2xf32>
  %s = nir.scale "s"(%fc) {scale = dense<2.0> : tensor<2xf32>} : tensor<2xf32>
  %i = nir.i "i"(%input) {r = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  %one = nir.scale "one"(%i) {scale = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%s, %fc, %one, %i) : tensor<2xf32>
}

// -----

// Metadata on the node that would go blocks the fold; on the node that stays
// it is kept.
// CHECK-LABEL: nir.graph @metadata
// CHECK: nir.affine "fc1"{{.*}}bias = dense<5.000000e-01>
// CHECK: nir.scale "s1"{{.*}}metadata = {note = "kept"}
// CHECK: nir.affine "fc2"{{.*}}bias = dense<1.000000e+00> : tensor<2xf32>, metadata = {note = "survives"}
// CHECK-NOT: "s2"
// CHECK: nir.scale "one"{{.*}}metadata
nir.graph @metadata {
  %input = nir.input "input" : tensor<2xf32>
  %fc1 = nir.affine "fc1"(%input) {weight = dense<1.0> : tensor<2x2xf32>, bias = dense<0.5> : tensor<2xf32>} : tensor<2xf32>
  %s1 = nir.scale "s1"(%fc1) {scale = dense<2.0> : tensor<2xf32>, metadata = {note = "kept"}} : tensor<2xf32>
  %fc2 = nir.affine "fc2"(%s1) {weight = dense<1.0> : tensor<2x2xf32>, bias = dense<0.5> : tensor<2xf32>, metadata = {note = "survives"}} : tensor<2xf32>
  %s2 = nir.scale "s2"(%fc2) {scale = dense<2.0> : tensor<2xf32>} : tensor<2xf32>
  %i = nir.i "i"(%s2) {r = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  %one = nir.scale "one"(%i) {scale = dense<1.0> : tensor<2xf32>, metadata = {note = "kept"}} : tensor<2xf32>
  %output = nir.output "output"(%one) : tensor<2xf32>
}

// -----

// Two incoming edges into the second node: the Scale sees the Affine plus
// another signal, and the Affine sees the Scale plus another signal.
// CHECK-LABEL: nir.graph @two_edges
// CHECK: nir.affine "fc"
// CHECK: nir.scale "s"
// CHECK: nir.scale "t"
// CHECK: nir.linear "w"
nir.graph @two_edges {
  %input = nir.input "input" : tensor<2xf32>
  %fc = nir.affine "fc"(%input) {weight = dense<1.0> : tensor<2x2xf32>, bias = dense<0.5> : tensor<2xf32>} : tensor<2xf32>
  %s = nir.scale "s"(%fc, %input) {scale = dense<2.0> : tensor<2xf32>} : tensor<2xf32>
  %i = nir.i "i"(%s) {r = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  %t = nir.scale "t"(%i) {scale = dense<2.0> : tensor<2xf32>} : tensor<2xf32>
  %w = nir.linear "w"(%t, %i) {weight = dense<1.0> : tensor<2x2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%w) : tensor<2xf32>
}

// -----

// Parameters of differing types are not combined; integer ones never are.
// CHECK-LABEL: nir.graph @types
// CHECK: nir.linear "fc"{{.*}}tensor<2x2xf32>
// CHECK: nir.scale "s"{{.*}}tensor<2xf64>
// CHECK: nir.i "i"
// CHECK: nir.scale "int_one"{{.*}}tensor<2xi64>
// CHECK: nir.scale "int_two"{{.*}}tensor<2xi64>
nir.graph @types {
  %input = nir.input "input" : tensor<2xf32>
  %fc = nir.linear "fc"(%input) {weight = dense<1.0> : tensor<2x2xf32>} : tensor<2xf32>
  %s = nir.scale "s"(%fc) {scale = dense<2.0> : tensor<2xf64>} : tensor<2xf32>
  %i = nir.i "i"(%s) {r = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  %int_one = nir.scale "int_one"(%i) {scale = dense<1> : tensor<2xi64>} : tensor<2xf32>
  %int_two = nir.scale "int_two"(%int_one) {scale = dense<2> : tensor<2xi64>} : tensor<2xf32>
  %output = nir.output "output"(%int_two) : tensor<2xf32>
}

// -----

// Batched weights (rank > 2) are left alone.
// CHECK-LABEL: nir.graph @batched
// CHECK: nir.linear "fc"{{.*}}tensor<2x1x2xf32>
// CHECK: nir.scale "s"
nir.graph @batched {
  %input = nir.input "input" : tensor<2x2xf32>
  %fc = nir.linear "fc"(%input) {weight = dense<1.0> : tensor<2x1x2xf32>} : tensor<2x2xf32> -> tensor<2x1xf32>
  %s = nir.scale "s"(%fc) {scale = dense<2.0> : tensor<2x1xf32>} : tensor<2x1xf32>
  %output = nir.output "output"(%s) : tensor<2x1xf32>
}

// -----

// A Scale that varies within a channel cannot move into a conv's kernel,
// neither after it nor before it.
// CHECK-LABEL: nir.graph @conv_scale_varies_in_channel
// CHECK: nir.scale "before"
// CHECK: nir.conv1d "conv"{{.*}}weight = dense<1.000000e+00>
// CHECK: nir.scale "after"
nir.graph @conv_scale_varies_in_channel {
  %input = nir.input "input" : tensor<1x3xf32>
  %before = nir.scale "before"(%input) {scale = dense<[[1.0, 2.0, 2.0]]> : tensor<1x3xf32>} : tensor<1x3xf32>
  %conv = nir.conv1d "conv"(%before) {input_shape = 3, weight = dense<1.0> : tensor<1x1x1xf32>, stride = 1, padding = 0, dilation = 1, groups = 1, bias = dense<0.0> : tensor<1xf32>} : tensor<1x3xf32>
  %after = nir.scale "after"(%conv) {scale = dense<[[2.0, 2.0, 4.0]]> : tensor<1x3xf32>} : tensor<1x3xf32>
  %output = nir.output "output"(%after) : tensor<1x3xf32>
}

// -----

// A product that overflows the parameter type is not folded.
// CHECK-LABEL: nir.graph @overflow
// CHECK: nir.linear "fc"{{.*}}dense<1.000000e+30>
// CHECK: nir.scale "s"
nir.graph @overflow {
  %input = nir.input "input" : tensor<1xf32>
  %fc = nir.linear "fc"(%input) {weight = dense<1.0e30> : tensor<1x1xf32>} : tensor<1xf32>
  %s = nir.scale "s"(%fc) {scale = dense<1.0e30> : tensor<1xf32>} : tensor<1xf32>
  %output = nir.output "output"(%s) : tensor<1xf32>
}

// -----

// Input and Output nodes stay, and so does a node between them: a fold never
// wires an Output to an Input. A direct Input -> Output edge is left alone.
// CHECK-LABEL: nir.graph @ports
// CHECK: %[[A:.+]] = nir.input "a"
// CHECK-NEXT: %[[B:.+]] = nir.input "b"
// CHECK-NEXT: %[[ONE:.+]] = nir.scale "one"(%[[A]])
// CHECK-NEXT: %[[FLAT:.+]] = nir.flatten "flat"(%[[B]])
// CHECK-NEXT: nir.output "out_a"(%[[ONE]])
// CHECK-NEXT: nir.output "out_b"(%[[FLAT]])
// CHECK-NEXT: nir.output "out_c"(%[[C:.+]])
// CHECK-NEXT: %[[C]] = nir.input "c"
nir.graph @ports {
  %a = nir.input "a" : tensor<2xf32>
  %b = nir.input "b" : tensor<2xf32>
  %one = nir.scale "one"(%a) {scale = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  %flat = nir.flatten "flat"(%b) {start_dim = 0, end_dim = 0} : tensor<2xf32>
  %out_a = nir.output "out_a"(%one) : tensor<2xf32>
  %out_b = nir.output "out_b"(%flat) : tensor<2xf32>
  %out_c = nir.output "out_c"(%c) : tensor<2xf32>
  %c = nir.input "c" : tensor<2xf32>
}

// -----

// An Input -> Scale(1) -> node chain loses the Scale.
// CHECK-LABEL: nir.graph @input_then_unit_scale
// CHECK: %[[IN:.+]] = nir.input "input"
// CHECK-NEXT: nir.i "i"(%[[IN]])
nir.graph @input_then_unit_scale {
  %input = nir.input "input" : tensor<2xf32>
  %one = nir.scale "one"(%input) {scale = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  %i = nir.i "i"(%one) {r = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%i) : tensor<2xf32>
}

// -----

// Unchecked graphs are left alone: their edge types need not be what the
// parameters imply.
// CHECK-LABEL: nir.graph @unchecked
// CHECK: nir.affine "fc"
// CHECK: nir.scale "s"
nir.graph @unchecked attributes {unchecked} {
  %input = nir.input "input" : tensor<2xf32>
  %fc = nir.affine "fc"(%input) {weight = dense<1.0> : tensor<2x2xf32>, bias = dense<0.5> : tensor<2xf32>} : tensor<2xf32>
  %s = nir.scale "s"(%fc) {scale = dense<2.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%s) : tensor<2xf32>
}

//===----------------------------------------------------------------------===//
// The schedule
//===----------------------------------------------------------------------===//

// -----

// A recurrent loop that an Input reaches folds: the search enters the Affine
// first and the Scale right after it, as it enters the fused node.
// CHECK-LABEL: nir.graph @reachable_loop
// CHECK: %[[LIF:.+]] = nir.lif "lif"(%{{.+}}, %[[REC:.+]]) {
// CHECK-NEXT: %[[REC]] = nir.affine "w_rec"(%[[LIF]]) {bias = dense<2.000000e+00> : tensor<2xf32>, weight = dense<4.000000e+00> : tensor<2x2xf32>}
// CHECK-NOT: nir.scale
nir.graph @reachable_loop {
  %input = nir.input "input" : tensor<2xf32>
  %lif = nir.lif "lif"(%input, %s) {tau = dense<1.0> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %rec = nir.affine "w_rec"(%lif) {weight = dense<2.0> : tensor<2x2xf32>, bias = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  %s = nir.scale "a_scale"(%rec) {scale = dense<2.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%lif) : tensor<2xf32>
}

// -----

// Nodes that no Input reaches are scheduled from roots in name order.
// "a_fc" sorts first, so the search starts there: a_fc -> li -> z_s, delaying
// z_s -> a_fc; q, found later, feeds z_s undelayed. Fused (named a_fc, with
// z_s's edges from li and q) the search would delay li -> a_fc and not
// q -> a_fc: a_fc would see q's current output instead of the previous one.
// The fold is refused. With one incoming edge (li2) the two schedules agree
// (a Scale maps 0 to 0), and the Scale folds.
// CHECK-LABEL: nir.graph @unreachable_loop
// CHECK: nir.scale "z_s"
// CHECK: nir.affine "a_fc"{{.*}}weight = dense<1.000000e+00>
// CHECK: nir.affine "a_fc2"(%{{.+}}) {bias = dense<5.000000e-01> : tensor<2xf32>, weight = dense<2.000000e+00> : tensor<2x2xf32>}
// CHECK-NOT: "z_s2"
nir.graph @unreachable_loop {
  %input = nir.input "input" : tensor<2xf32>
  %output = nir.output "output"(%input, %li, %li2) : tensor<2xf32>
  %s = nir.scale "z_s"(%li, %q) {scale = dense<2.0> : tensor<2xf32>} : tensor<2xf32>
  %fc = nir.affine "a_fc"(%s) {weight = dense<1.0> : tensor<2x2xf32>, bias = dense<0.5> : tensor<2xf32>} : tensor<2xf32>
  %li = nir.li "li"(%fc) {tau = dense<1.0> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %q = nir.li "q"(%q) {tau = dense<1.0> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.5> : tensor<2xf32>} : tensor<2xf32>
  %s2 = nir.scale "z_s2"(%li2) {scale = dense<2.0> : tensor<2xf32>} : tensor<2xf32>
  %fc2 = nir.affine "a_fc2"(%s2) {weight = dense<1.0> : tensor<2x2xf32>, bias = dense<0.5> : tensor<2xf32>} : tensor<2xf32>
  %li2 = nir.li "li2"(%fc2) {tau = dense<1.0> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
}

// -----

// Inside a nested graph the folds apply too; reaching an Input means
// reaching the subgraph through its own edges ("a_s" sorts before "fc", so
// the names alone do not decide). A Scale of ones right after a nested Input
// stays: inlining gives that Input's consumers the subgraph's edges.
// CHECK-LABEL: nir.graph @nested
// CHECK: nir.subgraph "sub"
// CHECK: %[[IN:.+]] = nir.input "in"
// CHECK-NEXT: %[[ONE:.+]] = nir.scale "one"(%[[IN]])
// CHECK-NEXT: %[[I:.+]] = nir.i "i"(%[[ONE]])
// CHECK-NEXT: %[[FC:.+]] = nir.affine "fc"(%[[I]]) {bias = dense<1.000000e+00> : tensor<2xf32>, weight = dense<4.000000e+00> : tensor<2x2xf32>}
// CHECK-NEXT: nir.output "out"(%[[FC]])
nir.graph @nested {
  %input = nir.input "input" : tensor<2xf32>
  %sub = nir.subgraph "sub"(%input) : tensor<2xf32> {
    %in = nir.input "in" : tensor<2xf32>
    %one = nir.scale "one"(%in) {scale = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
    %i = nir.i "i"(%one) {r = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
    %fc = nir.affine "fc"(%i) {weight = dense<2.0> : tensor<2x2xf32>, bias = dense<0.5> : tensor<2xf32>} : tensor<2xf32>
    %s = nir.scale "a_s"(%fc) {scale = dense<2.0> : tensor<2xf32>} : tensor<2xf32>
    %out = nir.output "out"(%s) : tensor<2xf32>
  }
  %output = nir.output "output"(%sub) : tensor<2xf32>
}

// -----

// Parameters held as resource blobs are read like dense ones; a large result
// (>= 1024 bytes) is written as a blob named after the node and field, a
// small one inline. (The resources must end the file.)
// CHECK-LABEL: nir.graph @resources
// CHECK: nir.linear "fc"(%{{.+}}) {weight = dense<{{\[\[}}2.000000e+00, 4.000000e+00], [1.500000e+00, 2.000000e+00]]> : tensor<2x2xf32>}
// CHECK: nir.linear "big"(%{{.+}}) {weight = dense_resource<big.weight> : tensor<16x16xf32>}
// CHECK: big.weight: "0x08000000000000400000004000000040
nir.graph @resources {
  %input = nir.input "input" : tensor<2xf32>
  %fc = nir.linear "fc"(%input) {weight = dense_resource<w> : tensor<2x2xf32>} : tensor<2xf32>
  %s = nir.scale "s"(%fc) {scale = dense<[2.0, 0.5]> : tensor<2xf32>} : tensor<2xf32>
  %i = nir.i "i"(%s) {r = dense<1.0> : tensor<2xf32>} : tensor<2xf32> -> tensor<2xf32>
  %expand = nir.linear "expand"(%i) {weight = dense<1.0> : tensor<16x2xf32>} : tensor<2xf32> -> tensor<16xf32>
  %j = nir.i "j"(%expand) {r = dense<1.0> : tensor<16xf32>} : tensor<16xf32>
  %big = nir.linear "big"(%j) {weight = dense<1.0> : tensor<16x16xf32>} : tensor<16xf32>
  %s2 = nir.scale "s2"(%big) {scale = dense<[2.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0]> : tensor<16xf32>} : tensor<16xf32>
  %output = nir.output "output"(%s2) : tensor<16xf32>
}
{-# dialect_resources: { builtin: { w: "0x040000000000803F000000400000404000008040" } } #-}

// -----

// Linear -> identity Affine (`x @ W + b` as a lowering builds it op by op):
// one Affine(W, b), named after the Affine, in the Linear's place; it wins
// over the generic chain merge, and works in linear time.
// CHECK-LABEL: nir.graph @linear_then_bias
// CHECK: %[[IN:.+]] = nir.input "input"
// CHECK-NEXT: %[[FC:.+]] = nir.affine "fc"(%[[IN]]) {bias = dense<[5.000000e-01, -1.000000e+00]> : tensor<2xf32>, weight = dense<{{\[\[}}1.000000e+00, 2.000000e+00, 3.000000e+00], [4.000000e+00, 5.000000e+00, 6.000000e+00]]> : tensor<2x3xf32>} : tensor<3xf32> -> tensor<2xf32>
// CHECK-NEXT: nir.output "output"(%[[FC]])
nir.graph @linear_then_bias {
  %input = nir.input "input" : tensor<3xf32>
  %w = nir.linear "w"(%input) {weight = dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>} : tensor<3xf32> -> tensor<2xf32>
  %fc = nir.affine "fc"(%w) {weight = dense<[[1.0, 0.0], [0.0, 1.0]]> : tensor<2x2xf32>, bias = dense<[0.5, -1.0]> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%fc) : tensor<2xf32>
}

// -----

// The Linear's signal is read elsewhere too: no fold.
// CHECK-LABEL: nir.graph @linear_then_bias_shared
// CHECK: nir.linear "w"
// CHECK-NEXT: nir.affine "fc"
nir.graph @linear_then_bias_shared {
  %input = nir.input "input" : tensor<3xf32>
  %w = nir.linear "w"(%input) {weight = dense<1.0> : tensor<2x3xf32>} : tensor<3xf32> -> tensor<2xf32>
  %fc = nir.affine "fc"(%w) {weight = dense<[[1.0, 0.0], [0.0, 1.0]]> : tensor<2x2xf32>, bias = dense<0.5> : tensor<2xf32>} : tensor<2xf32>
  %o1 = nir.output "o1"(%fc) : tensor<2xf32>
  %o2 = nir.output "o2"(%w) : tensor<2xf32>
}

// -----

// AvgPool2d -> Scale by the window area (F.lp_pool2d with norm_type 1, op by
// op): SumPool2d with the pool's name and place.
// CHECK-LABEL: nir.graph @avg_pool_times_area
// CHECK: %[[IN:.+]] = nir.input "input"
// CHECK-NEXT: %[[POOL:.+]] = nir.sum_pool2d "pool"(%[[IN]]) {kernel_size = array<i64: 3, 2>, padding = array<i64: 1, 0>, stride = array<i64: 1, 2>} : tensor<1x4x4xf32> -> tensor<1x4x2xf32>
// CHECK-NEXT: nir.output "output"(%[[POOL]])
nir.graph @avg_pool_times_area {
  %input = nir.input "input" : tensor<1x4x4xf32>
  %pool = nir.avg_pool2d "pool"(%input) {kernel_size = array<i64: 3, 2>, stride = array<i64: 1, 2>, padding = array<i64: 1, 0>} : tensor<1x4x4xf32> -> tensor<1x4x2xf32>
  %s = nir.scale "s"(%pool) {scale = dense<6.0> : tensor<1x4x2xf32>} : tensor<1x4x2xf32>
  %output = nir.output "output"(%s) : tensor<1x4x2xf32>
}

// -----

// A Scale that is not the window area everywhere stays.
// CHECK-LABEL: nir.graph @avg_pool_times_other
// CHECK: nir.avg_pool2d "pool"
// CHECK-NEXT: nir.scale "s"
nir.graph @avg_pool_times_other {
  %input = nir.input "input" : tensor<1x4x4xf32>
  %pool = nir.avg_pool2d "pool"(%input) {kernel_size = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : tensor<1x4x4xf32> -> tensor<1x2x2xf32>
  %s = nir.scale "s"(%pool) {scale = dense<[[[4.0, 4.0], [4.0, 2.0]]]> : tensor<1x2x2xf32>} : tensor<1x2x2xf32>
  %output = nir.output "output"(%s) : tensor<1x2x2xf32>
}
