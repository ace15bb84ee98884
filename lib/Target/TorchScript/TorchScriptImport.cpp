//===- TorchScriptImport.cpp - torch::jit::Module -> ts dialect -----------===//
//
// Walks the object tree of a TorchScript module (slots, class constants,
// methods) and the graphs of its methods and of the free functions they
// call, building the `ts` mirror op for op. Whatever the mirror cannot hold
// (shared tensors or submodules, non-module objects, nodes that are not
// registered operators, node attributes, named tuples...) is a diagnostic at
// the node's source line, never a silent loss.
//
//===----------------------------------------------------------------------===//

#include "TorchScriptCommon.h"
#include "ZipArchive.h"

#include "nirtorch/Dialect/TorchScript/TorchScriptOps.h"
#include "nirtorch/Target/TorchScript/TorchScript.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/MemoryBuffer.h"

#include <c10/core/CPUAllocator.h>
#include <caffe2/serialize/read_adapter_interface.h>
#include <torch/csrc/jit/api/function_impl.h>
#include <torch/csrc/jit/api/module.h>
#include <torch/csrc/jit/frontend/script_type_parser.h>
#include <torch/csrc/jit/ir/constants.h>
#include <torch/csrc/jit/ir/ir.h>
#include <torch/csrc/jit/ir/irparser.h>
#include <torch/csrc/jit/runtime/operator.h>
#include <torch/csrc/jit/serialization/import.h>

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>

using namespace mlir;
using namespace mlir::ts;
using mlir::ts::interop::catchTorchErrors;

namespace jit = torch::jit;

namespace {

/// libtorch's reader over an archive source: torch::jit::load reads each
/// record straight into its tensor's storage, so a file is not mapped or
/// copied whole while the tensors are built.
class SourceReadAdapter : public caffe2::serialize::ReadAdapterInterface {
public:
  explicit SourceReadAdapter(std::shared_ptr<interop::ArchiveSource> source)
      : source(std::move(source)) {}

  size_t size() const override { return source->size(); }

  size_t read(uint64_t pos, void *buf, size_t n,
              const char * /*what*/) const override {
    if (pos >= source->size())
      return 0;
    n = std::min<uint64_t>(n, source->size() - pos);
    // libtorch reports a short read as a failure.
    if (llvm::Error error = source->read(
            pos, MutableArrayRef<char>(static_cast<char *>(buf), n))) {
      llvm::consumeError(std::move(error));
      return 0;
    }
    return n;
  }

private:
  std::shared_ptr<interop::ArchiveSource> source;
};

class Importer;

/// Imports one graph (a method's or a function's) into a region.
class GraphImporter {
public:
  GraphImporter(Importer &importer, std::string scope)
      : importer(importer), scope(std::move(scope)) {}

  /// Fills `body` (whose arguments mirror the graph inputs) from `graph`.
  LogicalResult importBody(jit::Graph &graph, Block &body);

private:
  LogicalResult
  importBlock(jit::Block *block, Block &body,
              function_ref<void(OpBuilder &, Location, ValueRange)> terminate);
  LogicalResult importNode(jit::Node *node, OpBuilder &builder);
  LogicalResult importConstant(jit::Node *node, OpBuilder &builder,
                               Location loc);
  LogicalResult importGeneric(jit::Node *node, OpBuilder &builder, Location loc,
                              ValueRange operands, TypeRange resultTypes);
  FailureOr<SmallVector<Value>> lookupValues(jit::Node *node,
                                             at::ArrayRef<jit::Value *> values,
                                             Location loc);
  void mapResults(jit::Node *node, ValueRange results);

  Importer &importer;
  /// The NameLoc of every op: the object path and method, or the function.
  std::string scope;
  llvm::DenseMap<jit::Value *, Value> values;
  /// Function constants feeding prim::CallFunction.
  llvm::DenseMap<jit::Value *, jit::Function *> functionConstants;
};

/// The CPU allocations libtorch makes while it loads an archive, by start
/// address, with their sizes. libtorch 1.13 gives a tensor storage the byte
/// size its pickle claims but fills it from a record of whatever size the
/// zip holds; a record shorter than the claim leaves the storage reaching
/// past its allocation. The importer checks every storage against these.
class RecordingAllocator final : public c10::Allocator {
public:
  /// Installs itself as libtorch's CPU allocator until destroyed.
  RecordingAllocator() : base(c10::GetCPUAllocator()) {
    c10::SetCPUAllocator(this, /*priority=*/0);
  }
  ~RecordingAllocator() override { c10::SetCPUAllocator(base, 0); }

  c10::DataPtr allocate(size_t bytes) const override {
    c10::DataPtr data = base->allocate(bytes);
    std::lock_guard<std::mutex> lock(mutex);
    allocations[static_cast<const char *>(data.get())] = bytes;
    return data;
  }
  c10::DeleterFnPtr raw_deleter() const override { return base->raw_deleter(); }

  /// Whether [data, data + bytes) lies in one recorded allocation; true for
  /// memory allocated some other way (not recorded).
  bool covers(const void *data, size_t bytes) const {
    std::lock_guard<std::mutex> lock(mutex);
    auto start = static_cast<const char *>(data);
    auto it = allocations.upper_bound(start);
    if (it == allocations.begin())
      return true;
    --it;
    if (start >= it->first + it->second)
      return true;
    return size_t(start - it->first) + bytes <= it->second;
  }

private:
  c10::Allocator *base;
  mutable std::mutex mutex;
  mutable std::map<const char *, size_t> allocations;
};

class Importer {
public:
  /// With `aliasTensors`, the module is the importer's own (loaded from an
  /// archive) and its large tensors become blobs that share their storage.
  /// `loadAllocations`, when given, recorded the module's loading: every
  /// tensor storage must lie inside what was allocated for it.
  Importer(MLIRContext *context, Location fallback,
           const TorchScriptImportOptions &options, bool aliasTensors = false,
           const RecordingAllocator *loadAllocations = nullptr)
      : context(context), fallback(fallback), options(options),
        aliasTensors(aliasTensors), loadAllocations(loadAllocations),
        module(ModuleOp::create(fallback)) {
    context->loadDialect<TorchScriptDialect>();
  }

  FailureOr<OwningOpRef<ModuleOp>> importRoot(const jit::Module &root);
  FailureOr<OwningOpRef<ModuleOp>> importGraph(jit::Graph &graph,
                                               StringRef name);

  MLIRContext *getContext() { return context; }
  Location getFallbackLoc() { return fallback; }

  /// The location of `node`: the Python line TorchScript recorded (mapped
  /// back from serialized code through its debug info), wrapped in a NameLoc
  /// naming the method.
  Location getLocation(jit::Node *node, StringRef scope);

  /// The mirror of a TorchScript type, or null after a diagnostic.
  Type importType(const c10::TypePtr &type, Location loc);

  /// The attribute encoding of a value (see ts.constant). With a non-empty
  /// `slotPath`, tensors are slot values whose storage must not be shared.
  FailureOr<Attribute> importValue(const c10::IValue &value, Location loc,
                                   StringRef slotPath);

  /// The values of the prim::Constant nodes imported so far.
  llvm::DenseMap<jit::Node *, Attribute> &getConstantCache() {
    return constantCache;
  }

  /// The ts.function for `function`, imported on first use.
  FailureOr<FunctionOp> getOrImportFunction(jit::Function *function,
                                            Location loc);

private:
  LogicalResult importObject(const c10::intrusive_ptr<c10::ivalue::Object> &,
                             StringRef symbol, const std::string &path,
                             OpBuilder &builder);
  LogicalResult importSlots(const c10::intrusive_ptr<c10::ivalue::Object> &,
                            const std::string &path, OpBuilder &builder);
  LogicalResult importMethod(jit::Function *method, const std::string &path,
                             OpBuilder &builder);
  /// Builds the signature of `function` (a method when `self` is set).
  template <typename OpT>
  FailureOr<OpT> importFunctionLike(jit::Function *function, StringRef symbol,
                                    StringRef scope, OpBuilder &builder);
  FailureOr<Attribute> importTensor(const at::Tensor &tensor, Location loc,
                                    StringRef slotPath);

  MLIRContext *context;
  Location fallback;
  const TorchScriptImportOptions &options;
  bool aliasTensors;
  const RecordingAllocator *loadAllocations;
  OwningOpRef<ModuleOp> module;
  /// Objects and tensor storages already imported, by the path that holds
  /// them: the mirror is a tree of values and cannot express sharing.
  llvm::DenseMap<const void *, std::string> objectPaths;
  llvm::DenseMap<const void *, std::string> storagePaths;
  llvm::StringMap<FunctionOp> functions;
  llvm::StringSet<> functionsInProgress;
  llvm::DenseMap<jit::Node *, Attribute> constantCache;
};

} // namespace

//===----------------------------------------------------------------------===//
// Locations, types and values
//===----------------------------------------------------------------------===//

Location Importer::getLocation(jit::Node *node, StringRef scope) {
  Location loc = fallback;
  auto fileLoc = [&](const jit::SourceRange &range) -> std::optional<Location> {
    auto fileLineCol = range.file_line_col();
    if (!fileLineCol || std::get<0>(*fileLineCol).empty())
      return std::nullopt;
    auto [file, line, column] = *fileLineCol;
    // TorchScript counts columns from 0, MLIR from 1.
    return FileLineColLoc::get(context, file, line, column + 1);
  };
  const jit::SourceRange &range = node->sourceRange();
  // Loaded modules run recompiled code; its debug info maps each range back
  // to the user's source.
  if (auto original = range.findSourceRangeThatGenerated()) {
    if (auto found = fileLoc(*original))
      loc = *found;
  } else if (auto found = fileLoc(range)) {
    loc = *found;
  }
  return NameLoc::get(StringAttr::get(context, scope), loc);
}

Type Importer::importType(const c10::TypePtr &type, Location loc) {
  using c10::TypeKind;
  switch (type->kind()) {
  case TypeKind::TensorType: {
    auto tensor = type->expect<c10::TensorType>();
    Type dtype;
    if (c10::optional<c10::ScalarType> scalarType = tensor->scalarType()) {
      dtype = interop::getElementType(context, *scalarType);
      if (!dtype) {
        emitError(loc) << "tensor dtype " << c10::toString(*scalarType)
                       << " has no mirror";
        return {};
      }
    }
    std::optional<SmallVector<int64_t>> sizes;
    if (c10::optional<size_t> rank = tensor->sizes().size()) {
      sizes.emplace();
      for (size_t i = 0; i < *rank; ++i) {
        c10::optional<int64_t> size = tensor->sizes()[i];
        sizes->push_back(size ? *size : ShapedType::kDynamic);
      }
    }
    std::optional<ArrayRef<int64_t>> sizesRef;
    if (sizes)
      sizesRef = ArrayRef<int64_t>(*sizes);
    return ts::TensorType::get(context, sizesRef, dtype);
  }
  case TypeKind::IntType:
    return IntType::get(context);
  case TypeKind::FloatType:
    return ts::FloatType::get(context);
  case TypeKind::BoolType:
    return BoolType::get(context);
  case TypeKind::StringType:
    return StrType::get(context);
  case TypeKind::NoneType:
    return ts::NoneType::get(context);
  case TypeKind::DeviceObjType:
    return DeviceType::get(context);
  case TypeKind::TupleType: {
    auto tuple = type->expect<c10::TupleType>();
    SmallVector<Type> elements;
    for (const c10::TypePtr &element : tuple->elements()) {
      elements.push_back(importType(element, loc));
      if (!elements.back())
        return {};
    }
    if (!tuple->schema())
      return ts::TupleType::get(context, elements);
    // A NamedTuple class: its name, field names and trailing defaults.
    if (!tuple->name()) {
      emitError(loc) << "named tuple type '" << type->annotation_str()
                     << "' has no class name; the mirror holds NamedTuple "
                        "classes only";
      return {};
    }
    SmallVector<StringAttr> fieldNames;
    SmallVector<Attribute> defaults;
    for (const c10::Argument &field : tuple->schema()->arguments()) {
      fieldNames.push_back(StringAttr::get(context, field.name()));
      if (!field.default_value()) {
        if (defaults.empty())
          continue;
        emitError(loc) << "named tuple type '" << type->annotation_str()
                       << "' has a field without a default after one with "
                          "a default";
        return {};
      }
      FailureOr<Attribute> value =
          importValue(*field.default_value(), loc, "");
      if (failed(value))
        return {};
      defaults.push_back(*value);
    }
    return ts::TupleType::getChecked(
        [&] { return emitError(loc); }, context, ArrayRef<Type>(elements),
        StringAttr::get(context, tuple->name()->qualifiedName()),
        ArrayRef<StringAttr>(fieldNames),
        defaults.empty() ? ArrayAttr() : ArrayAttr::get(context, defaults));
  }
  case TypeKind::ListType: {
    Type element =
        importType(type->expect<c10::ListType>()->getElementType(), loc);
    return element ? ListType::get(context, element) : Type();
  }
  case TypeKind::DictType: {
    auto dict = type->expect<c10::DictType>();
    Type key = importType(dict->getKeyType(), loc);
    Type value = key ? importType(dict->getValueType(), loc) : Type();
    return value ? DictType::get(context, key, value) : Type();
  }
  case TypeKind::OptionalType: {
    Type element =
        importType(type->expect<c10::OptionalType>()->getElementType(), loc);
    return element ? OptionalType::get(context, element) : Type();
  }
  case TypeKind::ClassType: {
    auto classType = type->expect<c10::ClassType>();
    if (!classType->is_module()) {
      emitError(loc) << "objects of class '" << type->annotation_str()
                     << "' are not modules; the mirror holds only module "
                        "objects";
      return {};
    }
    return ModuleType::get(context, classType->name()->qualifiedName());
  }
  case TypeKind::InterfaceType:
  case TypeKind::FunctionType:
  case TypeKind::EnumType:
    emitError(loc) << "TorchScript type '" << type->annotation_str()
                   << "' is not supported by the mirror";
    return {};
  default:
    break;
  }
  // Anything else is held by its annotation, which must read back as the same
  // type on export.
  std::string annotation = type->annotation_str();
  c10::TypePtr parsed;
  try {
    parsed = jit::ScriptTypeParser().parseType(annotation);
  } catch (const std::exception &) {
  }
  if (!parsed || *parsed != *type) {
    emitError(loc) << "TorchScript type '" << annotation
                   << "' cannot be held as an opaque type: its annotation "
                      "does not read back as the same type";
    return {};
  }
  return ts::OpaqueType::get(context, annotation);
}

/// Why the elements `tensor` addresses (offset, sizes, strides) do not all
/// lie inside its storage, or "" when they do. A `.pt` file states the
/// storage's bytes and the view separately, and a hostile or damaged file
/// can make the view reach past the storage: reading it would read past the
/// buffer.
static std::string checkTensorInStorage(const at::Tensor &tensor) {
  if (tensor.numel() == 0)
    return "";
  uint64_t elementSize = tensor.element_size();
  uint64_t storageElements = tensor.storage().nbytes() / elementSize;
  int64_t offset = tensor.storage_offset();
  if (offset < 0)
    return "a negative storage offset";
  uint64_t last = uint64_t(offset);
  for (auto [size, stride] : llvm::zip(tensor.sizes(), tensor.strides())) {
    if (stride < 0)
      return "a negative stride";
    uint64_t step;
    if (__builtin_mul_overflow(uint64_t(size - 1), uint64_t(stride), &step) ||
        __builtin_add_overflow(last, step, &last))
      return "an extent that overflows";
  }
  if (last >= storageElements)
    return "element " + std::to_string(last) + " of a storage of " +
           std::to_string(storageElements) + " elements";
  return "";
}

FailureOr<Attribute> Importer::importTensor(const at::Tensor &tensor,
                                            Location loc, StringRef slotPath) {
  if (!tensor.defined())
    return emitError(loc) << "undefined tensor"
                          << (slotPath.empty() ? "" : " in '") << slotPath
                          << (slotPath.empty() ? "" : "'")
                          << " has no value to mirror";
  if (tensor.is_sparse() || tensor.is_quantized() || tensor.is_mkldnn() ||
      !tensor.device().is_cpu())
    return emitError(loc) << "tensor '" << slotPath
                          << "' is not a dense CPU tensor";
  if (!slotPath.empty()) {
    const void *storage = tensor.storage().unsafeGetStorageImpl();
    auto [it, inserted] = storagePaths.try_emplace(storage, slotPath.str());
    if (!inserted)
      return emitError(loc)
             << "tensor '" << slotPath << "' shares its storage with '"
             << it->second
             << "'; the mirror holds tensors by value and cannot express "
                "that they alias";
  }
  Type elementType = interop::getElementType(context, tensor.scalar_type());
  if (!elementType)
    return emitError(loc) << "tensor dtype "
                          << c10::toString(tensor.scalar_type())
                          << " has no mirror";
  auto type = RankedTensorType::get(
      SmallVector<int64_t>(tensor.sizes().begin(), tensor.sizes().end()),
      elementType);
  std::string why = checkTensorInStorage(tensor);
  if (why.empty() && loadAllocations &&
      !loadAllocations->covers(tensor.storage().data(),
                               tensor.storage().nbytes()))
    why = std::to_string(tensor.storage().nbytes()) +
          " bytes of storage, more than its record holds";
  if (!why.empty())
    return emitError(loc) << "tensor" << (slotPath.empty() ? "" : " '")
                          << slotPath << (slotPath.empty() ? "" : "'")
                          << " reaches past its storage (" << why
                          << "): the file is damaged";
  at::Tensor contiguous = tensor.contiguous();
  if (tensor.scalar_type() == c10::ScalarType::Bool) {
    const bool *data = contiguous.data_ptr<bool>();
    SmallVector<bool> values(data, data + contiguous.numel());
    return Attribute(DenseElementsAttr::get(type, values));
  }
  ArrayRef<char> raw(static_cast<const char *>(contiguous.data_ptr()),
                     contiguous.nbytes());
  if (raw.empty())
    return Attribute(DenseElementsAttr::get(type, ArrayRef<Attribute>()));
  if (raw.size() >= options.resourceThreshold) {
    // Resource keys are bare identifiers: `fc.weight`, `_0.weight`.
    std::string blobName;
    if (slotPath.empty() ||
        !(llvm::isAlpha(slotPath.front()) || slotPath.front() == '_'))
      blobName = slotPath.empty() ? "constant" : "_";
    for (char c : slotPath)
      blobName += llvm::isAlnum(c) || c == '_' || c == '.' ? c : '_';
    size_t alignment = contiguous.element_size();
    // A caller's module may change its tensors after the import, and a small
    // view must not pin a large storage: both are copied.
    bool alias = aliasTensors &&
                 2 * contiguous.nbytes() >= contiguous.storage().nbytes();
    if (!alias)
      return Attribute(DenseResourceElementsAttr::get(
          type, blobName,
          HeapAsmResourceBlob::allocateAndCopyWithAlign(raw, alignment)));
    // The blob keeps the tensor (its own or a contiguous copy) alive.
    // Immutable: other tensors (constants) may share the storage.
    return Attribute(DenseResourceElementsAttr::get(
        type, blobName,
        AsmResourceBlob(
            raw, alignment,
            [tensor = std::move(contiguous)](void *, size_t, size_t) {},
            /*dataIsMutable=*/false)));
  }
  return Attribute(DenseElementsAttr::getFromRawBuffer(type, raw));
}

FailureOr<Attribute> Importer::importValue(const c10::IValue &value,
                                           Location loc, StringRef slotPath) {
  Builder builder(context);
  if (value.isNone())
    return Attribute(NoneAttr::get(context));
  if (value.isBool())
    return Attribute(builder.getBoolAttr(value.toBool()));
  if (value.isInt())
    return Attribute(builder.getI64IntegerAttr(value.toInt()));
  if (value.isDouble())
    return Attribute(builder.getF64FloatAttr(value.toDouble()));
  if (value.isString())
    return Attribute(builder.getStringAttr(value.toStringRef()));
  if (value.isDevice())
    return Attribute(builder.getStringAttr(value.toDevice().str()));
  if (value.isTensor())
    return importTensor(value.toTensor(), loc, slotPath);
  auto importElements =
      [&](at::ArrayRef<c10::IValue> elements) -> FailureOr<Attribute> {
    SmallVector<Attribute> attrs;
    for (auto [index, element] : llvm::enumerate(elements)) {
      std::string path =
          slotPath.empty() ? "" : (slotPath + "[" + Twine(index) + "]").str();
      FailureOr<Attribute> attr = importValue(element, loc, path);
      if (failed(attr))
        return failure();
      attrs.push_back(*attr);
    }
    return Attribute(builder.getArrayAttr(attrs));
  };
  if (value.isTuple())
    return importElements(value.toTupleRef().elements());
  if (value.isList())
    return importElements(value.toListRef());
  if (value.isGenericDict()) {
    SmallVector<Attribute> pairs;
    for (const auto &item : value.toGenericDict()) {
      std::string key = slotPath.empty() ? "" : (slotPath + "[key]").str();
      std::string path = slotPath.empty() ? "" : (slotPath + "[value]").str();
      FailureOr<Attribute> keyAttr = importValue(item.key(), loc, key);
      if (failed(keyAttr))
        return failure();
      FailureOr<Attribute> valueAttr = importValue(item.value(), loc, path);
      if (failed(valueAttr))
        return failure();
      pairs.push_back(builder.getArrayAttr({*keyAttr, *valueAttr}));
    }
    return Attribute(builder.getArrayAttr(pairs));
  }
  return emitError(loc) << "value of kind '" << value.tagKind() << "'"
                        << (slotPath.empty() ? "" : " in '") << slotPath
                        << (slotPath.empty() ? "" : "'")
                        << " is not supported by the mirror";
}

//===----------------------------------------------------------------------===//
// Objects
//===----------------------------------------------------------------------===//

FailureOr<OwningOpRef<ModuleOp>> Importer::importRoot(const jit::Module &root) {
  OpBuilder builder = OpBuilder::atBlockEnd(module->getBody());
  if (failed(importObject(root._ivalue(), options.rootName, "", builder)))
    return failure();
  if (failed(verify(*module)))
    return failure();
  return std::move(module);
}

LogicalResult
Importer::importObject(const c10::intrusive_ptr<c10::ivalue::Object> &object,
                       StringRef symbol, const std::string &path,
                       OpBuilder &builder) {
  c10::ClassTypePtr classType = object->type();
  std::string displayPath =
      path.empty() ? "the root module" : "module '" + path + "'";
  auto [it, inserted] = objectPaths.try_emplace(object.get(), path);
  if (!inserted)
    return emitError(fallback)
           << displayPath << " is the same object as "
           << (it->second.empty() ? "the root module"
                                  : "module '" + it->second + "'")
           << "; the mirror is a tree and cannot share submodules";
  if (!classType->getForwardHooks().empty() ||
      !classType->getForwardPreHooks().empty())
    return emitError(fallback)
           << displayPath << " of class '" << classType->name()->qualifiedName()
           << "' has forward hooks, which the mirror does not hold";
  if (!classType->properties().empty())
    return emitError(fallback)
           << displayPath << " of class '" << classType->name()->qualifiedName()
           << "' has properties, which the mirror does not hold";

  Location loc = NameLoc::get(
      StringAttr::get(context, path.empty() ? symbol : StringRef(path)),
      fallback);
  auto op = builder.create<ScriptModuleOp>(loc, symbol,
                                           classType->name()->qualifiedName());
  OpBuilder bodyBuilder = OpBuilder::atBlockEnd(&op.getBody().front());
  if (failed(importSlots(object, path, bodyBuilder)))
    return failure();

  for (size_t i = 0, e = classType->numConstants(); i < e; ++i) {
    const std::string &name = classType->getConstantName(i);
    c10::IValue value = classType->getConstant(i);
    Type type = importType(value.type(), loc);
    if (!type)
      return failure();
    FailureOr<Attribute> attr = importValue(value, loc, "");
    if (failed(attr))
      return failure();
    bodyBuilder.create<ClassConstantOp>(loc, name, type, *attr);
  }

  for (jit::Function *method : classType->methods())
    if (failed(importMethod(method, path, bodyBuilder)))
      return failure();
  return success();
}

LogicalResult
Importer::importSlots(const c10::intrusive_ptr<c10::ivalue::Object> &object,
                      const std::string &path, OpBuilder &builder) {
  c10::ClassTypePtr classType = object->type();
  for (size_t i = 0, e = classType->numAttributes(); i < e; ++i) {
    const std::string &name = classType->getAttributeName(i);
    std::string slotPath = path.empty() ? name : path + "." + name;
    Location loc = NameLoc::get(StringAttr::get(context, slotPath), fallback);
    const c10::IValue &value = object->getSlot(i);
    if (value.isObject()) {
      if (!value.toObjectRef().type()->is_module())
        return emitError(loc)
               << "attribute '" << slotPath << "' holds an object of class '"
               << value.toObjectRef().type()->name()->qualifiedName()
               << "', which is not a module";
      if (failed(importObject(value.toObject(), name, slotPath, builder)))
        return failure();
      continue;
    }
    Type type = importType(classType->getAttribute(i), loc);
    if (!type)
      return failure();
    FailureOr<Attribute> attr = importValue(value, loc, slotPath);
    if (failed(attr))
      return failure();
    bool requiresGrad = value.isTensor() && value.toTensor().requires_grad();
    if (classType->is_parameter(i))
      builder.create<ParameterOp>(loc, name, type, *attr, requiresGrad);
    else if (classType->is_buffer(i))
      builder.create<BufferOp>(loc, name, type, *attr, requiresGrad);
    else
      builder.create<AttributeOp>(loc, name, type, *attr, requiresGrad);
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Methods and functions
//===----------------------------------------------------------------------===//

template <typename OpT>
FailureOr<OpT> Importer::importFunctionLike(jit::Function *function,
                                            StringRef symbol, StringRef scope,
                                            OpBuilder &builder) {
  Location loc = NameLoc::get(StringAttr::get(context, scope), fallback);
  if (!function->isGraphFunction())
    return emitError(loc) << "'" << function->qualname().qualifiedName()
                          << "' is not a TorchScript graph function";
  jit::GraphFunction &graphFunction = jit::toGraphFunction(*function);
  std::shared_ptr<jit::Graph> graph = graphFunction.graph();
  const c10::FunctionSchema &schema = function->getSchema();
  if (schema.is_vararg() || schema.is_varret())
    return emitError(loc) << "'" << scope
                          << "' has variadic arguments or results";
  if (schema.arguments().size() != graph->inputs().size() ||
      graph->outputs().size() != 1)
    return emitError(loc) << "the schema of '" << scope
                          << "' does not match its graph";

  SmallVector<Type> inputTypes;
  SmallVector<StringRef> argNames;
  SmallVector<Attribute> argAttrs;
  bool anyArgAttrs = false;
  for (auto [argument, input] :
       llvm::zip_equal(schema.arguments(), graph->inputs())) {
    Type type = importType(input->type(), loc);
    if (!type)
      return failure();
    inputTypes.push_back(type);
    argNames.push_back(argument.name());
    NamedAttrList attrs;
    if (const c10::optional<c10::IValue> &defaultValue =
            argument.default_value()) {
      FailureOr<Attribute> attr = importValue(*defaultValue, loc, "");
      if (failed(attr))
        return failure();
      attrs.set(TorchScriptDialect::getDefaultAttrName(), *attr);
    }
    // TorchScript code cannot declare them, so no archive holds them.
    if (argument.kwarg_only())
      return emitError(loc)
             << "argument '" << argument.name() << "' of '" << scope
             << "' is keyword-only, which TorchScript code "
                "cannot express";
    anyArgAttrs |= !attrs.empty();
    argAttrs.push_back(attrs.getDictionary(context));
  }
  Type resultType = importType(graph->outputs()[0]->type(), loc);
  if (!resultType)
    return failure();

  auto op = builder.create<OpT>(
      loc, symbol, FunctionType::get(context, inputTypes, resultType),
      argNames);
  if (anyArgAttrs)
    op.setArgAttrsAttr(ArrayAttr::get(context, argAttrs));
  GraphImporter graphImporter(*this, scope.str());
  if (failed(graphImporter.importBody(*graph, op.getBodyBlock())))
    return failure();
  return op;
}

LogicalResult Importer::importMethod(jit::Function *method,
                                     const std::string &path,
                                     OpBuilder &builder) {
  std::string scope =
      path.empty() ? method->name() : path + "." + method->name();
  return importFunctionLike<MethodOp>(method, method->name(), scope, builder);
}

FailureOr<FunctionOp> Importer::getOrImportFunction(jit::Function *function,
                                                    Location loc) {
  std::string name = function->qualname().qualifiedName();
  if (FunctionOp existing = functions.lookup(name))
    return existing;
  if (!functionsInProgress.insert(name).second)
    return emitError(loc) << "function '" << name << "' is recursive";
  OpBuilder builder = OpBuilder::atBlockEnd(module->getBody());
  FailureOr<FunctionOp> op =
      importFunctionLike<FunctionOp>(function, name, name, builder);
  functionsInProgress.erase(name);
  if (failed(op))
    return failure();
  functions[name] = *op;
  return op;
}

FailureOr<OwningOpRef<ModuleOp>> Importer::importGraph(jit::Graph &graph,
                                                       StringRef name) {
  SmallVector<Type> inputTypes;
  SmallVector<std::string> names;
  llvm::StringSet<> used;
  for (jit::Value *input : graph.inputs()) {
    Type type = importType(input->type(), fallback);
    if (!type)
      return failure();
    inputTypes.push_back(type);
    // Graph text names values like `x.1`; an argument name is an identifier.
    std::string base = input->hasDebugName() ? input->debugNameBase() : "arg";
    std::string unique = base;
    for (int suffix = 1; !used.insert(unique).second; ++suffix)
      unique = base + "_" + std::to_string(suffix);
    names.push_back(unique);
  }
  if (graph.outputs().size() != 1)
    return emitError(fallback)
           << "a TorchScript function graph returns exactly one value, this "
              "one returns "
           << graph.outputs().size();
  Type resultType = importType(graph.outputs()[0]->type(), fallback);
  if (!resultType)
    return failure();
  OpBuilder builder = OpBuilder::atBlockEnd(module->getBody());
  SmallVector<StringRef> nameRefs(names.begin(), names.end());
  auto op = builder.create<FunctionOp>(
      NameLoc::get(StringAttr::get(context, name), fallback), name,
      FunctionType::get(context, inputTypes, resultType), nameRefs);
  functions[name] = op;
  GraphImporter graphImporter(*this, name.str());
  if (failed(graphImporter.importBody(graph, op.getBodyBlock())))
    return failure();
  if (failed(verify(*module)))
    return failure();
  return std::move(module);
}

//===----------------------------------------------------------------------===//
// Graphs
//===----------------------------------------------------------------------===//

LogicalResult GraphImporter::importBody(jit::Graph &graph, Block &body) {
  for (auto [input, argument] :
       llvm::zip_equal(graph.inputs(), body.getArguments()))
    values[input] = argument;
  return importBlock(graph.block(), body,
                     [](OpBuilder &builder, Location loc, ValueRange results) {
                       builder.create<ReturnOp>(loc, results);
                     });
}

FailureOr<SmallVector<Value>>
GraphImporter::lookupValues(jit::Node *node, at::ArrayRef<jit::Value *> inputs,
                            Location loc) {
  SmallVector<Value> operands;
  for (jit::Value *input : inputs) {
    Value value = values.lookup(input);
    if (!value) {
      if (functionConstants.count(input))
        return emitError(loc) << "'" << node->kind().toQualString()
                              << "' uses a function value, which only "
                                 "prim::CallFunction may call";
      return emitError(loc) << "'" << node->kind().toQualString()
                            << "' uses a value that was not imported";
    }
    operands.push_back(value);
  }
  return operands;
}

void GraphImporter::mapResults(jit::Node *node, ValueRange results) {
  for (auto [output, result] : llvm::zip_equal(node->outputs(), results))
    values[output] = result;
}

LogicalResult GraphImporter::importBlock(
    jit::Block *block, Block &body,
    function_ref<void(OpBuilder &, Location, ValueRange)> terminate) {
  OpBuilder builder = OpBuilder::atBlockEnd(&body);
  for (jit::Node *node : block->nodes()) {
    // Report libtorch's complaints about a node at its source line.
    LogicalResult imported = failure();
    try {
      imported = importNode(node, builder);
    } catch (const std::exception &error) {
      return emitError(importer.getLocation(node, scope))
             << "cannot import '" << node->kind().toQualString()
             << "': " << interop::describeException(error);
    }
    if (failed(imported))
      return failure();
  }
  // A block's outputs have no source of their own; its owner (prim::If or
  // prim::Loop) does.
  jit::Node *owner = block->owningNode();
  Location loc =
      importer.getLocation(owner ? owner : block->return_node(), scope);
  FailureOr<SmallVector<Value>> results =
      lookupValues(block->return_node(), block->outputs(), loc);
  if (failed(results))
    return failure();
  terminate(builder, loc, *results);
  return success();
}

LogicalResult GraphImporter::importConstant(jit::Node *node, OpBuilder &builder,
                                            Location loc) {
  jit::Value *output = node->output();
  if (auto function = output->type()->cast<c10::FunctionType>()) {
    functionConstants[output] = function->function();
    return success();
  }
  c10::optional<c10::IValue> value = jit::toIValue(output);
  if (!value)
    return emitError(loc) << "prim::Constant of type '"
                          << output->type()->annotation_str()
                          << "' has no value the mirror can hold";
  Type type = importer.importType(output->type(), loc);
  if (!type)
    return failure();
  // Objects of one class share their method graphs: reuse the attribute so
  // that their copies of a method stay identical (and big tensors are held
  // once).
  Attribute &attr = importer.getConstantCache()[node];
  if (!attr) {
    FailureOr<Attribute> imported = importer.importValue(*value, loc, "");
    if (failed(imported))
      return failure();
    attr = *imported;
  }
  mapResults(node, builder.create<ConstantOp>(loc, type, attr)->getResults());
  return success();
}

LogicalResult GraphImporter::importNode(jit::Node *node, OpBuilder &builder) {
  Location loc = importer.getLocation(node, scope);
  if (node->kind() == c10::prim::Constant)
    return importConstant(node, builder, loc);

  SmallVector<Type> resultTypes;
  for (jit::Value *output : node->outputs()) {
    resultTypes.push_back(importer.importType(output->type(), loc));
    if (!resultTypes.back())
      return failure();
  }

  if (node->kind() == c10::prim::CallFunction) {
    jit::Function *function = functionConstants.lookup(node->input(0));
    if (!function)
      return emitError(loc) << "prim::CallFunction of a function value that "
                               "is not a constant";
    FailureOr<SmallVector<Value>> arguments =
        lookupValues(node, node->inputs().slice(1), loc);
    if (failed(arguments))
      return failure();
    FailureOr<FunctionOp> callee = importer.getOrImportFunction(function, loc);
    if (failed(callee))
      return failure();
    mapResults(node, builder
                         .create<CallFunctionOp>(
                             loc, resultTypes.front(),
                             FlatSymbolRefAttr::get(callee->getSymNameAttr()),
                             *arguments)
                         ->getResults());
    return success();
  }

  FailureOr<SmallVector<Value>> operands =
      lookupValues(node, node->inputs(), loc);
  if (failed(operands))
    return failure();
  ValueRange inputs = *operands;
  Operation *op = nullptr;
  switch (node->kind()) {
  case c10::prim::GetAttr:
    op = builder.create<GetAttrOp>(loc, resultTypes.front(), inputs[0],
                                   node->s(c10::attr::name));
    break;
  case c10::prim::SetAttr:
    op = builder.create<SetAttrOp>(loc, inputs[0], node->s(c10::attr::name),
                                   inputs[1]);
    break;
  case c10::prim::CallMethod:
    op = builder.create<CallMethodOp>(loc, resultTypes.front(), inputs[0],
                                      node->s(c10::attr::name),
                                      inputs.drop_front());
    break;
  case c10::prim::TupleConstruct:
    op = builder.create<TupleConstructOp>(loc, resultTypes.front(), inputs);
    break;
  case c10::prim::TupleUnpack:
    op = builder.create<TupleUnpackOp>(loc, resultTypes, inputs[0]);
    break;
  case c10::prim::ListConstruct:
    op = builder.create<ListConstructOp>(loc, resultTypes.front(), inputs);
    break;
  case c10::prim::ListUnpack:
    op = builder.create<ListUnpackOp>(loc, resultTypes, inputs[0]);
    break;
  case c10::prim::DictConstruct:
    op = builder.create<DictConstructOp>(loc, resultTypes.front(), inputs);
    break;
  case c10::prim::If: {
    auto ifOp = builder.create<IfOp>(loc, resultTypes, inputs[0]);
    auto yield = [](OpBuilder &b, Location l, ValueRange results) {
      b.create<YieldOp>(l, results);
    };
    for (auto [block, region] :
         llvm::zip_equal(node->blocks(), ifOp->getRegions())) {
      Block &body = region.emplaceBlock();
      if (failed(importBlock(block, body, yield)))
        return failure();
    }
    op = ifOp;
    break;
  }
  case c10::prim::Loop: {
    auto loopOp = builder.create<LoopOp>(loc, resultTypes, inputs[0], inputs[1],
                                         inputs.drop_front(2));
    jit::Block *block = node->blocks()[0];
    Block &body = loopOp.getBody().emplaceBlock();
    for (jit::Value *argument : block->inputs()) {
      Type type = importer.importType(argument->type(), loc);
      if (!type)
        return failure();
      values[argument] = body.addArgument(type, loc);
    }
    auto condition = [](OpBuilder &b, Location l, ValueRange results) {
      b.create<ConditionOp>(l, results.front(), results.drop_front());
    };
    if (failed(importBlock(block, body, condition)))
      return failure();
    op = loopOp;
    break;
  }
  default:
    return importGeneric(node, builder, loc, inputs, resultTypes);
  }
  mapResults(node, op->getResults());
  return success();
}

LogicalResult GraphImporter::importGeneric(jit::Node *node, OpBuilder &builder,
                                           Location loc, ValueRange operands,
                                           TypeRange resultTypes) {
  std::string kind = node->kind().toQualString();
  if (!node->blocks().empty())
    return emitError(loc) << "'" << kind
                          << "' has nested blocks, which only prim::If and "
                             "prim::Loop may have in the mirror";
  // The registry, not the graph text, decides what an operator is: graph
  // parsers accept any name.
  const c10::FunctionSchema *schema = node->maybeSchema();
  if (!schema) {
    if (jit::getAllOperatorsFor(node->kind()).empty())
      return emitError(loc) << "'" << kind
                            << "' is not a registered TorchScript operator; "
                               "the mirror cannot hold it";
    InFlightDiagnostic diag = emitError(loc) << "no overload of '" << kind
                                             << "' accepts operand types (";
    llvm::interleaveComma(node->inputs(), diag, [&](jit::Value *input) {
      diag << input->type()->annotation_str();
    });
    return diag << "); the mirror cannot hold it";
  }
  if (node->numAttributes() != 0) {
    InFlightDiagnostic diag = emitError(loc)
                              << "'" << kind << "' carries node attributes (";
    llvm::interleaveComma(node->attributeNames(), diag, [&](c10::Symbol name) {
      diag << name.toUnqualString();
    });
    diag << ") that the mirror cannot hold";
    return diag;
  }
  if (schema->returns().size() != resultTypes.size() && !schema->is_varret())
    return emitError(loc) << "'" << kind << "' has " << resultTypes.size()
                          << " results but its schema returns "
                          << schema->returns().size();
  auto op = builder.create<OperatorOp>(loc, resultTypes, schema->name(),
                                       schema->overload_name(), operands);
  mapResults(node, op->getResults());
  return success();
}

//===----------------------------------------------------------------------===//
// Entry points
//===----------------------------------------------------------------------===//

/// Imports `module`; see Importer for `aliasTensors`.
static FailureOr<OwningOpRef<ModuleOp>>
importModule(const jit::Module &module, MLIRContext *context, Location location,
             const TorchScriptImportOptions &options, bool aliasTensors,
             const RecordingAllocator *loadAllocations = nullptr) {
  return catchTorchErrors(location, "cannot import TorchScript module: ",
                          [&]() -> FailureOr<OwningOpRef<ModuleOp>> {
                            Importer importer(context, location, options,
                                              aliasTensors, loadAllocations);
                            return importer.importRoot(module);
                          });
}

FailureOr<OwningOpRef<ModuleOp>>
ts::importTorchScript(const jit::Module &module, MLIRContext *context,
                      Location location,
                      const TorchScriptImportOptions &options) {
  // The caller keeps the module and may change its tensors: copy them.
  return importModule(module, context, location, options,
                      /*aliasTensors=*/false);
}

/// Checks the archive in `source` and loads it with libtorch, then imports
/// the module with its large tensors aliased.
static FailureOr<OwningOpRef<ModuleOp>>
importArchive(std::shared_ptr<interop::ArchiveSource> source, Location location,
              MLIRContext *context, const TorchScriptImportOptions &options) {
  // libtorch does not check record CRCs: corrupt tensor data would load.
  llvm::Expected<std::vector<std::string>> records =
      interop::checkZipArchive(*source);
  if (!records)
    return emitError(location) << "not a TorchScript module: "
                               << llvm::toString(records.takeError());
  if (llvm::none_of(*records,
                    [](StringRef name) { return name.contains("/code/"); }))
    return emitError(location)
           << "not a TorchScript module: the archive holds no code "
              "(torch.save writes archives of tensors and state dicts; "
              "torch.jit.save writes modules)";
  // Every record lives under the archive's one top-level folder.
  StringRef folder = StringRef(records->front()).split('/').first;
  for (StringRef required : {"version", "data.pkl", "constants.pkl"}) {
    std::string record = (folder + "/" + required).str();
    if (!llvm::is_contained(*records, record))
      return emitError(location) << "not a TorchScript module: the archive "
                                    "lacks the record '"
                                 << record << "'";
  }
  std::optional<jit::Module> module;
  // Installed while loading and importing: the import checks every tensor
  // storage against the allocation that libtorch made for it.
  RecordingAllocator allocations;
  LogicalResult loaded = catchTorchErrors(
      location, "not a TorchScript module: ", [&]() -> LogicalResult {
        module = jit::load(std::make_shared<SourceReadAdapter>(source));
        return success();
      });
  source->release();
  source.reset();
  if (failed(loaded))
    return failure();
  // The module is ours: its tensors can back the blobs.
  return importModule(*module, context, location, options,
                      /*aliasTensors=*/true, &allocations);
}

FailureOr<OwningOpRef<ModuleOp>>
ts::importTorchScript(llvm::MemoryBufferRef buffer, MLIRContext *context,
                      const TorchScriptImportOptions &options) {
  Location location =
      FileLineColLoc::get(context, buffer.getBufferIdentifier(), 0, 0);
  return importArchive(
      std::make_shared<interop::MemoryArchiveSource>(buffer.getBuffer()),
      location, context, options);
}

FailureOr<OwningOpRef<ModuleOp>>
ts::importTorchScript(llvm::MemoryBuffer &buffer, MLIRContext *context,
                      const TorchScriptImportOptions &options) {
  Location location =
      FileLineColLoc::get(context, buffer.getBufferIdentifier(), 0, 0);
  return importArchive(std::make_shared<interop::MemoryArchiveSource>(
                           buffer.getBuffer(), &buffer),
                       location, context, options);
}

FailureOr<OwningOpRef<ModuleOp>>
ts::importTorchScriptFile(StringRef path, MLIRContext *context,
                          const TorchScriptImportOptions &options) {
  Location location = FileLineColLoc::get(context, path, 0, 0);
  // Pipes and devices have no size to read at offsets: read them whole.
  llvm::sys::fs::file_status status;
  if (!llvm::sys::fs::status(path, status) &&
      status.type() != llvm::sys::fs::file_type::regular_file &&
      status.type() != llvm::sys::fs::file_type::directory_file) {
    llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
        llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                    /*RequiresNullTerminator=*/false);
    if (!buffer)
      return emitError(location)
             << "cannot open '" << path << "': " << buffer.getError().message();
    return importTorchScript(**buffer, context, options);
  }
  // Read in chunks through the page cache: checking the archive does not
  // make it resident, and libtorch reads each record into its tensor.
  llvm::Expected<std::unique_ptr<interop::FileArchiveSource>> source =
      interop::FileArchiveSource::open(path);
  if (!source)
    return emitError(location) << "cannot open '" << path
                               << "': " << llvm::toString(source.takeError());
  return importArchive(std::move(*source), location, context, options);
}

FailureOr<OwningOpRef<ModuleOp>>
ts::importTorchScriptGraph(llvm::MemoryBufferRef buffer, MLIRContext *context,
                           StringRef functionName) {
  Location location =
      FileLineColLoc::get(context, buffer.getBufferIdentifier(), 0, 0);
  return catchTorchErrors(location, "cannot import TorchScript graph: ",
                          [&]() -> FailureOr<OwningOpRef<ModuleOp>> {
                            auto graph = std::make_shared<jit::Graph>();
                            jit::parseIR(buffer.getBuffer().str(), graph.get(),
                                         /*parse_tensor_constants=*/true);
                            TorchScriptImportOptions options;
                            Importer importer(context, location, options);
                            return importer.importGraph(*graph, functionName);
                          });
}
