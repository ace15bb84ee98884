//===- Dot.h - NIR graphs as Graphviz DOT pictures --------------*- C++ -*-===//
//
// Draws `nir.graph`s as Graphviz DOT: one node per NIR node, labelled with
// its name, NIR type, output shape and a short parameter summary, shaped and
// coloured by kind; delayed edges (ExecutionOrder.h) dashed; nested graphs
// as clusters. docs/BackendPasses.md ("Graph pictures") describes the
// drawing.
//
//===----------------------------------------------------------------------===//

#ifndef NIRTORCH_TARGET_DOT_DOT_H
#define NIRTORCH_TARGET_DOT_DOT_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Support/LogicalResult.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

namespace llvm {
class raw_ostream;
} // namespace llvm

namespace mlir::nir {
class GraphOp;

/// Writes the `nir.graph`s of `module` as one DOT `digraph` to `os`: a graph
/// of its own when there is one, one cluster per graph when there are
/// several. A module without a `nir.graph` is an error at the module. The
/// output depends only on the IR. Nothing is written to `os` on failure.
LogicalResult exportDot(ModuleOp module, llvm::raw_ostream &os);

/// Writes one graph as a DOT `digraph` to `os`.
LogicalResult exportDot(GraphOp graph, llvm::raw_ostream &os);

/// Registers `--export-dot` with mlir-translate.
void registerDotTranslation();

/// The Graphviz output formats `renderDot` produces.
enum class PictureFormat { SVG, PNG };

/// The `dot` option that selects `format` ("svg", "png").
llvm::StringRef getGraphvizFormatName(PictureFormat format);

/// The path of Graphviz's `dot` program on PATH, or an error that names the
/// Debian package to install.
llvm::Expected<std::string> findGraphviz();

/// Lays out and renders the DOT text `dot` with Graphviz's `dot` program at
/// `dotProgram` (see findGraphviz) into the file `outputPath` (which it
/// creates or replaces: write to a temporary file for an atomic output).
/// A failing `dot` is an error that quotes its stderr.
llvm::Error renderDot(llvm::StringRef dot, PictureFormat format,
                      llvm::StringRef dotProgram, llvm::StringRef outputPath);

} // namespace mlir::nir

#endif // NIRTORCH_TARGET_DOT_DOT_H
