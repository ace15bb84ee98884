//===- NIRTorch.cpp - The public C++ API: files and IR steps --------------===//
//
// The parts of include/nirtorch/NIRTorch.h that need no libtorch.
//
//===----------------------------------------------------------------------===//

#include "nirtorch/NIRTorch.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "nirtorch/Conversion/NIRToTorchScript.h"
#include "nirtorch/Conversion/TorchScriptToNIR.h"
#include "nirtorch/Conversion/TorchScriptToNIR/ModuleMapFile.h"
#include "nirtorch/Dialect/NIR/NIRDialect.h"
#include "nirtorch/Dialect/NIR/NIROps.h"
#include "nirtorch/Dialect/TorchScript/TorchScriptDialect.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <cstdio>

using namespace mlir;

void nirtorch::registerDialects(DialectRegistry &registry) {
  registry.insert<nir::NIRDialect, ts::TorchScriptDialect>();
}

FailureOr<std::shared_ptr<const nirtorch::ModuleMap>>
nirtorch::loadModuleMap(llvm::StringRef path, MLIRContext &context) {
  auto map = std::make_shared<ModuleMap>(ModuleMap::global());
  if (failed(loadModuleMapFile(path, *map, &context)))
    return failure();
  return std::shared_ptr<const ModuleMap>(std::move(map));
}

FailureOr<OwningOpRef<ModuleOp>>
nirtorch::readNIR(llvm::StringRef path, MLIRContext &context,
                  const nir::NIRReadOptions &options) {
  context.loadDialect<nir::NIRDialect>();
  return nir::readNIRFile(path, &context, options);
}

/// The one `nir.graph` of `module`, or null after a diagnostic.
static nir::GraphOp findOnlyGraph(ModuleOp module) {
  auto graphs = llvm::to_vector(module.getOps<nir::GraphOp>());
  if (graphs.size() == 1)
    return graphs.front();
  module.emitError() << "expected one nir.graph to write, found "
                     << graphs.size();
  return nullptr;
}

LogicalResult nirtorch::writeNIR(ModuleOp module, llvm::StringRef path,
                                 const nir::NIRWriteOptions &options) {
  nir::GraphOp graph = findOnlyGraph(module);
  if (!graph)
    return failure();
  return nir::writeNIRFile(graph, path, options);
}

LogicalResult nirtorch::checkOptions(const ToNIROptions &options,
                                     Location loc) {
  for (const std::vector<int64_t> &shape : options.inputShapes)
    for (int64_t extent : shape)
      if (extent <= 0)
        return emitError(loc)
               << "input shape extents must be positive, got " << extent;
  return success();
}

LogicalResult nirtorch::checkOptions(const ToTorchOptions &options,
                                     Location loc) {
  if (options.dt && !(std::isfinite(*options.dt) && *options.dt > 0))
    return emitError(loc) << "dt must be a positive number of seconds, got "
                          << *options.dt;
  return success();
}

void nirtorch::addLowerToNIRPasses(OpPassManager &pm,
                                   const ToNIROptions &options) {
  ConvertTorchScriptToNIROptions passOptions;
  // The pass's syntax: "2x34x34" per input, joined by ','.
  llvm::raw_string_ostream shapes(passOptions.inputShape);
  llvm::interleave(
      options.inputShapes, shapes,
      [&](const std::vector<int64_t> &shape) {
        llvm::interleave(shape, shapes, "x");
      },
      ",");
  buildLowerTorchScriptToNIRPipeline(pm, passOptions, options.moduleMap);
}

void nirtorch::addRaiseToTorchScriptPasses(OpPassManager &pm,
                                           const ToTorchOptions &options) {
  // Through the textual options: the pass tells a `dt` given explicitly
  // (which overrides the graph's metadata) from the default only when the
  // option was parsed.
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "dtype="
     << (options.dtype == FloatType::Float64 ? "float64" : "float32")
     << " reset="
     << (options.reset == ResetMode::Subtract ? "subtract" : "value")
     << " strict=" << (options.strict ? "true" : "false");
  if (options.dt) {
    char dt[32];
    std::snprintf(dt, sizeof(dt), "%.17g", *options.dt); // exact round trip
    os << " dt=" << dt;
  }
  std::unique_ptr<Pass> pass = nir::createConvertNIRToTorchScript();
  std::string error;
  if (failed(pass->initializeOptions(text, [&](const llvm::Twine &message) {
        error = message.str();
        return failure();
      })))
    llvm::report_fatal_error("convert-nir-to-torchscript rejected '" +
                             llvm::Twine(text) + "': " + error);
  pm.addPass(std::move(pass));
}

/// Runs the passes `add` puts on a fresh pass manager over `module`.
static LogicalResult runPasses(ModuleOp module,
                               llvm::function_ref<void(OpPassManager &)> add) {
  PassManager pm(module.getContext());
  add(pm);
  return pm.run(module);
}

LogicalResult nirtorch::lowerToNIR(ModuleOp module,
                                   const ToNIROptions &options) {
  if (failed(checkOptions(options, module.getLoc())))
    return failure();
  return runPasses(
      module, [&](OpPassManager &pm) { addLowerToNIRPasses(pm, options); });
}

LogicalResult nirtorch::raiseToTorchScript(ModuleOp module,
                                           const ToTorchOptions &options) {
  if (failed(checkOptions(options, module.getLoc())))
    return failure();
  return runPasses(module, [&](OpPassManager &pm) {
    addRaiseToTorchScriptPasses(pm, options);
  });
}
