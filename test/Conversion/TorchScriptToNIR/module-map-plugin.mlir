// RUN: nir-opt --load-pass-plugin=%nirtorch_obj_root/lib/NIRTorchMyLibraryPlugin.so %s --lower-torchscript-to-nir="input-shape=2 registered-maps=mylib" | FileCheck %s
// RUN: nir-opt --load-pass-plugin=%nirtorch_obj_root/lib/NIRTorchMyLibraryPlugin.so %s --convert-torchscript-to-nir="input-shape=2 registered-maps=mylib" | FileCheck %s
// RUN: nir-opt %s --lower-torchscript-to-nir="input-shape=2" | FileCheck %s --check-prefix=NO-PLUGIN
// RUN: nir-opt --load-pass-plugin=%nirtorch_obj_root/lib/NIRTorchMyLibraryPlugin.so %s --lower-torchscript-to-nir="input-shape=2" | FileCheck %s --check-prefix=NO-PLUGIN
// RUN: not nir-opt %s --lower-torchscript-to-nir="input-shape=2 registered-maps=mylib" 2>&1 | FileCheck %s --check-prefix=NOT-LOADED

// A library's C++ mappings loaded at run time into a stock nir-opt: the
// library of module-map-cpp.mlir (Driver/MyLibraryMappings.cpp) built as a
// pass plugin (Driver/MyLibraryPlugin.cpp, NIRTORCH_MODULE_MAP_PLUGIN), which
// registers it as "mylib"; `registered-maps=mylib` uses it. Without the
// option, loaded or not, the classes are not mapped: their forward methods
// (which return their input) are inlined and the graph holds no node.
// NOT-LOADED: error: no module map is registered as 'mylib' (none is; a pass plugin registers its map when loaded with --load-pass-plugin)

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

// NO-PLUGIN-LABEL: nir.graph @net {
// NO-PLUGIN-NEXT:    %[[IN:.*]] = nir.input "input" : tensor<2xf32>
// NO-PLUGIN-NEXT:    nir.output "output"(%[[IN]]) : tensor<2xf32>
// NO-PLUGIN-NEXT:  }
