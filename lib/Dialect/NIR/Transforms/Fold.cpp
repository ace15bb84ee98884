//===- Fold.cpp - Apply the NIR folds, optionally only exact ones ---------===//
//
// The patterns are those of `-canonicalize` (lib/Dialect/NIR/IR/NIRFolds.cpp);
// this pass adds the choice to apply only the exact ones.
//
//===----------------------------------------------------------------------===//

#include "nirtorch/Dialect/NIR/NIRFolds.h"
#include "nirtorch/Dialect/NIR/Passes.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::nir {
#define GEN_PASS_DEF_NIRFOLD
#include "nirtorch/Dialect/NIR/Passes.h.inc"
} // namespace mlir::nir

using namespace mlir;
using namespace mlir::nir;

namespace {

struct NIRFold : nir::impl::NIRFoldBase<NIRFold> {
  using NIRFoldBase::NIRFoldBase;

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateNIRFoldPatterns(patterns, exactOnly);
    GreedyRewriteConfig config;
    // A graph body is one block: there is no control flow to simplify.
    config.enableRegionSimplification = GreedySimplifyRegionLevel::Disabled;
    // Every fold removes a node or turns an Affine into a Linear, so the
    // rewriting ends; not converging would still leave a valid graph.
    (void)applyPatternsAndFoldGreedily(getOperation(), std::move(patterns),
                                       config);
  }
};

} // namespace
