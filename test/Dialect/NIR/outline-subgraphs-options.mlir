// The options of nir-outline-subgraphs: an explicit name, several patterns,
// and each option error (at the graph).
// RUN: nir-opt %s --nir-outline-subgraphs='nodes=fc,rnn.* name=block' | FileCheck %s --check-prefix=NAME
// RUN: not nir-opt %s --nir-outline-subgraphs 2>&1 | FileCheck %s --check-prefix=NONE
// RUN: not nir-opt %s --nir-outline-subgraphs='nodes=,' 2>&1 | FileCheck %s --check-prefix=NONE
// RUN: not nir-opt %s --nir-outline-subgraphs='nodes=rnn.* recurrent=true' 2>&1 | FileCheck %s --check-prefix=BOTH
// RUN: not nir-opt %s --nir-outline-subgraphs='recurrent=true name=x' 2>&1 | FileCheck %s --check-prefix=RECNAME
// RUN: not nir-opt %s --nir-outline-subgraphs='nodes=rnn.[' 2>&1 | FileCheck %s --check-prefix=BADGLOB
// RUN: not nir-opt %s --nir-outline-subgraphs='nodes=rnn.{' 2>&1 | FileCheck %s --check-prefix=BADBRACE
// RUN: not nir-opt %s --nir-outline-subgraphs='nodes=rnn.*,lif*' 2>&1 | FileCheck %s --check-prefix=NOMATCH
// RUN: not nir-opt %s --nir-outline-subgraphs='nodes=fc,rnn.*' 2>&1 | FileCheck %s --check-prefix=NOPREFIX
// RUN: not nir-opt %s --nir-outline-subgraphs='nodes=rnn.* name=a/b' 2>&1 | FileCheck %s --check-prefix=BADNAME
// RUN: not nir-opt %s --nir-outline-subgraphs='nodes=rnn.*,w_rec name=rnn' 2>&1 | FileCheck %s --check-prefix=CLASH

// With `name`, names without the prefix `<name>.` stay as they are.
// NAME-LABEL: nir.graph @options
// NAME: %[[IN:.+]] = nir.input "input"
// NAME-NEXT: %[[BLOCK:.+]] = nir.subgraph "block"(%[[IN]]) : tensor<2xf32> -> tensor<3xf32> {
// NAME-NEXT: %[[INNER:.+]] = nir.input "input" : tensor<2xf32>
// NAME-NEXT: %[[FC:.+]] = nir.affine "fc"(%[[INNER]])
// NAME-NEXT: %[[LIF:.+]] = nir.lif "rnn.lif"(%[[FC]], %[[REC:[^)]+]])
// NAME-NEXT: %[[REC]] = nir.linear "rnn.w_rec"(%[[LIF]])
// NAME-NEXT: nir.output "output"(%[[LIF]]) : tensor<3xf32>
// NAME-NEXT: }
// NAME-NEXT: %[[W:.+]] = nir.scale "w_rec"(%[[BLOCK]])
// NAME-NEXT: nir.output "output"(%[[W]])

// NONE: error: nothing to outline: give 'nodes' (name patterns) or 'recurrent=true'
// BOTH: error: options 'nodes' and 'recurrent' exclude each other
// RECNAME: error: option 'name' names the subgraph of 'nodes'; 'recurrent' names each cycle after its nodes
// BADGLOB: error: invalid node pattern 'rnn.[': invalid glob pattern, unmatched '['
// BADBRACE: error: node pattern 'rnn.{' matches no node of @options
// NOMATCH: error: node pattern 'lif*' matches no node of @options
// NOPREFIX: error: the selected nodes share no dotted name prefix; name the subgraph with option 'name'
// BADNAME: error: invalid subgraph name 'a/b': a name is non-empty, has no '/' or NUL and is not '.' or '..'
// CLASH: error: node 'w_rec' would be named 'w_rec' inside 'rnn', as node 'rnn.w_rec' is
nir.graph @options {
  %input = nir.input "input" : tensor<2xf32>
  %fc = nir.affine "fc"(%input) {weight = dense<1.0> : tensor<3x2xf32>, bias = dense<0.0> : tensor<3xf32>} : tensor<2xf32> -> tensor<3xf32>
  %lif = nir.lif "rnn.lif"(%fc, %rec) {tau = dense<0.01> : tensor<3xf32>, r = dense<1.0> : tensor<3xf32>, v_leak = dense<0.0> : tensor<3xf32>, v_threshold = dense<1.0> : tensor<3xf32>, v_reset = dense<0.0> : tensor<3xf32>} : tensor<3xf32>
  %rec = nir.linear "rnn.w_rec"(%lif) {weight = dense<0.1> : tensor<3x3xf32>} : tensor<3xf32>
  %w_rec = nir.scale "w_rec"(%lif) {scale = dense<0.5> : tensor<3xf32>} : tensor<3xf32>
  %output = nir.output "output"(%w_rec) : tensor<3xf32>
}
