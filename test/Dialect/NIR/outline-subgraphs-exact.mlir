// RUN: nir-opt %s -split-input-file --nir-outline-subgraphs='nodes=rnn.* exact-only=true' -verify-diagnostics | FileCheck %s
// RUN: nir-opt %s -split-input-file --nir-outline-subgraphs='nodes=rnn.*' | FileCheck %s --check-prefix=DEFAULT
// RUN: nir-opt %s -split-input-file --nir-outline-subgraphs='recurrent=true exact-only=true' 2>%t.remarks | FileCheck %s --check-prefix=RECURRENT
// RUN: FileCheck %s --check-prefix=REMARK --input-file=%t.remarks

// The entry's edges from outside are adjacent: the nested Input sums them,
// then the entry adds w_rec, as the flat graph did. Exact, so outlined.
// CHECK-LABEL: nir.graph @adjacent
// CHECK: nir.subgraph "rnn"(%{{.+}}, %{{.+}})
// CHECK: nir.lif "lif"(%{{.+}}, %{{.+}})
// RECURRENT-LABEL: nir.graph @adjacent
// RECURRENT: nir.subgraph "rnn"
nir.graph @adjacent {
  %input = nir.input "input" : tensor<2xf32>
  %fc = nir.scale "fc"(%input) {scale = dense<0.5> : tensor<2xf32>} : tensor<2xf32>
  %lif = nir.lif "rnn.lif"(%fc, %input, %rec) {tau = dense<0.01> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %rec = nir.linear "rnn.w_rec"(%lif) {weight = dense<0.1> : tensor<2x2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%lif) : tensor<2xf32>
}

// -----

// w_rec sits between the edges from outside: the flat graph sums
// (fc + w_rec) + input, the outlined one (fc + input) + w_rec. Refused with
// exact-only; outlined by default.
// REMARK: remark: cycle through 'rnn.lif' not outlined: node 'rnn.lif' reads edges from inside the selection between its edges from outside; the nested Input would sum those first, which changes the order of the sum (exact-only)
// RECURRENT-LABEL: nir.graph @interleaved
// RECURRENT-NOT: nir.subgraph
// DEFAULT-LABEL: nir.graph @interleaved
// DEFAULT: nir.subgraph "rnn"(%[[FC:.+]], %[[IN:[^)]+]])
// DEFAULT: nir.lif "lif"(%{{.+}}, %{{[^)]+}})
nir.graph @interleaved {
  %input = nir.input "input" : tensor<2xf32>
  %fc = nir.scale "fc"(%input) {scale = dense<0.5> : tensor<2xf32>} : tensor<2xf32>
  // expected-error @+1 {{node 'rnn.lif' reads edges from inside the selection between its edges from outside; the nested Input would sum those first, which changes the order of the sum (exact-only)}}
  %lif = nir.lif "rnn.lif"(%fc, %rec, %input) {tau = dense<0.01> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %rec = nir.linear "rnn.w_rec"(%lif) {weight = dense<0.1> : tensor<2x2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%lif) : tensor<2xf32>
}
