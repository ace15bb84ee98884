// RUN: nir-opt %s --split-input-file --lower-torchscript-to-nir="input-shape=3" --verify-diagnostics | FileCheck %s

// `x * c` with a Python number (aten::mul.Scalar) is a Scale node of c in
// float32, the precision PyTorch multiplies a float32 tensor with; an int
// factor converts exactly, also as a constant integer tensor (traced code).

!Net = !ts.module<"__torch__.Gain">
ts.module @gain "__torch__.Gain" {
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %c = ts.constant(0.1) : !ts.float
    %0 = ts.operator "aten::mul.Scalar"(%x, %c) : (!ts.tensor, !ts.float) -> !ts.tensor
    %three = ts.constant(3) : !ts.int
    %1 = ts.operator "aten::mul.Scalar"(%0, %three) : (!ts.tensor, !ts.int) -> !ts.tensor
    %two = ts.constant(dense<2> : tensor<i64>) : !ts.tensor
    %2 = ts.operator "aten::mul.Tensor"(%1, %two) : (!ts.tensor, !ts.tensor) -> !ts.tensor
    ts.return %2 : !ts.tensor
  }
}

// CHECK-LABEL: nir.graph @gain {
// CHECK-NEXT:    %[[IN:.*]] = nir.input "input" : tensor<3xf32>
// CHECK-NEXT:    %[[S:.*]] = nir.scale "scale"(%[[IN]]) {scale = dense<1.000000e-01> : tensor<3xf32>} : tensor<3xf32>
// CHECK-NEXT:    %[[S1:.*]] = nir.scale "scale_1"(%[[S]]) {scale = dense<3.000000e+00> : tensor<3xf32>} : tensor<3xf32>
// CHECK-NEXT:    %[[S2:.*]] = nir.scale "scale_2"(%[[S1]]) {scale = dense<2.000000e+00> : tensor<3xf32>} : tensor<3xf32>
// CHECK-NEXT:    nir.output "output"(%[[S2]]) : tensor<3xf32>

// -----

// A factor only known at run time has no NIR node.
!Net = !ts.module<"__torch__.RuntimeGain">
ts.module @runtime_gain "__torch__.RuntimeGain" {
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    // expected-note @below {{the value comes from here}}
    %n = ts.operator "aten::dim"(%x) : (!ts.tensor) -> !ts.int
    // expected-error @below {{cannot lower 'aten::mul.Scalar' in module <root> (class '__torch__.RuntimeGain'): operand #1 is a run-time value derived from state or from a signal's size, not a signal}}
    %0 = ts.operator "aten::mul.Scalar"(%x, %n) : (!ts.tensor, !ts.int) -> !ts.tensor
    ts.return %0 : !ts.tensor
  }
}

// -----

// A factor that is neither a number nor a tensor.
!Net = !ts.module<"__torch__.NoneGain">
ts.module @none_gain "__torch__.NoneGain" {
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %none = ts.constant(#ts.none) : !ts.none
    // expected-error @below {{cannot lower 'aten::mul.Tensor' in module <root> (class '__torch__.NoneGain'): the factor is not a constant tensor or number}}
    %0 = ts.operator "aten::mul.Tensor"(%x, %none) : (!ts.tensor, !ts.none) -> !ts.tensor
    ts.return %0 : !ts.tensor
  }
}

// -----

// A factor tensor with a leading dim of 1 loses it, also as a resource blob
// (the importer's form of a tensor of 1 KiB or more).
!Net = !ts.module<"__torch__.BlobGain">
ts.module @blob_gain "__torch__.BlobGain" {
  ts.buffer @gain : !ts.tensor = dense_resource<gain> : tensor<1x3xf32>
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %gain = ts.get_attr %self["gain"] : !Net -> !ts.tensor
    %0 = ts.operator "aten::mul.Tensor"(%x, %gain) : (!ts.tensor, !ts.tensor) -> !ts.tensor
    ts.return %0 : !ts.tensor
  }
}

{-#
  dialect_resources: {
    builtin: {
      gain: "0x040000000000803F0000004000004040"
    }
  }
#-}

// CHECK-LABEL: nir.graph @blob_gain {
// CHECK:         nir.scale "scale"(%{{.*}}) {scale = dense_resource<gain> : tensor<3xf32>} : tensor<3xf32>
