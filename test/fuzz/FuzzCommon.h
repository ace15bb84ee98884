//===- FuzzCommon.h - Shared helpers of the libFuzzer targets ---*- C++ -*-===//
//
// Every target builds a fresh MLIRContext per input (resources and uniqued
// attributes would otherwise pile up across millions of runs), with
// diagnostics swallowed: an error is an expected outcome, only a crash, a
// sanitizer report, a timeout or an out-of-memory is a finding.
//
//===----------------------------------------------------------------------===//

#ifndef NIRTORCH_TEST_FUZZ_FUZZCOMMON_H
#define NIRTORCH_TEST_FUZZ_FUZZCOMMON_H

#include "nirtorch/Support/MLIRInput.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Operation.h"
#include "mlir/IR/OperationSupport.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>
#include <memory>

namespace nirtorch::fuzz {

/// A context without threads (libFuzzer runs one input at a time, and
/// thread pools would outlive it) that drops every diagnostic, unless
/// NIRTORCH_FUZZ_VERBOSE is set (to see why a reproducer is refused).
inline std::unique_ptr<mlir::MLIRContext>
makeContext(const mlir::DialectRegistry &registry) {
  auto context = std::make_unique<mlir::MLIRContext>(
      registry, mlir::MLIRContext::Threading::DISABLED);
  context->loadAllAvailableDialects();
  if (!std::getenv("NIRTORCH_FUZZ_VERBOSE"))
    context->getDiagEngine().registerHandler([](mlir::Diagnostic &) {});
  return context;
}

/// Parses the fuzzer's bytes as MLIR text the way the tools read it
/// (nirtorch::parseMLIRSource), or returns null.
inline mlir::OwningOpRef<mlir::ModuleOp>
parseInput(const uint8_t *data, size_t size, mlir::MLIRContext *context) {
  auto sourceMgr = std::make_shared<llvm::SourceMgr>();
  sourceMgr->AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(
          llvm::StringRef(reinterpret_cast<const char *>(data), size),
          "fuzz.mlir"),
      llvm::SMLoc());
  return nirtorch::parseMLIRSource(sourceMgr, context);
}

/// Prints `op` generically and prettily, with large elements attributes
/// elided, to a counting stream: the printers run on everything a reader
/// accepted, as the tools' --emit=mlir would.
inline void printAll(mlir::Operation *op) {
  struct Sink : llvm::raw_ostream {
    uint64_t bytes = 0;
    void write_impl(const char *, size_t size) override { bytes += size; }
    uint64_t current_pos() const override { return bytes; }
  } sink;
  op->print(sink);
  op->print(sink, mlir::OpPrintingFlags().printGenericOpForm());
  sink.flush();
}

} // namespace nirtorch::fuzz

#endif // NIRTORCH_TEST_FUZZ_FUZZCOMMON_H
