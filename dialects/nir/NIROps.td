//===- NIROps.td - NIR graph and node ops -------------------*- tablegen -*-===//
//
// One op per NIR node type (spec/nir-format.md section 2). Every spec rule a
// verifier enforces is numbered in a comment next to its check in
// lib/Dialect/NIR/IR/NIROps.cpp and has its own case in
// test/Dialect/NIR/invalid.mlir.
//
//===----------------------------------------------------------------------===//

#ifndef NIRTORCH_DIALECT_NIR_OPS_TD
#define NIRTORCH_DIALECT_NIR_OPS_TD

include "NIRDialect.td"
include "NIRInterfaces.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"
include "mlir/IR/RegionKindInterface.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/IR/CommonAttrConstraints.td"
include "mlir/IR/CommonTypeConstraints.td"
include "mlir/IR/OpAsmInterface.td"

//===----------------------------------------------------------------------===//
// Constraints
//===----------------------------------------------------------------------===//

// param_c1: a parameter is a statically shaped elements attribute with integer
// or floating-point elements (any width: the file's dtype is kept).
def NIR_ParamAttr : ElementsAttrBase<
    CPred<"::mlir::nir::isParamAttr($_self)">,
    "statically shaped integer or floating-point elements attribute">;

// signal_c1: a signal (edge) is a float tensor: statically shaped (the NIR
// shape, without batch or time dimension) or unranked (its shape is not
// inferred yet; signal_c2 allows that only in `unchecked` graphs).
def NIR_Signal : AnyTypeOf<
    [StaticShapeTensorOf<[AnyFloat]>, UnrankedTensorOf<[AnyFloat]>],
    "statically shaped or unranked tensor of floating-point values",
    "::mlir::TensorType">;

// port_c1: an Input or Output node's result is its NIR `shape`, so it is
// statically shaped even in an `unchecked` graph.
def NIR_PortSignal : StaticShapeTensorOf<[AnyFloat]>;

//===----------------------------------------------------------------------===//
// Graphs
//===----------------------------------------------------------------------===//

def NIR_GraphOp : NIR_Op<"graph", [
    Symbol, IsolatedFromAbove, GraphRegionNoTerminator]> {
  let summary = "A NIR graph (the root of a `.nir` file)";
  let description = [{
    A graph of NIR nodes. The body is a graph region: nodes may use values
    defined after them, so recurrent edges and self-loops need no extra ops.
    Node names are unique within the body. `metadata` is the graph's NIR
    metadata; `unchecked` marks a graph read with type checking off, whose
    edge-type rules (and those of its nested graphs) are not enforced and
    whose signals may be unranked (`tensor<*xf32>`, not inferred yet; see
    `nir-infer-shapes`). `dt` (seconds) is the time step that
    `nir-discretize` computed the neurons' Euler factors for; it is not part
    of the NIR file.

    ```mlir
    nir.graph @net {
      %in = nir.input "input" : tensor<2xf32>
      %a = nir.affine "fc"(%in) {weight = dense<1.0> : tensor<3x2xf32>,
                                 bias = dense<0.0> : tensor<3xf32>}
          : tensor<2xf32> -> tensor<3xf32>
      %out = nir.output "output"(%a) : tensor<3xf32>
    }
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name,
                       OptionalAttr<DictionaryAttr>:$metadata,
                       UnitAttr:$unchecked,
                       OptionalAttr<F64Attr>:$dt);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = "$sym_name attr-dict-with-keyword $body";
  let hasRegionVerifier = 1;
  let skipDefaultBuilders = 1;
  let builders = [OpBuilder<(ins "::llvm::StringRef":$name)>];
  let extraClassDeclaration = [{
    ::mlir::Block &getBodyBlock() { return getBody().front(); }
  }];
}

// node_c1: a node lives directly in a graph body (ParentOneOf).
class NIR_NodeOp<string mnemonic, string nirType, list<Trait> traits = []>
    : NIR_Op<mnemonic, !listconcat(traits, [
        ParentOneOf<["GraphOp", "SubgraphOp"]>, OpAsmOpInterface,
        DeclareOpInterfaceMethods<NIR_NodeOpInterface>])> {
  code extraNodeDeclaration = "";
  let extraClassDeclaration = [{
    static constexpr ::llvm::StringLiteral getNIRType() {
      return ::llvm::StringLiteral("}] # nirType # [{");
    }
    /// Names the printed result after the node, so `%lif` reads as "the
    /// output of node lif".
    void getAsmResultNames(
        ::llvm::function_ref<void(::mlir::Value, ::llvm::StringRef)> setName) {
      setName(getOutput(), getName());
    }
  }] # extraNodeDeclaration;
}

// A node with incoming edges and an output signal; the parameters go between
// the name and the metadata.
class NIR_EdgeNodeOp<string mnemonic, string nirType, dag params,
                     list<Trait> traits = []>
    : NIR_NodeOp<mnemonic, nirType, traits> {
  let arguments = !con((ins StrAttr:$name, Variadic<NIR_Signal>:$inputs),
                       params,
                       (ins OptionalAttr<DictionaryAttr>:$metadata));
  let results = (outs NIR_Signal:$output);
  let assemblyFormat = [{
    $name `(` $inputs `)` attr-dict `:`
    custom<EdgeTypes>(ref($inputs), type($inputs), type($output))
  }];
}

def NIR_SubgraphOp : NIR_NodeOp<"subgraph", "NIRGraph", [
    IsolatedFromAbove, GraphRegionNoTerminator]> {
  let summary = "A node holding a nested NIR graph";
  let description = [{
    A NIR graph used as a node of its parent. The incoming edges (summed)
    feed the nested graph's single Input node; the result is the signal of
    its single Output node. Edges inside and outside stay apart.
  }];
  let arguments = (ins StrAttr:$name, Variadic<NIR_Signal>:$inputs,
                       OptionalAttr<DictionaryAttr>:$metadata);
  let results = (outs NIR_Signal:$output);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    $name `(` $inputs `)` attr-dict-with-keyword `:`
    custom<EdgeTypes>(ref($inputs), type($inputs), type($output)) $body
  }];
  let hasRegionVerifier = 1;
  let extraNodeDeclaration = [{
    ::mlir::Block &getBodyBlock() { return getBody().front(); }
  }];
}

//===----------------------------------------------------------------------===//
// Graph ports
//===----------------------------------------------------------------------===//

def NIR_InputOp : NIR_NodeOp<"input", "Input"> {
  let summary = "A graph input port";
  let description = [{
    An entry of the graph; its result type is the NIR `shape`. Input nodes
    have no incoming edges.
  }];
  let arguments = (ins StrAttr:$name, OptionalAttr<DictionaryAttr>:$metadata);
  let results = (outs NIR_PortSignal:$output);
  let assemblyFormat = "$name attr-dict `:` type($output)";
}

def NIR_OutputOp : NIR_NodeOp<"output", "Output"> {
  let summary = "A graph output port";
  let description = [{
    An exit of the graph; its result type is the NIR `shape`. Its result
    names the port for the enclosing graph and must have no uses: an Output
    node has no outgoing edges.
  }];
  let arguments = (ins StrAttr:$name, Variadic<NIR_Signal>:$inputs,
                       OptionalAttr<DictionaryAttr>:$metadata);
  let results = (outs NIR_PortSignal:$output);
  let assemblyFormat = [{
    $name `(` $inputs `)` attr-dict `:`
    custom<EdgeTypes>(ref($inputs), type($inputs), type($output))
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Synapses and structure
//===----------------------------------------------------------------------===//

def NIR_AffineOp : NIR_EdgeNodeOp<"affine", "Affine",
    (ins NIR_ParamAttr:$weight, NIR_ParamAttr:$bias)> {
  let summary = "Affine map y = W x + b";
  let description = [{
    `weight` has shape `(..., N_out, N_in)` (leading dims are a batch of
    matrices); `bias` broadcasts to the output shape `(..., N_out)`.
  }];
  let hasVerifier = 1;
  let hasCanonicalizer = 1;
}

def NIR_LinearOp : NIR_EdgeNodeOp<"linear", "Linear",
    (ins NIR_ParamAttr:$weight)> {
  let summary = "Linear map y = W x";
  let description = "`weight` has shape `(..., N_out, N_in)`.";
  let hasVerifier = 1;
  let hasCanonicalizer = 1;
}

def NIR_ScaleOp : NIR_EdgeNodeOp<"scale", "Scale", (ins NIR_ParamAttr:$scale)> {
  let summary = "Elementwise scaling y = s * x";
  let hasCanonicalizer = 1;
}

def NIR_Conv1dOp : NIR_EdgeNodeOp<"conv1d", "Conv1d",
    (ins OptionalAttr<I64Attr>:$input_shape, NIR_ParamAttr:$weight,
         I64Attr:$stride, AnyAttrOf<[I64Attr, StrAttr]>:$padding,
         I64Attr:$dilation, I64Attr:$groups, NIR_ParamAttr:$bias)> {
  let summary = "1-D convolution with PyTorch conventions";
  let description = [{
    Input `(C_in, N)`, `weight (C_out, C_in / groups, K)`, `bias (C_out)`.
    `padding` is an integer or the string "same" or "valid". `input_shape`
    is the spatial length N; files written before Oct 2023 lack it.
  }];
  let hasVerifier = 1;
}

def NIR_Conv2dOp : NIR_EdgeNodeOp<"conv2d", "Conv2d",
    (ins OptionalAttr<DenseI64ArrayAttr>:$input_shape, NIR_ParamAttr:$weight,
         DenseI64ArrayAttr:$stride,
         AnyAttrOf<[DenseI64ArrayAttr, StrAttr]>:$padding,
         DenseI64ArrayAttr:$dilation, I64Attr:$groups,
         NIR_ParamAttr:$bias)> {
  let summary = "2-D convolution with PyTorch conventions";
  let description = [{
    Input `(C_in, H, W)`, `weight (C_out, C_in / groups, kH, kW)`,
    `bias (C_out)`. `stride`, `dilation` and an explicit `padding` hold
    `(H, W)` pairs; `padding` may instead be "same" or "valid".
    `input_shape` is `(H, W)`.
  }];
  let hasVerifier = 1;
}

class NIR_Pool2dOp<string mnemonic, string nirType, string what>
    : NIR_EdgeNodeOp<mnemonic, nirType,
        (ins DenseI64ArrayAttr:$kernel_size, DenseI64ArrayAttr:$stride,
             DenseI64ArrayAttr:$padding)> {
  let summary = "2-D " # what # " pooling over (C, H, W)";
  let description = [{
    `kernel_size`, `stride` and `padding` are `(H, W)` pairs. Padding adds
    zeros; the output extent is floor((N + 2p - k) / s) + 1.
  }];
  let hasVerifier = 1;
}

def NIR_SumPool2dOp : NIR_Pool2dOp<"sum_pool2d", "SumPool2d", "sum">;
def NIR_AvgPool2dOp : NIR_Pool2dOp<"avg_pool2d", "AvgPool2d", "average">;

def NIR_FlattenOp : NIR_EdgeNodeOp<"flatten", "Flatten",
    (ins OptionalAttr<DenseI64ArrayAttr>:$input_type, I64Attr:$start_dim,
         I64Attr:$end_dim)> {
  let summary = "Merge dims start_dim..end_dim (inclusive) of the signal";
  let description = [{
    Dims count from the batch-less NIR shape; negative dims count from the
    end. `input_type` is the input shape as the file stores it.
  }];
  let hasVerifier = 1;
  let hasCanonicalizer = 1;
}

def NIR_DelayOp : NIR_EdgeNodeOp<"delay", "Delay",
    (ins NIR_ParamAttr:$delay, OptionalAttr<NIR_ParamAttr>:$steps)> {
  let summary = "Per-element delay y(t) = x(t - delay)";
  let description = [{
    `delay` is in seconds. `steps`, written by `nir-discretize`, is the delay
    in time steps of the graph's `dt`: round(delay / dt), ties to even.
  }];
  let hasVerifier = 1;
}

def NIR_ThresholdOp : NIR_EdgeNodeOp<"threshold", "Threshold",
    (ins NIR_ParamAttr:$threshold)> {
  let summary = "Heaviside threshold z = H(x - threshold)";
}

//===----------------------------------------------------------------------===//
// Neurons
//===----------------------------------------------------------------------===//

// The explicit Euler factors `nir-discretize` adds (not part of the NIR file;
// include/nirtorch/Dialect/NIR/Discretization.h defines them): one state
// steps as s' = decay * s + (1 - decay) * v_leak + gain * u.
defvar NIR_EulerFactors = (ins OptionalAttr<NIR_ParamAttr>:$decay,
                               OptionalAttr<NIR_ParamAttr>:$gain);
defvar NIR_CubaEulerFactors = (ins OptionalAttr<NIR_ParamAttr>:$syn_decay,
                                   OptionalAttr<NIR_ParamAttr>:$syn_gain,
                                   OptionalAttr<NIR_ParamAttr>:$mem_decay,
                                   OptionalAttr<NIR_ParamAttr>:$mem_gain);

def NIR_IOp : NIR_EdgeNodeOp<"i", "I",
    !con((ins NIR_ParamAttr:$r), NIR_EulerFactors)> {
  let summary = "Integrator dv/dt = R x, output v";
  let hasVerifier = 1;
}

def NIR_IFOp : NIR_EdgeNodeOp<"if", "IF",
    !con((ins NIR_ParamAttr:$r, NIR_ParamAttr:$v_threshold,
         NIR_ParamAttr:$v_reset), NIR_EulerFactors)> {
  let summary = "Integrate-and-fire neuron, output spikes";
  let hasVerifier = 1;
}

def NIR_LIOp : NIR_EdgeNodeOp<"li", "LI",
    !con((ins NIR_ParamAttr:$tau, NIR_ParamAttr:$r, NIR_ParamAttr:$v_leak), NIR_EulerFactors)> {
  let summary = "Leaky integrator tau dv/dt = (v_leak - v) + R x, output v";
  let hasVerifier = 1;
}

def NIR_LIFOp : NIR_EdgeNodeOp<"lif", "LIF",
    !con((ins NIR_ParamAttr:$tau, NIR_ParamAttr:$r, NIR_ParamAttr:$v_leak,
         NIR_ParamAttr:$v_threshold, NIR_ParamAttr:$v_reset), NIR_EulerFactors)> {
  let summary = "Leaky integrate-and-fire neuron, output spikes";
  let hasVerifier = 1;
}

def NIR_CubaLIOp : NIR_EdgeNodeOp<"cuba_li", "CubaLI",
    !con((ins NIR_ParamAttr:$tau_syn, NIR_ParamAttr:$tau_mem, NIR_ParamAttr:$r,
         NIR_ParamAttr:$v_leak, NIR_ParamAttr:$w_in), NIR_CubaEulerFactors)> {
  let summary = "Current-based leaky integrator, output v";
  let hasVerifier = 1;
}

def NIR_CubaLIFOp : NIR_EdgeNodeOp<"cuba_lif", "CubaLIF",
    !con((ins NIR_ParamAttr:$tau_syn, NIR_ParamAttr:$tau_mem, NIR_ParamAttr:$r,
         NIR_ParamAttr:$v_leak, NIR_ParamAttr:$v_threshold,
         NIR_ParamAttr:$v_reset, NIR_ParamAttr:$w_in), NIR_CubaEulerFactors)> {
  let summary = "Current-based leaky integrate-and-fire neuron, output spikes";
  let hasVerifier = 1;
}

#endif // NIRTORCH_DIALECT_NIR_OPS_TD
