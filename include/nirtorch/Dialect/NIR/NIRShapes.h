//===- NIRShapes.h - Shape functions of NIR nodes ---------------*- C++ -*-===//
//
// The one place that computes conv, pooling, flatten and matrix shapes. The
// verifiers, type inference, importers and exporters all call these, so every
// formula exists once.
//
//===----------------------------------------------------------------------===//

#ifndef NIRTORCH_DIALECT_NIR_NIRSHAPES_H
#define NIRTORCH_DIALECT_NIR_NIRSHAPES_H

#include "mlir/IR/Diagnostics.h"
#include "mlir/Support/LogicalResult.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>
#include <string>

namespace mlir::nir {

using EmitErrorFn = llvm::function_ref<InFlightDiagnostic()>;
using Shape = llvm::SmallVector<int64_t>;

/// Padding of a convolution: explicit per-axis amounts, or a string mode.
struct ConvPadding {
  enum class Kind { Explicit, Same, Valid };
  Kind kind = Kind::Explicit;
  llvm::SmallVector<int64_t, 2> amounts; // one per spatial axis if Explicit
};

/// Output extent of one spatial axis: floor((n + 2p - d*(k-1) - 1)/s) + 1,
/// or std::nullopt if that overflows int64. May be < 1 for inputs too small
/// for the window; callers diagnose that. Requires stride >= 1.
std::optional<int64_t> convOutputExtent(int64_t n, int64_t kernel,
                                        int64_t stride, int64_t padding,
                                        int64_t dilation);

/// Output shape (C_out, spatial...) of a convolution over `input`
/// (C_in, spatial...) with `weightShape` (C_out, C_in/groups, k...). Checks
/// that the channel count matches and that every output extent is >= 1.
FailureOr<Shape> inferConvOutputShape(llvm::ArrayRef<int64_t> input,
                                      llvm::ArrayRef<int64_t> weightShape,
                                      llvm::ArrayRef<int64_t> stride,
                                      const ConvPadding &padding,
                                      llvm::ArrayRef<int64_t> dilation,
                                      int64_t groups, EmitErrorFn emitError);

/// Output shape (C, H_out, W_out) of a 2-D pooling over `input` (C, H, W).
FailureOr<Shape> inferPool2dOutputShape(llvm::ArrayRef<int64_t> input,
                                        llvm::ArrayRef<int64_t> kernel,
                                        llvm::ArrayRef<int64_t> stride,
                                        llvm::ArrayRef<int64_t> padding,
                                        EmitErrorFn emitError);

/// Output shape of flattening dims [startDim, endDim] (inclusive, negative
/// counts from the end) of `input`.
FailureOr<Shape> inferFlattenOutputShape(llvm::ArrayRef<int64_t> input,
                                         int64_t startDim, int64_t endDim,
                                         EmitErrorFn emitError);

/// Input and output shapes of y = W x for `weightShape` (..., N_out, N_in).
/// Requires rank >= 2.
Shape matmulInputShape(llvm::ArrayRef<int64_t> weightShape);
Shape matmulOutputShape(llvm::ArrayRef<int64_t> weightShape);

/// Whether `shape` broadcasts to exactly `target` (numpy rules, the result
/// being `target` itself).
bool broadcastsTo(llvm::ArrayRef<int64_t> shape,
                  llvm::ArrayRef<int64_t> target);

/// Number of elements of a static shape.
int64_t numElements(llvm::ArrayRef<int64_t> shape);

/// A shape as diagnostics print it: [2, 34, 34].
std::string formatShape(llvm::ArrayRef<int64_t> shape);

} // namespace mlir::nir

#endif // NIRTORCH_DIALECT_NIR_NIRSHAPES_H
