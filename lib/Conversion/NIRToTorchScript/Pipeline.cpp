//===- Pipeline.cpp - The NIR to TorchScript raising pipeline -------------===//
//
// The stages of the raising as one pipeline, for nirtorch, the C++ API and
// `nir-opt --convert-nir-to-torchscript` (docs/Raising.md, "The pipeline").
//
//===----------------------------------------------------------------------===//

#include "nirtorch/Conversion/NIRToTorchScript.h"

#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"
#include "nirtorch/Dialect/NIR/Passes.h"
#include "llvm/Support/ErrorHandling.h"

#include <cstdio>

using namespace mlir;
using namespace mlir::nir;

/// Stages 4 and 5 (raise-nir-nodes, raise-nir-forward) and the cleanup.
static void addRaiseGraphsPasses(OpPassManager &pm,
                                 const RaiseToTorchScriptOptions &options) {
  // Through the textual options: raise-nir-nodes tells a `dt` given
  // explicitly (which overrides the graph's) from the default only when the
  // option was parsed.
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "dtype=" << options.dtype << " reset=" << options.reset
     << " strict=" << (options.strict ? "true" : "false");
  if (options.dt) {
    char dt[32];
    std::snprintf(dt, sizeof(dt), "%.17g", *options.dt); // exact round trip
    os << " dt=" << dt;
  }
  std::unique_ptr<Pass> raise =
      createRaiseNIRNodesPass(options.nodeMap, options.nodeLibraries);
  std::string error;
  if (failed(raise->initializeOptions(text, [&](const llvm::Twine &message) {
        error = message.str();
        return failure();
      })))
    llvm::report_fatal_error("raise-nir-nodes rejected '" +
                             llvm::Twine(text) + "': " + error);
  pm.addPass(std::move(raise));
  pm.addPass(createRaiseNIRForward());
  // The node builders make each constant where it is used; one per method
  // is enough. (The code TorchScript saves prints constants inline, so only
  // the IR and the .pt's debug records get smaller.)
  if (options.cleanup) {
    pm.addPass(createCanonicalizerPass());
    pm.addPass(createCSEPass());
  }
  pm.addPass(createTSSplitMethods());
}

void nir::buildRaiseNIRToTorchScriptPipeline(
    OpPassManager &pm, const RaiseToTorchScriptOptions &options) {
  pm.addPass(createRaiseNIRRecordNesting());
  OpPassManager &graphs = pm.nest<GraphOp>();
  graphs.addPass(createNIRInlineSubgraphs());
  graphs.addPass(createNIRSchedule());
  addRaiseGraphsPasses(pm, options);
}

namespace {
struct RaisePipelineOptions
    : public PassPipelineOptions<RaisePipelineOptions> {
  Option<double> dt{*this, "dt",
                    llvm::cl::desc("as raise-nir-nodes' dt"),
                    llvm::cl::init(1e-4)};
  Option<std::string> dtype{*this, "dtype",
                            llvm::cl::desc("as raise-nir-nodes' dtype"),
                            llvm::cl::init("float32")};
  Option<std::string> reset{*this, "reset",
                            llvm::cl::desc("as raise-nir-nodes' reset"),
                            llvm::cl::init("value")};
  Option<bool> strict{*this, "strict",
                      llvm::cl::desc("as raise-nir-nodes' strict"),
                      llvm::cl::init(false)};
  Option<bool> cleanup{
      *this, "cleanup",
      llvm::cl::desc("run canonicalize and cse on the raised module, as "
                     "nirtorch and the C++ API do"),
      llvm::cl::init(false)};
  ListOption<std::string> nodeLibraries{
      *this, "node-library",
      llvm::cl::desc("as raise-nir-nodes' node-library")};
};
} // namespace

/// The options as the C++ pipeline takes them.
static RaiseToTorchScriptOptions
toRaiseOptions(const RaisePipelineOptions &options) {
  RaiseToTorchScriptOptions raise;
  raise.dtype = options.dtype;
  raise.reset = options.reset;
  raise.strict = options.strict;
  raise.cleanup = options.cleanup;
  raise.nodeLibraries.assign(options.nodeLibraries.begin(),
                             options.nodeLibraries.end());
  if (options.dt.hasValue())
    raise.dt = options.dt;
  return raise;
}

void nir::registerRaiseNIRToTorchScriptPipeline() {
  PassPipelineRegistration<RaisePipelineOptions>(
      "convert-nir-to-torchscript",
      "Raise every nir.graph to a runnable TorchScript module: "
      "raise-nir-record-nesting, nir-inline-subgraphs, nir-schedule, "
      "raise-nir-nodes, raise-nir-forward (then canonicalize, cse with "
      "cleanup), ts-split-methods",
      [](OpPassManager &pm, const RaisePipelineOptions &options) {
        buildRaiseNIRToTorchScriptPipeline(pm, toRaiseOptions(options));
      });
  PassPipelineRegistration<RaisePipelineOptions>(
      "raise-nir-graphs",
      "Raise every scheduled nir.graph: raise-nir-nodes, raise-nir-forward "
      "(then canonicalize, cse with cleanup), ts-split-methods",
      [](OpPassManager &pm, const RaisePipelineOptions &options) {
        addRaiseGraphsPasses(pm, toRaiseOptions(options));
      });
}
