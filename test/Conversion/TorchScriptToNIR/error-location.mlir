// RUN: not nir-opt %s --lower-torchscript-to-nir="input-shape=4" --mlir-print-op-on-diagnostic=false 2>&1 | FileCheck %s --check-prefixes=CHECK,PIPELINE

// The diagnostic sits at the op's location: for an imported module, the
// Python source line (wrapped in a NameLoc naming the method). It lists the
// mappings and op patterns that exist, once per cause: the use of the
// failed value (aten::sigmoid) is not diagnosed again. Through the pipeline
// the op is inlined first, and the diagnostic adds the call it came through.

!Net = !ts.module<"__torch__.Net">
!Act = !ts.module<"__torch__.Act">
ts.module @net "__torch__.Net" {
  ts.module @act "__torch__.Act" {
    ts.method @forward(%self: !Act, %x: !ts.tensor) -> !ts.tensor {
      %0 = ts.operator "aten::tanh"(%x) : (!ts.tensor) -> !ts.tensor loc("act.forward"("net.py":12:5))
      ts.return %0 : !ts.tensor
    }
  }
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %act = ts.get_attr %self["act"] : !Net -> !Act
    %0 = ts.call_method %act["forward"](%x) : !Act, (!ts.tensor) -> !ts.tensor
    %1 = ts.operator "aten::sigmoid"(%0) : (!ts.tensor) -> !ts.tensor
    ts.return %1 : !ts.tensor
  }
}

// CHECK: net.py:12:5: error: cannot lower 'aten::tanh' in module 'act' (class '__torch__.Act'): no op pattern; module mappings exist for: __torch__.nirtorch.nodes.Affine, __torch__.nirtorch.nodes.Linear,
// CHECK-SAME: __torch__.nirtorch.nodes.AvgPool2d; op patterns exist for: aten::_convolution, aten::_convolution_mode, aten::abs, aten::add.Tensor, aten::add_.Tensor, aten::alpha_dropout, aten::alpha_dropout_, aten::avg_pool2d, aten::conv1d, aten::conv1d.padding, aten::conv2d, aten::conv2d.padding, aten::dropout, aten::dropout_, aten::feature_alpha_dropout, aten::feature_alpha_dropout_, aten::feature_dropout, aten::feature_dropout_, aten::flatten.using_ints, aten::linear, aten::matmul, aten::mm, aten::mul.Scalar, aten::mul.Tensor, aten::pad, aten::pow.Tensor_Scalar, aten::relu, aten::reshape, aten::sign, aten::view, prim::unchecked_cast
// PIPELINE: error-location.mlir:{{[0-9]+}}:10: note: called from
// CHECK-NOT: error
