//===- NIRToTorchScript.h - Raise NIR graphs to TorchScript -----*- C++ -*-===//
//
// The `convert-nir-to-torchscript` pass (docs/Raising.md).
//
//===----------------------------------------------------------------------===//

#ifndef NIRTORCH_CONVERSION_NIRTOTORCHSCRIPT_H
#define NIRTORCH_CONVERSION_NIRTOTORCHSCRIPT_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"
#include "nirtorch/Dialect/NIR/NIRDialect.h"
#include "nirtorch/Dialect/TorchScript/TorchScriptDialect.h"

namespace mlir::nir {

#define GEN_PASS_DECL
#include "nirtorch/Conversion/NIRToTorchScript/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "nirtorch/Conversion/NIRToTorchScript/Passes.h.inc"

} // namespace mlir::nir

#endif // NIRTORCH_CONVERSION_NIRTOTORCHSCRIPT_H
