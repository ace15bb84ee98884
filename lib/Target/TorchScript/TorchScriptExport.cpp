//===- TorchScriptExport.cpp - ts dialect -> torch::jit::Module -----------===//
//
// Rebuilds the TorchScript classes, objects and graphs that `ts` IR mirrors:
// one ClassType per class name (its methods come from the first object of
// the class; every other object must carry the same methods), objects with
// their slots in order, and each method graph node for op. Operators are
// checked against the registry again, so IR built or rewritten by passes
// cannot produce a module that fails only when torch.jit.load recompiles it.
//
//===----------------------------------------------------------------------===//

#include "TorchScriptCommon.h"

#include "nirtorch/Dialect/TorchScript/TorchScriptOps.h"
#include "nirtorch/Support/AtomicOutput.h"
#include "nirtorch/Target/TorchScript/TorchScript.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/OperationSupport.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/raw_ostream.h"

#include <ATen/ops/empty.h>
#include <ATen/ops/from_blob.h>
#include <torch/csrc/jit/api/function_impl.h>
#include <torch/csrc/jit/api/module.h>
#include <torch/csrc/jit/frontend/script_type_parser.h>
#include <torch/csrc/jit/frontend/source_range.h>
#include <torch/csrc/jit/ir/ir.h>
#include <torch/csrc/jit/runtime/operator.h>

#include <cstring>
#include <fstream>
#include <sstream>

using namespace mlir;
using namespace mlir::ts;
using mlir::ts::interop::catchTorchErrors;

namespace jit = torch::jit;

namespace {

using ValueMap = llvm::DenseMap<Value, jit::Value *>;

/// Methods with more ops than this are not linted on export (lint is
/// quadratic; torch.jit.load checks the code anyway).
constexpr size_t kMaxLintedOps = 20000;

class Exporter {
public:
  /// With `borrowResources`, tensors of `dense_resource` blobs point at the
  /// blob data instead of copying it: only for a module that is saved and
  /// dropped while the IR (and its context) is alive.
  explicit Exporter(bool borrowResources = false)
      : unit(std::make_shared<jit::CompilationUnit>()),
        borrowResources(borrowResources) {}

  /// The module for the object tree rooted at `root`.
  FailureOr<jit::Module> exportRoot(ScriptModuleOp root);

private:
  /// The object `op` with its slots; its class is created on first sight and
  /// defined by defineClass once every class exists.
  FailureOr<jit::Module> exportObject(ScriptModuleOp op);
  /// Adds the constants and methods of `op`'s class.
  LogicalResult defineClass(ScriptModuleOp op);
  c10::TypePtr exportType(Type type, Location loc);
  /// The NamedTuple class of `tuple`, created and registered on first use.
  c10::TypePtr exportNamedTupleType(ts::TupleType tuple,
                                    std::vector<c10::TypePtr> elements,
                                    Location loc);
  FailureOr<c10::IValue> exportValue(Attribute value, Type type,
                                     bool requiresGrad, Location loc);
  FailureOr<at::Tensor> exportTensor(ElementsAttr value, bool requiresGrad,
                                     Location loc);
  LogicalResult checkSameMethods(ScriptModuleOp first, ScriptModuleOp other);

  template <typename OpT>
  FailureOr<std::shared_ptr<jit::Graph>> exportGraph(OpT op);
  template <typename OpT>
  FailureOr<c10::FunctionSchema> exportSchema(OpT op, StringRef name);
  FailureOr<jit::Function *> getOrExportFunction(FunctionOp op);

  LogicalResult exportBlock(Block &body, jit::Block *block, jit::Graph &graph,
                            ValueMap &values);
  LogicalResult exportOp(Operation &op, jit::Graph &graph, ValueMap &values);
  FailureOr<std::vector<jit::Value *>> lookup(ValueRange values, ValueMap &map);
  LogicalResult setOutputTypes(jit::Node *node, Operation &op);
  /// The TorchScript source range of `loc`, so that the saved debug info
  /// (and a re-import) points at the same Python line.
  std::optional<jit::SourceRange> getSourceRange(Location loc);

  std::shared_ptr<jit::CompilationUnit> unit;
  /// Class types by name, with the object whose methods define them.
  llvm::StringMap<std::pair<c10::ClassTypePtr, ScriptModuleOp>> classes;
  /// NamedTuple classes by name, with the mirror type that defined them.
  llvm::StringMap<std::pair<c10::TupleTypePtr, ts::TupleType>> namedTuples;
  /// The first object of each class, in tree order.
  SmallVector<ScriptModuleOp> classDefinitions;
  llvm::StringMap<jit::Function *> functions;
  llvm::StringSet<> functionsInProgress;
  bool borrowResources;
};

} // namespace

//===----------------------------------------------------------------------===//
// Types and values
//===----------------------------------------------------------------------===//

c10::TypePtr Exporter::exportNamedTupleType(ts::TupleType tuple,
                                            std::vector<c10::TypePtr> elements,
                                            Location loc) {
  StringRef name = tuple.getName().getValue();
  auto it = namedTuples.find(name);
  if (it != namedTuples.end()) {
    if (it->second.second == tuple)
      return it->second.first;
    emitError(loc) << "NamedTuple class '" << name << "' has two definitions: "
                   << it->second.second << " and " << tuple;
    return nullptr;
  }
  std::vector<std::string> fieldNames;
  for (StringAttr field : tuple.getFieldNames())
    fieldNames.push_back(field.str());
  std::vector<c10::IValue> defaults;
  if (ArrayAttr values = tuple.getFieldDefaults()) {
    size_t first = elements.size() - values.size();
    for (auto [index, value] : llvm::enumerate(values)) {
      FailureOr<c10::IValue> exported = exportValue(
          value, tuple.getElementTypes()[first + index], false, loc);
      if (failed(exported))
        return nullptr;
      defaults.push_back(*exported);
    }
  }
  c10::TupleTypePtr type;
  if (failed(catchTorchErrors(
          loc, "cannot export NamedTuple class: ", [&]() -> LogicalResult {
            type = c10::TupleType::createNamed(c10::QualifiedName(name.str()),
                                               fieldNames, elements, defaults);
            unit->register_type(type);
            return success();
          })))
    return nullptr;
  namedTuples[name] = {type, tuple};
  return type;
}

c10::TypePtr Exporter::exportType(Type type, Location loc) {
  auto recurse = [&](Type element) { return exportType(element, loc); };
  return llvm::TypeSwitch<Type, c10::TypePtr>(type)
      .Case([&](ts::TensorType tensor) -> c10::TypePtr {
        if (!tensor.hasSizes() && !tensor.hasDtype())
          return c10::TensorType::get();
        c10::optional<c10::ScalarType> dtype;
        if (tensor.hasDtype())
          if (std::optional<c10::ScalarType> known =
                  interop::getScalarType(tensor.getDtype()))
            dtype = *known;
        c10::VaryingShape<int64_t> sizes;
        if (std::optional<ArrayRef<int64_t>> dims = tensor.getSizes()) {
          std::vector<c10::optional<int64_t>> known;
          for (int64_t dim : *dims)
            known.push_back(ShapedType::isDynamic(dim)
                                ? c10::nullopt
                                : c10::optional<int64_t>(dim));
          sizes = c10::VaryingShape<int64_t>(known);
        }
        return c10::TensorType::create(dtype, /*device=*/c10::nullopt, sizes,
                                       c10::VaryingShape<int64_t>(sizes.size()),
                                       /*requires_grad=*/c10::nullopt);
      })
      .Case([](IntType) { return c10::IntType::get(); })
      .Case([](ts::FloatType) { return c10::FloatType::get(); })
      .Case([](BoolType) { return c10::BoolType::get(); })
      .Case([](StrType) { return c10::StringType::get(); })
      .Case([](ts::NoneType) { return c10::NoneType::get(); })
      .Case([](DeviceType) { return c10::DeviceObjType::get(); })
      .Case([&](ts::TupleType tuple) -> c10::TypePtr {
        std::vector<c10::TypePtr> elements;
        for (Type element : tuple.getElementTypes()) {
          elements.push_back(recurse(element));
          if (!elements.back())
            return nullptr;
        }
        if (!tuple.isNamed())
          return c10::TupleType::create(std::move(elements));
        return exportNamedTupleType(tuple, std::move(elements), loc);
      })
      .Case([&](ListType list) -> c10::TypePtr {
        c10::TypePtr element = recurse(list.getElementType());
        return element ? c10::ListType::create(element) : nullptr;
      })
      .Case([&](DictType dict) -> c10::TypePtr {
        c10::TypePtr key = recurse(dict.getKeyType());
        c10::TypePtr value = key ? recurse(dict.getValueType()) : nullptr;
        return value ? c10::DictType::create(key, value) : nullptr;
      })
      .Case([&](OptionalType optional) -> c10::TypePtr {
        c10::TypePtr element = recurse(optional.getElementType());
        return element ? c10::OptionalType::create(element) : nullptr;
      })
      .Case([&](ModuleType module) -> c10::TypePtr {
        auto it = classes.find(module.getClassName());
        if (it == classes.end()) {
          emitError(loc) << "class '" << module.getClassName()
                         << "' is not the class of any module object being "
                            "exported";
          return nullptr;
        }
        return it->second.first;
      })
      .Case([&](ts::OpaqueType opaque) -> c10::TypePtr {
        std::string annotation = opaque.getAnnotation().str();
        c10::TypePtr parsed;
        try {
          parsed = jit::ScriptTypeParser().parseType(annotation);
        } catch (const std::exception &error) {
          emitError(loc) << "opaque type '" << annotation
                         << "' is not a TorchScript type annotation: "
                         << interop::describeException(error);
          return nullptr;
        }
        return parsed;
      })
      .Default([&](Type) -> c10::TypePtr {
        emitError(loc) << "type " << type << " is not a TorchScript type";
        return nullptr;
      });
}

FailureOr<at::Tensor> Exporter::exportTensor(ElementsAttr value,
                                             bool requiresGrad, Location loc) {
  auto type = llvm::cast<RankedTensorType>(value.getType());
  std::optional<c10::ScalarType> dtype =
      interop::getScalarType(type.getElementType());
  if (!dtype)
    return emitError(loc) << "element type " << type.getElementType()
                          << " is not a TorchScript dtype";
  std::vector<int64_t> shape(type.getShape().begin(), type.getShape().end());
  auto options = at::TensorOptions().dtype(*dtype);
  // Large weights are resource blobs: a module that is only saved can use
  // their bytes in place (a copy would double the peak memory).
  if (auto resource = llvm::dyn_cast<DenseResourceElementsAttr>(value);
      resource && borrowResources && !type.getElementType().isInteger(1)) {
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    size_t elementBytes = c10::elementSize(*dtype);
    // The bytes the type claims, computed without wrapping: a blob of 0
    // bytes must not back a tensor<2^62xf32> (4 * 2^62 wraps to 0).
    uint64_t typeBytes = elementBytes;
    bool fits = llvm::all_of(type.getShape(), [&](int64_t extent) {
      return extent >= 0 &&
             !__builtin_mul_overflow(typeBytes, uint64_t(extent), &typeBytes);
    });
    if (blob && fits && blob->getData().size() == typeBytes &&
        reinterpret_cast<uintptr_t>(blob->getData().data()) % elementBytes ==
            0) {
      at::Tensor tensor =
          at::from_blob(const_cast<char *>(blob->getData().data()), shape,
                        options);
      if (requiresGrad)
        tensor.set_requires_grad(true);
      return tensor;
    }
  }
  at::Tensor tensor = at::empty(shape, options);
  size_t numBytes = tensor.nbytes();
  char *data = static_cast<char *>(tensor.data_ptr());
  if (auto dense = llvm::dyn_cast<DenseElementsAttr>(value)) {
    if (type.getElementType().isInteger(1)) {
      for (auto [index, element] : llvm::enumerate(dense.getValues<bool>()))
        reinterpret_cast<bool *>(data)[index] = element;
    } else if (numBytes != 0) {
      ArrayRef<char> raw = dense.getRawData();
      if (dense.isSplat()) {
        size_t elementBytes = tensor.element_size();
        for (size_t offset = 0; offset < numBytes; offset += elementBytes)
          std::memcpy(data + offset, raw.data(), elementBytes);
      } else {
        std::memcpy(data, raw.data(), numBytes);
      }
    }
  } else if (auto resource = llvm::dyn_cast<DenseResourceElementsAttr>(value)) {
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob)
      return emitError(loc)
             << "tensor data '" << resource.getRawHandle().getKey()
             << "' is missing (elided or never set)";
    ArrayRef<char> raw = blob->getData();
    if (raw.size() != numBytes)
      return emitError(loc)
             << "tensor data '" << resource.getRawHandle().getKey() << "' has "
             << raw.size() << " bytes where " << type << " needs " << numBytes;
    if (numBytes != 0)
      std::memcpy(data, raw.data(), numBytes);
  } else {
    return emitError(loc) << "cannot read the data of " << value;
  }
  if (requiresGrad)
    tensor.set_requires_grad(true);
  return tensor;
}

FailureOr<c10::IValue> Exporter::exportValue(Attribute value, Type type,
                                             bool requiresGrad, Location loc) {
  if (llvm::isa<NoneAttr>(value))
    return c10::IValue();
  if (auto optional = llvm::dyn_cast<OptionalType>(type))
    type = optional.getElementType();
  if (auto boolean = llvm::dyn_cast<BoolAttr>(value))
    return c10::IValue(boolean.getValue());
  if (auto integer = llvm::dyn_cast<IntegerAttr>(value))
    return c10::IValue(integer.getValue().getSExtValue());
  if (auto real = llvm::dyn_cast<FloatAttr>(value))
    return c10::IValue(real.getValueAsDouble());
  if (auto string = llvm::dyn_cast<StringAttr>(value)) {
    if (llvm::isa<DeviceType>(type))
      return c10::IValue(c10::Device(string.str()));
    return c10::IValue(string.str());
  }
  if (auto elements = llvm::dyn_cast<ElementsAttr>(value)) {
    FailureOr<at::Tensor> tensor = exportTensor(elements, requiresGrad, loc);
    if (failed(tensor))
      return failure();
    return c10::IValue(*tensor);
  }
  auto array = llvm::dyn_cast<ArrayAttr>(value);
  if (!array)
    return emitError(loc) << "cannot export value " << value;
  if (auto tuple = llvm::dyn_cast<ts::TupleType>(type)) {
    std::vector<c10::IValue> elements;
    for (auto [element, elementType] :
         llvm::zip_equal(array, tuple.getElementTypes())) {
      FailureOr<c10::IValue> exported =
          exportValue(element, elementType, false, loc);
      if (failed(exported))
        return failure();
      elements.push_back(*exported);
    }
    if (!tuple.isNamed())
      return c10::IValue(c10::ivalue::Tuple::create(std::move(elements)));
    c10::TypePtr tupleType = exportType(tuple, loc);
    if (!tupleType)
      return failure();
    return c10::IValue(c10::ivalue::Tuple::createNamed(
        std::move(elements), tupleType->expect<c10::TupleType>()));
  }
  if (auto list = llvm::dyn_cast<ListType>(type)) {
    c10::TypePtr elementType = exportType(list.getElementType(), loc);
    if (!elementType)
      return failure();
    c10::impl::GenericList result(elementType);
    for (Attribute element : array) {
      FailureOr<c10::IValue> exported =
          exportValue(element, list.getElementType(), false, loc);
      if (failed(exported))
        return failure();
      result.push_back(*exported);
    }
    return c10::IValue(result);
  }
  if (auto dict = llvm::dyn_cast<DictType>(type)) {
    c10::TypePtr keyType = exportType(dict.getKeyType(), loc);
    c10::TypePtr valueType = exportType(dict.getValueType(), loc);
    if (!keyType || !valueType)
      return failure();
    c10::impl::GenericDict result(keyType, valueType);
    for (Attribute item : array) {
      auto pair = llvm::cast<ArrayAttr>(item);
      FailureOr<c10::IValue> key =
          exportValue(pair[0], dict.getKeyType(), false, loc);
      FailureOr<c10::IValue> element =
          exportValue(pair[1], dict.getValueType(), false, loc);
      if (failed(key) || failed(element))
        return failure();
      result.insert(*key, *element);
    }
    return c10::IValue(result);
  }
  return emitError(loc) << "cannot export " << value << " as a value of type "
                        << type;
}

std::optional<jit::SourceRange> Exporter::getSourceRange(Location loc) {
  FileLineColLoc fileLoc;
  loc->walk([&](Location nested) {
    if (auto found = llvm::dyn_cast<FileLineColLoc>(nested)) {
      fileLoc = found;
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  if (!fileLoc || fileLoc.getLine() == 0 || fileLoc.getColumn() == 0)
    return std::nullopt;
  // Without the user's text, a one-line source placed at the recorded line
  // and column keeps file_line_col() exact. Each op gets its own source: the
  // code printer merges equal ranges of neighbouring nodes, which would move
  // one node's line onto another.
  unsigned column = fileLoc.getColumn() - 1;
  auto source = std::make_shared<jit::Source>(
      std::string(column, ' ') + "<source not saved>\n",
      fileLoc.getFilename().str(), fileLoc.getLine());
  return jit::SourceRange(source, column, column + 1);
}

//===----------------------------------------------------------------------===//
// Objects, methods and functions
//===----------------------------------------------------------------------===//

LogicalResult Exporter::checkSameMethods(ScriptModuleOp first,
                                         ScriptModuleOp other) {
  // The verifier already checked slots, constants and signatures; the
  // exported class has the first object's method bodies.
  for (auto [firstMethod, otherMethod] :
       llvm::zip(first.getMethods(), other.getMethods())) {
    if (!OperationEquivalence::isEquivalentTo(
            firstMethod, otherMethod,
            OperationEquivalence::Flags::IgnoreLocations)) {
      InFlightDiagnostic diag =
          otherMethod.emitError()
          << "method '" << otherMethod.getSymName() << "' differs from the "
          << "same method of another object of class '" << other.getClassName()
          << "'; TorchScript objects of one class share their methods";
      diag.attachNote(firstMethod.getLoc()) << "the other method is here";
      return diag;
    }
  }
  return success();
}

FailureOr<jit::Module> Exporter::exportRoot(ScriptModuleOp root) {
  FailureOr<jit::Module> module = exportObject(root);
  if (failed(module))
    return failure();
  // Methods come last: their graphs may name any class of the tree.
  for (ScriptModuleOp definition : classDefinitions)
    if (failed(defineClass(definition)))
      return failure();
  return module;
}

FailureOr<jit::Module> Exporter::exportObject(ScriptModuleOp op) {
  std::string className = op.getClassName().str();
  c10::ClassTypePtr classType;
  auto it = classes.find(className);
  if (it == classes.end()) {
    classType = c10::ClassType::create(c10::QualifiedName(className), unit,
                                       /*is_module=*/true);
    unit->register_type(classType);
    classes[className] = {classType, op};
    classDefinitions.push_back(op);
  } else {
    classType = it->second.first;
    if (failed(checkSameMethods(it->second.second, op)))
      return failure();
  }

  jit::Module object(unit, classType);
  for (SlotOpInterface slot : op.getSlots()) {
    Location loc = slot->getLoc();
    std::string name = slot.getSlotName().str();
    if (auto submodule = llvm::dyn_cast<ScriptModuleOp>(slot.getOperation())) {
      FailureOr<jit::Module> child = exportObject(submodule);
      if (failed(child))
        return failure();
      object.register_module(name, *child);
      continue;
    }
    c10::TypePtr type = exportType(slot.getSlotType(), loc);
    if (!type)
      return failure();
    bool requiresGrad = slot->hasAttr("requires_grad");
    FailureOr<c10::IValue> value =
        exportValue(slot.getSlotValue(), slot.getSlotType(), requiresGrad, loc);
    if (failed(value))
      return failure();
    object.register_attribute(name, type, *value,
                              llvm::isa<ParameterOp>(slot.getOperation()),
                              llvm::isa<BufferOp>(slot.getOperation()));
  }
  return object;
}

LogicalResult Exporter::defineClass(ScriptModuleOp op) {
  c10::ClassTypePtr classType = classes.lookup(op.getClassName()).first;
  for (ClassConstantOp constant : op.getClassConstants()) {
    FailureOr<c10::IValue> value = exportValue(
        constant.getValue(), constant.getType(), false, constant.getLoc());
    if (failed(value))
      return failure();
    classType->addConstant(constant.getSymName().str(), *value);
  }
  for (MethodOp method : op.getMethods()) {
    FailureOr<std::shared_ptr<jit::Graph>> graph = exportGraph(method);
    if (failed(graph))
      return failure();
    FailureOr<c10::FunctionSchema> schema =
        exportSchema(method, method.getSymName());
    if (failed(schema))
      return failure();
    jit::Function *function = unit->create_function(
        c10::QualifiedName(*classType->name(), method.getSymName().str()),
        *graph);
    jit::toGraphFunction(*function).setSchema(*schema);
    classType->addMethod(function);
  }
  return success();
}

template <typename OpT>
FailureOr<c10::FunctionSchema> Exporter::exportSchema(OpT op, StringRef name) {
  std::vector<c10::Argument> arguments;
  for (unsigned i = 0, e = op.getNumArguments(); i < e; ++i) {
    Type type = op.getArgumentTypes()[i];
    c10::TypePtr torchType = exportType(type, op.getLoc());
    if (!torchType)
      return failure();
    c10::optional<c10::IValue> defaultValue;
    if (Attribute value = op.getArgDefault(i)) {
      FailureOr<c10::IValue> exported =
          exportValue(value, type, false, op.getLoc());
      if (failed(exported))
        return failure();
      defaultValue = *exported;
    }
    arguments.emplace_back(op.getArgName(i).str(), torchType,
                           /*N=*/c10::nullopt, defaultValue,
                           /*kwarg_only=*/false);
  }
  c10::TypePtr result = exportType(op.getResultTypes().front(), op.getLoc());
  if (!result)
    return failure();
  return c10::FunctionSchema(name.str(), /*overload_name=*/"", arguments,
                             {c10::Argument("", result)});
}

FailureOr<jit::Function *> Exporter::getOrExportFunction(FunctionOp op) {
  StringRef name = op.getSymName();
  if (jit::Function *function = functions.lookup(name))
    return function;
  if (!functionsInProgress.insert(name).second)
    return op.emitError() << "function '" << name
                          << "' calls itself; TorchScript has no recursion";
  FailureOr<std::shared_ptr<jit::Graph>> graph = exportGraph(op);
  functionsInProgress.erase(name);
  if (failed(graph))
    return failure();
  c10::QualifiedName qualifiedName(name.str());
  FailureOr<c10::FunctionSchema> schema =
      exportSchema(op, qualifiedName.name());
  if (failed(schema))
    return failure();
  jit::Function *function = unit->create_function(qualifiedName, *graph);
  jit::toGraphFunction(*function).setSchema(*schema);
  functions[name] = function;
  return function;
}

template <typename OpT>
FailureOr<std::shared_ptr<jit::Graph>> Exporter::exportGraph(OpT op) {
  auto graph = std::make_shared<jit::Graph>();
  ValueMap values;
  Block &body = op.getBodyBlock();
  for (unsigned i = 0, e = body.getNumArguments(); i < e; ++i) {
    c10::TypePtr type = exportType(body.getArgument(i).getType(), op.getLoc());
    if (!type)
      return failure();
    values[body.getArgument(i)] =
        graph->addInput(op.getArgName(i).str())->setType(type);
  }
  if (failed(exportBlock(body, graph->block(), *graph, values)))
    return failure();
  // Catches malformed graphs here rather than in torch.jit.load. Lint is
  // quadratic in the graph's nodes, so a huge method (the forward of a
  // 10000-node graph) goes without: torch.jit.load still checks it.
  size_t numOps = 0;
  body.walk([&](Operation *) { ++numOps; });
  if (numOps <= kMaxLintedOps)
    graph->lint();
  return graph;
}

//===----------------------------------------------------------------------===//
// Graphs
//===----------------------------------------------------------------------===//

FailureOr<std::vector<jit::Value *>> Exporter::lookup(ValueRange values,
                                                      ValueMap &map) {
  std::vector<jit::Value *> result;
  for (Value value : values) {
    jit::Value *exported = map.lookup(value);
    if (!exported)
      return failure();
    result.push_back(exported);
  }
  return result;
}

LogicalResult Exporter::setOutputTypes(jit::Node *node, Operation &op) {
  for (auto [output, result] :
       llvm::zip_equal(node->outputs(), op.getResults())) {
    c10::TypePtr type = exportType(result.getType(), op.getLoc());
    if (!type)
      return failure();
    output->setType(type);
  }
  return success();
}

LogicalResult Exporter::exportBlock(Block &body, jit::Block *block,
                                    jit::Graph &graph, ValueMap &values) {
  jit::WithInsertPoint insertAtEnd(block);
  for (Operation &op : body) {
    if (op.hasTrait<OpTrait::IsTerminator>()) {
      FailureOr<std::vector<jit::Value *>> outputs =
          lookup(op.getOperands(), values);
      if (failed(outputs))
        return op.emitError() << "uses a value that was not exported";
      for (jit::Value *output : *outputs)
        block->registerOutput(output);
      continue;
    }
    // Report libtorch's complaints about a node at the op that made it.
    LogicalResult exported = failure();
    try {
      exported = exportOp(op, graph, values);
    } catch (const std::exception &error) {
      return op.emitError() << "cannot export to TorchScript: "
                            << interop::describeException(error);
    }
    if (failed(exported))
      return failure();
  }
  return success();
}

LogicalResult Exporter::exportOp(Operation &op, jit::Graph &graph,
                                 ValueMap &values) {
  FailureOr<std::vector<jit::Value *>> operands =
      lookup(op.getOperands(), values);
  if (failed(operands))
    return op.emitError() << "uses a value that was not exported";
  std::vector<jit::Value *> &inputs = *operands;
  std::optional<jit::SourceRange> range = getSourceRange(op.getLoc());
  auto insert = [&](jit::Node *node) {
    graph.insertNode(node);
    if (range)
      node->setSourceRange(*range);
    return node;
  };

  jit::Node *node = nullptr;
  LogicalResult result =
      llvm::TypeSwitch<Operation *, LogicalResult>(&op)
          .Case([&](ConstantOp constant) -> LogicalResult {
            FailureOr<c10::IValue> value = exportValue(
                constant.getValue(), constant.getType(), false, op.getLoc());
            if (failed(value))
              return failure();
            c10::optional<jit::SourceRange> constantRange;
            if (range)
              constantRange = *range;
            node = graph.insertConstant(*value, constantRange)->node();
            return success();
          })
          .Case([&](GetAttrOp getAttr) {
            StringRef name = getAttr.getName();
            node = insert(graph.create(c10::prim::GetAttr, inputs))
                       ->s_(c10::attr::name, name.str());
            // As the TorchScript compiler does (`fc = self.fc`, `_0 =
            // self.0`); the code printer then keeps the read a statement of
            // its own.
            std::string debugName;
            if (name.empty() || llvm::isDigit(name.front()))
              debugName = "_";
            for (char c : name)
              debugName += llvm::isAlnum(c) ? c : '_';
            node->output()->setDebugName(debugName);
            return success();
          })
          .Case([&](SetAttrOp setAttr) {
            node = insert(graph.create(c10::prim::SetAttr, inputs, 0))
                       ->s_(c10::attr::name, setAttr.getName().str());
            return success();
          })
          .Case([&](CallMethodOp call) {
            node = insert(graph.create(c10::prim::CallMethod, inputs))
                       ->s_(c10::attr::name, call.getMethod().str());
            return success();
          })
          .Case([&](CallFunctionOp call) -> LogicalResult {
            auto callee = SymbolTable::lookupNearestSymbolFrom<FunctionOp>(
                call->getParentOfType<mlir::ModuleOp>(), call.getCalleeAttr());
            if (!callee)
              return call.emitError() << "callee not found";
            FailureOr<jit::Function *> function = getOrExportFunction(callee);
            if (failed(function))
              return failure();
            jit::Node *constant =
                insert(graph.create(c10::prim::Constant))
                    ->s_(c10::attr::name, (*function)->name());
            constant->output()->setType(c10::FunctionType::create(*function));
            inputs.insert(inputs.begin(), constant->output());
            node = insert(graph.create(c10::prim::CallFunction, inputs));
            return success();
          })
          .Case([&](TupleConstructOp) {
            node = insert(graph.createTuple(inputs));
            return success();
          })
          .Case([&](TupleUnpackOp) {
            node = insert(graph.createTupleUnpack(inputs[0]));
            return success();
          })
          .Case([&](ListConstructOp list) -> LogicalResult {
            c10::TypePtr element =
                exportType(list.getType().getElementType(), op.getLoc());
            if (!element)
              return failure();
            node = insert(graph.createList(element, inputs));
            return success();
          })
          .Case([&](ListUnpackOp unpack) {
            node = insert(
                graph.createListUnpack(inputs[0], unpack.getNumResults()));
            return success();
          })
          .Case([&](DictConstructOp dict) -> LogicalResult {
            c10::TypePtr key =
                exportType(dict.getType().getKeyType(), op.getLoc());
            c10::TypePtr value =
                exportType(dict.getType().getValueType(), op.getLoc());
            if (!key || !value)
              return failure();
            std::vector<jit::Value *> keys, dictValues;
            for (size_t i = 0; i < inputs.size(); i += 2) {
              keys.push_back(inputs[i]);
              dictValues.push_back(inputs[i + 1]);
            }
            node = insert(graph.createDict(key, value, keys, dictValues));
            return success();
          })
          .Case([&](IfOp ifOp) -> LogicalResult {
            node = insert(
                graph.create(c10::prim::If, inputs, ifOp.getNumResults()));
            for (Region &region : ifOp->getRegions())
              if (failed(exportBlock(region.front(), node->addBlock(), graph,
                                     values)))
                return failure();
            return success();
          })
          .Case([&](LoopOp loop) -> LogicalResult {
            node = insert(
                graph.create(c10::prim::Loop, inputs, loop.getNumResults()));
            jit::Block *body = node->addBlock();
            for (BlockArgument argument : loop.getBodyBlock().getArguments()) {
              c10::TypePtr type = exportType(argument.getType(), op.getLoc());
              if (!type)
                return failure();
              values[argument] = body->addInput()->setType(type);
            }
            return exportBlock(loop.getBodyBlock(), body, graph, values);
          })
          .Case([&](OperatorOp call) -> LogicalResult {
            node = insert(
                graph.create(c10::Symbol::fromQualString(call.getName().str()),
                             inputs, call.getNumResults()));
            if (failed(setOutputTypes(node, op)))
              return failure();
            // The node holds no overload: TorchScript resolves it from the
            // operand types, which must lead back to the recorded one.
            const c10::FunctionSchema *schema = node->maybeSchema();
            if (!schema && jit::getAllOperatorsFor(node->kind()).empty())
              return call.emitError()
                     << "'" << call.getName()
                     << "' is not a registered TorchScript operator";
            if (!schema)
              return call.emitError()
                     << "no overload of '" << call.getName()
                     << "' accepts operand types " << call.getOperandTypes();
            if (schema->overload_name() != call.getOverload())
              return call.emitError()
                     << "'" << call.getQualifiedName()
                     << "' resolves to overload '" << schema->overload_name()
                     << "' for these operand types";
            if (!schema->is_varret() &&
                schema->returns().size() != call.getNumResults())
              return call.emitError()
                     << "'" << call.getQualifiedName() << "' returns "
                     << schema->returns().size() << " values, not "
                     << call.getNumResults();
            return success();
          })
          .Default([&](Operation *) {
            return op.emitError() << "has no TorchScript counterpart to export";
          });
  if (failed(result))
    return failure();
  if (failed(setOutputTypes(node, op)))
    return failure();
  for (auto [mlirResult, output] :
       llvm::zip_equal(op.getResults(), node->outputs()))
    values[mlirResult] = output;
  return success();
}

//===----------------------------------------------------------------------===//
// Entry points
//===----------------------------------------------------------------------===//

/// The module for `root`; see Exporter for `borrowResources`.
static FailureOr<jit::Module> exportRootModule(ScriptModuleOp root,
                                               bool borrowResources) {
  if (failed(verify(root->getParentOp() ? root->getParentOp() : root)))
    return failure();
  std::optional<jit::Module> module;
  LogicalResult exported = catchTorchErrors(
      root.getLoc(),
      "cannot export TorchScript module: ", [&]() -> LogicalResult {
        Exporter exporter(borrowResources);
        FailureOr<jit::Module> object = exporter.exportRoot(root);
        if (failed(object))
          return failure();
        module = *object;
        return success();
      });
  if (failed(exported))
    return failure();
  return *module;
}

FailureOr<jit::Module> ts::exportTorchScript(ScriptModuleOp root) {
  // The caller owns the module, possibly beyond the IR: copy all data.
  return exportRootModule(root, /*borrowResources=*/false);
}

namespace {
/// A std::streambuf writing through to an llvm::raw_ostream, so that saving
/// streams the archive instead of building it in memory first.
class RawOstreamBuffer : public std::streambuf {
public:
  explicit RawOstreamBuffer(llvm::raw_ostream &os) : os(os) {}

protected:
  int_type overflow(int_type c) override {
    if (!traits_type::eq_int_type(c, traits_type::eof()))
      os << traits_type::to_char_type(c);
    return traits_type::not_eof(c);
  }
  std::streamsize xsputn(const char *data, std::streamsize n) override {
    os.write(data, size_t(n));
    return n;
  }

private:
  llvm::raw_ostream &os;
};
} // namespace

LogicalResult ts::exportTorchScript(ScriptModuleOp root,
                                    llvm::raw_ostream &os) {
  // The module only lives until it is saved.
  FailureOr<jit::Module> module =
      exportRootModule(root, /*borrowResources=*/true);
  if (failed(module))
    return failure();
  RawOstreamBuffer buffer(os);
  std::ostream archive(&buffer);
  return catchTorchErrors(root.getLoc(), "cannot save TorchScript module: ",
                          [&] {
                            module->save(archive);
                            return success();
                          });
}

LogicalResult ts::exportTorchScriptFile(ScriptModuleOp root, StringRef path) {
  // The module only lives until it is saved.
  FailureOr<jit::Module> module =
      exportRootModule(root, /*borrowResources=*/true);
  if (failed(module))
    return failure();
  std::string message;
  llvm::Error error = nirtorch::writeFileAtomically(
      path, [&](StringRef tempPath) -> llvm::Error {
        // This callback runs inside a library built without exceptions:
        // nothing may escape it.
        try {
          module->save(tempPath.str());
          return llvm::Error::success();
        } catch (const std::exception &exception) {
          return llvm::createStringError(
              std::make_error_code(std::errc::io_error),
              "cannot save TorchScript module: " +
                  interop::describeException(exception));
        }
      });
  if (error)
    return root.emitError() << llvm::toString(std::move(error));
  return success();
}
