// forward(a, b) = fc(a) + b: two graph inputs, so --input-shape gives two
// shapes joined by ','.
!Net = !ts.module<"__torch__.TwoInputs">
!Linear = !ts.module<"__torch__.torch.nn.modules.linear.Linear">
module {
  ts.module @two_inputs "__torch__.TwoInputs" {
    ts.module @fc "__torch__.torch.nn.modules.linear.Linear" {
      ts.parameter @weight : !ts.tensor = dense<1.0> : tensor<2x4xf32>
      ts.parameter @bias : !ts.none = #ts.none
      ts.method @forward(%self: !Linear, %x: !ts.tensor) -> !ts.tensor {
        %weight = ts.get_attr %self["weight"] : !Linear -> !ts.tensor
        %bias = ts.get_attr %self["bias"] : !Linear -> !ts.none
        %0 = ts.operator "aten::linear"(%x, %weight, %bias) : (!ts.tensor, !ts.tensor, !ts.none) -> !ts.tensor
        ts.return %0 : !ts.tensor
      }
    }
    ts.method @forward(%self: !Net, %a: !ts.tensor, %b: !ts.tensor) -> !ts.tensor {
      %int1 = ts.constant(1) : !ts.int
      %fc = ts.get_attr %self["fc"] : !Net -> !Linear
      %0 = ts.call_method %fc["forward"](%a) : !Linear, (!ts.tensor) -> !ts.tensor
      %1 = ts.operator "aten::add.Tensor"(%0, %b, %int1) : (!ts.tensor, !ts.tensor, !ts.int) -> !ts.tensor
      ts.return %1 : !ts.tensor
    }
  }
}
