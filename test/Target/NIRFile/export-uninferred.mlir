// A `.nir` file holds no edge types, so an unchecked graph whose shapes are
// not inferred yet is written as it is; reading it without type checking
// infers them (nir-infer-shapes), as inferring before writing would. The
// reader orders the ops by the graph, so it records the file's edge order,
// which is this op order.

// RUN: nir-translate --export-nir %s -o %t.nir
// RUN: nir-translate --import-nir --nir-no-type-check %t.nir | FileCheck %s
// RUN: nir-opt %s --nir-infer-shapes | nir-translate --export-nir -o %t.inferred.nir
// RUN: nir-translate --import-nir --nir-no-type-check %t.inferred.nir | FileCheck %s

// CHECK-LABEL: nir.graph @main attributes {nir.edge_order = {{\[\[}}"in", "fc"], ["fc", "lif"], ["rec", "lif"], ["lif", "rec"], ["lif", "out"]], unchecked} {
// CHECK-NEXT:    %[[IN:.+]] = nir.input "in" : tensor<2xf32>
// CHECK-NEXT:    %[[FC:.+]] = nir.affine "fc"(%[[IN]]) {{.*}} : tensor<2xf32> -> tensor<3xf32>
// CHECK-NEXT:    %[[LIF:.+]] = nir.lif "lif"(%[[FC]], %[[REC:.+]]) {{.*}} : tensor<3xf32>
// CHECK-NEXT:    nir.output "out"(%[[LIF]]) : tensor<3xf32>
// CHECK-NEXT:    %[[REC]] = nir.linear "rec"(%[[LIF]]) {{.*}} : tensor<3xf32>
// CHECK-NEXT:  }
nir.graph @main attributes {unchecked} {
  %in = nir.input "in" : tensor<2xf32>
  %fc = nir.affine "fc"(%in) {weight = dense<1.0> : tensor<3x2xf32>, bias = dense<0.0> : tensor<3xf32>} : tensor<2xf32> -> tensor<*xf32>
  %lif = nir.lif "lif"(%fc, %rec) {tau = dense<0.01> : tensor<3xf32>, r = dense<1.0> : tensor<3xf32>, v_leak = dense<0.0> : tensor<3xf32>, v_threshold = dense<1.0> : tensor<3xf32>, v_reset = dense<0.0> : tensor<3xf32>} : tensor<*xf32>
  %rec = nir.linear "rec"(%lif) {weight = dense<0.5> : tensor<3x3xf32>} : tensor<*xf32>
  %out = nir.output "out"(%lif) : tensor<*xf32> -> tensor<3xf32>
}
