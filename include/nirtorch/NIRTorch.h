//===- NIRTorch.h - The public C++ API of nirtorch --------------*- C++ -*-===//
//
// The two functions of the Python package NIRTorch, in C++:
//
//   torchToNIR: a TorchScript module (+ a module map) -> a NIR graph
//   nirToTorch: a NIR graph (+ dt, dtype, reset)      -> a runnable
//               torch::jit::Module (forward, forward_sequence)
//
// plus reading and writing `.nir` files and the in-place IR steps the
// `nirtorch` tool is built from. A NIR graph is a builtin `ModuleOp` holding
// one `nir.graph` (docs/NIRDialect.md). Errors are MLIR diagnostics, sent to
// the context's handlers (by default printed to stderr), and a failure()
// result; nothing throws. docs/Driver.md has the guide and an example.
//
// The libtorch-facing functions exist when nirtorch was built with libtorch
// (NIRTORCH_ENABLE_TORCH, set on the NIRTorch::NIRTorch target). This header
// only declares `torch::jit::Module`: include <torch/script.h> to call them.
//
//===----------------------------------------------------------------------===//

#ifndef NIRTORCH_NIRTORCH_H
#define NIRTORCH_NIRTORCH_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "mlir/Support/LogicalResult.h"
#include "nirtorch/Target/NIRFile/NIRFile.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mlir {
class DialectRegistry;
class MLIRContext;
class OpPassManager;
} // namespace mlir

namespace torch::jit {
struct Module;
} // namespace torch::jit

namespace nirtorch {
class ModuleMap;
class NodeMap;

/// Options of the lowering TorchScript -> NIR (docs/Lowering.md).
struct ToNIROptions {
  /// NIR shape of each graph input (forward's tensor arguments, in order),
  /// without the batch dimension: {{2, 34, 34}}. Empty: taken from what the
  /// module records (traced input types, or the shapes a module raised by
  /// nirtorch keeps); modules scripted and saved record none.
  std::vector<std::vector<int64_t>> inputShapes;
  /// Which TorchScript classes become which NIR nodes
  /// (nirtorch/Conversion/TorchScriptToNIR/ModuleMap.h), on top of the
  /// raised node classes. Null: no other class (the torch.nn layers need no
  /// entry: their code is lowered op by op).
  std::shared_ptr<const ModuleMap> moduleMap;
};

/// Floating-point type of the raised module's parameters and states.
enum class FloatType { Float32, Float64 };
/// What a spiking neuron's membrane does after a spike.
enum class ResetMode {
  Value,   ///< v = v_reset
  Subtract ///< v -= v_threshold
};

/// The mappings of the module map file at `path` (JSON or PDL,
/// docs/Lowering.md), for ToNIROptions::moduleMap. Errors are diagnostics
/// located in the file.
mlir::FailureOr<std::shared_ptr<const ModuleMap>>
loadModuleMap(llvm::StringRef path, mlir::MLIRContext &context);

/// Options of the raising NIR -> TorchScript (docs/Raising.md).
struct ToTorchOptions {
  /// Time step in seconds. std::nullopt: a `dt` in the graph's metadata, else
  /// 1e-4. Must be positive and finite.
  std::optional<double> dt;
  FloatType dtype = FloatType::Float32;
  ResetMode reset = ResetMode::Value;
  /// Refuse parameters that `dtype` cannot hold exactly (else a warning, and
  /// their buffers keep the file dtype).
  bool strict = false;
  /// Node libraries (docs/Raising.md, "Node libraries"): the node types
  /// they bind are built from their prototypes; later files win.
  std::vector<std::string> nodeLibraries;
  /// Implementations registered in C++ (below the libraries).
  std::shared_ptr<const NodeMap> nodeMap;
};

/// How `nir-quantize` shares scales for a chip target, or no quantisation.
enum class QuantizeScheme { None, Global, Channel, Layer };

/// Preparing a NIR graph for a chip target (docs/Targets.md): what
/// `nirtorch --target` runs between reading and writing.
struct TargetOptions {
  /// A built-in target (`xylo-audio2`, `speck`, ...) or a target file
  /// (`.json`).
  std::string target;
  QuantizeScheme quantize = QuantizeScheme::Global;
  /// Time step for `nir-discretize`, in seconds. std::nullopt: the graph's
  /// own, when the target needs one (it has a `time_step` or decay rule).
  std::optional<double> dt;
};

/// Adds, on every `nir.graph`: `nir-discretize` with the target's decay
/// encoding (its `decay_shift` or `decay_fixed_point` rule) when a dt is
/// given or the target needs one, `nir-legalize-target`, `nir-check-target`
/// and `nir-quantize`. Fails, with a diagnostic at `loc`, for a target that
/// cannot be loaded or a dt that is not positive.
mlir::LogicalResult addTargetPasses(mlir::OpPassManager &pm,
                                    const TargetOptions &options,
                                    mlir::Location loc);

/// Runs addTargetPasses on `module` in place.
mlir::LogicalResult prepareForTarget(mlir::ModuleOp module,
                                     const TargetOptions &options);

/// Adds the dialects nirtorch reads and writes (nir, ts) to `registry`, e.g.
/// to parse `.mlir` files holding them.
void registerDialects(mlir::DialectRegistry &registry);

//===----------------------------------------------------------------------===//
// .nir files
//===----------------------------------------------------------------------===//

/// Reads the `.nir` file at `path` into a new module holding one `nir.graph`
/// (mlir::nir::readNIRFile; loads the dialects it needs).
mlir::FailureOr<mlir::OwningOpRef<mlir::ModuleOp>>
readNIR(llvm::StringRef path, mlir::MLIRContext &context,
        const mlir::nir::NIRReadOptions &options = {});

/// Writes the only `nir.graph` of `module` to `path`, through a temporary file
/// that replaces `path` only on success.
mlir::LogicalResult writeNIR(mlir::ModuleOp module, llvm::StringRef path,
                             const mlir::nir::NIRWriteOptions &options = {});

//===----------------------------------------------------------------------===//
// In-place IR steps (no libtorch needed)
//===----------------------------------------------------------------------===//

/// Lowers the root `ts.module` of `module` (imported TorchScript, the `ts`
/// dialect) to one `nir.graph`, in place.
mlir::LogicalResult lowerToNIR(mlir::ModuleOp module,
                               const ToNIROptions &options = {});

/// Raises every `nir.graph` of `module` to a root `ts.module`, in place.
mlir::LogicalResult raiseToTorchScript(mlir::ModuleOp module,
                                       const ToTorchOptions &options = {});

/// The passes of lowerToNIR / raiseToTorchScript, added to a pass manager on
/// builtin.module, for tools that run them with passes of their own. The
/// options must be valid (checkOptions).
void addLowerToNIRPasses(mlir::OpPassManager &pm, const ToNIROptions &options);
void addRaiseToTorchScriptPasses(mlir::OpPassManager &pm,
                                 const ToTorchOptions &options);

/// Diagnoses (at `loc`) option values the passes cannot take: a non-positive
/// input shape extent, a non-positive or non-finite dt.
mlir::LogicalResult checkOptions(const ToNIROptions &options,
                                 mlir::Location loc);
mlir::LogicalResult checkOptions(const ToTorchOptions &options,
                                 mlir::Location loc);

#ifdef NIRTORCH_ENABLE_TORCH
//===----------------------------------------------------------------------===//
// TorchScript modules (libtorch)
//===----------------------------------------------------------------------===//

/// NIRTorch's `torch_to_nir`: imports `module` (in memory, no file) into the
/// `ts` dialect and lowers it to a new module holding one `nir.graph` named
/// `root`. `module` is not changed.
mlir::FailureOr<mlir::OwningOpRef<mlir::ModuleOp>>
torchToNIR(const torch::jit::Module &module, mlir::MLIRContext &context,
           const ToNIROptions &options = {});

/// NIRTorch's `nir_to_torch`: raises the `nir.graph` of `module` (on a copy;
/// `module` is not changed) and exports it to a new torch::jit::Module whose
/// `forward(input, state=None) -> (output, state)` runs one time step and
/// `forward_sequence(inputs)` a whole sequence (docs/Raising.md).
mlir::FailureOr<torch::jit::Module>
nirToTorch(mlir::ModuleOp module, const ToTorchOptions &options = {});
#endif // NIRTORCH_ENABLE_TORCH

} // namespace nirtorch

#endif // NIRTORCH_NIRTORCH_H
