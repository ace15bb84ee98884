// RUN: nir-opt %s --nir-fold=exact-only=true -split-input-file | FileCheck %s
// RUN: nir-opt %s --nir-fold -split-input-file | FileCheck %s --check-prefix=ALL

// nir-fold applies the folds of -canonicalize (canonicalize.mlir); with
// exact-only, only where the folded graph computes exactly what the original
// computed (scaling by +-2^k, identities, a zero bias). The second run,
// without the option, checks that the inexact folds then apply too.

// Scaling by powers of two (positive and negative) is exact.
// CHECK-LABEL: nir.graph @power_of_two_rows
// CHECK: nir.affine "fc"(%{{.+}}) {bias = dense<[1.000000e+00, -2.000000e+00, 1.562500e-02]> : tensor<3xf32>, weight = dense<{{\[\[}}2.000000e+00, 4.000000e+00], [-1.200000e+01, -1.600000e+01], [1.562500e-01, 1.875000e-01]]> : tensor<3x2xf32>}
// CHECK-NOT: nir.scale
nir.graph @power_of_two_rows {
  %input = nir.input "input" : tensor<2xf32>
  %fc = nir.affine "fc"(%input) {weight = dense<[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]> : tensor<3x2xf32>, bias = dense<0.5> : tensor<3xf32>} : tensor<2xf32> -> tensor<3xf32>
  %s = nir.scale "s"(%fc) {scale = dense<[2.0, -4.0, 0.03125]> : tensor<3xf32>} : tensor<3xf32>
  %output = nir.output "output"(%s) : tensor<3xf32>
}

// -----

// A factor 3 after the synapse rounds differently from 3 inside it.
// CHECK-LABEL: nir.graph @inexact_rows
// CHECK: nir.affine "fc"{{.*}}weight = dense<1.000000e-01>
// CHECK: nir.scale "s"
// ALL-LABEL: nir.graph @inexact_rows
// ALL: nir.affine "fc"(%{{.+}}) {bias = dense<1.500000e+00> : tensor<2xf32>, weight = dense<3.000000e-01> : tensor<2x2xf32>}
// ALL-NOT: nir.scale
nir.graph @inexact_rows {
  %input = nir.input "input" : tensor<2xf32>
  %fc = nir.affine "fc"(%input) {weight = dense<0.1> : tensor<2x2xf32>, bias = dense<0.5> : tensor<2xf32>} : tensor<2xf32>
  %s = nir.scale "s"(%fc) {scale = dense<3.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%s) : tensor<2xf32>
}

// -----

// Scale -> Linear by 0.25 is exact, by 0.1 not.
// CHECK-LABEL: nir.graph @columns
// CHECK: nir.linear "exact"(%{{.+}}) {weight = dense<{{\[\[}}2.500000e-01, 5.000000e-01]]> : tensor<1x2xf32>}
// CHECK: nir.scale "b"
// CHECK: nir.linear "inexact"
// ALL-LABEL: nir.graph @columns
// ALL: nir.linear "exact"
// ALL: nir.linear "inexact"(%{{.+}}) {weight = dense<{{\[\[}}1.000000e-01, 2.000000e-01]]> : tensor<1x2xf32>}
// ALL-NOT: nir.scale
nir.graph @columns {
  %input = nir.input "input" : tensor<2xf32>
  %a = nir.scale "a"(%input) {scale = dense<0.25> : tensor<2xf32>} : tensor<2xf32>
  %exact = nir.linear "exact"(%a) {weight = dense<[[1.0, 2.0]]> : tensor<1x2xf32>} : tensor<2xf32> -> tensor<1xf32>
  %i = nir.i "i"(%input) {r = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  %b = nir.scale "b"(%i) {scale = dense<0.1> : tensor<2xf32>} : tensor<2xf32>
  %inexact = nir.linear "inexact"(%b) {weight = dense<[[1.0, 2.0]]> : tensor<1x2xf32>} : tensor<2xf32> -> tensor<1xf32>
  %output = nir.output "output"(%exact, %inexact) : tensor<1xf32>
}

// -----

// Scale of Scale: exact when, element by element, one factor is +-2^k.
// CHECK-LABEL: nir.graph @scale_of_scale
// CHECK: nir.scale "s2"(%{{.+}}) {scale = dense<[6.000000e+00, 2.500000e+00]> : tensor<2xf32>}
// CHECK: nir.scale "t1"
// CHECK: nir.scale "t2"
// ALL-LABEL: nir.graph @scale_of_scale
// ALL: nir.scale "s2"
// ALL: nir.scale "t2"(%{{.+}}) {scale = dense<1.500000e+01> : tensor<2xf32>}
// ALL-NOT: "t1"
nir.graph @scale_of_scale {
  %input = nir.input "input" : tensor<2xf32>
  %s1 = nir.scale "s1"(%input) {scale = dense<[3.0, 5.0]> : tensor<2xf32>} : tensor<2xf32>
  %s2 = nir.scale "s2"(%s1) {scale = dense<[2.0, 0.5]> : tensor<2xf32>} : tensor<2xf32>
  %i = nir.i "i"(%s2) {r = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  %t1 = nir.scale "t1"(%i) {scale = dense<3.0> : tensor<2xf32>} : tensor<2xf32>
  %t2 = nir.scale "t2"(%t1) {scale = dense<5.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%t2) : tensor<2xf32>
}

// -----

// A chain is exact when each row of W2 has at most one non-zero, +-2^k, and
// b2 is zero on such rows (here a signed permutation times powers of two; a
// zero row keeps its b2).
// CHECK-LABEL: nir.graph @exact_chain
// CHECK: nir.affine "fc2"(%{{.+}}) {bias = dense<[-1.000000e+00, 7.000000e+00, 2.000000e+00]> : tensor<3xf32>, weight = dense<{{\[\[}}-3.000000e+00, -4.000000e+00], [0.000000e+00, 0.000000e+00], [2.000000e+00, 4.000000e+00]]> : tensor<3x2xf32>}
// CHECK-NOT: "fc1"
nir.graph @exact_chain {
  %input = nir.input "input" : tensor<2xf32>
  %fc1 = nir.affine "fc1"(%input) {weight = dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>, bias = dense<[1.0, 1.0]> : tensor<2xf32>} : tensor<2xf32>
  %fc2 = nir.affine "fc2"(%fc1) {weight = dense<[[0.0, -1.0], [0.0, 0.0], [2.0, 0.0]]> : tensor<3x2xf32>, bias = dense<[0.0, 7.0, 0.0]> : tensor<3xf32>} : tensor<2xf32> -> tensor<3xf32>
  %output = nir.output "output"(%fc2) : tensor<3xf32>
}

// -----

// Not exact: two non-zeros in a row of W2, or a b2 added to a scaled row.
// CHECK-LABEL: nir.graph @inexact_chains
// CHECK: nir.linear "w1"
// CHECK: nir.linear "w2"
// CHECK: nir.linear "v1"
// CHECK: nir.affine "v2"
// ALL-LABEL: nir.graph @inexact_chains
// ALL: nir.linear "w2"(%{{.+}}) {weight = dense<{{\[\[}}4.000000e+00, 6.000000e+00]]> : tensor<1x2xf32>}
// ALL: nir.affine "v2"(%{{.+}}) {bias = dense<1.000000e+00> : tensor<1xf32>, weight = dense<{{\[\[}}2.000000e+00, 4.000000e+00]]> : tensor<1x2xf32>}
// ALL-NOT: "w1"
// ALL-NOT: "v1"
nir.graph @inexact_chains {
  %input = nir.input "input" : tensor<2xf32>
  %w1 = nir.linear "w1"(%input) {weight = dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>} : tensor<2xf32>
  %w2 = nir.linear "w2"(%w1) {weight = dense<[[1.0, 1.0]]> : tensor<1x2xf32>} : tensor<2xf32> -> tensor<1xf32>
  %v1 = nir.linear "v1"(%input) {weight = dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>} : tensor<2xf32>
  %v2 = nir.affine "v2"(%v1) {weight = dense<[[2.0, 0.0]]> : tensor<1x2xf32>, bias = dense<1.0> : tensor<1xf32>} : tensor<2xf32> -> tensor<1xf32>
  %output = nir.output "output"(%w2, %v2) : tensor<1xf32>
}

// -----

// Identities go and a zero bias is dropped in exact-only mode too.
// CHECK-LABEL: nir.graph @identities
// CHECK: %[[I:.+]] = nir.i "i"
// CHECK-NEXT: %[[FC:.+]] = nir.linear "fc"(%[[I]])
// CHECK-NEXT: nir.output "output"(%[[FC]])
nir.graph @identities {
  %input = nir.input "input" : tensor<2xf32>
  %i = nir.i "i"(%input) {r = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  %one = nir.scale "one"(%i) {scale = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  %flat = nir.flatten "flat"(%one) {start_dim = -1, end_dim = -1} : tensor<2xf32>
  %fc = nir.affine "fc"(%flat) {weight = dense<3.0> : tensor<2x2xf32>, bias = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%fc) : tensor<2xf32>
}

// -----

// A conv after a Scale of 2^k per input channel (f64 stays f64).
// CHECK-LABEL: nir.graph @conv_channels
// CHECK: nir.conv2d "conv"(%{{.+}}) {bias = dense<0.000000e+00> : tensor<1xf64>, {{.*}}weight = dense<{{\[\[\[\[}}5.000000e-01]], {{\[\[}}-8.000000e+00]]]]> : tensor<1x2x1x1xf64>} : tensor<2x1x2xf32> -> tensor<1x1x2xf32>
// CHECK-NOT: nir.scale
nir.graph @conv_channels {
  %input = nir.input "input" : tensor<2x1x2xf32>
  %s = nir.scale "s"(%input) {scale = dense<[[[0.5, 0.5]], [[-2.0, -2.0]]]> : tensor<2x1x2xf64>} : tensor<2x1x2xf32>
  %conv = nir.conv2d "conv"(%s) {input_shape = array<i64: 1, 2>, weight = dense<[[[[1.0]], [[4.0]]]]> : tensor<1x2x1x1xf64>, stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>, groups = 1, bias = dense<0.0> : tensor<1xf64>} : tensor<2x1x2xf32> -> tensor<1x1x2xf32>
  %output = nir.output "output"(%conv) : tensor<1x1x2xf32>
}

// -----

// A power of two whose product underflows into the subnormals of the
// parameter type loses bits (1.5 * 2^-149 rounds to 2^-148): not exact.
// Without the option it folds.
// CHECK-LABEL: nir.graph @underflow
// CHECK: nir.linear "fc"{{.*}}dense<1.500000e+00>
// CHECK: nir.scale "s"
// ALL-LABEL: nir.graph @underflow
// ALL: nir.linear "fc"(%{{.+}}) {weight = dense<2.802600e-45> : tensor<1x1xf32>}
// ALL-NOT: nir.scale
nir.graph @underflow {
  %input = nir.input "input" : tensor<1xf32>
  %fc = nir.linear "fc"(%input) {weight = dense<1.5> : tensor<1x1xf32>} : tensor<1xf32>
  %s = nir.scale "s"(%fc) {scale = dense<0x00000001> : tensor<1xf32>} : tensor<1xf32>
  %output = nir.output "output"(%s) : tensor<1xf32>
}

// -----

// Linear -> identity Affine is always exact (the bias is added once either
// way); AvgPool2d -> Scale by the area is exact when the area is a power of
// two (sum / 4 * 4 is the sum), not for a 3x3 window (sum / 9 * 9 may round).
// CHECK-LABEL: nir.graph @lowering_forms
// CHECK: %[[FC:.+]] = nir.affine "fc"(%{{.+}}) {bias = dense<5.000000e-01> : tensor<2xf32>, weight = dense<1.000000e+00> : tensor<2x3xf32>}
// CHECK: nir.sum_pool2d "p2"
// CHECK: nir.avg_pool2d "p3"
// CHECK-NEXT: nir.scale "s3"
// ALL-LABEL: nir.graph @lowering_forms
// ALL: nir.sum_pool2d "p2"
// ALL: nir.sum_pool2d "p3"
// ALL-NOT: nir.scale
nir.graph @lowering_forms {
  %input = nir.input "input" : tensor<3xf32>
  %w = nir.linear "w"(%input) {weight = dense<1.0> : tensor<2x3xf32>} : tensor<3xf32> -> tensor<2xf32>
  %fc = nir.affine "fc"(%w) {weight = dense<[[1.0, 0.0], [0.0, 1.0]]> : tensor<2x2xf32>, bias = dense<0.5> : tensor<2xf32>} : tensor<2xf32>
  %o1 = nir.output "o1"(%fc) : tensor<2xf32>
  %image = nir.input "image" : tensor<1x6x6xf32>
  %p2 = nir.avg_pool2d "p2"(%image) {kernel_size = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : tensor<1x6x6xf32> -> tensor<1x3x3xf32>
  %s2 = nir.scale "s2"(%p2) {scale = dense<4.0> : tensor<1x3x3xf32>} : tensor<1x3x3xf32>
  %o2 = nir.output "o2"(%s2) : tensor<1x3x3xf32>
  %p3 = nir.avg_pool2d "p3"(%image) {kernel_size = array<i64: 3, 3>, stride = array<i64: 3, 3>, padding = array<i64: 0, 0>} : tensor<1x6x6xf32> -> tensor<1x2x2xf32>
  %s3 = nir.scale "s3"(%p3) {scale = dense<9.0> : tensor<1x2x2xf32>} : tensor<1x2x2xf32>
  %o3 = nir.output "o3"(%s3) : tensor<1x2x2xf32>
}
