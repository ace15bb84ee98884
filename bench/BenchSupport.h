//===- BenchSupport.h - Shared by the C++ benchmarks ------------*- C++ -*-===//
//
// Peak memory, wall time, deterministic pseudo-random parameters and the
// skeleton of a generated `nir.graph`, for nir-file-bench and
// conversion-bench.
//
//===----------------------------------------------------------------------===//

#ifndef NIRTORCH_BENCH_BENCHSUPPORT_H
#define NIRTORCH_BENCH_BENCHSUPPORT_H

#include "nirtorch/Dialect/NIR/NIROps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>

namespace nirtorch::bench {

/// Peak resident set size of this process (VmHWM), in MiB.
inline double peakMiB() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmHWM:", 0) == 0)
      return std::atof(line.c_str() + 6) / 1024.0;
  return -1;
}

inline double seconds(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
      .count();
}

/// xorshift64: the same parameters on every run, distinct per node (equal
/// constants would be uniqued and shared, unlike trained weights).
struct Random {
  uint64_t state = 0x9E3779B97F4A7C15ull;
  /// Uniform in [0, 1).
  float next() {
    state ^= state << 13, state ^= state >> 7, state ^= state << 17;
    return float(state >> 40) / float(1 << 24);
  }
};

/// A new module holding an empty `nir.graph @main`; `builder` is left at
/// the end of the graph's body.
inline mlir::OwningOpRef<mlir::ModuleOp> beginGraph(mlir::OpBuilder &builder) {
  builder.getContext()->getOrLoadDialect<mlir::nir::NIRDialect>();
  mlir::Location loc = builder.getUnknownLoc();
  mlir::OwningOpRef<mlir::ModuleOp> module = mlir::ModuleOp::create(loc);
  builder.setInsertionPointToEnd(module->getBody());
  auto graph = builder.create<mlir::nir::GraphOp>(loc, "main");
  builder.setInsertionPointToEnd(&graph.getBodyBlock());
  return module;
}

} // namespace nirtorch::bench

#endif // NIRTORCH_BENCH_BENCHSUPPORT_H
