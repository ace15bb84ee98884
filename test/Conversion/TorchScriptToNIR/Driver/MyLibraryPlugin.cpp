//===- MyLibraryPlugin.cpp - MyLibraryMappings as a pass plugin ------------===//
//
// The mappings of MyLibraryMappings.cpp loaded at run time:
// `nir-opt --load-pass-plugin=NIRTorchMyLibraryPlugin.so` (module-map-
// plugin.mlir), the example of docs/Lowering.md "Plugins".
//
//===----------------------------------------------------------------------===//

#include "nirtorch/Conversion/TorchScriptToNIR/ModuleMapPlugin.h"

void registerMyLibrary(nirtorch::ModuleMap &map);

NIRTORCH_MODULE_MAP_PLUGIN("mylib", registerMyLibrary)
