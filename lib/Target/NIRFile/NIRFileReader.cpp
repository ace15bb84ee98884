//===- NIRFileReader.cpp - Read .nir files into the nir dialect -----------===//
//
// Reads the HDF5 layout of spec/nir-format.md section 4 into a `nir.graph`.
// Reading happens in three steps per graph: every node group becomes an op
// (verified on its own right away, so the shape functions only ever see
// well-formed parameters), the edges are resolved by exact node name, and
// type inference gives every op its result type: the reference's
// infer_types and check_types here, or without type checking
// `nir::inferShapes` (the pass nir-infer-shapes) on the built ops.
// docs/NIRFile.md describes the choices made here.
//
//===----------------------------------------------------------------------===//

#include "HDF5Utils.h"
#include "NodeSpecs.h"
#include "nirtorch/Dialect/NIR/EdgeOrder.h"
#include "nirtorch/Dialect/NIR/InferShapes.h"
#include "nirtorch/Dialect/NIR/NIROps.h"
#include "nirtorch/Dialect/NIR/NIRParams.h"
#include "nirtorch/Dialect/NIR/NIRShapes.h"
#include "nirtorch/Target/NIRFile/NIRFile.h"

#include "mlir/Bytecode/BytecodeWriter.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/AttrTypeSubElements.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <H5LTpublic.h>

#include <cstdlib>
#include <cstring>
#include <functional>
#include <limits>
#include <memory>

using namespace mlir;
using namespace mlir::nir;

namespace {

/// Alignment of the blobs HDF5 reads large parameters into.
constexpr size_t kBlobAlignment = 64;

/// Structural fields (shapes, strides) are short; a longer one is corrupt.
constexpr uint64_t kMaxStructuralValues = 4096;

/// gzip's best case is about 1032:1, so a dataset cannot hold much more data
/// than this many times its stored bytes. A dataset claiming more is refused
/// before any allocation.
constexpr uint64_t kMaxExpansion = 1100;
constexpr uint64_t kExpansionSlack = 1 << 20;

/// A link of a group, opened (soft links followed), in name order.
struct Link {
  std::string name;
  H5I_type_t kind = H5I_BADID; // H5I_GROUP or H5I_DATASET
  hdf5::Handle object;
};

/// An opened dataset with its type and extent.
struct Dataset {
  std::string path;
  hid_t dataset = H5I_INVALID_HID; // owned by its Link
  hdf5::Handle type, space;
  H5T_class_t typeClass = H5T_NO_CLASS;
  bool isScalar = false;
  SmallVector<hsize_t> dims;
  uint64_t numElements = 1;
};

/// How to read a numeric (or bool) dataset.
struct NumericType {
  Type elementType;
  hdf5::Handle memoryType;
  size_t size = 0;
  bool isBool = false;
};

struct GraphRecord;

/// A node of a graph being read.
struct NodeRecord {
  std::string name;
  std::string path; // its HDF5 group
  Operation *op = nullptr;
  std::unique_ptr<GraphRecord> subgraph;
  /// Producers of the incoming edges, in the file's edge order; they become
  /// the op's operands in this order.
  SmallVector<unsigned, 2> producers;
  std::optional<Shape> inputShape, outputShape;
  bool isInput() const { return llvm::isa<InputOp>(op); }
  bool isOutput() const { return llvm::isa<OutputOp>(op); }
  NodeOpInterface node() const { return llvm::cast<NodeOpInterface>(op); }
};

/// A graph (the root or a nested one) being read.
struct GraphRecord {
  std::string path; // "/node" or the nested graph's group
  Operation *op = nullptr;
  Block *body = nullptr;
  std::vector<NodeRecord> nodes;
  llvm::StringMap<unsigned> indexByName;
  /// (producer, consumer) pairs in the file's order, then any edges type
  /// inference adds.
  std::vector<std::pair<unsigned, unsigned>> edges;
};

/// Unsigned arithmetic that reports overflow (sizes come from the file).
bool mulOverflow(uint64_t a, uint64_t b, uint64_t &result) {
  return __builtin_mul_overflow(a, b, &result);
}
bool addOverflow(uint64_t a, uint64_t b, uint64_t &result) {
  return __builtin_add_overflow(a, b, &result);
}

/// The indices of the edges leaving each node, in edge order.
std::vector<SmallVector<unsigned, 2>>
getOutgoingEdges(const GraphRecord &graph) {
  std::vector<SmallVector<unsigned, 2>> outgoing(graph.nodes.size());
  for (auto [index, edge] : llvm::enumerate(graph.edges))
    outgoing[edge.first].push_back(index);
  return outgoing;
}

std::string joinPath(StringRef parent, StringRef child) {
  if (parent == "/")
    return ("/" + child).str();
  return (parent + "/" + child).str();
}

/// Formats a shape as numpy prints arrays ("[1 1 1]"), as the reference's
/// type errors do.
std::string formatNumpyShape(ArrayRef<int64_t> shape) {
  std::string text = "[";
  llvm::raw_string_ostream os(text);
  llvm::interleave(shape, os, " ");
  os << "]";
  return text;
}

/// The shape numpy broadcasts `a` and `b` to (dims aligned on the right, a
/// dim of 1 stretching to the other's), or nothing if it cannot.
std::optional<Shape> getBroadcastShape(ArrayRef<int64_t> a,
                                       ArrayRef<int64_t> b) {
  if (a.size() < b.size())
    std::swap(a, b);
  Shape result(a);
  for (auto [out, dim] :
       llvm::zip(MutableArrayRef<int64_t>(result).take_back(b.size()), b)) {
    if (out == 1)
      out = dim;
    else if (dim != 1 && dim != out)
      return std::nullopt;
  }
  return result;
}

/// Calls `visit(index, source)` for each element of `target` in row-major
/// order with the row-major index of the element of `shape` that numpy's
/// broadcasting puts there (`shape` broadcasts to `target`, leading dims of 1
/// aside).
void forEachBroadcastSource(ArrayRef<int64_t> shape, ArrayRef<int64_t> target,
                            function_ref<void(int64_t, int64_t)> visit) {
  if (shape.size() > target.size())
    shape = shape.take_back(target.size());
  // The step in `shape` of each target dim: 0 where it is stretched.
  SmallVector<int64_t> steps(target.size(), 0);
  int64_t step = 1;
  for (size_t i = shape.size(); i-- > 0;) {
    if (shape[i] != 1)
      steps[target.size() - shape.size() + i] = step;
    step *= shape[i];
  }
  SmallVector<int64_t> position(target.size(), 0);
  int64_t source = 0;
  for (int64_t index = 0, count = numElements(target); index < count; ++index) {
    visit(index, source);
    for (size_t dim = target.size(); dim-- > 0;) {
      source += steps[dim];
      if (++position[dim] < target[dim])
        break;
      source -= steps[dim] * target[dim];
      position[dim] = 0;
    }
  }
}

/// "a" or "an" for `word`, by its first letter.
StringRef article(StringRef word) {
  return !word.empty() && StringRef("AEIOUaeiou").contains(word.front()) ? "an"
                                                                         : "a";
}

/// The dims as Python prints a shape: "(3,)", "(2, 3)".
std::string formatTuple(ArrayRef<hsize_t> dims) {
  std::string text = "(";
  llvm::raw_string_ostream os(text);
  llvm::interleaveComma(dims, os);
  os << (dims.size() == 1 ? ",)" : ")");
  return text;
}

/// Why an in-memory file that HDF5 cannot open is not a readable HDF5 file,
/// when the bytes tell: no signature, or a superblock recording a file
/// longer than the bytes (a truncated file).
std::string diagnoseFileImage(StringRef bytes) {
  const StringRef signature("\x89HDF\r\n\x1a\n", 8);
  // The superblock sits at 0, 512, 1024, 2048, ... (after a user block).
  for (uint64_t offset = 0; offset + 8 <= bytes.size();
       offset = offset ? offset * 2 : 512) {
    if (bytes.substr(offset, 8) != signature)
      continue;
    StringRef superblock = bytes.drop_front(offset);
    if (superblock.size() < 16)
      return "truncated file: the HDF5 superblock is cut off";
    unsigned version = static_cast<unsigned char>(superblock[8]);
    unsigned offsetSize =
        static_cast<unsigned char>(superblock[version <= 1 ? 13 : 9]);
    if (version > 3 || (offsetSize != 4 && offsetSize != 8))
      return "corrupt HDF5 superblock";
    // End-of-file address: after the fixed fields, the base address and
    // one more address (free space or superblock extension).
    size_t fixedFields = version == 0 ? 24 : version == 1 ? 28 : 12;
    size_t eofPosition = fixedFields + 2 * offsetSize;
    if (superblock.size() < eofPosition + offsetSize)
      return "truncated file: the HDF5 superblock is cut off";
    uint64_t endOfFile = 0;
    for (unsigned i = 0; i < offsetSize; ++i)
      endOfFile |=
          uint64_t(static_cast<unsigned char>(superblock[eofPosition + i]))
          << (8 * i);
    if (endOfFile <= superblock.size())
      return "";
    return ("truncated file: it has " + Twine(bytes.size()) +
            " bytes, but its superblock records " + Twine(offset + endOfFile))
        .str();
  }
  return "not an HDF5 file (no HDF5 signature)";
}

const char *describeTypeClass(H5T_class_t typeClass) {
  switch (typeClass) {
  case H5T_INTEGER:
    return "integer";
  case H5T_FLOAT:
    return "floating-point";
  case H5T_STRING:
    return "string";
  case H5T_BITFIELD:
    return "bitfield";
  case H5T_OPAQUE:
    return "opaque";
  case H5T_COMPOUND:
    return "compound";
  case H5T_REFERENCE:
    return "reference";
  case H5T_ENUM:
    return "enum";
  case H5T_VLEN:
    return "variable-length sequence";
  case H5T_ARRAY:
    return "array";
  default:
    return "unknown";
  }
}

class NIRFileReader {
public:
  NIRFileReader(MLIRContext *context, StringRef fileName,
                const NIRReadOptions &options)
      : context(context), options(options),
        fileLoc(FileLineColLoc::get(context, fileName, 0, 0)),
        builder(context) {}

  FailureOr<OwningOpRef<ModuleOp>> read(hid_t file);

private:
  //===--------------------------------------------------------------------===//
  // Diagnostics
  //===--------------------------------------------------------------------===//

  /// The location of an HDF5 object: its path inside the file's location.
  Location getLocation(StringRef path) {
    return NameLoc::get(StringAttr::get(context, path), fileLoc);
  }
  InFlightDiagnostic emitErrorAt(StringRef path) {
    return mlir::emitError(getLocation(path)) << "'" << path << "': ";
  }
  InFlightDiagnostic emitHDF5Error(StringRef path, StringRef what) {
    std::string cause = hdf5::takeErrorMessage();
    InFlightDiagnostic diag = emitErrorAt(path) << what;
    if (!cause.empty())
      diag << " (HDF5: " << cause << ")";
    return diag;
  }
  /// An object the node type does not define: an error when type checking,
  /// as for `nir.read`; a warning and skipped otherwise.
  LogicalResult reportUnknown(StringRef path, StringRef what) {
    if (options.typeCheck)
      return emitErrorAt(path) << what;
    mlir::emitWarning(getLocation(path))
        << "'" << path << "': " << what << "; ignored";
    return success();
  }

  //===--------------------------------------------------------------------===//
  // HDF5 objects
  //===--------------------------------------------------------------------===//

  /// The links of `group` in name order, opened unless `open` is false
  /// (then `openLink` opens each when it is read: a graph of many nodes is
  /// read with one node open at a time).
  FailureOr<SmallVector<Link>> listLinks(hid_t group, StringRef path,
                                         bool open = true);
  LogicalResult openLink(hid_t group, Link &link, StringRef path);
  LogicalResult enterGroup(hid_t group, StringRef path);
  FailureOr<Dataset> openDataset(const Link &link, StringRef path);
  LogicalResult checkPlausibleSize(const Dataset &dataset, uint64_t bytes);
  FailureOr<NumericType> classifyNumeric(const Dataset &dataset);
  FailureOr<SmallVector<std::string>> readStrings(const Dataset &dataset);
  FailureOr<std::string> readScalarString(const Link &link, StringRef path);
  FailureOr<ElementsAttr> readElements(const Dataset &dataset,
                                       StringRef resourceKey);
  FailureOr<Attribute> readScalarNumber(const Dataset &dataset);
  FailureOr<SmallVector<int64_t>> readIntegers(const Dataset &dataset);
  /// A float dataset whose values are all integers, as integers (warns).
  FailureOr<SmallVector<int64_t>> readIntegralFloats(const Dataset &dataset);
  LogicalResult normalizeBias(StringRef nirType, StringRef path,
                              StringRef nodeKey,
                              llvm::StringMap<Attribute> &values);
  /// A CubaLI/CubaLIF `w_in` of another shape that numpy broadcasts to the
  /// neuron shape, materialised in that shape as the reference's
  /// `ones_like(...) * w_in` does (warns).
  LogicalResult broadcastWIn(StringRef nirType, StringRef path,
                             StringRef nodeKey,
                             llvm::StringMap<Attribute> &values);
  /// An error unless numpy broadcasts the parameter at `paramPath` against
  /// `target` to `target` itself, leading dims of 1 aside (`[1, N]` against
  /// `[N]`): what the dialect can hold. `targetName` names `target`;
  /// `dialectRule` says what the dialect needs.
  LogicalResult checkBroadcastFits(StringRef paramPath, ArrayRef<int64_t> shape,
                                   ArrayRef<int64_t> target,
                                   StringRef targetName, StringRef dialectRule);
  /// `param` broadcast to `shape` as numpy does (checkBroadcastFits), in
  /// its element type; a blob named after `resourceKey` from
  /// `resourceThreshold` bytes on. Null if its data cannot be read.
  ElementsAttr broadcastParam(ElementsAttr param, ArrayRef<int64_t> shape,
                              StringRef resourceKey);
  /// `input_type`/`output_type` links that nir.read passes to a node class
  /// which ignores them (Conv1d, SumPool2d; Flatten's `output_type`).
  static bool isIgnoredTypeLink(StringRef nirType, StringRef name) {
    if (nirType == Conv1dOp::getNIRType() ||
        nirType == SumPool2dOp::getNIRType())
      return name == "input_type" || name == "output_type";
    if (nirType == FlattenOp::getNIRType())
      return name == "output_type";
    return false;
  }

  //===--------------------------------------------------------------------===//
  // NIR structure
  //===--------------------------------------------------------------------===//

  FailureOr<Attribute> readField(const Dataset &dataset, const NodeSpec &spec,
                                 const FieldSpec &field, StringRef resourceKey);
  FailureOr<DictionaryAttr> readMetadataGroup(hid_t group, StringRef path,
                                              StringRef resourcePrefix);
  FailureOr<Attribute> readMetadataValue(const Dataset &dataset,
                                         StringRef resourceKey);
  LogicalResult readGraphGroup(hid_t group, ArrayRef<Link> links,
                               GraphRecord &graph, StringRef resourcePrefix);
  LogicalResult readNode(GraphRecord &graph, Link &link,
                         StringRef resourcePrefix);
  LogicalResult readEdges(const Link &link, StringRef path, GraphRecord &graph);

  unsigned addNode(GraphRecord &graph, NodeRecord record);
  unsigned addPortNode(GraphRecord &graph, bool isInput, StringRef baseName,
                       ArrayRef<int64_t> shape);
  LogicalResult initShapes(GraphRecord &graph);
  FailureOr<Shape> inferOutput(GraphRecord &graph, NodeRecord &record,
                               ArrayRef<int64_t> inputShape);
  LogicalResult inferTypesChecked(GraphRecord &graph);
  LogicalResult finalizeGraph(GraphRecord &graph);
  std::vector<unsigned> computeNodeOrder(const GraphRecord &graph);

  MLIRContext *context;
  const NIRReadOptions &options;
  FileLineColLoc fileLoc;
  OpBuilder builder;
  /// Groups already read, by HDF5 object identity: a group linked twice (or
  /// a link cycle) is refused instead of being read again or forever.
  llvm::StringSet<> visitedGroups;
};

} // namespace

//===----------------------------------------------------------------------===//
// HDF5 objects
//===----------------------------------------------------------------------===//

#if H5_VERSION_GE(1, 12, 0)
using LinkInfo = H5L_info2_t;
#else
using LinkInfo = H5L_info_t;
#endif

FailureOr<SmallVector<Link>>
NIRFileReader::listLinks(hid_t group, StringRef path, bool open) {
  struct Entry {
    std::string name;
    H5L_type_t type;
  };
  SmallVector<Entry> entries;
  hsize_t index = 0;
  herr_t status = H5Literate(
      group, H5_INDEX_NAME, H5_ITER_INC, &index,
      [](hid_t, const char *name, const LinkInfo *info, void *data) -> herr_t {
        static_cast<SmallVector<Entry> *>(data)->push_back({name, info->type});
        return 0;
      },
      &entries);
  if (status < 0)
    return emitHDF5Error(path, "cannot list the group");

  SmallVector<Link> links;
  for (Entry &entry : entries) {
    std::string childPath = joinPath(path, entry.name);
    // Never follow a link out of the file: it would read another file.
    if (entry.type == H5L_TYPE_EXTERNAL)
      return emitErrorAt(childPath)
             << "is an HDF5 external link to another file; refused, since a "
                "NIR file must not read other files";
    if (entry.type != H5L_TYPE_HARD && entry.type != H5L_TYPE_SOFT)
      return emitErrorAt(childPath) << "is a user-defined HDF5 link; refused";
    links.push_back({std::move(entry.name), H5I_BADID, {}});
    if (open && failed(openLink(group, links.back(), childPath)))
      return failure();
  }
  return links;
}

LogicalResult NIRFileReader::openLink(hid_t group, Link &link, StringRef path) {
  hdf5::reportProgress();
  link.object =
      hdf5::objectHandle(H5Oopen(group, link.name.c_str(), H5P_DEFAULT));
  if (!link.object)
    return emitHDF5Error(path, "cannot open the object");
  link.kind = H5Iget_type(link.object);
  if (link.kind != H5I_GROUP && link.kind != H5I_DATASET)
    return emitErrorAt(path)
           << "is neither a group nor a dataset (a committed datatype?)";
  return success();
}

LogicalResult NIRFileReader::enterGroup(hid_t group, StringRef path) {
  // The path's depth is the recursion depth of the reader.
  if (size_t depth = path.count('/'); depth > hdf5::kMaxGroupDepth)
    return emitErrorAt(path) << "is nested " << depth
                             << " groups deep; groups nested deeper than "
                             << hdf5::kMaxGroupDepth << " are refused";
  std::string identity;
#if H5_VERSION_GE(1, 12, 0)
  H5O_info2_t info;
  if (H5Oget_info3(group, &info, H5O_INFO_BASIC) < 0)
    return emitHDF5Error(path, "cannot query the group");
  identity.assign(reinterpret_cast<const char *>(&info.token),
                  sizeof(info.token));
#else
  H5O_info_t info;
  if (H5Oget_info2(group, &info, H5O_INFO_BASIC) < 0)
    return emitHDF5Error(path, "cannot query the group");
  identity.assign(reinterpret_cast<const char *>(&info.addr),
                  sizeof(info.addr));
#endif
  if (!visitedGroups.insert(identity).second)
    return emitErrorAt(path)
           << "is a group already read through another link (a hard or soft "
              "link cycle or a shared group); refused";
  return success();
}

FailureOr<Dataset> NIRFileReader::openDataset(const Link &link,
                                              StringRef path) {
  // listLinks opened the object already; a second open by name would look
  // it up and decode its header again.
  if (link.kind != H5I_DATASET)
    return emitErrorAt(path) << "expected a dataset, got a group";
  Dataset result;
  result.path = path.str();
  result.dataset = link.object;

  // Refuse storage that reads other files.
  hdf5::Handle createPlist =
      hdf5::plistHandle(H5Dget_create_plist(result.dataset));
  if (!createPlist)
    return emitHDF5Error(path, "cannot query the dataset's storage");
  if (H5Pget_layout(createPlist) == H5D_VIRTUAL)
    return emitErrorAt(path)
           << "is an HDF5 virtual dataset, which maps data from other files; "
              "refused";
  if (H5Pget_external_count(createPlist) != 0)
    return emitErrorAt(path)
           << "stores its data in external files; refused, since a NIR file "
              "must not read other files";
  // Any filter HDF5 provides is fine (nir.write uses gzip); name a missing
  // one rather than fail later on a plugin search.
  int numFilters = H5Pget_nfilters(createPlist);
  for (int index = 0; index < numFilters; ++index) {
    unsigned flags = 0, config = 0;
    size_t numValues = 0;
    char name[64] = {};
    H5Z_filter_t filter = H5Pget_filter2(createPlist, index, &flags, &numValues,
                                         nullptr, sizeof(name), name, &config);
    if (filter < 0)
      return emitHDF5Error(path, "cannot query the dataset's filters");
    if (H5Zfilter_avail(filter) <= 0)
      return emitErrorAt(path)
             << "is stored with HDF5 filter " << filter << " ('" << name
             << "'), which this HDF5 library does not provide";
  }

  result.type = hdf5::typeHandle(H5Dget_type(result.dataset));
  result.space = hdf5::spaceHandle(H5Dget_space(result.dataset));
  if (!result.type || !result.space)
    return emitHDF5Error(path, "cannot query the dataset");
  result.typeClass = H5Tget_class(result.type);
  switch (H5Sget_simple_extent_type(result.space)) {
  case H5S_SCALAR:
    result.isScalar = true;
    break;
  case H5S_SIMPLE: {
    int rank = H5Sget_simple_extent_ndims(result.space);
    if (rank < 0)
      return emitHDF5Error(path, "cannot query the dataset's shape");
    result.dims.resize(rank);
    if (H5Sget_simple_extent_dims(result.space, result.dims.data(), nullptr) <
        0)
      return emitHDF5Error(path, "cannot query the dataset's shape");
    for (hsize_t dim : result.dims) {
      if (dim > uint64_t(std::numeric_limits<int64_t>::max()) ||
          mulOverflow(result.numElements, dim, result.numElements))
        return emitErrorAt(path) << "has an impossibly large shape";
    }
    break;
  }
  default:
    return emitErrorAt(path) << "has no value (an HDF5 null dataspace)";
  }
  return result;
}

LogicalResult NIRFileReader::checkPlausibleSize(const Dataset &dataset,
                                                uint64_t bytes) {
  uint64_t stored = H5Dget_storage_size(dataset.dataset);
  uint64_t limit;
  if (mulOverflow(stored, kMaxExpansion, limit) ||
      addOverflow(limit, kExpansionSlack, limit))
    return success();
  if (bytes > limit)
    return emitErrorAt(dataset.path)
           << "claims " << bytes << " bytes of data but stores only " << stored
           << "; refusing to read it (corrupt file?)";
  return success();
}

FailureOr<NumericType> NIRFileReader::classifyNumeric(const Dataset &dataset) {
  NumericType result;
  hid_t type = dataset.type;
  size_t size = H5Tget_size(type);
  switch (dataset.typeClass) {
  case H5T_INTEGER: {
    bool isSigned = H5Tget_sign(type) != H5T_SGN_NONE;
    hid_t native;
    switch (size) {
    case 1:
      native = isSigned ? H5T_NATIVE_INT8 : H5T_NATIVE_UINT8;
      break;
    case 2:
      native = isSigned ? H5T_NATIVE_INT16 : H5T_NATIVE_UINT16;
      break;
    case 4:
      native = isSigned ? H5T_NATIVE_INT32 : H5T_NATIVE_UINT32;
      break;
    case 8:
      native = isSigned ? H5T_NATIVE_INT64 : H5T_NATIVE_UINT64;
      break;
    default:
      return emitErrorAt(dataset.path)
             << "has a " << size * 8 << "-bit integer type, which has no "
             << "numpy equivalent";
    }
    result.memoryType = hdf5::typeHandle(H5Tcopy(native));
    result.elementType = IntegerType::get(context, size * 8,
                                          isSigned ? IntegerType::Signless
                                                   : IntegerType::Unsigned);
    result.size = size;
    break;
  }
  case H5T_FLOAT: {
    size_t signPos, expPos, expSize, mantPos, mantSize;
    if (H5Tget_fields(type, &signPos, &expPos, &expSize, &mantPos, &mantSize) <
        0)
      return emitHDF5Error(dataset.path, "cannot query the float type");
    auto isLayout = [&](size_t s, size_t e, size_t es, size_t m, size_t ms) {
      return signPos == s && expPos == e && expSize == es && mantPos == m &&
             mantSize == ms;
    };
    if (size == 8 && isLayout(63, 52, 11, 0, 52)) {
      result.memoryType = hdf5::typeHandle(H5Tcopy(H5T_NATIVE_DOUBLE));
      result.elementType = Float64Type::get(context);
    } else if (size == 4 && isLayout(31, 23, 8, 0, 23)) {
      result.memoryType = hdf5::typeHandle(H5Tcopy(H5T_NATIVE_FLOAT));
      result.elementType = Float32Type::get(context);
    } else if (size == 2 && isLayout(15, 10, 5, 0, 10)) {
      result.memoryType = hdf5::createFloat16Type();
      result.elementType = Float16Type::get(context);
    } else if (size == 2 && isLayout(15, 7, 8, 0, 7)) {
      result.memoryType = hdf5::createBFloat16Type();
      result.elementType = BFloat16Type::get(context);
    } else {
      return emitErrorAt(dataset.path)
             << "has a " << size * 8
             << "-bit floating-point type that is not IEEE half, single or "
                "double precision (or bfloat16)";
    }
    result.size = size;
    break;
  }
  case H5T_ENUM:
    if (!hdf5::isBoolEnumType(type))
      return emitErrorAt(dataset.path)
             << "has an enum type other than numpy bool (FALSE/TRUE)";
    result.memoryType =
        hdf5::typeHandle(H5Tget_native_type(type, H5T_DIR_ASCEND));
    result.elementType = IntegerType::get(context, 1);
    result.size = H5Tget_size(result.memoryType);
    result.isBool = true;
    break;
  default:
    return emitErrorAt(dataset.path)
           << "expected a numeric dataset, got "
           << article(describeTypeClass(dataset.typeClass)) << " "
           << describeTypeClass(dataset.typeClass) << " dataset";
  }
  if (!result.memoryType)
    return emitHDF5Error(dataset.path, "cannot build the memory type");
  return result;
}

FailureOr<SmallVector<std::string>>
NIRFileReader::readStrings(const Dataset &dataset) {
  if (dataset.typeClass != H5T_STRING)
    return emitErrorAt(dataset.path)
           << "expected a string dataset, got "
           << article(describeTypeClass(dataset.typeClass)) << " "
           << describeTypeClass(dataset.typeClass) << " dataset";
  SmallVector<std::string> strings;
  uint64_t count = dataset.numElements;
  if (count == 0)
    return strings;
  H5T_cset_t charset = H5Tget_cset(dataset.type);
  htri_t isVariable = H5Tis_variable_str(dataset.type);
  if (isVariable < 0 || charset < 0)
    return emitHDF5Error(dataset.path, "cannot query the string type");

  if (isVariable) {
    if (failed(checkPlausibleSize(dataset, count * sizeof(char *))))
      return failure();
    hdf5::Handle memoryType = hdf5::typeHandle(H5Tcopy(H5T_C_S1));
    if (!memoryType || H5Tset_size(memoryType, H5T_VARIABLE) < 0 ||
        H5Tset_cset(memoryType, charset) < 0)
      return emitHDF5Error(dataset.path, "cannot build the string type");
    if (std::optional<std::string> problem =
            hdf5::checkStringHeaps(dataset.dataset, dataset.type, count))
      return mlir::emitError(fileLoc)
             << "'" << fileLoc.getFilename().getValue() << "' is corrupt: '"
             << dataset.path
             << "': " << *problem;
    std::vector<char *> pointers(count, nullptr);
    if (H5Dread(dataset.dataset, memoryType, H5S_ALL, H5S_ALL,
                hdf5::getTransferPlist(), pointers.data()) < 0)
      return emitHDF5Error(dataset.path, "cannot read the strings");
    for (char *pointer : pointers)
      strings.emplace_back(pointer ? pointer : "");
#if H5_VERSION_GE(1, 12, 0)
    H5Treclaim(memoryType, dataset.space, H5P_DEFAULT, pointers.data());
#else
    H5Dvlen_reclaim(memoryType, dataset.space, H5P_DEFAULT, pointers.data());
#endif
    return strings;
  }

  // Fixed-length strings: read them as stored, then cut at the padding.
  size_t width = H5Tget_size(dataset.type);
  uint64_t bytes;
  if (width == 0 || mulOverflow(count, width, bytes))
    return emitErrorAt(dataset.path) << "has an invalid string size";
  if (failed(checkPlausibleSize(dataset, bytes)))
    return failure();
  hdf5::Handle memoryType = hdf5::typeHandle(H5Tcopy(dataset.type));
  std::vector<char> buffer(bytes);
  if (!memoryType || H5Dread(dataset.dataset, memoryType, H5S_ALL, H5S_ALL,
                             hdf5::getTransferPlist(), buffer.data()) < 0)
    return emitHDF5Error(dataset.path, "cannot read the strings");
  H5T_str_t padding = H5Tget_strpad(dataset.type);
  for (uint64_t i = 0; i < count; ++i) {
    StringRef text(buffer.data() + i * width, width);
    if (padding == H5T_STR_SPACEPAD)
      text = text.rtrim(' ');
    else
      text = text.take_until([](char c) { return c == '\0'; });
    strings.push_back(text.str());
  }
  return strings;
}

FailureOr<std::string> NIRFileReader::readScalarString(const Link &link,
                                                       StringRef path) {
  FailureOr<Dataset> dataset = openDataset(link, path);
  if (failed(dataset))
    return failure();
  if (!dataset->isScalar)
    return emitErrorAt(path) << "expected a scalar string dataset";
  FailureOr<SmallVector<std::string>> strings = readStrings(*dataset);
  if (failed(strings))
    return failure();
  return std::move(strings->front());
}

FailureOr<ElementsAttr> NIRFileReader::readElements(const Dataset &dataset,
                                                    StringRef resourceKey) {
  FailureOr<NumericType> numeric = classifyNumeric(dataset);
  if (failed(numeric))
    return failure();
  SmallVector<int64_t> shape(dataset.dims.begin(), dataset.dims.end());
  auto tensorType = RankedTensorType::get(shape, numeric->elementType);
  uint64_t bytes;
  if (mulOverflow(dataset.numElements, numeric->size, bytes))
    return emitErrorAt(dataset.path) << "has an impossibly large shape";
  if (failed(checkPlausibleSize(dataset, bytes)))
    return failure();
  auto readInto = [&](void *buffer) -> LogicalResult {
    if (dataset.numElements == 0)
      return success();
    if (H5Dread(dataset.dataset, numeric->memoryType, H5S_ALL, H5S_ALL,
                hdf5::getTransferPlist(), buffer) < 0)
      return emitHDF5Error(dataset.path, "cannot read the data");
    return success();
  };

  if (numeric->isBool) {
    std::vector<int8_t> raw(dataset.numElements);
    if (failed(readInto(raw.data())))
      return failure();
    SmallVector<bool> values(raw.begin(), raw.end());
    return cast<ElementsAttr>(DenseElementsAttr::get(tensorType, values));
  }

  if (bytes != 0 && bytes >= options.resourceThreshold) {
    // Large arrays go straight from HDF5 into the blob the attribute owns
    // (in an isolated read, into memory the caller maps: see readInChild).
    size_t allocation = llvm::alignTo(bytes, kBlobAlignment);
    void *data = hdf5::allocateShared(allocation, kBlobAlignment);
    bool shared = data;
    if (!data)
      data = std::aligned_alloc(kBlobAlignment, allocation);
    if (!data)
      return emitErrorAt(dataset.path)
             << "cannot allocate " << bytes << " bytes for the data";
    AsmResourceBlob blob(
        ArrayRef<char>(static_cast<char *>(data), bytes), kBlobAlignment,
        [shared](void *data, size_t, size_t) {
          if (!shared)
            std::free(data);
        },
        /*dataIsMutable=*/true);
    if (failed(readInto(data)))
      return failure();
    // A constant array (a broadcast scalar, common for neuron parameters)
    // prints as one value, like the splat the reader's defaults produce.
    ArrayRef<char> bytesRead = blob.getData();
    bool isSplat = true;
    for (uint64_t offset = numeric->size; isSplat && offset < bytes;
         offset += numeric->size)
      isSplat = std::memcmp(bytesRead.data(), bytesRead.data() + offset,
                            numeric->size) == 0;
    if (isSplat)
      return cast<ElementsAttr>(DenseElementsAttr::getFromRawBuffer(
          tensorType, bytesRead.take_front(numeric->size)));
    return cast<ElementsAttr>(DenseResourceElementsAttr::get(
        tensorType, nir::getResourceName(resourceKey), std::move(blob)));
  }

  std::vector<char> buffer(bytes);
  if (failed(readInto(buffer.data())))
    return failure();
  return cast<ElementsAttr>(
      DenseElementsAttr::getFromRawBuffer(tensorType, buffer));
}

FailureOr<Attribute> NIRFileReader::readScalarNumber(const Dataset &dataset) {
  FailureOr<NumericType> numeric = classifyNumeric(dataset);
  if (failed(numeric))
    return failure();
  alignas(8) char raw[16] = {};
  if (H5Dread(dataset.dataset, numeric->memoryType, H5S_ALL, H5S_ALL,
              hdf5::getTransferPlist(), raw) < 0)
    return emitHDF5Error(dataset.path, "cannot read the value");
  if (numeric->isBool)
    return Attribute(BoolAttr::get(context, raw[0] != 0));
  uint64_t bits = 0;
  std::memcpy(&bits, raw, numeric->size);
  unsigned width = numeric->size * 8;
  if (auto floatType = dyn_cast<FloatType>(numeric->elementType))
    return Attribute(FloatAttr::get(
        floatType, APFloat(floatType.getFloatSemantics(), APInt(width, bits))));
  return Attribute(IntegerAttr::get(numeric->elementType, APInt(width, bits)));
}

FailureOr<SmallVector<int64_t>>
NIRFileReader::readIntegers(const Dataset &dataset) {
  if (dataset.typeClass == H5T_FLOAT)
    return readIntegralFloats(dataset);
  if (dataset.typeClass != H5T_INTEGER)
    return emitErrorAt(dataset.path)
           << "expected an integer dataset, got "
           << article(describeTypeClass(dataset.typeClass)) << " "
           << describeTypeClass(dataset.typeClass) << " dataset";
  if (dataset.numElements > kMaxStructuralValues)
    return emitErrorAt(dataset.path)
           << "has " << dataset.numElements << " values; expected a few";
  bool isSigned = H5Tget_sign(dataset.type) != H5T_SGN_NONE;
  SmallVector<int64_t> values(dataset.numElements);
  if (dataset.numElements == 0)
    return values;
  if (isSigned) {
    if (H5Dread(dataset.dataset, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL,
                hdf5::getTransferPlist(), values.data()) < 0)
      return emitHDF5Error(dataset.path, "cannot read the integers");
    return values;
  }
  SmallVector<uint64_t> unsignedValues(dataset.numElements);
  if (H5Dread(dataset.dataset, H5T_NATIVE_UINT64, H5S_ALL, H5S_ALL,
              hdf5::getTransferPlist(), unsignedValues.data()) < 0)
    return emitHDF5Error(dataset.path, "cannot read the integers");
  for (auto [value, unsignedValue] : llvm::zip(values, unsignedValues)) {
    if (unsignedValue > uint64_t(std::numeric_limits<int64_t>::max()))
      return emitErrorAt(dataset.path)
             << "holds " << unsignedValue << ", which does not fit in int64";
    value = int64_t(unsignedValue);
  }
  return values;
}

FailureOr<SmallVector<int64_t>>
NIRFileReader::readIntegralFloats(const Dataset &dataset) {
  if (dataset.numElements > kMaxStructuralValues)
    return emitErrorAt(dataset.path)
           << "has " << dataset.numElements << " values; expected a few";
  SmallVector<double> floats(dataset.numElements);
  if (dataset.numElements != 0 &&
      H5Dread(dataset.dataset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL,
              hdf5::getTransferPlist(), floats.data()) < 0)
    return emitHDF5Error(dataset.path, "cannot read the numbers");
  SmallVector<int64_t> values;
  for (double value : floats) {
    // 2^63 is the first double past int64.
    if (!(std::trunc(value) == value && std::abs(value) < 0x1p63))
      return emitErrorAt(dataset.path)
             << "expected integers, got the floating-point number " << value;
    values.push_back(static_cast<int64_t>(value));
  }
  // nir.read takes them (numpy converts them where it needs integers).
  mlir::emitWarning(getLocation(dataset.path))
      << "'" << dataset.path
      << "' holds integers as floating-point numbers; read as integers";
  return values;
}

/// A bias in a shape the reference reader accepts and the spec does not:
/// an Affine bias with leading dims of 1 (`[1, N]`, `[1, 1]`) loses them,
/// and a convolution's one-element bias is broadcast over its output
/// channels, as the reference's numpy and torch arithmetic do. Warns at the
/// dataset.
LogicalResult NIRFileReader::normalizeBias(StringRef nirType, StringRef path,
                                           StringRef nodeKey,
                                           llvm::StringMap<Attribute> &values) {
  auto weight = dyn_cast_or_null<ElementsAttr>(values.lookup("weight"));
  auto bias = dyn_cast_or_null<ElementsAttr>(values.lookup("bias"));
  if (!weight || !bias)
    return success();
  ArrayRef<int64_t> weightShape = weight.getShapedType().getShape();
  ArrayRef<int64_t> biasShape = bias.getShapedType().getShape();
  std::string biasPath = joinPath(path, "bias");
  // A weight of rank < 2 is left to the verifier (affine_c1).
  if (nirType == AffineOp::getNIRType() && weightShape.size() >= 2) {
    Shape output = matmulOutputShape(weightShape);
    // nir.read stores any bias; the IR holds one that numpy adds to W x
    // without changing its shape.
    if (failed(checkBroadcastFits(
            biasPath, biasShape, output, "the Affine output shape",
            "nir.read stores any bias unchecked, but the nir dialect holds "
            "only one that broadcasts to the output")))
      return failure();
    ArrayRef<int64_t> kept = biasShape;
    while (kept.size() > 1 && kept.front() == 1)
      kept = kept.drop_front();
    if (kept.size() == biasShape.size())
      return success();
    ElementsAttr reshaped = reshapeParam(bias, kept);
    if (!reshaped)
      return emitErrorAt(biasPath) << "cannot read the bias";
    InFlightDiagnostic diag = mlir::emitWarning(getLocation(biasPath))
                              << "'" << biasPath << "' has shape "
                              << formatNumpyShape(biasShape) << "; read as "
                              << formatNumpyShape(kept);
    if (kept == ArrayRef<int64_t>(output))
      diag << ", the shape NIR gives an Affine bias";
    else
      diag << ", which broadcasts to the output shape "
           << formatNumpyShape(output);
    values["bias"] = reshaped;
    return success();
  }
  bool isConv = nirType == Conv1dOp::getNIRType() ||
                nirType == Conv2dOp::getNIRType();
  if (isConv && !weightShape.empty() && weightShape[0] > 1 &&
      bias.getShapedType().getNumElements() == 1) {
    ElementsAttr broadcast =
        broadcastParam(bias, {weightShape[0]}, (nodeKey + "/bias").str());
    if (!broadcast)
      return emitErrorAt(biasPath) << "cannot read the one-element bias";
    mlir::emitWarning(getLocation(biasPath))
        << "'" << biasPath << "' has one element for " << weightShape[0]
        << " output channels; broadcast to "
        << formatNumpyShape({weightShape[0]});
    values["bias"] = broadcast;
  }
  return success();
}

LogicalResult NIRFileReader::checkBroadcastFits(StringRef paramPath,
                                                ArrayRef<int64_t> shape,
                                                ArrayRef<int64_t> target,
                                                StringRef targetName,
                                                StringRef dialectRule) {
  std::optional<Shape> broadcast = getBroadcastShape(shape, target);
  // The broadcast shape is at least as long as `target`: it fits if it is
  // `target` after leading dims of 1.
  if (broadcast &&
      ArrayRef<int64_t>(*broadcast).take_back(target.size()) == target &&
      llvm::all_of(ArrayRef<int64_t>(*broadcast).drop_back(target.size()),
                   [](int64_t dim) { return dim == 1; }))
    return success();
  InFlightDiagnostic diag = emitErrorAt(paramPath)
                            << "has shape " << formatNumpyShape(shape);
  if (!broadcast)
    diag << ", which numpy cannot broadcast to " << targetName << " "
         << formatNumpyShape(target);
  else
    diag << ", which numpy broadcasts with " << targetName << " "
         << formatNumpyShape(target) << " to the larger shape "
         << formatNumpyShape(*broadcast);
  return diag << "; " << dialectRule;
}

ElementsAttr NIRFileReader::broadcastParam(ElementsAttr param,
                                           ArrayRef<int64_t> shape,
                                           StringRef resourceKey) {
  ShapedType from = param.getShapedType();
  Type elementType = from.getElementType();
  auto type = RankedTensorType::get(shape, elementType);
  auto dense = dyn_cast<DenseElementsAttr>(param);
  if (dense && dense.isSplat())
    return DenseElementsAttr::get(type, dense.getSplatValue<Attribute>());
  if (dense && elementType.isInteger(1)) {
    // MLIR packs i1 data: copy the bools.
    auto values = llvm::to_vector(dense.getValues<bool>());
    SmallVector<bool> result(type.getNumElements());
    forEachBroadcastSource(
        from.getShape(), shape,
        [&](int64_t index, int64_t source) { result[index] = values[source]; });
    return DenseElementsAttr::get(type, result);
  }
  // Other elements are whole bytes, in dense storage and blobs alike.
  ArrayRef<char> data;
  if (dense) {
    data = dense.getRawData();
  } else if (auto resource = dyn_cast<DenseResourceElementsAttr>(param)) {
    if (AsmResourceBlob *blob = resource.getRawHandle().getBlob())
      data = blob->getData();
  }
  size_t elementBytes =
      llvm::divideCeil(elementType.getIntOrFloatBitWidth(), 8);
  if (data.size() < size_t(from.getNumElements()) * elementBytes)
    return nullptr;
  size_t bytes = size_t(type.getNumElements()) * elementBytes;
  auto copy = [&](char *out) {
    forEachBroadcastSource(
        from.getShape(), shape, [&](int64_t index, int64_t source) {
          std::memcpy(out + index * elementBytes,
                      data.data() + source * elementBytes, elementBytes);
        });
  };
  if (bytes != 0 && bytes >= options.resourceThreshold) {
    AsmResourceBlob blob = HeapAsmResourceBlob::allocate(bytes, kBlobAlignment);
    copy(blob.getMutableData().data());
    return DenseResourceElementsAttr::get(
        type, nir::getResourceName(resourceKey), std::move(blob));
  }
  std::vector<char> buffer(bytes);
  copy(buffer.data());
  return DenseElementsAttr::getFromRawBuffer(type, buffer);
}

LogicalResult NIRFileReader::broadcastWIn(StringRef nirType, StringRef path,
                                          StringRef nodeKey,
                                          llvm::StringMap<Attribute> &values) {
  // The reference: CubaLI `ones_like(v_leak) * w_in`, CubaLIF
  // `ones_like(v_threshold) * w_in`.
  StringRef likeName;
  if (nirType == CubaLIOp::getNIRType())
    likeName = "v_leak";
  else if (nirType == CubaLIFOp::getNIRType())
    likeName = "v_threshold";
  else
    return success();
  auto like = dyn_cast_or_null<ElementsAttr>(values.lookup(likeName));
  auto wIn = dyn_cast_or_null<ElementsAttr>(values.lookup("w_in"));
  if (!like || !wIn)
    return success();
  ArrayRef<int64_t> shape = like.getShapedType().getShape();
  ArrayRef<int64_t> wInShape = wIn.getShapedType().getShape();
  if (wInShape == shape)
    return success();
  std::string wInPath = joinPath(path, "w_in");
  std::string likeShapeName = (likeName + "'s shape").str();
  // The product keeps leading dims of 1 ([1, N] against [N]); its values
  // are those of the neuron shape.
  if (failed(checkBroadcastFits(
          wInPath, wInShape, shape, likeShapeName,
          "the nir dialect holds one w_in per neuron, which nir.read "
          "computes as ones_like(" +
              likeName.str() + ") * w_in")))
    return failure();
  ElementsAttr broadcast =
      broadcastParam(wIn, shape, (nodeKey + "/w_in").str());
  if (!broadcast)
    return emitErrorAt(wInPath) << "cannot read w_in";
  mlir::emitWarning(getLocation(wInPath))
      << "'" << wInPath << "' has shape " << formatNumpyShape(wInShape)
      << "; broadcast to " << likeShapeName << " " << formatNumpyShape(shape);
  values["w_in"] = broadcast;
  return success();
}

//===----------------------------------------------------------------------===//
// Fields and metadata
//===----------------------------------------------------------------------===//

FailureOr<Attribute> NIRFileReader::readField(const Dataset &dataset,
                                              const NodeSpec &spec,
                                              const FieldSpec &field,
                                              StringRef resourceKey) {
  auto readPadMode = [&]() -> FailureOr<Attribute> {
    FailureOr<SmallVector<std::string>> strings = readStrings(dataset);
    if (failed(strings))
      return failure();
    if (!dataset.isScalar)
      return emitErrorAt(dataset.path) << "expected a scalar string";
    if (strings->front() != "same" && strings->front() != "valid")
      return emitErrorAt(dataset.path)
             << "padding must be an integer, \"same\" or \"valid\", got \""
             << strings->front() << "\"";
    return Attribute(StringAttr::get(context, strings->front()));
  };

  switch (field.kind) {
  case FieldKind::Param: {
    FailureOr<ElementsAttr> elements = readElements(dataset, resourceKey);
    if (failed(elements))
      return failure();
    return Attribute(*elements);
  }
  case FieldKind::IntOrString:
    if (dataset.typeClass == H5T_STRING)
      return readPadMode();
    [[fallthrough]];
  case FieldKind::Int: {
    FailureOr<SmallVector<int64_t>> values = readIntegers(dataset);
    if (failed(values))
      return failure();
    // A conv's `groups` of several equal values (the reference stores it
    // without reading it) means that one value; torch takes one integer.
    if (field.name == "groups" && values->size() > 1 &&
        llvm::all_equal(*values)) {
      mlir::emitWarning(getLocation(dataset.path))
          << "'" << dataset.path << "' holds " << values->size()
          << " equal values; read as groups = " << values->front();
      return Attribute(builder.getI64IntegerAttr(values->front()));
    }
    // A one-element array reads as its value, as numpy arithmetic treats it.
    if (values->size() != 1 || dataset.dims.size() > 1)
      return emitErrorAt(dataset.path)
             << "expected an integer scalar, got " << values->size()
             << " values"
             << (field.name == "groups" && values->size() > 1
                     ? " that differ (groups has no per-dimension meaning)"
                     : "");
    // Conv1d's integers come as one-element arrays from torch's 1-tuples,
    // which the spec accepts (section 4.3); elsewhere it has a scalar.
    if (!dataset.isScalar && spec.nirType != Conv1dOp::getNIRType())
      mlir::emitWarning(getLocation(dataset.path))
          << "'" << dataset.path
          << "' is a one-element array; read as the integer scalar NIR "
             "stores there";
    return Attribute(builder.getI64IntegerAttr(values->front()));
  }
  case FieldKind::PairOrString:
    if (dataset.typeClass == H5T_STRING)
      return readPadMode();
    [[fallthrough]];
  case FieldKind::Pair: {
    FailureOr<SmallVector<int64_t>> values = readIntegers(dataset);
    if (failed(values))
      return failure();
    // Conv2d expands a plain int to (v, v) on construction; other tools
    // may have written that int as a scalar.
    if (dataset.isScalar)
      values->push_back(values->front());
    if (values->size() != 2 || dataset.dims.size() > 1)
      return emitErrorAt(dataset.path)
             << "expected an (H, W) pair of integers, got "
             << (dataset.isScalar ? 1 : values->size()) << " values";
    return Attribute(DenseI64ArrayAttr::get(context, *values));
  }
  case FieldKind::Shape: {
    FailureOr<SmallVector<int64_t>> values = readIntegers(dataset);
    if (failed(values))
      return failure();
    if (dataset.dims.size() != 1)
      return emitErrorAt(dataset.path)
             << "expected a 1-D integer array (a shape), got "
             << (dataset.isScalar
                     ? "a scalar"
                     : std::to_string(dataset.dims.size()) + "-D data");
    if (llvm::any_of(*values, [](int64_t dim) { return dim < 0; }))
      return emitErrorAt(dataset.path) << "is a shape with a negative extent: "
                                       << formatNumpyShape(*values);
    return Attribute(DenseI64ArrayAttr::get(context, *values));
  }
  }
  llvm_unreachable("unknown field kind");
}

FailureOr<Attribute> NIRFileReader::readMetadataValue(const Dataset &dataset,
                                                      StringRef resourceKey) {
  if (dataset.typeClass == H5T_STRING) {
    FailureOr<SmallVector<std::string>> strings = readStrings(dataset);
    if (failed(strings))
      return failure();
    if (dataset.isScalar)
      return Attribute(StringAttr::get(context, strings->front()));
    // A string array becomes nested arrays of strings, one level per dim.
    std::function<Attribute(size_t, uint64_t &)> build =
        [&](size_t dim, uint64_t &next) -> Attribute {
      SmallVector<Attribute> items;
      for (hsize_t i = 0; i < dataset.dims[dim]; ++i) {
        if (dim + 1 == dataset.dims.size())
          items.push_back(StringAttr::get(context, (*strings)[next++]));
        else
          items.push_back(build(dim + 1, next));
      }
      return ArrayAttr::get(context, items);
    };
    uint64_t next = 0;
    return build(0, next);
  }
  if (dataset.isScalar)
    return readScalarNumber(dataset);
  FailureOr<ElementsAttr> elements = readElements(dataset, resourceKey);
  if (failed(elements))
    return failure();
  return Attribute(*elements);
}

FailureOr<DictionaryAttr>
NIRFileReader::readMetadataGroup(hid_t group, StringRef path,
                                 StringRef resourcePrefix) {
  if (failed(enterGroup(group, path)))
    return failure();
  FailureOr<SmallVector<Link>> links = listLinks(group, path);
  if (failed(links))
    return failure();
  NamedAttrList entries;
  for (Link &link : *links) {
    std::string childPath = joinPath(path, link.name);
    std::string key = (resourcePrefix + "/" + link.name).str();
    FailureOr<Attribute> value;
    if (link.kind == H5I_GROUP) {
      FailureOr<DictionaryAttr> nested =
          readMetadataGroup(link.object, childPath, key);
      if (failed(nested))
        return failure();
      value = Attribute(*nested);
    } else {
      FailureOr<Dataset> dataset = openDataset(link, childPath);
      if (failed(dataset))
        return failure();
      value = readMetadataValue(*dataset, key);
    }
    if (failed(value))
      return failure();
    entries.append(StringAttr::get(context, link.name), *value);
  }
  return entries.getDictionary(context);
}

//===----------------------------------------------------------------------===//
// Graphs and nodes
//===----------------------------------------------------------------------===//

unsigned NIRFileReader::addNode(GraphRecord &graph, NodeRecord record) {
  unsigned index = graph.nodes.size();
  graph.indexByName[record.name] = index;
  graph.nodes.push_back(std::move(record));
  return index;
}

unsigned NIRFileReader::addPortNode(GraphRecord &graph, bool isInput,
                                    StringRef baseName,
                                    ArrayRef<int64_t> shape) {
  // The reference names the node input_<x> (or output_<x>), then tries
  // input_<x>_0, input_<x>_1, ... on a clash.
  std::string base = ((isInput ? "input_" : "output_") + baseName).str();
  std::string name = base;
  for (unsigned suffix = 0; graph.indexByName.count(name); ++suffix)
    name = base + "_" + std::to_string(suffix);
  NodeRecord record;
  record.name = name;
  record.path = joinPath(joinPath(graph.path, "nodes"), name);
  OperationState state(getLocation(record.path),
                       isInput ? InputOp::getOperationName()
                               : OutputOp::getOperationName());
  state.addAttribute("name", builder.getStringAttr(name));
  state.addTypes(RankedTensorType::get(shape, builder.getF32Type()));
  builder.setInsertionPointToEnd(graph.body);
  record.op = builder.create(state);
  record.inputShape = Shape(shape);
  record.outputShape = Shape(shape);
  return addNode(graph, std::move(record));
}

LogicalResult NIRFileReader::readNode(GraphRecord &graph, Link &link,
                                      StringRef resourcePrefix) {
  std::string path = joinPath(joinPath(graph.path, "nodes"), link.name);
  if (link.kind != H5I_GROUP)
    return emitErrorAt(path) << "expected a node group, got a dataset";
  hid_t group = link.object;
  if (failed(enterGroup(group, path)))
    return failure();
  FailureOr<SmallVector<Link>> links = listLinks(group, path);
  if (failed(links))
    return failure();

  Link *typeLink = nullptr;
  for (Link &child : *links)
    if (child.name == "type")
      typeLink = &child;
  if (!typeLink || typeLink->kind != H5I_DATASET) {
    InFlightDiagnostic diag = emitErrorAt(path)
                              << "node group has no 'type' dataset";
    if (llvm::any_of(*links,
                     [](const Link &child) { return child.kind == H5I_GROUP; }))
      diag << "; a node name containing '/' (which is not allowed) would "
              "look like this, as HDF5 turns it into nested groups";
    return diag;
  }
  FailureOr<std::string> nirType =
      readScalarString(*typeLink, joinPath(path, "type"));
  if (failed(nirType))
    return failure();

  NodeRecord record;
  record.name = link.name;
  record.path = path;
  std::string nodeKey = resourcePrefix.empty()
                            ? link.name
                            : (resourcePrefix + "/" + link.name).str();
  Location loc = getLocation(path);
  builder.setInsertionPointToEnd(graph.body);

  if (*nirType == kGraphNIRType) {
    OperationState state(loc, SubgraphOp::getOperationName());
    state.addAttribute("name", builder.getStringAttr(link.name));
    state.addTypes(UnrankedTensorType::get(builder.getF32Type()));
    state.addRegion()->push_back(new Block);
    record.op = builder.create(state);
    record.subgraph = std::make_unique<GraphRecord>();
    record.subgraph->path = path;
    record.subgraph->op = record.op;
    record.subgraph->body = &record.op->getRegion(0).front();
    if (failed(readGraphGroup(group, *links, *record.subgraph, nodeKey)))
      return failure();
    addNode(graph, std::move(record));
    return success();
  }

  const NodeSpec *spec = lookupNodeSpecByNIRType(*nirType);
  if (!spec) {
    InFlightDiagnostic diag = emitErrorAt(joinPath(path, "type"))
                              << "unknown node type '" << *nirType << "'";
    if (*nirType == "Identity")
      diag << "; the reference defines an Identity class but cannot "
              "serialize it, and nir.read rejects it";
    return diag;
  }

  // Read the datasets the node type defines; anything else is unknown.
  llvm::StringMap<Attribute> values;
  DictionaryAttr metadata;
  for (Link &child : *links) {
    std::string childPath = joinPath(path, child.name);
    if (child.name == "type")
      continue;
    if (child.name == "metadata") {
      if (child.kind != H5I_GROUP)
        return emitErrorAt(childPath) << "expected a metadata group";
      FailureOr<DictionaryAttr> dict =
          readMetadataGroup(child.object, childPath, nodeKey + "/metadata");
      if (failed(dict))
        return failure();
      metadata = *dict;
      continue;
    }
    const FieldSpec *field = llvm::find_if(
        spec->fields, [&](const FieldSpec &f) { return f.name == child.name; });
    if (field == spec->fields.end() &&
        isIgnoredTypeLink(spec->nirType, child.name)) {
      // These node classes take the types as constructor arguments and
      // recompute them from their parameters (or leave them open) without
      // looking at them, so nir.read accepts any content here.
      mlir::emitWarning(getLocation(childPath))
          << "'" << childPath << "': "
          << (child.kind == H5I_GROUP ? "group" : "dataset")
          << " ignored, as nir.read does (a " << spec->nirType
          << " node's types follow from its parameters and edges)";
      continue;
    }
    if (field == spec->fields.end()) {
      if (failed(reportUnknown(
              childPath,
              ("unknown " +
               Twine(child.kind == H5I_GROUP ? "group" : "dataset") + " for " +
               article(spec->nirType) + " " + spec->nirType + " node")
                  .str())))
        return failure();
      continue;
    }
    FailureOr<Dataset> dataset = openDataset(child, childPath);
    if (failed(dataset))
      return failure();
    FailureOr<Attribute> value =
        readField(*dataset, *spec, *field, nodeKey + "/" + child.name);
    if (failed(value))
      return failure();
    values[field->name] = *value;
  }

  // Missing datasets: the reference reader's defaults, or an error.
  for (const FieldSpec &field : spec->fields) {
    if (values.count(field.name))
      continue;
    switch (field.fallback) {
    case FieldDefault::Required:
      return emitErrorAt(path)
             << "missing required dataset '" << field.name << "' of "
             << article(spec->nirType) << " " << spec->nirType << " node";
    case FieldDefault::InferredFromEdge:
      break;
    case FieldDefault::ZerosLikeVThreshold: {
      auto like = cast<ElementsAttr>(values.lookup("v_threshold"));
      Type elementType = like.getShapedType().getElementType();
      values[field.name] = DenseElementsAttr::get(
          like.getShapedType(), builder.getZeroAttr(elementType));
      break;
    }
    case FieldDefault::OnesLikeVLeak: {
      // ones_like(v_leak) * 1.0: v_leak's float type, or float64.
      auto like = cast<ElementsAttr>(values.lookup("v_leak"));
      Type elementType = like.getShapedType().getElementType();
      if (!isa<FloatType>(elementType))
        elementType = builder.getF64Type();
      values[field.name] =
          DenseElementsAttr::get(like.getShapedType().clone(elementType),
                                 builder.getFloatAttr(elementType, 1.0));
      break;
    }
    }
  }

  if (failed(normalizeBias(spec->nirType, path, nodeKey, values)))
    return failure();
  if (failed(broadcastWIn(spec->nirType, path, nodeKey, values)))
    return failure();

  OperationState state(loc, spec->opName);
  state.addAttribute("name", builder.getStringAttr(link.name));
  if (metadata && !metadata.empty())
    state.addAttribute("metadata", metadata);
  // Not inferred yet, except for ports: their result type is their shape.
  Type resultType = UnrankedTensorType::get(builder.getF32Type());
  for (const FieldSpec &field : spec->fields) {
    Attribute value = values.lookup(field.name);
    if (!value)
      continue;
    if (field.name == "shape" && (spec->nirType == InputOp::getNIRType() ||
                                  spec->nirType == OutputOp::getNIRType())) {
      resultType = RankedTensorType::get(cast<DenseI64ArrayAttr>(value),
                                         builder.getF32Type());
      continue;
    }
    state.addAttribute(field.name, value);
  }
  state.addTypes(resultType);
  record.op = builder.create(state);
  // Check the node's own rules now, so that type inference below only sees
  // well-formed parameters.
  if (failed(mlir::verify(record.op, /*verifyRecursively=*/false)))
    return failure();
  addNode(graph, std::move(record));
  return success();
}

LogicalResult NIRFileReader::readEdges(const Link &link, StringRef path,
                                       GraphRecord &graph) {
  FailureOr<Dataset> dataset = openDataset(link, path);
  if (failed(dataset))
    return failure();
  // An empty edge list comes in any type: the reference writes [] as
  // float64 (0,).
  if (dataset->numElements == 0)
    return success();
  if (dataset->typeClass != H5T_STRING) {
    InFlightDiagnostic diag = emitErrorAt(path)
                              << "edges must be (source, target) pairs of "
                                 "node names, got "
                              << article(describeTypeClass(dataset->typeClass))
                              << " " << describeTypeClass(dataset->typeClass)
                              << " dataset";
    if (dataset->typeClass == H5T_INTEGER)
      diag << " (nir before 0.1 stored node indices; such files are not "
              "supported)";
    return diag;
  }
  if (dataset->dims.size() != 2 || dataset->dims[1] != 2)
    return emitErrorAt(path)
           << "edges must have shape (E, 2), got "
           << (dataset->isScalar ? std::string("a scalar")
                                 : formatTuple(dataset->dims));
  FailureOr<SmallVector<std::string>> names = readStrings(*dataset);
  if (failed(names))
    return failure();

  auto resolve = [&](uint64_t edge, StringRef source, StringRef target,
                     StringRef name) -> FailureOr<unsigned> {
    auto it = graph.indexByName.find(name);
    if (it != graph.indexByName.end())
      return it->second;
    InFlightDiagnostic diag = emitErrorAt(path)
                              << "edge " << edge << " ('" << source << "' -> '"
                              << target << "') names node '" << name
                              << "', which is not in the graph '" << graph.path
                              << "'";
    if (name.contains('/'))
      diag << "; node names cannot contain '/'";
    else if (name.contains('.'))
      diag << "; edges name nodes exactly (dotted references into nested "
              "graphs are not supported)";
    SmallVector<StringRef> known;
    for (const NodeRecord &node : graph.nodes)
      known.push_back(node.name);
    llvm::sort(known);
    diag << " (nodes: ";
    llvm::interleaveComma(ArrayRef<StringRef>(known).take_front(16), diag);
    if (known.size() > 16)
      diag << ", ...";
    diag << ")";
    return diag;
  };
  for (uint64_t edge = 0; edge < dataset->dims[0]; ++edge) {
    StringRef source = (*names)[2 * edge], target = (*names)[2 * edge + 1];
    FailureOr<unsigned> from = resolve(edge, source, target, source);
    if (failed(from))
      return failure();
    FailureOr<unsigned> to = resolve(edge, source, target, target);
    if (failed(to))
      return failure();
    graph.edges.emplace_back(*from, *to);
  }
  return success();
}

LogicalResult NIRFileReader::readGraphGroup(hid_t group, ArrayRef<Link> links,
                                            GraphRecord &graph,
                                            StringRef resourcePrefix) {
  const Link *nodesLink = nullptr, *edgesLink = nullptr,
             *metadataLink = nullptr;
  for (const Link &link : links) {
    std::string childPath = joinPath(graph.path, link.name);
    if (link.name == "nodes")
      nodesLink = &link;
    else if (link.name == "edges")
      edgesLink = &link;
    else if (link.name == "metadata")
      metadataLink = &link;
    else if (link.name == "type" || link.name == "input_type" ||
             link.name == "output_type")
      // The NIRGraph constructor accepts (and recomputes) the graph types.
      continue;
    else if (failed(reportUnknown(
                 childPath,
                 "unknown " +
                     std::string(link.kind == H5I_GROUP ? "group" : "dataset") +
                     " for a NIRGraph")))
      return failure();
  }
  if (!nodesLink || nodesLink->kind != H5I_GROUP)
    return emitErrorAt(joinPath(graph.path, "nodes"))
           << "missing required group 'nodes' of a NIRGraph";
  if (!edgesLink || edgesLink->kind != H5I_DATASET)
    return emitErrorAt(joinPath(graph.path, "edges"))
           << "missing required dataset 'edges' of a NIRGraph";

  if (metadataLink) {
    std::string metadataPath = joinPath(graph.path, "metadata");
    if (metadataLink->kind != H5I_GROUP)
      return emitErrorAt(metadataPath) << "expected a metadata group";
    std::string key = resourcePrefix.empty()
                          ? std::string("metadata")
                          : (resourcePrefix + "/metadata").str();
    FailureOr<DictionaryAttr> metadata =
        readMetadataGroup(metadataLink->object, metadataPath, key);
    if (failed(metadata))
      return failure();
    if (!metadata->empty())
      graph.op->setAttr("metadata", *metadata);
  }

  std::string nodesPath = joinPath(graph.path, "nodes");
  if (failed(enterGroup(nodesLink->object, nodesPath)))
    return failure();
  FailureOr<SmallVector<Link>> nodeLinks =
      listLinks(nodesLink->object, nodesPath, /*open=*/false);
  if (failed(nodeLinks))
    return failure();
  for (Link &link : *nodeLinks) {
    if (failed(openLink(nodesLink->object, link,
                        joinPath(nodesPath, link.name))) ||
        failed(readNode(graph, link, resourcePrefix)))
      return failure();
    // Closed once read: HDF5's cost per open object grows with their number.
    link.object.reset();
  }
  if (failed(readEdges(*edgesLink, joinPath(graph.path, "edges"), graph)))
    return failure();

  if (!options.typeCheck) {
    // Without type checking nothing is added or checked: the ops are built
    // as they are, and shapes flow along their edges. Errors are at the
    // nodes' locations, which name their HDF5 objects.
    if (failed(finalizeGraph(graph)))
      return failure();
    if (auto subgraph = dyn_cast<SubgraphOp>(graph.op))
      return inferShapes(subgraph);
    return inferShapes(cast<GraphOp>(graph.op));
  }
  if (failed(initShapes(graph)) || failed(inferTypesChecked(graph)))
    return failure();
  return finalizeGraph(graph);
}

//===----------------------------------------------------------------------===//
// Type inference
//===----------------------------------------------------------------------===//

FailureOr<Shape> NIRFileReader::inferOutput(GraphRecord &graph,
                                            NodeRecord &record,
                                            ArrayRef<int64_t> inputShape) {
  return record.node().inferOutputShape(inputShape, [&] {
    return emitErrorAt(record.path)
           << "node '" << record.name << "' with input shape "
           << formatNumpyShape(inputShape) << ": ";
  });
}

LogicalResult NIRFileReader::initShapes(GraphRecord &graph) {
  // Shapes the parameters fix; the rest come from the edges.
  for (NodeRecord &record : graph.nodes) {
    record.inputShape = record.node().getParamInputShape();
    if (record.isInput() || record.isOutput()) {
      record.outputShape =
          Shape(cast<ShapedType>(record.op->getResult(0).getType()).getShape());
      continue;
    }
    if (!record.inputShape)
      continue;
    FailureOr<Shape> output = inferOutput(graph, record, *record.inputShape);
    if (failed(output))
      return failure();
    record.outputShape = std::move(*output);
  }
  return success();
}

/// The reference's NIRGraph.infer_types followed by check_types
/// (spec/nir-format.md section 3.3-3.4).
LogicalResult NIRFileReader::inferTypesChecked(GraphRecord &graph) {
  if (graph.nodes.empty())
    return success();
  auto sortedByName = [&](SmallVector<unsigned> indices) {
    llvm::sort(indices, [&](unsigned a, unsigned b) {
      return graph.nodes[a].name < graph.nodes[b].name;
    });
    return indices;
  };

  // Every root that is not an Input gets an Input node in front of it.
  SmallVector<bool> hasIncoming(graph.nodes.size(), false);
  for (auto [from, to] : graph.edges)
    hasIncoming[to] = true;
  SmallVector<unsigned> roots;
  for (unsigned i = 0; i < graph.nodes.size(); ++i)
    if (!hasIncoming[i] && !graph.nodes[i].isInput())
      roots.push_back(i);
  for (unsigned root : sortedByName(roots)) {
    if (!graph.nodes[root].inputShape)
      return emitErrorAt(graph.nodes[root].path)
             << "root node '" << graph.nodes[root].name << "' of type "
             << graph.nodes[root].node().getNIRTypeName()
             << " is not an Input node and has no defined input type; "
                "cannot infer the graph input";
    Shape shape = *graph.nodes[root].inputShape;
    unsigned input =
        addPortNode(graph, /*isInput=*/true, graph.nodes[root].name, shape);
    graph.edges.emplace_back(input, root);
  }

  // Propagate types from the Input nodes along the edges (the reference's
  // work list, which pops from the back).
  std::vector<SmallVector<unsigned, 2>> outgoing = getOutgoingEdges(graph);
  SmallVector<std::pair<unsigned, unsigned>> ready;
  llvm::DenseSet<unsigned> seen;
  for (auto edge : graph.edges)
    if (graph.nodes[edge.first].isInput()) {
      ready.push_back(edge);
      seen.insert(edge.first);
    }
  if (ready.empty())
    return emitErrorAt(graph.path)
           << "cannot start type inference: no edge leaves an Input node, "
              "which may be due to a cycle at the graph's input; add an "
              "Input node or read with type checking off";
  while (!ready.empty()) {
    auto [pre, post] = ready.pop_back_val();
    NodeRecord &source = graph.nodes[pre];
    NodeRecord &target = graph.nodes[post];
    if (!source.outputShape)
      return emitErrorAt(source.path)
             << "node '" << source.name << "' has no output type";
    if (!target.inputShape) {
      target.inputShape = source.outputShape;
    } else if (*target.inputShape != *source.outputShape) {
      return emitErrorAt(graph.path)
             << "type inference error: type mismatch: " << source.name
             << ".output: " << formatNumpyShape(*source.outputShape) << " -> "
             << target.name
             << ".input: " << formatNumpyShape(*target.inputShape);
    }
    if (!target.outputShape) {
      FailureOr<Shape> output = inferOutput(graph, target, *target.inputShape);
      if (failed(output))
        return failure();
      target.outputShape = std::move(*output);
    }
    seen.insert(post);
    for (unsigned edge : outgoing[post])
      if (!seen.contains(graph.edges[edge].second))
        ready.push_back(graph.edges[edge]);
  }

  // Every leaf that is not an Output gets an Output node after it.
  SmallVector<bool> hasOutgoing(graph.nodes.size(), false);
  for (auto [from, to] : graph.edges)
    hasOutgoing[from] = true;
  SmallVector<unsigned> leaves;
  for (unsigned i = 0; i < graph.nodes.size(); ++i)
    if (!hasOutgoing[i])
      leaves.push_back(i);
  if (leaves.empty())
    return emitErrorAt(graph.path)
           << "type inference failed: no node is a leaf, which may be due "
              "to a cycle at the graph's output; add an Output node or read "
              "with type checking off";
  for (unsigned leaf : sortedByName(leaves)) {
    if (graph.nodes[leaf].isOutput())
      continue;
    if (!graph.nodes[leaf].outputShape)
      return emitErrorAt(graph.nodes[leaf].path)
             << "leaf node '" << graph.nodes[leaf].name
             << "' has no defined output type; cannot infer the graph output";
    Shape shape = *graph.nodes[leaf].outputShape;
    unsigned output =
        addPortNode(graph, /*isInput=*/false, graph.nodes[leaf].name, shape);
    graph.edges.emplace_back(leaf, output);
  }

  // check_types: every edge joins equal, defined types.
  for (auto [pre, post] : graph.edges) {
    NodeRecord &source = graph.nodes[pre];
    NodeRecord &target = graph.nodes[post];
    if (!source.outputShape)
      return emitErrorAt(source.path)
             << "pre node '" << source.name << "' has no output type";
    if (!target.inputShape)
      return emitErrorAt(target.path)
             << "post node '" << target.name << "' has no input type";
    if (*source.outputShape != *target.inputShape)
      return emitErrorAt(graph.path)
             << "type mismatch: " << source.name
             << ".output: " << formatNumpyShape(*source.outputShape) << " -> "
             << target.name
             << ".input: " << formatNumpyShape(*target.inputShape);
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Building the graph body
//===----------------------------------------------------------------------===//

/// The op order: reverse post-order of a depth-first walk that starts from
/// the Input nodes, then the other roots, then whatever is left, in name
/// order (siblings, too, come out in name order). It depends only on the nodes
/// and edges, not on the order of edges in the file, so reading a file this
/// reader's writer wrote gives the same IR again; and it is topological
/// wherever the graph allows.
std::vector<unsigned>
NIRFileReader::computeNodeOrder(const GraphRecord &graph) {
  size_t count = graph.nodes.size();
  auto byName = [&](unsigned a, unsigned b) {
    return graph.nodes[a].name < graph.nodes[b].name;
  };
  std::vector<SmallVector<unsigned, 2>> successors(count);
  SmallVector<bool> hasIncoming(count, false);
  for (auto [from, to] : graph.edges) {
    successors[from].push_back(to);
    hasIncoming[to] = true;
  }
  for (auto &list : successors) {
    llvm::sort(list, byName);
    list.erase(std::unique(list.begin(), list.end()), list.end());
  }

  SmallVector<unsigned> inputs, roots;
  for (unsigned i = 0; i < count; ++i) {
    if (graph.nodes[i].isInput())
      inputs.push_back(i);
    else if (!hasIncoming[i])
      roots.push_back(i);
  }
  llvm::sort(inputs, byName);
  llvm::sort(roots, byName);
  SmallVector<unsigned> starts(inputs);
  starts.append(roots);
  // Nodes unreachable from those (cycles fed by nothing) start walks last.
  SmallVector<bool> reached(count, false);
  SmallVector<unsigned> stack(starts);
  while (!stack.empty()) {
    unsigned node = stack.pop_back_val();
    if (reached[node])
      continue;
    reached[node] = true;
    for (unsigned successor : successors[node])
      stack.push_back(successor);
  }
  SmallVector<unsigned> rest;
  for (unsigned i = 0; i < count; ++i)
    if (!reached[i])
      rest.push_back(i);
  llvm::sort(rest, byName);
  starts.append(rest);

  // Walks started later end up earlier after the reversal, so start them in
  // reverse to keep the Input nodes first.
  std::vector<unsigned> postOrder;
  SmallVector<bool> visited(count, false);
  for (unsigned start : llvm::reverse(starts)) {
    if (visited[start])
      continue;
    SmallVector<std::pair<unsigned, unsigned>> walk{{start, 0}};
    visited[start] = true;
    while (!walk.empty()) {
      auto &[node, visitedSuccessors] = walk.back();
      if (visitedSuccessors < successors[node].size()) {
        // Last name first, so that siblings come out in name order.
        unsigned successor =
            successors[node][successors[node].size() - ++visitedSuccessors];
        if (!visited[successor]) {
          visited[successor] = true;
          walk.push_back({successor, 0});
        }
        continue;
      }
      postOrder.push_back(node);
      walk.pop_back();
    }
  }
  std::reverse(postOrder.begin(), postOrder.end());
  return postOrder;
}

LogicalResult NIRFileReader::finalizeGraph(GraphRecord &graph) {
  // The dialect has no edges into Input nodes or out of Output nodes.
  for (auto [pre, post] : graph.edges) {
    if (graph.nodes[post].isInput())
      return emitErrorAt(graph.path)
             << "edge '" << graph.nodes[pre].name << "' -> '"
             << graph.nodes[post].name
             << "' enters an Input node; the nir dialect gives Input nodes "
                "no incoming edges";
    if (graph.nodes[pre].isOutput())
      return emitErrorAt(graph.path)
             << "edge '" << graph.nodes[pre].name << "' -> '"
             << graph.nodes[post].name
             << "' leaves an Output node; the nir dialect gives Output nodes "
                "no outgoing edges";
    graph.nodes[post].producers.push_back(pre);
  }

  // A nested graph is a node with one input and one output port.
  if (isa<SubgraphOp>(graph.op)) {
    unsigned inputs = llvm::count_if(
        graph.nodes, [](const NodeRecord &node) { return node.isInput(); });
    unsigned outputs = llvm::count_if(
        graph.nodes, [](const NodeRecord &node) { return node.isOutput(); });
    if (inputs != 1 || outputs != 1)
      return emitErrorAt(graph.path)
             << "nested graph has " << inputs << " Input and " << outputs
             << " Output nodes; the nir dialect supports nested graphs with "
                "exactly one of each";
  }

  // Types the reference's inference would fill in, kept so the writer can
  // write them (it cannot write a Conv without input_shape). Without type
  // checking, inferShapes does this and the result types on the IR.
  for (NodeRecord &record : graph.nodes) {
    if (!options.typeCheck || !record.inputShape)
      continue;
    ArrayRef<int64_t> input = *record.inputShape;
    if (auto conv = dyn_cast<Conv1dOp>(record.op)) {
      if (!conv.getInputShapeAttr() && input.size() == 2)
        conv.setInputShapeAttr(builder.getI64IntegerAttr(input[1]));
    } else if (auto conv = dyn_cast<Conv2dOp>(record.op)) {
      if (!conv.getInputShapeAttr() && input.size() == 3)
        conv.setInputShapeAttr(
            DenseI64ArrayAttr::get(context, input.drop_front()));
    } else if (auto flatten = dyn_cast<FlattenOp>(record.op)) {
      if (!flatten.getInputTypeAttr())
        flatten.setInputTypeAttr(DenseI64ArrayAttr::get(context, input));
    }
  }

  for (NodeRecord &record : graph.nodes) {
    if (options.typeCheck && !record.isInput() && !record.isOutput())
      record.op->getResult(0).setType(
          RankedTensorType::get(*record.outputShape, builder.getF32Type()));
  }
  for (NodeRecord &record : graph.nodes) {
    SmallVector<Value> operands;
    for (unsigned producer : record.producers)
      operands.push_back(graph.nodes[producer].op->getResult(0));
    record.op->setOperands(operands);
  }
  for (unsigned index : computeNodeOrder(graph))
    graph.nodes[index].op->moveBefore(graph.body, graph.body->end());

  // The op order follows the graph, not the file's edge order: keep that
  // order for the writer where the ops do not give it back.
  SmallVector<std::pair<StringRef, StringRef>> edgeNames;
  edgeNames.reserve(graph.edges.size());
  for (auto [pre, post] : graph.edges)
    edgeNames.emplace_back(graph.nodes[pre].name, graph.nodes[post].name);
  recordEdgeOrder(graph.op, edgeNames);
  return success();
}

//===----------------------------------------------------------------------===//
// Entry points
//===----------------------------------------------------------------------===//

FailureOr<OwningOpRef<ModuleOp>> NIRFileReader::read(hid_t file) {
  if (failed(verifyNodeSpecs(context)))
    return failure();
  context->getOrLoadDialect<NIRDialect>();

  // The verifier reports at op locations; name the HDF5 object there too,
  // instead of printing ops whose result types are not inferred yet.
  bool printOpOnDiagnostic = context->shouldPrintOpOnDiagnostic();
  context->printOpOnDiagnostic(false);
  auto restorePrinting = llvm::make_scope_exit(
      [&] { context->printOpOnDiagnostic(printOpOnDiagnostic); });
  ScopedDiagnosticHandler namePaths(context, [&](Diagnostic &diag) {
    if (auto nameLoc = dyn_cast<NameLoc>(diag.getLocation()))
      if (nameLoc.getChildLoc() == fileLoc &&
          !StringRef(diag.str()).starts_with("'/"))
        diag.attachNote(fileLoc)
            << "in HDF5 object '" << nameLoc.getName().getValue() << "'";
    return failure();
  });

  FailureOr<SmallVector<Link>> rootLinks = listLinks(file, "/");
  if (failed(rootLinks))
    return failure();
  Link *nodeLink = llvm::find_if(
      *rootLinks, [](const Link &link) { return link.name == "node"; });
  if (nodeLink == rootLinks->end() || nodeLink->kind != H5I_GROUP) {
    InFlightDiagnostic diag = emitErrorAt("/node")
                              << "missing group '/node'; this is not a NIR "
                                 "graph file";
    if (llvm::any_of(*rootLinks,
                     [](const Link &link) { return link.name == "nodes"; }))
      diag << " (a NIRData file from nir.write_data?)";
    return diag;
  }
  if (failed(enterGroup(nodeLink->object, "/node")))
    return failure();
  FailureOr<SmallVector<Link>> graphLinks =
      listLinks(nodeLink->object, "/node");
  if (failed(graphLinks))
    return failure();
  const Link *typeLink = llvm::find_if(*graphLinks, [](const Link &link) {
    return link.name == "type" && link.kind == H5I_DATASET;
  });
  if (typeLink == graphLinks->end())
    return emitErrorAt("/node") << "missing dataset 'type'";
  FailureOr<std::string> rootType = readScalarString(*typeLink, "/node/type");
  if (failed(rootType))
    return failure();
  if (*rootType != kGraphNIRType)
    return emitErrorAt("/node/type")
           << "the root node has type '" << *rootType
           << "'; only NIRGraph roots are supported (nir.read cannot read "
              "other roots either)";

  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  builder.setInsertionPointToEnd(module->getBody());
  auto graphOp =
      builder.create<GraphOp>(getLocation("/node"), options.graphName);
  if (!options.typeCheck)
    graphOp.setUnchecked(true);
  GraphRecord root;
  root.path = "/node";
  root.op = graphOp;
  root.body = &graphOp.getBodyBlock();
  if (failed(readGraphGroup(nodeLink->object, *graphLinks, root, "")))
    return failure();
  // Verifying a large graph takes a while; the child's time limits run
  // from here.
  hdf5::reportProgress();
  if (failed(mlir::verify(*module)))
    return failure();
  return module;
}

// The child of an isolated read passes the reader's diagnostics back in
// these attributes of the module it sends (removed again by the parent).
static constexpr llvm::StringLiteral kChildDiagnosticsAttr =
    "nir_reader_diagnostics";
static constexpr llvm::StringLiteral kChildFailedAttr = "nir_reader_failed";
static constexpr llvm::StringLiteral kChildSharedBlobsAttr =
    "nir_reader_shared_blobs";

/// Every resource blob `module` refers to, once each, in a fixed order (the
/// walk's), which the child and the parent see alike.
static SmallVector<DenseResourceElementsHandle>
collectResources(ModuleOp module) {
  SmallVector<DenseResourceElementsHandle> handles;
  llvm::DenseSet<void *> seen;
  AttrTypeWalker walker;
  walker.addWalk([&](DenseResourceElementsAttr attr) {
    DenseResourceElementsHandle handle = attr.getRawHandle();
    if (seen.insert(handle.getResource()).second)
      handles.push_back(handle);
  });
  module->walk([&](Operation *op) {
    walker.walk(op->getRawDictionaryAttrs());
    if (Attribute properties = op->getPropertiesAsAttribute())
      walker.walk(properties);
  });
  return handles;
}

/// A diagnostic as an attribute: {severity, loc, message, notes}.
static DictionaryAttr encodeDiagnostic(MLIRContext *context,
                                       Diagnostic &diag) {
  Builder builder(context);
  auto entry = [&](Location loc, StringRef message) {
    return SmallVector<NamedAttribute>{
        builder.getNamedAttr("loc", loc),
        builder.getNamedAttr("message", builder.getStringAttr(message))};
  };
  SmallVector<Attribute> notes;
  for (Diagnostic &note : diag.getNotes())
    notes.push_back(
        builder.getDictionaryAttr(entry(note.getLocation(), note.str())));
  SmallVector<NamedAttribute> fields = entry(diag.getLocation(), diag.str());
  fields.push_back(builder.getNamedAttr(
      "severity",
      builder.getI32IntegerAttr(static_cast<int32_t>(diag.getSeverity()))));
  fields.push_back(builder.getNamedAttr("notes", builder.getArrayAttr(notes)));
  return builder.getDictionaryAttr(fields);
}

/// Emits what encodeDiagnostic encoded; false if `attr` is not such.
static bool emitEncodedDiagnostic(MLIRContext *context, Attribute attr) {
  auto dict = dyn_cast<DictionaryAttr>(attr);
  auto loc = dict ? dict.getAs<LocationAttr>("loc") : LocationAttr();
  auto message = dict ? dict.getAs<StringAttr>("message") : StringAttr();
  auto severity = dict ? dict.getAs<IntegerAttr>("severity") : IntegerAttr();
  auto notes = dict ? dict.getAs<ArrayAttr>("notes") : ArrayAttr();
  if (!loc || !message || !severity || !notes)
    return false;
  InFlightDiagnostic diag = context->getDiagEngine().emit(
      Location(loc), static_cast<DiagnosticSeverity>(severity.getInt()));
  diag << message.getValue();
  for (Attribute note : notes) {
    auto noteDict = dyn_cast<DictionaryAttr>(note);
    auto noteLoc =
        noteDict ? noteDict.getAs<LocationAttr>("loc") : LocationAttr();
    auto noteMessage =
        noteDict ? noteDict.getAs<StringAttr>("message") : StringAttr();
    if (noteLoc && noteMessage)
      diag.attachNote(Location(noteLoc)) << noteMessage.getValue();
  }
  return true;
}

/// The child's side of an isolated read: reads `file` in a context of its
/// own (the parent's thread pool does not exist in a forked child) and
/// writes the module, or an empty one if reading failed, with the
/// diagnostics as MLIR bytecode to `output`.
static bool readInChild(hid_t file, MLIRContext *parentContext,
                        StringRef name, const NIRReadOptions &options,
                        int output) {
  DialectRegistry registry;
  parentContext->getDialectRegistry().appendTo(registry);
  MLIRContext context(registry, MLIRContext::Threading::DISABLED);
  context.printOpOnDiagnostic(parentContext->shouldPrintOpOnDiagnostic());
  SmallVector<Attribute> diagnostics;
  ScopedDiagnosticHandler capture(&context, [&](Diagnostic &diag) {
    diagnostics.push_back(encodeDiagnostic(&context, diag));
    return success();
  });
  FailureOr<OwningOpRef<ModuleOp>> module =
      NIRFileReader(&context, name, options).read(file);
  hdf5::finishInChild();
  OwningOpRef<ModuleOp> carrier =
      succeeded(module)
          ? std::move(*module)
          : ModuleOp::create(FileLineColLoc::get(&context, name, 0, 0));
  Builder builder(&context);
  // Arrays read into the shared arena go back as [offset, size] (the blob
  // itself left empty); others (-1) in the bytecode.
  SmallVector<int64_t> shared;
  for (DenseResourceElementsHandle handle : collectResources(*carrier)) {
    AsmResourceBlob *blob = handle.getBlob();
    std::optional<uint64_t> offset =
        blob ? hdf5::getSharedOffset(blob->getData().data()) : std::nullopt;
    shared.push_back(offset ? int64_t(*offset) : -1);
    shared.push_back(blob ? int64_t(blob->getData().size()) : 0);
    if (offset)
      handle.getResource()->setBlob(AsmResourceBlob(
          ArrayRef<char>(), kBlobAlignment, nullptr, /*dataIsMutable=*/false));
  }
  (*carrier)->setAttr(kChildSharedBlobsAttr,
                      builder.getDenseI64ArrayAttr(shared));
  (*carrier)->setAttr(kChildDiagnosticsAttr, builder.getArrayAttr(diagnostics));
  if (failed(module))
    (*carrier)->setAttr(kChildFailedAttr, builder.getUnitAttr());
  llvm::raw_fd_ostream os(output, /*shouldClose=*/false);
  if (failed(writeBytecodeToFile(*carrier, os)))
    return false;
  os.flush();
  return !os.has_error();
}

/// Reads `file` in a child process (NIRReadOptions::isolateHDF5): HDF5 1.10
/// may crash or loop on a corrupt file, and then the child does, not the
/// caller. The child sends the module back as MLIR bytecode, whose weights
/// the returned module keeps in place (resource blobs alias the mapping).
static FailureOr<OwningOpRef<ModuleOp>>
readIsolated(hid_t file, MLIRContext *context, StringRef name,
             const NIRReadOptions &options) {
  Location fileLoc = FileLineColLoc::get(context, name, 0, 0);
  hsize_t bytes = 0;
  H5Fget_filesize(file, &bytes);
  hdf5::ChildLimits limits;
  limits.timeoutSeconds = options.isolationTimeoutSeconds;
  limits.cpuSeconds = options.isolationCPUSeconds;
  if (limits.cpuSeconds == 0)
    limits.cpuSeconds = 3 + unsigned(std::min<hsize_t>(bytes >> 26, 1u << 20));
  limits.memoryBytes = options.isolationMemoryBytes;
  if (limits.memoryBytes == 0)
    limits.memoryBytes = (uint64_t(1) << 30) +
                         8 * std::min<uint64_t>(bytes, uint64_t(1) << 40);
  std::unique_ptr<llvm::MemoryBuffer> result;
  std::shared_ptr<hdf5::SharedArena> arena;
  std::string detail;
  switch (hdf5::runInChildProcess(
      file, limits,
      [&](int output) {
        return readInChild(file, context, name, options, output);
      },
      result, arena, detail)) {
  case hdf5::ChildResult::Crashed:
    return mlir::emitError(fileLoc)
           << "'" << name << "' is corrupt: the HDF5 library crashed ("
           << detail << ") reading it in a child process";
  case hdf5::ChildResult::TimedOut:
    return mlir::emitError(fileLoc)
           << "'" << name << "' is corrupt: the HDF5 library did not finish "
           << "reading it within " << detail << " in a child process";
  case hdf5::ChildResult::Unavailable:
    // No child (or it read the file but could not pass the result back):
    // read here.
    return NIRFileReader(context, name, options).read(file);
  case hdf5::ChildResult::Done:
    break;
  }

  context->getOrLoadDialect<NIRDialect>();
  auto undecodable = [&] {
    return mlir::emitError(fileLoc)
           << "cannot decode what the child process that read '" << name
           << "' sent back";
  };
  auto sourceMgr = std::make_shared<llvm::SourceMgr>();
  sourceMgr->AddNewSourceBuffer(std::move(result), llvm::SMLoc());
  // The child verified the module.
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(
      sourceMgr, ParserConfig(context, /*verifyAfterParse=*/false));
  auto diagnostics =
      module ? (*module)->getAttrOfType<ArrayAttr>(kChildDiagnosticsAttr)
             : ArrayAttr();
  if (!diagnostics)
    return undecodable();
  for (Attribute diagnostic : diagnostics)
    if (!emitEncodedDiagnostic(context, diagnostic))
      return undecodable();
  if ((*module)->hasAttr(kChildFailedAttr))
    return failure();
  (*module)->removeAttr(kChildDiagnosticsAttr);

  // The arrays the child read into the arena: the blobs point into it.
  auto shared =
      (*module)->getAttrOfType<DenseI64ArrayAttr>(kChildSharedBlobsAttr);
  SmallVector<DenseResourceElementsHandle> handles = collectResources(*module);
  if (!shared || shared.size() != int64_t(2 * handles.size()))
    return undecodable();
  (*module)->removeAttr(kChildSharedBlobsAttr);
  for (auto [index, handle] : llvm::enumerate(handles)) {
    int64_t offset = shared[2 * index], size = shared[2 * index + 1];
    if (offset < 0)
      continue;
    std::optional<MutableArrayRef<char>> bytes =
        arena ? arena->slice(offset, size) : std::nullopt;
    if (!bytes)
      return undecodable();
    handle.getResource()->setBlob(AsmResourceBlob(
        *bytes, kBlobAlignment, [arena](void *, size_t, size_t) {},
        /*dataIsMutable=*/true));
  }
  return module;
}

FailureOr<OwningOpRef<ModuleOp>>
nir::readNIRFile(StringRef path, MLIRContext *context,
                 const NIRReadOptions &options) {
  hdf5::Session session;
  Location fileLoc = FileLineColLoc::get(context, path, 0, 0);
  // HDF5 prints nothing useful for a missing file; check first.
  if (!llvm::sys::fs::exists(path))
    return mlir::emitError(fileLoc)
           << "cannot open '" << path << "': no such file";
  hdf5::Handle file = hdf5::fileHandle(
      H5Fopen(path.str().c_str(), H5F_ACC_RDONLY, H5P_DEFAULT));
  if (!file) {
    std::string cause = hdf5::takeErrorMessage();
    return mlir::emitError(fileLoc)
           << "cannot open '" << path << "' as an HDF5 file"
           << (cause.empty() ? "" : ": " + cause);
  }
  if (options.isolateHDF5)
    return readIsolated(file, context, path, options);
  return NIRFileReader(context, path, options).read(file);
}

FailureOr<OwningOpRef<ModuleOp>>
nir::readNIRFile(llvm::MemoryBufferRef buffer, MLIRContext *context,
                 const NIRReadOptions &options) {
  hdf5::Session session;
  StringRef name = buffer.getBufferIdentifier();
  Location fileLoc = FileLineColLoc::get(context, name, 0, 0);
  // Open the bytes in place: no copy, and HDF5 neither writes nor frees them.
  hdf5::Handle file = hdf5::fileHandle(H5LTopen_file_image(
      const_cast<char *>(buffer.getBufferStart()), buffer.getBufferSize(),
      H5LT_FILE_IMAGE_DONT_COPY | H5LT_FILE_IMAGE_DONT_RELEASE));
  if (!file) {
    // H5LT clears HDF5's error stack on failure; the bytes tell why.
    std::string cause = diagnoseFileImage(buffer.getBuffer());
    return mlir::emitError(fileLoc)
           << "cannot open '" << name << "' as an HDF5 file"
           << (cause.empty() ? "" : ": " + cause);
  }
  if (options.isolateHDF5)
    return readIsolated(file, context, name, options);
  return NIRFileReader(context, name, options).read(file);
}
