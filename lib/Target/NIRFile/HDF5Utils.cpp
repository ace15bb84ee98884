//===- HDF5Utils.cpp - Small helpers over the HDF5 C API ------------------===//

#include "HDF5Utils.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/Support/MathExtras.h"

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <new>
#include <optional>
#include <set>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace mlir::nir;

static std::recursive_mutex &getHDF5Mutex() {
  static std::recursive_mutex mutex;
  return mutex;
}

hdf5::Session::Session() : lock(getHDF5Mutex()) {
  H5Eget_auto2(H5E_DEFAULT, &savedFunc, &savedData);
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

hdf5::Session::~Session() {
  H5Eclear2(H5E_DEFAULT);
  H5Eset_auto2(H5E_DEFAULT, savedFunc, savedData);
}

std::string hdf5::takeErrorMessage() {
  // The stack runs from the API call that failed (outermost) down to the
  // cause; the two ends read as "what failed: why".
  llvm::SmallVector<std::string, 8> descriptions;
  H5Ewalk2(
      H5E_DEFAULT, H5E_WALK_DOWNWARD,
      [](unsigned, const H5E_error2_t *error, void *data) -> herr_t {
        auto &list = *static_cast<llvm::SmallVector<std::string, 8> *>(data);
        if (error->desc && *error->desc)
          list.emplace_back(error->desc);
        return 0;
      },
      &descriptions);
  H5Eclear2(H5E_DEFAULT);
  if (descriptions.empty())
    return "";
  if (descriptions.size() == 1 || descriptions.front() == descriptions.back())
    return descriptions.front();
  return descriptions.front() + ": " + descriptions.back();
}

/// A little-endian IEEE-style float type of two bytes with the given field
/// layout (h5py builds float16 the same way).
static hdf5::Handle createHalfWidthFloat(size_t exponentBits,
                                         size_t mantissaBits, size_t bias) {
  hdf5::Handle type = hdf5::typeHandle(H5Tcopy(H5T_IEEE_F32LE));
  if (!type ||
      H5Tset_fields(type, 15, mantissaBits, exponentBits, 0, mantissaBits) <
          0 ||
      H5Tset_size(type, 2) < 0 || H5Tset_ebias(type, bias) < 0)
    return {};
  return type;
}

hdf5::Handle hdf5::createFloat16Type() {
  return createHalfWidthFloat(5, 10, 15);
}

hdf5::Handle hdf5::createBFloat16Type() {
  return createHalfWidthFloat(8, 7, 127);
}

hdf5::Handle hdf5::createBoolType() {
  Handle type = typeHandle(H5Tenum_create(H5T_NATIVE_INT8));
  int8_t falseValue = 0, trueValue = 1;
  if (!type || H5Tenum_insert(type, "FALSE", &falseValue) < 0 ||
      H5Tenum_insert(type, "TRUE", &trueValue) < 0)
    return {};
  return type;
}

hdf5::Handle hdf5::createUTF8StringType() {
  Handle type = typeHandle(H5Tcopy(H5T_C_S1));
  if (!type || H5Tset_size(type, H5T_VARIABLE) < 0 ||
      H5Tset_cset(type, H5T_CSET_UTF8) < 0 ||
      H5Tset_strpad(type, H5T_STR_NULLTERM) < 0)
    return {};
  return type;
}

hid_t hdf5::getTransferPlist() {
  // 16 KiB holds 512 elements of the largest converted type (a 32-byte
  // variable-length string reference pair); creating a property list costs
  // as much as a small read, so there is one. (H5close would invalidate it;
  // only the reader's isolation child calls that, once it is done with
  // HDF5.)
  static hid_t plist = [] {
    hid_t id = H5Pcreate(H5P_DATASET_XFER);
    if (id >= 0 && H5Pset_buffer(id, 16 << 10, nullptr, nullptr) < 0) {
      H5Pclose(id);
      id = H5P_DEFAULT;
    }
    return id < 0 ? H5P_DEFAULT : id;
  }();
  return plist;
}

bool hdf5::isBoolEnumType(hid_t type) {
  if (H5Tget_class(type) != H5T_ENUM || H5Tget_nmembers(type) != 2)
    return false;
  Handle base = typeHandle(H5Tget_super(type));
  if (!base || H5Tget_class(base) != H5T_INTEGER || H5Tget_size(base) > 8)
    return false;
  const std::pair<const char *, long long> members[] = {{"FALSE", 0},
                                                        {"TRUE", 1}};
  for (auto [name, expected] : members) {
    // The value comes in the base type; widen it in place to compare.
    alignas(8) char value[16] = {};
    if (H5Tenum_valueof(type, name, value) < 0 ||
        H5Tconvert(base, H5T_NATIVE_LLONG, 1, value, nullptr, H5P_DEFAULT) < 0)
      return false;
    long long actual;
    std::memcpy(&actual, value, sizeof(actual));
    if (actual != expected)
      return false;
  }
  return true;
}

llvm::SmallVector<hsize_t> hdf5::guessChunkShape(llvm::ArrayRef<hsize_t> shape,
                                                 size_t elementSize) {
  // h5py/_hl/filters.py guess_chunk: a target chunk of 8 KiB .. 1 MiB that
  // grows with the dataset, reached by halving the axes round-robin.
  constexpr double chunkBase = 16 * 1024, chunkMin = 8 * 1024,
                   chunkMax = 1024 * 1024;
  llvm::SmallVector<double> chunks;
  for (hsize_t dim : shape)
    chunks.push_back(dim == 0 ? 1024.0 : double(dim));
  auto product = [&] {
    double value = 1;
    for (double dim : chunks)
      value *= dim;
    return value;
  };
  double datasetSize = product() * double(elementSize);
  double target =
      chunkBase * std::pow(2.0, std::log10(datasetSize / (1024.0 * 1024.0)));
  target = std::min(std::max(target, chunkMin), chunkMax);
  for (size_t index = 0;; ++index) {
    double chunkBytes = product() * double(elementSize);
    if ((chunkBytes < target || std::abs(chunkBytes - target) / target < 0.5) &&
        chunkBytes < chunkMax)
      break;
    if (product() == 1)
      break;
    double &dim = chunks[index % chunks.size()];
    dim = std::ceil(dim / 2.0);
  }
  llvm::SmallVector<hsize_t> result;
  for (double dim : chunks)
    result.push_back(hsize_t(dim));
  return result;
}

//===----------------------------------------------------------------------===//
// Reading a file in a child process
//===----------------------------------------------------------------------===//

using namespace mlir::nir::hdf5;

namespace {
/// Reads the raw file underneath HDF5 to check what HDF5 1.10 would loop on
/// before it reads it.
class HeapCheck {
public:
  /// Prepares readRaw and the check for `file`.
  void init(hid_t file);

  /// Checks the global heap collections the variable-length strings of a
  /// contiguous dataset point into, before HDF5 reads them: HDF5 1.10 walks
  /// a collection's objects by their sizes and loops for ever on a
  /// free-space object of size 0 (a run of zeroed bytes), and reads past
  /// the collection for an object claiming more bytes than it holds. Other
  /// layouts, and what cannot be read here, are left to HDF5 (under the
  /// CPU limit).
  std::optional<std::string> checkStringHeaps(hid_t dataset, hid_t type,
                                              hssize_t count) {
    if (!sizeOfAddress)
      return std::nullopt;
    haddr_t offset = H5Dget_offset(dataset);
    // A variable-length element: its length, then the heap ID (collection
    // address, object index).
    uint64_t elementSize = 4 + sizeOfAddress + 4;
    std::string elements;
    if (offset == HADDR_UNDEF || H5Tget_size(type) == 0 ||
        !readRaw(offset, uint64_t(count) * elementSize, elements))
      return std::nullopt;
    for (hssize_t i = 0; i < count; ++i) {
      uint64_t at = uint64_t(i) * elementSize;
      uint64_t length = readLittleEndian(elements, at, 4);
      uint64_t address = readLittleEndian(elements, at + 4, sizeOfAddress);
      if (length == 0 || !checkedCollections.insert(address).second)
        continue;
      if (std::optional<std::string> problem = checkCollection(address))
        return problem;
    }
    return std::nullopt;
  }

  /// What is wrong with the global heap collection at `address` (relative
  /// to the file's base), walked as HDF5 1.10's H5HG__cache_heap_deserialize
  /// walks it; std::nullopt when nothing is, or when it is not readable as a
  /// collection (HDF5 reports that itself).
  std::optional<std::string> checkCollection(uint64_t address) {
    std::string header;
    uint64_t headerSize = 8 + sizeOfSize;
    if (address > fileSize - baseAddress ||
        !readRaw(baseAddress + address, headerSize, header) ||
        header.compare(0, 4, "GCOL") != 0 || header[4] != 1)
      return std::nullopt;
    uint64_t size = readLittleEndian(header, 8, sizeOfSize);
    std::string heap;
    if (size <= headerSize || !readRaw(baseAddress + address, size, heap))
      return std::nullopt;
    uint64_t objectHeaderSize = 8 + sizeOfSize;
    for (uint64_t at = headerSize; at < size;) {
      // Too little left for an object header: free space to the end.
      if (size - at < objectHeaderSize)
        break;
      uint64_t index = readLittleEndian(heap, at, 2);
      uint64_t objectSize = readLittleEndian(heap, at + 8, sizeOfSize);
      std::string where = "global heap collection at address " +
                          std::to_string(address) + ": object " +
                          std::to_string(index) + " at offset " +
                          std::to_string(at);
      // Object 0 is the free space, counted with its header; the others
      // are padded to 8 bytes after theirs.
      uint64_t need = objectSize;
      if (index != 0) {
        if (objectSize > size)
          return where + " claims " + std::to_string(objectSize) +
                 " bytes, more than the collection's " + std::to_string(size);
        need = objectHeaderSize + ((objectSize + 7) & ~uint64_t(7));
      }
      if (need == 0)
        return where + " (free space) has size 0, on which HDF5 1.10 loops "
                       "for ever";
      if (need > size - at)
        return where + " claims " + std::to_string(objectSize) +
               " bytes, more than the collection's " + std::to_string(size);
      at += need;
    }
    return std::nullopt;
  }

private:
  /// Reads `length` bytes at file offset `offset` into `bytes`, from the
  /// file (sec2 driver) or the file image (core driver) underneath HDF5.
  bool readRaw(uint64_t offset, uint64_t length, std::string &bytes) {
    if (offset > fileSize || fileSize - offset < length)
      return false;
    bytes.resize(length);
    if (image) {
      std::memcpy(bytes.data(), image + offset, length);
      return true;
    }
    for (uint64_t done = 0; done < length;) {
      ssize_t count = pread(descriptor, bytes.data() + done, length - done,
                            off_t(offset + done));
      if (count <= 0)
        return false;
      done += uint64_t(count);
    }
    return descriptor >= 0;
  }

  static uint64_t readLittleEndian(const std::string &bytes, uint64_t at,
                                   unsigned width) {
    uint64_t value = 0;
    for (unsigned i = 0; i < width; ++i)
      value |= uint64_t(uint8_t(bytes[at + i])) << (8 * i);
    return value;
  }

  // The raw file underneath HDF5: a memory image or a file descriptor.
  const char *image = nullptr;
  int descriptor = -1;
  uint64_t fileSize = 0;
  /// Where the superblock is (after a user block); heap addresses count
  /// from there.
  uint64_t baseAddress = 0;
  /// The file's address and length widths; 0 when unknown (no heap check).
  unsigned sizeOfAddress = 0, sizeOfSize = 0;
  std::set<uint64_t> checkedCollections;
};

void HeapCheck::init(hid_t file) {
  Handle access = plistHandle(H5Fget_access_plist(file));
  Handle create = plistHandle(H5Fget_create_plist(file));
  hsize_t bytes = 0;
  size_t address = 0, length = 0;
  hsize_t userBlock = 0;
  void *handle = nullptr;
  if (!access || !create || H5Fget_filesize(file, &bytes) < 0 ||
      H5Pget_sizes(create, &address, &length) < 0 ||
      H5Pget_userblock(create, &userBlock) < 0 ||
      H5Fget_vfd_handle(file, H5P_DEFAULT, &handle) < 0 || !handle) {
    H5Eclear2(H5E_DEFAULT);
    return;
  }
  hid_t driver = H5Pget_driver(access);
  if (driver == H5FD_CORE)
    image = *static_cast<char **>(handle);
  else if (driver == H5FD_SEC2)
    descriptor = *static_cast<int *>(handle);
  else
    return;
  if ((!image && descriptor < 0) || (address != 4 && address != 8) ||
      (length != 4 && length != 8) || userBlock > bytes)
    return;
  fileSize = bytes;
  baseAddress = userBlock;
  sizeOfAddress = unsigned(address);
  sizeOfSize = unsigned(length);
}

/// What the child of runInChildProcess keeps for the reader's hooks.
struct ChildState {
  HeapCheck heaps;
  /// Objects read so far, shared with the parent; kHDF5Done once HDF5 is
  /// done with the file.
  std::atomic<uint64_t> *progress = nullptr;
  uint64_t finished = 0;
  struct itimerval budget = {};
  /// allocateShared's memory: a memfd the parent maps once the child is
  /// done, reserved here as one large mapping and grown with ftruncate.
  int arenaFile = -1;
  char *arenaBase = nullptr;
  uint64_t arenaUsed = 0;
};

/// The address space reserved for the arena (nothing is allocated until
/// used): more than any file the reader accepts holds.
constexpr uint64_t kArenaReserve = uint64_t(1) << 40;

/// Set in the child only (a process of its own, one thread).
ChildState *childState = nullptr;

constexpr uint64_t kHDF5Done = ~uint64_t(0);

/// The child's result as a MemoryBuffer over the mapping of its memfd.
class MappedResult : public llvm::MemoryBuffer {
public:
  explicit MappedResult(std::shared_ptr<SharedArena> mapping)
      : mapping(std::move(mapping)) {
    llvm::MutableArrayRef<char> bytes = this->mapping->bytes();
    init(bytes.begin(), bytes.end(), /*RequiresNullTerminator=*/false);
  }
  llvm::StringRef getBufferIdentifier() const override {
    return "<nir reader child>";
  }
  BufferKind getBufferKind() const override { return MemoryBuffer_MMap; }

private:
  std::shared_ptr<SharedArena> mapping;
};

/// All of `file` (a memfd the child wrote), mapped copy-on-write: blobs
/// pointing into it stay mutable, as the reader's own are. Null for an empty
/// file; false if it cannot be mapped.
bool mapWhole(int file, std::shared_ptr<SharedArena> &mapping) {
  off_t size = lseek(file, 0, SEEK_END);
  if (size <= 0)
    return true;
  void *data = mmap(nullptr, size_t(size), PROT_READ | PROT_WRITE,
                    MAP_PRIVATE, file, 0);
  if (data == MAP_FAILED)
    return false;
  mapping = std::make_shared<SharedArena>(static_cast<char *>(data),
                                          size_t(size));
  return true;
}
} // namespace

void hdf5::reportProgress() {
  if (!childState)
    return;
  ChildState &state = *childState;
  state.progress->store(++state.finished, std::memory_order_relaxed);
  // Re-arming costs a system call: every 64 objects is often enough.
  if (state.finished % 64 == 0)
    setitimer(ITIMER_PROF, &state.budget, nullptr);
}

void hdf5::finishInChild() {
  if (!childState)
    return;
  H5close();
  struct itimerval off = {};
  setitimer(ITIMER_PROF, &off, nullptr);
  childState->progress->store(kHDF5Done, std::memory_order_relaxed);
}

void *hdf5::allocateShared(size_t bytes, size_t alignment) {
  if (!childState || !childState->arenaBase)
    return nullptr;
  ChildState &state = *childState;
  uint64_t offset = llvm::alignTo(state.arenaUsed, alignment);
  if (offset > kArenaReserve || bytes > kArenaReserve - offset ||
      ftruncate(state.arenaFile, off_t(offset + bytes)) != 0)
    return nullptr;
  state.arenaUsed = offset + bytes;
  return state.arenaBase + offset;
}

std::optional<uint64_t> hdf5::getSharedOffset(const void *pointer) {
  if (!childState || !childState->arenaBase)
    return std::nullopt;
  const char *at = static_cast<const char *>(pointer);
  if (at < childState->arenaBase ||
      at >= childState->arenaBase + childState->arenaUsed)
    return std::nullopt;
  return uint64_t(at - childState->arenaBase);
}

hdf5::SharedArena::~SharedArena() { munmap(base, size); }

std::optional<llvm::MutableArrayRef<char>>
hdf5::SharedArena::slice(uint64_t offset, uint64_t length) const {
  if (offset > size || length > size - offset)
    return std::nullopt;
  return llvm::MutableArrayRef<char>(base + offset, length);
}

std::optional<std::string> hdf5::checkStringHeaps(hid_t dataset, hid_t type,
                                                  hssize_t count) {
  if (!childState)
    return std::nullopt;
  return childState->heaps.checkStringHeaps(dataset, type, count);
}

/// The bytes of this process's data segment and private writable mappings
/// (what RLIMIT_DATA limits), or 0 when /proc does not say.
static uint64_t getDataBytes() {
  std::FILE *status = std::fopen("/proc/self/status", "r");
  if (!status)
    return 0;
  char line[256];
  unsigned long long kib = 0;
  while (std::fgets(line, sizeof(line), status))
    if (std::sscanf(line, "VmData: %llu kB", &kib) == 1)
      break;
  std::fclose(status);
  return uint64_t(kib) << 10;
}

ChildResult hdf5::runInChildProcess(hid_t file, const ChildLimits &limits,
                                    llvm::function_ref<bool(int)> work,
                                    std::unique_ptr<llvm::MemoryBuffer> &result,
                                    std::shared_ptr<SharedArena> &arena,
                                    std::string &detail) {
  int outputFile = memfd_create("nir-reader-result", MFD_CLOEXEC);
  if (outputFile < 0)
    return ChildResult::Unavailable;
  auto closeOutput = llvm::make_scope_exit([&] { close(outputFile); });
  int arenaFile = memfd_create("nir-reader-arena", MFD_CLOEXEC);
  if (arenaFile < 0)
    return ChildResult::Unavailable;
  auto closeArena = llvm::make_scope_exit([&] { close(arenaFile); });
  // The child counts the objects it read here; both limits run from the
  // last one.
  void *shared = mmap(nullptr, sizeof(std::atomic<uint64_t>),
                      PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (shared == MAP_FAILED)
    return ChildResult::Unavailable;
  auto *progress = new (shared) std::atomic<uint64_t>(0);
  auto unmap = llvm::make_scope_exit(
      [&] { munmap(shared, sizeof(std::atomic<uint64_t>)); });
  std::fflush(nullptr);
  pid_t child = fork();
  if (child < 0)
    return ChildResult::Unavailable;
  if (child == 0) {
    // An orphan must not spin on: the child dies with its parent.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() == 1)
      _exit(3);
    // HDF5 looping on corrupt metadata ends when `cpuSeconds` of CPU time
    // pass without an object read (SIGPROF, which ends the process).
    static ChildState state;
    state.progress = progress;
    state.budget = {{0, 0}, {time_t(limits.cpuSeconds), 0}};
    setitimer(ITIMER_PROF, &state.budget, nullptr);
    // HDF5 mallocs (and fills) sizes the file claims before it finds them
    // missing: a vlen string claiming 2 GiB in a 30 KB file made the child
    // take 4 GiB. Past the budget its allocations fail.
    if (uint64_t data = getDataBytes()) {
      struct rlimit memory = {rlim_t(data + limits.memoryBytes),
                              rlim_t(data + limits.memoryBytes)};
      setrlimit(RLIMIT_DATA, &memory);
    }
    // A crash must end the child quietly: no stack trace from inherited
    // handlers, no glibc or HDF5 messages.
    for (int signal : {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP,
                       SIGSYS, SIGXCPU, SIGPROF})
      std::signal(signal, SIG_DFL);
    int devNull = open("/dev/null", O_WRONLY);
    if (devNull >= 0)
      dup2(devNull, STDERR_FILENO);
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    state.heaps.init(file);
    // The arena is shared memory, which RLIMIT_DATA does not count; the
    // reader allocates from it only what the file's datasets store.
    void *reserved = mmap(nullptr, kArenaReserve, PROT_READ | PROT_WRITE,
                          MAP_SHARED | MAP_NORESERVE, arenaFile, 0);
    if (reserved != MAP_FAILED) {
      state.arenaFile = arenaFile;
      state.arenaBase = static_cast<char *>(reserved);
    }
    childState = &state;
    // No exit handlers and no HDF5 shutdown: the parent's are not ours.
    _exit(work(outputFile) ? 0 : 2);
  }

  auto deadline = std::chrono::steady_clock::now() +
                  std::chrono::seconds(limits.timeoutSeconds);
  uint64_t lastProgress = 0;
  auto pause = std::chrono::microseconds(100);
  int status = 0;
  while (true) {
    pid_t done = waitpid(child, &status, WNOHANG);
    if (done == child)
      break;
    if (done < 0 && errno != EINTR)
      return ChildResult::Unavailable;
    auto now = std::chrono::steady_clock::now();
    if (uint64_t seen = progress->load(std::memory_order_relaxed);
        seen != lastProgress) {
      lastProgress = seen;
      deadline = now + std::chrono::seconds(limits.timeoutSeconds);
    }
    if (lastProgress != kHDF5Done && now > deadline) {
      kill(child, SIGKILL);
      waitpid(child, &status, 0);
      detail = std::to_string(limits.timeoutSeconds) + " s without progress";
      return ChildResult::TimedOut;
    }
    std::this_thread::sleep_for(pause);
    pause = std::min<std::chrono::microseconds>(pause * 2,
                                                std::chrono::milliseconds(20));
  }
  if (WIFSIGNALED(status)) {
    int signal = WTERMSIG(status);
    if (signal == SIGPROF || signal == SIGXCPU) {
      detail = std::to_string(limits.cpuSeconds) +
               " s of CPU time without progress";
      return ChildResult::TimedOut;
    }
    detail = strsignal(signal);
    return ChildResult::Crashed;
  }
  // 3: orphaned at once; 2: `work` could not write its result (HDF5 got
  // through the file, so the caller may read it itself).
  if (WIFEXITED(status) &&
      (WEXITSTATUS(status) == 3 || WEXITSTATUS(status) == 2))
    return ChildResult::Unavailable;
  // Any other exit code is not ours: HDF5, an allocation past the memory
  // budget (or a sanitizer report in an instrumented build) ended the
  // child early.
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    detail = "exit code " + std::to_string(WEXITSTATUS(status));
    return ChildResult::Crashed;
  }
  std::shared_ptr<SharedArena> output;
  if (!mapWhole(outputFile, output) || !mapWhole(arenaFile, arena))
    return ChildResult::Unavailable;
  if (!output) {
    detail = "no result";
    return ChildResult::Crashed;
  }
  result = std::make_unique<MappedResult>(std::move(output));
  return ChildResult::Done;
}
