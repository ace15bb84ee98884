//===- Nesting.cpp - The nesting of a graph before inlining ---------------===//

#include "Nesting.h"

#include "nirtorch/Conversion/RaisedClasses.h"
#include "nirtorch/Dialect/NIR/EdgeOrder.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/StringMap.h"

using namespace mlir;
using namespace mlir::nir;
using namespace mlir::nir::raising;

static void collectLevel(Block &block, GraphLevel &level, Nesting &nesting) {
  for (Operation &op : block) {
    auto node = dyn_cast<NodeOpInterface>(&op);
    if (!node)
      continue;
    SmallVector<std::string> entry{node.getNodeName().str()};
    for (Value edge : op.getOperands())
      entry.push_back(
          cast<NodeOpInterface>(edge.getDefiningOp()).getNodeName().str());
    level.nodes.push_back(std::move(entry));
    if (isa<InputOp, OutputOp>(op) && node.getNodeMetadata() &&
        !node.getNodeMetadata().empty())
      level.portMetadata.push_back(
          {node.getNodeName().str(), node.getNodeMetadata()});
    if (level.parent && !isa<InputOp, OutputOp, SubgraphOp>(op))
      nesting.owners[&op] = {&level, node.getNodeName().str()};
    auto subgraph = dyn_cast<SubgraphOp>(op);
    if (!subgraph)
      continue;
    auto child = std::make_unique<GraphLevel>();
    child->name = subgraph.getName().str();
    child->metadata = subgraph.getMetadataAttr();
    child->edgeOrder = subgraph->getAttrOfType<ArrayAttr>(kEdgeOrderAttrName);
    child->parent = &level;
    Block &body = subgraph.getBodyBlock();
    for (auto input : body.getOps<InputOp>()) {
      child->inputName = input.getName().str();
      child->inputShape = SmallVector<int64_t>(
          cast<ShapedType>(input.getType()).getShape());
    }
    for (auto output : body.getOps<OutputOp>()) {
      child->outputName = output.getName().str();
      child->outputShape = SmallVector<int64_t>(
          cast<ShapedType>(output.getResult().getType()).getShape());
    }
    collectLevel(body, *child, nesting);
    level.children.push_back(std::move(child));
  }
}

Nesting raising::collectNesting(GraphOp graph) {
  Nesting nesting;
  nesting.top->metadata = graph.getMetadataAttr();
  nesting.top->edgeOrder = graph->getAttrOfType<ArrayAttr>(kEdgeOrderAttrName);
  collectLevel(graph.getBodyBlock(), *nesting.top, nesting);
  return nesting;
}

static DictionaryAttr encodeLevel(const GraphLevel &level, Builder &b) {
  auto strings = [&](ArrayRef<std::string> values) {
    SmallVector<Attribute> attrs;
    for (const std::string &v : values)
      attrs.push_back(b.getStringAttr(v));
    return b.getArrayAttr(attrs);
  };
  SmallVector<Attribute> nodes, ports, children;
  for (const SmallVector<std::string> &entry : level.nodes)
    nodes.push_back(strings(entry));
  for (auto &[name, metadata] : level.portMetadata)
    ports.push_back(b.getArrayAttr({b.getStringAttr(name), metadata}));
  for (const auto &child : level.children)
    children.push_back(encodeLevel(*child, b));
  SmallVector<NamedAttribute> fields{
      b.getNamedAttr("nodes", b.getArrayAttr(nodes)),
      b.getNamedAttr("ports", b.getArrayAttr(ports)),
      b.getNamedAttr("subgraphs", b.getArrayAttr(children))};
  if (level.metadata)
    fields.push_back(b.getNamedAttr("metadata", level.metadata));
  if (level.edgeOrder)
    fields.push_back(b.getNamedAttr("edge_order", level.edgeOrder));
  if (level.parent) {
    fields.push_back(b.getNamedAttr("name", b.getStringAttr(level.name)));
    fields.push_back(
        b.getNamedAttr("input", b.getStringAttr(level.inputName)));
    fields.push_back(
        b.getNamedAttr("output", b.getStringAttr(level.outputName)));
    fields.push_back(b.getNamedAttr("input_shape",
                                    b.getDenseI64ArrayAttr(level.inputShape)));
    fields.push_back(b.getNamedAttr(
        "output_shape", b.getDenseI64ArrayAttr(level.outputShape)));
  }
  return b.getDictionaryAttr(fields);
}

DictionaryAttr raising::encodeNesting(const Nesting &nesting,
                                      MLIRContext *context) {
  Builder b(context);
  return encodeLevel(*nesting.top, b);
}

namespace {
/// Reads levels back, finding the nodes of subgraphs in the flat graph.
struct Decoder {
  GraphOp graph;
  Nesting &nesting;
  llvm::StringMap<Operation *> flat;

  InFlightDiagnostic error() {
    return graph.emitError()
           << "cannot raise graph '" << graph.getSymName() << "': its "
           << kNestingAttrName << " ";
  }

  LogicalResult decode(DictionaryAttr dict, GraphLevel &level,
                       StringRef prefix) {
    auto nodes = dyn_cast_or_null<ArrayAttr>(dict.get("nodes"));
    auto ports = dyn_cast_or_null<ArrayAttr>(dict.get("ports"));
    auto children = dyn_cast_or_null<ArrayAttr>(dict.get("subgraphs"));
    if (!nodes || !ports || !children)
      return error() << "needs 'nodes', 'ports' and 'subgraphs' lists";
    if (Attribute metadata = dict.get("metadata")) {
      level.metadata = dyn_cast<DictionaryAttr>(metadata);
      if (!level.metadata)
        return error() << "has a 'metadata' that is not a dictionary";
    }
    if (Attribute edgeOrder = dict.get("edge_order")) {
      level.edgeOrder = dyn_cast<ArrayAttr>(edgeOrder);
      if (!level.edgeOrder)
        return error() << "has an 'edge_order' that is not a list";
    }
    for (Attribute entry : nodes) {
      std::optional<SmallVector<std::string>> names =
          nirtorch::raised::readStringList(entry);
      if (!names || names->empty())
        return error() << "has a node entry that is not a list of names";
      level.nodes.push_back(std::move(*names));
    }
    for (Attribute entry : ports) {
      auto pair = dyn_cast<ArrayAttr>(entry);
      auto name = pair && pair.size() == 2 ? dyn_cast<StringAttr>(pair[0])
                                           : StringAttr();
      auto metadata = name ? dyn_cast<DictionaryAttr>(pair[1])
                           : DictionaryAttr();
      if (!metadata)
        return error() << "has a port entry that is not [name, metadata]";
      level.portMetadata.push_back({name.str(), metadata});
    }
    llvm::StringSet<> childNames;
    for (Attribute entry : children) {
      auto child = dyn_cast<DictionaryAttr>(entry);
      if (!child)
        return error() << "has a subgraph that is not a dictionary";
      auto name = dyn_cast_or_null<StringAttr>(child.get("name"));
      auto input = dyn_cast_or_null<StringAttr>(child.get("input"));
      auto output = dyn_cast_or_null<StringAttr>(child.get("output"));
      auto inputShape =
          dyn_cast_or_null<DenseI64ArrayAttr>(child.get("input_shape"));
      auto outputShape =
          dyn_cast_or_null<DenseI64ArrayAttr>(child.get("output_shape"));
      if (!name || !input || !output || !inputShape || !outputShape)
        return error() << "has a subgraph without 'name', 'input', 'output', "
                          "'input_shape' or 'output_shape'";
      auto sub = std::make_unique<GraphLevel>();
      sub->name = name.str();
      sub->inputName = input.str();
      sub->outputName = output.str();
      sub->inputShape.assign(inputShape.asArrayRef().begin(),
                             inputShape.asArrayRef().end());
      sub->outputShape.assign(outputShape.asArrayRef().begin(),
                              outputShape.asArrayRef().end());
      sub->parent = &level;
      childNames.insert(sub->name);
      if (failed(decode(child, *sub, (prefix + sub->name + ".").str())))
        return failure();
      level.children.push_back(std::move(sub));
    }
    if (!level.parent)
      return success();
    // The nodes of a subgraph are in the flat graph under their inlined
    // names.
    for (const SmallVector<std::string> &entry : level.nodes) {
      StringRef local = entry.front();
      if (local == level.inputName || local == level.outputName ||
          childNames.contains(local))
        continue;
      std::string inlined = (prefix + local).str();
      Operation *op = flat.lookup(inlined);
      if (!op)
        return error() << "names node '" << inlined
                       << "', which the graph does not have (was it changed "
                          "after raise-nir-record-nesting?)";
      nesting.owners[op] = {&level, local.str()};
    }
    return success();
  }
};
} // namespace

FailureOr<Nesting> raising::readNesting(GraphOp graph) {
  auto record = graph->getAttrOfType<DictionaryAttr>(kNestingAttrName);
  if (!record) {
    if (graph->hasAttr(kNestingAttrName))
      return graph.emitError() << "cannot raise graph '" << graph.getSymName()
                               << "': its " << kNestingAttrName
                               << " is not a dictionary";
    return collectNesting(graph);
  }
  Nesting nesting;
  Decoder decoder{graph, nesting, {}};
  for (auto node : graph.getBodyBlock().getOps<NodeOpInterface>())
    decoder.flat[node.getNodeName()] = node;
  if (failed(decoder.decode(record, *nesting.top, "")))
    return failure();
  // The graph's own metadata and edge order are the graph's, as they are
  // now.
  nesting.top->metadata = graph.getMetadataAttr();
  nesting.top->edgeOrder = graph->getAttrOfType<ArrayAttr>(kEdgeOrderAttrName);
  return nesting;
}
