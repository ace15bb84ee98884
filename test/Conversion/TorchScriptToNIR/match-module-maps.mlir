// RUN: nir-opt %s --split-input-file --ts-match-module-maps | FileCheck %s
// RUN: nir-opt %s --split-input-file --ts-match-module-maps="module-map=%S/Inputs/module-map.json" | FileCheck %s --check-prefix=FILE
// RUN: not nir-opt %s --split-input-file --ts-match-module-maps="module-map=%t.missing.json" 2>&1 | FileCheck %s --check-prefix=MISSING

// Calls of mapped classes get ts.noinline and the key of the entry that
// matched: without a map, the raised node classes. The torch.nn layers have
// no entry (their code is inlined and lowered op by op), nor does any other
// class without one; a method other than forward stays unmarked.

!Net = !ts.module<"__torch__.Net">
!Linear = !ts.module<"__torch__.torch.nn.modules.linear.___torch_mangle_3.Linear">
!LIF = !ts.module<"__torch__.nirtorch.nodes.LIF">
!Block = !ts.module<"__torch__.Block">
!Identity = !ts.module<"__torch__.torch.nn.modules.linear.Identity">
ts.module @net "__torch__.Net" {
  ts.module @fc "__torch__.torch.nn.modules.linear.___torch_mangle_3.Linear" {
    ts.parameter @weight : !ts.tensor = dense<1.0> : tensor<2x3xf32>
    ts.parameter @bias : !ts.optional<!ts.tensor> = #ts.none
    ts.method @forward(%self: !Linear, %x: !ts.tensor) -> !ts.tensor {
      ts.return %x : !ts.tensor
    }
    ts.method @extra(%self: !Linear, %x: !ts.tensor) -> !ts.tensor {
      ts.return %x : !ts.tensor
    }
  }
  ts.module @lif "__torch__.nirtorch.nodes.LIF" {
    ts.method @forward(%self: !LIF, %x: !ts.tensor) -> !ts.tensor {
      ts.return %x : !ts.tensor
    }
  }
  ts.module @block "__torch__.Block" {
    ts.method @forward(%self: !Block, %x: !ts.tensor) -> !ts.tensor {
      ts.return %x : !ts.tensor
    }
  }
  ts.module @id "__torch__.torch.nn.modules.linear.Identity" {
    ts.method @forward(%self: !Identity, %x: !ts.tensor) -> !ts.tensor {
      ts.return %x : !ts.tensor
    }
  }
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %fc = ts.get_attr %self["fc"] : !Net -> !Linear
    %0 = ts.call_method %fc["forward"](%x) : !Linear, (!ts.tensor) -> !ts.tensor
    %1 = ts.call_method %fc["extra"](%0) : !Linear, (!ts.tensor) -> !ts.tensor
    %lif = ts.get_attr %self["lif"] : !Net -> !LIF
    %2 = ts.call_method %lif["forward"](%1) : !LIF, (!ts.tensor) -> !ts.tensor
    %block = ts.get_attr %self["block"] : !Net -> !Block
    %3 = ts.call_method %block["forward"](%2) : !Block, (!ts.tensor) -> !ts.tensor
    %id = ts.get_attr %self["id"] : !Net -> !Identity
    %4 = ts.call_method %id["forward"](%3) : !Identity, (!ts.tensor) -> !ts.tensor
    ts.return %4 : !ts.tensor
  }
}

// CHECK-LABEL: ts.module @net
// CHECK:         ts.method @forward(%self: !Net
// CHECK:           %[[FC:.*]] = ts.call_method %{{.*}}["forward"](%x) : !Linear
// CHECK-NEXT:      %[[EXTRA:.*]] = ts.call_method %{{.*}}["extra"](%[[FC]]) : !Linear
// CHECK:           %[[LIF:.*]] = ts.call_method %{{.*}}["forward"](%[[EXTRA]]) {ts.module_map = "__torch__.nirtorch.nodes.LIF", ts.noinline}
// CHECK:           %[[BLOCK:.*]] = ts.call_method %{{.*}}["forward"](%[[LIF]]) : !Block
// CHECK:           ts.call_method %{{.*}}["forward"](%[[BLOCK]]) : !Identity

// A map file's entries apply to the torch.nn classes too: the file maps
// Identity to a Scale with `__torch__.torch.nn.modules.*.Identity`.
// FILE-LABEL: ts.module @net
// FILE:         ts.call_method %{{.*}}["forward"](%{{.*}}) {ts.module_map = "__torch__.torch.nn.modules.*.Identity", ts.noinline}

// MISSING: missing.json:0:0: error: cannot read module map file

// -----

// F.lp_pool2d, which the conversion maps as a function, is kept from
// inlining; other functions are not marked.

!Net = !ts.module<"__torch__.Pool">
ts.module @pool "__torch__.Pool" {
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %one = ts.constant(1.0) : !ts.float
    %k = ts.constant([2, 2]) : !ts.list<!ts.int>
    %none = ts.constant(#ts.none) : !ts.none
    %false = ts.constant(false) : !ts.bool
    %0 = ts.call_function @"__torch__.torch.nn.functional.lp_pool2d"(%x, %one, %k, %none, %false) : (!ts.tensor, !ts.float, !ts.list<!ts.int>, !ts.none, !ts.bool) -> !ts.tensor
    %1 = ts.call_function @"__torch__.helper"(%0) : (!ts.tensor) -> !ts.tensor
    ts.return %1 : !ts.tensor
  }
}
ts.function @"__torch__.torch.nn.functional.lp_pool2d"(%x: !ts.tensor, %n: !ts.float, %k: !ts.list<!ts.int>, %s: !ts.none, %c: !ts.bool) -> !ts.tensor {
  ts.return %x : !ts.tensor
}
ts.function @"__torch__.helper"(%x: !ts.tensor) -> !ts.tensor {
  ts.return %x : !ts.tensor
}

// CHECK-LABEL: ts.module @pool
// CHECK:         %[[POOL:.*]] = ts.call_function @__torch__.torch.nn.functional.lp_pool2d(%x, {{.*}}) {ts.noinline}
// CHECK-NEXT:    ts.call_function @__torch__.helper(%[[POOL]]) :

// -----

// A root whose class an entry maps (a saved neuron) is marked with the
// entry's key, in the map's precedence (with the map file, its glob wins over the
// raised class); the later stages leave its code alone.

!CubaLIF = !ts.module<"__torch__.nirtorch.nodes.CubaLIF">
!Other = !ts.module<"__torch__.Other">
ts.module @saved "__torch__.nirtorch.nodes.CubaLIF" {
  ts.method @forward(%self: !CubaLIF, %x: !ts.tensor) -> !ts.tensor {
    ts.return %x : !ts.tensor
  }
}
ts.module @other "__torch__.Other" {
  ts.method @forward(%self: !Other, %x: !ts.tensor) -> !ts.tensor {
    ts.return %x : !ts.tensor
  }
}

// CHECK-LABEL: ts.module @saved "__torch__.nirtorch.nodes.CubaLIF" attributes {ts.module_map = "__torch__.nirtorch.nodes.CubaLIF"}
// CHECK-LABEL: ts.module @other "__torch__.Other" {

// FILE-LABEL: ts.module @saved "__torch__.nirtorch.nodes.CubaLIF" attributes {ts.module_map = "__torch__.*.CubaLIF"}
// FILE-LABEL: ts.module @other "__torch__.Other" {
