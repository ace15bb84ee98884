//===- Passes.h - NIR dialect passes ----------------------------*- C++ -*-===//

#ifndef NIRTORCH_DIALECT_NIR_PASSES_H
#define NIRTORCH_DIALECT_NIR_PASSES_H

#include "mlir/Pass/Pass.h"
#include "nirtorch/Dialect/NIR/NIROps.h"

namespace mlir::nir {

/// How `nir-stats` prints (its `format` option).
enum class StatsFormat { Text, Json };

/// Whether `nir-check-target` prints a summary (its `report` option).
enum class CheckReport { None, Json };

/// How `nir-discretize` encodes a decay (its `encoding` option).
enum class DecayEncoding { Euler, BitShift, FixedPoint };

/// How `nir-quantize` shares scales (its `scheme` option).
enum class QuantScheme { Global, Channel, Layer };

#define GEN_PASS_DECL
#include "nirtorch/Dialect/NIR/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "nirtorch/Dialect/NIR/Passes.h.inc"

} // namespace mlir::nir

#endif // NIRTORCH_DIALECT_NIR_PASSES_H
