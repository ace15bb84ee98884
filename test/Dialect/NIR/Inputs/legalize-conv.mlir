// nir-legalize-target cases for a target that reads Conv2d but no Linear or
// Affine (Inputs/targets/conv-only.json), run and checked by
// legalize-target.mlir (RUN line 3): Linear/Affine -> Conv2d. The target
// drops biases, so an Affine's bias into a LIF goes into its leak first.

// A Linear behind the Flatten of a (2, 1, 2) signal becomes a Conv2d with
// one (1, 2) kernel per output over the un-flattened signal; W[n, c*2 + w]
// is K[n, c, 0, w]: [[1, 2, 3, 4], [5, 6, 7, 8]] -> [[[[1, 2]], [[3, 4]]],
// [[[5, 6]], [[7, 8]]]]. Its output is (2, 1, 1); the IF runs on that shape
// and the Flatten (its name kept) moves behind it, so the Output still
// reads (2).
// CHECK-LABEL: nir.graph @flatten_linear
// CHECK: %[[IN:.*]] = nir.input "input" : tensor<2x1x2xf32>
// CHECK: %[[FC:.*]] = nir.conv2d "fc"(%[[IN]]) {bias = dense<0.000000e+00> : tensor<2xf32>, dilation = array<i64: 1, 1>, groups = 1 : i64, input_shape = array<i64: 1, 2>, padding = array<i64: 0, 0>, stride = array<i64: 1, 1>, weight = dense<{{\[}}{{\[}}{{\[}}[1.000000e+00, 2.000000e+00]], {{\[}}[3.000000e+00, 4.000000e+00]]], {{\[}}{{\[}}[5.000000e+00, 6.000000e+00]], {{\[}}[7.000000e+00, 8.000000e+00]]]]> : tensor<2x2x1x2xf32>} : tensor<2x1x2xf32> -> tensor<2x1x1xf32>
// CHECK: %[[IF:.*]] = nir.if "if"(%[[FC]]) {r = dense<[{{\[}}[1.000000e+00]], {{\[}}[2.000000e+00]]]> : tensor<2x1x1xf32>, v_reset = dense<0.000000e+00> : tensor<2x1x1xf32>, v_threshold = dense<1.000000e+00> : tensor<2x1x1xf32>} : tensor<2x1x1xf32>
// CHECK: %[[FLAT:.*]] = nir.flatten "flat"(%[[IF]]) {end_dim = -1 : i64, input_type = array<i64: 2, 1, 1>, start_dim = 0 : i64} : tensor<2x1x1xf32> -> tensor<2xf32>
// CHECK: nir.output "output"(%[[FLAT]]) : tensor<2xf32>
// CHECK-NOT: nir.linear
nir.graph @flatten_linear {
  %input = nir.input "input" : tensor<2x1x2xf32>
  %flat = nir.flatten "flat"(%input) {start_dim = 0 : i64, end_dim = -1 : i64} : tensor<2x1x2xf32> -> tensor<4xf32>
  %fc = nir.linear "fc"(%flat) {weight = dense<[[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0]]> : tensor<2x4xf32>} : tensor<4xf32> -> tensor<2xf32>
  %if = nir.if "if"(%fc) {r = dense<[1.0, 2.0]> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%if) : tensor<2xf32>
}

// -----

// An Affine keeps its bias as the Conv2d's (a one-element bias broadcast to
// the outputs); the next Linear reads the IF's (3, 1, 1) signal once the
// Flatten has moved past the IF, so it becomes a Conv2d with 1x1 kernels:
// weight (2, 3) -> (2, 3, 1, 1). The LIF after it takes the shape too.
// CHECK-LABEL: nir.graph @affine_then_linear
// CHECK: %[[C1:.*]] = nir.conv2d "fc1"(%{{.*}}) {bias = dense<5.000000e-01> : tensor<3xf32>, {{.*}}input_shape = array<i64: 2, 2>, {{.*}}weight = dense<1.000000e+00> : tensor<3x1x2x2xf32>} : tensor<1x2x2xf32> -> tensor<3x1x1xf32>
// CHECK: %[[IF:.*]] = nir.if "if"(%[[C1]]) {{.*}} : tensor<3x1x1xf32>
// CHECK: %[[C2:.*]] = nir.conv2d "fc2"(%[[IF]]) {bias = dense<0.000000e+00> : tensor<2xf32>, {{.*}}input_shape = array<i64: 1, 1>, {{.*}}weight = dense<{{\[}}{{\[}}{{\[}}[1.000000e+00]], {{\[}}[2.000000e+00]], {{\[}}[3.000000e+00]]], {{\[}}{{\[}}[4.000000e+00]], {{\[}}[5.000000e+00]], {{\[}}[6.000000e+00]]]]> : tensor<2x3x1x1xf32>} : tensor<3x1x1xf32> -> tensor<2x1x1xf32>
// CHECK: %[[LIF:.*]] = nir.lif "lif"(%[[C2]]) {{.*}} : tensor<2x1x1xf32>
// CHECK: %[[FLAT:.*]] = nir.flatten "flat"(%[[LIF]]) {{.*}} : tensor<2x1x1xf32> -> tensor<2xf32>
// CHECK: nir.output "output"(%[[FLAT]])
nir.graph @affine_then_linear {
  %input = nir.input "input" : tensor<1x2x2xf32>
  %flat = nir.flatten "flat"(%input) {start_dim = 0 : i64, end_dim = -1 : i64} : tensor<1x2x2xf32> -> tensor<4xf32>
  %fc1 = nir.affine "fc1"(%flat) {weight = dense<1.0> : tensor<3x4xf32>, bias = dense<0.5> : tensor<1xf32>} : tensor<4xf32> -> tensor<3xf32>
  %if = nir.if "if"(%fc1) {r = dense<1.0> : tensor<3xf32>, v_threshold = dense<1.0> : tensor<3xf32>, v_reset = dense<0.0> : tensor<3xf32>} : tensor<3xf32>
  %fc2 = nir.linear "fc2"(%if) {weight = dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>} : tensor<3xf32> -> tensor<2xf32>
  %lif = nir.lif "lif"(%fc2) {tau = dense<1.0e-2> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%lif) : tensor<2xf32>
}

// -----

// A Flatten something else reads too stays where it is for that reader; the
// Conv2d reads its input and a new Flatten, under a free name, follows it.
// CHECK-LABEL: nir.graph @shared_flatten
// CHECK: %[[IN:.*]] = nir.input "input"
// CHECK: %[[FLAT:.*]] = nir.flatten "flat"(%[[IN]])
// CHECK: %[[FC:.*]] = nir.conv2d "fc"(%[[IN]])
// CHECK: %[[AFTER:.*]] = nir.flatten "fc.flatten_1"(%[[FC]]) {{.*}} : tensor<2x1x1xf32> -> tensor<2xf32>
// CHECK: nir.output "out1"(%[[AFTER]])
// CHECK: nir.output "out2"(%[[FLAT]])
nir.graph @shared_flatten {
  %input = nir.input "input" : tensor<1x2x1xf32>
  %flat = nir.flatten "flat"(%input) {start_dim = 0 : i64, end_dim = -1 : i64} : tensor<1x2x1xf32> -> tensor<2xf32>
  %fc = nir.linear "fc"(%flat) {weight = dense<1.0> : tensor<2x2xf32>} : tensor<2xf32> -> tensor<2xf32>
  %out1 = nir.output "out1"(%fc) : tensor<2xf32>
  %out2 = nir.output "out2"(%flat) : tensor<2xf32>
  %taken = nir.output "fc.flatten"(%flat) : tensor<2xf32>
}

// -----

// A Linear on a graph input of shape (4): NIR has no node that would give it
// the (4, 1, 1) a Conv2d needs.
nir.graph @input_1d {
  %input = nir.input "input" : tensor<4xf32>
  // expected-error@+1 {{cannot legalise for target 'conv-only': node 'fc' reads a signal of shape (4) that is no Flatten of a (C, H, W) signal, and NIR has no node that reshapes it to (N, 1, 1) (design rule 'node_types': the target reads Conv2d, not Linear)}}
  %fc = nir.linear "fc"(%input) {weight = dense<1.0> : tensor<2x4xf32>} : tensor<4xf32> -> tensor<2xf32>
  %output = nir.output "output"(%fc) : tensor<2xf32>
}

// -----

// Batched weights: a stack of matrices is no convolution.
nir.graph @batched {
  %input = nir.input "input" : tensor<2x4xf32>
  // expected-error@+1 {{cannot legalise for target 'conv-only': node 'fc' has batched weights of shape (2, 3, 4), which no Conv2d holds (design rule 'node_types': the target reads Conv2d, not Affine)}}
  %fc = nir.affine "fc"(%input) {weight = dense<1.0> : tensor<2x3x4xf32>, bias = dense<0.0> : tensor<3xf32>} : tensor<2x4xf32> -> tensor<2x3xf32>
  %output = nir.output "output"(%fc) : tensor<2x3xf32>
}

// -----

// The Flatten of a (3, 4) signal: a Conv2d reads (C, H, W).
nir.graph @flatten_2d {
  %input = nir.input "input" : tensor<3x4xf32>
  %flat = nir.flatten "flat"(%input) {start_dim = 0 : i64, end_dim = -1 : i64} : tensor<3x4xf32> -> tensor<12xf32>
  // expected-error@+1 {{cannot legalise for target 'conv-only': node 'fc' reads Flatten 'flat', whose input is not one (C, H, W) signal a Conv2d could read (design rule 'node_types': the target reads Conv2d, not Linear)}}
  %fc = nir.linear "fc"(%flat) {weight = dense<1.0> : tensor<2x12xf32>} : tensor<12xf32> -> tensor<2xf32>
  %output = nir.output "output"(%fc) : tensor<2xf32>
}

// -----

// Two edges into the Linear (their sum is its input).
nir.graph @fan_in {
  %input = nir.input "input" : tensor<1x1x2xf32>
  %f1 = nir.flatten "f1"(%input) {start_dim = 0 : i64, end_dim = -1 : i64} : tensor<1x1x2xf32> -> tensor<2xf32>
  %f2 = nir.flatten "f2"(%input) {start_dim = 0 : i64, end_dim = -1 : i64} : tensor<1x1x2xf32> -> tensor<2xf32>
  // expected-error@+1 {{cannot legalise for target 'conv-only': node 'fc' sums 2 incoming edges; only a single Flatten of a (C, H, W) signal can become a Conv2d's input (design rule 'node_types': the target reads Conv2d, not Linear)}}
  %fc = nir.linear "fc"(%f1, %f2) {weight = dense<1.0> : tensor<2x2xf32>} : tensor<2xf32> -> tensor<2xf32>
  %output = nir.output "output"(%fc) : tensor<2xf32>
}

// -----

// A sparse weight is rebuilt dense under the kernel's shape: element 1 of
// row 0 is K[0, 0, 0, 1].
// CHECK-LABEL: nir.graph @sparse_weight
// CHECK: nir.conv2d "fc"(%{{.*}}) {{.*}}weight = dense<{{\[}}{{\[}}{{\[}}[0.000000e+00, 2.000000e+00]], {{\[}}[0.000000e+00, 0.000000e+00]]]]> : tensor<1x2x1x2xf32>}
nir.graph @sparse_weight {
  %input = nir.input "input" : tensor<2x1x2xf32>
  %flat = nir.flatten "flat"(%input) {start_dim = 0 : i64, end_dim = -1 : i64} : tensor<2x1x2xf32> -> tensor<4xf32>
  %fc = nir.linear "fc"(%flat) {weight = sparse<[[0, 1]], [2.0]> : tensor<1x4xf32>} : tensor<4xf32> -> tensor<1xf32>
  %output = nir.output "output"(%fc) : tensor<1xf32>
}

// -----

// A one-element bias in a resource blob the file does not hold cannot be
// broadcast to the Conv2d's outputs.
nir.graph @unreadable_bias {
  %input = nir.input "input" : tensor<1x1x2xf32>
  %flat = nir.flatten "flat"(%input) {start_dim = 0 : i64, end_dim = -1 : i64} : tensor<1x1x2xf32> -> tensor<2xf32>
  // expected-error@+1 {{cannot legalise for target 'conv-only': node 'fc' has a bias that cannot be read (design rule 'node_types': the target reads Conv2d, not Affine)}}
  %fc = nir.affine "fc"(%flat) {weight = dense<1.0> : tensor<2x2xf32>, bias = dense_resource<missing_bias> : tensor<1xf32>} : tensor<2xf32> -> tensor<2xf32>
  %output = nir.output "output"(%fc) : tensor<2xf32>
}

// -----

// An Affine's bias into the LIF it alone feeds goes into the leak first
// (v_leak + r b = 0.5 + 2 * 0.25), then the Affine, now a Linear, becomes a
// Conv2d with a zero bias, and the LIF runs on (2, 1, 1).
// CHECK-LABEL: nir.graph @bias_leak_first
// CHECK: %[[FC:.*]] = nir.conv2d "fc"(%{{.*}}) {bias = dense<0.000000e+00> : tensor<2xf32>
// CHECK: nir.lif "lif"(%[[FC]]) {{.*}}v_leak = dense<1.000000e+00> : tensor<2x1x1xf32>
nir.graph @bias_leak_first {
  %input = nir.input "input" : tensor<1x1x2xf32>
  %flat = nir.flatten "flat"(%input) {start_dim = 0 : i64, end_dim = -1 : i64} : tensor<1x1x2xf32> -> tensor<2xf32>
  %fc = nir.affine "fc"(%flat) {weight = dense<1.0> : tensor<2x2xf32>, bias = dense<0.25> : tensor<2xf32>} : tensor<2xf32> -> tensor<2xf32>
  %lif = nir.lif "lif"(%fc) {tau = dense<1.0e-2> : tensor<2xf32>, r = dense<2.0> : tensor<2xf32>, v_leak = dense<0.5> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%lif) : tensor<2xf32>
}
