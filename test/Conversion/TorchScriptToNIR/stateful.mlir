// RUN: nir-opt %s --split-input-file --lower-torchscript-to-nir="input-shape=3" | FileCheck %s

// Stateful neuron modules return (output, state). Their extra arguments
// (states read from the forward's `state` dict, None, zeros) and the state
// elements of their results are state: the plumbing that builds, reads and
// tests it (`state is None`, `"k" in state`, `state["k"]`, zeros_like,
// dict and tuple constructs, sizes) is dropped. The root returns
// (output, state): the graph's output is element 0. The neuron here is the
// raised LIF class (__torch__.nirtorch.nodes.LIF, mapped built in); without
// a `nir_name` slot its node is named after the submodule path.

!Net = !ts.module<"__torch__.DictState">
!Linear = !ts.module<"__torch__.torch.nn.modules.linear.Linear">
!LIF = !ts.module<"__torch__.nirtorch.nodes.LIF">
ts.module @dict_state "__torch__.DictState" {
  ts.module @fc "__torch__.torch.nn.modules.linear.Linear" {
    ts.parameter @weight requires_grad : !ts.tensor = dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
    ts.parameter @bias requires_grad : !ts.optional<!ts.tensor> = dense<[0.5, -0.5]> : tensor<2xf32>
    ts.method @forward(%self: !Linear, %x: !ts.tensor) -> !ts.tensor {
      %w = ts.get_attr %self["weight"] : !Linear -> !ts.tensor
      %b = ts.get_attr %self["bias"] : !Linear -> !ts.optional<!ts.tensor>
      %0 = ts.operator "aten::linear"(%x, %w, %b) : (!ts.tensor, !ts.tensor, !ts.optional<!ts.tensor>) -> !ts.tensor
      ts.return %0 : !ts.tensor
    }
  }
  ts.module @lif "__torch__.nirtorch.nodes.LIF" {
    ts.buffer @tau : !ts.tensor = dense<2.0e-02> : tensor<2xf64>
    ts.buffer @r : !ts.tensor = dense<1.0> : tensor<2xf64>
    ts.buffer @v_leak : !ts.tensor = dense<0.0> : tensor<2xf64>
    ts.buffer @v_threshold : !ts.tensor = dense<1.0> : tensor<2xf64>
    ts.buffer @v_reset : !ts.tensor = dense<0.0> : tensor<2xf64>
    ts.method @forward(%self: !LIF, %x: !ts.tensor, %v: !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor> {
      %0 = ts.tuple_construct %x, %v : (!ts.tensor, !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor>
      ts.return %0 : !ts.tuple<!ts.tensor, !ts.tensor>
    }
  }
  ts.method @forward(%self: !Net, %x: !ts.tensor, %state: !ts.optional<!ts.dict<!ts.str, !ts.tensor>> = #ts.none) -> !ts.tuple<!ts.tensor, !ts.dict<!ts.str, !ts.tensor>> {
    %none = ts.constant(#ts.none) : !ts.none
    %is_none = ts.operator "aten::__is__"(%state, %none) : (!ts.optional<!ts.dict<!ts.str, !ts.tensor>>, !ts.none) -> !ts.bool
    %s = ts.if %is_none -> (!ts.dict<!ts.str, !ts.tensor>) {
      %empty = ts.dict_construct : () -> !ts.dict<!ts.str, !ts.tensor>
      ts.yield %empty : !ts.dict<!ts.str, !ts.tensor>
    } else {
      %cast = ts.operator "prim::unchecked_cast"(%state) : (!ts.optional<!ts.dict<!ts.str, !ts.tensor>>) -> !ts.dict<!ts.str, !ts.tensor>
      ts.yield %cast : !ts.dict<!ts.str, !ts.tensor>
    }
    %fc = ts.get_attr %self["fc"] : !Net -> !Linear
    %y = ts.call_method %fc["forward"](%x) : !Linear, (!ts.tensor) -> !ts.tensor
    %key = ts.constant("lif") : !ts.str
    %has = ts.operator "aten::__contains__.str"(%s, %key) : (!ts.dict<!ts.str, !ts.tensor>, !ts.str) -> !ts.bool
    // The zero state is built from the signal's metadata: not a use of it.
    %v = ts.if %has -> (!ts.tensor) {
      %old = ts.operator "aten::__getitem__.Dict_str"(%s, %key) : (!ts.dict<!ts.str, !ts.tensor>, !ts.str) -> !ts.tensor
      ts.yield %old : !ts.tensor
    } else {
      %zeros = ts.operator "aten::zeros_like"(%y, %none, %none, %none, %none, %none) : (!ts.tensor, !ts.none, !ts.none, !ts.none, !ts.none, !ts.none) -> !ts.tensor
      ts.yield %zeros : !ts.tensor
    }
    %lif = ts.get_attr %self["lif"] : !Net -> !LIF
    %r = ts.call_method %lif["forward"](%y, %v) : !LIF, (!ts.tensor, !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor>
    %spikes, %v_new = ts.tuple_unpack %r : !ts.tuple<!ts.tensor, !ts.tensor> -> !ts.tensor, !ts.tensor
    %new_state = ts.dict_construct %key, %v_new : (!ts.str, !ts.tensor) -> !ts.dict<!ts.str, !ts.tensor>
    %ret = ts.tuple_construct %spikes, %new_state : (!ts.tensor, !ts.dict<!ts.str, !ts.tensor>) -> !ts.tuple<!ts.tensor, !ts.dict<!ts.str, !ts.tensor>>
    ts.return %ret : !ts.tuple<!ts.tensor, !ts.dict<!ts.str, !ts.tensor>>
  }
}

// CHECK-LABEL: nir.graph @dict_state {
// CHECK-NEXT:    %[[IN:.*]] = nir.input "input" : tensor<3xf32>
// CHECK-NEXT:    %[[FC:.*]] = nir.affine "fc"(%[[IN]])
// CHECK-NEXT:    %[[LIF:.*]] = nir.lif "lif"(%[[FC]]) {r = dense<1.000000e+00> : tensor<2xf64>, tau = dense<2.000000e-02> : tensor<2xf64>, v_leak = dense<0.000000e+00> : tensor<2xf64>, v_reset = dense<0.000000e+00> : tensor<2xf64>, v_threshold = dense<1.000000e+00> : tensor<2xf64>} : tensor<2xf32>
// CHECK-NEXT:    nir.output "output"(%[[LIF]]) : tensor<2xf32>
// CHECK-NEXT:  }

// -----

// A tuple state with a default (`state: Optional[Tuple[Tensor, Tensor]] =
// None`), unpacked or replaced by None / zeros of [batch, 2] computed from
// x.size(0); a user block (inlined) that threads its own state and returns
// (output, state); the root returns (output, (v1, v2)).

!Net = !ts.module<"__torch__.TupleState">
!Block = !ts.module<"__torch__.Block">
!Linear = !ts.module<"__torch__.torch.nn.modules.linear.Linear">
!LIF = !ts.module<"__torch__.nirtorch.nodes.LIF">
ts.module @tuple_state "__torch__.TupleState" {
  ts.module @block "__torch__.Block" {
    ts.module @fc "__torch__.torch.nn.modules.linear.Linear" {
      ts.parameter @weight requires_grad : !ts.tensor = dense<1.0> : tensor<2x3xf32>
      ts.parameter @bias : !ts.optional<!ts.tensor> = #ts.none
      ts.method @forward(%self: !Linear, %x: !ts.tensor) -> !ts.tensor {
        %weight = ts.get_attr %self["weight"] : !Linear -> !ts.tensor
        %bias = ts.get_attr %self["bias"] : !Linear -> !ts.optional<!ts.tensor>
        %0 = ts.operator "aten::linear"(%x, %weight, %bias) : (!ts.tensor, !ts.tensor, !ts.optional<!ts.tensor>) -> !ts.tensor
        ts.return %0 : !ts.tensor
      }
    }
    ts.module @lif "__torch__.nirtorch.nodes.LIF" {
      ts.attribute @nir_name : !ts.str = "block.neuron"
      ts.buffer @tau : !ts.tensor = dense<2.0e-02> : tensor<2xf32>
      ts.buffer @r : !ts.tensor = dense<1.0> : tensor<2xf32>
      ts.buffer @v_leak : !ts.tensor = dense<0.0> : tensor<2xf32>
      ts.buffer @v_threshold : !ts.tensor = dense<1.0> : tensor<2xf32>
      ts.buffer @v_reset : !ts.tensor = dense<0.0> : tensor<2xf32>
      ts.method @forward(%self: !LIF, %x: !ts.tensor, %v: !ts.optional<!ts.tensor>) -> !ts.tuple<!ts.tensor, !ts.tensor> {
        %0 = ts.tuple_construct %x, %x : (!ts.tensor, !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor>
        ts.return %0 : !ts.tuple<!ts.tensor, !ts.tensor>
      }
    }
    ts.method @forward(%self: !Block, %x: !ts.tensor, %v: !ts.optional<!ts.tensor>) -> !ts.tuple<!ts.tensor, !ts.tensor> {
      %fc = ts.get_attr %self["fc"] : !Block -> !Linear
      %y = ts.call_method %fc["forward"](%x) : !Linear, (!ts.tensor) -> !ts.tensor
      %lif = ts.get_attr %self["lif"] : !Block -> !LIF
      %r = ts.call_method %lif["forward"](%y, %v) : !LIF, (!ts.tensor, !ts.optional<!ts.tensor>) -> !ts.tuple<!ts.tensor, !ts.tensor>
      ts.return %r : !ts.tuple<!ts.tensor, !ts.tensor>
    }
  }
  ts.module @lif2 "__torch__.nirtorch.nodes.LIF" {
    ts.attribute @nir_name : !ts.str = "second"
    ts.buffer @tau : !ts.tensor = dense<2.0e-02> : tensor<2xf32>
    ts.buffer @r : !ts.tensor = dense<1.0> : tensor<2xf32>
    ts.buffer @v_leak : !ts.tensor = dense<0.0> : tensor<2xf32>
    ts.buffer @v_threshold : !ts.tensor = dense<1.0> : tensor<2xf32>
    ts.buffer @v_reset : !ts.tensor = dense<0.0> : tensor<2xf32>
    ts.method @forward(%self: !LIF, %x: !ts.tensor, %v: !ts.optional<!ts.tensor>) -> !ts.tuple<!ts.tensor, !ts.tensor> {
      %0 = ts.tuple_construct %x, %x : (!ts.tensor, !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor>
      ts.return %0 : !ts.tuple<!ts.tensor, !ts.tensor>
    }
  }
  ts.method @forward(%self: !Net, %x: !ts.tensor, %state: !ts.optional<!ts.tuple<!ts.tensor, !ts.tensor>> = #ts.none) -> !ts.tuple<!ts.tensor, !ts.tuple<!ts.tensor, !ts.tensor>> {
    %none = ts.constant(#ts.none) : !ts.none
    %int0 = ts.constant(0) : !ts.int
    %int2 = ts.constant(2) : !ts.int
    %is_none = ts.operator "aten::__is__"(%state, %none) : (!ts.optional<!ts.tuple<!ts.tensor, !ts.tensor>>, !ts.none) -> !ts.bool
    %v1, %v2 = ts.if %is_none -> (!ts.optional<!ts.tensor>, !ts.tensor) {
      %batch = ts.operator "aten::size.int"(%x, %int0) : (!ts.tensor, !ts.int) -> !ts.int
      %sizes = ts.list_construct %batch, %int2 : (!ts.int, !ts.int) -> !ts.list<!ts.int>
      %zeros = ts.operator "aten::zeros"(%sizes, %none, %none, %none, %none) : (!ts.list<!ts.int>, !ts.none, !ts.none, !ts.none, !ts.none) -> !ts.tensor
      ts.yield %none, %zeros : !ts.none, !ts.tensor
    } else {
      %cast = ts.operator "prim::unchecked_cast"(%state) : (!ts.optional<!ts.tuple<!ts.tensor, !ts.tensor>>) -> !ts.tuple<!ts.tensor, !ts.tensor>
      %a, %b = ts.tuple_unpack %cast : !ts.tuple<!ts.tensor, !ts.tensor> -> !ts.tensor, !ts.tensor
      ts.yield %a, %b : !ts.tensor, !ts.tensor
    }
    %block = ts.get_attr %self["block"] : !Net -> !Block
    %r1 = ts.call_method %block["forward"](%x, %v1) : !Block, (!ts.tensor, !ts.optional<!ts.tensor>) -> !ts.tuple<!ts.tensor, !ts.tensor>
    %idx0 = ts.constant(0) : !ts.int
    %idx1 = ts.constant(1) : !ts.int
    %s1 = ts.operator "prim::TupleIndex"(%r1, %idx0) : (!ts.tuple<!ts.tensor, !ts.tensor>, !ts.int) -> !ts.tensor
    %n1 = ts.operator "prim::TupleIndex"(%r1, %idx1) : (!ts.tuple<!ts.tensor, !ts.tensor>, !ts.int) -> !ts.tensor
    %lif2 = ts.get_attr %self["lif2"] : !Net -> !LIF
    %r2 = ts.call_method %lif2["forward"](%s1, %v2) : !LIF, (!ts.tensor, !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor>
    %s2, %n2 = ts.tuple_unpack %r2 : !ts.tuple<!ts.tensor, !ts.tensor> -> !ts.tensor, !ts.tensor
    %states = ts.tuple_construct %n1, %n2 : (!ts.tensor, !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor>
    %ret = ts.tuple_construct %s2, %states : (!ts.tensor, !ts.tuple<!ts.tensor, !ts.tensor>) -> !ts.tuple<!ts.tensor, !ts.tuple<!ts.tensor, !ts.tensor>>
    ts.return %ret : !ts.tuple<!ts.tensor, !ts.tuple<!ts.tensor, !ts.tensor>>
  }
}

// A nir_name slot names the node (block.neuron), else the submodule path.
// CHECK-LABEL: nir.graph @tuple_state {
// CHECK-NEXT:    %[[IN:.*]] = nir.input "input" : tensor<3xf32>
// CHECK-NEXT:    %[[FC:.*]] = nir.linear "block.fc"(%[[IN]]) {weight = dense<1.000000e+00> : tensor<2x3xf32>} : tensor<3xf32> -> tensor<2xf32>
// CHECK-NEXT:    %[[L1:.*]] = nir.lif "block.neuron"(%[[FC]])
// CHECK-NEXT:    %[[L2:.*]] = nir.lif "second"(%[[L1]])
// CHECK-NEXT:    nir.output "output"(%[[L2]]) : tensor<2xf32>
// CHECK-NEXT:  }

// -----

// Delayed edges as the raising writes them: the previous output of node
// "rec" is read from state["rec.out"] with a zeros fallback of shape
// batch + [2], summed into "lif.x" (fan-in with a delayed edge), and written
// back into the returned dict. The read becomes an edge from "rec", a node
// defined later (nir.graph is a graph region). A self-loop ("self" reads its
// own output) and a delayed edge that is a node's only input ("echo") too.

!Net = !ts.module<"__torch__.nirtorch.graphs.loop">
!LIF = !ts.module<"__torch__.nirtorch.nodes.LIF">
!Linear = !ts.module<"__torch__.nirtorch.nodes.Linear">
!Scale = !ts.module<"__torch__.nirtorch.nodes.Scale">
ts.module @loop "__torch__.nirtorch.graphs.loop" {
  ts.attribute @nir_inputs : !ts.list<!ts.str> = ["in"]
  ts.attribute @nir_input_shapes : !ts.list<!ts.list<!ts.int>> = [[3]]
  ts.attribute @nir_outputs : !ts.list<!ts.str> = ["out"]
  ts.module @fc "__torch__.nirtorch.nodes.Linear" {
    ts.attribute @nir_name : !ts.str = "fc"
    ts.buffer @weight : !ts.tensor = dense<1.0> : tensor<2x3xf32>
    ts.method @forward(%self: !Linear, %x: !ts.tensor) -> !ts.tensor {
      ts.return %x : !ts.tensor
    }
  }
  ts.module @lif_x "__torch__.nirtorch.nodes.LIF" {
    ts.attribute @nir_name : !ts.str = "lif.x"
    ts.buffer @tau : !ts.tensor = dense<2.0e-02> : tensor<2xf32>
    ts.buffer @r : !ts.tensor = dense<1.0> : tensor<2xf32>
    ts.buffer @v_leak : !ts.tensor = dense<0.0> : tensor<2xf32>
    ts.buffer @v_threshold : !ts.tensor = dense<1.0> : tensor<2xf32>
    ts.buffer @v_reset : !ts.tensor = dense<0.0> : tensor<2xf32>
    ts.method @forward(%self: !LIF, %x: !ts.tensor, %v: !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor> {
      %0 = ts.tuple_construct %x, %v : (!ts.tensor, !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor>
      ts.return %0 : !ts.tuple<!ts.tensor, !ts.tensor>
    }
  }
  ts.module @rec "__torch__.nirtorch.nodes.Linear" {
    ts.attribute @nir_name : !ts.str = "rec"
    ts.buffer @weight : !ts.tensor = dense<0.5> : tensor<2x2xf32>
    ts.method @forward(%self: !Linear, %x: !ts.tensor) -> !ts.tensor {
      ts.return %x : !ts.tensor
    }
  }
  ts.module @self_ "__torch__.nirtorch.nodes.Scale" {
    ts.attribute @nir_name : !ts.str = "self"
    ts.buffer @scale : !ts.tensor = dense<0.25> : tensor<2xf32>
    ts.method @forward(%self: !Scale, %x: !ts.tensor) -> !ts.tensor {
      ts.return %x : !ts.tensor
    }
  }
  ts.module @echo "__torch__.nirtorch.nodes.Scale" {
    ts.attribute @nir_name : !ts.str = "echo"
    ts.buffer @scale : !ts.tensor = dense<2.0> : tensor<2xf32>
    ts.method @forward(%self: !Scale, %x: !ts.tensor) -> !ts.tensor {
      ts.return %x : !ts.tensor
    }
  }
  ts.method @forward(%self: !Net, %in: !ts.tensor, %state: !ts.optional<!ts.dict<!ts.str, !ts.tensor>> = #ts.none) -> !ts.tuple<!ts.tensor, !ts.dict<!ts.str, !ts.tensor>> {
    %none = ts.constant(#ts.none) : !ts.none
    %int1 = ts.constant(1) : !ts.int
    %int0 = ts.constant(0) : !ts.int
    %int6 = ts.constant(6) : !ts.int
    %is_none = ts.operator "aten::__is__"(%state, %none) : (!ts.optional<!ts.dict<!ts.str, !ts.tensor>>, !ts.none) -> !ts.bool
    %s = ts.if %is_none -> (!ts.dict<!ts.str, !ts.tensor>) {
      %empty = ts.dict_construct : () -> !ts.dict<!ts.str, !ts.tensor>
      ts.yield %empty : !ts.dict<!ts.str, !ts.tensor>
    } else {
      %cast = ts.operator "prim::unchecked_cast"(%state) : (!ts.optional<!ts.dict<!ts.str, !ts.tensor>>) -> !ts.dict<!ts.str, !ts.tensor>
      ts.yield %cast : !ts.dict<!ts.str, !ts.tensor>
    }
    %dim = ts.operator "aten::dim"(%in) : (!ts.tensor) -> !ts.int
    %lead = ts.operator "aten::sub.int"(%dim, %int1) : (!ts.int, !ts.int) -> !ts.int
    %sizes = ts.operator "aten::size"(%in) : (!ts.tensor) -> !ts.list<!ts.int>
    %batch = ts.operator "aten::slice.t"(%sizes, %int0, %lead, %int1) : (!ts.list<!ts.int>, !ts.int, !ts.int, !ts.int) -> !ts.list<!ts.int>
    %device = ts.operator "prim::device"(%in) : (!ts.tensor) -> !ts.device
    %rec_key = ts.constant("rec.out") : !ts.str
    %has_rec = ts.operator "aten::__contains__.str"(%s, %rec_key) : (!ts.dict<!ts.str, !ts.tensor>, !ts.str) -> !ts.bool
    %rec_prev = ts.if %has_rec -> (!ts.tensor) {
      %old = ts.operator "aten::__getitem__.Dict_str"(%s, %rec_key) : (!ts.dict<!ts.str, !ts.tensor>, !ts.str) -> !ts.tensor
      ts.yield %old : !ts.tensor
    } else {
      %extent = ts.constant([2]) : !ts.list<!ts.int>
      %shape = ts.operator "aten::add.t"(%batch, %extent) : (!ts.list<!ts.int>, !ts.list<!ts.int>) -> !ts.list<!ts.int>
      %zeros = ts.operator "aten::zeros"(%shape, %int6, %none, %device, %none) : (!ts.list<!ts.int>, !ts.int, !ts.none, !ts.device, !ts.none) -> !ts.tensor
      ts.yield %zeros : !ts.tensor
    }
    %self_key = ts.constant("self.out") : !ts.str
    %has_self = ts.operator "aten::__contains__.str"(%s, %self_key) : (!ts.dict<!ts.str, !ts.tensor>, !ts.str) -> !ts.bool
    %self_prev = ts.if %has_self -> (!ts.tensor) {
      %old = ts.operator "aten::__getitem__.Dict_str"(%s, %self_key) : (!ts.dict<!ts.str, !ts.tensor>, !ts.str) -> !ts.tensor
      ts.yield %old : !ts.tensor
    } else {
      %extent = ts.constant([2]) : !ts.list<!ts.int>
      %shape = ts.operator "aten::add.t"(%batch, %extent) : (!ts.list<!ts.int>, !ts.list<!ts.int>) -> !ts.list<!ts.int>
      %zeros = ts.operator "aten::zeros"(%shape, %int6, %none, %device, %none) : (!ts.list<!ts.int>, !ts.int, !ts.none, !ts.device, !ts.none) -> !ts.tensor
      ts.yield %zeros : !ts.tensor
    }
    %fc = ts.get_attr %self["fc"] : !Net -> !Linear
    %y = ts.call_method %fc["forward"](%in) : !Linear, (!ts.tensor) -> !ts.tensor
    %sum = ts.operator "aten::add.Tensor"(%y, %rec_prev, %int1) : (!ts.tensor, !ts.tensor, !ts.int) -> !ts.tensor
    %v_key = ts.constant("lif.x.v") : !ts.str
    %has_v = ts.operator "aten::__contains__.str"(%s, %v_key) : (!ts.dict<!ts.str, !ts.tensor>, !ts.str) -> !ts.bool
    %v = ts.if %has_v -> (!ts.tensor) {
      %old = ts.operator "aten::__getitem__.Dict_str"(%s, %v_key) : (!ts.dict<!ts.str, !ts.tensor>, !ts.str) -> !ts.tensor
      ts.yield %old : !ts.tensor
    } else {
      %extent = ts.constant([2]) : !ts.list<!ts.int>
      %shape = ts.operator "aten::add.t"(%batch, %extent) : (!ts.list<!ts.int>, !ts.list<!ts.int>) -> !ts.list<!ts.int>
      %zeros = ts.operator "aten::zeros"(%shape, %int6, %none, %device, %none) : (!ts.list<!ts.int>, !ts.int, !ts.none, !ts.device, !ts.none) -> !ts.tensor
      ts.yield %zeros : !ts.tensor
    }
    %lif = ts.get_attr %self["lif_x"] : !Net -> !LIF
    %r = ts.call_method %lif["forward"](%sum, %v) : !LIF, (!ts.tensor, !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor>
    %spikes, %v_new = ts.tuple_unpack %r : !ts.tuple<!ts.tensor, !ts.tensor> -> !ts.tensor, !ts.tensor
    %rec = ts.get_attr %self["rec"] : !Net -> !Linear
    %rec_out = ts.call_method %rec["forward"](%spikes) : !Linear, (!ts.tensor) -> !ts.tensor
    %loop_in = ts.operator "aten::add.Tensor"(%spikes, %self_prev, %int1) : (!ts.tensor, !ts.tensor, !ts.int) -> !ts.tensor
    %self_ = ts.get_attr %self["self_"] : !Net -> !Scale
    %self_out = ts.call_method %self_["forward"](%loop_in) : !Scale, (!ts.tensor) -> !ts.tensor
    %echo = ts.get_attr %self["echo"] : !Net -> !Scale
    %echo_out = ts.call_method %echo["forward"](%rec_prev) : !Scale, (!ts.tensor) -> !ts.tensor
    %new_state = ts.dict_construct %v_key, %v_new, %rec_key, %rec_out, %self_key, %self_out : (!ts.str, !ts.tensor, !ts.str, !ts.tensor, !ts.str, !ts.tensor) -> !ts.dict<!ts.str, !ts.tensor>
    %ret = ts.tuple_construct %echo_out, %new_state : (!ts.tensor, !ts.dict<!ts.str, !ts.tensor>) -> !ts.tuple<!ts.tensor, !ts.dict<!ts.str, !ts.tensor>>
    ts.return %ret : !ts.tuple<!ts.tensor, !ts.dict<!ts.str, !ts.tensor>>
  }
}

// Port names and the input shape come from nir_inputs, nir_input_shapes and
// nir_outputs (the input-shape option, given here, wins over
// nir_input_shapes; they agree).
// CHECK-LABEL: nir.graph @loop {
// CHECK-NEXT:    %[[IN:.*]] = nir.input "in" : tensor<3xf32>
// CHECK-NEXT:    %[[FC:.*]] = nir.linear "fc"(%[[IN]])
// CHECK-NEXT:    %[[LIF:.*]] = nir.lif "lif.x"(%[[FC]], %[[REC:.*]]) {
// CHECK-NEXT:    %[[REC]] = nir.linear "rec"(%[[LIF]])
// CHECK-NEXT:    %[[SELF:.*]] = nir.scale "self"(%[[LIF]], %[[SELF]])
// CHECK-NEXT:    %[[ECHO:.*]] = nir.scale "echo"(%[[REC]])
// CHECK-NEXT:    nir.output "out"(%[[ECHO]]) : tensor<2xf32>
// CHECK-NEXT:  }

// -----

// Traced stateful modules flatten (output, state) into one tuple in an
// order of their own (here (v, spikes)): the element used as a signal (fed
// to the next node, or returned first by the root) is the node's output,
// the others are state. The root returns (output, (states...)), where a
// state tuple may hold a node's output too (a recurrent module's z).

!Net = !ts.module<"__torch__.Traced">
!LIF = !ts.module<"__torch__.nirtorch.nodes.LIF">
ts.module @traced "__torch__.Traced" {
  ts.module @lif1 "__torch__.nirtorch.nodes.LIF" {
    ts.buffer @tau : !ts.tensor = dense<2.0e-02> : tensor<3xf32>
    ts.buffer @r : !ts.tensor = dense<1.0> : tensor<3xf32>
    ts.buffer @v_leak : !ts.tensor = dense<0.0> : tensor<3xf32>
    ts.buffer @v_threshold : !ts.tensor = dense<1.0> : tensor<3xf32>
    ts.buffer @v_reset : !ts.tensor = dense<0.0> : tensor<3xf32>
    ts.method @forward(%self: !LIF, %x: !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor> {
      %0 = ts.tuple_construct %x, %x : (!ts.tensor, !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor>
      ts.return %0 : !ts.tuple<!ts.tensor, !ts.tensor>
    }
  }
  ts.module @lif2 "__torch__.nirtorch.nodes.LIF" {
    ts.buffer @tau : !ts.tensor = dense<2.0e-02> : tensor<3xf32>
    ts.buffer @r : !ts.tensor = dense<1.0> : tensor<3xf32>
    ts.buffer @v_leak : !ts.tensor = dense<0.0> : tensor<3xf32>
    ts.buffer @v_threshold : !ts.tensor = dense<1.0> : tensor<3xf32>
    ts.buffer @v_reset : !ts.tensor = dense<0.0> : tensor<3xf32>
    ts.method @forward(%self: !LIF, %x: !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor> {
      %0 = ts.tuple_construct %x, %x : (!ts.tensor, !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor>
      ts.return %0 : !ts.tuple<!ts.tensor, !ts.tensor>
    }
  }
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tuple<!ts.tensor, !ts.tensor, !ts.tensor>> {
    %lif1 = ts.get_attr %self["lif1"] : !Net -> !LIF
    %lif2 = ts.get_attr %self["lif2"] : !Net -> !LIF
    %r1 = ts.call_method %lif1["forward"](%x) : !LIF, (!ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor>
    %v1, %z1 = ts.tuple_unpack %r1 : !ts.tuple<!ts.tensor, !ts.tensor> -> !ts.tensor, !ts.tensor
    %r2 = ts.call_method %lif2["forward"](%z1) : !LIF, (!ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor>
    %v2, %z2 = ts.tuple_unpack %r2 : !ts.tuple<!ts.tensor, !ts.tensor> -> !ts.tensor, !ts.tensor
    %states = ts.tuple_construct %v1, %z1, %v2 : (!ts.tensor, !ts.tensor, !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor, !ts.tensor>
    %ret = ts.tuple_construct %z2, %states : (!ts.tensor, !ts.tuple<!ts.tensor, !ts.tensor, !ts.tensor>) -> !ts.tuple<!ts.tensor, !ts.tuple<!ts.tensor, !ts.tensor, !ts.tensor>>
    ts.return %ret : !ts.tuple<!ts.tensor, !ts.tuple<!ts.tensor, !ts.tensor, !ts.tensor>>
  }
}

// CHECK-LABEL: nir.graph @traced {
// CHECK-NEXT:    %[[IN:.*]] = nir.input "input" : tensor<3xf32>
// CHECK-NEXT:    %[[L1:.*]] = nir.lif "lif1"(%[[IN]])
// CHECK-NEXT:    %[[L2:.*]] = nir.lif "lif2"(%[[L1]])
// CHECK-NEXT:    nir.output "output"(%[[L2]]) : tensor<3xf32>
// CHECK-NEXT:  }
