//===- conversion-bench.cpp - Every conversion phase, in-process, by size -===//
//
// Times the phases of both directions through the C++ API, in one process
// per graph size (so that each size's peak RSS is its own):
//
//   .nir read   nirtorch::readNIR                 (file -> nir dialect)
//   raise       nirtorch::raiseToTorchScript      (nir -> ts)
//   .pt write   ts::exportTorchScriptFile         (ts -> .pt)
//   .pt read    ts::importTorchScriptFile         (.pt -> ts)
//   lower       nirtorch::lowerToNIR              (ts -> nir)
//   .nir write  nirtorch::writeNIR                (nir -> file)
//
// on generated graphs of N nodes:
//   chain  Input -> (Linear 16x16 -> LIF 16) x N/2 -> Output
//   wide   Input -> N/2 branches (Linear 16x16 -> LIF 16) -> Output (fan-in)
//
// and prints, per shape, a table of seconds and peak RSS, then the growth
// exponent of each phase between consecutive sizes (1.0 is linear). A size
// whose run takes longer than --max-seconds ends that shape's series. Graphs
// of more than --pt-max-nodes skip the two .pt phases ("-"), the slowest
// (libtorch's save and load), and the lowering then runs on the raised IR in
// memory.
//
// Usage: conversion-bench [--sizes=10,100,1000,10000,100000]
//                         [--shapes=chain,wide] [--dir=/tmp]
//                         [--max-seconds=300] [--pt-max-nodes=100000]
//                         [--threads]
//
//===----------------------------------------------------------------------===//

#include "BenchSupport.h"
#include "nirtorch/Dialect/NIR/NIROps.h"
#include "nirtorch/Dialect/TorchScript/TorchScriptOps.h"
#include "nirtorch/NIRTorch.h"
#include "nirtorch/Target/TorchScript/TorchScript.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"

#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

using namespace mlir;

namespace {
constexpr int64_t kWidth = 16;

enum Phase { NIRRead, Raise, PTWrite, PTRead, Lower, NIRWrite, NumPhases };
constexpr std::array<const char *, NumPhases> kPhaseNames = {
    ".nir read", "raise", ".pt write", ".pt read", "lower", ".nir write"};

struct Config {
  std::vector<int64_t> sizes = {10, 100, 1000, 10000, 100000};
  std::vector<std::string> shapes = {"chain", "wide"};
  std::string dir = "/tmp";
  double maxSeconds = 300;
  /// Larger graphs skip the .pt phases (libtorch's save and load, the
  /// slowest) and lower the raised IR directly.
  int64_t ptMaxNodes = 100000;
  bool threads = false;
};

/// What a child process reports for one size.
struct Result {
  bool ok = false;
  int64_t nodes = 0;
  double payloadMiB = 0;
  double seconds[NumPhases] = {};
  double peakMiB = 0;
};

using Clock = std::chrono::steady_clock;
using nirtorch::bench::peakMiB;
using nirtorch::bench::Random;

/// A float32 tensor of `shape` with values in [offset, offset + scale).
DenseElementsAttr randomTensor(MLIRContext &context, Random &random,
                               ArrayRef<int64_t> shape, float scale,
                               float offset) {
  auto type = RankedTensorType::get(shape, Float32Type::get(&context));
  std::vector<float> values(type.getNumElements());
  for (float &value : values)
    value = offset + scale * random.next();
  return DenseElementsAttr::get(type, llvm::ArrayRef(values));
}

/// One Linear -> LIF pair fed by `input`; returns the LIF's result.
Value buildBlock(OpBuilder &builder, Random &random, Value input, int64_t index,
                 uint64_t &payload) {
  MLIRContext &context = *builder.getContext();
  Location loc = builder.getUnknownLoc();
  auto signal = RankedTensorType::get({kWidth}, builder.getF32Type());
  std::string suffix = std::to_string(index);
  DenseElementsAttr weight =
      randomTensor(context, random, {kWidth, kWidth}, 1.0f, -0.5f);
  Value linear = builder.create<nir::LinearOp>(
      loc, signal, "fc" + suffix, ValueRange{input}, weight, nullptr);
  std::array<DenseElementsAttr, 5> lif = {
      randomTensor(context, random, {kWidth}, 1e-2f, 1e-3f), // tau
      randomTensor(context, random, {kWidth}, 1.0f, 1.0f),   // r
      randomTensor(context, random, {kWidth}, 0.0f, 0.0f),   // v_leak
      randomTensor(context, random, {kWidth}, 0.5f, 0.5f),   // v_threshold
      randomTensor(context, random, {kWidth}, 0.0f, 0.0f)};  // v_reset
  payload += (kWidth * kWidth + 5 * kWidth) * sizeof(float);
  return builder.create<nir::LIFOp>(loc, signal, "lif" + suffix,
                                    ValueRange{linear}, lif[0], lif[1], lif[2],
                                    lif[3], lif[4], /*decay=*/nullptr,
                                    /*gain=*/nullptr, /*metadata=*/nullptr);
}

/// The graph of `shape` with `nodes` nodes (rounded to Input + Output + an
/// even number of blocks' nodes).
OwningOpRef<ModuleOp> buildGraph(MLIRContext &context, StringRef shape,
                                 int64_t nodes, uint64_t &payload) {
  OpBuilder builder(&context);
  Location loc = builder.getUnknownLoc();
  OwningOpRef<ModuleOp> module = nirtorch::bench::beginGraph(builder);
  auto signal = RankedTensorType::get({kWidth}, builder.getF32Type());
  Value input = builder.create<nir::InputOp>(loc, signal, "input", nullptr);
  Random random;
  payload = 0;
  int64_t blocks = std::max<int64_t>(1, (nodes - 2) / 2);
  SmallVector<Value> outputs;
  Value value = input;
  for (int64_t i = 0; i < blocks; ++i) {
    if (shape == "chain") {
      value = buildBlock(builder, random, value, i, payload);
    } else {
      outputs.push_back(buildBlock(builder, random, input, i, payload));
    }
  }
  if (shape == "chain")
    outputs.push_back(value);
  builder.create<nir::OutputOp>(loc, signal, "output", outputs, nullptr);
  return module;
}

/// Runs every phase on one graph; in a child process.
Result runSize(const Config &config, StringRef shape, int64_t size) {
  Result result;
  MLIRContext context;
  if (!config.threads)
    context.disableMultithreading();
  DialectRegistry registry;
  nirtorch::registerDialects(registry);
  context.appendDialectRegistry(registry);
  context.loadAllAvailableDialects();
  uint64_t payload = 0;
  OwningOpRef<ModuleOp> generated = buildGraph(context, shape, size, payload);
  result.payloadMiB = double(payload) / (1 << 20);
  result.nodes = 0;
  for (nir::GraphOp graph : generated->getOps<nir::GraphOp>())
    result.nodes =
        std::distance(graph.getBodyBlock().begin(), graph.getBodyBlock().end());

  std::string stem = config.dir + "/conversion-bench-" + shape.str() + "-" +
                     std::to_string(size) + "-" + std::to_string(getpid());
  std::string nirPath = stem + ".nir", ptPath = stem + ".pt",
              backPath = stem + ".back.nir";
  auto cleanup = [&] {
    for (const std::string &path : {nirPath, ptPath, backPath})
      llvm::sys::fs::remove(path);
  };
  if (failed(nirtorch::writeNIR(*generated, nirPath))) {
    cleanup();
    return result;
  }
  generated = nullptr;

  bool withPT = size <= config.ptMaxNodes;
  auto timed = [&](Phase phase, auto &&step) {
    if (!withPT && (phase == PTWrite || phase == PTRead)) {
      result.seconds[phase] = -1; // not run
      return true;
    }
    Clock::time_point start = Clock::now();
    bool ok = succeeded(step());
    result.seconds[phase] = nirtorch::bench::seconds(start);
    return ok;
  };
  OwningOpRef<ModuleOp> module;
  bool ok =
      timed(NIRRead,
            [&]() -> LogicalResult {
              auto read = nirtorch::readNIR(nirPath, context);
              if (failed(read))
                return failure();
              module = std::move(*read);
              return success();
            }) &&
      timed(Raise, [&] { return nirtorch::raiseToTorchScript(*module); }) &&
      timed(PTWrite,
            [&]() -> LogicalResult {
              ts::ScriptModuleOp root = ts::findRootModule(*module);
              return root ? ts::exportTorchScriptFile(root, ptPath) : failure();
            }) &&
      timed(PTRead,
            [&]() -> LogicalResult {
              module = nullptr;
              auto imported = ts::importTorchScriptFile(ptPath, &context);
              if (failed(imported))
                return failure();
              module = std::move(*imported);
              return success();
            }) &&
      timed(Lower, [&] { return nirtorch::lowerToNIR(*module); }) &&
      timed(NIRWrite, [&] { return nirtorch::writeNIR(*module, backPath); });
  cleanup();
  result.ok = ok;
  result.peakMiB = peakMiB();
  return result;
}

Result runInChild(const Config &config, StringRef shape, int64_t size) {
  int ends[2];
  Result result;
  if (pipe(ends) != 0)
    return result;
  std::fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    close(ends[0]);
    Result child = runSize(config, shape, size);
    (void)!write(ends[1], &child, sizeof(child));
    std::_Exit(child.ok ? 0 : 1);
  }
  close(ends[1]);
  if (read(ends[0], &result, sizeof(result)) != sizeof(result))
    result.ok = false;
  close(ends[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  return result;
}

double total(const Result &result) {
  double sum = 0;
  for (double seconds : result.seconds)
    sum += std::max(seconds, 0.0);
  return sum;
}

/// log-log slope of `phase` between two sizes (by node count).
double exponent(const Result &a, const Result &b, int phase) {
  if (a.seconds[phase] <= 0 || b.seconds[phase] <= 0 || a.nodes == b.nodes)
    return NAN;
  return std::log(b.seconds[phase] / a.seconds[phase]) /
         std::log(double(b.nodes) / double(a.nodes));
}

void printTable(StringRef shape, const std::vector<Result> &results) {
  std::printf("\n%s (seconds; peak RSS of the whole run)\n",
              shape.str().c_str());
  std::printf("%8s %9s", "nodes", "MiB");
  for (const char *name : kPhaseNames)
    std::printf(" %10s", name);
  std::printf(" %10s %9s\n", "total", "peak MiB");
  for (const Result &result : results) {
    std::printf("%8lld %9.1f", (long long)result.nodes, result.payloadMiB);
    for (double seconds : result.seconds) {
      if (seconds < 0)
        std::printf(" %10s", "-");
      else
        std::printf(" %10.4f", seconds);
    }
    std::printf(" %10.3f %9.0f\n", total(result), result.peakMiB);
  }
  if (results.size() < 2)
    return;
  std::printf("growth exponent (1.0 = linear)\n");
  auto printRow = [&](const char *label, const Result &a, const Result &b) {
    std::printf("%18s", label);
    for (int phase = 0; phase < NumPhases; ++phase)
      std::printf(" %10.2f", exponent(a, b, phase));
    std::printf("\n");
  };
  for (size_t i = 1; i < results.size(); ++i) {
    std::string label = std::to_string(results[i - 1].nodes) + "->" +
                        std::to_string(results[i].nodes);
    printRow(label.c_str(), results[i - 1], results[i]);
  }
  // Over the range the targets speak of: from the first size >= 1000.
  auto first = llvm::find_if(
      results, [](const Result &result) { return result.nodes >= 1000; });
  if (first != results.end() && first + 2 < results.end()) {
    std::string label = std::to_string(first->nodes) + "->" +
                        std::to_string(results.back().nodes);
    printRow(label.c_str(), *first, results.back());
  }
}

bool parseArgs(int argc, char **argv, Config &config) {
  for (int i = 1; i < argc; ++i) {
    StringRef arg = argv[i];
    if (arg.consume_front("--sizes=")) {
      config.sizes.clear();
      SmallVector<StringRef> parts;
      arg.split(parts, ',');
      for (StringRef part : parts) {
        int64_t size;
        if (part.getAsInteger(10, size) || size < 3)
          return false;
        config.sizes.push_back(size);
      }
    } else if (arg.consume_front("--shapes=")) {
      config.shapes.clear();
      SmallVector<StringRef> parts;
      arg.split(parts, ',');
      for (StringRef part : parts) {
        if (part != "chain" && part != "wide")
          return false;
        config.shapes.push_back(part.str());
      }
    } else if (arg.consume_front("--dir=")) {
      config.dir = arg.str();
    } else if (arg.consume_front("--max-seconds=")) {
      if (arg.getAsDouble(config.maxSeconds))
        return false;
    } else if (arg.consume_front("--pt-max-nodes=")) {
      if (arg.getAsInteger(10, config.ptMaxNodes))
        return false;
    } else if (arg == "--threads") {
      config.threads = true;
    } else {
      return false;
    }
  }
  return true;
}
} // namespace

int main(int argc, char **argv) {
  Config config;
  if (!parseArgs(argc, argv, config)) {
    std::fprintf(stderr, "usage: conversion-bench [--sizes=10,100,...] "
                         "[--shapes=chain,wide] [--dir=DIR] [--max-seconds=S] "
                         "[--pt-max-nodes=N] [--threads]\n");
    return 2;
  }
  std::printf("conversion-bench: %s, %ld cores online, blocks of Linear "
              "%lldx%lld + LIF %lld (float32)\n",
              config.threads ? "MLIR multithreading on"
                             : "1 thread (MLIR multithreading off)",
              sysconf(_SC_NPROCESSORS_ONLN), (long long)kWidth,
              (long long)kWidth, (long long)kWidth);
  bool allOk = true;
  for (const std::string &shape : config.shapes) {
    std::vector<Result> results;
    for (int64_t size : config.sizes) {
      Result result = runInChild(config, shape, size);
      if (!result.ok) {
        std::printf("%s N=%lld: failed (see the diagnostics above)\n",
                    shape.c_str(), (long long)size);
        allOk = false;
        break;
      }
      results.push_back(result);
      if (total(result) > config.maxSeconds) {
        std::printf("%s N=%lld took %.0f s > --max-seconds: larger sizes "
                    "skipped\n",
                    shape.c_str(), (long long)size, total(result));
        break;
      }
    }
    printTable(shape, results);
  }
  return allOk ? 0 : 1;
}
