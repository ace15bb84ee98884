//===- HDF5Utils.cpp - Small helpers over the HDF5 C API ------------------===//

#include "HDF5Utils.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringSet.h"

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <functional>
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
  // only the probe child calls that, right before it exits.)
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
// Probing a file in a child process
//===----------------------------------------------------------------------===//

using namespace mlir::nir::hdf5;

namespace {
/// The child's walk over a file: what the reader touches, in the same HDF5
/// calls, with results thrown away. The first HDF5 failure is kept: after a
/// failed decode HDF5 may have corrupted its own heap (it frees half-decoded
/// messages), so the parent must not repeat the call.
class Probe {
public:
  void visitGroup(hid_t group, const std::string &path, unsigned depth) {
    current = path;
    if (!failure.empty() || depth > kMaxGroupDepth || !enter(group))
      return;
#if H5_VERSION_GE(1, 12, 0)
    using LinkInfo = H5L_info2_t;
#else
    using LinkInfo = H5L_info_t;
#endif
    std::vector<std::pair<std::string, H5L_type_t>> links;
    hsize_t index = 0;
    if (!check(H5Literate(
            group, H5_INDEX_NAME, H5_ITER_INC, &index,
            [](hid_t, const char *name, const LinkInfo *info, void *data) {
              static_cast<decltype(links) *>(data)->emplace_back(name,
                                                                 info->type);
              return herr_t(0);
            },
            &links)))
      return;
    for (auto &[name, type] : links) {
      std::string childPath = (path == "/" ? "/" : path + "/") + name;
      current = childPath;
      // External and user-defined links are refused, never followed; a
      // dangling soft link is reported by the reader.
      if (type != H5L_TYPE_HARD && type != H5L_TYPE_SOFT)
        continue;
      Handle object = objectHandle(H5Oopen(group, name.c_str(), H5P_DEFAULT));
      if (!object) {
        if (type == H5L_TYPE_HARD)
          check(-1);
        else
          H5Eclear2(H5E_DEFAULT);
        continue;
      }
      if (H5Iget_type(object) == H5I_GROUP)
        visitGroup(object, childPath, depth + 1);
      else if (H5Iget_type(object) == H5I_DATASET)
        visitDataset(object);
      if (!failure.empty())
        return;
      if (onProgress)
        onProgress();
    }
  }

  /// Prepares readRaw and the global heap check for `file`.
  void init(hid_t file);

  /// Called after each object (group or dataset) the walk finished.
  std::function<void()> onProgress;

  /// The first HDF5 failure, or empty.
  std::string failure;
  /// Whether `failure` is a corruption the probe found itself, before HDF5
  /// met it.
  bool foundByProbe = false;

private:
  bool check(herr_t status) {
    if (status >= 0)
      return true;
    if (failure.empty()) {
      std::string cause = takeErrorMessage();
      failure = "'" + current + "': " + (cause.empty() ? "failed" : cause);
    }
    return false;
  }

  bool enter(hid_t group) {
#if H5_VERSION_GE(1, 12, 0)
    H5O_info2_t info;
    if (!check(H5Oget_info3(group, &info, H5O_INFO_BASIC)))
      return false;
    std::string key(reinterpret_cast<const char *>(&info.token),
                    sizeof(info.token));
#else
    H5O_info_t info;
    if (!check(H5Oget_info2(group, &info, H5O_INFO_BASIC)))
      return false;
    std::string key(reinterpret_cast<const char *>(&info.addr),
                    sizeof(info.addr));
#endif
    return visited.insert(key).second;
  }

  void visitDataset(hid_t dataset) {
    Handle createPlist = plistHandle(H5Dget_create_plist(dataset));
    Handle type = typeHandle(H5Dget_type(dataset));
    Handle space = spaceHandle(H5Dget_space(dataset));
    if (!check(createPlist && type && space ? 0 : -1))
      return;
    H5D_layout_t layout = H5Pget_layout(createPlist);
    // Storage in other files is refused, never read.
    if (layout == H5D_VIRTUAL || H5Pget_external_count(createPlist) != 0)
      return;
    // gzip, shuffle and Fletcher32 (nir.write's filters) are robust against
    // any input; other filters (HDF5's nbit and scale-offset among them)
    // are exercised by reading the data.
    bool onlyRobustFilters = true;
    int numFilters = H5Pget_nfilters(createPlist);
    for (int i = 0; i < numFilters; ++i) {
      unsigned flags = 0, config = 0;
      size_t numValues = 0;
      char name[64];
      H5Z_filter_t filter =
          H5Pget_filter2(createPlist, i, &flags, &numValues, nullptr,
                         sizeof(name), name, &config);
      if (!check(filter < 0 ? -1 : 0))
        return;
      // A missing filter is reported by the reader; nothing to probe.
      if (H5Zfilter_avail(filter) <= 0)
        return;
      onlyRobustFilters &= filter == H5Z_FILTER_DEFLATE ||
                           filter == H5Z_FILTER_SHUFFLE ||
                           filter == H5Z_FILTER_FLETCHER32;
    }
    // Summing the chunk sizes walks the whole chunk index (a B-tree), which
    // every read of chunked data goes through.
    H5Dget_storage_size(dataset);
    hssize_t count = H5Sget_simple_extent_npoints(space);
    switch (H5Tget_class(type)) {
    case H5T_STRING:
      if (count > 0 && count <= (1 << 24))
        readStrings(dataset, type, space, count);
      break;
    case H5T_ENUM:
      isBoolEnumType(type);
      [[fallthrough]];
    default:
      // Contiguous data is a plain read of the file.
      if (layout == H5D_CHUNKED && !onlyRobustFilters && count > 0)
        readChunked(dataset, type, space);
      break;
    }
  }

  void readStrings(hid_t dataset, hid_t type, hid_t space, hssize_t count) {
    if (H5Tis_variable_str(type) > 0) {
      if (!checkStringHeaps(dataset, type, count))
        return;
      Handle memoryType = typeHandle(H5Tcopy(H5T_C_S1));
      if (!memoryType || H5Tset_size(memoryType, H5T_VARIABLE) < 0 ||
          H5Tset_cset(memoryType, H5Tget_cset(type)) < 0)
        return;
      std::vector<char *> pointers(count, nullptr);
      if (check(H5Dread(dataset, memoryType, H5S_ALL, H5S_ALL,
                        getTransferPlist(), pointers.data())))
#if H5_VERSION_GE(1, 12, 0)
        H5Treclaim(memoryType, space, H5P_DEFAULT, pointers.data());
#else
        H5Dvlen_reclaim(memoryType, space, H5P_DEFAULT, pointers.data());
#endif
      return;
    }
    size_t width = H5Tget_size(type);
    if (width == 0 || uint64_t(count) * width > (uint64_t(1) << 30))
      return;
    std::vector<char> buffer(count * width);
    check(H5Dread(dataset, type, H5S_ALL, H5S_ALL, getTransferPlist(),
                  buffer.data()));
  }

  /// Reads a chunked dataset in row blocks of at most 16 MiB.
  void readChunked(hid_t dataset, hid_t type, hid_t space) {
    int rank = H5Sget_simple_extent_ndims(space);
    if (rank <= 0)
      return;
    std::vector<hsize_t> dims(rank);
    H5Sget_simple_extent_dims(space, dims.data(), nullptr);
    Handle memoryType = typeHandle(H5Tget_native_type(type, H5T_DIR_ASCEND));
    if (!memoryType)
      return;
    uint64_t rowBytes = H5Tget_size(memoryType);
    for (int i = 1; i < rank; ++i)
      rowBytes *= dims[i];
    if (rowBytes == 0 || rowBytes > (uint64_t(1) << 30))
      return;
    hsize_t rowsPerBlock = std::max<uint64_t>(1, (16u << 20) / rowBytes);
    std::vector<char> buffer(rowsPerBlock * rowBytes);
    for (hsize_t row = 0; row < dims[0]; row += rowsPerBlock) {
      std::vector<hsize_t> start(rank, 0), blockDims(dims);
      start[0] = row;
      blockDims[0] = std::min<hsize_t>(rowsPerBlock, dims[0] - row);
      Handle fileSpace = spaceHandle(H5Scopy(space));
      Handle memorySpace =
          spaceHandle(H5Screate_simple(rank, blockDims.data(), nullptr));
      if (!fileSpace || !memorySpace ||
          H5Sselect_hyperslab(fileSpace, H5S_SELECT_SET, start.data(), nullptr,
                              blockDims.data(), nullptr) < 0 ||
          !check(H5Dread(dataset, memoryType, memorySpace, fileSpace,
                         H5P_DEFAULT, buffer.data())))
        return;
    }
  }

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

  /// Checks the global heap collections the variable-length strings of a
  /// contiguous dataset point into, before HDF5 reads them: HDF5 1.10 walks
  /// a collection's objects by their sizes and loops for ever on a
  /// free-space object of size 0 (a run of zeroed bytes), and reads past
  /// the collection for an object claiming more bytes than it holds. Other
  /// layouts, and what cannot be read here, are left to HDF5 (under the
  /// CPU limit). False, with `failure` set, for a corrupt collection.
  bool checkStringHeaps(hid_t dataset, hid_t type, hssize_t count) {
    if (!sizeOfAddress)
      return true;
    haddr_t offset = H5Dget_offset(dataset);
    // A variable-length element: its length, then the heap ID (collection
    // address, object index).
    uint64_t elementSize = 4 + sizeOfAddress + 4;
    std::string elements;
    if (offset == HADDR_UNDEF || H5Tget_size(type) == 0 ||
        !readRaw(offset, uint64_t(count) * elementSize, elements))
      return true;
    for (hssize_t i = 0; i < count; ++i) {
      uint64_t at = uint64_t(i) * elementSize;
      uint64_t length = readLittleEndian(elements, at, 4);
      uint64_t address = readLittleEndian(elements, at + 4, sizeOfAddress);
      if (length == 0 || !checkedCollections.insert(address).second)
        continue;
      if (std::optional<std::string> problem = checkCollection(address)) {
        failure = "'" + current + "': " + *problem;
        foundByProbe = true;
        return false;
      }
    }
    return true;
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

  llvm::StringSet<> visited;
  /// The HDF5 path of the object being read, for the failure message.
  std::string current;

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

void Probe::init(hid_t file) {
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
} // namespace

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

hdf5::ProbeResult hdf5::probeInChildProcess(hid_t file, unsigned timeoutSeconds,
                                            unsigned cpuSeconds,
                                            uint64_t memoryBytes,
                                            std::string &detail) {
  int report[2];
  if (pipe(report) != 0)
    return ProbeResult::Unavailable;
  // The child counts the objects it finished here; both limits run from
  // the last one.
  void *shared = mmap(nullptr, sizeof(std::atomic<uint64_t>),
                      PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (shared == MAP_FAILED) {
    close(report[0]);
    close(report[1]);
    return ProbeResult::Unavailable;
  }
  auto *progress = new (shared) std::atomic<uint64_t>(0);
  auto unmap = llvm::make_scope_exit(
      [&] { munmap(shared, sizeof(std::atomic<uint64_t>)); });
  std::fflush(nullptr);
  pid_t child = fork();
  if (child < 0) {
    close(report[0]);
    close(report[1]);
    return ProbeResult::Unavailable;
  }
  if (child == 0) {
    // An orphan must not spin on: the child dies with its parent, and HDF5
    // looping on corrupt metadata ends at the CPU limit (SIGXCPU, then
    // SIGKILL one second later).
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() == 1)
      _exit(3);
    // HDF5 looping on corrupt metadata ends when `cpuSeconds` of CPU time
    // pass without an object finished (SIGPROF, which ends the process).
    struct itimerval budget = {{0, 0}, {time_t(cpuSeconds), 0}};
    setitimer(ITIMER_PROF, &budget, nullptr);
    // HDF5 mallocs (and fills) sizes the file claims before it finds them
    // missing: a vlen string claiming 2 GiB in a 30 KB file made the child
    // take 4 GiB. Past the budget its allocations fail, and so does the
    // probe.
    if (uint64_t data = getDataBytes()) {
      struct rlimit memory = {rlim_t(data + memoryBytes),
                              rlim_t(data + memoryBytes)};
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
    close(report[0]);
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    Probe probe;
    probe.init(file);
    uint64_t finished = 0;
    probe.onProgress = [&] {
      progress->store(++finished, std::memory_order_relaxed);
      // Re-arming costs a system call: every 64 objects is often enough.
      if (finished % 64 == 0)
        setitimer(ITIMER_PROF, &budget, nullptr);
    };
    Handle root = groupHandle(H5Gopen2(file, "/", H5P_DEFAULT));
    if (root)
      probe.visitGroup(root, "/", 0);
    root.reset();
    // Closing everything frees what HDF5 decoded; a heap it corrupted
    // tends to show here, as an abort.
    H5close();
    if (!probe.failure.empty())
      (void)!write(report[1], probe.failure.data(),
                   std::min<size_t>(probe.failure.size(), 4096));
    _exit(probe.failure.empty() ? 0 : probe.foundByProbe ? 4 : 2);
  }
  close(report[1]);

  auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(timeoutSeconds);
  uint64_t lastProgress = 0;
  auto pause = std::chrono::microseconds(100);
  int status = 0;
  while (true) {
    pid_t done = waitpid(child, &status, WNOHANG);
    if (done == child)
      break;
    if (done < 0 && errno != EINTR) {
      close(report[0]);
      return ProbeResult::Unavailable;
    }
    auto now = std::chrono::steady_clock::now();
    if (uint64_t seen = progress->load(std::memory_order_relaxed);
        seen != lastProgress) {
      lastProgress = seen;
      deadline = now + std::chrono::seconds(timeoutSeconds);
    }
    if (now > deadline) {
      kill(child, SIGKILL);
      waitpid(child, &status, 0);
      close(report[0]);
      detail = std::to_string(timeoutSeconds) + " s without progress";
      return ProbeResult::TimedOut;
    }
    std::this_thread::sleep_for(pause);
    pause = std::min<std::chrono::microseconds>(pause * 2,
                                                std::chrono::milliseconds(20));
  }
  char message[4096];
  ssize_t length = read(report[0], message, sizeof(message));
  close(report[0]);
  if (WIFSIGNALED(status)) {
    int signal = WTERMSIG(status);
    if (signal == SIGPROF || signal == SIGXCPU) {
      detail = std::to_string(cpuSeconds) + " s of CPU time without progress";
      return ProbeResult::TimedOut;
    }
    detail = strsignal(signal);
    return ProbeResult::Crashed;
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 3)
    return ProbeResult::Unavailable;
  if (WIFEXITED(status) &&
      (WEXITSTATUS(status) == 2 || WEXITSTATUS(status) == 4)) {
    detail = length > 0 ? std::string(message, length) : "";
    return WEXITSTATUS(status) == 2 ? ProbeResult::Failed
                                    : ProbeResult::Refused;
  }
  // Any other exit code is not the probe's: HDF5 (or a sanitizer report in
  // an instrumented build) ended the child early.
  if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
    detail = "exit code " + std::to_string(WEXITSTATUS(status));
    return ProbeResult::Crashed;
  }
  return ProbeResult::Passed;
}
