//===- NIRFile.h - Read and write NIR (.nir HDF5) files ---------*- C++ -*-===//
//
// `.nir` files are the HDF5 files of the reference Python package `nir`
// (spec/nir-format.md section 4). The reader builds a `nir.graph` from any
// file layout the reference writer has produced since `/version` appeared
// (0.1.1, 0.2.0, 1.0.x); the writer produces the layout of nir 1.0.7. The
// reader records a file's edge order where the IR would lose it
// (`nir.edge_order`, nirtorch/Dialect/NIR/EdgeOrder.h) and the writer
// follows it. docs/NIRFile.md describes the mapping, the defaults and what
// is refused.
//
//===----------------------------------------------------------------------===//

#ifndef NIRTORCH_TARGET_NIRFILE_NIRFILE_H
#define NIRTORCH_TARGET_NIRFILE_NIRFILE_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "mlir/Support/LogicalResult.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/MemoryBufferRef.h"

#include <cstdint>
#include <optional>
#include <string>

namespace llvm {
class raw_ostream;
} // namespace llvm

namespace mlir {
class MLIRContext;

namespace nir {
class GraphOp;

/// The NIR release whose file layout the writer reproduces; written to
/// `/version`. The reference package writes its own version there and no
/// reader checks it.
inline constexpr llvm::StringLiteral kNIRFileVersion = "1.0.7";

struct NIRReadOptions {
  /// Infer and check edge types as `nir.read(type_check=True)` does: graphs
  /// get `input_<x>`/`output_<x>` nodes for roots and leaves that lack them,
  /// and a type mismatch is an error. When false, the graph is read as is
  /// into a graph carrying the `unchecked` attribute.
  bool typeCheck = true;
  /// Parameter and metadata arrays of at least this many bytes become
  /// DenseResourceElementsAttr blobs that HDF5 fills directly; smaller ones
  /// become DenseElementsAttr, which the IR prints inline.
  uint64_t resourceThreshold = 1024;
  /// Symbol name of the `nir.graph` op. The file does not name its graph.
  std::string graphName = "main";
  /// Read the file in a child process, which sends the module back, so
  /// that a corrupt file that crashes or hangs the HDF5 library (1.10 is not
  /// hardened against malformed metadata) gives an error instead of taking
  /// the caller down. Costs a fork and passing the module back as bytecode;
  /// the weights come back in shared memory, uncopied (docs/NIRFile.md).
  bool isolateHDF5 = true;
  /// How long the child may go without opening another HDF5 object (a
  /// group or a dataset) before the file counts as corrupt: wall time, and
  /// CPU time (0: 3 s plus 1 s per 64 MiB of file, far above what one object
  /// of a valid file needs; corrupt metadata can send HDF5 into an endless
  /// loop, which then ends well inside the wall-time limit). A valid file of
  /// many objects may take longer as a whole.
  unsigned isolationTimeoutSeconds = 60;
  unsigned isolationCPUSeconds = 0;
  /// How much more memory than the caller the child may allocate (0: 1 GiB
  /// plus 8 times the file's size; the weights it reads go to shared memory,
  /// which this does not count). HDF5 allocates sizes a corrupt file claims;
  /// past the budget its allocations fail and the reader reports it.
  uint64_t isolationMemoryBytes = 0;
};

struct NIRWriteOptions {
  /// gzip level (0-9) for array datasets, as nir main (after 1.0.7) writes
  /// them; std::nullopt writes them uncompressed, as nir <= 1.0.7 does.
  std::optional<unsigned> gzipLevel;
  /// Write the integers of quantised nodes (`nir.quant_scale`, written by
  /// nir-quantize) as they are, in their integer dtype. By default the
  /// writer writes the float32 values they stand for, q / scale, as NIR
  /// readers expect floats. The scale itself is not part of the file.
  bool keepIntegers = false;
};

/// Reads the `.nir` file at `path`. Diagnostics go to the context's handlers
/// and name the file and the HDF5 object at fault.
FailureOr<OwningOpRef<ModuleOp>>
readNIRFile(llvm::StringRef path, MLIRContext *context,
            const NIRReadOptions &options = {});

/// Reads a `.nir` file held in memory, without copying it (an HDF5 file
/// image). The buffer identifier names the file in diagnostics; the buffer
/// only needs to live during the call.
FailureOr<OwningOpRef<ModuleOp>>
readNIRFile(llvm::MemoryBufferRef buffer, MLIRContext *context,
            const NIRReadOptions &options = {});

/// Writes `graph` to `path` through a temporary file that replaces `path`
/// only on success: a failed write never leaves a partial file nor touches
/// an existing one.
LogicalResult writeNIRFile(GraphOp graph, llvm::StringRef path,
                           const NIRWriteOptions &options = {});

/// Writes `graph` as a `.nir` file image to `os`. Nothing is written to `os`
/// on failure.
LogicalResult writeNIRFile(GraphOp graph, llvm::raw_ostream &os,
                           const NIRWriteOptions &options = {});

/// Registers `--import-nir` and `--export-nir` with mlir-translate, with the
/// options `--nir-no-type-check`, `--nir-resource-threshold`, `--nir-graph`,
/// `--nir-compress`, `--nir-compress-level` and `--nir-keep-integers`.
void registerNIRFileTranslations();

} // namespace nir
} // namespace mlir

#endif // NIRTORCH_TARGET_NIRFILE_NIRFILE_H
