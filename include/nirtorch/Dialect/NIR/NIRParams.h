//===- NIRParams.h - Reading and making NIR parameters ----------*- C++ -*-===//
//
// NIR parameters are elements attributes of any integer or float type, dense
// or `dense_resource` blobs. Passes and conversions that compute with them
// read them as doubles and write results back in a chosen float type through
// these helpers, so blob handling and rounding live in one place.
//
//===----------------------------------------------------------------------===//

#ifndef NIRTORCH_DIALECT_NIR_NIRPARAMS_H
#define NIRTORCH_DIALECT_NIR_NIRPARAMS_H

#include "mlir/IR/BuiltinAttributeInterfaces.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/Support/LogicalResult.h"
#include "llvm/ADT/SmallVector.h"

namespace mlir::nir {

/// Calls `visit(index, value)` for every element of an integer or
/// floating-point elements attribute (dense, or a resource blob), read as a
/// double, without materialising them all. Fails for a resource whose blob is
/// missing or shorter than the type says, and for other element types.
LogicalResult
forEachParamValue(ElementsAttr attr,
                  llvm::function_ref<void(int64_t, double)> visit);

/// Reads any integer or floating-point elements attribute as doubles.
FailureOr<llvm::SmallVector<double>> readParamValues(ElementsAttr attr);

/// A dense float attribute of `shape` and element type `type` holding
/// `values`, each rounded once (to nearest, ties to even) to `type`.
DenseElementsAttr makeFloatParam(llvm::ArrayRef<int64_t> shape,
                                 llvm::ArrayRef<double> values, FloatType type);

} // namespace mlir::nir

#endif // NIRTORCH_DIALECT_NIR_NIRPARAMS_H
