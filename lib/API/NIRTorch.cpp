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
#include "nirtorch/Dialect/NIR/Passes.h"
#include "nirtorch/Dialect/NIR/TargetDescription.h"
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
  auto map = std::make_shared<ModuleMap>();
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
  LowerTorchScriptToNIROptions passOptions;
  passOptions.inputShapes = options.inputShapes;
  passOptions.moduleMap = options.moduleMap;
  buildLowerTorchScriptToNIRPipeline(pm, passOptions);
}

void nirtorch::addRaiseToTorchScriptPasses(OpPassManager &pm,
                                           const ToTorchOptions &options) {
  nir::RaiseToTorchScriptOptions raise;
  raise.dtype = options.dtype == FloatType::Float64 ? "float64" : "float32";
  raise.reset = options.reset == ResetMode::Subtract ? "subtract" : "value";
  raise.strict = options.strict;
  raise.dt = options.dt;
  raise.nodeLibraries = options.nodeLibraries;
  raise.nodeMap = options.nodeMap;
  // A quantised graph is raised with the float values of its integers.
  pm.addNestedPass<nir::GraphOp>(nir::createNIRDequantize());
  nir::buildRaiseNIRToTorchScriptPipeline(pm, raise);
}

/// `value` as a pass option value, quoted so that any path parses.
static std::string quoteOption(llvm::StringRef value) {
  return "\"" + value.str() + "\"";
}

LogicalResult nirtorch::addTargetPasses(OpPassManager &pm,
                                        const TargetOptions &options,
                                        Location loc) {
  if (options.dt && !(std::isfinite(*options.dt) && *options.dt > 0))
    return emitError(loc) << "dt must be a positive number of seconds, got "
                          << *options.dt;
  if (options.target.find('"') != std::string::npos)
    return emitError(loc) << "a target name or path cannot hold '\"'";
  llvm::Expected<nir::TargetDescription> description =
      nir::loadTargetOption(options.target, "--target");
  if (!description)
    return emitError(loc) << llvm::toString(description.takeError());
  // Each pass from its textual options, as the tools spell them (the
  // discretize pass tells a dt given from none only when it was parsed).
  OpPassManager &graphPM = pm.nest<nir::GraphOp>();
  auto add = [&](std::unique_ptr<Pass> pass,
                 const std::string &text) -> LogicalResult {
    std::string error;
    if (failed(pass->initializeOptions(text, [&](const llvm::Twine &message) {
          error = message.str();
          return failure();
        })))
      return emitError(loc) << "cannot set the options '" << text << "' of "
                            << pass->getArgument() << ": " << error;
    graphPM.addPass(std::move(pass));
    return success();
  };
  const nir::TargetRule *shift = description->getRule("decay_shift");
  const nir::TargetRule *fixed = description->getRule("decay_fixed_point");
  if (options.dt || shift || fixed || description->getRule("time_step")) {
    std::string text;
    llvm::raw_string_ostream os(text);
    if (options.dt) {
      char dt[32];
      std::snprintf(dt, sizeof(dt), "%.17g", *options.dt); // exact
      os << "dt=" << dt << " ";
    }
    if (const nir::TargetRule *rule = shift ? shift : fixed)
      os << "encoding=" << (shift ? "bitshift" : "fixed-point")
         << " decay-bits=" << rule->getInt("bits").value_or(0);
    if (failed(add(nir::createNIRDiscretize(), text)))
      return failure();
  }
  std::string target = "target=" + quoteOption(options.target);
  if (failed(add(nir::createNIRLegalizeTarget(), target)) ||
      failed(add(nir::createNIRCheckTarget(), target)))
    return failure();
  if (options.quantize == QuantizeScheme::None)
    return success();
  StringRef scheme = options.quantize == QuantizeScheme::Channel ? "channel"
                     : options.quantize == QuantizeScheme::Layer ? "layer"
                                                                 : "global";
  return add(nir::createNIRQuantize(), target + " scheme=" + scheme.str());
}

LogicalResult nirtorch::prepareForTarget(ModuleOp module,
                                         const TargetOptions &options) {
  PassManager pm(module.getContext());
  if (failed(addTargetPasses(pm, options, module.getLoc())))
    return failure();
  return pm.run(module);
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
