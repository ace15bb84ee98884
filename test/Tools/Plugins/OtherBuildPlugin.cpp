//===- OtherBuildPlugin.cpp - A TorchScript plugin of another version -----===//
//
// Exports the plugin entry with a version no build has; the loader must
// refuse it before calling anything in the table.
//
//===----------------------------------------------------------------------===//

#include "nirtorch/Target/TorchScript/TorchScriptPlugin.h"

#include "llvm/Support/Compiler.h"

extern "C" LLVM_ATTRIBUTE_VISIBILITY_DEFAULT const mlir::ts::TorchScriptPlugin *
nirtorchGetTorchScriptPlugin() {
  static const mlir::ts::TorchScriptPlugin plugin = {
      mlir::ts::TorchScriptPlugin::kABIVersion,
      sizeof(mlir::ts::TorchScriptPlugin),
      "0.0.0-other",
      nullptr,
      nullptr,
      nullptr,
      nullptr,
      nullptr,
      nullptr};
  return &plugin;
}
