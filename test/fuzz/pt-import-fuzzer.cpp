//===- pt-import-fuzzer.cpp - libFuzzer target: .pt importer --------------===//
//
// The bytes are a TorchScript module archive (`.pt`, a zip), imported from
// memory (ts::importTorchScript(MemoryBufferRef)), the path
// `nir-translate --import-torchscript` takes. What imports is printed and,
// when it holds a root `ts.module`, lowered to NIR as `nirtorch X.pt` does.
//
// The importer checks every record's CRC-32 first, so almost every mutation
// would stop there: the harness recomputes the CRCs of stored records
// (TorchScript archives store them uncompressed) in the central directory
// and the local headers, so that mutated contents reach the pickle reader,
// libtorch and our tensor checks. NIRTORCH_FUZZ_KEEP_CRC=1 fuzzes the bytes
// as given.
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

#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

using namespace mlir;

namespace {
uint32_t load32(const std::vector<char> &bytes, size_t at) {
  uint32_t value;
  std::memcpy(&value, bytes.data() + at, 4);
  return value;
}
uint16_t load16(const std::vector<char> &bytes, size_t at) {
  uint16_t value;
  std::memcpy(&value, bytes.data() + at, 2);
  return value;
}

/// Rewrites the CRC-32 of every stored (uncompressed) record that the end
/// of central directory reaches, in place; leaves everything else alone.
void fixStoredCrcs(std::vector<char> &bytes) {
  size_t size = bytes.size();
  if (size < 22)
    return;
  size_t end = size - 22;
  while (load32(bytes, end) != 0x06054b50) {
    if (end == 0 || size - end > 22 + 0xffff)
      return;
    --end;
  }
  size_t entries = load16(bytes, end + 10);
  size_t header = load32(bytes, end + 16);
  for (size_t i = 0; i < entries; ++i) {
    if (header > size || size - header < 46 ||
        load32(bytes, header) != 0x02014b50)
      return;
    uint16_t method = load16(bytes, header + 10);
    size_t compressed = load32(bytes, header + 20);
    size_t local = load32(bytes, header + 42);
    if (method == 0 && local < size && size - local >= 30 &&
        load32(bytes, local) == 0x04034b50) {
      size_t contents =
          local + 30 + load16(bytes, local + 26) + load16(bytes, local + 28);
      if (contents <= size && size - contents >= compressed) {
        uint32_t crc = static_cast<uint32_t>(crc32(
            0, reinterpret_cast<const Bytef *>(bytes.data() + contents),
            static_cast<uInt>(compressed)));
        std::memcpy(bytes.data() + header + 16, &crc, 4);
        std::memcpy(bytes.data() + local + 14, &crc, 4);
      }
    }
    header += 46 + size_t(load16(bytes, header + 28)) +
              load16(bytes, header + 30) + load16(bytes, header + 32);
  }
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  DialectRegistry registry;
  nirtorch::registerDialects(registry);
  std::unique_ptr<MLIRContext> context = nirtorch::fuzz::makeContext(registry);

  static const bool keepCrc = std::getenv("NIRTORCH_FUZZ_KEEP_CRC");
  std::vector<char> bytes(reinterpret_cast<const char *>(data),
                          reinterpret_cast<const char *>(data) + size);
  if (!keepCrc)
    fixStoredCrcs(bytes);
  llvm::MemoryBufferRef buffer(llvm::StringRef(bytes.data(), bytes.size()),
                               "fuzz.pt");
  FailureOr<OwningOpRef<ModuleOp>> module =
      ts::importTorchScript(buffer, context.get());
  if (failed(module))
    return 0;
  nirtorch::fuzz::printAll(module->get());
  if (succeeded(nirtorch::lowerToNIR(module->get())))
    nirtorch::fuzz::printAll(module->get());
  return 0;
}
