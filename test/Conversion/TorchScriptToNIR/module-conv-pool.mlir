// RUN: nir-opt %s --convert-torchscript-to-nir | FileCheck %s
// RUN: nir-opt %s --lower-torchscript-to-nir | FileCheck %s

// Conv2d, LPPool2d (norm 1), AvgPool2d, Flatten and Identity as scripted
// modules: hyper-parameters from the class constants. The input shape comes
// from the traced type of forward's input, without its batch dim.

!Net = !ts.module<"__torch__.Net">
!Conv2d = !ts.module<"__torch__.torch.nn.modules.conv.Conv2d">
!LPPool2d = !ts.module<"__torch__.torch.nn.modules.pooling.LPPool2d">
!AvgPool2d = !ts.module<"__torch__.torch.nn.modules.pooling.AvgPool2d">
!Flatten = !ts.module<"__torch__.torch.nn.modules.flatten.Flatten">
!Identity = !ts.module<"__torch__.torch.nn.modules.linear.Identity">
ts.module @cnn "__torch__.Net" {
  ts.module @conv "__torch__.torch.nn.modules.conv.Conv2d" {
    ts.parameter @weight requires_grad : !ts.tensor = dense<0.25> : tensor<2x1x3x3xf32>
    ts.parameter @bias : !ts.optional<!ts.tensor> = #ts.none
    ts.class_constant @stride : !ts.tuple<!ts.int, !ts.int> = [1, 1]
    ts.class_constant @padding : !ts.tuple<!ts.int, !ts.int> = [1, 0]
    ts.class_constant @dilation : !ts.tuple<!ts.int, !ts.int> = [1, 1]
    ts.class_constant @groups : !ts.int = 1
    ts.class_constant @padding_mode : !ts.str = "zeros"
    ts.method @forward(%self: !Conv2d, %input: !ts.tensor) -> !ts.tensor {
      ts.return %input : !ts.tensor
    }
  }
  ts.module @pool "__torch__.torch.nn.modules.pooling.LPPool2d" {
    ts.class_constant @norm_type : !ts.float = 1.0
    ts.class_constant @kernel_size : !ts.int = 2
    ts.class_constant @stride : !ts.optional<!ts.int> = #ts.none
    ts.class_constant @ceil_mode : !ts.bool = false
    ts.method @forward(%self: !LPPool2d, %input: !ts.tensor) -> !ts.tensor {
      ts.return %input : !ts.tensor
    }
  }
  ts.module @avg "__torch__.torch.nn.modules.pooling.AvgPool2d" {
    ts.class_constant @kernel_size : !ts.int = 2
    ts.class_constant @stride : !ts.int = 1
    ts.class_constant @padding : !ts.int = 0
    ts.class_constant @ceil_mode : !ts.bool = false
    ts.class_constant @count_include_pad : !ts.bool = true
    ts.class_constant @divisor_override : !ts.optional<!ts.int> = #ts.none
    ts.method @forward(%self: !AvgPool2d, %input: !ts.tensor) -> !ts.tensor {
      ts.return %input : !ts.tensor
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
      ts.return %input : !ts.tensor
    }
  }
  ts.method @forward(%self: !Net, %x: !ts.tensor<[5, 1, 8, 8], f32>) -> !ts.tensor {
    %conv = ts.get_attr %self["conv"] : !Net -> !Conv2d
    %pool = ts.get_attr %self["pool"] : !Net -> !LPPool2d
    %avg = ts.get_attr %self["avg"] : !Net -> !AvgPool2d
    %id = ts.get_attr %self["id"] : !Net -> !Identity
    %flat = ts.get_attr %self["flat"] : !Net -> !Flatten
    %0 = ts.call_method %conv["forward"](%x) : !Conv2d, (!ts.tensor<[5, 1, 8, 8], f32>) -> !ts.tensor
    %1 = ts.call_method %pool["forward"](%0) : !LPPool2d, (!ts.tensor) -> !ts.tensor
    %2 = ts.call_method %avg["forward"](%1) : !AvgPool2d, (!ts.tensor) -> !ts.tensor
    %3 = ts.call_method %id["forward"](%2) : !Identity, (!ts.tensor) -> !ts.tensor
    %4 = ts.call_method %flat["forward"](%3) : !Flatten, (!ts.tensor) -> !ts.tensor
    ts.return %4 : !ts.tensor
  }
}

// The bias-less Conv2d gets a zero bias of the weight's dtype; Identity is
// bypassed; Flatten(2, -1) of a batched tensor is NIR Flatten(1, -1).
// CHECK-LABEL: nir.graph @cnn {
// CHECK-NEXT:    %[[IN:.*]] = nir.input "input" : tensor<1x8x8xf32>
// CHECK-NEXT:    %[[CONV:.*]] = nir.conv2d "conv"(%[[IN]]) {bias = dense<0.000000e+00> : tensor<2xf32>, dilation = array<i64: 1, 1>, groups = 1 : i64, input_shape = array<i64: 8, 8>, padding = array<i64: 1, 0>, stride = array<i64: 1, 1>, weight = dense<2.500000e-01> : tensor<2x1x3x3xf32>} : tensor<1x8x8xf32> -> tensor<2x8x6xf32>
// CHECK-NEXT:    %[[POOL:.*]] = nir.sum_pool2d "pool"(%[[CONV]]) {kernel_size = array<i64: 2, 2>, padding = array<i64: 0, 0>, stride = array<i64: 2, 2>} : tensor<2x8x6xf32> -> tensor<2x4x3xf32>
// CHECK-NEXT:    %[[AVG:.*]] = nir.avg_pool2d "avg"(%[[POOL]]) {kernel_size = array<i64: 2, 2>, padding = array<i64: 0, 0>, stride = array<i64: 1, 1>} : tensor<2x4x3xf32> -> tensor<2x3x2xf32>
// CHECK-NEXT:    %[[FLAT:.*]] = nir.flatten "flat"(%[[AVG]]) {end_dim = -1 : i64, input_type = array<i64: 2, 3, 2>, start_dim = 1 : i64} : tensor<2x3x2xf32> -> tensor<2x6xf32>
// CHECK-NEXT:    nir.output "output"(%[[FLAT]]) : tensor<2x6xf32>
