// RUN: nir-opt %s --split-input-file --verify-diagnostics --ts-split-methods=max-ops=4 | FileCheck %s

// ts-split-methods (docs/Raising.md, "Large graphs"): a block of more than
// max-ops ops is cut into runs moved into part functions; values used across
// a run become arguments and results. A part takes the containers of the
// submodules it calls (a submodule of self itself, else the object it is read
// from), not self, and reads the submodules from them again; constants are
// made again in each part.

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

// The parts are functions named after the class and the method; the first
// returns the two values the second run uses, the second one value. Each
// takes fc and makes the constant itself, and the originals of the
// constants, now unused, are gone.
// CHECK-LABEL: ts.module @net
// CHECK:         ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor
// CHECK-NEXT:      %[[FC:.*]] = ts.get_attr %self["fc"]
// CHECK-NEXT:      %[[R0:.*]] = ts.call_function @__torch__.Net_forward_part0(%[[FC]], %x) : (!Lin, !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor>
// CHECK-NEXT:      %[[U:.*]]:2 = ts.tuple_unpack %[[R0]]
// CHECK-NEXT:      %[[R1:.*]] = ts.call_function @__torch__.Net_forward_part1(%[[FC]], %[[U]]#1, %[[U]]#0)
// CHECK-NEXT:      ts.return %[[R1]]
// CHECK:       ts.function @__torch__.Net_forward_part0(%fc: !Lin, %a0: !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor>
// CHECK-NEXT:    %[[ONE:.*]] = ts.constant(1)
// CHECK-NEXT:    %[[A:.*]] = ts.call_method %fc["forward"](%a0)
// CHECK-NEXT:    %[[B:.*]] = ts.operator "aten::add.Tensor"(%[[A]], %a0, %[[ONE]])
// CHECK-NEXT:    %[[C:.*]] = ts.operator "aten::relu"(%[[B]])
// CHECK-NEXT:    %[[D:.*]] = ts.operator "aten::relu"(%[[C]])
// CHECK-NEXT:    %[[T:.*]] = ts.tuple_construct %[[B]], %[[D]]
// CHECK-NEXT:    ts.return %[[T]]
// CHECK:       ts.function @__torch__.Net_forward_part1(%fc: !Lin, %a0: !ts.tensor, %a1: !ts.tensor) -> !ts.tensor
// CHECK-NEXT:    %[[ONE2:.*]] = ts.constant(1)
// CHECK-NEXT:    %[[E:.*]] = ts.call_method %fc["forward"](%a0)
// CHECK-NEXT:    %[[F:.*]] = ts.operator "aten::add.Tensor"(%[[E]], %a1, %[[ONE2]])
// CHECK-NEXT:    ts.return %[[F]]

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
// CHECK:         ts.method @forward(%self: !Net, %x: !ts.tensor, %n: !ts.int)
// CHECK:           %[[R:.*]] = ts.loop %n, %{{.*}} iter_args(%x)
// CHECK-NEXT:      ^bb0(%{{.*}}: !ts.int, %[[ACC:.*]]: !ts.tensor):
// CHECK-NEXT:        %[[P0:.*]] = ts.call_function @__torch__.Net_forward_part0(%[[ACC]], %x)
// CHECK-NEXT:        %[[P1:.*]] = ts.call_function @__torch__.Net_forward_part1(%[[P0]])
// CHECK-NEXT:        ts.condition(%{{.*}}) %[[P1]]
// CHECK:           ts.return %[[R]]
// CHECK:       ts.function @__torch__.Net_forward_part0(%a0: !ts.tensor, %a1: !ts.tensor) -> !ts.tensor
// CHECK-NEXT:    %[[A:.*]] = ts.operator "aten::mul.Tensor"(%a0, %a1)
// CHECK:       ts.function @__torch__.Net_forward_part1(%a0: !ts.tensor) -> !ts.tensor
// CHECK-NEXT:    %[[E:.*]] = ts.operator "aten::relu"(%a0)
// CHECK-NEXT:    ts.return %[[E]]

// -----

// A part's name does not take a symbol the module already has, and a run
// whose results nothing after it reads returns None.

!Net = !ts.module<"__torch__.Net">
ts.function @__torch__.Net_forward_part0() -> !ts.int {
  %three = ts.constant(3) : !ts.int
  ts.return %three : !ts.int
}
ts.module @taken "__torch__.Net" {
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

// CHECK-LABEL: ts.function @__torch__.Net_forward_part0() -> !ts.int
// CHECK:       ts.module @taken
// CHECK:         ts.method @forward(
// CHECK-NEXT:      %[[L:.*]] = ts.call_function @[[PART:__torch__.Net_forward_part0_[0-9]+]](%x)
// CHECK-NEXT:      %{{.*}} = ts.call_function @__torch__.Net_forward_part1(%[[L]], %x) : (!ts.list<!ts.tensor>, !ts.tensor) -> !ts.none
// CHECK-NEXT:      %[[Y:.*]] = ts.call_function @__torch__.Net_forward_part2(%x)
// CHECK-NEXT:      ts.return %[[Y]]
// CHECK:       ts.function @[[PART]](%a0: !ts.tensor) -> !ts.list<!ts.tensor>
// CHECK:       ts.function @__torch__.Net_forward_part1(%a0: !ts.list<!ts.tensor>, %a1: !ts.tensor) -> !ts.none
// CHECK-COUNT-4: ts.operator "aten::append.t"(%a0, %a1)
// CHECK-NEXT:    %[[NONE:.*]] = ts.constant(#ts.none) : !ts.none
// CHECK-NEXT:    ts.return %[[NONE]]
// CHECK:       ts.function @__torch__.Net_forward_part2(%a0: !ts.tensor) -> !ts.tensor

// -----

// Node modules in containers (self.block.group.fc): a part takes the group
// they are read from, and reads them from it; a part reading an attribute
// of self itself takes self. A container whose slot name is not an
// identifier gets a name of its own.

!Net = !ts.module<"__torch__.Net">
!Block = !ts.module<"__torch__.Block">
!Group = !ts.module<"__torch__.Group">
!Seq = !ts.module<"__torch__.Seq">
!Lin = !ts.module<"__torch__.Lin">
ts.module @nested "__torch__.Net" {
  ts.attribute @scale : !ts.float = 2.0
  ts.module @block "__torch__.Block" {
    ts.module @group "__torch__.Group" {
      ts.module @fc "__torch__.Lin" {
        ts.method @forward(%self: !Lin, %x: !ts.tensor) -> !ts.tensor {
          ts.return %x : !ts.tensor
        }
      }
    }
  }
  ts.module @"0" "__torch__.Seq" {
    ts.module @"0" "__torch__.Lin" {
      ts.method @forward(%self: !Lin, %x: !ts.tensor) -> !ts.tensor {
        ts.return %x : !ts.tensor
      }
    }
  }
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %block = ts.get_attr %self["block"] : !Net -> !Block
    %group = ts.get_attr %block["group"] : !Block -> !Group
    %fc = ts.get_attr %group["fc"] : !Group -> !Lin
    %seq = ts.get_attr %self["0"] : !Net -> !Seq
    %lin = ts.get_attr %seq["0"] : !Seq -> !Lin
    %a = ts.call_method %fc["forward"](%x) : !Lin, (!ts.tensor) -> !ts.tensor
    %b = ts.call_method %lin["forward"](%a) : !Lin, (!ts.tensor) -> !ts.tensor
    %c = ts.operator "aten::relu"(%b) : (!ts.tensor) -> !ts.tensor
    %d = ts.operator "aten::relu"(%c) : (!ts.tensor) -> !ts.tensor
    %s = ts.get_attr %self["scale"] : !Net -> !ts.float
    %e = ts.operator "aten::mul.Scalar"(%d, %s) : (!ts.tensor, !ts.float) -> !ts.tensor
    ts.return %e : !ts.tensor
  }
}

// CHECK-LABEL: ts.module @nested
// CHECK:         ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor
// CHECK-NEXT:      %[[BLOCK:.*]] = ts.get_attr %self["block"]
// CHECK-NEXT:      %[[GROUP:.*]] = ts.get_attr %[[BLOCK]]["group"]
// CHECK-NEXT:      %[[SEQ:.*]] = ts.get_attr %self["0"]
// CHECK-NEXT:      %[[P0:.*]] = ts.call_function @__torch__.Net_forward_part0(%[[GROUP]], %[[SEQ]], %x) : (!Group, !Seq, !ts.tensor) -> !ts.tensor
// CHECK-NEXT:      %[[P1:.*]] = ts.call_function @__torch__.Net_forward_part1(%self, %[[P0]]) : (!Net, !ts.tensor) -> !ts.tensor
// CHECK-NEXT:      ts.return %[[P1]]
// CHECK:       ts.function @__torch__.Net_forward_part0(%group: !Group, %m1: !Seq, %a0: !ts.tensor) -> !ts.tensor
// CHECK-NEXT:    %[[FC:.*]] = ts.get_attr %group["fc"] : !Group -> !Lin
// CHECK-NEXT:    %[[LIN:.*]] = ts.get_attr %m1["0"] : !Seq -> !Lin
// CHECK-NEXT:    %[[A:.*]] = ts.call_method %[[FC]]["forward"](%a0)
// CHECK-NEXT:    %[[B:.*]] = ts.call_method %[[LIN]]["forward"](%[[A]])
// CHECK:       ts.function @__torch__.Net_forward_part1(%self: !Net, %a0: !ts.tensor) -> !ts.tensor
// CHECK:         ts.get_attr %self["scale"] : !Net -> !ts.float

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
