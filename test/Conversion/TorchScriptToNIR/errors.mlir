// RUN: nir-opt %s --split-input-file --verify-diagnostics --convert-torchscript-to-nir="input-shape=4"
// RUN: nir-opt %s --split-input-file --verify-diagnostics --lower-torchscript-to-nir="input-shape=4"

// An op without a pattern, inside an unmapped (inlined) submodule: one error
// naming the op, the module path and class, and the mappings that exist. The
// location is the op's (for imported modules, the Python source line).

!Net = !ts.module<"__torch__.Net">
!Act = !ts.module<"__torch__.Act">
ts.module @net "__torch__.Net" {
  ts.module @act "__torch__.Act" {
    ts.method @forward(%self: !Act, %x: !ts.tensor) -> !ts.tensor {
      // expected-error @below {{cannot lower 'aten::relu' in module 'act' (class '__torch__.Act'): no op pattern; module mappings exist for: __torch__.torch.nn.modules.linear.Linear}}
      %0 = ts.operator "aten::relu"(%x) : (!ts.tensor) -> !ts.tensor
      ts.return %0 : !ts.tensor
    }
  }
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %act = ts.get_attr %self["act"] : !Net -> !Act
    %0 = ts.call_method %act["forward"](%x) : !Act, (!ts.tensor) -> !ts.tensor
    // Uses of the failed value are not diagnosed again.
    %1 = ts.operator "aten::sigmoid"(%0) : (!ts.tensor) -> !ts.tensor
    ts.return %1 : !ts.tensor
  }
}

// -----

// Two independent causes: two diagnostics.

!Net = !ts.module<"__torch__.Two">
ts.module @two "__torch__.Two" {
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    // expected-error @below {{cannot lower 'aten::tanh' in module <root> (class '__torch__.Two')}}
    %0 = ts.operator "aten::tanh"(%x) : (!ts.tensor) -> !ts.tensor
    // expected-error @below {{cannot lower 'aten::exp' in module <root> (class '__torch__.Two')}}
    %1 = ts.operator "aten::exp"(%x) : (!ts.tensor) -> !ts.tensor
    %int1 = ts.constant(1) : !ts.int
    %2 = ts.operator "aten::add.Tensor"(%0, %1, %int1) : (!ts.tensor, !ts.tensor, !ts.int) -> !ts.tensor
    ts.return %2 : !ts.tensor
  }
}

// -----

// A mapped module whose parameters NIR cannot express (LPPool2d norm 2).

!Net = !ts.module<"__torch__.Pool">
!LPPool2d = !ts.module<"__torch__.torch.nn.modules.pooling.LPPool2d">
ts.module @pool "__torch__.Pool" {
  ts.module @lp "__torch__.torch.nn.modules.pooling.LPPool2d" {
    ts.class_constant @norm_type : !ts.float = 2.0
    ts.class_constant @kernel_size : !ts.int = 2
    ts.class_constant @stride : !ts.optional<!ts.int> = #ts.none
    ts.class_constant @ceil_mode : !ts.bool = false
    ts.method @forward(%self: !LPPool2d, %input: !ts.tensor) -> !ts.tensor {
      ts.return %input : !ts.tensor
    }
  }
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %lp = ts.get_attr %self["lp"] : !Net -> !LPPool2d
    // expected-error @below {{module 'lp' (class '__torch__.torch.nn.modules.pooling.LPPool2d'): norm_type 2.000000e+00 has no NIR node (only 1: SumPool2d)}}
    %0 = ts.call_method %lp["forward"](%x) : !LPPool2d, (!ts.tensor) -> !ts.tensor
    ts.return %0 : !ts.tensor
  }
}

// -----

// Control flow on a signal has no NIR form.

!Net = !ts.module<"__torch__.Branch">
ts.module @branch "__torch__.Branch" {
  ts.method @forward(%self: !Net, %x: !ts.tensor, %c: !ts.bool = true) -> !ts.tensor {
    // expected-error @below {{cannot lower 'ts.if' on a signal in module <root> (class '__torch__.Branch')}}
    %0 = ts.if %c -> (!ts.tensor) {
      ts.yield %x : !ts.tensor
    } else {
      ts.yield %x : !ts.tensor
    }
    ts.return %0 : !ts.tensor
  }
}

// -----

// A returned tuple holds the outputs first, then state: a signal after a
// state element is not an output.

!Net = !ts.module<"__torch__.Tuple">
ts.module @tuple "__torch__.Tuple" {
  ts.method @forward(%self: !Net, %x: !ts.tensor, %state: !ts.optional<!ts.tensor> = #ts.none) -> !ts.tuple<!ts.tensor, !ts.optional<!ts.tensor>, !ts.tensor> {
    %0 = ts.tuple_construct %x, %state, %x : (!ts.tensor, !ts.optional<!ts.tensor>, !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.optional<!ts.tensor>, !ts.tensor>
    // expected-error @below {{forward returns a signal as tuple element #2 after state: the outputs must be the leading elements}}
    ts.return %0 : !ts.tuple<!ts.tensor, !ts.optional<!ts.tensor>, !ts.tensor>
  }
}

// -----

// A mapped module must get the signal as its first argument, and no other
// signal.

!Net = !ts.module<"__torch__.Swap">
!Linear = !ts.module<"__torch__.torch.nn.modules.linear.Linear">
ts.module @swap "__torch__.Swap" {
  ts.module @fc "__torch__.torch.nn.modules.linear.Linear" {
    ts.parameter @weight requires_grad : !ts.tensor = dense<1.0> : tensor<4x4xf32>
    ts.parameter @bias requires_grad : !ts.optional<!ts.tensor> = dense<0.0> : tensor<4xf32>
    ts.method @forward(%self: !Linear, %a: !ts.tensor, %b: !ts.tensor) -> !ts.tensor {
      ts.return %b : !ts.tensor
    }
  }
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %c = ts.constant(dense<1.0> : tensor<4xf32>) : !ts.tensor
    %fc = ts.get_attr %self["fc"] : !Net -> !Linear
    // expected-error @below {{cannot lower the call of module 'fc' (class '__torch__.torch.nn.modules.linear.Linear'): a mapped module takes its signal as the first argument and no other signal}}
    %0 = ts.call_method %fc["forward"](%c, %x) : !Linear, (!ts.tensor, !ts.tensor) -> !ts.tensor
    ts.return %0 : !ts.tensor
  }
}

// -----

// A call marked (by ts-match-module-maps with another map) for an entry the
// conversion's module map does not have.

!Net = !ts.module<"__torch__.Marked">
!LIF = !ts.module<"__torch__.otherlib.LIF">
ts.module @marked "__torch__.Marked" {
  ts.module @lif "__torch__.otherlib.LIF" {
    ts.method @forward(%self: !LIF, %x: !ts.tensor) -> !ts.tensor {
      ts.return %x : !ts.tensor
    }
  }
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %lif = ts.get_attr %self["lif"] : !Net -> !LIF
    // expected-error-re @below {{the call of module 'lif' (class '__torch__.otherlib.LIF') is marked for module map entry '__torch__.otherlib.*', which the pass's module map does not have; module mappings exist for: {{.*}}}}
    %0 = ts.call_method %lif["forward"](%x) {ts.module_map = "__torch__.otherlib.*", ts.noinline} : !LIF, (!ts.tensor) -> !ts.tensor
    ts.return %0 : !ts.tensor
  }
}
