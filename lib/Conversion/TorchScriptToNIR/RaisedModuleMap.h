//===- RaisedModuleMap.h - Mappings of the raised node classes --*- C++ -*-===//
//
// Builders for the classes `convert-nir-to-torchscript` emits
// (`__torch__.nirtorch.nodes.<Type>`, docs/Raising.md), so that
// NIR -> .pt -> NIR gives the original graph back.
//
//===----------------------------------------------------------------------===//

#ifndef NIRTORCH_LIB_CONVERSION_TORCHSCRIPTTONIR_RAISEDMODULEMAP_H
#define NIRTORCH_LIB_CONVERSION_TORCHSCRIPTTONIR_RAISEDMODULEMAP_H

#include "nirtorch/Conversion/TorchScriptToNIR/ModuleMap.h"

namespace nirtorch {

/// Registers a builder for every raised node class: Affine, Linear, Scale,
/// Threshold, Flatten, Conv1d, Conv2d, SumPool2d, AvgPool2d, Delay, I, IF,
/// LI, LIF, CubaLI, CubaLIF.
void registerRaisedModuleMappings(ModuleMap &map);

/// A map holding only those mappings (built once). The pass consults it
/// after its own map, so that raised modules always lower and user entries
/// still win.
const ModuleMap &getRaisedModuleMap();

} // namespace nirtorch

#endif
