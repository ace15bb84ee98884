//===- GraphAlgorithms.cpp - Graph algorithms on NIR graph bodies ---------===//

#include "nirtorch/Dialect/NIR/GraphAlgorithms.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/GraphTraits.h"
#include "llvm/ADT/SCCIterator.h"
#include "llvm/ADT/STLExtras.h"

#include <deque>

using namespace mlir;
using namespace mlir::nir;

namespace {

/// The node graph of one body in the shape llvm::scc_iterator walks. A root
/// vertex without a node points to every node, so that one walk from it
/// reaches them all (scc_iterator starts from a single entry).
struct NodeGraph {
  struct Vertex {
    NodeOpInterface node; // null for the root
    unsigned position = 0;
    llvm::SmallVector<Vertex *> successors;
  };

  explicit NodeGraph(Block &body) {
    DenseMap<Operation *, Vertex *> vertexOf;
    vertices.emplace_back(); // the root
    for (auto [position, node] :
         llvm::enumerate(body.getOps<NodeOpInterface>())) {
      Vertex &vertex = vertices.emplace_back();
      vertex.node = node;
      vertex.position = position;
      vertexOf[node] = &vertex;
    }
    Vertex &root = vertices.front();
    for (Vertex &vertex : llvm::drop_begin(vertices)) {
      root.successors.push_back(&vertex);
      for (Value operand : vertex.node->getOperands())
        if (Vertex *producer = vertexOf.lookup(operand.getDefiningOp()))
          producer->successors.push_back(&vertex);
    }
  }

  // A deque keeps the vertex addresses stable while it grows.
  std::deque<Vertex> vertices;
};

} // namespace

template <> struct llvm::GraphTraits<NodeGraph *> {
  using NodeRef = NodeGraph::Vertex *;
  using ChildIteratorType = llvm::SmallVector<NodeRef>::iterator;
  static NodeRef getEntryNode(NodeGraph *graph) {
    return &graph->vertices.front();
  }
  static ChildIteratorType child_begin(NodeRef vertex) {
    return vertex->successors.begin();
  }
  static ChildIteratorType child_end(NodeRef vertex) {
    return vertex->successors.end();
  }
};

SmallVector<SmallVector<NodeOpInterface>>
nir::computeStronglyConnectedComponents(Block &body) {
  NodeGraph graph(body);
  SmallVector<SmallVector<NodeGraph::Vertex *>> components;
  for (auto it = llvm::scc_begin(&graph); !it.isAtEnd(); ++it) {
    const std::vector<NodeGraph::Vertex *> &scc = *it;
    // Nothing points back to the root, so it is a component of its own.
    if (scc.size() == 1 && !scc.front()->node)
      continue;
    components.emplace_back(scc.begin(), scc.end());
  }
  auto byPosition = [](NodeGraph::Vertex *a, NodeGraph::Vertex *b) {
    return a->position < b->position;
  };
  for (auto &component : components)
    llvm::sort(component, byPosition);
  llvm::sort(components, [&](const auto &a, const auto &b) {
    return byPosition(a.front(), b.front());
  });

  SmallVector<SmallVector<NodeOpInterface>> result;
  for (const auto &component : components)
    result.push_back(llvm::to_vector(llvm::map_range(
        component, [](NodeGraph::Vertex *vertex) { return vertex->node; })));
  return result;
}

bool nir::isCyclicComponent(ArrayRef<NodeOpInterface> component) {
  if (component.size() != 1)
    return !component.empty();
  Value output = component.front()->getResult(0);
  return llvm::is_contained(component.front()->getOperands(), output);
}
