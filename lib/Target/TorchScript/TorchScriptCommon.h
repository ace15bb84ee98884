//===- TorchScriptCommon.h - Shared by the importer and exporter -*- C++
//-*-===//
//
// Internal to lib/Target/TorchScript: the dtype mapping and the boundary that
// turns libtorch exceptions into MLIR diagnostics.
//
//===----------------------------------------------------------------------===//

#ifndef NIRTORCH_LIB_TARGET_TORCHSCRIPT_TORCHSCRIPTCOMMON_H
#define NIRTORCH_LIB_TARGET_TORCHSCRIPT_TORCHSCRIPTCOMMON_H

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Location.h"
#include "llvm/ADT/StringRef.h"

#include <c10/core/ScalarType.h>
#include <c10/util/Exception.h>

#include <exception>
#include <new>
#include <optional>
#include <string>

namespace mlir::ts::interop {

/// The builtin element type of a TorchScript dtype, or null for dtypes the
/// mirror does not hold (quantized, complex32, bits).
inline Type getElementType(MLIRContext *context, c10::ScalarType dtype) {
  switch (dtype) {
  case c10::ScalarType::Half:
    return Float16Type::get(context);
  case c10::ScalarType::BFloat16:
    return BFloat16Type::get(context);
  case c10::ScalarType::Float:
    return Float32Type::get(context);
  case c10::ScalarType::Double:
    return Float64Type::get(context);
  case c10::ScalarType::Bool:
    return IntegerType::get(context, 1);
  case c10::ScalarType::Byte:
    return IntegerType::get(context, 8, IntegerType::Unsigned);
  case c10::ScalarType::Char:
    return IntegerType::get(context, 8);
  case c10::ScalarType::Short:
    return IntegerType::get(context, 16);
  case c10::ScalarType::Int:
    return IntegerType::get(context, 32);
  case c10::ScalarType::Long:
    return IntegerType::get(context, 64);
  case c10::ScalarType::ComplexFloat:
    return ComplexType::get(Float32Type::get(context));
  case c10::ScalarType::ComplexDouble:
    return ComplexType::get(Float64Type::get(context));
  default:
    return {};
  }
}

/// The TorchScript dtype of a builtin element type (the inverse of
/// getElementType).
inline std::optional<c10::ScalarType> getScalarType(Type type) {
  if (type.isF16())
    return c10::ScalarType::Half;
  if (type.isBF16())
    return c10::ScalarType::BFloat16;
  if (type.isF32())
    return c10::ScalarType::Float;
  if (type.isF64())
    return c10::ScalarType::Double;
  if (auto integer = llvm::dyn_cast<IntegerType>(type)) {
    if (integer.isUnsigned())
      return integer.getWidth() == 8 ? std::optional(c10::ScalarType::Byte)
                                     : std::nullopt;
    if (!integer.isSignless())
      return std::nullopt;
    switch (integer.getWidth()) {
    case 1:
      return c10::ScalarType::Bool;
    case 8:
      return c10::ScalarType::Char;
    case 16:
      return c10::ScalarType::Short;
    case 32:
      return c10::ScalarType::Int;
    case 64:
      return c10::ScalarType::Long;
    default:
      return std::nullopt;
    }
  }
  if (auto complex = llvm::dyn_cast<ComplexType>(type)) {
    if (complex.getElementType().isF32())
      return c10::ScalarType::ComplexFloat;
    if (complex.getElementType().isF64())
      return c10::ScalarType::ComplexDouble;
  }
  return std::nullopt;
}

/// The message of a libtorch exception as one line: without the C++
/// backtrace that c10::Error appends, and without the source excerpt that
/// TorchScript's frontend errors (torch::jit::ErrorReport) print after it.
inline std::string describeException(const std::exception &error) {
  std::string message;
  if (auto *c10Error = dynamic_cast<const c10::Error *>(&error))
    message = c10Error->what_without_backtrace();
  else
    message = error.what();
  llvm::StringRef rest = message;
  while (!rest.empty()) {
    auto [line, tail] = rest.split('\n');
    line = line.trim();
    if (!line.empty())
      return line.rtrim(':').str();
    rest = tail;
  }
  return "unknown error";
}

/// Runs `body`, turning any exception it throws into an error at `location`
/// prefixed with `context`. This is the library's exception boundary: no
/// exception may unwind into MLIR, which is built without exceptions.
///
/// LLVM tools install a new-handler that aborts ("LLVM ERROR: out of
/// memory"), so an allocation libtorch cannot satisfy (a size a corrupt file
/// claims) would end the process. Inside `body` the standard behaviour is
/// back: `new` throws std::bad_alloc, which becomes an error here.
template <typename Fn>
auto catchTorchErrors(Location location, llvm::StringRef context, Fn &&body)
    -> decltype(body()) {
  struct RestoreNewHandler {
    std::new_handler saved = std::set_new_handler(nullptr);
    ~RestoreNewHandler() { std::set_new_handler(saved); }
  } restore;
  try {
    return body();
  } catch (const std::bad_alloc &) {
    emitError(location) << context
                        << "cannot allocate the memory it claims to need "
                           "(std::bad_alloc)";
  } catch (const std::exception &error) {
    emitError(location) << context << describeException(error);
  } catch (...) {
    emitError(location) << context << "unknown exception";
  }
  return failure();
}

} // namespace mlir::ts::interop

#endif // NIRTORCH_LIB_TARGET_TORCHSCRIPT_TORCHSCRIPTCOMMON_H
