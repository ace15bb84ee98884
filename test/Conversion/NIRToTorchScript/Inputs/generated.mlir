// Small graphs covering every node type, fan-in, a self-loop and a 2-cycle;
// generated.test writes each to a .nir file and checks the raised module
// against the reference simulator.

//--- neurons.mlir
// Every neuron type fed by one Affine (fan-out), summed into a readout
// (fan-in), with a self-loop on the LIF and a 2-cycle IF <-> w_back.
nir.graph @neurons {
  %input = nir.input "input" : tensor<3xf32>
  %fc = nir.affine "fc"(%input) {weight = dense<[[1.0, 0.5, -0.3], [0.2, 1.1, 0.4], [-0.5, 0.3, 0.9], [0.7, -0.2, 0.6]]> : tensor<4x3xf32>, bias = dense<[0.1, 0.0, -0.1, 0.2]> : tensor<4xf32>} : tensor<3xf32> -> tensor<4xf32>
  %i = nir.i "i"(%fc) {r = dense<[1.0, 2.0, 0.5, 1.5]> : tensor<4xf32>} : tensor<4xf32>
  %if = nir.if "if"(%fc, %w_back) {r = dense<30.0> : tensor<4xf32>, v_threshold = dense<[1.0, 0.5, 0.8, 1.2]> : tensor<4xf32>, v_reset = dense<[0.0, -0.1, 0.1, 0.0]> : tensor<4xf32>} : tensor<4xf32>
  %w_back = nir.linear "w_back"(%if) {weight = dense<[[0.1, -0.2, 0.0, 0.3], [0.0, 0.1, 0.2, 0.0], [-0.3, 0.0, 0.1, 0.2], [0.2, 0.2, -0.1, 0.0]]> : tensor<4x4xf32>} : tensor<4xf32> -> tensor<4xf32>
  %li = nir.li "li"(%fc) {tau = dense<[0.002, 0.003, 0.004, 0.005]> : tensor<4xf32>, r = dense<1.0> : tensor<4xf32>, v_leak = dense<[0.0, 0.1, -0.1, 0.0]> : tensor<4xf32>} : tensor<4xf32>
  %lif = nir.lif "lif.a"(%fc, %self) {tau = dense<0.001> : tensor<4xf32>, r = dense<5.0> : tensor<4xf32>, v_leak = dense<0.0> : tensor<4xf32>, v_threshold = dense<[0.5, 0.7, 0.9, 1.1]> : tensor<4xf32>, v_reset = dense<0.0> : tensor<4xf32>} : tensor<4xf32>
  %self = nir.linear "self"(%lif) {weight = dense<0.25> : tensor<4x4xf32>} : tensor<4xf32> -> tensor<4xf32>
  %cli = nir.cuba_li "cuba_li"(%fc) {tau_syn = dense<0.002> : tensor<4xf32>, tau_mem = dense<[0.003, 0.004, 0.005, 0.006]> : tensor<4xf32>, r = dense<2.0> : tensor<4xf32>, v_leak = dense<0.0> : tensor<4xf32>, w_in = dense<[1.0, 0.5, 2.0, 1.5]> : tensor<4xf32>} : tensor<4xf32>
  %clif = nir.cuba_lif "cuba_lif"(%fc) {tau_syn = dense<0.001> : tensor<4xf32>, tau_mem = dense<0.002> : tensor<4xf32>, r = dense<10.0> : tensor<4xf32>, v_leak = dense<0.0> : tensor<4xf32>, v_threshold = dense<[0.3, 0.4, 0.5, 0.6]> : tensor<4xf32>, v_reset = dense<0.0> : tensor<4xf32>, w_in = dense<3.0> : tensor<4xf32>} : tensor<4xf32>
  %sum = nir.scale "sum"(%i, %if, %li, %lif, %cli, %clif) {scale = dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>} : tensor<4xf32>
  %output = nir.output "output"(%sum) : tensor<4xf32>
}

//--- spikes.mlir
// A spiking output: LIF -> Threshold, with a self-loop on the Threshold's
// input through a Scale (a delayed edge into a stateless node).
nir.graph @spikes {
  %input = nir.input "input" : tensor<4xf32>
  %lif = nir.lif "lif"(%input, %fb) {tau = dense<0.002> : tensor<4xf32>, r = dense<20.0> : tensor<4xf32>, v_leak = dense<0.0> : tensor<4xf32>, v_threshold = dense<1.0> : tensor<4xf32>, v_reset = dense<0.0> : tensor<4xf32>} : tensor<4xf32>
  %fb = nir.scale "fb"(%lif) {scale = dense<-0.5> : tensor<4xf32>} : tensor<4xf32>
  %th = nir.threshold "th"(%lif, %fb) {threshold = dense<[0.5, 0.2, 0.0, -0.1]> : tensor<4xf32>} : tensor<4xf32>
  %output = nir.output "output"(%th) : tensor<4xf32>
}

//--- conv.mlir
// Conv2d with "same" and "valid" padding strings, AvgPool2d with padding,
// SumPool2d, Flatten and a Linear readout.
nir.graph @conv {
  %input = nir.input "input" : tensor<2x6x6xf32>
  %c1 = nir.conv2d "c1"(%input) {weight = dense<[[[[0.1, 0.2], [0.3, -0.1]], [[0.0, 0.5], [-0.2, 0.1]]], [[[0.3, 0.0], [0.1, 0.2]], [[-0.4, 0.1], [0.2, 0.3]]], [[[0.2, -0.3], [0.0, 0.4]], [[0.1, 0.1], [0.1, 0.1]]]]> : tensor<3x2x2x2xf32>, stride = array<i64: 1, 1>, padding = "same", dilation = array<i64: 1, 1>, groups = 1 : i64, bias = dense<[0.1, -0.1, 0.0]> : tensor<3xf32>} : tensor<2x6x6xf32> -> tensor<3x6x6xf32>
  %avg = nir.avg_pool2d "avg"(%c1) {kernel_size = array<i64: 3, 3>, stride = array<i64: 1, 1>, padding = array<i64: 1, 1>} : tensor<3x6x6xf32> -> tensor<3x6x6xf32>
  %c2 = nir.conv2d "c2"(%avg) {weight = dense<0.2> : tensor<2x3x3x3xf32>, stride = array<i64: 1, 1>, padding = "valid", dilation = array<i64: 1, 1>, groups = 1 : i64, bias = dense<0.0> : tensor<2xf32>} : tensor<3x6x6xf32> -> tensor<2x4x4xf32>
  %sum = nir.sum_pool2d "sum"(%c2) {kernel_size = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : tensor<2x4x4xf32> -> tensor<2x2x2xf32>
  %flat = nir.flatten "flat"(%sum) {start_dim = 0 : i64, end_dim = -1 : i64} : tensor<2x2x2xf32> -> tensor<8xf32>
  %lin = nir.linear "lin"(%flat) {weight = dense<0.125> : tensor<3x8xf32>} : tensor<8xf32> -> tensor<3xf32>
  %lif = nir.lif "lif"(%lin) {tau = dense<0.001> : tensor<3xf32>, r = dense<8.0> : tensor<3xf32>, v_leak = dense<0.0> : tensor<3xf32>, v_threshold = dense<0.4> : tensor<3xf32>, v_reset = dense<0.0> : tensor<3xf32>} : tensor<3xf32>
  %output = nir.output "output"(%lif) : tensor<3xf32>
}

//--- conv1d.mlir
// Conv1d with explicit padding, stride and dilation, then a Delay.
nir.graph @conv1d {
  %input = nir.input "input" : tensor<2x10xf32>
  %c = nir.conv1d "c"(%input) {input_shape = 10 : i64, weight = dense<[[[0.5, -0.2, 0.1], [0.3, 0.3, -0.4]], [[0.1, 0.2, 0.3], [-0.1, 0.0, 0.2]]]> : tensor<2x2x3xf32>, stride = 2 : i64, padding = 2 : i64, dilation = 2 : i64, groups = 1 : i64, bias = dense<[0.0, 0.1]> : tensor<2xf32>} : tensor<2x10xf32> -> tensor<2x5xf32>
  %d = nir.delay "d"(%c) {delay = dense<[[0.0, 0.0001, 0.0002, 0.0003, 0.0002], [0.0001, 0.0, 0.0003, 0.0001, 0.0]]> : tensor<2x5xf32>} : tensor<2x5xf32>
  %output = nir.output "output"(%d) : tensor<2x5xf32>
}

//--- ports.mlir
// Two Inputs and three Outputs (ports in name order, not in the order the
// nodes are written): forward(b_in, in.a, state), forward_sequence(b_in,
// in.a) returns one stacked tensor per Output. An Output reads an Input
// directly; two Outputs read the same node.
nir.graph @ports {
  %b = nir.input "b_in" : tensor<2xf32>
  %a = nir.input "in.a" : tensor<3xf32>
  %fc = nir.affine "fc"(%a) {weight = dense<[[0.5, -0.2, 0.3], [0.1, 0.4, -0.6]]> : tensor<2x3xf32>, bias = dense<[0.1, -0.1]> : tensor<2xf32>} : tensor<3xf32> -> tensor<2xf32>
  %lif = nir.lif "lif"(%fc, %b) {tau = dense<0.001> : tensor<2xf32>, r = dense<10.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<[0.3, 0.5]> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %li = nir.li "li"(%b, %lif) {tau = dense<0.002> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %z = nir.output "z"(%lif) : tensor<2xf32>
  %echo = nir.output "echo"(%b) : tensor<2xf32>
  %v = nir.output "v"(%li) : tensor<2xf32>
}

//--- batched.mlir
// Affine and Linear weights with a leading batch of matrices (NIR allows
// (..., out, in)): y[k] = W[k] x[k] (+ b), matched on the leading dims. The
// LIF's spikes are a second Output, so the readout is not checked on zeros;
// a 2-d Affine in the same module takes the other branch of the shared
// method.
nir.graph @batched {
  %input = nir.input "input" : tensor<2x3xf32>
  %fc = nir.affine "fc"(%input) {weight = dense<[[[0.5, -0.2, 0.3], [0.1, 0.4, -0.6], [0.2, 0.2, 0.2], [-0.3, 0.1, 0.7]], [[0.9, 0.0, -0.1], [0.3, -0.5, 0.2], [0.0, 0.6, 0.1], [0.4, 0.4, -0.4]]]> : tensor<2x4x3xf32>, bias = dense<[[0.1, -0.1, 0.0, 0.2]]> : tensor<1x4xf32>} : tensor<2x3xf32> -> tensor<2x4xf32>
  %lif = nir.lif "lif"(%fc) {tau = dense<0.001> : tensor<2x4xf32>, r = dense<10.0> : tensor<2x4xf32>, v_leak = dense<0.0> : tensor<2x4xf32>, v_threshold = dense<0.4> : tensor<2x4xf32>, v_reset = dense<0.0> : tensor<2x4xf32>} : tensor<2x4xf32>
  %lin = nir.linear "lin"(%lif) {weight = dense<[[[1.0, -0.5, 0.25, 0.0], [0.5, 0.5, 0.5, 0.5]], [[0.2, 0.3, -0.1, 0.6], [0.0, 1.0, 0.0, -1.0]]]> : tensor<2x2x4xf32>} : tensor<2x4xf32> -> tensor<2x2xf32>
  %output = nir.output "output"(%lin) : tensor<2x2xf32>
  %z = nir.output "z"(%lif) : tensor<2x4xf32>
  %flat = nir.flatten "flat"(%lin) {start_dim = 0 : i64, end_dim = -1 : i64} : tensor<2x2xf32> -> tensor<4xf32>
  %fc2 = nir.affine "fc2"(%flat) {weight = dense<[[0.5, -1.0, 0.25, 2.0], [1.5, 0.0, -0.5, 1.0], [0.1, 0.2, 0.3, 0.4]]> : tensor<3x4xf32>, bias = dense<[0.0, 0.5, -0.5]> : tensor<3xf32>} : tensor<4xf32> -> tensor<3xf32>
  %y2 = nir.output "y2"(%fc2) : tensor<3xf32>
}
