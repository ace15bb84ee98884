// RUN: nir-opt %s --split-input-file --ts-remove-state | FileCheck %s

// ts-remove-state on forwards as ts-inline-calls leaves them: mapped calls
// are marked (ts.module_map) and everything else is inlined. State is
// forward's arguments with a default that may hold tensors, the elements of
// a mapped call's tuple result other than its output, and what is computed
// from them or only from a signal's metadata.

// A state dict threaded through a neuron: the dict plumbing goes, the
// neuron's state argument becomes prim::Uninitialized, and forward returns
// its output only.

!Net = !ts.module<"__torch__.DictState">
!LIF = !ts.module<"__torch__.nirtorch.nodes.LIF">
ts.module @dict_state "__torch__.DictState" {
  ts.module @lif "__torch__.nirtorch.nodes.LIF" {
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
    %key = ts.constant("lif") : !ts.str
    %has = ts.operator "aten::__contains__.str"(%s, %key) : (!ts.dict<!ts.str, !ts.tensor>, !ts.str) -> !ts.bool
    %v = ts.if %has -> (!ts.tensor) {
      %old = ts.operator "aten::__getitem__.Dict_str"(%s, %key) : (!ts.dict<!ts.str, !ts.tensor>, !ts.str) -> !ts.tensor
      ts.yield %old : !ts.tensor
    } else {
      %zeros = ts.operator "aten::zeros_like"(%x, %none, %none, %none, %none, %none) : (!ts.tensor, !ts.none, !ts.none, !ts.none, !ts.none, !ts.none) -> !ts.tensor
      ts.yield %zeros : !ts.tensor
    }
    %lif = ts.get_attr %self["lif"] : !Net -> !LIF
    %r = ts.call_method %lif["forward"](%x, %v) {ts.module_map = "__torch__.nirtorch.nodes.LIF", ts.noinline} : !LIF, (!ts.tensor, !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor>
    %spikes, %v_new = ts.tuple_unpack %r : !ts.tuple<!ts.tensor, !ts.tensor> -> !ts.tensor, !ts.tensor
    %new_state = ts.dict_construct %key, %v_new : (!ts.str, !ts.tensor) -> !ts.dict<!ts.str, !ts.tensor>
    %ret = ts.tuple_construct %spikes, %new_state : (!ts.tensor, !ts.dict<!ts.str, !ts.tensor>) -> !ts.tuple<!ts.tensor, !ts.dict<!ts.str, !ts.tensor>>
    ts.return %ret : !ts.tuple<!ts.tensor, !ts.dict<!ts.str, !ts.tensor>>
  }
}

// CHECK-LABEL: ts.method @forward(%self: !DictState, %x: !ts.tensor, %state: !ts.optional<!ts.dict<!ts.str, !ts.tensor>> = #ts.none) -> !ts.tensor {
// CHECK-NEXT:    %[[LIF:.*]] = ts.get_attr %self["lif"]
// CHECK-NEXT:    %[[UNDEF:.*]] = ts.operator "prim::Uninitialized"() : () -> !ts.tensor
// CHECK-NEXT:    %[[R:.*]] = ts.call_method %[[LIF]]["forward"](%x, %[[UNDEF]])
// CHECK-NEXT:    %[[E:.*]]:2 = ts.tuple_unpack %[[R]]
// CHECK-NEXT:    ts.return %[[E]]#0 : !ts.tensor
// CHECK-NEXT:  }

// -----

// A delayed edge: the read of "rec.out" with a zeros fallback of shape
// batch + [2] reaches a signal op (the sum) and becomes ts.delayed_read,
// before its first use. The write of the new state goes.

!Net = !ts.module<"__torch__.Recurrent">
!Affine = !ts.module<"__torch__.nirtorch.nodes.Affine">
ts.module @recurrent "__torch__.Recurrent" {
  ts.module @rec "__torch__.nirtorch.nodes.Affine" {
    ts.method @forward(%self: !Affine, %x: !ts.tensor) -> !ts.tensor {
      ts.return %x : !ts.tensor
    }
  }
  ts.method @forward(%self: !Net, %x: !ts.tensor, %state: !ts.dict<!ts.str, !ts.tensor> = []) -> !ts.tuple<!ts.tensor, !ts.dict<!ts.str, !ts.tensor>> {
    %zero = ts.constant(0) : !ts.int
    %one = ts.constant(1) : !ts.int
    %none = ts.constant(#ts.none) : !ts.none
    %key = ts.constant("rec.out") : !ts.str
    %has = ts.operator "aten::__contains__.str"(%state, %key) : (!ts.dict<!ts.str, !ts.tensor>, !ts.str) -> !ts.bool
    %prev = ts.if %has -> (!ts.tensor) {
      %old = ts.operator "aten::__getitem__.Dict_str"(%state, %key) : (!ts.dict<!ts.str, !ts.tensor>, !ts.str) -> !ts.tensor
      ts.yield %old : !ts.tensor
    } else {
      %batch = ts.operator "aten::size.int"(%x, %zero) : (!ts.tensor, !ts.int) -> !ts.int
      %batches = ts.list_construct %batch : (!ts.int) -> !ts.list<!ts.int>
      %two = ts.constant(2) : !ts.int
      %trailing = ts.list_construct %two : (!ts.int) -> !ts.list<!ts.int>
      %sizes = ts.operator "aten::add.t"(%batches, %trailing) : (!ts.list<!ts.int>, !ts.list<!ts.int>) -> !ts.list<!ts.int>
      %zeros = ts.operator "aten::zeros"(%sizes, %none, %none, %none, %none) : (!ts.list<!ts.int>, !ts.none, !ts.none, !ts.none, !ts.none) -> !ts.tensor
      ts.yield %zeros : !ts.tensor
    }
    %sum = ts.operator "aten::add.Tensor"(%x, %prev, %one) : (!ts.tensor, !ts.tensor, !ts.int) -> !ts.tensor
    %rec = ts.get_attr %self["rec"] : !Net -> !Affine
    %y = ts.call_method %rec["forward"](%sum) {ts.module_map = "__torch__.nirtorch.nodes.Affine", ts.noinline} : !Affine, (!ts.tensor) -> !ts.tensor
    %new = ts.dict_construct : () -> !ts.dict<!ts.str, !ts.tensor>
    ts.operator "aten::_set_item.str"(%new, %key, %y) : (!ts.dict<!ts.str, !ts.tensor>, !ts.str, !ts.tensor) -> ()
    %ret = ts.tuple_construct %y, %new : (!ts.tensor, !ts.dict<!ts.str, !ts.tensor>) -> !ts.tuple<!ts.tensor, !ts.dict<!ts.str, !ts.tensor>>
    ts.return %ret : !ts.tuple<!ts.tensor, !ts.dict<!ts.str, !ts.tensor>>
  }
}

// CHECK-LABEL: ts.method @forward(%self: !Recurrent
// CHECK-SAME:    -> !ts.tensor {
// CHECK-NEXT:    %[[ONE:.*]] = ts.constant(1) : !ts.int
// CHECK-NEXT:    %[[PREV:.*]] = ts.delayed_read "rec" {shape = array<i64: 2>} : !ts.tensor
// CHECK-NEXT:    %[[SUM:.*]] = ts.operator "aten::add.Tensor"(%x, %[[PREV]], %[[ONE]])
// CHECK-NEXT:    %[[REC:.*]] = ts.get_attr %self["rec"]
// CHECK-NEXT:    %[[Y:.*]] = ts.call_method %[[REC]]["forward"](%[[SUM]])
// CHECK-NEXT:    ts.return %[[Y]] : !ts.tensor
// CHECK-NEXT:  }

// -----

// A delayed read whose fallback is zeros_like(x) takes its shape from x
// (`like`); a read used by a mapped call directly is an edge too.

!Net = !ts.module<"__torch__.Like">
!Scale = !ts.module<"__torch__.nirtorch.nodes.Scale">
ts.module @like "__torch__.Like" {
  ts.module @gain "__torch__.nirtorch.nodes.Scale" {
    ts.method @forward(%self: !Scale, %x: !ts.tensor) -> !ts.tensor {
      ts.return %x : !ts.tensor
    }
  }
  ts.method @forward(%self: !Net, %x: !ts.tensor, %state: !ts.dict<!ts.str, !ts.tensor> = []) -> !ts.tensor {
    %none = ts.constant(#ts.none) : !ts.none
    %key = ts.constant("gain.out") : !ts.str
    %has = ts.operator "aten::__contains__.str"(%state, %key) : (!ts.dict<!ts.str, !ts.tensor>, !ts.str) -> !ts.bool
    %prev = ts.if %has -> (!ts.tensor) {
      %old = ts.operator "aten::__getitem__.Dict_str"(%state, %key) : (!ts.dict<!ts.str, !ts.tensor>, !ts.str) -> !ts.tensor
      ts.yield %old : !ts.tensor
    } else {
      %zeros = ts.operator "aten::zeros_like"(%x, %none, %none, %none, %none, %none) : (!ts.tensor, !ts.none, !ts.none, !ts.none, !ts.none, !ts.none) -> !ts.tensor
      ts.yield %zeros : !ts.tensor
    }
    %gain = ts.get_attr %self["gain"] : !Net -> !Scale
    %y = ts.call_method %gain["forward"](%prev) {ts.module_map = "__torch__.nirtorch.nodes.Scale", ts.noinline} : !Scale, (!ts.tensor) -> !ts.tensor
    ts.return %y : !ts.tensor
  }
}

// CHECK-LABEL: ts.method @forward(%self: !Like
// CHECK:         %[[GAIN:.*]] = ts.get_attr %self["gain"]
// CHECK-NEXT:    %[[PREV:.*]] = ts.delayed_read "gain" like %x : !ts.tensor : !ts.tensor
// CHECK-NEXT:    %[[Y:.*]] = ts.call_method %[[GAIN]]["forward"](%[[PREV]])
// CHECK-NEXT:    ts.return %[[Y]] : !ts.tensor

// -----

// A traced neuron returns (i, v, spikes): the element used as a signal
// (#2) is its output, wherever it is; the others are state. forward's
// outputs are the leading signals of its tuple, here two.

!Net = !ts.module<"__torch__.Traced">
!CubaLIF = !ts.module<"__torch__.nirtorch.nodes.CubaLIF">
ts.module @traced "__torch__.Traced" {
  ts.module @lif "__torch__.nirtorch.nodes.CubaLIF" {
    ts.method @forward(%self: !CubaLIF, %x: !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor, !ts.tensor> {
      %0 = ts.tuple_construct %x, %x, %x : (!ts.tensor, !ts.tensor, !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor, !ts.tensor>
      ts.return %0 : !ts.tuple<!ts.tensor, !ts.tensor, !ts.tensor>
    }
  }
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor, !ts.tensor, !ts.tensor> {
    %one = ts.constant(1) : !ts.int
    %lif = ts.get_attr %self["lif"] : !Net -> !CubaLIF
    %r = ts.call_method %lif["forward"](%x) {ts.module_map = "__torch__.nirtorch.nodes.CubaLIF", ts.noinline} : !CubaLIF, (!ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor, !ts.tensor>
    %i, %v, %spikes = ts.tuple_unpack %r : !ts.tuple<!ts.tensor, !ts.tensor, !ts.tensor> -> !ts.tensor, !ts.tensor, !ts.tensor
    %twice = ts.operator "aten::add.Tensor"(%spikes, %spikes, %one) : (!ts.tensor, !ts.tensor, !ts.int) -> !ts.tensor
    %ret = ts.tuple_construct %spikes, %twice, %i, %v : (!ts.tensor, !ts.tensor, !ts.tensor, !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor, !ts.tensor, !ts.tensor>
    ts.return %ret : !ts.tuple<!ts.tensor, !ts.tensor, !ts.tensor, !ts.tensor>
  }
}

// CHECK-LABEL: ts.method @forward(%self: !Traced, %x: !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor> {
// CHECK:         %[[R:.*]] = ts.call_method
// CHECK-NEXT:    %[[E:.*]]:3 = ts.tuple_unpack %[[R]]
// CHECK-NEXT:    %[[TWICE:.*]] = ts.operator "aten::add.Tensor"(%[[E]]#2, %[[E]]#2
// CHECK-NEXT:    %[[RET:.*]] = ts.tuple_construct %[[E]]#2, %[[TWICE]] : (!ts.tensor, !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor>
// CHECK-NEXT:    ts.return %[[RET]]

// -----

// Sizes a signal op reads (x.view(x.size(0), -1)) stay; a branch on a
// compile-time condition is replaced by the branch taken; hyper-parameters
// (an int with a default) are not state.

!Net = !ts.module<"__torch__.Flat">
ts.module @flat "__torch__.Flat" {
  ts.method @forward(%self: !Net, %x: !ts.tensor, %dim: !ts.int = 1) -> !ts.tensor {
    %zero = ts.constant(0) : !ts.int
    %minus = ts.constant(-1) : !ts.int
    %true = ts.constant(true) : !ts.bool
    %batch = ts.operator "aten::size.int"(%x, %zero) : (!ts.tensor, !ts.int) -> !ts.int
    %sizes = ts.list_construct %batch, %minus : (!ts.int, !ts.int) -> !ts.list<!ts.int>
    %y = ts.if %true -> (!ts.tensor) {
      %v = ts.operator "aten::view"(%x, %sizes) : (!ts.tensor, !ts.list<!ts.int>) -> !ts.tensor
      ts.yield %v : !ts.tensor
    } else {
      ts.yield %x : !ts.tensor
    }
    ts.return %y : !ts.tensor
  }
}

// CHECK-LABEL: ts.method @forward(%self: !Flat, %x: !ts.tensor, %dim: !ts.int = 1) -> !ts.tensor {
// CHECK-NEXT:    %[[ZERO:.*]] = ts.constant(0)
// CHECK-NEXT:    %[[MINUS:.*]] = ts.constant(-1)
// CHECK-NEXT:    %[[BATCH:.*]] = ts.operator "aten::size.int"(%x, %[[ZERO]])
// CHECK-NEXT:    %[[SIZES:.*]] = ts.list_construct %[[BATCH]], %[[MINUS]]
// CHECK-NEXT:    %[[V:.*]] = ts.operator "aten::view"(%x, %[[SIZES]])
// CHECK-NEXT:    ts.return %[[V]] : !ts.tensor
// CHECK-NEXT:  }

// -----

// A root that a module map entry maps (a saved neuron) is one node: its
// code is left alone. With the `root` option, only the root it names is
// worked on (here the mapped one: nothing changes).

// RUN: nir-opt %s --split-input-file --ts-remove-state="root=lif" | FileCheck %s --check-prefix=ROOT

!LIF = !ts.module<"__torch__.nirtorch.nodes.LIF">
!Other = !ts.module<"__torch__.Other">
ts.module @lif "__torch__.nirtorch.nodes.LIF" attributes {ts.module_map = "__torch__.nirtorch.nodes.LIF"} {
  ts.method @forward(%self: !LIF, %x: !ts.tensor, %v: !ts.optional<!ts.tensor> = #ts.none) -> !ts.tuple<!ts.tensor, !ts.optional<!ts.tensor>> {
    %0 = ts.tuple_construct %x, %v : (!ts.tensor, !ts.optional<!ts.tensor>) -> !ts.tuple<!ts.tensor, !ts.optional<!ts.tensor>>
    ts.return %0 : !ts.tuple<!ts.tensor, !ts.optional<!ts.tensor>>
  }
}
ts.module @other "__torch__.Other" {
  ts.method @forward(%self: !Other, %x: !ts.tensor, %v: !ts.optional<!ts.tensor> = #ts.none) -> !ts.tuple<!ts.tensor, !ts.optional<!ts.tensor>> {
    %0 = ts.tuple_construct %x, %v : (!ts.tensor, !ts.optional<!ts.tensor>) -> !ts.tuple<!ts.tensor, !ts.optional<!ts.tensor>>
    ts.return %0 : !ts.tuple<!ts.tensor, !ts.optional<!ts.tensor>>
  }
}

// CHECK-LABEL: ts.module @lif
// CHECK:         ts.return %{{.*}} : !ts.tuple<!ts.tensor, !ts.optional<!ts.tensor>>
// CHECK-LABEL: ts.module @other
// CHECK:         ts.method @forward(%self: !Other, %x: !ts.tensor, %v: !ts.optional<!ts.tensor> = #ts.none) -> !ts.tensor {
// CHECK-NEXT:      ts.return %x : !ts.tensor

// ROOT-LABEL: ts.module @other
// ROOT:         -> !ts.tuple<!ts.tensor, !ts.optional<!ts.tensor>> {
// ROOT-NEXT:      ts.tuple_construct

// -----

// A forward that returns no signal keeps its return, for the conversion to
// report after what comes before it in forward.

!Net = !ts.module<"__torch__.NoSignal">
ts.module @no_signal "__torch__.NoSignal" {
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.int {
    %zero = ts.constant(0) : !ts.int
    %n = ts.operator "aten::size.int"(%x, %zero) : (!ts.tensor, !ts.int) -> !ts.int
    ts.return %n : !ts.int
  }
}

// CHECK-LABEL: ts.method @forward(%self: !NoSignal, %x: !ts.tensor) -> !ts.int {
// CHECK-NEXT:    %[[ZERO:.*]] = ts.constant(0)
// CHECK-NEXT:    %[[N:.*]] = ts.operator "aten::size.int"(%x, %[[ZERO]])
// CHECK-NEXT:    ts.return %[[N]] : !ts.int
