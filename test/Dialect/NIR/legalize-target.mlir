// RUN: nir-opt %s --nir-legalize-target=target=%S/Inputs/targets/legalize.json -split-input-file -verify-diagnostics | FileCheck %s
// RUN: not nir-opt %S/Inputs/legalize-loihi-bias.mlir --nir-legalize-target=target=loihi 2>&1 | FileCheck %s --check-prefix=LOIHI
// LOIHI: error: cannot legalise for target 'loihi': node 'fc' has a non-zero bias that the target refuses and no LIF or LI it alone feeds can take as its leak (the target requires v_leak = 0)
// Linear/Affine -> Conv2d for a target with convolutions only: the cases,
// their CHECK lines and expected errors are in Inputs/legalize-conv.mlir.
// RUN: nir-opt %S/Inputs/legalize-conv.mlir --nir-legalize-target=target=%S/Inputs/targets/conv-only.json -split-input-file -verify-diagnostics | FileCheck %S/Inputs/legalize-conv.mlir

// The test target (Inputs/targets/legalize.json) reads no AvgPool2d and no
// bias, forbids weight chains and reads nested graphs.

// AvgPool2d -> SumPool2d, its 1/4 into the next Conv2d's kernel.
// CHECK-LABEL: nir.graph @avg_conv
// CHECK: %[[P:.*]] = nir.sum_pool2d "pool"(%{{.*}}) {kernel_size = array<i64: 2, 2>, padding = array<i64: 0, 0>, stride = array<i64: 2, 2>}
// CHECK: nir.conv2d "conv"(%[[P]]) {{.*}}weight = dense<2.500000e-01> : tensor<1x1x1x1xf32>
nir.graph @avg_conv {
  %input = nir.input "input" : tensor<1x4x4xf32>
  %if = nir.if "if"(%input) {r = dense<1.0> : tensor<1x4x4xf32>, v_threshold = dense<1.0> : tensor<1x4x4xf32>, v_reset = dense<0.0> : tensor<1x4x4xf32>} : tensor<1x4x4xf32>
  %pool = nir.avg_pool2d "pool"(%if) {kernel_size = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : tensor<1x4x4xf32> -> tensor<1x2x2xf32>
  %conv = nir.conv2d "conv"(%pool) {input_shape = array<i64: 2, 2>, weight = dense<1.0> : tensor<1x1x1x1xf32>, stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>, groups = 1, bias = dense<0.0> : tensor<1xf32>} : tensor<1x2x2xf32> -> tensor<1x2x2xf32>
  %output = nir.output "output"(%conv) : tensor<1x2x2xf32>
}

// -----

// Through a Flatten into a Linear: the Linear's weights take the 1/4.
// CHECK-LABEL: nir.graph @avg_linear
// CHECK: nir.sum_pool2d "pool"
// CHECK: nir.flatten "flat"
// CHECK: nir.linear "fc"(%{{.*}}) {weight = dense<[{{\[}}5.000000e-01, 2.500000e-01, 1.250000e+00, 0.000000e+00]]> : tensor<1x4xf32>}
nir.graph @avg_linear {
  %input = nir.input "input" : tensor<1x4x4xf32>
  %pool = nir.avg_pool2d "pool"(%input) {kernel_size = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : tensor<1x4x4xf32> -> tensor<1x2x2xf32>
  %flat = nir.flatten "flat"(%pool) {start_dim = 0 : i64, end_dim = -1 : i64} : tensor<1x2x2xf32> -> tensor<4xf32>
  %fc = nir.linear "fc"(%flat) {weight = dense<[[2.0, 1.0, 5.0, 0.0]]> : tensor<1x4xf32>} : tensor<4xf32> -> tensor<1xf32>
  %output = nir.output "output"(%fc) : tensor<1xf32>
}

// -----

// An AvgPool2d read by a neuron has no weights to take its factor.
nir.graph @avg_stuck {
  %input = nir.input "input" : tensor<1x4x4xf32>
  // expected-error@+1 {{cannot legalise for target 'legalize': node 'pool' is an AvgPool2d that feeds no single Conv2d, or Flatten -> Affine/Linear, to take its 1/(kH kW)}}
  %pool = nir.avg_pool2d "pool"(%input) {kernel_size = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : tensor<1x4x4xf32> -> tensor<1x2x2xf32>
  %if = nir.if "if"(%pool) {r = dense<1.0> : tensor<1x2x2xf32>, v_threshold = dense<1.0> : tensor<1x2x2xf32>, v_reset = dense<0.0> : tensor<1x2x2xf32>} : tensor<1x2x2xf32>
  %output = nir.output "output"(%if) : tensor<1x2x2xf32>
}

// -----

// An Affine bias into the leak of the LIF it alone feeds: v_leak + r * b =
// 0.5 + 2 * [1, -0.25]; the Affine becomes a Linear.
// CHECK-LABEL: nir.graph @bias_leak
// CHECK: %[[FC:.*]] = nir.linear "fc"(%{{.*}}) {weight = dense<1.000000e+00> : tensor<2x2xf32>}
// CHECK: nir.lif "lif"(%[[FC]]) {{.*}}v_leak = dense<[2.500000e+00, 0.000000e+00]> : tensor<2xf32>
nir.graph @bias_leak {
  %input = nir.input "input" : tensor<2xf32>
  %fc = nir.affine "fc"(%input) {weight = dense<1.0> : tensor<2x2xf32>, bias = dense<[1.0, -0.25]> : tensor<2xf32>} : tensor<2xf32> -> tensor<2xf32>
  %lif = nir.lif "lif"(%fc) {tau = dense<1.0e-2> : tensor<2xf32>, r = dense<2.0> : tensor<2xf32>, v_leak = dense<0.5> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%lif) : tensor<2xf32>
}

// -----

// A CubaLIF's input, bias included, enters its synaptic current i, which
// starts at 0: the bias reaches v only through i's transient, so moving it
// into v_leak would not be exact (docs/Targets.md): refused, saying why.
nir.graph @bias_cuba {
  %input = nir.input "input" : tensor<2xf32>
  // expected-error@+1 {{cannot legalise for target 'legalize': node 'fc' has a non-zero bias that the target refuses (design rule 'weight_bias'), and the CubaLIF 'lif' it feeds cannot take it: the bias enters the synaptic current, which starts at 0 and reaches w_in b only as 1 - exp(-t / tau_syn), so no v_leak gives the same membrane}}
  %fc = nir.affine "fc"(%input) {weight = dense<1.0> : tensor<2x2xf32>, bias = dense<1.0> : tensor<2xf32>} : tensor<2xf32> -> tensor<2xf32>
  %lif = nir.cuba_lif "lif"(%fc) {tau_syn = dense<5.0e-3> : tensor<2xf32>, tau_mem = dense<1.0e-2> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>, w_in = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%lif) : tensor<2xf32>
}

// -----

// The same for the CubaLIF of a recurrent block, which the target reads as a
// nested graph: the pass outlines it first and looks through its Input.
nir.graph @bias_cuba_nested {
  %input = nir.input "input" : tensor<2xf32>
  // expected-error@+1 {{cannot legalise for target 'legalize': node 'fc' has a non-zero bias that the target refuses (design rule 'weight_bias'), and the CubaLIF 'lif' it feeds cannot take it}}
  %fc = nir.affine "fc"(%input) {weight = dense<1.0> : tensor<2x2xf32>, bias = dense<1.0> : tensor<2xf32>} : tensor<2xf32> -> tensor<2xf32>
  %lif = nir.cuba_lif "rnn.lif"(%fc, %rec) {tau_syn = dense<5.0e-3> : tensor<2xf32>, tau_mem = dense<1.0e-2> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>, w_in = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%lif) : tensor<2xf32>
  %rec = nir.linear "rnn.w_rec"(%lif) {weight = dense<0.5> : tensor<2x2xf32>} : tensor<2xf32> -> tensor<2xf32>
}

// -----

// The same for a CubaLI.
nir.graph @bias_cuba_li {
  %input = nir.input "input" : tensor<2xf32>
  // expected-error@+1 {{cannot legalise for target 'legalize': node 'fc' has a non-zero bias that the target refuses (design rule 'weight_bias'), and the CubaLI 'li' it feeds cannot take it: the bias enters the synaptic current, which starts at 0 and reaches w_in b only as 1 - exp(-t / tau_syn), so no v_leak gives the same membrane}}
  %fc = nir.affine "fc"(%input) {weight = dense<1.0> : tensor<2x2xf32>, bias = dense<[0.0, 2.0]> : tensor<2xf32>} : tensor<2xf32> -> tensor<2xf32>
  %li = nir.cuba_li "li"(%fc) {tau_syn = dense<5.0e-3> : tensor<2xf32>, tau_mem = dense<1.0e-2> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, w_in = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%li) : tensor<2xf32>
}

// -----

// A Conv2d's bias the target refuses: only an Affine's goes into a leak.
nir.graph @bias_conv {
  %input = nir.input "input" : tensor<1x2x2xf32>
  // expected-error@+1 {{cannot legalise for target 'legalize': node 'conv' has a non-zero bias that the target refuses (design rule 'weight_bias'); only an Affine's bias goes into a neuron's leak}}
  %conv = nir.conv2d "conv"(%input) {input_shape = array<i64: 2, 2>, weight = dense<1.0> : tensor<1x1x1x1xf32>, stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>, groups = 1, bias = dense<0.5> : tensor<1xf32>} : tensor<1x2x2xf32> -> tensor<1x2x2xf32>
  %if = nir.if "if"(%conv) {r = dense<1.0> : tensor<1x2x2xf32>, v_threshold = dense<1.0> : tensor<1x2x2xf32>, v_reset = dense<0.0> : tensor<1x2x2xf32>} : tensor<1x2x2xf32>
  %output = nir.output "output"(%if) : tensor<1x2x2xf32>
}

// -----

// Consecutive weights are fused (nir-fold's chain merge): W2 W1.
// CHECK-LABEL: nir.graph @chain
// CHECK: %[[W:.*]] = nir.linear "fc2"(%{{.*}}) {weight = dense<{{\[}}[6.000000e+00, 1.000000e+01]]> : tensor<1x2xf32>}
// CHECK: nir.lif "lif"(%[[W]])
nir.graph @chain {
  %input = nir.input "input" : tensor<2xf32>
  %fc1 = nir.linear "fc1"(%input) {weight = dense<[[1.0, 2.0], [1.0, 1.0]]> : tensor<2x2xf32>} : tensor<2xf32> -> tensor<2xf32>
  %fc2 = nir.linear "fc2"(%fc1) {weight = dense<[[4.0, 2.0]]> : tensor<1x2xf32>} : tensor<2xf32> -> tensor<1xf32>
  %lif = nir.lif "lif"(%fc2) {tau = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>} : tensor<1xf32>
  %output = nir.output "output"(%lif) : tensor<1xf32>
}

// -----

// A weight read by two weights cannot be fused.
nir.graph @chain_split {
  %input = nir.input "input" : tensor<2xf32>
  // expected-error@+1 {{cannot legalise for target 'legalize': node 'fc1' feeds weight node 'fc2', and the two cannot be fused}}
  %fc1 = nir.linear "fc1"(%input) {weight = dense<1.0> : tensor<2x2xf32>} : tensor<2xf32> -> tensor<2xf32>
  %fc2 = nir.linear "fc2"(%fc1) {weight = dense<1.0> : tensor<2x2xf32>} : tensor<2xf32> -> tensor<2xf32>
  %lif = nir.lif "lif"(%fc2, %fc1) {tau = dense<1.0e-2> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%lif) : tensor<2xf32>
}

// -----

// The target reads nested graphs: the recurrent block is outlined.
// CHECK-LABEL: nir.graph @recurrent
// CHECK: %[[B:.*]] = nir.subgraph "rnn"(%{{.*}})
// CHECK:   nir.lif "lif"
// CHECK:   nir.linear "w_rec"
// CHECK: nir.output "output"(%[[B]])
nir.graph @recurrent {
  %input = nir.input "input" : tensor<2xf32>
  %fc = nir.linear "fc"(%input) {weight = dense<1.0> : tensor<2x2xf32>} : tensor<2xf32> -> tensor<2xf32>
  %lif = nir.lif "rnn.lif"(%fc, %rec) {tau = dense<1.0e-2> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%lif) : tensor<2xf32>
  %rec = nir.linear "rnn.w_rec"(%lif) {weight = dense<0.5> : tensor<2x2xf32>} : tensor<2xf32> -> tensor<2xf32>
}
