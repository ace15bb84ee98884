//===- PrintExecutionOrder.cpp - Print the time-step schedule -------------===//

#include "nirtorch/Dialect/NIR/ExecutionOrder.h"
#include "nirtorch/Dialect/NIR/Passes.h"

#include "llvm/Support/raw_ostream.h"

namespace mlir::nir {
#define GEN_PASS_DEF_NIRPRINTEXECUTIONORDER
#include "nirtorch/Dialect/NIR/Passes.h.inc"
} // namespace mlir::nir

using namespace mlir;
using namespace mlir::nir;

namespace {

void printSchedule(Block &body, StringRef title, unsigned indent,
                   raw_ostream &os) {
  ExecutionOrder order = computeExecutionOrder(body);
  os.indent(indent) << title << "\n";
  os.indent(indent + 2) << "order: ";
  llvm::interleaveComma(
      order.nodes, os, [&](NodeOpInterface node) { os << node.getNodeName(); });
  os << "\n";
  // Delayed edges in edge order (consumer, then operand), which is stable.
  SmallVector<std::string> delayed;
  for (NodeOpInterface node : body.getOps<NodeOpInterface>())
    for (OpOperand &edge : node->getOpOperands())
      if (order.isDelayed(edge))
        delayed.push_back(
            (edge.get().getDefiningOp<NodeOpInterface>().getNodeName() +
             " -> " + node.getNodeName())
                .str());
  os.indent(indent + 2) << "delayed: ";
  if (delayed.empty())
    os << "none";
  llvm::interleaveComma(delayed, os);
  os << "\n";
  for (auto subgraph : body.getOps<SubgraphOp>())
    printSchedule(subgraph.getBodyBlock(),
                  ("subgraph \"" + subgraph.getName() + "\"").str(), indent + 2,
                  os);
}

struct NIRPrintExecutionOrder
    : nir::impl::NIRPrintExecutionOrderBase<NIRPrintExecutionOrder> {
  void runOnOperation() override {
    GraphOp graph = getOperation();
    printSchedule(graph.getBodyBlock(), ("graph @" + graph.getSymName()).str(),
                  0, llvm::outs());
    markAllAnalysesPreserved();
  }
};

} // namespace
