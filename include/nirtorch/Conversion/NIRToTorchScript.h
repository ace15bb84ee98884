//===- NIRToTorchScript.h - Raise NIR graphs to TorchScript -----*- C++ -*-===//
//
// The raising passes and the `convert-nir-to-torchscript` pipeline that runs
// them (docs/Raising.md, "The pipeline").
//
//===----------------------------------------------------------------------===//

#ifndef NIRTORCH_CONVERSION_NIRTOTORCHSCRIPT_H
#define NIRTORCH_CONVERSION_NIRTOTORCHSCRIPT_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassManager.h"
#include "nirtorch/Dialect/NIR/NIRDialect.h"
#include "nirtorch/Dialect/TorchScript/TorchScriptDialect.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace nirtorch {
class NodeMap;
} // namespace nirtorch

namespace mlir::nir {

#define GEN_PASS_DECL
#include "nirtorch/Conversion/NIRToTorchScript/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "nirtorch/Conversion/NIRToTorchScript/Passes.h.inc"

/// The options of the raising, as `raise-nir-nodes` takes them.
struct RaiseToTorchScriptOptions {
  std::string dtype = "float32";
  /// Unset: the graph's `dt` or the one in its metadata, else 1e-4.
  std::optional<double> dt;
  std::string reset = "value";
  bool strict = false;
  /// Run canonicalize and cse on the raised module (no repeated constants).
  bool cleanup = true;
  /// Node library files (raise-nir-nodes' node-library), on top of
  /// `nodeMap`.
  std::vector<std::string> nodeLibraries;
  /// Users' implementations of node types, consulted before the built-in
  /// classes (nirtorch/Conversion/NIRToTorchScript/NodeMap.h).
  std::shared_ptr<const nirtorch::NodeMap> nodeMap;
};

/// raise-nir-nodes with the implementations of `nodeMap` and the node
/// library files `nodeLibraries` on top (its other options as parsed by
/// initializeOptions).
std::unique_ptr<Pass>
createRaiseNIRNodesPass(std::shared_ptr<const nirtorch::NodeMap> nodeMap,
                         llvm::ArrayRef<std::string> nodeLibraries = {});

/// The raising pipeline: raise-nir-record-nesting, nir-inline-subgraphs and
/// nir-schedule on every graph, raise-nir-nodes with `options`,
/// raise-nir-forward, then canonicalize and cse when `options.cleanup`.
void buildRaiseNIRToTorchScriptPipeline(
    OpPassManager &pm, const RaiseToTorchScriptOptions &options);

/// Registers the pipeline as `convert-nir-to-torchscript`, and stages 4 and
/// 5 as `raise-nir-graphs` (nir-opt).
void registerRaiseNIRToTorchScriptPipeline();

} // namespace mlir::nir

#endif // NIRTORCH_CONVERSION_NIRTOTORCHSCRIPT_H
