//===- RemoveState.cpp - Drop the state plumbing of a root's forward ------===//
//
// The pass `ts-remove-state`: NIR has no state values, so the code that
// threads state through a stateful network (the `state` argument, the state
// elements of neuron modules' `(output, state)` results, what is computed
// from them, the state returned for the next step) is removed from the
// root's forward before the conversion. An analysis over the whole function
// classifies every value as signal, state or neither; a read of the state
// key "<node>.out" that reaches a signal op becomes `ts.delayed_read`. See
// docs/Lowering.md, "State".
//
//===----------------------------------------------------------------------===//

#include "Common.h"
#include "nirtorch/Conversion/TorchScriptToNIR.h"
#include "nirtorch/Dialect/TorchScript/TorchScriptOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/RegionUtils.h"
#include "llvm/ADT/MapVector.h"

#include <deque>

namespace mlir {
#define GEN_PASS_DEF_TSREMOVESTATE
#include "nirtorch/Conversion/TorchScriptToNIR/Passes.h.inc"
} // namespace mlir

using namespace mlir;
using namespace nirtorch;
using namespace nirtorch::lowering;

namespace {

/// What the analysis knows of a value derived from state.
struct StateInfo {
  /// The state dict key this value reads ("" if none).
  std::string key;
  /// The NIR shape of the value when it is a zero tensor of constant shape
  /// (the fallback of a keyed read), without the batch dim.
  std::optional<SmallVector<int64_t>> zeroShape;
  /// A signal whose shape the zero tensor copies (`zeros_like(x)`).
  Value zeroLike;
  /// Where it was read or computed, for diagnostics.
  Operation *origin = nullptr;

  bool isDelayedRead() const { return StringRef(key).ends_with(".out"); }
};

/// The class of one value.
struct Item {
  enum class Kind { Other, Signal, State, Tuple, Pending };
  Kind kind = Kind::Other;
  StateInfo state;
  /// Kind::Tuple: a tuple holding a signal (`(output, state)`, outputs).
  std::vector<Item> elements;
  /// Kind::Pending: element `index` of the tuple stateful call `call`
  /// returns; it is the call's output if some signal op uses it, state
  /// otherwise.
  unsigned call = 0, index = 0;

  static Item signal() {
    Item item;
    item.kind = Kind::Signal;
    return item;
  }
  static Item ofState(StateInfo state) {
    Item item;
    item.kind = Kind::State;
    item.state = std::move(state);
    return item;
  }
  bool carriesSignal() const {
    return kind == Kind::Signal || kind == Kind::Pending ||
           (kind == Kind::Tuple && llvm::any_of(elements, [](const Item &e) {
              return e.carriesSignal();
            }));
  }
};

/// A mapped call returning a tuple, and which element is its output.
struct StatefulCall {
  ts::CallMethodOp op;
  std::string module;
  std::optional<unsigned> output;
};

/// The analysis and the rewrite of one root's forward.
class StateRemoval {
public:
  StateRemoval(ts::ScriptModuleOp root, ts::MethodOp forward)
      : root(root), forward(forward) {}

  LogicalResult run();

private:
  Item get(Value value) const { return items.lookup(value); }
  Item::Kind kindOf(Value value) const {
    auto it = items.find(value);
    return it == items.end() ? Item::Kind::Other : it->second.kind;
  }
  bool isSignalLike(Value value) const {
    Item::Kind kind = kindOf(value);
    return kind == Item::Kind::Signal || kind == Item::Kind::Tuple ||
           kind == Item::Kind::Pending;
  }
  Attribute fold(Value value) {
    return foldConstant(
        value, [](Value) { return Value(); }, &symbolTables);
  }

  FailureOr<SmallVector<Item>> analyzeBlock(Block &block,
                                            SmallVector<Value> *yielded);
  /// analyzeOp, unless `op` uses a value an error made unknown; marks the
  /// results of `op` unknown when it fails. Fails only on a new error.
  LogicalResult analyzeOpOrPoison(Operation &op);
  LogicalResult analyzeOp(Operation &op);
  LogicalResult analyzeOperator(ts::OperatorOp op);
  LogicalResult analyzeIf(ts::IfOp op);
  LogicalResult analyzeMappedCall(ts::CallMethodOp call);
  LogicalResult analyzeReturn(ts::ReturnOp ret);

  /// `op` and what it computes are state: erased.
  void drop(Operation *op) {
    for (Value result : op->getResults())
      items[result] = Item::ofState(computeState(op));
    dropped.push_back(op);
  }
  /// `op` stays: its results are signals (an op the conversion lowers or
  /// diagnoses).
  void keepAsSignal(Operation *op) {
    for (Value result : op->getResults())
      items[result] = Item::signal();
  }
  StateInfo computeState(Operation *op);
  std::optional<SmallVector<int64_t>> zerosShape(Value sizes);
  std::optional<SmallVector<int64_t>> zeroStateShape(Value value,
                                                     const Item &item);
  /// A pending element used as a signal by `user`: it becomes its call's
  /// output; fails when another element already is.
  LogicalResult resolvePending(Value value, Operation *user);
  /// `operand` (state) read as a signal: a delayed edge if it reads
  /// "<node>.out", else the error `emitError` starts, with a note where the
  /// state comes from.
  LogicalResult useStateAsSignal(OpOperand &operand,
                                 function_ref<InFlightDiagnostic()> emitError);
  /// "cannot lower '<what>' [on a signal ]in module <path> (class ...): ".
  InFlightDiagnostic emitLoweringError(Operation *op, StringRef what,
                                       bool onSignal = false);

  void inlineConstantBranches();
  void createDelayedReads();
  void rewriteReturn();
  void eraseState();

  ts::ScriptModuleOp root;
  ts::MethodOp forward;
  SymbolTableCollection symbolTables;
  DenseMap<Value, Item> items;
  /// Values of ops an error was reported for, and what uses them.
  DenseSet<Value> poisoned;
  /// Ops whose results are state, in program order (nested ones included).
  SmallVector<Operation *> dropped;
  std::vector<StatefulCall> calls;
  struct DelayedRead {
    StateInfo state;
    SmallVector<OpOperand *> uses;
  };
  llvm::MapVector<StringRef, DelayedRead> delayedReads;
  /// Keys of delayedReads (the map refers to them).
  std::deque<std::string> delayedKeys;
  /// State values that stay with what computes them: the size lists signal
  /// ops read, a return that holds no output.
  SmallVector<Value> keptValues;
  /// ts.if ops on a compile-time condition, and whether the then branch is
  /// taken.
  SmallVector<std::pair<ts::IfOp, bool>> constantIfs;
  /// The outputs forward returns: (tuple value or the value, element path).
  SmallVector<std::pair<Value, SmallVector<unsigned>>> outputs;
  /// Nesting depth of branches on run-time (state) conditions.
  unsigned conditionalDepth = 0;
};

InFlightDiagnostic
StateRemoval::emitLoweringError(Operation *op, StringRef what, bool onSignal) {
  auto [path, className] = getCodeOwner(op, root);
  return lowering::emitLoweringError(op, what, path, className, onSignal);
}

/// The NIR shape of `torch.zeros(sizes)`: the constant trailing sizes after
/// the batch dims (`batch + [2]` as the raising writes it, or
/// `[x.size(0), 38]`), or a constant list without its first (batch) dim.
std::optional<SmallVector<int64_t>> StateRemoval::zerosShape(Value sizes) {
  if (auto ints = getInts(fold(sizes))) {
    if (ints->empty())
      return std::nullopt;
    return SmallVector<int64_t>(ints->begin() + 1, ints->end());
  }
  Operation *def = sizes.getDefiningOp();
  if (auto op = asOperator(def, "aten::add.t"))
    return getInts(fold(op->getOperand(1)));
  if (auto list = dyn_cast_or_null<ts::ListConstructOp>(def)) {
    SmallVector<int64_t> trailing;
    for (Value element : llvm::reverse(list.getElements())) {
      auto value = dyn_cast_or_null<IntegerAttr>(fold(element));
      if (!value)
        break;
      trailing.insert(trailing.begin(), value.getInt());
    }
    return trailing;
  }
  return std::nullopt;
}

/// The NIR shape of `value` when it is known to be a zero tensor.
std::optional<SmallVector<int64_t>>
StateRemoval::zeroStateShape(Value value, const Item &item) {
  if (item.kind == Item::Kind::State)
    return item.state.zeroShape;
  if (item.kind != Item::Kind::Other)
    return std::nullopt;
  auto op = dyn_cast_or_null<ts::OperatorOp>(value.getDefiningOp());
  if (op && op.getName() == "aten::zeros" && op->getNumOperands() >= 1)
    return zerosShape(op->getOperand(0));
  return std::nullopt;
}

StateInfo StateRemoval::computeState(Operation *op) {
  StateInfo info;
  info.origin = op;
  auto operatorOp = dyn_cast<ts::OperatorOp>(op);
  if (!operatorOp)
    return info;
  std::string name = operatorOp.getQualifiedName();
  // state["key"], state.get("key"[, default]).
  if ((name == "aten::__getitem__.Dict_str" || name == "aten::get.str" ||
       name == "aten::get.default_str") &&
      op->getNumOperands() >= 2)
    if (auto key = dyn_cast_or_null<StringAttr>(fold(op->getOperand(1))))
      info.key = key.str();
  if (operatorOp.getName() == "aten::zeros" && op->getNumOperands() >= 1)
    info.zeroShape = zerosShape(op->getOperand(0));
  if ((name == "aten::zeros_like" || name == "aten::new_zeros") &&
      kindOf(op->getOperand(0)) == Item::Kind::Signal)
    info.zeroLike = op->getOperand(0);
  if (name == "prim::unchecked_cast" &&
      kindOf(op->getOperand(0)) == Item::Kind::State) {
    info = get(op->getOperand(0)).state;
    if (!info.origin)
      info.origin = op;
  }
  return info;
}

LogicalResult StateRemoval::resolvePending(Value value, Operation *user) {
  auto it = items.find(value);
  if (it == items.end() || it->second.kind != Item::Kind::Pending)
    return success();
  StatefulCall &call = calls[it->second.call];
  unsigned index = it->second.index;
  if (call.output && *call.output != index) {
    InFlightDiagnostic diag =
        user->emitError()
        << "element #" << index << " of the tuple module '" << call.module
        << "' returns is used as a signal, but element #" << *call.output
        << " already is its output (a stateful module has one output; the "
           "other elements are state)";
    diag.attachNote(call.op.getLoc()) << "the call is here";
    return failure();
  }
  call.output = index;
  return success();
}

LogicalResult
StateRemoval::useStateAsSignal(OpOperand &operand,
                               function_ref<InFlightDiagnostic()> emitError) {
  const StateInfo &state = items.find(operand.get())->second.state;
  if (!state.isDelayedRead()) {
    InFlightDiagnostic diag = emitError();
    if (state.origin)
      diag.attachNote(state.origin->getLoc()) << "the value comes from here";
    return failure();
  }
  auto it = delayedReads.find(state.key);
  if (it == delayedReads.end()) {
    StringRef key = delayedKeys.emplace_back(state.key);
    it = delayedReads.insert({key, DelayedRead{state, {}}}).first;
  }
  it->second.uses.push_back(&operand);
  return success();
}

FailureOr<SmallVector<Item>>
StateRemoval::analyzeBlock(Block &block, SmallVector<Value> *yielded) {
  bool ok = true;
  for (Operation &op : block.without_terminator())
    ok &= succeeded(analyzeOpOrPoison(op));
  if (!ok)
    return failure();
  SmallVector<Item> results;
  for (Value value : block.getTerminator()->getOperands()) {
    if (poisoned.contains(value))
      return failure();
    results.push_back(get(value));
    if (yielded)
      yielded->push_back(value);
  }
  return results;
}

LogicalResult StateRemoval::analyzeOpOrPoison(Operation &op) {
  bool usesPoison = false;
  op.walk([&](Operation *inner) {
    usesPoison |= llvm::any_of(inner->getOperands(),
                               [&](Value v) { return poisoned.contains(v); });
  });
  // What an error already explains is not reported again.
  if (usesPoison || failed(analyzeOp(op))) {
    poisoned.insert(op.result_begin(), op.result_end());
    return failure(!usesPoison);
  }
  return success();
}

LogicalResult StateRemoval::analyzeOp(Operation &op) {
  bool usesSignal = false, usesDefiniteSignal = false, usesState = false;
  op.walk([&](Operation *inner) {
    for (Value operand : inner->getOperands()) {
      Item::Kind kind = kindOf(operand);
      usesSignal |= kind == Item::Kind::Signal || kind == Item::Kind::Tuple ||
                    kind == Item::Kind::Pending;
      usesDefiniteSignal |=
          kind == Item::Kind::Signal || kind == Item::Kind::Tuple;
      usesState |= kind == Item::Kind::State;
    }
  });
  // Constants, attribute reads, int lists: neither signal nor state.
  if (!usesSignal && !usesState)
    return success();

  if (auto call = dyn_cast<ts::CallMethodOp>(op)) {
    if (call->hasAttr(kModuleMapAttrName))
      return analyzeMappedCall(call);
  } else if (auto call = dyn_cast<ts::CallFunctionOp>(op)) {
    // F.lp_pool2d, which the conversion lowers whole.
    if (call.getCallee() == kLPPool2dFunction &&
        call->hasAttr(ts::TorchScriptDialect::getNoInlineAttrName()) &&
        call->getNumOperands() >= 1 && isSignalLike(call.getOperand(0))) {
      if (conditionalDepth)
        return emitLoweringError(call, "F.lp_pool2d")
                   << "it is under a branch on a run-time condition, and NIR "
                      "graphs have no conditional nodes",
               failure();
      if (failed(resolvePending(call.getOperand(0), call)))
        return failure();
      keepAsSignal(call);
      return success();
    }
  } else if (auto ifOp = dyn_cast<ts::IfOp>(op)) {
    return analyzeIf(ifOp);
  } else if (auto operatorOp = dyn_cast<ts::OperatorOp>(op)) {
    return analyzeOperator(operatorOp);
  } else if (auto tuple = dyn_cast<ts::TupleConstructOp>(op)) {
    // (output, state), or several outputs: kept element by element.
    Item item;
    item.kind = Item::Kind::Tuple;
    for (Value element : tuple.getElements())
      item.elements.push_back(get(element));
    if (!item.carriesSignal()) {
      drop(&op);
      return success();
    }
    items[tuple.getResult()] = std::move(item);
    return success();
  } else if (auto unpack = dyn_cast<ts::TupleUnpackOp>(op)) {
    if (kindOf(unpack.getTuple()) != Item::Kind::Tuple) {
      drop(&op);
      return success();
    }
    std::vector<Item> elements = get(unpack.getTuple()).elements;
    for (auto [value, element] : llvm::zip(unpack.getResults(), elements))
      items[value] = element;
    return success();
  } else if (isa<ts::DictConstructOp>(op)) {
    // Writing outputs into the returned state dict is state plumbing (the
    // read of "<node>.out" on the next step is the delayed edge).
    drop(&op);
    return success();
  }
  // Containers, loops, calls... over state only (or over elements of
  // stateful calls' results not used as signals): dropped with the state.
  // Over signals: kept for the conversion, which has no NIR form for them.
  if (!usesDefiniteSignal) {
    drop(&op);
    return success();
  }
  if (conditionalDepth)
    return emitLoweringError(&op, op.getName().getStringRef(),
                             /*onSignal=*/true)
               << "it is under a branch on a run-time condition, and NIR "
                  "graphs have no conditional nodes",
           failure();
  keepAsSignal(&op);
  return success();
}

LogicalResult StateRemoval::analyzeOperator(ts::OperatorOp op) {
  std::string qualified = op.getQualifiedName();
  // A tuple element: prim::TupleIndex(t, i) with a constant i.
  if (qualified == "prim::TupleIndex" &&
      kindOf(op->getOperand(0)) == Item::Kind::Tuple) {
    std::vector<Item> elements = get(op->getOperand(0)).elements;
    auto index = dyn_cast_or_null<IntegerAttr>(fold(op->getOperand(1)));
    int64_t size = elements.size();
    if (!index || index.getInt() < -size || index.getInt() >= size)
      return emitLoweringError(op, qualified)
                 << "the index into a tuple holding signals must be a "
                    "constant in range",
             failure();
    int64_t i = index.getInt() < 0 ? index.getInt() + size : index.getInt();
    items[op->getResult(0)] = elements[i];
    return success();
  }
  // Sizes, devices and zero tensors of a signal: not a use of its values.
  if (readsOnlySignalMetadata(qualified, op->getOperands(),
                              [&](Value v) { return isSignalLike(v); })) {
    drop(op);
    return success();
  }
  // Writing a signal into a state dict (`state["fc.out"] = y`).
  if (qualified == "aten::_set_item.str") {
    drop(op);
    return success();
  }
  bool hasPattern =
      hasOpPattern(qualified, op.getName()) && op->getNumResults() == 1;
  bool usesSignal =
      llvm::any_of(op->getOperands(), [&](Value v) { return isSignalLike(v); });
  bool readsDelayed = llvm::any_of(op->getOperands(), [&](Value v) {
    auto it = items.find(v);
    return it != items.end() && it->second.kind == Item::Kind::State &&
           it->second.state.isDelayedRead();
  });
  if (!usesSignal && !(readsDelayed && hasPattern)) {
    // Arithmetic on state: dropped with the state.
    drop(op);
    return success();
  }
  // Under a branch on state, the branch would be erased with it.
  if (conditionalDepth)
    return emitLoweringError(op, qualified)
               << "it is under a branch on a run-time condition, and NIR "
                  "graphs have no conditional nodes",
           failure();
  // No pattern: the conversion says so, listing the mappings.
  if (!hasPattern) {
    keepAsSignal(op);
    return success();
  }
  // Every tensor operand that is not a constant must now be a signal: an
  // element of a stateful call's result becomes its output, a delayed read
  // becomes an edge, any other state is an error.
  for (Value operand : op->getOperands())
    if (failed(resolvePending(operand, op)))
      return failure();
  for (OpOperand &operand : op->getOpOperands()) {
    if (kindOf(operand.get()) != Item::Kind::State)
      continue;
    unsigned index = operand.getOperandNumber();
    if (isShapeOperand(qualified, index)) {
      keptValues.push_back(operand.get());
      continue;
    }
    if (failed(useStateAsSignal(operand, [&] {
          return emitLoweringError(op, qualified)
                 << "operand #" << index
                 << " is a run-time value derived from state or from a "
                    "signal's size, not a signal (such values only flow "
                    "between stateful modules; only a read of \"<node>.out\" "
                    "becomes an edge)";
        })))
      return failure();
  }
  keepAsSignal(op);
  return success();
}

LogicalResult StateRemoval::analyzeIf(ts::IfOp ifOp) {
  if (auto taken = dyn_cast_or_null<BoolAttr>(fold(ifOp.getCondition()))) {
    // A branch on a compile-time condition (F.relu's `inplace`): the branch
    // taken replaces the ts.if.
    Block &branch = taken.getValue() ? ifOp.getThenRegion().front()
                                     : ifOp.getElseRegion().front();
    FailureOr<SmallVector<Item>> results = analyzeBlock(branch, nullptr);
    if (failed(results))
      return failure();
    for (auto [value, item] : llvm::zip(ifOp.getResults(), *results))
      items[value] = item;
    constantIfs.push_back({ifOp, taken.getValue()});
    return success();
  }
  if (isSignalLike(ifOp.getCondition()))
    return emitLoweringError(ifOp, "ts.if", /*onSignal=*/true)
               << "its condition is a signal, and NIR graphs have no "
                  "conditional nodes",
           failure();
  // A branch on a run-time condition (`state is None`, `"k" in state`):
  // both branches may only compute state.
  ++conditionalDepth;
  SmallVector<Value> thenValues, elseValues;
  FailureOr<SmallVector<Item>> thenItems =
      analyzeBlock(ifOp.getThenRegion().front(), &thenValues);
  FailureOr<SmallVector<Item>> elseItems = failure();
  if (succeeded(thenItems))
    elseItems = analyzeBlock(ifOp.getElseRegion().front(), &elseValues);
  --conditionalDepth;
  if (failed(elseItems))
    return failure();
  for (auto [index, result] : llvm::enumerate(ifOp.getResults())) {
    const Item &thenItem = (*thenItems)[index];
    const Item &elseItem = (*elseItems)[index];
    if (thenItem.carriesSignal() || elseItem.carriesSignal())
      return emitLoweringError(ifOp, "ts.if", /*onSignal=*/true)
                 << "a branch on a run-time condition yields a signal, and "
                    "NIR graphs have no conditional edges",
             failure();
    // `state["n.out"] if "n.out" in state else zeros(...)`: still the read
    // of "n.out", with the fallback's shape.
    StateInfo merged;
    merged.origin = ifOp;
    auto isKeyed = [](const Item &item) {
      return item.kind == Item::Kind::State && !item.state.key.empty();
    };
    bool thenKeyed = isKeyed(thenItem);
    const Item *keyed = thenKeyed           ? &thenItem
                        : isKeyed(elseItem) ? &elseItem
                                            : nullptr;
    const Item *fallback = thenKeyed ? &elseItem : &thenItem;
    Value fallbackValue = thenKeyed ? elseValues[index] : thenValues[index];
    if (keyed &&
        (!isKeyed(*fallback) || fallback->state.key == keyed->state.key)) {
      merged.key = keyed->state.key;
      merged.origin = keyed->state.origin;
      merged.zeroShape = keyed->state.zeroShape;
      merged.zeroLike = keyed->state.zeroLike;
      if (!merged.zeroShape)
        merged.zeroShape = zeroStateShape(fallbackValue, *fallback);
      if (!merged.zeroLike && fallback->kind == Item::Kind::State)
        merged.zeroLike = fallback->state.zeroLike;
    } else {
      merged.zeroShape = zeroStateShape(thenValues[index], thenItem);
      if (!merged.zeroShape)
        merged.zeroShape = zeroStateShape(elseValues[index], elseItem);
    }
    items[result] = Item::ofState(std::move(merged));
  }
  dropped.push_back(ifOp);
  return success();
}

LogicalResult StateRemoval::analyzeMappedCall(ts::CallMethodOp call) {
  ts::ScriptModuleOp object = ts::resolveObject(call.getObject(), symbolTables);
  auto args = call.getArguments();
  // The conversion diagnoses calls it cannot lower.
  if (!object || args.empty()) {
    keepAsSignal(call);
    return success();
  }
  std::string path = object.getPath();
  auto fail = [&]() {
    return call.emitError() << "cannot lower the call of module '" << path
                            << "' (class '" << object.getClassName() << "'): ";
  };
  if (conditionalDepth)
    return fail() << "it is under a branch on a run-time condition, and NIR "
                     "graphs have no conditional nodes",
           failure();
  // Its signal is the first argument; the others (states, None,
  // hyper-parameters) are not read by the node.
  if (failed(resolvePending(args.front(), call)))
    return failure();
  if (kindOf(args.front()) == Item::Kind::State) {
    if (failed(useStateAsSignal(call->getOpOperand(1), [&] {
          return fail() << "its first argument is a state value, not a signal";
        })))
      return failure();
  }
  // A stateful module returns its output and its state in one tuple:
  // (output, state) when scripted, an order of its own when traced (which
  // flattens the state). The element used as a signal is the output.
  if (auto tupleType = dyn_cast<ts::TupleType>(call.getResult().getType())) {
    unsigned id = calls.size();
    calls.push_back({call, path, std::nullopt});
    Item item;
    item.kind = Item::Kind::Tuple;
    for (unsigned i = 0, e = tupleType.getElementTypes().size(); i < e; ++i) {
      Item element;
      element.kind = Item::Kind::Pending;
      element.call = id;
      element.index = i;
      item.elements.push_back(element);
    }
    items[call.getResult()] = std::move(item);
    return success();
  }
  keepAsSignal(call);
  return success();
}

LogicalResult StateRemoval::analyzeReturn(ts::ReturnOp ret) {
  // The outputs: the returned signal, or the leading signals of a returned
  // tuple; what follows them (the state, which may hold signals written
  // back for the next step) is dropped. An element of a stateful call's
  // result is an output here if no other element of it is.
  Value value = ret->getOperand(0);
  Item result = get(value);
  auto mayBeOutput = [&](const Item &item) {
    if (item.kind == Item::Kind::Signal)
      return true;
    if (item.kind != Item::Kind::Pending)
      return false;
    const StatefulCall &call = calls[item.call];
    return !call.output || *call.output == item.index;
  };
  auto takePending = [&](const Item &item) {
    if (item.kind == Item::Kind::Pending)
      calls[item.call].output = item.index;
  };
  if (mayBeOutput(result)) {
    takePending(result);
    outputs.push_back({value, {}});
  } else if (result.kind == Item::Kind::Tuple) {
    bool inState = false;
    for (auto [index, element] : llvm::enumerate(result.elements)) {
      if (mayBeOutput(element) && !inState) {
        takePending(element);
        outputs.push_back({value, {static_cast<unsigned>(index)}});
        continue;
      }
      if (element.kind == Item::Kind::Signal)
        return ret.emitError()
                   << "forward returns a signal as tuple element #" << index
                   << " after state: the outputs must be the leading "
                      "elements",
               failure();
      inState = true;
    }
  }
  // No output: the return is left as it is, for the conversion to report
  // after what it finds earlier in forward (a signal written to an
  // attribute, an op without pattern).
  if (outputs.empty())
    keptValues.push_back(value);
  return success();
}

/// The taken branch of a ts.if on a compile-time condition replaces it.
void StateRemoval::inlineConstantBranches() {
  IRRewriter rewriter(forward.getContext());
  for (auto [ifOp, thenTaken] : constantIfs)
    ts::inlineBranch(rewriter, ifOp, thenTaken);
}

/// One ts.delayed_read per key, before the first op using it.
void StateRemoval::createDelayedReads() {
  Block &body = forward.getBodyBlock();
  // Every insertion point first: an insertion invalidates the block's op
  // order, which each isBeforeInBlock would then recompute.
  SmallVector<Operation *> firstUsers;
  for (auto &[key, read] : delayedReads) {
    Operation *first =
        body.findAncestorOpInBlock(*read.uses.front()->getOwner());
    for (OpOperand *use : read.uses)
      if (Operation *user = body.findAncestorOpInBlock(*use->getOwner());
          user->isBeforeInBlock(first))
        first = user;
    firstUsers.push_back(first);
  }
  OpBuilder builder(forward.getContext());
  for (auto [entry, first] : llvm::zip(delayedReads, firstUsers)) {
    auto &[key, read] = entry;
    builder.setInsertionPoint(first);
    const StateInfo &state = read.state;
    auto op = builder.create<ts::DelayedReadOp>(
        state.origin ? state.origin->getLoc() : first->getLoc(),
        ts::TensorType::get(builder.getContext()),
        key.drop_back(strlen(".out")), state.zeroLike,
        state.zeroShape ? builder.getDenseI64ArrayAttr(*state.zeroShape)
                        : DenseI64ArrayAttr());
    for (OpOperand *use : read.uses)
      use->set(op.getResult());
  }
}

/// forward returns its outputs: one signal, or a tuple of them.
void StateRemoval::rewriteReturn() {
  if (outputs.empty())
    return;
  ts::ReturnOp ret = forward.getReturnOp();
  OpBuilder builder(ret);
  SmallVector<Value> values;
  for (auto &[value, path] : outputs) {
    Value element = value;
    for (unsigned index : path) {
      if (auto tuple = element.getDefiningOp<ts::TupleConstructOp>()) {
        element = tuple.getElements()[index];
        continue;
      }
      auto unpack = builder.create<ts::TupleUnpackOp>(
          ret.getLoc(),
          cast<ts::TupleType>(element.getType()).getElementTypes(), element);
      element = unpack.getResult(index);
    }
    values.push_back(element);
  }
  Value returned = values.front();
  if (values.size() > 1) {
    SmallVector<Type> types;
    for (Value value : values)
      types.push_back(value.getType());
    returned = builder.create<ts::TupleConstructOp>(
        ret.getLoc(), ts::TupleType::get(builder.getContext(), types), values);
  }
  ret->setOperands(returned);
  forward.setFunctionTypeAttr(TypeAttr::get(FunctionType::get(
      forward.getContext(), forward.getFunctionType().getInputs(),
      returned.getType())));
}

/// Erases the state ops. A state value that an op left in place still
/// reads (a mapped module's state argument) becomes `prim::Uninitialized`,
/// as TorchScript writes a value no path defines.
void StateRemoval::eraseState() {
  // The ops computing a kept value stay.
  DenseSet<Operation *> kept;
  SmallVector<Value> worklist(keptValues);
  while (!worklist.empty()) {
    Operation *def = worklist.pop_back_val().getDefiningOp();
    if (!def || !kept.insert(def).second)
      continue;
    def->walk([&](Operation *inner) {
      for (Value operand : inner->getOperands())
        if (kindOf(operand) == Item::Kind::State)
          worklist.push_back(operand);
    });
  }
  DenseSet<Operation *> erased;
  for (Operation *op : dropped)
    if (!kept.contains(op))
      erased.insert(op);
  auto isErased = [&](Operation *op) {
    for (; op && op != forward; op = op->getParentOp())
      if (erased.contains(op))
        return true;
    return false;
  };
  // State values, in program order: forward's state arguments, what the
  // erased ops compute, and the elements of stateful calls' results that
  // are not their outputs.
  auto isState = [&](Value value) {
    auto it = items.find(value);
    if (it == items.end())
      return false;
    if (it->second.kind == Item::Kind::Pending)
      return calls[it->second.call].output != it->second.index;
    return it->second.kind == Item::Kind::State &&
           !kept.contains(value.getDefiningOp());
  };
  SmallVector<Value> stateValues;
  for (BlockArgument arg : forward.getArguments())
    if (isState(arg))
      stateValues.push_back(arg);
  forward.walk<WalkOrder::PreOrder>([&](Operation *op) {
    for (Value result : op->getResults())
      if (isState(result))
        stateValues.push_back(result);
  });
  OpBuilder builder(forward.getContext());
  for (Value value : stateValues)
    for (OpOperand &use : llvm::make_early_inc_range(value.getUses())) {
      Operation *user = use.getOwner();
      if (isErased(user))
        continue;
      builder.setInsertionPoint(user);
      auto undefined = builder.create<ts::OperatorOp>(
          value.getLoc(), TypeRange{value.getType()},
          builder.getStringAttr("prim::Uninitialized"),
          builder.getStringAttr(""), ValueRange{});
      use.set(undefined->getResult(0));
    }
  // Erase the outermost erased ops (their regions go with them), last
  // first.
  SmallVector<Operation *> outermost;
  for (Operation *op : dropped)
    if (erased.contains(op) && !isErased(op->getParentOp()))
      outermost.push_back(op);
  for (Operation *op : llvm::reverse(outermost)) {
    op->dropAllUses();
    op->erase();
  }
  // What only the state used (constants, keys, tuples of the old return,
  // new containers nothing reads).
  Block &body = forward.getBodyBlock();
  bool changed = true;
  while (changed) {
    changed = false;
    for (Operation &op : llvm::make_early_inc_range(llvm::reverse(body)))
      if (isOpTriviallyDead(&op) ||
          (op.use_empty() &&
           (asOperator(&op, "prim::Uninitialized") ||
            isa<ts::DictConstructOp, ts::ListConstructOp>(op)))) {
        op.erase();
        changed = true;
      }
  }
}

LogicalResult StateRemoval::run() {
  Block &body = forward.getBodyBlock();
  for (unsigned i = 1; i < body.getNumArguments(); ++i)
    if (forward.getArgDefault(i) && isStateType(body.getArgument(i).getType()))
      items[body.getArgument(i)] = Item::ofState({});
    else if (!forward.getArgDefault(i))
      items[body.getArgument(i)] = Item::signal();
  bool ok = true;
  for (Operation &op : body.without_terminator())
    ok &= succeeded(analyzeOpOrPoison(op));
  if (!ok || poisoned.contains(forward.getReturnOp()->getOperand(0)) ||
      failed(analyzeReturn(forward.getReturnOp())))
    return failure();
  // The return first: it refers to the values the analysis saw, which
  // inlining a branch replaces.
  rewriteReturn();
  inlineConstantBranches();
  createDelayedReads();
  eraseState();
  return success();
}

struct TSRemoveStatePass : public impl::TSRemoveStateBase<TSRemoveStatePass> {
  using Base::Base;

  void runOnOperation() override {
    for (ts::ScriptModuleOp root : getLoweringRoots(getOperation(), rootName)) {
      // A mapped root becomes one node; its code is not lowered.
      if (root->hasAttr(kModuleMapAttrName))
        continue;
      ts::MethodOp forward = root.lookupMethod("forward");
      if (!forward)
        continue;
      if (failed(StateRemoval(root, forward).run()))
        return signalPassFailure();
    }
  }
};

} // namespace
