// The raised module: one submodule per node (named after the node,
// sanitised and made unique), parameters as buffers, forward and
// forward_sequence on the root, port and name slots.
// RUN: nir-opt %s --split-input-file --convert-nir-to-torchscript | FileCheck %s
// RUN: nir-opt %s --split-input-file --pass-pipeline='builtin.module(raise-nir-record-nesting,nir.graph(nir-inline-subgraphs,nir-schedule),raise-nir-graphs)' | FileCheck %s

// CHECK-DAG: ![[AFFINE:.*]] = !ts.module<"__torch__.nirtorch.nodes.Affine">
// CHECK-DAG: ![[SCALE:.*]] = !ts.module<"__torch__.nirtorch.nodes.Scale">
// CHECK-DAG: ![[NET:.*]] = !ts.module<"__torch__.nirtorch.graphs.net">

// CHECK-LABEL: ts.module @net "__torch__.nirtorch.graphs.net" {
// CHECK-NEXT: ts.attribute @training : !ts.bool = false
// CHECK-NEXT: ts.attribute @nir_inputs : !ts.list<!ts.str> = ["input"]
// CHECK-NEXT: ts.attribute @nir_input_shapes : !ts.list<!ts.list<!ts.int>> = {{\[\[}}2]]
// CHECK-NEXT: ts.attribute @nir_outputs : !ts.list<!ts.str> = ["output"]
// CHECK-NEXT: ts.attribute @nir_output_shapes : !ts.list<!ts.list<!ts.int>> = {{\[\[}}3]]
// CHECK-NEXT: ts.attribute @nir_metadata : !ts.str = ""
// CHECK-NEXT: ts.attribute @nir_port_metadata : !ts.dict<!ts.str, !ts.str> = []
// CHECK-NEXT: ts.module @a_b "__torch__.nirtorch.nodes.Affine" {
// CHECK-NEXT:   ts.attribute @training : !ts.bool = false
// CHECK-NEXT:   ts.attribute @nir_name : !ts.str = "a.b"
// CHECK-NEXT:   ts.attribute @nir_metadata : !ts.str = ""
// CHECK-NEXT:   ts.attribute @nir_dtypes : !ts.dict<!ts.str, !ts.str> = {{\[\[}}"bias", "float32"], ["weight", "float32"]]
// CHECK-NEXT:   ts.buffer @bias : !ts.tensor = dense<5.000000e-01> : tensor<3xf32>
// CHECK-NEXT:   ts.buffer @weight : !ts.tensor = dense<{{\[\[}}1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00], [5.000000e+00, 6.000000e+00]]> : tensor<3x2xf32>
// CHECK-NEXT:   ts.method @forward(%self: ![[AFFINE]], %x: !ts.tensor) -> !ts.tensor {
// CHECK-NEXT:     %[[W:.*]] = ts.get_attr %self["weight"]
// CHECK-NEXT:     %[[B:.*]] = ts.get_attr %self["bias"]
// CHECK-NEXT:     %[[Y:.*]] = ts.operator "aten::linear"(%x, %[[W]], %[[B]])
// CHECK-NEXT:     ts.return %[[Y]] : !ts.tensor
// CHECK: ts.module @a_b_1 "__torch__.nirtorch.nodes.Scale" {
// CHECK-NEXT: ts.attribute @training : !ts.bool = false
// CHECK-NEXT: ts.attribute @nir_name : !ts.str = "a_b"
// CHECK-NEXT: ts.attribute @nir_metadata : !ts.str = ""
// CHECK-NEXT: ts.attribute @nir_dtypes : !ts.dict<!ts.str, !ts.str> = {{\[\[}}"scale", "float32"]]
// CHECK-NEXT: ts.buffer @scale : !ts.tensor = dense<2.000000e+00> : tensor<3xf32>
// CHECK: ts.module @nir_node_if "__torch__.nirtorch.nodes.Scale" {
// CHECK-NEXT: ts.attribute @training : !ts.bool = false
// CHECK-NEXT: ts.attribute @nir_name : !ts.str = "if"

// CHECK: ts.method @forward(%self: ![[NET]], %input: !ts.tensor, %state: !ts.optional<!ts.dict<!ts.str, !ts.tensor>> = #ts.none) -> !ts.tuple<!ts.tensor, !ts.dict<!ts.str, !ts.tensor>> {
// CHECK: %[[FC:.*]] = ts.get_attr %self["a_b"] : ![[NET]] -> ![[AFFINE]]
// CHECK-NEXT: %[[H:.*]] = ts.call_method %[[FC]]["forward"](%input) : ![[AFFINE]], (!ts.tensor) -> !ts.tensor
// CHECK-NEXT: %[[S1:.*]] = ts.get_attr %self["a_b_1"] : ![[NET]] -> ![[SCALE]]
// CHECK-NEXT: %[[H1:.*]] = ts.call_method %[[S1]]["forward"](%[[H]])
// CHECK-NEXT: %[[S2:.*]] = ts.get_attr %self["nir_node_if"] : ![[NET]] -> ![[SCALE]]
// CHECK-NEXT: %[[H2:.*]] = ts.call_method %[[S2]]["forward"](%[[H1]])
// CHECK-NEXT: %[[ST:.*]] = ts.dict_construct : () -> !ts.dict<!ts.str, !ts.tensor>
// CHECK-NEXT: %[[R:.*]] = ts.tuple_construct %[[H2]], %[[ST]]
// CHECK-NEXT: ts.return %[[R]]

// forward_sequence runs the node calls itself (no forward call, no dict),
// with the submodules read once before the loop; a stateless graph carries
// nothing.
// CHECK: ts.method @forward_sequence(%self: ![[NET]], %input: !ts.tensor) -> !ts.tensor {
// CHECK: %[[T:.*]] = ts.operator "aten::size.int"(%input,
// CHECK-NEXT: %[[M1:.*]] = ts.get_attr %self["a_b"]
// CHECK-NEXT: %[[M2:.*]] = ts.get_attr %self["a_b_1"]
// CHECK-NEXT: %[[M3:.*]] = ts.get_attr %self["nir_node_if"]
// CHECK: %[[OUTS:.*]] = ts.list_construct
// CHECK-NEXT: ts.loop %[[T]], %{{.*}} iter_args() : () -> () {
// CHECK-NEXT: ^bb0(%[[I:.*]]: !ts.int):
// CHECK: %[[X:.*]] = ts.operator "aten::select.int"(%input, %{{.*}}, %[[I]])
// CHECK-NEXT: %[[Y1:.*]] = ts.call_method %[[M1]]["forward"](%[[X]])
// CHECK-NEXT: %[[Y2:.*]] = ts.call_method %[[M2]]["forward"](%[[Y1]])
// CHECK-NEXT: %[[Y3:.*]] = ts.call_method %[[M3]]["forward"](%[[Y2]])
// CHECK-NEXT: ts.operator "aten::append.t"(%[[OUTS]], %[[Y3]])
// CHECK-NEXT: ts.condition
// CHECK: ts.operator "aten::stack"(%[[OUTS]],
// CHECK-NOT: nir.
nir.graph @net {
  %input = nir.input "input" : tensor<2xf32>
  %ab = nir.affine "a.b"(%input) {weight = dense<[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]> : tensor<3x2xf32>, bias = dense<0.5> : tensor<3xf32>} : tensor<2xf32> -> tensor<3xf32>
  %a_b = nir.scale "a_b"(%ab) {scale = dense<2.0> : tensor<3xf32>} : tensor<3xf32>
  %kw = nir.scale "if"(%a_b) {scale = dense<3.0> : tensor<3xf32>} : tensor<3xf32>
  %output = nir.output "output"(%kw) : tensor<3xf32>
}

// -----

// Several Inputs and Outputs: arguments and results in name order (not in
// the order the nodes are written; an unused Input is still an argument),
// argument names sanitised and clear of `self` and `state`; the port slots
// record the exact names and shapes.

// CHECK-LABEL: ts.module @ports "__torch__.nirtorch.graphs.ports" {
// CHECK-NEXT: ts.attribute @training : !ts.bool = false
// CHECK-NEXT: ts.attribute @nir_inputs : !ts.list<!ts.str> = ["in.a", "self", "state"]
// CHECK-NEXT: ts.attribute @nir_input_shapes : !ts.list<!ts.list<!ts.int>> = {{\[\[}}3], [2, 1], [2]]
// CHECK-NEXT: ts.attribute @nir_outputs : !ts.list<!ts.str> = ["out.1", "out.2"]
// CHECK-NEXT: ts.attribute @nir_output_shapes : !ts.list<!ts.list<!ts.int>> = {{\[\[}}2], [2]]
// CHECK: ts.module @lin "__torch__.nirtorch.nodes.Linear" {
// CHECK-NEXT: ts.attribute @training : !ts.bool = false
// CHECK-NEXT: ts.attribute @nir_name : !ts.str = "lin"
// CHECK: ts.buffer @weight

// CHECK: ts.method @forward(%self: ![[PORTS:.*]], %in_a: !ts.tensor, %self_1: !ts.tensor, %state_1: !ts.tensor, %state: !ts.optional<!ts.dict<!ts.str, !ts.tensor>> = #ts.none) -> !ts.tuple<!ts.tensor, !ts.tensor, !ts.dict<!ts.str, !ts.tensor>> {
// Without state, no batch dims are needed.
// CHECK-NOT: aten::dim
// CHECK: %[[LIN:.*]] = ts.get_attr %self["lin"]
// CHECK-NEXT: %[[Y:.*]] = ts.call_method %[[LIN]]["forward"](%in_a)
// CHECK: %[[ST:.*]] = ts.dict_construct : () -> !ts.dict<!ts.str, !ts.tensor>
// CHECK-NEXT: %[[R:.*]] = ts.tuple_construct %state_1, %[[Y]], %[[ST]] : (!ts.tensor, !ts.tensor, !ts.dict<!ts.str, !ts.tensor>) -> !ts.tuple<!ts.tensor, !ts.tensor, !ts.dict<!ts.str, !ts.tensor>>
// CHECK-NEXT: ts.return %[[R]]

// CHECK: ts.method @forward_sequence(%self: ![[PORTS]], %in_a: !ts.tensor, %self_1: !ts.tensor, %state_1: !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor> {
// CHECK: %[[STEPS:.*]] = ts.operator "aten::size.int"(%in_a,
// CHECK-NEXT: %[[LINM:.*]] = ts.get_attr %self["lin"]
// CHECK: %[[OUTS1:.*]] = ts.list_construct
// CHECK-NEXT: %[[OUTS2:.*]] = ts.list_construct
// CHECK: ts.loop %[[STEPS]]
// CHECK: %[[XA:.*]] = ts.operator "aten::select.int"(%in_a,
// CHECK: %[[XB:.*]] = ts.operator "aten::select.int"(%self_1,
// CHECK: %[[XC:.*]] = ts.operator "aten::select.int"(%state_1,
// CHECK-NEXT: %[[YL:.*]] = ts.call_method %[[LINM]]["forward"](%[[XA]])
// CHECK-NEXT: ts.operator "aten::append.t"(%[[OUTS1]], %[[XC]])
// CHECK-NEXT: ts.operator "aten::append.t"(%[[OUTS2]], %[[YL]])
// CHECK-NEXT: ts.condition(%{{.*}})
// CHECK-NEXT: }
// CHECK: %[[S1:.*]] = ts.operator "aten::stack"(%[[OUTS1]],
// CHECK: %[[S2:.*]] = ts.operator "aten::stack"(%[[OUTS2]],
// CHECK-NEXT: %[[BOTH:.*]] = ts.tuple_construct %[[S1]], %[[S2]]
// CHECK-NEXT: ts.return %[[BOTH]]
nir.graph @ports {
  %st = nir.input "state" : tensor<2xf32>
  %s = nir.input "self" : tensor<2x1xf32>
  %a = nir.input "in.a" : tensor<3xf32>
  %lin = nir.linear "lin"(%a) {weight = dense<1.0> : tensor<2x3xf32>} : tensor<3xf32> -> tensor<2xf32>
  %o2 = nir.output "out.2"(%lin) : tensor<2xf32>
  %o1 = nir.output "out.1"(%st) : tensor<2xf32>
}

// -----

// A weight with leading batch dims: y = matmul(W, x[..., None])[..., 0] + b.
// Objects of a class share the method, so once one Affine has a batched
// weight every Affine of the module chooses at run time on weight.dim().

// CHECK-LABEL: ts.module @batched
// CHECK: ts.module @fc "__torch__.nirtorch.nodes.Affine" {
// CHECK:   ts.method @forward(%self: ![[AFFINE:.*]], %x: !ts.tensor) -> !ts.tensor {
// CHECK-NEXT:     %[[W:.*]] = ts.get_attr %self["weight"]
// CHECK-NEXT:     %[[B:.*]] = ts.get_attr %self["bias"]
// CHECK-NEXT:     %[[RANK:.*]] = ts.operator "aten::dim"(%[[W]])
// CHECK-NEXT:     %[[TWO:.*]] = ts.constant(2) : !ts.int
// CHECK-NEXT:     %[[MATRIX:.*]] = ts.operator "aten::eq.int"(%[[RANK]], %[[TWO]])
// CHECK-NEXT:     %[[Y:.*]] = ts.if %[[MATRIX]] -> (!ts.tensor) {
// CHECK-NEXT:       %[[LIN:.*]] = ts.operator "aten::linear"(%x, %[[W]], %[[B]])
// CHECK-NEXT:       ts.yield %[[LIN]]
// CHECK-NEXT:     } else {
// CHECK-NEXT:       %[[M1:.*]] = ts.constant(-1) : !ts.int
// CHECK-NEXT:       %[[COL:.*]] = ts.operator "aten::unsqueeze"(%x, %[[M1]])
// CHECK-NEXT:       %[[PROD:.*]] = ts.operator "aten::matmul"(%[[W]], %[[COL]])
// CHECK-NEXT:       %[[M1B:.*]] = ts.constant(-1) : !ts.int
// CHECK-NEXT:       %[[SQ:.*]] = ts.operator "aten::squeeze.dim"(%[[PROD]], %[[M1B]])
// CHECK-NEXT:       %[[ONE:.*]] = ts.constant(1) : !ts.int
// CHECK-NEXT:       %[[SUM:.*]] = ts.operator "aten::add.Tensor"(%[[SQ]], %[[B]], %[[ONE]])
// CHECK-NEXT:       ts.yield %[[SUM]]
// CHECK-NEXT:     }
// CHECK-NEXT:     ts.return %[[Y]] : !ts.tensor
// The Linear class has no batched weight here: plain linear.
// CHECK: ts.module @lin "__torch__.nirtorch.nodes.Linear" {
// CHECK:   ts.method @forward(
// CHECK-NEXT:     %[[LW:.*]] = ts.get_attr %self["weight"]
// CHECK-NEXT:     %[[NONE:.*]] = ts.constant(#ts.none)
// CHECK-NEXT:     %[[LY:.*]] = ts.operator "aten::linear"(%x, %[[LW]], %[[NONE]])
// CHECK-NEXT:     ts.return %[[LY]]
// CHECK: ts.module @fc2 "__torch__.nirtorch.nodes.Affine" {
// CHECK: ts.buffer @weight : !ts.tensor = dense<5.000000e-01> : tensor<2x2xf32>
// CHECK: ts.operator "aten::dim"
nir.graph @batched {
  %input = nir.input "input" : tensor<3x2xf32>
  %fc = nir.affine "fc"(%input) {weight = dense<1.0> : tensor<3x4x2xf32>, bias = dense<0.5> : tensor<4xf32>} : tensor<3x2xf32> -> tensor<3x4xf32>
  %flat = nir.flatten "flat"(%fc) {start_dim = 0 : i64, end_dim = -1 : i64} : tensor<3x4xf32> -> tensor<12xf32>
  %lin = nir.linear "lin"(%flat) {weight = dense<1.0> : tensor<2x12xf32>} : tensor<12xf32> -> tensor<2xf32>
  %fc2 = nir.affine "fc2"(%lin) {weight = dense<0.5> : tensor<2x2xf32>, bias = dense<0.0> : tensor<2xf32>} : tensor<2xf32> -> tensor<2xf32>
  %output = nir.output "output"(%fc2) : tensor<2xf32>
}

// -----

// A nested graph: its nodes' modules sit in a container submodule that
// records the subgraph (name, ports, metadata, its nodes with their edges),
// and the root records its own nodes; the code runs the inlined graph.

// CHECK-LABEL: ts.module @nested "__torch__.nirtorch.graphs.nested" {
// CHECK: ts.attribute @nir_metadata : !ts.str = "{dt = 1.000000e-03 : f64}"
// CHECK: ts.attribute @nir_port_metadata : !ts.dict<!ts.str, !ts.str> = {{\[\[}}"input", "{unit = \22V\22}"]]
// CHECK-NEXT: ts.attribute @nir_nodes : !ts.list<!ts.list<!ts.str>> = {{\[\[}}"input"], ["sub", "input"], ["output", "sub"]]
// CHECK-NEXT: ts.module @sub "__torch__.nirtorch.subgraphs.nested.sub" {
// CHECK-NEXT: ts.attribute @training : !ts.bool = false
// CHECK-NEXT: ts.attribute @nir_name : !ts.str = "sub"
// CHECK-NEXT: ts.attribute @nir_metadata : !ts.str = "{k = [1, 2]}"
// CHECK-NEXT: ts.attribute @nir_input : !ts.str = "in"
// CHECK-NEXT: ts.attribute @nir_input_shape : !ts.list<!ts.int> = [2]
// CHECK-NEXT: ts.attribute @nir_output : !ts.str = "out"
// CHECK-NEXT: ts.attribute @nir_output_shape : !ts.list<!ts.int> = [2]
// CHECK-NEXT: ts.attribute @nir_nodes : !ts.list<!ts.list<!ts.str>> = {{\[\[}}"in"], ["s", "in"], ["out", "s"]]
// CHECK-NEXT: ts.attribute @nir_port_metadata : !ts.dict<!ts.str, !ts.str> = []
// CHECK-NEXT: ts.module @s "__torch__.nirtorch.nodes.Scale" {
// CHECK-NEXT: ts.attribute @training : !ts.bool = false
// CHECK-NEXT: ts.attribute @nir_name : !ts.str = "sub.s"
// CHECK: ts.method @forward(%self: ![[NESTED:.*]], %input: !ts.tensor
// CHECK: %[[SUB:.*]] = ts.get_attr %self["sub"] : ![[NESTED]] -> ![[SUBT:.*]]
// CHECK-NEXT: %[[S:.*]] = ts.get_attr %[[SUB]]["s"] : ![[SUBT]] -> !
// CHECK-NEXT: ts.call_method %[[S]]["forward"](%input)
nir.graph @nested attributes {metadata = {dt = 1.0e-3 : f64}} {
  %input = nir.input "input" {metadata = {unit = "V"}} : tensor<2xf32>
  %sub = nir.subgraph "sub"(%input) attributes {metadata = {k = [1, 2]}} : tensor<2xf32> {
    %in = nir.input "in" : tensor<2xf32>
    %s = nir.scale "s"(%in) {scale = dense<2.0> : tensor<2xf32>} : tensor<2xf32>
    %out = nir.output "out"(%s) : tensor<2xf32>
  }
  %output = nir.output "output"(%sub) : tensor<2xf32>
}
