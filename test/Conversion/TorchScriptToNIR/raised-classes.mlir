// RUN: nir-opt %s --split-input-file --convert-nir-to-torchscript="dtype=float64" | nir-opt --split-input-file --lower-torchscript-to-nir | FileCheck %s

// The classes the raising emits (__torch__.nirtorch.nodes.<Type>,
// docs/Raising.md) map back to their NIR nodes: names from the `nir_name`
// slots (the slot names are sanitised: "lif.a" -> lif_a, "if" ->
// nir_node_if), parameters from the buffers with their dtype, the ports
// from the root's nir_inputs / nir_input_shapes / nir_outputs (no
// input-shape option), delayed edges from the state["<node>.out"] reads.
// Parameters come back in their file dtype (nir_dtypes: a float32 weight
// raised at float64 is float32 again), Flatten's dims as written
// (start_dim / end_dim, not the resolved start / end the code uses).

nir.graph @every_type {
  %in = nir.input "in.x" : tensor<1x4x4xf64>
  %conv = nir.conv2d "conv"(%in) {weight = dense<0.5> : tensor<2x1x3x3xf64>, bias = dense<[0.25, -0.25]> : tensor<2xf64>, stride = array<i64: 1, 1>, padding = "same", dilation = array<i64: 1, 1>, groups = 1 : i64, input_shape = array<i64: 4, 4>} : tensor<1x4x4xf64> -> tensor<2x4x4xf64>
  %sum = nir.sum_pool2d "sum"(%conv) {kernel_size = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : tensor<2x4x4xf64> -> tensor<2x2x2xf64>
  %avg = nir.avg_pool2d "avg"(%conv) {kernel_size = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 1, 1>} : tensor<2x4x4xf64> -> tensor<2x3x3xf64>
  %flat = nir.flatten "flat"(%sum) {start_dim = 0 : i64, end_dim = -1 : i64, input_type = array<i64: 2, 2, 2>} : tensor<2x2x2xf64> -> tensor<8xf64>
  %fc = nir.affine "fc"(%flat) {weight = dense<0.125> : tensor<3x8xf64>, bias = dense<[1.0, 2.0, 3.0]> : tensor<3xf64>} : tensor<8xf64> -> tensor<3xf64>
  %i = nir.i "i"(%fc) {r = dense<2.0> : tensor<3xf64>} : tensor<3xf64>
  %if = nir.if "if"(%fc) {r = dense<3.0> : tensor<3xf64>, v_threshold = dense<1.0> : tensor<3xf64>, v_reset = dense<0.0> : tensor<3xf64>} : tensor<3xf64>
  %li = nir.li "li"(%fc) {tau = dense<0.01> : tensor<3xf64>, r = dense<1.0> : tensor<3xf64>, v_leak = dense<0.0> : tensor<3xf64>} : tensor<3xf64>
  %lif = nir.lif "lif.a"(%fc, %rec) {tau = dense<0.02> : tensor<3xf64>, r = dense<1.0> : tensor<3xf64>, v_leak = dense<0.0> : tensor<3xf64>, v_threshold = dense<1.0> : tensor<3xf64>, v_reset = dense<0.0> : tensor<3xf64>} : tensor<3xf64>
  %rec = nir.linear "lif.rec"(%lif) {weight = dense<0.1> : tensor<3x3xf64>} : tensor<3xf64> -> tensor<3xf64>
  %cli = nir.cuba_li "cli"(%fc) {tau_syn = dense<0.005> : tensor<3xf64>, tau_mem = dense<0.01> : tensor<3xf64>, r = dense<1.0> : tensor<3xf64>, v_leak = dense<0.0> : tensor<3xf64>, w_in = dense<1.5> : tensor<3xf64>} : tensor<3xf64>
  %clif = nir.cuba_lif "clif"(%fc, %clif) {tau_syn = dense<0.005> : tensor<3xf64>, tau_mem = dense<0.01> : tensor<3xf64>, r = dense<1.0> : tensor<3xf64>, v_leak = dense<0.0> : tensor<3xf64>, v_threshold = dense<1.0> : tensor<3xf64>, v_reset = dense<0.0> : tensor<3xf64>, w_in = dense<1.5> : tensor<3xf64>} : tensor<3xf64>
  %scale = nir.scale "scale"(%i, %if, %li, %lif, %cli, %clif) {scale = dense<[1.0, -1.0, 0.5]> : tensor<3xf64>} : tensor<3xf64>
  %delay = nir.delay "delay"(%scale) {delay = dense<0.0002> : tensor<3xf64>} : tensor<3xf64>
  %th = nir.threshold "th"(%delay) {threshold = dense<0.5> : tensor<3xf64>} : tensor<3xf64>
  %out = nir.output "out.spikes"(%th) : tensor<3xf64>
  %out2 = nir.output "out.avg"(%avg) : tensor<2x3x3xf64>
}

// CHECK-LABEL: nir.graph @every_type {
// CHECK-DAG:     %[[IN:.*]] = nir.input "in.x" : tensor<1x4x4xf32>
// CHECK-DAG:     %[[CONV:.*]] = nir.conv2d "conv"(%[[IN]]) {bias = dense<[2.500000e-01, -2.500000e-01]> : tensor<2xf64>, dilation = array<i64: 1, 1>, groups = 1 : i64, input_shape = array<i64: 4, 4>, padding = "same", stride = array<i64: 1, 1>, weight = dense<5.000000e-01> : tensor<2x1x3x3xf64>}
// CHECK-DAG:     %[[SUM:.*]] = nir.sum_pool2d "sum"(%[[CONV]]) {kernel_size = array<i64: 2, 2>, padding = array<i64: 0, 0>, stride = array<i64: 2, 2>}
// CHECK-DAG:     %[[AVG:.*]] = nir.avg_pool2d "avg"(%[[CONV]]) {kernel_size = array<i64: 2, 2>, padding = array<i64: 1, 1>, stride = array<i64: 2, 2>}
// CHECK-DAG:     %[[FLAT:.*]] = nir.flatten "flat"(%[[SUM]]) {end_dim = -1 : i64, input_type = array<i64: 2, 2, 2>, start_dim = 0 : i64}
// CHECK-DAG:     %[[FC:.*]] = nir.affine "fc"(%[[FLAT]]) {bias = dense<[1.000000e+00, 2.000000e+00, 3.000000e+00]> : tensor<3xf64>, weight = dense<1.250000e-01> : tensor<3x8xf64>}
// CHECK-DAG:     %[[I:.*]] = nir.i "i"(%[[FC]]) {r = dense<2.000000e+00> : tensor<3xf64>}
// CHECK-DAG:     %[[IF:.*]] = nir.if "if"(%[[FC]]) {r = dense<3.000000e+00> : tensor<3xf64>, v_reset = dense<0.000000e+00> : tensor<3xf64>, v_threshold = dense<1.000000e+00> : tensor<3xf64>}
// CHECK-DAG:     %[[LI:.*]] = nir.li "li"(%[[FC]]) {r = dense<1.000000e+00> : tensor<3xf64>, tau = dense<1.000000e-02> : tensor<3xf64>, v_leak = dense<0.000000e+00> : tensor<3xf64>}
// CHECK-DAG:     %[[LIF:.*]] = nir.lif "lif.a"(%[[FC]], %[[REC:[^)]*]]) {r = dense<1.000000e+00> : tensor<3xf64>, tau = dense<2.000000e-02> : tensor<3xf64>, v_leak = dense<0.000000e+00> : tensor<3xf64>, v_reset = dense<0.000000e+00> : tensor<3xf64>, v_threshold = dense<1.000000e+00> : tensor<3xf64>}
// CHECK-DAG:     %[[REC]] = nir.linear "lif.rec"(%[[LIF]]) {weight = dense<1.000000e-01> : tensor<3x3xf64>}
// CHECK-DAG:     %[[CLI:.*]] = nir.cuba_li "cli"(%[[FC]]) {r = dense<1.000000e+00> : tensor<3xf64>, tau_mem = dense<1.000000e-02> : tensor<3xf64>, tau_syn = dense<5.000000e-03> : tensor<3xf64>, v_leak = dense<0.000000e+00> : tensor<3xf64>, w_in = dense<1.500000e+00> : tensor<3xf64>}
// CHECK-DAG:     %[[CLIF:.*]] = nir.cuba_lif "clif"(%[[FC]], %[[CLIF]]) {r = dense<1.000000e+00> : tensor<3xf64>, tau_mem = dense<1.000000e-02> : tensor<3xf64>, tau_syn = dense<5.000000e-03> : tensor<3xf64>, v_leak = dense<0.000000e+00> : tensor<3xf64>, v_reset = dense<0.000000e+00> : tensor<3xf64>, v_threshold = dense<1.000000e+00> : tensor<3xf64>, w_in = dense<1.500000e+00> : tensor<3xf64>}
// CHECK-DAG:     %[[SCALE:.*]] = nir.scale "scale"(%[[I]], %[[IF]], %[[LI]], %[[LIF]], %[[CLI]], %[[CLIF]]) {scale = dense<[1.000000e+00, -1.000000e+00, 5.000000e-01]> : tensor<3xf64>}
// CHECK-DAG:     %[[DELAY:.*]] = nir.delay "delay"(%[[SCALE]]) {delay = dense<2.000000e-04> : tensor<3xf64>}
// CHECK-DAG:     %[[TH:.*]] = nir.threshold "th"(%[[DELAY]]) {threshold = dense<5.000000e-01> : tensor<3xf64>}
// CHECK-DAG:     nir.output "out.spikes"(%[[TH]]) : tensor<3xf32>
// CHECK-DAG:     nir.output "out.avg"(%[[AVG]]) : tensor<2x3x3xf32>
// CHECK:       }

// -----

// Several inputs, in the order of forward's arguments (nir_inputs), and the
// outputs in the order of the returned tuple (nir_outputs).

nir.graph @ports {
  %b = nir.input "b" : tensor<2xf32>
  %a = nir.input "a" : tensor<3xf32>
  %fa = nir.linear "fa"(%a) {weight = dense<1.0> : tensor<2x3xf32>} : tensor<3xf32> -> tensor<2xf32>
  %y = nir.output "y"(%fa, %b) : tensor<2xf32>
  %x = nir.output "x"(%b) : tensor<2xf32>
}

// CHECK-LABEL: nir.graph @ports {
// CHECK-DAG:     %[[A:.*]] = nir.input "a" : tensor<3xf32>
// CHECK-DAG:     %[[B:.*]] = nir.input "b" : tensor<2xf32>
// CHECK-DAG:     %[[FA:.*]] = nir.linear "fa"(%[[A]]) {weight = dense<1.000000e+00> : tensor<2x3xf32>}
// CHECK-DAG:     nir.output "x"(%[[B]]) : tensor<2xf32>
// CHECK-DAG:     nir.output "y"(%[[FA]], %[[B]]) : tensor<2xf32>
