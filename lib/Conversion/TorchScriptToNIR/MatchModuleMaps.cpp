//===- MatchModuleMaps.cpp - Mark the calls module maps lower --------------===//
//
// The pass `ts-match-module-maps`: each module map entry is a pattern on the
// calls of its classes, ordered by the map's precedence through the pattern
// benefit. A match marks the call so that inlining keeps it and the
// conversion builds its node with that entry (docs/Lowering.md).
//
//===----------------------------------------------------------------------===//

#include "Common.h"
#include "ModuleMapPDL.h"
#include "RaisedModuleMap.h"
#include "nirtorch/Conversion/TorchScriptToNIR.h"
#include "nirtorch/Conversion/TorchScriptToNIR/ModuleMap.h"
#include "nirtorch/Conversion/TorchScriptToNIR/ModuleMapFile.h"
#include "nirtorch/Dialect/TorchScript/TorchScriptOps.h"

#include "mlir/Dialect/PDL/IR/PDL.h"
#include "mlir/Dialect/PDL/IR/PDLOps.h"
#include "mlir/Dialect/PDLInterp/IR/PDLInterp.h"
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

} // namespace

FailureOr<FrozenRewritePatternSet>
lowering::buildModuleMapMatchPatterns(const ModuleMap &map,
                                      MLIRContext *context) {
  FailureOr<SmallVector<OwningOpRef<ModuleOp>>> pdlModules =
      parsePDLModuleMaps(map, context);
  if (failed(pdlModules))
    return failure();
  // The pass's map wins over the raised node classes, as in the
  // conversion's lookup: its entries come first.
  std::vector<ModuleMap::EntryRef> entries = map.getEntriesByPrecedence();
  size_t mapEntries = entries.size();
  for (const ModuleMap::EntryRef &entry :
       getRaisedModuleMap().getEntriesByPrecedence())
    entries.push_back(entry);
  size_t total = entries.size();
  for (OwningOpRef<ModuleOp> &module : *pdlModules)
    total += llvm::range_size(module->getOps<pdl::PatternOp>());
  if (total >= std::numeric_limits<uint16_t>::max())
    return emitError(UnknownLoc::get(context))
           << "the module map has " << total
           << " entries and PDL patterns; at most 65534 are supported";

  // Benefits count down in the map's precedence. A PDL file is a layer of
  // its own: its patterns come after the entries of newer layers and before
  // those of older ones, in the order of their own benefits.
  RewritePatternSet set(context);
  unsigned benefit = total;
  OwningOpRef<ModuleOp> pdl = ModuleOp::create(UnknownLoc::get(context));
  ArrayRef<ModuleMap::PDLPatterns> files = map.getPDLPatterns();
  // Files in layer order, newest first.
  auto fileOrder = llvm::to_vector(llvm::seq<unsigned>(0, files.size()));
  llvm::stable_sort(fileOrder, [&](unsigned a, unsigned b) {
    return files[a].layer > files[b].layer;
  });
  auto nextFile = fileOrder.begin();
  auto addFilesAbove = [&](std::optional<unsigned> layer) {
    for (; nextFile != fileOrder.end() &&
           (!layer || files[*nextFile].layer > *layer);
         ++nextFile) {
      SmallVector<pdl::PatternOp> patterns(
          (*pdlModules)[*nextFile]->getOps<pdl::PatternOp>());
      llvm::stable_sort(patterns, [](pdl::PatternOp a, pdl::PatternOp b) {
        return a.getBenefit() > b.getBenefit();
      });
      for (auto [index, pattern] : llvm::enumerate(patterns)) {
        pattern.setBenefit(benefit--);
        // Names need only be unique in the merged module.
        pattern.setSymName(StringAttr::get(
            context, "map" + Twine(*nextFile) + "_" + Twine(index)));
        pattern->moveBefore(pdl->getBody(), pdl->getBody()->end());
      }
    }
  };
  for (auto [index, entry] : llvm::enumerate(entries)) {
    addFilesAbove(index < mapEntries ? std::optional(entry.layer)
                                     : std::nullopt);
    set.add<MatchModuleMapEntry>(context, entry, PatternBenefit(benefit--));
  }
  addFilesAbove(std::nullopt);
  set.add<MatchLPPoolFunction>(context);
  if (!pdl->getBody()->empty()) {
    PDLPatternModule patterns(std::move(pdl));
    registerPDLModuleMapFunctions(patterns);
    set.add(std::move(patterns));
  }
  return FrozenRewritePatternSet(std::move(set));
}

namespace {

struct TSMatchModuleMapsPass
    : public impl::TSMatchModuleMapsBase<TSMatchModuleMapsPass> {
  using Base::Base;
  TSMatchModuleMapsPass(const TSMatchModuleMapsOptions &options,
                        std::shared_ptr<const ModuleMap> moduleMap)
      : Base(options), moduleMap(std::move(moduleMap)) {}

  LogicalResult initialize(MLIRContext *context) override {
    FailureOr<std::shared_ptr<const ModuleMap>> map =
        getPassModuleMap(moduleMap, registeredMaps, moduleMapFile, context);
    if (failed(map))
      return failure();
    FailureOr<FrozenRewritePatternSet> set =
        lowering::buildModuleMapMatchPatterns(**map, context);
    if (failed(set))
      return failure();
    patterns = std::move(*set);
    moduleMap = std::move(*map);
    return success();
  }

  void runOnOperation() override {
    lowering::markModuleMapCalls(getOperation(), patterns);
    // A root whose class is mapped (a saved library neuron) becomes one
    // node: the later stages leave its code alone.
    // The pass's map wins over the raised node classes, as in the
    // conversion's lookup.
    for (auto root : getOperation().getOps<ts::ScriptModuleOp>()) {
      std::optional<StringRef> key =
          moduleMap->lookupEntryKey(root.getClassName());
      if (!key)
        key = getRaisedModuleMap().lookupEntryKey(root.getClassName());
      if (key)
        root->setAttr(kModuleMapAttrName, StringAttr::get(&getContext(), *key));
    }
  }

  std::shared_ptr<const ModuleMap> moduleMap;
  FrozenRewritePatternSet patterns;
};

} // namespace

void lowering::markModuleMapCalls(Operation *root,
                                  const FrozenRewritePatternSet &patterns) {
  SmallVector<Operation *> calls;
  root->walk([&](Operation *op) {
    if (isa<ts::CallMethodOp, ts::CallFunctionOp>(op))
      calls.push_back(op);
  });
  GreedyRewriteConfig config;
  config.strictMode = GreedyRewriteStrictness::ExistingOps;
  // Marking never fails; the driver only reports whether it converged.
  (void)applyOpPatternsAndFold(calls, patterns, config);
}

std::unique_ptr<Pass> mlir::createTSMatchModuleMapsPass(
    const TSMatchModuleMapsOptions &options,
    std::shared_ptr<const ModuleMap> moduleMap) {
  return std::make_unique<TSMatchModuleMapsPass>(options,
                                                 std::move(moduleMap));
}
