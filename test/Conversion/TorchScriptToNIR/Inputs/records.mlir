// What NIR -> .pt -> NIR must keep besides nodes and values (roundtrip.test):
// float32 and float64 parameters in one graph (a float64 value float32
// cannot hold), metadata of every kind the format allows on the graph, nodes,
// ports and subgraphs, a subgraph nested in a subgraph, and negative Flatten
// dims.
nir.graph @records attributes {metadata = {description = "records", n = 3 : i64, ratio = 2.500000e-01 : f64, half = 5.000000e-01 : f16, flag = true, small = 7 : ui16, arr = dense<[1.000000e-01, 2.000000e-01]> : tensor<2xf32>, names = ["a", "b"], nested = {k = "v", deeper = {x = 1 : i64}}}} {
  %in = nir.input "in" {metadata = {unit = "spikes"}} : tensor<2x2xf32>
  %flat = nir.flatten "flat"(%in) {start_dim = -2 : i64, end_dim = -1 : i64, input_type = array<i64: 2, 2>} : tensor<2x2xf32> -> tensor<4xf32>
  %fc = nir.affine "fc"(%flat) {metadata = {layer = 1 : i64}, weight = dense<[[0.1, 0.2, 0.3, 0.4], [0.5, 0.6, 0.7, 0.8], [0.9, 1.0, 1.1, 1.2]]> : tensor<3x4xf32>, bias = dense<[0.1, 0.2, 0.3]> : tensor<3xf64>} : tensor<4xf32> -> tensor<3xf32>
  %outer = nir.subgraph "outer"(%fc) attributes {metadata = {kind = "block"}} : tensor<3xf32> {
    %i = nir.input "i" {metadata = {port = "in"}} : tensor<3xf32>
    %inner = nir.subgraph "inner"(%i, %rec) : tensor<3xf32> {
      %x = nir.input "x" : tensor<3xf32>
      %lif = nir.lif "lif"(%x) {tau = dense<[0.01, 0.02, 0.03]> : tensor<3xf64>, r = dense<1.0> : tensor<3xf32>, v_leak = dense<0.0> : tensor<3xf32>, v_threshold = dense<0.1> : tensor<3xf64>, v_reset = dense<0.0> : tensor<3xf32>} : tensor<3xf32>
      %y = nir.output "y"(%lif) {metadata = {port = "out"}} : tensor<3xf32>
    }
    %rec = nir.linear "rec"(%inner) {weight = dense<0.5> : tensor<3x3xf32>} : tensor<3xf32>
    %o = nir.output "o"(%inner) : tensor<3xf32>
  }
  %out = nir.output "out"(%outer) {metadata = {unit = "spikes"}} : tensor<3xf32>
}
