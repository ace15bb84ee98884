//===- EdgeOrder.h - The order of a NIR graph's edges in files --*- C++ -*-===//
//
// A `.nir` file lists a graph's edges in an order of its own (the rows of
// its `edges` dataset). The IR holds edges as operands, which keep only the
// order of the edges into each node. So that a file read and written again
// lists its edges as before (the reference's tests compare edge lists in
// order), the reader records the file's order on the graph as
// `nir.edge_order` wherever the IR would not give it back by itself, and the
// writer follows it. The record names edges by their nodes' names, so it
// stays meaningful when passes change the graph: edges it no longer matches
// are skipped, edges it does not name come after the named ones.
// docs/NIRFile.md, "Op and edge order".
//
//===----------------------------------------------------------------------===//

#ifndef NIRTORCH_DIALECT_NIR_EDGEORDER_H
#define NIRTORCH_DIALECT_NIR_EDGEORDER_H

#include "mlir/IR/Block.h"
#include "mlir/IR/Operation.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <utility>

namespace mlir::nir {

/// On a `nir.graph` or `nir.subgraph`: the edges of the file it was read
/// from, as `[source, target]` pairs of node names in the file's order.
inline constexpr llvm::StringLiteral kEdgeOrderAttrName = "nir.edge_order";

/// Whether `value` has the form of a `nir.edge_order` record: an array of
/// `[source, target]` node-name pairs (the verifier's edge_order_c1).
bool isEdgeOrderRecord(mlir::Attribute value);

/// The edges of the nodes directly in `body`, one per operand, in the order
/// the IR gives by itself: consumers in block order, then operand order.
llvm::SmallVector<OpOperand *> getEdgesInBlockOrder(Block &body);

/// The edges of the nodes directly in `body` in the order a file lists
/// them: first those that the `nir.edge_order` of the graph holding `body`
/// names, in its order (a pair listed twice names two edges), then the
/// others in block order. The edges into one node always keep their operand
/// order, so that reading the file gives the same operands again: where the
/// record orders them otherwise, they take the positions the record gives
/// that node's edges, in operand order. Without a record this is the block
/// order.
llvm::SmallVector<OpOperand *> getEdgesInFileOrder(Block &body);

/// Records `edges` (source and target names, in a file's order) on `graph`,
/// a `nir.graph` or `nir.subgraph` whose body holds exactly these edges, as
/// `nir.edge_order`; or removes the record when the block order is this
/// order already (the writer gives it back without one), so that files
/// listing their edges in op order read without a record.
void recordEdgeOrder(
    Operation *graph,
    llvm::ArrayRef<std::pair<llvm::StringRef, llvm::StringRef>> edges);

} // namespace mlir::nir

#endif // NIRTORCH_DIALECT_NIR_EDGEORDER_H
