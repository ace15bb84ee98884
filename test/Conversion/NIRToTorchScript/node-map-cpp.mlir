// A nirtorch::NodeMap filled in C++ (Driver/node-map-test.cpp): its builder
// makes the Scale modules, the built-in classes the rest; a node library
// given on top wins over it; a builder's diagnostic fails the raising.

// RUN: not node-map-test %s --split-input-file --raise-with-cpp-node-map 2>/dev/null | FileCheck %s
// RUN: rm -rf %t && mkdir -p %t && cp %S/Inputs/tinysnn/tinysnn.mlir %t/
// RUN: echo '{"library": "tinysnn.mlir", "nodes": {"Scale": {"module": "dense", "step": "stateless"}}}' > %t/scale.json
// RUN: not node-map-test %s --split-input-file --raise-with-cpp-node-map="node-library=%t/scale.json" 2>/dev/null | FileCheck %s --check-prefix=LIBRARY
// RUN: node-map-test %s --split-input-file --verify-diagnostics --raise-with-cpp-node-map

// CHECK-LABEL: ts.module @scaled "__torch__.nirtorch.graphs.scaled"
// CHECK:         ts.module @gain "__torch__.mylib.Gain" {
// CHECK-NEXT:      ts.attribute @training : !ts.bool = false
// CHECK-NEXT:      ts.buffer @k : !ts.tensor = dense<[2.000000e+00, 5.000000e-01]> : tensor<2xf64>
// CHECK:         ts.module @lif "__torch__.nirtorch.nodes.LIF"
// CHECK:         ts.method @forward(
// CHECK:           %[[GAIN:.*]] = ts.get_attr %{{.*}}["gain"] : !scaled -> !Gain
// CHECK-NEXT:      %[[Y:.*]] = ts.call_method %[[GAIN]]["forward"](%{{.*}}) : !Gain, (!ts.tensor) -> !ts.tensor
// CHECK:           ts.call_method %{{.*}}["forward"](%[[Y]], %{{.*}}) : !LIF

// LIBRARY-LABEL: ts.module @scaled
// LIBRARY:         ts.module @gain "__torch__.tinysnn.Dense"
nir.graph @scaled {
  %input = nir.input "input" : tensor<2xf32>
  %gain = nir.scale "gain"(%input) {scale = dense<[2.0, 0.5]> : tensor<2xf32>} : tensor<2xf32>
  %lif = nir.lif "lif"(%gain) {tau = dense<0.5> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%lif) : tensor<2xf32>
}

// -----

nir.graph @thresholded {
  %input = nir.input "input" : tensor<2xf32>
  // expected-error @below {{mylib cannot build a Threshold}}
  %spikes = nir.threshold "spikes"(%input) {threshold = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%spikes) : tensor<2xf32>
}
