// The JSON summary of nir-check-target: the pass option report=json and the
// tool flag --nir-check-report=json print the same, one document per graph,
// before the pass fails on errors.

// RUN: not nir-opt %s -split-input-file '--pass-pipeline=builtin.module(nir.graph(nir-check-target{target=xylo-audio2 report=json}))' 2>/dev/null | FileCheck %s
// RUN: not nir-opt %s -split-input-file --nir-check-target=target=xylo-audio2 --nir-check-report=json 2>/dev/null | FileCheck %s
// Without either, no summary.
// RUN: not nir-opt %s -split-input-file --nir-check-target=target=xylo-audio2 2>/dev/null | FileCheck %s --check-prefix=NONE
// NONE-NOT: "rules"

// CHECK:      {
// CHECK-NEXT:   "graph": "fits",
// CHECK-NEXT:   "target": "xylo-audio2",
// CHECK-NEXT:   "origin": "built-in",
// CHECK-NEXT:   "passed": true,
// CHECK-NEXT:   "errors": 0,
// CHECK-NEXT:   "warnings": 1,
// CHECK-NEXT:   "rules": [
// CHECK-NEXT:     {
// CHECK-NEXT:       "rule": "node_types",
// CHECK:            "rule": "weight_bias",
// CHECK-NEXT:       "summary": "what becomes of a synapse bias",
// CHECK-NEXT:       "severity": "warning",
// CHECK-NEXT:       "limit": {
// CHECK-NEXT:         "allowed": "drop"
// CHECK-NEXT:       },
// CHECK-NEXT:       "source": "synsense/rockpool@42cee1c9 rockpool/devices/xylo/syns61201/xylo_mapper.py, xylo_drc",
// CHECK-NEXT:       "status": "warn",
// CHECK-NEXT:       "violations": [
// CHECK-NEXT:         {
// CHECK-NEXT:           "node": "fc1",
// CHECK-NEXT:           "message": "8 non-zero bias elements, which the target drops"
// CHECK-NEXT:         }
// CHECK-NEXT:       ]
// CHECK-NEXT:     },
// CHECK-NEXT:     {
// CHECK-NEXT:       "rule": "time_step",
// CHECK:            "status": "pass",
// CHECK:          ]
// CHECK-NEXT: }
// CHECK:      nir.graph @fits
nir.graph @fits attributes {dt = 1.000000e-03 : f64} {
  %input = nir.input "input" : tensor<4xf32>
  %fc1 = nir.affine "fc1"(%input) {weight = dense<0.5> : tensor<8x4xf32>, bias = dense<0.5> : tensor<8xf32>} : tensor<4xf32> -> tensor<8xf32>
  %lif1 = nir.lif "lif1"(%fc1) {tau = dense<1.0e-2> : tensor<8xf32>, r = dense<1.0> : tensor<8xf32>, v_leak = dense<0.0> : tensor<8xf32>, v_threshold = dense<1.0> : tensor<8xf32>, v_reset = dense<0.0> : tensor<8xf32>} : tensor<8xf32>
  %fc2 = nir.linear "fc2"(%lif1) {weight = dense<0.5> : tensor<2x8xf32>} : tensor<8xf32> -> tensor<2xf32>
  %lif2 = nir.lif "lif2"(%fc2) {tau = dense<1.0e-2> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%lif2) : tensor<2xf32>
}

// -----

// A graph that fails: the summary says which rules, with the node (null for
// the graph), and a rule left unchecked says why.

// CHECK:      "graph": "fails",
// CHECK:      "passed": false,
// CHECK-NEXT: "errors": 2,
// CHECK-NEXT: "warnings": 0,
// CHECK:      "rule": "neuron_layers",
// CHECK:      "status": "fail",
// CHECK-NEXT: "violations": [
// CHECK-NEXT:   {
// CHECK-NEXT:     "node": null,
// CHECK-NEXT:     "message": "1 neuron layer; at least 2 needed (hidden and output)"
// CHECK:      "rule": "time_step",
// CHECK:      "status": "fail",
// CHECK:      "rule": "tau_above_dt",
// CHECK:      "status": "not checked",
// CHECK-NEXT: "reason": "the graph declares no time step",
// CHECK-NOT:  nir.graph @fails
nir.graph @fails {
  %input = nir.input "input" : tensor<4xf32>
  %fc1 = nir.linear "fc1"(%input) {weight = dense<0.5> : tensor<2x4xf32>} : tensor<4xf32> -> tensor<2xf32>
  %lif1 = nir.lif "lif1"(%fc1) {tau = dense<1.0e-2> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%lif1) : tensor<2xf32>
}
