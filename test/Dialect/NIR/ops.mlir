// Every NIR node type parses, prints and re-parses, in the custom and in the
// generic form, keeping parameter element types exactly.

// RUN: nir-opt %s | FileCheck %s
// RUN: nir-opt %s | nir-opt | FileCheck %s
// RUN: nir-opt %s -mlir-print-op-generic | FileCheck %s --check-prefix=GENERIC
// RUN: nir-opt %s -mlir-print-op-generic | nir-opt | FileCheck %s
// RUN: nir-opt %s > %t.custom
// RUN: nir-opt %s -mlir-print-op-generic | nir-opt > %t.via-generic
// RUN: diff %t.custom %t.via-generic

// CHECK-LABEL: nir.graph @ports
// CHECK: %[[IN:.+]] = nir.input "in" : tensor<2x3xf32>
// CHECK: nir.output "out"(%[[IN]]) : tensor<2x3xf32>
// GENERIC-LABEL: "nir.graph"
// GENERIC: "nir.input"() <{name = "in"}> : () -> tensor<2x3xf32>
// GENERIC: "nir.output"(%{{.*}}) <{name = "out"}> : (tensor<2x3xf32>) -> tensor<2x3xf32>
nir.graph @ports {
  %in = nir.input "in" : tensor<2x3xf32>
  %out = nir.output "out"(%in) : tensor<2x3xf32>
}

// CHECK-LABEL: nir.graph @affine_linear_scale
// CHECK: %[[IN:.+]] = nir.input "input"
// CHECK: %[[FC:.+]] = nir.affine "fc"(%[[IN]]) {bias = dense<[1.000000e-01, 2.000000e-01, 3.000000e-01]> : tensor<3xf32>, weight = dense<{{\[\[}}1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00], [5.000000e+00, 6.000000e+00]]> : tensor<3x2xf32>} : tensor<2xf32> -> tensor<3xf32>
// CHECK: %[[LIN:.+]] = nir.linear "lin"(%[[FC]]) {weight = dense<5.000000e-01> : tensor<4x3xf64>} : tensor<3xf32> -> tensor<4xf32>
// CHECK: %[[SC:.+]] = nir.scale "sc"(%[[LIN]]) {scale = dense<[1, 2, 3, 4]> : tensor<4xi64>} : tensor<4xf32>
// CHECK: nir.output "output"(%[[SC]])
// GENERIC: "nir.affine"(%{{.*}}) <{bias = dense<{{.*}}> : tensor<3xf32>, name = "fc", weight = dense<{{.*}}> : tensor<3x2xf32>}> : (tensor<2xf32>) -> tensor<3xf32>
nir.graph @affine_linear_scale {
  %input = nir.input "input" : tensor<2xf32>
  %fc = nir.affine "fc"(%input) {weight = dense<[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]> : tensor<3x2xf32>, bias = dense<[0.1, 0.2, 0.3]> : tensor<3xf32>} : tensor<2xf32> -> tensor<3xf32>
  %lin = nir.linear "lin"(%fc) {weight = dense<0.5> : tensor<4x3xf64>} : tensor<3xf32> -> tensor<4xf32>
  %sc = nir.scale "sc"(%lin) {scale = dense<[1, 2, 3, 4]> : tensor<4xi64>} : tensor<4xf32>
  %output = nir.output "output"(%sc) : tensor<4xf32>
}

// A batch of matrices: weight (2, N_out, N_in) maps (2, N_in) to (2, N_out).
// CHECK-LABEL: nir.graph @batched_affine
// CHECK: nir.affine "fc"(%{{.+}}) {bias = dense<0.000000e+00> : tensor<1xf32>, weight = dense<1.000000e+00> : tensor<2x3x5xf32>} : tensor<2x5xf32> -> tensor<2x3xf32>
nir.graph @batched_affine {
  %input = nir.input "input" : tensor<2x5xf32>
  %fc = nir.affine "fc"(%input) {weight = dense<1.0> : tensor<2x3x5xf32>, bias = dense<0.0> : tensor<1xf32>} : tensor<2x5xf32> -> tensor<2x3xf32>
  %output = nir.output "output"(%fc) : tensor<2x3xf32>
}

// CHECK-LABEL: nir.graph @conv1d
// CHECK: nir.conv1d "same"(%{{.+}}) {bias = dense<0.000000e+00> : tensor<3xf32>, dilation = 1 : i64, groups = 1 : i64, input_shape = 16 : i64, padding = "same", stride = 1 : i64, weight = dense<1.000000e+00> : tensor<3x2x5xf32>} : tensor<2x16xf32> -> tensor<3x16xf32>
// CHECK: nir.conv1d "strided"(%{{.+}}) {bias = dense<0.000000e+00> : tensor<2xf32>, dilation = 1 : i64, groups = 1 : i64, input_shape = 100 : i64, padding = 1 : i64, stride = 2 : i64, weight = dense<1.000000e+00> : tensor<2x3x3xf32>} : tensor<3x100xf32> -> tensor<2x50xf32>
// CHECK: nir.conv1d "valid"(%{{.+}}) {{{.*}}padding = "valid"{{.*}}} : tensor<2x16xf32> -> tensor<4x7xf32>
// CHECK: nir.conv1d "no_input_shape"(%{{.+}}) {bias = {{.*}}, dilation = 2 : i64, groups = 2 : i64, padding = 0 : i64, stride = 1 : i64, weight = dense<1.000000e+00> : tensor<4x1x3xf32>} : tensor<2x16xf32> -> tensor<4x12xf32>
nir.graph @conv1d {
  %input = nir.input "input" : tensor<2x16xf32>
  %same = nir.conv1d "same"(%input) {input_shape = 16, weight = dense<1.0> : tensor<3x2x5xf32>, stride = 1, padding = "same", dilation = 1, groups = 1, bias = dense<0.0> : tensor<3xf32>} : tensor<2x16xf32> -> tensor<3x16xf32>
  %in100 = nir.input "in100" : tensor<3x100xf32>
  %strided = nir.conv1d "strided"(%in100) {input_shape = 100, weight = dense<1.0> : tensor<2x3x3xf32>, stride = 2, padding = 1, dilation = 1, groups = 1, bias = dense<0.0> : tensor<2xf32>} : tensor<3x100xf32> -> tensor<2x50xf32>
  %valid = nir.conv1d "valid"(%input) {input_shape = 16, weight = dense<1.0> : tensor<4x2x3xf32>, stride = 2, padding = "valid", dilation = 1, groups = 1, bias = dense<0.0> : tensor<4xf32>} : tensor<2x16xf32> -> tensor<4x7xf32>
  %no_input_shape = nir.conv1d "no_input_shape"(%input) {weight = dense<1.0> : tensor<4x1x3xf32>, stride = 1, padding = 0, dilation = 2, groups = 2, bias = dense<0.0> : tensor<4xf32>} : tensor<2x16xf32> -> tensor<4x12xf32>
}

// Square, rectangular and grouped kernels; the reference gets the second one
// wrong (it uses kH for both axes).
// CHECK-LABEL: nir.graph @conv2d
// CHECK: nir.conv2d "square"(%{{.+}}) {bias = dense<0.000000e+00> : tensor<4xf32>, dilation = array<i64: 1, 1>, groups = 1 : i64, input_shape = array<i64: 8, 8>, padding = array<i64: 1, 1>, stride = array<i64: 1, 1>, weight = dense<1.000000e+00> : tensor<4x2x3x3xf32>} : tensor<2x8x8xf32> -> tensor<4x8x8xf32>
// CHECK: nir.conv2d "rect"(%{{.+}}) {{{.*}}} : tensor<2x8x10xf32> -> tensor<4x3x10xf32>
// CHECK: nir.conv2d "grouped"(%{{.+}}) {{{.*}}groups = 2 : i64{{.*}}} : tensor<2x8x8xf32> -> tensor<4x6x6xf32>
// CHECK: nir.conv2d "same"(%{{.+}}) {{{.*}}padding = "same"{{.*}}} : tensor<2x8x8xf32> -> tensor<4x8x8xf32>
// CHECK: nir.conv2d "ref_test"(%{{.+}}) {{{.*}}} : tensor<1x100x100xf32> -> tensor<3x100x50xf32>
nir.graph @conv2d {
  %input = nir.input "input" : tensor<2x8x8xf32>
  %square = nir.conv2d "square"(%input) {input_shape = array<i64: 8, 8>, weight = dense<1.0> : tensor<4x2x3x3xf32>, stride = array<i64: 1, 1>, padding = array<i64: 1, 1>, dilation = array<i64: 1, 1>, groups = 1, bias = dense<0.0> : tensor<4xf32>} : tensor<2x8x8xf32> -> tensor<4x8x8xf32>
  %in_rect = nir.input "in_rect" : tensor<2x8x10xf32>
  %rect = nir.conv2d "rect"(%in_rect) {input_shape = array<i64: 8, 10>, weight = dense<1.0> : tensor<4x2x3x5xf32>, stride = array<i64: 2, 1>, padding = array<i64: 0, 2>, dilation = array<i64: 1, 1>, groups = 1, bias = dense<0.0> : tensor<4xf32>} : tensor<2x8x10xf32> -> tensor<4x3x10xf32>
  %grouped = nir.conv2d "grouped"(%input) {input_shape = array<i64: 8, 8>, weight = dense<1.0> : tensor<4x1x3x3xf64>, stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>, groups = 2, bias = dense<0.0> : tensor<4xf64>} : tensor<2x8x8xf32> -> tensor<4x6x6xf32>
  %same = nir.conv2d "same"(%input) {weight = dense<1.0> : tensor<4x2x3x3xf32>, stride = array<i64: 1, 1>, padding = "same", dilation = array<i64: 2, 2>, groups = 1, bias = dense<0.0> : tensor<4xf32>} : tensor<2x8x8xf32> -> tensor<4x8x8xf32>
  %in100 = nir.input "in100" : tensor<1x100x100xf32>
  %ref_test = nir.conv2d "ref_test"(%in100) {input_shape = array<i64: 100, 100>, weight = dense<1.0> : tensor<3x1x3x3xf32>, stride = array<i64: 1, 2>, padding = array<i64: 1, 1>, dilation = array<i64: 1, 1>, groups = 1, bias = dense<0.0> : tensor<3xf32>} : tensor<1x100x100xf32> -> tensor<3x100x50xf32>
}

// CHECK-LABEL: nir.graph @pooling
// CHECK: nir.sum_pool2d "sum"(%{{.+}}) {kernel_size = array<i64: 2, 2>, padding = array<i64: 0, 0>, stride = array<i64: 2, 2>} : tensor<1x64x64xf32> -> tensor<1x32x32xf32>
// CHECK: nir.avg_pool2d "avg"(%{{.+}}) {kernel_size = array<i64: 3, 2>, padding = array<i64: 1, 0>, stride = array<i64: 1, 2>} : tensor<1x32x32xf32> -> tensor<1x32x16xf32>
nir.graph @pooling {
  %input = nir.input "input" : tensor<1x64x64xf32>
  %sum = nir.sum_pool2d "sum"(%input) {kernel_size = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : tensor<1x64x64xf32> -> tensor<1x32x32xf32>
  %avg = nir.avg_pool2d "avg"(%sum) {kernel_size = array<i64: 3, 2>, stride = array<i64: 1, 2>, padding = array<i64: 1, 0>} : tensor<1x32x32xf32> -> tensor<1x32x16xf32>
  %output = nir.output "output"(%avg) : tensor<1x32x16xf32>
}

// CHECK-LABEL: nir.graph @flatten
// CHECK: nir.flatten "all"(%{{.+}}) {end_dim = -1 : i64, input_type = array<i64: 8, 4, 4>, start_dim = 0 : i64} : tensor<8x4x4xf32> -> tensor<128xf32>
// CHECK: nir.flatten "torch_default"(%{{.+}}) {end_dim = -1 : i64, start_dim = 1 : i64} : tensor<8x4x4xf32> -> tensor<8x16xf32>
// CHECK: nir.flatten "middle"(%{{.+}}) {end_dim = -2 : i64, start_dim = 0 : i64} : tensor<8x4x4xf32> -> tensor<32x4xf32>
nir.graph @flatten {
  %input = nir.input "input" : tensor<8x4x4xf32>
  %all = nir.flatten "all"(%input) {input_type = array<i64: 8, 4, 4>, start_dim = 0, end_dim = -1} : tensor<8x4x4xf32> -> tensor<128xf32>
  %torch_default = nir.flatten "torch_default"(%input) {start_dim = 1, end_dim = -1} : tensor<8x4x4xf32> -> tensor<8x16xf32>
  %middle = nir.flatten "middle"(%input) {start_dim = 0, end_dim = -2} : tensor<8x4x4xf32> -> tensor<32x4xf32>
}

// CHECK-LABEL: nir.graph @elementwise
// CHECK: nir.delay "delay"(%{{.+}}) {delay = dense<[1.000000e-03, 2.000000e-03]> : tensor<2xf64>} : tensor<2xf32>
// CHECK: nir.threshold "thr"(%{{.+}}) {threshold = dense<1.000000e+00> : tensor<2xf16>} : tensor<2xf32>
// CHECK: nir.i "i"(%{{.+}}) {r = dense<2> : tensor<2xi32>} : tensor<2xf32>
nir.graph @elementwise {
  %input = nir.input "input" : tensor<2xf32>
  %delay = nir.delay "delay"(%input) {delay = dense<[0.001, 0.002]> : tensor<2xf64>} : tensor<2xf32>
  %thr = nir.threshold "thr"(%delay) {threshold = dense<1.0> : tensor<2xf16>} : tensor<2xf32>
  %i = nir.i "i"(%thr) {r = dense<2> : tensor<2xi32>} : tensor<2xf32>
  %output = nir.output "output"(%i) : tensor<2xf32>
}

// Neuron parameters may be N-D (an IF layer after a conv) or 0-d.
// CHECK-LABEL: nir.graph @neurons
// CHECK: nir.if "if"(%{{.+}}) {r = dense<1.000000e+00> : tensor<2x2x2xf32>, v_reset = dense<0.000000e+00> : tensor<2x2x2xf32>, v_threshold = dense<1.000000e+00> : tensor<2x2x2xf32>} : tensor<2x2x2xf32>
// CHECK: nir.li "li"(%{{.+}}) {r = dense<1.000000e+00> : tensor<f64>, tau = dense<2.000000e-02> : tensor<f64>, v_leak = dense<0.000000e+00> : tensor<f64>} : tensor<f32>
// CHECK: nir.lif "lif"(%{{.+}}) {r = {{.*}}, tau = {{.*}}, v_leak = {{.*}}, v_reset = dense<-1.000000e-01> : tensor<3xf32>, v_threshold = {{.*}}} : tensor<3xf32>
// CHECK: nir.cuba_li "cli"(%{{.+}}) {r = {{.*}}, tau_mem = {{.*}}, tau_syn = {{.*}}, v_leak = {{.*}}, w_in = dense<2.000000e+00> : tensor<3xf64>} : tensor<3xf32>
// CHECK: nir.cuba_lif "clif"(%{{.+}}) {r = {{.*}}, tau_mem = {{.*}}, tau_syn = {{.*}}, v_leak = {{.*}}, v_reset = {{.*}}, v_threshold = {{.*}}, w_in = dense<1.000000e+00> : tensor<3xf64>} : tensor<3xf32>
nir.graph @neurons {
  %in3d = nir.input "in3d" : tensor<2x2x2xf32>
  %if = nir.if "if"(%in3d) {r = dense<1.0> : tensor<2x2x2xf32>, v_threshold = dense<1.0> : tensor<2x2x2xf32>, v_reset = dense<0.0> : tensor<2x2x2xf32>} : tensor<2x2x2xf32>
  %in0d = nir.input "in0d" : tensor<f32>
  %li = nir.li "li"(%in0d) {tau = dense<0.02> : tensor<f64>, r = dense<1.0> : tensor<f64>, v_leak = dense<0.0> : tensor<f64>} : tensor<f32>
  %in = nir.input "in" : tensor<3xf32>
  %lif = nir.lif "lif"(%in) {tau = dense<0.01> : tensor<3xf32>, r = dense<1.0> : tensor<3xf32>, v_leak = dense<0.0> : tensor<3xf32>, v_threshold = dense<1.0> : tensor<3xf32>, v_reset = dense<-0.1> : tensor<3xf32>} : tensor<3xf32>
  %cli = nir.cuba_li "cli"(%lif) {tau_syn = dense<0.005> : tensor<3xf64>, tau_mem = dense<0.01> : tensor<3xf64>, r = dense<1.0> : tensor<3xf64>, v_leak = dense<0.0> : tensor<3xf64>, w_in = dense<2.0> : tensor<3xf64>} : tensor<3xf32>
  %clif = nir.cuba_lif "clif"(%cli) {tau_syn = dense<0.005> : tensor<3xf64>, tau_mem = dense<0.01> : tensor<3xf64>, r = dense<1.0> : tensor<3xf64>, v_leak = dense<0.0> : tensor<3xf64>, v_threshold = dense<1.0> : tensor<3xf64>, v_reset = dense<0.0> : tensor<3xf64>, w_in = dense<1.0> : tensor<3xf64>} : tensor<3xf32>
  %output = nir.output "output"(%clif) : tensor<3xf32>
}

// CHECK-LABEL: nir.graph @nested
// CHECK: %[[FC:.+]] = nir.affine "fc"
// CHECK: %[[RNN:.+]] = nir.subgraph "rnn"(%[[FC]]) attributes {metadata = {kind = "recurrent"}} : tensor<3xf32> {
// CHECK-NEXT: %[[IN:.+]] = nir.input "input" : tensor<3xf32>
// CHECK-NEXT: %[[LIF:.+]] = nir.lif "lif"(%[[IN]], %[[REC:.+]]) {
// CHECK-NEXT: %[[REC]] = nir.linear "w_rec"(%[[LIF]])
// CHECK-NEXT: nir.output "output"(%[[LIF]]) : tensor<3xf32>
// CHECK-NEXT: }
// CHECK-NEXT: nir.output "output"(%[[RNN]]) : tensor<3xf32>
// GENERIC: "nir.subgraph"(%{{.*}}) <{metadata = {kind = "recurrent"}, name = "rnn"}> ({
nir.graph @nested {
  %input = nir.input "input" : tensor<2xf32>
  %fc = nir.affine "fc"(%input) {weight = dense<1.0> : tensor<3x2xf32>, bias = dense<0.0> : tensor<3xf32>} : tensor<2xf32> -> tensor<3xf32>
  %rnn = nir.subgraph "rnn"(%fc) attributes {metadata = {kind = "recurrent"}} : tensor<3xf32> {
    %in = nir.input "input" : tensor<3xf32>
    %lif = nir.lif "lif"(%in, %rec) {tau = dense<0.01> : tensor<3xf32>, r = dense<1.0> : tensor<3xf32>, v_leak = dense<0.0> : tensor<3xf32>, v_threshold = dense<1.0> : tensor<3xf32>, v_reset = dense<0.0> : tensor<3xf32>} : tensor<3xf32>
    %rec = nir.linear "w_rec"(%lif) {weight = dense<0.1> : tensor<3x3xf32>} : tensor<3xf32>
    %out = nir.output "output"(%lif) : tensor<3xf32>
  }
  %output = nir.output "output"(%rnn) : tensor<3xf32>
}

// Graph and node metadata keep their kinds: strings, floats, ints of any
// width, bools, arrays and nested dictionaries.
// CHECK-LABEL: nir.graph @metadata attributes {metadata = {arr = dense<[1, 2, 3]> : tensor<3xi64>, description = "demo", dt = 1.000000e-04 : f64, flag = true, nested = {k = 7 : i64}, small = 3 : i8}}
// CHECK: nir.scale "s"(%{{.+}}) {metadata = {note = "scaled"}, scale = dense<2.000000e+00> : tensor<2xf32>} : tensor<2xf32>
nir.graph @metadata attributes {metadata = {description = "demo", dt = 1.0e-4 : f64, small = 3 : i8, flag = true, arr = dense<[1, 2, 3]> : tensor<3xi64>, nested = {k = 7 : i64}}} {
  %input = nir.input "input" : tensor<2xf32>
  %s = nir.scale "s"(%input) {scale = dense<2.0> : tensor<2xf32>, metadata = {note = "scaled"}} : tensor<2xf32>
  %output = nir.output "output"(%s) : tensor<2xf32>
}
