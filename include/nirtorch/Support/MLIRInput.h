//===- MLIRInput.h - Bound the nesting of MLIR text ----------*- C++ -*-===//
//
// MLIR's parser, verifier, printer and walks recurse once per level of
// nested attributes, types and regions, so a file of a few kilobytes of
// `[[[[...` or of regions nested in regions overflows the stack of any tool
// that reads it. The tools refuse such text before parsing it: every nested
// construct of MLIR's syntax opens a bracket ({ [ ( <), so the deepest
// bracket nesting bounds the depth of every recursion the text can cause
// (docs/Fuzzing.md).
//
//===----------------------------------------------------------------------===//

#ifndef NIRTORCH_SUPPORT_MLIRINPUT_H
#define NIRTORCH_SUPPORT_MLIRINPUT_H

#include "mlir/IR/OwningOpRef.h"
#include "mlir/Support/LogicalResult.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/ADT/StringRef.h"

#include <cstddef>
#include <memory>
#include <optional>

namespace llvm {
class MemoryBuffer;
class SourceMgr;
} // namespace llvm

namespace mlir {
class MLIRContext;
class ModuleOp;
} // namespace mlir

namespace nirtorch {

/// The deepest bracket nesting the tools parse. Real IR nests a few tens of
/// levels (a graph in a module, nested subgraphs, metadata dictionaries);
/// the tools' stacks hold many times this depth in every recursion MLIR does
/// (the lit test nesting-limit.test checks the limit is reached cleanly).
inline constexpr unsigned kMaxMLIRNesting = 256;

/// The offset of the first bracket in MLIR assembly `text` that opens level
/// `maxDepth + 1`, or std::nullopt when the text nests no deeper. Brackets in
/// strings and comments do not count; a closing bracket that does not match
/// the innermost open one is ignored (so the count never drops below the
/// depth MLIR's parser reaches). When `splitMarker` is not empty, a line
/// starting with it (mlir-opt's --split-input-file) starts the count afresh.
std::optional<size_t> findExcessiveNesting(llvm::StringRef text,
                                           unsigned maxDepth,
                                           llvm::StringRef splitMarker = {});

/// Checks the main buffer of `sourceMgr`; on excess, reports an error located
/// at the offending bracket through `context`'s diagnostic handlers (or, with
/// no context, prints it through `sourceMgr`) and fails.
mlir::LogicalResult checkMLIRNesting(llvm::SourceMgr &sourceMgr,
                                     mlir::MLIRContext *context,
                                     unsigned maxDepth = kMaxMLIRNesting,
                                     llvm::StringRef splitMarker = {});

/// `buffer`, or a copy of it with a newline appended when it does not end
/// with one (same identifier, so diagnostics name the same file and lines).
std::unique_ptr<llvm::MemoryBuffer>
withFinalNewline(const llvm::MemoryBuffer &buffer);

/// parseSourceFile<ModuleOp> of the main buffer of `sourceMgr` after
/// checkMLIRNesting, on the text withFinalNewline: the way every tool reads
/// MLIR assembly. Returns null (after a diagnostic) on failure.
mlir::OwningOpRef<mlir::ModuleOp>
parseMLIRSource(const std::shared_ptr<llvm::SourceMgr> &sourceMgr,
                mlir::MLIRContext *context,
                unsigned maxDepth = kMaxMLIRNesting);

/// Registers an mlir-translate translation from MLIR, like
/// mlir::TranslateFromMLIRRegistration, whose input is read by
/// parseMLIRSource (always into a builtin.module).
void registerFromMLIRTranslation(
    llvm::StringRef name, llvm::StringRef description,
    const mlir::TranslateFromMLIRFunction &function,
    const mlir::DialectRegistrationFunction &dialectRegistration);

} // namespace nirtorch

#endif // NIRTORCH_SUPPORT_MLIRINPUT_H
