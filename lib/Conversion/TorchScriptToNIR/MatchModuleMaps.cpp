//===- MatchModuleMaps.cpp - Mark the calls module maps lower --------------===//
//
// The pass `ts-match-module-maps`: each module map entry is a pattern on the
// calls of its classes, ordered by the map's precedence through the pattern
// benefit. A match marks the call so that inlining keeps it and the
// conversion builds its node with that entry (docs/Lowering.md).
//
//===----------------------------------------------------------------------===//

#include "Common.h"
#include "RaisedModuleMap.h"
#include "nirtorch/Conversion/TorchScriptToNIR.h"
#include "nirtorch/Conversion/TorchScriptToNIR/ModuleMap.h"
#include "nirtorch/Conversion/TorchScriptToNIR/ModuleMapFile.h"
#include "nirtorch/Dialect/TorchScript/TorchScriptOps.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir {
#define GEN_PASS_DEF_TSMATCHMODULEMAPS
#include "nirtorch/Conversion/TorchScriptToNIR/Passes.h.inc"
} // namespace mlir

using namespace mlir;
using namespace nirtorch;

namespace {

/// Marks a call that a module lowers as a whole.
void markCall(Operation *call, PatternRewriter &rewriter,
              StringAttr entry = {}) {
  rewriter.modifyOpInPlace(call, [&] {
    call->setAttr(ts::TorchScriptDialect::getNoInlineAttrName(),
                  rewriter.getUnitAttr());
    if (entry)
      call->setAttr(kModuleMapAttrName, entry);
  });
}

/// One module map entry: `ts.call_method %obj["forward"]` of a class the
/// entry's key matches.
struct MatchModuleMapEntry : public OpRewritePattern<ts::CallMethodOp> {
  MatchModuleMapEntry(MLIRContext *context, ModuleMap::EntryRef entry,
                      PatternBenefit benefit)
      : OpRewritePattern(context, benefit), key(entry.key.str()),
        isPattern(entry.isPattern) {}

  LogicalResult matchAndRewrite(ts::CallMethodOp call,
                                PatternRewriter &rewriter) const override {
    if (call.getMethod() != "forward" || call->hasAttr(kModuleMapAttrName) ||
        !ModuleMap::matches({key, isPattern}, call.getClassName()))
      return failure();
    markCall(call, rewriter, rewriter.getStringAttr(key));
    return success();
  }

  std::string key;
  bool isPattern;
};

/// `F.lp_pool2d(x, 1, k)` is sum pooling: the conversion lowers the call
/// itself, whose body has no op-by-op NIR form.
struct MatchLPPoolFunction : public OpRewritePattern<ts::CallFunctionOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ts::CallFunctionOp call,
                                PatternRewriter &rewriter) const override {
    if (call.getCallee() != lowering::kLPPool2dFunction ||
        call->hasAttr(ts::TorchScriptDialect::getNoInlineAttrName()))
      return failure();
    markCall(call, rewriter);
    return success();
  }
};

struct TSMatchModuleMapsPass
    : public impl::TSMatchModuleMapsBase<TSMatchModuleMapsPass> {
  using Base::Base;
  TSMatchModuleMapsPass(const TSMatchModuleMapsOptions &options,
                        std::shared_ptr<const ModuleMap> moduleMap)
      : Base(options), moduleMap(std::move(moduleMap)) {}

  LogicalResult initialize(MLIRContext *context) override {
    FailureOr<std::shared_ptr<const ModuleMap>> map =
        getPassModuleMap(moduleMap, moduleMapFile, context);
    if (failed(map))
      return failure();
    // The pass's map wins over the raised node classes, as in the
    // conversion's lookup: its entries come first.
    std::vector<ModuleMap::EntryRef> entries = (*map)->getEntriesByPrecedence();
    for (const ModuleMap::EntryRef &entry :
         getRaisedModuleMap().getEntriesByPrecedence())
      entries.push_back(entry);
    if (entries.size() >= std::numeric_limits<uint16_t>::max())
      return emitError(UnknownLoc::get(context))
             << "the module map has " << entries.size()
             << " entries; at most 65534 are supported";
    RewritePatternSet set(context);
    for (auto [rank, entry] : llvm::enumerate(entries))
      set.add<MatchModuleMapEntry>(context, entry,
                                   PatternBenefit(entries.size() - rank));
    set.add<MatchLPPoolFunction>(context);
    patterns = FrozenRewritePatternSet(std::move(set));
    return success();
  }

  void runOnOperation() override {
    SmallVector<Operation *> calls;
    getOperation().walk([&](Operation *op) {
      if (isa<ts::CallMethodOp, ts::CallFunctionOp>(op))
        calls.push_back(op);
    });
    GreedyRewriteConfig config;
    config.strictMode = GreedyRewriteStrictness::ExistingOps;
    // Marking never fails; the driver only reports whether it converged.
    (void)applyOpPatternsAndFold(calls, patterns, config);
  }

  std::shared_ptr<const ModuleMap> moduleMap;
  FrozenRewritePatternSet patterns;
};

} // namespace

std::unique_ptr<Pass> mlir::createTSMatchModuleMapsPass(
    const TSMatchModuleMapsOptions &options,
    std::shared_ptr<const ModuleMap> moduleMap) {
  return std::make_unique<TSMatchModuleMapsPass>(options,
                                                 std::move(moduleMap));
}
