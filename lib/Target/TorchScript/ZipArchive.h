//===- ZipArchive.h - Integrity check of TorchScript archives ---*- C++ -*-===//
//
// Internal to lib/Target/TorchScript. libtorch's zip reader skips CRC checks,
// so a corrupt `.pt` loads with wrong tensor values; the importer reads the
// archive's directory and checks every record first.
//
// The archive is read through an ArchiveSource, a file read in chunks or a
// buffer in memory, so that checking a large model does not hold it in
// memory; libtorch then reads it through the same source.
//
//===----------------------------------------------------------------------===//

#ifndef NIRTORCH_LIB_TARGET_TORCHSCRIPT_ZIPARCHIVE_H
#define NIRTORCH_LIB_TARGET_TORCHSCRIPT_ZIPARCHIVE_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBufferRef.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace llvm {
class MemoryBuffer;
} // namespace llvm

namespace mlir::ts::interop {

/// Random access to the bytes of an archive.
class ArchiveSource {
public:
  virtual ~ArchiveSource();

  virtual uint64_t size() const = 0;

  /// Copies the `buffer.size()` bytes at `offset` into `buffer`. Reading
  /// past the end is an error.
  virtual llvm::Error read(uint64_t offset,
                           llvm::MutableArrayRef<char> buffer) = 0;

  /// The `length` bytes at `offset`: in place for a source in memory, else
  /// read into `scratch`.
  virtual llvm::Expected<llvm::StringRef>
  view(uint64_t offset, size_t length, llvm::SmallVectorImpl<char> &scratch);

  /// Drops the memory that reading has brought in, where it can be read
  /// again (the pages of a file mapping). Called after large reads.
  virtual void release() {}
};

/// An archive file read with pread, through the page cache: nothing read
/// stays resident in this process.
class FileArchiveSource : public ArchiveSource {
public:
  /// Opens `path`; errors carry the system's message.
  static llvm::Expected<std::unique_ptr<FileArchiveSource>>
  open(llvm::StringRef path);
  ~FileArchiveSource() override;

  uint64_t size() const override { return fileSize; }
  llvm::Error read(uint64_t offset,
                   llvm::MutableArrayRef<char> buffer) override;

private:
  FileArchiveSource(llvm::sys::fs::file_t file, uint64_t fileSize)
      : file(file), fileSize(fileSize) {}

  llvm::sys::fs::file_t file;
  uint64_t fileSize;
};

/// An archive in memory. When `owner`, the buffer holding it, is a read-only
/// mapping of a file, the pages read are dropped (madvise MADV_DONTNEED)
/// every 64 MiB and on release(): reading the archive through the mapping
/// then does not keep it resident, and the contents stay the same.
class MemoryArchiveSource : public ArchiveSource {
public:
  explicit MemoryArchiveSource(llvm::StringRef data,
                               llvm::MemoryBuffer *owner = nullptr);

  uint64_t size() const override { return data.size(); }
  llvm::Error read(uint64_t offset,
                   llvm::MutableArrayRef<char> buffer) override;
  llvm::Expected<llvm::StringRef>
  view(uint64_t offset, size_t length,
       llvm::SmallVectorImpl<char> &scratch) override;
  void release() override;

private:
  llvm::StringRef data;
  /// The pages of a read-only file mapping covering `data`, or empty.
  llvm::MutableArrayRef<char> pages;
  uint64_t unreleased = 0;
};

/// Checks that `source` is a complete, uncorrupted zip archive (every record
/// inside the file, its CRC-32 matching) and returns the record names.
/// Handles zip64 archives, which torch.jit.save writes for big models.
/// Records are read in chunks; the directory is the only part held whole.
llvm::Expected<std::vector<std::string>> checkZipArchive(ArchiveSource &source);

/// The same for an archive in memory.
llvm::Expected<std::vector<std::string>> checkZipArchive(llvm::StringRef data);

} // namespace mlir::ts::interop

#endif // NIRTORCH_LIB_TARGET_TORCHSCRIPT_ZIPARCHIVE_H
