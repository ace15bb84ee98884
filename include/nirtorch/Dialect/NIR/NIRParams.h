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

#include <string>

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

/// `attr` with the same elements in row-major order under `shape` (which
/// must have as many elements): a dense attribute reshaped, a resource blob
/// retyped over the same blob, so no value is copied; other kinds (sparse)
/// rebuilt dense. Null when the element counts differ.
ElementsAttr reshapeParam(ElementsAttr attr, llvm::ArrayRef<int64_t> shape);

/// The numpy name of a parameter element type, as the `.nir` files and
/// h5py spell dtypes ("float32", "int64", "uint16", "bool"); "" for a type
/// numpy has no name for.
std::string getNumpyTypeName(Type type);

/// The element type of numpy name `name` (getNumpyTypeName's inverse), or
/// null.
Type parseNumpyTypeName(llvm::StringRef name, MLIRContext *context);

/// Whether every value of `attr` (integer or float, dense or a blob) converts
/// to the integer or float type `target` and back unchanged: a float32 file
/// value in a float64 tensor, a float64 value that float32 holds, an integer
/// within range. Fails when the values cannot be read.
FailureOr<bool> isExactlyConvertible(ElementsAttr attr, Type target);

/// A resource blob name for the parameter at `path` ("fc1/weight" or
/// "fc1.weight"): the IR syntax takes bare identifiers only, so
/// "fc1.weight", and "_0.weight" for "0/weight". The resource manager makes
/// clashing names unique.
std::string getResourceName(llvm::StringRef path);

/// `attr` with its values converted to the integer or float type `target`,
/// each rounded once (to nearest, ties to even). Results of at least
/// `blobThreshold` bytes are written straight into a new resource blob named
/// getResourceName(`blobName`); smaller ones are dense. `attr` itself when it already has
/// that type. Fails when the values cannot be read.
FailureOr<ElementsAttr> convertParamType(ElementsAttr attr, Type target,
                                         llvm::StringRef blobName,
                                         size_t blobThreshold);

} // namespace mlir::nir

#endif // NIRTORCH_DIALECT_NIR_NIRPARAMS_H
