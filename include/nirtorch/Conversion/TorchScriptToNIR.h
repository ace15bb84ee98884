//===- TorchScriptToNIR.h - Lower the ts mirror to NIR ----------*- C++ -*-===//
//
// The pass `convert-torchscript-to-nir`. The module map it consults (which
// TorchScript classes become which NIR node) is in
// nirtorch/Conversion/TorchScriptToNIR/ModuleMap.h.
//
//===----------------------------------------------------------------------===//

#ifndef NIRTORCH_CONVERSION_TORCHSCRIPTTONIR_H
#define NIRTORCH_CONVERSION_TORCHSCRIPTTONIR_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassManager.h"
#include "nirtorch/Dialect/NIR/NIROps.h"

#include <memory>

namespace nirtorch {
class ModuleMap;
} // namespace nirtorch

namespace mlir {

#define GEN_PASS_DECL_CONVERTTORCHSCRIPTTONIR
#define GEN_PASS_DECL_TSINLINECALLS
#define GEN_PASS_DECL_TSMATCHMODULEMAPS
#define GEN_PASS_REGISTRATION
#include "nirtorch/Conversion/TorchScriptToNIR/Passes.h.inc"

/// The pass with an explicit module map (the default pass uses
/// nirtorch::ModuleMap::global()).
std::unique_ptr<Pass> createConvertTorchScriptToNIRPass(
    const ConvertTorchScriptToNIROptions &options,
    std::shared_ptr<const nirtorch::ModuleMap> moduleMap);

/// ts-match-module-maps with an explicit module map (the default pass uses
/// nirtorch::ModuleMap::global()).
std::unique_ptr<Pass> createTSMatchModuleMapsPass(
    const TSMatchModuleMapsOptions &options,
    std::shared_ptr<const nirtorch::ModuleMap> moduleMap);

/// The lowering pipeline (docs/Lowering.md): ts-match-module-maps,
/// ts-inline-calls, canonicalize, convert-torchscript-to-nir, all with
/// `moduleMap` (ModuleMap::global() when null) and `options.moduleMapFile`
/// on top.
void buildLowerTorchScriptToNIRPipeline(
    OpPassManager &pm, const ConvertTorchScriptToNIROptions &options,
    std::shared_ptr<const nirtorch::ModuleMap> moduleMap = nullptr);

/// Registers the pipeline as `lower-torchscript-to-nir` (nir-opt).
void registerLowerTorchScriptToNIRPipeline();

/// The attribute naming the module map entry of a marked call.
inline constexpr llvm::StringLiteral kModuleMapAttrName = "ts.module_map";

} // namespace mlir

#endif // NIRTORCH_CONVERSION_TORCHSCRIPTTONIR_H
