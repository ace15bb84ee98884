// One case per verifier rule; each case names its rule as the verifier's
// comment does (docs/NIRRules.md lists them all).

// RUN: nir-opt %s -split-input-file -verify-diagnostics -allow-unregistered-dialect
// Without -verify-diagnostics: each error names its file, line and column,
// and the tool exits non-zero.
// RUN: not nir-opt %s -split-input-file -allow-unregistered-dialect 2>&1 | FileCheck %s --check-prefix=EXIT
// EXIT: invalid.mlir:1 offset :{{[0-9]+}}:{{[0-9]+}}: error: 'test.op' op is not a NIR node
// EXIT: invalid.mlir:{{[0-9]+}} offset :{{[0-9]+}}:{{[0-9]+}}: error: 'nir.input' op has invalid node name 'a/b'

// graph_c1: a graph holds only NIR nodes.
nir.graph @g {
  // expected-error @+1 {{'test.op' op is not a NIR node; a graph holds only nodes}}
  "test.op"() : () -> ()
}

// -----

// graph_c2: a node name has no '/'.
nir.graph @g {
  // expected-error @+1 {{has invalid node name 'a/b': a name is non-empty, has no '/' or NUL and is not '.' or '..'}}
  %a = nir.input "a/b" : tensor<1xf32>
}

// -----

// graph_c2: a node name is not empty.
nir.graph @g {
  // expected-error @+1 {{has invalid node name ''}}
  %a = nir.input "" : tensor<1xf32>
}

// -----

// graph_c2: a node name has no NUL (HDF5 link names are C strings).
nir.graph @g {
  // expected-error @+1 {{has invalid node name}}
  %a = nir.input "a\00b" : tensor<1xf32>
}

// -----

// graph_c2: a node name is not '.'.
nir.graph @g {
  // expected-error @+1 {{has invalid node name '.'}}
  %a = nir.input "." : tensor<1xf32>
}

// -----

// graph_c3: node names are unique within a graph.
nir.graph @g {
  // expected-note @+1 {{first used here}}
  %a = nir.input "x" : tensor<1xf32>
  // expected-error @+1 {{reuses node name 'x' within one graph}}
  %b = nir.scale "x"(%a) {scale = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
}

// -----

// graph_c3: also within a nested graph.
nir.graph @g {
  %input = nir.input "input" : tensor<1xf32>
  %s = nir.subgraph "s"(%input) : tensor<1xf32> {
    // expected-note @+1 {{first used here}}
    %in = nir.input "in" : tensor<1xf32>
    // expected-error @+1 {{reuses node name 'in' within one graph}}
    %out = nir.output "in"(%in) : tensor<1xf32>
  }
}

// -----

// edge_c1: every incoming edge carries the node's input shape.
nir.graph @g {
  %input = nir.input "input" : tensor<3xf32>
  // expected-error @+1 {{'nir.affine' op edge from 'input' carries shape [3] but node 'fc' expects [2]}}
  %fc = nir.affine "fc"(%input) {weight = dense<1.0> : tensor<4x2xf32>, bias = dense<0.0> : tensor<4xf32>} : tensor<3xf32> -> tensor<4xf32>
}

// -----

// edge_c1: fan-in edges must agree with each other where the parameters leave
// the input shape open.
nir.graph @g {
  %a = nir.input "a" : tensor<1x4x4xf32>
  %b = nir.input "b" : tensor<1x2x2xf32>
  // expected-error @+1 {{edge from 'b' carries shape [1, 2, 2] but node 'pool' expects [1, 4, 4]}}
  %pool = nir.sum_pool2d "pool"(%a, %b) {kernel_size = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : (tensor<1x4x4xf32>, tensor<1x2x2xf32>) -> tensor<1x2x2xf32>
}

// -----

// edge_c1: edges into an Output node carry its shape.
nir.graph @g {
  %input = nir.input "input" : tensor<1xf32>
  // expected-error @+1 {{edge from 'input' carries shape [1] but node 'output' expects [1, 1, 1]}}
  %output = nir.output "output"(%input) : tensor<1xf32> -> tensor<1x1x1xf32>
}

// -----

// edge_c1: a back-edge is checked like any other.
nir.graph @g {
  %input = nir.input "input" : tensor<2xf32>
  // expected-error @+1 {{edge from 'w_rec' carries shape [3] but node 'lif' expects [2]}}
  %lif = nir.i "lif"(%input, %w_rec) {r = dense<1.0> : tensor<2xf32>} : (tensor<2xf32>, tensor<3xf32>) -> tensor<2xf32>
  %w_rec = nir.linear "w_rec"(%lif) {weight = dense<1.0> : tensor<3x2xf32>} : tensor<2xf32> -> tensor<3xf32>
}

// -----

// edge_c1: the edges into a nested graph carry its Input's shape.
nir.graph @g {
  %input = nir.input "input" : tensor<2xf32>
  // expected-error @+1 {{edge from 'input' carries shape [2] but node 'sub' expects [3]}}
  %sub = nir.subgraph "sub"(%input) : tensor<2xf32> -> tensor<3xf32> {
    %in = nir.input "in" : tensor<3xf32>
    %out = nir.output "out"(%in) : tensor<3xf32>
  }
}

// -----

// edge_c2: the result type is the output shape the node implies.
nir.graph @g {
  %input = nir.input "input" : tensor<2xf32>
  // expected-error @+1 {{result shape [2] does not match the output shape [4] implied by input shape [2]}}
  %fc = nir.linear "fc"(%input) {weight = dense<1.0> : tensor<4x2xf32>} : tensor<2xf32>
}

// -----

// edge_c2: a conv's result follows the conv formula (here with a
// rectangular kernel, which the reference gets wrong).
nir.graph @g {
  %input = nir.input "input" : tensor<2x8x10xf32>
  // expected-error @+1 {{result shape [4, 6, 6] does not match the output shape [4, 6, 8] implied by input shape [2, 8, 10]}}
  %conv = nir.conv2d "conv"(%input) {weight = dense<1.0> : tensor<4x2x3x3xf32>, stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>, groups = 1, bias = dense<0.0> : tensor<4xf32>} : tensor<2x8x10xf32> -> tensor<4x6x6xf32>
}

// -----

// edge_c2: a flatten keeps the element count.
nir.graph @g {
  %input = nir.input "input" : tensor<8x4x4xf32>
  // expected-error @+1 {{result shape [64] does not match the output shape [128] implied by input shape [8, 4, 4]}}
  %flat = nir.flatten "flat"(%input) {start_dim = 0, end_dim = -1} : tensor<8x4x4xf32> -> tensor<64xf32>
}

// -----

// edge_c2: a nested graph's result is its Output's shape.
nir.graph @g {
  %input = nir.input "input" : tensor<2xf32>
  // expected-error @+1 {{result shape [3] does not match the output shape [2] implied by input shape [2]}}
  %sub = nir.subgraph "sub"(%input) : tensor<2xf32> -> tensor<3xf32> {
    %in = nir.input "in" : tensor<2xf32>
    %out = nir.output "out"(%in) : tensor<2xf32>
  }
}

// -----

// edge_c2: an input shape the node cannot take (pooling needs rank 3).
nir.graph @g {
  %input = nir.input "input" : tensor<4x4xf32>
  // expected-error @+1 {{expects an input of rank 3 (C, H, W), got rank 2}}
  %pool = nir.avg_pool2d "pool"(%input) {kernel_size = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : tensor<4x4xf32> -> tensor<2x2xf32>
}

// -----

// edge_c2: a conv input with the wrong channel count.
nir.graph @g {
  %input = nir.input "input" : tensor<3x16xf32>
  // expected-error @+1 {{expects 2 input channels (weight dim 1 times groups), got 3}}
  %conv = nir.conv1d "conv"(%input) {weight = dense<1.0> : tensor<4x2x3xf32>, stride = 1, padding = 0, dilation = 1, groups = 1, bias = dense<0.0> : tensor<4xf32>} : tensor<3x16xf32> -> tensor<4x14xf32>
}

// -----

// edge_c2: a signal too small for the window.
nir.graph @g {
  %input = nir.input "input" : tensor<1x1x8xf32>
  // expected-error @+1 {{input extent 1 of spatial dim 0 is smaller than the kernel}}
  %pool = nir.sum_pool2d "pool"(%input) {kernel_size = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : tensor<1x1x8xf32> -> tensor<1x1x4xf32>
}

// -----

// output_c1: an Output node has no outgoing edges.
nir.graph @g {
  %input = nir.input "input" : tensor<1xf32>
  // expected-error @+1 {{Output node 'output' has outgoing edges}}
  %output = nir.output "output"(%input) : tensor<1xf32>
  %s = nir.scale "s"(%output) {scale = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
}

// -----

// subgraph_c1: a nested graph used as a node has exactly one Input node.
nir.graph @g {
  %input = nir.input "input" : tensor<1xf32>
  // expected-error @+1 {{nested graph 'sub' must have exactly one Input node}}
  %sub = nir.subgraph "sub"(%input) : tensor<1xf32> {
    %a = nir.input "a" : tensor<1xf32>
    %b = nir.input "b" : tensor<1xf32>
    %out = nir.output "out"(%a, %b) : tensor<1xf32>
  }
}

// -----

// subgraph_c2: ... and exactly one Output node.
nir.graph @g {
  %input = nir.input "input" : tensor<1xf32>
  // expected-error @+1 {{nested graph 'sub' must have exactly one Output node}}
  %sub = nir.subgraph "sub"(%input) : tensor<1xf32> {
    %in = nir.input "in" : tensor<1xf32>
  }
}

// -----

// affine_c1: weight has rank >= 2.
nir.graph @g {
  // expected-error @+1 {{weight must have rank >= 2 (..., N_out, N_in), got shape [3]}}
  %fc = nir.affine "fc"() {weight = dense<1.0> : tensor<3xf32>, bias = dense<0.0> : tensor<3xf32>} : tensor<3xf32>
}

// -----

// affine_c2: bias broadcasts to the output shape.
nir.graph @g {
  // expected-error @+1 {{bias of shape [1, 3] does not broadcast to the output shape [3]}}
  %fc = nir.affine "fc"() {weight = dense<1.0> : tensor<3x2xf32>, bias = dense<0.0> : tensor<1x3xf32>} : tensor<3xf32>
}

// -----

// linear_c1: weight has rank >= 2.
nir.graph @g {
  // expected-error @+1 {{weight must have rank >= 2 (..., N_out, N_in), got shape []}}
  %fc = nir.linear "fc"() {weight = dense<1.0> : tensor<f32>} : tensor<1xf32>
}

// -----

// conv_c1: a Conv1d weight has rank 3.
nir.graph @g {
  // expected-error @+1 {{weight must have rank 3 (C_out, C_in/groups, kernel), got shape [4, 2, 3, 3]}}
  %conv = nir.conv1d "conv"() {weight = dense<1.0> : tensor<4x2x3x3xf32>, stride = 1, padding = 0, dilation = 1, groups = 1, bias = dense<0.0> : tensor<4xf32>} : tensor<4x1xf32>
}

// -----

// conv_c1: a Conv2d weight has rank 4.
nir.graph @g {
  // expected-error @+1 {{weight must have rank 4 (C_out, C_in/groups, kernel), got shape [4, 2, 3]}}
  %conv = nir.conv2d "conv"() {weight = dense<1.0> : tensor<4x2x3xf32>, stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>, groups = 1, bias = dense<0.0> : tensor<4xf32>} : tensor<4x1x1xf32>
}

// -----

// conv_c2: Conv2d stride, dilation, padding and input_shape are pairs.
nir.graph @g {
  // expected-error @+1 {{stride must have 2 entries, got 3}}
  %conv = nir.conv2d "conv"() {weight = dense<1.0> : tensor<4x2x3x3xf32>, stride = array<i64: 1, 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>, groups = 1, bias = dense<0.0> : tensor<4xf32>} : tensor<4x1x1xf32>
}

// -----

nir.graph @g {
  // expected-error @+1 {{padding must have 2 entries, got 1}}
  %conv = nir.conv2d "conv"() {weight = dense<1.0> : tensor<4x2x3x3xf32>, stride = array<i64: 1, 1>, padding = array<i64: 0>, dilation = array<i64: 1, 1>, groups = 1, bias = dense<0.0> : tensor<4xf32>} : tensor<4x1x1xf32>
}

// -----

nir.graph @g {
  // expected-error @+1 {{input_shape must have 2 entries, got 1}}
  %conv = nir.conv2d "conv"() {input_shape = array<i64: 8>, weight = dense<1.0> : tensor<4x2x3x3xf32>, stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>, groups = 1, bias = dense<0.0> : tensor<4xf32>} : tensor<4x1x1xf32>
}

// -----

// conv_c3: stride, dilation and groups are >= 1.
nir.graph @g {
  // expected-error @+1 {{stride, dilation and groups must be >= 1}}
  %conv = nir.conv1d "conv"() {weight = dense<1.0> : tensor<4x2x3xf32>, stride = 0, padding = 0, dilation = 1, groups = 1, bias = dense<0.0> : tensor<4xf32>} : tensor<4x1xf32>
}

// -----

nir.graph @g {
  // expected-error @+1 {{stride, dilation and groups must be >= 1}}
  %conv = nir.conv1d "conv"() {weight = dense<1.0> : tensor<4x2x3xf32>, stride = 1, padding = 0, dilation = 1, groups = 0, bias = dense<0.0> : tensor<4xf32>} : tensor<4x1xf32>
}

// -----

// conv_c4: padding is non-negative, "same" or "valid".
nir.graph @g {
  // expected-error @+1 {{padding must be an integer, "same" or "valid", got "full"}}
  %conv = nir.conv1d "conv"() {weight = dense<1.0> : tensor<4x2x3xf32>, stride = 1, padding = "full", dilation = 1, groups = 1, bias = dense<0.0> : tensor<4xf32>} : tensor<4x1xf32>
}

// -----

nir.graph @g {
  // expected-error @+1 {{padding must be >= 0}}
  %conv = nir.conv2d "conv"() {weight = dense<1.0> : tensor<4x2x3x3xf32>, stride = array<i64: 1, 1>, padding = array<i64: 0, -1>, dilation = array<i64: 1, 1>, groups = 1, bias = dense<0.0> : tensor<4xf32>} : tensor<4x1x1xf32>
}

// -----

// conv_c5: "same" padding needs stride 1.
nir.graph @g {
  // expected-error @+1 {{padding "same" requires stride 1}}
  %conv = nir.conv1d "conv"() {weight = dense<1.0> : tensor<4x2x3xf32>, stride = 2, padding = "same", dilation = 1, groups = 1, bias = dense<0.0> : tensor<4xf32>} : tensor<4x1xf32>
}

// -----

// conv_c6: groups divides the output channels.
nir.graph @g {
  // expected-error @+1 {{groups (3) must divide the output channels (4)}}
  %conv = nir.conv1d "conv"() {weight = dense<1.0> : tensor<4x1x3xf32>, stride = 1, padding = 0, dilation = 1, groups = 3, bias = dense<0.0> : tensor<4xf32>} : tensor<4x1xf32>
}

// -----

// conv_c7: bias has shape (C_out).
nir.graph @g {
  // expected-error @+1 {{bias must have shape [4], got [2, 2]}}
  %conv = nir.conv1d "conv"() {weight = dense<1.0> : tensor<4x2x3xf32>, stride = 1, padding = 0, dilation = 1, groups = 1, bias = dense<0.0> : tensor<2x2xf32>} : tensor<4x1xf32>
}

// -----

// conv_c8: input_shape is positive ...
nir.graph @g {
  // expected-error @+1 {{input_shape must be >= 1, got [0]}}
  %conv = nir.conv1d "conv"() {input_shape = 0, weight = dense<1.0> : tensor<4x2x3xf32>, stride = 1, padding = 0, dilation = 1, groups = 1, bias = dense<0.0> : tensor<4xf32>} : tensor<4x1xf32>
}

// -----

// conv_c8: ... and large enough for the dilated kernel.
nir.graph @g {
  // expected-error @+1 {{input extent 4 of spatial dim 1 is smaller than the dilated kernel}}
  %conv = nir.conv2d "conv"() {input_shape = array<i64: 8, 4>, weight = dense<1.0> : tensor<4x2x3x3xf32>, stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 2>, groups = 1, bias = dense<0.0> : tensor<4xf32>} : tensor<4x6x1xf32>
}

// -----

// pool_c1: kernel_size, stride and padding are (H, W) pairs.
nir.graph @g {
  // expected-error @+1 {{kernel_size must have 2 entries, got 1}}
  %pool = nir.sum_pool2d "pool"() {kernel_size = array<i64: 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : tensor<1x2x2xf32>
}

// -----

// pool_c2: kernel_size and stride are >= 1, padding >= 0.
nir.graph @g {
  // expected-error @+1 {{stride must be >= 1, got [0, 2]}}
  %pool = nir.avg_pool2d "pool"() {kernel_size = array<i64: 2, 2>, stride = array<i64: 0, 2>, padding = array<i64: 0, 0>} : tensor<1x2x2xf32>
}

// -----

nir.graph @g {
  // expected-error @+1 {{padding must be >= 0, got [-1, 0]}}
  %pool = nir.avg_pool2d "pool"() {kernel_size = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: -1, 0>} : tensor<1x2x2xf32>
}

// -----

// flatten_c1: input_type is a shape.
nir.graph @g {
  // expected-error @+1 {{input_type must have entries >= 0, got [8, -4]}}
  %flat = nir.flatten "flat"() {input_type = array<i64: 8, -4>, start_dim = 0, end_dim = -1} : tensor<32xf32>
}

// -----

// flatten_c2: start_dim..end_dim is a valid range of input_type.
nir.graph @g {
  // expected-error @+1 {{start_dim 3 is out of range for an input of rank 3}}
  %flat = nir.flatten "flat"() {input_type = array<i64: 8, 4, 4>, start_dim = 3, end_dim = -1} : tensor<128xf32>
}

// -----

nir.graph @g {
  // expected-error @+1 {{end_dim -4 is out of range for an input of rank 3}}
  %flat = nir.flatten "flat"() {input_type = array<i64: 8, 4, 4>, start_dim = 0, end_dim = -4} : tensor<128xf32>
}

// -----

nir.graph @g {
  // expected-error @+1 {{start_dim 2 comes after end_dim 1}}
  %flat = nir.flatten "flat"() {input_type = array<i64: 8, 4, 4>, start_dim = 2, end_dim = 1} : tensor<128xf32>
}

// -----

// if_c1: r, v_threshold and v_reset share one shape.
nir.graph @g {
  // expected-error @+1 {{parameter 'v_reset' has shape [2] but 'r' has shape [3]; all parameters must share one shape}}
  %if = nir.if "if"() {r = dense<1.0> : tensor<3xf32>, v_threshold = dense<1.0> : tensor<3xf32>, v_reset = dense<0.0> : tensor<2xf32>} : tensor<3xf32>
}

// -----

// li_c1: tau, r and v_leak share one shape.
nir.graph @g {
  // expected-error @+1 {{parameter 'r' has shape [1, 3] but 'tau' has shape [3]}}
  %li = nir.li "li"() {tau = dense<0.01> : tensor<3xf32>, r = dense<1.0> : tensor<1x3xf32>, v_leak = dense<0.0> : tensor<3xf32>} : tensor<3xf32>
}

// -----

// lif_c1: tau, r, v_leak, v_threshold and v_reset share one shape.
nir.graph @g {
  // expected-error @+1 {{parameter 'v_threshold' has shape [] but 'tau' has shape [3]}}
  %lif = nir.lif "lif"() {tau = dense<0.01> : tensor<3xf32>, r = dense<1.0> : tensor<3xf32>, v_leak = dense<0.0> : tensor<3xf32>, v_threshold = dense<1.0> : tensor<f32>, v_reset = dense<0.0> : tensor<3xf32>} : tensor<3xf32>
}

// -----

// cuba_li_c1: tau_syn, tau_mem, r, v_leak and w_in share one shape.
nir.graph @g {
  // expected-error @+1 {{parameter 'w_in' has shape [1] but 'v_leak' has shape [3]}}
  %cli = nir.cuba_li "cli"() {tau_syn = dense<0.01> : tensor<3xf32>, tau_mem = dense<0.01> : tensor<3xf32>, r = dense<1.0> : tensor<3xf32>, v_leak = dense<0.0> : tensor<3xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<3xf32>
}

// -----

// cuba_lif_c1: all seven parameters share one shape.
nir.graph @g {
  // expected-error @+1 {{parameter 'tau_mem' has shape [4] but 'v_threshold' has shape [3]}}
  %clif = nir.cuba_lif "clif"() {tau_syn = dense<0.01> : tensor<3xf32>, tau_mem = dense<0.01> : tensor<4xf32>, r = dense<1.0> : tensor<3xf32>, v_leak = dense<0.0> : tensor<3xf32>, v_threshold = dense<1.0> : tensor<3xf32>, v_reset = dense<0.0> : tensor<3xf32>, w_in = dense<1.0> : tensor<3xf32>} : tensor<3xf32>
}

// -----

// param_c1: a parameter has integer or floating-point elements.
nir.graph @g {
  // expected-error @+1 {{attribute 'scale' failed to satisfy constraint: statically shaped integer or floating-point elements attribute}}
  %s = nir.scale "s"() {scale = dense<(1.0, 0.0)> : tensor<1xcomplex<f32>>} : tensor<1xf32>
}

// -----

// param_c1: ... and is an elements attribute.
nir.graph @g {
  // expected-error @+1 {{attribute 'r' failed to satisfy constraint: statically shaped integer or floating-point elements attribute}}
  %i = nir.i "i"() {r = 1.0 : f32} : tensor<1xf32>
}

// -----

// param_c2: a parameter's byte size fits in int64 (4 * 2^62 bytes wraps to 0).
nir.graph @g {
  %input = nir.input "input" : tensor<1xf32>
  // expected-error @+1 {{'nir.scale' op has an array of type 'tensor<4611686018427387904xf32>', which holds more bytes than fit in 64 bits}}
  %s = nir.scale "s"(%input) {scale = dense<1.0> : tensor<4611686018427387904xf32>} : tensor<1xf32>
}

// -----

// param_c2: ... in metadata too, at any depth.
nir.graph @g {
  // expected-error @+1 {{'nir.input' op has an array of type 'tensor<2305843009213693952x2xi64>', which holds more bytes than fit in 64 bits}}
  %input = nir.input "input" {metadata = {a = {b = [dense<1> : tensor<2305843009213693952x2xi64>]}}} : tensor<1xf32>
}

// -----

// param_c3: a resource blob holds exactly the bytes its type needs (here 4
// bytes of data for a tensor<4xf32>; the first 4 hex bytes are alignment).
nir.graph @g {
  %input = nir.input "input" : tensor<4xf32>
  // expected-error @+1 {{'nir.scale' op has an array of type 'tensor<4xf32>' whose resource 'short' holds 4 bytes; the type needs 16}}
  %s = nir.scale "s"(%input) {scale = dense_resource<short> : tensor<4xf32>} : tensor<4xf32>
}
{-#
  dialect_resources: {
    builtin: {
      short: "0x040000000000803F"
    }
  }
#-}

// -----

// param_c4: a splat stands for at most 2^24 elements (reading or folding it
// would expand 2^40 of them).
nir.graph @g {
  %input = nir.input "input" : tensor<1099511627776xf32>
  // expected-error @+1 {{'nir.scale' op has a splat array of type 'tensor<1099511627776xf32>': one value standing for more than 16777216 elements is refused, as using it expands it}}
  %s = nir.scale "s"(%input) {scale = dense<2.0> : tensor<1099511627776xf32>} : tensor<1099511627776xf32>
}

// -----

// signal_c3: a signal's byte size fits in int64.
nir.graph @g {
  // expected-error @+1 {{'nir.input' op result type 'tensor<4611686018427387904xf32>' holds more bytes than fit in 64 bits}}
  %input = nir.input "input" : tensor<4611686018427387904xf32>
}

// -----

// signal_c1: signals are float tensors, statically shaped or unranked.
nir.graph @g attributes {unchecked} {
  %input = nir.input "input" : tensor<2xf32>
  // expected-error @+1 {{result #0 must be statically shaped or unranked tensor of floating-point values}}
  %s = nir.scale "s"(%input) {scale = dense<1.0> : tensor<2xf32>} : tensor<2xf32> -> tensor<?xf32>
}

// -----

nir.graph @g attributes {unchecked} {
  %input = nir.input "input" : tensor<2xf32>
  // expected-error @+1 {{result #0 must be statically shaped or unranked tensor of floating-point values}}
  %s = nir.scale "s"(%input) {scale = dense<1.0> : tensor<2xf32>} : tensor<2xf32> -> tensor<*xi32>
}

// -----

// signal_c2: only an unchecked graph holds signals not inferred yet.
nir.graph @g {
  %input = nir.input "input" : tensor<2xf32>
  // expected-error @+1 {{node 's' has an unranked result in a graph not marked 'unchecked'}}
  %s = nir.scale "s"(%input) {scale = dense<1.0> : tensor<2xf32>} : tensor<2xf32> -> tensor<*xf32>
  %output = nir.output "output"(%s) : tensor<*xf32> -> tensor<2xf32>
}

// -----

// signal_c2: ... nor does a graph nested in a checked one.
nir.graph @g {
  %input = nir.input "input" : tensor<2xf32>
  %sub = nir.subgraph "sub"(%input) : tensor<2xf32> {
    %in = nir.input "in" : tensor<2xf32>
    // expected-error @+1 {{node 'lif' has an unranked result in a graph not marked 'unchecked'}}
    %lif = nir.lif "lif"(%in) {tau = dense<1.0e-03> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>} : tensor<2xf32> -> tensor<*xf32>
    %out = nir.output "out"(%lif) : tensor<*xf32> -> tensor<2xf32>
  }
  %output = nir.output "output"(%sub) : tensor<2xf32>
}

// -----

// port_c1: an Input's or Output's result is its NIR shape: statically shaped
// float, even in an unchecked graph.
nir.graph @g attributes {unchecked} {
  %input = nir.input "input" : tensor<2xf32>
  // expected-error @+1 {{result #0 must be statically shaped tensor of floating-point values}}
  %output = nir.output "output"(%input) : tensor<2xf32> -> tensor<*xf32>
}

// -----

nir.graph @g {
  // expected-error @+1 {{result #0 must be statically shaped tensor of floating-point values}}
  %input = nir.input "input" : tensor<?xf32>
}

// -----

nir.graph @g {
  // expected-error @+1 {{result #0 must be statically shaped tensor of floating-point values}}
  %input = nir.input "input" : tensor<2xi32>
}

// -----

// node_c1: nodes live in graphs.
// expected-error @+1 {{'nir.input' op expects parent op to be one of 'nir.graph, nir.subgraph'}}
%input = nir.input "input" : tensor<1xf32>

// -----

// A node without incoming edges spells only its result type.
nir.graph @g {
  // expected-error @+1 {{a node without incoming edges takes only its result type}}
  %s = nir.scale "s"() {scale = dense<1.0> : tensor<2xf32>} : tensor<2xf32> -> tensor<2xf32>
}

// -----

// An explicit edge type list has one type per edge.
nir.graph @g {
  %input = nir.input "input" : tensor<2xf32>
  // expected-error @+1 {{expected 1 edge types, got 2}}
  %s = nir.scale "s"(%input) {scale = dense<1.0> : tensor<2xf32>} : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
}

// -----

// edge_c2: extents are computed without overflow.
nir.graph @g {
  %input = nir.input "input" : tensor<2x4xf32>
  // expected-error @+1 {{output extent of spatial dim 0 overflows}}
  %conv = nir.conv1d "conv"(%input) {weight = dense<1.0> : tensor<2x2x1xf32>, stride = 1, padding = 9223372036854775807, dilation = 1, groups = 1, bias = dense<0.0> : tensor<2xf32>} : tensor<2x4xf32>
}

// -----

// graph_c4: the time step is positive and finite.
// expected-error @+1 {{time step 'dt' must be positive and finite, got 0}}
nir.graph @g attributes {dt = 0.0 : f64} {
  %input = nir.input "input" : tensor<2xf32>
}

// -----

// delay_c1: steps has the shape of delay, i64 elements, all >= 0.
nir.graph @g {
  %input = nir.input "input" : tensor<2xf32>
  // expected-error @+1 {{'steps' must be i64 elements of the shape of 'delay' [2]}}
  %d = nir.delay "d"(%input) {delay = dense<1.0> : tensor<2xf32>, steps = dense<1> : tensor<3xi64>} : tensor<2xf32>
}

// -----

// delay_c1: ... and no step count is negative.
nir.graph @g {
  %input = nir.input "input" : tensor<2xf32>
  // expected-error @+1 {{'steps' must be non-negative}}
  %d = nir.delay "d"(%input) {delay = dense<1.0> : tensor<2xf32>, steps = dense<[1, -1]> : tensor<2xi64>} : tensor<2xf32>
}

// -----

// euler_c1: a neuron's Euler factors are all present or all absent.
nir.graph @g {
  %input = nir.input "input" : tensor<2xf32>
  // expected-error @+1 {{has the Euler factor 'syn_decay' but not 'syn_gain'; nir-discretize writes all of them}}
  %c = nir.cuba_li "c"(%input) {tau_syn = dense<1.0> : tensor<2xf32>, tau_mem = dense<1.0> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, w_in = dense<1.0> : tensor<2xf32>, syn_decay = dense<0.5> : tensor<2xf32>} : tensor<2xf32>
}

// -----

// euler_c2: each Euler factor is a float tensor of the parameters' shape.
nir.graph @g {
  %input = nir.input "input" : tensor<2xf32>
  // expected-error @+1 {{Euler factor 'gain' must be a float tensor of the parameters' shape [2]}}
  %i = nir.i "i"(%input) {r = dense<1.0> : tensor<2xf32>, decay = dense<1.0> : tensor<2xf32>, gain = dense<1> : tensor<2xi64>} : tensor<2xf32>
}

// -----

// dialect_attr_c1: the nir dialect has only the discardable attributes it knows.
nir.graph @g {
  %input = nir.input "input" : tensor<1xf32>
  // expected-error @+1 {{unknown attribute 'nir.scale' of the nir dialect}}
  %fc = nir.linear "fc"(%input) {weight = dense<1.0> : tensor<1x1xf32>, nir.scale = 1.0} : tensor<1xf32> -> tensor<1xf32>
}

// -----

// quant_c1: only weight and neuron nodes carry a scale.
nir.graph @g {
  %input = nir.input "input" : tensor<1xf32>
  // expected-error @+1 {{'nir.quant_scale' belongs on weight and neuron nodes only}}
  %d = nir.delay "d"(%input) {delay = dense<1.0> : tensor<1xf32>, nir.quant_scale = dense<2.0> : tensor<1xf64>} : tensor<1xf32>
}

// -----

// quant_c2: the scales are positive.
nir.graph @g {
  %input = nir.input "input" : tensor<1xf32>
  // expected-error @+1 {{'nir.quant_scale' must hold positive finite scales, got 0}}
  %fc = nir.linear "fc"(%input) {weight = dense<1> : tensor<1x1xi8>, nir.quant_scale = dense<0.0> : tensor<1xf64>} : tensor<1xf32> -> tensor<1xf32>
}

// -----

// quant_c3: a quantised node's state-domain parameters are integers.
nir.graph @g {
  %input = nir.input "input" : tensor<1xf32>
  // expected-error @+1 {{parameter 'weight' of a quantised node (with 'nir.quant_scale') must hold integers, got 'f32'}}
  %fc = nir.linear "fc"(%input) {weight = dense<1.0> : tensor<1x1xf32>, nir.quant_scale = dense<2.0> : tensor<1xf64>} : tensor<1xf32> -> tensor<1xf32>
}

// -----

// quant_c4: one scale per output channel, or one.
nir.graph @g {
  %input = nir.input "input" : tensor<2xf32>
  // expected-error @+1 {{'nir.quant_scale' has 3 scales (one per output channel), but parameter 'weight' has 2 entries along dim 0}}
  %fc = nir.linear "fc"(%input) {weight = dense<1> : tensor<2x2xi8>, nir.quant_scale = dense<[1.0, 2.0, 3.0]> : tensor<3xf64>} : tensor<2xf32> -> tensor<2xf32>
}

// -----

// schedule_c1: a step is a non-negative integer.
nir.graph @g {
  // expected-error @+1 {{'nir.step' must be a non-negative integer on a node op}}
  %input = nir.input "input" {nir.step = -1 : i64} : tensor<1xf32>
  %output = nir.output "output"(%input) : tensor<1xf32>
}

// -----

// schedule_c2: a cycle without a delayed edge.
nir.graph @g {
  %input = nir.input "input" {nir.step = 0 : i64} : tensor<1xf32>
  // expected-error @+1 {{edge 1 is not delayed but does not come from an earlier nir.step (a cycle needs a delayed edge)}}
  %a = nir.scale "a"(%input, %b) {nir.step = 1 : i64, scale = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %b = nir.scale "b"(%a) {nir.step = 2 : i64, scale = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %output = nir.output "output"(%b) {nir.step = 3 : i64} : tensor<1xf32>
}

// -----

// schedule_c3: delayed edges are operand indices of a scheduled node.
nir.graph @g {
  %input = nir.input "input" {nir.step = 0 : i64} : tensor<1xf32>
  // expected-error @+1 {{'nir.delayed' must list operand indices in increasing order}}
  %output = nir.output "output"(%input) {nir.step = 1 : i64, nir.delayed = array<i64: 1>} : tensor<1xf32>
}

// -----

// edge_order_c1: a file's edge order is a list of node-name pairs on a graph.
// expected-error @+1 {{'nir.edge_order' must be an array of [source, target] node-name pairs on a graph}}
nir.graph @g attributes {nir.edge_order = [["input", "output"], ["input"]]} {
  %input = nir.input "input" : tensor<1xf32>
  %output = nir.output "output"(%input) : tensor<1xf32>
}

// -----

// edge_order_c1: only graphs record an edge order.
nir.graph @g {
  // expected-error @+1 {{'nir.edge_order' must be an array of [source, target] node-name pairs on a graph}}
  %input = nir.input "input" {nir.edge_order = []} : tensor<1xf32>
}
