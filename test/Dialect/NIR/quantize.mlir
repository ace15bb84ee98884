// RUN: nir-opt %s --nir-quantize=target=%S/Inputs/targets/quant.json -split-input-file -verify-diagnostics | FileCheck %s
// RUN: nir-opt %s '--nir-quantize=target=%S/Inputs/targets/quant.json scheme=channel' -split-input-file -verify-diagnostics | FileCheck %s --check-prefix=CHANNEL
// RUN: nir-opt %s '--nir-quantize=target=%S/Inputs/targets/quant.json scheme=layer' -split-input-file -verify-diagnostics | FileCheck %s --check-prefix=LAYER
// RUN: nir-opt %S/Inputs/quantize-outlier.mlir '--nir-quantize=target=%S/Inputs/targets/quant.json fuzzy=true' 2>&1 | FileCheck %s --check-prefix=FUZZY
// RUN: nir-opt %s --nir-quantize=target=%S/Inputs/targets/quant.json -split-input-file -verify-diagnostics | nir-opt --nir-dequantize -split-input-file | FileCheck %s --check-prefix=DEQ
// RUN: not nir-opt %S/Inputs/quantize-outlier.mlir --nir-quantize=target=%S/Inputs/targets/legalize.json 2>&1 | FileCheck %s --check-prefix=NOWIDTH
// RUN: not nir-opt %S/Inputs/quantize-outlier.mlir --nir-quantize=target=no-such-chip 2>&1 | FileCheck %s --check-prefix=NOTARGET
// RUN: not nir-opt %S/Inputs/quantize-outlier.mlir --nir-quantize 2>&1 | FileCheck %s --check-prefix=NOOPTION

// A target without the widths a parameter needs, an unknown target, none.
// NOWIDTH: error: cannot quantise for target 'legalize': node 'fc' has parameter 'weight', and the target gives no 'weight_bits' width
// NOTARGET: error: {{.*}}no-such-chip
// NOOPTION: error: {{.*}}nir-quantize

// The test target (Inputs/targets/quant.json): weights 4 bits, so
// +-7 (Rockpool's symmetric range) or -8..7 (Sinabs, scheme=layer);
// thresholds 6 bits (+-31); state (v_leak, v_reset) 8 bits; no bias width,
// so biases take the weight width. Integers round to nearest, ties to even.

// Two layers. global (Rockpool global_quantize): the hidden group is fc1 +
// lif1: max|w| = 1 gives 7 / 1 = 7, the threshold 1 allows 31 / 1 = 31, so
// s = 7: fc1 = [[3.5, -7], [1.75, 5.25]] -> [[4, -7], [2, 5]], lif1's
// thresholds [7, 3.5] -> [7, 4]. The output group is fc2 + lif2: max|w| = 2
// gives 3.5, the bias 0.1 70, the threshold 31: s = 3.5: fc2 = [[7, -1.75]]
// -> [[7, -2]], bias 0.35 -> 0, threshold 3.5 -> 4.
// CHECK-LABEL: nir.graph @two_layers
// CHECK: %[[FC1:.*]] = nir.linear "fc1"(%{{.*}}) {nir.quant_scale = dense<7.000000e+00> : tensor<1xf64>, weight = dense<{{\[}}[4, -7], [2, 5]]> : tensor<2x2xi8>}
// CHECK: %[[LIF1:.*]] = nir.lif "lif1"(%[[FC1]]) {nir.quant_scale = dense<7.000000e+00> : tensor<1xf64>, r = dense<1.000000e+00> : tensor<2xf32>, tau = {{.*}}, v_leak = dense<0> : tensor<2xi8>, v_reset = dense<0> : tensor<2xi8>, v_threshold = dense<[7, 4]> : tensor<2xi8>}
// CHECK: %[[FC2:.*]] = nir.affine "fc2"(%[[LIF1]]) {bias = dense<0> : tensor<1xi8>, nir.quant_scale = dense<3.500000e+00> : tensor<1xf64>, weight = dense<{{\[}}[7, -2]]> : tensor<1x2xi8>}
// CHECK: nir.lif "lif2"(%[[FC2]]) {nir.quant_scale = dense<3.500000e+00> : tensor<1xf64>, {{.*}}v_threshold = dense<4> : tensor<1xi8>}
//
// channel (Rockpool channel_quantize): lif1's neuron 0 has weights
// [0.5, -1] and threshold 1: s = 7, as above; neuron 1 has [0.25, 0.75] and
// 0.5: 7 / 0.75 = 9.33 (the threshold would allow 62): [2.33, 7] -> [2, 7],
// threshold 4.67 -> 5. lif2 has one neuron: as global.
// CHANNEL-LABEL: nir.graph @two_layers
// CHANNEL: nir.linear "fc1"(%{{.*}}) {nir.quant_scale = dense<[7.000000e+00, 9.3333333333333{{[0-9]*}}]> : tensor<2xf64>, weight = dense<{{\[}}[4, -7], [2, 7]]> : tensor<2x2xi8>}
// CHANNEL: nir.lif "lif1"{{.*}}v_threshold = dense<[7, 5]> : tensor<2xi8>}
// CHANNEL: nir.affine "fc2"{{.*}}nir.quant_scale = dense<3.500000e+00> : tensor<1xf64>, weight = dense<{{\[}}[7, -2]]>
//
// layer (Sinabs): one scale per layer, -8 allowed: lif1's layer has
// positive max 0.75 (7 / 0.75 = 9.33) and negative max 1 (8 / 1 = 8), the
// thresholds 31 / 1: s = 8: fc1 = [[4, -8], [2, 6]], thresholds [8, 4].
// lif2's: 7 / 2 = 3.5 (negative 8 / 0.5 = 16, bias 70): as global.
// LAYER-LABEL: nir.graph @two_layers
// LAYER: nir.linear "fc1"(%{{.*}}) {nir.quant_scale = dense<8.000000e+00> : tensor<1xf64>, weight = dense<{{\[}}[4, -8], [2, 6]]> : tensor<2x2xi8>}
// LAYER: nir.lif "lif1"{{.*}}v_threshold = dense<[8, 4]> : tensor<2xi8>}
// LAYER: nir.affine "fc2"{{.*}}nir.quant_scale = dense<3.500000e+00>
//
// Dequantised (nir-dequantize, what the .nir writer writes): q / s in f32.
// DEQ-LABEL: nir.graph @two_layers
// DEQ: nir.linear "fc1"(%{{.*}}) {weight = dense<{{\[}}[0.571428597, -1.000000e+00], [0.285714298, 0.714285731]]> : tensor<2x2xf32>}
// DEQ: nir.lif "lif1"{{.*}}v_threshold = dense<[1.000000e+00, 0.571428597]> : tensor<2xf32>}
// DEQ: nir.affine "fc2"{{.*}}bias = dense<0.000000e+00> : tensor<1xf32>, weight = dense<{{\[}}[2.000000e+00, -0.571428597]]> : tensor<1x2xf32>}
nir.graph @two_layers {
  %input = nir.input "input" : tensor<2xf32>
  %fc1 = nir.linear "fc1"(%input) {weight = dense<[[0.5, -1.0], [0.25, 0.75]]> : tensor<2x2xf32>} : tensor<2xf32> -> tensor<2xf32>
  %lif1 = nir.lif "lif1"(%fc1) {tau = dense<1.0e-2> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<[1.0, 0.5]> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %fc2 = nir.affine "fc2"(%lif1) {weight = dense<[[2.0, -0.5]]> : tensor<1x2xf32>, bias = dense<0.1> : tensor<1xf32>} : tensor<2xf32> -> tensor<1xf32>
  %lif2 = nir.lif "lif2"(%fc2) {tau = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>} : tensor<1xf32>
  %output = nir.output "output"(%lif2) : tensor<1xf32>
}

// -----

// The threshold limits the scale (Rockpool rescales when a threshold leaves
// its bits): the weight allows 7 / 1 = 7, the threshold 10 only 31 / 10 =
// 3.1, so s = 3.1: weight 3.1 -> 3, threshold 31, v_reset -2 -> -6.2 -> -6
// (state: 8 bits, 127 / 2 allowed).
// CHECK-LABEL: nir.graph @threshold_limits
// CHECK: nir.linear "fc"(%{{.*}}) {nir.quant_scale = dense<3.100000e+00> : tensor<1xf64>, weight = dense<3> : tensor<1x1xi8>}
// CHECK: nir.lif "lif"{{.*}}v_reset = dense<-6> : tensor<1xi8>, v_threshold = dense<31> : tensor<1xi8>}
nir.graph @threshold_limits {
  %input = nir.input "input" : tensor<1xf32>
  %fc = nir.linear "fc"(%input) {weight = dense<1.0> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %lif = nir.lif "lif"(%fc) {tau = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<10.0> : tensor<1xf32>, v_reset = dense<-2.0> : tensor<1xf32>} : tensor<1xf32>
  %output = nir.output "output"(%lif) : tensor<1xf32>
}

// -----

// Per output channel of a Conv2d (dim 0 of the kernel, of the bias and of
// the neuron's [C, H, W] parameters). channel: channel 0 has kernel 1 and
// threshold 1, s = 7; channel 1 kernel 0.5 and threshold 1, s = 14:
// kernels [7, 7], thresholds [7, 14]. global: one s = 7, kernels [7, 4]
// (3.5 ties to 4), thresholds 7.
// CHECK-LABEL: nir.graph @conv_channels
// CHECK: nir.conv2d "conv"{{.*}}nir.quant_scale = dense<7.000000e+00> : tensor<1xf64>{{.*}}weight = dense<{{\[\[\[\[}}7]]], {{\[\[\[}}4]]]]> : tensor<2x1x1x1xi8>}
// CHECK: nir.if "if"{{.*}}v_threshold = dense<7> : tensor<2x1x1xi8>}
// CHANNEL-LABEL: nir.graph @conv_channels
// CHANNEL: nir.conv2d "conv"{{.*}}nir.quant_scale = dense<[7.000000e+00, 1.400000e+01]> : tensor<2xf64>{{.*}}weight = dense<7> : tensor<2x1x1x1xi8>}
// CHANNEL: nir.if "if"{{.*}}v_threshold = dense<{{\[\[\[}}7]], {{\[\[}}14]]]> : tensor<2x1x1xi8>}
nir.graph @conv_channels {
  %input = nir.input "input" : tensor<1x1x1xf32>
  %conv = nir.conv2d "conv"(%input) {input_shape = array<i64: 1, 1>, weight = dense<[[[[1.0]]], [[[0.5]]]]> : tensor<2x1x1x1xf32>, stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>, groups = 1, bias = dense<0.0> : tensor<2xf32>} : tensor<1x1x1xf32> -> tensor<2x1x1xf32>
  %if = nir.if "if"(%conv) {r = dense<1.0> : tensor<2x1x1xf32>, v_threshold = dense<1.0> : tensor<2x1x1xf32>, v_reset = dense<0.0> : tensor<2x1x1xf32>} : tensor<2x1x1xf32>
  %output = nir.output "output"(%if) : tensor<2x1x1xf32>
}

// -----

// fuzzy (Rockpool's fuzzy_scaling): the weight range is |mean| + 2 std of
// the non-zero weights, 1.875 + 2 * 2.315 = 6.505 for [8, 1 x 7], so s =
// 7 / 6.505 = 1.07608: 8 -> 8.61, clipped to 7 (warned), 1 -> 1; threshold 1
// -> 1 (Inputs/quantize-outlier.mlir holds the same graph). Without
// fuzzy, s = 7 / 8: [7, 1 x 7] (0.875 -> 1).
// FUZZY: warning: node 'fc': 1 value(s) clipped to the target's width
// FUZZY-LABEL: nir.graph @outlier
// FUZZY: nir.linear "fc"(%{{.*}}) {nir.quant_scale = dense<1.07608{{[0-9]*}}> : tensor<1xf64>, weight = dense<{{\[}}[7, 1, 1, 1, 1, 1, 1, 1]]> : tensor<1x8xi8>}
// CHECK-LABEL: nir.graph @outlier
// CHECK: nir.linear "fc"(%{{.*}}) {nir.quant_scale = dense<8.750000e-01> : tensor<1xf64>, weight = dense<{{\[}}[7, 1, 1, 1, 1, 1, 1, 1]]> : tensor<1x8xi8>}
nir.graph @outlier {
  %input = nir.input "input" : tensor<8xf32>
  %fc = nir.linear "fc"(%input) {weight = dense<[[8.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0]]> : tensor<1x8xf32>} : tensor<8xf32> -> tensor<1xf32>
  %lif = nir.lif "lif"(%fc) {tau = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>} : tensor<1xf32>
  %output = nir.output "output"(%lif) : tensor<1xf32>
}

// -----

// A Scale node is no chip's.
nir.graph @scale_node {
  %input = nir.input "input" : tensor<1xf32>
  %fc = nir.linear "fc"(%input) {weight = dense<1.0> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %lif = nir.lif "lif"(%fc) {tau = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>} : tensor<1xf32>
  // expected-error@+1 {{cannot quantise for target 'quant': node 'gain' is a Scale node, which nir-quantize does not scale (no chip target reads one)}}
  %gain = nir.scale "gain"(%lif) {scale = dense<2.0> : tensor<1xf32>} : tensor<1xf32>
  %output = nir.output "output"(%gain) : tensor<1xf32>
}

// -----

// A neuron read straight from the input: its input is not scaled.
nir.graph @neuron_from_input {
  %input = nir.input "input" : tensor<1xf32>
  // expected-error@+1 {{cannot quantise for target 'quant': node 'lif' reads 'input' (Input), not a weight node: a neuron's state is scaled through the weights into it}}
  %lif = nir.lif "lif"(%input) {tau = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>} : tensor<1xf32>
  %output = nir.output "output"(%lif) : tensor<1xf32>
}

// -----

// A weight node feeding two neuron nodes.
nir.graph @weight_fans_out {
  %input = nir.input "input" : tensor<1xf32>
  // expected-error@+1 {{cannot quantise for target 'quant': node 'fc' does not feed exactly one neuron node: nir-quantize scales a weight node with the neuron it feeds (nir-legalize-target fuses consecutive weights)}}
  %fc = nir.linear "fc"(%input) {weight = dense<1.0> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %a = nir.lif "a"(%fc) {tau = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>} : tensor<1xf32>
  %b = nir.lif "b"(%fc) {tau = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>} : tensor<1xf32>
  %output = nir.output "output"(%a, %b) : tensor<1xf32>
}

// -----

// Weights reading a leaky integrator's values, which its scale changes.
nir.graph @weights_read_values {
  %input = nir.input "input" : tensor<1xf32>
  %fc1 = nir.linear "fc1"(%input) {weight = dense<1.0> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %li = nir.li "li"(%fc1) {tau = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>} : tensor<1xf32>
  // expected-error@+1 {{cannot quantise for target 'quant': node 'fc2' reads the values of non-spiking neuron 'li' (LI), which quantisation scales}}
  %fc2 = nir.linear "fc2"(%li) {weight = dense<1.0> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %lif = nir.lif "lif"(%fc2) {tau = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>} : tensor<1xf32>
  %output = nir.output "output"(%lif) : tensor<1xf32>
}

// -----

// Quantising twice.
nir.graph @quantised_already {
  %input = nir.input "input" : tensor<1xf32>
  // expected-error@+1 {{cannot quantise for target 'quant': node 'fc' is quantised already}}
  %fc = nir.linear "fc"(%input) {weight = dense<3> : tensor<1x1xi8>, nir.quant_scale = dense<3.0> : tensor<1xf64>} : tensor<1xf32> -> tensor<1xf32>
  %lif = nir.lif "lif"(%fc) {tau = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0> : tensor<1xi8>, v_threshold = dense<3> : tensor<1xi8>, v_reset = dense<0> : tensor<1xi8>, nir.quant_scale = dense<3.0> : tensor<1xf64>} : tensor<1xf32>
  %output = nir.output "output"(%lif) : tensor<1xf32>
}
