// One neuron type each: the Euler update, the spike and the reset, the
// states carried by the root's forward under "<node>.v" / "<node>.i".
// RUN: nir-opt %s --split-input-file --convert-nir-to-torchscript="dtype=float64" | FileCheck %s
// RUN: nir-opt %s --split-input-file --pass-pipeline='builtin.module(raise-nir-record-nesting,nir.graph(nir-inline-subgraphs,nir-schedule),raise-nir-graphs{dtype=float64})' | FileCheck %s

// CHECK-LABEL: ts.module @i_graph
// CHECK: ts.module @n "__torch__.nirtorch.nodes.I" {
// CHECK: ts.buffer @r : !ts.tensor = dense<2.000000e+00> : tensor<2xf64>
// CHECK: ts.buffer @dt : !ts.tensor = dense<1.000000e-04> : tensor<f64>
// CHECK: ts.method @forward(%self: !{{.*}}, %x: !ts.tensor, %v: !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor> {
// CHECK-NEXT: %[[DT:.*]] = ts.get_attr %self["dt"]
// CHECK-NEXT: %[[R:.*]] = ts.get_attr %self["r"]
// CHECK-NEXT: %[[DTR:.*]] = ts.operator "aten::mul.Tensor"(%[[DT]], %[[R]])
// CHECK-NEXT: %[[DV:.*]] = ts.operator "aten::mul.Tensor"(%[[DTR]], %x)
// CHECK-NEXT: %[[ONE:.*]] = ts.constant(1) : !ts.int
// CHECK-NEXT: %[[V:.*]] = ts.operator "aten::add.Tensor"(%v, %[[DV]], %[[ONE]])
// CHECK-NEXT: %[[T:.*]] = ts.tuple_construct %[[V]], %[[V]]
// CHECK-NEXT: ts.return %[[T]]
// The root reads "n.v" (else zeros of the batch dims + [2] in float64 = 7,
// the batch dims read from the input only then) and writes it back.
// CHECK: ts.method @forward(
// CHECK: %[[KEY:.*]] = ts.constant("n.v") : !ts.str
// CHECK-NEXT: %[[HAS:.*]] = ts.operator "aten::__contains__.str"(%{{.*}}, %[[KEY]])
// CHECK-NEXT: %[[V0:.*]] = ts.if %[[HAS]] -> (!ts.tensor) {
// CHECK-NEXT:   ts.operator "aten::__getitem__.Dict_str"(%{{.*}}, %[[KEY]])
// CHECK: } else {
// CHECK-NEXT:   %[[DIM:.*]] = ts.operator "aten::dim"(%input)
// CHECK-NEXT:   %[[RANK:.*]] = ts.constant(1) : !ts.int
// CHECK-NEXT:   %[[END:.*]] = ts.operator "aten::sub.int"(%[[DIM]], %[[RANK]])
// CHECK-NEXT:   %[[SIZES:.*]] = ts.operator "aten::size"(%input)
// CHECK-NEXT:   %[[BEGIN:.*]] = ts.constant(0) : !ts.int
// CHECK-NEXT:   ts.constant(1)
// CHECK-NEXT:   %[[LEAD:.*]] = ts.operator "aten::slice.t"(%[[SIZES]], %[[BEGIN]], %[[END]],
// CHECK-NEXT:   %[[SHAPE:.*]] = ts.constant([2]) : !ts.list<!ts.int>
// CHECK-NEXT:   %[[SIZE:.*]] = ts.operator "aten::add.t"(%[[LEAD]], %[[SHAPE]])
// CHECK-NEXT:   %[[DEV:.*]] = ts.operator "prim::device"(%input)
// CHECK-NEXT:   %[[F64:.*]] = ts.constant(7) : !ts.int
// CHECK:        ts.operator "aten::zeros"(%[[SIZE]], %[[F64]], %{{.*}}, %[[DEV]],
// CHECK: %[[RES:.*]] = ts.call_method %{{.*}}["forward"](%input, %[[V0]])
// CHECK-NEXT: %[[OUT:.*]]:2 = ts.tuple_unpack %[[RES]]
// CHECK-NEXT: %[[K:.*]] = ts.constant("n.v") : !ts.str
// CHECK-NEXT: ts.dict_construct %[[K]], %[[OUT]]#1
nir.graph @i_graph {
  %input = nir.input "input" : tensor<2xf32>
  %n = nir.i "n"(%input) {r = dense<2.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%n) : tensor<2xf32>
}

// -----

// CHECK-LABEL: ts.module @li_graph
// CHECK: ts.module @n "__torch__.nirtorch.nodes.LI" {
// CHECK: ts.method @forward(%self: !{{.*}}, %x: !ts.tensor, %v: !ts.tensor)
// CHECK-NEXT: %[[DT:.*]] = ts.get_attr %self["dt"]
// CHECK-NEXT: %[[R:.*]] = ts.get_attr %self["r"]
// CHECK-NEXT: %[[RX:.*]] = ts.operator "aten::mul.Tensor"(%[[R]], %x)
// CHECK-NEXT: %[[LEAK:.*]] = ts.get_attr %self["v_leak"]
// CHECK-NEXT: ts.constant(1)
// CHECK-NEXT: %[[D:.*]] = ts.operator "aten::sub.Tensor"(%[[LEAK]], %v,
// CHECK-NEXT: ts.constant(1)
// CHECK-NEXT: %[[DRIVE:.*]] = ts.operator "aten::add.Tensor"(%[[D]], %[[RX]],
// CHECK-NEXT: %[[TAU:.*]] = ts.get_attr %self["tau"]
// CHECK-NEXT: %[[K:.*]] = ts.operator "aten::div.Tensor"(%[[DT]], %[[TAU]])
// CHECK-NEXT: %[[DV:.*]] = ts.operator "aten::mul.Tensor"(%[[K]], %[[DRIVE]])
// CHECK-NEXT: ts.constant(1)
// CHECK-NEXT: %[[V:.*]] = ts.operator "aten::add.Tensor"(%v, %[[DV]],
// CHECK-NEXT: ts.tuple_construct %[[V]], %[[V]]
nir.graph @li_graph {
  %input = nir.input "input" : tensor<2xf32>
  %n = nir.li "n"(%input) {tau = dense<0.01> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%n) : tensor<2xf32>
}

// -----

// IF: the spike is v' > v_threshold; the reset is chosen by the
// reset_subtract attribute; the output is the spike as the input's dtype.
// CHECK-LABEL: ts.module @if_graph
// CHECK: ts.module @n "__torch__.nirtorch.nodes.IF" {
// CHECK: ts.buffer @v_reset
// CHECK: ts.buffer @v_threshold
// CHECK: ts.buffer @dt
// CHECK: ts.attribute @reset_subtract : !ts.bool = false
// CHECK: %[[V:.*]] = ts.operator "aten::add.Tensor"(%v,
// CHECK-NEXT: %[[TH:.*]] = ts.get_attr %self["v_threshold"]
// CHECK-NEXT: %[[Z:.*]] = ts.operator "aten::gt.Tensor"(%[[V]], %[[TH]])
// CHECK-NEXT: %[[SUB:.*]] = ts.get_attr %self["reset_subtract"]
// CHECK-NEXT: %[[NEWV:.*]] = ts.if %[[SUB]] -> (!ts.tensor) {
// CHECK-NEXT:   ts.constant(1)
// CHECK-NEXT:   %[[VS:.*]] = ts.operator "aten::sub.Tensor"(%[[V]], %[[TH]],
// CHECK-NEXT:   ts.yield %[[VS]]
// CHECK-NEXT: } else {
// CHECK-NEXT:   %[[VR:.*]] = ts.get_attr %self["v_reset"]
// CHECK-NEXT:   ts.yield %[[VR]]
// CHECK-NEXT: }
// CHECK-NEXT: %[[VN:.*]] = ts.operator "aten::where.self"(%[[Z]], %[[NEWV]], %[[V]])
// CHECK-NEXT: %[[DTY:.*]] = ts.operator "prim::dtype"(%x)
// CHECK: %[[S:.*]] = ts.operator "aten::to.dtype"(%[[Z]], %[[DTY]],
// CHECK-NEXT: ts.tuple_construct %[[S]], %[[VN]]
nir.graph @if_graph {
  %input = nir.input "input" : tensor<2xf32>
  %n = nir.if "n"(%input) {r = dense<1.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%n) : tensor<2xf32>
}

// -----

// LIF: the LI update, then the spike and reset.
// CHECK-LABEL: ts.module @lif_graph
// CHECK: ts.module @n "__torch__.nirtorch.nodes.LIF" {
// CHECK: ts.operator "aten::div.Tensor"
// CHECK: ts.operator "aten::gt.Tensor"
// CHECK: ts.operator "aten::where.self"
nir.graph @lif_graph {
  %input = nir.input "input" : tensor<2xf32>
  %n = nir.lif "n"(%input) {tau = dense<0.01> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%n) : tensor<2xf32>
}

// -----

// CubaLI: the voltage update reads the old current; -i + w_in*x is
// computed as w_in*x - i (the same value in IEEE arithmetic).
// CHECK-LABEL: ts.module @cuba_graph
// CHECK: ts.module @n "__torch__.nirtorch.nodes.CubaLI" {
// CHECK: ts.method @forward(%self: !{{.*}}, %x: !ts.tensor, %v: !ts.tensor, %i: !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor, !ts.tensor> {
// CHECK-NEXT: %[[DT:.*]] = ts.get_attr %self["dt"]
// CHECK-NEXT: %[[WIN:.*]] = ts.get_attr %self["w_in"]
// CHECK-NEXT: %[[WX:.*]] = ts.operator "aten::mul.Tensor"(%[[WIN]], %x)
// CHECK-NEXT: ts.constant(1)
// CHECK-NEXT: %[[SYN:.*]] = ts.operator "aten::sub.Tensor"(%[[WX]], %i,
// CHECK-NEXT: %[[TS:.*]] = ts.get_attr %self["tau_syn"]
// CHECK-NEXT: %[[KS:.*]] = ts.operator "aten::div.Tensor"(%[[DT]], %[[TS]])
// CHECK-NEXT: %[[DI:.*]] = ts.operator "aten::mul.Tensor"(%[[KS]], %[[SYN]])
// CHECK-NEXT: ts.constant(1)
// CHECK-NEXT: %[[I2:.*]] = ts.operator "aten::add.Tensor"(%i, %[[DI]],
// CHECK-NEXT: %[[R:.*]] = ts.get_attr %self["r"]
// CHECK-NEXT: %[[RI:.*]] = ts.operator "aten::mul.Tensor"(%[[R]], %i)
// CHECK: %[[TM:.*]] = ts.get_attr %self["tau_mem"]
// CHECK: %[[V2:.*]] = ts.operator "aten::add.Tensor"(%v,
// CHECK-NEXT: ts.tuple_construct %[[V2]], %[[V2]], %[[I2]]
// coefficients() computes dt / tau_syn and dt / tau_mem as forward does;
// step() is forward with them as arguments.
// CHECK: ts.method @coefficients(%self: !{{.*}}) -> !ts.tuple<!ts.tensor, !ts.tensor> {
// CHECK-NEXT: %[[CDT:.*]] = ts.get_attr %self["dt"]
// CHECK-NEXT: %[[CTS:.*]] = ts.get_attr %self["tau_syn"]
// CHECK-NEXT: %[[CKS:.*]] = ts.operator "aten::div.Tensor"(%[[CDT]], %[[CTS]])
// CHECK-NEXT: %[[CTM:.*]] = ts.get_attr %self["tau_mem"]
// CHECK-NEXT: %[[CKM:.*]] = ts.operator "aten::div.Tensor"(%[[CDT]], %[[CTM]])
// CHECK-NEXT: %[[CK:.*]] = ts.tuple_construct %[[CKS]], %[[CKM]]
// CHECK-NEXT: ts.return %[[CK]]
// CHECK: ts.method @step(%self: !{{.*}}, %x: !ts.tensor, %v: !ts.tensor, %i: !ts.tensor, %k_syn: !ts.tensor, %k_mem: !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor, !ts.tensor> {
// CHECK-NOT: aten::div
// CHECK: ts.operator "aten::mul.Tensor"(%k_syn,
// CHECK-NOT: aten::div
// CHECK: ts.operator "aten::mul.Tensor"(%k_mem,
// CHECK-NOT: aten::div
// CHECK: ts.return
// The root's forward calls the node's forward with the dict's states.
// CHECK: ts.method @forward(
// CHECK: ts.constant("n.v")
// CHECK: ts.constant("n.i")
// CHECK: ts.call_method %{{.*}}["forward"]
// CHECK: ts.dict_construct {{.*}} : (!ts.str, !ts.tensor, !ts.str, !ts.tensor) ->
// forward_sequence computes the coefficients once, before the loop, and
// calls step in it.
// CHECK: ts.method @forward_sequence(
// CHECK: %[[N:.*]] = ts.get_attr %self["n"]
// CHECK-NEXT: %[[KT:.*]] = ts.call_method %[[N]]["coefficients"]()
// CHECK-NEXT: %[[K:.*]]:2 = ts.tuple_unpack %[[KT]]
// CHECK: ts.loop
// CHECK: ts.call_method %[[N]]["step"](%{{.*}}, %{{.*}}, %{{.*}}, %[[K]]#0, %[[K]]#1)
nir.graph @cuba_graph {
  %input = nir.input "input" : tensor<2xf32>
  %n = nir.cuba_li "n"(%input) {tau_syn = dense<0.005> : tensor<2xf32>, tau_mem = dense<0.01> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, w_in = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%n) : tensor<2xf32>
}

// -----

// CHECK-LABEL: ts.module @cubalif_graph
// CHECK: ts.module @n "__torch__.nirtorch.nodes.CubaLIF" {
// CHECK: ts.attribute @reset_subtract
// CHECK: ts.operator "aten::gt.Tensor"
// CHECK: ts.tuple_construct {{.*}} : (!ts.tensor, !ts.tensor, !ts.tensor) ->
nir.graph @cubalif_graph {
  %input = nir.input "input" : tensor<2xf32>
  %n = nir.cuba_lif "n"(%input) {tau_syn = dense<0.005> : tensor<2xf32>, tau_mem = dense<0.01> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>, w_in = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%n) : tensor<2xf32>
}
