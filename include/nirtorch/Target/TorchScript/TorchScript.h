//===- TorchScript.h - TorchScript modules <-> the ts dialect ---*- C++ -*-===//
//
// Imports a `torch::jit::Module` (or a `.pt` file) into the `ts` mirror
// dialect and exports `ts` IR back to a runnable `torch::jit::Module` (or a
// `.pt` file). Both directions mirror TorchScript without adding or dropping
// meaning; docs/TorchScript.md describes the mapping and what is refused.
//
// This header does not include libtorch: it only declares
// `torch::jit::Module`. Callers that pass or receive a module include
// <torch/script.h> themselves. Every libtorch exception is caught inside the
// library and reported as an MLIR diagnostic.
//
//===----------------------------------------------------------------------===//

#ifndef NIRTORCH_TARGET_TORCHSCRIPT_TORCHSCRIPT_H
#define NIRTORCH_TARGET_TORCHSCRIPT_TORCHSCRIPT_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "mlir/Support/LogicalResult.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/MemoryBufferRef.h"

#include <cstdint>
#include <string>

namespace llvm {
class MemoryBuffer;
class raw_ostream;
} // namespace llvm

namespace torch::jit {
struct Module;
} // namespace torch::jit

namespace mlir {
class MLIRContext;

namespace ts {
class ScriptModuleOp;

struct TorchScriptImportOptions {
  /// Symbol name of the root `ts.module`.
  std::string rootName = "root";
  /// Tensors of at least this many bytes become DenseResourceElementsAttr
  /// blobs (printed out of line); smaller ones are DenseElementsAttr.
  uint64_t resourceThreshold = 1024;
};

/// Imports `module` into a new builtin module holding the root `ts.module`
/// and the free functions its methods call. `location` is used where
/// TorchScript recorded no source range (typically the `.pt` file). Tensors
/// are copied: the caller keeps the module and may change them.
FailureOr<OwningOpRef<ModuleOp>>
importTorchScript(const torch::jit::Module &module, MLIRContext *context,
                  Location location,
                  const TorchScriptImportOptions &options = {});

/// Loads the TorchScript archive at `path` (as `torch.jit.load`) and imports
/// it. A missing file, a non-archive or an archive that is not a TorchScript
/// module (e.g. `torch.save` of a tensor) is a diagnostic. The file is read
/// in chunks, not held in memory, and tensors of at least the resource
/// threshold become blobs that share the loaded tensors' storage, so the
/// weights are in memory once.
FailureOr<OwningOpRef<ModuleOp>>
importTorchScriptFile(llvm::StringRef path, MLIRContext *context,
                      const TorchScriptImportOptions &options = {});

/// Loads a TorchScript archive held in memory and imports it. The buffer
/// identifier names the file in diagnostics. The weights are in memory twice
/// (the buffer and the tensors the blobs share).
FailureOr<OwningOpRef<ModuleOp>>
importTorchScript(llvm::MemoryBufferRef buffer, MLIRContext *context,
                  const TorchScriptImportOptions &options = {});

/// The same, but when `buffer` maps a file, the pages read are released
/// (`MemoryBuffer::dontNeedIfMmap`) as the archive is checked and loaded,
/// so the weights are in memory once. The buffer's contents do not change.
FailureOr<OwningOpRef<ModuleOp>>
importTorchScript(llvm::MemoryBuffer &buffer, MLIRContext *context,
                  const TorchScriptImportOptions &options = {});

/// Imports TorchScript graph text (as `print(graph)` shows it, parsed by
/// `torch::jit::parseIR`) as one `ts.function` named `functionName`. For
/// testing the node mapping without a module; the graph may not use module
/// objects.
FailureOr<OwningOpRef<ModuleOp>>
importTorchScriptGraph(llvm::MemoryBufferRef buffer, MLIRContext *context,
                       llvm::StringRef functionName = "__torch__.graph");

/// Exports the root `ts.module` `root` (and the `ts.function`s it calls) to a
/// new `torch::jit::Module`. Fails with a diagnostic on IR that TorchScript
/// cannot hold (an unregistered operator, an overload that no longer matches,
/// objects of one class with different methods).
FailureOr<torch::jit::Module> exportTorchScript(ScriptModuleOp root);

/// Exports `root` as a TorchScript archive to `os`. Nothing is written on
/// failure.
LogicalResult exportTorchScript(ScriptModuleOp root, llvm::raw_ostream &os);

/// Exports `root` as a TorchScript archive at `path`, through a temporary
/// file that replaces `path` only on success.
LogicalResult exportTorchScriptFile(ScriptModuleOp root, llvm::StringRef path);

/// Registers `--import-torchscript`, `--import-torchscript-graph` and
/// `--export-torchscript` with mlir-translate, with the options
/// `--ts-root-name`, `--ts-resource-threshold` and `--ts-export-root`.
void registerTorchScriptTranslations();

} // namespace ts
} // namespace mlir

#endif // NIRTORCH_TARGET_TORCHSCRIPT_TORCHSCRIPT_H
