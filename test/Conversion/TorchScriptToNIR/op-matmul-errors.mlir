// RUN: nir-opt %s --verify-diagnostics --convert-torchscript-to-nir="input-shape=3"
// RUN: nir-opt %s --verify-diagnostics --lower-torchscript-to-nir="input-shape=3"

// `x @ W + b` fuses into one Affine node only when the product reaches the
// add directly: here the same product also flows on through a tuple, which
// would keep an edge to the replaced Linear node.
!Net = !ts.module<"__torch__.SharedProduct">
ts.module @shared_product "__torch__.SharedProduct" {
  ts.buffer @w : !ts.tensor = dense<1.0> : tensor<3x3xf32>
  ts.buffer @b : !ts.tensor = dense<0.5> : tensor<3xf32>
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %w = ts.get_attr %self["w"] : !Net -> !ts.tensor
    %b = ts.get_attr %self["b"] : !Net -> !ts.tensor
    %int1 = ts.constant(1) : !ts.int
    %y = ts.operator "aten::matmul"(%x, %w) : (!ts.tensor, !ts.tensor) -> !ts.tensor
    %t = ts.tuple_construct %y, %y : (!ts.tensor, !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor>
    %u:2 = ts.tuple_unpack %t : !ts.tuple<!ts.tensor, !ts.tensor> -> !ts.tensor, !ts.tensor
    // expected-error @below {{cannot lower 'aten::add.Tensor' in module <root> (class '__torch__.SharedProduct'): only the sum of two signals, or x @ W + b with constant W and b, is supported}}
    %z = ts.operator "aten::add.Tensor"(%u#0, %b, %int1) : (!ts.tensor, !ts.tensor, !ts.int) -> !ts.tensor
    %s = ts.operator "aten::add.Tensor"(%z, %u#1, %int1) : (!ts.tensor, !ts.tensor, !ts.int) -> !ts.tensor
    ts.return %s : !ts.tensor
  }
}
