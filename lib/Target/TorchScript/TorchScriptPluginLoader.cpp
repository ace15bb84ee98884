//===- TorchScriptPluginLoader.cpp - Load the TorchScript plugin ----------===//
//
// Torch-free: finds libNIRTorchTorchScriptPlugin.so, loads it with dlopen
// and checks that it comes from the same build as the tool.
//
//===----------------------------------------------------------------------===//

#include "nirtorch/Target/TorchScript/TorchScriptPlugin.h"

#include "nirtorch/Dialect/TorchScript/TorchScriptDialect.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"

#include <cstring>
#include <dlfcn.h>
#include <string>

using namespace mlir;
using namespace mlir::ts;

#ifndef NIRTORCH_VERSION
#error "NIRTORCH_VERSION must be defined by the build"
#endif
#ifndef NIRTORCH_PLUGIN_RELATIVE_DIR
#error "NIRTORCH_PLUGIN_RELATIVE_DIR must be defined by the build"
#endif

static constexpr const char *kPluginFileName =
    "libNIRTorchTorchScriptPlugin.so";

namespace {
/// The outcome of the one attempt a process makes.
struct LoadResult {
  const TorchScriptPlugin *plugin = nullptr;
  std::string error;
  /// The file did not load: pointing at another file may help.
  bool notLoaded = false;
};
} // namespace

/// The plugin installed beside the running tool: <bin>/../lib/<file>.
static std::string pluginBesideExecutable() {
  // Any address in this binary lets getMainExecutable fall back to dladdr.
  static int anchor;
  std::string executable = llvm::sys::fs::getMainExecutable(nullptr, &anchor);
  if (executable.empty())
    return {};
  llvm::SmallString<256> path(llvm::sys::path::parent_path(executable));
  llvm::sys::path::append(path, NIRTORCH_PLUGIN_RELATIVE_DIR, kPluginFileName);
  llvm::sys::path::remove_dots(path, /*remove_dot_dot=*/true);
  return std::string(path);
}

static LoadResult loadFrom(const std::string &path) {
  // RTLD_NOW: a missing symbol is an error here, not a crash at the first
  // call. RTLD_LOCAL: libtorch's symbols stay out of the tool's namespace.
  void *handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle)
    return {nullptr, "cannot load '" + path + "': " + dlerror(),
            /*notLoaded=*/true};
  auto entry = reinterpret_cast<const TorchScriptPlugin *(*)()>(
      dlsym(handle, kTorchScriptPluginEntry));
  if (!entry)
    return {nullptr, "'" + path +
                         "' is not a nirtorch TorchScript plugin (no " +
                         kTorchScriptPluginEntry + ")"};
  const TorchScriptPlugin *plugin = entry();
  if (!plugin || plugin->abiVersion != TorchScriptPlugin::kABIVersion ||
      plugin->size != sizeof(TorchScriptPlugin) ||
      std::strcmp(plugin->version, NIRTORCH_VERSION) != 0)
    return {nullptr, "'" + path +
                         "' comes from another build of nirtorch (plugin " +
                         (plugin ? plugin->version : "?") + ", tool " +
                         NIRTORCH_VERSION + ")"};
  if (plugin->dialectTypeID !=
      TypeID::get<TorchScriptDialect>().getAsOpaquePointer())
    return {nullptr, "'" + path +
                         "' did not bind to this program's MLIR: the program "
                         "must export its symbols (CMake ENABLE_EXPORTS, "
                         "-rdynamic) to load the TorchScript plugin"};
  return {plugin, {}};
}

// Unused when built without libtorch.
[[maybe_unused]] static LoadResult load() {
  if (std::optional<std::string> path =
          llvm::sys::Process::GetEnv(kTorchScriptPluginEnv)) {
    if (path->empty())
      return {nullptr, std::string(kTorchScriptPluginEnv) + " is empty"};
    return loadFrom(*path);
  }
  std::string beside = pluginBesideExecutable();
  if (!beside.empty() && llvm::sys::fs::exists(beside))
    return loadFrom(beside);
  // Not installed beside the tool (e.g. a program embedding the library):
  // the dynamic linker's search path.
  LoadResult result = loadFrom(kPluginFileName);
  if (!result.plugin && !beside.empty())
    result.error = "no '" + beside + "', and " + result.error;
  return result;
}

FailureOr<const TorchScriptPlugin *> ts::loadTorchScriptPlugin(Location loc) {
#ifndef NIRTORCH_ENABLE_TORCH
  return emitError(loc) << "cannot read or write TorchScript: nirtorch was "
                           "built without libtorch (NIRTORCH_ENABLE_TORCH=OFF)";
#else
  static const LoadResult result = load();
  if (result.plugin)
    return result.plugin;
  InFlightDiagnostic diag =
      emitError(loc) << "cannot read or write TorchScript: " << result.error;
  if (result.notLoaded)
    diag << " (set " << kTorchScriptPluginEnv << " to the plugin's path)";
  return diag;
#endif
}
