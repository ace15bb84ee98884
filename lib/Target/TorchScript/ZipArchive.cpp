//===- ZipArchive.cpp - Integrity check of TorchScript archives -----------===//
//
// Reads just enough of the zip format (APPNOTE.TXT 6.3) to find every record
// through the central directory and check its CRC-32: the end of central
// directory record (and its zip64 form), central directory headers and local
// file headers. TorchScript archives store tensor data uncompressed and
// deflate their code; deflated records are inflated to check them.
//
//===----------------------------------------------------------------------===//

#include "ZipArchive.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CRC.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/FormatVariadic.h"

#include <zlib.h>

#include <cstdint>
#include <optional>

using namespace llvm;

namespace {
constexpr uint32_t kLocalHeader = 0x04034b50;
constexpr uint32_t kCentralHeader = 0x02014b50;
constexpr uint32_t kEndOfCentralDirectory = 0x06054b50;
constexpr uint32_t kZip64EndOfCentralDirectory = 0x06064b50;
constexpr uint32_t kZip64Locator = 0x07064b50;
constexpr uint16_t kZip64ExtraField = 0x0001;
constexpr size_t kEndOfCentralDirectorySize = 22;

/// Little-endian reads that fail instead of reading past the end.
class Reader {
public:
  explicit Reader(StringRef data) : data(data) {}

  template <typename T> std::optional<T> read(uint64_t offset) const {
    if (offset > data.size() || data.size() - offset < sizeof(T))
      return std::nullopt;
    return support::endian::read<T, endianness::little>(data.data() + offset);
  }

  std::optional<StringRef> slice(uint64_t offset, uint64_t size) const {
    if (offset > data.size() || data.size() - offset < size)
      return std::nullopt;
    return data.substr(offset, size);
  }

  uint64_t size() const { return data.size(); }

private:
  StringRef data;
};

/// The CRC-32 of the raw deflate stream `data` once inflated to `size`
/// bytes, or std::nullopt when the stream is damaged.
std::optional<uint32_t> inflatedCrc32(StringRef data, uint64_t size) {
  z_stream stream = {};
  if (inflateInit2(&stream, -MAX_WBITS) != Z_OK)
    return std::nullopt;
  stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  uint32_t crc = 0;
  uint64_t total = 0;
  unsigned char chunk[1 << 16];
  int status = Z_OK;
  while (status == Z_OK) {
    stream.next_out = chunk;
    stream.avail_out = sizeof(chunk);
    status = inflate(&stream, Z_NO_FLUSH);
    size_t produced = sizeof(chunk) - stream.avail_out;
    crc = crc32(crc, ArrayRef<uint8_t>(chunk, produced));
    total += produced;
    if (status == Z_BUF_ERROR && produced != 0)
      status = Z_OK;
  }
  inflateEnd(&stream);
  if (status != Z_STREAM_END || total != size)
    return std::nullopt;
  return crc;
}

Error truncated(const Twine &what) {
  return createStringError(
      std::make_error_code(std::errc::illegal_byte_sequence),
      "truncated or corrupt zip archive: " + what);
}
} // namespace

Expected<std::vector<std::string>>
mlir::ts::interop::checkZipArchive(StringRef data) {
  Reader reader(data);
  // The end of central directory record closes the file, followed only by a
  // comment of up to 64 KiB.
  std::optional<uint64_t> end;
  if (data.size() >= kEndOfCentralDirectorySize) {
    uint64_t last = data.size() - kEndOfCentralDirectorySize;
    uint64_t first = last > 0xffff ? last - 0xffff : 0;
    for (uint64_t offset = last + 1; offset-- > first;) {
      if (reader.read<uint32_t>(offset) == kEndOfCentralDirectory) {
        end = offset;
        break;
      }
    }
  }
  if (!end) {
    if (reader.read<uint32_t>(0) == kLocalHeader)
      return truncated("its central directory is missing");
    return createStringError(
        std::make_error_code(std::errc::illegal_byte_sequence),
        "not a zip archive");
  }

  uint64_t entries = *reader.read<uint16_t>(*end + 10);
  uint64_t directoryOffset = *reader.read<uint32_t>(*end + 16);
  if (entries == 0xffff || directoryOffset == 0xffffffff) {
    // Zip64: a locator just before the record points at the zip64 record.
    if (*end < 20 || reader.read<uint32_t>(*end - 20) != kZip64Locator)
      return truncated("its zip64 locator is missing");
    std::optional<uint64_t> zip64 = reader.read<uint64_t>(*end - 20 + 8);
    if (!zip64 || reader.read<uint32_t>(*zip64) != kZip64EndOfCentralDirectory)
      return truncated("its zip64 end of central directory is missing");
    std::optional<uint64_t> count = reader.read<uint64_t>(*zip64 + 32);
    std::optional<uint64_t> offset = reader.read<uint64_t>(*zip64 + 48);
    if (!count || !offset)
      return truncated("its zip64 end of central directory is cut short");
    entries = *count;
    directoryOffset = *offset;
  }

  std::vector<std::string> names;
  uint64_t header = directoryOffset;
  for (uint64_t index = 0; index < entries; ++index) {
    if (reader.read<uint32_t>(header) != kCentralHeader)
      return truncated(
          formatv("central directory entry {0} is missing", index).str());
    std::optional<uint16_t> method = reader.read<uint16_t>(header + 10);
    std::optional<uint32_t> crc = reader.read<uint32_t>(header + 16);
    std::optional<uint32_t> compressed32 = reader.read<uint32_t>(header + 20);
    std::optional<uint32_t> size32 = reader.read<uint32_t>(header + 24);
    std::optional<uint16_t> nameLength = reader.read<uint16_t>(header + 28);
    std::optional<uint16_t> extraLength = reader.read<uint16_t>(header + 30);
    std::optional<uint16_t> commentLength = reader.read<uint16_t>(header + 32);
    std::optional<uint32_t> local32 = reader.read<uint32_t>(header + 42);
    if (!method || !crc || !compressed32 || !size32 || !nameLength ||
        !extraLength || !commentLength || !local32)
      return truncated(
          formatv("central directory entry {0} is cut short", index).str());
    std::optional<StringRef> name = reader.slice(header + 46, *nameLength);
    std::optional<StringRef> extra =
        reader.slice(header + 46 + *nameLength, *extraLength);
    if (!name || !extra)
      return truncated(
          formatv("central directory entry {0} is cut short", index).str());

    // Sizes and offsets that do not fit 32 bits live in the zip64 extra
    // field, in this order, each present only when its 32-bit field is full.
    uint64_t compressed = *compressed32, size = *size32, local = *local32;
    for (uint64_t at = 0; at + 4 <= extra->size();) {
      Reader field(*extra);
      uint16_t id = *field.read<uint16_t>(at);
      uint16_t length = *field.read<uint16_t>(at + 2);
      if (id == kZip64ExtraField) {
        uint64_t next = at + 4;
        for (uint64_t *value : {&size, &compressed, &local}) {
          if (*value != 0xffffffff)
            continue;
          std::optional<uint64_t> wide = field.read<uint64_t>(next);
          if (!wide)
            return truncated("a zip64 extra field is cut short");
          *value = *wide;
          next += 8;
        }
      }
      at += 4 + length;
    }

    if (*method != 0 && *method != 8)
      return createStringError(
          std::make_error_code(std::errc::not_supported),
          "record '%s' uses zip compression method %u; TorchScript archives "
          "store or deflate their records",
          name->str().c_str(), unsigned(*method));
    if (reader.read<uint32_t>(local) != kLocalHeader)
      return truncated("the header of record '" + *name + "' is missing");
    std::optional<uint16_t> localName = reader.read<uint16_t>(local + 26);
    std::optional<uint16_t> localExtra = reader.read<uint16_t>(local + 28);
    if (!localName || !localExtra)
      return truncated("the header of record '" + *name + "' is cut short");
    std::optional<StringRef> contents =
        reader.slice(local + 30 + *localName + *localExtra, compressed);
    if (!contents || (*method == 0 && compressed != size))
      return truncated("record '" + *name + "' is cut short");
    std::optional<uint32_t> actual =
        *method == 0 ? crc32(arrayRefFromStringRef(*contents))
                     : inflatedCrc32(*contents, size);
    if (actual != *crc)
      return createStringError(
          std::errc::illegal_byte_sequence,
          "corrupt zip archive: record '%s' fails its CRC-32 check",
          name->str().c_str());
    names.push_back(name->str());
    header += 46 + *nameLength + *extraLength + *commentLength;
  }
  return names;
}
