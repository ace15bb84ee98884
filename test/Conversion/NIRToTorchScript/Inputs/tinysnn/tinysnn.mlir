// The ts IR of the tinysnn.pt that make_tinysnn.py saves (tinysnn.py's
// Library), for torch-free tests: regenerate with
//   make_tinysnn.py OUT && nir-translate --import-torchscript OUT/tinysnn.pt
!Dense = !ts.module<"__torch__.tinysnn.Dense">
!Integrator = !ts.module<"__torch__.tinysnn.Integrator">
!Leaky = !ts.module<"__torch__.tinysnn.Leaky">
!Library = !ts.module<"__torch__.tinysnn.Library">
!Synaptic = !ts.module<"__torch__.tinysnn.Synaptic">
module {
  ts.module @root "__torch__.tinysnn.Library" {
    ts.attribute @training : !ts.bool = true
    ts.attribute @_is_full_backward_hook : !ts.optional<!ts.bool> = #ts.none
    ts.module @leaky "__torch__.tinysnn.Leaky" {
      ts.buffer @beta : !ts.tensor = dense<0.899999976> : tensor<f32>
      ts.buffer @gain : !ts.tensor = dense<1.000000e-01> : tensor<f32>
      ts.buffer @leak : !ts.tensor = dense<0.000000e+00> : tensor<f32>
      ts.buffer @threshold : !ts.tensor = dense<1.000000e+00> : tensor<f32>
      ts.buffer @reset_value : !ts.tensor = dense<0.000000e+00> : tensor<f32>
      ts.attribute @training : !ts.bool = true
      ts.attribute @_is_full_backward_hook : !ts.optional<!ts.bool> = #ts.none
      ts.method @forward(%self: !Leaky, %x: !ts.tensor, %mem: !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor> {
        %none = ts.constant(#ts.none) : !ts.none
        %false = ts.constant(false) : !ts.bool
        %int1 = ts.constant(1) : !ts.int
        %beta = ts.get_attr %self["beta"] : !Leaky -> !ts.tensor
        %0 = ts.operator "aten::mul.Tensor"(%beta, %mem) : (!ts.tensor, !ts.tensor) -> !ts.tensor
        %leak = ts.get_attr %self["leak"] : !Leaky -> !ts.tensor
        %1 = ts.operator "aten::add.Tensor"(%0, %leak, %int1) : (!ts.tensor, !ts.tensor, !ts.int) -> !ts.tensor
        %gain = ts.get_attr %self["gain"] : !Leaky -> !ts.tensor
        %2 = ts.operator "aten::mul.Tensor"(%gain, %x) : (!ts.tensor, !ts.tensor) -> !ts.tensor
        %3 = ts.operator "aten::add.Tensor"(%1, %2, %int1) : (!ts.tensor, !ts.tensor, !ts.int) -> !ts.tensor
        %threshold = ts.get_attr %self["threshold"] : !Leaky -> !ts.tensor
        %reset_value = ts.get_attr %self["reset_value"] : !Leaky -> !ts.tensor
        %4 = ts.call_function @__torch__.tinysnn.fire(%3, %threshold, %reset_value) : (!ts.tensor, !ts.tensor, !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor>
        %5:2 = ts.tuple_unpack %4 : !ts.tuple<!ts.tensor, !ts.tensor> -> !ts.tensor, !ts.tensor
        %6 = ts.operator "prim::dtype"(%x) : (!ts.tensor) -> !ts.int
        %7 = ts.operator "aten::to.dtype"(%5#0, %6, %false, %false, %none) : (!ts.tensor, !ts.int, !ts.bool, !ts.bool, !ts.none) -> !ts.tensor
        %8 = ts.tuple_construct %7, %5#1 : (!ts.tensor, !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor>
        ts.return %8 : !ts.tuple<!ts.tensor, !ts.tensor>
      }
    }
    ts.module @synaptic "__torch__.tinysnn.Synaptic" {
      ts.buffer @alpha : !ts.tensor = dense<8.000000e-01> : tensor<f32>
      ts.buffer @syn_gain : !ts.tensor = dense<2.000000e-01> : tensor<f32>
      ts.buffer @beta : !ts.tensor = dense<0.899999976> : tensor<f32>
      ts.buffer @leak : !ts.tensor = dense<0.000000e+00> : tensor<f32>
      ts.buffer @mem_gain : !ts.tensor = dense<1.000000e-01> : tensor<f32>
      ts.buffer @threshold : !ts.tensor = dense<1.000000e+00> : tensor<f32>
      ts.buffer @reset_value : !ts.tensor = dense<0.000000e+00> : tensor<f32>
      ts.attribute @training : !ts.bool = true
      ts.attribute @_is_full_backward_hook : !ts.optional<!ts.bool> = #ts.none
      ts.method @forward(%self: !Synaptic, %x: !ts.tensor, %state: !ts.tuple<!ts.tensor, !ts.tensor>) -> !ts.tuple<!ts.tensor, !ts.tuple<!ts.tensor, !ts.tensor>> {
        %none = ts.constant(#ts.none) : !ts.none
        %false = ts.constant(false) : !ts.bool
        %int1 = ts.constant(1) : !ts.int
        %0:2 = ts.tuple_unpack %state : !ts.tuple<!ts.tensor, !ts.tensor> -> !ts.tensor, !ts.tensor
        %alpha = ts.get_attr %self["alpha"] : !Synaptic -> !ts.tensor
        %1 = ts.operator "aten::mul.Tensor"(%alpha, %0#0) : (!ts.tensor, !ts.tensor) -> !ts.tensor
        %syn_gain = ts.get_attr %self["syn_gain"] : !Synaptic -> !ts.tensor
        %2 = ts.operator "aten::mul.Tensor"(%syn_gain, %x) : (!ts.tensor, !ts.tensor) -> !ts.tensor
        %3 = ts.operator "aten::add.Tensor"(%1, %2, %int1) : (!ts.tensor, !ts.tensor, !ts.int) -> !ts.tensor
        %beta = ts.get_attr %self["beta"] : !Synaptic -> !ts.tensor
        %4 = ts.operator "aten::mul.Tensor"(%beta, %0#1) : (!ts.tensor, !ts.tensor) -> !ts.tensor
        %leak = ts.get_attr %self["leak"] : !Synaptic -> !ts.tensor
        %5 = ts.operator "aten::add.Tensor"(%4, %leak, %int1) : (!ts.tensor, !ts.tensor, !ts.int) -> !ts.tensor
        %mem_gain = ts.get_attr %self["mem_gain"] : !Synaptic -> !ts.tensor
        %6 = ts.operator "aten::mul.Tensor"(%mem_gain, %0#0) : (!ts.tensor, !ts.tensor) -> !ts.tensor
        %7 = ts.operator "aten::add.Tensor"(%5, %6, %int1) : (!ts.tensor, !ts.tensor, !ts.int) -> !ts.tensor
        %threshold = ts.get_attr %self["threshold"] : !Synaptic -> !ts.tensor
        %reset_value = ts.get_attr %self["reset_value"] : !Synaptic -> !ts.tensor
        %8 = ts.call_function @__torch__.tinysnn.fire(%7, %threshold, %reset_value) : (!ts.tensor, !ts.tensor, !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor>
        %9:2 = ts.tuple_unpack %8 : !ts.tuple<!ts.tensor, !ts.tensor> -> !ts.tensor, !ts.tensor
        %10 = ts.operator "prim::dtype"(%x) : (!ts.tensor) -> !ts.int
        %11 = ts.operator "aten::to.dtype"(%9#0, %10, %false, %false, %none) : (!ts.tensor, !ts.int, !ts.bool, !ts.bool, !ts.none) -> !ts.tensor
        %12 = ts.tuple_construct %3, %9#1 : (!ts.tensor, !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor>
        %13 = ts.tuple_construct %11, %12 : (!ts.tensor, !ts.tuple<!ts.tensor, !ts.tensor>) -> !ts.tuple<!ts.tensor, !ts.tuple<!ts.tensor, !ts.tensor>>
        ts.return %13 : !ts.tuple<!ts.tensor, !ts.tuple<!ts.tensor, !ts.tensor>>
      }
    }
    ts.module @integrator "__torch__.tinysnn.Integrator" {
      ts.buffer @tau_mem_inv : !ts.tensor = dense<1.000000e+02> : tensor<f32>
      ts.buffer @v_leak : !ts.tensor = dense<0.000000e+00> : tensor<f32>
      ts.buffer @dt : !ts.tensor = dense<1.000000e-03> : tensor<f32>
      ts.attribute @training : !ts.bool = true
      ts.attribute @_is_full_backward_hook : !ts.optional<!ts.bool> = #ts.none
      ts.attribute @r : !ts.float = 1.000000e+00
      ts.method @forward(%self: !Integrator, %x: !ts.tensor, %state: !ts.dict<!ts.str, !ts.tensor>) -> !ts.tuple<!ts.tensor, !ts.dict<!ts.str, !ts.tensor>> {
        %int1 = ts.constant(1) : !ts.int
        %str = ts.constant("v") : !ts.str
        %0 = ts.operator "aten::__getitem__.Dict_str"(%state, %str) : (!ts.dict<!ts.str, !ts.tensor>, !ts.str) -> !ts.tensor
        %dt = ts.get_attr %self["dt"] : !Integrator -> !ts.tensor
        %tau_mem_inv = ts.get_attr %self["tau_mem_inv"] : !Integrator -> !ts.tensor
        %1 = ts.operator "aten::mul.Tensor"(%dt, %tau_mem_inv) : (!ts.tensor, !ts.tensor) -> !ts.tensor
        %v_leak = ts.get_attr %self["v_leak"] : !Integrator -> !ts.tensor
        %2 = ts.operator "aten::sub.Tensor"(%v_leak, %0, %int1) : (!ts.tensor, !ts.tensor, !ts.int) -> !ts.tensor
        %r = ts.get_attr %self["r"] : !Integrator -> !ts.float
        %3 = ts.operator "aten::mul.Scalar"(%x, %r) : (!ts.tensor, !ts.float) -> !ts.tensor
        %4 = ts.operator "aten::add.Tensor"(%2, %3, %int1) : (!ts.tensor, !ts.tensor, !ts.int) -> !ts.tensor
        %5 = ts.operator "aten::mul.Tensor"(%1, %4) : (!ts.tensor, !ts.tensor) -> !ts.tensor
        %6 = ts.operator "aten::add.Tensor"(%0, %5, %int1) : (!ts.tensor, !ts.tensor, !ts.int) -> !ts.tensor
        %7 = ts.dict_construct %str, %6 : (!ts.str, !ts.tensor) -> !ts.dict<!ts.str, !ts.tensor>
        %8 = ts.tuple_construct %6, %7 : (!ts.tensor, !ts.dict<!ts.str, !ts.tensor>) -> !ts.tuple<!ts.tensor, !ts.dict<!ts.str, !ts.tensor>>
        ts.return %8 : !ts.tuple<!ts.tensor, !ts.dict<!ts.str, !ts.tensor>>
      }
    }
    ts.module @dense "__torch__.tinysnn.Dense" {
      ts.parameter @weight requires_grad : !ts.tensor = dense<0.000000e+00> : tensor<1x1xf32>
      ts.parameter @bias requires_grad : !ts.tensor = dense<0.000000e+00> : tensor<1xf32>
      ts.attribute @training : !ts.bool = true
      ts.attribute @_is_full_backward_hook : !ts.optional<!ts.bool> = #ts.none
      ts.method @forward(%self: !Dense, %x: !ts.tensor) -> !ts.tensor {
        %weight = ts.get_attr %self["weight"] : !Dense -> !ts.tensor
        %bias = ts.get_attr %self["bias"] : !Dense -> !ts.tensor
        %0 = ts.operator "aten::linear"(%x, %weight, %bias) : (!ts.tensor, !ts.tensor, !ts.tensor) -> !ts.tensor
        ts.return %0 : !ts.tensor
      }
    }
    ts.method @forward(%self: !Library, %x: !ts.tensor) -> !ts.tensor {
      %dense = ts.get_attr %self["dense"] : !Library -> !Dense
      %0 = ts.call_method %dense["forward"](%x) : !Dense, (!ts.tensor) -> !ts.tensor
      ts.return %0 : !ts.tensor
    }
  }
  ts.function @__torch__.tinysnn.fire(%v: !ts.tensor, %threshold: !ts.tensor, %reset: !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor> {
    %0 = ts.operator "aten::gt.Tensor"(%v, %threshold) : (!ts.tensor, !ts.tensor) -> !ts.tensor
    %1 = ts.operator "aten::where.self"(%0, %reset, %v) : (!ts.tensor, !ts.tensor, !ts.tensor) -> !ts.tensor
    %2 = ts.tuple_construct %0, %1 : (!ts.tensor, !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor>
    ts.return %2 : !ts.tuple<!ts.tensor, !ts.tensor>
  }
}
