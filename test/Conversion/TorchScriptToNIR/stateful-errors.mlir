// RUN: nir-opt %s --split-input-file --verify-diagnostics --lower-torchscript-to-nir="input-shape=2"

// State only flows between stateful modules: a state value that reaches a
// signal op is an error naming the op, with a note where the state comes
// from.

!Net = !ts.module<"__torch__.AddState">
ts.module @add_state "__torch__.AddState" {
  ts.method @forward(%self: !Net, %x: !ts.tensor, %state: !ts.optional<!ts.dict<!ts.str, !ts.tensor>> = #ts.none) -> !ts.tensor {
    %int1 = ts.constant(1) : !ts.int
    %key = ts.constant("v") : !ts.str
    %s = ts.operator "prim::unchecked_cast"(%state) : (!ts.optional<!ts.dict<!ts.str, !ts.tensor>>) -> !ts.dict<!ts.str, !ts.tensor>
    // expected-note @below {{the value comes from here}}
    %v = ts.operator "aten::__getitem__.Dict_str"(%s, %key) : (!ts.dict<!ts.str, !ts.tensor>, !ts.str) -> !ts.tensor
    // expected-error @below {{cannot lower 'aten::add.Tensor' in module <root> (class '__torch__.AddState'): operand #1 is a run-time value derived from state or from a signal's size, not a signal}}
    %0 = ts.operator "aten::add.Tensor"(%x, %v, %int1) : (!ts.tensor, !ts.tensor, !ts.int) -> !ts.tensor
    ts.return %0 : !ts.tensor
  }
}

// -----

// A mapped module fed with state instead of a signal.

!Net = !ts.module<"__torch__.FeedState">
!Scale = !ts.module<"__torch__.nirtorch.nodes.Scale">
ts.module @feed_state "__torch__.FeedState" {
  ts.module @gain "__torch__.nirtorch.nodes.Scale" {
    ts.buffer @scale : !ts.tensor = dense<2.0> : tensor<2xf32>
    ts.method @forward(%self: !Scale, %x: !ts.tensor) -> !ts.tensor {
      ts.return %x : !ts.tensor
    }
  }
  ts.method @forward(%self: !Net, %x: !ts.tensor, %v: !ts.optional<!ts.tensor> = #ts.none) -> !ts.tensor {
    // expected-note @below {{the value comes from here}}
    %cast = ts.operator "prim::unchecked_cast"(%v) : (!ts.optional<!ts.tensor>) -> !ts.tensor
    %gain = ts.get_attr %self["gain"] : !Net -> !Scale
    // expected-error @below {{cannot lower the call of module 'gain' (class '__torch__.nirtorch.nodes.Scale'): its first argument is a state value, not a signal}}
    %0 = ts.call_method %gain["forward"](%cast) : !Scale, (!ts.tensor) -> !ts.tensor
    ts.return %0 : !ts.tensor
  }
}

// -----

// A node under a branch on a run-time condition would be conditional.

!Net = !ts.module<"__torch__.CondNode">
!Scale = !ts.module<"__torch__.nirtorch.nodes.Scale">
ts.module @cond_node "__torch__.CondNode" {
  ts.module @gain "__torch__.nirtorch.nodes.Scale" {
    ts.buffer @scale : !ts.tensor = dense<2.0> : tensor<2xf32>
    ts.method @forward(%self: !Scale, %x: !ts.tensor) -> !ts.tensor {
      ts.return %x : !ts.tensor
    }
  }
  ts.method @forward(%self: !Net, %x: !ts.tensor, %state: !ts.optional<!ts.tensor> = #ts.none) -> !ts.tensor {
    %none = ts.constant(#ts.none) : !ts.none
    %is_none = ts.operator "aten::__is__"(%state, %none) : (!ts.optional<!ts.tensor>, !ts.none) -> !ts.bool
    %gain = ts.get_attr %self["gain"] : !Net -> !Scale
    %v = ts.if %is_none -> (!ts.optional<!ts.tensor>) {
      // expected-error @below {{cannot lower the call of module 'gain' (class '__torch__.nirtorch.nodes.Scale'): it is under a branch on a run-time condition, and NIR graphs have no conditional nodes}}
      %0 = ts.call_method %gain["forward"](%x) : !Scale, (!ts.tensor) -> !ts.tensor
      ts.yield %0 : !ts.tensor
    } else {
      ts.yield %state : !ts.optional<!ts.tensor>
    }
    ts.return %x : !ts.tensor
  }
}

// -----

// A branch on state that yields a signal.

!Net = !ts.module<"__torch__.CondSignal">
ts.module @cond_signal "__torch__.CondSignal" {
  ts.method @forward(%self: !Net, %x: !ts.tensor, %state: !ts.optional<!ts.tensor> = #ts.none) -> !ts.tensor {
    %none = ts.constant(#ts.none) : !ts.none
    %is_none = ts.operator "aten::__is__"(%state, %none) : (!ts.optional<!ts.tensor>, !ts.none) -> !ts.bool
    // expected-error @below {{cannot lower 'ts.if' on a signal in module <root> (class '__torch__.CondSignal'): a branch on a run-time condition yields a signal, and NIR graphs have no conditional edges}}
    %y = ts.if %is_none -> (!ts.tensor) {
      ts.yield %x : !ts.tensor
    } else {
      %cast = ts.operator "prim::unchecked_cast"(%state) : (!ts.optional<!ts.tensor>) -> !ts.tensor
      ts.yield %cast : !ts.tensor
    }
    ts.return %y : !ts.tensor
  }
}

// -----

// A delayed read of a node that does not exist.

!Net = !ts.module<"__torch__.Ghost">
ts.module @ghost "__torch__.Ghost" {
  ts.method @forward(%self: !Net, %x: !ts.tensor, %state: !ts.optional<!ts.dict<!ts.str, !ts.tensor>> = #ts.none) -> !ts.tensor {
    %int1 = ts.constant(1) : !ts.int
    %key = ts.constant("ghost.out") : !ts.str
    %s = ts.operator "prim::unchecked_cast"(%state) : (!ts.optional<!ts.dict<!ts.str, !ts.tensor>>) -> !ts.dict<!ts.str, !ts.tensor>
    // expected-error @below {{the state read "ghost.out" reaches a signal op, but no node is named 'ghost' (a delayed edge reads "<node>.out")}}
    %v = ts.operator "aten::__getitem__.Dict_str"(%s, %key) : (!ts.dict<!ts.str, !ts.tensor>, !ts.str) -> !ts.tensor
    %0 = ts.operator "aten::add.Tensor"(%x, %v, %int1) : (!ts.tensor, !ts.tensor, !ts.int) -> !ts.tensor
    ts.return %0 : !ts.tensor
  }
}

// -----

// A delayed read whose shape nothing gives (no zeros fallback, no other
// summand).

!Net = !ts.module<"__torch__.Shapeless">
!Scale = !ts.module<"__torch__.nirtorch.nodes.Scale">
ts.module @shapeless "__torch__.Shapeless" {
  ts.module @gain "__torch__.nirtorch.nodes.Scale" {
    ts.buffer @scale : !ts.tensor = dense<2.0> : tensor<2xf32>
    ts.method @forward(%self: !Scale, %x: !ts.tensor) -> !ts.tensor {
      ts.return %x : !ts.tensor
    }
  }
  ts.method @forward(%self: !Net, %x: !ts.tensor, %state: !ts.optional<!ts.dict<!ts.str, !ts.tensor>> = #ts.none) -> !ts.tensor {
    %key = ts.constant("gain.out") : !ts.str
    %s = ts.operator "prim::unchecked_cast"(%state) : (!ts.optional<!ts.dict<!ts.str, !ts.tensor>>) -> !ts.dict<!ts.str, !ts.tensor>
    %v = ts.operator "aten::__getitem__.Dict_str"(%s, %key) : (!ts.dict<!ts.str, !ts.tensor>, !ts.str) -> !ts.tensor
    %gain = ts.get_attr %self["gain"] : !Net -> !Scale
    // expected-error @below {{cannot lower the read of state "gain.out" as a delayed edge: its shape is unknown}}
    %0 = ts.call_method %gain["forward"](%v) : !Scale, (!ts.tensor) -> !ts.tensor
    ts.return %x : !ts.tensor
  }
}

// -----

// The zeros fallback of a delayed read disagrees with the node's shape.

!Net = !ts.module<"__torch__.Mismatch">
!Scale = !ts.module<"__torch__.nirtorch.nodes.Scale">
!Linear = !ts.module<"__torch__.nirtorch.nodes.Linear">
ts.module @mismatch "__torch__.Mismatch" {
  ts.module @gain "__torch__.nirtorch.nodes.Scale" {
    ts.buffer @scale : !ts.tensor = dense<2.0> : tensor<2xf32>
    ts.method @forward(%self: !Scale, %x: !ts.tensor) -> !ts.tensor {
      ts.return %x : !ts.tensor
    }
  }
  ts.module @fc "__torch__.nirtorch.nodes.Linear" {
    ts.buffer @weight : !ts.tensor = dense<2.0> : tensor<2x3xf32>
    ts.method @forward(%self: !Linear, %x: !ts.tensor) -> !ts.tensor {
      ts.return %x : !ts.tensor
    }
  }
  ts.method @forward(%self: !Net, %x: !ts.tensor, %state: !ts.optional<!ts.dict<!ts.str, !ts.tensor>> = #ts.none) -> !ts.tensor {
    %none = ts.constant(#ts.none) : !ts.none
    %key = ts.constant("gain.out") : !ts.str
    %s = ts.operator "prim::unchecked_cast"(%state) : (!ts.optional<!ts.dict<!ts.str, !ts.tensor>>) -> !ts.dict<!ts.str, !ts.tensor>
    %has = ts.operator "aten::__contains__.str"(%s, %key) : (!ts.dict<!ts.str, !ts.tensor>, !ts.str) -> !ts.bool
    %v = ts.if %has -> (!ts.tensor) {
      // expected-error @below {{the delayed edge from node 'gain' has type 'tensor<2xf32>' but its zeros fallback has 'tensor<3xf32>'}}
      %old = ts.operator "aten::__getitem__.Dict_str"(%s, %key) : (!ts.dict<!ts.str, !ts.tensor>, !ts.str) -> !ts.tensor
      ts.yield %old : !ts.tensor
    } else {
      %shape = ts.constant([1, 3]) : !ts.list<!ts.int>
      %zeros = ts.operator "aten::zeros"(%shape, %none, %none, %none, %none) : (!ts.list<!ts.int>, !ts.none, !ts.none, !ts.none, !ts.none) -> !ts.tensor
      ts.yield %zeros : !ts.tensor
    }
    %fc = ts.get_attr %self["fc"] : !Net -> !Linear
    %0 = ts.call_method %fc["forward"](%v) : !Linear, (!ts.tensor) -> !ts.tensor
    %gain = ts.get_attr %self["gain"] : !Net -> !Scale
    %1 = ts.call_method %gain["forward"](%0) : !Scale, (!ts.tensor) -> !ts.tensor
    ts.return %1 : !ts.tensor
  }
}

// -----

// The raised root's port slots must agree with forward.

!Net = !ts.module<"__torch__.nirtorch.graphs.ports">
ts.module @ports "__torch__.nirtorch.graphs.ports" {
  ts.attribute @nir_inputs : !ts.list<!ts.str> = ["in"]
  ts.attribute @nir_input_shapes : !ts.list<!ts.list<!ts.int>> = [[2]]
  ts.attribute @nir_outputs : !ts.list<!ts.str> = ["a", "b"]
  ts.method @forward(%self: !Net, %in: !ts.tensor) -> !ts.tensor {
    // expected-error @below {{nir_outputs names 2 outputs but forward returns 1 signals}}
    ts.return %in : !ts.tensor
  }
}

// -----

// A stateful module has one output: two elements of its result used as
// signals.

!Net = !ts.module<"__torch__.TwoOutputs">
!LIF = !ts.module<"__torch__.nirtorch.nodes.LIF">
ts.module @two_outputs "__torch__.TwoOutputs" {
  ts.module @lif "__torch__.nirtorch.nodes.LIF" {
    ts.buffer @tau : !ts.tensor = dense<2.0e-02> : tensor<2xf32>
    ts.buffer @r : !ts.tensor = dense<1.0> : tensor<2xf32>
    ts.buffer @v_leak : !ts.tensor = dense<0.0> : tensor<2xf32>
    ts.buffer @v_threshold : !ts.tensor = dense<1.0> : tensor<2xf32>
    ts.buffer @v_reset : !ts.tensor = dense<0.0> : tensor<2xf32>
    ts.method @forward(%self: !LIF, %x: !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor> {
      %0 = ts.tuple_construct %x, %x : (!ts.tensor, !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor>
      ts.return %0 : !ts.tuple<!ts.tensor, !ts.tensor>
    }
  }
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %int1 = ts.constant(1) : !ts.int
    %lif = ts.get_attr %self["lif"] : !Net -> !LIF
    // expected-note @below {{the call is here}}
    %r = ts.call_method %lif["forward"](%x) : !LIF, (!ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor>
    %z, %v = ts.tuple_unpack %r : !ts.tuple<!ts.tensor, !ts.tensor> -> !ts.tensor, !ts.tensor
    // expected-error @below {{element #1 of the tuple module 'lif' returns is used as a signal, but element #0 already is its output (a stateful module has one output; the other elements are state)}}
    %0 = ts.operator "aten::add.Tensor"(%z, %v, %int1) : (!ts.tensor, !ts.tensor, !ts.int) -> !ts.tensor
    ts.return %0 : !ts.tensor
  }
}
