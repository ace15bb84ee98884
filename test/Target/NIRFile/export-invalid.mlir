// IR that has no NIR file form is refused with an error at the op, naming
// the HDF5 object that could not be written.

// RUN: nir-translate --export-nir %s -split-input-file -verify-diagnostics -o %t.nir

// nir.read needs a Conv's input_shape; without the attribute the writer
// takes it from the incoming edge, and here there is none.
nir.graph @conv_without_input_shape {
  // expected-error @+1 {{cannot write '/node/nodes/c/input_shape': no 'input_shape' attribute and no incoming edge to take it from}}
  %c = nir.conv1d "c"() {weight = dense<1.0> : tensor<3x2x5xf32>, stride = 1, padding = 0, dilation = 1, groups = 1, bias = dense<0.0> : tensor<3xf32>} : tensor<3x12xf32>
}

// -----

nir.graph @flatten_without_input_type {
  // expected-error @+1 {{cannot write '/node/nodes/f/input_type': no 'input_type' attribute and no incoming edge to take it from}}
  %f = nir.flatten "f"() {start_dim = 0, end_dim = -1} : tensor<6xf32>
}

// -----

// Element types numpy has no dtype for.
nir.graph @i4 {
  %in = nir.input "in" : tensor<3xf32>
  // expected-error @+1 {{cannot write '/node/nodes/s/scale': element type 'i4' has no numpy/HDF5 equivalent}}
  %s = nir.scale "s"(%in) {scale = dense<1> : tensor<3xi4>} : tensor<3xf32>
}

// -----

nir.graph @f80 {
  %in = nir.input "in" : tensor<2xf32>
  // expected-error @+1 {{cannot write '/node/nodes/r/r': element type 'f80' has no numpy/HDF5 equivalent}}
  %r = nir.i "r"(%in) {r = dense<1.0> : tensor<2xf80>} : tensor<2xf32>
}

// -----

// Resource data that printing elided cannot be written.
nir.graph @elided {
  %in = nir.input "in" : tensor<2xf32>
  // expected-error @+1 {{cannot write '/node/nodes/w/weight': the data of resource '__elided__' is not available (was it elided when printing?)}}
  %w = nir.linear "w"(%in) {weight = dense_resource<__elided__> : tensor<2x2xf32>} : tensor<2xf32>
}

// -----

// Metadata values without a NIR file form.
// expected-error @+1 {{cannot write '/node/metadata/u': metadata value unit has no NIR file equivalent (expected a string, number, bool, array or dictionary)}}
nir.graph @unit_metadata attributes {metadata = {u}} {
}

// -----

// expected-error @+1 {{cannot write '/node/metadata/n': element type 'index' has no numpy/HDF5 equivalent}}
nir.graph @index_metadata attributes {metadata = {n = 1 : index}} {
}

// -----

// expected-error @+1 {{cannot write '/node/metadata/ragged': a metadata array must be rectangular (equal lengths at each level)}}
nir.graph @ragged_metadata attributes {metadata = {ragged = [["a"], ["b", "c"]]}} {
}

// -----

// expected-error @+1 {{cannot write '/node/metadata/mixed': a metadata array must hold strings or numbers of one type}}
nir.graph @mixed_metadata attributes {metadata = {mixed = [1, "a"]}} {
}

// -----

// expected-error @+1 {{cannot write '/node/metadata/a/b': metadata key 'a/b' is not a valid HDF5 link name (empty, '.', '..' or containing '/')}}
nir.graph @slash_key attributes {metadata = {"a/b" = 1}} {
}

// -----

nir.graph @node_metadata {
  // expected-error @+1 {{cannot write '/node/nodes/in/metadata/text': a string contains a NUL character, which HDF5 strings cannot hold}}
  %in = nir.input "in" {metadata = {text = "a\00b"}} : tensor<2xf32>
}

// -----

// Invalid IR never reaches the writer: the verifier rejects it first.
nir.graph @invalid {
  %in = nir.input "in" : tensor<2xf32>
  // expected-error @+1 {{'nir.lif' op parameter 'r' has shape [3] but 'tau' has shape [2]}}
  %lif = nir.lif "lif"(%in) {tau = dense<0.01> : tensor<2xf32>, r = dense<1.0> : tensor<3xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
}

// -----

// An unchecked graph whose shapes are not inferred yet is written as it is,
// except where the writer needs a shape from an edge.
nir.graph @uninferred attributes {unchecked} {
  %in = nir.input "in" : tensor<1x4x4xf32>
  %p = nir.sum_pool2d "p"(%in) {kernel_size = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : tensor<1x4x4xf32> -> tensor<*xf32>
  // expected-error @+1 {{cannot write '/node/nodes/f/input_type': no 'input_type' attribute to write, and node 'p' has no inferred shape; run --nir-infer-shapes}}
  %f = nir.flatten "f"(%p) {start_dim = 0, end_dim = -1} : tensor<*xf32>
  %out = nir.output "out"(%f) : tensor<*xf32> -> tensor<4xf32>
}

// -----

// Readers refuse groups nested deeper than 64 levels (docs/NIRFile.md), so
// the writer does not make them: 63 nested metadata dictionaries put the
// last group 65 levels deep.
// expected-error @+1 {{cannot write '/node/metadata/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d': the group would be nested 65 levels deep; readers refuse groups nested deeper than 64}}
nir.graph @deep_metadata attributes {metadata = {d = {d = {d = {d = {d = {d = {d = {d = {d = {d = {d = {d = {d = {d = {d = {d = {d = {d = {d = {d = {d = {d = {d = {d = {d = {d = {d = {d = {d = {d = {d = {d = {d = {d = {d = {d = {d = {d = {d = {d = {d = {d = {d = {d = {d = {d = {d = {d = {d = {d = {d = {d = {d = {d = {d = {d = {d = {d = {d = {d = {d = {d = {d = {x = 1 : i64}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}} {
  %in = nir.input "in" : tensor<2xf32>
  %out = nir.output "out"(%in) : tensor<2xf32>
}
