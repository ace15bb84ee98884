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

// A constant added to a signal of rank > 1 (here (2, 4, 4)) has no node:
// it is an Affine's bias only on a 1-d signal.

!Net = !ts.module<"__torch__.BiasOn3d">
ts.module @bias_on_3d "__torch__.BiasOn3d" {
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %int1 = ts.constant(1) : !ts.int
    %b = ts.constant(dense<1.0> : tensor<2x1x1xf32>) : !ts.tensor
    // expected-error @below {{cannot lower 'aten::add.Tensor' in module <root> (class '__torch__.BiasOn3d'): a constant added to a signal of rank 3 has no NIR node (it is an Affine's bias only on a 1-d signal)}}
    %0 = ts.operator "aten::add.Tensor"(%x, %b, %int1) : (!ts.tensor, !ts.tensor, !ts.int) -> !ts.tensor
    ts.return %0 : !ts.tensor
  }
}

// -----

// A summand that is neither a signal nor a constant float tensor.

!Net = !ts.module<"__torch__.IntBias">
ts.module @int_bias "__torch__.IntBias" {
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %int1 = ts.constant(1) : !ts.int
    %int2 = ts.constant(2) : !ts.int
    %int3 = ts.constant(3) : !ts.int
    %flat = ts.operator "aten::flatten.using_ints"(%x, %int1, %int3) : (!ts.tensor, !ts.int, !ts.int) -> !ts.tensor
    %b = ts.constant(dense<1> : tensor<32xi64>) : !ts.tensor
    // expected-error @below {{cannot lower 'aten::add.Tensor' in module <root> (class '__torch__.IntBias'): only the sum of two signals, or a signal plus a constant float tensor, is supported}}
    %0 = ts.operator "aten::add.Tensor"(%flat, %b, %int1) : (!ts.tensor, !ts.tensor, !ts.int) -> !ts.tensor
    ts.return %0 : !ts.tensor
  }
}

// -----

// x ** 2 has no node (LPPool2d of norm 2, traced, raises to 2 first).

!Net = !ts.module<"__torch__.Square">
ts.module @square "__torch__.Square" {
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %two = ts.constant(2.0) : !ts.float
    // expected-error @below {{cannot lower 'aten::pow.Tensor_Scalar' in module <root> (class '__torch__.Square'): x ** 2.000000e+00 has no NIR node (LP pooling lowers only with norm_type 1, as SumPool2d)}}
    %0 = ts.operator "aten::pow.Tensor_Scalar"(%x, %two) : (!ts.tensor, !ts.float) -> !ts.tensor
    ts.return %0 : !ts.tensor
  }
}

// -----

// relu, sign and abs lower only within sign(y) * relu(abs(y)) (which is y).

!Net = !ts.module<"__torch__.Relu">
ts.module @relu "__torch__.Relu" {
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    // expected-error @below {{cannot lower 'aten::abs' in module <root> (class '__torch__.Relu'): it has no NIR node (it lowers only within sign(y) * relu(abs(y)), which is y, as F.lp_pool2d computes it)}}
    %0 = ts.operator "aten::abs"(%x) : (!ts.tensor) -> !ts.tensor
    %1 = ts.operator "aten::relu"(%0) : (!ts.tensor) -> !ts.tensor
    ts.return %1 : !ts.tensor
  }
}

// -----

// sign(y) * relu(abs(z)) of two different signals is a product of signals.

!Net = !ts.module<"__torch__.SignAbs">
ts.module @sign_abs "__torch__.SignAbs" {
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %two = ts.constant(2.0) : !ts.float
    %y = ts.operator "aten::mul.Scalar"(%x, %two) : (!ts.tensor, !ts.float) -> !ts.tensor
    // expected-error @below {{cannot lower 'aten::sign' in module <root> (class '__torch__.SignAbs'): it has no NIR node}}
    %0 = ts.operator "aten::sign"(%x) : (!ts.tensor) -> !ts.tensor
    // expected-error @below {{cannot lower 'aten::abs' in module <root> (class '__torch__.SignAbs'): it has no NIR node}}
    %1 = ts.operator "aten::abs"(%y) : (!ts.tensor) -> !ts.tensor
    %2 = ts.operator "aten::relu"(%1) : (!ts.tensor) -> !ts.tensor
    %3 = ts.operator "aten::mul.Tensor"(%0, %2) : (!ts.tensor, !ts.tensor) -> !ts.tensor
    ts.return %3 : !ts.tensor
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

// -----

// Padding other than zeros has no NIR form (Conv's padding_mode "reflect").

!Net = !ts.module<"__torch__.Reflect">
ts.module @reflect "__torch__.Reflect" {
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %none = ts.constant(#ts.none) : !ts.none
    %mode = ts.constant("reflect") : !ts.str
    %pads = ts.constant([1, 1, 1, 1]) : !ts.list<!ts.int>
    // expected-error @below {{cannot lower 'aten::pad' in module <root> (class '__torch__.Reflect'): padding mode 'reflect' has no NIR form (NIR convolutions pad with zeros)}}
    %0 = ts.operator "aten::pad"(%x, %pads, %mode, %none) : (!ts.tensor, !ts.list<!ts.int>, !ts.str, !ts.none) -> !ts.tensor
    ts.return %0 : !ts.tensor
  }
}

// -----

// Padding with a value other than 0.

!Net = !ts.module<"__torch__.PadValue">
ts.module @pad_value "__torch__.PadValue" {
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %mode = ts.constant("constant") : !ts.str
    %one = ts.constant(1.0) : !ts.float
    %pads = ts.constant([1, 1]) : !ts.list<!ts.int>
    // expected-error @below {{padding with a value other than 0 has no NIR form}}
    %0 = ts.operator "aten::pad"(%x, %pads, %mode, %one) : (!ts.tensor, !ts.list<!ts.int>, !ts.str, !ts.float) -> !ts.tensor
    ts.return %0 : !ts.tensor
  }
}

// -----

// Zero padding that feeds no convolution.

!Net = !ts.module<"__torch__.PadAlone">
ts.module @pad_alone "__torch__.PadAlone" {
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %none = ts.constant(#ts.none) : !ts.none
    %mode = ts.constant("constant") : !ts.str
    %pads = ts.constant([1, 1]) : !ts.list<!ts.int>
    // expected-error @below {{zero padding lowers only as the padding of the convolution that is its only use (NIR pads only inside a Conv node)}}
    %0 = ts.operator "aten::pad"(%x, %pads, %mode, %none) : (!ts.tensor, !ts.list<!ts.int>, !ts.str, !ts.none) -> !ts.tensor
    ts.return %0 : !ts.tensor
  }
}

// -----

// Padding the two sides of a dim differently.

!Net = !ts.module<"__torch__.Asymmetric">
ts.module @asymmetric "__torch__.Asymmetric" {
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %none = ts.constant(#ts.none) : !ts.none
    %mode = ts.constant("constant") : !ts.str
    %int1 = ts.constant(1) : !ts.int
    %pads = ts.constant([1, 0]) : !ts.list<!ts.int>
    %ones = ts.constant([1, 1]) : !ts.list<!ts.int>
    %zeros = ts.constant([0, 0]) : !ts.list<!ts.int>
    %w = ts.constant(dense<1.0> : tensor<1x2x3x3xf32>) : !ts.tensor
    %0 = ts.operator "aten::pad"(%x, %pads, %mode, %none) : (!ts.tensor, !ts.list<!ts.int>, !ts.str, !ts.none) -> !ts.tensor
    // expected-error @below {{F.pad pads a dim by 1 and 0 on its two sides: NIR convolutions pad both sides alike}}
    %1 = ts.operator "aten::conv2d"(%0, %w, %none, %ones, %zeros, %ones, %int1) : (!ts.tensor, !ts.tensor, !ts.none, !ts.list<!ts.int>, !ts.list<!ts.int>, !ts.list<!ts.int>, !ts.int) -> !ts.tensor
    ts.return %1 : !ts.tensor
  }
}

// -----

// Pads that are not constants (F.pad(x, (p, p)) with p a hyper-parameter of
// forward).

!Net = !ts.module<"__torch__.PadArgument">
ts.module @pad_argument "__torch__.PadArgument" {
  ts.method @forward(%self: !Net, %x: !ts.tensor, %p: !ts.int = 1) -> !ts.tensor {
    %none = ts.constant(#ts.none) : !ts.none
    %mode = ts.constant("constant") : !ts.str
    %int1 = ts.constant(1) : !ts.int
    %ones = ts.constant([1, 1]) : !ts.list<!ts.int>
    %zeros = ts.constant([0, 0]) : !ts.list<!ts.int>
    %w = ts.constant(dense<1.0> : tensor<1x2x3x3xf32>) : !ts.tensor
    %pads = ts.list_construct %p, %p : (!ts.int, !ts.int) -> !ts.list<!ts.int>
    // expected-error @below {{cannot lower 'aten::pad' in module <root> (class '__torch__.PadArgument'): the pads must be a constant list of pairs of non-negative ints}}
    %0 = ts.operator "aten::pad"(%x, %pads, %mode, %none) : (!ts.tensor, !ts.list<!ts.int>, !ts.str, !ts.none) -> !ts.tensor
    %1 = ts.operator "aten::conv2d"(%0, %w, %none, %ones, %zeros, %ones, %int1) : (!ts.tensor, !ts.tensor, !ts.none, !ts.list<!ts.int>, !ts.list<!ts.int>, !ts.list<!ts.int>, !ts.int) -> !ts.tensor
    ts.return %1 : !ts.tensor
  }
}

// -----

// Negative pads (cropping).

!Net = !ts.module<"__torch__.Crop">
ts.module @crop "__torch__.Crop" {
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %none = ts.constant(#ts.none) : !ts.none
    %mode = ts.constant("constant") : !ts.str
    %int1 = ts.constant(1) : !ts.int
    %pads = ts.constant([-1, -1]) : !ts.list<!ts.int>
    %ones = ts.constant([1, 1]) : !ts.list<!ts.int>
    %zeros = ts.constant([0, 0]) : !ts.list<!ts.int>
    %w = ts.constant(dense<1.0> : tensor<1x2x3x3xf32>) : !ts.tensor
    // expected-error @below {{the pads must be a constant list of pairs of non-negative ints}}
    %0 = ts.operator "aten::pad"(%x, %pads, %mode, %none) : (!ts.tensor, !ts.list<!ts.int>, !ts.str, !ts.none) -> !ts.tensor
    %1 = ts.operator "aten::conv2d"(%0, %w, %none, %ones, %zeros, %ones, %int1) : (!ts.tensor, !ts.tensor, !ts.none, !ts.list<!ts.int>, !ts.list<!ts.int>, !ts.list<!ts.int>, !ts.int) -> !ts.tensor
    ts.return %1 : !ts.tensor
  }
}

// -----

// A padding mode that is not a constant (a hyper-parameter of forward).

!Net = !ts.module<"__torch__.ModeArgument">
ts.module @mode_argument "__torch__.ModeArgument" {
  ts.method @forward(%self: !Net, %x: !ts.tensor, %mode: !ts.str = "constant") -> !ts.tensor {
    %none = ts.constant(#ts.none) : !ts.none
    %int1 = ts.constant(1) : !ts.int
    %ones = ts.constant([1, 1]) : !ts.list<!ts.int>
    %zeros = ts.constant([0, 0]) : !ts.list<!ts.int>
    %w = ts.constant(dense<1.0> : tensor<1x2x3x3xf32>) : !ts.tensor
    // expected-error @below {{the padding mode must be a constant string}}
    %0 = ts.operator "aten::pad"(%x, %ones, %mode, %none) : (!ts.tensor, !ts.list<!ts.int>, !ts.str, !ts.none) -> !ts.tensor
    %1 = ts.operator "aten::conv2d"(%0, %w, %none, %ones, %zeros, %ones, %int1) : (!ts.tensor, !ts.tensor, !ts.none, !ts.list<!ts.int>, !ts.list<!ts.int>, !ts.list<!ts.int>, !ts.int) -> !ts.tensor
    ts.return %1 : !ts.tensor
  }
}

// -----

// F.pad padding more dims than the convolution has spatial dims (the
// channels too).

!Net = !ts.module<"__torch__.PadChannels">
ts.module @pad_channels "__torch__.PadChannels" {
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %none = ts.constant(#ts.none) : !ts.none
    %mode = ts.constant("constant") : !ts.str
    %int1 = ts.constant(1) : !ts.int
    %pads = ts.constant([1, 1, 1, 1, 1, 1]) : !ts.list<!ts.int>
    %ones = ts.constant([1, 1]) : !ts.list<!ts.int>
    %zeros = ts.constant([0, 0]) : !ts.list<!ts.int>
    %w = ts.constant(dense<1.0> : tensor<1x2x3x3xf32>) : !ts.tensor
    %0 = ts.operator "aten::pad"(%x, %pads, %mode, %none) : (!ts.tensor, !ts.list<!ts.int>, !ts.str, !ts.none) -> !ts.tensor
    // expected-error @below {{cannot lower 'aten::conv2d' in module <root> (class '__torch__.PadChannels'): F.pad pads 3 dims, more than the convolution's 2 spatial dims}}
    %1 = ts.operator "aten::conv2d"(%0, %w, %none, %ones, %zeros, %ones, %int1) : (!ts.tensor, !ts.tensor, !ts.none, !ts.list<!ts.int>, !ts.list<!ts.int>, !ts.list<!ts.int>, !ts.int) -> !ts.tensor
    ts.return %1 : !ts.tensor
  }
}

// -----

// F.pad before a convolution with padding "same" (which pads by its own
// rule).

!Net = !ts.module<"__torch__.PadSame">
ts.module @pad_same "__torch__.PadSame" {
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %none = ts.constant(#ts.none) : !ts.none
    %mode = ts.constant("constant") : !ts.str
    %same = ts.constant("same") : !ts.str
    %int1 = ts.constant(1) : !ts.int
    %pads = ts.constant([1, 1]) : !ts.list<!ts.int>
    %ones = ts.constant([1, 1]) : !ts.list<!ts.int>
    %w = ts.constant(dense<1.0> : tensor<1x2x3x3xf32>) : !ts.tensor
    %0 = ts.operator "aten::pad"(%x, %pads, %mode, %none) : (!ts.tensor, !ts.list<!ts.int>, !ts.str, !ts.none) -> !ts.tensor
    // expected-error @below {{cannot lower 'aten::conv2d.padding' in module <root> (class '__torch__.PadSame'): F.pad before a convolution with padding 'same' has no NIR form}}
    %1 = ts.operator "aten::conv2d.padding"(%0, %w, %none, %ones, %same, %ones, %int1) : (!ts.tensor, !ts.tensor, !ts.none, !ts.list<!ts.int>, !ts.str, !ts.list<!ts.int>, !ts.int) -> !ts.tensor
    ts.return %1 : !ts.tensor
  }
}

// -----

// An operator call with fewer operands than TorchScript's operator (the ts
// dialect cannot check arities) is an error, not a read past the operands.

!Net = !ts.module<"__torch__.ShortPad">
ts.module @short_pad "__torch__.ShortPad" {
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    // expected-error @below {{cannot lower 'aten::pad' in module <root> (class '__torch__.ShortPad'): it has 1 operands, fewer than the 4 of TorchScript's operator}}
    %y = ts.operator "aten::pad"(%x) : (!ts.tensor) -> !ts.tensor
    ts.return %y : !ts.tensor
  }
}
