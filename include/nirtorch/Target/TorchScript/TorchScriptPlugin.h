//===- TorchScriptPlugin.h - TorchScript on demand --------------*- C++ -*-===//
//
// libtorch costs every process that links it about a second of loading and
// static initialisers, even for work that never touches a `.pt` file. The
// tools (`nir-translate`, `nirtorch`) therefore do not link it: the
// TorchScript translations live in a plugin library,
// `libNIRTorchTorchScriptPlugin.so`, which links libtorch and is loaded the
// first time a tool reads or writes TorchScript. docs/Driver.md describes
// where it is looked for.
//
// The plugin resolves MLIR and the project's libraries against the tool
// that loads it (the tools export their symbols; a program that does not is
// refused, see TorchScriptPlugin::dialectTypeID), so IR crosses the
// boundary as it is: one MLIRContext, one copy of each dialect.
//
// Library users who link libtorch anyway call nirtorch/Target/TorchScript/
// TorchScript.h directly; this header is for torch-free executables.
//
//===----------------------------------------------------------------------===//

#ifndef NIRTORCH_TARGET_TORCHSCRIPT_TORCHSCRIPTPLUGIN_H
#define NIRTORCH_TARGET_TORCHSCRIPT_TORCHSCRIPTPLUGIN_H

#include "nirtorch/Target/TorchScript/TorchScript.h"

namespace mlir::ts {

/// The entry points of TorchScript.h that the tools need, as the plugin
/// exports them. `abiVersion` and `size` guard against a plugin from another
/// build of nirtorch.
struct TorchScriptPlugin {
  static constexpr unsigned kABIVersion = 3;
  unsigned abiVersion;
  unsigned size;
  /// The nirtorch version the plugin was built from (PROJECT_VERSION).
  const char *version;
  /// The ts dialect's TypeID as the plugin sees it. It equals the tool's
  /// only when the plugin bound to the tool's symbols; an executable that
  /// does not export them (ENABLE_EXPORTS, -rdynamic) would hand the plugin
  /// IR of a dialect it does not know.
  const void *dialectTypeID;

  FailureOr<OwningOpRef<ModuleOp>> (*importFile)(
      llvm::StringRef path, MLIRContext *context,
      const TorchScriptImportOptions &options);
  /// Releases the pages of a mapped buffer as it reads them.
  FailureOr<OwningOpRef<ModuleOp>> (*importBuffer)(
      llvm::MemoryBuffer &buffer, MLIRContext *context,
      const TorchScriptImportOptions &options);
  FailureOr<OwningOpRef<ModuleOp>> (*importGraph)(llvm::MemoryBufferRef buffer,
                                                  MLIRContext *context,
                                                  llvm::StringRef name);
  LogicalResult (*exportStream)(ScriptModuleOp root, llvm::raw_ostream &os);
  LogicalResult (*exportFile)(ScriptModuleOp root, llvm::StringRef path);
};

/// The C symbol the plugin exports: `const TorchScriptPlugin *()`.
inline constexpr const char *kTorchScriptPluginEntry =
    "nirtorchGetTorchScriptPlugin";

/// Environment variable naming the plugin library to load instead of the one
/// installed beside the tools.
inline constexpr const char *kTorchScriptPluginEnv =
    "NIRTORCH_TORCHSCRIPT_PLUGIN";

/// Loads the TorchScript plugin on first use (later calls return the same
/// table). A plugin that is missing, does not load or comes from another
/// build is a diagnostic at `loc` that names the file and the reason.
FailureOr<const TorchScriptPlugin *> loadTorchScriptPlugin(Location loc);

} // namespace mlir::ts

#endif // NIRTORCH_TARGET_TORCHSCRIPT_TORCHSCRIPTPLUGIN_H
