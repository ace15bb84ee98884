//===- RaisedGraph.h - Graph records of raised modules ----------*- C++ -*-===//
//
// A module raised by convert-nir-to-torchscript records, besides its nodes,
// what its graph was made of (docs/Raising.md): the graph's metadata, the
// metadata of its Input and Output nodes, and the nesting of subgraphs
// (`nir_nodes` and container submodules). The lowering builds the flat graph
// from `forward`; this puts the rest back.
//
//===----------------------------------------------------------------------===//

#ifndef NIRTORCH_LIB_CONVERSION_TORCHSCRIPTTONIR_RAISEDGRAPH_H
#define NIRTORCH_LIB_CONVERSION_TORCHSCRIPTTONIR_RAISEDGRAPH_H

#include "nirtorch/Dialect/NIR/NIROps.h"
#include "nirtorch/Dialect/TorchScript/TorchScriptOps.h"

namespace nirtorch {

/// Restores the records of `root` on `graph`, the flat graph lowered from
/// it. A root without records leaves the graph as it is. Records that do not
/// describe the graph (a module whose forward was edited) are ignored with a
/// warning: the flat graph is still the one forward computes. Fails only
/// when the recorded metadata cannot be parsed.
mlir::LogicalResult restoreRaisedGraph(mlir::ts::ScriptModuleOp root,
                                       mlir::nir::GraphOp graph);

} // namespace nirtorch

#endif
