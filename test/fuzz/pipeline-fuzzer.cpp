//===- pipeline-fuzzer.cpp - libFuzzer target: lowering and raising -------===//
//
// The bytes are MLIR assembly (parsed as the tools parse it). A module
// holding a `ts.module` runs the lowering to NIR (nirtorch::lowerToNIR, the
// passes of `nirtorch X.pt`); every module holding `nir.graph`s then runs
// the raising to TorchScript (nirtorch::raiseToTorchScript, the passes of
// `nirtorch X.nir -o Y.pt`), and the NIR backend passes a chip pipeline
// would run in between. The result is verified (the pass manager does) and
// printed.
//
//===----------------------------------------------------------------------===//

#include "FuzzCommon.h"

#include "nirtorch/Dialect/NIR/NIROps.h"
#include "nirtorch/Dialect/NIR/Passes.h"
#include "nirtorch/Dialect/TorchScript/TorchScriptOps.h"
#include "nirtorch/NIRTorch.h"
#include "nirtorch/Support/MLIRInput.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

using namespace mlir;

namespace {
bool containsOp(ModuleOp module, StringRef name) {
  bool found = false;
  module.walk([&](Operation *op) {
    if (op->getName().getStringRef() == name)
      found = true;
  });
  return found;
}
} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  nir::registerNIRPasses();
  registerTransformsPasses();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  DialectRegistry registry;
  nirtorch::registerDialects(registry);
  std::unique_ptr<MLIRContext> context = nirtorch::fuzz::makeContext(registry);

  OwningOpRef<ModuleOp> module =
      nirtorch::fuzz::parseInput(data, size, context.get());
  if (!module)
    return 0;

  if (containsOp(*module, ts::ScriptModuleOp::getOperationName()) &&
      failed(nirtorch::lowerToNIR(*module)))
    return 0;
  if (!containsOp(*module, nir::GraphOp::getOperationName()))
    return 0;

  // Backend passes on nir alone, then the raising.
  {
    OwningOpRef<ModuleOp> copy = module->clone();
    PassManager pm(context.get());
    if (failed(parsePassPipeline(
            "builtin.module(nir.graph(nir-infer-shapes,nir-inline-subgraphs,"
            "nir-fold,nir-dce,nir-discretize,canonicalize,cse))",
            pm)))
      std::abort();
    if (succeeded(pm.run(*copy)))
      nirtorch::fuzz::printAll(copy->getOperation());
  }
  if (succeeded(nirtorch::raiseToTorchScript(*module)))
    nirtorch::fuzz::printAll(module->getOperation());
  return 0;
}
