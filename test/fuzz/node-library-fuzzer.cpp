//===- node-library-fuzzer.cpp - libFuzzer target: node library bindings --===//
//
// The bytes are a node library binding (JSON, docs/Raising.md "Node
// libraries") naming `tinysnn.mlir`, the test library's ts IR, which sits
// beside it in a scratch directory. A binding that loads is used to raise a
// fixed graph holding every node type tinysnn can implement, so the
// expressions are evaluated and the prototypes cloned; the result is
// verified (the pass manager does) and printed.
//
//===----------------------------------------------------------------------===//

#include "FuzzCommon.h"

#include "nirtorch/Conversion/NIRToTorchScript.h"
#include "nirtorch/Conversion/NIRToTorchScript/NodeMap.h"
#include "nirtorch/Dialect/NIR/NIRDialect.h"
#include "nirtorch/Dialect/TorchScript/TorchScriptDialect.h"

#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#ifndef NIRTORCH_FUZZ_TINYSNN
#error "NIRTORCH_FUZZ_TINYSNN must name tinysnn.mlir"
#endif

using namespace mlir;

namespace {
constexpr const char *kGraph = R"mlir(
nir.graph @net {
  %input = nir.input "input" : tensor<3xf32>
  %fc = nir.affine "fc"(%input) {weight = dense<[[1.0, 0.5, -0.5], [0.25, 1.0, 0.0]]> : tensor<2x3xf32>, bias = dense<[0.5, -0.5]> : tensor<2xf32>} : tensor<3xf32> -> tensor<2xf32>
  %lif = nir.lif "lif.a"(%fc) {tau = dense<0.5> : tensor<2xf32>, r = dense<[2.0, 1.0]> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<[1.0, 0.5]> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %cuba = nir.cuba_lif "cuba"(%lif) {tau_syn = dense<0.25> : tensor<2xf32>, tau_mem = dense<0.5> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>, w_in = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  %li = nir.li "li"(%cuba) {tau = dense<0.5> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<[0.0, 1.0]> : tensor<2xf32>} : tensor<2xf32>
  %gain = nir.scale "gain"(%li) {scale = dense<2.0> : tensor<2xf32>} : tensor<2xf32>
  %spikes = nir.threshold "spikes"(%gain) {threshold = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%spikes) : tensor<2xf32>
}
)mlir";

/// The scratch directory holding tinysnn.mlir and the binding.
std::string scratch;
} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  llvm::SmallString<128> dir;
  if (llvm::sys::fs::createUniqueDirectory("node-library-fuzz", dir))
    std::abort();
  scratch = std::string(dir);
  llvm::SmallString<128> library(dir);
  llvm::sys::path::append(library, "tinysnn.mlir");
  if (llvm::sys::fs::copy_file(NIRTORCH_FUZZ_TINYSNN, library))
    std::abort();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::SmallString<128> binding(scratch);
  llvm::sys::path::append(binding, "binding.json");
  {
    std::error_code error;
    llvm::raw_fd_ostream os(binding, error);
    if (error)
      std::abort();
    os.write(reinterpret_cast<const char *>(data), size);
  }

  DialectRegistry registry;
  registry.insert<nir::NIRDialect, ts::TorchScriptDialect>();
  std::unique_ptr<MLIRContext> context = nirtorch::fuzz::makeContext(registry);
  auto map = std::make_shared<nirtorch::NodeMap>();
  if (failed(map->loadLibrary(binding, context.get(),
                              UnknownLoc::get(context.get()))))
    return 0;

  OwningOpRef<ModuleOp> module =
      parseSourceString<ModuleOp>(kGraph, context.get());
  if (!module)
    std::abort();
  PassManager pm(context.get());
  nir::RaiseToTorchScriptOptions options;
  options.nodeMap = map;
  nir::buildRaiseNIRToTorchScriptPipeline(pm, options);
  if (succeeded(pm.run(*module)))
    nirtorch::fuzz::printAll(module->getOperation());
  return 0;
}
