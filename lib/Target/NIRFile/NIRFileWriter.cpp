//===- NIRFileWriter.cpp - Write the nir dialect as .nir files ------------===//
//
// Writes a `nir.graph` in the layout the reference writer `nir.write`
// produces (spec/nir-format.md section 4): the same groups, dataset names,
// datatypes and dataspaces, no attributes, superblock version 0. Parameter
// data goes from the attribute's storage straight to HDF5.
//
//===----------------------------------------------------------------------===//

#include "HDF5Utils.h"
#include "NodeSpecs.h"
#include "nirtorch/Dialect/NIR/EdgeOrder.h"
#include "nirtorch/Dialect/NIR/NIROps.h"
#include "nirtorch/Dialect/NIR/Quantization.h"
#include "nirtorch/Support/AtomicOutput.h"
#include "nirtorch/Target/NIRFile/NIRFile.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <H5LTpublic.h>

#include <cstdlib>
#include <cstring>

using namespace mlir;
using namespace mlir::nir;

namespace {

/// The HDF5 types of one element type: as stored (little-endian, like numpy
/// on the machines NIR files come from) and as held in memory.
struct ElementTypes {
  hdf5::Handle fileType, memoryType;
  size_t size = 0;
  bool isBool = false;
};

/// `text` with unprintable characters as \XX escapes, for diagnostics.
std::string escape(StringRef text) {
  std::string escaped;
  llvm::raw_string_ostream os(escaped);
  llvm::printEscapedString(text, os);
  return escaped;
}

std::string joinPath(StringRef parent, StringRef child) {
  if (parent == "/")
    return ("/" + child).str();
  return (parent + "/" + child).str();
}

/// Whether HDF5 accepts `name` as the link name it is meant to be.
bool isValidLinkName(StringRef name) {
  return !name.empty() && !name.contains('/') && !name.contains('\0') &&
         name != "." && name != "..";
}

class NIRFileWriter {
public:
  NIRFileWriter(const NIRWriteOptions &options) : options(options) {}

  LogicalResult write(hid_t file, GraphOp graph);

private:
  InFlightDiagnostic emitErrorAt(Operation *op, StringRef path) {
    return op->emitError() << "cannot write '" << escape(path) << "': ";
  }
  /// The reader refuses groups nested deeper than hdf5::kMaxGroupDepth, so
  /// the writer does not make them.
  LogicalResult checkGroupDepth(Operation *op, StringRef path) {
    if (size_t depth = path.count('/'); depth > hdf5::kMaxGroupDepth)
      return emitErrorAt(op, path)
             << "the group would be nested " << depth
             << " levels deep; readers refuse groups nested deeper than "
             << hdf5::kMaxGroupDepth;
    return success();
  }
  InFlightDiagnostic emitHDF5Error(Operation *op, StringRef path) {
    std::string cause = hdf5::takeErrorMessage();
    return emitErrorAt(op, path)
           << "HDF5 failed" << (cause.empty() ? "" : " (" + cause + ")");
  }

  hdf5::Handle createGroup(hid_t parent, StringRef name);
  LogicalResult createDataset(hid_t group, StringRef name, hid_t fileType,
                              hid_t memoryType, ArrayRef<hsize_t> dims,
                              bool isScalar, const void *data, bool compress,
                              Operation *op, StringRef path);
  LogicalResult writeString(hid_t group, StringRef name, StringRef value,
                            Operation *op, StringRef path);
  LogicalResult writeStrings(hid_t group, StringRef name,
                             ArrayRef<std::string> values,
                             ArrayRef<hsize_t> dims, Operation *op,
                             StringRef path);
  LogicalResult writeInt64(hid_t group, StringRef name,
                           ArrayRef<int64_t> values, bool isScalar,
                           Operation *op, StringRef path);
  FailureOr<ElementTypes> getElementTypes(Type elementType, Operation *op,
                                          StringRef path);
  LogicalResult writeElements(hid_t group, StringRef name,
                              ElementsAttr elements, Operation *op,
                              StringRef path);
  LogicalResult writeScalarNumber(hid_t group, StringRef name, Attribute value,
                                  Operation *op, StringRef path);

  LogicalResult writeGraphBody(hid_t group, Operation *graphOp, Block &body,
                               DictionaryAttr metadata, StringRef path);
  LogicalResult writeNode(hid_t nodesGroup, Operation *op, StringRef nodesPath);
  LogicalResult writeField(hid_t group, const FieldSpec &field, Operation *op,
                           StringRef path);
  LogicalResult writeMetadata(hid_t parent, DictionaryAttr metadata,
                              Operation *op, StringRef path);
  LogicalResult writeMetadataValue(hid_t group, StringRef key, Attribute value,
                                   Operation *op, StringRef path);

  const NIRWriteOptions &options;
  hdf5::Handle linkCreatePlist;
};

} // namespace

//===----------------------------------------------------------------------===//
// Datasets
//===----------------------------------------------------------------------===//

hdf5::Handle NIRFileWriter::createGroup(hid_t parent, StringRef name) {
  // Object timestamps would make identical graphs give different files.
  hdf5::Handle createPlist = hdf5::plistHandle(H5Pcreate(H5P_GROUP_CREATE));
  if (!createPlist || H5Pset_obj_track_times(createPlist, false) < 0)
    return {};
  return hdf5::groupHandle(H5Gcreate2(
      parent, name.str().c_str(), linkCreatePlist, createPlist, H5P_DEFAULT));
}

LogicalResult NIRFileWriter::createDataset(hid_t group, StringRef name,
                                           hid_t fileType, hid_t memoryType,
                                           ArrayRef<hsize_t> dims,
                                           bool isScalar, const void *data,
                                           bool compress, Operation *op,
                                           StringRef path) {
  hdf5::Handle space = hdf5::spaceHandle(
      isScalar ? H5Screate(H5S_SCALAR)
               : H5Screate_simple(dims.size(), dims.data(), nullptr));
  hdf5::Handle createPlist = hdf5::plistHandle(H5Pcreate(H5P_DATASET_CREATE));
  if (!space || !createPlist)
    return emitHDF5Error(op, path);
  // h5py's dataset creation properties: no timestamps, and fill at
  // allocation for strings and chunked data (HDF5's default otherwise).
  if (H5Pset_obj_track_times(createPlist, false) < 0)
    return emitHDF5Error(op, path);
  bool fillAtAllocation = H5Tget_class(fileType) == H5T_STRING;
  uint64_t numElements = 1;
  for (hsize_t dim : dims)
    numElements *= dim;
  // As nir.write with compression: arrays get gzip with h5py's chunking;
  // scalars cannot be chunked, and empty arrays are left contiguous.
  if (compress && options.gzipLevel && !isScalar && numElements > 0) {
    SmallVector<hsize_t> chunks =
        hdf5::guessChunkShape(dims, H5Tget_size(fileType));
    if (H5Pset_chunk(createPlist, chunks.size(), chunks.data()) < 0 ||
        H5Pset_deflate(createPlist, *options.gzipLevel) < 0)
      return emitHDF5Error(op, path);
    fillAtAllocation = true;
  }
  if (fillAtAllocation &&
      H5Pset_fill_time(createPlist, H5D_FILL_TIME_ALLOC) < 0)
    return emitHDF5Error(op, path);
  hdf5::Handle dataset = hdf5::datasetHandle(
      H5Dcreate2(group, name.str().c_str(), fileType, space, linkCreatePlist,
                 createPlist, H5P_DEFAULT));
  if (!dataset)
    return emitHDF5Error(op, path);
  if (numElements == 0)
    return success();
  if (H5Dwrite(dataset, memoryType, H5S_ALL, H5S_ALL, hdf5::getTransferPlist(),
               data) < 0)
    return emitHDF5Error(op, path);
  return success();
}

LogicalResult NIRFileWriter::writeString(hid_t group, StringRef name,
                                         StringRef value, Operation *op,
                                         StringRef path) {
  return writeStrings(group, name, {value.str()}, {}, op, path);
}

LogicalResult NIRFileWriter::writeStrings(hid_t group, StringRef name,
                                          ArrayRef<std::string> values,
                                          ArrayRef<hsize_t> dims, Operation *op,
                                          StringRef path) {
  hdf5::Handle type = hdf5::createUTF8StringType();
  if (!type)
    return emitHDF5Error(op, path);
  SmallVector<const char *> pointers;
  for (const std::string &value : values) {
    if (StringRef(value).contains('\0'))
      return emitErrorAt(op, path)
             << "a string contains a NUL character, which HDF5 strings cannot "
                "hold";
    pointers.push_back(value.c_str());
  }
  return createDataset(group, name, type, type, dims, /*isScalar=*/dims.empty(),
                       pointers.data(), /*compress=*/false, op, path);
}

LogicalResult NIRFileWriter::writeInt64(hid_t group, StringRef name,
                                        ArrayRef<int64_t> values, bool isScalar,
                                        Operation *op, StringRef path) {
  SmallVector<hsize_t, 1> dims;
  if (!isScalar)
    dims.push_back(values.size());
  return createDataset(group, name, H5T_STD_I64LE, H5T_NATIVE_INT64, dims,
                       isScalar, values.data(), /*compress=*/true, op, path);
}

FailureOr<ElementTypes> NIRFileWriter::getElementTypes(Type elementType,
                                                       Operation *op,
                                                       StringRef path) {
  ElementTypes types;
  auto copy = [](hid_t type) { return hdf5::typeHandle(H5Tcopy(type)); };
  if (elementType.isF64()) {
    types.fileType = copy(H5T_IEEE_F64LE);
    types.memoryType = copy(H5T_NATIVE_DOUBLE);
  } else if (elementType.isF32()) {
    types.fileType = copy(H5T_IEEE_F32LE);
    types.memoryType = copy(H5T_NATIVE_FLOAT);
  } else if (elementType.isF16()) {
    types.fileType = hdf5::createFloat16Type();
    types.memoryType = hdf5::createFloat16Type();
  } else if (elementType.isBF16()) {
    types.fileType = hdf5::createBFloat16Type();
    types.memoryType = hdf5::createBFloat16Type();
  } else if (auto intType = dyn_cast<IntegerType>(elementType)) {
    bool isUnsigned = intType.isUnsigned();
    switch (intType.getWidth()) {
    case 1:
      types.fileType = hdf5::createBoolType();
      types.memoryType = hdf5::createBoolType();
      types.isBool = true;
      break;
    case 8:
      types.fileType = copy(isUnsigned ? H5T_STD_U8LE : H5T_STD_I8LE);
      types.memoryType = copy(isUnsigned ? H5T_NATIVE_UINT8 : H5T_NATIVE_INT8);
      break;
    case 16:
      types.fileType = copy(isUnsigned ? H5T_STD_U16LE : H5T_STD_I16LE);
      types.memoryType =
          copy(isUnsigned ? H5T_NATIVE_UINT16 : H5T_NATIVE_INT16);
      break;
    case 32:
      types.fileType = copy(isUnsigned ? H5T_STD_U32LE : H5T_STD_I32LE);
      types.memoryType =
          copy(isUnsigned ? H5T_NATIVE_UINT32 : H5T_NATIVE_INT32);
      break;
    case 64:
      types.fileType = copy(isUnsigned ? H5T_STD_U64LE : H5T_STD_I64LE);
      types.memoryType =
          copy(isUnsigned ? H5T_NATIVE_UINT64 : H5T_NATIVE_INT64);
      break;
    default:
      return emitErrorAt(op, path) << "element type " << elementType
                                   << " has no numpy/HDF5 equivalent";
    }
  } else {
    return emitErrorAt(op, path)
           << "element type " << elementType << " has no numpy/HDF5 equivalent";
  }
  if (!types.fileType || !types.memoryType)
    return emitHDF5Error(op, path);
  types.size = H5Tget_size(types.memoryType);
  return types;
}

LogicalResult NIRFileWriter::writeElements(hid_t group, StringRef name,
                                           ElementsAttr elements, Operation *op,
                                           StringRef path) {
  ShapedType type = elements.getShapedType();
  if (!type.hasStaticShape())
    return emitErrorAt(op, path) << "the array has a dynamic shape";
  FailureOr<ElementTypes> types =
      getElementTypes(type.getElementType(), op, path);
  if (failed(types))
    return failure();
  uint64_t numElements = type.getNumElements();
  uint64_t bytes = numElements * types->size;

  // Find the bytes without copying them where the attribute stores them
  // contiguously (resource blobs, non-splat dense data).
  std::vector<char> storage;
  ArrayRef<char> data;
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(elements)) {
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob)
      return emitErrorAt(op, path)
             << "the data of resource '" << resource.getRawHandle().getKey()
             << "' is not available (was it elided when printing?)";
    data = blob->getData();
  } else if (auto dense = dyn_cast<DenseIntOrFPElementsAttr>(elements)) {
    if (types->isBool) {
      storage.reserve(numElements);
      for (bool value : dense.getValues<bool>())
        storage.push_back(value ? 1 : 0);
      data = storage;
    } else if (dense.isSplat()) {
      ArrayRef<char> element = dense.getRawData();
      storage.resize(bytes);
      for (uint64_t i = 0; i < numElements; ++i)
        std::memcpy(storage.data() + i * types->size, element.data(),
                    types->size);
      data = storage;
    } else {
      data = dense.getRawData();
    }
  } else {
    // Any other elements attribute: pack its values one by one.
    storage.resize(bytes);
    auto store = [&](uint64_t index, const APInt &bits) {
      uint64_t word = bits.getZExtValue();
      std::memcpy(storage.data() + index * types->size, &word, types->size);
    };
    uint64_t index = 0;
    if (isa<FloatType>(type.getElementType())) {
      auto values = elements.tryGetValues<APFloat>();
      if (!values)
        return emitErrorAt(op, path) << "cannot read the array's values";
      for (const APFloat &value : *values)
        store(index++, value.bitcastToAPInt());
    } else {
      auto values = elements.tryGetValues<APInt>();
      if (!values)
        return emitErrorAt(op, path) << "cannot read the array's values";
      for (const APInt &value : *values)
        store(index++, types->isBool ? APInt(8, value.getBoolValue()) : value);
    }
    data = storage;
  }
  if (data.size() != bytes)
    return emitErrorAt(op, path)
           << "the array holds " << data.size() << " bytes, expected " << bytes
           << " for " << type;

  SmallVector<hsize_t> dims(type.getShape().begin(), type.getShape().end());
  return createDataset(group, name, types->fileType, types->memoryType, dims,
                       /*isScalar=*/dims.empty(), data.data(),
                       /*compress=*/true, op, path);
}

LogicalResult NIRFileWriter::writeScalarNumber(hid_t group, StringRef name,
                                               Attribute value, Operation *op,
                                               StringRef path) {
  Type type = cast<TypedAttr>(value).getType();
  FailureOr<ElementTypes> types = getElementTypes(type, op, path);
  if (failed(types))
    return failure();
  APInt bits;
  if (auto floatAttr = dyn_cast<FloatAttr>(value))
    bits = floatAttr.getValue().bitcastToAPInt();
  else
    bits = cast<IntegerAttr>(value).getValue();
  uint64_t word =
      types->isBool ? uint64_t(bits.getBoolValue()) : bits.getZExtValue();
  alignas(8) char raw[8] = {};
  std::memcpy(raw, &word, types->size);
  return createDataset(group, name, types->fileType, types->memoryType, {},
                       /*isScalar=*/true, raw, /*compress=*/false, op, path);
}

//===----------------------------------------------------------------------===//
// Metadata
//===----------------------------------------------------------------------===//

/// The shape of a nested array attribute and its leaves in row-major order,
/// or failure if it is not rectangular.
static LogicalResult flattenArray(ArrayAttr array,
                                  SmallVectorImpl<hsize_t> &dims,
                                  SmallVectorImpl<Attribute> &leaves,
                                  size_t depth = 0) {
  if (depth == dims.size())
    dims.push_back(array.size());
  else if (dims[depth] != array.size())
    return failure();
  for (Attribute item : array) {
    if (auto nested = dyn_cast<ArrayAttr>(item)) {
      if (failed(flattenArray(nested, dims, leaves, depth + 1)))
        return failure();
      continue;
    }
    if (depth + 1 != dims.size())
      return failure();
    leaves.push_back(item);
  }
  return success();
}

LogicalResult NIRFileWriter::writeMetadataValue(hid_t group, StringRef key,
                                                Attribute value, Operation *op,
                                                StringRef path) {
  if (auto dict = dyn_cast<DictionaryAttr>(value)) {
    if (failed(checkGroupDepth(op, path)))
      return failure();
    hdf5::Handle nested = createGroup(group, key);
    if (!nested)
      return emitHDF5Error(op, path);
    return writeMetadata(nested, dict, op, path);
  }
  if (auto string = dyn_cast<StringAttr>(value))
    return writeString(group, key, string.getValue(), op, path);
  if (isa<IntegerAttr, FloatAttr>(value))
    return writeScalarNumber(group, key, value, op, path);
  if (auto elements = dyn_cast<ElementsAttr>(value))
    return writeElements(group, key, elements, op, path);
  if (auto array = dyn_cast<ArrayAttr>(value)) {
    SmallVector<hsize_t> dims;
    SmallVector<Attribute> leaves;
    if (failed(flattenArray(array, dims, leaves)))
      return emitErrorAt(op, path)
             << "a metadata array must be rectangular (equal lengths at each "
                "level)";
    // An empty array is written as an empty string array, so that it reads
    // back as the same attribute.
    if (leaves.empty() || llvm::all_of(leaves, llvm::IsaPred<StringAttr>)) {
      SmallVector<std::string> strings;
      for (Attribute leaf : leaves)
        strings.push_back(cast<StringAttr>(leaf).str());
      return writeStrings(group, key, strings, dims, op, path);
    }
    // Numbers of one type make a numeric array, as numpy would.
    auto typed = dyn_cast<TypedAttr>(leaves.front());
    if (!typed || !llvm::all_of(leaves, [&](Attribute leaf) {
          return isa<IntegerAttr, FloatAttr>(leaf) &&
                 cast<TypedAttr>(leaf).getType() == typed.getType();
        }))
      return emitErrorAt(op, path)
             << "a metadata array must hold strings or numbers of one type";
    SmallVector<int64_t> shape(dims.begin(), dims.end());
    auto tensorType = RankedTensorType::get(shape, typed.getType());
    return writeElements(
        group, key,
        cast<ElementsAttr>(DenseElementsAttr::get(tensorType, leaves)), op,
        path);
  }
  return emitErrorAt(op, path)
         << "metadata value " << value
         << " has no NIR file equivalent (expected a string, number, bool, "
            "array or dictionary)";
}

LogicalResult NIRFileWriter::writeMetadata(hid_t parent,
                                           DictionaryAttr metadata,
                                           Operation *op, StringRef path) {
  for (NamedAttribute entry : metadata) {
    StringRef key = entry.getName().getValue();
    std::string entryPath = joinPath(path, key);
    if (!isValidLinkName(key))
      return emitErrorAt(op, entryPath)
             << "metadata key '" << escape(key)
             << "' is not a valid HDF5 link name (empty, '.', '..' or "
                "containing '/')";
    if (failed(
            writeMetadataValue(parent, key, entry.getValue(), op, entryPath)))
      return failure();
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Nodes and graphs
//===----------------------------------------------------------------------===//

LogicalResult NIRFileWriter::writeField(hid_t group, const FieldSpec &field,
                                        Operation *op, StringRef nodePath) {
  std::string path = joinPath(nodePath, field.name);
  Attribute value = op->getAttr(field.name);
  bool isPort = isa<InputOp, OutputOp>(op);
  if (isPort) {
    // An Input's or Output's shape is its result type.
    ArrayRef<int64_t> shape =
        cast<ShapedType>(op->getResult(0).getType()).getShape();
    return writeInt64(group, field.name, shape, /*isScalar=*/false, op, path);
  }
  if (!value) {
    // Conv input_shape and Flatten input_type are optional in the IR but
    // required by nir.read; the incoming edge gives them.
    if (field.fallback != FieldDefault::InferredFromEdge)
      return emitErrorAt(op, path) << "the attribute is missing";
    if (op->getNumOperands() == 0)
      return emitErrorAt(op, path)
             << "no '" << field.name
             << "' attribute and no incoming edge to take it from";
    Value edge = op->getOperand(0);
    // An unchecked graph may hold signals not inferred yet.
    if (!hasInferredShape(edge))
      return emitErrorAt(op, path)
             << "no '" << field.name << "' attribute to write, and node '"
             << edge.getDefiningOp<NodeOpInterface>().getNodeName()
             << "' has no inferred shape; run --nir-infer-shapes";
    ArrayRef<int64_t> input = cast<ShapedType>(edge.getType()).getShape();
    if (isa<FlattenOp>(op))
      return writeInt64(group, field.name, input, /*isScalar=*/false, op, path);
    size_t spatialRank = isa<Conv1dOp>(op) ? 1 : 2;
    if (input.size() != spatialRank + 1)
      return emitErrorAt(op, path)
             << "the incoming edge has rank " << input.size() << ", expected "
             << spatialRank + 1;
    return writeInt64(group, field.name, input.drop_front(),
                      /*isScalar=*/spatialRank == 1, op, path);
  }
  switch (field.kind) {
  case FieldKind::Param: {
    auto param = cast<ElementsAttr>(value);
    if (!options.keepIntegers && isQuantizedParam(op, field.name)) {
      FailureOr<DenseElementsAttr> values = dequantizeParam(
          param, op->getAttrOfType<ElementsAttr>(kQuantScaleAttrName));
      if (failed(values))
        return emitErrorAt(op, path) << "cannot read the quantised values";
      param = *values;
    }
    return writeElements(group, field.name, param, op, path);
  }
  case FieldKind::IntOrString:
  case FieldKind::PairOrString:
    if (auto mode = dyn_cast<StringAttr>(value))
      return writeString(group, field.name, mode.getValue(), op, path);
    [[fallthrough]];
  case FieldKind::Int:
  case FieldKind::Pair:
  case FieldKind::Shape:
    if (auto integer = dyn_cast<IntegerAttr>(value))
      return writeInt64(group, field.name, integer.getInt(),
                        /*isScalar=*/true, op, path);
    if (auto array = dyn_cast<DenseI64ArrayAttr>(value))
      return writeInt64(group, field.name, array.asArrayRef(),
                        /*isScalar=*/false, op, path);
    return emitErrorAt(op, path) << "unexpected attribute " << value;
  }
  llvm_unreachable("unknown field kind");
}

LogicalResult NIRFileWriter::writeNode(hid_t nodesGroup, Operation *op,
                                       StringRef nodesPath) {
  auto node = cast<NodeOpInterface>(op);
  StringRef name = node.getNodeName();
  std::string path = joinPath(nodesPath, name);
  if (!isValidLinkName(name))
    return emitErrorAt(op, path) << "node name '" << escape(name)
                                 << "' is not a valid HDF5 link name";
  if (failed(checkGroupDepth(op, path)))
    return failure();
  hdf5::Handle group = createGroup(nodesGroup, name);
  if (!group)
    return emitHDF5Error(op, path);

  if (auto subgraph = dyn_cast<SubgraphOp>(op))
    return writeGraphBody(group, op, subgraph.getBodyBlock(),
                          subgraph.getMetadataAttr(), path);

  const NodeSpec *spec = lookupNodeSpecByOpName(op->getName().getStringRef());
  if (!spec)
    return emitErrorAt(op, path) << "no NIR node type for this op";
  if (failed(writeString(group, "type", spec->nirType, op,
                         joinPath(path, "type"))))
    return failure();
  for (const FieldSpec &field : spec->fields)
    if (failed(writeField(group, field, op, path)))
      return failure();
  if (DictionaryAttr metadata = node.getNodeMetadata();
      metadata && !metadata.empty()) {
    std::string metadataPath = joinPath(path, "metadata");
    if (failed(checkGroupDepth(op, metadataPath)))
      return failure();
    hdf5::Handle metadataGroup = createGroup(group, "metadata");
    if (!metadataGroup)
      return emitHDF5Error(op, metadataPath);
    return writeMetadata(metadataGroup, metadata, op, metadataPath);
  }
  return success();
}

LogicalResult NIRFileWriter::writeGraphBody(hid_t group, Operation *graphOp,
                                            Block &body,
                                            DictionaryAttr metadata,
                                            StringRef path) {
  if (failed(writeString(group, "type", kGraphNIRType, graphOp,
                         joinPath(path, "type"))))
    return failure();

  // Edges in the order of the file the graph was read from, where it
  // records one, else in op order, then operand order; either way the
  // reader turns them back into the same operands.
  for (Operation &op : body) {
    if (!isa<NodeOpInterface>(&op))
      return emitErrorAt(&op, path) << "the graph holds a non-NIR op";
    for (Value operand : op.getOperands())
      if (!operand.getDefiningOp<NodeOpInterface>())
        return emitErrorAt(&op, path)
               << "an edge does not come from a node of this graph";
  }
  SmallVector<std::string> edgeNames;
  for (OpOperand *edge : getEdgesInFileOrder(body)) {
    auto producer = edge->get().getDefiningOp<NodeOpInterface>();
    auto consumer = cast<NodeOpInterface>(edge->getOwner());
    edgeNames.push_back(producer.getNodeName().str());
    edgeNames.push_back(consumer.getNodeName().str());
  }
  std::string edgesPath = joinPath(path, "edges");
  if (edgeNames.empty()) {
    // nir.write stores an empty edge list as float64 (0,).
    hsize_t empty = 0;
    if (failed(createDataset(group, "edges", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE,
                             empty, /*isScalar=*/false, nullptr,
                             /*compress=*/false, graphOp, edgesPath)))
      return failure();
  } else {
    hsize_t dims[] = {edgeNames.size() / 2, 2};
    if (failed(
            writeStrings(group, "edges", edgeNames, dims, graphOp, edgesPath)))
      return failure();
  }

  std::string nodesPath = joinPath(path, "nodes");
  if (failed(checkGroupDepth(graphOp, nodesPath)))
    return failure();
  hdf5::Handle nodesGroup = createGroup(group, "nodes");
  if (!nodesGroup)
    return emitHDF5Error(graphOp, nodesPath);
  for (Operation &op : body)
    if (failed(writeNode(nodesGroup, &op, nodesPath)))
      return failure();

  if (metadata && !metadata.empty()) {
    std::string metadataPath = joinPath(path, "metadata");
    if (failed(checkGroupDepth(graphOp, metadataPath)))
      return failure();
    hdf5::Handle metadataGroup = createGroup(group, "metadata");
    if (!metadataGroup)
      return emitHDF5Error(graphOp, metadataPath);
    if (failed(writeMetadata(metadataGroup, metadata, graphOp, metadataPath)))
      return failure();
  }
  return success();
}

LogicalResult NIRFileWriter::write(hid_t file, GraphOp graph) {
  // h5py creates links with UTF-8 names.
  linkCreatePlist = hdf5::plistHandle(H5Pcreate(H5P_LINK_CREATE));
  if (!linkCreatePlist ||
      H5Pset_char_encoding(linkCreatePlist, H5T_CSET_UTF8) < 0)
    return emitHDF5Error(graph, "/");
  if (failed(writeString(file, "version", kNIRFileVersion, graph, "/version")))
    return failure();
  hdf5::Handle nodeGroup = createGroup(file, "node");
  if (!nodeGroup)
    return emitHDF5Error(graph, "/node");
  return writeGraphBody(nodeGroup, graph, graph.getBodyBlock(),
                        graph.getMetadataAttr(), "/node");
}

//===----------------------------------------------------------------------===//
// Entry points
//===----------------------------------------------------------------------===//

/// File access properties for writing: close every object with the file, so
/// that closing it really finishes it.
static hdf5::Handle createFileAccessPlist() {
  hdf5::Handle accessPlist = hdf5::plistHandle(H5Pcreate(H5P_FILE_ACCESS));
  if (!accessPlist || H5Pset_fclose_degree(accessPlist, H5F_CLOSE_STRONG) < 0)
    return {};
  return accessPlist;
}

static LogicalResult checkWritable(GraphOp graph,
                                   const NIRWriteOptions &options) {
  if (options.gzipLevel && *options.gzipLevel > 9)
    return graph.emitError()
           << "gzip level must be 0-9, got " << *options.gzipLevel;
  if (failed(verifyNodeSpecs(graph.getContext())))
    return failure();
  return mlir::verify(graph);
}

LogicalResult nir::writeNIRFile(GraphOp graph, StringRef path,
                                const NIRWriteOptions &options) {
  if (failed(checkWritable(graph, options)))
    return failure();
  hdf5::Session session;
  bool reported = false;
  llvm::Error error = nirtorch::writeFileAtomically(
      path, [&](StringRef tempPath) -> llvm::Error {
        auto fail = [&]() {
          reported = true;
          return llvm::createStringError(std::errc::io_error,
                                         "writing the NIR file failed");
        };
        hdf5::Handle accessPlist = createFileAccessPlist();
        hdf5::Handle file = hdf5::fileHandle(
            accessPlist ? H5Fcreate(tempPath.str().c_str(), H5F_ACC_TRUNC,
                                    H5P_DEFAULT, accessPlist)
                        : H5I_INVALID_HID);
        if (!file) {
          std::string cause = hdf5::takeErrorMessage();
          graph.emitError() << "cannot create '" << path << "'"
                            << (cause.empty() ? "" : " (HDF5: " + cause + ")");
          return fail();
        }
        if (failed(NIRFileWriter(options).write(file, graph)))
          return fail();
        // Closing flushes; a failure here (a full disk) loses the file.
        if (!file.reset()) {
          std::string cause = hdf5::takeErrorMessage();
          graph.emitError() << "cannot finish writing '" << path << "'"
                            << (cause.empty() ? "" : " (HDF5: " + cause + ")");
          return fail();
        }
        return llvm::Error::success();
      });
  if (error) {
    std::string message = llvm::toString(std::move(error));
    if (!reported)
      graph.emitError() << message;
    return failure();
  }
  return success();
}

namespace {
/// Core-driver memory callbacks that keep the final file image instead of
/// freeing it when the file closes, so it can go to the stream uncopied.
struct ImageCapture {
  void *image = nullptr;
  size_t capacity = 0;

  static void *allocate(size_t size, H5FD_file_image_op_t, void *data) {
    void *memory = std::malloc(size);
    if (memory)
      static_cast<ImageCapture *>(data)->capacity = size;
    return memory;
  }
  static void *copy(void *dest, const void *src, size_t size,
                    H5FD_file_image_op_t, void *) {
    return std::memcpy(dest, src, size);
  }
  static void *reallocate(void *memory, size_t size, H5FD_file_image_op_t,
                          void *data) {
    void *grown = std::realloc(memory, size);
    if (grown)
      static_cast<ImageCapture *>(data)->capacity = size;
    return grown;
  }
  static herr_t release(void *memory, H5FD_file_image_op_t operation,
                        void *data) {
    auto *capture = static_cast<ImageCapture *>(data);
    if (operation == H5FD_FILE_IMAGE_OP_FILE_CLOSE && !capture->image) {
      capture->image = memory;
      return 0;
    }
    std::free(memory);
    return 0;
  }
  static void *copyUserData(void *data) { return data; }
  static herr_t freeUserData(void *) { return 0; }

  ~ImageCapture() { std::free(image); }
};

/// Bytes of parameter data in `op`, to size the in-memory file up front.
uint64_t estimateFileSize(Operation *op) {
  uint64_t bytes = 1 << 20;
  op->walk([&](Operation *nested) {
    for (NamedAttribute attr : nested->getAttrs())
      if (auto elements = dyn_cast<ElementsAttr>(attr.getValue()))
        bytes += elements.getNumElements() *
                 std::max<uint64_t>(
                     1, elements.getShapedType().getElementTypeBitWidth() / 8);
  });
  return bytes;
}
} // namespace

LogicalResult nir::writeNIRFile(GraphOp graph, llvm::raw_ostream &os,
                                const NIRWriteOptions &options) {
  if (failed(checkWritable(graph, options)))
    return failure();
  hdf5::Session session;
  ImageCapture capture;
  {
    hdf5::Handle accessPlist = createFileAccessPlist();
    H5FD_file_image_callbacks_t callbacks = {&ImageCapture::allocate,
                                             &ImageCapture::copy,
                                             &ImageCapture::reallocate,
                                             &ImageCapture::release,
                                             &ImageCapture::copyUserData,
                                             &ImageCapture::freeUserData,
                                             &capture};
    if (!accessPlist ||
        H5Pset_fapl_core(accessPlist, estimateFileSize(graph),
                         /*backing_store=*/false) < 0 ||
        H5Pset_file_image_callbacks(accessPlist, &callbacks) < 0) {
      std::string cause = hdf5::takeErrorMessage();
      return graph.emitError() << "cannot set up an in-memory HDF5 file"
                               << (cause.empty() ? "" : " (" + cause + ")");
    }
    // The name only identifies the in-memory file while it is open.
    std::string name =
        "nir-image-" + std::to_string(reinterpret_cast<uintptr_t>(&capture));
    hdf5::Handle file = hdf5::fileHandle(
        H5Fcreate(name.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, accessPlist));
    if (!file) {
      std::string cause = hdf5::takeErrorMessage();
      return graph.emitError() << "cannot create an in-memory HDF5 file"
                               << (cause.empty() ? "" : " (" + cause + ")");
    }
    if (failed(NIRFileWriter(options).write(file, graph)))
      return failure();
    if (!file.reset() || !capture.image) {
      std::string cause = hdf5::takeErrorMessage();
      return graph.emitError() << "cannot finish the in-memory HDF5 file"
                               << (cause.empty() ? "" : " (" + cause + ")");
    }
  }
  // The buffer is the core driver's whole allocation; the file ends at the
  // end-of-file address its superblock records, which HDF5 reports for the
  // image reopened in place.
  hdf5::Handle reopened = hdf5::fileHandle(H5LTopen_file_image(
      capture.image, capture.capacity,
      H5LT_FILE_IMAGE_DONT_COPY | H5LT_FILE_IMAGE_DONT_RELEASE));
  ssize_t size = reopened ? H5Fget_file_image(reopened, nullptr, 0) : -1;
  if (size < 0 || size_t(size) > capture.capacity) {
    std::string cause = hdf5::takeErrorMessage();
    return graph.emitError() << "cannot measure the in-memory HDF5 file"
                             << (cause.empty() ? "" : " (" + cause + ")");
  }
  reopened.reset();
  os.write(static_cast<const char *>(capture.image), size);
  return success();
}
