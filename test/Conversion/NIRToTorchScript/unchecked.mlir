// Graphs read without type checking (`unchecked`): the raising checks the
// edge shapes it relies on and names the node that breaks them; an Output
// whose declared shape differs from what it receives is raised with a
// warning (the module returns the received value, as the reference does).
// RUN: nir-opt %s --split-input-file --convert-nir-to-torchscript -verify-diagnostics | FileCheck %s
// RUN: nir-opt %s --split-input-file --pass-pipeline='builtin.module(raise-nir-record-nesting,nir.graph(nir-inline-subgraphs,nir-schedule),raise-nir-graphs)' -verify-diagnostics | FileCheck %s

// lif_rockpool.nir's Output declares [1, 1, 1] for a [1] value.
// CHECK-LABEL: ts.module @output_shape
// CHECK: ts.attribute @nir_outputs : !ts.list<!ts.str> = ["output"]
// CHECK: ts.method @forward(%self: !{{.*}}, %input: !ts.tensor, %state: {{.*}}) -> !ts.tuple<!ts.tensor, !ts.dict<!ts.str, !ts.tensor>>
// CHECK: %[[Y:.*]] = ts.call_method %{{.*}}["forward"](%input)
// CHECK: ts.tuple_construct %[[Y]], %{{.*}} : (!ts.tensor, !ts.dict<!ts.str, !ts.tensor>)
nir.graph @output_shape attributes {unchecked} {
  %input = nir.input "input" : tensor<1xf32>
  %lin = nir.linear "lin"(%input) {weight = dense<4.0e-02> : tensor<1x1xf32>} : tensor<1xf32>
  // expected-warning @below {{Output node 'output' declares shape [1, 1, 1] but receives [1]; the raised module returns the received value}}
  %output = nir.output "output"(%lin) : tensor<1xf32> -> tensor<1x1x1xf32>
}

// -----

nir.graph @fan_in attributes {unchecked} {
  %a = nir.input "a" : tensor<2xf32>
  %b = nir.input "b" : tensor<3xf32>
  // expected-error @below {{cannot raise node 's' of the unchecked graph 'fan_in': its incoming edges carry different shapes ([2], [3])}}
  %s = nir.scale "s"(%a, %b) {scale = dense<1.0> : tensor<2xf32>} : (tensor<2xf32>, tensor<3xf32>) -> tensor<2xf32>
  %output = nir.output "output"(%s) : tensor<2xf32>
}

// -----

nir.graph @param_shape attributes {unchecked} {
  %a = nir.input "a" : tensor<2xf32>
  // expected-error @below {{cannot raise node 'lif' of the unchecked graph 'param_shape': its incoming edges carry shape [2] but its parameters need [3]}}
  %lif = nir.lif "lif"(%a) {tau = dense<1.0e-03> : tensor<3xf32>, r = dense<1.0> : tensor<3xf32>, v_leak = dense<0.0> : tensor<3xf32>, v_threshold = dense<1.0> : tensor<3xf32>, v_reset = dense<0.0> : tensor<3xf32>} : tensor<2xf32> -> tensor<3xf32>
  %output = nir.output "output"(%lif) : tensor<3xf32>
}

// -----

nir.graph @result_shape attributes {unchecked} {
  %a = nir.input "a" : tensor<2x3xf32>
  // expected-error @below {{cannot raise node 'flat' of the unchecked graph 'result_shape': its result type has shape [5] but its input shape [2, 3] implies [6]}}
  %flat = nir.flatten "flat"(%a) {start_dim = 0 : i64, end_dim = -1 : i64} : tensor<2x3xf32> -> tensor<5xf32>
  %output = nir.output "output"(%flat) : tensor<5xf32>
}

// -----

// Shapes not inferred yet (unranked signals): the raising needs them all
// and names the first node without one, nested graphs included (before
// inlining renames their nodes).
nir.graph @uninferred attributes {unchecked} {
  %a = nir.input "a" : tensor<2xf32>
  // expected-error @below {{node 's' has no inferred shape; run --nir-infer-shapes}}
  %s = nir.scale "s"(%a) {scale = dense<1.0> : tensor<2xf32>} : tensor<2xf32> -> tensor<*xf32>
  %output = nir.output "output"(%s) : tensor<*xf32> -> tensor<2xf32>
}

// -----

nir.graph @uninferred_nested attributes {unchecked} {
  %a = nir.input "a" : tensor<2xf32>
  %sub = nir.subgraph "sub"(%a) : tensor<2xf32> {
    %in = nir.input "in" : tensor<2xf32>
    // expected-error @below {{node 'i' has no inferred shape; run --nir-infer-shapes}}
    %i = nir.i "i"(%in) {r = dense<1.0> : tensor<2xf32>} : tensor<2xf32> -> tensor<*xf32>
    %out = nir.output "out"(%i) : tensor<*xf32> -> tensor<2xf32>
  }
  %output = nir.output "output"(%sub) : tensor<2xf32>
}
