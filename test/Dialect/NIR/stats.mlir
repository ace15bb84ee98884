// RUN: nir-opt %s -split-input-file -nir-stats -o /dev/null | FileCheck %s
// RUN: nir-opt %s -split-input-file -nir-stats=format=json -o /dev/null | FileCheck %s --check-prefix=JSON
// RUN: nir-opt %s -split-input-file -nir-stats -verify-diagnostics | FileCheck %s --check-prefix=IR
// RUN: not nir-opt %s -nir-stats=format=xml 2>&1 | FileCheck %s --check-prefix=BADFORMAT
// BADFORMAT: for the --format option: Cannot find option named 'xml'!

// The braille network (7 nodes, one recurrent edge). Expected totals were
// computed independently from the HDF5 file with h5py and numpy: neurons =
// size of each CubaLIF's v_threshold (38 + 7); synapses = np.count_nonzero of
// the three Affine weights (456 + 266 + 1444: none is zero); parameters and
// bytes = size and nbytes of every dataset but `type` and the ports'
// `shape` (f32 weights and biases, f64 neuron parameters), plus the v_reset
// zeros the reader fills in for each CubaLIF (f64 like v_threshold: 38 + 7
// elements, 360 bytes).
// RUN: nir-translate --import-nir %nirtorch_src_root/test/samples/upstream/neuromorphs-NIRTorch/tests/braille.nir \
// RUN:   | nir-opt --nir-stats -o /dev/null | FileCheck %s --check-prefix=BRAILLE
// BRAILLE:      graph @main: 7 nodes, 7 edges
// BRAILLE-NEXT:   node        type     neurons  synapses  parameters  bytes  fan-in  fan-out
// BRAILLE-NEXT:   input       Input          0         0           0      0       0        1
// BRAILLE-NEXT:   fc1         Affine         0       456         494   1976       1        1
// BRAILLE-NEXT:   lif1.lif    CubaLIF       38         0         266   2128       2        2
// BRAILLE-NEXT:   fc2         Affine         0       266         273   1092       1        1
// BRAILLE-NEXT:   lif2        CubaLIF        7         0          49    392       1        1
// BRAILLE-NEXT:   output      Output         0         0           0      0       1        0
// BRAILLE-NEXT:   lif1.w_rec  Affine         0      1444        1482   5928       1        1
// BRAILLE-NEXT:   total                     45      2166        2564  11516
// BRAILLE-NEXT:   longest path: 6 (input -> fc1 -> lif1.lif -> fc2 -> lif2 -> output)
// BRAILLE-NEXT:   cycles: 1 (lif1.w_rec -> lif1.lif)

// Zero weights are not synapses (-0.0 neither); f64 parameters take 8 bytes
// an element, f32 4, i64 8. The recurrent edge is the delayed one.
// CHECK-LABEL: graph @counts: 6 nodes, 6 edges
// CHECK-NEXT:    node    type    neurons  synapses  parameters  bytes  fan-in  fan-out
// CHECK-NEXT:    input   Input         0         0           0      0       0        1
// CHECK-NEXT:    fc      Affine        0         2           9     72       1        1
// CHECK-NEXT:    lif     LIF           3         0          15     60       2        3
// CHECK-NEXT:    rec     Linear        0         2           9     36       1        1
// CHECK-NEXT:    delay   Delay         0         0           3     24       1        0
// CHECK-NEXT:    output  Output        0         0           0      0       1        0
// CHECK-NEXT:    total                 3         4          36    192
// CHECK-NEXT:    longest path: 4 (input -> fc -> lif -> output)
// CHECK-NEXT:    cycles: 1 (rec -> lif)
// CHECK-NOT:     unknown

// JSON-LABEL: "graph": "counts",
// JSON:       "name": "fc",
// JSON-NEXT:  "type": "Affine",
// JSON-NEXT:  "neurons": 0,
// JSON-NEXT:  "synapses": 2,
// JSON-NEXT:  "parameters": 9,
// JSON-NEXT:  "bytes": 72,
// JSON-NEXT:  "fan_in": 1,
// JSON-NEXT:  "fan_out": 1
// JSON:       "totals": {
// JSON-NEXT:    "nodes": 6,
// JSON-NEXT:    "edges": 6,
// JSON-NEXT:    "neurons": 3,
// JSON-NEXT:    "synapses": 4,
// JSON-NEXT:    "parameters": 36,
// JSON-NEXT:    "bytes": 192
// JSON-NEXT:  },
// JSON-NEXT:  "longest_path": {
// JSON-NEXT:    "length": 4,
// JSON-NEXT:    "nodes": [
// JSON-NEXT:      "input",
// JSON-NEXT:      "fc",
// JSON-NEXT:      "lif",
// JSON-NEXT:      "output"
// JSON-NEXT:    ]
// JSON-NEXT:  },
// JSON-NEXT:  "cycles": [
// JSON-NEXT:    {
// JSON-NEXT:      "from": "rec",
// JSON-NEXT:      "to": "lif"
// JSON-NEXT:    }
// JSON-NEXT:  ]
// JSON-NEXT: }

// The pass leaves the IR as it was.
// IR-LABEL: nir.graph @counts
// IR: nir.affine "fc"
// IR: nir.delay "delay"
nir.graph @counts {
  %input = nir.input "input" : tensor<2xf32>
  %fc = nir.affine "fc"(%input) {weight = dense<[[1.0, 0.0], [0.0, -2.0], [0.0, 0.0]]> : tensor<3x2xf64>, bias = dense<0.5> : tensor<3xf64>} : tensor<2xf32> -> tensor<3xf32>
  %lif = nir.lif "lif"(%fc, %rec) {tau = dense<0.01> : tensor<3xf32>, r = dense<1.0> : tensor<3xf32>, v_leak = dense<0.0> : tensor<3xf32>, v_threshold = dense<1.0> : tensor<3xf32>, v_reset = dense<0.0> : tensor<3xf32>} : tensor<3xf32>
  %rec = nir.linear "rec"(%lif) {weight = dense<[[0.0, 1.0, 0.0], [0.0, 0.0, 0.0], [-0.0, 0.0, 3.0]]> : tensor<3x3xf32>} : tensor<3xf32>
  %delay = nir.delay "delay"(%lif) {delay = dense<2> : tensor<3xi64>} : tensor<3xf32>
  %output = nir.output "output"(%lif) : tensor<3xf32>
}

// -----

// Convolutions count their kernel's non-zero elements (a kernel is shared
// across positions: these are weights, not connections); stride, padding and
// the other integer fields are structure, not parameters. A splat of zeros
// has no synapses.
// CHECK-LABEL: graph @conv: 5 nodes, 4 edges
// CHECK-NEXT:    node    type     neurons  synapses  parameters  bytes  fan-in  fan-out
// CHECK-NEXT:    input   Input          0         0           0      0       0        1
// CHECK-NEXT:    conv    Conv2d         0         3          10     40       1        1
// CHECK-NEXT:    flat    Flatten        0         0           0      0       1        1
// CHECK-NEXT:    silent  Linear         0         0          16     64       1        1
// CHECK-NEXT:    output  Output         0         0           0      0       1        0
// CHECK-NEXT:    total                  0         3          26    104
// CHECK-NEXT:    longest path: 5 (input -> conv -> flat -> silent -> output)
// CHECK-NEXT:    cycles: 0

// JSON-LABEL: "graph": "conv",
// JSON:       "totals": {
// JSON-NEXT:    "nodes": 5,
// JSON-NEXT:    "edges": 4,
// JSON-NEXT:    "neurons": 0,
// JSON-NEXT:    "synapses": 3,
// JSON:       "cycles": []
nir.graph @conv {
  %input = nir.input "input" : tensor<1x2x2xf32>
  %conv = nir.conv2d "conv"(%input) {weight = dense<[[[[1.0, 0.0], [0.0, 2.0]]], [[[0.0, 0.0], [0.0, 5.0]]]]> : tensor<2x1x2x2xf32>, bias = dense<0.0> : tensor<2xf32>, stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>, groups = 1 : i64} : tensor<1x2x2xf32> -> tensor<2x1x1xf32>
  %flat = nir.flatten "flat"(%conv) {start_dim = 0 : i64, end_dim = -1 : i64} : tensor<2x1x1xf32> -> tensor<2xf32>
  %silent = nir.linear "silent"(%flat) {weight = dense<0.0> : tensor<8x2xf32>} : tensor<2xf32> -> tensor<8xf32>
  %output = nir.output "output"(%silent) : tensor<8xf32>
}

// -----

// Other element types: f16 (with a NaN, which is not zero), i8, a bf16 splat
// (4 synapses from one stored value), f80 (10 bytes an element).
// CHECK-LABEL: graph @element_types: 6 nodes, 8 edges
// CHECK-NEXT:    node    type    neurons  synapses  parameters  bytes  fan-in  fan-out
// CHECK-NEXT:    input   Input         0         0           0      0       0        4
// CHECK-NEXT:    half    Linear        0         2           4      8       1        1
// CHECK-NEXT:    int     Linear        0         2           4      4       1        1
// CHECK-NEXT:    splat   Linear        0         4           4      8       1        1
// CHECK-NEXT:    wide    Linear        0         1           4     40       1        1
// CHECK-NEXT:    output  Output        0         0           0      0       4        0
// CHECK-NEXT:    total                 0         9          16     60
// JSON-LABEL: "graph": "element_types",
nir.graph @element_types {
  %input = nir.input "input" : tensor<2xf32>
  %half = nir.linear "half"(%input) {weight = dense<[[0.0, -0.0], [1.5, 0x7E00]]> : tensor<2x2xf16>} : tensor<2xf32>
  %int = nir.linear "int"(%input) {weight = dense<[[0, 3], [-1, 0]]> : tensor<2x2xi8>} : tensor<2xf32>
  %splat = nir.linear "splat"(%input) {weight = dense<-0.5> : tensor<2x2xbf16>} : tensor<2xf32>
  %wide = nir.linear "wide"(%input) {weight = dense<[[0.0, 2.0], [0.0, -0.0]]> : tensor<2x2xf80>} : tensor<2xf32>
  %output = nir.output "output"(%half, %int, %splat, %wide) : tensor<2xf32>
}

// -----

// A dense_resource weight is read from its blob. One whose blob is missing
// (elided, or never given) has unknown synapses: "?" (JSON null), in the
// totals too, with the reason; its parameters and bytes follow from its type.
// (A blob of another size than its type fails to verify, param_c3.)
// CHECK-LABEL: graph @resources: 4 nodes, 4 edges
// CHECK-NEXT:    node    type    neurons  synapses  parameters  bytes  fan-in  fan-out
// CHECK-NEXT:    input   Input         0         0           0      0       0        2
// CHECK-NEXT:    known   Linear        0         2           4     16       1        1
// CHECK-NEXT:    gone    Linear        0         ?           4     16       1        1
// CHECK-NEXT:    output  Output        0         0           0      0       2        0
// CHECK-NEXT:    total                 0         ?           8     32
// CHECK-NEXT:    longest path: 3 (input -> known -> output)
// CHECK-NEXT:    cycles: 0
// CHECK-NEXT:    unknown synapses of 'gone': the data of resource 'w_gone' is not available

// JSON-LABEL: "graph": "resources",
// JSON:       "name": "known",
// JSON:       "synapses": 2,
// JSON:       "name": "gone",
// JSON-NEXT:  "type": "Linear",
// JSON-NEXT:  "neurons": 0,
// JSON-NEXT:  "synapses": null,
// JSON-NEXT:  "parameters": 4,
// JSON-NEXT:  "bytes": 16,
// JSON-NEXT:  "fan_in": 1,
// JSON-NEXT:  "fan_out": 1,
// JSON-NEXT:  "unknown": "the data of resource 'w_gone' is not available"
// JSON:       "totals": {
// JSON-NEXT:    "nodes": 4,
// JSON-NEXT:    "edges": 4,
// JSON-NEXT:    "neurons": 0,
// JSON-NEXT:    "synapses": null,
nir.graph @resources {
  %input = nir.input "input" : tensor<2xf32>
  %known = nir.linear "known"(%input) {weight = dense_resource<w_known> : tensor<2x2xf32>} : tensor<2xf32>
  %gone = nir.linear "gone"(%input) {weight = dense_resource<w_gone> : tensor<2x2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%known, %gone) : tensor<2xf32>
}
{-#
  dialect_resources: {
    builtin: {
      w_known: "0x040000000000803F000000000000004000000000"
    }
  }
#-}

// -----

// Resource elements of odd or wide types are read whole (forEachParamValue):
// f80 [1, 0, -0, 2] (10 bytes each, explicit integer bit; -0.0 is zero),
// f128 [0, 1, 0, 0] (16 bytes each), i1 [0, 1, 0, 1] (a byte each).
// CHECK-LABEL: graph @wide_resources: 5 nodes, 6 edges
// CHECK:         f80     Linear        0         2           4     40       1        1
// CHECK-NEXT:    f128    Linear        0         1           4     64       1        1
// CHECK-NEXT:    bool    Linear        0         2           4      4       1        1
// CHECK:         total                 0         5          12    108
// CHECK-NOT:     unknown
// JSON-LABEL: "graph": "wide_resources",
nir.graph @wide_resources {
  %input = nir.input "input" : tensor<2xf32>
  %f80 = nir.linear "f80"(%input) {weight = dense_resource<w_f80> : tensor<2x2xf80>} : tensor<2xf32>
  %f128 = nir.linear "f128"(%input) {weight = dense_resource<w_f128> : tensor<2x2xf128>} : tensor<2xf32>
  %bool = nir.linear "bool"(%input) {weight = dense_resource<w_bool> : tensor<2x2xi1>} : tensor<2xf32>
  %output = nir.output "output"(%f80, %f128, %bool) : tensor<2xf32>
}
{-#
  dialect_resources: {
    builtin: {
      w_f80: "0x100000000000000000000080FF3F000000000000000000000000000000000000008000000000000000800040",
      w_f128: "0x10000000000000000000000000000000000000000000000000000000000000000000FF3F0000000000000000000000000000000000000000000000000000000000000000",
      w_bool: "0x0100000000010001"
    }
  }
#-}

// -----

// A subgraph's row holds its nested graph's totals, so the parent's totals
// include them; node and edge counts include the nested nodes and edges.
// The nested graph follows with its own table, longest path and cycles; in
// the parent's longest path the subgraph is one node.
// CHECK-LABEL: graph @nested: 8 nodes, 7 edges
// CHECK-NEXT:    node    type      neurons  synapses  parameters  bytes  fan-in  fan-out
// CHECK-NEXT:    input   Input           0         0           0      0       0        1
// CHECK-NEXT:    rnn     NIRGraph        2         3           6     24       1        1
// CHECK-NEXT:    li      LI              2         0           6     48       1        1
// CHECK-NEXT:    output  Output          0         0           0      0       1        0
// CHECK-NEXT:    total                   4         3          12     72
// CHECK-NEXT:    longest path: 4 (input -> rnn -> li -> output)
// CHECK-NEXT:    cycles: 0
// CHECK-NEXT:    subgraph "rnn": 4 nodes, 4 edges
// CHECK-NEXT:      node    type    neurons  synapses  parameters  bytes  fan-in  fan-out
// CHECK-NEXT:      input   Input         0         0           0      0       0        1
// CHECK-NEXT:      i       I             2         0           2      8       2        2
// CHECK-NEXT:      w_rec   Linear        0         3           4     16       1        1
// CHECK-NEXT:      output  Output        0         0           0      0       1        0
// CHECK-NEXT:      total                 2         3           6     24
// CHECK-NEXT:      longest path: 3 (input -> i -> output)
// CHECK-NEXT:      cycles: 1 (w_rec -> i)

// JSON-LABEL: "graph": "nested",
// JSON:       "name": "rnn",
// JSON-NEXT:  "type": "NIRGraph",
// JSON-NEXT:  "neurons": 2,
// JSON-NEXT:  "synapses": 3,
// JSON-NEXT:  "parameters": 6,
// JSON-NEXT:  "bytes": 24,
// JSON-NEXT:  "fan_in": 1,
// JSON-NEXT:  "fan_out": 1,
// JSON-NEXT:  "subgraph": {
// JSON-NEXT:    "nodes": [
// JSON:         "cycles": [
// JSON-NEXT:      {
// JSON-NEXT:        "from": "w_rec",
// JSON-NEXT:        "to": "i"
// JSON-NEXT:      }
// JSON-NEXT:    ]
// JSON-NEXT:  }
// JSON:       "totals": {
// JSON-NEXT:    "nodes": 8,
// JSON-NEXT:    "edges": 7,
// JSON-NEXT:    "neurons": 4,
// JSON-NEXT:    "synapses": 3,
// JSON-NEXT:    "parameters": 12,
// JSON-NEXT:    "bytes": 72
nir.graph @nested {
  %input = nir.input "input" : tensor<2xf32>
  %rnn = nir.subgraph "rnn"(%input) : tensor<2xf32> {
    %in = nir.input "input" : tensor<2xf32>
    %i = nir.i "i"(%in, %w_rec) {r = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
    %w_rec = nir.linear "w_rec"(%i) {weight = dense<[[0.5, 0.0], [0.25, 1.0]]> : tensor<2x2xf32>} : tensor<2xf32>
    %out = nir.output "output"(%i) : tensor<2xf32>
  }
  %li = nir.li "li"(%rnn) {tau = dense<0.01> : tensor<2xf64>, r = dense<1.0> : tensor<2xf64>, v_leak = dense<0.0> : tensor<2xf64>} : tensor<2xf32>
  %output = nir.output "output"(%li) : tensor<2xf32>
}

// -----

// An Output no Input reaches ends no chain (a node an Input reaches is
// reached along edges that are not delayed: the search's tree edges).
// CHECK-LABEL: graph @no_path: 3 nodes, 2 edges
// CHECK:         longest path: 0 (no Output is reached from an Input within a step)
// CHECK-NEXT:    cycles: 1 (s -> s)
// JSON-LABEL: "graph": "no_path",
// JSON:       "longest_path": {
// JSON-NEXT:    "length": 0,
// JSON-NEXT:    "nodes": []
nir.graph @no_path {
  %input = nir.input "input" : tensor<1xf32>
  %s = nir.scale "s"(%s) {scale = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %output = nir.output "output"(%s) : tensor<1xf32>
}
