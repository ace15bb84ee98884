// IR that TorchScript cannot hold is refused on export, at the op at fault,
// instead of producing an archive that fails in torch.jit.load.
// REQUIRES: torch
// RUN: nir-translate --export-torchscript --split-input-file --verify-diagnostics %s

ts.module @root "__torch__.Net" {
  ts.method @forward(%self: !ts.module<"__torch__.Net">, %x: !ts.tensor) -> !ts.tensor {
    // expected-error @+1 {{'aten::nonexistent' is not a registered TorchScript operator}}
    %y = ts.operator "aten::nonexistent"(%x) : (!ts.tensor) -> !ts.tensor
    ts.return %y : !ts.tensor
  }
}

// -----

ts.module @root "__torch__.Net" {
  ts.method @forward(%self: !ts.module<"__torch__.Net">, %x: !ts.tensor) -> !ts.tensor {
    %s = ts.constant("x") : !ts.str
    // expected-error @+1 {{no overload of 'aten::relu' accepts operand types '!ts.str'}}
    %y = ts.operator "aten::relu"(%s) : (!ts.str) -> !ts.tensor
    ts.return %y : !ts.tensor
  }
}

// -----

ts.module @root "__torch__.Net" {
  ts.method @forward(%self: !ts.module<"__torch__.Net">, %x: !ts.tensor) -> !ts.tensor {
    %one = ts.constant(1) : !ts.int
    // expected-error @+1 {{'aten::add.Scalar' resolves to overload 'Tensor' for these operand types}}
    %y = ts.operator "aten::add.Scalar"(%x, %x, %one) : (!ts.tensor, !ts.tensor, !ts.int) -> !ts.tensor
    ts.return %y : !ts.tensor
  }
}

// -----

ts.module @root "__torch__.Net" {
  ts.method @forward(%self: !ts.module<"__torch__.Net">, %x: !ts.tensor) -> !ts.tensor {
    // expected-error @+1 {{'aten::relu' returns 1 values, not 2}}
    %y:2 = ts.operator "aten::relu"(%x) : (!ts.tensor) -> (!ts.tensor, !ts.tensor)
    ts.return %y#0 : !ts.tensor
  }
}

// -----

// Objects of one class share their methods in TorchScript.
ts.module @root "__torch__.Net" {
  ts.module @a "__torch__.Leaf" {
    // expected-note @+1 {{the other method is here}}
    ts.method @forward(%self: !ts.module<"__torch__.Leaf">, %x: !ts.tensor) -> !ts.tensor {
      %y = ts.operator "aten::relu"(%x) : (!ts.tensor) -> !ts.tensor
      ts.return %y : !ts.tensor
    }
  }
  ts.module @b "__torch__.Leaf" {
    // expected-error @+1 {{method 'forward' differs from the same method of another object of class '__torch__.Leaf'; TorchScript objects of one class share their methods}}
    ts.method @forward(%self: !ts.module<"__torch__.Leaf">, %x: !ts.tensor) -> !ts.tensor {
      %y = ts.operator "aten::tanh"(%x) : (!ts.tensor) -> !ts.tensor
      ts.return %y : !ts.tensor
    }
  }
}

// -----

ts.module @root "__torch__.Net" {
  // expected-error @+1 {{opaque type 'NotAType' is not a TorchScript type annotation: Unknown type name 'NotAType'}}
  ts.method @forward(%self: !ts.module<"__torch__.Net">, %x: !ts.opaque<"NotAType">) -> !ts.none {
    %none = ts.constant(#ts.none) : !ts.none
    ts.return %none : !ts.none
  }
}

// -----

ts.module @root "__torch__.Net" {
  // expected-error @+1 {{class '__torch__.Other' is not the class of any module object being exported}}
  ts.method @forward(%self: !ts.module<"__torch__.Net">, %x: !ts.module<"__torch__.Other">) -> !ts.none {
    %none = ts.constant(#ts.none) : !ts.none
    ts.return %none : !ts.none
  }
}

// -----

ts.module @root "__torch__.Net" {
  // expected-error @+1 {{tensor data '__elided__' is missing (elided or never set)}}
  ts.buffer @w : !ts.tensor = dense_resource<__elided__> : tensor<4xf32>
}

// -----

ts.module @root "__torch__.Net" {
  // expected-error @+1 {{tensor data 'short' has 8 bytes where 'tensor<4xf32>' needs 16}}
  ts.buffer @w : !ts.tensor = dense_resource<short> : tensor<4xf32>
}
{-#
  dialect_resources: {
    builtin: {
      short: "0x040000000000803F0000803F"
    }
  }
#-}

// -----

// A type whose byte size wraps (4 * 2^62 = 0 in 64 bits) must not let an
// empty blob back the tensor; libtorch refuses the shape.
// expected-error @+1 {{cannot export TorchScript module: Storage size calculation overflowed with sizes=[4611686018427387904]}}
ts.module @root "__torch__.Net" {
  ts.buffer @w : !ts.tensor = dense_resource<empty> : tensor<4611686018427387904xf32>
}
{-#
  dialect_resources: {
    builtin: {
      empty: "0x04000000"
    }
  }
#-}

// -----

// expected-error @+1 {{holds 2 root ts.module ops; choose one by name}}
module {
  ts.module @a "__torch__.A" {
  }
  ts.module @b "__torch__.B" {
  }
}

// -----

// expected-error @+1 {{holds no root ts.module to export}}
module {
}

// -----

// libtorch's own errors (here c10::Device's parser) become diagnostics: at
// the op whose node fails, or at the root for slot values.
ts.module @root "__torch__.Net" {
  ts.method @forward(%self: !ts.module<"__torch__.Net">) -> !ts.device {
    // expected-error @+1 {{cannot export to TorchScript: Invalid device string: 'warp-drive'}}
    %d = ts.constant("warp-drive") : !ts.device
    ts.return %d : !ts.device
  }
}

// -----

// expected-error @+1 {{cannot export TorchScript module: Invalid device string: 'warp-drive'}}
ts.module @root "__torch__.Net" {
  ts.attribute @device : !ts.device = "warp-drive"
}

// -----

// One NamedTuple class, two field lists: TorchScript holds one class per name.
ts.module @root "__torch__.Net" {
  ts.attribute @a : !ts.tuple<"__torch__.P"(x: !ts.int)> = [1]
  // expected-error @+1 {{NamedTuple class '__torch__.P' has two definitions: '!ts.tuple<"__torch__.P"(x: !ts.int)>' and '!ts.tuple<"__torch__.P"(y: !ts.int)>'}}
  ts.attribute @b : !ts.tuple<"__torch__.P"(y: !ts.int)> = [2]
  ts.method @forward(%self: !ts.module<"__torch__.Net">, %x: !ts.tensor) -> !ts.tensor {
    ts.return %x : !ts.tensor
  }
}


// -----

// The lowering's delayed edge has no TorchScript node.

ts.module @root "__torch__.Net" {
  ts.method @forward(%self: !ts.module<"__torch__.Net">, %x: !ts.tensor) -> !ts.tensor {
    // expected-error @+1 {{has no TorchScript counterpart to export}}
    %y = ts.delayed_read "rec" {shape = array<i64: 2>} : !ts.tensor
    ts.return %y : !ts.tensor
  }
}
