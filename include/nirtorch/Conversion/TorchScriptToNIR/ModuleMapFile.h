//===- ModuleMapFile.h - Module map entries from a JSON file ----*- C++ -*-===//
//
// Declarative module maps: a JSON file maps TorchScript classes (exact names
// or glob patterns) to NIR nodes whose parameters come from the module's
// tensor slots, class constants and attributes, or literals; a neuron with a
// recurrent synapse becomes a nested graph. The format is described in
// docs/Lowering.md ("Extending the module map").
//
//===----------------------------------------------------------------------===//

#ifndef NIRTORCH_CONVERSION_TORCHSCRIPTTONIR_MODULEMAPFILE_H
#define NIRTORCH_CONVERSION_TORCHSCRIPTTONIR_MODULEMAPFILE_H

#include "nirtorch/Conversion/TorchScriptToNIR/ModuleMap.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Support/LogicalResult.h"
#include "llvm/Support/Error.h"

#include <memory>

namespace nirtorch {

/// Reads the module map file `path` and adds its mappings to `map` in a new
/// layer (ModuleMap::beginLayer), so that they win over every entry `map`
/// already holds. Nothing is added unless the whole file is valid. The
/// error text starts with `path:line:col:` (JSON syntax errors and mappings
/// with a bad entry) or `path:` (I/O errors).
llvm::Error loadModuleMapFile(llvm::StringRef path, ModuleMap &map);

/// As above, reporting the error as a diagnostic located in the file
/// (`path:line:col`) through `context`'s diagnostic engine.
mlir::LogicalResult loadModuleMapFile(llvm::StringRef path, ModuleMap &map,
                                      mlir::MLIRContext *context);

/// The map a lowering pass uses: `base` (ModuleMap::global() when null), with
/// the mappings of `path` on top when it is not empty. Diagnoses and fails
/// when the file does not load.
mlir::FailureOr<std::shared_ptr<const ModuleMap>>
getPassModuleMap(std::shared_ptr<const ModuleMap> base, llvm::StringRef path,
                 mlir::MLIRContext *context);

/// As above, for file contents already in memory; `path` names them in
/// diagnostics and in the errors of the builders.
llvm::Error parseModuleMap(llvm::StringRef text, llvm::StringRef path,
                           ModuleMap &map);

} // namespace nirtorch

#endif // NIRTORCH_CONVERSION_TORCHSCRIPTTONIR_MODULEMAPFILE_H
