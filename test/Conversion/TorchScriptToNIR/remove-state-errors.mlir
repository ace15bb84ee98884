// RUN: nir-opt %s --split-input-file --verify-diagnostics --ts-remove-state

// Every error of ts-remove-state, on forwards as ts-inline-calls leaves
// them. stateful-errors.mlir runs the same kinds of input through the whole
// pipeline.

// State reaching a signal op.

!Net = !ts.module<"__torch__.AddState">
ts.module @add_state "__torch__.AddState" {
  ts.method @forward(%self: !Net, %x: !ts.tensor, %state: !ts.dict<!ts.str, !ts.tensor> = []) -> !ts.tensor {
    %one = ts.constant(1) : !ts.int
    %key = ts.constant("v") : !ts.str
    // expected-note @below {{the value comes from here}}
    %v = ts.operator "aten::__getitem__.Dict_str"(%state, %key) : (!ts.dict<!ts.str, !ts.tensor>, !ts.str) -> !ts.tensor
    // expected-error @below {{cannot lower 'aten::add.Tensor' in module <root> (class '__torch__.AddState'): operand #1 is a run-time value derived from state or from a signal's size, not a signal (such values only flow between stateful modules; only a read of "<node>.out" becomes an edge)}}
    %y = ts.operator "aten::add.Tensor"(%x, %v, %one) : (!ts.tensor, !ts.tensor, !ts.int) -> !ts.tensor
    ts.return %y : !ts.tensor
  }
}

// -----

// State as a mapped module's signal.

!Net = !ts.module<"__torch__.StateIn">
!Scale = !ts.module<"__torch__.nirtorch.nodes.Scale">
ts.module @state_in "__torch__.StateIn" {
  ts.module @gain "__torch__.nirtorch.nodes.Scale" {
    ts.method @forward(%self: !Scale, %x: !ts.tensor) -> !ts.tensor {
      ts.return %x : !ts.tensor
    }
  }
  ts.method @forward(%self: !Net, %x: !ts.tensor, %v: !ts.optional<!ts.tensor> = #ts.none) -> !ts.tensor {
    // expected-note @below {{the value comes from here}}
    %s = ts.operator "prim::unchecked_cast"(%v) : (!ts.optional<!ts.tensor>) -> !ts.tensor
    %gain = ts.get_attr %self["gain"] : !Net -> !Scale
    // expected-error @below {{cannot lower the call of module 'gain' (class '__torch__.nirtorch.nodes.Scale'): its first argument is a state value, not a signal}}
    %y = ts.call_method %gain["forward"](%s) {ts.module_map = "__torch__.nirtorch.nodes.Scale", ts.noinline} : !Scale, (!ts.tensor) -> !ts.tensor
    ts.return %y : !ts.tensor
  }
}

// -----

// Signal ops under a branch on state: a mapped call, an op pattern, an
// F.lp_pool2d call.

!Net = !ts.module<"__torch__.CondCall">
!Scale = !ts.module<"__torch__.nirtorch.nodes.Scale">
ts.module @cond_call "__torch__.CondCall" {
  ts.module @gain "__torch__.nirtorch.nodes.Scale" {
    ts.method @forward(%self: !Scale, %x: !ts.tensor) -> !ts.tensor {
      ts.return %x : !ts.tensor
    }
  }
  ts.method @forward(%self: !Net, %x: !ts.tensor, %v: !ts.optional<!ts.tensor> = #ts.none) -> !ts.tensor {
    %none = ts.constant(#ts.none) : !ts.none
    %is_none = ts.operator "aten::__is__"(%v, %none) : (!ts.optional<!ts.tensor>, !ts.none) -> !ts.bool
    %gain = ts.get_attr %self["gain"] : !Net -> !Scale
    %r = ts.if %is_none -> (!ts.optional<!ts.tensor>) {
      // expected-error @below {{cannot lower the call of module 'gain' (class '__torch__.nirtorch.nodes.Scale'): it is under a branch on a run-time condition, and NIR graphs have no conditional nodes}}
      %y = ts.call_method %gain["forward"](%x) {ts.module_map = "__torch__.nirtorch.nodes.Scale", ts.noinline} : !Scale, (!ts.tensor) -> !ts.tensor
      ts.yield %v : !ts.optional<!ts.tensor>
    } else {
      ts.yield %v : !ts.optional<!ts.tensor>
    }
    ts.return %x : !ts.tensor
  }
}

// -----

!Net = !ts.module<"__torch__.CondOp">
ts.module @cond_op "__torch__.CondOp" {
  ts.method @forward(%self: !Net, %x: !ts.tensor, %v: !ts.optional<!ts.tensor> = #ts.none) -> !ts.tensor {
    %none = ts.constant(#ts.none) : !ts.none
    %is_none = ts.operator "aten::__is__"(%v, %none) : (!ts.optional<!ts.tensor>, !ts.none) -> !ts.bool
    %r = ts.if %is_none -> (!ts.optional<!ts.tensor>) {
      // expected-error @below {{cannot lower 'aten::relu' in module <root> (class '__torch__.CondOp'): it is under a branch on a run-time condition, and NIR graphs have no conditional nodes}}
      %y = ts.operator "aten::relu"(%x) : (!ts.tensor) -> !ts.tensor
      ts.yield %v : !ts.optional<!ts.tensor>
    } else {
      ts.yield %v : !ts.optional<!ts.tensor>
    }
    ts.return %x : !ts.tensor
  }
}

// -----

// An op without pattern and a container of a signal under a branch on
// state: the branch would be erased with them.

!Net = !ts.module<"__torch__.CondOther">
ts.module @cond_other "__torch__.CondOther" {
  ts.method @forward(%self: !Net, %x: !ts.tensor, %v: !ts.optional<!ts.tensor> = #ts.none) -> !ts.tensor {
    %none = ts.constant(#ts.none) : !ts.none
    %is_none = ts.operator "aten::__is__"(%v, %none) : (!ts.optional<!ts.tensor>, !ts.none) -> !ts.bool
    %r = ts.if %is_none -> (!ts.optional<!ts.tensor>) {
      // expected-error @below {{cannot lower 'aten::sigmoid' in module <root> (class '__torch__.CondOther'): it is under a branch on a run-time condition, and NIR graphs have no conditional nodes}}
      %y = ts.operator "aten::sigmoid"(%x) : (!ts.tensor) -> !ts.tensor
      // expected-error @below {{cannot lower 'ts.list_construct' on a signal in module <root> (class '__torch__.CondOther'): it is under a branch on a run-time condition, and NIR graphs have no conditional nodes}}
      %l = ts.list_construct %x : (!ts.tensor) -> !ts.list<!ts.tensor>
      ts.yield %v : !ts.optional<!ts.tensor>
    } else {
      ts.yield %v : !ts.optional<!ts.tensor>
    }
    ts.return %x : !ts.tensor
  }
}

// -----

!Net = !ts.module<"__torch__.CondPool">
ts.module @cond_pool "__torch__.CondPool" {
  ts.method @forward(%self: !Net, %x: !ts.tensor, %v: !ts.optional<!ts.tensor> = #ts.none) -> !ts.tensor {
    %none = ts.constant(#ts.none) : !ts.none
    %false = ts.constant(false) : !ts.bool
    %norm = ts.constant(1.0) : !ts.float
    %k = ts.constant([2, 2]) : !ts.list<!ts.int>
    %is_none = ts.operator "aten::__is__"(%v, %none) : (!ts.optional<!ts.tensor>, !ts.none) -> !ts.bool
    %r = ts.if %is_none -> (!ts.optional<!ts.tensor>) {
      // expected-error @below {{cannot lower 'F.lp_pool2d' in module <root> (class '__torch__.CondPool'): it is under a branch on a run-time condition, and NIR graphs have no conditional nodes}}
      %y = ts.call_function @__torch__.torch.nn.functional.lp_pool2d(%x, %norm, %k, %none, %false) {ts.noinline} : (!ts.tensor, !ts.float, !ts.list<!ts.int>, !ts.none, !ts.bool) -> !ts.tensor
      ts.yield %v : !ts.optional<!ts.tensor>
    } else {
      ts.yield %v : !ts.optional<!ts.tensor>
    }
    ts.return %x : !ts.tensor
  }
}
ts.function @__torch__.torch.nn.functional.lp_pool2d(%input: !ts.tensor, %norm_type: !ts.float, %kernel_size: !ts.list<!ts.int>, %stride: !ts.optional<!ts.list<!ts.int>> = #ts.none, %ceil_mode: !ts.bool = false) -> !ts.tensor {
  ts.return %input : !ts.tensor
}

// -----

// Branches: on a signal, and yielding a signal.

!Net = !ts.module<"__torch__.SignalCond">
ts.module @signal_cond "__torch__.SignalCond" {
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %c = ts.operator "aten::Bool.Tensor"(%x) : (!ts.tensor) -> !ts.bool
    // expected-error @below {{cannot lower 'ts.if' on a signal in module <root> (class '__torch__.SignalCond'): its condition is a signal, and NIR graphs have no conditional nodes}}
    %y = ts.if %c -> (!ts.tensor) {
      ts.yield %x : !ts.tensor
    } else {
      ts.yield %x : !ts.tensor
    }
    ts.return %y : !ts.tensor
  }
}

// -----

!Net = !ts.module<"__torch__.CondSignal">
ts.module @cond_signal "__torch__.CondSignal" {
  ts.method @forward(%self: !Net, %x: !ts.tensor, %v: !ts.optional<!ts.tensor> = #ts.none) -> !ts.tensor {
    %none = ts.constant(#ts.none) : !ts.none
    %is_none = ts.operator "aten::__is__"(%v, %none) : (!ts.optional<!ts.tensor>, !ts.none) -> !ts.bool
    // expected-error @below {{cannot lower 'ts.if' on a signal in module <root> (class '__torch__.CondSignal'): a branch on a run-time condition yields a signal, and NIR graphs have no conditional edges}}
    %y = ts.if %is_none -> (!ts.tensor) {
      ts.yield %x : !ts.tensor
    } else {
      %s = ts.operator "prim::unchecked_cast"(%v) : (!ts.optional<!ts.tensor>) -> !ts.tensor
      ts.yield %s : !ts.tensor
    }
    ts.return %y : !ts.tensor
  }
}

// -----

// A tuple holding signals indexed by a run-time index.

!Net = !ts.module<"__torch__.Index">
ts.module @index "__torch__.Index" {
  ts.method @forward(%self: !Net, %x: !ts.tensor, %i: !ts.int = 0) -> !ts.tensor {
    %t = ts.tuple_construct %x, %x : (!ts.tensor, !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor>
    // expected-error @below {{cannot lower 'prim::TupleIndex' in module <root> (class '__torch__.Index'): the index into a tuple holding signals must be a constant in range}}
    %y = ts.operator "prim::TupleIndex"(%t, %i) : (!ts.tuple<!ts.tensor, !ts.tensor>, !ts.int) -> !ts.tensor
    ts.return %y : !ts.tensor
  }
}

// -----

// Two elements of one stateful call's result used as signals.

!Net = !ts.module<"__torch__.TwoOutputs">
!LIF = !ts.module<"__torch__.nirtorch.nodes.LIF">
ts.module @two_outputs "__torch__.TwoOutputs" {
  ts.module @lif "__torch__.nirtorch.nodes.LIF" {
    ts.method @forward(%self: !LIF, %x: !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor> {
      %0 = ts.tuple_construct %x, %x : (!ts.tensor, !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor>
      ts.return %0 : !ts.tuple<!ts.tensor, !ts.tensor>
    }
  }
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %one = ts.constant(1) : !ts.int
    %lif = ts.get_attr %self["lif"] : !Net -> !LIF
    // expected-note @below {{the call is here}}
    %r = ts.call_method %lif["forward"](%x) {ts.module_map = "__torch__.nirtorch.nodes.LIF", ts.noinline} : !LIF, (!ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor>
    %s, %v = ts.tuple_unpack %r : !ts.tuple<!ts.tensor, !ts.tensor> -> !ts.tensor, !ts.tensor
    %a = ts.operator "aten::relu"(%s) : (!ts.tensor) -> !ts.tensor
    // expected-error @below {{element #1 of the tuple module 'lif' returns is used as a signal, but element #0 already is its output (a stateful module has one output; the other elements are state)}}
    %b = ts.operator "aten::add.Tensor"(%a, %v, %one) : (!ts.tensor, !ts.tensor, !ts.int) -> !ts.tensor
    ts.return %b : !ts.tensor
  }
}

// -----

// A signal returned after state.

!Net = !ts.module<"__torch__.Late">
ts.module @late "__torch__.Late" {
  ts.method @forward(%self: !Net, %x: !ts.tensor, %v: !ts.optional<!ts.tensor> = #ts.none) -> !ts.tuple<!ts.tensor, !ts.optional<!ts.tensor>, !ts.tensor> {
    %0 = ts.tuple_construct %x, %v, %x : (!ts.tensor, !ts.optional<!ts.tensor>, !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.optional<!ts.tensor>, !ts.tensor>
    // expected-error @below {{forward returns a signal as tuple element #2 after state: the outputs must be the leading elements}}
    ts.return %0 : !ts.tuple<!ts.tensor, !ts.optional<!ts.tensor>, !ts.tensor>
  }
}

// -----

// Independent errors are all reported; what uses a value an error was
// reported for is not.

!Net = !ts.module<"__torch__.TwoErrors">
ts.module @two_errors "__torch__.TwoErrors" {
  ts.method @forward(%self: !Net, %x: !ts.tensor, %v: !ts.optional<!ts.tensor> = #ts.none) -> !ts.tensor {
    %one = ts.constant(1) : !ts.int
    // expected-note @below {{the value comes from here}}
    %s = ts.operator "prim::unchecked_cast"(%v) : (!ts.optional<!ts.tensor>) -> !ts.tensor
    // expected-note @below {{the value comes from here}}
    %s2 = ts.operator "prim::unchecked_cast"(%v) : (!ts.optional<!ts.tensor>) -> !ts.tensor
    // expected-error @below {{cannot lower 'aten::add.Tensor' in module <root> (class '__torch__.TwoErrors'): operand #1 is a run-time value}}
    %a = ts.operator "aten::add.Tensor"(%x, %s, %one) : (!ts.tensor, !ts.tensor, !ts.int) -> !ts.tensor
    %b = ts.operator "aten::relu"(%a) : (!ts.tensor) -> !ts.tensor
    // expected-error @below {{cannot lower 'aten::mul.Tensor' in module <root> (class '__torch__.TwoErrors'): operand #1 is a run-time value}}
    %c = ts.operator "aten::mul.Tensor"(%x, %s2) : (!ts.tensor, !ts.tensor) -> !ts.tensor
    %d = ts.operator "aten::add.Tensor"(%b, %c, %one) : (!ts.tensor, !ts.tensor, !ts.int) -> !ts.tensor
    ts.return %d : !ts.tensor
  }
}
