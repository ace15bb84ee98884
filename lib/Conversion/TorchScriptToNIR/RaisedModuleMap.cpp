//===- RaisedModuleMap.cpp - Mappings of the raised node classes ----------===//
//
// The raising stores every NIR field of a node in a buffer or attribute slot
// of the same name (docs/Raising.md), and records the node's metadata
// (`nir_metadata`) and each parameter's file dtype (`nir_dtypes`); the
// builders here read them back, so that NIR -> .pt -> NIR is exact. Slots
// that only serve the TorchScript code (`dt`, `reset_subtract`, Delay's
// `steps`, `input_rank`, Flatten's resolved `start` / `end`) are ignored.
//
//===----------------------------------------------------------------------===//

#include "RaisedModuleMap.h"
#include "Common.h"

#include "nirtorch/Conversion/RaisedClasses.h"
#include "nirtorch/Dialect/NIR/NIRMetadata.h"
#include "nirtorch/Dialect/NIR/NIROps.h"
#include "nirtorch/Dialect/NIR/NIRParams.h"

using namespace mlir;
using namespace nirtorch;

namespace {

/// Parameters converted back to their file dtype of at least this many bytes
/// become resource blobs, as the readers make them.
constexpr size_t kResourceThreshold = 1024;

/// Creates the node with `params` and the metadata the module records.
FailureOr<Signal> createRaisedNode(ModuleCall &call, StringRef opName,
                                   SmallVector<NamedAttribute> params) {
  if (auto text = dyn_cast_or_null<StringAttr>(call.getConstant(raised::kMetadataSlot))) {
    FailureOr<DictionaryAttr> metadata =
        nir::parseMetadata(text.getValue(), call.getBuilder().getContext(),
                           [&] { return call.emitError() << "nir_metadata "; });
    if (failed(metadata))
      return failure();
    if (*metadata)
      params.push_back(call.getBuilder().getNamedAttr("metadata", *metadata));
  }
  return call.createNode(opName, params);
}

/// The dtype the module records for parameter `field` (`nir_dtypes`), or
/// null when it records none.
Type getFileDtype(ModuleCall &call, StringRef field) {
  auto entries = dyn_cast_or_null<ArrayAttr>(call.getConstant(raised::kDtypesSlot));
  if (!entries)
    return Type();
  for (Attribute entry : entries) {
    auto pair = dyn_cast<ArrayAttr>(entry);
    if (!pair || pair.size() != 2)
      continue;
    auto key = dyn_cast<StringAttr>(pair[0]);
    auto name = dyn_cast<StringAttr>(pair[1]);
    if (key && name && key.getValue() == field)
      return nir::parseNumpyTypeName(name.getValue(),
                                     call.getBuilder().getContext());
  }
  return Type();
}

/// Parameter `field` in the dtype it had in the file the module was raised
/// from: the buffer holds it in the compute dtype when that was exact, and a
/// trained value may not fit the file dtype, which keeps the buffer's dtype
/// with a remark.
FailureOr<ElementsAttr> readParameter(ModuleCall &call, StringRef field) {
  ElementsAttr value = call.getTensorSlot(field);
  if (!value)
    return call.emitError() << "has no tensor buffer '" << field << "'",
           failure();
  Type fileType = getFileDtype(call, field);
  if (!fileType || fileType == value.getElementType())
    return value;
  FailureOr<bool> exact = nir::isExactlyConvertible(value, fileType);
  if (failed(exact))
    return call.emitError() << "cannot read the values of buffer '" << field
                            << "'",
           failure();
  if (!*exact) {
    emitRemark(call.getCall()->getLoc())
        << "parameter '" << field << "' of node '" << call.getNodeName()
        << "' was " << nir::getNumpyTypeName(fileType)
        << " in the raised file, but its values no longer fit it: written as "
        << nir::getNumpyTypeName(value.getElementType());
    return value;
  }
  return nir::convertParamType(value, fileType,
                               (call.getNodeName() + "." + field).str(),
                               kResourceThreshold);
}

/// A node whose parameters are the tensor buffers `fields`.
FailureOr<Signal> lowerTensorFields(ModuleCall &call, StringRef opName,
                                    ArrayRef<StringLiteral> fields) {
  OpBuilder &b = call.getBuilder();
  SmallVector<NamedAttribute> params;
  for (StringRef field : fields) {
    FailureOr<ElementsAttr> value = readParameter(call, field);
    if (failed(value))
      return failure();
    params.push_back(b.getNamedAttr(field, *value));
  }
  return createRaisedNode(call, opName, std::move(params));
}

std::optional<int64_t> intSlot(ModuleCall &call, StringRef name) {
  if (auto value = dyn_cast_or_null<IntegerAttr>(call.getConstant(name)))
    return value.getInt();
  return std::nullopt;
}

FailureOr<Signal> missingSlot(ModuleCall &call, StringRef name,
                              StringRef what) {
  return call.emitError() << "has no " << what << " slot '" << name << "'",
         failure();
}

FailureOr<Signal> lowerFlatten(ModuleCall &call) {
  OpBuilder &b = call.getBuilder();
  std::optional<int64_t> rank = intSlot(call, "input_rank");
  // start_dim / end_dim as the file had them; modules raised before they
  // were recorded have only the resolved start / end.
  std::optional<int64_t> start = intSlot(call, "start_dim");
  std::optional<int64_t> end = intSlot(call, "end_dim");
  if (!start)
    start = intSlot(call, "start");
  if (!end)
    end = intSlot(call, "end");
  if (!rank)
    return missingSlot(call, "input_rank", "int");
  if (!start)
    return missingSlot(call, "start", "int");
  if (!end)
    return missingSlot(call, "end", "int");
  const Signal &input = call.getInput();
  if (*rank != static_cast<int64_t>(input.shape.size()))
    return call.emitError() << "flattens an input of rank " << *rank
                            << " but receives rank " << input.shape.size(),
           failure();
  return createRaisedNode(
      call, nir::FlattenOp::getOperationName(),
      {b.getNamedAttr("start_dim", b.getI64IntegerAttr(*start)),
       b.getNamedAttr("end_dim", b.getI64IntegerAttr(*end)),
       b.getNamedAttr("input_type", b.getDenseI64ArrayAttr(input.shape))});
}

FailureOr<Signal> lowerConv(ModuleCall &call, unsigned spatial) {
  FailureOr<ElementsAttr> weight = readParameter(call, "weight");
  if (failed(weight))
    return failure();
  FailureOr<ElementsAttr> bias = readParameter(call, "bias");
  if (failed(bias))
    return failure();
  auto stride = lowering::getInts(call.getConstant("stride"), spatial);
  auto padding = lowering::getInts(call.getConstant("padding"), spatial);
  auto dilation = lowering::getInts(call.getConstant("dilation"), spatial);
  std::optional<int64_t> groups = intSlot(call, "groups");
  auto paddingStr =
      dyn_cast_or_null<StringAttr>(call.getConstant("padding_str"));
  if (!stride)
    return missingSlot(call, "stride", "int list");
  if (!padding)
    return missingSlot(call, "padding", "int list");
  if (!dilation)
    return missingSlot(call, "dilation", "int list");
  if (!groups)
    return missingSlot(call, "groups", "int");
  if (!paddingStr)
    return missingSlot(call, "padding_str", "str");
  // padding_str: "same"/"valid", or "" for the explicit amounts.
  FailureOr<lowering::NodeSpec> node = lowering::convNode(
      call.getBuilder(),
      {*weight, *bias, paddingStr, *padding, *stride, *dilation, *groups},
      call.getInput().shape, [&] { return call.emitError(); });
  if (failed(node))
    return failure();
  return createRaisedNode(call, node->opName, node->params);
}

FailureOr<Signal> lowerPool(ModuleCall &call, StringRef opName) {
  OpBuilder &b = call.getBuilder();
  auto kernel = lowering::getInts(call.getConstant("kernel_size"), 2);
  auto stride = lowering::getInts(call.getConstant("stride"), 2);
  auto padding = lowering::getInts(call.getConstant("padding"), 2);
  if (!kernel)
    return missingSlot(call, "kernel_size", "int list");
  if (!stride)
    return missingSlot(call, "stride", "int list");
  if (!padding)
    return missingSlot(call, "padding", "int list");
  return createRaisedNode(
      call, opName,
      {b.getNamedAttr("kernel_size", b.getDenseI64ArrayAttr(*kernel)),
               b.getNamedAttr("stride", b.getDenseI64ArrayAttr(*stride)),
               b.getNamedAttr("padding", b.getDenseI64ArrayAttr(*padding))});
}

} // namespace

void nirtorch::registerRaisedModuleMappings(ModuleMap &map) {
  // One builder per class of the table the raising emits them from.
  for (const raised::NodeClass &cls : raised::getNodeClasses()) {
    ModuleBuilder lower;
    switch (cls.fields) {
    case raised::Fields::Buffers:
      lower = [&cls](ModuleCall &call) {
        return lowerTensorFields(call, cls.opName, cls.buffers);
      };
      break;
    case raised::Fields::Flatten:
      lower = lowerFlatten;
      break;
    case raised::Fields::Conv1d:
      lower = [](ModuleCall &call) { return lowerConv(call, 1); };
      break;
    case raised::Fields::Conv2d:
      lower = [](ModuleCall &call) { return lowerConv(call, 2); };
      break;
    case raised::Fields::SumPool2d:
    case raised::Fields::AvgPool2d:
      lower = [&cls](ModuleCall &call) { return lowerPool(call, cls.opName); };
      break;
    }
    map.add(cls.qualifiedName(), std::move(lower));
  }
}

const ModuleMap &nirtorch::getRaisedModuleMap() {
  static const ModuleMap map = [] {
    ModuleMap raised;
    registerRaisedModuleMappings(raised);
    return raised;
  }();
  return map;
}
