// RUN: nir-opt %s --split-input-file --pass-pipeline='builtin.module(nir.graph(nir-schedule),raise-nir-nodes,raise-nir-forward)' | FileCheck %s

// Stage 5: forward and forward_sequence from the records raise-nir-nodes
// left, in the recorded schedule; then the graph is gone. Its errors (a
// graph without a root, malformed records) are in raise-forward-invalid.mlir.

// CHECK-LABEL: ts.module @net "__torch__.nirtorch.graphs.net" {
// CHECK:         ts.method @forward(%[[SELF:.*]]: !net, %[[X:.*]]: !ts.tensor, %[[STATE:.*]]: !ts.optional<!ts.dict<!ts.str, !ts.tensor>> = #ts.none)
// CHECK:           %[[FC:.*]] = ts.get_attr %[[SELF]]["fc"] : !net -> !Linear
// CHECK:           %[[Y:.*]] = ts.call_method %[[FC]]["forward"](%[[X]]) : !Linear, (!ts.tensor) -> !ts.tensor
// CHECK:           ts.call_method %{{.*}}["forward"](%[[Y]], %{{.*}}) : !LIF, (!ts.tensor, !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor>
// CHECK:         ts.method @forward_sequence(%{{.*}}: !net, %{{.*}}: !ts.tensor) -> !ts.tensor
// The built-in neuron's coefficients once per sequence, its step in the loop.
// CHECK:           %[[K:.*]] = ts.call_method %{{.*}}["coefficients"]() : !LIF, () -> !ts.tensor
// CHECK:           ts.loop
// CHECK:             ts.call_method %{{.*}}["step"](%{{.*}}, %{{.*}}, %[[K]]) : !LIF
// CHECK-NOT:   nir.graph
nir.graph @net {
  %input = nir.input "input" : tensor<2xf32>
  %fc = nir.linear "fc"(%input) {weight = dense<[[1.0, 0.5], [0.25, 1.0]]> : tensor<2x2xf32>} : tensor<2xf32> -> tensor<2xf32>
  %lif = nir.lif "lif"(%fc) {tau = dense<0.5> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%lif) : tensor<2xf32>
}
