//===- EdgeOrder.cpp - The order of a NIR graph's edges in files ----------===//

#include "nirtorch/Dialect/NIR/EdgeOrder.h"
#include "nirtorch/Dialect/NIR/NIROps.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"

#include <algorithm>
#include <numeric>

using namespace mlir;
using namespace mlir::nir;

using EdgeNames = std::pair<StringRef, StringRef>;

/// The names of an edge's producer and consumer; empty for an operand that
/// no node produces (the verifier refuses those).
static EdgeNames getEdgeNames(OpOperand *edge) {
  auto producer = edge->get().getDefiningOp<NodeOpInterface>();
  auto consumer = dyn_cast<NodeOpInterface>(edge->getOwner());
  if (!producer || !consumer)
    return {};
  return {producer.getNodeName(), consumer.getNodeName()};
}

bool nir::isEdgeOrderRecord(Attribute value) {
  auto pairs = dyn_cast_or_null<ArrayAttr>(value);
  return pairs && llvm::all_of(pairs, [](Attribute entry) {
           auto pair = dyn_cast<ArrayAttr>(entry);
           return pair && pair.size() == 2 &&
                  llvm::all_of(pair, llvm::IsaPred<StringAttr>);
         });
}

SmallVector<OpOperand *> nir::getEdgesInBlockOrder(Block &body) {
  SmallVector<OpOperand *> edges;
  for (Operation &op : body)
    for (OpOperand &operand : op.getOpOperands())
      edges.push_back(&operand);
  return edges;
}

SmallVector<OpOperand *> nir::getEdgesInFileOrder(Block &body) {
  SmallVector<OpOperand *> edges = getEdgesInBlockOrder(body);
  Operation *graph = body.getParentOp();
  auto recorded =
      graph ? graph->getAttrOfType<ArrayAttr>(kEdgeOrderAttrName) : nullptr;
  if (!recorded)
    return edges;

  // Each edge's position: its entry in the record, or after every entry in
  // block order. Each entry claims the first edge of its pair not claimed
  // yet, so duplicate edges match duplicate entries.
  SmallVector<uint64_t> positions(edges.size());
  DenseMap<EdgeNames, SmallVector<unsigned, 1>> unclaimed;
  for (auto [index, edge] : llvm::enumerate(edges)) {
    positions[index] = recorded.size() + index;
    EdgeNames names = getEdgeNames(edge);
    if (!names.first.empty())
      unclaimed[names].push_back(index);
  }
  for (auto &entry : unclaimed)
    std::reverse(entry.second.begin(), entry.second.end());
  for (auto [position, entry] : llvm::enumerate(recorded)) {
    auto pair = dyn_cast<ArrayAttr>(entry);
    if (!pair || pair.size() != 2)
      continue;
    auto source = dyn_cast<StringAttr>(pair[0]);
    auto target = dyn_cast<StringAttr>(pair[1]);
    if (!source || !target)
      continue;
    auto it = unclaimed.find({source.getValue(), target.getValue()});
    if (it == unclaimed.end() || it->second.empty())
      continue;
    positions[it->second.pop_back_val()] = position;
  }

  // The operands of one node are adjacent in block order; they take their
  // positions in operand order, so the file gives them back in that order
  // (a pass may have reordered a node's operands since the file was read).
  for (size_t begin = 0; begin < edges.size();) {
    size_t end = begin + 1;
    while (end < edges.size() &&
           edges[end]->getOwner() == edges[begin]->getOwner())
      ++end;
    std::sort(positions.begin() + begin, positions.begin() + end);
    begin = end;
  }

  SmallVector<unsigned> order(edges.size());
  std::iota(order.begin(), order.end(), 0);
  llvm::sort(order, [&](unsigned a, unsigned b) {
    return positions[a] < positions[b];
  });
  return llvm::to_vector(
      llvm::map_range(order, [&](unsigned index) { return edges[index]; }));
}

void nir::recordEdgeOrder(Operation *graph, ArrayRef<EdgeNames> edges) {
  SmallVector<OpOperand *> blockOrder =
      getEdgesInBlockOrder(graph->getRegion(0).front());
  bool isBlockOrder =
      blockOrder.size() == edges.size() &&
      llvm::all_of(llvm::zip_equal(blockOrder, edges), [](auto pair) {
        return getEdgeNames(std::get<0>(pair)) == std::get<1>(pair);
      });
  if (isBlockOrder) {
    graph->removeAttr(kEdgeOrderAttrName);
    return;
  }
  Builder builder(graph->getContext());
  SmallVector<Attribute> pairs;
  pairs.reserve(edges.size());
  for (auto [source, target] : edges)
    pairs.push_back(builder.getStrArrayAttr({source, target}));
  graph->setAttr(kEdgeOrderAttrName, builder.getArrayAttr(pairs));
}
