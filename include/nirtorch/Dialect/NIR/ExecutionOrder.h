//===- ExecutionOrder.h - Time-step schedule of a NIR graph -----*- C++ -*-===//
//
// NIR leaves the timing of recurrent edges to each backend. nirtorch fixes
// it: within one time step nodes run in topological order, and an edge that
// closes a cycle carries the previous step's output of its source. Which
// edges close cycles is decided by a depth-first search from the Input nodes
// (in name order), visiting successors in edge order; an edge into a node that
// is still on the search stack is a back-edge. Nodes the Inputs do not reach
// become further roots, in name order.
//
//===----------------------------------------------------------------------===//

#ifndef NIRTORCH_DIALECT_NIR_EXECUTIONORDER_H
#define NIRTORCH_DIALECT_NIR_EXECUTIONORDER_H

#include "nirtorch/Dialect/NIR/NIROps.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"

namespace mlir::nir {

struct ExecutionOrder {
  /// The nodes of one graph body in the order they run within a step.
  llvm::SmallVector<NodeOpInterface> nodes;
  /// The edges (operands) that carry the previous step's output.
  llvm::DenseSet<OpOperand *> delayedEdges;

  bool isDelayed(OpOperand &edge) const { return delayedEdges.contains(&edge); }
};

/// The successors of `node` in edge order: consumers in block order, each as
/// often and in the operand order in which it reads `node`.
llvm::SmallVector<OpOperand *> getOutgoingEdges(NodeOpInterface node);

/// Computes the schedule of the nodes directly in `body` (nested graphs count
/// as single nodes).
ExecutionOrder computeExecutionOrder(Block &body);

/// The schedule as the IR records it (`nir-schedule`, docs/NIRDialect.md):
/// every node of the block carries `nir.step`, its position within a time
/// step, and a node reading some edges from the previous step carries
/// `nir.delayed`, the indices of those operands.
inline constexpr llvm::StringLiteral kStepAttrName = "nir.step";
inline constexpr llvm::StringLiteral kDelayedAttrName = "nir.delayed";

/// Records `order` on the nodes of its block (replacing a recorded schedule).
void recordExecutionOrder(const ExecutionOrder &order);

/// Reads the schedule recorded on the nodes directly in `body`. Fails with an
/// error naming the node when one has no `nir.step` or two share one; the
/// dialect verifier has checked each attribute's form and that every edge not
/// delayed runs forward.
FailureOr<ExecutionOrder> readExecutionOrder(Block &body);

} // namespace mlir::nir

#endif // NIRTORCH_DIALECT_NIR_EXECUTIONORDER_H
