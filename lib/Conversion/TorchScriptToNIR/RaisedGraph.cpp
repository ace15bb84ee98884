//===- RaisedGraph.cpp - Graph records of raised modules ------------------===//
//
// The records (docs/Raising.md, "What the module records"): the root and
// every subgraph container hold `nir_nodes`, the nodes of their graph level
// in block order, each followed by the sources of its incoming edges. The
// flat graph the lowering builds is what inlining that nesting gives; the
// records are checked against it before it is re-nested, so a module whose
// code no longer matches them keeps its flat graph.
//
//===----------------------------------------------------------------------===//

#include "RaisedGraph.h"

#include "nirtorch/Conversion/RaisedClasses.h"
#include "nirtorch/Dialect/NIR/EdgeOrder.h"
#include "nirtorch/Dialect/NIR/NIRMetadata.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

using namespace mlir;
using namespace nirtorch;

namespace {

/// One graph level as the raised module records it.
struct Level {
  /// Ops are handles; `mutable` lets const walks ask them for locations.
  mutable ts::ScriptModuleOp module;
  Level *parent = nullptr;
  /// The subgraph node's name; empty for the top graph.
  std::string name;
  /// The prefix of its nodes' names in the flat graph ("rnn.").
  std::string prefix;
  DictionaryAttr metadata;
  /// The recorded `nir.edge_order`, or null.
  ArrayAttr edgeOrder;
  std::string inputName, outputName;
  SmallVector<int64_t> inputShape, outputShape;
  SmallVector<SmallVector<std::string>> nodes;
  llvm::StringMap<std::unique_ptr<Level>> children;

  const SmallVector<std::string> *findEntry(StringRef node) const {
    for (const SmallVector<std::string> &entry : nodes)
      if (entry.front() == node)
        return &entry;
    return nullptr;
  }
  bool isPort(StringRef node) const {
    return parent && (node == inputName || node == outputName);
  }
};

Attribute slotValue(ts::ScriptModuleOp module, StringRef name) {
  auto slot = dyn_cast_or_null<ts::AttributeOp>(
      SymbolTable::lookupSymbolIn(module, name));
  return slot ? slot.getSlotValue() : Attribute();
}

/// The `nir_edge_order` record of a graph level, in the form the verifier
/// accepts on the graph (edge_order_c1), or null.
ArrayAttr edgeOrderSlot(ts::ScriptModuleOp module) {
  Attribute edgeOrder = slotValue(module, raised::kEdgeOrderSlot);
  return nir::isEdgeOrderRecord(edgeOrder) ? cast<ArrayAttr>(edgeOrder)
                                           : ArrayAttr();
}

std::optional<std::string> stringSlot(ts::ScriptModuleOp module,
                                      StringRef name) {
  if (auto str = dyn_cast_or_null<StringAttr>(slotValue(module, name)))
    return str.str();
  return std::nullopt;
}

std::optional<SmallVector<int64_t>> intListSlot(ts::ScriptModuleOp module,
                                                StringRef name) {
  auto array = dyn_cast_or_null<ArrayAttr>(slotValue(module, name));
  if (!array)
    return std::nullopt;
  SmallVector<int64_t> values;
  for (Attribute element : array) {
    auto value = dyn_cast<IntegerAttr>(element);
    if (!value)
      return std::nullopt;
    values.push_back(value.getInt());
  }
  return values;
}

/// A list of string lists (`nir_nodes`), or a dict of str to str as
/// [key, value] pairs (`nir_port_metadata`).
std::optional<SmallVector<SmallVector<std::string>>>
stringTableSlot(ts::ScriptModuleOp module, StringRef name) {
  auto rows = dyn_cast_or_null<ArrayAttr>(slotValue(module, name));
  if (!rows)
    return std::nullopt;
  SmallVector<SmallVector<std::string>> table;
  for (Attribute row : rows) {
    std::optional<SmallVector<std::string>> cells =
        raised::readStringList(row);
    if (!cells || cells->empty())
      return std::nullopt;
    table.push_back(std::move(*cells));
  }
  return table;
}

FailureOr<DictionaryAttr> parseMetadataSlot(ts::ScriptModuleOp module,
                                            StringRef text, StringRef what) {
  return nir::parseMetadata(text, module.getContext(), [&] {
    return module.emitError()
           << "module '" << module.getPath() << "' (class '"
           << module.getClassName() << "'): " << what << " ";
  });
}

/// Reads the records of `level.module` and its containers. Returns why they
/// are incomplete, or "" when they are whole; fails on unparsable metadata.
FailureOr<std::string> readLevel(Level &level) {
  ts::ScriptModuleOp module = level.module;
  std::string where = "module '" + module.getPath() + "': ";
  auto nodes = stringTableSlot(module, raised::kNodesSlot);
  if (!nodes)
    return where + "no nir_nodes list";
  level.nodes = std::move(*nodes);
  if (level.parent) {
    auto name = stringSlot(module, raised::kNameSlot);
    auto metadata = stringSlot(module, raised::kMetadataSlot);
    auto inputName = stringSlot(module, raised::kInputSlot);
    auto outputName = stringSlot(module, raised::kOutputSlot);
    auto inputShape = intListSlot(module, raised::kInputShapeSlot);
    auto outputShape = intListSlot(module, raised::kOutputShapeSlot);
    if (!name || !metadata || !inputName || !outputName || !inputShape ||
        !outputShape)
      return where + "incomplete subgraph record";
    level.name = *name;
    level.prefix = level.parent->prefix + *name + ".";
    FailureOr<DictionaryAttr> parsed =
        parseMetadataSlot(module, *metadata, raised::kMetadataSlot);
    if (failed(parsed))
      return failure();
    level.metadata = *parsed;
    level.edgeOrder = edgeOrderSlot(module);
    level.inputName = *inputName;
    level.outputName = *outputName;
    level.inputShape = std::move(*inputShape);
    level.outputShape = std::move(*outputShape);
  }
  for (auto child : module.getBody().front().getOps<ts::ScriptModuleOp>()) {
    if (!child.getClassName().starts_with(raised::kSubgraphClassPrefix))
      continue;
    auto level_ = std::make_unique<Level>();
    level_->module = child;
    level_->parent = &level;
    FailureOr<std::string> problem = readLevel(*level_);
    if (failed(problem) || !problem->empty())
      return problem;
    std::string name = level_->name;
    if (!level.children.try_emplace(name, std::move(level_)).second)
      return where + "two subgraphs named '" + name + "'";
  }
  return std::string();
}

/// Appends to `out` the flat nodes whose edges an edge from `source` at
/// `level` stands for once the nesting is inlined: the subgraph's own
/// sources for its Input, the sources of a child's Output for the child.
/// Fails on records that name a missing node or loop without a node.
LogicalResult expandSource(const Level &level, StringRef source,
                           SmallVectorImpl<std::string> &out, unsigned depth) {
  if (depth > 1024)
    return failure();
  if (level.parent && source == level.inputName) {
    const SmallVector<std::string> *entry =
        level.parent->findEntry(level.name);
    if (!entry)
      return failure();
    for (StringRef from : ArrayRef(*entry).drop_front())
      if (failed(expandSource(*level.parent, from, out, depth + 1)))
        return failure();
    return success();
  }
  if (auto child = level.children.find(source); child != level.children.end()) {
    const Level &inner = *child->second;
    const SmallVector<std::string> *entry = inner.findEntry(inner.outputName);
    if (!entry)
      return failure();
    for (StringRef from : ArrayRef(*entry).drop_front())
      if (failed(expandSource(inner, from, out, depth + 1)))
        return failure();
    return success();
  }
  out.push_back(level.prefix + source.str());
  return success();
}

/// Whether inlining the recorded nesting gives `flat` (the same nodes, each
/// with the same incoming edges in the same order); claims the flat nodes.
std::string checkAgainstFlat(const Level &level,
                             const llvm::StringMap<Operation *> &flat,
                             llvm::StringSet<> &claimed) {
  for (const SmallVector<std::string> &entry : level.nodes) {
    StringRef name = entry.front();
    if (level.isPort(name) || level.children.count(name))
      continue;
    std::string flatName = level.prefix + name.str();
    Operation *op = flat.lookup(flatName);
    if (!op)
      return "it records node '" + flatName + "', which forward does not run";
    if (!claimed.insert(flatName).second)
      return "it records node '" + flatName + "' twice";
    SmallVector<std::string> expected;
    for (StringRef source : ArrayRef(entry).drop_front())
      if (failed(expandSource(level, source, expected, 0)))
        return "its edges into '" + flatName + "' name no node";
    SmallVector<std::string> actual;
    for (Value edge : op->getOperands())
      actual.push_back(
          cast<nir::NodeOpInterface>(edge.getDefiningOp()).getNodeName().str());
    if (expected != actual)
      return "the edges into node '" + flatName + "' differ from forward's";
  }
  for (const auto &child : level.children) {
    std::string problem = checkAgainstFlat(*child.second, flat, claimed);
    if (!problem.empty())
      return problem;
  }
  return "";
}

RankedTensorType signalType(MLIRContext *context, ArrayRef<int64_t> shape) {
  return RankedTensorType::get(shape, Float32Type::get(context));
}

/// Rebuilds `level` in `block`: its nodes in recorded order (flat nodes
/// moved in and given their local names, ports and subgraphs made anew),
/// then its edges.
void rebuildLevel(const Level &level, Block &block,
                  const llvm::StringMap<Operation *> &flat) {
  MLIRContext *context = block.getParentOp()->getContext();
  OpBuilder b(context);
  b.setInsertionPointToEnd(&block);
  Location loc = level.module.getLoc();
  llvm::StringMap<Operation *> local;
  for (const SmallVector<std::string> &entry : level.nodes) {
    StringRef name = entry.front();
    Operation *op;
    if (level.parent && name == level.inputName) {
      op = b.create<nir::InputOp>(loc, signalType(context, level.inputShape),
                                  name, DictionaryAttr());
    } else if (level.parent && name == level.outputName) {
      op = b.create<nir::OutputOp>(loc, signalType(context, level.outputShape),
                                   name, ValueRange(), DictionaryAttr());
    } else if (auto child = level.children.find(name);
               child != level.children.end()) {
      const Level &inner = *child->second;
      OperationState state(inner.module.getLoc(),
                           nir::SubgraphOp::getOperationName());
      state.addAttribute("name", b.getStringAttr(name));
      if (inner.metadata)
        state.addAttribute("metadata", inner.metadata);
      if (inner.edgeOrder)
        state.addAttribute(nir::kEdgeOrderAttrName, inner.edgeOrder);
      state.addTypes(signalType(context, inner.outputShape));
      state.addRegion()->emplaceBlock();
      op = b.create(state);
      rebuildLevel(inner, op->getRegion(0).front(), flat);
    } else {
      op = flat.lookup(level.prefix + name.str());
      op->moveBefore(&block, block.end());
      if (level.parent)
        op->setAttr("name", b.getStringAttr(name));
    }
    local[name] = op;
  }
  for (const SmallVector<std::string> &entry : level.nodes) {
    SmallVector<Value> edges;
    for (StringRef source : ArrayRef(entry).drop_front())
      edges.push_back(local.lookup(source)->getResult(0));
    local.lookup(entry.front())->setOperands(edges);
  }
}

/// Sets the recorded metadata of the Input and Output nodes of `level`.
LogicalResult restorePortMetadata(ts::ScriptModuleOp module, Block &block) {
  auto table = stringTableSlot(module, raised::kPortMetadataSlot);
  if (!table)
    return success();
  for (const SmallVector<std::string> &row : *table) {
    if (row.size() != 2)
      continue;
    FailureOr<DictionaryAttr> metadata =
        parseMetadataSlot(module, row[1], raised::kPortMetadataSlot);
    if (failed(metadata))
      return failure();
    for (Operation &op : block)
      if (isa<nir::InputOp, nir::OutputOp>(op) &&
          cast<nir::NodeOpInterface>(op).getNodeName() == row[0] && *metadata)
        op.setAttr("metadata", *metadata);
  }
  return success();
}

LogicalResult restorePortMetadataBelow(const Level &level, Block &block) {
  if (failed(restorePortMetadata(level.module, block)))
    return failure();
  for (Operation &op : block)
    if (auto subgraph = dyn_cast<nir::SubgraphOp>(op))
      if (auto child = level.children.find(subgraph.getName());
          child != level.children.end() &&
          failed(restorePortMetadataBelow(*child->second,
                                          subgraph.getBodyBlock())))
        return failure();
  return success();
}

/// The declared shapes of the Output nodes (`nir_output_shapes`, in
/// `nir_outputs` order). A declared shape other than the received one comes
/// from a graph read without type checking, and makes this one unchecked too.
void restoreOutputShapes(ts::ScriptModuleOp root, nir::GraphOp graph) {
  auto shapes =
      dyn_cast_or_null<ArrayAttr>(slotValue(root, raised::kOutputShapesSlot));
  auto namesAttr = dyn_cast_or_null<ArrayAttr>(slotValue(root, raised::kOutputsSlot));
  if (!shapes || !namesAttr || shapes.size() != namesAttr.size())
    return;
  for (auto [nameAttr, shapeAttr] : llvm::zip(namesAttr, shapes)) {
    auto name = dyn_cast<StringAttr>(nameAttr);
    auto dims = dyn_cast<ArrayAttr>(shapeAttr);
    if (!name || !dims)
      continue;
    SmallVector<int64_t> shape;
    for (Attribute dim : dims)
      if (auto value = dyn_cast<IntegerAttr>(dim))
        shape.push_back(value.getInt());
    for (auto output : graph.getBodyBlock().getOps<nir::OutputOp>()) {
      if (output.getName() != name.getValue() ||
          cast<ShapedType>(output.getResult().getType()).getShape() ==
              ArrayRef<int64_t>(shape))
        continue;
      output.getResult().setType(signalType(graph.getContext(), shape));
      graph.setUnchecked(true);
    }
  }
}

} // namespace

LogicalResult nirtorch::restoreRaisedGraph(ts::ScriptModuleOp root,
                                           nir::GraphOp graph) {
  if (auto text = stringSlot(root, raised::kMetadataSlot)) {
    FailureOr<DictionaryAttr> metadata =
        parseMetadataSlot(root, *text, raised::kMetadataSlot);
    if (failed(metadata))
      return failure();
    if (*metadata)
      graph.setMetadataAttr(*metadata);
  }
  restoreOutputShapes(root, graph);
  if (ArrayAttr edgeOrder = edgeOrderSlot(root))
    graph->setAttr(nir::kEdgeOrderAttrName, edgeOrder);
  Block &body = graph.getBodyBlock();
  Level top;
  top.module = root;
  if (!slotValue(root, raised::kNodesSlot))
    return restorePortMetadata(root, body);

  FailureOr<std::string> problem = readLevel(top);
  if (failed(problem))
    return failure();
  llvm::StringMap<Operation *> flat;
  for (Operation &op : body)
    if (auto node = dyn_cast<nir::NodeOpInterface>(op))
      flat[node.getNodeName()] = &op;
  if (problem->empty()) {
    llvm::StringSet<> claimed;
    *problem = checkAgainstFlat(top, flat, claimed);
    if (problem->empty() && claimed.size() != flat.size())
      *problem = "forward runs nodes it does not record";
  }
  if (!problem->empty()) {
    root.emitWarning() << "the subgraphs recorded by '"
                       << root.getClassName()
                       << "' are not restored (the graph stays inlined): "
                       << *problem;
    return restorePortMetadata(root, body);
  }
  rebuildLevel(top, body, flat);
  return restorePortMetadataBelow(top, body);
}
