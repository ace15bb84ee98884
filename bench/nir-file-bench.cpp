//===- nir-file-bench.cpp - Throughput and memory of .nir reading/writing -===//
//
// Builds a graph of Linear nodes holding about --size-mb MiB of float32
// weights in resource blobs, then measures, each step in a fresh process so
// that its peak memory (VmHWM) is its own:
//   write        writeNIRFile(graph, path)          (HDF5 sec2 driver)
//   read         readNIRFile(path)                  (HDF5 sec2 driver)
//   read-image   readNIRFile(MemoryBuffer)          (HDF5 file image, as
//                                                    nir-translate reads)
//   write-image  writeNIRFile(graph, raw_ostream)   (HDF5 core driver, as
//                                                    nir-translate writes)
//   baseline     read() of the file into a buffer and write() of a copy:
//                the page-cache copy speed to compare with.
// Usage: nir-file-bench [--size-mb=N] [--nodes=N] [--dir=DIR] [--gzip=L]
//
// Two more modes time many small nodes, where per-object costs dominate:
//   --small-write=N  writeNIRFile of Input -> N x Linear 16x16 -> Output,
//                    next to h5py writing the same structure (nir.write's
//                    calls) in one run, and their ratio;
//   --read-file=F    readNIRFile(F), with and without the child process.
//
//===----------------------------------------------------------------------===//

#include "BenchSupport.h"
#include "nirtorch/Dialect/NIR/NIROps.h"
#include "nirtorch/Target/NIRFile/NIRFile.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <functional>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

using namespace mlir;
using nirtorch::bench::peakMiB;
using nirtorch::bench::seconds;

namespace {
struct Config {
  uint64_t sizeMiB = 1024;
  unsigned nodes = 4;
  unsigned repeat = 3;
  std::string dir = "/tmp";
  std::string only;
  std::optional<unsigned> gzip;
  unsigned smallWrite = 0;
  std::string python = "/usr/bin/python3";
  std::string readFile;
};

/// A chain Input -> Linear x nodes -> Output whose square float32 weights
/// total about sizeMiB, filled with pseudo-random values.
OwningOpRef<ModuleOp> buildGraph(MLIRContext &context, const Config &config,
                                 uint64_t &payload) {
  uint64_t perNode = config.sizeMiB * (1 << 20) / config.nodes;
  int64_t n = int64_t(std::sqrt(double(perNode / 4)));
  OpBuilder builder(&context);
  Location loc = builder.getUnknownLoc();
  OwningOpRef<ModuleOp> module = nirtorch::bench::beginGraph(builder);
  auto signal = RankedTensorType::get({n}, builder.getF32Type());
  Value value = builder.create<nir::InputOp>(loc, signal, "input", nullptr);
  nirtorch::bench::Random random;
  payload = 0;
  for (unsigned i = 0; i < config.nodes; ++i) {
    size_t bytes = size_t(n) * n * sizeof(float);
    AsmResourceBlob blob = HeapAsmResourceBlob::allocate(bytes, 64);
    auto *weights = reinterpret_cast<float *>(blob.getMutableData().data());
    for (int64_t k = 0; k < n * n; ++k)
      weights[k] = random.next() - 0.5f;
    auto type = RankedTensorType::get({n, n}, builder.getF32Type());
    auto attr = DenseResourceElementsAttr::get(type, "w" + std::to_string(i),
                                               std::move(blob));
    value = builder.create<nir::LinearOp>(loc, signal, "fc" + std::to_string(i),
                                          ValueRange{value}, attr, nullptr);
    payload += bytes;
  }
  builder.create<nir::OutputOp>(loc, signal, "output", ValueRange{value},
                                nullptr);
  return module;
}

/// Flushes `path` to disk outside the timed part of a step, so that one
/// run's dirty pages do not throttle the next run's writes.
void flushToDisk(const std::string &path) {
  int fd = open(path.c_str(), O_RDONLY);
  if (fd >= 0) {
    fsync(fd);
    close(fd);
  }
}

/// Reads a byte of every page of the weights, so that the peak RSS counts
/// them (an isolated read maps them without touching them).
void touchWeights(ModuleOp module) {
  volatile char sink = 0;
  module->walk([&](Operation *op) {
    for (NamedAttribute attr : op->getAttrDictionary())
      if (auto resource = dyn_cast<DenseResourceElementsAttr>(attr.getValue()))
        if (AsmResourceBlob *blob = resource.getRawHandle().getBlob())
          for (size_t at = 0; at < blob->getData().size(); at += 4096)
            sink = sink + blob->getData()[at];
  });
}

/// A measured step: returns the seconds its timed part took, or a negative
/// value on failure. It runs in a child process, which writes its time and
/// peak RSS into `result` through a pipe.
struct StepResult {
  double seconds = -1;
  double peakMiB = -1;
};

StepResult inChild(const std::function<double()> &step) {
  int pipeEnds[2];
  if (pipe(pipeEnds) != 0)
    return {};
  std::fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    close(pipeEnds[0]);
    StepResult result;
    result.seconds = step();
    // The larger of this process's peak and its children's (the reader's
    // isolation child holds the whole graph while it reads).
    rusage children;
    getrusage(RUSAGE_CHILDREN, &children);
    result.peakMiB = std::max(peakMiB(), double(children.ru_maxrss) / 1024);
    (void)!write(pipeEnds[1], &result, sizeof(result));
    std::fflush(stdout);
    std::_Exit(result.seconds >= 0 ? 0 : 1);
  }
  close(pipeEnds[1]);
  StepResult result;
  if (read(pipeEnds[0], &result, sizeof(result)) != sizeof(result))
    result = {};
  close(pipeEnds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  return result;
}

/// Runs a step `repeat` times and reports the fastest run.
bool measure(const Config &config, const char *name, uint64_t bytes,
             const std::function<double()> &step) {
  if (!config.only.empty() && config.only != name)
    return true;
  StepResult best;
  for (unsigned run = 0; run < std::max(1u, config.repeat); ++run) {
    StepResult result = inChild(step);
    if (result.seconds < 0) {
      std::printf("%-12s failed\n", name);
      return false;
    }
    if (best.seconds < 0 || result.seconds < best.seconds)
      best = result;
  }
  double mib = double(bytes) / (1 << 20);
  std::printf("%-12s %8.1f MiB in %7.3f s = %8.1f MiB/s, peak RSS %8.1f MiB "
              "(%.2fx payload)\n",
              name, mib, best.seconds, mib / best.seconds, best.peakMiB,
              best.peakMiB / mib);
  return true;
}

/// CPU seconds (user + system) of this process and its waited-for
/// children: steadier than wall time on a shared machine.
double cpuSeconds() {
  double total = 0;
  for (int who : {RUSAGE_SELF, RUSAGE_CHILDREN}) {
    rusage usage;
    getrusage(who, &usage);
    total += usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
             1e-6 * (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
  }
  return total;
}

/// Input -> n x Linear 16x16 (dense weights) -> Output.
OwningOpRef<ModuleOp> buildSmallChain(MLIRContext &context, unsigned n) {
  OpBuilder builder(&context);
  Location loc = builder.getUnknownLoc();
  OwningOpRef<ModuleOp> module = nirtorch::bench::beginGraph(builder);
  auto signal = RankedTensorType::get({16}, builder.getF32Type());
  auto weightType = RankedTensorType::get({16, 16}, builder.getF32Type());
  Value value = builder.create<nir::InputOp>(loc, signal, "input", nullptr);
  nirtorch::bench::Random random;
  for (unsigned i = 0; i < n; ++i) {
    std::vector<float> weights(256);
    for (float &weight : weights)
      weight = random.next() - 0.5f;
    auto attr = DenseElementsAttr::get(weightType, ArrayRef<float>(weights));
    value = builder.create<nir::LinearOp>(loc, signal, "fc" + std::to_string(i),
                                          ValueRange{value}, attr, nullptr);
  }
  builder.create<nir::OutputOp>(loc, signal, "output", ValueRange{value},
                                nullptr);
  return module;
}

/// The same file written by h5py with nir.write's calls (timed inside
/// Python, imports excluded), best of `repeat`; negative on failure.
double timeH5pyWrite(const Config &config, const std::string &path) {
  unsigned n = config.smallWrite, repeat = std::max(1u, config.repeat);
  std::string script = R"(
import sys, time, h5py, numpy as np
n, path, repeat = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
S = h5py.string_dtype()
rng = np.random.default_rng(0)
ws = [rng.standard_normal((16, 16)).astype(np.float32) for _ in range(n)]
best = 1e9
for _ in range(repeat):
    t = time.perf_counter()
    with h5py.File(path, "w") as f:
        f.create_dataset("version", data="1.0.7", dtype=S)
        g = f.create_group("node")
        g.create_dataset("type", data="NIRGraph", dtype=S)
        names = ["input"] + ["fc%d" % i for i in range(n)] + ["output"]
        edges = [[a, b] for a, b in zip(names, names[1:])]
        g.create_dataset("edges", data=np.array(edges, dtype=S), dtype=S)
        nodes = g.create_group("nodes")
        for name, kind in (("input", "Input"), ("output", "Output")):
            h = nodes.create_group(name)
            h.create_dataset("type", data=kind, dtype=S)
            h.create_dataset("shape", data=np.array([16], dtype=np.int64))
        for i in range(n):
            h = nodes.create_group("fc%d" % i)
            h.create_dataset("type", data="Linear", dtype=S)
            h.create_dataset("weight", data=ws[i], dtype=np.float32)
    best = min(best, time.perf_counter() - t)
print(best)
)";
  std::string scriptPath = path + ".py";
  std::ofstream(scriptPath) << script;
  std::string command = config.python + " '" + scriptPath + "' " +
                        std::to_string(n) + " '" + path + "' " +
                        std::to_string(repeat);
  FILE *pipe = popen(command.c_str(), "r");
  if (!pipe)
    return -1;
  char line[128] = {};
  bool ok = std::fgets(line, sizeof(line), pipe) != nullptr;
  ok &= pclose(pipe) == 0;
  llvm::sys::fs::remove(scriptPath);
  return ok ? std::atof(line) : -1;
}

int runSmallWrite(const Config &config) {
  std::string path = config.dir + "/nir-file-bench-small.nir";
  double ours = -1, oursCpu = -1;
  for (unsigned run = 0; run < std::max(1u, config.repeat); ++run) {
    MLIRContext context;
    OwningOpRef<ModuleOp> module = buildSmallChain(context, config.smallWrite);
    auto graph = *module->getOps<nir::GraphOp>().begin();
    double cpuStart = cpuSeconds();
    auto start = std::chrono::steady_clock::now();
    if (failed(nir::writeNIRFile(graph, path)))
      return 1;
    double time = seconds(start), cpu = cpuSeconds() - cpuStart;
    if (ours < 0 || time < ours)
      ours = time;
    if (oursCpu < 0 || cpu < oursCpu)
      oursCpu = cpu;
  }
  double h5py = timeH5pyWrite(config, path);
  llvm::sys::fs::remove(path);
  std::printf("write of %u Linear 16x16 nodes: writeNIRFile %.4f s (CPU %.4f "
              "s), h5py %.4f s, ratio %.2f\n",
              config.smallWrite, ours, oursCpu, h5py,
              h5py > 0 ? ours / h5py : -1.0);
  return h5py > 0 ? 0 : 1;
}

int runReadFile(const Config &config) {
  for (bool isolate : {true, false}) {
    double best = -1, bestCpu = -1;
    for (unsigned run = 0; run < std::max(1u, config.repeat); ++run) {
      MLIRContext context;
      nir::NIRReadOptions options;
      options.isolateHDF5 = isolate;
      double cpuStart = cpuSeconds();
      auto start = std::chrono::steady_clock::now();
      if (failed(nir::readNIRFile(config.readFile, &context, options)))
        return 1;
      double time = seconds(start), cpu = cpuSeconds() - cpuStart;
      if (best < 0 || time < best)
        best = time;
      if (bestCpu < 0 || cpu < bestCpu)
        bestCpu = cpu;
    }
    std::printf("readNIRFile(%s) %s: %.4f s (CPU %.4f s, child included)\n",
                config.readFile.c_str(), isolate ? "isolated" : "in-process",
                best, bestCpu);
  }
  return 0;
}
} // namespace

int main(int argc, char **argv) {
  Config config;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.rfind("--size-mb=", 0) == 0)
      config.sizeMiB = std::strtoull(arg.c_str() + 10, nullptr, 10);
    else if (arg.rfind("--nodes=", 0) == 0)
      config.nodes = std::strtoul(arg.c_str() + 8, nullptr, 10);
    else if (arg.rfind("--dir=", 0) == 0)
      config.dir = arg.substr(6);
    else if (arg.rfind("--gzip=", 0) == 0)
      config.gzip = std::strtoul(arg.c_str() + 7, nullptr, 10);
    else if (arg.rfind("--repeat=", 0) == 0)
      config.repeat = std::strtoul(arg.c_str() + 9, nullptr, 10);
    else if (arg.rfind("--only=", 0) == 0)
      config.only = arg.substr(7);
    else if (arg.rfind("--small-write=", 0) == 0)
      config.smallWrite = std::strtoul(arg.c_str() + 14, nullptr, 10);
    else if (arg.rfind("--python=", 0) == 0)
      config.python = arg.substr(9);
    else if (arg.rfind("--read-file=", 0) == 0)
      config.readFile = arg.substr(12);
    else {
      std::fprintf(stderr,
                   "usage: %s [--size-mb=N] [--nodes=N] [--dir=DIR] "
                   "[--gzip=L] [--repeat=N] [--only=STEP] [--small-write=N] "
                   "[--python=P] [--read-file=F]\n",
                   argv[0]);
      return 2;
    }
  }
  if (config.smallWrite)
    return runSmallWrite(config);
  if (!config.readFile.empty())
    return runReadFile(config);
  std::string path = config.dir + "/nir-file-bench.nir";
  std::string copyPath = config.dir + "/nir-file-bench.copy";
  nir::NIRWriteOptions writeOptions;
  writeOptions.gzipLevel = config.gzip;
  // The children build their own graphs; this is only the size.
  uint64_t perNode = config.sizeMiB * (1 << 20) / config.nodes;
  int64_t n = int64_t(std::sqrt(double(perNode / 4)));
  uint64_t payload = uint64_t(n) * n * 4 * config.nodes;
  std::printf("payload: %u Linear nodes of %lldx%lld float32 = %.1f MiB%s\n",
              config.nodes, (long long)n, (long long)n,
              double(payload) / (1 << 20), config.gzip ? " (gzip)" : "");

  bool ok = true;
  ok &= measure(config, "build", payload, [&] {
    auto start = std::chrono::steady_clock::now();
    MLIRContext context;
    uint64_t bytes;
    OwningOpRef<ModuleOp> module = buildGraph(context, config, bytes);
    return seconds(start);
  });
  ok &= measure(config, "write", payload, [&] {
    MLIRContext context;
    uint64_t bytes;
    OwningOpRef<ModuleOp> module = buildGraph(context, config, bytes);
    auto graph = *module->getOps<nir::GraphOp>().begin();
    // A fresh path: renaming over an existing file makes ext4 start writing
    // the new one back to disk (auto_da_alloc), which would time the disk.
    llvm::sys::fs::remove(path);
    auto start = std::chrono::steady_clock::now();
    if (failed(nir::writeNIRFile(graph, path, writeOptions)))
      return -1.0;
    double time = seconds(start);
    flushToDisk(path);
    return time;
  });
  // The read steps need the file, even when only they run.
  if (!llvm::sys::fs::exists(path))
    ok &= inChild([&] {
            MLIRContext context;
            uint64_t bytes;
            OwningOpRef<ModuleOp> module = buildGraph(context, config, bytes);
            auto graph = *module->getOps<nir::GraphOp>().begin();
            return failed(nir::writeNIRFile(graph, path, writeOptions)) ? -1.0
                                                                        : 0.0;
          }).seconds >= 0;
  ok &= measure(config, "read", payload, [&] {
    MLIRContext context;
    auto start = std::chrono::steady_clock::now();
    auto module = nir::readNIRFile(path, &context);
    if (failed(module))
      return -1.0;
    double time = seconds(start);
    touchWeights(**module);
    return time;
  });
  ok &= measure(config, "read-image", payload, [&] {
    MLIRContext context;
    auto start = std::chrono::steady_clock::now();
    auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                              /*RequiresNullTerminator=*/false);
    if (!buffer)
      return -1.0;
    auto module = nir::readNIRFile((*buffer)->getMemBufferRef(), &context);
    if (failed(module))
      return -1.0;
    double time = seconds(start);
    touchWeights(**module);
    return time;
  });
  ok &= measure(config, "write-image", payload, [&] {
    MLIRContext context;
    uint64_t bytes;
    OwningOpRef<ModuleOp> module = buildGraph(context, config, bytes);
    auto graph = *module->getOps<nir::GraphOp>().begin();
    llvm::sys::fs::remove(copyPath);
    std::error_code error;
    llvm::raw_fd_ostream os(copyPath, error);
    if (error)
      return -1.0;
    auto start = std::chrono::steady_clock::now();
    if (failed(nir::writeNIRFile(graph, os, writeOptions)))
      return -1.0;
    os.close();
    double time = seconds(start);
    flushToDisk(copyPath);
    return time;
  });
  // The page-cache copy speed: read() the file into fresh memory, and
  // write() a new file from memory.
  uint64_t fileSize = 0;
  llvm::sys::fs::file_size(path, fileSize);
  ok &= measure(config, "read()", fileSize, [&] {
    auto start = std::chrono::steady_clock::now();
    std::unique_ptr<char[]> buffer(new char[fileSize]);
    int in = open(path.c_str(), O_RDONLY);
    for (uint64_t done = 0; done < fileSize;) {
      ssize_t got = read(in, buffer.get() + done, fileSize - done);
      if (got <= 0)
        return -1.0;
      done += got;
    }
    close(in);
    return seconds(start);
  });
  ok &= measure(config, "write()", fileSize, [&] {
    std::unique_ptr<char[]> buffer(new char[fileSize]);
    std::memset(buffer.get(), 1, fileSize);
    llvm::sys::fs::remove(copyPath);
    auto start = std::chrono::steady_clock::now();
    int out = open(copyPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    for (uint64_t done = 0; done < fileSize;) {
      ssize_t put = write(out, buffer.get() + done, fileSize - done);
      if (put <= 0)
        return -1.0;
      done += put;
    }
    close(out);
    double time = seconds(start);
    flushToDisk(copyPath);
    return time;
  });
  llvm::sys::fs::remove(path);
  llvm::sys::fs::remove(copyPath);
  if (!ok)
    std::fprintf(stderr, "a benchmark step failed\n");
  return ok ? 0 : 1;
}
