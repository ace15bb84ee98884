//===- Nesting.h - The nesting of a graph before inlining -------*- C++ -*-===//
//
// The raising runs nested graphs inlined (`nir-inline-subgraphs`) but keeps
// their nesting in the module (docs/Raising.md, "Nested graphs"). The stage
// before inlining, `raise-nir-record-nesting`, records it on the graph as
// `nirtorch.nesting`; `raise-nir-nodes` reads it back after inlining.
//
//===----------------------------------------------------------------------===//

#ifndef NIRTORCH_LIB_CONVERSION_NIRTOTORCHSCRIPT_NESTING_H
#define NIRTORCH_LIB_CONVERSION_NIRTOTORCHSCRIPT_NESTING_H

#include "nirtorch/Dialect/NIR/NIROps.h"
#include "nirtorch/Dialect/TorchScript/TorchScriptOps.h"
#include "llvm/ADT/StringSet.h"

#include <memory>
#include <vector>

namespace mlir::nir::raising {

/// The attribute holding the nesting of an inlined graph.
inline constexpr llvm::StringLiteral kNestingAttrName = "nirtorch.nesting";

/// One graph of a nesting (the top graph or a subgraph), as it was before
/// inlining: what the lowering needs to rebuild it exactly.
struct GraphLevel {
  /// The subgraph node's name; empty for the top graph.
  std::string name;
  DictionaryAttr metadata;
  /// The graph's `nir.edge_order` (a file's edge order), or null.
  ArrayAttr edgeOrder;
  /// The subgraph's Input and Output nodes.
  std::string inputName, outputName;
  SmallVector<int64_t> inputShape, outputShape;
  /// Every node in block order, each followed by the sources of its incoming
  /// edges in operand order.
  SmallVector<SmallVector<std::string>> nodes;
  /// The metadata of its Input and Output nodes, which have no module.
  SmallVector<std::pair<std::string, DictionaryAttr>> portMetadata;
  std::vector<std::unique_ptr<GraphLevel>> children;
  GraphLevel *parent = nullptr;

  // The container submodule, once built.
  ts::ScriptModuleOp module;
  std::string slot;
  llvm::StringSet<> usedSlots;
};

struct Nesting {
  /// Held by pointer: the levels below point to it.
  std::unique_ptr<GraphLevel> top = std::make_unique<GraphLevel>();
  /// The level holding each node of a subgraph, and its name there.
  DenseMap<Operation *, std::pair<GraphLevel *, std::string>> owners;
  bool hasSubgraphs() const { return !top->children.empty(); }
};

/// The nesting of `graph` as its body is now (`owners` point into it).
Nesting collectNesting(GraphOp graph);

/// The nesting as an attribute (a dictionary per level), for
/// kNestingAttrName.
DictionaryAttr encodeNesting(const Nesting &nesting, MLIRContext *context);

/// The nesting of an inlined graph: from its kNestingAttrName when it has
/// one (the nodes of subgraphs found by their inlined names,
/// `<subgraph>.<node>`), else from its body. Fails with an error on the graph
/// when the record is malformed or names a node the graph does not have.
FailureOr<Nesting> readNesting(GraphOp graph);

} // namespace mlir::nir::raising

#endif
