//===- NIRTorchTorch.cpp - The public C++ API: torch::jit::Module ---------===//
//
// The libtorch-facing functions of include/nirtorch/NIRTorch.h: NIRTorch's
// torch_to_nir and nir_to_torch on in-memory modules. The TorchScript target
// library does the importing and exporting (and catches libtorch's
// exceptions); this file only needs the complete torch::jit::Module type.
//
//===----------------------------------------------------------------------===//

#include "nirtorch/NIRTorch.h"

#include "mlir/IR/MLIRContext.h"
#include "nirtorch/Dialect/NIR/NIRDialect.h"
#include "nirtorch/Dialect/TorchScript/TorchScriptDialect.h"
#include "nirtorch/Dialect/TorchScript/TorchScriptOps.h"
#include "nirtorch/Target/TorchScript/TorchScript.h"

#include <torch/script.h>

using namespace mlir;

FailureOr<OwningOpRef<ModuleOp>>
nirtorch::torchToNIR(const torch::jit::Module &module, MLIRContext &context,
                     const ToNIROptions &options) {
  context.loadDialect<nir::NIRDialect, ts::TorchScriptDialect>();
  // Where TorchScript recorded no source range, diagnostics name the class.
  std::string className = "torch::jit::Module";
  if (auto name = module.type()->name())
    className = name->qualifiedName();
  Location loc = NameLoc::get(StringAttr::get(&context, className));
  if (failed(checkOptions(options, loc)))
    return failure();
  FailureOr<OwningOpRef<ModuleOp>> imported =
      ts::importTorchScript(module, &context, loc);
  if (failed(imported) || failed(lowerToNIR(**imported, options)))
    return failure();
  return std::move(*imported);
}

FailureOr<torch::jit::Module>
nirtorch::nirToTorch(ModuleOp module, const ToTorchOptions &options) {
  // Raise a copy: the caller keeps its NIR graph.
  OwningOpRef<ModuleOp> copy(module.clone());
  if (failed(raiseToTorchScript(*copy, options)))
    return failure();
  ts::ScriptModuleOp root = ts::findRootModule(*copy);
  if (!root)
    return failure();
  return ts::exportTorchScript(root);
}
