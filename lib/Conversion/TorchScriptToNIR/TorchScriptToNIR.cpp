//===- TorchScriptToNIR.cpp - Lower a ts.module's forward to nir.graph ----===//
//
// The last stage of the lowering: a dialect conversion of the root's
// `forward`, inlined and without state (ts-inline-calls, ts-remove-state),
// into a `nir.graph`. A `ts` op is illegal when a signal reaches it (the
// graph inputs, and whatever is computed from them); values that carry no
// signal (constants, attribute reads, int lists, sizes) stay legal and are
// folded on demand by the patterns that need them. Each illegal op has a
// pattern: an aten op pattern (populateATenToNIRPatterns) for each
// `ts.operator` NIR has a form for, a call marked for a module map entry
// becomes that entry's node, a `ts.delayed_read` an edge from the node it
// names. A converted signal is a value of the graph (`tensor<shape x f32>`),
// so a pattern infers its node's result type from its converted operands.
// See docs/Lowering.md.
//
//===----------------------------------------------------------------------===//

#include "nirtorch/Conversion/TorchScriptToNIR.h"
#include "nirtorch/Conversion/RaisedClasses.h"
#include "Common.h"
#include "RaisedGraph.h"
#include "RaisedModuleMap.h"
#include "nirtorch/Conversion/TorchScriptToNIR/ModuleMap.h"
#include "nirtorch/Conversion/TorchScriptToNIR/ModuleMapFile.h"

#include "mlir/Dialect/PDL/IR/PDL.h"
#include "mlir/Dialect/PDLInterp/IR/PDLInterp.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/Transforms/DialectConversion.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "nirtorch/Dialect/NIR/NIRDialect.h"
#include "nirtorch/Dialect/NIR/NIRFolds.h"
#include "nirtorch/Dialect/NIR/NIRShapes.h"
#include "nirtorch/Dialect/TorchScript/TorchScriptOps.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include <cstring>
#include <limits>
#include <map>

namespace mlir {
#define GEN_PASS_DEF_CONVERTTORCHSCRIPTTONIR
#include "nirtorch/Conversion/TorchScriptToNIR/Passes.h.inc"
} // namespace mlir

using namespace mlir;
using namespace nirtorch;
using nirtorch::lowering::asOperator;

namespace {

// Values the conversion needs while it runs, and erases once the graph is
// built: `builtin.unrealized_conversion_cast`s marked by an attribute, in
// the graph's body unless said otherwise. A fan-in
// (lowering::kFanInAttrName) is the sum of its operands' edges (MLIR 19's
// dialect conversion replaces a value by one value, and `a + b` of signals
// is two edges).
/// A tuple holding signals (several outputs, or a stateful module's result,
/// whose elements ts-remove-state left in use are all its output): its
/// operands are the elements.
constexpr StringLiteral kSignalTupleAttrName = "nirtorch.signal_tuple";
/// What a failed (and diagnosed) op leaves: ops using it fail silently, so
/// that each cause gets one diagnostic.
constexpr StringLiteral kPoisonAttrName = "nirtorch.poison";
/// A stand-in for a signal where an op reads only its metadata
/// (SignalMetadataLowering); in forward, erased with it.
constexpr StringLiteral kSignalMetadataAttrName = "nirtorch.signal_metadata";
/// A delayed edge, replaced by the node it reads once the graph is built
/// (the node may come later: nir.graph is a graph region). A read that
/// knows no shape is unranked until an op using it gives one.
constexpr StringLiteral kDelayedEdgeAttrName = "nirtorch.delayed_edge";

/// The conversion's own cast marked `marker` defining `value`, or null.
UnrealizedConversionCastOp getMarkedCast(Value value, StringRef marker) {
  auto cast = value.getDefiningOp<UnrealizedConversionCastOp>();
  return cast && cast->hasAttr(marker) ? cast : UnrealizedConversionCastOp();
}

class LoweringState;

/// What an aten op pattern sees of one `ts.operator`. Signals are read from
/// the converted operands, constants from the original ones (legal ops,
/// still in place during the conversion).
struct OpContext {
  LoweringState &lowerer;
  mutable ts::OperatorOp op;
  StringRef path;
  StringRef className;
  ConversionPatternRewriter &builder;
  /// Signals by original value; node-based, so pointers stay valid.
  mutable std::map<const void *, Signal> signals;

  /// The signal `value` (an original value) was converted to, or null.
  const Signal *signal(Value value) const;
  /// Uses `signal` for `value` (a delayed edge given its shape).
  void setSignal(Value value, Signal signal) const {
    signals[value.getAsOpaquePointer()] = std::move(signal);
  }
  Attribute constant(Value value) const;
  InFlightDiagnostic emitError() const;
  /// A node named `<path>.<kind>` (or `<kind>` in the root), made unique.
  FailureOr<Signal> createNode(StringRef opName, StringRef kind,
                               const Signal &input,
                               ArrayRef<NamedAttribute> params) const;
};

/// The lowering of one operator, and how many operands it reads: the ts
/// dialect cannot check an operator's arity without libtorch's schemas.
struct OpPattern {
  std::function<FailureOr<Signal>(OpContext &)> lower;
  unsigned minOperands;
};

using lowering::formatPath;

/// The module path and class whose code an op is.
struct Scope {
  StringRef path;
  StringRef className;
};

/// What the patterns of one conversion share: the graph being built, node
/// names, the module maps, and the delayed edges.
class LoweringState {
public:
  LoweringState(const ModuleMap &map, nir::GraphOp graph,
                ArrayRef<std::string> portNames, ts::ScriptModuleOp root)
      : graph(graph), map(map), root(root), rootSymbol(root.getSymName()) {
    for (const std::string &name : portNames)
      names.insert(name);
  }

  std::string uniqueName(StringRef base) {
    if (names.insert(base).second)
      return base.str();
    for (unsigned i = 1;; ++i) {
      std::string candidate = (base + "_" + Twine(i)).str();
      if (names.insert(candidate).second)
        return candidate;
    }
  }

  /// The base name of a node an op pattern builds in the code of module
  /// `path` (class `className`). The torch.nn layers have no module map
  /// entry: their code is inlined and lowered op by op, and their nodes are
  /// named after the layer (the root symbol for a saved layer), as a mapped
  /// module's node is. Other code's nodes are `<path>.<kind>` (`<kind>` in
  /// the root).
  std::string nodeBaseName(StringRef path, StringRef className,
                           StringRef kind) const {
    if (StringRef(demangleClassName(className))
            .starts_with("__torch__.torch.nn.modules."))
      return path.empty() ? rootSymbol.str() : path.str();
    return path.empty() ? kind.str() : (path + "." + kind).str();
  }

  /// Zero padding an `aten::pad` result carries into the convolution that
  /// is its only use: (left, right, top, bottom, ...), last dim first.
  DenseMap<Value, SmallVector<int64_t>> pendingPads;

  /// Records a node an op pattern built, for the clean-up folds.
  void recordOpNode(const Signal &signal) {
    if (signal.edges.size() == 1)
      if (Operation *node = signal.edges.front().getDefiningOp())
        opNodes.push_back(node);
  }

  /// Folds the op-by-op forms the op patterns build (`x @ W + b`, the LP
  /// pooling of norm 1) into single nodes: the `nir` canonicalization
  /// patterns of populateLoweringCleanupPatterns, applied to those nodes
  /// only, so that nodes of mapped modules (a raised graph's) never merge.
  void foldOpNodes() {
    if (opNodes.empty())
      return;
    RewritePatternSet patterns(graph.getContext());
    nir::populateLoweringCleanupPatterns(patterns);
    GreedyRewriteConfig config;
    config.strictMode = GreedyRewriteStrictness::ExistingOps;
    (void)applyOpPatternsAndFold(opNodes, std::move(patterns), config);
  }

  /// The builder for a class: the pass's map first, then the raised node
  /// classes.
  const ModuleBuilder *lookupModule(StringRef className) const {
    if (const ModuleBuilder *builder = map.lookup(className))
      return builder;
    return getRaisedModuleMap().lookup(className);
  }

  /// The builder of module map entry `key`, as lookupModule orders maps.
  const ModuleBuilder *lookupModuleEntry(StringRef key) const {
    if (const ModuleBuilder *builder = map.lookupKey(key))
      return builder;
    return getRaisedModuleMap().lookupKey(key);
  }

  /// The module path and class whose code `op` is, as the ts inliner
  /// recorded it in the op's location (the root's if none).
  Scope scopeOf(Operation *op) {
    std::string path = ts::getInlinedModulePath(op->getLoc());
    if (path.empty())
      return {"", root.getClassName()};
    auto it = inlinedScopes.find(path);
    if (it == inlinedScopes.end())
      it = inlinedScopes
               .try_emplace(path, lowering::getCodeOwner(op, root).second)
               .first;
    return {it->first(), it->second};
  }

  /// The mappings and patterns that exist, for diagnostics.
  std::string describeMappings() const {
    std::string text = "module mappings exist for: ";
    std::vector<std::string> keys = map.keys();
    for (std::string &key : getRaisedModuleMap().keys())
      keys.push_back(std::move(key));
    text += llvm::join(keys, ", ");
    text += "; op patterns exist for: ";
    std::vector<std::string> ops;
    for (const auto &entry : getOpPatterns())
      ops.push_back(entry.getKey().str());
    llvm::sort(ops);
    text += llvm::join(ops, ", ");
    return text;
  }

  /// The compile-time value of an original (unconverted) value.
  Attribute fold(Value value) {
    return lowering::foldConstant(
        value, [](Value) { return Value(); }, &symbolTables);
  }

  /// The signal a converted value is (a graph value; a fan-in's edges stay
  /// in their cast, which node builders expand), or std::nullopt.
  static std::optional<Signal> getSignal(Value converted) {
    auto type = dyn_cast<RankedTensorType>(converted.getType());
    if (!type)
      return std::nullopt;
    Signal signal;
    signal.edges.push_back(converted);
    signal.shape.assign(type.getShape().begin(), type.getShape().end());
    return signal;
  }
  /// Whether a converted value is or holds a signal.
  static bool carriesSignal(Value converted) {
    return isa<RankedTensorType>(converted.getType()) ||
           getMarkedCast(converted, kSignalTupleAttrName) ||
           getMarkedCast(converted, kDelayedEdgeAttrName);
  }

  /// A cast marked `marker` at the end of the graph's body.
  Value createMarkedCast(ConversionPatternRewriter &rewriter, Location loc,
                         StringRef marker, Type type, ValueRange operands,
                         Attribute value = {}) {
    OpBuilder::InsertionGuard guard(rewriter);
    rewriter.setInsertionPointToEnd(&graph.getBodyBlock());
    auto cast = rewriter.create<UnrealizedConversionCastOp>(
        loc, TypeRange{type}, operands);
    cast->setAttr(marker, value ? value : rewriter.getUnitAttr());
    return cast.getResult(0);
  }
  /// `signal` as one converted value: its edge, or a fan-in of its edges.
  Value toValue(ConversionPatternRewriter &rewriter, Location loc,
                const Signal &signal) {
    if (signal.edges.size() == 1)
      return signal.edges.front();
    return createMarkedCast(
        rewriter, loc, lowering::kFanInAttrName,
        RankedTensorType::get(signal.shape, rewriter.getF32Type()),
        signal.edges);
  }
  /// Replaces the results of `op`, which failed (diagnosed), by poison.
  void poison(ConversionPatternRewriter &rewriter, Operation *op) {
    SmallVector<Value> values;
    for (Value result : op->getResults())
      values.push_back(createMarkedCast(rewriter, op->getLoc(), kPoisonAttrName,
                                        result.getType(), {}));
    rewriter.replaceOp(op, values);
    hadError = true;
  }

  /// The ranked edge of delayed edge `read` (a converted operand) for a
  /// user whose other signal has shape `hint`; diagnoses at `user` when no
  /// shape is known.
  FailureOr<Signal> resolveDelayedEdge(ConversionPatternRewriter &rewriter,
                                       Value read, Operation *user,
                                       ArrayRef<int64_t> hint);
  /// The placeholder of delayed edge `source` with `shape`: the first
  /// shape given wins.
  Value getDelayedEdge(ConversionPatternRewriter &rewriter, Location loc,
                       StringRef source, ArrayRef<int64_t> shape);
  /// Erases the conversion's casts that nothing in the graph reads: once
  /// forward no longer reads the graph's values, all but the delayed edges
  /// that nodes or outputs read.
  void eraseDeadCasts();
  /// Replaces the delayed edges' placeholders left by the nodes they name;
  /// diagnoses reads of unknown nodes and shape mismatches.
  LogicalResult resolveDelayedEdges();

  /// Symbol tables of the ts.modules, built once: every call and slot read
  /// resolves its object, and a linear scan of a root with many node
  /// submodules per lookup makes the lowering quadratic.
  SymbolTableCollection symbolTables;
  /// Whether a pattern diagnosed an error.
  bool hadError = false;
  /// What forward returns, converted.
  SmallVector<Value> returned;

  /// The op patterns, by operator name.
  static const llvm::StringMap<OpPattern> &getOpPatterns();

  /// The graph being built.
  nir::GraphOp graph;

private:
  const ModuleMap &map;
  ts::ScriptModuleOp root;
  StringRef rootSymbol;
  /// Module path read from inlined ops' locations -> the class there.
  llvm::StringMap<std::string> inlinedScopes;
  llvm::StringSet<> names;
  /// The nodes op patterns built, in creation order.
  std::vector<Operation *> opNodes;
  struct DelayedEdge {
    Value placeholder;
    Location loc;
  };
  /// Delayed edges by source node, in first-use order.
  llvm::MapVector<StringRef, DelayedEdge> delayedEdges;
};

const Signal *OpContext::signal(Value value) const {
  auto it = signals.find(value.getAsOpaquePointer());
  if (it == signals.end()) {
    std::optional<Signal> converted =
        LoweringState::getSignal(builder.getRemappedValue(value));
    if (!converted)
      return nullptr;
    it = signals.emplace(value.getAsOpaquePointer(), std::move(*converted))
             .first;
  }
  return &it->second;
}

Attribute OpContext::constant(Value value) const { return lowerer.fold(value); }

InFlightDiagnostic OpContext::emitError() const {
  return op.emitError() << "cannot lower '" << op.getQualifiedName()
                        << "' in module " << formatPath(path) << " (class '"
                        << className << "'): ";
}

FailureOr<Signal> OpContext::createNode(StringRef opName, StringRef kind,
                                        const Signal &input,
                                        ArrayRef<NamedAttribute> params) const {
  std::string name =
      lowerer.uniqueName(lowerer.nodeBaseName(path, className, kind));
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToEnd(&lowerer.graph.getBodyBlock());
  FailureOr<Signal> node = lowering::createNode(
      builder, op.getLoc(), opName, name, input, params,
      [this] { return emitError(); });
  if (succeeded(node))
    lowerer.recordOpNode(*node);
  return node;
}

//===----------------------------------------------------------------------===//
// Op patterns
//===----------------------------------------------------------------------===//

/// Operand 0 must be the only signal operand.
const Signal *unarySignal(OpContext &ctx) {
  const Signal *input = ctx.signal(ctx.op->getOperand(0));
  for (Value operand : ctx.op->getOperands().drop_front())
    if (ctx.signal(operand)) {
      ctx.emitError() << "only its first operand may be a signal";
      return nullptr;
    }
  if (!input)
    ctx.emitError() << "its first operand is not a signal";
  return input;
}

/// The raw bytes of a dense or resource-backed elements attribute of a
/// byte-sized int or float type, or std::nullopt.
std::optional<ArrayRef<char>> rawElementData(ElementsAttr attr) {
  if (auto dense = dyn_cast<DenseElementsAttr>(attr))
    return dense.getRawData();
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(attr))
    if (AsmResourceBlob *blob = resource.getRawHandle().getBlob())
      return blob->getData();
  return std::nullopt;
}

/// A matrix weight (out, in) for a signal of shape (..., in): the same
/// weight for every index of the leading dims, as NIR's batched weight
/// (..., out, in) says it (a Linear over the last dim of a (C, L) signal).
/// The weight as it is for a 1-d signal; null (after an error) when the
/// shapes do not fit or the data cannot be tiled.
ElementsAttr weightForSignal(OpContext &ctx, ElementsAttr weight,
                             ArrayRef<int64_t> signal) {
  auto type = cast<ShapedType>(weight.getType());
  if (signal.size() <= 1 || type.getRank() != 2)
    return weight;
  if (type.getDimSize(1) != signal.back()) {
    InFlightDiagnostic diag = ctx.emitError();
    diag << "the weight's " << type.getDimSize(1)
         << " inputs do not match the last dim of the signal [";
    llvm::interleaveComma(signal, diag);
    diag << "]";
    return {};
  }
  SmallVector<int64_t> shape(signal.drop_back());
  int64_t copies = 1;
  for (int64_t d : shape)
    copies *= d;
  shape.append(type.getShape().begin(), type.getShape().end());
  auto batched = RankedTensorType::get(shape, type.getElementType());
  if (auto dense = dyn_cast<DenseElementsAttr>(weight); dense && dense.isSplat())
    return DenseElementsAttr::get(batched, dense.getSplatValue<Attribute>());
  std::optional<ArrayRef<char>> raw = rawElementData(weight);
  Type element = type.getElementType();
  if (!raw || !element.isIntOrFloat() || element.getIntOrFloatBitWidth() % 8) {
    ctx.emitError() << "cannot repeat a weight of element type " << element
                    << " over the signal's leading dims";
    return {};
  }
  std::vector<char> data;
  data.reserve(raw->size() * copies);
  for (int64_t i = 0; i < copies; ++i)
    data.insert(data.end(), raw->begin(), raw->end());
  return DenseElementsAttr::getFromRawBuffer(batched, data);
}

/// aten::linear(x, W, b): an Affine node (a Linear one when b is None). On a
/// signal with leading dims (C, in) the weight is repeated over them.
FailureOr<Signal> lowerLinearOp(OpContext &ctx) {
  const Signal *input = unarySignal(ctx);
  if (!input)
    return failure();
  auto weight =
      dyn_cast_or_null<ElementsAttr>(ctx.constant(ctx.op->getOperand(1)));
  if (!weight)
    return ctx.emitError() << "the weight is not a constant tensor", failure();
  weight = weightForSignal(ctx, weight, input->shape);
  if (!weight)
    return failure();
  Attribute bias = ctx.constant(ctx.op->getOperand(2));
  OpBuilder &b = ctx.builder;
  if (isa_and_nonnull<ts::NoneAttr>(bias))
    return ctx.createNode(nir::LinearOp::getOperationName(), "linear", *input,
                          {b.getNamedAttr("weight", weight)});
  auto biasElements = dyn_cast_or_null<ElementsAttr>(bias);
  if (!biasElements)
    return ctx.emitError() << "the bias is neither None nor a constant tensor",
           failure();
  return ctx.createNode(
      nir::AffineOp::getOperationName(), "affine", *input,
      {b.getNamedAttr("weight", weight), b.getNamedAttr("bias", biasElements)});
}

std::optional<int64_t> constantInt(OpContext &ctx, Value value) {
  if (auto integer = dyn_cast_or_null<IntegerAttr>(ctx.constant(value)))
    return integer.getInt();
  return std::nullopt;
}

/// A Flatten node of NIR dims [start, end] of `input`.
FailureOr<Signal> createFlattenNode(OpContext &ctx, const Signal &input,
                                    int64_t start, int64_t end) {
  OpBuilder &b = ctx.builder;
  return ctx.createNode(
      nir::FlattenOp::getOperationName(), "flatten", input,
      {b.getNamedAttr("start_dim", b.getI64IntegerAttr(start)),
       b.getNamedAttr("end_dim", b.getI64IntegerAttr(end)),
       b.getNamedAttr("input_type", b.getDenseI64ArrayAttr(input.shape))});
}

FailureOr<Signal> lowerFlattenOp(OpContext &ctx) {
  const Signal *input = unarySignal(ctx);
  if (!input)
    return failure();
  std::optional<int64_t> start = constantInt(ctx, ctx.op->getOperand(1));
  std::optional<int64_t> end = constantInt(ctx, ctx.op->getOperand(2));
  if (!start || !end)
    return ctx.emitError() << "start_dim and end_dim must be constants",
           failure();
  // TorchScript dims count the batch dim; NIR's do not.
  if (*start == 0 || *end == 0)
    return ctx.emitError() << "it flattens the batch dim (dim 0), which NIR "
                              "signals do not have",
           failure();
  int64_t nirStart = *start > 0 ? *start - 1 : *start;
  int64_t nirEnd = *end > 0 ? *end - 1 : *end;
  return createFlattenNode(ctx, *input, nirStart, nirEnd);
}

/// avg_pool2d(x, kernel, stride, padding, ceil_mode, count_include_pad,
/// divisor_override): AvgPool2d, or SumPool2d with divisor_override=1 (the
/// zero-padded window sum, whatever count_include_pad says).
FailureOr<Signal> lowerAvgPoolOp(OpContext &ctx) {
  const Signal *input = unarySignal(ctx);
  if (!input)
    return failure();
  OpBuilder &b = ctx.builder;
  auto kernel = lowering::getInts(ctx.constant(ctx.op->getOperand(1)), 2);
  Attribute strideAttr = ctx.constant(ctx.op->getOperand(2));
  auto stride = lowering::getInts(strideAttr, 2);
  if (auto array = dyn_cast_or_null<ArrayAttr>(strideAttr);
      array && array.empty())
    stride = kernel;
  if (isa_and_nonnull<ts::NoneAttr>(strideAttr))
    stride = kernel;
  auto padding = lowering::getInts(ctx.constant(ctx.op->getOperand(3)), 2);
  if (!kernel || !stride || !padding)
    return ctx.emitError()
               << "kernel_size, stride and padding must be constant int lists",
           failure();
  if (ctx.constant(ctx.op->getOperand(4)) != b.getBoolAttr(false))
    return ctx.emitError() << "ceil_mode must be False", failure();
  Attribute divisor = ctx.constant(ctx.op->getOperand(6));
  bool sum = false;
  if (auto value = dyn_cast_or_null<IntegerAttr>(divisor)) {
    if (value.getInt() != 1)
      return ctx.emitError() << "divisor_override " << value.getInt()
                             << " has no NIR node (only None: AvgPool2d, or "
                                "1: SumPool2d)",
             failure();
    sum = true;
  } else if (!isa_and_nonnull<ts::NoneAttr>(divisor)) {
    return ctx.emitError() << "divisor_override must be None or the constant 1",
           failure();
  }
  bool padded = llvm::any_of(*padding, [](int64_t p) { return p != 0; });
  if (!sum && padded &&
      ctx.constant(ctx.op->getOperand(5)) != b.getBoolAttr(true))
    return ctx.emitError() << "padding needs count_include_pad=True", failure();
  SmallVector<NamedAttribute> params{
      b.getNamedAttr("kernel_size", b.getDenseI64ArrayAttr(*kernel)),
      b.getNamedAttr("stride", b.getDenseI64ArrayAttr(*stride)),
      b.getNamedAttr("padding", b.getDenseI64ArrayAttr(*padding))};
  if (sum)
    return ctx.createNode(nir::SumPool2dOp::getOperationName(), "sum_pool2d",
                          *input, params);
  return ctx.createNode(nir::AvgPool2dOp::getOperationName(), "avg_pool2d",
                        *input, params);
}

/// aten::conv1d / conv2d (input, weight, bias, stride, padding, dilation,
/// groups), their `.padding` overloads and aten::_convolution_mode (what
/// tracing records for padding "same"/"valid"), and
/// aten::_convolution (input, weight, bias, stride, padding, dilation,
/// transposed, output_padding, groups, ...) with constant weight and bias.
FailureOr<Signal> lowerConvOp(OpContext &ctx) {
  const Signal *input = unarySignal(ctx);
  if (!input)
    return failure();
  OpBuilder &b = ctx.builder;
  StringRef name = ctx.op.getName();
  bool full = name == "aten::_convolution";
  auto weight =
      dyn_cast_or_null<ElementsAttr>(ctx.constant(ctx.op->getOperand(1)));
  if (!weight)
    return ctx.emitError() << "the weight is not a constant tensor", failure();
  auto weightType = cast<ShapedType>(weight.getType());
  unsigned spatial = weightType.getRank() - 2;
  if (weightType.getRank() < 3 || spatial > 2)
    return ctx.emitError() << "a weight of rank " << weightType.getRank()
                           << " is neither a 1-d nor a 2-d convolution",
           failure();
  if ((name == "aten::conv1d" && spatial != 1) ||
      (name == "aten::conv2d" && spatial != 2))
    return ctx.emitError() << "the weight's rank " << weightType.getRank()
                           << " does not fit the operator",
           failure();
  Attribute biasAttr = ctx.constant(ctx.op->getOperand(2));
  ElementsAttr bias; // None: zeros
  if (!isa_and_nonnull<ts::NoneAttr>(biasAttr)) {
    bias = dyn_cast_or_null<ElementsAttr>(biasAttr);
    if (!bias)
      return ctx.emitError()
                 << "the bias is neither None nor a constant tensor",
             failure();
  }
  if (full && ctx.constant(ctx.op->getOperand(6)) != b.getBoolAttr(false))
    return ctx.emitError() << "transposed convolutions have no NIR node",
           failure();
  auto stride = lowering::getInts(ctx.constant(ctx.op->getOperand(3)), spatial);
  auto dilation =
      lowering::getInts(ctx.constant(ctx.op->getOperand(5)), spatial);
  auto groups = dyn_cast_or_null<IntegerAttr>(
      ctx.constant(ctx.op->getOperand(full ? 8 : 6)));
  Attribute paddingValue = ctx.constant(ctx.op->getOperand(4));
  auto paddingMode = dyn_cast_or_null<StringAttr>(paddingValue);
  auto padding = paddingMode ? SmallVector<int64_t>()
                             : lowering::getInts(paddingValue, spatial);
  if (!stride || !dilation || !groups || !padding)
    return ctx.emitError() << "stride, padding, dilation and groups must be "
                              "constants",
           failure();
  // F.pad(x, pads) feeding the convolution: its zero padding joins the
  // convolution's, per spatial dim (pads run from the last dim).
  if (auto pads = ctx.lowerer.pendingPads.find(ctx.op->getOperand(0));
      pads != ctx.lowerer.pendingPads.end()) {
    ArrayRef<int64_t> extra = pads->second;
    if (extra.size() > 2 * spatial)
      return ctx.emitError() << "F.pad pads " << extra.size() / 2
                             << " dims, more than the convolution's "
                             << spatial << " spatial dims",
             failure();
    if (paddingMode && paddingMode.getValue() == "same")
      return ctx.emitError() << "F.pad before a convolution with padding "
                                "'same' has no NIR form",
             failure();
    if (paddingMode) { // "valid": no padding of its own
      padding = SmallVector<int64_t>(spatial, 0);
      paddingMode = nullptr;
    }
    for (size_t i = 0; i < extra.size(); i += 2) {
      if (extra[i] != extra[i + 1])
        return ctx.emitError()
               << "F.pad pads a dim by " << extra[i] << " and " << extra[i + 1]
               << " on its two sides: NIR convolutions pad both sides "
                  "alike",
               failure();
      (*padding)[spatial - 1 - i / 2] += extra[i];
    }
  }
  FailureOr<lowering::NodeSpec> node =
      lowering::convNode(b,
                         {weight, bias, paddingMode, *padding, *stride,
                          *dilation, groups.getInt()},
                         input->shape, [&] { return ctx.emitError(); });
  if (failed(node))
    return failure();
  return ctx.createNode(node->opName, spatial == 1 ? "conv1d" : "conv2d",
                        *input, node->params);
}

/// The operators lowerConvOp lowers.
constexpr StringLiteral kConvOperators[] = {
    "aten::conv1d",         "aten::conv2d",       "aten::conv1d.padding",
    "aten::conv2d.padding", "aten::_convolution", "aten::_convolution_mode"};

/// aten::pad(x, pads, mode, value) (F.pad, and Conv's padding_mode): NIR
/// pads only inside a convolution, so zero padding lowers as the padding of
/// the convolution that is its only use (lowerConvOp adds it), and is no
/// node of its own.
FailureOr<Signal> lowerPadOp(OpContext &ctx) {
  const Signal *input = unarySignal(ctx);
  if (!input)
    return failure();
  auto mode = dyn_cast_or_null<StringAttr>(ctx.constant(ctx.op->getOperand(2)));
  if (!mode)
    return ctx.emitError() << "the padding mode must be a constant string",
           failure();
  if (mode.getValue() != "constant")
    return ctx.emitError() << "padding mode '" << mode.getValue()
                           << "' has no NIR form (NIR convolutions pad with "
                              "zeros)",
           failure();
  Attribute value = ctx.constant(ctx.op->getOperand(3));
  bool zero = isa_and_nonnull<ts::NoneAttr>(value);
  if (auto f = dyn_cast_or_null<FloatAttr>(value))
    zero = f.getValueAsDouble() == 0.0;
  if (auto i = dyn_cast_or_null<IntegerAttr>(value))
    zero = i.getInt() == 0;
  if (!zero)
    return ctx.emitError() << "padding with a value other than 0 has no NIR "
                              "form",
           failure();
  auto pads = lowering::getInts(ctx.constant(ctx.op->getOperand(1)), 0);
  if (!pads || pads->size() % 2 ||
      llvm::any_of(*pads, [](int64_t p) { return p < 0; }))
    return ctx.emitError() << "the pads must be a constant list of pairs of "
                              "non-negative ints",
           failure();
  Value result = ctx.op->getResult(0);
  auto conv = result.hasOneUse()
                  ? dyn_cast<ts::OperatorOp>(*result.getUsers().begin())
                  : ts::OperatorOp();
  if (!conv || conv->getOperand(0) != result ||
      !llvm::is_contained(kConvOperators, conv.getQualifiedName()))
    return ctx.emitError() << "zero padding lowers only as the padding of the "
                              "convolution that is its only use (NIR pads "
                              "only inside a Conv node)",
           failure();
  ctx.lowerer.pendingPads[result] = std::move(*pads);
  return *input;
}

/// Whether `value` is the batch size `t.size(0)` of some tensor (traced:
/// through prim::NumToTensor and aten::Int).
bool isBatchSize(OpContext &ctx, Value value) {
  if (auto toInt = asOperator(value.getDefiningOp(), "aten::Int.Tensor"))
    if (auto toTensor = asOperator(toInt->getOperand(0).getDefiningOp(),
                                   "prim::NumToTensor.Scalar"))
      value = toTensor->getOperand(0);
  auto size = asOperator(value.getDefiningOp(), "aten::size.int", 2);
  if (!size)
    return false;
  // The batch of a signal; a weight's size(0) is not.
  return constantInt(ctx, size->getOperand(1)) == 0 &&
         ctx.signal(size->getOperand(0));
}

/// x.view(sizes) / x.reshape(sizes) that flattens a run of the signal's dims
/// (`x.view(x.size(0), -1)`): a Flatten node; one that keeps the shape: no
/// node. The first size is the batch (x.size(0), or -1 with constant
/// others); NIR has no node that unflattens or reshapes otherwise.
FailureOr<Signal> lowerReshapeOp(OpContext &ctx) {
  const Signal *input = unarySignal(ctx);
  if (!input)
    return failure();
  // The sizes: constants, the batch size, -1.
  constexpr int64_t kBatch = std::numeric_limits<int64_t>::min();
  SmallVector<int64_t> sizes;
  Value list = ctx.op->getOperand(1);
  if (auto construct = list.getDefiningOp<ts::ListConstructOp>()) {
    for (Value element : construct.getElements()) {
      if (std::optional<int64_t> c = constantInt(ctx, element))
        sizes.push_back(*c);
      else if (isBatchSize(ctx, element))
        sizes.push_back(kBatch);
      else
        return ctx.emitError() << "the sizes must be constants, -1 and the "
                                  "batch size x.size(0)",
               failure();
    }
  } else if (auto constant = lowering::getInts(ctx.constant(list), 0)) {
    sizes = std::move(*constant);
  } else {
    return ctx.emitError() << "the sizes must be a list of constants, -1 and "
                              "the batch size x.size(0)",
           failure();
  }
  if (sizes.empty() || (sizes.front() != kBatch && sizes.front() != -1) ||
      llvm::is_contained(ArrayRef(sizes).drop_front(), kBatch))
    return ctx.emitError() << "the first size must be the batch size "
                              "(x.size(0), or -1 with constant other sizes)",
           failure();
  SmallVector<int64_t> target(sizes.begin() + 1, sizes.end());
  int64_t elements = 1;
  for (int64_t d : input->shape)
    elements *= d;
  int64_t known = 1, inferred = 0;
  for (int64_t d : target) {
    if (d == -1)
      ++inferred;
    else if (d <= 0)
      return ctx.emitError() << "a size of " << d << " is not a dim",
             failure();
    else
      known *= d;
  }
  if (inferred > 1 || (sizes.front() == -1 && inferred) ||
      (inferred && elements % known) || (!inferred && known != elements)) {
    InFlightDiagnostic diag = ctx.emitError();
    diag << "the sizes do not keep the batch dim and the signal's "
         << elements << " elements per sample (NIR shape [";
    llvm::interleaveComma(input->shape, diag);
    diag << "])";
    return failure();
  }
  for (int64_t &d : target)
    if (d == -1)
      d = elements / known;
  if (ArrayRef(target) == ArrayRef(input->shape))
    return *input;
  // A flatten of dims [start, end], start the first dim that changes: the
  // dims before and after are kept.
  ArrayRef<int64_t> shape = input->shape;
  size_t start = 0;
  while (start < shape.size() && start < target.size() &&
         shape[start] == target[start])
    ++start;
  if (start < target.size() && target.size() < shape.size()) {
    size_t tail = target.size() - start - 1;
    size_t end = shape.size() - 1 - tail;
    int64_t merged = 1;
    for (size_t d = start; d <= end; ++d)
      merged *= shape[d];
    if (merged == target[start] &&
        shape.take_back(tail) == ArrayRef(target).take_back(tail))
      return createFlattenNode(ctx, *input, start, end);
  }
  InFlightDiagnostic diag = ctx.emitError();
  diag << "it reshapes [";
  llvm::interleaveComma(input->shape, diag);
  diag << "] to [";
  llvm::interleaveComma(target, diag);
  diag << "], which is not a flatten of adjacent dims (NIR has Flatten, and "
          "no node that unflattens or reshapes otherwise)";
  return failure();
}

/// `matrix` (rows x cols) transposed, with its element type and bits.
ElementsAttr transposeMatrix(ElementsAttr matrix) {
  auto type = cast<ShapedType>(matrix.getType());
  int64_t rows = type.getDimSize(0), cols = type.getDimSize(1);
  auto transposedType =
      RankedTensorType::get({cols, rows}, type.getElementType());
  if (auto dense = dyn_cast<DenseElementsAttr>(matrix);
      dense && dense.isSplat())
    return dense.reshape(transposedType);
  Type element = type.getElementType();
  std::optional<ArrayRef<char>> raw = rawElementData(matrix);
  if (!raw || !element.isIntOrFloat() || element.getIntOrFloatBitWidth() % 8)
    return {};
  size_t width = element.getIntOrFloatBitWidth() / 8;
  if (raw->size() != static_cast<size_t>(rows * cols) * width)
    return {};
  std::vector<char> data(raw->size());
  for (int64_t i = 0; i < rows; ++i)
    for (int64_t j = 0; j < cols; ++j)
      std::memcpy(&data[(j * rows + i) * width],
                  &(*raw)[(i * cols + j) * width], width);
  return DenseElementsAttr::getFromRawBuffer(transposedType, data);
}

/// x @ W / torch.mm(x, W) with a constant W (in, out): a Linear node of
/// weight W^T (NIR's (out, in)); `x @ W.t()` gives W itself. A following
/// `+ b` with a constant b is an identity Affine (lowerBiasAdd) that the
/// clean-up folds merge into this node.
FailureOr<Signal> lowerMatmulOp(OpContext &ctx) {
  const Signal *input = ctx.signal(ctx.op->getOperand(0));
  if (!input || ctx.signal(ctx.op->getOperand(1)))
    return ctx.emitError() << "only x @ W with a signal x and a constant "
                              "matrix W is supported",
           failure();
  Value weightValue = ctx.op->getOperand(1);
  bool transposed = false;
  if (auto t = dyn_cast_or_null<ts::OperatorOp>(weightValue.getDefiningOp());
      t && t.getQualifiedName() == "aten::t") {
    weightValue = t->getOperand(0);
    transposed = true;
  }
  auto weight = dyn_cast_or_null<ElementsAttr>(ctx.constant(weightValue));
  if (!weight)
    return ctx.emitError() << "the matrix is not a constant tensor", failure();
  if (cast<ShapedType>(weight.getType()).getRank() != 2)
    return ctx.emitError() << "the matrix must have rank 2", failure();
  ElementsAttr nirWeight = transposed ? weight : transposeMatrix(weight);
  if (!nirWeight)
    return ctx.emitError()
               << "cannot transpose a matrix of element type "
               << cast<ShapedType>(weight.getType()).getElementType(),
           failure();
  nirWeight = weightForSignal(ctx, nirWeight, input->shape);
  if (!nirWeight)
    return failure();
  return ctx.createNode(nir::LinearOp::getOperationName(), "linear", *input,
                        {ctx.builder.getNamedAttr("weight", nirWeight)});
}

/// The operator `name` defining `value`, when `value` has one use.
ts::OperatorOp getSoleUseProducer(Value value, StringRef name) {
  auto op = dyn_cast_or_null<ts::OperatorOp>(value.getDefiningOp());
  if (!op || op.getQualifiedName() != name || !value.hasOneUse())
    return {};
  return op;
}

/// `y` when `mul` is `sign(y) * relu(abs(y))` (operands either way round,
/// each intermediate used only there), else null. `F.lp_pool2d` computes
/// this after pooling; it is `y` for every finite y.
Value getSignAbsOperand(ts::OperatorOp mul) {
  if (mul.getQualifiedName() != "aten::mul.Tensor")
    return {};
  for (unsigned i = 0; i < 2; ++i) {
    ts::OperatorOp sign =
        getSoleUseProducer(mul->getOperand(i), "aten::sign");
    ts::OperatorOp relu =
        getSoleUseProducer(mul->getOperand(1 - i), "aten::relu");
    ts::OperatorOp abs =
        relu ? getSoleUseProducer(relu->getOperand(0), "aten::abs")
             : ts::OperatorOp();
    if (sign && abs && sign->getOperand(0) == abs->getOperand(0))
      return sign->getOperand(0);
  }
  return {};
}

/// The `sign(y) * relu(abs(y))` product `op` (a sign, abs or relu) is part
/// of, or null.
ts::OperatorOp getSignAbsProduct(Operation *op) {
  while (op && op->getNumResults() == 1 && op->getResult(0).hasOneUse()) {
    auto user = dyn_cast<ts::OperatorOp>(*op->getResult(0).getUsers().begin());
    if (!user)
      return {};
    if (getSignAbsOperand(user))
      return user;
    if (user.getQualifiedName() != "aten::relu")
      return {};
    op = user;
  }
  return {};
}

/// aten::sign, aten::abs and aten::relu have no NIR node of their own; in
/// `sign(y) * relu(abs(y))` they pass y through to the product, which is y.
FailureOr<Signal> lowerSignAbsOp(OpContext &ctx) {
  const Signal *input = unarySignal(ctx);
  if (!input)
    return failure();
  if (!getSignAbsProduct(ctx.op))
    return ctx.emitError() << "it has no NIR node (it lowers only within "
                              "sign(y) * relu(abs(y)), which is y, as "
                              "F.lp_pool2d computes it); "
                           << ctx.lowerer.describeMappings(),
           failure();
  return *input;
}

/// x ** p: the identity for the constant p = 1 (F.lp_pool2d with
/// norm_type 1 raises to 1 and to 1 / 1); no NIR node for any other power.
FailureOr<Signal> lowerPowOp(OpContext &ctx) {
  const Signal *input = unarySignal(ctx);
  if (!input)
    return failure();
  Attribute exponent = ctx.constant(ctx.op->getOperand(1));
  std::optional<double> p;
  if (auto f = dyn_cast_or_null<FloatAttr>(exponent))
    p = f.getValueAsDouble();
  else if (auto i = dyn_cast_or_null<IntegerAttr>(exponent))
    p = static_cast<double>(i.getInt());
  if (!p)
    return ctx.emitError() << "the exponent is not a constant", failure();
  if (*p != 1.0)
    return ctx.emitError() << "x ** " << *p
                           << " has no NIR node (LP pooling lowers only "
                              "with norm_type 1, as SumPool2d)",
           failure();
  return *input;
}

/// x * c or c * x with a constant tensor c: a Scale node. `c` is broadcast to
/// the signal's shape when it has one element, and loses a leading batch dim
/// of size 1.
FailureOr<Signal> lowerMulOp(OpContext &ctx) {
  Value lhs = ctx.op->getOperand(0), rhs = ctx.op->getOperand(1);
  const Signal *input = ctx.signal(lhs);
  Value other = rhs;
  if (!input) {
    input = ctx.signal(rhs);
    other = lhs;
  } else if (ctx.signal(rhs)) {
    if (getSignAbsOperand(ctx.op))
      return *input; // sign(y) * relu(abs(y)) is y, already y's signal
    return ctx.emitError() << "a product of two signals has no NIR node",
           failure();
  }
  Attribute factor = ctx.constant(other);
  // x * c with a Python number (aten::mul.Scalar): PyTorch multiplies a
  // float32 signal by c rounded to float32, so the Scale is float32.
  if (isa_and_nonnull<FloatAttr>(factor) ||
      (isa_and_nonnull<IntegerAttr>(factor) &&
       !cast<IntegerAttr>(factor).getType().isInteger(1))) {
    double c = isa<FloatAttr>(factor)
                   ? cast<FloatAttr>(factor).getValueAsDouble()
                   : double(cast<IntegerAttr>(factor).getInt());
    auto type = RankedTensorType::get(input->shape, ctx.builder.getF32Type());
    return ctx.createNode(
        nir::ScaleOp::getOperationName(), "scale", *input,
        {ctx.builder.getNamedAttr(
            "scale", DenseElementsAttr::get(type, static_cast<float>(c)))});
  }
  auto scale = dyn_cast_or_null<ElementsAttr>(factor);
  if (!scale)
    return ctx.emitError() << "the factor is not a constant tensor or number",
           failure();
  // An integer factor (`x * 3` traced is a constant int64 tensor) scales a
  // float signal: float32, exact up to 2^24.
  if (auto intType = dyn_cast<IntegerType>(scale.getElementType());
      intType && intType.getWidth() > 1) {
    auto dense = dyn_cast<DenseIntElementsAttr>(scale);
    if (!dense)
      return ctx.emitError() << "the integer factor is not a dense constant",
             failure();
    SmallVector<float> values;
    for (const APInt &v : dense.getValues<APInt>())
      values.push_back(static_cast<float>(
          intType.isUnsigned() ? v.getZExtValue() : v.getSExtValue()));
    scale = DenseElementsAttr::get(
        RankedTensorType::get(cast<ShapedType>(scale.getType()).getShape(),
                              ctx.builder.getF32Type()),
        ArrayRef(values));
  }
  auto scaleType = cast<ShapedType>(scale.getType());
  Attribute param = lowering::broadcastToShape(scale, input->shape);
  // A splat factor of another shape (torch.full) broadcasts as its value.
  if (auto dense = dyn_cast<DenseElementsAttr>(scale);
      !param && dense && dense.isSplat())
    param = DenseElementsAttr::get(
        RankedTensorType::get(input->shape, scaleType.getElementType()),
        dense.getSplatValue<Attribute>());
  if (!param) {
    InFlightDiagnostic diag = ctx.emitError();
    diag << "the factor's shape [";
    llvm::interleaveComma(scaleType.getShape(), diag);
    diag << "] is neither the signal's shape nor a single element";
    return failure();
  }
  return ctx.createNode(nir::ScaleOp::getOperationName(), "scale", *input,
                        {ctx.builder.getNamedAttr("scale", param)});
}

/// The identity matrix n x n of float type `element`.
ElementsAttr identityMatrix(int64_t n, FloatType element) {
  if (element.getWidth() % 8)
    return {};
  size_t width = element.getWidth() / 8;
  APFloat value(1.0);
  bool losesInfo = false;
  (void)value.convert(element.getFloatSemantics(),
                      APFloat::rmNearestTiesToEven, &losesInfo);
  APInt one = value.bitcastToAPInt();
  std::vector<char> data(size_t(n) * size_t(n) * width, 0);
  for (int64_t i = 0; i < n; ++i)
    for (size_t byte = 0; byte < width; ++byte)
      data[(size_t(i) * size_t(n) + size_t(i)) * width + byte] =
          static_cast<char>(one.extractBitsAsZExtValue(8, byte * 8));
  return DenseElementsAttr::getFromRawBuffer(
      RankedTensorType::get({n, n}, element), data);
}

/// y + b with a signal y and a constant b: NIR has no node adding a
/// constant, so it is an Affine node of identity weight and bias b, on a
/// 1-d signal. After `x @ W` (the usual `x @ W + b`) the clean-up folds
/// merge the two into one Affine(W, b).
FailureOr<Signal> lowerBiasAdd(OpContext &ctx, const Signal &signal,
                               Value biasValue) {
  auto bias = dyn_cast_or_null<ElementsAttr>(ctx.constant(biasValue));
  if (!bias || !isa<FloatType>(bias.getElementType()))
    return ctx.emitError() << "only the sum of two signals, or a signal "
                              "plus a constant float tensor, is supported",
           failure();
  if (signal.shape.size() != 1)
    return ctx.emitError() << "a constant added to a signal of rank "
                           << signal.shape.size()
                           << " has no NIR node (it is an Affine's bias "
                              "only on a 1-d signal)",
           failure();
  // A bias of shape (1, n) (with a batch dim) loses it; one element is
  // broadcast.
  ElementsAttr nirBias = lowering::broadcastToShape(bias, signal.shape);
  if (!nirBias) {
    InFlightDiagnostic diag = ctx.emitError();
    diag << "the constant's shape [";
    llvm::interleaveComma(cast<ShapedType>(bias.getType()).getShape(), diag);
    diag << "] is neither the signal's shape nor a single element";
    return failure();
  }
  OpBuilder &b = ctx.builder;
  ElementsAttr weight = identityMatrix(
      signal.shape.front(), cast<FloatType>(bias.getElementType()));
  if (!weight)
    return ctx.emitError() << "a bias of element type "
                           << bias.getElementType() << " is not supported",
           failure();
  return ctx.createNode(
      nir::AffineOp::getOperationName(), "affine", signal,
      {b.getNamedAttr("weight", weight), b.getNamedAttr("bias", nirBias)});
}

/// a + b of two signals: no node; both edges go into the consumers (NIR sums
/// the edges into a node). The in-place `a += b` (aten::add_) too, when `a`
/// is not read afterwards (it would see the sum).
FailureOr<Signal> lowerAddOp(OpContext &ctx) {
  Value lhsValue = ctx.op->getOperand(0), rhsValue = ctx.op->getOperand(1);
  const Signal *lhs = ctx.signal(lhsValue);
  const Signal *rhs = ctx.signal(rhsValue);
  Attribute alpha = ctx.constant(ctx.op->getOperand(2));
  bool unit = false;
  if (auto i = dyn_cast_or_null<IntegerAttr>(alpha))
    unit = i.getInt() == 1;
  else if (auto f = dyn_cast_or_null<FloatAttr>(alpha))
    unit = f.getValueAsDouble() == 1.0;
  if (!unit)
    return ctx.emitError() << "alpha must be the constant 1", failure();
  if (ctx.op.getName() == "aten::add_") {
    Block *block = ctx.op->getBlock();
    for (Operation *user : lhsValue.getUsers()) {
      Operation *inBlock = block->findAncestorOpInBlock(*user);
      if (user != ctx.op.getOperation() && inBlock &&
          ctx.op->isBeforeInBlock(inBlock))
        return ctx.emitError()
                   << "its first operand is read after the in-place sum, "
                      "which changed it (use the result of `a + b`)",
               failure();
    }
  }
  if (lhs && !rhs)
    return lowerBiasAdd(ctx, *lhs, rhsValue);
  if (rhs && !lhs)
    return lowerBiasAdd(ctx, *rhs, lhsValue);
  if (!lhs || !rhs)
    return ctx.emitError() << "only the sum of two signals is supported (a "
                              "constant summand has no NIR node)",
           failure();
  if (lhs->shape != rhs->shape)
    return ctx.emitError() << "the summands have different shapes "
                              "(broadcasting has no NIR form)",
           failure();
  // A fan-in of the two summands, each a value or a fan-in itself: node
  // builders expand the tree. A sum of n signals (x1 + x2 + ... + xn, as a
  // wide fan-in raises to) is n casts, where a flat edge list per sum would
  // copy n^2 edges.
  Signal sum;
  sum.edges = {lhs->edges.front(), rhs->edges.front()};
  sum.shape = lhs->shape;
  return sum;
}

/// prim::unchecked_cast only changes the static type (the ts inliner casts
/// a traced argument to the callee's parameter type): the signal passes.
FailureOr<Signal> lowerUncheckedCastOp(OpContext &ctx) {
  const Signal *input = unarySignal(ctx);
  if (!input)
    return failure();
  return *input;
}

/// Dropout (`aten::dropout(x, p, train)` and its feature / alpha forms) is
/// the identity at inference, which is what a NIR graph describes. A module
/// saved in training mode (train not the constant false) drops nothing in
/// the graph either: a warning says so.
FailureOr<Signal> lowerDropoutOp(OpContext &ctx) {
  const Signal *input = unarySignal(ctx);
  if (!input)
    return failure();
  auto train = dyn_cast_or_null<BoolAttr>(ctx.constant(ctx.op->getOperand(2)));
  if (!train || train.getValue())
    ctx.op->emitWarning()
        << ctx.op.getQualifiedName()
        << " is lowered as at inference (the identity): NIR has no dropout, "
           "and the module "
        << (train ? "was saved in training mode (call .eval() before "
                    "saving to silence this)"
                  : "decides its training mode at run time");
  return *input;
}

/// The op patterns: operator (qualified, or a name for all its overloads),
/// lowering, and the operand count of TorchScript's operator (the ts
/// dialect cannot check arity without libtorch's schemas).
struct OpPatternEntry {
  StringLiteral name;
  FailureOr<Signal> (*lower)(OpContext &);
  unsigned minOperands;
};
constexpr OpPatternEntry kOpPatterns[] = {
    {"prim::unchecked_cast", lowerUncheckedCastOp, 1},
    // Dropout and its in-place forms.
    {"aten::dropout", lowerDropoutOp, 3},
    {"aten::dropout_", lowerDropoutOp, 3},
    {"aten::feature_dropout", lowerDropoutOp, 3},
    {"aten::feature_dropout_", lowerDropoutOp, 3},
    {"aten::alpha_dropout", lowerDropoutOp, 3},
    {"aten::alpha_dropout_", lowerDropoutOp, 3},
    {"aten::feature_alpha_dropout", lowerDropoutOp, 3},
    {"aten::feature_alpha_dropout_", lowerDropoutOp, 3},
    {"aten::linear", lowerLinearOp, 3},
    {"aten::flatten.using_ints", lowerFlattenOp, 3},
    {"aten::avg_pool2d", lowerAvgPoolOp, 7},
    {"aten::mul.Tensor", lowerMulOp, 2},
    {"aten::mul.Scalar", lowerMulOp, 2},
    {"aten::add.Tensor", lowerAddOp, 3},
    {"aten::add_.Tensor", lowerAddOp, 3},
    // kConvOperators; _convolution's groups is operand 8, the others' 6.
    {"aten::conv1d", lowerConvOp, 7},
    {"aten::conv2d", lowerConvOp, 7},
    {"aten::conv1d.padding", lowerConvOp, 7},
    {"aten::conv2d.padding", lowerConvOp, 7},
    {"aten::_convolution", lowerConvOp, 9},
    {"aten::_convolution_mode", lowerConvOp, 7},
    {"aten::matmul", lowerMatmulOp, 2},
    {"aten::mm", lowerMatmulOp, 2},
    {"aten::pow.Tensor_Scalar", lowerPowOp, 2},
    {"aten::pad", lowerPadOp, 4},
    {"aten::view", lowerReshapeOp, 2},
    {"aten::reshape", lowerReshapeOp, 2},
    {"aten::sign", lowerSignAbsOp, 1},
    {"aten::abs", lowerSignAbsOp, 1},
    {"aten::relu", lowerSignAbsOp, 1},
};

const llvm::StringMap<OpPattern> &LoweringState::getOpPatterns() {
  static const llvm::StringMap<OpPattern> patterns = [] {
    llvm::StringMap<OpPattern> byName;
    for (const OpPatternEntry &entry : kOpPatterns)
      byName[entry.name] = OpPattern{entry.lower, entry.minOperands};
    assert(llvm::all_of(kConvOperators,
                        [](StringRef conv) {
                          return llvm::any_of(
                              kOpPatterns, [&](const OpPatternEntry &entry) {
                                return entry.name == conv &&
                                       entry.lower == lowerConvOp;
                              });
                        }) &&
           "every convolution operator has the convolution pattern");
    return byName;
  }();
  return patterns;
}

//===----------------------------------------------------------------------===//
// Conversion patterns
//===----------------------------------------------------------------------===//

InFlightDiagnostic emitSignalOpError(Operation *op, const Scope &scope) {
  return op->emitError() << "cannot lower '" << op->getName()
                         << "' on a signal in module " << formatPath(scope.path)
                         << " (class '" << scope.className << "'): ";
}

/// Whether `op`, or an op nested in it, uses a value whose lowering failed.
bool usesPoison(Operation *op, ConversionPatternRewriter &rewriter) {
  WalkResult result = op->walk([&](Operation *inner) {
    for (Value operand : inner->getOperands())
      if (getMarkedCast(rewriter.getRemappedValue(operand), kPoisonAttrName))
        return WalkResult::interrupt();
    return WalkResult::advance();
  });
  return result.wasInterrupted();
}

/// The base of the conversion's patterns on signal ops. An op using a value
/// whose lowering failed fails silently (each cause gets one diagnostic);
/// one whose lowering fails (diagnosed) leaves poison for its users. Either
/// way the pattern succeeds, so that every independent error is reported.
template <typename OpTy>
class SignalOpPattern : public OpConversionPattern<OpTy> {
public:
  using OpAdaptor = typename OpConversionPattern<OpTy>::OpAdaptor;

  SignalOpPattern(LoweringState &state, MLIRContext *context,
                  PatternBenefit benefit = 1)
      : OpConversionPattern<OpTy>(context, benefit), state(state) {}

  LogicalResult
  matchAndRewrite(OpTy op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const final {
    if (!matches(op, adaptor))
      return failure();
    if (usesPoison(op, rewriter)) {
      state.poison(rewriter, op);
      return success();
    }
    FailureOr<SmallVector<Value>> results =
        lower(op, adaptor, rewriter, state.scopeOf(op));
    if (failed(results))
      state.poison(rewriter, op);
    else
      rewriter.replaceOp(op, *results);
    return success();
  }

protected:
  /// Whether this pattern lowers `op` (the others are tried otherwise).
  virtual bool matches(OpTy op, OpAdaptor adaptor) const { return true; }
  /// The converted results of `op`, or failure (diagnosed).
  virtual FailureOr<SmallVector<Value>>
  lower(OpTy op, OpAdaptor adaptor, ConversionPatternRewriter &rewriter,
        const Scope &scope) const = 0;

  LoweringState &state;
};

/// One aten op pattern: a `ts.operator` the table kOpPatterns has an entry
/// for. The operand checks every op pattern needs are made here.
class ATenOpLowering : public SignalOpPattern<ts::OperatorOp> {
public:
  ATenOpLowering(LoweringState &state, MLIRContext *context, StringRef name,
                 const OpPattern &pattern)
      // An entry for one overload (`aten::add.Tensor`) wins over one for all
      // of them.
      : SignalOpPattern(state, context, name.contains('.') ? 3 : 2), name(name),
        pattern(pattern) {}

private:
  bool matches(ts::OperatorOp op, OpAdaptor) const override {
    return op.getName() == name || op.getQualifiedName() == name;
  }

  FailureOr<SmallVector<Value>> lower(ts::OperatorOp op, OpAdaptor adaptor,
                                      ConversionPatternRewriter &rewriter,
                                      const Scope &scope) const override {
    std::string qualified = op.getQualifiedName();
    auto fail = [&]() {
      return op.emitError() << "cannot lower '" << qualified << "' in module "
                            << formatPath(scope.path) << " (class '"
                            << scope.className << "'): ";
    };
    if (op->getNumResults() != 1)
      return fail() << "no op pattern; " << state.describeMappings(), failure();
    if (op->getNumOperands() < pattern.minOperands)
      return fail() << "it has " << op->getNumOperands()
                    << " operands, fewer than the " << pattern.minOperands
                    << " of TorchScript's operator",
             failure();
    OpContext ctx{state, op, scope.path, scope.className, rewriter, {}};
    // A delayed edge without a shape of its own takes the shape of the
    // op's other signal (the other summand of a fan-in).
    SmallVector<int64_t> hint;
    for (Value operand : adaptor.getOperands())
      if (auto type = dyn_cast<RankedTensorType>(operand.getType())) {
        hint.assign(type.getShape().begin(), type.getShape().end());
        break;
      }
    for (auto [index, operand] : llvm::enumerate(adaptor.getOperands())) {
      if (getMarkedCast(operand, kSignalTupleAttrName))
        return fail() << "operand #" << index << " is a tuple holding signals",
               failure();
      if (getMarkedCast(operand, kDelayedEdgeAttrName)) {
        FailureOr<Signal> edge =
            state.resolveDelayedEdge(rewriter, operand, op, hint);
        if (failed(edge))
          return failure();
        ctx.setSignal(op->getOperand(index), std::move(*edge));
      }
    }
    FailureOr<Signal> signal = pattern.lower(ctx);
    if (failed(signal))
      return failure();
    return SmallVector<Value>{state.toValue(rewriter, op.getLoc(), *signal)};
  }

  std::string name;
  OpPattern pattern;
};

/// prim::TupleIndex(t, i) with a constant i into a tuple holding signals
/// (ts-remove-state checks that i is constant).
class TupleIndexLowering : public SignalOpPattern<ts::OperatorOp> {
public:
  TupleIndexLowering(LoweringState &state, MLIRContext *context)
      : SignalOpPattern(state, context, /*benefit=*/4) {}

private:
  /// The element `op` reads, or null.
  Value getElement(ts::OperatorOp op, OpAdaptor adaptor) const {
    if (op.getQualifiedName() != "prim::TupleIndex" ||
        op->getNumOperands() != 2 || op->getNumResults() != 1)
      return {};
    auto tuple = getMarkedCast(adaptor.getOperands()[0], kSignalTupleAttrName);
    auto index = dyn_cast_or_null<IntegerAttr>(state.fold(op->getOperand(1)));
    if (!tuple || !index)
      return {};
    int64_t size = tuple->getNumOperands();
    int64_t i = index.getInt() < 0 ? index.getInt() + size : index.getInt();
    return i >= 0 && i < size ? tuple->getOperand(i) : Value();
  }
  bool matches(ts::OperatorOp op, OpAdaptor adaptor) const override {
    return static_cast<bool>(getElement(op, adaptor));
  }
  FailureOr<SmallVector<Value>> lower(ts::OperatorOp op, OpAdaptor adaptor,
                                      ConversionPatternRewriter &,
                                      const Scope &) const override {
    return SmallVector<Value>{getElement(op, adaptor)};
  }
};

/// A `ts.operator` on a signal that no aten op pattern lowers: an error
/// listing what exists.
class UnmatchedOperatorLowering : public SignalOpPattern<ts::OperatorOp> {
public:
  UnmatchedOperatorLowering(LoweringState &state, MLIRContext *context)
      : SignalOpPattern(state, context, /*benefit=*/1) {}

private:
  FailureOr<SmallVector<Value>> lower(ts::OperatorOp op, OpAdaptor,
                                      ConversionPatternRewriter &,
                                      const Scope &scope) const override {
    return op.emitError() << "cannot lower '" << op.getQualifiedName()
                          << "' in module " << formatPath(scope.path)
                          << " (class '" << scope.className
                          << "'): no op pattern; " << state.describeMappings(),
           failure();
  }
};

/// A call marked for a module map entry (or, unmarked, of a mapped class's
/// forward): the entry's node. Any other call of a method on a signal was
/// not inlined.
class CallMethodLowering : public SignalOpPattern<ts::CallMethodOp> {
public:
  using SignalOpPattern::SignalOpPattern;

private:
  FailureOr<SmallVector<Value>> lower(ts::CallMethodOp call, OpAdaptor adaptor,
                                      ConversionPatternRewriter &rewriter,
                                      const Scope &scope) const override {
    ts::ScriptModuleOp object =
        ts::resolveObject(call.getObject(), state.symbolTables);
    if (!object)
      return call.emitError()
                 << "cannot lower a call of method '" << call.getMethod()
                 << "' of class '" << call.getClassName() << "' in module "
                 << formatPath(scope.path)
                 << ": the object is not statically known",
             failure();
    std::string objectPath = object.getPath();
    const ModuleBuilder *moduleBuilder = nullptr;
    if (auto entry = call->getAttrOfType<StringAttr>(kModuleMapAttrName)) {
      // Marked by ts-match-module-maps: exactly that entry builds the node.
      moduleBuilder = state.lookupModuleEntry(entry.getValue());
      if (!moduleBuilder)
        return call.emitError()
                   << "the call of module '" << objectPath << "' (class '"
                   << object.getClassName() << "') is marked for module map "
                   << "entry '" << entry.getValue()
                   << "', which the pass's module map does not have; "
                   << state.describeMappings(),
               failure();
    } else if (call.getMethod() == "forward") {
      moduleBuilder = state.lookupModule(object.getClassName());
    }
    if (!moduleBuilder)
      return call.emitError()
                 << "cannot lower the call of method '" << call.getMethod()
                 << "' of module '" << objectPath << "' (class '"
                 << object.getClassName()
                 << "'): no module map entry maps it and it is not inlined "
                    "(ts-inline-calls inlines it; lower-torchscript-to-nir "
                    "runs every stage)",
             failure();
    auto fail = [&]() {
      return call.emitError()
             << "cannot lower the call of module '" << objectPath
             << "' (class '" << object.getClassName() << "'): ";
    };
    // A mapped module: its one signal input is the first argument; the
    // others (ts-remove-state left prim::Uninitialized for its states, None,
    // hyper-parameters) must not carry a signal.
    ValueRange args = adaptor.getArguments();
    if (args.empty() || !LoweringState::carriesSignal(args.front()) ||
        llvm::any_of(args.drop_front(), LoweringState::carriesSignal))
      return fail() << "a mapped module takes its signal as the first "
                       "argument and no other signal",
             failure();
    FailureOr<Signal> input = failure();
    if (getMarkedCast(args.front(), kDelayedEdgeAttrName))
      input = state.resolveDelayedEdge(rewriter, args.front(), call, {});
    else if (std::optional<Signal> signal =
                 LoweringState::getSignal(args.front()))
      input = std::move(*signal);
    else
      return fail() << "a mapped module takes its signal as the first "
                       "argument and no other signal",
             failure();
    if (failed(input))
      return failure();
    // Raised modules (and any module that has one) carry their exact NIR
    // name; a raised root records those of node library modules.
    std::string name = objectPath;
    if (auto nirName = dyn_cast_or_null<ts::AttributeOp>(
            SymbolTable::lookupSymbolIn(object, raised::kNameSlot))) {
      if (auto str = dyn_cast_or_null<StringAttr>(nirName.getSlotValue()))
        name = str.str();
    } else if (auto names = dyn_cast_or_null<ts::AttributeOp>(
                   SymbolTable::lookupSymbolIn(object.getRoot(),
                                               raised::kNodeNamesSlot))) {
      if (auto rows = dyn_cast_or_null<ArrayAttr>(names.getSlotValue()))
        for (Attribute row : rows) {
          std::optional<SmallVector<std::string>> pair =
              raised::readStringList(row);
          if (pair && pair->size() == 2 && (*pair)[0] == objectPath)
            name = (*pair)[1];
        }
    }
    OpBuilder::InsertionGuard guard(rewriter);
    rewriter.setInsertionPointToEnd(&state.graph.getBodyBlock());
    ModuleCall moduleCall(object, call, state.uniqueName(name), *input,
                          rewriter);
    FailureOr<Signal> output = (*moduleBuilder)(moduleCall);
    if (failed(output))
      return failure();
    Value result = state.toValue(rewriter, call.getLoc(), *output);
    // A stateful module returns its output and its state in one tuple; of
    // its elements, ts-remove-state left only the output in use.
    if (auto tupleType = dyn_cast<ts::TupleType>(call.getResult().getType())) {
      SmallVector<Value> elements(tupleType.getElementTypes().size(), result);
      return SmallVector<Value>{state.createMarkedCast(
          rewriter, call.getLoc(), kSignalTupleAttrName, tupleType, elements)};
    }
    return SmallVector<Value>{result};
  }
};

/// F.lp_pool2d(x, 1, k): sum pooling. Its body (pow, avg_pool2d, sign, abs,
/// relu, mul, pow) has no op-by-op NIR form, so ts-inline-calls keeps the
/// call. Any other function call on a signal was not inlined.
class CallFunctionLowering : public SignalOpPattern<ts::CallFunctionOp> {
public:
  using SignalOpPattern::SignalOpPattern;

private:
  FailureOr<SmallVector<Value>> lower(ts::CallFunctionOp call,
                                      OpAdaptor adaptor,
                                      ConversionPatternRewriter &rewriter,
                                      const Scope &scope) const override {
    ValueRange operands = adaptor.getOperands();
    if (call.getCallee() != lowering::kLPPool2dFunction || operands.empty() ||
        !isa<RankedTensorType>(operands[0].getType()))
      return call.emitError()
                 << "cannot lower the call of function " << call.getCalleeAttr()
                 << " in module " << formatPath(scope.path)
                 << ": it is not inlined (ts-inline-calls inlines it; "
                    "lower-torchscript-to-nir runs every stage)",
             failure();
    // lp_pool2d(input, norm_type, kernel_size, stride=None, ceil_mode=False)
    auto fail = [&]() {
      return call.emitError() << "cannot lower 'F.lp_pool2d' in module "
                              << formatPath(scope.path) << " (class '"
                              << scope.className << "'): ";
    };
    if (call->getNumOperands() != 5 ||
        llvm::any_of(operands.drop_front(), LoweringState::carriesSignal))
      return fail() << "only its first operand may be a signal", failure();
    auto fold = [&](Value v) { return state.fold(v); };
    Attribute norm = fold(call.getOperand(1));
    double normValue = 0;
    if (auto f = dyn_cast_or_null<FloatAttr>(norm))
      normValue = f.getValueAsDouble();
    else if (auto i = dyn_cast_or_null<IntegerAttr>(norm))
      normValue = static_cast<double>(i.getInt());
    else
      return fail() << "norm_type must be a constant", failure();
    if (normValue != 1.0)
      return fail() << "norm_type " << normValue
                    << " has no NIR node (only 1: SumPool2d)",
             failure();
    auto kernel = lowering::getInts(fold(call.getOperand(2)), 2);
    Attribute strideAttr = fold(call.getOperand(3));
    auto stride = isa_and_nonnull<ts::NoneAttr>(strideAttr)
                      ? kernel
                      : lowering::getInts(strideAttr, 2);
    if (!kernel || !stride)
      return fail() << "kernel_size and stride must be constant int lists",
             failure();
    if (fold(call.getOperand(4)) != rewriter.getBoolAttr(false))
      return fail() << "ceil_mode must be False", failure();
    OpBuilder::InsertionGuard guard(rewriter);
    rewriter.setInsertionPointToEnd(&state.graph.getBodyBlock());
    FailureOr<Signal> output = lowering::createNode(
        rewriter, call.getLoc(), nir::SumPool2dOp::getOperationName(),
        state.uniqueName(
            state.nodeBaseName(scope.path, scope.className, "sum_pool2d")),
        *LoweringState::getSignal(operands[0]),
        {rewriter.getNamedAttr("kernel_size",
                               rewriter.getDenseI64ArrayAttr(*kernel)),
         rewriter.getNamedAttr("stride",
                               rewriter.getDenseI64ArrayAttr(*stride)),
         rewriter.getNamedAttr("padding",
                               rewriter.getDenseI64ArrayAttr({0, 0}))},
        [&] { return fail(); });
    if (failed(output))
      return failure();
    return SmallVector<Value>{output->edges.front()};
  }
};

/// A branch on a signal's path has no NIR form: inlineConstantBranches has
/// taken those on compile-time conditions, and ts-remove-state removed
/// those on state.
class IfLowering : public SignalOpPattern<ts::IfOp> {
public:
  using SignalOpPattern::SignalOpPattern;

private:
  FailureOr<SmallVector<Value>> lower(ts::IfOp op, OpAdaptor,
                                      ConversionPatternRewriter &,
                                      const Scope &scope) const override {
    return emitSignalOpError(op, scope)
               << "a branch on a run-time condition has no NIR form "
                  "(branches on state are removed by ts-remove-state); "
               << state.describeMappings(),
           failure();
  }
};

/// An op reading only a signal's metadata (`x.size(0)`, which a
/// `x.view(x.size(0), -1)` reads): the same op on a stand-in of the signal,
/// whose values it does not read, so that forward keeps no use of the
/// graph's values.
class SignalMetadataLowering : public SignalOpPattern<ts::OperatorOp> {
public:
  SignalMetadataLowering(LoweringState &state, MLIRContext *context)
      : SignalOpPattern(state, context, /*benefit=*/5) {}

private:
  bool matches(ts::OperatorOp op, OpAdaptor adaptor) const override {
    ValueRange operands = adaptor.getOperands();
    return !operands.empty() &&
           lowering::isSignalMetadataOp(op.getQualifiedName()) &&
           LoweringState::carriesSignal(operands.front()) &&
           llvm::none_of(operands.drop_front(), LoweringState::carriesSignal);
  }
  FailureOr<SmallVector<Value>> lower(ts::OperatorOp op, OpAdaptor,
                                      ConversionPatternRewriter &rewriter,
                                      const Scope &) const override {
    auto standIn = rewriter.create<UnrealizedConversionCastOp>(
        op.getLoc(), TypeRange{op->getOperand(0).getType()}, ValueRange{});
    standIn->setAttr(kSignalMetadataAttrName, rewriter.getUnitAttr());
    OperationState state(op.getLoc(), op->getName());
    state.addOperands(standIn.getResult(0));
    state.addOperands(op->getOperands().drop_front());
    state.addAttributes(op->getAttrs());
    state.addTypes(op->getResultTypes());
    return SmallVector<Value>(rewriter.create(state)->getResults());
  }
};

/// forward's return: what it returns becomes the graph's outputs once the
/// graph is built (LoweringState::returned).
class ReturnLowering : public OpConversionPattern<ts::ReturnOp> {
public:
  ReturnLowering(LoweringState &state, MLIRContext *context)
      : OpConversionPattern(context), state(state) {}

  LogicalResult
  matchAndRewrite(ts::ReturnOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    state.returned.assign(adaptor.getOperands().begin(),
                          adaptor.getOperands().end());
    rewriter.eraseOp(op);
    return success();
  }

private:
  LoweringState &state;
};

/// Several outputs, or a tuple a mapped call's result is unpacked from.
class TupleConstructLowering : public SignalOpPattern<ts::TupleConstructOp> {
public:
  using SignalOpPattern::SignalOpPattern;

private:
  FailureOr<SmallVector<Value>> lower(ts::TupleConstructOp op,
                                      OpAdaptor adaptor,
                                      ConversionPatternRewriter &rewriter,
                                      const Scope &) const override {
    return SmallVector<Value>{
        state.createMarkedCast(rewriter, op.getLoc(), kSignalTupleAttrName,
                               op.getType(), adaptor.getElements())};
  }
};

class TupleUnpackLowering : public SignalOpPattern<ts::TupleUnpackOp> {
public:
  using SignalOpPattern::SignalOpPattern;

private:
  bool matches(ts::TupleUnpackOp op, OpAdaptor adaptor) const override {
    auto tuple = getMarkedCast(adaptor.getTuple(), kSignalTupleAttrName);
    return tuple && tuple->getNumOperands() == op->getNumResults();
  }
  FailureOr<SmallVector<Value>> lower(ts::TupleUnpackOp, OpAdaptor adaptor,
                                      ConversionPatternRewriter &,
                                      const Scope &) const override {
    return SmallVector<Value>(
        adaptor.getTuple().getDefiningOp()->getOperands());
  }
};

/// A delayed edge: a placeholder of the shape the read knows (its zeros
/// fallback's, or its `like` signal's), unranked when it knows none.
class DelayedReadLowering : public SignalOpPattern<ts::DelayedReadOp> {
public:
  using SignalOpPattern::SignalOpPattern;

private:
  FailureOr<SmallVector<Value>> lower(ts::DelayedReadOp read, OpAdaptor adaptor,
                                      ConversionPatternRewriter &rewriter,
                                      const Scope &) const override {
    std::optional<SmallVector<int64_t>> shape;
    if (std::optional<ArrayRef<int64_t>> own = read.getShape())
      shape.emplace(own->begin(), own->end());
    else if (Value like = adaptor.getLike())
      if (auto type = dyn_cast<RankedTensorType>(like.getType()))
        shape.emplace(type.getShape().begin(), type.getShape().end());
    if (shape)
      return SmallVector<Value>{state.getDelayedEdge(rewriter, read.getLoc(),
                                                     read.getSource(), *shape)};
    return SmallVector<Value>{
        state.createMarkedCast(rewriter, read.getLoc(), kDelayedEdgeAttrName,
                               UnrankedTensorType::get(rewriter.getF32Type()),
                               {}, read.getSourceAttr())};
  }
};

/// Any other op on a signal: control flow, containers, attribute writes.
class UnsupportedSignalOpLowering : public ConversionPattern {
public:
  UnsupportedSignalOpLowering(LoweringState &state, MLIRContext *context)
      : ConversionPattern(MatchAnyOpTypeTag(), /*benefit=*/0, context),
        state(state) {}

  LogicalResult
  matchAndRewrite(Operation *op, ArrayRef<Value>,
                  ConversionPatternRewriter &rewriter) const override {
    if (!usesPoison(op, rewriter))
      emitSignalOpError(op, state.scopeOf(op))
          << "control flow, containers and attribute writes of signals have "
             "no NIR form; "
          << state.describeMappings();
    state.poison(rewriter, op);
    return success();
  }

private:
  LoweringState &state;
};

/// The aten op patterns, one per entry of kOpPatterns, and the error for a
/// `ts.operator` that none lowers.
void populateATenToNIRPatterns(RewritePatternSet &patterns,
                               LoweringState &state) {
  MLIRContext *context = patterns.getContext();
  for (const auto &entry : LoweringState::getOpPatterns())
    patterns.add<ATenOpLowering>(state, context, entry.getKey(),
                                 entry.getValue());
  patterns.add<TupleIndexLowering, SignalMetadataLowering,
               UnmatchedOperatorLowering>(state, context);
}

/// The patterns of convert-torchscript-to-nir.
void populateTorchScriptToNIRPatterns(RewritePatternSet &patterns,
                                      LoweringState &state) {
  populateATenToNIRPatterns(patterns, state);
  patterns.add<CallMethodLowering, CallFunctionLowering, IfLowering,
               TupleConstructLowering, TupleUnpackLowering, DelayedReadLowering,
               ReturnLowering, UnsupportedSignalOpLowering>(
      state, patterns.getContext());
}

/// Replaces each branch in `forward` on a compile-time condition (F.relu's
/// `inplace`) by the branch taken, as canonicalize does, so that the
/// conversion runs alone too: it converts the ops of nested blocks only
/// after those of the enclosing block, which use the branch's results.
void inlineConstantBranches(ts::MethodOp forward, LoweringState &state) {
  SmallVector<ts::IfOp> branches;
  // Inner branches first, so that each is inlined into its enclosing one.
  forward.walk([&](ts::IfOp op) { branches.push_back(op); });
  IRRewriter rewriter(forward.getContext());
  for (ts::IfOp op : branches) {
    auto taken = dyn_cast_or_null<BoolAttr>(state.fold(op.getCondition()));
    if (!taken)
      continue;
    Block &branch = taken.getValue() ? op.getThenRegion().front()
                                     : op.getElseRegion().front();
    Operation *yield = branch.getTerminator();
    SmallVector<Value> results(yield->getOperands());
    rewriter.eraseOp(yield);
    rewriter.inlineBlockBefore(&branch, op);
    rewriter.replaceOp(op, results);
  }
}

/// The ops of `block` (and of blocks nested in it) a signal reaches, which
/// the conversion must replace: an op using a signal (or holding ops that
/// do), and every delayed read. Their results are signals in turn, except
/// those of an op that reads only a signal's metadata (`x.size(0)`).
/// `signals` holds the signals known so far (forward's inputs first).
void collectSignalOps(Block &block, DenseSet<Value> &signals,
                      DenseSet<Operation *> &ops) {
  for (Operation &op : block) {
    if (op.hasTrait<OpTrait::IsTerminator>())
      continue;
    for (Region &region : op.getRegions())
      for (Block &nested : region)
        collectSignalOps(nested, signals, ops);
    auto isSignal = [&](Value value) { return signals.contains(value); };
    bool reached = isa<ts::DelayedReadOp>(op);
    op.walk([&](Operation *inner) {
      reached |= llvm::any_of(inner->getOperands(), isSignal);
    });
    if (!reached)
      continue;
    ops.insert(&op);
    auto operator_ = dyn_cast<ts::OperatorOp>(op);
    if (operator_ &&
        lowering::isSignalMetadataOp(operator_.getQualifiedName()) &&
        llvm::none_of(op.getOperands().drop_front(), isSignal))
      continue;
    signals.insert(op.getResults().begin(), op.getResults().end());
  }
}

FailureOr<Signal>
LoweringState::resolveDelayedEdge(ConversionPatternRewriter &rewriter,
                                  Value read, Operation *user,
                                  ArrayRef<int64_t> hint) {
  if (std::optional<Signal> ranked = getSignal(read))
    return *ranked;
  auto cast = getMarkedCast(read, kDelayedEdgeAttrName);
  StringRef source =
      cast->getAttrOfType<StringAttr>(kDelayedEdgeAttrName).getValue();
  if (auto it = delayedEdges.find(source); it != delayedEdges.end())
    return *getSignal(it->second.placeholder);
  if (hint.empty())
    return user->emitError()
               << "cannot lower the read of state \"" << source
               << ".out\" as a delayed edge: its shape is unknown (no zeros "
                  "fallback of constant shape, no other summand)",
           failure();
  return *getSignal(getDelayedEdge(rewriter, cast.getLoc(), source, hint));
}

Value LoweringState::getDelayedEdge(ConversionPatternRewriter &rewriter,
                                    Location loc, StringRef source,
                                    ArrayRef<int64_t> shape) {
  auto it = delayedEdges.find(source);
  if (it == delayedEdges.end()) {
    Value placeholder =
        createMarkedCast(rewriter, loc, kDelayedEdgeAttrName,
                         RankedTensorType::get(shape, rewriter.getF32Type()),
                         {}, rewriter.getStringAttr(source));
    it = delayedEdges.insert({source, DelayedEdge{placeholder, loc}}).first;
  }
  return it->second.placeholder;
}

void LoweringState::eraseDeadCasts() {
  // A cast comes after the values it uses (placeholders first), so erasing
  // backwards frees each value before it is reached.
  for (Operation &op : llvm::make_early_inc_range(
           llvm::reverse(graph.getBodyBlock().getOperations()))) {
    if (!isa<UnrealizedConversionCastOp>(op) || !op.use_empty())
      continue;
    if (auto source = op.getAttrOfType<StringAttr>(kDelayedEdgeAttrName))
      if (auto it = delayedEdges.find(source.getValue());
          it != delayedEdges.end() && it->second.placeholder == op.getResult(0))
        delayedEdges.erase(it);
    op.erase();
  }
}

LogicalResult LoweringState::resolveDelayedEdges() {
  llvm::StringMap<Value> nodes;
  for (Operation &op : graph.getBodyBlock())
    if (auto name = op.getAttrOfType<StringAttr>("name");
        name && op.getNumResults() == 1 && !isa<nir::OutputOp>(op))
      nodes[name.getValue()] = op.getResult(0);
  bool ok = true;
  for (auto &[source, edge] : delayedEdges) {
    Value node = nodes.lookup(source);
    if (!node) {
      emitError(edge.loc)
          << "the state read \"" << source
          << ".out\" reaches a signal op, but no node is named '" << source
          << "' (a delayed edge reads \"<node>.out\")";
      ok = false;
      continue;
    }
    if (node.getType() != edge.placeholder.getType()) {
      emitError(edge.loc) << "the delayed edge from node '" << source
                          << "' has type " << node.getType()
                          << " but its zeros fallback has "
                          << edge.placeholder.getType();
      ok = false;
      continue;
    }
    edge.placeholder.replaceAllUsesWith(node);
    edge.placeholder.getDefiningOp()->erase();
  }
  return success(ok);
}

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

/// Parses "2x34x34".
FailureOr<SmallVector<int64_t>> parseShape(StringRef text) {
  SmallVector<int64_t> shape;
  SmallVector<StringRef> parts;
  text.split(parts, 'x');
  for (StringRef part : parts) {
    int64_t extent;
    if (part.trim().getAsInteger(10, extent) || extent < 1)
      return failure();
    shape.push_back(extent);
  }
  return shape;
}

struct ConvertTorchScriptToNIRPass
    : public impl::ConvertTorchScriptToNIRBase<ConvertTorchScriptToNIRPass> {
  using Base::Base;
  ConvertTorchScriptToNIRPass(const ConvertTorchScriptToNIROptions &options,
                              std::shared_ptr<const ModuleMap> moduleMap)
      : Base(options), moduleMap(std::move(moduleMap)) {}
  ConvertTorchScriptToNIRPass(const LowerTorchScriptToNIROptions &options)
      : moduleMap(options.moduleMap) {
    for (const std::vector<int64_t> &shape : options.inputShapes)
      inputShapes.emplace_back(shape.begin(), shape.end());
    shapesParsed = true;
    // The textual options still describe the pass (pipeline printing).
    inputShape = formatShapes(inputShapes);
    rootName = options.rootName;
    moduleMapFile = options.moduleMapFile;
    registeredMaps = options.registeredMaps;
  }

  /// `shapes` in the syntax of the input-shape option.
  static std::string formatShapes(ArrayRef<SmallVector<int64_t>> shapes) {
    std::string text;
    llvm::raw_string_ostream os(text);
    llvm::interleave(
        shapes, os,
        [&](const SmallVector<int64_t> &shape) {
          llvm::interleave(shape, os, "x");
        },
        ",");
    return text;
  }

  /// Parses input-shape and adds the registered maps and the module-map
  /// file (once) on top of the pass's module map.
  LogicalResult initialize(MLIRContext *context) override {
    // input-shape: one shape per graph input, joined by commas.
    if (!shapesParsed && !inputShape.empty()) {
      SmallVector<StringRef> parts;
      StringRef(inputShape).split(parts, ',');
      for (StringRef part : parts) {
        FailureOr<SmallVector<int64_t>> shape = parseShape(part);
        if (failed(shape))
          return emitError(UnknownLoc::get(context))
                 << "invalid input-shape '" << inputShape
                 << "' (expected extents joined by 'x', e.g. 2x34x34, one "
                    "shape per input joined by ',')";
        inputShapes.push_back(std::move(*shape));
      }
    }
    shapesParsed = true;
    if (moduleMapLoaded)
      return success();
    FailureOr<std::shared_ptr<const ModuleMap>> map =
        getPassModuleMap(moduleMap, registeredMaps, moduleMapFile, context);
    if (failed(map))
      return failure();
    moduleMap = std::move(*map);
    moduleMapLoaded = true;
    // PDL patterns map calls only by marking them, which the conversion
    // does here for calls that ts-match-module-maps has not seen.
    if (!moduleMap->getPDLPatterns().empty()) {
      FailureOr<FrozenRewritePatternSet> patterns =
          lowering::buildModuleMapMatchPatterns(*moduleMap, context);
      if (failed(patterns))
        return failure();
      matchPatterns = std::move(*patterns);
    }
    return success();
  }

  void runOnOperation() override;

  std::shared_ptr<const ModuleMap> moduleMap;
  bool moduleMapLoaded = false;
  std::optional<FrozenRewritePatternSet> matchPatterns;
  /// The input shapes, parsed once.
  SmallVector<SmallVector<int64_t>> inputShapes;
  bool shapesParsed = false;
};

/// A string list attribute slot of `object` (`nir_inputs`), or
/// std::nullopt when there is none.
std::optional<SmallVector<std::string>>
stringListSlot(ts::ScriptModuleOp object, StringRef name) {
  auto slot = dyn_cast_or_null<ts::AttributeOp>(
      SymbolTable::lookupSymbolIn(object, name));
  return raised::readStringList(slot ? slot.getSlotValue() : Attribute());
}

/// The graph's ports as the raised root records them (`nir_inputs`,
/// `nir_input_shapes`, `nir_outputs`, docs/Raising.md).
struct RecordedPorts {
  std::optional<SmallVector<std::string>> inputs, outputs;
  std::optional<SmallVector<SmallVector<int64_t>>> inputShapes;
};

RecordedPorts getRecordedPorts(ts::ScriptModuleOp root) {
  RecordedPorts ports;
  ports.inputs = stringListSlot(root, raised::kInputsSlot);
  ports.outputs = stringListSlot(root, raised::kOutputsSlot);
  auto slot = dyn_cast_or_null<ts::AttributeOp>(
      SymbolTable::lookupSymbolIn(root, raised::kInputShapesSlot));
  if (auto array =
          slot ? dyn_cast_or_null<ArrayAttr>(slot.getSlotValue()) : nullptr) {
    SmallVector<SmallVector<int64_t>> shapes;
    for (Attribute element : array) {
      auto ints = lowering::getInts(element);
      if (!ints)
        return ports;
      shapes.push_back(std::move(*ints));
    }
    ports.inputShapes = std::move(shapes);
  }
  return ports;
}

void ConvertTorchScriptToNIRPass::runOnOperation() {
  ModuleOp top = getOperation();
  if (matchPatterns)
    lowering::markModuleMapCalls(top, *matchPatterns);
  // initialize() resolved the map (empty when none was given: the raised
  // node classes are always known).
  const ModuleMap &map = *moduleMap;

  ArrayRef<SmallVector<int64_t>> optionShapes = inputShapes;

  SmallVector<ts::ScriptModuleOp> roots =
      lowering::getLoweringRoots(top, rootName);
  if (roots.size() != 1) {
    top.emitError() << (roots.empty() ? "no root ts.module"
                                      : "several root ts.modules")
                    << (rootName.empty() ? "" : " named '" + rootName + "'")
                    << " to lower (choose one with the 'root' option)";
    return signalPassFailure();
  }
  ts::ScriptModuleOp root = roots.front();
  ts::MethodOp forward = root.lookupMethod("forward");
  if (!forward) {
    root.emitError() << "class '" << root.getClassName()
                     << "' has no forward method";
    return signalPassFailure();
  }
  Block &body = forward.getBodyBlock();
  // Outputs and their errors are at the return, which the conversion
  // erases.
  Location returnLoc = forward.getReturnOp().getLoc();

  // Arguments without default are the graph inputs; those with a default
  // are state (`state: Optional[Dict[str, Tensor]] = None`), which
  // ts-remove-state left unused, or hyper-parameters.
  SmallVector<unsigned> inputArgs;
  for (unsigned i = 1; i < body.getNumArguments(); ++i) {
    if (forward.getArgDefault(i)) {
      if (lowering::isStateType(body.getArgument(i).getType()) &&
          !body.getArgument(i).use_empty() &&
          !root->hasAttr(kModuleMapAttrName)) {
        forward.emitError()
            << "forward still reads its state argument '"
            << forward.getArgName(i)
            << "': run ts-remove-state first (lower-torchscript-to-nir runs "
               "every stage)";
        return signalPassFailure();
      }
      continue;
    }
    if (!isa<ts::TensorType>(body.getArgument(i).getType())) {
      forward.emitError() << "forward's input '" << forward.getArgName(i)
                          << "' is not a tensor";
      return signalPassFailure();
    }
    inputArgs.push_back(i);
  }
  if (inputArgs.empty()) {
    forward.emitError() << "forward takes no input (every argument after "
                           "self has a default)";
    return signalPassFailure();
  }

  RecordedPorts recorded = getRecordedPorts(root);
  if (recorded.inputs && recorded.inputs->size() != inputArgs.size()) {
    root.emitError() << "nir_inputs names " << recorded.inputs->size()
                     << " inputs but forward takes " << inputArgs.size();
    return signalPassFailure();
  }
  if (recorded.inputShapes &&
      recorded.inputShapes->size() != inputArgs.size()) {
    root.emitError() << "nir_input_shapes has " << recorded.inputShapes->size()
                     << " shapes but forward takes " << inputArgs.size()
                     << " inputs";
    return signalPassFailure();
  }
  if (!optionShapes.empty() && optionShapes.size() != inputArgs.size()) {
    forward.emitError() << "input-shape gives " << optionShapes.size()
                        << " shapes but forward takes " << inputArgs.size()
                        << " inputs";
    return signalPassFailure();
  }

  // Names: recorded, else "input" for one input and the argument names for
  // several.
  SmallVector<std::string> inputNames;
  for (auto [index, arg] : llvm::enumerate(inputArgs)) {
    if (recorded.inputs)
      inputNames.push_back((*recorded.inputs)[index]);
    else if (inputArgs.size() == 1)
      inputNames.push_back("input");
    else
      inputNames.push_back(forward.getArgName(arg).str());
  }

  // Shapes: the input-shape option, else the recorded shapes, else the
  // traced type's sizes without the batch dim.
  SmallVector<SmallVector<int64_t>> shapes;
  for (auto [index, arg] : llvm::enumerate(inputArgs)) {
    auto inputType = cast<ts::TensorType>(body.getArgument(arg).getType());
    SmallVector<int64_t> traced;
    if (inputType.hasSizes() && inputType.getSizes()->size() >= 2 &&
        llvm::none_of(*inputType.getSizes(), ShapedType::isDynamic))
      traced.assign(inputType.getSizes()->begin() + 1,
                    inputType.getSizes()->end());
    if (!optionShapes.empty()) {
      const SmallVector<int64_t> &shape = optionShapes[index];
      if (!traced.empty() && traced != shape) {
        InFlightDiagnostic diag = forward.emitError();
        diag << "input-shape '" << inputShape
             << "' disagrees with the traced type of forward's input '"
             << forward.getArgName(arg) << "' (NIR shape [";
        llvm::interleaveComma(traced, diag);
        diag << "] without its batch dim)";
        return signalPassFailure();
      }
      shapes.push_back(shape);
    } else if (recorded.inputShapes) {
      shapes.push_back((*recorded.inputShapes)[index]);
    } else if (!traced.empty()) {
      shapes.push_back(traced);
    } else {
      forward.emitError() << "the shape of forward's input '"
                          << forward.getArgName(arg)
                          << "' is unknown: give it with the input-shape "
                             "option (the NIR shape without batch dim, e.g. "
                             "input-shape=2x34x34; several inputs: "
                             "input-shape=2x3,4)";
      return signalPassFailure();
    }
  }

  SmallVector<std::string> portNames(inputNames.begin(), inputNames.end());
  if (recorded.outputs)
    portNames.append(recorded.outputs->begin(), recorded.outputs->end());
  else
    portNames.push_back("output");

  OpBuilder builder(top.getBodyRegion());
  builder.setInsertionPointToEnd(top.getBody());
  auto graph = builder.create<nir::GraphOp>(root.getLoc(), root.getSymName());
  builder.setInsertionPointToStart(&graph.getBodyBlock());
  Type f32 = builder.getF32Type();
  LoweringState state(map, graph, portNames, root);
  // The Input nodes replace forward's inputs: the signals the conversion
  // starts from.
  SmallVector<Value> inputs;
  for (auto [index, arg] : llvm::enumerate(inputArgs)) {
    BlockArgument value = body.getArgument(arg);
    auto input = builder.create<nir::InputOp>(
        value.getLoc(), RankedTensorType::get(shapes[index], f32),
        inputNames[index], DictionaryAttr());
    inputs.push_back(input.getOutput());
  }

  auto fail = [&] {
    // forward reads the graph's values until it is erased with the root.
    forward.getBody().dropAllReferences();
    graph.erase();
    signalPassFailure();
  };
  SmallVector<Value> returned;
  const ModuleBuilder *rootBuilder = nullptr;
  if (auto entry = root->getAttrOfType<StringAttr>(kModuleMapAttrName))
    rootBuilder = state.lookupModuleEntry(entry.getValue());
  else
    rootBuilder = state.lookupModule(root.getClassName());
  if (rootBuilder) {
    // The root itself is mapped (a saved nn.Conv2d): one node named after
    // the root symbol.
    if (inputArgs.size() != 1) {
      forward.emitError() << "a mapped root module takes one input";
      return fail();
    }
    ModuleCall call(root, forward, root.getSymName().str(),
                    *LoweringState::getSignal(inputs.front()), builder);
    FailureOr<Signal> signal = (*rootBuilder)(call);
    if (failed(signal))
      return fail();
    returned.push_back(signal->edges.front());
  } else {
    for (auto [arg, input] : llvm::zip(inputArgs, inputs))
      body.getArgument(arg).replaceAllUsesWith(input);
    inlineConstantBranches(forward, state);
    DenseSet<Value> signals(inputs.begin(), inputs.end());
    DenseSet<Operation *> signalOps;
    collectSignalOps(body, signals, signalOps);
    signalOps.insert(forward.getReturnOp());
    ConversionTarget target(getContext());
    target.addLegalDialect<nir::NIRDialect>();
    target.addLegalOp<UnrealizedConversionCastOp>();
    target.markUnknownOpDynamicallyLegal(
        [&](Operation *op) { return !signalOps.contains(op); });
    RewritePatternSet patterns(&getContext());
    populateTorchScriptToNIRPatterns(patterns, state);
    // Every pattern succeeds, diagnosing what has no NIR form; the
    // conversion fails on its own only if an op a signal reaches has no
    // pattern, which the catch-all pattern rules out.
    if (failed(applyPartialConversion(forward, target, std::move(patterns))) ||
        state.hadError)
      return fail();
    returned = state.returned;
  }

  // The outputs: the returned signal, or the signals of the returned tuple
  // (ts-remove-state dropped the state that followed them).
  SmallVector<Signal> outputs;
  if (returned.size() == 1) {
    if (std::optional<Signal> signal = LoweringState::getSignal(returned[0])) {
      outputs.push_back(*signal);
    } else if (auto tuple = getMarkedCast(returned[0], kSignalTupleAttrName)) {
      for (auto [index, element] : llvm::enumerate(tuple->getOperands())) {
        std::optional<Signal> signal = LoweringState::getSignal(element);
        if (!signal) {
          emitError(returnLoc)
              << "forward returns a tuple whose element #" << index
              << " is not a signal (ts-remove-state leaves only "
                 "outputs)";
          return fail();
        }
        outputs.push_back(*signal);
      }
    }
  }
  if (outputs.empty()) {
    emitError(returnLoc)
        << "forward returns no signal (expected a tensor computed "
           "from the input, or a tuple (outputs..., state...))";
    return fail();
  }
  if (recorded.outputs && recorded.outputs->size() != outputs.size()) {
    emitError(returnLoc) << "nir_outputs names " << recorded.outputs->size()
                         << " outputs but forward returns " << outputs.size()
                         << " signals";
    return fail();
  }
  builder.setInsertionPointToEnd(&graph.getBodyBlock());
  for (auto [index, output] : llvm::enumerate(outputs)) {
    std::string name;
    if (recorded.outputs)
      name = (*recorded.outputs)[index];
    else if (outputs.size() == 1)
      name = "output";
    else
      name = state.uniqueName(("output" + Twine(index)).str());
    SmallVector<Value> edges;
    lowering::appendEdges(edges, output.edges);
    builder.create<nir::OutputOp>(returnLoc,
                                  RankedTensorType::get(output.shape, f32),
                                  name, edges, DictionaryAttr());
  }
  forward.getBody().dropAllReferences();
  state.eraseDeadCasts();
  if (failed(state.resolveDelayedEdges()))
    return fail();
  state.foldOpNodes();
  // A module raised by nirtorch: its graph's metadata and nesting.
  if (failed(restoreRaisedGraph(root, graph)))
    return fail();
  // The graph now represents the root: erase it, and the functions that no
  // other root calls.
  root.erase();
  llvm::StringSet<> called;
  SmallVector<Operation *> worklist(top.getOps<ts::ScriptModuleOp>());
  while (!worklist.empty()) {
    worklist.pop_back_val()->walk([&](ts::CallFunctionOp call) {
      if (!called.insert(call.getCallee()).second)
        return;
      if (Operation *callee = SymbolTable::lookupSymbolIn(top, call.getCallee()))
        worklist.push_back(callee);
    });
  }
  for (auto function :
       llvm::make_early_inc_range(top.getOps<ts::FunctionOp>()))
    if (!called.contains(function.getSymName()))
      function.erase();
}

} // namespace

//===----------------------------------------------------------------------===//
// Shared with the other stages
//===----------------------------------------------------------------------===//

bool lowering::hasOpPattern(StringRef qualified, StringRef name) {
  const llvm::StringMap<OpPattern> &patterns = LoweringState::getOpPatterns();
  return patterns.contains(qualified) || patterns.contains(name);
}

bool lowering::isSignalMetadataOp(StringRef name) {
  return llvm::is_contained({"aten::size", "aten::size.int", "aten::dim",
                             "aten::numel", "aten::len.Tensor", "prim::device",
                             "prim::dtype", "prim::layout", "aten::zeros_like",
                             "aten::empty_like", "aten::new_zeros",
                             "aten::new_empty"},
                            name);
}

bool lowering::isShapeOperand(StringRef name, unsigned index) {
  return index == 1 && (name == "aten::view" || name == "aten::reshape");
}

bool lowering::isStateType(Type type) {
  return !isa<ts::IntType, ts::FloatType, ts::BoolType, ts::StrType,
              ts::NoneType, ts::DeviceType>(type);
}

std::string lowering::formatPath(StringRef path) {
  return path.empty() ? std::string("<root>") : ("'" + path + "'").str();
}

std::pair<std::string, std::string>
lowering::getCodeOwner(Operation *op, ts::ScriptModuleOp root) {
  std::string path = ts::getInlinedModulePath(op->getLoc());
  ts::ScriptModuleOp object = root;
  SmallVector<StringRef> names;
  if (!path.empty())
    StringRef(path).split(names, '.');
  for (StringRef name : names)
    object = object ? object.lookupSubmodule(name) : nullptr;
  if (!object)
    return {"", root.getClassName().str()};
  return {path, object.getClassName().str()};
}

SmallVector<ts::ScriptModuleOp> lowering::getLoweringRoots(ModuleOp top,
                                                           StringRef rootName) {
  SmallVector<ts::ScriptModuleOp> roots;
  for (auto root : top.getOps<ts::ScriptModuleOp>())
    if (rootName.empty() || root.getSymName() == rootName)
      roots.push_back(root);
  return roots;
}

std::unique_ptr<Pass> mlir::createConvertTorchScriptToNIRPass(
    const LowerTorchScriptToNIROptions &options) {
  return std::make_unique<ConvertTorchScriptToNIRPass>(options);
}

std::unique_ptr<Pass> mlir::createConvertTorchScriptToNIRPass(
    const ConvertTorchScriptToNIROptions &options,
    std::shared_ptr<const ModuleMap> moduleMap) {
  return std::make_unique<ConvertTorchScriptToNIRPass>(options,
                                                       std::move(moduleMap));
}
