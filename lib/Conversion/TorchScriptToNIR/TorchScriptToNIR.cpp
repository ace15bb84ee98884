//===- TorchScriptToNIR.cpp - Lower a ts.module's forward to nir.graph ----===//
//
// The last stage of the lowering: a dialect conversion of the root's
// `forward`, inlined and without state (ts-inline-calls, ts-remove-state),
// into a `nir.graph`. A `ts` op is illegal when a signal reaches it (the
// graph inputs, and whatever is computed from them); values that carry no
// signal (constants, attribute reads, int lists, sizes) stay legal and are
// folded on demand by the patterns that need them. Each illegal op has a
// pattern: an aten op pattern (populateATenToNIRPatterns, ATenToNIR.cpp)
// for each `ts.operator` NIR has a form for, a call marked for a module map
// entry becomes that entry's node, a `ts.delayed_read` an edge from the
// node it names. A converted signal is a value of the graph (`tensor<shape x
// f32>`), so a pattern infers its node's result type from its converted
// operands. See docs/Lowering.md.
//
//===----------------------------------------------------------------------===//

#include "nirtorch/Conversion/TorchScriptToNIR.h"
#include "Common.h"
#include "ConversionPatterns.h"
#include "RaisedGraph.h"
#include "RaisedModuleMap.h"
#include "nirtorch/Conversion/RaisedClasses.h"
#include "nirtorch/Conversion/TorchScriptToNIR/ModuleMap.h"
#include "nirtorch/Conversion/TorchScriptToNIR/ModuleMapFile.h"

#include "mlir/Dialect/PDL/IR/PDL.h"
#include "mlir/Dialect/PDLInterp/IR/PDLInterp.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
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

namespace mlir {
#define GEN_PASS_DEF_CONVERTTORCHSCRIPTTONIR
#include "nirtorch/Conversion/TorchScriptToNIR/Passes.h.inc"
} // namespace mlir

using namespace mlir;
using namespace nirtorch;
using namespace nirtorch::lowering;

namespace nirtorch::lowering {

//===----------------------------------------------------------------------===//
// Conversion patterns
//===----------------------------------------------------------------------===//

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

} // namespace nirtorch::lowering

namespace {

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
    bool delayed =
        !args.empty() && getMarkedCast(args.front(), kDelayedEdgeAttrName);
    std::optional<Signal> signal =
        args.empty() ? std::nullopt : LoweringState::getSignal(args.front());
    if ((!signal && !delayed) ||
        llvm::any_of(args.drop_front(), LoweringState::carriesSignal))
      return fail() << "a mapped module takes its signal as the first "
                       "argument and no other signal",
             failure();
    // A delayed edge without a shape of its own has no other signal here to
    // take one from.
    FailureOr<Signal> input =
        delayed ? state.resolveDelayedEdge(rewriter, args.front(), call, {})
                : FailureOr<Signal>(std::move(*signal));
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
      return emitLoweringError(call, "F.lp_pool2d", scope.path,
                               scope.className);
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
    return emitLoweringError(op, op->getName().getStringRef(), scope.path,
                             scope.className, /*onSignal=*/true)
               << "a branch on a run-time condition has no NIR form "
                  "(branches on state are removed by ts-remove-state); "
               << state.describeMappings(),
           failure();
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
    if (!usesPoison(op, rewriter)) {
      Scope scope = state.scopeOf(op);
      emitLoweringError(op, op->getName().getStringRef(), scope.path,
                        scope.className, /*onSignal=*/true)
          << "control flow, containers and attribute writes of signals have "
             "no NIR form; "
          << state.describeMappings();
    }
    state.poison(rewriter, op);
    return success();
  }

private:
  LoweringState &state;
};

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
    if (auto taken = dyn_cast_or_null<BoolAttr>(state.fold(op.getCondition())))
      ts::inlineBranch(rewriter, op, taken.getValue());
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
    if (auto operator_ = dyn_cast<ts::OperatorOp>(op);
        operator_ && readsOnlySignalMetadata(operator_.getQualifiedName(),
                                             op.getOperands(), isSignal))
      continue;
    signals.insert(op.getResults().begin(), op.getResults().end());
  }
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

bool lowering::isStateType(Type type) {
  return !isa<ts::IntType, ts::FloatType, ts::BoolType, ts::StrType,
              ts::NoneType, ts::DeviceType>(type);
}

std::string lowering::formatPath(StringRef path) {
  return path.empty() ? std::string("<root>") : ("'" + path + "'").str();
}

InFlightDiagnostic lowering::emitLoweringError(Operation *op, StringRef what,
                                               StringRef path,
                                               StringRef className,
                                               bool onSignal) {
  return op->emitError() << "cannot lower '" << what << "' "
                         << (onSignal ? "on a signal " : "") << "in module "
                         << formatPath(path) << " (class '" << className
                         << "'): ";
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
