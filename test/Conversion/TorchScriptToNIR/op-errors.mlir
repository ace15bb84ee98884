// RUN: nir-opt %s --split-input-file --verify-diagnostics --convert-torchscript-to-nir="input-shape=2x4x4"
// RUN: nir-opt %s --split-input-file --verify-diagnostics --lower-torchscript-to-nir="input-shape=2x4x4"

// What the free-function patterns refuse: each error names the op and the
// module.

!Net = !ts.module<"__torch__.Transposed">
ts.module @transposed "__torch__.Transposed" {
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %true = ts.constant(true) : !ts.bool
    %false = ts.constant(false) : !ts.bool
    %int1 = ts.constant(1) : !ts.int
    %int0 = ts.constant(0) : !ts.int
    %one = ts.list_construct %int1, %int1 : (!ts.int, !ts.int) -> !ts.list<!ts.int>
    %zero = ts.list_construct %int0, %int0 : (!ts.int, !ts.int) -> !ts.list<!ts.int>
    %w = ts.constant(dense<1.0> : tensor<2x2x3x3xf32>) : !ts.tensor
    %b = ts.constant(dense<0.0> : tensor<2xf32>) : !ts.tensor
    // expected-error @below {{cannot lower 'aten::_convolution' in module <root> (class '__torch__.Transposed'): transposed convolutions have no NIR node}}
    %0 = ts.operator "aten::_convolution"(%x, %w, %b, %one, %zero, %one, %true, %zero, %int1, %false, %false, %true, %true) : (!ts.tensor, !ts.tensor, !ts.tensor, !ts.list<!ts.int>, !ts.list<!ts.int>, !ts.list<!ts.int>, !ts.bool, !ts.list<!ts.int>, !ts.int, !ts.bool, !ts.bool, !ts.bool, !ts.bool) -> !ts.tensor
    ts.return %0 : !ts.tensor
  }
}

// -----

!Net = !ts.module<"__torch__.RandomWeight">
ts.module @random_weight "__torch__.RandomWeight" {
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %none = ts.constant(#ts.none) : !ts.none
    %int1 = ts.constant(1) : !ts.int
    %int2 = ts.constant(2) : !ts.int
    %int3 = ts.constant(3) : !ts.int
    %shape = ts.list_construct %int2, %int2, %int3, %int3 : (!ts.int, !ts.int, !ts.int, !ts.int) -> !ts.list<!ts.int>
    %w = ts.operator "aten::ones"(%shape, %none, %none, %none, %none) : (!ts.list<!ts.int>, !ts.none, !ts.none, !ts.none, !ts.none) -> !ts.tensor
    %one = ts.list_construct %int1, %int1 : (!ts.int, !ts.int) -> !ts.list<!ts.int>
    // expected-error @below {{cannot lower 'aten::conv2d' in module <root> (class '__torch__.RandomWeight'): the weight is not a constant tensor}}
    %0 = ts.operator "aten::conv2d"(%x, %w, %none, %one, %one, %one, %int1) : (!ts.tensor, !ts.tensor, !ts.none, !ts.list<!ts.int>, !ts.list<!ts.int>, !ts.list<!ts.int>, !ts.int) -> !ts.tensor
    ts.return %0 : !ts.tensor
  }
}

// -----

// W @ x has no NIR form (the batch dim would be contracted).

!Net = !ts.module<"__torch__.LeftMatmul">
ts.module @left_matmul "__torch__.LeftMatmul" {
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %w = ts.constant(dense<1.0> : tensor<4x2xf32>) : !ts.tensor
    // expected-error @below {{cannot lower 'aten::matmul' in module <root> (class '__torch__.LeftMatmul'): only x @ W with a signal x and a constant matrix W is supported}}
    %0 = ts.operator "aten::matmul"(%w, %x) : (!ts.tensor, !ts.tensor) -> !ts.tensor
    ts.return %0 : !ts.tensor
  }
}

// -----

// The product is used twice: adding a bias to one use has no NIR node.

!Net = !ts.module<"__torch__.SharedProduct">
ts.module @shared_product "__torch__.SharedProduct" {
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor> {
    %int1 = ts.constant(1) : !ts.int
    %int2 = ts.constant(2) : !ts.int
    %int3 = ts.constant(3) : !ts.int
    %flat = ts.operator "aten::flatten.using_ints"(%x, %int1, %int3) : (!ts.tensor, !ts.int, !ts.int) -> !ts.tensor
    %w = ts.constant(dense<1.0> : tensor<32x2xf32>) : !ts.tensor
    %b = ts.constant(dense<1.0> : tensor<2xf32>) : !ts.tensor
    %y = ts.operator "aten::matmul"(%flat, %w) : (!ts.tensor, !ts.tensor) -> !ts.tensor
    // expected-error @below {{cannot lower 'aten::add.Tensor' in module <root> (class '__torch__.SharedProduct'): only the sum of two signals, or x @ W + b with constant W and b, is supported}}
    %0 = ts.operator "aten::add.Tensor"(%y, %b, %int1) : (!ts.tensor, !ts.tensor, !ts.int) -> !ts.tensor
    %r = ts.tuple_construct %0, %y : (!ts.tensor, !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor>
    ts.return %r : !ts.tuple<!ts.tensor, !ts.tensor>
  }
}

// -----

// `a += b` changes `a`: a later read of `a` would see the sum.

!Net = !ts.module<"__torch__.Aliased">
ts.module @aliased "__torch__.Aliased" {
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor> {
    %int1 = ts.constant(1) : !ts.int
    %scale = ts.constant(dense<2.0> : tensor<2x4x4xf32>) : !ts.tensor
    %y = ts.operator "aten::mul.Tensor"(%x, %scale) : (!ts.tensor, !ts.tensor) -> !ts.tensor
    // expected-error @below {{cannot lower 'aten::add_.Tensor' in module <root> (class '__torch__.Aliased'): its first operand is read after the in-place sum}}
    %0 = ts.operator "aten::add_.Tensor"(%y, %x, %int1) : (!ts.tensor, !ts.tensor, !ts.int) -> !ts.tensor
    %r = ts.tuple_construct %0, %y : (!ts.tensor, !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor>
    ts.return %r : !ts.tuple<!ts.tensor, !ts.tensor>
  }
}

// -----

!Net = !ts.module<"__torch__.Divisor">
ts.module @divisor "__torch__.Divisor" {
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %false = ts.constant(false) : !ts.bool
    %int0 = ts.constant(0) : !ts.int
    %int2 = ts.constant(2) : !ts.int
    %k = ts.list_construct %int2, %int2 : (!ts.int, !ts.int) -> !ts.list<!ts.int>
    %p = ts.list_construct %int0, %int0 : (!ts.int, !ts.int) -> !ts.list<!ts.int>
    // expected-error @below {{cannot lower 'aten::avg_pool2d' in module <root> (class '__torch__.Divisor'): divisor_override 2 has no NIR node (only None: AvgPool2d, or 1: SumPool2d)}}
    %0 = ts.operator "aten::avg_pool2d"(%x, %k, %k, %p, %false, %false, %int2) : (!ts.tensor, !ts.list<!ts.int>, !ts.list<!ts.int>, !ts.list<!ts.int>, !ts.bool, !ts.bool, !ts.int) -> !ts.tensor
    ts.return %0 : !ts.tensor
  }
}

// -----

!Net = !ts.module<"__torch__.L2Pool">
ts.module @l2_pool "__torch__.L2Pool" {
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %false = ts.constant(false) : !ts.bool
    %none = ts.constant(#ts.none) : !ts.none
    %int2 = ts.constant(2) : !ts.int
    %k = ts.list_construct %int2, %int2 : (!ts.int, !ts.int) -> !ts.list<!ts.int>
    // expected-error @below {{cannot lower 'F.lp_pool2d' in module <root> (class '__torch__.L2Pool'): norm_type 2.000000e+00 has no NIR node (only 1: SumPool2d)}}
    %0 = ts.call_function @__torch__.torch.nn.functional.lp_pool2d(%x, %int2, %k, %none, %false) : (!ts.tensor, !ts.int, !ts.list<!ts.int>, !ts.none, !ts.bool) -> !ts.tensor
    ts.return %0 : !ts.tensor
  }
}
ts.function @__torch__.torch.nn.functional.lp_pool2d(%input: !ts.tensor, %norm_type: !ts.opaque<"Union[float, int]">, %kernel_size: !ts.list<!ts.int>, %stride: !ts.optional<!ts.list<!ts.int>> = #ts.none, %ceil_mode: !ts.bool = false) -> !ts.tensor {
  ts.return %input : !ts.tensor
}

// -----

// Dropout in a module saved in training mode: still the identity, with a
// warning.
!Net = !ts.module<"__torch__.Training">
ts.module @training "__torch__.Training" {
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %true = ts.constant(true) : !ts.bool
    %p = ts.constant(5.000000e-01) : !ts.float
    // expected-warning @below {{aten::dropout is lowered as at inference (the identity): NIR has no dropout, and the module was saved in training mode (call .eval() before saving to silence this)}}
    %0 = ts.operator "aten::dropout"(%x, %p, %true) : (!ts.tensor, !ts.float, !ts.bool) -> !ts.tensor
    ts.return %0 : !ts.tensor
  }
}
