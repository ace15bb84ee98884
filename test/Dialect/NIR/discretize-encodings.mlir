// RUN: nir-opt %s '--nir-discretize=dt=1e-4 encoding=bitshift' -split-input-file -verify-diagnostics | FileCheck %s --check-prefix=SHIFT
// RUN: not nir-opt %s '--nir-discretize=dt=1e-4 encoding=fixed-point' -split-input-file -mlir-print-op-on-diagnostic=false 2>&1 | FileCheck %s --check-prefix=FIXED
// RUN: not nir-opt %S/Inputs/discretize-slow.mlir '--nir-discretize=dt=1e-4 encoding=fixed-point' 2>&1 | FileCheck %s --check-prefix=SLOW
// RUN: not nir-opt %S/Inputs/discretize-slow.mlir '--nir-discretize=dt=1e-4 encoding=bitshift decay-bits=2' 2>&1 | FileCheck %s --check-prefix=NARROW

// Xylo's bit-shift decay (bits = 4, dash <= 15), dt = 1e-4: tau / dt =
// [7.5, 16] gives dash = round(log2 [7.5, 16]) = round([2.907, 4]) = [3, 4],
// so k = [1/8, 1/16], decay = [0.875, 0.9375], gain = k * r, and tau
// becomes dt / k = [8e-4, 1.6e-3]: a change of 8 / 7.5 - 1 = 6.667% at
// index 0 and none at index 1.
// Loihi: d = round(4096 / [7.5, 16]) = round([546.13, 256]) = [546, 256].
// FIXED: remark: node 'lif': tau as fixed-point decay d 256..546; largest change of tau 0.0244{{[0-9]*}}% (index 0: 0.00075 -> 0.000750183)
// SHIFT-LABEL: nir.graph @lif
// SHIFT: nir.lif "lif"(%{{.*}}) {decay = dense<[8.750000e-01, 9.375000e-01]> : tensor<2xf32>, gain = dense<[1.250000e-01, 6.250000e-02]> : tensor<2xf32>, r = dense<1.000000e+00> : tensor<2xf32>, tau = dense<[8.000000e-04, 1.600000e-03]> : tensor<2xf32>
nir.graph @lif {
  %input = nir.input "input" : tensor<2xf32>
  // expected-remark@+1 {{node 'lif': tau as bit-shift decay dash 3..4; largest change of tau 6.66667% (index 0: 0.00075 -> 0.0008)}}
  %lif = nir.lif "lif"(%input) {tau = dense<[7.5e-4, 1.6e-3]> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%lif) : tensor<2xf32>
}

// -----

// Both states of a CubaLIF, one remark each. Bit shift: tau_syn / dt = 3 ->
// log2 1.585 -> dash 2, k = 1/4, tau_syn 4e-4 (+33.3%); tau_mem / dt = 20 ->
// log2 4.32 -> dash 4, k = 1/16, tau_mem 1.6e-3 (-20%). An IF (no decay) is
// left to Euler.
// Loihi's 12-bit decay: d = round(4096 dt / tau): tau_syn: 4096 / 3 =
// 1365.33 -> 1365, k = 1365 / 4096, tau_syn = 4096e-4 / 1365 = 3.00073e-4
// (1 - 1365.33 / 1365 = -0.0244%); tau_mem: 4096 / 20 = 204.8 -> 205, k =
// 205 / 4096, tau_mem = 1.99805e-3 (0.0976%).
// SHIFT-LABEL: nir.graph @cuba
// SHIFT: nir.cuba_lif "cuba"(%{{.*}}) {mem_decay = dense<9.375000e-01> : tensor<1xf32>, {{.*}}syn_decay = dense<7.500000e-01> : tensor<1xf32>, {{.*}}tau_mem = dense<1.600000e-03> : tensor<1xf32>, tau_syn = dense<4.000000e-04> : tensor<1xf32>
// SHIFT: nir.if "if"(%{{.*}}) {decay = dense<1.000000e+00> : tensor<1xf32>, gain = dense<9.99999974E-5> : tensor<1xf32>
// (The f32 parameters are not exactly 3e-4 and 2e-3: the last digits differ.)
// FIXED: remark: node 'cuba': tau_syn as fixed-point decay d 1365; largest change of tau_syn 0.0244{{[0-9]*}}% (index 0: 0.0003 -> 0.000300073)
// FIXED: remark: node 'cuba': tau_mem as fixed-point decay d 205; largest change of tau_mem 0.0975{{[0-9]*}}% (index 0: 0.002 -> 0.00199805)
nir.graph @cuba {
  %input = nir.input "input" : tensor<1xf32>
  // expected-remark@+2 {{node 'cuba': tau_syn as bit-shift decay dash 2; largest change of tau_syn 33.3333% (index 0: 0.0003 -> 0.0004)}}
  // expected-remark@+1 {{node 'cuba': tau_mem as bit-shift decay dash 4; largest change of tau_mem 20% (index 0: 0.002 -> 0.0016)}}
  %cuba = nir.cuba_lif "cuba"(%input) {tau_syn = dense<3.0e-4> : tensor<1xf32>, tau_mem = dense<2.0e-3> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %if = nir.if "if"(%cuba) {r = dense<1.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>} : tensor<1xf32>
  %output = nir.output "output"(%if) : tensor<1xf32>
}

// -----

// tau < dt has no bit shift: log2(0.5) rounds to dash -1 (Rockpool refuses
// tau <= dt); Loihi's d = round(4096 * 2) = 8192 needs 14 bits.
nir.graph @fast {
  %input = nir.input "input" : tensor<1xf32>
  // expected-error@+1 {{node 'li': tau = 5e-05 at index 0 has no bit-shift decay dash in 4 bits for dt = 0.0001}}
  %li = nir.li "li"(%input) {tau = dense<5.0e-5> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>} : tensor<1xf32>
  %output = nir.output "output"(%li) : tensor<1xf32>
}
// FIXED: error: node 'li': tau = 5e-05 at index 0 has no fixed-point decay d in 12 bits for dt = 0.0001

// A slow neuron (Inputs/discretize-slow.mlir): tau = 1 s, tau / dt = 1e4.
// Loihi: d = round(4096 / 1e4) = round(0.41) = 0, which would not decay;
// the bit shift with decay-bits=2 allows dash <= 3, and round(log2 1e4) =
// 13.
// SLOW: error: node 'li': tau = 1 at index 0 has no fixed-point decay d in 12 bits for dt = 0.0001
// NARROW: error: node 'li': tau = 1 at index 0 has no bit-shift decay dash in 2 bits for dt = 0.0001
