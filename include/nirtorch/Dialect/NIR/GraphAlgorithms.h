//===- GraphAlgorithms.h - Graph algorithms on NIR graph bodies -*- C++ -*-===//
//
// Algorithms on the node graph of one graph body: its vertices are the nodes
// directly in the body (a nested graph counts as one node), its edges run
// from producer to consumer, one per operand.
//
//===----------------------------------------------------------------------===//

#ifndef NIRTORCH_DIALECT_NIR_GRAPHALGORITHMS_H
#define NIRTORCH_DIALECT_NIR_GRAPHALGORITHMS_H

#include "nirtorch/Dialect/NIR/NIROps.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"

#include <vector>

namespace mlir::nir {

/// The strongly connected components of the node graph of `body`. Every node
/// is in exactly one component; each component lists its nodes in block
/// order, and the components are ordered by their first node in block order.
llvm::SmallVector<llvm::SmallVector<NodeOpInterface>>
computeStronglyConnectedComponents(Block &body);

/// Whether a strongly connected component holds a cycle: it has several
/// nodes, or its one node feeds itself.
bool isCyclicComponent(llvm::ArrayRef<NodeOpInterface> component);

/// NIR node types by role: a *neuron* (I, IF, LI, LIF, CubaLI, CubaLIF), a
/// *weight* (Affine, Linear, Conv1d, Conv2d), and the nodes a layer's output
/// passes through unchanged in kind on its way to the next weights (Flatten,
/// SumPool2d, AvgPool2d).
bool isNeuronType(llvm::StringRef nirType);
bool isWeightType(llvm::StringRef nirType);
bool isPassThroughType(llvm::StringRef nirType);
/// Whether a neuron type emits spikes (IF, LIF, CubaLIF) rather than its
/// membrane value.
bool isSpikingType(llvm::StringRef nirType);

/// A graph as the flat graph it stands for: every node at any depth except
/// the subgraph nodes and the ports of nested graphs, with edges followed
/// through those ports (as nir-inline-subgraphs would wire them). Node ids
/// are in walk order; `preds` and `succs` hold one entry per edge.
struct FlatGraph {
  struct Node {
    NodeOpInterface node;
    llvm::StringRef type;
    llvm::SmallVector<unsigned> preds, succs;
    unsigned component = 0;
    bool cyclic = false; // on a cycle (a strongly connected component)
    /// Elements of a neuron node's output, 0 for other nodes.
    int64_t neurons() const;
  };
  std::vector<Node> nodes;
  llvm::DenseMap<Operation *, unsigned> index;
  llvm::SmallVector<unsigned> inputs, outputs; // the graph's own ports
  /// The nodes of each cyclic component.
  std::vector<llvm::SmallVector<unsigned>> cycles;

  explicit FlatGraph(GraphOp graph);

  llvm::StringRef name(unsigned id) const;

private:
  void collect(Block &body, bool top);
  void resolve(Value value, llvm::DenseSet<Value> &seen,
               llvm::SmallVectorImpl<unsigned> &producers);
  void computeComponents();
};

} // namespace mlir::nir

#endif // NIRTORCH_DIALECT_NIR_GRAPHALGORITHMS_H
