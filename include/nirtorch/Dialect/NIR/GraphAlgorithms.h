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
#include "llvm/ADT/SmallVector.h"

namespace mlir::nir {

/// The strongly connected components of the node graph of `body`. Every node
/// is in exactly one component; each component lists its nodes in block
/// order, and the components are ordered by their first node in block order.
llvm::SmallVector<llvm::SmallVector<NodeOpInterface>>
computeStronglyConnectedComponents(Block &body);

/// Whether a strongly connected component holds a cycle: it has several
/// nodes, or its one node feeds itself.
bool isCyclicComponent(llvm::ArrayRef<NodeOpInterface> component);

} // namespace mlir::nir

#endif // NIRTORCH_DIALECT_NIR_GRAPHALGORITHMS_H
