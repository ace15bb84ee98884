// RUN: module-map-test %s --split-input-file --verify-diagnostics --convert-torchscript-to-nir="input-shape=2 registered-maps=mylib,misuse" | FileCheck %s
// RUN: module-map-test %s --split-input-file --verify-diagnostics --lower-torchscript-to-nir="input-shape=2 registered-maps=mylib,misuse" | FileCheck %s

// module-map-test registers its C++ maps by name (nirtorch::registerModuleMap):
// a pass uses only those its options name. An unknown name is an error
// listing the registered ones.
// RUN: not module-map-test %s --split-input-file --convert-torchscript-to-nir="input-shape=2 registered-maps=mylib,other" 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// UNKNOWN: error: no module map is registered as 'other' (registered: misuse, mylib)

// A module map file registered next to the C++ mappings
// (nirtorch::loadModuleMapFile, the llvm::Error API): the file's mappings
// apply, the C++ ones still do; a bad file is an error naming it.
// RUN: module-map-test --load-module-map=%S/Inputs/module-map.json %S/module-map-file.mlir --split-input-file --convert-torchscript-to-nir="input-shape=3 registered-maps=file" | FileCheck %S/module-map-file.mlir
// RUN: module-map-test --load-module-map=%S/Inputs/module-map.json %s --split-input-file --verify-diagnostics --convert-torchscript-to-nir="input-shape=2 registered-maps=mylib,misuse,file" | FileCheck %s
// RUN: not module-map-test --load-module-map=%S/Inputs/snn_models.py %s 2>&1 | FileCheck %s --check-prefix=BAD-FILE
// BAD-FILE: error: {{.*}}snn_models.py:1:2: invalid JSON: Text after end of document

// Mappings registered in C++ by a library (Driver/MyLibraryMappings.cpp, the
// example of docs/Lowering.md): mylib.LI becomes nir.li; a RecurrentLIF
// becomes a nested graph holding the LIF and its recurrent Linear.

!Net = !ts.module<"__torch__.Net">
!LI = !ts.module<"__torch__.mylib.LI">
!RLIF = !ts.module<"__torch__.mylib.layers.RecurrentLIF">
!Linear = !ts.module<"__torch__.torch.nn.modules.linear.Linear">
ts.module @net "__torch__.Net" {
  ts.module @hidden "__torch__.mylib.layers.RecurrentLIF" {
    ts.buffer @tau : !ts.tensor = dense<[0.02, 0.03]> : tensor<2xf64>
    ts.buffer @r : !ts.tensor = dense<1.0> : tensor<2xf64>
    ts.buffer @v_leak : !ts.tensor = dense<0.0> : tensor<2xf64>
    ts.buffer @v_threshold : !ts.tensor = dense<1.0> : tensor<2xf64>
    ts.buffer @v_reset : !ts.tensor = dense<0.0> : tensor<2xf64>
    ts.module @rec "__torch__.torch.nn.modules.linear.Linear" {
      ts.parameter @weight requires_grad : !ts.tensor = dense<[[0.0, 0.5], [-0.5, 0.0]]> : tensor<2x2xf32>
      ts.parameter @bias : !ts.optional<!ts.tensor> = #ts.none
      ts.method @forward(%self: !Linear, %input: !ts.tensor) -> !ts.tensor {
        ts.return %input : !ts.tensor
      }
    }
    // The forward of a mapped module is not looked at.
    ts.method @forward(%self: !RLIF, %x: !ts.tensor) -> !ts.tensor {
      ts.return %x : !ts.tensor
    }
  }
  ts.module @readout "__torch__.mylib.LI" {
    ts.buffer @tau : !ts.tensor = dense<[0.1, 0.2]> : tensor<2xf32>
    ts.buffer @r : !ts.tensor = dense<1.0> : tensor<2xf32>
    ts.buffer @v_leak : !ts.tensor = dense<0.0> : tensor<2xf32>
    ts.method @forward(%self: !LI, %x: !ts.tensor) -> !ts.tensor {
      ts.return %x : !ts.tensor
    }
  }
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %hidden = ts.get_attr %self["hidden"] : !Net -> !RLIF
    %readout = ts.get_attr %self["readout"] : !Net -> !LI
    %0 = ts.call_method %hidden["forward"](%x) : !RLIF, (!ts.tensor) -> !ts.tensor
    %1 = ts.call_method %readout["forward"](%0) : !LI, (!ts.tensor) -> !ts.tensor
    ts.return %1 : !ts.tensor
  }
}

// CHECK-LABEL: nir.graph @net {
// CHECK-NEXT:    %[[IN:.*]] = nir.input "input" : tensor<2xf32>
// CHECK-NEXT:    %[[HIDDEN:.*]] = nir.subgraph "hidden"(%[[IN]]) : tensor<2xf32> {
// CHECK-NEXT:      %[[SUB_IN:.*]] = nir.input "input" : tensor<2xf32>
// CHECK-NEXT:      %[[LIF:.*]] = nir.lif "lif"(%[[SUB_IN]], %[[REC:[a-z0-9_]+]]) {r = dense<1.000000e+00> : tensor<2xf64>, tau = dense<[2.000000e-02, 3.000000e-02]> : tensor<2xf64>, v_leak = dense<0.000000e+00> : tensor<2xf64>, v_reset = dense<0.000000e+00> : tensor<2xf64>, v_threshold = dense<1.000000e+00> : tensor<2xf64>} : tensor<2xf32>
// CHECK-NEXT:      %[[REC]] = nir.linear "rec"(%[[LIF]]) {weight = dense<{{\[\[}}0.000000e+00, 5.000000e-01], [-5.000000e-01, 0.000000e+00]]> : tensor<2x2xf32>} : tensor<2xf32>
// CHECK-NEXT:      %{{.*}} = nir.output "output"(%[[LIF]]) : tensor<2xf32>
// CHECK-NEXT:    }
// CHECK-NEXT:    %[[READOUT:.*]] = nir.li "readout"(%[[HIDDEN]]) {r = dense<1.000000e+00> : tensor<2xf32>, tau = dense<[1.000000e-01, 2.000000e-01]> : tensor<2xf32>, v_leak = dense<0.000000e+00> : tensor<2xf32>} : tensor<2xf32>
// CHECK-NEXT:    nir.output "output"(%[[READOUT]]) : tensor<2xf32>
// CHECK-NEXT:  }

// -----

// A builder's own error: the module lacks what the library expects.

!Net = !ts.module<"__torch__.Bad">
!LI = !ts.module<"__torch__.mylib.LI">
ts.module @bad "__torch__.Bad" {
  ts.module @li "__torch__.mylib.LI" {
    ts.buffer @tau : !ts.tensor = dense<0.1> : tensor<2xf32>
    ts.method @forward(%self: !LI, %x: !ts.tensor) -> !ts.tensor {
      ts.return %x : !ts.tensor
    }
  }
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %li = ts.get_attr %self["li"] : !Net -> !LI
    // expected-error @below {{module 'li' (class '__torch__.mylib.LI'): needs tensor buffers tau, r and v_leak}}
    %0 = ts.call_method %li["forward"](%x) : !LI, (!ts.tensor) -> !ts.tensor
    ts.return %0 : !ts.tensor
  }
}

// -----

// A nested graph whose recurrent weight does not fit the neurons: the
// subgraph is diagnosed and erased, nothing half-built is left.

!Net = !ts.module<"__torch__.BadRec">
!RLIF = !ts.module<"__torch__.mylib.RecurrentLIF">
!Linear = !ts.module<"__torch__.torch.nn.modules.linear.Linear">
ts.module @badrec "__torch__.BadRec" {
  ts.module @hidden "__torch__.mylib.RecurrentLIF" {
    ts.buffer @tau : !ts.tensor = dense<0.02> : tensor<2xf32>
    ts.buffer @r : !ts.tensor = dense<1.0> : tensor<2xf32>
    ts.buffer @v_leak : !ts.tensor = dense<0.0> : tensor<2xf32>
    ts.buffer @v_threshold : !ts.tensor = dense<1.0> : tensor<2xf32>
    ts.buffer @v_reset : !ts.tensor = dense<0.0> : tensor<2xf32>
    ts.module @rec "__torch__.torch.nn.modules.linear.Linear" {
      ts.parameter @weight requires_grad : !ts.tensor = dense<0.5> : tensor<3x2xf32>
      ts.parameter @bias : !ts.optional<!ts.tensor> = #ts.none
      ts.method @forward(%self: !Linear, %input: !ts.tensor) -> !ts.tensor {
        ts.return %input : !ts.tensor
      }
    }
    ts.method @forward(%self: !RLIF, %x: !ts.tensor) -> !ts.tensor {
      ts.return %x : !ts.tensor
    }
  }
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %hidden = ts.get_attr %self["hidden"] : !Net -> !RLIF
    // expected-error @below {{module 'hidden' (class '__torch__.mylib.RecurrentLIF'): cannot connect a signal of shape [3] to node 'lif', whose input shape is [2]}}
    %0 = ts.call_method %hidden["forward"](%x) : !RLIF, (!ts.tensor) -> !ts.tensor
    ts.return %0 : !ts.tensor
  }
}

// -----

// Misuses of the SubgraphBuilder API (builders registered by the test
// driver): one error each, and the half-built subgraph is erased.

!Net = !ts.module<"__torch__.Misuse">
!A = !ts.module<"__torch__.misuse.OuterSignal">
!B = !ts.module<"__torch__.misuse.DuplicateName">
!C = !ts.module<"__torch__.misuse.ConnectInput">
!D = !ts.module<"__torch__.misuse.OuterOutput">
ts.module @misuse "__torch__.Misuse" {
  ts.module @a "__torch__.misuse.OuterSignal" {
    ts.method @forward(%self: !A, %x: !ts.tensor) -> !ts.tensor {
      ts.return %x : !ts.tensor
    }
  }
  ts.module @b "__torch__.misuse.DuplicateName" {
    ts.method @forward(%self: !B, %x: !ts.tensor) -> !ts.tensor {
      ts.return %x : !ts.tensor
    }
  }
  ts.module @c "__torch__.misuse.ConnectInput" {
    ts.method @forward(%self: !C, %x: !ts.tensor) -> !ts.tensor {
      ts.return %x : !ts.tensor
    }
  }
  ts.module @d "__torch__.misuse.OuterOutput" {
    ts.method @forward(%self: !D, %x: !ts.tensor) -> !ts.tensor {
      ts.return %x : !ts.tensor
    }
  }
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %a = ts.get_attr %self["a"] : !Net -> !A
    %b = ts.get_attr %self["b"] : !Net -> !B
    %c = ts.get_attr %self["c"] : !Net -> !C
    %d = ts.get_attr %self["d"] : !Net -> !D
    // expected-error @below {{module 'a' (class '__torch__.misuse.OuterSignal'): node 'scale' of the nested graph is fed by a signal from outside it}}
    %0 = ts.call_method %a["forward"](%x) : !A, (!ts.tensor) -> !ts.tensor
    // expected-error @below {{module 'b' (class '__torch__.misuse.DuplicateName'): the nested graph already has a node named 'scale'}}
    %1 = ts.call_method %b["forward"](%x) : !B, (!ts.tensor) -> !ts.tensor
    // expected-error @below {{module 'c' (class '__torch__.misuse.ConnectInput'): connect() needs a node and a signal of the same nested graph}}
    %2 = ts.call_method %c["forward"](%x) : !C, (!ts.tensor) -> !ts.tensor
    // expected-error @below {{module 'd' (class '__torch__.misuse.OuterOutput'): the nested graph's output is a signal from outside it}}
    %3 = ts.call_method %d["forward"](%x) : !D, (!ts.tensor) -> !ts.tensor
    ts.return %3 : !ts.tensor
  }
}
