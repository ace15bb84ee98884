//===- TorchScriptDialect.h - The TorchScript mirror dialect ----*- C++ -*-===//

#ifndef NIRTORCH_DIALECT_TORCHSCRIPT_TORCHSCRIPTDIALECT_H
#define NIRTORCH_DIALECT_TORCHSCRIPT_TORCHSCRIPTDIALECT_H

#include "mlir/IR/Dialect.h"

#include "nirtorch/Dialect/TorchScript/TorchScriptOpsDialect.h.inc"

#endif // NIRTORCH_DIALECT_TORCHSCRIPT_TORCHSCRIPTDIALECT_H
