//===- BuildForward.cpp - The root's forward and forward_sequence ---------===//
//
// `raise-nir-forward`, the stage after `raise-nir-nodes` (docs/Raising.md,
// "The pipeline"): gives each root module built for a graph its
// `forward(<inputs>..., state=None) -> (<outputs>..., state)` and
// `forward_sequence(<inputs>...)`, calling the nodes in the recorded
// schedule (`nir.step`, `nir.delayed`) the way raise-nir-nodes recorded on
// them (RaiseCommon.h), and erases the graph.
//
//===----------------------------------------------------------------------===//

#include "nirtorch/Conversion/NIRToTorchScript.h"
#include "nirtorch/Conversion/NIRToTorchScript/NodeMap.h"
#include "nirtorch/Conversion/RaisedClasses.h"

#include "RaiseCommon.h"

#include "nirtorch/Dialect/NIR/ExecutionOrder.h"
#include "nirtorch/Dialect/NIR/NIROps.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringMap.h"

#include <functional>

namespace mlir::nir {
#define GEN_PASS_DEF_RAISENIRFORWARD
#include "nirtorch/Conversion/NIRToTorchScript/Passes.h.inc"
} // namespace mlir::nir

using namespace mlir;
using namespace mlir::nir;
using namespace nirtorch;
using namespace mlir::nir::raising;

namespace {

/// How the root calls one node, as raise-nir-nodes recorded it.
struct NodeCall {
  SmallVector<std::string> path;
  ts::ScriptModuleOp module;
  StepConvention convention = StepConvention::Stateless;
  SmallVector<std::string> states;
  SmallVector<SmallVector<int64_t>> stateShapes;
  /// For a built-in neuron: the number of coefficients `coefficients()`
  /// returns and `step` takes; 0 otherwise.
  unsigned coefficients = 0;
};

/// One step of a node module: `args` are x and the state tensors; returns y
/// and sets `newStates` as the module's convention passes them (NodeMap.h,
/// StepConvention).
Value emitNodeCall(TSBuilder &t, Value module, const NodeCall &call,
                   ValueRange args, SmallVectorImpl<Value> &newStates) {
  OpBuilder &b = t.b;
  Location loc = t.loc;
  Value x = args.front();
  ValueRange states = args.drop_front();
  SmallVector<Type> stateTypes(states.size(), t.tensorT());
  switch (call.convention) {
  case StepConvention::Stateless:
    return b.create<ts::CallMethodOp>(loc, t.tensorT(), module, "forward", x);
  case StepConvention::Tensors: {
    SmallVector<Type> types(args.size(), t.tensorT());
    Value r = b.create<ts::CallMethodOp>(loc, t.tupleT(types), module,
                                         "forward", args);
    auto unpack = b.create<ts::TupleUnpackOp>(loc, types, r);
    newStates.append(unpack.getResults().begin() + 1, unpack.getResults().end());
    return unpack.getResult(0);
  }
  case StepConvention::Tuple: {
    Type stateT = t.tupleT(stateTypes);
    Value packed = t.tuple(states);
    Value r = b.create<ts::CallMethodOp>(
        loc, t.tupleT({t.tensorT(), stateT}), module, "forward",
        ValueRange{x, packed});
    auto unpack =
        b.create<ts::TupleUnpackOp>(loc, TypeRange{t.tensorT(), stateT}, r);
    auto inner =
        b.create<ts::TupleUnpackOp>(loc, stateTypes, unpack.getResult(1));
    newStates.append(inner.getResults().begin(), inner.getResults().end());
    return unpack.getResult(0);
  }
  case StepConvention::Dict: {
    SmallVector<Value> keysAndValues;
    for (auto [name, value] : llvm::zip_equal(call.states, states)) {
      keysAndValues.push_back(t.cStr(name));
      keysAndValues.push_back(value);
    }
    Value dict = b.create<ts::DictConstructOp>(loc, t.dictT(), keysAndValues);
    Value r = b.create<ts::CallMethodOp>(
        loc, t.tupleT({t.tensorT(), t.dictT()}), module, "forward",
        ValueRange{x, dict});
    auto unpack = b.create<ts::TupleUnpackOp>(
        loc, TypeRange{t.tensorT(), t.dictT()}, r);
    for (StringRef name : call.states)
      newStates.push_back(t.op("aten::__getitem__.Dict_str",
                               {unpack.getResult(1), t.cStr(name)},
                               t.tensorT()));
    return unpack.getResult(0);
  }
  }
  llvm_unreachable("unknown step convention");
}


/// Reads what raise-nir-nodes recorded on `node`; null module on a
/// malformed record (diagnosed).
FailureOr<NodeCall> readNodeCall(Operation *op, ts::ScriptModuleOp root) {
  auto fail = [&](const Twine &what) -> FailureOr<NodeCall> {
    return op->emitError() << "cannot build the forward of node '"
                           << cast<NodeOpInterface>(op).getNodeName()
                           << "': " << what
                           << " (raise-nir-nodes records it; run it first)";
  };
  auto path = op->getAttrOfType<ArrayAttr>(kSlotPathAttr);
  auto step = op->getAttrOfType<StringAttr>(kStepAttr);
  auto states = op->getAttrOfType<ArrayAttr>(kStatesAttr);
  auto shapes = op->getAttrOfType<ArrayAttr>(kStateShapesAttr);
  if (!path || path.empty() || !step || !states || !shapes ||
      states.size() != shapes.size())
    return fail("no valid " + kSlotPathAttr + ", " + kStepAttr + ", " +
                kStatesAttr + " and " + kStateShapesAttr);
  NodeCall call;
  std::optional<StepConvention> convention =
      parseStepConvention(step.getValue());
  if (!convention)
    return fail("unknown step convention '" + step.getValue() + "'");
  call.convention = *convention;
  ts::ScriptModuleOp object = root;
  for (Attribute slot : path) {
    auto name = dyn_cast<StringAttr>(slot);
    object = name ? object.lookupSubmodule(name.getValue()) : nullptr;
    if (!object)
      return fail("its slot path does not name a submodule of the root");
    call.path.push_back(name.str());
  }
  call.module = object;
  for (auto [state, shape] : llvm::zip_equal(states, shapes)) {
    auto name = dyn_cast<StringAttr>(state);
    auto dims = dyn_cast<DenseI64ArrayAttr>(shape);
    if (!name || !dims)
      return fail("a malformed state record");
    call.states.push_back(name.str());
    call.stateShapes.emplace_back(dims.asArrayRef());
  }
  if ((call.convention == StepConvention::Stateless) != call.states.empty())
    return fail("a state record that does not fit its step convention");
  if (auto count = op->getAttrOfType<IntegerAttr>(kCoefficientsAttr))
    call.coefficients = count.getInt();
  return call;
}

/// The symbol of the state read helper of large graphs.
constexpr llvm::StringLiteral kStateOrZeros = "__torch__.nirtorch.state_or_zeros";

/// `state_or_zeros(state, keys, index, x, rank, shape, dtype)`: with `key`
/// the string `keys[index]`, `state[key]` if the dict has it, else zeros of
/// x's leading (batch) dims, that is `x.size()[:x.dim() - rank]`, followed
/// by `shape`, of dtype code `dtype` on x's device. A large graph's forward
/// reads its states through it, one call each instead of one `if` each
/// (TorchScript's save and load lint and serialize every block once per
/// block), and its keys from one list attribute instead of one string
/// constant each (docs/Raising.md, "Large graphs"). Made once per module.
FlatSymbolRefAttr getStateOrZeros(ModuleOp top, Location loc) {
  MLIRContext *ctx = top.getContext();
  auto symbol = FlatSymbolRefAttr::get(ctx, kStateOrZeros);
  if (SymbolTable::lookupSymbolIn(top, symbol.getAttr()))
    return symbol;
  OpBuilder b(ctx);
  TSBuilder t{b, loc};
  Type intListT = ts::ListType::get(ctx, t.intT());
  Type strListT = ts::ListType::get(ctx, t.strT());
  b.setInsertionPointToEnd(top.getBody());
  auto function = b.create<ts::FunctionOp>(
      loc, kStateOrZeros,
      b.getFunctionType({t.dictT(), strListT, t.intT(), t.tensorT(), t.intT(),
                         intListT, t.intT()},
                        {t.tensorT()}),
      ArrayRef<StringRef>{"state", "keys", "index", "x", "rank", "shape",
                          "dtype"});
  Block &body = function.getBody().front();
  b.setInsertionPointToStart(&body);
  Value state = body.getArgument(0), x = body.getArgument(3),
        rank = body.getArgument(4), shape = body.getArgument(5),
        dtype = body.getArgument(6);
  Value key = t.op("aten::__getitem__.t",
                   {body.getArgument(1), body.getArgument(2)}, t.strT());
  Value has = t.op("aten::__contains__.str", {state, key}, t.boolT());
  auto ifOp = b.create<ts::IfOp>(loc, TypeRange{t.tensorT()}, has);
  {
    OpBuilder::InsertionGuard guard(b);
    b.createBlock(&ifOp.getThenRegion());
    b.create<ts::YieldOp>(
        loc, ValueRange{t.op("aten::__getitem__.Dict_str", {state, key},
                             t.tensorT())});
    b.createBlock(&ifOp.getElseRegion());
    Value leadEnd = t.op("aten::sub.int",
                         {t.op("aten::dim", {x}, t.intT()), rank}, t.intT());
    Value lead = t.op("aten::slice.t",
                      {t.op("aten::size", {x}, intListT), t.cInt(0), leadEnd,
                       t.cInt(1)},
                      intListT);
    Value size = t.op("aten::add.t", {lead, shape}, intListT);
    Value device = t.op("prim::device", {x}, t.deviceT());
    Value zeros = t.tensorOp("aten::zeros",
                             {size, dtype, t.cNone(), device, t.cNone()});
    b.create<ts::YieldOp>(loc, ValueRange{zeros});
  }
  b.create<ts::ReturnOp>(loc, ifOp.getResult(0));
  return symbol;
}

class RaiseNIRForward
    : public nir::impl::RaiseNIRForwardBase<RaiseNIRForward> {
public:
  using Base::Base;
  void runOnOperation() override;

private:
  LogicalResult buildForward(GraphOp graph, ts::ScriptModuleOp root);
};

} // namespace

LogicalResult RaiseNIRForward::buildForward(GraphOp graph,
                                            ts::ScriptModuleOp root) {
  MLIRContext *ctx = graph.getContext();
  Location loc = graph.getLoc();
  auto computeType = graph->getAttrOfType<TypeAttr>(kComputeTypeAttr);
  if (!computeType || !isa<Float32Type, Float64Type>(computeType.getValue()))
    return graph.emitError() << "graph '" << graph.getSymName()
                             << "' has no valid " << kComputeTypeAttr;
  bool useF64 = isa<Float64Type>(computeType.getValue());

  FailureOr<ExecutionOrder> recorded = readExecutionOrder(graph.getBodyBlock());
  if (failed(recorded))
    return failure();
  ExecutionOrder &order = *recorded;
  SmallVector<InputOp> inputs;
  SmallVector<OutputOp> outputs;
  DenseMap<Operation *, NodeCall> calls;
  for (NodeOpInterface node : order.nodes) {
    Operation *op = node.getOperation();
    if (auto in = dyn_cast<InputOp>(op)) {
      inputs.push_back(in);
    } else if (auto out = dyn_cast<OutputOp>(op)) {
      outputs.push_back(out);
    } else {
      FailureOr<NodeCall> call = readNodeCall(op, root);
      if (failed(call))
        return failure();
      calls[op] = std::move(*call);
    }
  }
  if (inputs.empty() || outputs.empty())
    return graph.emitError() << "cannot raise graph '" << graph.getSymName()
                             << "': it needs at least one Input and one "
                                "Output node";
  // Ports in name order: forward's arguments and results.
  llvm::sort(inputs,
             [](InputOp a, InputOp c) { return a.getName() < c.getName(); });
  llvm::sort(outputs,
             [](OutputOp a, OutputOp c) { return a.getName() < c.getName(); });

  OpBuilder b(ctx);
  TSBuilder t{b, loc};
  Type dictT = t.dictT();
  Type optDictT = ts::OptionalType::get(ctx, dictT);
  size_t numInputs = inputs.size(), numOutputs = outputs.size();
  SmallVector<Type> stepTypes(numOutputs, t.tensorT());
  stepTypes.push_back(dictT);
  Type stepResult = t.tupleT(stepTypes);

  // Argument names: the Input node names, sanitised like slot names.
  llvm::StringSet<> usedArgs{"self", "state"};
  SmallVector<std::string> argNameStorage;
  for (InputOp in : inputs)
    argNameStorage.push_back(slotNameFor(in.getName(), usedArgs));
  SmallVector<StringRef> argNames(argNameStorage.begin(), argNameStorage.end());

  // forward(self, <inputs>..., state: Optional[Dict[str, Tensor]] = None)
  //   -> Tuple[<outputs>..., Dict[str, Tensor]]
  SmallVector<Type> forwardArgTypes(numInputs, t.tensorT());
  forwardArgTypes.push_back(optDictT);
  SmallVector<StringRef> forwardArgNames(argNames);
  forwardArgNames.push_back("state");
  ts::MethodOp forward = addMethod(b, loc, root, "forward", forwardArgTypes,
                                   forwardArgNames, stepResult);
  forward.setArgAttr(numInputs + 1,
                     ts::TorchScriptDialect::getDefaultAttrName(),
                     ts::NoneAttr::get(ctx));
  Block &fb = forward.getBody().front();
  Value self = fb.getArgument(0), state = fb.getArgument(numInputs + 1);
  DenseMap<Operation *, Value> inputArgs;
  for (auto [k, in] : llvm::enumerate(inputs))
    inputArgs[in] = fb.getArgument(1 + k);
  // Batch dims and device come from the first input.
  Value input = fb.getArgument(1);

  // The state at the start of the step (an empty dict for None).
  Value none = t.cNone();
  Value isNone = t.op("aten::__is__", {state, none}, t.boolT());
  auto stateIf = b.create<ts::IfOp>(loc, TypeRange{dictT}, isNone);
  {
    OpBuilder::InsertionGuard guard(b);
    b.createBlock(&stateIf.getThenRegion());
    Value empty = b.create<ts::DictConstructOp>(loc, dictT, ValueRange{});
    b.create<ts::YieldOp>(loc, ValueRange{empty});
    b.createBlock(&stateIf.getElseRegion());
    Value cast = t.op("prim::unchecked_cast", {state}, dictT);
    b.create<ts::YieldOp>(loc, ValueRange{cast});
  }
  Value oldState = stateIf.getResult(0);

  // Zeros of the batch dims of `x` + `shape`, on x's device: the batch dims
  // are x.size()[timeDims : x.dim() - rank(Input)] (timeDims is 1 in
  // forward_sequence, whose inputs have time in dim 0).
  int64_t inRank = cast<ShapedType>(inputs[0].getType()).getRank();
  Type intListT = ts::ListType::get(ctx, t.intT());
  Type strListT = ts::ListType::get(ctx, t.strT());
  auto batchDimsOf = [&](Value x, int64_t timeDims) {
    Value leadEnd =
        t.op("aten::sub.int",
             {t.op("aten::dim", {x}, t.intT()), t.cInt(inRank)}, t.intT());
    return t.op("aten::slice.t",
                {t.op("aten::size", {x}, intListT), t.cInt(timeDims), leadEnd,
                 t.cInt(1)},
                intListT);
  };
  // Zeros on x's device (read here unless given) of batch dims + shape.
  auto zerosOf = [&](Value x, Value batchDims, Value device,
                     ArrayRef<int64_t> shape) {
    Value size = t.op("aten::add.t", {batchDims, t.cIntList(shape)}, intListT);
    if (!device)
      device = t.op("prim::device", {x}, t.deviceT());
    Value dtypeCode = t.cInt(useF64 ? kFloat64Code : kFloat32Code);
    return t.tensorOp("aten::zeros",
                      {size, dtypeCode, t.cNone(), device, t.cNone()});
  };

  // state[key] if present, else zeros (only then are the batch dims read:
  // a step with a full state does no shape arithmetic). A large graph reads
  // through state_or_zeros.
  size_t stateReads = 0;
  for (auto &entry : calls)
    stateReads += entry.second.states.size();
  FlatSymbolRefAttr stateOrZeros;
  if (stateReads > kLargeLevelNodes)
    stateOrZeros = getStateOrZeros(graph->getParentOfType<ModuleOp>(), loc);
  // A large graph's state keys: the root's list `nir_state_keys`, read once
  // and indexed (a string constant per key makes TorchScript's save and load
  // grow faster than linearly).
  llvm::StringMap<unsigned> keyIndices;
  SmallVector<Attribute> keyList;
  auto keyIndexOf = [&](StringRef key) -> int64_t {
    auto [it, inserted] = keyIndices.try_emplace(key, keyList.size());
    if (inserted)
      keyList.push_back(b.getStringAttr(key));
    return it->second;
  };
  Value keys = stateOrZeros
                   ? t.getAttr(self, raised::kStateKeysSlot, strListT)
                   : Value();
  auto keyValue = [&](StringRef key) -> Value {
    if (!keys)
      return t.cStr(key);
    return t.op("aten::__getitem__.t", {keys, t.cInt(keyIndexOf(key))},
                t.strT());
  };
  llvm::StringMap<SmallVector<int64_t>> stateShapes;
  auto readDictState = [&](StringRef key, ArrayRef<int64_t> shape) -> Value {
    stateShapes[key] = SmallVector<int64_t>(shape);
    if (stateOrZeros)
      return b.create<ts::CallFunctionOp>(
          loc, t.tensorT(), stateOrZeros,
          ValueRange{oldState, keys, t.cInt(keyIndexOf(key)), input,
                     t.cInt(inRank), t.cIntList(shape),
                     t.cInt(useF64 ? kFloat64Code : kFloat32Code)});
    Value k = t.cStr(key);
    Value has = t.op("aten::__contains__.str", {oldState, k}, t.boolT());
    auto ifOp = b.create<ts::IfOp>(loc, TypeRange{t.tensorT()}, has);
    OpBuilder::InsertionGuard guard(b);
    b.createBlock(&ifOp.getThenRegion());
    b.create<ts::YieldOp>(loc, ValueRange{t.op("aten::__getitem__.Dict_str",
                                               {oldState, k}, t.tensorT())});
    b.createBlock(&ifOp.getElseRegion());
    Value zeros =
        zerosOf(input, batchDimsOf(input, /*timeDims=*/0), Value(), shape);
    b.create<ts::YieldOp>(loc, ValueRange{zeros});
    return ifOp.getResult(0);
  };

  // One time step: the node calls in execution order, reading the state at
  // the start of the step through `readState` and giving the outputs (in
  // port order) and the new state (key, value) in a fixed order. forward
  // keeps the state in a dict; forward_sequence carries the tensors.
  using StateList = SmallVector<std::pair<std::string, Value>>;
  // `submodules` holds node submodules read before a loop (else each is read
  // where it is called).
  // The node's submodule, through the containers on its slot path (its
  // subgraphs', its group's). Each container is read once per method, where
  // first needed: every read is in the method's top block.
  struct Container {
    Value value;
    ts::ScriptModuleOp module;
  };
  DenseMap<Value, llvm::StringMap<Container>> containers; // self -> path
  auto getNodeModule = [&](Value self, Operation *op) {
    ArrayRef<std::string> path = calls[op].path;
    llvm::StringMap<Container> &cache = containers[self];
    Container current{self, root};
    std::string prefix;
    for (const std::string &slot : path.drop_back()) {
      prefix += slot;
      prefix += '.';
      Container &next = cache[prefix];
      if (!next.value) {
        next.module = current.module.lookupSubmodule(slot);
        next.value = t.getAttr(current.value, slot, next.module.getType());
      }
      current = next;
    }
    return t.getAttr(current.value, path.back(), calls[op].module.getType());
  };
  // `stepCoefficients`, if given, gives for a neuron node of a loop its step
  // coefficients computed before the loop (false if it has none): those
  // nodes call `step`, not `forward`. `writeState`, if given, stores each new
  // state where it is computed.
  using CoefficientsFn =
      function_ref<bool(Operation *, SmallVectorImpl<Value> &)>;
  auto emitStep =
      [&](Value self, const DenseMap<Operation *, Value> &inputArgs,
          const DenseMap<Operation *, Value> &submodules,
          CoefficientsFn stepCoefficients,
          function_ref<Value(StringRef, ArrayRef<int64_t>)> readState,
          const std::function<void(StringRef, Value)> &writeState,
          SmallVectorImpl<Value> &stepOutputs,
          StateList &newState) -> LogicalResult {
    auto addState = [&](std::string key, Value value) {
      if (writeState)
        writeState(key, value);
      newState.push_back({std::move(key), value});
    };
    // Outputs of the previous step read through delayed edges.
    DenseMap<Value, Value> previous; // NIR value -> previous step's output
    DenseSet<Value> delayedSources;
    for (NodeOpInterface node : order.nodes)
      for (OpOperand &edge : node->getOpOperands())
        if (order.isDelayed(edge) && !previous.count(edge.get())) {
          auto src = cast<NodeOpInterface>(edge.get().getDefiningOp());
          previous[edge.get()] = readState((src.getNodeName() + ".out").str(),
                                           shapeOf(edge.get()));
          delayedSources.insert(edge.get());
        }

    DenseMap<Value, Value> current;       // NIR value -> this step's output
    DenseMap<Operation *, Value> results; // Output node -> its value
    for (NodeOpInterface node : order.nodes) {
      Operation *op = node.getOperation();
      Value y;
      if (isa<InputOp>(op)) {
        y = inputArgs.lookup(op);
      } else {
        Value x;
        for (OpOperand &edge : op->getOpOperands()) {
          Value v = order.isDelayed(edge) ? previous.lookup(edge.get())
                                          : current.lookup(edge.get());
          assert(v && "the schedule runs producers first");
          x = x ? t.add(x, v) : v;
        }
        if (isa<OutputOp>(op)) {
          results[op] = x;
          continue;
        }
        const NodeCall &call = calls[op];
        Value sub = submodules.lookup(op);
        if (!sub)
          sub = getNodeModule(self, op);
        SmallVector<Value> args{x};
        for (auto [s, shape] : llvm::zip_equal(call.states, call.stateShapes))
          args.push_back(
              readState((node.getNodeName() + "." + s).str(), shape));
        SmallVector<Value> states;
        if (stepCoefficients && stepCoefficients(op, args)) {
          // A built-in neuron in a loop: step(x, s..., k...).
          SmallVector<Type> types(1 + call.states.size(), t.tensorT());
          Value r = b.create<ts::CallMethodOp>(loc, t.tupleT(types), sub,
                                               "step", args);
          auto unpack = b.create<ts::TupleUnpackOp>(loc, types, r);
          y = unpack.getResult(0);
          states.append(unpack.getResults().begin() + 1,
                        unpack.getResults().end());
        } else {
          y = emitNodeCall(t, sub, call, args, states);
        }
        for (auto [s, value] : llvm::zip_equal(call.states, states))
          addState((node.getNodeName() + "." + s).str(), value);
      }
      current[op->getResult(0)] = y;
      if (delayedSources.contains(op->getResult(0)))
        addState((node.getNodeName() + ".out").str(), y);
    }
    for (OutputOp out : outputs)
      stepOutputs.push_back(results.lookup(out));
    return success();
  };

  SmallVector<Value> stepValues;
  StateList newState;
  // forward reads each submodule where it calls it, and its neurons compute
  // their coefficients themselves.
  DenseMap<Operation *, Value> noSubmodules;
  // A large graph fills the new state dict as the states are computed, a
  // dict of kGroupSize of them at a time: a dict built at the end would take
  // every state as an argument of the last part (ts-split-methods), and
  // TorchScript's load grows faster than linearly in a method's parameters
  // and in the values that cross its calls; one write per state made the
  // optimizing executor's first calls grow as N^2 (see forward_sequence).
  Value stateOut;
  std::function<void(StringRef, Value)> writeDictState;
  SmallVector<Value> pendingStates; // key, value, key, value, ...
  auto flushStates = [&] {
    if (pendingStates.empty())
      return;
    Value chunk = b.create<ts::DictConstructOp>(loc, dictT, pendingStates);
    t.call("aten::update.str", {stateOut, chunk}, {});
    pendingStates.clear();
  };
  if (keys) {
    stateOut = b.create<ts::DictConstructOp>(loc, dictT, ValueRange{});
    writeDictState = [&](StringRef key, Value value) {
      pendingStates.push_back(keyValue(key));
      pendingStates.push_back(value);
      if (pendingStates.size() == 2 * kGroupSize)
        flushStates();
    };
  }
  if (failed(emitStep(self, inputArgs, noSubmodules, /*stepCoefficients=*/{},
                      readDictState, writeDictState, stepValues, newState)))
    return failure();
  flushStates();
  if (!stateOut) {
    SmallVector<Value> keysAndValues;
    for (auto &[key, value] : newState) {
      keysAndValues.push_back(keyValue(key));
      keysAndValues.push_back(value);
    }
    stateOut = b.create<ts::DictConstructOp>(loc, dictT, keysAndValues);
  }
  stepValues.push_back(stateOut);
  t.ret(t.tuple(stepValues));

  // forward_sequence(self, <inputs>...): dim 0 of every input is time; runs
  // from a zero state and returns the stacked outputs (a tuple if several).
  SmallVector<Type> sequenceArgTypes(numInputs, t.tensorT());
  Type sequenceResult =
      numOutputs == 1 ? t.tensorT()
                      : t.tupleT(SmallVector<Type>(numOutputs, t.tensorT()));
  ts::MethodOp sequence = addMethod(b, loc, root, "forward_sequence",
                                    sequenceArgTypes, argNames, sequenceResult);
  // The loop carries the state tensors themselves (zeros made once before
  // it), not a dict: no key lookups or dict per step. A large graph carries
  // them in one list of chunks, read by index where used; a chunk is
  // replaced in place once its last state is computed (each state is read
  // before it is written in a step: a node's own states before its call,
  // delayed outputs at the start, so no read sees a new chunk): TorchScript's
  // load grows faster than linearly in a loop's carried values and in the
  // values that cross the calls of parts.
  Block &sb = sequence.getBody().front();
  Value sself = sb.getArgument(0), first = sb.getArgument(1);
  Type tensorListT = ts::ListType::get(ctx, t.tensorT());
  // Tensors of a large graph kept in a List[List[Tensor]] of chunks of
  // kGroupSize: TorchScript's optimizing executor checks every op that
  // mutates a list against all live values (dead code elimination's
  // AliasDb::writesToAlias), so one write per tensor made a large module's
  // first calls grow as N^2 in Python. A chunk is built whole, then stored.
  Type chunksT = ts::ListType::get(ctx, tensorListT);
  // Element `index` of `count`, given in index order, into `pending`, the
  // chunk being built: `store(chunk, list)` once the chunk is complete.
  auto addToChunk = [&](SmallVectorImpl<Value> &pending, unsigned index,
                        unsigned count, Value value,
                        function_ref<void(unsigned, Value)> store) {
    assert(index % kGroupSize == pending.size() && "elements in index order");
    pending.push_back(value);
    if (pending.size() < kGroupSize && index + 1 < count)
      return;
    store(index / kGroupSize,
          b.create<ts::ListConstructOp>(loc, tensorListT, pending));
    pending.clear();
  };
  auto readChunk = [&](Value list, unsigned index) {
    Value chunk = t.op("aten::__getitem__.t",
                       {list, t.cInt(index / kGroupSize)}, tensorListT);
    return t.op("aten::__getitem__.t", {chunk, t.cInt(index % kGroupSize)},
                t.tensorT());
  };
  auto appendChunk = [&](Value list) {
    return [&, list](unsigned, Value chunk) {
      t.call("aten::append.t", {list, chunk}, {chunksT});
    };
  };
  Value steps = t.op("aten::size.int", {first, t.cInt(0)}, t.intT());
  SmallVector<Value> zeroStates;
  SmallVector<Type> stateTypes;
  llvm::StringMap<unsigned> stateIndex;
  // The batch dims and the device are read once for all states.
  Value batchDims, device;
  if (!newState.empty()) {
    batchDims = batchDimsOf(first, /*timeDims=*/1);
    device = t.op("prim::device", {first}, t.deviceT());
  }
  bool carryList = static_cast<bool>(stateOrZeros);
  Value initialList;
  SmallVector<Value> initialChunk;
  if (carryList)
    initialList = b.create<ts::ListConstructOp>(loc, chunksT, ValueRange{});
  for (auto &[key, value] : newState) {
    unsigned index = stateTypes.size();
    stateIndex[key] = index;
    stateTypes.push_back(t.tensorT());
    Value zeros = zerosOf(first, batchDims, device, stateShapes[key]);
    if (carryList)
      addToChunk(initialChunk, index, newState.size(), zeros,
                 appendChunk(initialList));
    else
      zeroStates.push_back(zeros);
  }
  SmallVector<Type> carriedTypes(stateTypes);
  SmallVector<Value> initial(zeroStates);
  if (carryList) {
    carriedTypes = {chunksT};
    initial = {initialList};
  }
  // The node submodules, read once, and the neurons' step coefficients
  // (dt * r, dt / tau, ...), computed once per sequence: still from the
  // buffers, so edits between calls take effect. A large graph keeps the
  // coefficients in one list, read by index where used: as separate values
  // they would all be parameters of the part holding the loop
  // (ts-split-methods), and TorchScript's load grows faster than linearly
  // in a method's parameters.
  DenseMap<Operation *, Value> submodules;
  size_t coefficientCount = 0;
  for (auto &entry : calls)
    coefficientCount += entry.second.coefficients;
  Value coefficientList;
  SmallVector<Value> coefficientChunk;
  if (coefficientCount > kLargeLevelNodes)
    coefficientList = b.create<ts::ListConstructOp>(loc, chunksT, ValueRange{});
  // Per neuron: its coefficient values, or its first index in the list.
  DenseMap<Operation *, SmallVector<Value>> coefficients;
  DenseMap<Operation *, unsigned> coefficientIndex;
  unsigned listedCoefficients = 0;
  for (NodeOpInterface node : order.nodes) {
    Operation *op = node.getOperation();
    if (!calls.count(op))
      continue;
    submodules[op] = getNodeModule(sself, op);
    unsigned count = calls[op].coefficients;
    if (count == 0)
      continue;
    SmallVector<Type> types(count, t.tensorT());
    Value k = b.create<ts::CallMethodOp>(
        loc, count == 1 ? t.tensorT() : t.tupleT(types), submodules[op],
        "coefficients", ValueRange{});
    SmallVector<Value> values{k};
    if (count != 1)
      values = SmallVector<Value>(
          b.create<ts::TupleUnpackOp>(loc, types, k).getResults());
    if (!coefficientList) {
      coefficients[op] = std::move(values);
      continue;
    }
    coefficientIndex[op] = listedCoefficients;
    for (Value value : values)
      addToChunk(coefficientChunk, listedCoefficients++, coefficientCount,
                 value, appendChunk(coefficientList));
  }
  assert(coefficientChunk.empty() && "every coefficient listed");
  auto loopCoefficients = [&](Operation *op, SmallVectorImpl<Value> &args) {
    if (!coefficientList) {
      auto it = coefficients.find(op);
      if (it == coefficients.end())
        return false;
      args.append(it->second);
      return true;
    }
    auto it = coefficientIndex.find(op);
    if (it == coefficientIndex.end())
      return false;
    for (unsigned i = 0, e = calls[op].coefficients; i != e; ++i)
      args.push_back(readChunk(coefficientList, it->second + i));
    return true;
  };
  Value trueV = t.cBool(true);
  SmallVector<Value> outLists;
  for (size_t k = 0; k < numOutputs; ++k)
    outLists.push_back(
        b.create<ts::ListConstructOp>(loc, tensorListT, ValueRange{}));
  auto loop = b.create<ts::LoopOp>(loc, carriedTypes, steps, trueV, initial);
  {
    OpBuilder::InsertionGuard guard(b);
    SmallVector<Type> blockTypes{t.intT()};
    blockTypes.append(carriedTypes);
    Block *lb = b.createBlock(&loop.getBody(), {}, blockTypes,
                              SmallVector<Location>(blockTypes.size(), loc));
    SmallVector<Value> carriedStates(lb->getArguments().drop_front());
    DenseMap<Operation *, Value> stepInputs;
    for (auto [k, in] : llvm::enumerate(inputs))
      stepInputs[in] =
          t.tensorOp("aten::select.int",
                     {sb.getArgument(1 + k), t.cInt(0), lb->getArgument(0)});
    auto readCarried = [&](StringRef key, ArrayRef<int64_t>) -> Value {
      if (carryList)
        return readChunk(carriedStates.front(), stateIndex.lookup(key));
      return carriedStates[stateIndex.lookup(key)];
    };
    std::function<void(StringRef, Value)> writeCarried;
    SmallVector<Value> newChunk;
    auto storeChunk = [&](unsigned chunk, Value list) {
      t.call("aten::_set_item.t",
             {carriedStates.front(), t.cInt(chunk), list}, {chunksT});
    };
    if (carryList)
      writeCarried = [&](StringRef key, Value value) {
        addToChunk(newChunk, stateIndex.lookup(key), newState.size(), value,
                   storeChunk);
      };
    SmallVector<Value> stepOutputs;
    StateList carried;
    if (failed(emitStep(sself, stepInputs, submodules, loopCoefficients,
                        readCarried, writeCarried, stepOutputs, carried)))
      return failure();
    assert(newChunk.empty() && "every state stored");
    for (size_t k = 0; k < numOutputs; ++k)
      t.call("aten::append.t", {outLists[k], stepOutputs[k]}, {tensorListT});
    SmallVector<Value> next;
    if (carryList) {
      next = {carriedStates.front()};
    } else {
      for (auto &[key, value] : carried)
        next.push_back(value);
    }
    b.create<ts::ConditionOp>(loc, trueV, next);
  }
  SmallVector<Value> stacked;
  for (Value list : outLists)
    stacked.push_back(t.tensorOp("aten::stack", {list, t.cInt(0)}));
  t.ret(numOutputs == 1 ? stacked.front() : t.tuple(stacked));

  if (keys) {
    b.setInsertionPoint(forward);
    b.create<ts::AttributeOp>(loc, raised::kStateKeysSlot, strListT,
                              b.getArrayAttr(keyList), false);
  }
  return success();
}

void RaiseNIRForward::runOnOperation() {
  ModuleOp module = getOperation();
  bool failedAny = false;
  for (GraphOp graph : llvm::make_early_inc_range(module.getOps<GraphOp>())) {
    auto rootRef = graph->getAttrOfType<FlatSymbolRefAttr>(kRaisedRootAttr);
    auto root = rootRef ? dyn_cast_or_null<ts::ScriptModuleOp>(
                              SymbolTable::lookupSymbolIn(module, rootRef))
                        : nullptr;
    if (!root) {
      graph.emitError() << "graph '" << graph.getSymName()
                        << "' has no root module to build forward in: run "
                           "raise-nir-nodes first";
      failedAny = true;
      continue;
    }
    if (failed(buildForward(graph, root))) {
      failedAny = true;
      continue;
    }
    graph.erase();
  }
  if (failedAny)
    signalPassFailure();
}
