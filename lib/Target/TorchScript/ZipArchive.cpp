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
#include "llvm/Support/Endian.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Process.h"

#include <zlib.h>

#ifdef __linux__
#include <sys/mman.h>
#endif

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>

using namespace llvm;
using namespace mlir::ts::interop;

namespace {
constexpr uint32_t kLocalHeader = 0x04034b50;
constexpr uint32_t kCentralHeader = 0x02014b50;
constexpr uint32_t kEndOfCentralDirectory = 0x06054b50;
constexpr uint32_t kZip64EndOfCentralDirectory = 0x06064b50;
constexpr uint32_t kZip64Locator = 0x07064b50;
constexpr uint16_t kZip64ExtraField = 0x0001;
constexpr size_t kEndOfCentralDirectorySize = 22;

constexpr uint64_t kMaxComment = 0xffff;
/// Records are checked in chunks of this size.
constexpr size_t kChunk = 4 << 20;
/// The most a deflated record other than tensor storage (a pickle, code,
/// debug info) may inflate to. TorchScript writes such records small; the
/// bound keeps a deflate bomb (about 1000:1) from making the importer and
/// libtorch, which inflate pickles and code whole, allocate gigabytes.
constexpr uint64_t kMaxInflatedRecord = 256 << 20;
/// Bytes of a mapped buffer read between two releases of its pages.
constexpr uint64_t kReleaseEvery = 64 << 20;

/// Little-endian reads of headers that fail instead of reading past the end.
/// Reads go through a window of the source, so that walking the directory
/// costs a read per window, not per field.
class Reader {
public:
  explicit Reader(ArchiveSource &source) : source(source) {}

  template <typename T> std::optional<T> read(uint64_t offset) {
    std::optional<StringRef> bytes = slice(offset, sizeof(T));
    if (!bytes)
      return std::nullopt;
    return support::endian::read<T, endianness::little>(bytes->data());
  }

  /// The bytes stay valid until the next read.
  std::optional<StringRef> slice(uint64_t offset, uint64_t size) {
    if (offset > source.size() || source.size() - offset < size)
      return std::nullopt;
    if (offset < windowStart || offset - windowStart > window.size() ||
        window.size() - (offset - windowStart) < size) {
      uint64_t length =
          std::min<uint64_t>(source.size() - offset, std::max(size, kWindow));
      Expected<StringRef> bytes = source.view(offset, length, scratch);
      if (!bytes) {
        setError(bytes.takeError());
        return std::nullopt;
      }
      windowStart = offset;
      window = *bytes;
    }
    return window.substr(offset - windowStart, size);
  }

  ArchiveSource &getSource() { return source; }

  /// The first read error of the source, which callers report instead of
  /// the truncation it looks like.
  Error takeError() { return std::move(ioError); }
  void setError(Error error) {
    if (!ioError)
      ioError = std::move(error);
    else
      consumeError(std::move(error));
  }

private:
  static constexpr uint64_t kWindow = 64 << 10;
  ArchiveSource &source;
  uint64_t windowStart = 0;
  StringRef window;
  SmallVector<char, 0> scratch;
  Error ioError = Error::success();
};

/// The CRC-32 of the record of `compressed` bytes at `offset`, stored
/// (`method` 0) or a raw deflate stream inflating to `size` bytes; read in
/// chunks. std::nullopt when a deflate stream is damaged or cannot be read.
/// With `inflated`, a deflated record's first `size` bytes are kept there.
std::optional<uint32_t> recordCrc32(Reader &reader, uint64_t offset,
                                    uint64_t compressed, uint64_t size,
                                    unsigned method,
                                    std::string *inflated = nullptr) {
  ArchiveSource &source = reader.getSource();
  SmallVector<char, 0> scratch;
  auto readChunk = [&](uint64_t done) -> std::optional<StringRef> {
    size_t length = std::min<uint64_t>(kChunk, compressed - done);
    Expected<StringRef> chunk = source.view(offset + done, length, scratch);
    if (!chunk) {
      reader.setError(chunk.takeError());
      return std::nullopt;
    }
    return *chunk;
  };

  uLong crc = crc32(0, nullptr, 0);
  if (method == 0) {
    for (uint64_t done = 0; done < compressed;) {
      std::optional<StringRef> chunk = readChunk(done);
      if (!chunk)
        return std::nullopt;
      crc = crc32(crc, reinterpret_cast<const Bytef *>(chunk->data()),
                  static_cast<uInt>(chunk->size()));
      done += chunk->size();
    }
    return static_cast<uint32_t>(crc);
  }

  z_stream stream = {};
  if (inflateInit2(&stream, -MAX_WBITS) != Z_OK)
    return std::nullopt;
  uint64_t consumed = 0, total = 0;
  unsigned char out[1 << 16];
  int status = Z_OK;
  while (status == Z_OK) {
    // The chunk stays in `scratch` until inflate has consumed it.
    if (stream.avail_in == 0 && consumed < compressed) {
      std::optional<StringRef> chunk = readChunk(consumed);
      if (!chunk)
        break;
      stream.next_in =
          reinterpret_cast<Bytef *>(const_cast<char *>(chunk->data()));
      stream.avail_in = static_cast<uInt>(chunk->size());
      consumed += chunk->size();
    }
    stream.next_out = out;
    stream.avail_out = sizeof(out);
    status = inflate(&stream, Z_NO_FLUSH);
    size_t produced = sizeof(out) - stream.avail_out;
    crc = crc32(crc, out, static_cast<uInt>(produced));
    if (inflated && total < size)
      inflated->append(reinterpret_cast<const char *>(out),
                       std::min<uint64_t>(produced, size - total));
    total += produced;
    if (status == Z_BUF_ERROR &&
        (produced != 0 || (stream.avail_in == 0 && consumed < compressed)))
      status = Z_OK;
  }
  inflateEnd(&stream);
  if (status != Z_STREAM_END || total != size)
    return std::nullopt;
  return static_cast<uint32_t>(crc);
}

Error truncated(const Twine &what) {
  return createStringError(
      std::make_error_code(std::errc::illegal_byte_sequence),
      "truncated or corrupt zip archive: " + what);
}
} // namespace

namespace {
/// How an opcode's argument is encoded in the pickle.
enum class PickleArg : uint8_t {
  None,
  Fixed1,
  Fixed2,
  Fixed4,
  Fixed8,
  Line,     // a newline-terminated argument
  TwoLines, // GLOBAL and INST: module and name
  Length1,  // a 1-byte length, then that many bytes
  Length4,
  Length8,
};

/// What an opcode does to the unpickler's stack and marks.
enum class PickleStack : uint8_t {
  Plain,       // takes `pops` values, then pushes `pushes`
  Mark,        // MARK
  PopMark,     // takes the values above the last mark and the mark, pushes
               // `pushes` (TUPLE, LIST, DICT, ...)
  PopMarkInto, // takes the values above the last mark and the mark, adds
               // them to the value below the mark (APPENDS, SETITEMS, ...)
};

struct PickleOpcode {
  const char *name = nullptr; // nullptr: not a pickle opcode
  PickleArg arg = PickleArg::None;
  PickleStack stack = PickleStack::Plain;
  uint8_t pops = 0, pushes = 0;
};

/// The opcodes of pickle protocols 0-5 (Python's Lib/pickletools.py), with
/// the stack effects of Python's unpickler.
const std::array<PickleOpcode, 256> &getPickleOpcodes() {
  static const std::array<PickleOpcode, 256> table = [] {
    std::array<PickleOpcode, 256> t;
    auto set = [&](uint8_t code, const char *name, PickleArg arg,
                   PickleStack stack, uint8_t pops, uint8_t pushes) {
      t[code] = {name, arg, stack, pops, pushes};
    };
    using A = PickleArg;
    using S = PickleStack;
    set('(', "MARK", A::None, S::Mark, 0, 0);
    set('.', "STOP", A::None, S::Plain, 1, 0);
    set('0', "POP", A::None, S::Plain, 1, 0);
    set('1', "POP_MARK", A::None, S::PopMark, 0, 0);
    set('2', "DUP", A::None, S::Plain, 1, 2);
    set('F', "FLOAT", A::Line, S::Plain, 0, 1);
    set('I', "INT", A::Line, S::Plain, 0, 1);
    set('J', "BININT", A::Fixed4, S::Plain, 0, 1);
    set('K', "BININT1", A::Fixed1, S::Plain, 0, 1);
    set('L', "LONG", A::Line, S::Plain, 0, 1);
    set('M', "BININT2", A::Fixed2, S::Plain, 0, 1);
    set('N', "NONE", A::None, S::Plain, 0, 1);
    set('P', "PERSID", A::Line, S::Plain, 0, 1);
    set('Q', "BINPERSID", A::None, S::Plain, 1, 1);
    set('R', "REDUCE", A::None, S::Plain, 2, 1);
    set('S', "STRING", A::Line, S::Plain, 0, 1);
    set('T', "BINSTRING", A::Length4, S::Plain, 0, 1);
    set('U', "SHORT_BINSTRING", A::Length1, S::Plain, 0, 1);
    set('V', "UNICODE", A::Line, S::Plain, 0, 1);
    set('X', "BINUNICODE", A::Length4, S::Plain, 0, 1);
    set('a', "APPEND", A::None, S::Plain, 2, 1);
    set('b', "BUILD", A::None, S::Plain, 2, 1);
    set('c', "GLOBAL", A::TwoLines, S::Plain, 0, 1);
    set('d', "DICT", A::None, S::PopMark, 0, 1);
    set('}', "EMPTY_DICT", A::None, S::Plain, 0, 1);
    set('e', "APPENDS", A::None, S::PopMarkInto, 0, 0);
    set('g', "GET", A::Line, S::Plain, 0, 1);
    set('h', "BINGET", A::Fixed1, S::Plain, 0, 1);
    set('i', "INST", A::TwoLines, S::PopMark, 0, 1);
    set('j', "LONG_BINGET", A::Fixed4, S::Plain, 0, 1);
    set('l', "LIST", A::None, S::PopMark, 0, 1);
    set(']', "EMPTY_LIST", A::None, S::Plain, 0, 1);
    set('o', "OBJ", A::None, S::PopMark, 0, 1);
    set('p', "PUT", A::Line, S::Plain, 1, 1);
    set('q', "BINPUT", A::Fixed1, S::Plain, 1, 1);
    set('r', "LONG_BINPUT", A::Fixed4, S::Plain, 1, 1);
    set('s', "SETITEM", A::None, S::Plain, 3, 1);
    set('t', "TUPLE", A::None, S::PopMark, 0, 1);
    set(')', "EMPTY_TUPLE", A::None, S::Plain, 0, 1);
    set('u', "SETITEMS", A::None, S::PopMarkInto, 0, 0);
    set('G', "BINFLOAT", A::Fixed8, S::Plain, 0, 1);
    set('B', "BINBYTES", A::Length4, S::Plain, 0, 1);
    set('C', "SHORT_BINBYTES", A::Length1, S::Plain, 0, 1);
    set(0x80, "PROTO", A::Fixed1, S::Plain, 0, 0);
    set(0x81, "NEWOBJ", A::None, S::Plain, 2, 1);
    set(0x82, "EXT1", A::Fixed1, S::Plain, 0, 1);
    set(0x83, "EXT2", A::Fixed2, S::Plain, 0, 1);
    set(0x84, "EXT4", A::Fixed4, S::Plain, 0, 1);
    set(0x85, "TUPLE1", A::None, S::Plain, 1, 1);
    set(0x86, "TUPLE2", A::None, S::Plain, 2, 1);
    set(0x87, "TUPLE3", A::None, S::Plain, 3, 1);
    set(0x88, "NEWTRUE", A::None, S::Plain, 0, 1);
    set(0x89, "NEWFALSE", A::None, S::Plain, 0, 1);
    set(0x8a, "LONG1", A::Length1, S::Plain, 0, 1);
    set(0x8b, "LONG4", A::Length4, S::Plain, 0, 1);
    set(0x8c, "SHORT_BINUNICODE", A::Length1, S::Plain, 0, 1);
    set(0x8d, "BINUNICODE8", A::Length8, S::Plain, 0, 1);
    set(0x8e, "BINBYTES8", A::Length8, S::Plain, 0, 1);
    set(0x8f, "EMPTY_SET", A::None, S::Plain, 0, 1);
    set(0x90, "ADDITEMS", A::None, S::PopMarkInto, 0, 0);
    set(0x91, "FROZENSET", A::None, S::PopMark, 0, 1);
    set(0x92, "NEWOBJ_EX", A::None, S::Plain, 3, 1);
    set(0x93, "STACK_GLOBAL", A::None, S::Plain, 2, 1);
    set(0x94, "MEMOIZE", A::None, S::Plain, 1, 1);
    set(0x95, "FRAME", A::Fixed8, S::Plain, 0, 0);
    set(0x96, "BYTEARRAY8", A::Length8, S::Plain, 0, 1);
    set(0x97, "NEXT_BUFFER", A::None, S::Plain, 0, 1);
    set(0x98, "READONLY_BUFFER", A::None, S::Plain, 1, 1);
    return t;
  }();
  return table;
}
} // namespace

/// Walks the opcodes of a pickle (protocols 0-5) as Python's unpickler would
/// and returns what is wrong with it, before libtorch's unpickler trusts it
/// (findings of the pt-import fuzzer, docs/TorchScript.md):
///  - an argument claiming more bytes than the pickle holds, or a memo index
///    beyond its size: libtorch allocates the claimed length (or memo
///    table) before reading on, so a record of a few bytes could make it
///    reserve gigabytes;
///  - an opcode taking more values off the stack than it holds above the
///    last mark, a mark closed that was never opened, an odd number of
///    items for a dict, or a pickle that does not end with one value:
///    libtorch 1.13's unpickler does not check most of these and corrupts
///    its heap (BUILD or REDUCE on a one-value stack swap a value with the
///    memory before the stack; TUPLE1, NEWOBJ or BINPERSID on an empty one
///    pop it).
/// An opcode the walk does not know ends it; libtorch reports it.
static std::optional<std::string> checkPickle(StringRef pickle) {
  const std::array<PickleOpcode, 256> &opcodes = getPickleOpcodes();
  size_t at = 0, size = pickle.size();
  // The stack's depth, and its depth at each open mark.
  uint64_t depth = 0;
  SmallVector<uint64_t> marks;
  auto skipLines = [&](unsigned lines) -> bool {
    for (; lines; --lines) {
      size_t newline = pickle.find('\n', at);
      if (newline == StringRef::npos)
        return false;
      at = newline + 1;
    }
    return true;
  };
  while (at < size) {
    size_t opcode = at;
    uint8_t op = static_cast<uint8_t>(pickle[at++]);
    const PickleOpcode &info = opcodes[op];
    if (!info.name)
      return std::nullopt;

    // The argument: lines, fixed-size, or length-prefixed payloads.
    unsigned fixed = 0, prefix = 0;
    switch (info.arg) {
    case PickleArg::None:
      break;
    case PickleArg::Line:
    case PickleArg::TwoLines: {
      size_t line = at;
      if (!skipLines(info.arg == PickleArg::Line ? 1 : 2))
        return formatv("has an unterminated argument at offset {0}", opcode)
            .str();
      // PUT's decimal memo index, bounded like BINPUT's below.
      uint64_t index;
      if (op == 'p' &&
          (pickle.slice(line, at - 1).trim().getAsInteger(10, index) ||
           index >= size))
        return formatv("memoizes at a bad index at offset {0}", opcode).str();
      break;
    }
    case PickleArg::Fixed1: fixed = 1; break;
    case PickleArg::Fixed2: fixed = 2; break;
    case PickleArg::Fixed4: fixed = 4; break;
    case PickleArg::Fixed8: fixed = 8; break;
    case PickleArg::Length1: prefix = 1; break;
    case PickleArg::Length4: prefix = 4; break;
    case PickleArg::Length8: prefix = 8; break;
    }
    if (size_t argument = fixed ? fixed : prefix) {
      if (size - at < argument)
        return formatv("ends inside the opcode at offset {0}", opcode).str();
      uint64_t length = 0;
      for (size_t i = 0; i < argument; ++i)
        length |= uint64_t(static_cast<uint8_t>(pickle[at + i])) << (8 * i);
      at += argument;
      // BINPUT and LONG_BINPUT: libtorch grows its memo table to the index,
      // so a 4-byte index could cost it 64 GiB. A pickler numbers memo
      // entries from 0 and each takes at least two bytes, so none exceeds
      // the size.
      if ((op == 'q' || op == 'r') && length >= size)
        return formatv("memoizes at index {0} at offset {1}, beyond any "
                       "pickle of {2} bytes",
                       length, opcode, size)
            .str();
      if (op == 0x95 && length > size - at)
        return formatv("has a frame of {0} bytes at offset {1} but only {2} "
                       "bytes follow",
                       length, opcode, size - at)
            .str();
      if (prefix) {
        // BINSTRING and LONG4 take a signed length.
        if ((op == 'T' || op == 0x8b) && length >= (uint64_t(1) << 31))
          return formatv("has a negative length at offset {0}", opcode).str();
        if (length > size - at)
          return formatv("claims {0} bytes at offset {1} but only {2} bytes "
                         "follow",
                         length, opcode, size - at)
              .str();
        at += length;
      }
    }

    // The stack. Values below the last mark are out of reach until it is
    // closed, as in Python's unpickler.
    uint64_t fence = marks.empty() ? 0 : marks.back();
    switch (info.stack) {
    case PickleStack::Mark:
      marks.push_back(depth);
      break;
    case PickleStack::Plain:
      if (depth - fence < info.pops)
        return formatv("takes {0} value{1} off its stack with {2} at offset "
                       "{3}, where it holds {4}{5}",
                       info.pops, info.pops == 1 ? "" : "s", info.name,
                       opcode, depth - fence,
                       marks.empty() ? "" : " above its last mark")
            .str();
      depth += info.pushes;
      depth -= info.pops;
      break;
    case PickleStack::PopMark:
    case PickleStack::PopMarkInto: {
      if (marks.empty())
        return formatv("closes a mark with {0} at offset {1} but has none "
                       "open",
                       info.name, opcode)
            .str();
      uint64_t items = depth - fence;
      marks.pop_back();
      uint64_t below = fence - (marks.empty() ? 0 : marks.back());
      if ((op == 'd' || op == 'u') && items % 2)
        return formatv("has an odd number of items ({0}) for {1} at offset "
                       "{2}",
                       items, info.name, opcode)
            .str();
      if (op == 'o' && items == 0)
        return formatv("has no class for OBJ at offset {0}", opcode).str();
      if (info.stack == PickleStack::PopMarkInto && below == 0)
        return formatv("has no container below the mark {0} closes at "
                       "offset {1}",
                       info.name, opcode)
            .str();
      depth = fence + info.pushes;
      break;
    }
    }
    if (op == '.') {
      if (depth != 0)
        return formatv("leaves {0} values on its stack at its STOP at offset "
                       "{1}; a pickle holds one",
                       depth + 1, opcode)
            .str();
      return std::nullopt;
    }
  }
  return formatv("has no STOP opcode").str();
}

static Expected<std::vector<std::string>> checkRecords(Reader &reader) {
  ArchiveSource &source = reader.getSource();
  // The end of central directory record closes the file, followed only by a
  // comment of up to 64 KiB.
  std::optional<uint64_t> end;
  if (source.size() >= kEndOfCentralDirectorySize) {
    uint64_t last = source.size() - kEndOfCentralDirectorySize;
    uint64_t first = last > kMaxComment ? last - kMaxComment : 0;
    std::optional<StringRef> tail = reader.slice(first, source.size() - first);
    for (uint64_t offset = last + 1; tail && offset-- > first;) {
      if (support::endian::read32le(tail->data() + (offset - first)) ==
          kEndOfCentralDirectory) {
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
    // Copied: the reads below move the reader's window.
    std::optional<StringRef> nameAndExtra =
        reader.slice(header + 46, uint64_t(*nameLength) + *extraLength);
    if (!nameAndExtra)
      return truncated(
          formatv("central directory entry {0} is cut short", index).str());
    std::string nameStorage = nameAndExtra->take_front(*nameLength).str();
    std::string extraStorage = nameAndExtra->drop_front(*nameLength).str();
    std::optional<StringRef> name = StringRef(nameStorage);
    std::optional<StringRef> extra = StringRef(extraStorage);

    // Sizes and offsets that do not fit 32 bits live in the zip64 extra
    // field, in this order, each present only when its 32-bit field is full.
    uint64_t compressed = *compressed32, size = *size32, local = *local32;
    for (uint64_t at = 0; at + 4 <= extra->size();) {
      uint16_t id = support::endian::read16le(extra->data() + at);
      uint16_t length = support::endian::read16le(extra->data() + at + 2);
      if (id == kZip64ExtraField) {
        uint64_t next = at + 4;
        for (uint64_t *value : {&size, &compressed, &local}) {
          if (*value != 0xffffffff)
            continue;
          if (next > extra->size() || extra->size() - next < 8)
            return truncated("a zip64 extra field is cut short");
          *value = support::endian::read64le(extra->data() + next);
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
    uint64_t contents = local + 30 + *localName + *localExtra;
    if (contents > source.size() || source.size() - contents < compressed ||
        (*method == 0 && compressed != size))
      return truncated("record '" + *name + "' is cut short");
    bool isStorage = name->contains("/data/") || name->contains("/constants/");
    if (*method == 8 && !isStorage && size > kMaxInflatedRecord)
      return createStringError(
          std::errc::file_too_large,
          "record '%s' inflates to %llu bytes; a deflated record other than "
          "tensor data may inflate to at most %llu",
          name->str().c_str(), static_cast<unsigned long long>(size),
          static_cast<unsigned long long>(kMaxInflatedRecord));
    // Pickles are checked before libtorch's unpickler trusts them; a
    // deflated one is kept inflated to be checked (libtorch inflates it
    // whole too).
    bool isPickle = name->ends_with("pkl");
    std::string inflated;
    std::optional<uint32_t> actual =
        recordCrc32(reader, contents, compressed, size, *method,
                    isPickle && *method == 8 ? &inflated : nullptr);
    if (!actual) {
      // A read error is reported as such (by the caller), not as corruption.
      if (Error error = reader.takeError())
        return std::move(error);
    }
    if (actual != *crc)
      return createStringError(
          std::errc::illegal_byte_sequence,
          "corrupt zip archive: record '%s' fails its CRC-32 check",
          name->str().c_str());
    if (isPickle) {
      SmallVector<char> scratch;
      Expected<StringRef> pickle =
          *method == 0 ? source.view(contents, compressed, scratch)
                       : Expected<StringRef>(StringRef(inflated));
      if (!pickle)
        return pickle.takeError();
      if (std::optional<std::string> problem = checkPickle(*pickle))
        return createStringError(std::errc::illegal_byte_sequence,
                                 "corrupt TorchScript archive: pickle '%s' %s",
                                 name->str().c_str(), problem->c_str());
    }
    names.push_back(name->str());
    header += 46 + *nameLength + *extraLength + *commentLength;
  }
  return names;
}

Expected<std::vector<std::string>>
mlir::ts::interop::checkZipArchive(ArchiveSource &source) {
  Reader reader(source);
  Expected<std::vector<std::string>> names = checkRecords(reader);
  source.release();
  // A read that failed looks like a truncated archive; say what it was.
  if (Error error = reader.takeError()) {
    if (!names)
      consumeError(names.takeError());
    return std::move(error);
  }
  return names;
}

Expected<std::vector<std::string>>
mlir::ts::interop::checkZipArchive(StringRef data) {
  MemoryArchiveSource source(data);
  return checkZipArchive(source);
}

//===----------------------------------------------------------------------===//
// Sources
//===----------------------------------------------------------------------===//

ArchiveSource::~ArchiveSource() = default;

Expected<StringRef> ArchiveSource::view(uint64_t offset, size_t length,
                                        SmallVectorImpl<char> &scratch) {
  scratch.resize_for_overwrite(length);
  if (Error error = read(offset, MutableArrayRef<char>(scratch)))
    return std::move(error);
  return StringRef(scratch.data(), length);
}

Expected<std::unique_ptr<FileArchiveSource>>
FileArchiveSource::open(StringRef path) {
  Expected<sys::fs::file_t> file = sys::fs::openNativeFileForRead(path);
  if (!file)
    return file.takeError();
  sys::fs::file_status status;
  std::error_code error = sys::fs::status(*file, status);
  if (!error && status.type() == sys::fs::file_type::directory_file)
    error = std::make_error_code(std::errc::is_a_directory);
  if (error) {
    sys::fs::closeFile(*file);
    return errorCodeToError(error);
  }
  return std::unique_ptr<FileArchiveSource>(
      new FileArchiveSource(*file, status.getSize()));
}

FileArchiveSource::~FileArchiveSource() { sys::fs::closeFile(file); }

Error FileArchiveSource::read(uint64_t offset, MutableArrayRef<char> buffer) {
  while (!buffer.empty()) {
    Expected<size_t> count = sys::fs::readNativeFileSlice(file, buffer, offset);
    if (!count)
      return count.takeError();
    // The file shrank since it was opened.
    if (*count == 0)
      return createStringError(
          std::make_error_code(std::errc::io_error),
          "the file ended before offset %llu while being read",
          static_cast<unsigned long long>(offset));
    buffer = buffer.drop_front(*count);
    offset += *count;
  }
  return Error::success();
}

Error MemoryArchiveSource::read(uint64_t offset, MutableArrayRef<char> buffer) {
  SmallVector<char, 0> unused;
  Expected<StringRef> bytes = view(offset, buffer.size(), unused);
  if (!bytes)
    return bytes.takeError();
  llvm::copy(*bytes, buffer.begin());
  return Error::success();
}

Expected<StringRef> MemoryArchiveSource::view(uint64_t offset, size_t length,
                                              SmallVectorImpl<char> &) {
  if (offset > data.size() || data.size() - offset < length)
    return createStringError(std::make_error_code(std::errc::io_error),
                             "read past the end of the archive");
  // Releasing pages read before does not invalidate them: they are read
  // again from the file when touched.
  unreleased += length;
  if (unreleased >= kReleaseEvery)
    release();
  return data.substr(offset, length);
}

/// Whether [begin, end) lies in one read-only mapping of a file, whose pages
/// MADV_DONTNEED drops without losing data: they are read again from the
/// file. (MemoryBuffer::dontNeedIfMmap uses posix_madvise, which glibc
/// ignores for POSIX_MADV_DONTNEED.)
static bool isReadOnlyFileMapping(uintptr_t begin, uintptr_t end) {
#ifdef __linux__
  auto maps = MemoryBuffer::getFileAsStream("/proc/self/maps");
  if (!maps)
    return false;
  SmallVector<StringRef> lines;
  (*maps)->getBuffer().split(lines, '\n');
  for (StringRef line : lines) {
    // "start-end perms offset dev inode path"
    SmallVector<StringRef, 6> fields;
    line.split(fields, ' ', /*MaxSplit=*/5, /*KeepEmpty=*/false);
    if (fields.size() < 6)
      continue;
    auto [first, last] = fields[0].split('-');
    uint64_t from, to;
    if (first.getAsInteger(16, from) || last.getAsInteger(16, to))
      continue;
    if (begin < from || begin >= to)
      continue;
    return end <= to && !fields[1].contains('w') && fields[4] != "0";
  }
#endif
  (void)begin;
  (void)end;
  return false;
}

MemoryArchiveSource::MemoryArchiveSource(StringRef data, MemoryBuffer *owner)
    : data(data) {
  if (!owner || owner->getBufferKind() != MemoryBuffer::MemoryBuffer_MMap ||
      data.empty())
    return;
  uintptr_t page = sys::Process::getPageSizeEstimate();
  uintptr_t begin = reinterpret_cast<uintptr_t>(data.data()) & ~(page - 1);
  uintptr_t end =
      alignTo(reinterpret_cast<uintptr_t>(data.data()) + data.size(), page);
  if (isReadOnlyFileMapping(begin, end))
    pages = MutableArrayRef<char>(reinterpret_cast<char *>(begin), end - begin);
}

void MemoryArchiveSource::release() {
  unreleased = 0;
#ifdef __linux__
  if (!pages.empty())
    ::madvise(pages.data(), pages.size(), MADV_DONTNEED);
#endif
}
