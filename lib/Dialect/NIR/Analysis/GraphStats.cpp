//===- GraphStats.cpp - What a NIR graph costs ----------------------------===//

#include "nirtorch/Dialect/NIR/GraphStats.h"

#include "nirtorch/Dialect/NIR/Discretization.h"

#include "nirtorch/Dialect/NIR/ExecutionOrder.h"
#include "nirtorch/Dialect/NIR/NIRParams.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>

using namespace mlir;
using namespace mlir::nir;

void StatsTotals::add(const StatsTotals &other) {
  neurons += other.neurons;
  if (synapses && other.synapses)
    *synapses += *other.synapses;
  else
    synapses = std::nullopt;
  parameters += other.parameters;
  bytes += other.bytes;
}

namespace {

/// The bytes of one element in memory: whole bytes, a bool (i1) one.
uint64_t getElementBytes(Type type) {
  return llvm::divideCeil(type.getIntOrFloatBitWidth(), 8);
}

/// The weight of a synapse node, or null for other nodes.
ElementsAttr getSynapseWeight(Operation *op) {
  return llvm::TypeSwitch<Operation *, ElementsAttr>(op)
      .Case<AffineOp, LinearOp, Conv1dOp, Conv2dOp>(
          [](auto synapse) { return synapse.getWeight(); })
      .Default([](Operation *) { return nullptr; });
}

/// Why the values of `weight` could not be read.
std::string describeUnreadable(ElementsAttr weight) {
  auto resource = dyn_cast<DenseResourceElementsAttr>(weight);
  if (!resource)
    return "the values of its weight cannot be read";
  std::string reason;
  llvm::raw_string_ostream os(reason);
  os << "the data of resource '" << resource.getRawHandle().getKey() << "' ";
  if (AsmResourceBlob *blob = resource.getRawHandle().getBlob())
    os << "holds " << blob->getData().size() << " bytes, fewer than its type "
       << weight.getShapedType() << " needs";
  else
    os << "is not available";
  return reason;
}

template <typename Word>
uint64_t countNonZeroWords(ArrayRef<char> data, uint64_t count, Word mask) {
  uint64_t nonZero = 0;
  for (uint64_t i = 0; i < count; ++i) {
    Word word;
    std::memcpy(&word, data.data() + i * sizeof(Word), sizeof(Word));
    nonZero += (word & mask) != 0;
  }
  return nonZero;
}

/// The non-zero elements of `weight`, or failure when its values cannot be
/// read. A float is zero when it compares equal to 0.0 (so -0.0 is zero and
/// NaN is not).
FailureOr<uint64_t> countNonZero(ElementsAttr weight) {
  ShapedType type = weight.getShapedType();
  Type elt = type.getElementType();
  uint64_t count = type.getNumElements();
  // Fast path for the bytes of large weights (a model's weights can run to
  // hundreds of millions of elements): for an IEEE float, an element is zero
  // exactly when all its bits but the sign are; for an integer of a machine
  // width, when all are.
  bool ieeeFloat = elt.isF16() || elt.isBF16() || elt.isF32() || elt.isF64();
  unsigned width = elt.getIntOrFloatBitWidth();
  bool machineInt =
      elt.isInteger() && llvm::is_contained({8u, 16u, 32u, 64u}, width);
  ArrayRef<char> data;
  if (ieeeFloat || machineInt) {
    if (auto resource = dyn_cast<DenseResourceElementsAttr>(weight)) {
      if (AsmResourceBlob *blob = resource.getRawHandle().getBlob())
        data = blob->getData();
    } else if (auto dense = dyn_cast<DenseIntOrFPElementsAttr>(weight)) {
      if (!dense.isSplat())
        data = dense.getRawData();
    }
  }
  if (!data.empty() && data.size() >= count * (width / 8)) {
    uint64_t mask = ~uint64_t(0) >> (64 - width);
    if (ieeeFloat)
      mask >>= 1;
    switch (width) {
    case 8:
      return countNonZeroWords<uint8_t>(data, count, mask);
    case 16:
      return countNonZeroWords<uint16_t>(data, count, mask);
    case 32:
      return countNonZeroWords<uint32_t>(data, count, mask);
    default:
      return countNonZeroWords<uint64_t>(data, count, mask);
    }
  }
  uint64_t nonZero = 0;
  if (failed(forEachParamValue(
          weight, [&](int64_t, double value) { nonZero += value != 0.0; })))
    return failure();
  return nonZero;
}

/// The counts of a node other than a subgraph.
NodeStats computeNodeStats(NodeOpInterface node) {
  NodeStats stats;
  stats.node = node;
  Operation *op = node;
  stats.fanIn = op->getNumOperands();
  stats.fanOut = llvm::range_size(op->getResult(0).getUses());

  if (isa<IOp, IFOp, LIOp, LIFOp, CubaLIOp, CubaLIFOp>(op))
    stats.counts.neurons =
        cast<ShapedType>(op->getResult(0).getType()).getNumElements();

  if (ElementsAttr weight = getSynapseWeight(op)) {
    FailureOr<uint64_t> nonZero = countNonZero(weight);
    if (succeeded(nonZero)) {
      stats.counts.synapses = *nonZero;
    } else {
      stats.counts.synapses = std::nullopt;
      stats.unknownReason = describeUnreadable(weight);
    }
  }

  // Parameters are the node's elements attributes (NIR_ParamAttr); the
  // integer hyperparameters (stride, groups, ...) are structure, not data,
  // and what nir-discretize derives from the parameters is not counted.
  StringRef nirType = cast<NodeOpInterface>(op).getNIRTypeName();
  for (StringAttr name : op->getName().getAttributeNames()) {
    if (isDiscretizationAttr(nirType, name.getValue()))
      continue;
    std::optional<Attribute> attr = op->getInherentAttr(name);
    auto elements = dyn_cast_if_present<ElementsAttr>(attr.value_or(nullptr));
    if (!elements)
      continue;
    ShapedType type = elements.getShapedType();
    stats.counts.parameters += type.getNumElements();
    stats.counts.bytes +=
        type.getNumElements() * getElementBytes(type.getElementType());
  }
  return stats;
}

/// The longest chain of non-delayed edges from an Input to an Output, found
/// in schedule order (which is topological without the delayed edges).
SmallVector<NodeOpInterface> findLongestPath(const ExecutionOrder &order) {
  // Nodes on the chain ending at a node; 0 when no Input reaches it.
  DenseMap<Operation *, unsigned> length;
  DenseMap<Operation *, NodeOpInterface> previous;
  NodeOpInterface end;
  for (NodeOpInterface node : order.nodes) {
    unsigned best = 0;
    if (isa<InputOp>(node)) {
      best = 1;
    } else {
      for (OpOperand &edge : node->getOpOperands()) {
        if (order.isDelayed(edge))
          continue;
        auto source = edge.get().getDefiningOp<NodeOpInterface>();
        unsigned through = source ? length.lookup(source) : 0;
        if (through != 0 && through + 1 > best) {
          best = through + 1;
          previous[node] = source;
        }
      }
    }
    length[node] = best;
    if (isa<OutputOp>(node) && best > (end ? length[end] : 0))
      end = node;
  }
  SmallVector<NodeOpInterface> path;
  for (NodeOpInterface node = end; node; node = previous.lookup(node))
    path.push_back(node);
  std::reverse(path.begin(), path.end());
  return path;
}

} // namespace

GraphStats::GraphStats(Operation *graph) : graph(graph) {
  Block &body = isa<GraphOp>(graph) ? cast<GraphOp>(graph).getBodyBlock()
                                    : cast<SubgraphOp>(graph).getBodyBlock();
  for (auto node : body.getOps<NodeOpInterface>()) {
    ++totalNodes;
    totalEdges += node->getNumOperands();
    if (auto subgraph = dyn_cast<SubgraphOp>(node.getOperation())) {
      NodeStats stats;
      stats.node = node;
      stats.fanIn = subgraph->getNumOperands();
      stats.fanOut = llvm::range_size(subgraph.getOutput().getUses());
      stats.subgraph = subgraphs.size();
      subgraphs.emplace_back(subgraph);
      const GraphStats &nested = subgraphs.back();
      stats.counts = nested.totals;
      totalNodes += nested.totalNodes;
      totalEdges += nested.totalEdges;
      nodes.push_back(std::move(stats));
    } else {
      nodes.push_back(computeNodeStats(node));
    }
    totals.add(nodes.back().counts);
  }

  ExecutionOrder order = computeExecutionOrder(body);
  longestPath = findLongestPath(order);
  for (NodeOpInterface node : body.getOps<NodeOpInterface>())
    for (OpOperand &edge : node->getOpOperands())
      if (order.isDelayed(edge))
        delayedEdges.push_back(&edge);
}
