//===- HDF5Utils.h - Small helpers over the HDF5 C API ----------*- C++ -*-===//
//
// RAII handles for HDF5 identifiers, a session guard that silences HDF5's own
// error printing, and the HDF5 datatypes the NIR file format uses.
//
//===----------------------------------------------------------------------===//

#ifndef NIRTORCH_LIB_TARGET_NIRFILE_HDF5UTILS_H
#define NIRTORCH_LIB_TARGET_NIRFILE_HDF5UTILS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/MemoryBuffer.h"

#include <hdf5.h>

#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace mlir::nir::hdf5 {

/// Owns an HDF5 identifier and releases it with the matching close function.
class Handle {
public:
  using CloseFn = herr_t (*)(hid_t);

  Handle() = default;
  Handle(hid_t id, CloseFn close) : id(id), close(close) {}
  Handle(Handle &&other) noexcept : id(other.id), close(other.close) {
    other.id = H5I_INVALID_HID;
  }
  Handle &operator=(Handle &&other) noexcept {
    if (this != &other) {
      reset();
      id = other.id;
      close = other.close;
      other.id = H5I_INVALID_HID;
    }
    return *this;
  }
  Handle(const Handle &) = delete;
  Handle &operator=(const Handle &) = delete;
  ~Handle() { reset(); }

  /// Closes the identifier now; returns false if HDF5 reports a failure
  /// (for a file, a failed final flush).
  bool reset() {
    bool ok = true;
    if (id >= 0 && close)
      ok = close(id) >= 0;
    id = H5I_INVALID_HID;
    return ok;
  }
  hid_t get() const { return id; }
  operator hid_t() const { return id; }
  explicit operator bool() const { return id >= 0; }

private:
  hid_t id = H5I_INVALID_HID;
  CloseFn close = nullptr;
};

inline Handle fileHandle(hid_t id) { return Handle(id, H5Fclose); }
inline Handle groupHandle(hid_t id) { return Handle(id, H5Gclose); }
inline Handle datasetHandle(hid_t id) { return Handle(id, H5Dclose); }
inline Handle typeHandle(hid_t id) { return Handle(id, H5Tclose); }
inline Handle spaceHandle(hid_t id) { return Handle(id, H5Sclose); }
inline Handle plistHandle(hid_t id) { return Handle(id, H5Pclose); }
inline Handle objectHandle(hid_t id) { return Handle(id, H5Oclose); }

/// Held while a reader or writer uses HDF5: serialises HDF5 use (Debian's
/// libhdf5 is not built thread-safe) and turns off HDF5's automatic error
/// printing, restoring the previous handler on exit. HDF5 failures become
/// MLIR diagnostics instead, through `takeErrorMessage`.
class Session {
public:
  Session();
  ~Session();
  Session(const Session &) = delete;
  Session &operator=(const Session &) = delete;

private:
  std::unique_lock<std::recursive_mutex> lock;
  H5E_auto2_t savedFunc = nullptr;
  void *savedData = nullptr;
};

/// A readable summary of HDF5's current error stack ("unable to open file:
/// file signature not found"), or an empty string if the stack is empty.
std::string takeErrorMessage();

/// The IEEE half and bfloat16 types, little-endian; HDF5 1.10 predefines
/// neither. The half type is the one h5py uses for numpy float16.
Handle createFloat16Type();
Handle createBFloat16Type();

/// The numpy bool type as h5py writes it: an enum over int8 with members
/// FALSE = 0 and TRUE = 1.
Handle createBoolType();

/// A variable-length, NUL-terminated UTF-8 string type (h5py.string_dtype()).
Handle createUTF8StringType();

/// The dataset transfer property list for every H5Dread/H5Dwrite: a small
/// type-conversion buffer (HDF5 converts larger selections in strips).
/// HDF5 allocates and zeroes a buffer of this size, and as large a
/// background buffer, for every read or write that converts, which every
/// variable-length string does; at the default 1 MiB that memset dominated
/// files of many small datasets. Created once per process (in a Session).
hid_t getTransferPlist();

/// Whether `type` is an enum over an integer with exactly the members
/// FALSE = 0 and TRUE = 1 (how h5py stores numpy bool).
bool isBoolEnumType(hid_t type);

/// How reading a file in a child process ended.
enum class ChildResult {
  /// The child finished and passed its result back (which may report
  /// that the file is invalid).
  Done,
  /// The child crashed (the detail names the signal or exit code).
  Crashed,
  /// The child made no progress within a time limit (the detail says
  /// which).
  TimedOut,
  /// The child could not run (no fork, no memfd); nothing is known.
  Unavailable,
};

/// The deepest group the reader enters ("/" is 0, "/node" 1, a node of a
/// nested graph 3...): 31 levels of nested graphs. The reader refuses deeper
/// groups, so that no recursion depends on the file's nesting.
inline constexpr unsigned kMaxGroupDepth = 64;

/// What the child may spend without progress (see reportProgress) and
/// allocate beyond what the caller had.
struct ChildLimits {
  unsigned timeoutSeconds = 60;
  unsigned cpuSeconds = 3;
  uint64_t memoryBytes = uint64_t(1) << 30;
};

/// Runs `work` in a forked child process that reads `file` through HDF5,
/// which 1.10 is not hardened against malformed metadata: a crash or an
/// endless loop there ends the child, not the caller. `work` writes its
/// result to the file descriptor it gets (a memfd, so the child never
/// blocks on a full pipe) and returns whether it could; on Done, `result`
/// maps what it wrote. A child that read the file but could not pass the
/// result back counts as Unavailable. The child may go `cpuSeconds` of CPU time and
/// `timeoutSeconds` of wall time without progress (reportProgress) while
/// it reads (finishInChild lifts both), and allocate `memoryBytes` more
/// than the caller had (RLIMIT_DATA: HDF5 allocates sizes a corrupt file
/// claims before it finds they are not there). The child dies with the
/// caller. Must be called inside a Session; `work` must not open another.
/// A memfd a child of runInChildProcess wrote, mapped in the caller
/// copy-on-write: the arena the child's allocateShared allocated from (large
/// arrays it read come back without a copy), and its result.
class SharedArena {
public:
  SharedArena(char *base, size_t size) : base(base), size(size) {}
  ~SharedArena();
  SharedArena(const SharedArena &) = delete;
  SharedArena &operator=(const SharedArena &) = delete;
  llvm::MutableArrayRef<char> bytes() const { return {base, size}; }
  /// The bytes at [offset, offset + length), or std::nullopt past the end.
  std::optional<llvm::MutableArrayRef<char>> slice(uint64_t offset,
                                                   uint64_t length) const;

private:
  char *base;
  size_t size;
};

ChildResult runInChildProcess(hid_t file, const ChildLimits &limits,
                              llvm::function_ref<bool(int)> work,
                              std::unique_ptr<llvm::MemoryBuffer> &result,
                              std::shared_ptr<SharedArena> &arena,
                              std::string &detail);

/// In the child of runInChildProcess: `bytes` of memory aligned to
/// `alignment` that the caller will see in the SharedArena, never freed
/// while the child lives. Elsewhere (or when the arena is full): nullptr.
void *allocateShared(size_t bytes, size_t alignment);
/// In the child of runInChildProcess: the arena offset of `pointer` if
/// allocateShared returned the memory it points into.
std::optional<uint64_t> getSharedOffset(const void *pointer);

/// In the child of runInChildProcess: an HDF5 object was read (the time
/// limits run from the last call). Elsewhere: nothing.
void reportProgress();
/// In the child of runInChildProcess, once HDF5 is done with the file:
/// closes the library, which frees what it decoded (a heap it corrupted
/// reading past a buffer tends to show here, as an abort), then lifts the
/// time limits for what is left (passing the result back). The caller must
/// hold no HDF5 identifiers.
void finishInChild();
/// In the child of runInChildProcess, before HDF5 reads the `count`
/// variable-length strings of `dataset`: what is wrong with the global heap
/// collections they point into, on which HDF5 1.10 would loop for ever or
/// read past the collection (std::nullopt: nothing found, or not a
/// contiguous dataset, or not in the child).
std::optional<std::string> checkStringHeaps(hid_t dataset, hid_t type,
                                            hssize_t count);

/// The chunk shape h5py picks for a dataset of `shape` with `elementSize`
/// bytes per element (h5py's `guess_chunk`, used when compression is on).
llvm::SmallVector<hsize_t> guessChunkShape(llvm::ArrayRef<hsize_t> shape,
                                           size_t elementSize);

} // namespace mlir::nir::hdf5

#endif // NIRTORCH_LIB_TARGET_NIRFILE_HDF5UTILS_H
