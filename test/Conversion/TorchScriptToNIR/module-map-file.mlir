// RUN: nir-opt %s --split-input-file --convert-torchscript-to-nir="input-shape=3 module-map=%S/Inputs/module-map.json" | FileCheck %s
// RUN: nir-opt %s --split-input-file --lower-torchscript-to-nir="input-shape=3 module-map=%S/Inputs/module-map.json" | FileCheck %s

// Mappings read from a JSON module map file (Inputs/module-map.json). A
// parameter comes from a tensor slot (dtype kept), a class constant or
// attribute, or a literal (float32 unless a dtype is given); a single value
// is broadcast to the neurons' shape.

!Net = !ts.module<"__torch__.Net">
!IF = !ts.module<"__torch__.mylib.IF">
!CubaLIF = !ts.module<"__torch__.snnlib.neurons.___torch_mangle_2.CubaLIF">
ts.module @net "__torch__.Net" {
  ts.module @if1 "__torch__.mylib.IF" {
    ts.buffer @r : !ts.tensor = dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
    ts.attribute @threshold : !ts.float = 1.5
    ts.method @forward(%self: !IF, %x: !ts.tensor) -> !ts.tensor {
      ts.return %x : !ts.tensor
    }
  }
  // Matched by the glob `__torch__.*.CubaLIF` after demangling.
  ts.module @lif "__torch__.snnlib.neurons.___torch_mangle_2.CubaLIF" {
    ts.buffer @tau_syn : !ts.tensor = dense<5.0e-3> : tensor<f64>
    ts.buffer @tau_mem : !ts.tensor = dense<[1.0e-2]> : tensor<1xf64>
    ts.buffer @r : !ts.tensor = dense<[[1.0, 1.0, 2.0]]> : tensor<1x3xf64>
    ts.class_constant @threshold : !ts.float = 0.25
    ts.class_constant @w_in : !ts.int = 2
    ts.method @forward(%self: !CubaLIF, %x: !ts.tensor) -> !ts.tensor {
      ts.return %x : !ts.tensor
    }
  }
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %if1 = ts.get_attr %self["if1"] : !Net -> !IF
    %lif = ts.get_attr %self["lif"] : !Net -> !CubaLIF
    %0 = ts.call_method %if1["forward"](%x) : !IF, (!ts.tensor) -> !ts.tensor
    %1 = ts.call_method %lif["forward"](%0) : !CubaLIF, (!ts.tensor) -> !ts.tensor
    ts.return %1 : !ts.tensor
  }
}

// CHECK-LABEL: nir.graph @net {
// CHECK-NEXT:    %[[IN:.*]] = nir.input "input" : tensor<3xf32>
// CHECK-NEXT:    %[[IF:.*]] = nir.if "if1"(%[[IN]]) {r = dense<[1.000000e+00, 2.000000e+00, 3.000000e+00]> : tensor<3xf32>, v_reset = dense<0.000000e+00> : tensor<3xf32>, v_threshold = dense<1.500000e+00> : tensor<3xf32>} : tensor<3xf32>
// CHECK-NEXT:    %[[LIF:.*]] = nir.cuba_lif "lif"(%[[IF]]) {r = dense<[1.000000e+00, 1.000000e+00, 2.000000e+00]> : tensor<3xf64>, tau_mem = dense<1.000000e-02> : tensor<3xf64>, tau_syn = dense<5.000000e-03> : tensor<3xf64>, v_leak = dense<[0.000000e+00, 5.000000e-01, -5.000000e-01]> : tensor<3xf32>, v_reset = dense<0.000000e+00> : tensor<3xf64>, v_threshold = dense<2.500000e-01> : tensor<3xf64>, w_in = dense<2.000000e+00> : tensor<3xf64>} : tensor<3xf32>
// CHECK-NEXT:    nir.output "output"(%[[LIF]]) : tensor<3xf32>
// CHECK-NEXT:  }

// -----

// A neuron with a recurrent synapse becomes a nested graph: an nn.Linear
// submodule with bias gives an Affine named after the slot; the neuron is
// named after the module. A weight tensor slot gives a Linear; the file
// names both inner nodes.

!Net = !ts.module<"__torch__.Rec">
!RCubaLIF = !ts.module<"__torch__.mylib.RCubaLIF">
!RLI = !ts.module<"__torch__.mylib.RLI">
!Linear = !ts.module<"__torch__.torch.nn.modules.linear.Linear">
ts.module @rec "__torch__.Rec" {
  ts.module @lif1 "__torch__.mylib.RCubaLIF" {
    ts.buffer @tau_syn : !ts.tensor = dense<2.0e-4> : tensor<3xf64>
    ts.buffer @tau_mem : !ts.tensor = dense<3.0e-4> : tensor<3xf64>
    ts.module @w_rec "__torch__.torch.nn.modules.linear.Linear" {
      ts.parameter @weight requires_grad : !ts.tensor = dense<0.5> : tensor<3x3xf32>
      ts.parameter @bias requires_grad : !ts.optional<!ts.tensor> = dense<[0.1, 0.2, 0.3]> : tensor<3xf32>
      ts.method @forward(%self: !Linear, %input: !ts.tensor) -> !ts.tensor {
        ts.return %input : !ts.tensor
      }
    }
    ts.method @forward(%self: !RCubaLIF, %x: !ts.tensor) -> !ts.tensor {
      ts.return %x : !ts.tensor
    }
  }
  ts.module @li "__torch__.mylib.RLI" {
    ts.buffer @tau : !ts.tensor = dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
    ts.buffer @r : !ts.tensor = dense<1.0> : tensor<3xf32>
    ts.buffer @rec_weight : !ts.tensor = dense<-1.0> : tensor<3x3xf32>
    ts.method @forward(%self: !RLI, %x: !ts.tensor) -> !ts.tensor {
      ts.return %x : !ts.tensor
    }
  }
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %lif1 = ts.get_attr %self["lif1"] : !Net -> !RCubaLIF
    %li = ts.get_attr %self["li"] : !Net -> !RLI
    %0 = ts.call_method %lif1["forward"](%x) : !RCubaLIF, (!ts.tensor) -> !ts.tensor
    %1 = ts.call_method %li["forward"](%0) : !RLI, (!ts.tensor) -> !ts.tensor
    ts.return %1 : !ts.tensor
  }
}

// CHECK-LABEL: nir.graph @rec {
// CHECK-NEXT:    %[[IN:.*]] = nir.input "input" : tensor<3xf32>
// CHECK-NEXT:    %[[LIF1:.*]] = nir.subgraph "lif1"(%[[IN]]) : tensor<3xf32> {
// CHECK-NEXT:      %[[SUB_IN:.*]] = nir.input "input" : tensor<3xf32>
// CHECK-NEXT:      %[[NEURON:.*]] = nir.cuba_lif "lif1"(%[[SUB_IN]], %[[W_REC:[a-z0-9_]+]]) {r = dense<1.000000e+00> : tensor<3xf32>, tau_mem = dense<3.000000e-04> : tensor<3xf64>, tau_syn = dense<2.000000e-04> : tensor<3xf64>, v_leak = dense<0.000000e+00> : tensor<3xf32>, v_reset = dense<0.000000e+00> : tensor<3xf32>, v_threshold = dense<1.000000e+00> : tensor<3xf32>, w_in = dense<1.000000e+00> : tensor<3xf32>} : tensor<3xf32>
// CHECK-NEXT:      %[[W_REC]] = nir.affine "w_rec"(%[[NEURON]]) {bias = dense<[1.000000e-01, 2.000000e-01, 3.000000e-01]> : tensor<3xf32>, weight = dense<5.000000e-01> : tensor<3x3xf32>} : tensor<3xf32>
// CHECK-NEXT:      %{{.*}} = nir.output "output"(%[[NEURON]]) : tensor<3xf32>
// CHECK-NEXT:    }
// CHECK-NEXT:    %[[LI:.*]] = nir.subgraph "li"(%[[LIF1]]) : tensor<3xf32> {
// CHECK-NEXT:      %[[SUB_IN2:.*]] = nir.input "input" : tensor<3xf32>
// CHECK-NEXT:      %[[LI_NEURON:.*]] = nir.li "li"(%[[SUB_IN2]], %[[REC:[a-z0-9_]+]]) {r = dense<1.000000e+00> : tensor<3xf32>, tau = dense<[1.000000e+00, 2.000000e+00, 3.000000e+00]> : tensor<3xf32>, v_leak = dense<0.000000e+00> : tensor<3xf32>} : tensor<3xf32>
// CHECK-NEXT:      %[[REC]] = nir.linear "rec"(%[[LI_NEURON]]) {weight = dense<-1.000000e+00> : tensor<3x3xf32>} : tensor<3xf32>
// CHECK-NEXT:      %{{.*}} = nir.output "output"(%[[LI_NEURON]]) : tensor<3xf32>
// CHECK-NEXT:    }
// CHECK-NEXT:    nir.output "output"(%[[LI]]) : tensor<3xf32>
// CHECK-NEXT:  }

// -----

// File entries win over the built-ins, even a pattern over an exact name:
// Identity (a bypass built in) becomes a Scale node here. An int64 literal
// with a leading dim of 1 loses it.

!Net = !ts.module<"__torch__.Override">
!Identity = !ts.module<"__torch__.torch.nn.modules.linear.Identity">
!Delay = !ts.module<"__torch__.mylib.Delay">
ts.module @override "__torch__.Override" {
  ts.module @id "__torch__.torch.nn.modules.linear.Identity" {
    ts.method @forward(%self: !Identity, %x: !ts.tensor) -> !ts.tensor {
      ts.return %x : !ts.tensor
    }
  }
  ts.module @delay "__torch__.mylib.Delay" {
    ts.method @forward(%self: !Delay, %x: !ts.tensor) -> !ts.tensor {
      ts.return %x : !ts.tensor
    }
  }
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %id = ts.get_attr %self["id"] : !Net -> !Identity
    %delay = ts.get_attr %self["delay"] : !Net -> !Delay
    %0 = ts.call_method %id["forward"](%x) : !Identity, (!ts.tensor) -> !ts.tensor
    %1 = ts.call_method %delay["forward"](%0) : !Delay, (!ts.tensor) -> !ts.tensor
    ts.return %1 : !ts.tensor
  }
}

// CHECK-LABEL: nir.graph @override {
// CHECK-NEXT:    %[[IN:.*]] = nir.input "input" : tensor<3xf32>
// CHECK-NEXT:    %[[ID:.*]] = nir.scale "id"(%[[IN]]) {scale = dense<1.000000e+00> : tensor<3xf64>} : tensor<3xf32>
// CHECK-NEXT:    %[[DELAY:.*]] = nir.delay "delay"(%[[ID]]) {delay = dense<[1, 2, 3]> : tensor<3xi64>} : tensor<3xf32>
// CHECK-NEXT:    nir.output "output"(%[[DELAY]]) : tensor<3xf32>
// CHECK-NEXT:  }

// -----

// A large parameter is a resource blob (the importer makes one of every
// tensor of 1 KiB or more); its leading dim of 1 is dropped the same way,
// the node keeping the blob.
!Net = !ts.module<"__torch__.Net">
!IF = !ts.module<"__torch__.mylib.IF">
ts.module @blob_net "__torch__.Net" {
  ts.module @if1 "__torch__.mylib.IF" {
    ts.buffer @r : !ts.tensor = dense_resource<if1_r> : tensor<1x3xf32>
    ts.attribute @threshold : !ts.float = 1.5
    ts.method @forward(%self: !IF, %x: !ts.tensor) -> !ts.tensor {
      ts.return %x : !ts.tensor
    }
  }
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %if1 = ts.get_attr %self["if1"] : !Net -> !IF
    %0 = ts.call_method %if1["forward"](%x) : !IF, (!ts.tensor) -> !ts.tensor
    ts.return %0 : !ts.tensor
  }
}

{-#
  dialect_resources: {
    builtin: {
      if1_r: "0x040000000000803F0000004000004040"
    }
  }
#-}

// CHECK-LABEL: nir.graph @blob_net {
// CHECK:         nir.if "if1"(%{{.*}}) {r = dense_resource<if1_r> : tensor<3xf32>,

// -----

// "expr" computes a parameter from the module's tensors, constants and
// attributes and the file's dt (elementwise, numpy broadcasting), float32
// unless a dtype is given; the result is broadcast to the neurons' shape
// like any value.

!Net = !ts.module<"__torch__.NetNorse">
!NorseLI = !ts.module<"__torch__.mylib.NorseLI">
ts.module @net "__torch__.NetNorse" {
  ts.module @li "__torch__.mylib.NorseLI" {
    ts.buffer @tau_mem_inv : !ts.tensor = dense<[100.0, 200.0, 400.0]> : tensor<3xf32>
    ts.buffer @v_leak : !ts.tensor = dense<0.5> : tensor<f32>
    ts.attribute @gain : !ts.float = 0.75
    ts.class_constant @offset : !ts.float = 0.25
    ts.method @forward(%self: !NorseLI, %x: !ts.tensor) -> !ts.tensor {
      ts.return %x : !ts.tensor
    }
  }
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %li = ts.get_attr %self["li"] : !Net -> !NorseLI
    %0 = ts.call_method %li["forward"](%x) : !NorseLI, (!ts.tensor) -> !ts.tensor
    ts.return %0 : !ts.tensor
  }
}

// CHECK-LABEL: nir.graph @net {
// CHECK-NEXT:    %[[IN:.*]] = nir.input "input" : tensor<3xf32>
// CHECK-NEXT:    %[[LI:.*]] = nir.li "li"(%[[IN]]) {r = dense<1.500000e+00> : tensor<3xf64>, tau = dense<[0.00999999977, 5.000000e-03, 2.500000e-03]> : tensor<3xf32>, v_leak = dense<2.490000e-01> : tensor<3xf32>} : tensor<3xf32>
// CHECK-NEXT:    nir.output "output"(%[[LI]]) : tensor<3xf32>

// -----

// Dotted paths read NamedTuple fields, as in Norse's cells (`self.p`), also
// through a submodule (`cfg.p.v_th`); a float field is a number like an
// attribute.

!Net = !ts.module<"__torch__.NetNorseBox">
!Box = !ts.module<"__torch__.mylib.NorseLIFBox">
!Cfg = !ts.module<"__torch__.mylib.Cfg">
!P = !ts.tuple<"__torch__.mylib.P"(tau_mem_inv: !ts.tensor, v_leak: !ts.tensor, v_th: !ts.tensor, method: !ts.str, alpha: !ts.float)>
ts.module @net_box "__torch__.NetNorseBox" {
  ts.module @lif "__torch__.mylib.NorseLIFBox" {
    ts.attribute @p : !P = [dense<[100.0, 200.0, 400.0]> : tensor<3xf32>, dense<0.5> : tensor<f32>, dense<9.0> : tensor<f32>, "super", 50.0]
    ts.module @cfg "__torch__.mylib.Cfg" {
      ts.attribute @p : !P = [dense<1.0> : tensor<f32>, dense<0.0> : tensor<f32>, dense<[0.25, 0.5, 0.75]> : tensor<3xf32>, "super", 100.0]
    }
    ts.method @forward(%self: !Box, %x: !ts.tensor) -> !ts.tensor {
      ts.return %x : !ts.tensor
    }
  }
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %lif = ts.get_attr %self["lif"] : !Net -> !Box
    %0 = ts.call_method %lif["forward"](%x) : !Box, (!ts.tensor) -> !ts.tensor
    ts.return %0 : !ts.tensor
  }
}

// CHECK-LABEL: nir.graph @net_box {
// CHECK-NEXT:    %[[IN:.*]] = nir.input "input" : tensor<3xf32>
// CHECK-NEXT:    %[[LIF:.*]] = nir.lif "lif"(%[[IN]]) {r = dense<5.000000e-01> : tensor<3xf64>, tau = dense<[0.00999999977, 5.000000e-03, 2.500000e-03]> : tensor<3xf32>, v_leak = dense<5.000000e-01> : tensor<3xf32>, v_reset = dense<5.000000e+01> : tensor<3xf32>, v_threshold = dense<[2.500000e-01, 5.000000e-01, 7.500000e-01]> : tensor<3xf32>} : tensor<3xf32>
// CHECK-NEXT:    nir.output "output"(%[[LIF]]) : tensor<3xf32>

// -----

// A mapping's own "dt" wins over the file's.

!Net = !ts.module<"__torch__.NetStep">
!StepLI = !ts.module<"__torch__.mylib.StepLI">
ts.module @net_step "__torch__.NetStep" {
  ts.module @li "__torch__.mylib.StepLI" {
    ts.method @forward(%self: !StepLI, %x: !ts.tensor) -> !ts.tensor {
      ts.return %x : !ts.tensor
    }
  }
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %li = ts.get_attr %self["li"] : !Net -> !StepLI
    %0 = ts.call_method %li["forward"](%x) : !StepLI, (!ts.tensor) -> !ts.tensor
    ts.return %0 : !ts.tensor
  }
}

// CHECK-LABEL: nir.graph @net_step {
// CHECK:         nir.li "li"(%{{.*}}) {r = dense<1.000000e+00> : tensor<3xf32>, tau = dense<1.000000e+00> : tensor<3xf32>, v_leak = dense<0.000000e+00> : tensor<3xf32>}
