//===- ModuleMapFile.h - Module map entries from a JSON file ----*- C++ -*-===//
//
// Declarative module maps: a JSON file maps TorchScript classes (exact names
// or glob patterns) to NIR nodes whose parameters come from the module's
// tensor slots, class constants and attributes, or literals; a neuron with a
// recurrent synapse becomes a nested graph. The format is described in
// docs/Lowering.md ("Extending the module map"). A module map file may also
// be PDL: a `.pdll` file (compiled with mlir-pdll when loaded) or the `pdl`
// module in MLIR text (`.mlir`), whose patterns mark the calls they map
// (docs/Lowering.md, "PDLL module maps").
//
//===----------------------------------------------------------------------===//

#ifndef NIRTORCH_CONVERSION_TORCHSCRIPTTONIR_MODULEMAPFILE_H
#define NIRTORCH_CONVERSION_TORCHSCRIPTTONIR_MODULEMAPFILE_H

#include "nirtorch/Conversion/TorchScriptToNIR/ModuleMap.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Support/LogicalResult.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"

#include <memory>

namespace nirtorch {

/// Reads the module map file `path` (JSON, or PDL by its extension) and adds
/// its mappings to `map` in a new layer (ModuleMap::beginLayer), so that they
/// win over every entry `map` already holds. Nothing is added unless the
/// whole file is valid. The error text starts with `path:line:col:` (JSON
/// syntax errors, mappings with a bad entry, PDL errors) or `path:` (I/O
/// errors).
llvm::Error loadModuleMapFile(llvm::StringRef path, ModuleMap &map);

/// As above, reporting the error as a diagnostic located in the file
/// (`path:line:col`) through `context`'s diagnostic engine.
mlir::LogicalResult loadModuleMapFile(llvm::StringRef path, ModuleMap &map,
                                      mlir::MLIRContext *context);

/// The map a lowering pass uses: `base` (an empty map when null), then the
/// registered maps named in `registeredMaps` in order, then the mappings of
/// the file `path` when it is not empty, each on top of what comes before.
/// Diagnoses and fails when a name is not registered or the file does not
/// load.
mlir::FailureOr<std::shared_ptr<const ModuleMap>>
getPassModuleMap(std::shared_ptr<const ModuleMap> base,
                 llvm::ArrayRef<std::string> registeredMaps,
                 llvm::StringRef path, mlir::MLIRContext *context);

/// As above, for JSON file contents already in memory; `path` names them in
/// diagnostics and in the errors of the builders.
llvm::Error parseModuleMap(llvm::StringRef text, llvm::StringRef path,
                           ModuleMap &map);

/// The builder of one mapping object of the JSON schema (an element of a
/// file's "mappings"), written elsewhere: `origin` names it in the errors of
/// the builder ("pattern @LIF of module map 'map.pdll'").
llvm::Expected<ModuleBuilder>
parseModuleMapping(const llvm::json::Value &mapping, llvm::StringRef origin);

} // namespace nirtorch

#endif // NIRTORCH_CONVERSION_TORCHSCRIPTTONIR_MODULEMAPFILE_H
