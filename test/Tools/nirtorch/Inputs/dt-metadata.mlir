// A graph whose metadata sets the time step.
nir.graph @leaky attributes {metadata = {dt = 5.0e-4 : f64}} {
  %input = nir.input "input" : tensor<2xf32>
  %li = nir.li "li"(%input) {tau = dense<1.0e-2> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%li) : tensor<2xf32>
}
