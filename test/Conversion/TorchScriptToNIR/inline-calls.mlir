// RUN: nir-opt %s --split-input-file --verify-diagnostics --ts-inline-calls --mlir-print-debuginfo | FileCheck %s

// Nested module calls and a method the module calls on itself are inlined
// top-down into the root's forward. Each inlined op keeps its location in a
// CallSiteLoc of the call, wrapped in a NameLoc of the submodule path from
// the root ("block.act"); calls on self add no path.

!Net = !ts.module<"__torch__.Net">
!Block = !ts.module<"__torch__.Block">
!Act = !ts.module<"__torch__.Act">
ts.module @net "__torch__.Net" {
  ts.module @block "__torch__.Block" {
    ts.module @act "__torch__.Act" {
      ts.method @forward(%self: !Act, %x: !ts.tensor) -> !ts.tensor {
        %0 = ts.operator "aten::relu"(%x) : (!ts.tensor) -> !ts.tensor loc("act.py":3:1)
        ts.return %0 : !ts.tensor
      }
    }
    ts.method @forward(%self: !Block, %x: !ts.tensor) -> !ts.tensor {
      %a = ts.get_attr %self["act"] : !Block -> !Act
      %y = ts.call_method %a["forward"](%x) : !Act, (!ts.tensor) -> !ts.tensor loc("block.py":5:1)
      %z = ts.call_method %self["helper"](%y) : !Block, (!ts.tensor) -> !ts.tensor loc("block.py":6:1)
      ts.return %z : !ts.tensor
    }
    ts.method @helper(%self: !Block, %x: !ts.tensor) -> !ts.tensor {
      %0 = ts.operator "aten::sigmoid"(%x) : (!ts.tensor) -> !ts.tensor loc("block.py":9:1)
      ts.return %0 : !ts.tensor
    }
  }
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %b = ts.get_attr %self["block"] : !Net -> !Block
    %y = ts.call_method %b["forward"](%x) : !Block, (!ts.tensor) -> !ts.tensor loc("net.py":7:1)
    ts.return %y : !ts.tensor
  }
}

// CHECK-LABEL: ts.method @forward(%self: !Net
// CHECK-NEXT:    %[[BLOCK:.*]] = ts.get_attr %self["block"]
// CHECK-NEXT:    %[[ACT:.*]] = ts.get_attr %[[BLOCK]]["act"] {{.*}} loc(#[[ACT_LOC:.*]])
// CHECK-NEXT:    %[[RELU:.*]] = ts.operator "aten::relu"(%x) {{.*}} loc(#[[RELU_LOC:.*]])
// CHECK-NEXT:    %[[SIG:.*]] = ts.operator "aten::sigmoid"(%[[RELU]]) {{.*}} loc(#[[SIG_LOC:.*]])
// CHECK-NEXT:    ts.return %[[SIG]]
// CHECK-DAG:   #[[ACT_PY:.*]] = loc("act.py":3:1)
// CHECK-DAG:   #[[NET_PY:.*]] = loc("net.py":7:1)
// CHECK-DAG:   #[[RELU_CALL:.*]] = loc(callsite(#[[ACT_PY]] at #{{.*}}))
// CHECK-DAG:   #[[RELU_LOC]] = loc("block.act"(#[[RELU_CALL]]))
// CHECK-DAG:   #[[SIG_LOC]] = loc("block"(#{{.*}}))

// -----

// A call marked ts.noinline (a call a module map lowers whole) stays, and so
// does a call whose object is not statically known. Free functions are
// inlined.

!Net = !ts.module<"__torch__.Net">
!Act = !ts.module<"__torch__.Act">
ts.module @keep "__torch__.Net" {
  ts.module @act "__torch__.Act" {
    ts.method @forward(%self: !Act, %x: !ts.tensor) -> !ts.tensor {
      ts.return %x : !ts.tensor
    }
  }
  ts.method @forward(%self: !Net, %x: !ts.tensor, %c: !ts.bool) -> !ts.tensor {
    %a = ts.get_attr %self["act"] : !Net -> !Act
    %y = ts.call_method %a["forward"](%x) {ts.noinline} : !Act, (!ts.tensor) -> !ts.tensor
    %o = ts.if %c -> (!Act) {
      ts.yield %a : !Act
    } else {
      ts.yield %a : !Act
    }
    %z = ts.call_method %o["forward"](%y) : !Act, (!ts.tensor) -> !ts.tensor
    %w = ts.call_function @"__torch__.double"(%z) : (!ts.tensor) -> !ts.tensor
    ts.return %w : !ts.tensor
  }
}
ts.function @"__torch__.double"(%x: !ts.tensor) -> !ts.tensor {
  %one = ts.constant(1) : !ts.int
  %0 = ts.operator "aten::add.Tensor"(%x, %x, %one) : (!ts.tensor, !ts.tensor, !ts.int) -> !ts.tensor
  ts.return %0 : !ts.tensor
}

// CHECK-LABEL: ts.module @keep
// CHECK:         ts.method @forward(%self: !Net, %x: !ts.tensor, %c: !ts.bool)
// CHECK:           %[[Y:.*]] = ts.call_method %{{.*}}["forward"](%x) {ts.noinline}
// CHECK:           %[[Z:.*]] = ts.call_method %{{.*}}["forward"](%[[Y]])
// CHECK:           %[[W:.*]] = ts.operator "aten::add.Tensor"(%[[Z]], %[[Z]], %{{.*}})
// CHECK:           ts.return %[[W]]

// -----

// A method that calls itself cannot be inlined: the error is at the call
// inside the copy of `loop` inlined into forward.

!Net = !ts.module<"__torch__.Net">
ts.module @rec "__torch__.Net" {
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %y = ts.call_method %self["loop"](%x) : !Net, (!ts.tensor) -> !ts.tensor
    ts.return %y : !ts.tensor
  }
  // expected-note @below {{callee defined here}}
  ts.method @loop(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    // expected-error @below {{recursive call of 'loop' cannot be inlined}}
    %y = ts.call_method %self["loop"](%x) : !Net, (!ts.tensor) -> !ts.tensor
    ts.return %y : !ts.tensor
  }
}

// -----

// Part functions that take a submodule's container (ts-split-methods) are
// inlined, and the submodule calls in them resolve through the container.
// The root's other methods are erased, and so are the functions only they
// called; a function a submodule's method calls stays.

!Net = !ts.module<"__torch__.Net">
!Group = !ts.module<"__torch__.Group">
!Act = !ts.module<"__torch__.Act">
ts.module @parts "__torch__.Net" {
  ts.module @group "__torch__.Group" {
    ts.module @act "__torch__.Act" {
      ts.method @forward(%self: !Act, %x: !ts.tensor) -> !ts.tensor {
        %0 = ts.call_function @__torch__.helper(%x) : (!ts.tensor) -> !ts.tensor
        ts.return %0 : !ts.tensor
      }
    }
  }
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %g = ts.get_attr %self["group"] : !Net -> !Group
    %y = ts.call_function @__torch__.Net_forward_part0(%g, %x) : (!Group, !ts.tensor) -> !ts.tensor
    ts.return %y : !ts.tensor
  }
  ts.method @forward_sequence(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %g = ts.get_attr %self["group"] : !Net -> !Group
    %y = ts.call_function @__torch__.Net_forward_sequence_part0(%g, %x) : (!Group, !ts.tensor) -> !ts.tensor
    ts.return %y : !ts.tensor
  }
}
ts.function @__torch__.Net_forward_part0(%group: !Group, %x: !ts.tensor) -> !ts.tensor {
  %a = ts.get_attr %group["act"] : !Group -> !Act
  %y = ts.call_method %a["forward"](%x) : !Act, (!ts.tensor) -> !ts.tensor
  ts.return %y : !ts.tensor
}
ts.function @__torch__.Net_forward_sequence_part0(%group: !Group, %x: !ts.tensor) -> !ts.tensor {
  %a = ts.get_attr %group["act"] : !Group -> !Act
  %y = ts.call_method %a["forward"](%x) : !Act, (!ts.tensor) -> !ts.tensor
  %z = ts.call_function @__torch__.Net_forward_sequence_part1(%y) : (!ts.tensor) -> !ts.tensor
  ts.return %z : !ts.tensor
}
ts.function @__torch__.Net_forward_sequence_part1(%x: !ts.tensor) -> !ts.tensor {
  ts.return %x : !ts.tensor
}
ts.function @__torch__.helper(%x: !ts.tensor) -> !ts.tensor {
  %0 = ts.operator "aten::relu"(%x) : (!ts.tensor) -> !ts.tensor
  ts.return %0 : !ts.tensor
}

// CHECK-LABEL: ts.module @parts
// CHECK:         ts.method @forward(%self: !Net, %x: !ts.tensor)
// CHECK-NEXT:      %[[G:.*]] = ts.get_attr %self["group"]
// CHECK-NEXT:      %[[A:.*]] = ts.get_attr %[[G]]["act"]
// CHECK-NEXT:      %[[Y:.*]] = ts.operator "aten::relu"(%x)
// CHECK-NEXT:      ts.return %[[Y]]
// CHECK-NOT:     ts.method @forward_sequence
// CHECK-NOT:     ts.function @__torch__.Net_
// CHECK:         ts.function @__torch__.helper(
// CHECK-NOT:     ts.function
