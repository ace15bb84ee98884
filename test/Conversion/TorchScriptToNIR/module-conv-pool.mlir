// RUN: nir-opt %s --split-input-file --lower-torchscript-to-nir | FileCheck %s

// The torch.nn layers Conv2d, LPPool2d (norm 1), AvgPool2d, Identity and
// Flatten as TorchScript saves them (nir-translate --import-torchscript of
// a scripted and a traced torch.nn model; see the test's end for the
// model). No module map entry lowers them: their code is inlined and its
// aten ops lowered, each node named after its layer. The input shape comes
// from the traced type of forward's input, without its batch dim.

!AvgPool2d = !ts.module<"__torch__.torch.nn.modules.pooling.AvgPool2d">
!Conv2d = !ts.module<"__torch__.torch.nn.modules.conv.Conv2d">
!Flatten = !ts.module<"__torch__.torch.nn.modules.flatten.Flatten">
!Identity = !ts.module<"__torch__.torch.nn.modules.linear.Identity">
!LPPool2d = !ts.module<"__torch__.torch.nn.modules.pooling.LPPool2d">
!Net = !ts.module<"__torch__.Net">
ts.module @cnn "__torch__.Net" {
  ts.module @conv "__torch__.torch.nn.modules.conv.Conv2d" {
    ts.parameter @weight requires_grad : !ts.tensor = dense<0.25> : tensor<2x1x3x3xf32>
    ts.parameter @bias : !ts.optional<!ts.tensor> = #ts.none
    ts.attribute @transposed : !ts.bool = false
    ts.attribute @_reversed_padding_repeated_twice : !ts.list<!ts.int> = [0, 0, 1, 1]
    ts.class_constant @stride : !ts.tuple<!ts.int, !ts.int> = [1, 1]
    ts.class_constant @padding : !ts.tuple<!ts.int, !ts.int> = [1, 0]
    ts.class_constant @output_padding : !ts.tuple<!ts.int, !ts.int> = [0, 0]
    ts.class_constant @kernel_size : !ts.tuple<!ts.int, !ts.int> = [3, 3]
    ts.class_constant @dilation : !ts.tuple<!ts.int, !ts.int> = [1, 1]
    ts.class_constant @in_channels : !ts.int = 1
    ts.class_constant @out_channels : !ts.int = 2
    ts.class_constant @padding_mode : !ts.str = "zeros"
    ts.class_constant @groups : !ts.int = 1
    ts.method @forward(%self: !Conv2d, %input: !ts.tensor) -> !ts.tensor {
      %weight = ts.get_attr %self["weight"] : !Conv2d -> !ts.tensor
      %bias = ts.get_attr %self["bias"] : !Conv2d -> !ts.optional<!ts.tensor>
      %0 = ts.call_method %self["_conv_forward"](%input, %weight, %bias) : !Conv2d, (!ts.tensor, !ts.tensor, !ts.optional<!ts.tensor>) -> !ts.tensor
      ts.return %0 : !ts.tensor
    }
    ts.method @_conv_forward(%self: !Conv2d, %input: !ts.tensor, %weight: !ts.tensor, %bias: !ts.optional<!ts.tensor>) -> !ts.tensor {
      %int1 = ts.constant(1) : !ts.int
      %int0 = ts.constant(0) : !ts.int
      %0 = ts.list_construct %int1, %int1 : (!ts.int, !ts.int) -> !ts.list<!ts.int>
      %1 = ts.list_construct %int1, %int0 : (!ts.int, !ts.int) -> !ts.list<!ts.int>
      %2 = ts.list_construct %int1, %int1 : (!ts.int, !ts.int) -> !ts.list<!ts.int>
      %3 = ts.operator "aten::conv2d"(%input, %weight, %bias, %0, %1, %2, %int1) : (!ts.tensor, !ts.tensor, !ts.optional<!ts.tensor>, !ts.list<!ts.int>, !ts.list<!ts.int>, !ts.list<!ts.int>, !ts.int) -> !ts.tensor
      ts.return %3 : !ts.tensor
    }
  }
  ts.module @pool "__torch__.torch.nn.modules.pooling.LPPool2d" {
    ts.class_constant @ceil_mode : !ts.bool = false
    ts.class_constant @kernel_size : !ts.int = 2
    ts.class_constant @stride : !ts.none = #ts.none
    ts.class_constant @norm_type : !ts.int = 1
    ts.method @forward(%self: !LPPool2d, %input: !ts.tensor) -> !ts.tensor {
      %false = ts.constant(false) : !ts.bool
      %none = ts.constant(#ts.none) : !ts.none
      %float = ts.constant(1.000000e+00) : !ts.float
      %int2 = ts.constant(2) : !ts.int
      %0 = ts.list_construct %int2, %int2 : (!ts.int, !ts.int) -> !ts.list<!ts.int>
      %1 = ts.call_function @__torch__.torch.nn.functional.lp_pool2d(%input, %float, %0, %none, %false) : (!ts.tensor, !ts.float, !ts.list<!ts.int>, !ts.none, !ts.bool) -> !ts.tensor
      ts.return %1 : !ts.tensor
    }
  }
  ts.module @avg "__torch__.torch.nn.modules.pooling.AvgPool2d" {
    ts.class_constant @count_include_pad : !ts.bool = true
    ts.class_constant @stride : !ts.int = 1
    ts.class_constant @padding : !ts.int = 0
    ts.class_constant @kernel_size : !ts.int = 2
    ts.class_constant @divisor_override : !ts.none = #ts.none
    ts.class_constant @ceil_mode : !ts.bool = false
    ts.method @forward(%self: !AvgPool2d, %input: !ts.tensor) -> !ts.tensor {
      %none = ts.constant(#ts.none) : !ts.none
      %true = ts.constant(true) : !ts.bool
      %false = ts.constant(false) : !ts.bool
      %int2 = ts.constant(2) : !ts.int
      %int1 = ts.constant(1) : !ts.int
      %int0 = ts.constant(0) : !ts.int
      %0 = ts.list_construct %int2, %int2 : (!ts.int, !ts.int) -> !ts.list<!ts.int>
      %1 = ts.list_construct %int1, %int1 : (!ts.int, !ts.int) -> !ts.list<!ts.int>
      %2 = ts.list_construct %int0, %int0 : (!ts.int, !ts.int) -> !ts.list<!ts.int>
      %3 = ts.operator "aten::avg_pool2d"(%input, %0, %1, %2, %false, %true, %none) : (!ts.tensor, !ts.list<!ts.int>, !ts.list<!ts.int>, !ts.list<!ts.int>, !ts.bool, !ts.bool, !ts.none) -> !ts.tensor
      ts.return %3 : !ts.tensor
    }
  }
  ts.module @id "__torch__.torch.nn.modules.linear.Identity" {
    ts.method @forward(%self: !Identity, %input: !ts.tensor) -> !ts.tensor {
      ts.return %input : !ts.tensor
    }
  }
  ts.module @flat "__torch__.torch.nn.modules.flatten.Flatten" {
    ts.class_constant @start_dim : !ts.int = 2
    ts.class_constant @end_dim : !ts.int = -1
    ts.method @forward(%self: !Flatten, %input: !ts.tensor) -> !ts.tensor {
      %intm1 = ts.constant(-1) : !ts.int
      %int2 = ts.constant(2) : !ts.int
      %0 = ts.operator "aten::flatten.using_ints"(%input, %int2, %intm1) : (!ts.tensor, !ts.int, !ts.int) -> !ts.tensor
      ts.return %0 : !ts.tensor
    }
  }
  ts.method @forward(%self: !Net, %x: !ts.tensor<[5, 1, 8, 8], f32>) -> !ts.tensor {
    %flat = ts.get_attr %self["flat"] : !Net -> !Flatten
    %id = ts.get_attr %self["id"] : !Net -> !Identity
    %avg = ts.get_attr %self["avg"] : !Net -> !AvgPool2d
    %pool = ts.get_attr %self["pool"] : !Net -> !LPPool2d
    %conv = ts.get_attr %self["conv"] : !Net -> !Conv2d
    %0 = ts.call_method %conv["forward"](%x) : !Conv2d, (!ts.tensor<[5, 1, 8, 8], f32>) -> !ts.tensor
    %1 = ts.call_method %pool["forward"](%0) : !LPPool2d, (!ts.tensor) -> !ts.tensor
    %2 = ts.call_method %avg["forward"](%1) : !AvgPool2d, (!ts.tensor) -> !ts.tensor
    %3 = ts.call_method %id["forward"](%2) : !Identity, (!ts.tensor) -> !ts.tensor
    %4 = ts.call_method %flat["forward"](%3) : !Flatten, (!ts.tensor) -> !ts.tensor
    ts.return %4 : !ts.tensor
  }
}
ts.function @__torch__.torch.nn.functional.lp_pool2d(%input: !ts.tensor, %norm_type: !ts.opaque<"Union[float, int]">, %kernel_size: !ts.list<!ts.int>, %stride: !ts.optional<!ts.list<!ts.int>> = #ts.none, %ceil_mode: !ts.bool = false) -> !ts.tensor {
  %false = ts.constant(false) : !ts.bool
  %true = ts.constant(true) : !ts.bool
  %none = ts.constant(#ts.none) : !ts.none
  %int0 = ts.constant(0) : !ts.int
  %float = ts.constant(1.000000e+00) : !ts.float
  %0:2 = ts.list_unpack %kernel_size : !ts.list<!ts.int> -> !ts.int, !ts.int
  %1 = ts.operator "aten::__isnot__"(%stride, %none) : (!ts.optional<!ts.list<!ts.int>>, !ts.none) -> !ts.bool
  %2 = ts.if %1 -> (!ts.tensor) {
    %11 = ts.operator "prim::unchecked_cast"(%stride) : (!ts.optional<!ts.list<!ts.int>>) -> !ts.list<!ts.int>
    %12 = ts.operator "aten::pow.Tensor_Scalar"(%input, %norm_type) : (!ts.tensor, !ts.opaque<"Union[float, int]">) -> !ts.tensor
    %13 = ts.list_construct %int0, %int0 : (!ts.int, !ts.int) -> !ts.list<!ts.int>
    %14 = ts.operator "aten::avg_pool2d"(%12, %kernel_size, %11, %13, %ceil_mode, %true, %none) : (!ts.tensor, !ts.list<!ts.int>, !ts.list<!ts.int>, !ts.list<!ts.int>, !ts.bool, !ts.bool, !ts.none) -> !ts.tensor
    ts.yield %14 : !ts.tensor
  } else {
    %11 = ts.operator "aten::pow.Tensor_Scalar"(%input, %norm_type) : (!ts.tensor, !ts.opaque<"Union[float, int]">) -> !ts.tensor
    %12 = ts.list_construct : () -> !ts.list<!ts.int>
    %13 = ts.list_construct %int0, %int0 : (!ts.int, !ts.int) -> !ts.list<!ts.int>
    %14 = ts.operator "aten::avg_pool2d"(%11, %kernel_size, %12, %13, %ceil_mode, %true, %none) : (!ts.tensor, !ts.list<!ts.int>, !ts.list<!ts.int>, !ts.list<!ts.int>, !ts.bool, !ts.bool, !ts.none) -> !ts.tensor
    ts.yield %14 : !ts.tensor
  }
  %3 = ts.operator "aten::sign"(%2) : (!ts.tensor) -> !ts.tensor
  %4 = ts.operator "aten::abs"(%2) : (!ts.tensor) -> !ts.tensor
  %5 = ts.call_function @__torch__.torch.nn.functional.relu(%4, %false) : (!ts.tensor, !ts.bool) -> !ts.tensor
  %6 = ts.operator "aten::mul.Tensor"(%3, %5) : (!ts.tensor, !ts.tensor) -> !ts.tensor
  %7 = ts.operator "aten::mul.int"(%0#0, %0#1) : (!ts.int, !ts.int) -> !ts.int
  %8 = ts.operator "aten::mul.Scalar"(%6, %7) : (!ts.tensor, !ts.int) -> !ts.tensor
  %9 = ts.operator "aten::div"(%float, %norm_type) : (!ts.float, !ts.opaque<"Union[float, int]">) -> !ts.float
  %10 = ts.operator "aten::pow.Tensor_Scalar"(%8, %9) : (!ts.tensor, !ts.float) -> !ts.tensor
  ts.return %10 : !ts.tensor
}
ts.function @__torch__.torch.nn.functional.relu(%input: !ts.tensor, %inplace: !ts.bool = false) -> !ts.tensor {
  %0 = ts.if %inplace -> (!ts.tensor) {
    %1 = ts.operator "aten::relu_"(%input) : (!ts.tensor) -> !ts.tensor
    ts.yield %1 : !ts.tensor
  } else {
    %1 = ts.operator "aten::relu"(%input) : (!ts.tensor) -> !ts.tensor
    ts.yield %1 : !ts.tensor
  }
  ts.return %0 : !ts.tensor
}

// Scripted: hyper-parameters are constants of the layers' code;
// F.lp_pool2d(x, 1.0, 2) is SumPool2d. The bias-less Conv2d gets a zero
// bias of the weight's dtype; Identity is no node; Flatten(2, -1) of a
// batched tensor is NIR Flatten(1, -1).
// CHECK-LABEL: nir.graph @cnn {
// CHECK-NEXT:    %[[IN:.*]] = nir.input "input" : tensor<1x8x8xf32>
// CHECK-NEXT:    %[[CONV:.*]] = nir.conv2d "conv"(%[[IN]]) {bias = dense<0.000000e+00> : tensor<2xf32>, dilation = array<i64: 1, 1>, groups = 1 : i64, input_shape = array<i64: 8, 8>, padding = array<i64: 1, 0>, stride = array<i64: 1, 1>, weight = dense<2.500000e-01> : tensor<2x1x3x3xf32>} : tensor<1x8x8xf32> -> tensor<2x8x6xf32>
// CHECK-NEXT:    %[[POOL:.*]] = nir.sum_pool2d "pool"(%[[CONV]]) {kernel_size = array<i64: 2, 2>, padding = array<i64: 0, 0>, stride = array<i64: 2, 2>} : tensor<2x8x6xf32> -> tensor<2x4x3xf32>
// CHECK-NEXT:    %[[AVG:.*]] = nir.avg_pool2d "avg"(%[[POOL]]) {kernel_size = array<i64: 2, 2>, padding = array<i64: 0, 0>, stride = array<i64: 1, 1>} : tensor<2x4x3xf32> -> tensor<2x3x2xf32>
// CHECK-NEXT:    %[[FLAT:.*]] = nir.flatten "flat"(%[[AVG]]) {end_dim = -1 : i64, input_type = array<i64: 2, 3, 2>, start_dim = 1 : i64} : tensor<2x3x2xf32> -> tensor<2x6xf32>
// CHECK-NEXT:    nir.output "output"(%[[FLAT]]) : tensor<2x6xf32>
// CHECK-NEXT:  }
// CHECK-NOT:   ts.

// -----

!AvgPool2d = !ts.module<"__torch__.torch.nn.modules.pooling.___torch_mangle_2.AvgPool2d">
!Conv2d = !ts.module<"__torch__.torch.nn.modules.conv.___torch_mangle_0.Conv2d">
!Flatten = !ts.module<"__torch__.torch.nn.modules.flatten.___torch_mangle_4.Flatten">
!Identity = !ts.module<"__torch__.torch.nn.modules.linear.___torch_mangle_3.Identity">
!LPPool2d = !ts.module<"__torch__.torch.nn.modules.pooling.___torch_mangle_1.LPPool2d">
!Net = !ts.module<"__torch__.___torch_mangle_5.Net">
ts.module @cnn_traced "__torch__.___torch_mangle_5.Net" {
  ts.module @conv "__torch__.torch.nn.modules.conv.___torch_mangle_0.Conv2d" {
    ts.parameter @weight requires_grad : !ts.tensor = dense<0.25> : tensor<2x1x3x3xf32>
    ts.method @forward(%self: !Conv2d, %x: !ts.tensor) -> !ts.tensor {
      %true = ts.constant(true) : !ts.bool
      %false = ts.constant(false) : !ts.bool
      %none = ts.constant(#ts.none) : !ts.none
      %int1 = ts.constant(1) : !ts.int
      %int0 = ts.constant(0) : !ts.int
      %weight = ts.get_attr %self["weight"] : !Conv2d -> !ts.tensor
      %0 = ts.list_construct %int1, %int1 : (!ts.int, !ts.int) -> !ts.list<!ts.int>
      %1 = ts.list_construct %int1, %int0 : (!ts.int, !ts.int) -> !ts.list<!ts.int>
      %2 = ts.list_construct %int1, %int1 : (!ts.int, !ts.int) -> !ts.list<!ts.int>
      %3 = ts.list_construct %int0, %int0 : (!ts.int, !ts.int) -> !ts.list<!ts.int>
      %4 = ts.operator "aten::_convolution"(%x, %weight, %none, %0, %1, %2, %false, %3, %int1, %false, %false, %true, %true) : (!ts.tensor, !ts.tensor, !ts.none, !ts.list<!ts.int>, !ts.list<!ts.int>, !ts.list<!ts.int>, !ts.bool, !ts.list<!ts.int>, !ts.int, !ts.bool, !ts.bool, !ts.bool, !ts.bool) -> !ts.tensor
      ts.return %4 : !ts.tensor
    }
  }
  ts.module @pool "__torch__.torch.nn.modules.pooling.___torch_mangle_1.LPPool2d" {
    ts.method @forward(%self: !LPPool2d, %argument_1: !ts.tensor) -> !ts.tensor {
      %cst = ts.constant(dense<4> : tensor<i64>) : !ts.tensor
      %none = ts.constant(#ts.none) : !ts.none
      %true = ts.constant(true) : !ts.bool
      %false = ts.constant(false) : !ts.bool
      %float = ts.constant(1.000000e+00) : !ts.float
      %int2 = ts.constant(2) : !ts.int
      %int0 = ts.constant(0) : !ts.int
      %0 = ts.operator "aten::pow.Tensor_Scalar"(%argument_1, %float) : (!ts.tensor, !ts.float) -> !ts.tensor
      %1 = ts.list_construct %int2, %int2 : (!ts.int, !ts.int) -> !ts.list<!ts.int>
      %2 = ts.list_construct : () -> !ts.list<!ts.int>
      %3 = ts.list_construct %int0, %int0 : (!ts.int, !ts.int) -> !ts.list<!ts.int>
      %4 = ts.operator "aten::avg_pool2d"(%0, %1, %2, %3, %false, %true, %none) : (!ts.tensor, !ts.list<!ts.int>, !ts.list<!ts.int>, !ts.list<!ts.int>, !ts.bool, !ts.bool, !ts.none) -> !ts.tensor
      %5 = ts.operator "aten::sign"(%4) : (!ts.tensor) -> !ts.tensor
      %6 = ts.operator "aten::abs"(%4) : (!ts.tensor) -> !ts.tensor
      %7 = ts.operator "aten::relu"(%6) : (!ts.tensor) -> !ts.tensor
      %8 = ts.operator "aten::mul.Tensor"(%5, %7) : (!ts.tensor, !ts.tensor) -> !ts.tensor
      %9 = ts.operator "aten::mul.Tensor"(%8, %cst) : (!ts.tensor, !ts.tensor) -> !ts.tensor
      %10 = ts.operator "aten::pow.Tensor_Scalar"(%9, %float) : (!ts.tensor, !ts.float) -> !ts.tensor
      ts.return %10 : !ts.tensor
    }
  }
  ts.module @avg "__torch__.torch.nn.modules.pooling.___torch_mangle_2.AvgPool2d" {
    ts.method @forward(%self: !AvgPool2d, %argument_1: !ts.tensor) -> !ts.tensor {
      %none = ts.constant(#ts.none) : !ts.none
      %true = ts.constant(true) : !ts.bool
      %false = ts.constant(false) : !ts.bool
      %int2 = ts.constant(2) : !ts.int
      %int1 = ts.constant(1) : !ts.int
      %int0 = ts.constant(0) : !ts.int
      %0 = ts.list_construct %int2, %int2 : (!ts.int, !ts.int) -> !ts.list<!ts.int>
      %1 = ts.list_construct %int1, %int1 : (!ts.int, !ts.int) -> !ts.list<!ts.int>
      %2 = ts.list_construct %int0, %int0 : (!ts.int, !ts.int) -> !ts.list<!ts.int>
      %3 = ts.operator "aten::avg_pool2d"(%argument_1, %0, %1, %2, %false, %true, %none) : (!ts.tensor, !ts.list<!ts.int>, !ts.list<!ts.int>, !ts.list<!ts.int>, !ts.bool, !ts.bool, !ts.none) -> !ts.tensor
      ts.return %3 : !ts.tensor
    }
  }
  ts.module @id "__torch__.torch.nn.modules.linear.___torch_mangle_3.Identity" {
    ts.method @forward(%self: !Identity) -> !ts.none {
      %none = ts.constant(#ts.none) : !ts.none
      ts.return %none : !ts.none
    }
  }
  ts.module @flat "__torch__.torch.nn.modules.flatten.___torch_mangle_4.Flatten" {
    ts.method @forward(%self: !Flatten, %argument_1: !ts.tensor) -> !ts.tensor {
      %intm1 = ts.constant(-1) : !ts.int
      %int2 = ts.constant(2) : !ts.int
      %0 = ts.operator "aten::flatten.using_ints"(%argument_1, %int2, %intm1) : (!ts.tensor, !ts.int, !ts.int) -> !ts.tensor
      ts.return %0 : !ts.tensor
    }
  }
  ts.method @forward(%self: !Net, %x: !ts.tensor<[5, 1, 8, 8], f32>) -> !ts.tensor {
    %flat = ts.get_attr %self["flat"] : !Net -> !Flatten
    %id = ts.get_attr %self["id"] : !Net -> !Identity
    %avg = ts.get_attr %self["avg"] : !Net -> !AvgPool2d
    %pool = ts.get_attr %self["pool"] : !Net -> !LPPool2d
    %conv = ts.get_attr %self["conv"] : !Net -> !Conv2d
    %0 = ts.call_method %conv["forward"](%x) : !Conv2d, (!ts.tensor<[5, 1, 8, 8], f32>) -> !ts.tensor
    %1 = ts.call_method %pool["forward"](%0) : !LPPool2d, (!ts.tensor) -> !ts.tensor
    %2 = ts.call_method %avg["forward"](%1) : !AvgPool2d, (!ts.tensor) -> !ts.tensor
    %3 = ts.call_method %id["forward"]() : !Identity, () -> !ts.none
    %4 = ts.call_method %flat["forward"](%2) : !Flatten, (!ts.tensor) -> !ts.tensor
    ts.return %4 : !ts.tensor
  }
}

// Traced: the same graph. Tracing inlines F.lp_pool2d: x ** 1, the average,
// sign(y) * relu(abs(y)) (which is y), times the window area 4, ** 1. The
// powers and the sign/abs product lower to no node, the average and the
// Scale by 4 fold into one SumPool2d (the pool's name and place), and the
// convolution's hyper-parameters are aten::_convolution's operands.
// CHECK-LABEL: nir.graph @cnn_traced {
// CHECK-NEXT:    %[[IN:.*]] = nir.input "input" : tensor<1x8x8xf32>
// CHECK-NEXT:    %[[CONV:.*]] = nir.conv2d "conv"(%[[IN]]) {bias = dense<0.000000e+00> : tensor<2xf32>, dilation = array<i64: 1, 1>, groups = 1 : i64, input_shape = array<i64: 8, 8>, padding = array<i64: 1, 0>, stride = array<i64: 1, 1>, weight = dense<2.500000e-01> : tensor<2x1x3x3xf32>} : tensor<1x8x8xf32> -> tensor<2x8x6xf32>
// CHECK-NEXT:    %[[POOL:.*]] = nir.sum_pool2d "pool"(%[[CONV]]) {kernel_size = array<i64: 2, 2>, padding = array<i64: 0, 0>, stride = array<i64: 2, 2>} : tensor<2x8x6xf32> -> tensor<2x4x3xf32>
// CHECK-NEXT:    %[[AVG:.*]] = nir.avg_pool2d "avg"(%[[POOL]]) {kernel_size = array<i64: 2, 2>, padding = array<i64: 0, 0>, stride = array<i64: 1, 1>} : tensor<2x4x3xf32> -> tensor<2x3x2xf32>
// CHECK-NEXT:    %[[FLAT:.*]] = nir.flatten "flat"(%[[AVG]]) {end_dim = -1 : i64, input_type = array<i64: 2, 3, 2>, start_dim = 1 : i64} : tensor<2x3x2xf32> -> tensor<2x6xf32>
// CHECK-NEXT:    nir.output "output"(%[[FLAT]]) : tensor<2x6xf32>
// CHECK-NEXT:  }
// CHECK-NOT:   ts.

// The model (torch 1.13), scripted and traced with an input of 5x1x8x8:
//   class Net(nn.Module):
//       def __init__(self):
//           super().__init__()
//           self.conv = nn.Conv2d(1, 2, 3, padding=(1, 0), bias=False)
//           self.pool = nn.LPPool2d(1, 2)
//           self.avg = nn.AvgPool2d(2, 1)
//           self.id = nn.Identity()
//           self.flat = nn.Flatten(2, -1)
//       def forward(self, x):
//           return self.flat(self.id(self.avg(self.pool(self.conv(x)))))
// with the conv weight replaced by 0.25 and the modules' training flags
// left out.
