// Target descriptions: a user's own target file, and the errors of a target
// that cannot be used (each names the file, the key and what was expected;
// the pass fails before checking anything).

// RUN: nir-opt %s --nir-check-target=target=%S/Inputs/targets/tiny.json -split-input-file -verify-diagnostics | FileCheck %s

// RUN: not nir-opt %s --split-input-file --nir-check-target=target=nosuch 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// UNKNOWN: error: unknown target 'nosuch'; built-in targets: loihi, speck, xylo-audio2, xylo-audio3, xylo-imu; a target file is named by a path ending in .json
// RUN: not nir-opt %s --split-input-file --nir-check-target 2>&1 | FileCheck %s --check-prefix=NONE
// NONE: error: nir-check-target needs a target: target=NAME (loihi, speck, xylo-audio2, xylo-audio3, xylo-imu) or target=FILE.json
// RUN: not nir-opt %s --split-input-file --nir-check-target=target=%S/Inputs/targets/missing.json 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: error: {{.*}}missing.json: cannot read the target file: No such file or directory
// RUN: not nir-opt %s --split-input-file --nir-check-target=target=%S/Inputs/targets/bad-json.json 2>&1 | FileCheck %s --check-prefix=JSON
// JSON: error: {{.*}}bad-json.json: not valid JSON: [1:42, byte=42]: Expected object key
// RUN: not nir-opt %s --split-input-file --nir-check-target=target=%S/Inputs/targets/bad-root.json 2>&1 | FileCheck %s --check-prefix=ROOT
// ROOT: error: {{.*}}bad-root.json: expected a JSON object at the top, got an array
// RUN: not nir-opt %s --split-input-file --nir-check-target=target=%S/Inputs/targets/bad-key.json 2>&1 | FileCheck %s --check-prefix=KEY
// KEY: error: {{.*}}bad-key.json: key 'limits': not a key of a target description (name, summary, sources, rules, widths)
// RUN: not nir-opt %s --split-input-file --nir-check-target=target=%S/Inputs/targets/missing-name.json 2>&1 | FileCheck %s --check-prefix=NAME
// NAME: error: {{.*}}missing-name.json: key 'name': missing (a string is required)
// RUN: not nir-opt %s --split-input-file --nir-check-target=target=%S/Inputs/targets/bad-type.json 2>&1 | FileCheck %s --check-prefix=TYPE
// TYPE: error: {{.*}}bad-type.json: key 'rules.fan_out.max': expected an integer, got a string
// RUN: not nir-opt %s --split-input-file --nir-check-target=target=%S/Inputs/targets/bad-rule.json 2>&1 | FileCheck %s --check-prefix=RULE
// RULE: error: {{.*}}bad-rule.json: key 'rules.fan_outt': not a design rule this version knows (docs/Targets.md lists them)
// RUN: not nir-opt %s --split-input-file --nir-check-target=target=%S/Inputs/targets/bad-field.json 2>&1 | FileCheck %s --check-prefix=FIELD
// FIELD: error: {{.*}}bad-field.json: key 'rules.fan_out.limit': not a field of rule 'fan_out'; its fields: max, source, severity
// RUN: not nir-opt %s --split-input-file --nir-check-target=target=%S/Inputs/targets/bad-source.json 2>&1 | FileCheck %s --check-prefix=SOURCE
// SOURCE: error: {{.*}}bad-source.json: key 'rules.fan_out.source': 't' is not an id of 'sources'
// RUN: not nir-opt %s --split-input-file --nir-check-target=target=%S/Inputs/targets/missing-field.json 2>&1 | FileCheck %s --check-prefix=REQUIRED
// REQUIRED: error: {{.*}}missing-field.json: key 'rules.fan_out.max': missing (an integer is required)
// RUN: not nir-opt %s --split-input-file --nir-check-target=target=%S/Inputs/targets/bad-choice.json 2>&1 | FileCheck %s --check-prefix=CHOICE
// CHOICE: error: {{.*}}bad-choice.json: key 'rules.recurrence.allowed': expected one of none, neuron-weight-block, any, got 'some'
// RUN: not nir-opt %s --split-input-file --nir-check-target=target=%S/Inputs/targets/bad-element.json 2>&1 | FileCheck %s --check-prefix=ELEMENT
// ELEMENT: error: {{.*}}bad-element.json: key 'rules.stride.allowed[1]': expected an integer, got a string
// RUN: not nir-opt %s --split-input-file --nir-check-target=target=%S/Inputs/targets/bad-severity.json 2>&1 | FileCheck %s --check-prefix=SEVERITY
// SEVERITY: error: {{.*}}bad-severity.json: key 'rules.time_step.severity': expected 'error' or 'warning', got 'fatal'
// RUN: not nir-opt %s --split-input-file --nir-check-target=target=%S/Inputs/targets/bad-width.json 2>&1 | FileCheck %s --check-prefix=WIDTH
// WIDTH: error: {{.*}}bad-width.json: key 'widths.weight_bits.value': expected a width from 1 to 63 bits, got 0

// A user's target (Inputs/targets/tiny.json): the graph keeps to it.
// CHECK-LABEL: nir.graph @fits attributes {dt = 1.000000e-03 : f64}
nir.graph @fits attributes {dt = 1.000000e-03 : f64} {
  %input = nir.input "input" : tensor<2xf32>
  %fc = nir.linear "fc"(%input) {weight = dense<1.0> : tensor<2x2xf32>} : tensor<2xf32> -> tensor<2xf32>
  %lif = nir.lif "lif"(%fc) {tau = dense<1.0e-2> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%lif) : tensor<2xf32>
}

// -----

// Its rules apply: too many hidden neurons is an error, a bias a warning,
// and tau > dt, with no `time_step` rule in the file to report a missing
// time step, says it cannot be checked.
// expected-error@+1 {{design rule 'tau_above_dt' of target 'tiny': graph @breaks: declares no time step, which the rule needs}}
nir.graph @breaks {
  %input = nir.input "input" : tensor<2xf32>
  // expected-warning@+1 {{design rule 'weight_bias' of target 'tiny': node 'fc': 1 non-zero bias element, which the target drops}}
  %fc = nir.affine "fc"(%input) {weight = dense<1.0> : tensor<3x2xf32>, bias = dense<[0.0, 0.5, 0.0]> : tensor<3xf32>} : tensor<2xf32> -> tensor<3xf32>
  // expected-error@+1 {{design rule 'hidden_neurons' of target 'tiny': node 'hidden': hidden neurons: 3 in all, counted up to this node; limit 2}}
  %hidden = nir.lif "hidden"(%fc) {tau = dense<1.0e-2> : tensor<3xf32>, r = dense<1.0> : tensor<3xf32>, v_leak = dense<0.0> : tensor<3xf32>, v_threshold = dense<1.0> : tensor<3xf32>, v_reset = dense<0.0> : tensor<3xf32>} : tensor<3xf32>
  %fc2 = nir.linear "fc2"(%hidden) {weight = dense<1.0> : tensor<2x3xf32>} : tensor<3xf32> -> tensor<2xf32>
  %lif = nir.lif "lif"(%fc2) {tau = dense<1.0e-2> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%lif) : tensor<2xf32>
}
