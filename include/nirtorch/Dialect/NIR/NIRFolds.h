//===- NIRFolds.h - Canonicalization patterns of NIR nodes ------*- C++ -*-===//
//
// The folds of `nir` nodes (lib/Dialect/NIR/IR/NIRFolds.cpp): Scale into the
// synapse next to it, Scale of Scale, Affine/Linear chains (a bias added
// after a Linear among them), Affine with a zero bias to Linear, AvgPool2d
// times its window area to SumPool2d, and the removal of identity Scale and
// Flatten nodes.
// `-canonicalize` applies all of them; `nir-fold{exact-only=true}` only those
// whose result is exactly the unfolded graph's (docs/BackendPasses.md,
// "Canonicalization and folds").
//
//===----------------------------------------------------------------------===//

#ifndef NIRTORCH_DIALECT_NIR_NIRFOLDS_H
#define NIRTORCH_DIALECT_NIR_NIRFOLDS_H

namespace mlir {
class RewritePatternSet;
} // namespace mlir

namespace mlir::nir {

/// Adds every NIR fold to `patterns`. With `exactOnly`, each pattern applies
/// only where it can prove that the folded graph computes the same values as
/// the original in floating point (up to the sign of a zero).
void populateNIRFoldPatterns(RewritePatternSet &patterns, bool exactOnly);

/// Adds the folds that turn the op-by-op form a TorchScript lowering builds
/// back into single nodes: Linear -> identity Affine (`x @ W + b`) into one
/// Affine, and AvgPool2d -> Scale by the window area (`F.lp_pool2d` with
/// norm_type 1) into SumPool2d. They are canonicalization patterns too; the
/// lowering applies these alone, to the nodes its op patterns built.
void populateLoweringCleanupPatterns(RewritePatternSet &patterns);

} // namespace mlir::nir

#endif // NIRTORCH_DIALECT_NIR_NIRFOLDS_H
