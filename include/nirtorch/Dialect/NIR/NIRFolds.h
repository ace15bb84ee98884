//===- NIRFolds.h - Canonicalization patterns of NIR nodes ------*- C++ -*-===//
//
// The folds of `nir` nodes (lib/Dialect/NIR/IR/NIRFolds.cpp): Scale into the
// synapse next to it, Scale of Scale, Affine/Linear chains, Affine with a
// zero bias to Linear, and the removal of identity Scale and Flatten nodes.
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

} // namespace mlir::nir

#endif // NIRTORCH_DIALECT_NIR_NIRFOLDS_H
