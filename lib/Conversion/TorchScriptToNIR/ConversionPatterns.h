//===- ConversionPatterns.h - What the conversion's patterns share --------===//
//
// Private to convert-torchscript-to-nir: the state its patterns share while
// the root's forward is converted (TorchScriptToNIR.cpp) and the base of its
// patterns, which the aten op patterns (ATenToNIR.cpp) use too.
//
//===----------------------------------------------------------------------===//

#ifndef NIRTORCH_LIB_CONVERSION_TORCHSCRIPTTONIR_CONVERSIONPATTERNS_H
#define NIRTORCH_LIB_CONVERSION_TORCHSCRIPTTONIR_CONVERSIONPATTERNS_H

#include "Common.h"
#include "RaisedModuleMap.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Transforms/DialectConversion.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "nirtorch/Dialect/NIR/NIRFolds.h"
#include "nirtorch/Dialect/NIR/NIROps.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include <functional>
#include <map>

namespace nirtorch::lowering {

// Private to the two files above, which both use namespace mlir.
using namespace mlir;

// Values the conversion needs while it runs, and erases once the graph is
// built: `builtin.unrealized_conversion_cast`s marked by an attribute, in
// the graph's body unless said otherwise. A fan-in
// (lowering::kFanInAttrName) is the sum of its operands' edges (MLIR 19's
// dialect conversion replaces a value by one value, and `a + b` of signals
// is two edges).
/// A tuple holding signals (several outputs, or a stateful module's result,
/// whose elements ts-remove-state left in use are all its output): its
/// operands are the elements.
inline constexpr StringLiteral kSignalTupleAttrName = "nirtorch.signal_tuple";
/// What a failed (and diagnosed) op leaves: ops using it fail silently, so
/// that each cause gets one diagnostic.
inline constexpr StringLiteral kPoisonAttrName = "nirtorch.poison";
/// A stand-in for a signal where an op reads only its metadata
/// (SignalMetadataLowering); in forward, erased with it.
inline constexpr StringLiteral kSignalMetadataAttrName =
    "nirtorch.signal_metadata";
/// A delayed edge, replaced by the node it reads once the graph is built
/// (the node may come later: nir.graph is a graph region). A read that
/// knows no shape is unranked until an op using it gives one.
inline constexpr StringLiteral kDelayedEdgeAttrName = "nirtorch.delayed_edge";

/// The conversion's own cast marked `marker` defining `value`, or null.
inline UnrealizedConversionCastOp getMarkedCast(Value value, StringRef marker) {
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

/// Whether `op`, or an op nested in it, uses a value whose lowering failed.
bool usesPoison(Operation *op, ConversionPatternRewriter &rewriter);

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

/// The aten op patterns, one per entry of the op table, and the patterns
/// for `prim::TupleIndex`, metadata reads and operators none of them lowers.
void populateATenToNIRPatterns(RewritePatternSet &patterns,
                               LoweringState &state);

} // namespace nirtorch::lowering

#endif
