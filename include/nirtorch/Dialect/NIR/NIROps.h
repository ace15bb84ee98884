//===- NIROps.h - NIR graph and node ops ------------------------*- C++ -*-===//

#ifndef NIRTORCH_DIALECT_NIR_NIROPS_H
#define NIRTORCH_DIALECT_NIR_NIROPS_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/RegionKindInterface.h"
#include "mlir/IR/SymbolTable.h"
#include "nirtorch/Dialect/NIR/NIRDialect.h"

#include <cstdint>
#include <optional>

namespace mlir::nir {
/// Whether `attr` can hold a NIR parameter: an elements attribute of static
/// shape with integer or floating-point elements.
bool isParamAttr(Attribute attr);

/// The bytes MLIR stores for a statically shaped tensor of integer or
/// floating-point elements (whole bytes per element, as in resource blobs),
/// or std::nullopt when the count does not fit in int64 (a type can claim
/// that much; sizes computed from it would wrap).
std::optional<int64_t> getStorageBytes(ShapedType type);

/// The most elements a splat elements attribute may stand for (param_c4).
inline constexpr uint64_t kMaxSplatElements = uint64_t(1) << 24;

/// The data-size rules of every node (NodeOpInterface's verifier) and of a
/// graph's metadata (GraphOp's):
/// param_c2 and signal_c3, every tensor's byte size fits in int64;
/// param_c3, a resource blob holds exactly the bytes its type needs;
/// param_c4, a splat stands for at most kMaxSplatElements elements.
LogicalResult verifyDataSizes(Operation *op);
} // namespace mlir::nir

#include "nirtorch/Dialect/NIR/NIRInterfaces.h.inc"

#define GET_OP_CLASSES
#include "nirtorch/Dialect/NIR/NIROps.h.inc"

namespace mlir::nir {
/// Whether edge-type rules are switched off for `op`: it sits in (or is) a
/// graph carrying the `unchecked` attribute.
bool isUncheckedGraph(Operation *op);

/// Whether `signal` has a shape. In an `unchecked` graph a signal may be an
/// unranked tensor until `nir-infer-shapes` runs; elsewhere it always has one.
bool hasInferredShape(Value signal);

/// Fails, with "node 'x' has no inferred shape; run --nir-infer-shapes" at
/// the first such node, if a node of `graph` (a GraphOp or SubgraphOp, and
/// the graphs nested in it) has a result without a shape. For consumers that
/// read signal shapes.
LogicalResult verifyShapesInferred(Operation *graph);
} // namespace mlir::nir

#endif // NIRTORCH_DIALECT_NIR_NIROPS_H
