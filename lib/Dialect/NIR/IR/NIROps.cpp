//===- NIROps.cpp - NIR graph and node ops --------------------------------===//
//
// Verifiers carry one check per spec rule. Each check is labelled with its
// rule (`// lif_c1`) and has a case of the same label in
// test/Dialect/NIR/invalid.mlir; docs/NIRRules.md lists them all.
//
//===----------------------------------------------------------------------===//

#include "nirtorch/Dialect/NIR/NIROps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/OpImplementation.h"
#include "nirtorch/Dialect/NIR/Discretization.h"
#include "nirtorch/Dialect/NIR/NIRParams.h"
#include "nirtorch/Dialect/NIR/NIRShapes.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/MathExtras.h"

#include <cmath>

using namespace mlir;
using namespace mlir::nir;

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

bool nir::isParamAttr(Attribute attr) {
  auto elements = llvm::dyn_cast_or_null<ElementsAttr>(attr);
  if (!elements)
    return false;
  ShapedType type = elements.getShapedType();
  return type.hasStaticShape() &&
         llvm::isa<IntegerType, FloatType>(type.getElementType());
}

std::optional<int64_t> nir::getStorageBytes(ShapedType type) {
  if (!type.hasStaticShape() || !type.getElementType().isIntOrFloat())
    return std::nullopt;
  int64_t bytes = llvm::divideCeil(type.getElementTypeBitWidth(), 8);
  for (int64_t extent : type.getShape())
    if (__builtin_mul_overflow(bytes, extent, &bytes))
      return std::nullopt;
  return bytes;
}

LogicalResult nir::verifyDataSizes(Operation *op) {
  // signal_c3: a signal's byte size fits in int64.
  for (Type type : op->getResultTypes()) {
    auto shaped = llvm::dyn_cast<ShapedType>(type);
    if (shaped && shaped.hasStaticShape() && !getStorageBytes(shaped))
      return op->emitOpError()
             << "result type " << type << " holds more bytes than fit in 64 "
             << "bits";
  }
  // Parameters and metadata arrays, at any depth of the metadata.
  WalkResult result = op->getAttrDictionary().walk([&](ElementsAttr elements) {
    auto type = llvm::dyn_cast<ShapedType>(elements.getType());
    if (!type || !type.hasStaticShape() || !type.getElementType().isIntOrFloat())
      return WalkResult::advance();
    std::optional<int64_t> bytes = getStorageBytes(type);
    // param_c2: a parameter's byte size fits in int64.
    if (!bytes) {
      op->emitOpError() << "has an array of type " << type
                        << ", which holds more bytes than fit in 64 bits";
      return WalkResult::interrupt();
    }
    // param_c4: a splat (one value standing for every element) holds at
    // most kMaxSplatElements elements: reading, folding, raising or writing
    // it expands it, at a cost out of all proportion to the text's size.
    if (auto dense = llvm::dyn_cast<DenseElementsAttr>(elements);
        dense && dense.isSplat() && *bytes > 0 &&
        uint64_t(*bytes) / llvm::divideCeil(type.getElementTypeBitWidth(), 8) >
            kMaxSplatElements) {
      op->emitOpError() << "has a splat array of type " << type
                        << ": one value standing for more than "
                        << kMaxSplatElements
                        << " elements is refused, as using it expands it";
      return WalkResult::interrupt();
    }
    // param_c3: a resource blob holds the bytes its type needs, no more and
    // no fewer (a blob that is not loaded is left to its readers).
    if (auto resource = llvm::dyn_cast<DenseResourceElementsAttr>(elements))
      if (AsmResourceBlob *blob = resource.getRawHandle().getBlob();
          blob && blob->getData().size() != uint64_t(*bytes)) {
        op->emitOpError() << "has an array of type " << type
                          << " whose resource '"
                          << resource.getRawHandle().getKey() << "' holds "
                          << blob->getData().size() << " bytes; the type needs "
                          << *bytes;
        return WalkResult::interrupt();
      }
    return WalkResult::advance();
  });
  return failure(result.wasInterrupted());
}

bool nir::isUncheckedGraph(Operation *op) {
  for (; op; op = op->getParentOp())
    if (auto graph = llvm::dyn_cast<GraphOp>(op))
      return graph.getUnchecked();
  return false;
}

bool nir::hasInferredShape(Value signal) {
  return llvm::isa<RankedTensorType>(signal.getType());
}

LogicalResult nir::verifyShapesInferred(Operation *graph) {
  WalkResult walk = graph->walk<WalkOrder::PreOrder>([](NodeOpInterface node) {
    if (hasInferredShape(node->getResult(0)))
      return WalkResult::advance();
    node->emitError() << "node '" << node.getNodeName()
                      << "' has no inferred shape; run --nir-infer-shapes";
    return WalkResult::interrupt();
  });
  return failure(walk.wasInterrupted());
}

static ArrayRef<int64_t> shapeOf(Attribute elements) {
  return llvm::cast<ElementsAttr>(elements).getShapedType().getShape();
}

static ArrayRef<int64_t> shapeOf(Value signal) {
  return llvm::cast<ShapedType>(signal.getType()).getShape();
}

/// Checks that the named parameters all share the first one's shape.
static LogicalResult
verifySameParamShapes(Operation *op,
                      ArrayRef<std::pair<StringRef, Attribute>> params) {
  ArrayRef<int64_t> expected = shapeOf(params.front().second);
  for (auto [name, attr] : params.drop_front()) {
    if (shapeOf(attr) != expected)
      return op->emitOpError()
             << "parameter '" << name << "' has shape "
             << formatShape(shapeOf(attr)) << " but '" << params.front().first
             << "' has shape " << formatShape(expected)
             << "; all parameters must share one shape";
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Custom directive: edge types
//
//   : T             all incoming edges and the result have type T
//   : T -> R        all incoming edges have type T, the result R
//   : (T1, T2) -> R edges of differing types (only in unchecked graphs)
//===----------------------------------------------------------------------===//

static ParseResult
parseEdgeTypes(OpAsmParser &parser,
               ArrayRef<OpAsmParser::UnresolvedOperand> inputs,
               SmallVectorImpl<Type> &inputTypes, Type &resultType) {
  if (succeeded(parser.parseOptionalLParen())) {
    if (failed(parser.parseOptionalRParen())) {
      if (parser.parseTypeList(inputTypes) || parser.parseRParen())
        return failure();
    }
    if (inputTypes.size() != inputs.size())
      return parser.emitError(parser.getCurrentLocation())
             << "expected " << inputs.size() << " edge types, got "
             << inputTypes.size();
    return failure(parser.parseArrow() || parser.parseType(resultType));
  }
  Type first;
  llvm::SMLoc loc = parser.getCurrentLocation();
  if (parser.parseType(first))
    return failure();
  if (succeeded(parser.parseOptionalArrow())) {
    if (inputs.empty())
      return parser.emitError(loc)
             << "a node without incoming edges takes only its result type";
    if (parser.parseType(resultType))
      return failure();
  } else {
    resultType = first;
  }
  inputTypes.assign(inputs.size(), first);
  return success();
}

static void printEdgeTypes(OpAsmPrinter &printer, Operation *, OperandRange,
                           TypeRange inputTypes, Type resultType) {
  if (inputTypes.empty()) {
    printer << resultType;
    return;
  }
  if (llvm::all_equal(inputTypes)) {
    printer << inputTypes.front();
    if (inputTypes.front() != resultType)
      printer << " -> " << resultType;
    return;
  }
  printer << '(';
  llvm::interleaveComma(inputTypes, printer);
  printer << ") -> " << resultType;
}

//===----------------------------------------------------------------------===//
// Graph bodies (nir.graph and nir.subgraph)
//===----------------------------------------------------------------------===//

/// Checks the edges into `node` against the shapes its parameters imply.
static LogicalResult verifyEdgeTypes(NodeOpInterface node) {
  Operation *op = node.getOperation();
  auto emitError = [op] { return op->emitOpError(); };
  std::optional<Shape> expected = node.getParamInputShape();
  for (Value edge : op->getOperands()) {
    if (!expected) {
      expected = Shape(shapeOf(edge));
      continue;
    }
    // edge_c1: every incoming edge carries the node's input shape.
    if (shapeOf(edge) != ArrayRef<int64_t>(*expected)) {
      auto producer = edge.getDefiningOp<NodeOpInterface>();
      return op->emitOpError()
             << "edge from '" << producer.getNodeName() << "' carries shape "
             << formatShape(shapeOf(edge)) << " but node '"
             << node.getNodeName() << "' expects " << formatShape(*expected);
    }
  }
  if (!expected)
    return success();
  FailureOr<Shape> output = node.inferOutputShape(*expected, emitError);
  if (failed(output))
    return failure();
  // edge_c2: the result type is the output shape the node implies.
  Value result = op->getResult(0);
  if (shapeOf(result) != ArrayRef<int64_t>(*output))
    return op->emitOpError()
           << "result shape " << formatShape(shapeOf(result))
           << " does not match the output shape " << formatShape(*output)
           << " implied by input shape " << formatShape(*expected);
  return success();
}

static LogicalResult verifyGraphBody(Operation *graph, Block &body) {
  llvm::StringMap<Operation *> names;
  bool checked = !isUncheckedGraph(graph);
  // signal_c2: only an unchecked graph may hold signals whose shape is not
  // inferred yet. Checked before the edge rules, which read every shape.
  if (checked) {
    for (Operation &op : body) {
      auto node = llvm::dyn_cast<NodeOpInterface>(&op);
      if (node && !hasInferredShape(op.getResult(0)))
        return op.emitOpError()
               << "node '" << node.getNodeName()
               << "' has an unranked result in a graph not marked "
                  "'unchecked'; only unchecked graphs hold signals whose "
                  "shape is not inferred yet";
    }
  }
  for (Operation &op : body) {
    auto node = llvm::dyn_cast<NodeOpInterface>(&op);
    // graph_c1: a graph holds only NIR nodes.
    if (!node)
      return op.emitOpError() << "is not a NIR node; a graph holds only nodes";
    StringRef name = node.getNodeName();
    // graph_c2: node names are HDF5 link names: non-empty, no '/' or NUL,
    // not '.' or '..'.
    if (name.empty() || name.contains('/') || name.contains('\0') ||
        name == "." || name == "..")
      return op.emitOpError()
             << "has invalid node name '" << name
             << "': a name is non-empty, has no '/' or NUL and is not '.' or "
                "'..'";
    // graph_c3: node names are unique within a graph.
    auto [it, inserted] = names.try_emplace(name, &op);
    if (!inserted) {
      InFlightDiagnostic diag = op.emitOpError() << "reuses node name '" << name
                                                 << "' within one graph";
      diag.attachNote(it->second->getLoc()) << "first used here";
      return diag;
    }
    if (checked && failed(verifyEdgeTypes(node)))
      return failure();
  }
  return success();
}

//===----------------------------------------------------------------------===//
// GraphOp
//===----------------------------------------------------------------------===//

void GraphOp::build(OpBuilder &builder, OperationState &state, StringRef name) {
  state.addAttribute(SymbolTable::getSymbolAttrName(),
                     builder.getStringAttr(name));
  Region *body = state.addRegion();
  body->push_back(new Block);
}

LogicalResult GraphOp::verifyRegions() {
  // graph_c4: the time step, when given, is a positive finite number.
  if (FloatAttr dt = getDtAttr()) {
    double value = dt.getValueAsDouble();
    if (!(std::isfinite(value) && value > 0))
      return emitOpError() << "time step 'dt' must be positive and finite, got "
                           << value;
  }
  if (failed(verifyDataSizes(*this)))
    return failure();
  return verifyGraphBody(*this, getBodyBlock());
}

//===----------------------------------------------------------------------===//
// SubgraphOp
//===----------------------------------------------------------------------===//

template <typename PortOp> static PortOp getSinglePort(Block &body) {
  auto ports = body.getOps<PortOp>();
  if (std::distance(ports.begin(), ports.end()) != 1)
    return nullptr;
  return *ports.begin();
}

LogicalResult SubgraphOp::verifyRegions() {
  Block &body = getBodyBlock();
  // subgraph_c1: a nested graph used as a node has one Input node.
  if (!getSinglePort<InputOp>(body))
    return emitOpError() << "nested graph '" << getName()
                         << "' must have exactly one Input node";
  // subgraph_c2: ... and one Output node.
  if (!getSinglePort<OutputOp>(body))
    return emitOpError() << "nested graph '" << getName()
                         << "' must have exactly one Output node";
  return verifyGraphBody(*this, body);
}

std::optional<Shape> SubgraphOp::getParamInputShape() {
  if (InputOp input = getSinglePort<InputOp>(getBodyBlock()))
    return Shape(shapeOf(input.getOutput()));
  return std::nullopt;
}

FailureOr<Shape> SubgraphOp::inferOutputShape(ArrayRef<int64_t>,
                                              EmitErrorFn emitError) {
  if (OutputOp output = getSinglePort<OutputOp>(getBodyBlock()))
    return Shape(shapeOf(output.getOutput()));
  return emitError() << "nested graph has no single Output node";
}

//===----------------------------------------------------------------------===//
// Shape rules shared by node kinds
//===----------------------------------------------------------------------===//

// Nodes whose input and output shapes are the shape of one parameter (or of
// the port's result type).
#define NIR_ELEMENTWISE_NODE(OP, PARAM)                                        \
  std::optional<Shape> OP::getParamInputShape() {                              \
    return Shape(shapeOf(PARAM));                                              \
  }                                                                            \
  FailureOr<Shape> OP::inferOutputShape(ArrayRef<int64_t> input,               \
                                        EmitErrorFn) {                         \
    return Shape(input);                                                       \
  }

NIR_ELEMENTWISE_NODE(InputOp, getOutput())
NIR_ELEMENTWISE_NODE(OutputOp, getOutput())
NIR_ELEMENTWISE_NODE(ScaleOp, getScaleAttr())
NIR_ELEMENTWISE_NODE(DelayOp, getDelayAttr())
NIR_ELEMENTWISE_NODE(ThresholdOp, getThresholdAttr())
NIR_ELEMENTWISE_NODE(IOp, getRAttr())
NIR_ELEMENTWISE_NODE(IFOp, getRAttr())
NIR_ELEMENTWISE_NODE(LIOp, getRAttr())
NIR_ELEMENTWISE_NODE(LIFOp, getRAttr())
NIR_ELEMENTWISE_NODE(CubaLIOp, getVLeakAttr())
NIR_ELEMENTWISE_NODE(CubaLIFOp, getVThresholdAttr())
#undef NIR_ELEMENTWISE_NODE

//===----------------------------------------------------------------------===//
// Ports
//===----------------------------------------------------------------------===//

LogicalResult OutputOp::verify() {
  // output_c1: an Output node has no outgoing edges.
  if (!getOutput().use_empty())
    return emitOpError() << "Output node '" << getName()
                         << "' has outgoing edges";
  return success();
}

//===----------------------------------------------------------------------===//
// Affine and Linear
//===----------------------------------------------------------------------===//

static LogicalResult verifyMatrixWeight(Operation *op, Attribute weight) {
  if (shapeOf(weight).size() < 2)
    return op->emitOpError() << "weight must have rank >= 2 (..., N_out, "
                                "N_in), got shape "
                             << formatShape(shapeOf(weight));
  return success();
}

LogicalResult AffineOp::verify() {
  // affine_c1: weight has rank >= 2.
  if (failed(verifyMatrixWeight(*this, getWeightAttr())))
    return failure();
  // affine_c2: bias broadcasts to the output shape (..., N_out).
  Shape output = matmulOutputShape(shapeOf(getWeightAttr()));
  if (!broadcastsTo(shapeOf(getBiasAttr()), output))
    return emitOpError() << "bias of shape "
                         << formatShape(shapeOf(getBiasAttr()))
                         << " does not broadcast to the output shape "
                         << formatShape(output);
  return success();
}

LogicalResult LinearOp::verify() {
  // linear_c1: weight has rank >= 2.
  return verifyMatrixWeight(*this, getWeightAttr());
}

#define NIR_MATMUL_NODE(OP)                                                    \
  std::optional<Shape> OP::getParamInputShape() {                              \
    return matmulInputShape(shapeOf(getWeightAttr()));                         \
  }                                                                            \
  FailureOr<Shape> OP::inferOutputShape(ArrayRef<int64_t>, EmitErrorFn) {      \
    return matmulOutputShape(shapeOf(getWeightAttr()));                        \
  }
NIR_MATMUL_NODE(AffineOp)
NIR_MATMUL_NODE(LinearOp)
#undef NIR_MATMUL_NODE

//===----------------------------------------------------------------------===//
// Convolutions
//===----------------------------------------------------------------------===//

namespace {
/// The parameters of a Conv1d or Conv2d node, with 1-D scalars widened to
/// one-element lists so both share one verifier and one shape function.
struct ConvParams {
  ArrayRef<int64_t> weight;
  SmallVector<int64_t, 2> stride, dilation;
  std::optional<SmallVector<int64_t, 2>> inputShape;
  ConvPadding padding;
  StringRef paddingMode; // set for a string padding
  int64_t groups;
};
} // namespace

static ConvParams getConvParams(Conv1dOp op) {
  ConvParams params;
  params.weight = shapeOf(op.getWeightAttr());
  // I64Attr getters return uint64_t; read the signed value.
  params.stride = {op.getStrideAttr().getInt()};
  params.dilation = {op.getDilationAttr().getInt()};
  if (IntegerAttr n = op.getInputShapeAttr())
    params.inputShape = SmallVector<int64_t, 2>{n.getInt()};
  params.groups = op.getGroupsAttr().getInt();
  if (auto mode = llvm::dyn_cast<StringAttr>(op.getPadding()))
    params.paddingMode = mode.getValue();
  else
    params.padding.amounts = {
        llvm::cast<IntegerAttr>(op.getPadding()).getInt()};
  return params;
}

static ConvParams getConvParams(Conv2dOp op) {
  ConvParams params;
  params.weight = shapeOf(op.getWeightAttr());
  params.stride.assign(op.getStride().begin(), op.getStride().end());
  params.dilation.assign(op.getDilation().begin(), op.getDilation().end());
  if (std::optional<ArrayRef<int64_t>> hw = op.getInputShape())
    params.inputShape = SmallVector<int64_t, 2>(hw->begin(), hw->end());
  params.groups = op.getGroupsAttr().getInt();
  if (auto mode = llvm::dyn_cast<StringAttr>(op.getPadding()))
    params.paddingMode = mode.getValue();
  else {
    ArrayRef<int64_t> amounts = llvm::cast<DenseI64ArrayAttr>(op.getPadding());
    params.padding.amounts.assign(amounts.begin(), amounts.end());
  }
  return params;
}

static void resolvePaddingMode(ConvParams &params) {
  if (params.paddingMode == "same")
    params.padding.kind = ConvPadding::Kind::Same;
  else if (params.paddingMode == "valid")
    params.padding.kind = ConvPadding::Kind::Valid;
}

static Shape convInputShape(const ConvParams &params) {
  Shape shape{params.weight[1] * params.groups};
  shape.append(params.inputShape->begin(), params.inputShape->end());
  return shape;
}

static LogicalResult verifyConv(Operation *op, ConvParams params,
                                size_t spatialRank, Attribute bias) {
  auto fail = [op] { return op->emitOpError(); };
  // conv_c1: weight has rank 2 + spatial rank (C_out, C_in/groups, k...).
  if (params.weight.size() != spatialRank + 2)
    return fail() << "weight must have rank " << spatialRank + 2
                  << " (C_out, C_in/groups, kernel), got shape "
                  << formatShape(params.weight);
  // conv_c2: stride, dilation, explicit padding and input_shape give one
  // value per spatial dim.
  auto checkArity = [&](StringRef name, size_t size) -> LogicalResult {
    if (size == spatialRank)
      return success();
    return fail() << name << " must have " << spatialRank << " entries, got "
                  << size;
  };
  if (failed(checkArity("stride", params.stride.size())) ||
      failed(checkArity("dilation", params.dilation.size())) ||
      (params.paddingMode.empty() &&
       failed(checkArity("padding", params.padding.amounts.size()))) ||
      (params.inputShape &&
       failed(checkArity("input_shape", params.inputShape->size()))))
    return failure();
  // conv_c3: stride, dilation and groups are >= 1.
  auto isPositive = [](int64_t v) { return v >= 1; };
  if (!llvm::all_of(params.stride, isPositive) ||
      !llvm::all_of(params.dilation, isPositive) || params.groups < 1)
    return fail() << "stride, dilation and groups must be >= 1";
  // conv_c4: padding is non-negative, "same" or "valid".
  if (!params.paddingMode.empty()) {
    if (params.paddingMode != "same" && params.paddingMode != "valid")
      return fail()
             << "padding must be an integer, \"same\" or \"valid\", got \""
             << params.paddingMode << "\"";
  } else if (llvm::any_of(params.padding.amounts,
                          [](int64_t p) { return p < 0; })) {
    return fail() << "padding must be >= 0";
  }
  // conv_c5: "same" padding needs stride 1, as in PyTorch (an output as
  // large as the input cannot come from a strided window).
  if (params.paddingMode == "same" &&
      !llvm::all_of(params.stride, [](int64_t s) { return s == 1; }))
    return fail() << "padding \"same\" requires stride 1";
  // conv_c6: groups divides the output channels.
  if (params.weight[0] % params.groups != 0)
    return fail() << "groups (" << params.groups
                  << ") must divide the output channels (" << params.weight[0]
                  << ")";
  // conv_c7: bias has shape (C_out).
  if (shapeOf(bias) != ArrayRef<int64_t>{params.weight[0]})
    return fail() << "bias must have shape "
                  << formatShape(ArrayRef<int64_t>{params.weight[0]})
                  << ", got " << formatShape(shapeOf(bias));
  // conv_c8: input_shape is positive and large enough for the kernel.
  if (params.inputShape) {
    if (!llvm::all_of(*params.inputShape, isPositive))
      return fail() << "input_shape must be >= 1, got "
                    << formatShape(*params.inputShape);
    resolvePaddingMode(params);
    if (failed(inferConvOutputShape(convInputShape(params), params.weight,
                                    params.stride, params.padding,
                                    params.dilation, params.groups, fail)))
      return failure();
  }
  return success();
}

LogicalResult Conv1dOp::verify() {
  return verifyConv(*this, getConvParams(*this), 1, getBiasAttr());
}
LogicalResult Conv2dOp::verify() {
  return verifyConv(*this, getConvParams(*this), 2, getBiasAttr());
}

#define NIR_CONV_NODE(OP)                                                      \
  std::optional<Shape> OP::getParamInputShape() {                              \
    ConvParams params = getConvParams(*this);                                  \
    if (!params.inputShape)                                                    \
      return std::nullopt;                                                     \
    return convInputShape(params);                                             \
  }                                                                            \
  FailureOr<Shape> OP::inferOutputShape(ArrayRef<int64_t> input,               \
                                        EmitErrorFn emitError) {               \
    ConvParams params = getConvParams(*this);                                  \
    resolvePaddingMode(params);                                                \
    return inferConvOutputShape(input, params.weight, params.stride,           \
                                params.padding, params.dilation,               \
                                params.groups, emitError);                     \
  }
NIR_CONV_NODE(Conv1dOp)
NIR_CONV_NODE(Conv2dOp)
#undef NIR_CONV_NODE

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

template <typename PoolOp> static LogicalResult verifyPool(PoolOp op) {
  std::pair<StringRef, ArrayRef<int64_t>> fields[] = {
      {"kernel_size", op.getKernelSize()},
      {"stride", op.getStride()},
      {"padding", op.getPadding()}};
  for (auto [name, values] : fields) {
    // pool_c1: kernel_size, stride and padding are (H, W) pairs.
    if (values.size() != 2)
      return op.emitOpError()
             << name << " must have 2 entries, got " << values.size();
    // pool_c2: kernel_size and stride are >= 1, padding >= 0.
    int64_t minimum = name == "padding" ? 0 : 1;
    if (llvm::any_of(values, [&](int64_t v) { return v < minimum; }))
      return op.emitOpError() << name << " must be >= " << minimum << ", got "
                              << formatShape(values);
  }
  return success();
}

#define NIR_POOL_NODE(OP)                                                      \
  LogicalResult OP::verify() { return verifyPool(*this); }                     \
  std::optional<Shape> OP::getParamInputShape() { return std::nullopt; }       \
  FailureOr<Shape> OP::inferOutputShape(ArrayRef<int64_t> input,               \
                                        EmitErrorFn emitError) {               \
    return inferPool2dOutputShape(input, getKernelSize(), getStride(),         \
                                  getPadding(), emitError);                    \
  }
NIR_POOL_NODE(SumPool2dOp)
NIR_POOL_NODE(AvgPool2dOp)
#undef NIR_POOL_NODE

//===----------------------------------------------------------------------===//
// Flatten
//===----------------------------------------------------------------------===//

LogicalResult FlattenOp::verify() {
  std::optional<ArrayRef<int64_t>> inputType = getInputType();
  if (!inputType)
    return success();
  // flatten_c1: input_type is a shape (entries >= 0) ...
  if (llvm::any_of(*inputType, [](int64_t d) { return d < 0; }))
    return emitOpError() << "input_type must have entries >= 0, got "
                         << formatShape(*inputType);
  // flatten_c2: ... in which start_dim..end_dim is a valid range.
  return inferFlattenOutputShape(*inputType, getStartDimAttr().getInt(),
                                 getEndDimAttr().getInt(),
                                 [this] { return emitOpError(); });
}

std::optional<Shape> FlattenOp::getParamInputShape() {
  if (std::optional<ArrayRef<int64_t>> inputType = getInputType())
    return Shape(*inputType);
  return std::nullopt;
}

FailureOr<Shape> FlattenOp::inferOutputShape(ArrayRef<int64_t> input,
                                             EmitErrorFn emitError) {
  return inferFlattenOutputShape(input, getStartDimAttr().getInt(),
                                 getEndDimAttr().getInt(), emitError);
}

//===----------------------------------------------------------------------===//
// Delay
//===----------------------------------------------------------------------===//

LogicalResult DelayOp::verify() {
  ElementsAttr steps = getStepsAttr();
  if (!steps)
    return success();
  // delay_c1: steps has the shape of delay and holds integers >= 0.
  if (shapeOf(steps) != shapeOf(getDelayAttr()) ||
      !steps.getElementType().isSignlessInteger(64))
    return emitOpError() << "'steps' must be i64 elements of the shape of "
                            "'delay' "
                         << formatShape(shapeOf(getDelayAttr()));
  FailureOr<SmallVector<double>> values = readParamValues(steps);
  if (failed(values) || llvm::any_of(*values, [](double v) { return v < 0; }))
    return emitOpError() << "'steps' must be non-negative";
  return success();
}

//===----------------------------------------------------------------------===//
// Neurons
//===----------------------------------------------------------------------===//

/// The Euler factors `nir-discretize` adds (Discretization.h) beside the
/// parameters, whose shape `paramShape` they share.
static LogicalResult verifyEulerFactors(Operation *op, StringRef nirType,
                                        ArrayRef<int64_t> paramShape) {
  SmallVector<StringRef> present, missing;
  for (const NeuronCoefficient &coefficient : getNeuronCoefficients(nirType))
    for (StringRef name : {coefficient.decayName, coefficient.gainName})
      (op->getAttr(name) ? present : missing).push_back(name);
  if (present.empty())
    return success();
  // euler_c1: a neuron's Euler factors are all present or all absent.
  if (!missing.empty())
    return op->emitOpError()
           << "has the Euler factor '" << present.front() << "' but not '"
           << missing.front() << "'; nir-discretize writes all of them";
  // euler_c2: each factor is a float tensor of the parameters' shape.
  for (StringRef name : present) {
    auto factor = op->getAttrOfType<ElementsAttr>(name);
    if (!isa<FloatType>(factor.getElementType()) ||
        shapeOf(factor) != paramShape)
      return op->emitOpError()
             << "Euler factor '" << name << "' must be a float tensor of "
             << "the parameters' shape " << formatShape(paramShape);
  }
  return success();
}

LogicalResult IOp::verify() {
  return verifyEulerFactors(*this, getNIRType(), shapeOf(getRAttr()));
}

LogicalResult IFOp::verify() {
  // if_c1: r, v_threshold and v_reset share one shape.
  if (failed(verifySameParamShapes(*this, {{"r", getRAttr()},
                                           {"v_threshold", getVThresholdAttr()},
                                           {"v_reset", getVResetAttr()}})))
    return failure();
  return verifyEulerFactors(*this, getNIRType(), shapeOf(getRAttr()));
}

LogicalResult LIOp::verify() {
  // li_c1: tau, r and v_leak share one shape.
  if (failed(verifySameParamShapes(*this, {{"tau", getTauAttr()},
                                           {"r", getRAttr()},
                                           {"v_leak", getVLeakAttr()}})))
    return failure();
  return verifyEulerFactors(*this, getNIRType(), shapeOf(getTauAttr()));
}

LogicalResult LIFOp::verify() {
  // lif_c1: tau, r, v_leak, v_threshold and v_reset share one shape.
  if (failed(verifySameParamShapes(*this, {{"tau", getTauAttr()},
                                           {"r", getRAttr()},
                                           {"v_leak", getVLeakAttr()},
                                           {"v_threshold", getVThresholdAttr()},
                                           {"v_reset", getVResetAttr()}})))
    return failure();
  return verifyEulerFactors(*this, getNIRType(), shapeOf(getTauAttr()));
}

LogicalResult CubaLIOp::verify() {
  // cuba_li_c1: tau_syn, tau_mem, r, v_leak and w_in share one shape.
  if (failed(verifySameParamShapes(*this, {{"v_leak", getVLeakAttr()},
                                           {"tau_syn", getTauSynAttr()},
                                           {"tau_mem", getTauMemAttr()},
                                           {"r", getRAttr()},
                                           {"w_in", getWInAttr()}})))
    return failure();
  return verifyEulerFactors(*this, getNIRType(), shapeOf(getTauSynAttr()));
}

LogicalResult CubaLIFOp::verify() {
  // cuba_lif_c1: all seven parameters share one shape.
  if (failed(verifySameParamShapes(*this, {{"v_threshold", getVThresholdAttr()},
                                           {"tau_syn", getTauSynAttr()},
                                           {"tau_mem", getTauMemAttr()},
                                           {"r", getRAttr()},
                                           {"v_leak", getVLeakAttr()},
                                           {"v_reset", getVResetAttr()},
                                           {"w_in", getWInAttr()}})))
    return failure();
  return verifyEulerFactors(*this, getNIRType(), shapeOf(getTauSynAttr()));
}

//===----------------------------------------------------------------------===//
// Generated code
//===----------------------------------------------------------------------===//

#include "nirtorch/Dialect/NIR/NIRInterfaces.cpp.inc"

#define GET_OP_CLASSES
#include "nirtorch/Dialect/NIR/NIROps.cpp.inc"
