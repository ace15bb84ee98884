//===- InferShapes.h - Shapes of unchecked NIR graphs -----------*- C++ -*-===//
//
// In an `unchecked` graph a signal may be an unranked tensor: its shape is
// not inferred yet. `inferShapes` fills every such signal from the shapes
// that parameters and ports fix, flowing along the edges; it is the pass
// `nir-infer-shapes` and the type inference of the `.nir` reader without type
// checking.
//
//===----------------------------------------------------------------------===//

#ifndef NIRTORCH_DIALECT_NIR_INFERSHAPES_H
#define NIRTORCH_DIALECT_NIR_INFERSHAPES_H

#include "nirtorch/Dialect/NIR/NIROps.h"

namespace mlir::nir {

/// Infers the unranked signals of `graph` and of the graphs nested in it, if
/// `graph` is `unchecked` (a checked graph is left alone: its shapes are
/// verified). Fills a missing Conv `input_shape` or Flatten `input_type` of a
/// node whose input shape it infers. Fails, with an error at the node, where
/// a node's incoming edges bring different shapes to an input its parameters
/// leave open, where a shape does not fit a node, and where no known shape
/// reaches a node.
LogicalResult inferShapes(GraphOp graph);

/// The same for one nested graph (and those nested in it) of an `unchecked`
/// graph; its own result is the parent's to infer.
LogicalResult inferShapes(SubgraphOp subgraph);

} // namespace mlir::nir

#endif // NIRTORCH_DIALECT_NIR_INFERSHAPES_H
