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

/// The node names of each graph body, built once per body and kept current
/// as subgraphs are inlined: checking a subgraph then costs its own size,
/// not its siblings' (a graph of n subgraphs was n^2).
class NodeNames {
public:
  const llvm::StringSet<> &of(Block *block) {
    auto [it, inserted] = names.try_emplace(block);
    if (inserted)
      collect(*block, it->second);
    return it->second;
  }

  /// Why `subgraph` cannot be inlined, or an empty string.
  std::string findInlineBlocker(SubgraphOp subgraph) {
    Block *parent = subgraph->getBlock();
    std::string blocker = findClash(subgraph, of(parent));
    if (blocker.empty())
      return blocker;
    // The cache may hold a name that is gone (another rewrite erased its
    // node): a clash is confirmed against the block as it is.
    collect(*parent, names[parent]);
    return findClash(subgraph, names[parent]);
  }

  /// Records that `subgraph` is being inlined: its inner nodes join the
  /// parent's names as `renamed`, its own name and body leave.
  void inlined(SubgraphOp subgraph, ArrayRef<std::string> renamed) {
    llvm::StringSet<> &parent = names[subgraph->getBlock()];
    parent.erase(subgraph.getName());
    for (const std::string &name : renamed)
      parent.insert(name);
    // The body block is freed next; its address may be reused.
    names.erase(&subgraph.getBodyBlock());
  }

private:
  static void collect(Block &block, llvm::StringSet<> &set) {
    set.clear();
    for (Operation &op : block)
      if (auto node = llvm::dyn_cast<NodeOpInterface>(&op))
        set.insert(node.getNodeName());
  }

  static std::string findClash(SubgraphOp subgraph,
                               const llvm::StringSet<> &taken) {
    for (Operation &op : subgraph.getBodyBlock()) {
      if (llvm::isa<InputOp, OutputOp>(op))
        continue;
      std::string name = inlinedName(subgraph, llvm::cast<NodeOpInterface>(op));
      if (taken.contains(name))
        return "inlined node name '" + name + "' is already taken";
    }
    return "";
  }

  llvm::DenseMap<Block *, llvm::StringSet<>> names;
};

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
  InlineSubgraph(MLIRContext *context, NodeNames &names)
      : OpRewritePattern(context), names(names) {}

  LogicalResult matchAndRewrite(SubgraphOp subgraph,
                                PatternRewriter &rewriter) const override {
    std::string blocker = names.findInlineBlocker(subgraph);
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

    SmallVector<std::string> renamed;
    for (Operation &op : llvm::make_early_inc_range(body)) {
      if (llvm::isa<InputOp, OutputOp>(op))
        continue;
      std::string name = inlinedName(subgraph, llvm::cast<NodeOpInterface>(op));
      rewriter.modifyOpInPlace(
          &op, [&] { op.setAttr("name", rewriter.getStringAttr(name)); });
      rewriter.moveOpBefore(&op, subgraph);
      renamed.push_back(std::move(name));
    }
    names.inlined(subgraph, renamed);
    SmallVector<Value> incoming(subgraph.getInputs());
    expandUses(rewriter, input.getOutput(), incoming);
    SmallVector<Value> outgoing(output.getInputs());
    expandUses(rewriter, subgraph.getOutput(), outgoing);
    rewriter.eraseOp(output);
    rewriter.eraseOp(input);
    rewriter.eraseOp(subgraph);
    return success();
  }

  NodeNames &names;
};

struct NIRInlineSubgraphs
    : nir::impl::NIRInlineSubgraphsBase<NIRInlineSubgraphs> {
  void runOnOperation() override {
    NodeNames names;
    RewritePatternSet patterns(&getContext());
    patterns.add<InlineSubgraph>(&getContext(), names);
    GreedyRewriteConfig config;
    config.enableRegionSimplification = GreedySimplifyRegionLevel::Disabled;
    (void)applyPatternsAndFoldGreedily(getOperation(), std::move(patterns),
                                       config);
    // Whatever is left could not be inlined; say why.
    NodeNames current;
    WalkResult result = getOperation().walk([&](SubgraphOp subgraph) {
      std::string blocker = current.findInlineBlocker(subgraph);
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
