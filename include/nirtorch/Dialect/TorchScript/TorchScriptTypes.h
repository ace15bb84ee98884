//===- TorchScriptTypes.h - TorchScript types and attributes ----*- C++ -*-===//

#ifndef NIRTORCH_DIALECT_TORCHSCRIPT_TORCHSCRIPTTYPES_H
#define NIRTORCH_DIALECT_TORCHSCRIPT_TORCHSCRIPTTYPES_H

#include "mlir/IR/Attributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/Types.h"
#include "nirtorch/Dialect/TorchScript/TorchScriptDialect.h"

#include <optional>

#define GET_TYPEDEF_CLASSES
#include "nirtorch/Dialect/TorchScript/TorchScriptOpsTypes.h.inc"

#define GET_ATTRDEF_CLASSES
#include "nirtorch/Dialect/TorchScript/TorchScriptAttrs.h.inc"

namespace mlir::ts {

/// Whether `type` is a type of the `ts` dialect (a TorchScript type).
bool isTorchScriptType(Type type);

/// Whether `type` is a builtin element type that a TorchScript tensor can
/// hold (f16, bf16, f32, f64, i1, ui8, i8, i16, i32, i64, complex<f32|f64>).
bool isTensorElementType(Type type);

/// TorchScript's subtype relation, restricted to what the mirror types know:
/// every type is a subtype of itself; a refined tensor type of `!ts.tensor`
/// (and of any less refined tensor type); `T` and `!ts.none` of
/// `!ts.optional<T>`; tuples element-wise; and everything of an opaque type
/// (which the mirror cannot inspect).
bool isSubtypeOf(Type sub, Type super);

/// Checks that `value` encodes a value of TorchScript type `type` (see
/// ts.constant); reports the first mismatch through `emitError`, or
/// silently when `emitError` is null.
LogicalResult verifyValueOfType(Attribute value, Type type,
                                function_ref<InFlightDiagnostic()> emitError);

/// Prints a value (see ts.constant) so that the default attribute parser
/// reads it back: i64 and f64 scalars without their type.
void printScriptValue(AsmPrinter &printer, Attribute value);

} // namespace mlir::ts

#endif // NIRTORCH_DIALECT_TORCHSCRIPT_TORCHSCRIPTTYPES_H
