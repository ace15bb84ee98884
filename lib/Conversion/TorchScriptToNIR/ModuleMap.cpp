//===- ModuleMap.cpp - Module maps: class name -> node builder -------------===//

#include "nirtorch/Conversion/TorchScriptToNIR/ModuleMap.h"
#include "Common.h"

#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Verifier.h"
#include "nirtorch/Dialect/NIR/NIROps.h"
#include "nirtorch/Dialect/NIR/NIRShapes.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/GlobPattern.h"

#include <mutex>

using namespace mlir;
using namespace nirtorch;

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

Attribute lowering::foldConstant(Value value, function_ref<Value(Value)> alias,
                                 SymbolTableCollection *symbolTables) {
  while (auto arg = dyn_cast<BlockArgument>(value)) {
    Value outer = alias ? alias(value) : Value();
    if (!outer)
      return {};
    value = outer;
  }
  Operation *def = value.getDefiningOp();
  if (auto constant = dyn_cast<ts::ConstantOp>(def))
    return constant.getValue();
  if (auto list = dyn_cast<ts::ListConstructOp>(def)) {
    SmallVector<Attribute> elements;
    for (Value element : list.getElements()) {
      Attribute folded = foldConstant(element, alias, symbolTables);
      if (!folded)
        return {};
      elements.push_back(folded);
    }
    return ArrayAttr::get(value.getContext(), elements);
  }
  if (auto get = dyn_cast<ts::GetAttrOp>(def)) {
    Value object = get.getObject();
    // `self` of an inlined method resolves statically; so does a chain of
    // ts.get_attr from it.
    ts::ScriptModuleOp module = symbolTables
                                    ? ts::resolveObject(object, *symbolTables)
                                    : ts::resolveObject(object);
    if (!module)
      return {};
    ts::SlotOpInterface slot =
        symbolTables ? module.lookupSlot(get.getName(), *symbolTables)
                     : module.lookupSlot(get.getName());
    if (!slot)
      return {};
    return slot.getSlotValue();
  }
  // `keys[i]` of a constant list: a large raised graph reads its state keys
  // from the root's nir_state_keys (docs/Raising.md, "Large graphs").
  if (auto op = dyn_cast<ts::OperatorOp>(def);
      op && op.getQualifiedName() == "aten::__getitem__.t" &&
      op->getNumOperands() == 2) {
    auto list = dyn_cast_or_null<ArrayAttr>(
        foldConstant(op->getOperand(0), alias, symbolTables));
    auto index = dyn_cast_or_null<IntegerAttr>(
        foldConstant(op->getOperand(1), alias, symbolTables));
    if (!list || !index)
      return {};
    int64_t i = index.getInt(), size = list.size();
    if (i < 0)
      i += size;
    if (i < 0 || i >= size)
      return {};
    return list[i];
  }
  return {};
}

std::optional<SmallVector<int64_t>> lowering::getInts(Attribute attr,
                                                      unsigned count) {
  if (!attr)
    return std::nullopt;
  if (auto integer = dyn_cast<IntegerAttr>(attr)) {
    if (!count)
      return SmallVector<int64_t>{integer.getInt()};
    return SmallVector<int64_t>(count, integer.getInt());
  }
  auto array = dyn_cast<ArrayAttr>(attr);
  if (!array)
    return std::nullopt;
  SmallVector<int64_t> values;
  for (Attribute element : array) {
    auto integer = dyn_cast<IntegerAttr>(element);
    if (!integer)
      return std::nullopt;
    values.push_back(integer.getInt());
  }
  if (count && values.size() == 1)
    values.assign(count, values.front());
  if (count && values.size() != count)
    return std::nullopt;
  return values;
}

ElementsAttr lowering::broadcastToShape(ElementsAttr value,
                                        ArrayRef<int64_t> shape) {
  auto type = cast<ShapedType>(value.getType());
  if (type.getShape() == shape)
    return value;
  auto target = RankedTensorType::get(shape, type.getElementType());
  auto dense = dyn_cast<DenseElementsAttr>(value);
  if (dense && type.getNumElements() == 1)
    return DenseElementsAttr::get(target, dense.getSplatValue<Attribute>());
  if (type.getRank() != target.getRank() + 1 || type.getDimSize(0) != 1 ||
      type.getShape().drop_front() != shape)
    return {};
  if (dense)
    return dense.reshape(target);
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(value))
    return DenseResourceElementsAttr::get(target, resource.getRawHandle());
  return {};
}

FailureOr<lowering::NodeSpec>
lowering::convNode(Builder &b, const ConvParams &conv,
                   ArrayRef<int64_t> inputShape,
                   function_ref<InFlightDiagnostic()> emitError) {
  size_t spatial = conv.stride.size();
  if (inputShape.size() != spatial + 1)
    return emitError() << "a " << spatial
                       << "-d convolution needs an input of rank "
                       << spatial + 1 << " (C, spatial...), got rank "
                       << inputShape.size(),
           failure();
  ElementsAttr bias = conv.bias;
  if (!bias) {
    auto weightType = cast<ShapedType>(conv.weight.getType());
    bias = DenseElementsAttr::get(
        RankedTensorType::get({weightType.getDimSize(0)},
                              weightType.getElementType()),
        b.getZeroAttr(weightType.getElementType()));
  }
  // Conv1d holds single ints, Conv2d pairs.
  auto ints = [&](ArrayRef<int64_t> values) -> Attribute {
    if (spatial == 1)
      return b.getI64IntegerAttr(values[0]);
    return b.getDenseI64ArrayAttr(values);
  };
  Attribute padding = conv.paddingMode && !conv.paddingMode.getValue().empty()
                          ? Attribute(conv.paddingMode)
                          : ints(conv.padding);
  NodeSpec node{spatial == 1 ? nir::Conv1dOp::getOperationName()
                             : nir::Conv2dOp::getOperationName(),
                {}};
  node.params = {b.getNamedAttr("weight", conv.weight),
                 b.getNamedAttr("bias", bias),
                 b.getNamedAttr("padding", padding),
                 b.getNamedAttr("groups", b.getI64IntegerAttr(conv.groups)),
                 b.getNamedAttr("stride", ints(conv.stride)),
                 b.getNamedAttr("dilation", ints(conv.dilation)),
                 b.getNamedAttr("input_shape", ints(inputShape.drop_front()))};
  return node;
}

void lowering::appendEdges(SmallVectorImpl<Value> &edges, ValueRange values) {
  // A sum of n signals is a chain of n fan-ins: expand without recursion.
  SmallVector<Value> pending(llvm::reverse(values));
  while (!pending.empty()) {
    Value value = pending.pop_back_val();
    auto fanIn = value.getDefiningOp<UnrealizedConversionCastOp>();
    if (fanIn && fanIn->hasAttr(kFanInAttrName))
      llvm::append_range(pending, llvm::reverse(fanIn->getOperands()));
    else
      edges.push_back(value);
  }
}

/// Creates an op with `builder`'s insertion point but without telling its
/// listener, so that an op that fails its checks is erased before a
/// rewriter (the conversion's) has recorded it; notifyInserted() tells it
/// about an op that is kept.
static Operation *createUnnotified(OpBuilder &builder,
                                   const OperationState &state) {
  OpBuilder unnotified(builder.getContext());
  unnotified.setInsertionPoint(builder.getInsertionBlock(),
                               builder.getInsertionPoint());
  return unnotified.create(state);
}

static void notifyInserted(OpBuilder &builder, Operation *op) {
  if (OpBuilder::Listener *listener = builder.getListener())
    listener->notifyOperationInserted(op, /*previous=*/{});
}

FailureOr<Signal>
lowering::createNode(OpBuilder &builder, Location loc, StringRef opName,
                     StringRef name, const Signal &input,
                     ArrayRef<NamedAttribute> params,
                     function_ref<InFlightDiagnostic()> emitError) {
  OperationState state(loc, opName);
  state.addAttribute("name", builder.getStringAttr(name));
  state.addAttributes(params);
  SmallVector<Value> edges;
  appendEdges(edges, input.edges);
  state.addOperands(edges);
  // A placeholder result type until the shape is inferred below.
  state.addTypes(RankedTensorType::get(input.shape, builder.getF32Type()));
  Operation *op = createUnnotified(builder, state);
  auto fail = [&]() -> FailureOr<Signal> {
    op->erase();
    return failure();
  };
  if (failed(mlir::verify(op, /*verifyRecursively=*/false))) {
    emitError() << "the parameters of node '" << name << "' are not valid for '"
                << opName << "' (see above)";
    return fail();
  }
  auto node = cast<nir::NodeOpInterface>(op);
  std::optional<nir::Shape> expected = node.getParamInputShape();
  if (expected && ArrayRef<int64_t>(*expected) != ArrayRef(input.shape)) {
    InFlightDiagnostic diag = emitError();
    diag << "node '" << name << "' (" << node.getNIRTypeName()
         << ") expects input shape [";
    llvm::interleaveComma(*expected, diag);
    diag << "] but receives [";
    llvm::interleaveComma(input.shape, diag);
    diag << "]";
    return fail();
  }
  FailureOr<nir::Shape> output =
      node.inferOutputShape(input.shape, [&] { return emitError(); });
  if (failed(output))
    return fail();
  op->getResult(0).setType(
      RankedTensorType::get(*output, builder.getF32Type()));
  notifyInserted(builder, op);
  Signal result;
  result.edges.push_back(op->getResult(0));
  result.shape.assign(output->begin(), output->end());
  return result;
}

//===----------------------------------------------------------------------===//
// ModuleCall
//===----------------------------------------------------------------------===//

ts::ScriptModuleOp ModuleCall::getSubmodule(StringRef path) const {
  ts::ScriptModuleOp module = object;
  if (path.empty())
    return module;
  SmallVector<StringRef> parts;
  path.split(parts, '.');
  for (StringRef part : parts) {
    module = module.lookupSubmodule(part);
    if (!module)
      return {};
  }
  return module;
}

ModuleCall::PathValue ModuleCall::resolvePath(StringRef path) const {
  SmallVector<StringRef> parts;
  path.split(parts, '.');
  // Submodules first, then one slot or class constant, then NamedTuple
  // fields (Norse keeps its parameters in `self.p`, read as p.tau_mem_inv).
  ts::ScriptModuleOp owner = object;
  size_t index = 0;
  for (; index + 1 < parts.size(); ++index) {
    ts::ScriptModuleOp sub = owner.lookupSubmodule(parts[index]);
    if (!sub)
      break;
    owner = sub;
  }
  PathValue result;
  Operation *symbol = SymbolTable::lookupSymbolIn(owner, parts[index]);
  if (auto constant = dyn_cast_or_null<ts::ClassConstantOp>(symbol)) {
    result.value = constant.getValue();
    result.type = constant.getType();
  } else if (auto slot = dyn_cast_or_null<ts::SlotOpInterface>(symbol)) {
    result.value = slot.getSlotValue();
    result.type = slot.getSlotType();
    result.isSlot = true;
  } else {
    return {};
  }
  for (StringRef field : ArrayRef(parts).drop_front(index + 1)) {
    auto tuple = dyn_cast<ts::TupleType>(result.type);
    auto values = dyn_cast_or_null<ArrayAttr>(result.value);
    std::optional<unsigned> fieldIndex =
        tuple ? tuple.getFieldIndex(field) : std::nullopt;
    if (!fieldIndex || !values)
      return {};
    result.value = values[*fieldIndex];
    result.type = tuple.getElementTypes()[*fieldIndex];
  }
  return result;
}

ElementsAttr ModuleCall::getTensorSlot(StringRef name) const {
  PathValue found = resolvePath(name);
  if (!found.isSlot && !isa_and_nonnull<ts::TensorType>(found.type))
    return {};
  return dyn_cast_or_null<ElementsAttr>(found.value);
}

Attribute ModuleCall::getConstant(StringRef name) const {
  return resolvePath(name).value;
}

ts::OperatorOp ModuleCall::findOperator(ArrayRef<StringRef> names) const {
  ts::OperatorOp found;
  for (Operation &op : object.getBody().front()) {
    auto method = dyn_cast<ts::MethodOp>(op);
    if (!method)
      continue;
    method.walk([&](ts::OperatorOp candidate) {
      if (found)
        return WalkResult::interrupt();
      if (llvm::is_contained(names, candidate.getQualifiedName()))
        found = candidate;
      return WalkResult::advance();
    });
    if (found)
      break;
  }
  return found;
}

Attribute ModuleCall::getConstantValue(Value value) const {
  return lowering::foldConstant(value, nullptr);
}

FailureOr<Signal>
ModuleCall::createNode(StringRef opName,
                       ArrayRef<NamedAttribute> params) const {
  return lowering::createNode(builder, call->getLoc(), opName, nodeName, input,
                              params, [this] { return emitError(); });
}

SubgraphBuilder ModuleCall::createSubgraph() const {
  OperationState state(call->getLoc(), nir::SubgraphOp::getOperationName());
  state.addAttribute("name", builder.getStringAttr(nodeName));
  SmallVector<Value> edges;
  lowering::appendEdges(edges, input.edges);
  state.addOperands(edges);
  // A placeholder result type until finish() knows the output shape.
  state.addTypes(RankedTensorType::get(input.shape, builder.getF32Type()));
  state.addRegion();
  auto subgraph = cast<nir::SubgraphOp>(createUnnotified(builder, state));
  subgraph.getBody().emplaceBlock();
  return SubgraphBuilder(*this, subgraph);
}

InFlightDiagnostic ModuleCall::emitError() const {
  std::string path = object.getPath();
  return call->emitError() << "module '" << path << "' (class '"
                           << getClassName() << "'): ";
}

//===----------------------------------------------------------------------===//
// SubgraphBuilder
//===----------------------------------------------------------------------===//

SubgraphBuilder::SubgraphBuilder(const ModuleCall &call, nir::SubgraphOp op)
    : call(&call), op(op), inner(op.getContext()) {
  inner.setInsertionPointToEnd(&op.getBodyBlock());
  Type f32 = inner.getF32Type();
  auto nestedInput = inner.create<nir::InputOp>(
      op.getLoc(), RankedTensorType::get(call.getInput().shape, f32), "input",
      DictionaryAttr());
  input.edges.push_back(nestedInput.getOutput());
  input.shape = call.getInput().shape;
  names.insert("input");
  names.insert("output");
}

SubgraphBuilder::SubgraphBuilder(SubgraphBuilder &&other)
    : call(other.call), op(other.op), inner(other.inner),
      input(std::move(other.input)), names(std::move(other.names)),
      finished(other.finished) {
  // The moved-from builder must not erase the op.
  other.op = nullptr;
}

SubgraphBuilder::~SubgraphBuilder() {
  if (op && !finished)
    op->erase();
}

/// Whether `signal` is one edge produced inside `subgraph`.
static bool isInside(const Signal &signal, nir::SubgraphOp subgraph) {
  return llvm::all_of(signal.edges, [&](Value edge) {
    return edge.getParentBlock() == &subgraph.getBodyBlock();
  });
}

FailureOr<Signal> SubgraphBuilder::createNode(StringRef opName, StringRef name,
                                              const Signal &from,
                                              ArrayRef<NamedAttribute> params) {
  if (!isInside(from, op))
    return call->emitError() << "node '" << name
                             << "' of the nested graph is fed by a signal "
                                "from outside it",
           failure();
  if (!names.insert(name).second)
    return call->emitError()
               << "the nested graph already has a node named '" << name << "'",
           failure();
  return lowering::createNode(inner, call->getCall()->getLoc(), opName, name,
                              from, params,
                              [this] { return call->emitError(); });
}

LogicalResult SubgraphBuilder::connect(const Signal &from, const Signal &to) {
  Operation *node =
      to.edges.size() == 1 ? to.edges.front().getDefiningOp() : nullptr;
  if (!node || node->getBlock() != &op.getBodyBlock() ||
      isa<nir::InputOp, nir::OutputOp>(node) || !isInside(from, op))
    return call->emitError() << "connect() needs a node and a signal of the "
                                "same nested graph",
           failure();
  // The node's incoming edges all carry its input shape.
  if (node->getNumOperands() > 0) {
    auto expected = cast<ShapedType>(node->getOperand(0).getType());
    if (expected.getShape() != ArrayRef(from.shape)) {
      InFlightDiagnostic diag = call->emitError();
      diag << "cannot connect a signal of shape [";
      llvm::interleaveComma(from.shape, diag);
      diag << "] to node '"
           << node->getAttrOfType<StringAttr>("name").getValue()
           << "', whose input shape is [";
      llvm::interleaveComma(expected.getShape(), diag);
      diag << "]";
      return failure();
    }
  }
  node->insertOperands(node->getNumOperands(), from.edges);
  return success();
}

FailureOr<Signal> SubgraphBuilder::finish(const Signal &output) {
  if (!isInside(output, op))
    return call->emitError() << "the nested graph's output is a signal from "
                                "outside it",
           failure();
  Type f32 = inner.getF32Type();
  auto type = RankedTensorType::get(output.shape, f32);
  inner.create<nir::OutputOp>(op.getLoc(), type, "output", output.edges,
                              DictionaryAttr());
  op.getOutput().setType(type);
  if (failed(mlir::verify(op))) {
    call->emitError() << "the nested graph of node '" << op.getName()
                      << "' is not valid (see above)";
    return failure();
  }
  finished = true;
  notifyInserted(call->getBuilder(), op);
  Signal result;
  result.edges.push_back(op.getOutput());
  result.shape = output.shape;
  return result;
}

//===----------------------------------------------------------------------===//
// ModuleMap
//===----------------------------------------------------------------------===//

void ModuleMap::add(StringRef classPattern, ModuleBuilder builder) {
  bool isPattern = classPattern.find_first_of("*?[") != StringRef::npos;
  auto existing = llvm::find_if(
      entries, [&](const Entry &entry) { return entry.key == classPattern; });
  if (existing != entries.end()) {
    if (existing->layer == currentLayer) {
      existing->builder = std::move(builder);
      return;
    }
    entries.erase(existing);
  }
  entries.push_back({classPattern.str(), isPattern, /*markedOnly=*/false,
                     currentLayer, std::move(builder)});
}

void ModuleMap::addMarkedOnly(StringRef key, ModuleBuilder builder) {
  llvm::erase_if(entries, [&](const Entry &entry) { return entry.key == key; });
  entries.push_back({key.str(), /*isPattern=*/false, /*markedOnly=*/true,
                     currentLayer, std::move(builder)});
}

std::string nirtorch::demangleClassName(StringRef className) {
  SmallVector<StringRef> parts;
  className.split(parts, '.');
  std::string result;
  for (StringRef part : parts) {
    if (part.starts_with("___torch_mangle_"))
      continue;
    if (!result.empty())
      result += '.';
    result += part.str();
  }
  return result;
}

std::vector<ModuleMap::EntryRef> ModuleMap::getEntriesByPrecedence() const {
  std::vector<EntryRef> ordered;
  for (unsigned layer = currentLayer + 1; layer-- > 0;) {
    for (bool patterns : {false, true})
      for (const Entry &entry : entries)
        if (entry.layer == layer && entry.isPattern == patterns &&
            !entry.markedOnly)
          ordered.push_back({entry.key, entry.isPattern, entry.layer});
  }
  return ordered;
}

void ModuleMap::addPDLPatterns(StringRef name, std::string source) {
  pdlPatterns.push_back({name.str(), std::move(source), currentLayer});
}

/// ModuleMap::matches for a class name already demangled.
static bool matchesDemangled(const ModuleMap::EntryRef &entry,
                             StringRef className) {
  if (!entry.isPattern)
    return entry.key == className;
  llvm::Expected<llvm::GlobPattern> pattern =
      llvm::GlobPattern::create(entry.key);
  if (!pattern) {
    llvm::consumeError(pattern.takeError());
    return false;
  }
  return pattern->match(className);
}

bool ModuleMap::matches(const EntryRef &entry, StringRef mangled) {
  return matchesDemangled(entry, demangleClassName(mangled));
}

std::optional<StringRef> ModuleMap::lookupEntryKey(StringRef mangled) const {
  std::string className = demangleClassName(mangled);
  for (const EntryRef &entry : getEntriesByPrecedence())
    if (matchesDemangled(entry, className))
      return entry.key;
  return std::nullopt;
}

const ModuleBuilder *ModuleMap::lookup(StringRef mangled) const {
  std::optional<StringRef> key = lookupEntryKey(mangled);
  return key ? lookupKey(*key) : nullptr;
}

const ModuleBuilder *ModuleMap::lookupKey(StringRef key) const {
  for (const Entry &entry : entries)
    if (entry.key == key)
      return &entry.builder;
  return nullptr;
}

std::vector<std::string> ModuleMap::keys() const {
  std::vector<std::string> result;
  for (const Entry &entry : entries)
    if (!entry.markedOnly)
      result.push_back(entry.key);
  for (const PDLPatterns &patterns : pdlPatterns)
    result.push_back("the PDL patterns of '" + patterns.name + "'");
  return result;
}

/// The registered module maps. Plugins register while they are loaded,
/// before any pass runs; the lock keeps concurrent registrations safe.
static std::mutex registryMutex;
static llvm::StringMap<ModuleMapRegistration> &getRegistry() {
  static llvm::StringMap<ModuleMapRegistration> registry;
  return registry;
}

void nirtorch::registerModuleMap(StringRef name,
                                 ModuleMapRegistration registration) {
  std::lock_guard<std::mutex> lock(registryMutex);
  getRegistry()[name] = std::move(registration);
}

std::vector<std::string> nirtorch::getRegisteredModuleMapNames() {
  std::lock_guard<std::mutex> lock(registryMutex);
  std::vector<std::string> names;
  for (const auto &entry : getRegistry())
    names.push_back(entry.getKey().str());
  llvm::sort(names);
  return names;
}

LogicalResult nirtorch::addRegisteredModuleMap(StringRef name,
                                               ModuleMap &map) {
  ModuleMapRegistration registration;
  {
    std::lock_guard<std::mutex> lock(registryMutex);
    auto it = getRegistry().find(name);
    if (it == getRegistry().end())
      return failure();
    registration = it->second;
  }
  map.beginLayer();
  registration(map);
  return success();
}
