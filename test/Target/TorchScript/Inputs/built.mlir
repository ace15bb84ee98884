// IR written by hand, as a raising pass would build it: a root with two
// submodules whose methods use each other's classes, attribute slots of every
// value kind, a class constant, default arguments, control
// flow and free functions, one taking modules. export-built.test exports it
// and runs it.
ts.module @root "__torch__.Net" {
  ts.parameter @w requires_grad : !ts.tensor = dense<[1.0, 2.0]> : tensor<2xf32>
  ts.buffer @big : !ts.tensor = dense_resource<big> : tensor<4xf64>
  ts.attribute @training : !ts.bool = false
  ts.attribute @names : !ts.list<!ts.str> = ["a", "b"]
  ts.attribute @table : !ts.dict<!ts.str, !ts.float> = [["a", 1.5], ["b", -0.5]]
  ts.attribute @shape : !ts.tuple<!ts.int, !ts.int> = [2, 3]
  ts.attribute @device : !ts.device = "cpu"
  ts.attribute @gain : !ts.optional<!ts.float> = #ts.none
  ts.attribute @mask : !ts.tensor<[2], i1> = dense<[true, false]> : tensor<2xi1>
  ts.module @a "__torch__.A" {
    ts.method @forward(%self: !ts.module<"__torch__.A">, %other: !ts.module<"__torch__.B">, %x: !ts.tensor) -> !ts.tensor {
      %v = ts.get_attr %other["v"] : !ts.module<"__torch__.B"> -> !ts.tensor
      %one = ts.constant(1) : !ts.int
      %y = ts.operator "aten::add.Tensor"(%x, %v, %one) : (!ts.tensor, !ts.tensor, !ts.int) -> !ts.tensor
      ts.return %y : !ts.tensor
    }
  }
  ts.module @b "__torch__.B" {
    ts.buffer @v : !ts.tensor = dense<[10.0, 20.0]> : tensor<2xf32>
  }
  ts.class_constant @k : !ts.int = 7
  // forward(x, n=2, scale=0.5) -> (a(b, helper^n(x, scale)) * w, k)
  ts.method @forward(%self: !ts.module<"__torch__.Net">, %x: !ts.tensor,
                     %n: !ts.int = 2,
                     %scale: !ts.float = 0.5)
      -> !ts.tuple<!ts.tensor, !ts.int> {
    %true = ts.constant(true) : !ts.bool
    %y = ts.loop %n, %true iter_args(%x) : (!ts.tensor) -> !ts.tensor {
    ^bb0(%i: !ts.int, %acc: !ts.tensor):
      %next = ts.call_function @"__torch__.helper"(%acc, %scale) : (!ts.tensor, !ts.float) -> !ts.tensor
      ts.condition(%true) %next : !ts.tensor
    }
    %a = ts.get_attr %self["a"] : !ts.module<"__torch__.Net"> -> !ts.module<"__torch__.A">
    %b = ts.get_attr %self["b"] : !ts.module<"__torch__.Net"> -> !ts.module<"__torch__.B">
    %z = ts.call_function @"__torch__.apply_a"(%a, %b, %y) : (!ts.module<"__torch__.A">, !ts.module<"__torch__.B">, !ts.tensor) -> !ts.tensor
    %w = ts.get_attr %self["w"] : !ts.module<"__torch__.Net"> -> !ts.tensor
    %out = ts.operator "aten::mul.Tensor"(%z, %w) : (!ts.tensor, !ts.tensor) -> !ts.tensor
    %k = ts.constant(7) : !ts.int
    %r = ts.tuple_construct %out, %k : (!ts.tensor, !ts.int) -> !ts.tuple<!ts.tensor, !ts.int>
    ts.return %r : !ts.tuple<!ts.tensor, !ts.int>
  }
}

// apply_a(a, b, x) = a(b, x): a free function taking modules (as the parts
// of ts-split-methods do).
ts.function @"__torch__.apply_a"(%a: !ts.module<"__torch__.A">, %b: !ts.module<"__torch__.B">, %x: !ts.tensor) -> !ts.tensor {
  %z = ts.call_method %a["forward"](%b, %x) : !ts.module<"__torch__.A">, (!ts.module<"__torch__.B">, !ts.tensor) -> !ts.tensor
  ts.return %z : !ts.tensor
}

// helper(x, s) = x * s if s > 0 else x
ts.function @"__torch__.helper"(%x: !ts.tensor, %s: !ts.float) -> !ts.tensor {
  %zero = ts.constant(0.0) : !ts.float
  %pos = ts.operator "aten::gt.float"(%s, %zero) : (!ts.float, !ts.float) -> !ts.bool
  %r = ts.if %pos -> (!ts.tensor) {
    %m = ts.operator "aten::mul.Scalar"(%x, %s) : (!ts.tensor, !ts.float) -> !ts.tensor
    ts.yield %m : !ts.tensor
  } else {
    ts.yield %x : !ts.tensor
  }
  ts.return %r : !ts.tensor
}

{-#
  dialect_resources: {
    builtin: {
      big: "0x08000000000000000000F03F000000000000004000000000000008400000000000001040"
    }
  }
#-}
