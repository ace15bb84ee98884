//===- GraphStats.h - What a NIR graph costs --------------------*- C++ -*-===//
//
// Counts per node and per graph that a backend sizes a chip mapping with:
// neurons, synapses, parameters and their bytes, fan-in and fan-out, the
// longest chain of nodes a time step runs through, and the recurrent
// (delayed) edges. `nir-opt --nir-stats` prints them; a pass can ask for them
// as an analysis, `getAnalysis<GraphStats>()` on a `nir.graph`.
//
//===----------------------------------------------------------------------===//

#ifndef NIRTORCH_DIALECT_NIR_GRAPHSTATS_H
#define NIRTORCH_DIALECT_NIR_GRAPHSTATS_H

#include "nirtorch/Dialect/NIR/NIROps.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>
#include <string>
#include <vector>

namespace mlir::nir {

struct GraphStats;

/// Quantities that add up over nodes, and over nested graphs into their
/// parent. `synapses` is std::nullopt when a weight could not be read.
struct StatsTotals {
  uint64_t neurons = 0;
  std::optional<uint64_t> synapses = 0;
  uint64_t parameters = 0;
  uint64_t bytes = 0;

  void add(const StatsTotals &other);
};

/// The counts of one node.
struct NodeStats {
  NodeOpInterface node;
  /// Neurons: the output elements of a neuron node (I, IF, LI, LIF, CubaLI,
  /// CubaLIF). Synapses: the non-zero weight elements of Affine, Linear,
  /// Conv1d, Conv2d. Parameters: the elements of every elements-attribute
  /// parameter, bytes at their element type. For a subgraph node, the totals
  /// of its nested graph.
  StatsTotals counts;
  /// Incoming edges (operands) and outgoing edges (uses).
  unsigned fanIn = 0;
  unsigned fanOut = 0;
  /// Why `counts.synapses` is unknown (a weight whose values are missing).
  std::string unknownReason;
  /// For a subgraph node, its index in GraphStats::subgraphs; -1 otherwise.
  int subgraph = -1;
};

/// The counts of one graph body (a `nir.graph` or a `nir.subgraph`).
struct GraphStats {
  /// Computes the stats of `graph`, a GraphOp or a SubgraphOp, and of every
  /// graph nested in it.
  explicit GraphStats(Operation *graph);

  Operation *graph;
  /// One entry per node, in block order.
  llvm::SmallVector<NodeStats> nodes;
  /// The stats of the subgraph nodes, in block order.
  std::vector<GraphStats> subgraphs;

  /// Every node of this graph and, recursively, of its nested graphs
  /// (a subgraph node and its Input and Output count as nodes).
  uint64_t totalNodes = 0;
  /// Every edge of this graph and of its nested graphs.
  uint64_t totalEdges = 0;
  /// The sum over `nodes` (so nested graphs are counted through their
  /// subgraph node).
  StatsTotals totals;

  /// The longest chain Input -> ... -> Output of the time-step schedule
  /// (computeExecutionOrder without its delayed edges): the nodes a step
  /// runs through one after the other. A subgraph node counts as one node.
  /// Empty when no Output is reached from an Input within a step.
  llvm::SmallVector<NodeOpInterface> longestPath;
  /// The delayed edges of computeExecutionOrder, which close the graph's
  /// cycles, in edge order: consumer block order, then operand order.
  llvm::SmallVector<OpOperand *> delayedEdges;
};

} // namespace mlir::nir

#endif // NIRTORCH_DIALECT_NIR_GRAPHSTATS_H
