//===- Pipeline.cpp - The TorchScript to NIR lowering pipeline ------------===//
//
// The stages of the lowering as one pipeline, for nirtorch, the C++ API and
// `nir-opt --lower-torchscript-to-nir` (docs/Lowering.md).
//
//===----------------------------------------------------------------------===//

#include "nirtorch/Conversion/TorchScriptToNIR.h"

#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

void mlir::buildLowerTorchScriptToNIRPipeline(
    OpPassManager &pm, const ConvertTorchScriptToNIROptions &options,
    std::shared_ptr<const nirtorch::ModuleMap> moduleMap) {
  TSMatchModuleMapsOptions matchOptions;
  matchOptions.moduleMapFile = options.moduleMapFile;
  matchOptions.registeredMaps = options.registeredMaps;
  pm.addPass(createTSMatchModuleMapsPass(matchOptions, moduleMap));
  pm.addPass(createTSInlineCalls());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createTSExtractTimeStep());
  pm.addPass(createTSRemoveState({options.rootName}));
  pm.addPass(createConvertTorchScriptToNIRPass(options, std::move(moduleMap)));
}

void mlir::buildLowerTorchScriptToNIRPipeline(
    OpPassManager &pm, const LowerTorchScriptToNIROptions &options) {
  TSMatchModuleMapsOptions matchOptions;
  matchOptions.moduleMapFile = options.moduleMapFile;
  matchOptions.registeredMaps = options.registeredMaps;
  pm.addPass(createTSMatchModuleMapsPass(matchOptions, options.moduleMap));
  pm.addPass(createTSInlineCalls());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createTSExtractTimeStep());
  pm.addPass(createTSRemoveState({options.rootName}));
  pm.addPass(createConvertTorchScriptToNIRPass(options));
}

namespace {
struct LowerTorchScriptToNIRPipelineOptions
    : public PassPipelineOptions<LowerTorchScriptToNIRPipelineOptions> {
  Option<std::string> inputShape{
      *this, "input-shape",
      llvm::cl::desc("as convert-torchscript-to-nir's input-shape")};
  Option<std::string> root{*this, "root",
                           llvm::cl::desc("as convert-torchscript-to-nir's root")};
  Option<std::string> moduleMap{
      *this, "module-map",
      llvm::cl::desc("module map file (JSON or PDL), for the matching and "
                     "the conversion")};
  ListOption<std::string> registeredMaps{
      *this, "registered-maps",
      llvm::cl::desc("registered module maps (a pass plugin's), for the "
                     "matching and the conversion")};
};
} // namespace

void mlir::registerLowerTorchScriptToNIRPipeline() {
  PassPipelineRegistration<LowerTorchScriptToNIRPipelineOptions>(
      "lower-torchscript-to-nir",
      "Lower a root ts.module to NIR: ts-match-module-maps, ts-inline-calls, "
      "canonicalize, ts-extract-time-step, ts-remove-state, "
      "convert-torchscript-to-nir",
      [](OpPassManager &pm,
         const LowerTorchScriptToNIRPipelineOptions &options) {
        // The options struct refers to this storage while the passes are
        // built (they copy it).
        std::vector<std::string> registeredMaps(
            options.registeredMaps.begin(), options.registeredMaps.end());
        ConvertTorchScriptToNIROptions convert;
        convert.inputShape = options.inputShape;
        convert.rootName = options.root;
        convert.moduleMapFile = options.moduleMap;
        convert.registeredMaps = registeredMaps;
        buildLowerTorchScriptToNIRPipeline(pm, convert);
      });
}
