//===- pt-import-fuzzer.cpp - libFuzzer target: .pt importer --------------===//
//
// The bytes are a TorchScript module archive (`.pt`, a zip), imported from
// memory (ts::importTorchScript(MemoryBufferRef)), the path
// `nir-translate --import-torchscript` takes. What imports is printed and,
// when it holds a root `ts.module`, lowered to NIR as `nirtorch X.pt` does.
//
// libtorch is Debian's prebuilt, uninstrumented library: ASan sees the heap
// it uses through malloc/free, but not its own out-of-bounds reads, which
// show as SEGVs instead (docs/Fuzzing.md).
//
//===----------------------------------------------------------------------===//

#include "FuzzCommon.h"

#include "nirtorch/NIRTorch.h"
#include "nirtorch/Target/TorchScript/TorchScript.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/MemoryBufferRef.h"

#include <cstddef>
#include <cstdint>

using namespace mlir;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  DialectRegistry registry;
  nirtorch::registerDialects(registry);
  std::unique_ptr<MLIRContext> context = nirtorch::fuzz::makeContext(registry);

  llvm::MemoryBufferRef buffer(
      llvm::StringRef(reinterpret_cast<const char *>(data), size), "fuzz.pt");
  FailureOr<OwningOpRef<ModuleOp>> module =
      ts::importTorchScript(buffer, context.get());
  if (failed(module))
    return 0;
  nirtorch::fuzz::printAll(module->get());
  if (succeeded(nirtorch::lowerToNIR(module->get())))
    nirtorch::fuzz::printAll(module->get());
  return 0;
}
