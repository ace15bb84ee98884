//===- TorchScriptPlugin.cpp - The entry point of the TorchScript plugin --===//
//
// Built into libNIRTorchTorchScriptPlugin.so only: hands the tools that
// load it (TorchScriptPluginLoader.cpp) the entry points of TorchScript.h.
// No torch headers here; the target library holds them.
//
//===----------------------------------------------------------------------===//

#include "nirtorch/Target/TorchScript/TorchScriptPlugin.h"

#include "nirtorch/Dialect/TorchScript/TorchScriptDialect.h"

#include "llvm/Support/Compiler.h"

using namespace mlir;
using namespace mlir::ts;

#ifndef NIRTORCH_VERSION
#error "NIRTORCH_VERSION must be defined by the build"
#endif

extern "C" LLVM_ATTRIBUTE_VISIBILITY_DEFAULT const TorchScriptPlugin *
nirtorchGetTorchScriptPlugin() {
  using ImportFile = FailureOr<OwningOpRef<ModuleOp>> (*)(
      llvm::StringRef, MLIRContext *, const TorchScriptImportOptions &);
  using ImportBuffer = FailureOr<OwningOpRef<ModuleOp>> (*)(
      llvm::MemoryBuffer &, MLIRContext *, const TorchScriptImportOptions &);
  using ExportStream = LogicalResult (*)(ScriptModuleOp, llvm::raw_ostream &);
  static const TorchScriptPlugin plugin = {
      TorchScriptPlugin::kABIVersion,
      sizeof(TorchScriptPlugin),
      NIRTORCH_VERSION,
      TypeID::get<TorchScriptDialect>().getAsOpaquePointer(),
      static_cast<ImportFile>(importTorchScriptFile),
      static_cast<ImportBuffer>(importTorchScript),
      importTorchScriptGraph,
      static_cast<ExportStream>(exportTorchScript),
      exportTorchScriptFile,
  };
  return &plugin;
}
