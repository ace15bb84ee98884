//===- ModuleMapPlugin.h - Module maps loaded at run time --------*- C++ -*-===//
//
// A library's C++ module mappings as an MLIR pass plugin: built as a shared
// library and loaded with `nir-opt --load-pass-plugin=LIB.so`, without
// rebuilding the tool. Loading registers the library's map under its name
// (nirtorch::registerModuleMap); a lowering uses it when its options name it
// (`--lower-torchscript-to-nir="registered-maps=mylib"`). The tool exports
// its symbols, so the plugin links none of the project's libraries:
// ModuleMap, ModuleCall and MLIR resolve to the tool's own
// (docs/Lowering.md).
//
//   void registerMyLibrary(nirtorch::ModuleMap &map) {
//     map.add("__torch__.mylib.LI", lowerLI);
//   }
//   NIRTORCH_MODULE_MAP_PLUGIN("mylib", registerMyLibrary)
//
//===----------------------------------------------------------------------===//

#ifndef NIRTORCH_CONVERSION_TORCHSCRIPTTONIR_MODULEMAPPLUGIN_H
#define NIRTORCH_CONVERSION_TORCHSCRIPTTONIR_MODULEMAPPLUGIN_H

#include "mlir/Tools/Plugins/PassPlugin.h"
#include "nirtorch/Conversion/TorchScriptToNIR/ModuleMap.h"
#include "llvm/Config/llvm-config.h"

/// Defines the plugin entry point MLIR's pass plugin loader looks up:
/// loading the plugin registers `REGISTER(nirtorch::ModuleMap &)` as the
/// module map `NAME`, which also names the plugin in MLIR's diagnostics.
#define NIRTORCH_MODULE_MAP_PLUGIN(NAME, REGISTER)                            \
  extern "C" LLVM_ATTRIBUTE_WEAK ::mlir::PassPluginLibraryInfo                \
  mlirGetPassPluginInfo() {                                                   \
    return {MLIR_PLUGIN_API_VERSION, NAME, LLVM_VERSION_STRING,               \
            [] { ::nirtorch::registerModuleMap(NAME, REGISTER); }};           \
  }

#endif // NIRTORCH_CONVERSION_TORCHSCRIPTTONIR_MODULEMAPPLUGIN_H
