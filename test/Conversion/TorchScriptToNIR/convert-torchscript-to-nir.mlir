// RUN: nir-opt %s --split-input-file --verify-diagnostics --convert-torchscript-to-nir="input-shape=2" | FileCheck %s

// convert-torchscript-to-nir alone, on forwards as ts-remove-state leaves
// them: inlined, without state. The op patterns and module maps have their
// own files (op-*.mlir, module-*.mlir); this one covers what the conversion
// does with the forms the earlier stages leave, and its preconditions.

// A stateful call's tuple result (its output is the element in use; its
// state argument is prim::Uninitialized), a delayed edge with its own shape
// closing a cycle through a later node, and one whose shape comes from the
// other summand.

!Net = !ts.module<"__torch__.Loop">
!LIF = !ts.module<"__torch__.nirtorch.nodes.LIF">
!Scale = !ts.module<"__torch__.nirtorch.nodes.Scale">
ts.module @loop "__torch__.Loop" {
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
  ts.module @gain "__torch__.nirtorch.nodes.Scale" {
    ts.parameter @scale : !ts.tensor = dense<[2.0, 3.0]> : tensor<2xf32>
    ts.method @forward(%self: !Scale, %x: !ts.tensor) -> !ts.tensor {
      ts.return %x : !ts.tensor
    }
  }
  ts.method @forward(%self: !Net, %x: !ts.tensor, %state: !ts.optional<!ts.dict<!ts.str, !ts.tensor>> = #ts.none) -> !ts.tensor {
    %one = ts.constant(1) : !ts.int
    %back = ts.delayed_read "gain" {shape = array<i64: 2>} : !ts.tensor
    %self_loop = ts.delayed_read "lif" : !ts.tensor
    %a = ts.operator "aten::add.Tensor"(%x, %back, %one) : (!ts.tensor, !ts.tensor, !ts.int) -> !ts.tensor
    %b = ts.operator "aten::add.Tensor"(%a, %self_loop, %one) : (!ts.tensor, !ts.tensor, !ts.int) -> !ts.tensor
    %undef = ts.operator "prim::Uninitialized"() : () -> !ts.tensor
    %lif = ts.get_attr %self["lif"] : !Net -> !LIF
    %r = ts.call_method %lif["forward"](%b, %undef) {ts.module_map = "__torch__.nirtorch.nodes.LIF", ts.noinline} : !LIF, (!ts.tensor, !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor>
    %s, %v = ts.tuple_unpack %r : !ts.tuple<!ts.tensor, !ts.tensor> -> !ts.tensor, !ts.tensor
    %gain = ts.get_attr %self["gain"] : !Net -> !Scale
    %y = ts.call_method %gain["forward"](%s) {ts.module_map = "__torch__.nirtorch.nodes.Scale", ts.noinline} : !Scale, (!ts.tensor) -> !ts.tensor
    ts.return %y : !ts.tensor
  }
}

// CHECK-LABEL: nir.graph @loop {
// CHECK-NEXT:    %[[IN:.*]] = nir.input "input" : tensor<2xf32>
// CHECK-NEXT:    %[[LIF:.*]] = nir.lif "lif"(%[[IN]], %[[GAIN:.*]], %[[LIF]])
// CHECK-NEXT:    %[[GAIN]] = nir.scale "gain"(%[[LIF]])
// CHECK-NEXT:    nir.output "output"(%[[GAIN]]) : tensor<2xf32>
// CHECK-NEXT:  }

// -----

// Fan-in: a sum of signals is no node; a node or an output it feeds reads
// every summand's edge, in order, through sums of sums. An op reading only a
// signal's sizes (`x.view(x.size(0), -1)`) is no use of its values. A branch
// on a compile-time condition is the branch taken.

!Net = !ts.module<"__torch__.FanIn">
ts.module @fan_in "__torch__.FanIn" {
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %zero = ts.constant(0) : !ts.int
    %one = ts.constant(1) : !ts.int
    %minus_one = ts.constant(-1) : !ts.int
    %two = ts.constant(2.000000e+00) : !ts.float
    %true = ts.constant(true) : !ts.bool
    %a = ts.operator "aten::mul.Scalar"(%x, %two) : (!ts.tensor, !ts.float) -> !ts.tensor
    %b = ts.operator "aten::mul.Scalar"(%a, %two) : (!ts.tensor, !ts.float) -> !ts.tensor
    %xa = ts.operator "aten::add.Tensor"(%x, %a, %one) : (!ts.tensor, !ts.tensor, !ts.int) -> !ts.tensor
    %xab = ts.operator "aten::add.Tensor"(%xa, %b, %one) : (!ts.tensor, !ts.tensor, !ts.int) -> !ts.tensor
    %n = ts.operator "aten::size.int"(%xab, %zero) : (!ts.tensor, !ts.int) -> !ts.int
    %sizes = ts.list_construct %n, %minus_one : (!ts.int, !ts.int) -> !ts.list<!ts.int>
    %flat = ts.operator "aten::view"(%xab, %sizes) : (!ts.tensor, !ts.list<!ts.int>) -> !ts.tensor
    %c = ts.operator "aten::mul.Scalar"(%flat, %two) : (!ts.tensor, !ts.float) -> !ts.tensor
    %taken = ts.if %true -> (!ts.tensor) {
      %cx = ts.operator "aten::add.Tensor"(%c, %x, %one) : (!ts.tensor, !ts.tensor, !ts.int) -> !ts.tensor
      ts.yield %cx : !ts.tensor
    } else {
      ts.yield %x : !ts.tensor
    }
    %out = ts.operator "aten::add.Tensor"(%taken, %xab, %one) : (!ts.tensor, !ts.tensor, !ts.int) -> !ts.tensor
    ts.return %out : !ts.tensor
  }
}

// CHECK-LABEL: nir.graph @fan_in {
// CHECK-NEXT:    %[[IN:.*]] = nir.input "input" : tensor<2xf32>
// CHECK-NEXT:    %[[A:.*]] = nir.scale "scale"(%[[IN]])
// CHECK-NEXT:    %[[B:.*]] = nir.scale "scale_1"(%[[A]])
// CHECK-NEXT:    %[[C:.*]] = nir.scale "scale_2"(%[[IN]], %[[A]], %[[B]])
// CHECK-NEXT:    nir.output "output"(%[[C]], %[[IN]], %[[IN]], %[[A]], %[[B]]) : tensor<2xf32>
// CHECK-NEXT:  }

// -----

// A delayed edge whose zeros fallback copies a signal's shape (`like`), fed
// to a mapped call; forward returns two outputs.

!Net = !ts.module<"__torch__.Like">
!Scale = !ts.module<"__torch__.nirtorch.nodes.Scale">
ts.module @like "__torch__.Like" {
  ts.module @gain "__torch__.nirtorch.nodes.Scale" {
    ts.parameter @scale : !ts.tensor = dense<[2.0, 3.0]> : tensor<2xf32>
    ts.method @forward(%self: !Scale, %x: !ts.tensor) -> !ts.tensor {
      ts.return %x : !ts.tensor
    }
  }
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor> {
    %gain = ts.get_attr %self["gain"] : !Net -> !Scale
    %prev = ts.delayed_read "gain" like %x : !ts.tensor : !ts.tensor
    %y = ts.call_method %gain["forward"](%prev) {ts.module_map = "__torch__.nirtorch.nodes.Scale", ts.noinline} : !Scale, (!ts.tensor) -> !ts.tensor
    %ret = ts.tuple_construct %y, %x : (!ts.tensor, !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor>
    ts.return %ret : !ts.tuple<!ts.tensor, !ts.tensor>
  }
}

// CHECK-LABEL: nir.graph @like {
// CHECK-NEXT:    %[[IN:.*]] = nir.input "input" : tensor<2xf32>
// CHECK-NEXT:    %[[GAIN:.*]] = nir.scale "gain"(%[[GAIN]])
// CHECK-NEXT:    nir.output "output0"(%[[GAIN]]) : tensor<2xf32>
// CHECK-NEXT:    nir.output "output1"(%[[IN]]) : tensor<2xf32>
// CHECK-NEXT:  }

// -----

// A root that ts-match-module-maps marked is its entry's one node.

!Scale = !ts.module<"__torch__.nirtorch.nodes.Scale">
ts.module @gain "__torch__.nirtorch.nodes.Scale" attributes {ts.module_map = "__torch__.nirtorch.nodes.Scale"} {
  ts.parameter @scale : !ts.tensor = dense<[2.0, 3.0]> : tensor<2xf32>
  ts.method @forward(%self: !Scale, %x: !ts.tensor, %v: !ts.optional<!ts.tensor> = #ts.none) -> !ts.tuple<!ts.tensor, !ts.optional<!ts.tensor>> {
    %0 = ts.tuple_construct %x, %v : (!ts.tensor, !ts.optional<!ts.tensor>) -> !ts.tuple<!ts.tensor, !ts.optional<!ts.tensor>>
    ts.return %0 : !ts.tuple<!ts.tensor, !ts.optional<!ts.tensor>>
  }
}

// CHECK-LABEL: nir.graph @gain {
// CHECK-NEXT:    %[[IN:.*]] = nir.input "input" : tensor<2xf32>
// CHECK-NEXT:    %[[GAIN:.*]] = nir.scale "gain"(%[[IN]])
// CHECK-NEXT:    nir.output "output"(%[[GAIN]]) : tensor<2xf32>
// CHECK-NEXT:  }

// -----

// Preconditions: state is removed, calls are inlined, branches are on
// compile-time conditions.

!Net = !ts.module<"__torch__.Stateful">
ts.module @stateful "__torch__.Stateful" {
  // expected-error @below {{forward still reads its state argument 'v': run ts-remove-state first (lower-torchscript-to-nir runs every stage)}}
  ts.method @forward(%self: !Net, %x: !ts.tensor, %v: !ts.optional<!ts.tensor> = #ts.none) -> !ts.tuple<!ts.tensor, !ts.optional<!ts.tensor>> {
    %0 = ts.tuple_construct %x, %v : (!ts.tensor, !ts.optional<!ts.tensor>) -> !ts.tuple<!ts.tensor, !ts.optional<!ts.tensor>>
    ts.return %0 : !ts.tuple<!ts.tensor, !ts.optional<!ts.tensor>>
  }
}

// -----

!Net = !ts.module<"__torch__.Outer">
!Act = !ts.module<"__torch__.Act">
ts.module @outer "__torch__.Outer" {
  ts.module @act "__torch__.Act" {
    ts.method @forward(%self: !Act, %x: !ts.tensor) -> !ts.tensor {
      ts.return %x : !ts.tensor
    }
  }
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %act = ts.get_attr %self["act"] : !Net -> !Act
    // expected-error @below {{cannot lower the call of method 'forward' of module 'act' (class '__torch__.Act'): no module map entry maps it and it is not inlined (ts-inline-calls inlines it; lower-torchscript-to-nir runs every stage)}}
    %y = ts.call_method %act["forward"](%x) : !Act, (!ts.tensor) -> !ts.tensor
    ts.return %y : !ts.tensor
  }
}

// -----

!Net = !ts.module<"__torch__.Calls">
ts.module @calls "__torch__.Calls" {
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    // expected-error @below {{cannot lower the call of function @__torch__.helper in module <root>: it is not inlined (ts-inline-calls inlines it; lower-torchscript-to-nir runs every stage)}}
    %y = ts.call_function @__torch__.helper(%x) : (!ts.tensor) -> !ts.tensor
    ts.return %y : !ts.tensor
  }
}
ts.function @__torch__.helper(%x: !ts.tensor) -> !ts.tensor {
  ts.return %x : !ts.tensor
}

// -----

!Net = !ts.module<"__torch__.Branch">
ts.module @branch "__torch__.Branch" {
  ts.method @forward(%self: !Net, %x: !ts.tensor, %c: !ts.bool = true) -> !ts.tensor {
    // expected-error @below {{cannot lower 'ts.if' on a signal in module <root> (class '__torch__.Branch'): a branch on a run-time condition has no NIR form (branches on state are removed by ts-remove-state)}}
    %0 = ts.if %c -> (!ts.tensor) {
      ts.yield %x : !ts.tensor
    } else {
      ts.yield %x : !ts.tensor
    }
    ts.return %0 : !ts.tensor
  }
}

// -----

!Net = !ts.module<"__torch__.Returns">
ts.module @returns "__torch__.Returns" {
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.int> {
    %zero = ts.constant(0) : !ts.int
    %0 = ts.tuple_construct %x, %zero : (!ts.tensor, !ts.int) -> !ts.tuple<!ts.tensor, !ts.int>
    // expected-error @below {{forward returns a tuple whose element #1 is not a signal (ts-remove-state leaves only outputs)}}
    ts.return %0 : !ts.tuple<!ts.tensor, !ts.int>
  }
}

// -----

// Delayed edges the conversion cannot build: no shape, no such node, a
// shape that disagrees with the node's.

!Net = !ts.module<"__torch__.NoShape">
!Scale = !ts.module<"__torch__.nirtorch.nodes.Scale">
ts.module @no_shape "__torch__.NoShape" {
  ts.module @gain "__torch__.nirtorch.nodes.Scale" {
    ts.parameter @scale : !ts.tensor = dense<[2.0, 3.0]> : tensor<2xf32>
    ts.method @forward(%self: !Scale, %x: !ts.tensor) -> !ts.tensor {
      ts.return %x : !ts.tensor
    }
  }
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %prev = ts.delayed_read "gain" : !ts.tensor
    %gain = ts.get_attr %self["gain"] : !Net -> !Scale
    // expected-error @below {{cannot lower the read of state "gain.out" as a delayed edge: its shape is unknown (no zeros fallback of constant shape, no other summand)}}
    %y = ts.call_method %gain["forward"](%prev) {ts.module_map = "__torch__.nirtorch.nodes.Scale", ts.noinline} : !Scale, (!ts.tensor) -> !ts.tensor
    ts.return %y : !ts.tensor
  }
}

// -----

!Net = !ts.module<"__torch__.Ghost">
ts.module @ghost "__torch__.Ghost" {
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %one = ts.constant(1) : !ts.int
    // expected-error @below {{the state read "ghost.out" reaches a signal op, but no node is named 'ghost' (a delayed edge reads "<node>.out")}}
    %prev = ts.delayed_read "ghost" : !ts.tensor
    %y = ts.operator "aten::add.Tensor"(%x, %prev, %one) : (!ts.tensor, !ts.tensor, !ts.int) -> !ts.tensor
    ts.return %y : !ts.tensor
  }
}

// -----

!Net = !ts.module<"__torch__.Mismatch">
!Scale = !ts.module<"__torch__.nirtorch.nodes.Scale">
!Linear = !ts.module<"__torch__.nirtorch.nodes.Linear">
ts.module @mismatch "__torch__.Mismatch" {
  ts.module @gain "__torch__.nirtorch.nodes.Scale" {
    ts.parameter @scale : !ts.tensor = dense<[2.0, 3.0]> : tensor<2xf32>
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
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    // expected-error @below {{the delayed edge from node 'gain' has type 'tensor<2xf32>' but its zeros fallback has 'tensor<3xf32>'}}
    %prev = ts.delayed_read "gain" {shape = array<i64: 3>} : !ts.tensor
    %fc = ts.get_attr %self["fc"] : !Net -> !Linear
    %0 = ts.call_method %fc["forward"](%prev) {ts.module_map = "__torch__.nirtorch.nodes.Linear", ts.noinline} : !Linear, (!ts.tensor) -> !ts.tensor
    %gain = ts.get_attr %self["gain"] : !Net -> !Scale
    %y = ts.call_method %gain["forward"](%x) {ts.module_map = "__torch__.nirtorch.nodes.Scale", ts.noinline} : !Scale, (!ts.tensor) -> !ts.tensor
    ts.return %y : !ts.tensor
  }
}

// -----

// Nothing to return (ts-remove-state leaves such a return alone).

!Net = !ts.module<"__torch__.NoSignal">
ts.module @no_signal "__torch__.NoSignal" {
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.int {
    %zero = ts.constant(0) : !ts.int
    %n = ts.operator "aten::size.int"(%x, %zero) : (!ts.tensor, !ts.int) -> !ts.int
    // expected-error @below {{forward returns no signal (expected a tensor computed from the input, or a tuple (outputs..., state...))}}
    ts.return %n : !ts.int
  }
}

// -----

// A signal written to an attribute is reported where it is written, not as
// a missing output.

!Net = !ts.module<"__torch__.Trace">
ts.module @trace "__torch__.Trace" {
  ts.attribute @trace : !ts.tensor = dense<0.0> : tensor<2xf32>
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    // expected-error @below {{cannot lower 'ts.set_attr' on a signal in module <root> (class '__torch__.Trace'): control flow, containers and attribute writes of signals have no NIR form}}
    ts.set_attr %self["trace"] = %x : !Net, !ts.tensor
    %t = ts.get_attr %self["trace"] : !Net -> !ts.tensor
    ts.return %t : !ts.tensor
  }
}

// -----

// F.lp_pool2d, lowered whole, takes its signal as the first operand only.

!Net = !ts.module<"__torch__.Pool">
ts.module @pool "__torch__.Pool" {
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %none = ts.constant(#ts.none) : !ts.none
    %false = ts.constant(false) : !ts.bool
    %k = ts.constant([2, 2]) : !ts.list<!ts.int>
    // expected-error @below {{cannot lower 'F.lp_pool2d' in module <root> (class '__torch__.Pool'): only its first operand may be a signal}}
    %y = ts.call_function @__torch__.torch.nn.functional.lp_pool2d(%x, %x, %k, %none, %false) {ts.noinline} : (!ts.tensor, !ts.tensor, !ts.list<!ts.int>, !ts.none, !ts.bool) -> !ts.tensor
    ts.return %y : !ts.tensor
  }
}
ts.function @__torch__.torch.nn.functional.lp_pool2d(%input: !ts.tensor, %norm_type: !ts.tensor, %kernel_size: !ts.list<!ts.int>, %stride: !ts.optional<!ts.list<!ts.int>> = #ts.none, %ceil_mode: !ts.bool = false) -> !ts.tensor {
  ts.return %input : !ts.tensor
}

// -----

// The other errors of F.lp_pool2d (norm_type 2: op-errors.mlir): each call
// fails on its own, and the sums of their results fail silently.

!Net = !ts.module<"__torch__.Pools">
ts.module @pools "__torch__.Pools" {
  ts.method @forward(%self: !Net, %x: !ts.tensor, %norm: !ts.float = 1.000000e+00, %size: !ts.int = 2) -> !ts.tensor {
    %none = ts.constant(#ts.none) : !ts.none
    %false = ts.constant(false) : !ts.bool
    %true = ts.constant(true) : !ts.bool
    %one = ts.constant(1.000000e+00) : !ts.float
    %k2 = ts.constant([2, 2]) : !ts.list<!ts.int>
    %int1 = ts.constant(1) : !ts.int
    %k = ts.list_construct %size, %size : (!ts.int, !ts.int) -> !ts.list<!ts.int>
    // expected-error @below {{cannot lower 'F.lp_pool2d' in module <root> (class '__torch__.Pools'): norm_type must be a constant}}
    %a = ts.call_function @__torch__.torch.nn.functional.lp_pool2d(%x, %norm, %k2, %none, %false) {ts.noinline} : (!ts.tensor, !ts.float, !ts.list<!ts.int>, !ts.none, !ts.bool) -> !ts.tensor
    // expected-error @below {{cannot lower 'F.lp_pool2d' in module <root> (class '__torch__.Pools'): kernel_size and stride must be constant int lists}}
    %c = ts.call_function @__torch__.torch.nn.functional.lp_pool2d(%x, %one, %k, %none, %false) {ts.noinline} : (!ts.tensor, !ts.float, !ts.list<!ts.int>, !ts.none, !ts.bool) -> !ts.tensor
    // expected-error @below {{cannot lower 'F.lp_pool2d' in module <root> (class '__torch__.Pools'): ceil_mode must be False}}
    %d = ts.call_function @__torch__.torch.nn.functional.lp_pool2d(%x, %one, %k2, %none, %true) {ts.noinline} : (!ts.tensor, !ts.float, !ts.list<!ts.int>, !ts.none, !ts.bool) -> !ts.tensor
    %ac = ts.operator "aten::add.Tensor"(%a, %c, %int1) : (!ts.tensor, !ts.tensor, !ts.int) -> !ts.tensor
    %y = ts.operator "aten::add.Tensor"(%ac, %d, %int1) : (!ts.tensor, !ts.tensor, !ts.int) -> !ts.tensor
    ts.return %y : !ts.tensor
  }
}
ts.function @__torch__.torch.nn.functional.lp_pool2d(%input: !ts.tensor, %norm_type: !ts.float, %kernel_size: !ts.list<!ts.int>, %stride: !ts.optional<!ts.list<!ts.int>> = #ts.none, %ceil_mode: !ts.bool = false) -> !ts.tensor {
  ts.return %input : !ts.tensor
}

// -----

// An op pattern's operand that is a tuple of signals.

!Net = !ts.module<"__torch__.TupleOperand">
ts.module @tuple_operand "__torch__.TupleOperand" {
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %t = ts.tuple_construct %x, %x : (!ts.tensor, !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor>
    // expected-error @below {{cannot lower 'prim::unchecked_cast' in module <root> (class '__torch__.TupleOperand'): operand #0 is a tuple holding signals}}
    %y = ts.operator "prim::unchecked_cast"(%t) : (!ts.tuple<!ts.tensor, !ts.tensor>) -> !ts.tensor
    ts.return %y : !ts.tensor
  }
}

// -----

// An operator an op pattern has a name for but with several results (not
// TorchScript's operator) has no pattern.

!Net = !ts.module<"__torch__.TwoResults">
ts.module @two_results "__torch__.TwoResults" {
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    // expected-error @below {{cannot lower 'prim::unchecked_cast' in module <root> (class '__torch__.TwoResults'): no op pattern; module mappings exist for: }}
    %y:2 = ts.operator "prim::unchecked_cast"(%x) : (!ts.tensor) -> (!ts.tensor, !ts.tensor)
    ts.return %y#0 : !ts.tensor
  }
}
