//===- module-map-test.cpp - nir-opt with a library's module mappings -----===//
//
// The lowering pass with custom mappings registered in C++ the way an SNN
// library does it (MyLibraryMappings.cpp): an mlir-opt driver, so that the
// lit test can use -split-input-file and -verify-diagnostics.
//
// `--load-module-map=FILE` (first argument) also adds a module map file to
// the global map through the llvm::Error API, before the pass runs.
//
//===----------------------------------------------------------------------===//

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "nirtorch/Conversion/TorchScriptToNIR.h"
#include "nirtorch/Conversion/TorchScriptToNIR/ModuleMapFile.h"
#include "nirtorch/Dialect/NIR/NIRDialect.h"
#include "nirtorch/Dialect/TorchScript/TorchScriptDialect.h"
#include "llvm/Support/WithColor.h"

#include <vector>

void registerMyLibrary(nirtorch::ModuleMap &map);

using namespace mlir;
using nirtorch::ModuleCall;
using nirtorch::Signal;

/// Builders that misuse the SubgraphBuilder API, for its error paths: each
/// must give one diagnostic and leave no half-built subgraph behind.
static void registerMisuses(nirtorch::ModuleMap &map) {
  auto identityScale = [](ModuleCall &call) {
    OpBuilder &b = call.getBuilder();
    auto type = RankedTensorType::get(call.getInput().shape, b.getF32Type());
    return b.getNamedAttr("scale", DenseElementsAttr::get(type, 1.0f));
  };
  // A node of the nested graph fed by the enclosing graph's signal.
  map.add("__torch__.misuse.OuterSignal",
          [=](ModuleCall &call) -> FailureOr<Signal> {
            nirtorch::SubgraphBuilder subgraph = call.createSubgraph();
            return subgraph.createNode(nir::ScaleOp::getOperationName(),
                                       "scale", call.getInput(),
                                       {identityScale(call)});
          });
  // Two nodes of one name.
  map.add("__torch__.misuse.DuplicateName",
          [=](ModuleCall &call) -> FailureOr<Signal> {
            nirtorch::SubgraphBuilder subgraph = call.createSubgraph();
            FailureOr<Signal> first =
                subgraph.createNode(nir::ScaleOp::getOperationName(), "scale",
                                    subgraph.getInput(), {identityScale(call)});
            if (failed(first))
              return failure();
            return subgraph.createNode(nir::ScaleOp::getOperationName(),
                                       "scale", *first, {identityScale(call)});
          });
  // connect() into the nested Input node.
  map.add("__torch__.misuse.ConnectInput",
          [=](ModuleCall &call) -> FailureOr<Signal> {
            nirtorch::SubgraphBuilder subgraph = call.createSubgraph();
            FailureOr<Signal> scale =
                subgraph.createNode(nir::ScaleOp::getOperationName(), "scale",
                                    subgraph.getInput(), {identityScale(call)});
            if (failed(scale) ||
                failed(subgraph.connect(*scale, subgraph.getInput())))
              return failure();
            return subgraph.finish(*scale);
          });
  // The nested graph's output taken from the enclosing graph.
  map.add("__torch__.misuse.OuterOutput",
          [=](ModuleCall &call) -> FailureOr<Signal> {
            nirtorch::SubgraphBuilder subgraph = call.createSubgraph();
            return subgraph.finish(call.getInput());
          });
}

int main(int argc, char **argv) {
  // The passes use these when their `registered-maps` option names them.
  nirtorch::registerModuleMap("mylib", registerMyLibrary);
  nirtorch::registerModuleMap("misuse", registerMisuses);

  // --load-module-map=FILE registers the file's map as "file", once the
  // whole file has loaded.
  std::vector<char *> args(argv, argv + argc);
  llvm::StringRef loadFlag = "--load-module-map=";
  if (args.size() > 1 && llvm::StringRef(args[1]).starts_with(loadFlag)) {
    auto file = std::make_shared<nirtorch::ModuleMap>();
    llvm::StringRef path = llvm::StringRef(args[1]).drop_front(loadFlag.size());
    if (llvm::Error error = nirtorch::loadModuleMapFile(path, *file)) {
      llvm::WithColor::error() << llvm::toString(std::move(error)) << "\n";
      return 1;
    }
    nirtorch::registerModuleMap(
        "file", [path = path.str()](nirtorch::ModuleMap &map) {
          // Loaded once already: this cannot fail.
          llvm::cantFail(nirtorch::loadModuleMapFile(path, map));
        });
    args.erase(args.begin() + 1);
  }

  mlir::registerTorchScriptToNIRPasses();
  mlir::registerLowerTorchScriptToNIRPipeline();
  mlir::DialectRegistry registry;
  registry.insert<mlir::nir::NIRDialect, mlir::ts::TorchScriptDialect>();
  return mlir::asMainReturnCode(mlir::MlirOptMain(
      static_cast<int>(args.size()), args.data(),
      "TorchScript to NIR with custom module mappings\n", registry));
}
