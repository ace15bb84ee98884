//===- nir-file-fuzzer.cpp - libFuzzer target: .nir reader ----------------===//
//
// The bytes are a `.nir` file read from memory as an HDF5 file image
// (readNIRFile(MemoryBufferRef)), the path `nir-translate --import-nir`
// takes. Whatever the reader accepts is printed and written back to a file
// image, as `nirtorch X.nir -o Y.nir` would.
//
// By default HDF5 first walks the file in a child process, as in the tools
// (NIRReadOptions::isolateHDF5): crashes inside HDF5 1.10 itself are turned
// into errors there, so the fuzzer looks for faults in our reader and
// writer. NIRTORCH_FUZZ_NO_ISOLATION=1 reads in-process, to fuzz what the
// isolation protects against (docs/Fuzzing.md).
//
//===----------------------------------------------------------------------===//

#include "FuzzCommon.h"

#include "nirtorch/Dialect/NIR/NIRDialect.h"
#include "nirtorch/Dialect/NIR/NIROps.h"
#include "nirtorch/Target/NIRFile/NIRFile.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/MemoryBufferRef.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

using namespace mlir;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const bool isolate = !std::getenv("NIRTORCH_FUZZ_NO_ISOLATION");
  DialectRegistry registry;
  registry.insert<nir::NIRDialect>();
  std::unique_ptr<MLIRContext> context = nirtorch::fuzz::makeContext(registry);

  nir::NIRReadOptions options;
  options.isolateHDF5 = isolate;
  // A libFuzzer timeout (-timeout) is the budget; the child's own limits
  // stay as in the tools.
  llvm::MemoryBufferRef buffer(
      llvm::StringRef(reinterpret_cast<const char *>(data), size), "fuzz.nir");
  FailureOr<OwningOpRef<ModuleOp>> module =
      nir::readNIRFile(buffer, context.get(), options);
  if (failed(module))
    return 0;
  nirtorch::fuzz::printAll(module->get());
  for (auto graph : (*module)->getBody()->getOps<nir::GraphOp>()) {
    std::string image;
    llvm::raw_string_ostream os(image);
    (void)nir::writeNIRFile(graph, os);
  }
  return 0;
}
