// RUN: nir-opt %s --split-input-file --verify-diagnostics --lower-torchscript-to-nir="input-shape=4"

// An op without a pattern, inside an unmapped (inlined) submodule: one error
// naming the op, the module path and class, and the mappings that exist. The
// location is the op's (for imported modules, the Python source line).

!Net = !ts.module<"__torch__.Net">
!Act = !ts.module<"__torch__.Act">
ts.module @net "__torch__.Net" {
  ts.module @act "__torch__.Act" {
    ts.method @forward(%self: !Act, %x: !ts.tensor) -> !ts.tensor {
      // expected-error @below {{cannot lower 'aten::tanh' in module 'act' (class '__torch__.Act'): no op pattern; module mappings exist for: __torch__.nirtorch.nodes.Affine}}
      %0 = ts.operator "aten::tanh"(%x) : (!ts.tensor) -> !ts.tensor
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

// A layer whose parameters NIR cannot express (LPPool2d norm 2, as
// scripted: F.lp_pool2d is lowered as a whole).

!Net = !ts.module<"__torch__.Pool">
!LPPool2d = !ts.module<"__torch__.torch.nn.modules.pooling.LPPool2d">
ts.module @pool "__torch__.Pool" {
  ts.module @lp "__torch__.torch.nn.modules.pooling.LPPool2d" {
    ts.method @forward(%self: !LPPool2d, %input: !ts.tensor) -> !ts.tensor {
      %false = ts.constant(false) : !ts.bool
      %none = ts.constant(#ts.none) : !ts.none
      %float = ts.constant(2.000000e+00) : !ts.float
      %int2 = ts.constant(2) : !ts.int
      %0 = ts.list_construct %int2, %int2 : (!ts.int, !ts.int) -> !ts.list<!ts.int>
      // expected-error @below {{cannot lower 'F.lp_pool2d' in module 'lp' (class '__torch__.torch.nn.modules.pooling.LPPool2d'): norm_type 2.000000e+00 has no NIR node (only 1: SumPool2d)}}
      %1 = ts.call_function @__torch__.torch.nn.functional.lp_pool2d(%input, %float, %0, %none, %false) : (!ts.tensor, !ts.float, !ts.list<!ts.int>, !ts.none, !ts.bool) -> !ts.tensor
      ts.return %1 : !ts.tensor
    }
  }
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %lp = ts.get_attr %self["lp"] : !Net -> !LPPool2d
    %0 = ts.call_method %lp["forward"](%x) : !LPPool2d, (!ts.tensor) -> !ts.tensor
    ts.return %0 : !ts.tensor
  }
}
// The function's body does not matter: the lowering matches the call.
ts.function @__torch__.torch.nn.functional.lp_pool2d(%input: !ts.tensor, %norm_type: !ts.float, %kernel_size: !ts.list<!ts.int>, %stride: !ts.optional<!ts.list<!ts.int>> = #ts.none, %ceil_mode: !ts.bool = false) -> !ts.tensor {
  ts.return %input : !ts.tensor
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
!Scale = !ts.module<"__torch__.nirtorch.nodes.Scale">
ts.module @swap "__torch__.Swap" {
  ts.module @fc "__torch__.nirtorch.nodes.Scale" {
    ts.parameter @scale : !ts.tensor = dense<1.0> : tensor<4xf32>
    ts.method @forward(%self: !Scale, %a: !ts.tensor, %b: !ts.tensor) -> !ts.tensor {
      ts.return %b : !ts.tensor
    }
  }
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %c = ts.constant(dense<1.0> : tensor<4xf32>) : !ts.tensor
    %fc = ts.get_attr %self["fc"] : !Net -> !Scale
    // expected-error @below {{cannot lower the call of module 'fc' (class '__torch__.nirtorch.nodes.Scale'): a mapped module takes its signal as the first argument and no other signal}}
    %0 = ts.call_method %fc["forward"](%c, %x) : !Scale, (!ts.tensor, !ts.tensor) -> !ts.tensor
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
