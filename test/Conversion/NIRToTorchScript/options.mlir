// Options: dtype (float32 default), dt (default 1e-4; the graph's `dt` from
// nir-discretize, else its metadata, wins unless the option is given), reset
// (value default).
// RUN: nir-opt %s --convert-nir-to-torchscript | FileCheck %s --check-prefix=DEFAULT
// RUN: nir-opt %s --convert-nir-to-torchscript 2>&1 >/dev/null | FileCheck %s --check-prefix=WARN
// RUN: not nir-opt %s --convert-nir-to-torchscript=strict=true 2>&1 >/dev/null | FileCheck %s --check-prefix=STRICT
// WARN: warning: parameter 'tau' of node 'n' {{.*}}values that float32 cannot hold exactly: their buffers keep the file dtype
// STRICT: error: parameter 'tau' of node 'n' is float64 and has values that float32 cannot hold exactly (--strict)
// RUN: nir-opt %s --convert-nir-to-torchscript="dt=0.5 dtype=float64 reset=subtract" | FileCheck %s --check-prefix=GIVEN
// RUN: nir-opt %s --pass-pipeline='builtin.module(raise-nir-record-nesting,nir.graph(nir-inline-subgraphs,nir-schedule),raise-nir-graphs{dt=0.5 dtype=float64 reset=subtract})' | FileCheck %s --check-prefix=GIVEN

// DEFAULT-LABEL: ts.module @meta
// float32 cannot hold the float64 tau 0.02 exactly: its buffer stays float64
// (converted where used), with one warning; strict refuses it.
// DEFAULT: ts.buffer @tau : !ts.tensor = dense<2.000000e-02> : tensor<2xf64>
// DEFAULT: ts.buffer @dt : !ts.tensor = dense<2.000000e-03> : tensor<f32>
// DEFAULT: ts.attribute @reset_subtract : !ts.bool = false
// zeros in float32 (ScalarType 6)
// DEFAULT: ts.constant(6) : !ts.int
// DEFAULT-LABEL: ts.module @plain
// DEFAULT: ts.buffer @dt : !ts.tensor = dense<9.99999974E-5> : tensor<f32>
// DEFAULT-LABEL: ts.module @discretized
// DEFAULT: ts.buffer @dt : !ts.tensor = dense<2.500000e-01> : tensor<f32>

// GIVEN-LABEL: ts.module @meta
// GIVEN: ts.buffer @tau : !ts.tensor = dense<2.000000e-02> : tensor<2xf64>
// GIVEN: ts.buffer @dt : !ts.tensor = dense<5.000000e-01> : tensor<f64>
// GIVEN: ts.attribute @reset_subtract : !ts.bool = true
// GIVEN: ts.constant(7) : !ts.int
// GIVEN-LABEL: ts.module @plain
// GIVEN: ts.buffer @dt : !ts.tensor = dense<5.000000e-01> : tensor<f64>
// GIVEN-LABEL: ts.module @discretized
// GIVEN: ts.buffer @dt : !ts.tensor = dense<5.000000e-01> : tensor<f64>
nir.graph @meta attributes {metadata = {dt = 2.0e-3 : f64}} {
  %input = nir.input "input" : tensor<2xf64>
  %n = nir.lif "n"(%input) {tau = dense<0.02> : tensor<2xf64>, r = dense<1.0> : tensor<2xf64>, v_leak = dense<0.0> : tensor<2xf64>, v_threshold = dense<1.0> : tensor<2xf64>, v_reset = dense<0.0> : tensor<2xf64>} : tensor<2xf64>
  %output = nir.output "output"(%n) : tensor<2xf64>
}
nir.graph @plain {
  %input = nir.input "input" : tensor<2xf32>
  %n = nir.li "n"(%input) {tau = dense<0.02> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%n) : tensor<2xf32>
}
// The Euler factors are for backends; the raising computes its coefficients
// from the same definition at run time (so edits of tau take effect).
nir.graph @discretized attributes {dt = 0.25 : f64, metadata = {dt = 2.0e-3 : f64}} {
  %input = nir.input "input" : tensor<2xf32>
  %n = nir.li "n"(%input) {tau = dense<0.5> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, decay = dense<0.5> : tensor<2xf32>, gain = dense<0.5> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%n) : tensor<2xf32>
}
