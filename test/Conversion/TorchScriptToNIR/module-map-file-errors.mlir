// RUN: nir-opt %s --split-input-file --verify-diagnostics --lower-torchscript-to-nir="input-shape=3 module-map=%S/Inputs/module-map-lowering-errors.json"

// What only the module can tell is checked when its call is lowered: one
// error at the call, naming the module, its class, the mapping (index and
// file) and the parameter.

!Net = !ts.module<"__torch__.Net">
!M = !ts.module<"__torch__.bad.MissingSlot">
ts.module @net "__torch__.Net" {
  ts.module @neuron "__torch__.bad.MissingSlot" {
    ts.buffer @r : !ts.tensor = dense<1.0> : tensor<3xf32>
    ts.method @forward(%self: !M, %x: !ts.tensor) -> !ts.tensor {
      ts.return %x : !ts.tensor
    }
  }
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %neuron = ts.get_attr %self["neuron"] : !Net -> !M
    // expected-error-re @below {{module 'neuron' (class '__torch__.bad.MissingSlot'): mapping 0 of module map '{{.*}}module-map-lowering-errors.json', param 'v_threshold': the module has no parameter, buffer, constant or attribute named 'thr'}}
    %0 = ts.call_method %neuron["forward"](%x) : !M, (!ts.tensor) -> !ts.tensor
    ts.return %0 : !ts.tensor
  }
}

// -----

!Net = !ts.module<"__torch__.Net">
!M = !ts.module<"__torch__.bad.Shape">
ts.module @net "__torch__.Net" {
  ts.module @neuron "__torch__.bad.Shape" {
    ts.buffer @tau : !ts.tensor = dense<1.0> : tensor<2xf32>
    ts.method @forward(%self: !M, %x: !ts.tensor) -> !ts.tensor {
      ts.return %x : !ts.tensor
    }
  }
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %neuron = ts.get_attr %self["neuron"] : !Net -> !M
    // expected-error @below {{param 'tau': a value of shape [2] is neither one element nor of the neurons' shape [3]}}
    %0 = ts.call_method %neuron["forward"](%x) : !M, (!ts.tensor) -> !ts.tensor
    ts.return %0 : !ts.tensor
  }
}

// -----

!Net = !ts.module<"__torch__.Net">
!M = !ts.module<"__torch__.bad.DType">
ts.module @net "__torch__.Net" {
  ts.module @neuron "__torch__.bad.DType" {
    ts.buffer @r : !ts.tensor = dense<1.0> : tensor<3xf32>
    ts.method @forward(%self: !M, %x: !ts.tensor) -> !ts.tensor {
      ts.return %x : !ts.tensor
    }
  }
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %neuron = ts.get_attr %self["neuron"] : !Net -> !M
    // expected-error @below {{param 'r': slot 'r' is a tensor of 'f32', not float64 (a tensor keeps its dtype; 'dtype' applies to constants and literals)}}
    %0 = ts.call_method %neuron["forward"](%x) : !M, (!ts.tensor) -> !ts.tensor
    ts.return %0 : !ts.tensor
  }
}

// -----

!Net = !ts.module<"__torch__.Net">
!M = !ts.module<"__torch__.bad.NotNumber">
ts.module @net "__torch__.Net" {
  ts.module @neuron "__torch__.bad.NotNumber" {
    ts.attribute @mode : !ts.str = "subtract"
    ts.method @forward(%self: !M, %x: !ts.tensor) -> !ts.tensor {
      ts.return %x : !ts.tensor
    }
  }
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %neuron = ts.get_attr %self["neuron"] : !Net -> !M
    // expected-error @below {{param 'r': slot 'mode' holds "subtract", not a tensor, a number or a list of numbers}}
    %0 = ts.call_method %neuron["forward"](%x) : !M, (!ts.tensor) -> !ts.tensor
    ts.return %0 : !ts.tensor
  }
}

// -----

!Net = !ts.module<"__torch__.Net">
!M = !ts.module<"__torch__.bad.NoneSlot">
ts.module @net "__torch__.Net" {
  ts.module @neuron "__torch__.bad.NoneSlot" {
    ts.parameter @r : !ts.optional<!ts.tensor> = #ts.none
    ts.method @forward(%self: !M, %x: !ts.tensor) -> !ts.tensor {
      ts.return %x : !ts.tensor
    }
  }
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %neuron = ts.get_attr %self["neuron"] : !Net -> !M
    // expected-error @below {{param 'r': slot 'r' holds #ts.none, not a tensor, a number or a list of numbers}}
    %0 = ts.call_method %neuron["forward"](%x) : !M, (!ts.tensor) -> !ts.tensor
    ts.return %0 : !ts.tensor
  }
}

// -----

!Net = !ts.module<"__torch__.Net">
!M = !ts.module<"__torch__.bad.NoSynapse">
ts.module @net "__torch__.Net" {
  ts.module @neuron "__torch__.bad.NoSynapse" {
    ts.method @forward(%self: !M, %x: !ts.tensor) -> !ts.tensor {
      ts.return %x : !ts.tensor
    }
  }
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %neuron = ts.get_attr %self["neuron"] : !Net -> !M
    // expected-error-re @below {{mapping 5 of module map '{{.*}}', recurrent: the module has no submodule or tensor slot 'w_rec' for the recurrent synapse}}
    %0 = ts.call_method %neuron["forward"](%x) : !M, (!ts.tensor) -> !ts.tensor
    ts.return %0 : !ts.tensor
  }
}

// -----

!Net = !ts.module<"__torch__.Net">
!M = !ts.module<"__torch__.bad.NoWeight">
!Sub = !ts.module<"__torch__.bad.Sub">
ts.module @net "__torch__.Net" {
  ts.module @neuron "__torch__.bad.NoWeight" {
    ts.module @w_rec "__torch__.bad.Sub" {
      ts.method @forward(%self: !Sub, %x: !ts.tensor) -> !ts.tensor {
        ts.return %x : !ts.tensor
      }
    }
    ts.method @forward(%self: !M, %x: !ts.tensor) -> !ts.tensor {
      ts.return %x : !ts.tensor
    }
  }
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %neuron = ts.get_attr %self["neuron"] : !Net -> !M
    // expected-error @below {{recurrent: submodule 'w_rec' (class '__torch__.bad.Sub') has no tensor 'weight'}}
    %0 = ts.call_method %neuron["forward"](%x) : !M, (!ts.tensor) -> !ts.tensor
    ts.return %0 : !ts.tensor
  }
}

// -----

// Parameters that do not fit the incoming signal: the node's own check.

!Net = !ts.module<"__torch__.Net">
!M = !ts.module<"__torch__.bad.Affine">
ts.module @net "__torch__.Net" {
  ts.module @fc "__torch__.bad.Affine" {
    ts.buffer @weight : !ts.tensor = dense<1.0> : tensor<2x4xf32>
    ts.buffer @bias : !ts.tensor = dense<0.0> : tensor<2xf32>
    ts.method @forward(%self: !M, %x: !ts.tensor) -> !ts.tensor {
      ts.return %x : !ts.tensor
    }
  }
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %fc = ts.get_attr %self["fc"] : !Net -> !M
    // expected-error @below {{module 'fc' (class '__torch__.bad.Affine'): node 'fc' (Affine) expects input shape [4] but receives [3]}}
    %0 = ts.call_method %fc["forward"](%x) : !M, (!ts.tensor) -> !ts.tensor
    ts.return %0 : !ts.tensor
  }
}

// -----

// An integer dtype takes only integers in its range, from a slot as from a
// literal.
!Net = !ts.module<"__torch__.Net">
!M = !ts.module<"__torch__.bad.IntConstant">
ts.module @net "__torch__.Net" {
  ts.module @neuron "__torch__.bad.IntConstant" {
    ts.attribute @gain : !ts.float = 0.5
    ts.method @forward(%self: !M, %x: !ts.tensor) -> !ts.tensor {
      ts.return %x : !ts.tensor
    }
  }
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %neuron = ts.get_attr %self["neuron"] : !Net -> !M
    // expected-error @below {{param 'r': slot 'gain' holds 0.5, not an integer of dtype int8}}
    %0 = ts.call_method %neuron["forward"](%x) : !M, (!ts.tensor) -> !ts.tensor
    ts.return %0 : !ts.tensor
  }
}

// -----

// An expression reads the module's tensors, numeric constants and
// attributes; a name it has none of is an error, and so is a value an
// integer dtype cannot take.
!Net = !ts.module<"__torch__.Net">
!M = !ts.module<"__torch__.bad.ExprName">
!N = !ts.module<"__torch__.bad.ExprInt">
ts.module @net "__torch__.Net" {
  ts.module @neuron "__torch__.bad.ExprName" {
    ts.buffer @tau : !ts.tensor = dense<0.5> : tensor<f32>
    ts.method @forward(%self: !M, %x: !ts.tensor) -> !ts.tensor {
      ts.return %x : !ts.tensor
    }
  }
  ts.module @other "__torch__.bad.ExprInt" {
    ts.attribute @gain : !ts.float = 2.0
    ts.method @forward(%self: !N, %x: !ts.tensor) -> !ts.tensor {
      ts.return %x : !ts.tensor
    }
  }
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %neuron = ts.get_attr %self["neuron"] : !Net -> !M
    // expected-error @below {{param 'r': '1 / tau_inv': unknown name 'tau_inv' (names are the module's tensors, numeric constants and attributes, with dotted paths into submodules and NamedTuples, and dt when the file gives one; a traced module keeps only its parameters, buffers and submodules: script it to keep other attributes, such as a NamedTuple of parameters)}}
    %0 = ts.call_method %neuron["forward"](%x) : !M, (!ts.tensor) -> !ts.tensor
    %other = ts.get_attr %self["other"] : !Net -> !N
    %1 = ts.call_method %other["forward"](%0) : !N, (!ts.tensor) -> !ts.tensor
    ts.return %1 : !ts.tensor
  }
}

// -----

!Net = !ts.module<"__torch__.Net">
!N = !ts.module<"__torch__.bad.ExprInt">
ts.module @net "__torch__.Net" {
  ts.module @other "__torch__.bad.ExprInt" {
    ts.attribute @gain : !ts.float = 2.0
    ts.method @forward(%self: !N, %x: !ts.tensor) -> !ts.tensor {
      ts.return %x : !ts.tensor
    }
  }
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %other = ts.get_attr %self["other"] : !Net -> !N
    // expected-error @below {{param 'r': 'gain / 3' gives 0.66666666666666663, not an integer of dtype int16}}
    %0 = ts.call_method %other["forward"](%x) : !N, (!ts.tensor) -> !ts.tensor
    ts.return %0 : !ts.tensor
  }
}

// -----

// A NamedTuple field that does not exist.
!Net = !ts.module<"__torch__.Net">
!M = !ts.module<"__torch__.bad.NoField">
ts.module @net "__torch__.Net" {
  ts.module @neuron "__torch__.bad.NoField" {
    ts.attribute @p : !ts.tuple<"__torch__.P"(r: !ts.tensor)> = [dense<1.0> : tensor<f32>]
    ts.method @forward(%self: !M, %x: !ts.tensor) -> !ts.tensor {
      ts.return %x : !ts.tensor
    }
  }
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %neuron = ts.get_attr %self["neuron"] : !Net -> !M
    // expected-error @below {{param 'r': the module has no parameter, buffer, constant or attribute named 'p.gain' (a traced module keeps only}}
    %0 = ts.call_method %neuron["forward"](%x) : !M, (!ts.tensor) -> !ts.tensor
    ts.return %0 : !ts.tensor
  }
}

// -----

// A NamedTuple field that holds no number.
!Net = !ts.module<"__torch__.Net">
!M = !ts.module<"__torch__.bad.StrField">
ts.module @net "__torch__.Net" {
  ts.module @neuron "__torch__.bad.StrField" {
    ts.attribute @p : !ts.tuple<"__torch__.P"(r: !ts.tensor, method: !ts.str)> = [dense<1.0> : tensor<f32>, "super"]
    ts.method @forward(%self: !M, %x: !ts.tensor) -> !ts.tensor {
      ts.return %x : !ts.tensor
    }
  }
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %neuron = ts.get_attr %self["neuron"] : !Net -> !M
    // expected-error @below {{param 'r': slot 'p.method' holds "super", not a tensor, a number or a list of numbers}}
    %0 = ts.call_method %neuron["forward"](%x) : !M, (!ts.tensor) -> !ts.tensor
    ts.return %0 : !ts.tensor
  }
}

// -----

// A plain tuple has no field names.
!Net = !ts.module<"__torch__.Net">
!M = !ts.module<"__torch__.bad.PlainTuple">
ts.module @net "__torch__.Net" {
  ts.module @neuron "__torch__.bad.PlainTuple" {
    ts.attribute @p : !ts.tuple<!ts.tensor> = [dense<1.0> : tensor<f32>]
    ts.method @forward(%self: !M, %x: !ts.tensor) -> !ts.tensor {
      ts.return %x : !ts.tensor
    }
  }
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %neuron = ts.get_attr %self["neuron"] : !Net -> !M
    // expected-error @below {{param 'r': '2 * p.tau': unknown name 'p.tau'}}
    %0 = ts.call_method %neuron["forward"](%x) : !M, (!ts.tensor) -> !ts.tensor
    ts.return %0 : !ts.tensor
  }
}
