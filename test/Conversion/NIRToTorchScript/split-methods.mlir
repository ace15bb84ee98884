// RUN: nir-opt %s --split-input-file --verify-diagnostics --ts-split-methods=max-ops=4 | FileCheck %s

// ts-split-methods (docs/Raising.md, "Large graphs"): a block of more than
// max-ops ops is cut into runs moved into part methods; values used across
// a run become arguments and results, constants and submodules of self are
// read again in each part.

!Net = !ts.module<"__torch__.Net">
!Lin = !ts.module<"__torch__.Lin">
ts.module @net "__torch__.Net" {
  ts.module @fc "__torch__.Lin" {
    ts.method @forward(%self: !Lin, %x: !ts.tensor) -> !ts.tensor {
      ts.return %x : !ts.tensor
    }
  }
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %one = ts.constant(1) : !ts.int
    %fc = ts.get_attr %self["fc"] : !Net -> !Lin
    %a = ts.call_method %fc["forward"](%x) : !Lin, (!ts.tensor) -> !ts.tensor
    %b = ts.operator "aten::add.Tensor"(%a, %x, %one) : (!ts.tensor, !ts.tensor, !ts.int) -> !ts.tensor
    %c = ts.operator "aten::relu"(%b) : (!ts.tensor) -> !ts.tensor
    %d = ts.operator "aten::relu"(%c) : (!ts.tensor) -> !ts.tensor
    %e = ts.call_method %fc["forward"](%d) : !Lin, (!ts.tensor) -> !ts.tensor
    %f = ts.operator "aten::add.Tensor"(%e, %b, %one) : (!ts.tensor, !ts.tensor, !ts.int) -> !ts.tensor
    ts.return %f : !ts.tensor
  }
}

// The parts come before the method; the first returns the two values the
// second run uses, the second one value. Each part reads fc and the
// constant itself, and the originals, now unused, are gone.
// CHECK-LABEL: ts.module @net
// CHECK:         ts.method @forward_part0(%self: !Net, %a0: !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor>
// CHECK-NEXT:      %[[FC:.*]] = ts.get_attr %self["fc"]
// CHECK-NEXT:      %[[ONE:.*]] = ts.constant(1)
// CHECK-NEXT:      %[[A:.*]] = ts.call_method %[[FC]]["forward"](%a0)
// CHECK-NEXT:      %[[B:.*]] = ts.operator "aten::add.Tensor"(%[[A]], %a0, %[[ONE]])
// CHECK-NEXT:      %[[C:.*]] = ts.operator "aten::relu"(%[[B]])
// CHECK-NEXT:      %[[D:.*]] = ts.operator "aten::relu"(%[[C]])
// CHECK-NEXT:      %[[T:.*]] = ts.tuple_construct %[[B]], %[[D]]
// CHECK-NEXT:      ts.return %[[T]]
// CHECK:         ts.method @forward_part1(%self: !Net, %a0: !ts.tensor, %a1: !ts.tensor) -> !ts.tensor
// CHECK-NEXT:      %[[FC2:.*]] = ts.get_attr %self["fc"]
// CHECK-NEXT:      %[[ONE2:.*]] = ts.constant(1)
// CHECK-NEXT:      %[[E:.*]] = ts.call_method %[[FC2]]["forward"](%a0)
// CHECK-NEXT:      %[[F:.*]] = ts.operator "aten::add.Tensor"(%[[E]], %a1, %[[ONE2]])
// CHECK-NEXT:      ts.return %[[F]]
// CHECK:         ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor
// CHECK-NEXT:      %[[R0:.*]] = ts.call_method %self["forward_part0"](%x) : !Net, (!ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor>
// CHECK-NEXT:      %[[U:.*]]:2 = ts.tuple_unpack %[[R0]]
// CHECK-NEXT:      %[[R1:.*]] = ts.call_method %self["forward_part1"](%[[U]]#1, %[[U]]#0)
// CHECK-NEXT:      ts.return %[[R1]]

// -----

// A loop body is split before the block around it (which is then small
// enough); the loop's arguments and the values from before the loop are
// the part's arguments.

!Net = !ts.module<"__torch__.Net">
ts.module @loop "__torch__.Net" {
  ts.method @forward(%self: !Net, %x: !ts.tensor, %n: !ts.int) -> !ts.tensor {
    %true = ts.constant(true) : !ts.bool
    %r = ts.loop %n, %true iter_args(%x) : (!ts.tensor) -> !ts.tensor {
    ^bb0(%i: !ts.int, %acc: !ts.tensor):
      %a = ts.operator "aten::mul.Tensor"(%acc, %x) : (!ts.tensor, !ts.tensor) -> !ts.tensor
      %b = ts.operator "aten::relu"(%a) : (!ts.tensor) -> !ts.tensor
      %c = ts.operator "aten::relu"(%b) : (!ts.tensor) -> !ts.tensor
      %d = ts.operator "aten::relu"(%c) : (!ts.tensor) -> !ts.tensor
      %e = ts.operator "aten::relu"(%d) : (!ts.tensor) -> !ts.tensor
      ts.condition(%true) %e : !ts.tensor
    }
    ts.return %r : !ts.tensor
  }
}

// CHECK-LABEL: ts.module @loop
// CHECK:         ts.method @forward_part0(%self: !Net, %a0: !ts.tensor, %a1: !ts.tensor) -> !ts.tensor
// CHECK-NEXT:      %[[A:.*]] = ts.operator "aten::mul.Tensor"(%a0, %a1)
// CHECK:         ts.method @forward_part1(%self: !Net, %a0: !ts.tensor) -> !ts.tensor
// CHECK-NEXT:      %[[E:.*]] = ts.operator "aten::relu"(%a0)
// CHECK-NEXT:      ts.return %[[E]]
// CHECK:         ts.method @forward(%self: !Net, %x: !ts.tensor, %n: !ts.int)
// CHECK:           %[[R:.*]] = ts.loop %n, %{{.*}} iter_args(%x)
// CHECK-NEXT:      ^bb0(%{{.*}}: !ts.int, %[[ACC:.*]]: !ts.tensor):
// CHECK-NEXT:        %[[P0:.*]] = ts.call_method %self["forward_part0"](%[[ACC]], %x)
// CHECK-NEXT:        %[[P1:.*]] = ts.call_method %self["forward_part1"](%[[P0]])
// CHECK-NEXT:        ts.condition(%{{.*}}) %[[P1]]
// CHECK:           ts.return %[[R]]

// -----

// A part's name does not take a symbol the object already has, and a run
// whose results nothing after it reads returns None.

!Net = !ts.module<"__torch__.Net">
ts.module @taken "__torch__.Net" {
  ts.attribute @forward_part0 : !ts.int = 3
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %l = ts.list_construct : () -> !ts.list<!ts.tensor>
    ts.operator "aten::append.t"(%l, %x) : (!ts.list<!ts.tensor>, !ts.tensor) -> !ts.list<!ts.tensor>
    ts.operator "aten::append.t"(%l, %x) : (!ts.list<!ts.tensor>, !ts.tensor) -> !ts.list<!ts.tensor>
    ts.operator "aten::append.t"(%l, %x) : (!ts.list<!ts.tensor>, !ts.tensor) -> !ts.list<!ts.tensor>
    ts.operator "aten::append.t"(%l, %x) : (!ts.list<!ts.tensor>, !ts.tensor) -> !ts.list<!ts.tensor>
    ts.operator "aten::append.t"(%l, %x) : (!ts.list<!ts.tensor>, !ts.tensor) -> !ts.list<!ts.tensor>
    ts.operator "aten::append.t"(%l, %x) : (!ts.list<!ts.tensor>, !ts.tensor) -> !ts.list<!ts.tensor>
    ts.operator "aten::append.t"(%l, %x) : (!ts.list<!ts.tensor>, !ts.tensor) -> !ts.list<!ts.tensor>
    %y = ts.operator "aten::relu"(%x) : (!ts.tensor) -> !ts.tensor
    ts.return %y : !ts.tensor
  }
}

// CHECK-LABEL: ts.module @taken
// CHECK:         ts.attribute @forward_part0 : !ts.int = 3
// CHECK:         ts.method @[[PART:forward_part0_[0-9]+]](%self: !Net, %a0: !ts.tensor) -> !ts.list<!ts.tensor>
// CHECK:         ts.method @forward_part1(%self: !Net, %a0: !ts.list<!ts.tensor>, %a1: !ts.tensor) -> !ts.none
// CHECK-COUNT-4:   ts.operator "aten::append.t"(%a0, %a1)
// CHECK-NEXT:      %[[NONE:.*]] = ts.constant(#ts.none) : !ts.none
// CHECK-NEXT:      ts.return %[[NONE]]
// CHECK:         ts.method @forward_part2(%self: !Net, %a0: !ts.tensor) -> !ts.tensor
// CHECK:         ts.method @forward(
// CHECK-NEXT:      %[[L:.*]] = ts.call_method %self["[[PART]]"](%x)
// CHECK-NEXT:      %{{.*}} = ts.call_method %self["forward_part1"](%[[L]], %x) : !Net, (!ts.list<!ts.tensor>, !ts.tensor) -> !ts.none
// CHECK-NEXT:      %[[Y:.*]] = ts.call_method %self["forward_part2"](%x)
// CHECK-NEXT:      ts.return %[[Y]]

// -----

// Two objects of one class keep the same methods: neither is split.

!Net = !ts.module<"__torch__.Net">
!Pair = !ts.module<"__torch__.Pair">
ts.module @pair "__torch__.Pair" {
  ts.module @a "__torch__.Net" {
    ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
      %0 = ts.operator "aten::relu"(%x) : (!ts.tensor) -> !ts.tensor
      %1 = ts.operator "aten::relu"(%0) : (!ts.tensor) -> !ts.tensor
      %2 = ts.operator "aten::relu"(%1) : (!ts.tensor) -> !ts.tensor
      %3 = ts.operator "aten::relu"(%2) : (!ts.tensor) -> !ts.tensor
      %4 = ts.operator "aten::relu"(%3) : (!ts.tensor) -> !ts.tensor
      ts.return %4 : !ts.tensor
    }
  }
  ts.module @b "__torch__.Net" {
    ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
      %0 = ts.operator "aten::relu"(%x) : (!ts.tensor) -> !ts.tensor
      %1 = ts.operator "aten::relu"(%0) : (!ts.tensor) -> !ts.tensor
      %2 = ts.operator "aten::relu"(%1) : (!ts.tensor) -> !ts.tensor
      %3 = ts.operator "aten::relu"(%2) : (!ts.tensor) -> !ts.tensor
      %4 = ts.operator "aten::relu"(%3) : (!ts.tensor) -> !ts.tensor
      ts.return %4 : !ts.tensor
    }
  }
}

// CHECK-LABEL: ts.module @pair
// CHECK-NOT:     _part
// CHECK:         ts.module @b

// -----

// A module value that does not come from self cannot be an argument: the
// method stays whole, with a warning.

!Net = !ts.module<"__torch__.Net">
!Lin = !ts.module<"__torch__.Lin">
ts.module @foreign "__torch__.Net" {
  ts.module @fc "__torch__.Lin" {
    ts.method @forward(%self: !Lin, %x: !ts.tensor) -> !ts.tensor {
      ts.return %x : !ts.tensor
    }
  }
  // expected-warning @below {{method 'forward' is not split into parts where a module value that is not a submodule of self crosses a part boundary}}
  ts.method @forward(%self: !Net, %x: !ts.tensor, %other: !Lin) -> !ts.tensor {
    %0 = ts.operator "aten::relu"(%x) : (!ts.tensor) -> !ts.tensor
    %1 = ts.operator "aten::relu"(%0) : (!ts.tensor) -> !ts.tensor
    %2 = ts.operator "aten::relu"(%1) : (!ts.tensor) -> !ts.tensor
    %3 = ts.operator "aten::relu"(%2) : (!ts.tensor) -> !ts.tensor
    %4 = ts.call_method %other["forward"](%3) : !Lin, (!ts.tensor) -> !ts.tensor
    ts.return %4 : !ts.tensor
  }
}

// CHECK-LABEL: ts.module @foreign
// CHECK-NOT:     _part
// CHECK:         ts.call_method %other["forward"]
