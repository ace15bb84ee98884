//===- NIRToTorchScript.cpp - The node modules of raised NIR graphs -------===//
//
// `raise-nir-nodes`, stage 4 of the raising pipeline (Pipeline.cpp,
// docs/Raising.md): for every top-level `nir.graph`, inlined and scheduled,
// builds the root `ts.module` with its records and one submodule per node,
// from the user's node map or the built-in classes (RaisedClasses.h), and
// records on each node how the root calls it. `raise-nir-forward`
// (BuildForward.cpp) then writes the root's forward and forward_sequence in
// the schedule the IR records (`nir.step`, `nir.delayed`).
//
//===----------------------------------------------------------------------===//

#include "nirtorch/Conversion/NIRToTorchScript.h"
#include "nirtorch/Conversion/NIRToTorchScript/NodeMap.h"
#include "nirtorch/Conversion/RaisedClasses.h"

#include "Nesting.h"
#include "RaiseCommon.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "nirtorch/Dialect/NIR/Discretization.h"
#include "nirtorch/Dialect/NIR/ExecutionOrder.h"
#include "nirtorch/Dialect/NIR/NIRMetadata.h"
#include "nirtorch/Dialect/NIR/NIROps.h"
#include "nirtorch/Dialect/NIR/NIRParams.h"
#include "nirtorch/Dialect/NIR/NIRShapes.h"
#include "nirtorch/Dialect/TorchScript/TorchScriptDialect.h"
#include "nirtorch/Dialect/TorchScript/TorchScriptOps.h"
#include "nirtorch/Dialect/TorchScript/TorchScriptTypes.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"

#include <cmath>
#include <cstring>
#include <map>

namespace mlir::nir {
#define GEN_PASS_DEF_RAISENIRNODES
#include "nirtorch/Conversion/NIRToTorchScript/Passes.h.inc"
} // namespace mlir::nir

using namespace mlir;
using namespace mlir::nir;
using namespace nirtorch;
using namespace mlir::nir::raising;

namespace {

using raised::kGraphClassPrefix;
using raised::kNodeClassPrefix;
using raised::kSubgraphClassPrefix;


//===----------------------------------------------------------------------===//
// Building TorchScript graphs
//===----------------------------------------------------------------------===//


/// Affine / Linear: y = W x (+ b) with W of shape (..., out, in). A 2-d W is
/// `aten::linear` (one GEMM over the batch dims); leading weight dims are a
/// batch of matrices matched to the trailing dims of x, so they go through
/// `matmul(W, x[..., None])[..., 0]`, the reference's formula. Objects of a
/// class share one method body, so when some node of the class has a
/// batched weight (`anyBatched`) the choice is made at run time.
Value buildAffine(TSBuilder &t, Value self, Value x, bool hasBias,
                  bool anyBatched) {
  OpBuilder &b = t.b;
  Value weight = t.param(self, "weight");
  Value bias = hasBias ? t.param(self, "bias") : Value();
  if (!anyBatched)
    return t.tensorOp("aten::linear", {x, weight, hasBias ? bias : t.cNone()});
  Value rank = t.op("aten::dim", {weight}, t.intT());
  Value isMatrix = t.op("aten::eq.int", {rank, t.cInt(2)}, t.boolT());
  auto ifOp = b.create<ts::IfOp>(t.loc, TypeRange{t.tensorT()}, isMatrix);
  OpBuilder::InsertionGuard guard(b);
  b.createBlock(&ifOp.getThenRegion());
  Value linear =
      t.tensorOp("aten::linear", {x, weight, hasBias ? bias : t.cNone()});
  b.create<ts::YieldOp>(t.loc, ValueRange{linear});
  b.createBlock(&ifOp.getElseRegion());
  Value column = t.tensorOp("aten::unsqueeze", {x, t.cInt(-1)});
  Value product = t.tensorOp("aten::matmul", {weight, column});
  Value y = t.tensorOp("aten::squeeze.dim", {product, t.cInt(-1)});
  if (hasBias)
    y = t.add(y, bias);
  b.create<ts::YieldOp>(t.loc, ValueRange{y});
  return ifOp.getResult(0);
}


//===----------------------------------------------------------------------===//
// Parameters
//===----------------------------------------------------------------------===//

DenseElementsAttr makeTensor(ArrayRef<int64_t> shape, ArrayRef<double> values,
                             bool f64, MLIRContext *ctx) {
  FloatType type =
      f64 ? FloatType(Float64Type::get(ctx)) : Float32Type::get(ctx);
  return makeFloatParam(shape, values, type);
}

/// Parameters of at least this many bytes (after conversion) become
/// resource blobs, as the .nir and .pt readers make them by default: text IR
/// keeps them out of line and nothing re-uniques their data.
constexpr size_t kResourceThreshold = 1024;

/// The dtypes a torch tensor can have, of those NIR parameters use.
bool isTorchDtype(Type type) {
  return !type.isUnsignedInteger() || type.isUnsignedInteger(8);
}

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

/// How a node runs: a stateless module (forward(x) -> y) or a neuron with
/// state tensors (forward(x, s...) -> (y, s'...)).
struct NodeKind {
  StringRef className;               // e.g. "LIF"
  SmallVector<StringRef> stateNames; // e.g. {"v"} or {"v", "i"}
  /// A user's implementation from the node map; null for the built-in
  /// class, whose name is kNodeClassPrefix + className.
  const NodeImplementation *implementation = nullptr;
};

class RaiseNIRNodes : public nir::impl::RaiseNIRNodesBase<RaiseNIRNodes> {
public:
  using Base::Base;
  RaiseNIRNodes(std::shared_ptr<const NodeMap> nodeMap)
      : userNodeMap(std::move(nodeMap)) {}

  LogicalResult initialize(MLIRContext *context) override;
  void runOnOperation() override;
  void setNodeLibraries(ArrayRef<std::string> files) {
    if (!files.empty())
      nodeLibraries = files;
  }

private:
  LogicalResult raiseGraph(GraphOp graph, Nesting &nesting);
  FailureOr<NodeKind> classify(NodeOpInterface node);
  LogicalResult buildNodeModule(OpBuilder &b, ts::ScriptModuleOp parent,
                                NodeOpInterface node, StringRef slotName,
                                const NodeKind &kind, double stepDt);
  LogicalResult addBuffer(OpBuilder &b, Location loc, Operation *node,
                          StringRef slotName, StringRef field,
                          ElementsAttr value);
  LogicalResult checkParameterDtypes(NodeOpInterface node, StringRef cls);

  /// The node map given from C++, and the one in use: it plus the
  /// `node-library` files, which initialize() loads.
  std::shared_ptr<const NodeMap> userNodeMap;
  std::shared_ptr<NodeMap> nodeMap;

  bool useF64 = false;
  FloatType computeType;
  bool subtractReset = false;
  /// The classes (Affine, Linear) of which some node in the graph being
  /// raised has a weight with leading batch dims.
  llvm::StringSet<> batchedWeightClasses;
  /// For each class, the fields that some node of it keeps in its file dtype
  /// (the compute dtype cannot hold them exactly): its methods convert them
  /// where they use them.
  llvm::StringMap<llvm::StringSet<>> convertedFields;
  /// The first node found with such a field, and their count, for the
  /// warning.
  /// The parameters (node, field) kept in their file dtype.
  DenseSet<std::pair<Operation *, StringAttr>> keptInFileDtype;
  Operation *firstConverted = nullptr;
  std::string firstConvertedField;
  unsigned numConverted = 0;
};

} // namespace

FailureOr<NodeKind> RaiseNIRNodes::classify(NodeOpInterface node) {
  Operation *op = node.getOperation();
  auto unsupported = [&](StringRef why) -> FailureOr<NodeKind> {
    op->emitError() << "cannot raise node '" << node.getNodeName()
                    << "' of type " << node.getNIRTypeName()
                    << " to TorchScript: " << why;
    return failure();
  };
  if (isa<SubgraphOp>(op))
    return unsupported("nested graphs are raised inlined: run "
                       "nir-inline-subgraphs first");
  if (nodeMap)
    if (const NodeImplementation *impl =
            nodeMap->lookup(node.getNIRTypeName())) {
      NodeKind kind{impl->nodeType, {}, impl};
      for (const std::string &state : impl->states)
        kind.stateNames.push_back(state);
      return kind;
    }
  const raised::NodeClass *cls =
      raised::lookupNodeClass(op->getName().getStringRef());
  if (!cls)
    return unsupported("this node type is not supported by the raising yet");
  NodeKind kind{cls->className, {}};
  kind.stateNames.assign(cls->states.begin(), cls->states.end());
  return kind;
}

/// Finds the parameters of `node` that the compute dtype cannot hold
/// exactly: an error with `strict`, else their class converts them where it
/// uses them (raiseGraph warns once).
LogicalResult
RaiseNIRNodes::checkParameterDtypes(NodeOpInterface node,
                                              StringRef cls) {
  Operation *op = node.getOperation();
  for (NamedAttribute attr : op->getAttrs()) {
    auto value = dyn_cast<ElementsAttr>(attr.getValue());
    if (!value)
      continue;
    StringRef field = attr.getName().getValue();
    FailureOr<bool> exact = isExactlyConvertible(value, computeType);
    if (failed(exact))
      return op->emitError() << "cannot read the values of parameter '"
                             << field << "' of node '" << node.getNodeName()
                             << "'";
    if (*exact)
      continue;
    Type fileType = value.getElementType();
    std::string fileDtype = getNumpyTypeName(fileType);
    if (!isTorchDtype(fileType))
      return op->emitError()
             << "cannot raise node '" << node.getNodeName() << "': parameter '"
             << field << "' is " << fileDtype
             << ", which torch cannot hold, and its values do not fit "
             << dtype.getValue() << " exactly";
    if (strict)
      return op->emitError()
             << "parameter '" << field << "' of node '" << node.getNodeName()
             << "' is " << fileDtype << " and has values that "
             << dtype.getValue() << " cannot hold exactly (--strict)";
    convertedFields[cls].insert(field);
    keptInFileDtype.insert({op, attr.getName()});
    if (!firstConverted) {
      firstConverted = op;
      firstConvertedField = field.str();
    }
    ++numConverted;
  }
  return success();
}

LogicalResult RaiseNIRNodes::addBuffer(OpBuilder &b, Location loc,
                                                 Operation *node,
                                                 StringRef slotName,
                                                 StringRef field,
                                                 ElementsAttr value) {
  // The buffer holds the parameter in the compute dtype when that is exact
  // (nir_dtypes records the file dtype for the lowering), else in its file
  // dtype (checkParameterDtypes found and diagnosed it).
  bool keep = keptInFileDtype.contains(
      {node, StringAttr::get(b.getContext(), field)});
  FailureOr<ElementsAttr> tensor = convertParamType(
      value, keep ? value.getElementType() : Type(computeType),
      (slotName + "." + field).str(), kResourceThreshold);
  if (failed(tensor))
    return node->emitError()
           << "cannot read the values of parameter '" << field << "'";
  b.create<ts::BufferOp>(loc, field, ts::TensorType::get(b.getContext()),
                         *tensor, /*requires_grad=*/false);
  return success();
}

/// The number of step coefficients of a neuron class (see emitNeuronUpdate),
/// 0 for other classes.
static unsigned neuronCoefficientCount(StringRef cls) {
  return getNeuronCoefficients(cls).size();
}

/// The parameters a neuron class's update reads on every step that its
/// buffers keep in their file dtype (`converted`): `coefficients()` converts
/// them once per sequence and `step` takes them, so a sequence does not
/// convert them on every step. In the class's buffer order.
static SmallVector<StringRef>
stepParameters(StringRef cls, const llvm::StringSet<> *converted) {
  SmallVector<StringRef> fields;
  const raised::NodeClass *nodeClass = raised::lookupNodeClassByName(cls);
  if (!converted || !nodeClass)
    return fields;
  llvm::StringSet<> read;
  for (const NeuronCoefficient &step : getNeuronCoefficients(cls)) {
    if (!step.gainParameter.empty())
      read.insert(step.gainParameter);
    if (!step.leakParameter.empty())
      read.insert(step.leakParameter);
  }
  if (nodeClass->spiking)
    for (StringRef field : {"v_threshold", "v_reset"})
      read.insert(field);
  for (StringRef field : nodeClass->buffers)
    if (read.contains(field) && converted->contains(field))
      fields.push_back(field);
  return fields;
}

/// Step coefficient `index` of a neuron class from its buffers and `dt`, as
/// Discretization.h defines it: dt * r (I, IF), dt / tau (LI, LIF), dt /
/// tau_syn then dt / tau_mem (Cuba types).
static Value emitCoefficient(TSBuilder &t, Value self, Value dt, StringRef cls,
                             unsigned index) {
  const NeuronCoefficient &coefficient = getNeuronCoefficients(cls)[index];
  Value p = t.param(self, coefficient.parameter);
  return coefficient.formula == CoefficientFormula::DtTimes ? t.mul(dt, p)
                                                            : t.div(dt, p);
}

/// The update of a neuron class from x and the state (v[, i]), giving
/// (out, v'[, i']). `coefficients` are dt * r (I, IF), dt / tau (LI, LIF)
/// or dt / tau_syn, dt / tau_mem (Cuba types); when empty they are computed
/// from the buffers where they are used.
static LogicalResult emitNeuronUpdate(TSBuilder &t, Value self, Value x,
                                      Value v, Value i, ValueRange coefficients,
                                      StringRef cls, bool spiking,
                                      SmallVectorImpl<Value> &results) {
  OpBuilder &b = t.b;
  Location loc = t.loc;
  auto buf = [&](StringRef name) { return t.param(self, name); };
  bool folded = !coefficients.empty();
  Value dt = folded ? Value() : t.buffer(self, "dt");
  // One Euler step per state as Discretization.h defines it: the synaptic
  // current of Cuba types first (from x), then the membrane (from x, or from
  // the old current). (Named steps: C++ leaves the order of call arguments
  // unspecified, and the emitted IR must not depend on the compiler.)
  ArrayRef<NeuronCoefficient> steps = getNeuronCoefficients(cls);
  SmallVector<Value, 2> states;
  if (steps.size() == 2)
    states.push_back(i);
  states.push_back(v);
  SmallVector<Value, 2> next;
  Value input = x;
  for (auto [index, step] : llvm::enumerate(steps)) {
    Value state = states[index];
    Value drive = input;
    if (step.leaky) {
      Value gained = step.gainParameter.empty()
                         ? input
                         : t.mul(buf(step.gainParameter), input);
      // Without a leak, -s + g*u is g*u - s exactly, one op fewer.
      if (step.leakParameter.empty()) {
        drive = t.sub(gained, state);
      } else {
        Value leak = t.sub(buf(step.leakParameter), state);
        drive = t.add(leak, gained);
      }
    }
    Value k =
        folded ? coefficients[index] : emitCoefficient(t, self, dt, cls, index);
    next.push_back(t.add(state, t.mul(k, drive)));
    input = state;
  }
  Value newV = next.back();
  Value newI = next.size() == 2 ? next.front() : Value();
  Value out = newV;
  if (spiking) {
    Value threshold = buf("v_threshold");
    Value z = t.tensorOp("aten::gt.Tensor", {newV, threshold});
    Value subtract = t.getAttr(self, "reset_subtract", t.boolT());
    auto ifOp = b.create<ts::IfOp>(loc, TypeRange{t.tensorT()}, subtract);
    {
      OpBuilder::InsertionGuard guard(b);
      b.createBlock(&ifOp.getThenRegion());
      b.create<ts::YieldOp>(loc, ValueRange{t.sub(newV, threshold)});
      b.createBlock(&ifOp.getElseRegion());
      b.create<ts::YieldOp>(loc, ValueRange{buf("v_reset")});
    }
    newV = t.tensorOp("aten::where.self", {z, ifOp.getResult(0), newV});
    out = t.asDtypeOf(z, x);
  }
  results.assign({out, newV});
  if (newI)
    results.push_back(newI);
  return success();
}

/// `nir_metadata: str`, the NIR metadata in MLIR attribute syntax ("" for
/// none), on every node and graph module, so that all objects of a class
/// have the slot.
static void addMetadataSlot(OpBuilder &b, Location loc,
                            DictionaryAttr metadata) {
  b.create<ts::AttributeOp>(loc, raised::kMetadataSlot,
                            ts::StrType::get(b.getContext()),
                            b.getStringAttr(printMetadata(metadata)), false);
}

/// `nir_edge_order: List[List[str]]`, a graph's `nir.edge_order` (the edge
/// order of the file it was read from), so that the lowering gives it back
/// and the file is written as read; none without a record.
static void addEdgeOrderSlot(OpBuilder &b, Location loc, ArrayAttr edgeOrder) {
  if (!edgeOrder)
    return;
  MLIRContext *ctx = b.getContext();
  Type strListT = ts::ListType::get(ctx, ts::StrType::get(ctx));
  b.create<ts::AttributeOp>(loc, raised::kEdgeOrderSlot,
                            ts::ListType::get(ctx, strListT), edgeOrder, false);
}

LogicalResult RaiseNIRNodes::buildNodeModule(
    OpBuilder &b, ts::ScriptModuleOp parent, NodeOpInterface node,
    StringRef slotName, const NodeKind &kind, double stepDt) {
  Operation *op = node.getOperation();
  Location loc = op->getLoc();
  MLIRContext *ctx = b.getContext();
  b.setInsertionPointToEnd(&parent.getBody().front());
  auto module = b.create<ts::ScriptModuleOp>(
      loc, slotName, (kNodeClassPrefix + kind.className).str());
  b.setInsertionPointToStart(&module.getBody().front());
  b.create<ts::AttributeOp>(loc, "training", ts::BoolType::get(ctx),
                            b.getBoolAttr(false), false);
  // The exact node name: slot names are sanitised, the lowering needs the
  // original.
  b.create<ts::AttributeOp>(loc, raised::kNameSlot, ts::StrType::get(ctx),
                            b.getStringAttr(node.getNodeName()), false);
  addMetadataSlot(b, loc, node.getNodeMetadata());

  // Buffers: the NIR fields in declaration order (the op's attributes), and
  // their file dtypes, which the lowering restores.
  SmallVector<Attribute> fileDtypes;
  for (NamedAttribute attr : op->getAttrs()) {
    auto elements = dyn_cast<ElementsAttr>(attr.getValue());
    if (!elements || attr.getName() == "name")
      continue;
    fileDtypes.push_back(b.getArrayAttr(
        {attr.getName(),
         b.getStringAttr(getNumpyTypeName(elements.getElementType()))}));
  }
  if (!fileDtypes.empty())
    b.create<ts::AttributeOp>(
        loc, raised::kDtypesSlot,
        ts::DictType::get(ctx, ts::StrType::get(ctx), ts::StrType::get(ctx)),
        b.getArrayAttr(fileDtypes), false);
  for (NamedAttribute attr : op->getAttrs()) {
    auto elements = dyn_cast<ElementsAttr>(attr.getValue());
    if (!elements || attr.getName() == "name")
      continue;
    if (failed(addBuffer(b, loc, op, slotName, attr.getName(), elements)))
      return failure();
  }
  bool neuron = !kind.stateNames.empty();
  bool spiking = raised::lookupNodeClassByName(kind.className)->spiking;
  if (neuron && kind.className != "Delay")
    b.create<ts::BufferOp>(loc, "dt", ts::TensorType::get(ctx),
                           makeTensor({}, {stepDt}, useF64, ctx), false);
  if (spiking)
    b.create<ts::AttributeOp>(loc, "reset_subtract", ts::BoolType::get(ctx),
                              b.getBoolAttr(subtractReset), false);
  if (auto delay = dyn_cast<DelayOp>(op)) {
    FailureOr<SmallVector<int64_t>> steps = computeDelaySteps(delay, stepDt);
    if (failed(steps))
      return op->emitError() << "cannot raise node '" << node.getNodeName()
                             << "': its delays are not between 0 and 1e6 "
                                "time steps of "
                             << stepDt << " s";
    auto shape = cast<ShapedType>(delay.getDelay().getShapedType());
    b.create<ts::BufferOp>(
        loc, "steps", ts::TensorType::get(ctx),
        DenseElementsAttr::get(
            RankedTensorType::get(shape.getShape(), b.getI64Type()),
            ArrayRef<int64_t>(*steps)),
        false);
    b.create<ts::AttributeOp>(
        loc, "input_rank", ts::IntType::get(ctx),
        b.getI64IntegerAttr(
            cast<ShapedType>(op->getOperand(0).getType()).getRank()),
        false);
  }
  if (auto flatten = dyn_cast<FlattenOp>(op)) {
    auto inType = cast<ShapedType>(op->getOperand(0).getType());
    int64_t rank = inType.getRank();
    int64_t start = flatten.getStartDim(), end = flatten.getEndDim();
    if (start < 0)
      start += rank;
    if (end < 0)
      end += rank;
    // start_dim / end_dim as NIR has them (negative dims stay negative);
    // the code uses start / end, resolved against the input rank.
    for (auto [name, v] : {std::pair<StringRef, int64_t>{"input_rank", rank},
                           {"start_dim", flatten.getStartDim()},
                           {"end_dim", flatten.getEndDim()},
                           {"start", start},
                           {"end", end}})
      b.create<ts::AttributeOp>(loc, name, ts::IntType::get(ctx),
                                b.getI64IntegerAttr(v), false);
  }

  auto intList = [&](StringRef name, ArrayRef<int64_t> values) {
    SmallVector<Attribute> attrs;
    for (int64_t v : values)
      attrs.push_back(b.getI64IntegerAttr(v));
    b.create<ts::AttributeOp>(loc, name,
                              ts::ListType::get(ctx, ts::IntType::get(ctx)),
                              b.getArrayAttr(attrs), false);
  };
  auto intAttr = [&](StringRef name, int64_t v) {
    b.create<ts::AttributeOp>(loc, name, ts::IntType::get(ctx),
                              b.getI64IntegerAttr(v), false);
  };
  // Conv hyper-parameters: `padding` holds explicit amounts, `padding_str`
  // "same" / "valid" (or "" for explicit amounts), so that every Conv object
  // of a class has the same slots.
  auto convAttrs = [&](ArrayRef<int64_t> stride, Attribute padding,
                       ArrayRef<int64_t> dilation, int64_t groups,
                       unsigned rank) {
    intList("stride", stride);
    StringRef paddingStr;
    SmallVector<int64_t> amounts(rank, 0);
    if (auto str = dyn_cast<StringAttr>(padding))
      paddingStr = str.getValue();
    else if (auto i = dyn_cast<IntegerAttr>(padding))
      amounts.assign(rank, i.getInt());
    else if (auto arr = dyn_cast<DenseI64ArrayAttr>(padding))
      amounts.assign(arr.asArrayRef().begin(), arr.asArrayRef().end());
    intList("padding", amounts);
    b.create<ts::AttributeOp>(loc, "padding_str", ts::StrType::get(ctx),
                              b.getStringAttr(paddingStr), false);
    intList("dilation", dilation);
    intAttr("groups", groups);
  };
  if (auto conv = dyn_cast<Conv1dOp>(op))
    convAttrs({int64_t(conv.getStride())}, conv.getPadding(),
              {int64_t(conv.getDilation())}, conv.getGroups(), 1);
  if (auto conv = dyn_cast<Conv2dOp>(op))
    convAttrs(conv.getStride(), conv.getPadding(), conv.getDilation(),
              conv.getGroups(), 2);
  auto poolAttrs = [&](ArrayRef<int64_t> kernel, ArrayRef<int64_t> stride,
                       ArrayRef<int64_t> padding) {
    intList("kernel_size", kernel);
    intList("stride", stride);
    intList("padding", padding);
  };
  if (auto pool = dyn_cast<SumPool2dOp>(op))
    poolAttrs(pool.getKernelSize(), pool.getStride(), pool.getPadding());
  if (auto pool = dyn_cast<AvgPool2dOp>(op))
    poolAttrs(pool.getKernelSize(), pool.getStride(), pool.getPadding());

  // forward(self, x[, v[, i]]) -> y or (y, v'[, i'])
  TSBuilder t{b, loc};
  t.computeCode = useF64 ? kFloat64Code : kFloat32Code;
  if (auto it = convertedFields.find(kind.className);
      it != convertedFields.end())
    t.convertedFields = &it->second;
  SmallVector<Type> argTypes(1 + kind.stateNames.size(), t.tensorT());
  SmallVector<StringRef> argNames{"x"};
  argNames.append(kind.stateNames.begin(), kind.stateNames.end());
  Type result = neuron ? t.tupleT(argTypes) : t.tensorT();
  ts::MethodOp method =
      addMethod(b, loc, module, "forward", argTypes, argNames, result);
  Block &body = method.getBody().front();
  Value self = body.getArgument(0), x = body.getArgument(1);
  auto buf = [&](StringRef name) { return t.param(self, name); };
  StringRef cls = kind.className;

  if (!neuron) {
    Value y;
    if (cls == "Affine" || cls == "Linear")
      y = buildAffine(t, self, x, /*hasBias=*/cls == "Affine",
                      /*anyBatched=*/batchedWeightClasses.contains(cls));
    else if (cls == "Scale")
      y = t.mul(buf("scale"), x);
    else if (cls == "Threshold")
      y = t.asDtypeOf(t.tensorOp("aten::gt.Tensor", {x, buf("threshold")}), x);
    else if (cls == "Conv1d" || cls == "Conv2d") {
      Type intListT = ts::ListType::get(ctx, t.intT());
      Value w = buf("weight");
      Value bias = buf("bias");
      Value stride = t.getAttr(self, "stride", intListT);
      Value dilation = t.getAttr(self, "dilation", intListT);
      Value groups = t.getAttr(self, "groups", t.intT());
      Value paddingStr = t.getAttr(self, "padding_str", t.strT());
      Value empty = t.cStr("");
      Value isExplicit = t.op("aten::eq.str", {paddingStr, empty}, t.boolT());
      auto ifOp = b.create<ts::IfOp>(loc, TypeRange{t.tensorT()}, isExplicit);
      std::string name = cls == "Conv1d" ? "aten::conv1d" : "aten::conv2d";
      {
        OpBuilder::InsertionGuard guard(b);
        b.createBlock(&ifOp.getThenRegion());
        Value padding = t.getAttr(self, "padding", intListT);
        b.create<ts::YieldOp>(
            loc, ValueRange{t.tensorOp(
                     name, {x, w, bias, stride, padding, dilation, groups})});
        b.createBlock(&ifOp.getElseRegion());
        b.create<ts::YieldOp>(
            loc, ValueRange{t.tensorOp(
                     name + ".padding",
                     {x, w, bias, stride, paddingStr, dilation, groups})});
      }
      y = ifOp.getResult(0);
    } else if (cls == "SumPool2d" || cls == "AvgPool2d") {
      // Zero padding counted in the window; a divisor of 1 makes the window
      // mean a window sum.
      Type intListT = ts::ListType::get(ctx, t.intT());
      Value kernel = t.getAttr(self, "kernel_size", intListT);
      Value stride = t.getAttr(self, "stride", intListT);
      Value padding = t.getAttr(self, "padding", intListT);
      Value divisor = cls == "SumPool2d" ? t.cInt(1) : t.cNone();
      Value ceilMode = t.cBool(false);
      Value countPad = t.cBool(true);
      y = t.tensorOp("aten::avg_pool2d",
                     {x, kernel, stride, padding, ceilMode, countPad, divisor});
    } else { // Flatten: shift the dims by the number of leading batch dims
      Value lead = t.op("aten::sub.int",
                        {t.op("aten::dim", {x}, t.intT()),
                         t.getAttr(self, "input_rank", t.intT())},
                        t.intT());
      Value start = t.op("aten::add.int",
                         {t.getAttr(self, "start", t.intT()), lead}, t.intT());
      Value end = t.op("aten::add.int",
                       {t.getAttr(self, "end", t.intT()), lead}, t.intT());
      y = t.tensorOp("aten::flatten.using_ints", {x, start, end});
    }
    t.ret(y);
    return success();
  }

  if (cls == "Delay") {
    // history: (batch..., D, *shape), history[..., k, ...] = the input k + 1
    // steps ago. y = [x, history][..., steps, ...] elementwise.
    Value history = body.getArgument(2);
    Value lead = t.op("aten::sub.int",
                      {t.op("aten::dim", {x}, t.intT()),
                       t.getAttr(self, "input_rank", t.intT())},
                      t.intT());
    Value xs = t.tensorOp("aten::unsqueeze", {x, lead});
    Value list = b.create<ts::ListConstructOp>(
        loc, ts::ListType::get(ctx, t.tensorT()), ValueRange{xs, history});
    Value full = t.tensorOp("aten::cat", {list, lead});
    Value size = t.op("aten::size", {xs}, ts::ListType::get(ctx, t.intT()));
    Value index =
        t.tensorOp("aten::expand",
                   {t.buffer(self, "steps"), size, t.cBool(false)});
    Value picked =
        t.tensorOp("aten::gather", {full, lead, index, t.cBool(false)});
    Value y = t.tensorOp("aten::squeeze.dim", {picked, lead});
    Value depth = t.op("aten::size.int", {history, lead}, t.intT());
    Value newHistory = t.tensorOp("aten::slice.Tensor",
                                  {full, lead, t.cInt(0), depth, t.cInt(1)});
    t.ret(t.tuple({y, newHistory}));
    return success();
  }

  // forward(self, x, v[, i]) computes the step coefficients (dt * r, or
  // dt / tau...) itself; step(self, x, v[, i], k...) takes them from
  // coefficients(self), which forward_sequence calls once per sequence:
  // the same IEEE operations, so both give identical results, and the
  // coefficients still follow edits of the buffers between calls.
  int64_t numCoefficients = neuronCoefficientCount(cls);
  SmallVector<StringRef> preconverted =
      stepParameters(cls, t.convertedFields);
  size_t numStepInputs = numCoefficients + preconverted.size();
  size_t numStates = kind.stateNames.size();
  SmallVector<Value> results;
  if (failed(emitNeuronUpdate(t, self, x, body.getArgument(2),
                              numStates > 1 ? body.getArgument(3) : Value(),
                              /*coefficients=*/{}, cls, spiking, results)))
    return failure();
  t.ret(t.tuple(results));

  // coefficients() -> the k's, then the step parameters kept in their file
  // dtype, converted (see stepParameters).
  Type coefficientsType =
      numStepInputs == 1
          ? t.tensorT()
          : t.tupleT(SmallVector<Type>(numStepInputs, t.tensorT()));
  ts::MethodOp coefficients =
      addMethod(b, loc, module, "coefficients", {}, {}, coefficientsType);
  {
    Value cself = coefficients.getBody().front().getArgument(0);
    Value dt = t.buffer(cself, "dt");
    SmallVector<Value> ks;
    for (unsigned k = 0; k < numCoefficients; ++k)
      ks.push_back(emitCoefficient(t, cself, dt, cls, k));
    for (StringRef field : preconverted)
      ks.push_back(t.param(cself, field));
    t.ret(numStepInputs == 1 ? ks.front() : t.tuple(ks));
  }

  SmallVector<Type> stepTypes(argTypes);
  stepTypes.append(numStepInputs, t.tensorT());
  SmallVector<StringRef> stepNames(argNames);
  if (numCoefficients == 1)
    stepNames.push_back("k");
  else
    stepNames.append({"k_syn", "k_mem"});
  stepNames.append(preconverted.begin(), preconverted.end());
  ts::MethodOp step =
      addMethod(b, loc, module, "step", stepTypes, stepNames, result);
  Block &stepBody = step.getBody().front();
  llvm::StringMap<Value> given;
  for (auto [field, arg] : llvm::zip_equal(
           preconverted,
           stepBody.getArguments().take_back(preconverted.size())))
    given[field] = arg;
  t.given = &given;
  SmallVector<Value> stepResults;
  LogicalResult updated = emitNeuronUpdate(
      t, stepBody.getArgument(0), stepBody.getArgument(1),
      stepBody.getArgument(2),
      numStates > 1 ? stepBody.getArgument(3) : Value(),
      stepBody.getArguments().drop_front(argTypes.size() + 1)
          .take_front(numCoefficients),
      cls, spiking, stepResults);
  t.given = nullptr;
  if (failed(updated))
    return failure();
  t.ret(t.tuple(stepResults));
  return success();
}

/// The root's port slots: `nir_inputs` (Input node names in argument order),
/// `nir_input_shapes` (their NIR shapes), `nir_outputs` (Output node names
/// in result order) and `nir_output_shapes`, so that the lowering can
/// rebuild the ports exactly.
static void addPortSlots(OpBuilder &b, Location loc, ArrayRef<InputOp> inputs,
                         ArrayRef<OutputOp> outputs) {
  MLIRContext *ctx = b.getContext();
  Type strListT = ts::ListType::get(ctx, ts::StrType::get(ctx));
  Type intListT = ts::ListType::get(ctx, ts::IntType::get(ctx));
  auto names = [&](auto ports) {
    SmallVector<Attribute> attrs;
    for (auto port : ports)
      attrs.push_back(b.getStringAttr(port.getName()));
    return b.getArrayAttr(attrs);
  };
  auto shapes = [&](auto ports) {
    SmallVector<Attribute> shapes;
    for (auto port : ports) {
      SmallVector<Attribute> dims;
      for (int64_t d :
           cast<ShapedType>(port->getResult(0).getType()).getShape())
        dims.push_back(b.getI64IntegerAttr(d));
      shapes.push_back(b.getArrayAttr(dims));
    }
    return b.getArrayAttr(shapes);
  };
  b.create<ts::AttributeOp>(loc, raised::kInputsSlot, strListT, names(inputs), false);
  b.create<ts::AttributeOp>(loc, raised::kInputShapesSlot,
                            ts::ListType::get(ctx, intListT), shapes(inputs),
                            false);
  b.create<ts::AttributeOp>(loc, raised::kOutputsSlot, strListT, names(outputs),
                            false);
  // The declared shapes: in a graph read without type checking an Output
  // may declare another shape than it receives.
  b.create<ts::AttributeOp>(loc, raised::kOutputShapesSlot,
                            ts::ListType::get(ctx, intListT), shapes(outputs),
                            false);
}


/// In a graph read without type checking (`unchecked`), the edge types are
/// whatever the file implied, but the raised code takes its state shapes
/// from result types and sums fan-in elementwise. Checks what it relies on:
/// equal incoming shapes, the input shape the parameters fix, and the result
/// type the node implies. An Output's declared shape is not used (the raised
/// module returns the value it receives, as the reference does), so a
/// mismatch there is only a warning.
static LogicalResult checkUncheckedEdges(GraphOp graph,
                                         ArrayRef<NodeOpInterface> nodes) {
  bool ok = true;
  for (NodeOpInterface node : nodes) {
    Operation *op = node.getOperation();
    if (isa<InputOp>(op) || op->getNumOperands() == 0)
      continue;
    auto fail = [&]() {
      ok = false;
      return op->emitError()
             << "cannot raise node '" << node.getNodeName()
             << "' of the unchecked graph '" << graph.getSymName() << "': ";
    };
    ArrayRef<int64_t> received = shapeOf(op->getOperand(0));
    bool sameShapes = llvm::all_of(op->getOperands(), [&](Value edge) {
      return shapeOf(edge) == received;
    });
    if (!sameShapes) {
      InFlightDiagnostic diag = fail();
      diag << "its incoming edges carry different shapes (";
      llvm::interleaveComma(op->getOperands(), diag, [&](Value edge) {
        diag << formatShape(shapeOf(edge));
      });
      diag << ")";
      continue;
    }
    if (auto out = dyn_cast<OutputOp>(op)) {
      if (shapeOf(out.getResult()) != received)
        op->emitWarning() << "Output node '" << out.getName()
                          << "' declares shape "
                          << formatShape(shapeOf(out.getResult()))
                          << " but receives " << formatShape(received)
                          << "; the raised module returns the received value";
      continue;
    }
    std::optional<SmallVector<int64_t>> expected = node.getParamInputShape();
    if (expected && ArrayRef<int64_t>(*expected) != received) {
      fail() << "its incoming edges carry shape " << formatShape(received)
             << " but its parameters need " << formatShape(*expected);
      continue;
    }
    FailureOr<SmallVector<int64_t>> implied = node.inferOutputShape(
        received, [&]() -> InFlightDiagnostic { return fail(); });
    if (failed(implied))
      continue;
    if (ArrayRef<int64_t>(*implied) != shapeOf(op->getResult(0)))
      fail() << "its result type has shape "
             << formatShape(shapeOf(op->getResult(0)))
             << " but its input shape " << formatShape(received) << " implies "
             << formatShape(*implied);
  }
  return success(ok);
}


/// Slot names the graph modules use for their records: no node slot may
/// take them.
static llvm::StringSet<> reservedSlotNames() {
  llvm::StringSet<> names{"dt"};
  for (StringRef slot :
       {raised::kInputsSlot, raised::kInputShapesSlot, raised::kOutputsSlot,
        raised::kOutputShapesSlot, raised::kMetadataSlot, raised::kNodesSlot,
        raised::kNameSlot, raised::kInputSlot, raised::kInputShapeSlot,
        raised::kOutputSlot, raised::kOutputShapeSlot,
        raised::kPortMetadataSlot, raised::kNodeNamesSlot,
        raised::kEdgeOrderSlot, raised::kStateKeysSlot})
    names.insert(slot);
  return names;
}

/// `nir_nodes: List[List[str]]`: the level's nodes in block order, each
/// followed by the sources of its incoming edges.
static void addNodeListSlot(OpBuilder &b, Location loc,
                            const GraphLevel &level) {
  MLIRContext *ctx = b.getContext();
  SmallVector<Attribute> entries;
  for (const SmallVector<std::string> &entry : level.nodes) {
    SmallVector<Attribute> names;
    for (const std::string &name : entry)
      names.push_back(b.getStringAttr(name));
    entries.push_back(b.getArrayAttr(names));
  }
  Type strListT = ts::ListType::get(ctx, ts::StrType::get(ctx));
  b.create<ts::AttributeOp>(loc, raised::kNodesSlot, ts::ListType::get(ctx, strListT),
                            b.getArrayAttr(entries), false);
}

/// `nir_port_metadata: Dict[str, str]`: the metadata of the level's Input and
/// Output nodes that have some, as nir_metadata spells it.
static void addPortMetadataSlot(OpBuilder &b, Location loc,
                                const GraphLevel &level) {
  MLIRContext *ctx = b.getContext();
  SmallVector<Attribute> entries;
  for (auto &[name, metadata] : level.portMetadata)
    entries.push_back(b.getArrayAttr(
        {b.getStringAttr(name), b.getStringAttr(printMetadata(metadata))}));
  Type strT = ts::StrType::get(ctx);
  b.create<ts::AttributeOp>(loc, raised::kPortMetadataSlot,
                            ts::DictType::get(ctx, strT, strT),
                            b.getArrayAttr(entries), false);
}

/// A container grouping some node modules of a large graph level: a module
/// of its own class with nothing but the modules.
static ts::ScriptModuleOp buildGroupModule(OpBuilder &b, Location loc,
                                           ts::ScriptModuleOp parent,
                                           StringRef slot,
                                           StringRef className) {
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToEnd(&parent.getBody().front());
  auto module = b.create<ts::ScriptModuleOp>(loc, slot, className);
  b.setInsertionPointToStart(&module.getBody().front());
  b.create<ts::AttributeOp>(loc, "training",
                            ts::BoolType::get(b.getContext()),
                            b.getBoolAttr(false), false);
  return module;
}

/// The submodule of a subgraph: its nodes' modules go inside, and its slots
/// hold what the lowering needs to rebuild it (docs/Raising.md).
static ts::ScriptModuleOp buildContainerModule(OpBuilder &b, Location loc,
                                               ts::ScriptModuleOp parent,
                                               const GraphLevel &level,
                                               StringRef className) {
  MLIRContext *ctx = b.getContext();
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToEnd(&parent.getBody().front());
  auto module = b.create<ts::ScriptModuleOp>(loc, level.slot, className);
  b.setInsertionPointToStart(&module.getBody().front());
  Type strT = ts::StrType::get(ctx);
  Type intListT = ts::ListType::get(ctx, ts::IntType::get(ctx));
  auto ints = [&](ArrayRef<int64_t> values) {
    SmallVector<Attribute> attrs;
    for (int64_t v : values)
      attrs.push_back(b.getI64IntegerAttr(v));
    return b.getArrayAttr(attrs);
  };
  b.create<ts::AttributeOp>(loc, "training", ts::BoolType::get(ctx),
                            b.getBoolAttr(false), false);
  b.create<ts::AttributeOp>(loc, raised::kNameSlot, strT,
                            b.getStringAttr(level.name), false);
  addMetadataSlot(b, loc, level.metadata);
  b.create<ts::AttributeOp>(loc, raised::kInputSlot, strT,
                            b.getStringAttr(level.inputName), false);
  b.create<ts::AttributeOp>(loc, raised::kInputShapeSlot, intListT,
                            ints(level.inputShape), false);
  b.create<ts::AttributeOp>(loc, raised::kOutputSlot, strT,
                            b.getStringAttr(level.outputName), false);
  b.create<ts::AttributeOp>(loc, raised::kOutputShapeSlot, intListT,
                            ints(level.outputShape), false);
  addNodeListSlot(b, loc, level);
  addPortMetadataSlot(b, loc, level);
  addEdgeOrderSlot(b, loc, level.edgeOrder);
  return module;
}

LogicalResult RaiseNIRNodes::raiseGraph(GraphOp graph,
                                                  Nesting &nesting) {
  MLIRContext *ctx = graph.getContext();
  Location loc = graph.getLoc();
  Block &body = graph.getBodyBlock();

  // The time step: the option if given, else the graph's metadata, else the
  // default.
  double stepDt = dt;
  if (!dt.hasValue()) {
    FailureOr<std::optional<double>> declared = getDeclaredTimeStep(graph);
    if (failed(declared))
      return failure();
    if (*declared)
      stepDt = **declared;
  }

  // The schedule nir-schedule recorded.
  FailureOr<ExecutionOrder> recorded = readExecutionOrder(body);
  if (failed(recorded))
    return failure();
  ExecutionOrder &order = *recorded;

  // Checks: at least one Input and one Output, every node supported.
  SmallVector<InputOp> inputs;
  SmallVector<OutputOp> outputs;
  DenseMap<Operation *, NodeKind> kinds;
  bool ok = true;
  for (NodeOpInterface node : order.nodes) {
    Operation *op = node.getOperation();
    if (auto in = dyn_cast<InputOp>(op)) {
      inputs.push_back(in);
      continue;
    }
    if (auto out = dyn_cast<OutputOp>(op)) {
      outputs.push_back(out);
      continue;
    }
    if (op->getNumOperands() == 0) {
      op->emitError() << "cannot raise node '" << node.getNodeName()
                      << "' to TorchScript: it has no incoming edge";
      ok = false;
      continue;
    }
    FailureOr<NodeKind> kind = classify(node);
    if (failed(kind)) {
      ok = false;
      continue;
    }
    kinds[op] = *kind;
  }
  // Which classes convert their parameters: decided before any module of the
  // class is built, since all objects of a class share one method body.
  convertedFields.clear();
  keptInFileDtype.clear();
  firstConverted = nullptr;
  numConverted = 0;
  for (NodeOpInterface node : order.nodes)
    if (auto it = kinds.find(node);
        it != kinds.end() && !it->second.implementation &&
        failed(checkParameterDtypes(node, it->second.className)))
      ok = false;
  if (ok && firstConverted)
    firstConverted->emitWarning()
        << "parameter '" << firstConvertedField << "' of node '"
        << cast<NodeOpInterface>(firstConverted).getNodeName() << "'"
        << (numConverted == 1
                ? " has"
                : " and " + std::to_string(numConverted - 1) +
                      (numConverted == 2 ? " other have" : " others have"))
        << " values that " << dtype.getValue()
        << " cannot hold exactly: their buffers keep the file dtype and are "
           "converted to "
        << dtype.getValue()
        << " where they are used (dtype=float64 computes without rounding "
           "them; strict refuses them)";
  if (inputs.empty() || outputs.empty()) {
    graph.emitError() << "cannot raise graph '" << graph.getSymName()
                      << "': it needs at least one Input and one Output node";
    return failure();
  }
  if (!ok)
    return failure();
  if (isUncheckedGraph(graph) &&
      failed(checkUncheckedEdges(graph, order.nodes)))
    return failure();
  // Ports in name order: forward's arguments and results.
  llvm::sort(inputs,
             [](InputOp a, InputOp c) { return a.getName() < c.getName(); });
  llvm::sort(outputs,
             [](OutputOp a, OutputOp c) { return a.getName() < c.getName(); });
  for (OutputOp out : outputs)
    for (OpOperand &use : out->getOpOperands())
      if (order.isDelayed(use))
        return out.emitError() << "cannot raise graph '" << graph.getSymName()
                               << "': Output node '" << out.getName()
                               << "' reads a delayed edge";

  // The root takes the graph's name; the graph, which raise-nir-forward
  // still reads and then erases, moves out of its way.
  std::string name = graph.getSymName().str();
  {
    Operation *parent = graph->getParentOp();
    std::string moved = name + ".nir";
    for (unsigned n = 1; SymbolTable::lookupSymbolIn(parent, moved); ++n)
      moved = name + ".nir" + std::to_string(n);
    graph.setSymName(moved);
  }
  OpBuilder b(graph);
  auto root = b.create<ts::ScriptModuleOp>(loc, name,
                                           (kGraphClassPrefix + name).str());
  // Class names must be qualified Python names.
  {
    std::string cls;
    for (char c : name)
      cls.push_back(llvm::isAlnum(c) || c == '_' ? c : '_');
    if (cls.empty() || llvm::isDigit(cls.front()))
      cls = "g_" + cls;
    root.setClassName((kGraphClassPrefix + cls).str());
  }
  b.setInsertionPointToStart(&root.getBody().front());
  b.create<ts::AttributeOp>(loc, "training", ts::BoolType::get(ctx),
                            b.getBoolAttr(false), false);
  addPortSlots(b, loc, inputs, outputs);
  GraphLevel &top = *nesting.top;
  addMetadataSlot(b, loc, top.metadata);
  addPortMetadataSlot(b, loc, top);
  if (nesting.hasSubgraphs())
    addNodeListSlot(b, loc, top);
  addEdgeOrderSlot(b, loc, top.edgeOrder);
  top.module = root;

  batchedWeightClasses.clear();
  for (Operation &op : body) {
    auto weightRank = [](ElementsAttr w) {
      return cast<ShapedType>(w.getShapedType()).getRank();
    };
    if (auto affine = dyn_cast<AffineOp>(op);
        affine && weightRank(affine.getWeight()) > 2)
      batchedWeightClasses.insert("Affine");
    if (auto linear = dyn_cast<LinearOp>(op);
        linear && weightRank(linear.getWeight()) > 2)
      batchedWeightClasses.insert("Linear");
  }

  // Node submodules, in execution order; the nodes of a subgraph go into
  // its container submodule, built when first needed.
  top.usedSlots = reservedSlotNames();
  std::string rootClass = root.getClassName().drop_front(
      kGraphClassPrefix.size()).str();
  // The slots of the containers from the root down to `level`.
  auto containerSlots = [](GraphLevel *level) {
    SmallVector<std::string, 2> slots;
    for (GraphLevel *l = level; l->parent; l = l->parent)
      slots.insert(slots.begin(), l->slot);
    return slots;
  };
  // A container's class: `prefix`, the root's class, then its slot path.
  auto containerClass = [&](StringRef prefix, ArrayRef<std::string> slots) {
    std::string cls = (prefix + rootClass).str();
    for (const std::string &slot : slots)
      cls += "." + slot;
    return cls;
  };
  std::function<ts::ScriptModuleOp(GraphLevel &)> container =
      [&](GraphLevel &level) -> ts::ScriptModuleOp {
    if (level.module)
      return level.module;
    ts::ScriptModuleOp parent = container(*level.parent);
    level.slot = slotNameFor(level.name, level.parent->usedSlots);
    level.usedSlots = reservedSlotNames();
    level.module = buildContainerModule(
        b, loc, parent, level,
        containerClass(kSubgraphClassPrefix, containerSlots(&level)));
    return level.module;
  };
  // The level a node's module goes to, and its name there.
  auto levelOf = [&](Operation *op) -> std::pair<GraphLevel *, StringRef> {
    if (auto owner = nesting.owners.find(op); owner != nesting.owners.end())
      return {owner->second.first, owner->second.second};
    return {&top, cast<NodeOpInterface>(op).getNodeName()};
  };
  // TorchScript saves and loads a module in time quadratic in its number of
  // attributes (every attribute access scans them, and the printer walks
  // the whole type below every module it reads from): a level with more
  // than kLargeLevelNodes node modules keeps them in groups of kGroupSize,
  // and more than kGroupSize groups in blocks of kGroupSize, as a tree
  // (docs/Raising.md, "Large graphs").
  DenseMap<GraphLevel *, unsigned> levelSizes, levelPlaced;
  for (NodeOpInterface node : order.nodes)
    if (kinds.count(node.getOperation()))
      ++levelSizes[levelOf(node.getOperation()).first];
  // The containers made so far, by level and index path.
  std::map<std::pair<GraphLevel *, SmallVector<unsigned>>, ts::ScriptModuleOp>
      groupModules;
  // Each node's slot path from the root: containers, then its own slot.
  DenseMap<Operation *, SmallVector<std::string, 1>> slotPaths;
  for (NodeOpInterface node : order.nodes) {
    Operation *op = node.getOperation();
    auto it = kinds.find(op);
    if (it == kinds.end())
      continue;
    auto [level, localName] = levelOf(op);
    ts::ScriptModuleOp parent = container(*level);
    // The group slots from the level's container down to the node's group.
    SmallVector<std::string, 2> groupSlots;
    if (levelSizes[level] > kLargeLevelNodes) {
      unsigned group = levelPlaced[level]++ / kGroupSize;
      unsigned groups = (levelSizes[level] + kGroupSize - 1) / kGroupSize;
      // Tiers of blocks above the groups (blocks of kGroupSize groups, of
      // kGroupSize blocks, ...); `span` is the number of groups one
      // container of the current tier holds.
      unsigned tiers = 0;
      uint64_t span = 1;
      for (; span * kGroupSize < groups; span *= kGroupSize)
        ++tiers;
      SmallVector<unsigned> indexPath;
      SmallVector<std::string, 2> slots = containerSlots(level);
      for (unsigned tier = tiers + 1; tier-- > 0; span /= kGroupSize) {
        unsigned index = group / span;
        indexPath.push_back(index);
        ts::ScriptModuleOp &module = groupModules[{level, indexPath}];
        std::string name = tier == 0   ? "group" + std::to_string(index)
                           : tier == 1 ? "block" + std::to_string(index)
                                       : "block" + std::to_string(tier) +
                                             "_" + std::to_string(index);
        if (!module) {
          std::string slot = slotNameFor(name, level->usedSlots);
          slots.push_back(slot);
          module = buildGroupModule(
              b, loc, parent, slot,
              containerClass(raised::kGroupClassPrefix, slots));
        } else {
          slots.push_back(module.getSymName().str());
        }
        groupSlots.push_back(slots.back());
        parent = module;
      }
    }
    std::string slot = slotNameFor(localName, level->usedSlots);
    if (const NodeImplementation *impl = it->second.implementation) {
      NodeBuildContext context{b, graph->getParentOfType<ModuleOp>(), parent,
                               slot, stepDt, computeType};
      if (failed(impl->build(context, node)))
        return failure();
    } else if (failed(buildNodeModule(b, parent, node, slot, it->second,
                                      stepDt))) {
      return failure();
    }
    SmallVector<std::string, 1> &path = slotPaths[op];
    path.append(containerSlots(level));
    path.append(groupSlots.begin(), groupSlots.end());
    path.push_back(slot);
  }
  // A node library's modules are the user's classes, which have no
  // `nir_name`: the root records the NIR names that their slot paths do not
  // spell, for the lowering.
  {
    SmallVector<Attribute> names;
    for (NodeOpInterface node : order.nodes) {
      auto it = kinds.find(node.getOperation());
      if (it == kinds.end() || !it->second.implementation)
        continue;
      std::string path = llvm::join(slotPaths[node.getOperation()], ".");
      if (path != node.getNodeName())
        names.push_back(b.getArrayAttr({b.getStringAttr(path),
                                        b.getStringAttr(node.getNodeName())}));
    }
    if (!names.empty()) {
      b.setInsertionPointToEnd(&root.getBody().front());
      b.create<ts::AttributeOp>(
          loc, raised::kNodeNamesSlot,
          ts::DictType::get(ctx, ts::StrType::get(ctx), ts::StrType::get(ctx)),
          b.getArrayAttr(names), false);
    }
  }
  // Subgraphs without nodes of their own still get their record.
  std::function<void(GraphLevel &)> buildAll = [&](GraphLevel &level) {
    container(level);
    for (auto &child : level.children)
      buildAll(*child);
  };
  buildAll(top);

  // What raise-nir-forward needs to call each node: its slot path, its
  // step convention and states (with their NIR shapes), and for the
  // built-in neurons the coefficients their step method takes.
  for (NodeOpInterface node : order.nodes) {
    Operation *op = node.getOperation();
    auto it = kinds.find(op);
    if (it == kinds.end())
      continue;
    const NodeKind &kind = it->second;
    SmallVector<Attribute> path, states, shapes;
    for (const std::string &slot : slotPaths[op])
      path.push_back(b.getStringAttr(slot));
    SmallVector<int64_t> stateShape(shapeOf(op->getResult(0)));
    if (auto delay = dyn_cast<DelayOp>(op)) {
      // history: (batch..., the longest delay in steps, *shape).
      FailureOr<SmallVector<int64_t>> steps = computeDelaySteps(delay, stepDt);
      if (failed(steps))
        return failure(); // diagnosed when building the submodule
      int64_t depth = 0;
      for (int64_t k : *steps)
        depth = std::max(depth, k);
      stateShape.insert(stateShape.begin(), depth);
    }
    for (StringRef state : kind.stateNames) {
      states.push_back(b.getStringAttr(state));
      shapes.push_back(b.getDenseI64ArrayAttr(stateShape));
    }
    StepConvention convention =
        kind.implementation ? kind.implementation->convention
        : kind.stateNames.empty() ? StepConvention::Stateless
                                  : StepConvention::Tensors;
    op->setAttr(kSlotPathAttr, b.getArrayAttr(path));
    op->setAttr(kStepAttr,
                b.getStringAttr(stringifyStepConvention(convention)));
    op->setAttr(kStatesAttr, b.getArrayAttr(states));
    op->setAttr(kStateShapesAttr, b.getArrayAttr(shapes));
    if (!kind.implementation)
      if (unsigned count = neuronCoefficientCount(kind.className)) {
        auto it = convertedFields.find(kind.className);
        count += stepParameters(kind.className, it == convertedFields.end()
                                                    ? nullptr
                                                    : &it->second)
                     .size();
        op->setAttr(kCoefficientsAttr, b.getI64IntegerAttr(count));
      }
  }
  graph->setAttr(kRaisedRootAttr, FlatSymbolRefAttr::get(root));
  graph->setAttr(kComputeTypeAttr, TypeAttr::get(computeType));
  return success();
}

LogicalResult RaiseNIRNodes::initialize(MLIRContext *context) {
  nodeMap.reset();
  if (nodeLibraries.empty() && !userNodeMap)
    return success();
  // The libraries go on top of the C++ map, each above the ones before.
  nodeMap = std::make_shared<NodeMap>();
  if (userNodeMap)
    nodeMap->addAll(*userNodeMap);
  for (const std::string &path : nodeLibraries)
    if (failed(nodeMap->loadLibrary(path, context,
                                    FileLineColLoc::get(context, path, 0, 0))))
      return failure();
  return success();
}

void RaiseNIRNodes::runOnOperation() {
  ModuleOp module = getOperation();
  if (dtype != "float32" && dtype != "float64") {
    module.emitError() << "invalid dtype '" << dtype
                       << "': expected float32 or float64";
    return signalPassFailure();
  }
  if (reset != "value" && reset != "subtract") {
    module.emitError() << "invalid reset '" << reset
                       << "': expected value or subtract";
    return signalPassFailure();
  }
  useF64 = dtype == "float64";
  computeType = useF64 ? FloatType(Float64Type::get(&getContext()))
                       : Float32Type::get(&getContext());
  subtractReset = reset == "subtract";

  // The raised code takes its shapes from result types; an unchecked graph
  // may not have them all yet. raise-nir-record-nesting checks it before
  // inlining renames nodes; checked here too for a pipeline without it.
  bool uninferred = false;
  for (GraphOp graph : module.getOps<GraphOp>())
    if (failed(verifyShapesInferred(graph)))
      uninferred = true;
  if (uninferred)
    return signalPassFailure();

  // Nested graphs run inlined (nir-inline-subgraphs); their modules keep
  // the nesting raise-nir-record-nesting recorded.
  bool failedAny = false;
  for (GraphOp graph : llvm::make_early_inc_range(module.getOps<GraphOp>())) {
    FailureOr<Nesting> nesting = readNesting(graph);
    if (failed(nesting) || failed(raiseGraph(graph, *nesting)))
      failedAny = true;
  }
  if (failedAny)
    signalPassFailure();
}

std::unique_ptr<Pass>
mlir::nir::createRaiseNIRNodesPass(std::shared_ptr<const NodeMap> nodeMap,
                                    ArrayRef<std::string> nodeLibraries) {
  auto pass = std::make_unique<RaiseNIRNodes>(std::move(nodeMap));
  pass->setNodeLibraries(nodeLibraries);
  return pass;
}
