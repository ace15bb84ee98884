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
#include <string>
#include <vector>

namespace nirtorch {
class ModuleMap;
} // namespace nirtorch

namespace mlir {

#define GEN_PASS_DECL_CONVERTTORCHSCRIPTTONIR
#define GEN_PASS_DECL_TSEXTRACTTIMESTEP
#define GEN_PASS_DECL_TSINLINECALLS
#define GEN_PASS_DECL_TSMATCHMODULEMAPS
#define GEN_PASS_DECL_TSREMOVESTATE
#define GEN_PASS_REGISTRATION
#include "nirtorch/Conversion/TorchScriptToNIR/Passes.h.inc"

/// The pass with an explicit module map, below what its options add (the
/// default pass starts from an empty map).
std::unique_ptr<Pass> createConvertTorchScriptToNIRPass(
    const ConvertTorchScriptToNIROptions &options,
    std::shared_ptr<const nirtorch::ModuleMap> moduleMap);

/// The lowering's options for C++ callers (the API, nirtorch), already in
/// parsed form: nothing is printed as option text to be parsed again.
struct LowerTorchScriptToNIROptions {
  /// One NIR shape per graph input, without the batch dim ({{2, 34, 34}});
  /// empty: from what the module records or its traced types.
  std::vector<std::vector<int64_t>> inputShapes;
  /// The root ts.module to lower (empty: the only one).
  std::string rootName;
  /// A module map file (JSON or PDL) on top of the registered maps.
  std::string moduleMapFile;
  /// Registered module maps (nirtorch::registerModuleMap) on top of
  /// `moduleMap`, in order.
  std::vector<std::string> registeredMaps;
  /// The map below all of them; an empty map when null.
  std::shared_ptr<const nirtorch::ModuleMap> moduleMap;
};

/// The conversion with parsed options.
std::unique_ptr<Pass>
createConvertTorchScriptToNIRPass(const LowerTorchScriptToNIROptions &options);

/// ts-match-module-maps with an explicit module map, below what its options
/// add (the default pass starts from an empty map).
std::unique_ptr<Pass> createTSMatchModuleMapsPass(
    const TSMatchModuleMapsOptions &options,
    std::shared_ptr<const nirtorch::ModuleMap> moduleMap);

/// The lowering pipeline (docs/Lowering.md): ts-match-module-maps,
/// ts-inline-calls, canonicalize, ts-extract-time-step, ts-remove-state,
/// convert-torchscript-to-nir, all with
/// `moduleMap` (empty when null) and the options' registered maps and
/// module map file on top.
void buildLowerTorchScriptToNIRPipeline(
    OpPassManager &pm, const ConvertTorchScriptToNIROptions &options,
    std::shared_ptr<const nirtorch::ModuleMap> moduleMap = nullptr);
/// The same with parsed options.
void buildLowerTorchScriptToNIRPipeline(
    OpPassManager &pm, const LowerTorchScriptToNIROptions &options);

/// Registers the pipeline as `lower-torchscript-to-nir` (nir-opt).
void registerLowerTorchScriptToNIRPipeline();

/// The attribute naming the module map entry of a marked call, or of a root
/// ts.module whose class an entry maps.
inline constexpr llvm::StringLiteral kModuleMapAttrName = "ts.module_map";

} // namespace mlir

#endif // NIRTORCH_CONVERSION_TORCHSCRIPTTONIR_H
