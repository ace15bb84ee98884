// A TorchScript module in the ts dialect (as nir-translate
// --import-torchscript gives it): a Linear followed by a library's LIF
// neuron, which has no built-in mapping; lif-map.json maps it.
!Net = !ts.module<"__torch__.Net">
!Linear = !ts.module<"__torch__.torch.nn.modules.linear.Linear">
!LIF = !ts.module<"__torch__.mylib.LIF">
module {
  ts.module @net "__torch__.Net" {
    ts.attribute @training : !ts.bool = false
    ts.module @fc "__torch__.torch.nn.modules.linear.Linear" {
      ts.parameter @weight : !ts.tensor = dense<[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]> : tensor<3x2xf32>
      ts.parameter @bias : !ts.tensor = dense<[0.5, 0.25, 0.125]> : tensor<3xf32>
      ts.attribute @training : !ts.bool = false
      ts.method @forward(%self: !Linear, %input: !ts.tensor) -> !ts.tensor {
        %weight = ts.get_attr %self["weight"] : !Linear -> !ts.tensor
        %bias = ts.get_attr %self["bias"] : !Linear -> !ts.tensor
        %0 = ts.operator "aten::linear"(%input, %weight, %bias) : (!ts.tensor, !ts.tensor, !ts.tensor) -> !ts.tensor
        ts.return %0 : !ts.tensor
      }
    }
    ts.module @lif "__torch__.mylib.LIF" {
      ts.buffer @tau : !ts.tensor = dense<2.0e-2> : tensor<3xf32>
      ts.buffer @v_threshold : !ts.tensor = dense<1.0> : tensor<3xf32>
      ts.attribute @training : !ts.bool = false
      ts.method @forward(%self: !LIF, %x: !ts.tensor) -> !ts.tensor {
        %threshold = ts.get_attr %self["v_threshold"] : !LIF -> !ts.tensor
        %0 = ts.operator "aten::gt.Tensor"(%x, %threshold) : (!ts.tensor, !ts.tensor) -> !ts.tensor
        ts.return %0 : !ts.tensor
      }
    }
    ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
      %fc = ts.get_attr %self["fc"] : !Net -> !Linear
      %lif = ts.get_attr %self["lif"] : !Net -> !LIF
      %0 = ts.call_method %fc["forward"](%x) : !Linear, (!ts.tensor) -> !ts.tensor
      %1 = ts.call_method %lif["forward"](%0) : !LIF, (!ts.tensor) -> !ts.tensor
      ts.return %1 : !ts.tensor
    }
  }
}
