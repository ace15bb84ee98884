// RUN: nir-opt %s --split-input-file --verify-diagnostics --ts-extract-time-step | FileCheck %s

// ts-extract-time-step: a forward that loops over the time steps of its
// input (the snnTorch tutorials' form, here after ts-inline-calls) becomes
// its loop body run once. x[step] is x, the carried state starts from its
// initial value, and the stacked list is the value appended per step.

!Net = !ts.module<"__torch__.Net">
!Leaky = !ts.module<"__torch__.snn.Leaky">
ts.module @net "__torch__.Net" {
  ts.module @lif "__torch__.snn.Leaky" {
    ts.method @forward(%self: !Leaky, %x: !ts.tensor, %mem: !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor> {
      %0 = ts.tuple_construct %x, %mem : (!ts.tensor, !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor>
      ts.return %0 : !ts.tuple<!ts.tensor, !ts.tensor>
    }
  }
  ts.method @forward(%self: !Net, %x: !ts.tensor<[5, 2, 4], f32>) -> !ts.tensor {
    %true = ts.constant(true) : !ts.bool
    %int0 = ts.constant(0) : !ts.int
    %none = ts.constant(#ts.none) : !ts.none
    %w = ts.constant(dense<1.0> : tensor<3x4xf32>) : !ts.tensor
    %mem0 = ts.constant(dense<0.0> : tensor<0xf32>) : !ts.tensor
    %lif = ts.get_attr %self["lif"] : !Net -> !Leaky
    %rec = ts.list_construct : () -> !ts.list<!ts.tensor>
    %n = ts.operator "aten::size.int"(%x, %int0) : (!ts.tensor<[5, 2, 4], f32>, !ts.int) -> !ts.int
    %last = ts.loop %n, %true iter_args(%mem0) : (!ts.tensor) -> !ts.tensor {
    ^bb0(%step: !ts.int, %mem: !ts.tensor):
      %xt = ts.operator "aten::select.int"(%x, %int0, %step) : (!ts.tensor<[5, 2, 4], f32>, !ts.int, !ts.int) -> !ts.tensor
      %cur = ts.operator "aten::linear"(%xt, %w, %none) : (!ts.tensor, !ts.tensor, !ts.none) -> !ts.tensor
      %r = ts.call_method %lif["forward"](%cur, %mem) {ts.module_map = "__torch__.snn.Leaky", ts.noinline} : !Leaky, (!ts.tensor, !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor>
      %u:2 = ts.tuple_unpack %r : !ts.tuple<!ts.tensor, !ts.tensor> -> !ts.tensor, !ts.tensor
      %a = ts.operator "aten::append.t"(%rec, %u#0) : (!ts.list<!ts.tensor>, !ts.tensor) -> !ts.list<!ts.tensor>
      ts.condition(%true) %u#1 : !ts.tensor
    }
    %out = ts.operator "aten::stack"(%rec, %int0) : (!ts.list<!ts.tensor>, !ts.int) -> !ts.tensor
    ts.return %out : !ts.tensor
  }
}

// The traced sizes of x lose the time dim.
// CHECK-LABEL: ts.module @net
// CHECK:         ts.method @forward(%[[SELF:.*]]: !Net, %[[X:.*]]: !ts.tensor<[2, 4], f32>) -> !ts.tensor {
// CHECK:           %[[MEM0:.*]] = ts.constant(dense<0.000000e+00> : tensor<0xf32>)
// CHECK-NOT:       ts.loop
// CHECK-NOT:       aten::size.int
// CHECK-NOT:       aten::select.int
// CHECK:           %[[CUR:.*]] = ts.operator "aten::linear"(%[[X]], %{{.*}}, %{{.*}})
// CHECK-NEXT:      %[[R:.*]] = ts.call_method %{{.*}}["forward"](%[[CUR]], %[[MEM0]])
// CHECK-NEXT:      %[[U:.*]]:2 = ts.tuple_unpack %[[R]]
// CHECK-NEXT:      ts.return %[[U]]#0 : !ts.tensor

// -----

// Batch first: the loop runs over dim 1 (x[:, step]) and stacks along 1;
// two recorded lists give two outputs, and the final state may be returned
// after them (state, dropped by the conversion).

!Net = !ts.module<"__torch__.BatchFirst">
ts.module @batch_first "__torch__.BatchFirst" {
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor, !ts.tensor> {
    %true = ts.constant(true) : !ts.bool
    %int1 = ts.constant(1) : !ts.int
    %two = ts.constant(2.0) : !ts.float
    %init = ts.constant(#ts.none) : !ts.none
    %a = ts.list_construct : () -> !ts.list<!ts.tensor>
    %b = ts.list_construct : () -> !ts.list<!ts.tensor>
    %n = ts.operator "aten::size.int"(%x, %int1) : (!ts.tensor, !ts.int) -> !ts.int
    %last = ts.loop %n, %true iter_args(%init) : (!ts.none) -> !ts.optional<!ts.tensor> {
    ^bb0(%step: !ts.int, %s: !ts.optional<!ts.tensor>):
      %xt = ts.operator "aten::select.int"(%x, %int1, %step) : (!ts.tensor, !ts.int, !ts.int) -> !ts.tensor
      %y = ts.operator "aten::mul.Scalar"(%xt, %two) : (!ts.tensor, !ts.float) -> !ts.tensor
      %0 = ts.operator "aten::append.t"(%a, %y) : (!ts.list<!ts.tensor>, !ts.tensor) -> !ts.list<!ts.tensor>
      %1 = ts.operator "aten::append.t"(%b, %xt) : (!ts.list<!ts.tensor>, !ts.tensor) -> !ts.list<!ts.tensor>
      ts.condition(%true) %y : !ts.tensor
    }
    %ya = ts.operator "aten::stack"(%a, %int1) : (!ts.list<!ts.tensor>, !ts.int) -> !ts.tensor
    %yb = ts.operator "aten::stack"(%b, %int1) : (!ts.list<!ts.tensor>, !ts.int) -> !ts.tensor
    %lastt = ts.operator "prim::unchecked_cast"(%last) : (!ts.optional<!ts.tensor>) -> !ts.tensor
    %r = ts.tuple_construct %ya, %yb, %lastt : (!ts.tensor, !ts.tensor, !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor, !ts.tensor>
    ts.return %r : !ts.tuple<!ts.tensor, !ts.tensor, !ts.tensor>
  }
}

// CHECK-LABEL: ts.module @batch_first
// CHECK:         ts.method @forward(%{{.*}}: !BatchFirst, %[[X:.*]]: !ts.tensor)
// CHECK-NOT:       ts.loop
// CHECK-NOT:       aten::size.int
// CHECK:           %[[Y:.*]] = ts.operator "aten::mul.Scalar"(%[[X]], %{{.*}})
// CHECK-NEXT:      %[[LAST:.*]] = ts.operator "prim::unchecked_cast"(%[[Y]])
// CHECK-NEXT:      %[[R:.*]] = ts.tuple_construct %[[Y]], %[[X]], %[[LAST]]
// CHECK-NEXT:      ts.return %[[R]]

// -----

// A loop that reads no forward input (a loop over a constant, computing a
// size) is not a time loop and stays.

!Net = !ts.module<"__torch__.Sizes">
ts.module @sizes "__torch__.Sizes" {
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %true = ts.constant(true) : !ts.bool
    %int3 = ts.constant(3) : !ts.int
    %int0 = ts.constant(0) : !ts.int
    %n = ts.loop %int3, %true iter_args(%int0) : (!ts.int) -> !ts.int {
    ^bb0(%i: !ts.int, %acc: !ts.int):
      %next = ts.operator "aten::add.int"(%acc, %i) : (!ts.int, !ts.int) -> !ts.int
      ts.condition(%true) %next : !ts.int
    }
    ts.return %x : !ts.tensor
  }
}

// CHECK-LABEL: ts.module @sizes
// CHECK:         ts.loop

// -----

// A while loop over the steps.

!Net = !ts.module<"__torch__.While">
ts.module @while "__torch__.While" {
  ts.method @forward(%self: !Net, %x: !ts.tensor, %go: !ts.bool = true) -> !ts.tensor {
    %int0 = ts.constant(0) : !ts.int
    %a = ts.list_construct : () -> !ts.list<!ts.tensor>
    %n = ts.operator "aten::size.int"(%x, %int0) : (!ts.tensor, !ts.int) -> !ts.int
    // expected-error @below {{cannot lower this loop of forward as a time loop: it is a while loop (its condition is not the constant true)}}
    ts.loop %n, %go iter_args() : () -> () {
    ^bb0(%step: !ts.int):
      %xt = ts.operator "aten::select.int"(%x, %int0, %step) : (!ts.tensor, !ts.int, !ts.int) -> !ts.tensor
      %0 = ts.operator "aten::append.t"(%a, %xt) : (!ts.list<!ts.tensor>, !ts.tensor) -> !ts.list<!ts.tensor>
      ts.condition(%go)
    }
    %y = ts.operator "aten::stack"(%a, %int0) : (!ts.list<!ts.tensor>, !ts.int) -> !ts.tensor
    ts.return %y : !ts.tensor
  }
}

// -----

// The step index used in a computation (a step-dependent branch).

!Net = !ts.module<"__torch__.StepIndex">
ts.module @step_index "__torch__.StepIndex" {
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %true = ts.constant(true) : !ts.bool
    %int0 = ts.constant(0) : !ts.int
    %a = ts.list_construct : () -> !ts.list<!ts.tensor>
    %n = ts.operator "aten::size.int"(%x, %int0) : (!ts.tensor, !ts.int) -> !ts.int
    // expected-error @below {{the step index is used other than to index the input (a step-dependent computation has no NIR form)}}
    ts.loop %n, %true iter_args() : () -> () {
    ^bb0(%step: !ts.int):
      %xt = ts.operator "aten::select.int"(%x, %int0, %step) : (!ts.tensor, !ts.int, !ts.int) -> !ts.tensor
      %first = ts.operator "aten::eq.int"(%step, %int0) : (!ts.int, !ts.int) -> !ts.bool
      %0 = ts.operator "aten::append.t"(%a, %xt) : (!ts.list<!ts.tensor>, !ts.tensor) -> !ts.list<!ts.tensor>
      ts.condition(%true)
    }
    %y = ts.operator "aten::stack"(%a, %int0) : (!ts.list<!ts.tensor>, !ts.int) -> !ts.tensor
    ts.return %y : !ts.tensor
  }
}

// -----

// The input read otherwise than x[step] (the whole sequence inside the loop).

!Net = !ts.module<"__torch__.WholeInput">
ts.module @whole_input "__torch__.WholeInput" {
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %true = ts.constant(true) : !ts.bool
    %int0 = ts.constant(0) : !ts.int
    %a = ts.list_construct : () -> !ts.list<!ts.tensor>
    %n = ts.operator "aten::size.int"(%x, %int0) : (!ts.tensor, !ts.int) -> !ts.int
    // expected-error @below {{the input is read inside the loop other than as x[step] along the time dim}}
    ts.loop %n, %true iter_args() : () -> () {
    ^bb0(%step: !ts.int):
      %0 = ts.operator "aten::append.t"(%a, %x) : (!ts.list<!ts.tensor>, !ts.tensor) -> !ts.list<!ts.tensor>
      ts.condition(%true)
    }
    %y = ts.operator "aten::stack"(%a, %int0) : (!ts.list<!ts.tensor>, !ts.int) -> !ts.tensor
    ts.return %y : !ts.tensor
  }
}

// -----

// Stacked along another dim than the loop runs over.

!Net = !ts.module<"__torch__.OtherDim">
ts.module @other_dim "__torch__.OtherDim" {
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %true = ts.constant(true) : !ts.bool
    %int0 = ts.constant(0) : !ts.int
    %int1 = ts.constant(1) : !ts.int
    %a = ts.list_construct : () -> !ts.list<!ts.tensor>
    %n = ts.operator "aten::size.int"(%x, %int0) : (!ts.tensor, !ts.int) -> !ts.int
    // expected-error @below {{a list of outputs is used other than by one torch.stack along the time dim after the loop}}
    ts.loop %n, %true iter_args() : () -> () {
    ^bb0(%step: !ts.int):
      %xt = ts.operator "aten::select.int"(%x, %int0, %step) : (!ts.tensor, !ts.int, !ts.int) -> !ts.tensor
      %0 = ts.operator "aten::append.t"(%a, %xt) : (!ts.list<!ts.tensor>, !ts.tensor) -> !ts.list<!ts.tensor>
      ts.condition(%true)
    }
    %y = ts.operator "aten::stack"(%a, %int1) : (!ts.list<!ts.tensor>, !ts.int) -> !ts.tensor
    ts.return %y : !ts.tensor
  }
}

// -----

// An output appended under a condition (not every step).

!Net = !ts.module<"__torch__.Conditional">
ts.module @conditional "__torch__.Conditional" {
  ts.method @forward(%self: !Net, %x: !ts.tensor, %c: !ts.bool = true) -> !ts.tensor {
    %true = ts.constant(true) : !ts.bool
    %int0 = ts.constant(0) : !ts.int
    %a = ts.list_construct : () -> !ts.list<!ts.tensor>
    %n = ts.operator "aten::size.int"(%x, %int0) : (!ts.tensor, !ts.int) -> !ts.int
    // expected-error @below {{an output is appended under a condition}}
    ts.loop %n, %true iter_args() : () -> () {
    ^bb0(%step: !ts.int):
      %xt = ts.operator "aten::select.int"(%x, %int0, %step) : (!ts.tensor, !ts.int, !ts.int) -> !ts.tensor
      ts.if %c {
        %0 = ts.operator "aten::append.t"(%a, %xt) : (!ts.list<!ts.tensor>, !ts.tensor) -> !ts.list<!ts.tensor>
        ts.yield
      } else {
        ts.yield
      }
      ts.condition(%true)
    }
    %y = ts.operator "aten::stack"(%a, %int0) : (!ts.list<!ts.tensor>, !ts.int) -> !ts.tensor
    ts.return %y : !ts.tensor
  }
}

// -----

// Two loops over the input.

!Net = !ts.module<"__torch__.TwoLoops">
ts.module @two_loops "__torch__.TwoLoops" {
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %true = ts.constant(true) : !ts.bool
    %int0 = ts.constant(0) : !ts.int
    %n = ts.operator "aten::size.int"(%x, %int0) : (!ts.tensor, !ts.int) -> !ts.int
    ts.loop %n, %true iter_args() : () -> () {
    ^bb0(%step: !ts.int):
      ts.condition(%true)
    }
    // expected-error @below {{cannot lower a second loop over forward's inputs: a NIR graph is one time step, and two time loops run their steps one after the other}}
    ts.loop %n, %true iter_args() : () -> () {
    ^bb0(%step: !ts.int):
      ts.condition(%true)
    }
    ts.return %x : !ts.tensor
  }
}

// -----

// The time dim not a constant (a hyper-parameter of forward).

!Net = !ts.module<"__torch__.DynamicDim">
ts.module @dynamic_dim "__torch__.DynamicDim" {
  ts.method @forward(%self: !Net, %x: !ts.tensor, %d: !ts.int = 0) -> !ts.tensor {
    %true = ts.constant(true) : !ts.bool
    %a = ts.list_construct : () -> !ts.list<!ts.tensor>
    %n = ts.operator "aten::size.int"(%x, %d) : (!ts.tensor, !ts.int) -> !ts.int
    // expected-error @below {{cannot lower this loop of forward as a time loop: the trip count is x.size(d) of a non-constant d (a time loop runs `for step in range(x.size(d))` over a forward input x, reads it only as x[step] (x.select(d, step)), carries state from one step to the next and collects its outputs with list.append and torch.stack along d)}}
    ts.loop %n, %true iter_args() : () -> () {
    ^bb0(%step: !ts.int):
      %xt = ts.operator "aten::select.int"(%x, %d, %step) : (!ts.tensor, !ts.int, !ts.int) -> !ts.tensor
      %0 = ts.operator "aten::append.t"(%a, %xt) : (!ts.list<!ts.tensor>, !ts.tensor) -> !ts.list<!ts.tensor>
      ts.condition(%true)
    }
    %y = ts.operator "aten::stack"(%a, %d) : (!ts.list<!ts.tensor>, !ts.int) -> !ts.tensor
    ts.return %y : !ts.tensor
  }
}

// -----

// The time dim counted from the end (x.size(-1)).

!Net = !ts.module<"__torch__.LastDim">
ts.module @last_dim "__torch__.LastDim" {
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %true = ts.constant(true) : !ts.bool
    %m1 = ts.constant(-1) : !ts.int
    %a = ts.list_construct : () -> !ts.list<!ts.tensor>
    %n = ts.operator "aten::size.int"(%x, %m1) : (!ts.tensor, !ts.int) -> !ts.int
    // expected-error @below {{the time dim is counted from the end}}
    ts.loop %n, %true iter_args() : () -> () {
    ^bb0(%step: !ts.int):
      %xt = ts.operator "aten::select.int"(%x, %m1, %step) : (!ts.tensor, !ts.int, !ts.int) -> !ts.tensor
      %0 = ts.operator "aten::append.t"(%a, %xt) : (!ts.list<!ts.tensor>, !ts.tensor) -> !ts.list<!ts.tensor>
      ts.condition(%true)
    }
    %y = ts.operator "aten::stack"(%a, %m1) : (!ts.list<!ts.tensor>, !ts.int) -> !ts.tensor
    ts.return %y : !ts.tensor
  }
}

// -----

// A constant trip count (range(5)) over the steps of an input.

!Net = !ts.module<"__torch__.ConstantCount">
ts.module @constant_count "__torch__.ConstantCount" {
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %true = ts.constant(true) : !ts.bool
    %int0 = ts.constant(0) : !ts.int
    %int5 = ts.constant(5) : !ts.int
    %a = ts.list_construct : () -> !ts.list<!ts.tensor>
    // expected-error @below {{the trip count is not the size of a forward input}}
    ts.loop %int5, %true iter_args() : () -> () {
    ^bb0(%step: !ts.int):
      %xt = ts.operator "aten::select.int"(%x, %int0, %step) : (!ts.tensor, !ts.int, !ts.int) -> !ts.tensor
      %0 = ts.operator "aten::append.t"(%a, %xt) : (!ts.list<!ts.tensor>, !ts.tensor) -> !ts.list<!ts.tensor>
      ts.condition(%true)
    }
    %y = ts.operator "aten::stack"(%a, %int0) : (!ts.list<!ts.tensor>, !ts.int) -> !ts.tensor
    ts.return %y : !ts.tensor
  }
}

// -----

// The trip count is the size of a computed tensor, not of a forward input.

!Net = !ts.module<"__torch__.ComputedCount">
ts.module @computed_count "__torch__.ComputedCount" {
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %true = ts.constant(true) : !ts.bool
    %int0 = ts.constant(0) : !ts.int
    %two = ts.constant(2.0) : !ts.float
    %a = ts.list_construct : () -> !ts.list<!ts.tensor>
    %x2 = ts.operator "aten::mul.Scalar"(%x, %two) : (!ts.tensor, !ts.float) -> !ts.tensor
    %n = ts.operator "aten::size.int"(%x2, %int0) : (!ts.tensor, !ts.int) -> !ts.int
    // expected-error @below {{the trip count is the size of a value other than a forward input}}
    ts.loop %n, %true iter_args() : () -> () {
    ^bb0(%step: !ts.int):
      %xt = ts.operator "aten::select.int"(%x, %int0, %step) : (!ts.tensor, !ts.int, !ts.int) -> !ts.tensor
      %0 = ts.operator "aten::append.t"(%a, %xt) : (!ts.list<!ts.tensor>, !ts.tensor) -> !ts.list<!ts.tensor>
      ts.condition(%true)
    }
    %y = ts.operator "aten::stack"(%a, %int0) : (!ts.list<!ts.tensor>, !ts.int) -> !ts.tensor
    ts.return %y : !ts.tensor
  }
}

// -----

// The input also used whole, outside the loop.

!Net = !ts.module<"__torch__.UsedOutside">
ts.module @used_outside "__torch__.UsedOutside" {
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor> {
    %true = ts.constant(true) : !ts.bool
    %int0 = ts.constant(0) : !ts.int
    %a = ts.list_construct : () -> !ts.list<!ts.tensor>
    %n = ts.operator "aten::size.int"(%x, %int0) : (!ts.tensor, !ts.int) -> !ts.int
    // expected-error @below {{the input is also used outside the loop}}
    ts.loop %n, %true iter_args() : () -> () {
    ^bb0(%step: !ts.int):
      %xt = ts.operator "aten::select.int"(%x, %int0, %step) : (!ts.tensor, !ts.int, !ts.int) -> !ts.tensor
      %0 = ts.operator "aten::append.t"(%a, %xt) : (!ts.list<!ts.tensor>, !ts.tensor) -> !ts.list<!ts.tensor>
      ts.condition(%true)
    }
    %y = ts.operator "aten::stack"(%a, %int0) : (!ts.list<!ts.tensor>, !ts.int) -> !ts.tensor
    %r = ts.tuple_construct %y, %x : (!ts.tensor, !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor>
    ts.return %r : !ts.tuple<!ts.tensor, !ts.tensor>
  }
}

// -----

// A loop over the input's size that never reads its steps.

!Net = !ts.module<"__torch__.NoSteps">
ts.module @no_steps "__torch__.NoSteps" {
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %true = ts.constant(true) : !ts.bool
    %int0 = ts.constant(0) : !ts.int
    %c = ts.constant(dense<1.0> : tensor<4xf32>) : !ts.tensor
    %a = ts.list_construct : () -> !ts.list<!ts.tensor>
    %n = ts.operator "aten::size.int"(%x, %int0) : (!ts.tensor, !ts.int) -> !ts.int
    // expected-error @below {{the loop does not read the input's steps}}
    ts.loop %n, %true iter_args() : () -> () {
    ^bb0(%step: !ts.int):
      %0 = ts.operator "aten::append.t"(%a, %c) : (!ts.list<!ts.tensor>, !ts.tensor) -> !ts.list<!ts.tensor>
      ts.condition(%true)
    }
    %y = ts.operator "aten::stack"(%a, %int0) : (!ts.list<!ts.tensor>, !ts.int) -> !ts.tensor
    ts.return %y : !ts.tensor
  }
}

// -----

// A loop that only accumulates (returns its final state): no recorded
// outputs.

!Net = !ts.module<"__torch__.NoOutputs">
ts.module @no_outputs "__torch__.NoOutputs" {
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %true = ts.constant(true) : !ts.bool
    %int0 = ts.constant(0) : !ts.int
    %int1 = ts.constant(1) : !ts.int
    %zero = ts.constant(dense<0.0> : tensor<4xf32>) : !ts.tensor
    %n = ts.operator "aten::size.int"(%x, %int0) : (!ts.tensor, !ts.int) -> !ts.int
    // expected-error @below {{it collects no outputs (list.append inside the loop)}}
    %sum = ts.loop %n, %true iter_args(%zero) : (!ts.tensor) -> !ts.tensor {
    ^bb0(%step: !ts.int, %acc: !ts.tensor):
      %xt = ts.operator "aten::select.int"(%x, %int0, %step) : (!ts.tensor, !ts.int, !ts.int) -> !ts.tensor
      %next = ts.operator "aten::add.Tensor"(%acc, %xt, %int1) : (!ts.tensor, !ts.tensor, !ts.int) -> !ts.tensor
      ts.condition(%true) %next : !ts.tensor
    }
    ts.return %sum : !ts.tensor
  }
}

// -----

// The output list starts with an element (it is not created empty).

!Net = !ts.module<"__torch__.Prefilled">
ts.module @prefilled "__torch__.Prefilled" {
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %true = ts.constant(true) : !ts.bool
    %int0 = ts.constant(0) : !ts.int
    %c = ts.constant(dense<0.0> : tensor<4xf32>) : !ts.tensor
    %a = ts.list_construct %c : (!ts.tensor) -> !ts.list<!ts.tensor>
    %n = ts.operator "aten::size.int"(%x, %int0) : (!ts.tensor, !ts.int) -> !ts.int
    // expected-error @below {{a list appended to in the loop is not created empty just before it}}
    ts.loop %n, %true iter_args() : () -> () {
    ^bb0(%step: !ts.int):
      %xt = ts.operator "aten::select.int"(%x, %int0, %step) : (!ts.tensor, !ts.int, !ts.int) -> !ts.tensor
      %0 = ts.operator "aten::append.t"(%a, %xt) : (!ts.list<!ts.tensor>, !ts.tensor) -> !ts.list<!ts.tensor>
      ts.condition(%true)
    }
    %y = ts.operator "aten::stack"(%a, %int0) : (!ts.list<!ts.tensor>, !ts.int) -> !ts.tensor
    ts.return %y : !ts.tensor
  }
}

// -----

// A list of outputs never stacked (the loop's final state is returned).

!Net = !ts.module<"__torch__.NotStacked">
ts.module @not_stacked "__torch__.NotStacked" {
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %true = ts.constant(true) : !ts.bool
    %int0 = ts.constant(0) : !ts.int
    %int1 = ts.constant(1) : !ts.int
    %zero = ts.constant(dense<0.0> : tensor<4xf32>) : !ts.tensor
    %a = ts.list_construct : () -> !ts.list<!ts.tensor>
    %n = ts.operator "aten::size.int"(%x, %int0) : (!ts.tensor, !ts.int) -> !ts.int
    // expected-error @below {{a list of outputs is not stacked after the loop}}
    %sum = ts.loop %n, %true iter_args(%zero) : (!ts.tensor) -> !ts.tensor {
    ^bb0(%step: !ts.int, %acc: !ts.tensor):
      %xt = ts.operator "aten::select.int"(%x, %int0, %step) : (!ts.tensor, !ts.int, !ts.int) -> !ts.tensor
      %next = ts.operator "aten::add.Tensor"(%acc, %xt, %int1) : (!ts.tensor, !ts.tensor, !ts.int) -> !ts.tensor
      %0 = ts.operator "aten::append.t"(%a, %next) : (!ts.list<!ts.tensor>, !ts.tensor) -> !ts.list<!ts.tensor>
      ts.condition(%true) %next : !ts.tensor
    }
    ts.return %sum : !ts.tensor
  }
}

// -----

// Operators with the wrong number of operands (the ts dialect cannot check
// arities) do not match: a one-operand size is no trip count.

!Net = !ts.module<"__torch__.BadSize">
ts.module @bad_size "__torch__.BadSize" {
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %true = ts.constant(true) : !ts.bool
    %int0 = ts.constant(0) : !ts.int
    %a = ts.list_construct : () -> !ts.list<!ts.tensor>
    %n = ts.operator "aten::size.int"(%x) : (!ts.tensor) -> !ts.int
    // expected-error @below {{the trip count is not the size of a forward input}}
    ts.loop %n, %true iter_args() : () -> () {
    ^bb0(%step: !ts.int):
      %xt = ts.operator "aten::select.int"(%x, %int0, %step) : (!ts.tensor, !ts.int, !ts.int) -> !ts.tensor
      %0 = ts.operator "aten::append.t"(%a, %xt) : (!ts.list<!ts.tensor>, !ts.tensor) -> !ts.list<!ts.tensor>
      ts.condition(%true)
    }
    %y = ts.operator "aten::stack"(%a, %int0) : (!ts.list<!ts.tensor>, !ts.int) -> !ts.tensor
    ts.return %y : !ts.tensor
  }
}

// -----

// A stack without its dim is not the stack of a time loop.

!Net = !ts.module<"__torch__.BadStack">
ts.module @bad_stack "__torch__.BadStack" {
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %true = ts.constant(true) : !ts.bool
    %int0 = ts.constant(0) : !ts.int
    %a = ts.list_construct : () -> !ts.list<!ts.tensor>
    %n = ts.operator "aten::size.int"(%x, %int0) : (!ts.tensor, !ts.int) -> !ts.int
    // expected-error @below {{a list of outputs is used other than by one torch.stack along the time dim after the loop}}
    ts.loop %n, %true iter_args() : () -> () {
    ^bb0(%step: !ts.int):
      %xt = ts.operator "aten::select.int"(%x, %int0, %step) : (!ts.tensor, !ts.int, !ts.int) -> !ts.tensor
      %0 = ts.operator "aten::append.t"(%a, %xt) : (!ts.list<!ts.tensor>, !ts.tensor) -> !ts.list<!ts.tensor>
      ts.condition(%true)
    }
    %y = ts.operator "aten::stack"(%a) : (!ts.list<!ts.tensor>) -> !ts.tensor
    ts.return %y : !ts.tensor
  }
}

// -----

// A traced input's time dim must be one of its dims.

!Net = !ts.module<"__torch__.OutOfRange">
ts.module @out_of_range "__torch__.OutOfRange" {
  ts.method @forward(%self: !Net, %x: !ts.tensor<[5, 4], f32>) -> !ts.tensor {
    %true = ts.constant(true) : !ts.bool
    %int5 = ts.constant(5) : !ts.int
    %a = ts.list_construct : () -> !ts.list<!ts.tensor>
    %n = ts.operator "aten::size.int"(%x, %int5) : (!ts.tensor<[5, 4], f32>, !ts.int) -> !ts.int
    // expected-error @below {{the time dim 5 is not a dim of the input, of rank 2}}
    ts.loop %n, %true iter_args() : () -> () {
    ^bb0(%step: !ts.int):
      %xt = ts.operator "aten::select.int"(%x, %int5, %step) : (!ts.tensor<[5, 4], f32>, !ts.int, !ts.int) -> !ts.tensor
      %0 = ts.operator "aten::append.t"(%a, %xt) : (!ts.list<!ts.tensor>, !ts.tensor) -> !ts.list<!ts.tensor>
      ts.condition(%true)
    }
    %y = ts.operator "aten::stack"(%a, %int5) : (!ts.list<!ts.tensor>, !ts.int) -> !ts.tensor
    ts.return %y : !ts.tensor
  }
}

// -----

// Two inputs read per step: one is the time sequence.

!Net = !ts.module<"__torch__.TwoSequences">
ts.module @two_sequences "__torch__.TwoSequences" {
  ts.method @forward(%self: !Net, %x: !ts.tensor, %u: !ts.tensor) -> !ts.tensor {
    %true = ts.constant(true) : !ts.bool
    %int0 = ts.constant(0) : !ts.int
    %int1 = ts.constant(1) : !ts.int
    %a = ts.list_construct : () -> !ts.list<!ts.tensor>
    %n = ts.operator "aten::size.int"(%x, %int0) : (!ts.tensor, !ts.int) -> !ts.int
    // expected-error @below {{it reads the steps of a second value (one forward input is the time sequence)}}
    ts.loop %n, %true iter_args() : () -> () {
    ^bb0(%step: !ts.int):
      %xt = ts.operator "aten::select.int"(%x, %int0, %step) : (!ts.tensor, !ts.int, !ts.int) -> !ts.tensor
      %ut = ts.operator "aten::select.int"(%u, %int0, %step) : (!ts.tensor, !ts.int, !ts.int) -> !ts.tensor
      %s = ts.operator "aten::add.Tensor"(%xt, %ut, %int1) : (!ts.tensor, !ts.tensor, !ts.int) -> !ts.tensor
      %0 = ts.operator "aten::append.t"(%a, %s) : (!ts.list<!ts.tensor>, !ts.tensor) -> !ts.list<!ts.tensor>
      ts.condition(%true)
    }
    %y = ts.operator "aten::stack"(%a, %int0) : (!ts.list<!ts.tensor>, !ts.int) -> !ts.tensor
    ts.return %y : !ts.tensor
  }
}

// -----

// One output list appended to twice per step.

!Net = !ts.module<"__torch__.TwoAppends">
ts.module @two_appends "__torch__.TwoAppends" {
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %true = ts.constant(true) : !ts.bool
    %int0 = ts.constant(0) : !ts.int
    %a = ts.list_construct : () -> !ts.list<!ts.tensor>
    %n = ts.operator "aten::size.int"(%x, %int0) : (!ts.tensor, !ts.int) -> !ts.int
    // expected-error @below {{a list of outputs is appended to more than once per step}}
    ts.loop %n, %true iter_args() : () -> () {
    ^bb0(%step: !ts.int):
      %xt = ts.operator "aten::select.int"(%x, %int0, %step) : (!ts.tensor, !ts.int, !ts.int) -> !ts.tensor
      %0 = ts.operator "aten::append.t"(%a, %xt) : (!ts.list<!ts.tensor>, !ts.tensor) -> !ts.list<!ts.tensor>
      %1 = ts.operator "aten::append.t"(%a, %xt) : (!ts.list<!ts.tensor>, !ts.tensor) -> !ts.list<!ts.tensor>
      ts.condition(%true)
    }
    %y = ts.operator "aten::stack"(%a, %int0) : (!ts.list<!ts.tensor>, !ts.int) -> !ts.tensor
    ts.return %y : !ts.tensor
  }
}

// -----

// The stack may sit in an op after the loop (an if): still after it.

!Net = !ts.module<"__torch__.StackInIf">
ts.module @stack_in_if "__torch__.StackInIf" {
  ts.method @forward(%self: !Net, %x: !ts.tensor, %flag: !ts.bool) -> !ts.tensor {
    %true = ts.constant(true) : !ts.bool
    %int0 = ts.constant(0) : !ts.int
    %a = ts.list_construct : () -> !ts.list<!ts.tensor>
    %n = ts.operator "aten::size.int"(%x, %int0) : (!ts.tensor, !ts.int) -> !ts.int
    ts.loop %n, %true iter_args() : () -> () {
    ^bb0(%step: !ts.int):
      %xt = ts.operator "aten::select.int"(%x, %int0, %step) : (!ts.tensor, !ts.int, !ts.int) -> !ts.tensor
      %r = ts.operator "aten::relu"(%xt) : (!ts.tensor) -> !ts.tensor
      %0 = ts.operator "aten::append.t"(%a, %r) : (!ts.list<!ts.tensor>, !ts.tensor) -> !ts.list<!ts.tensor>
      ts.condition(%true)
    }
    %y = ts.if %flag -> (!ts.tensor) {
      %s = ts.operator "aten::stack"(%a, %int0) : (!ts.list<!ts.tensor>, !ts.int) -> !ts.tensor
      ts.yield %s : !ts.tensor
    } else {
      %zero = ts.constant(dense<0.0> : tensor<4xf32>) : !ts.tensor
      ts.yield %zero : !ts.tensor
    }
    ts.return %y : !ts.tensor
  }
}

// CHECK-LABEL: ts.module @stack_in_if
// CHECK:         %[[R:.*]] = ts.operator "aten::relu"(%x)
// CHECK-NOT:     ts.loop
// CHECK:         ts.if %flag -> (!ts.tensor) {
// CHECK-NEXT:      ts.yield %[[R]] : !ts.tensor
