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

//===----------------------------------------------------------------------===//
// Node roles and the flat graph
//===----------------------------------------------------------------------===//

bool nir::isNeuronType(StringRef type) {
  return llvm::is_contained({"I", "IF", "LI", "LIF", "CubaLI", "CubaLIF"},
                            type);
}
bool nir::isWeightType(StringRef type) {
  return llvm::is_contained({"Affine", "Linear", "Conv1d", "Conv2d"}, type);
}
bool nir::isPassThroughType(StringRef type) {
  return llvm::is_contained({"Flatten", "SumPool2d", "AvgPool2d"}, type);
}
bool nir::isSpikingType(StringRef type) {
  return llvm::is_contained({"IF", "LIF", "CubaLIF"}, type);
}

int64_t FlatGraph::Node::neurons() const {
  if (!isNeuronType(type))
    return 0;
  auto shaped = dyn_cast<RankedTensorType>(node->getResult(0).getType());
  return shaped ? shaped.getNumElements() : 0;
}

FlatGraph::FlatGraph(GraphOp graph) {
  collect(graph.getBodyBlock(), /*top=*/true);
  for (unsigned id = 0; id < nodes.size(); ++id)
    for (Value operand : nodes[id].node->getOperands()) {
      llvm::DenseSet<Value> seen;
      SmallVector<unsigned> producers;
      resolve(operand, seen, producers);
      for (unsigned producer : producers) {
        nodes[id].preds.push_back(producer);
        nodes[producer].succs.push_back(id);
      }
    }
  computeComponents();
}

StringRef FlatGraph::name(unsigned id) const {
  NodeOpInterface node = nodes[id].node;
  return node.getNodeName();
}

void FlatGraph::collect(Block &body, bool top) {
  for (Operation &op : body) {
    if (auto subgraph = dyn_cast<SubgraphOp>(op)) {
      collect(subgraph.getBodyBlock(), /*top=*/false);
      continue;
    }
    auto node = dyn_cast<NodeOpInterface>(op);
    if (!node || (!top && isa<InputOp, OutputOp>(op)))
      continue;
    if (top && isa<InputOp>(op))
      inputs.push_back(nodes.size());
    if (top && isa<OutputOp>(op))
      outputs.push_back(nodes.size());
    index[&op] = nodes.size();
    nodes.push_back(Node{node, node.getNIRTypeName(), {}, {}});
  }
}

void FlatGraph::resolve(Value value, llvm::DenseSet<Value> &seen,
                        SmallVectorImpl<unsigned> &producers) {
  if (!seen.insert(value).second)
    return;
  Operation *def = value.getDefiningOp();
  if (!def)
    return;
  if (auto subgraph = dyn_cast<SubgraphOp>(def)) {
    for (OutputOp output : subgraph.getBodyBlock().getOps<OutputOp>())
      for (Value inner : output.getInputs())
        resolve(inner, seen, producers);
    return;
  }
  if (auto input = dyn_cast<InputOp>(def))
    if (auto subgraph = dyn_cast<SubgraphOp>(def->getParentOp())) {
      for (Value outer : subgraph.getInputs())
        resolve(outer, seen, producers);
      return;
    }
  auto it = index.find(def);
  if (it != index.end())
    producers.push_back(it->second);
}

void FlatGraph::computeComponents() {
  unsigned n = nodes.size();
  SmallVector<unsigned> order;
  std::vector<bool> visited(n, false);
  for (unsigned root = 0; root < n; ++root) {
    if (visited[root])
      continue;
    SmallVector<std::pair<unsigned, unsigned>> stack{{root, 0}};
    visited[root] = true;
    while (!stack.empty()) {
      auto &[id, next] = stack.back();
      if (next < nodes[id].succs.size()) {
        unsigned succ = nodes[id].succs[next++];
        if (!visited[succ]) {
          visited[succ] = true;
          stack.push_back({succ, 0});
        }
        continue;
      }
      order.push_back(id);
      stack.pop_back();
    }
  }
  std::vector<int> component(n, -1);
  unsigned count = 0;
  for (unsigned root : llvm::reverse(order)) {
    if (component[root] >= 0)
      continue;
    SmallVector<unsigned> members, stack{root};
    component[root] = count;
    while (!stack.empty()) {
      unsigned id = stack.pop_back_val();
      members.push_back(id);
      for (unsigned pred : nodes[id].preds)
        if (component[pred] < 0) {
          component[pred] = count;
          stack.push_back(pred);
        }
    }
    bool cyclic =
        members.size() > 1 || llvm::is_contained(nodes[root].succs, root);
    llvm::sort(members);
    for (unsigned id : members) {
      nodes[id].component = count;
      nodes[id].cyclic = cyclic;
    }
    if (cyclic)
      cycles.push_back(members);
    ++count;
  }
  llvm::sort(cycles, [](const auto &a, const auto &b) {
    return a.front() < b.front();
  });
}
