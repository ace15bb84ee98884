// Every ts op and type, printed and parsed back in both the custom and the
// generic form.
// RUN: nir-opt %s | nir-opt | FileCheck %s
// RUN: nir-opt %s --mlir-print-op-generic | nir-opt | FileCheck %s

// CHECK-DAG: ![[LIF:.*]] = !ts.module<"__torch__.LIF">
// CHECK-DAG: ![[LINEAR:.*]] = !ts.module<"__torch__.torch.nn.modules.linear.Linear">
// CHECK-DAG: ![[NET:.*]] = !ts.module<"__torch__.Net">
// CHECK-DAG: ![[P:.*]] = !ts.tuple<"__torch__.norse.P"(v_th: !ts.tensor, method: !ts.str = "super", alpha: !ts.float = 1.000000e+02)>
// CHECK-DAG: ![[S:.*]] = !ts.tuple<"__torch__.S"(v: !ts.tensor)>

// CHECK-LABEL: ts.module @root "__torch__.Net" {
ts.module @root "__torch__.Net" {
  // CHECK-NEXT: ts.attribute @training : !ts.bool = true
  ts.attribute @training : !ts.bool = true
  // CHECK-NEXT: ts.attribute @hook : !ts.optional<!ts.bool> = #ts.none
  ts.attribute @hook : !ts.optional<!ts.bool> = #ts.none
  // CHECK-NEXT: ts.attribute @names : !ts.list<!ts.str> = ["a", "b"]
  ts.attribute @names : !ts.list<!ts.str> = ["a", "b"]
  // CHECK-NEXT: ts.attribute @gains : !ts.dict<!ts.str, !ts.float> = {{\[\["a", 1.500000e\+00\], \["b", -5.000000e-01\]\]}}
  ts.attribute @gains : !ts.dict<!ts.str, !ts.float> = [["a", 1.5], ["b", -0.5]]
  // CHECK-NEXT: ts.attribute @shape : !ts.tuple<!ts.int, !ts.int> = [2, 3]
  ts.attribute @shape : !ts.tuple<!ts.int, !ts.int> = [2, 3]
  // CHECK-NEXT: ts.attribute @device : !ts.device = "cpu"
  ts.attribute @device : !ts.device = "cpu"
  // CHECK-NEXT: ts.attribute @inf : !ts.float = 0x7FF0000000000000 : f64
  ts.attribute @inf : !ts.float = 0x7FF0000000000000 : f64
  // CHECK-NEXT: ts.attribute @any : !ts.opaque<"Any"> = 3
  ts.attribute @any : !ts.opaque<"Any"> = 3
  // CHECK-NEXT: ts.attribute @table : !ts.tensor<[2], i64> = dense<[1, 2]> : tensor<2xi64>
  ts.attribute @table : !ts.tensor<[2], i64> = dense<[1, 2]> : tensor<2xi64>
  // CHECK-NEXT: ts.attribute @p : ![[P]] = [dense<5.000000e-01> : tensor<f32>, "super", 1.000000e+02]
  ts.attribute @p : !ts.tuple<"__torch__.norse.P"(v_th: !ts.tensor, method: !ts.str = "super", alpha: !ts.float = 100.0)> = [dense<0.5> : tensor<f32>, "super", 100.0]
  // CHECK-NEXT: ts.attribute @state : !ts.optional<![[S]]> = #ts.none
  ts.attribute @state : !ts.optional<!ts.tuple<"__torch__.S"(v: !ts.tensor)>> = #ts.none
  // CHECK-NEXT: ts.attribute @plain : !ts.tuple<> = []
  ts.attribute @plain : !ts.tuple<> = []

  // CHECK-NEXT: ts.module @fc "__torch__.torch.nn.modules.linear.Linear" {
  ts.module @fc "__torch__.torch.nn.modules.linear.Linear" {
    // CHECK-NEXT: ts.parameter @weight requires_grad : !ts.tensor = dense<1.000000e+00> : tensor<3x2xf32>
    ts.parameter @weight requires_grad : !ts.tensor = dense<1.0> : tensor<3x2xf32>
    // CHECK-NEXT: ts.parameter @bias : !ts.optional<!ts.tensor> = #ts.none
    ts.parameter @bias : !ts.optional<!ts.tensor> = #ts.none
    // CHECK-NEXT: ts.class_constant @in_features : !ts.int = 2
    ts.class_constant @in_features : !ts.int = 2
    // CHECK-NEXT: ts.method @forward(%self: ![[LINEAR]], %input: !ts.tensor) -> !ts.tensor {
    ts.method @forward(%self: !ts.module<"__torch__.torch.nn.modules.linear.Linear">,
                       %input: !ts.tensor) -> !ts.tensor {
      // CHECK-NEXT: %[[W:.*]] = ts.get_attr %self["weight"] : ![[LINEAR]] -> !ts.tensor
      %w = ts.get_attr %self["weight"] : !ts.module<"__torch__.torch.nn.modules.linear.Linear"> -> !ts.tensor
      // CHECK-NEXT: %[[B:.*]] = ts.get_attr %self["bias"] : ![[LINEAR]] -> !ts.optional<!ts.tensor>
      %b = ts.get_attr %self["bias"] : !ts.module<"__torch__.torch.nn.modules.linear.Linear"> -> !ts.optional<!ts.tensor>
      // CHECK-NEXT: %[[Y:.*]] = ts.operator "aten::linear"(%input, %[[W]], %[[B]]) : (!ts.tensor, !ts.tensor, !ts.optional<!ts.tensor>) -> !ts.tensor
      %y = ts.operator "aten::linear"(%input, %w, %b) : (!ts.tensor, !ts.tensor, !ts.optional<!ts.tensor>) -> !ts.tensor
      // CHECK-NEXT: ts.return %[[Y]] : !ts.tensor
      ts.return %y : !ts.tensor
    }
  }

  // CHECK: ts.module @lif "__torch__.LIF" {
  ts.module @lif "__torch__.LIF" {
    // CHECK-NEXT: ts.buffer @tau : !ts.tensor = dense_resource<tau> : tensor<4xf32>
    ts.buffer @tau : !ts.tensor = dense_resource<tau> : tensor<4xf32>
    // CHECK-NEXT: ts.buffer @mask : !ts.tensor = dense<[true, false]> : tensor<2xi1>
    ts.buffer @mask : !ts.tensor = dense<[true, false]> : tensor<2xi1>
    ts.method @forward(%self: !ts.module<"__torch__.LIF">, %x: !ts.tensor,
                       %state: !ts.optional<!ts.tensor> = #ts.none)
        -> !ts.tuple<!ts.tensor, !ts.tensor> {
      %t = ts.tuple_construct %x, %x : (!ts.tensor, !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor>
      ts.return %t : !ts.tuple<!ts.tensor, !ts.tensor>
    }
    // CHECK: ts.method @forward(%self: ![[LIF]], %x: !ts.tensor, %state: !ts.optional<!ts.tensor> = #ts.none) -> !ts.tuple<!ts.tensor, !ts.tensor> {
  }

  // CHECK: ts.method @forward(%self: ![[NET]], %x: !ts.tensor, %n: !ts.int = 3, %scale: !ts.float = 5.000000e-01) -> !ts.tensor {
  ts.method @forward(%self: !ts.module<"__torch__.Net">, %x: !ts.tensor,
                     %n: !ts.int = 3, %scale: !ts.float = 0.5) -> !ts.tensor {
    // CHECK-NEXT: %[[TRUE:.*]] = ts.constant(true) : !ts.bool
    %true = ts.constant(true) : !ts.bool
    // CHECK-NEXT: %[[NONE:.*]] = ts.constant(#ts.none) : !ts.none
    %none = ts.constant(#ts.none) : !ts.none
    // CHECK-NEXT: %[[STR:.*]] = ts.constant("k") : !ts.str
    %k = ts.constant("k") : !ts.str
    // CHECK-NEXT: ts.constant(-2) : !ts.int
    %m2 = ts.constant(-2) : !ts.int
    // CHECK-NEXT: ts.constant(dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>) : !ts.tensor<[2], f32>
    %c = ts.constant(dense<[1.0, 2.0]> : tensor<2xf32>) : !ts.tensor<[2], f32>
    // CHECK-NEXT: ts.constant([1, 1]) : !ts.list<!ts.int>
    %ones = ts.constant([1, 1]) : !ts.list<!ts.int>
    // CHECK-NEXT: %[[FC:.*]] = ts.get_attr %self["fc"] : ![[NET]] -> ![[LINEAR]]
    %fc = ts.get_attr %self["fc"] : !ts.module<"__torch__.Net"> -> !ts.module<"__torch__.torch.nn.modules.linear.Linear">
    // CHECK-NEXT: %[[Y:.*]] = ts.call_method %[[FC]]["forward"](%x) : ![[LINEAR]], (!ts.tensor) -> !ts.tensor
    %y = ts.call_method %fc["forward"](%x) : !ts.module<"__torch__.torch.nn.modules.linear.Linear">, (!ts.tensor) -> !ts.tensor
    // CHECK-NEXT: %[[LOOP:.*]] = ts.loop %n, %[[TRUE]] iter_args(%[[Y]]) : (!ts.tensor) -> !ts.tensor {
    // CHECK-NEXT: ^bb0(%[[I:.*]]: !ts.int, %[[ACC:.*]]: !ts.tensor):
    %r = ts.loop %n, %true iter_args(%y) : (!ts.tensor) -> !ts.tensor {
    ^bb0(%i: !ts.int, %acc: !ts.tensor):
      // CHECK-NEXT: %[[NEXT:.*]] = ts.call_function @__torch__.helper(%[[ACC]], %scale) : (!ts.tensor, !ts.float) -> !ts.tensor
      %next = ts.call_function @"__torch__.helper"(%acc, %scale) : (!ts.tensor, !ts.float) -> !ts.tensor
      // CHECK-NEXT: ts.condition(%[[TRUE]]) %[[NEXT]] : !ts.tensor
      ts.condition(%true) %next : !ts.tensor
    }
    // CHECK: ts.loop %n, %[[TRUE]] iter_args() : () -> () {
    ts.loop %n, %true iter_args() : () -> () {
    ^bb0(%i: !ts.int):
      ts.condition(%true)
    }
    // CHECK: %[[IS:.*]] = ts.operator "aten::__is__"(%x, %[[NONE]]) : (!ts.tensor, !ts.none) -> !ts.bool
    %is = ts.operator "aten::__is__"(%x, %none) : (!ts.tensor, !ts.none) -> !ts.bool
    // CHECK-NEXT: %[[V:.*]] = ts.if %[[IS]] -> (!ts.optional<!ts.tensor>) {
    // CHECK-NEXT:   ts.yield %[[LOOP]] : !ts.tensor
    // CHECK-NEXT: } else {
    // CHECK-NEXT:   ts.yield %[[NONE]] : !ts.none
    // CHECK-NEXT: }
    %v = ts.if %is -> (!ts.optional<!ts.tensor>) {
      ts.yield %r : !ts.tensor
    } else {
      ts.yield %none : !ts.none
    }
    // CHECK-NEXT: ts.if %[[IS]] {
    // CHECK-NEXT:   ts.set_attr %self["training"] = %[[TRUE]] : ![[NET]], !ts.bool
    // CHECK-NEXT:   ts.yield
    // CHECK-NEXT: } else {
    ts.if %is {
      ts.set_attr %self["training"] = %true : !ts.module<"__torch__.Net">, !ts.bool
      ts.yield
    } else {
      ts.yield
    }
    // CHECK: %[[T:.*]] = ts.tuple_construct %[[Y]], %n : (!ts.tensor, !ts.int) -> !ts.tuple<!ts.tensor, !ts.int>
    %t = ts.tuple_construct %y, %n : (!ts.tensor, !ts.int) -> !ts.tuple<!ts.tensor, !ts.int>
    // CHECK-NEXT: %[[U:.*]]:2 = ts.tuple_unpack %[[T]] : !ts.tuple<!ts.tensor, !ts.int> -> !ts.tensor, !ts.int
    %a, %b = ts.tuple_unpack %t : !ts.tuple<!ts.tensor, !ts.int> -> !ts.tensor, !ts.int
    // CHECK-NEXT: %[[L:.*]] = ts.list_construct %[[U]]#1, %n : (!ts.int, !ts.int) -> !ts.list<!ts.int>
    %l = ts.list_construct %b, %n : (!ts.int, !ts.int) -> !ts.list<!ts.int>
    // CHECK-NEXT: ts.list_unpack %[[L]] : !ts.list<!ts.int> -> !ts.int, !ts.int
    %l1, %l2 = ts.list_unpack %l : !ts.list<!ts.int> -> !ts.int, !ts.int
    // CHECK-NEXT: ts.dict_construct %[[STR]], %[[U]]#0 : (!ts.str, !ts.tensor) -> !ts.dict<!ts.str, !ts.tensor>
    %d = ts.dict_construct %k, %a : (!ts.str, !ts.tensor) -> !ts.dict<!ts.str, !ts.tensor>
    // CHECK-NEXT: ts.list_construct : () -> !ts.list<!ts.tensor>
    %empty = ts.list_construct : () -> !ts.list<!ts.tensor>
    // CHECK-NEXT: ts.operator "aten::add.Tensor"(%[[U]]#0, %[[U]]#0, %[[U]]#1) : (!ts.tensor, !ts.tensor, !ts.int) -> !ts.tensor
    %sum = ts.operator "aten::add.Tensor"(%a, %a, %b) : (!ts.tensor, !ts.tensor, !ts.int) -> !ts.tensor
    // CHECK-NEXT: ts.operator "aten::max.dim"(%[[U]]#0, %n, %[[TRUE]]) : (!ts.tensor, !ts.int, !ts.bool) -> (!ts.tensor, !ts.tensor)
    %max:2 = ts.operator "aten::max.dim"(%a, %n, %true) : (!ts.tensor, !ts.int, !ts.bool) -> (!ts.tensor, !ts.tensor)
    // CHECK-NEXT: ts.operator "prim::RaiseException"(%[[STR]], %[[NONE]]) : (!ts.str, !ts.none) -> ()
    ts.operator "prim::RaiseException"(%k, %none) : (!ts.str, !ts.none) -> ()
    // CHECK-NEXT: ts.return %[[U]]#0 : !ts.tensor
    ts.return %a : !ts.tensor
  }
}

// CHECK-LABEL: ts.function @__torch__.helper(%x: !ts.tensor, %k: !ts.float) -> !ts.tensor {
ts.function @"__torch__.helper"(%x: !ts.tensor, %k: !ts.float) -> !ts.tensor {
  // CHECK-NEXT: %[[R:.*]] = ts.operator "aten::mul.Scalar"(%x, %k) : (!ts.tensor, !ts.float) -> !ts.tensor
  %r = ts.operator "aten::mul.Scalar"(%x, %k) : (!ts.tensor, !ts.float) -> !ts.tensor
  // CHECK-NEXT: ts.return %[[R]] : !ts.tensor
  ts.return %r : !ts.tensor
}

// Tensor types: unknown, refined by dtype, by sizes, by both.
// CHECK-LABEL: ts.function @__torch__.types(
// CHECK-SAME: %a: !ts.tensor, %b: !ts.tensor<*, f64>, %c: !ts.tensor<[2, ?], ?>,
// CHECK-SAME: %d: !ts.tensor<[], i1>, %e: !ts.tensor<[1, 2, 3], ui8>, %f: !ts.tensor<[4], complex<f32>>,
// CHECK-SAME: %g: !ts.tuple<>, %h: !ts.tuple<!ts.tensor, !ts.tuple<!ts.int, !ts.float>>,
// CHECK-SAME: %i: !ts.dict<!ts.int, !ts.list<!ts.optional<!ts.tensor<[3], bf16>>>>,
// CHECK-SAME: %j: !ts.opaque<"Union[int, str]">, %k: !ts.device, %l: !ts.str) -> !ts.none
ts.function @"__torch__.types"(
    %a: !ts.tensor<*, ?>, %b: !ts.tensor<*, f64>, %c: !ts.tensor<[2, ?], ?>,
    %d: !ts.tensor<[], i1>, %e: !ts.tensor<[1, 2, 3], ui8>, %f: !ts.tensor<[4], complex<f32>>,
    %g: !ts.tuple<>, %h: !ts.tuple<!ts.tensor, !ts.tuple<!ts.int, !ts.float>>,
    %i: !ts.dict<!ts.int, !ts.list<!ts.optional<!ts.tensor<[3], bf16>>>>,
    %j: !ts.opaque<"Union[int, str]">, %k: !ts.device, %l: !ts.str) -> !ts.none {
  %none = ts.constant(#ts.none) : !ts.none
  ts.return %none : !ts.none
}

// A receiver not named `self` (Python allows `def forward(s, x)`, and
// TorchScript keeps the name).
// The lowering's delayed edge, with a shape, with a `like` signal, bare.
// CHECK-LABEL: ts.module @delayed
// CHECK:       ts.delayed_read "rec" {shape = array<i64: 2>} : !ts.tensor
// CHECK-NEXT:  ts.delayed_read "rec" like %x : !ts.tensor : !ts.tensor
// CHECK-NEXT:  ts.delayed_read "rec" : !ts.tensor
ts.module @delayed "__torch__.Delayed" {
  ts.method @forward(%self: !ts.module<"__torch__.Delayed">, %x: !ts.tensor) -> !ts.tensor {
    %a = ts.delayed_read "rec" {shape = array<i64: 2>} : !ts.tensor
    %b = ts.delayed_read "rec" like %x : !ts.tensor : !ts.tensor
    %c = ts.delayed_read "rec" : !ts.tensor
    ts.return %c : !ts.tensor
  }
}

// CHECK-LABEL: ts.module @receiver
// CHECK: ts.method @forward(%s: !Receiver, %x: !ts.tensor) -> !ts.tensor
ts.module @receiver "__torch__.Receiver" {
  ts.method @forward(%s: !ts.module<"__torch__.Receiver">, %x: !ts.tensor) -> !ts.tensor {
    ts.return %x : !ts.tensor
  }
}

{-#
  dialect_resources: {
    builtin: {
      tau: "0x040000000000803F0000803F0000803F0000803F"
    }
  }
#-}
