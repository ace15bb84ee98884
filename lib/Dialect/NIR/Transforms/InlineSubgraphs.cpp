//===- InlineSubgraphs.cpp - Inline nested NIR graphs ---------------------===//

#include "nirtorch/Dialect/NIR/Passes.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/ADT/StringSet.h"

namespace mlir::nir {
#define GEN_PASS_DEF_NIRINLINESUBGRAPHS
#include "nirtorch/Dialect/NIR/Passes.h.inc"
} // namespace mlir::nir

using namespace mlir;
using namespace mlir::nir;

namespace {

std::string inlinedName(SubgraphOp subgraph, NodeOpInterface inner) {
  return (subgraph.getName() + "." + inner.getNodeName()).str();
}

/// Why `subgraph` cannot be inlined, or an empty string.
std::string findInlineBlocker(SubgraphOp subgraph) {
  llvm::StringSet<> taken;
  for (Operation &sibling : *subgraph->getBlock())
    if (auto node = llvm::dyn_cast<NodeOpInterface>(&sibling))
      taken.insert(node.getNodeName());
  for (Operation &op : subgraph.getBodyBlock()) {
    if (llvm::isa<InputOp, OutputOp>(op))
      continue;
    std::string name = inlinedName(subgraph, llvm::cast<NodeOpInterface>(op));
    if (taken.contains(name))
      return "inlined node name '" + name + "' is already taken";
  }
  return "";
}

/// Replaces every use of `value` by the list `replacements`: since incoming
/// edges are summed, one edge from `value` becomes one edge from each.
void expandUses(PatternRewriter &rewriter, Value value,
                ArrayRef<Value> replacements) {
  SmallVector<Operation *> users(value.getUsers().begin(),
                                 value.getUsers().end());
  for (Operation *user : llvm::make_early_inc_range(users)) {
    if (llvm::none_of(user->getOperands(),
                      [&](Value operand) { return operand == value; }))
      continue; // a user listed twice was rewritten already
    SmallVector<Value> operands;
    for (Value operand : user->getOperands()) {
      if (operand == value)
        operands.append(replacements.begin(), replacements.end());
      else
        operands.push_back(operand);
    }
    rewriter.modifyOpInPlace(user, [&] { user->setOperands(operands); });
  }
}

struct InlineSubgraph : OpRewritePattern<SubgraphOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(SubgraphOp subgraph,
                                PatternRewriter &rewriter) const override {
    std::string blocker = findInlineBlocker(subgraph);
    if (!blocker.empty())
      return rewriter.notifyMatchFailure(subgraph, blocker);
    Block &body = subgraph.getBodyBlock();
    auto input = *body.getOps<InputOp>().begin();
    auto output = *body.getOps<OutputOp>().begin();
    // A port wired straight back to itself would leave no node to hold the
    // loop.
    if (llvm::is_contained(output.getInputs(), input.getOutput()) &&
        llvm::is_contained(subgraph.getInputs(), subgraph.getOutput()))
      return rewriter.notifyMatchFailure(subgraph,
                                         "its output feeds back unchanged");

    for (Operation &op : llvm::make_early_inc_range(body)) {
      if (llvm::isa<InputOp, OutputOp>(op))
        continue;
      std::string name = inlinedName(subgraph, llvm::cast<NodeOpInterface>(op));
      rewriter.modifyOpInPlace(
          &op, [&] { op.setAttr("name", rewriter.getStringAttr(name)); });
      rewriter.moveOpBefore(&op, subgraph);
    }
    SmallVector<Value> incoming(subgraph.getInputs());
    expandUses(rewriter, input.getOutput(), incoming);
    SmallVector<Value> outgoing(output.getInputs());
    expandUses(rewriter, subgraph.getOutput(), outgoing);
    rewriter.eraseOp(output);
    rewriter.eraseOp(input);
    rewriter.eraseOp(subgraph);
    return success();
  }
};

struct NIRInlineSubgraphs
    : nir::impl::NIRInlineSubgraphsBase<NIRInlineSubgraphs> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<InlineSubgraph>(&getContext());
    GreedyRewriteConfig config;
    config.enableRegionSimplification = GreedySimplifyRegionLevel::Disabled;
    (void)applyPatternsAndFoldGreedily(getOperation(), std::move(patterns),
                                       config);
    // Whatever is left could not be inlined; say why.
    WalkResult result = getOperation().walk([](SubgraphOp subgraph) {
      std::string blocker = findInlineBlocker(subgraph);
      if (blocker.empty())
        blocker = "its output feeds back unchanged";
      subgraph.emitOpError() << "cannot be inlined: " << blocker;
      return WalkResult::interrupt();
    });
    if (result.wasInterrupted())
      signalPassFailure();
  }
};

} // namespace
