//===- ModuleMapPDL.h - Module maps written in PDLL --------------*- C++ -*-===//

#ifndef NIRTORCH_LIB_CONVERSION_TORCHSCRIPTTONIR_MODULEMAPPDL_H
#define NIRTORCH_LIB_CONVERSION_TORCHSCRIPTTONIR_MODULEMAPPDL_H

#include "nirtorch/Conversion/TorchScriptToNIR/ModuleMap.h"

#include "mlir/IR/OwningOpRef.h"

namespace mlir {
class PDLPatternModule;
} // namespace mlir

namespace nirtorch {

/// Whether a module map file is PDL: `.pdll` (PDLL source) or `.mlir` (a
/// `pdl` module as `mlir-pdll -x mlir` writes it).
bool isPDLModuleMap(llvm::StringRef path);

/// Compiles (`.pdll`) or reads (`.mlir`) the PDL module map at `path`,
/// checks it, and adds its patterns to `map` as a new layer.
mlir::LogicalResult loadPDLModuleMap(llvm::StringRef path, ModuleMap &map,
                                     mlir::MLIRContext *context);

/// The PDL modules of `map`, parsed in `context`, in layer order.
mlir::FailureOr<llvm::SmallVector<mlir::OwningOpRef<mlir::ModuleOp>>>
parsePDLModuleMaps(const ModuleMap &map, mlir::MLIRContext *context);

/// Registers NIRClassMatches and NIRMarkModuleMap with `module`.
void registerPDLModuleMapFunctions(mlir::PDLPatternModule &module);

} // namespace nirtorch

#endif // NIRTORCH_LIB_CONVERSION_TORCHSCRIPTTONIR_MODULEMAPPDL_H
