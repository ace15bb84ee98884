//===- DeadNodeElimination.cpp - Remove nodes no Output depends on --------===//
//
// A node is live when an Output node is reachable from it along edges, cycles
// included; Input nodes are ports and always stay. Liveness is a backward
// search from the Outputs over operands, so a recurrent loop is kept exactly
// when it feeds an Output.
//
//===----------------------------------------------------------------------===//

#include "nirtorch/Dialect/NIR/Passes.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/Support/CommandLine.h"

namespace mlir::nir {
#define GEN_PASS_DEF_NIRDEADNODEELIMINATION
#include "nirtorch/Dialect/NIR/Passes.h.inc"
} // namespace mlir::nir

using namespace mlir;
using namespace mlir::nir;

// A flag of its own, besides the pass option, so that the report can be
// switched on where the pipeline is not spelled out (the `nirtorch` driver's
// `--pass-pipeline`, a backend's fixed pipeline).
static llvm::cl::opt<bool>
    clReport("nir-dce-report",
             llvm::cl::desc("Make every run of nir-dce emit a remark at each "
                            "removed node and a count per graph"),
             llvm::cl::init(false));

namespace {

/// The nodes of `body` that some Output of `body` depends on, found by
/// walking edges backwards from the Outputs.
llvm::DenseSet<Operation *> findLiveNodes(Block &body) {
  llvm::DenseSet<Operation *> live;
  SmallVector<Operation *> worklist;
  for (OutputOp output : body.getOps<OutputOp>()) {
    live.insert(output);
    worklist.push_back(output);
  }
  while (!worklist.empty()) {
    Operation *node = worklist.pop_back_val();
    for (Value edge : node->getOperands())
      if (Operation *source = edge.getDefiningOp())
        if (live.insert(source).second)
          worklist.push_back(source);
  }
  return live;
}

/// Removes the dead nodes of `body` and, recursively, of the subgraphs that
/// stay; returns how many nodes were removed (a dead subgraph counts once).
unsigned removeDeadNodes(Block &body, bool report) {
  llvm::DenseSet<Operation *> live = findLiveNodes(body);
  SmallVector<Operation *> dead;
  unsigned removed = 0;
  for (Operation &op : body) {
    if (live.contains(&op)) {
      if (auto subgraph = dyn_cast<SubgraphOp>(op))
        removed += removeDeadNodes(subgraph.getBodyBlock(), report);
      continue;
    }
    if (isa<InputOp>(op))
      continue;
    dead.push_back(&op);
  }
  // Remarks at the location only: attaching the op would print each removed
  // node (and a whole subgraph) with `-mlir-print-op-on-diagnostic`.
  if (report) {
    for (Operation *op : dead) {
      auto node = cast<NodeOpInterface>(op);
      emitRemark(op->getLoc())
          << "removed node '" << node.getNodeName() << "' ("
          << node.getNIRTypeName() << "): no Output depends on it";
    }
  }
  // Dead nodes read each other (chains, cycles) but no live node reads them:
  // cut all their edges first, then nothing refers to them when erased.
  for (Operation *op : dead)
    op->dropAllReferences();
  for (Operation *op : dead)
    op->erase();
  return removed + dead.size();
}

struct NIRDeadNodeElimination
    : nir::impl::NIRDeadNodeEliminationBase<NIRDeadNodeElimination> {
  using Base::Base;

  void runOnOperation() override {
    GraphOp graph = getOperation();
    Block &body = graph.getBodyBlock();
    if (body.getOps<OutputOp>().empty()) {
      emitWarning(graph.getLoc())
          << "graph has no Output node: nir-dce removes "
             "nothing (every node would be dead)";
      markAllAnalysesPreserved();
      return;
    }
    bool emitReport = report || clReport;
    unsigned removed = removeDeadNodes(body, emitReport);
    if (emitReport)
      emitRemark(graph.getLoc())
          << "removed " << removed << (removed == 1 ? " node" : " nodes");
    if (removed == 0)
      markAllAnalysesPreserved();
  }
};

} // namespace
