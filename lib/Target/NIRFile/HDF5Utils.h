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
#include "llvm/ADT/StringRef.h"

#include <hdf5.h>

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

/// How a probe of a file in a child process ended.
enum class ProbeResult {
  /// HDF5 read every object the reader will read.
  Passed,
  /// HDF5 crashed (the detail names the signal).
  Crashed,
  /// HDF5 did not finish within the time limit.
  TimedOut,
  /// An HDF5 call failed (the detail is HDF5's message). After some failed
  /// decodes HDF5 has corrupted its heap, so the caller must not read on.
  Failed,
  /// The probe found the file corrupt before HDF5 read the part at fault
  /// (the detail says what): a global heap collection HDF5 1.10 would loop
  /// on or read past.
  Refused,
  /// The probe could not run (fork failed); nothing is known.
  Unavailable,
};

/// The deepest group the reader enters ("/" is 0, "/node" 1, a node of a
/// nested graph 3...): 31 levels of nested graphs. The reader refuses deeper
/// groups and the probe stops there, so that nothing the reader reads is
/// unprobed and no recursion depends on the file's nesting.
inline constexpr unsigned kMaxGroupDepth = 64;

/// Reads, in a forked child process, every part of `file` that the NIR
/// reader reads through HDF5's parsers: the group and object headers, the
/// strings (global heap), the chunk indexes, and data behind filters other
/// than gzip, shuffle and Fletcher32. HDF5 1.10 is not hardened against
/// malformed metadata and can crash or loop on a corrupt file; the child
/// takes that instead of the caller. Raw data of contiguous datasets is not
/// read (that is a plain read of the file).
/// Must be called inside a Session.
/// The child may use `cpuSeconds` of CPU time and `timeoutSeconds` of wall
/// time without finishing an object (a file of many small objects takes
/// long as a whole, but a loop in HDF5 stops all progress), and allocate
/// `memoryBytes` more than the caller had (RLIMIT_DATA:
/// HDF5 allocates sizes a corrupt file claims, such as a variable-length
/// string's length, before it finds they are not there); it dies with the
/// caller.
ProbeResult probeInChildProcess(hid_t file, unsigned timeoutSeconds,
                                unsigned cpuSeconds, uint64_t memoryBytes,
                                std::string &detail);

/// The chunk shape h5py picks for a dataset of `shape` with `elementSize`
/// bytes per element (h5py's `guess_chunk`, used when compression is on).
llvm::SmallVector<hsize_t> guessChunkShape(llvm::ArrayRef<hsize_t> shape,
                                           size_t elementSize);

} // namespace mlir::nir::hdf5

#endif // NIRTORCH_LIB_TARGET_NIRFILE_HDF5UTILS_H
