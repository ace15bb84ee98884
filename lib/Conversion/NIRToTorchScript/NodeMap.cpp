//===- NodeMap.cpp - User implementations of raised NIR nodes -------------===//
//
// The node map and node libraries: prototypes from a TorchScript file,
// cloned per node with their attributes computed from the node's NIR
// parameters by the binding's expressions (docs/Raising.md, "Node
// libraries").
//
//===----------------------------------------------------------------------===//

#include "nirtorch/Conversion/NIRToTorchScript/NodeMap.h"

#include "nirtorch/Conversion/RaisedClasses.h"
#include "nirtorch/Dialect/NIR/NIRParams.h"
#include "nirtorch/Support/ParamExpression.h"
#include "nirtorch/Target/TorchScript/TorchScriptPlugin.h"

#include "mlir/IR/SymbolTable.h"
#include "mlir/Parser/Parser.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <cmath>
#include <cstdio>

using namespace mlir;
using namespace nirtorch;

//===----------------------------------------------------------------------===//
// NodeMap
//===----------------------------------------------------------------------===//

StringRef nirtorch::stringifyStepConvention(StepConvention convention) {
  switch (convention) {
  case StepConvention::Stateless:
    return "stateless";
  case StepConvention::Tensors:
    return "tensors";
  case StepConvention::Tuple:
    return "tuple";
  case StepConvention::Dict:
    return "dict";
  }
  llvm_unreachable("unknown step convention");
}

std::optional<StepConvention> nirtorch::parseStepConvention(StringRef text) {
  for (StepConvention c : {StepConvention::Stateless, StepConvention::Tensors,
                           StepConvention::Tuple, StepConvention::Dict})
    if (text == stringifyStepConvention(c))
      return c;
  return std::nullopt;
}

NodeMap::NodeMap() = default;
NodeMap::~NodeMap() = default;
NodeMap::NodeMap(NodeMap &&) = default;
NodeMap &NodeMap::operator=(NodeMap &&) = default;

void NodeMap::add(NodeImplementation implementation) {
  entries.push_back(std::move(implementation));
}

void NodeMap::addAll(const NodeMap &other) {
  entries.insert(entries.end(), other.entries.begin(), other.entries.end());
  libraries.insert(libraries.end(), other.libraries.begin(),
                   other.libraries.end());
}

const NodeImplementation *NodeMap::lookup(StringRef nodeType) const {
  const NodeImplementation *best = nullptr;
  for (const NodeImplementation &entry : entries)
    if (entry.nodeType == nodeType &&
        (!best || entry.benefit >= best->benefit))
      best = &entry;
  return best;
}

//===----------------------------------------------------------------------===//
// Node libraries
//===----------------------------------------------------------------------===//

namespace {

/// The root attribute of a TorchScript file that holds its own binding.
constexpr llvm::StringLiteral kBindingAttribute = "nir_node_library";

/// One attribute of a prototype and the expression that computes it.
struct AttributeBinding {
  std::string slot;
  ParamExpression expression;
};

/// A NIR parameter of `node` as an array, or nullopt if it has none called
/// `name`. `dt` is the graph's time step.
std::optional<ParamArray> readNodeParameter(nir::NodeOpInterface node,
                                            StringRef name, double dt) {
  if (name == "dt")
    return ParamArray::scalar(dt);
  Attribute attr = node->getAttr(name);
  if (!attr || name == "name")
    return std::nullopt;
  if (auto elements = dyn_cast<ElementsAttr>(attr)) {
    FailureOr<SmallVector<double>> values = nir::readParamValues(elements);
    if (failed(values))
      return std::nullopt;
    ParamArray array;
    array.shape.assign(elements.getShapedType().getShape().begin(),
                       elements.getShapedType().getShape().end());
    array.values.assign(values->begin(), values->end());
    return array;
  }
  if (auto real = dyn_cast<FloatAttr>(attr))
    return ParamArray::scalar(real.getValueAsDouble());
  if (auto boolean = dyn_cast<BoolAttr>(attr))
    return ParamArray::scalar(boolean.getValue() ? 1.0 : 0.0);
  if (auto integer = dyn_cast<IntegerAttr>(attr))
    return ParamArray::scalar(double(integer.getInt()));
  if (auto ints = dyn_cast<DenseI64ArrayAttr>(attr)) {
    ParamArray array;
    array.shape = {int64_t(ints.size())};
    for (int64_t v : ints.asArrayRef())
      array.values.push_back(double(v));
    return array;
  }
  return std::nullopt;
}

/// `value` as the slot's new value: a tensor of the compute dtype (or of
/// the prototype's integer dtype) with the value's shape, or one Python
/// float, int or bool when every element is the same.
FailureOr<Attribute> encodeSlotValue(ts::SlotOpInterface slot,
                                     const ParamArray &value,
                                     FloatType computeType,
                                     function_ref<InFlightDiagnostic()> error) {
  Builder b(computeType.getContext());
  Type type = slot.getSlotType();
  if (isa<ts::TensorType>(type)) {
    Type element = computeType;
    if (auto old = dyn_cast_or_null<ElementsAttr>(slot.getSlotValue()))
      if (isa<IntegerType>(old.getElementType()))
        element = old.getElementType();
    auto tensorType = RankedTensorType::get(value.shape, element);
    if (auto floatType = dyn_cast<FloatType>(element))
      return Attribute(nir::makeFloatParam(value.shape, value.values,
                                           floatType));
    SmallVector<APInt> ints;
    unsigned width = element.getIntOrFloatBitWidth();
    for (double v : value.values) {
      if (v != std::trunc(v))
        return error() << "the prototype's tensor is an integer tensor, but "
                          "the value "
                       << v << " is not an integer",
               failure();
      ints.push_back(APInt(width, int64_t(v), /*isSigned=*/true));
    }
    return Attribute(DenseElementsAttr::get(tensorType, ints));
  }
  if (!value.isUniform() || value.values.empty())
    return error() << "the prototype's attribute is a single " << type
                   << ", but the value has " << value.values.size()
                   << " different elements",
           failure();
  double v = value.values.front();
  if (isa<ts::FloatType>(type))
    return Attribute(b.getF64FloatAttr(v));
  if (isa<ts::IntType>(type)) {
    if (v != std::trunc(v) || std::fabs(v) > 9.0e18)
      return error() << "the prototype's attribute is an int, but the value "
                     << v << " is not one",
             failure();
    return Attribute(b.getI64IntegerAttr(int64_t(v)));
  }
  if (isa<ts::BoolType>(type))
    return Attribute(b.getBoolAttr(v != 0));
  return error() << "cannot bind an attribute of type " << type, failure();
}

/// Copies the free functions that `op` calls (and those they call) from
/// `library` into `module`, once.
void copyCalledFunctions(Operation *op, ModuleOp library, ModuleOp module) {
  SmallVector<Operation *> work{op};
  OpBuilder b(module.getContext());
  while (!work.empty()) {
    Operation *next = work.pop_back_val();
    next->walk([&](ts::CallFunctionOp call) {
      StringRef callee = call.getCallee();
      if (SymbolTable::lookupSymbolIn(module, callee))
        return;
      Operation *function = SymbolTable::lookupSymbolIn(library, callee);
      if (!function)
        return; // the verifier reports the dangling call
      b.setInsertionPointToEnd(module.getBody());
      work.push_back(b.clone(*function));
    });
  }
}

/// The expected `forward` signature of a prototype, for diagnostics and
/// for the check.
std::string describeSignature(StepConvention convention, size_t numStates) {
  std::string states;
  for (size_t k = 0; k < numStates; ++k)
    states += (k ? ", Tensor" : "Tensor");
  switch (convention) {
  case StepConvention::Stateless:
    return "forward(x: Tensor) -> Tensor";
  case StepConvention::Tensors:
    return "forward(x: Tensor, " + states + ") -> Tuple[Tensor, " + states +
           "]";
  case StepConvention::Tuple:
    return "forward(x: Tensor, state: Tuple[" + states +
           "]) -> Tuple[Tensor, Tuple[" + states + "]]";
  case StepConvention::Dict:
    return "forward(x: Tensor, state: Dict[str, Tensor]) -> Tuple[Tensor, "
           "Dict[str, Tensor]]";
  }
  llvm_unreachable("unknown step convention");
}

bool hasSignature(ts::MethodOp forward, StepConvention convention,
                  size_t numStates) {
  MLIRContext *ctx = forward.getContext();
  Type tensor = ts::TensorType::get(ctx);
  Type dict = ts::DictType::get(ctx, ts::StrType::get(ctx), tensor);
  SmallVector<Type> states(numStates, tensor);
  SmallVector<Type> args{tensor}, results;
  switch (convention) {
  case StepConvention::Stateless:
    results = {tensor};
    break;
  case StepConvention::Tensors: {
    args.append(states);
    SmallVector<Type> all{tensor};
    all.append(states);
    results = {ts::TupleType::get(ctx, all)};
    break;
  }
  case StepConvention::Tuple: {
    Type tuple = ts::TupleType::get(ctx, states);
    args.push_back(tuple);
    results = {ts::TupleType::get(ctx, {tensor, tuple})};
    break;
  }
  case StepConvention::Dict:
    args.push_back(dict);
    results = {ts::TupleType::get(ctx, {tensor, dict})};
    break;
  }
  FunctionType type = forward.getFunctionType();
  return type.getInputs().drop_front() == ArrayRef<Type>(args) &&
         type.getResults() == ArrayRef<Type>(results);
}

/// The 1-based line and column of the first `"key":` in `text`, or of the
/// start when there is none.
std::pair<unsigned, unsigned> findKey(StringRef text, StringRef key,
                                      size_t from = 0) {
  std::string quoted = ("\"" + key + "\"").str();
  size_t at = from;
  while ((at = text.find(quoted, at)) != StringRef::npos) {
    StringRef rest = text.drop_front(at + quoted.size()).ltrim();
    if (rest.starts_with(":"))
      break;
    at += quoted.size();
  }
  if (at == StringRef::npos)
    at = from;
  StringRef before = text.take_front(at);
  unsigned line = 1 + before.count('\n');
  size_t lineStart = before.rfind('\n');
  unsigned column =
      1 + (lineStart == StringRef::npos ? at : at - lineStart - 1);
  return {line, column};
}

/// Reads one node library into implementations.
class LibraryLoader {
public:
  LibraryLoader(StringRef path, MLIRContext *ctx, Location loc)
      : path(path.str()), ctx(ctx), loc(loc) {}

  LogicalResult load(std::vector<NodeImplementation> &out,
                     std::shared_ptr<OwningOpRef<ModuleOp>> &library,
                     unsigned benefit);

private:
  std::string path;
  MLIRContext *ctx;
  Location loc;
  /// The binding's text and the name its positions refer to.
  std::string bindingText;
  std::string bindingName;

  Location at(StringRef key, size_t from = 0) {
    auto [line, column] = findKey(bindingText, key, from);
    return FileLineColLoc::get(ctx, bindingName, line, column);
  }
  FailureOr<OwningOpRef<ModuleOp>> importLibrary(StringRef file);
  LogicalResult
  parseNode(StringRef nodeType, const llvm::json::Value &value,
            ts::ScriptModuleOp root,
            std::shared_ptr<OwningOpRef<ModuleOp>> library, unsigned benefit,
            std::vector<NodeImplementation> &out);
};

FailureOr<OwningOpRef<ModuleOp>> LibraryLoader::importLibrary(StringRef file) {
  if (file.ends_with(".mlir")) {
    OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(file, ctx);
    if (!module)
      return emitError(loc) << "cannot read node library '" << file << "'",
             failure();
    return std::move(module);
  }
  FailureOr<const ts::TorchScriptPlugin *> plugin =
      ts::loadTorchScriptPlugin(loc);
  if (failed(plugin))
    return failure();
  ts::TorchScriptImportOptions options;
  options.rootName = "library";
  return (*plugin)->importFile(file, ctx, options);
}

LogicalResult LibraryLoader::load(
    std::vector<NodeImplementation> &out,
    std::shared_ptr<OwningOpRef<ModuleOp>> &library, unsigned benefit) {
  std::string libraryFile = path;
  bool bindingInFile = !StringRef(path).ends_with(".json");
  if (!bindingInFile) {
    auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/true);
    if (!buffer)
      return emitError(loc) << "cannot read node library '" << path
                            << "': " << buffer.getError().message();
    bindingText = (*buffer)->getBuffer().str();
    bindingName = path;
  }
  // The JSON names the TorchScript file, relative to itself.
  std::optional<llvm::json::Value> json;
  auto parseJson = [&]() -> LogicalResult {
    llvm::Expected<llvm::json::Value> parsed = llvm::json::parse(bindingText);
    if (!parsed) {
      std::string message = llvm::toString(parsed.takeError());
      // "[line:column, byte=offset]: message"
      unsigned line = 0, column = 0;
      StringRef rest = message;
      if (rest.consume_front("[") && !rest.consumeInteger(10, line) &&
          rest.consume_front(":") && !rest.consumeInteger(10, column)) {
        rest = rest.drop_until([](char c) { return c == ']'; });
        rest.consume_front("]");
        rest.consume_front(":");
        message = rest.trim().str();
      }
      return emitError(FileLineColLoc::get(ctx, bindingName, line, column))
             << "invalid JSON in node library binding: " << message;
    }
    json = std::move(*parsed);
    if (!json->getAsObject())
      return emitError(FileLineColLoc::get(ctx, bindingName, 1, 1))
             << "a node library binding is a JSON object with a \"nodes\" "
                "object";
    return success();
  };
  if (!bindingInFile) {
    if (failed(parseJson()))
      return failure();
    std::optional<StringRef> named = json->getAsObject()->getString("library");
    if (!named)
      return emitError(at("library"))
             << "the binding must name its TorchScript file in \"library\" "
                "(a .pt file, or the .mlir nir-translate "
                "--import-torchscript makes of one)";
    llvm::SmallString<256> resolved(*named);
    if (llvm::sys::path::is_relative(resolved)) {
      resolved = llvm::sys::path::parent_path(path);
      llvm::sys::path::append(resolved, *named);
    }
    libraryFile = std::string(resolved);
  }
  FailureOr<OwningOpRef<ModuleOp>> imported = importLibrary(libraryFile);
  if (failed(imported))
    return failure();
  library = std::make_shared<OwningOpRef<ModuleOp>>(std::move(*imported));
  auto roots = library->get().getOps<ts::ScriptModuleOp>();
  if (roots.empty() || std::next(roots.begin()) != roots.end())
    return emitError(loc) << "node library '" << libraryFile
                          << "' must hold one TorchScript module",
           failure();
  ts::ScriptModuleOp root = *roots.begin();
  if (bindingInFile) {
    auto slot = dyn_cast_or_null<ts::AttributeOp>(
        root.lookupSlot(kBindingAttribute).getOperation());
    auto text = slot ? dyn_cast<StringAttr>(slot.getValue()) : StringAttr();
    if (!text)
      return emitError(loc)
             << "node library '" << path << "' has no binding: give the "
             << "JSON binding file that names it, or store the binding in "
             << "a str attribute '" << kBindingAttribute
             << "' of its root module";
    bindingText = text.getValue().str();
    bindingName = (path + ":" + kBindingAttribute).str();
    if (failed(parseJson()))
      return failure();
  }

  const llvm::json::Object &object = *json->getAsObject();
  for (const auto &[key, value] : object)
    if (key != "library" && key != "nodes" && key != "comment")
      return emitError(at(key.str()))
             << "unknown key '" << key.str()
             << "' in node library binding (expected library, nodes, "
                "comment)";
  const llvm::json::Object *nodes = object.getObject("nodes");
  if (!nodes)
    return emitError(at("nodes"))
           << "the binding needs a \"nodes\" object mapping NIR node types "
              "to prototypes";
  // In file order, so that diagnostics come in the order a reader expects.
  SmallVector<std::pair<size_t, std::string>> order;
  for (const auto &[key, value] : *nodes) {
    (void)value;
    std::string quoted = "\"" + key.str() + "\"";
    order.push_back({StringRef(bindingText).find(quoted), key.str()});
  }
  llvm::sort(order);
  bool ok = true;
  for (auto &[position, key] : order)
    if (failed(parseNode(key, *nodes->get(key), root, library, benefit, out)))
      ok = false;
  return success(ok);
}

LogicalResult LibraryLoader::parseNode(
    StringRef nodeType, const llvm::json::Value &value,
    ts::ScriptModuleOp root, std::shared_ptr<OwningOpRef<ModuleOp>> library,
    unsigned benefit, std::vector<NodeImplementation> &out) {
  size_t start = StringRef(bindingText).find(("\"" + nodeType + "\"").str());
  if (start == StringRef::npos)
    start = 0;
  Location nodeLoc = at(nodeType);
  auto fail = [&](Location where) {
    InFlightDiagnostic diag = emitError(where);
    diag << "node type " << nodeType << ": ";
    return diag;
  };
  const raised::NodeClass *cls = raised::lookupNodeClassByName(nodeType);
  if (!cls) {
    InFlightDiagnostic diag = emitError(nodeLoc);
    diag << "unknown NIR node type '" << nodeType << "' (the raising knows ";
    llvm::interleaveComma(raised::getNodeClasses(), diag,
                          [&](const raised::NodeClass &c) {
                            diag << c.className;
                          });
    return diag << ")";
  }
  const llvm::json::Object *entry = value.getAsObject();
  if (!entry)
    return fail(nodeLoc) << "expected an object with module, step, state "
                            "and attributes";
  for (const auto &[key, v] : *entry) {
    (void)v;
    if (key != "module" && key != "step" && key != "state" &&
        key != "attributes" && key != "comment")
      return fail(at(key.str(), start))
             << "unknown key '" << key.str()
             << "' (expected module, step, state, attributes, comment)";
  }

  std::optional<StringRef> modulePath = entry->getString("module");
  if (!modulePath)
    return fail(nodeLoc) << "\"module\" must name the prototype, a "
                            "submodule of the library's root (dotted path)";
  ts::ScriptModuleOp prototype = root;
  SmallVector<StringRef> parts;
  modulePath->split(parts, '.');
  for (StringRef part : parts) {
    prototype = prototype.lookupSubmodule(part);
    if (!prototype)
      return fail(at("module", start))
             << "the library has no submodule '" << *modulePath << "'";
  }

  StepConvention convention = StepConvention::Stateless;
  std::optional<StringRef> step = entry->getString("step");
  if (!step || !parseStepConvention(*step))
    return fail(at(step ? "step" : nodeType.str(), start))
           << "\"step\" must be stateless, tensors, tuple or dict";
  convention = *parseStepConvention(*step);

  SmallVector<std::string> states;
  if (const llvm::json::Value *list = entry->get("state")) {
    const llvm::json::Array *array = list->getAsArray();
    if (!array)
      return fail(at("state", start)) << "\"state\" must be a list of names";
    llvm::StringSet<> seen;
    for (const llvm::json::Value &name : *array) {
      std::optional<StringRef> s = name.getAsString();
      if (!s || s->empty() ||
          !llvm::all_of(*s, [](char c) { return llvm::isAlnum(c) || c == '_'; }))
        return fail(at("state", start))
               << "\"state\" must list names of letters, digits and '_'";
      if (!seen.insert(*s).second)
        return fail(at("state", start)) << "state '" << *s << "' is listed twice";
      states.push_back(s->str());
    }
  }
  if ((convention == StepConvention::Stateless) != states.empty())
    return fail(at(states.empty() ? "step" : "state", start))
           << (states.empty() ? "a stateful step convention needs the "
                                "state names in \"state\""
                              : "a stateless prototype has no \"state\"");

  ts::MethodOp forward = prototype.lookupMethod("forward");
  if (!forward || !hasSignature(forward, convention, states.size())) {
    InFlightDiagnostic diag = fail(at("module", start));
    diag << "prototype '" << *modulePath << "' (class "
         << prototype.getClassName() << ") must have "
         << describeSignature(convention, states.size());
    if (forward)
      diag << " for step '" << *step << "', but its forward is "
           << forward.getFunctionType();
    else
      diag << ", but it has no forward method";
    return diag;
  }

  // The op's attribute names are the NIR fields an expression may read.
  std::optional<RegisteredOperationName> opName =
      RegisteredOperationName::lookup(cls->opName, ctx);
  llvm::StringSet<> fields{"dt"};
  if (opName)
    for (StringAttr name : opName->getAttributeNames())
      if (name.getValue() != "name" && name.getValue() != "metadata")
        fields.insert(name.getValue());

  std::vector<AttributeBinding> bindings;
  if (const llvm::json::Value *attrs = entry->get("attributes")) {
    const llvm::json::Object *object = attrs->getAsObject();
    if (!object)
      return fail(at("attributes", start))
             << "\"attributes\" must map prototype attributes to expressions";
    SmallVector<std::pair<size_t, std::string>> order;
    size_t attrsStart = StringRef(bindingText).find("\"attributes\"", start);
    for (const auto &[key, v] : *object) {
      (void)v;
      order.push_back({StringRef(bindingText).find(
                           ("\"" + key.str() + "\""), attrsStart),
                       key.str()});
    }
    llvm::sort(order);
    for (auto &[position, slotName] : order) {
      Location where = at(slotName, attrsStart);
      const llvm::json::Value &source = *object->get(slotName);
      std::string text;
      if (std::optional<StringRef> s = source.getAsString())
        text = s->str();
      else if (std::optional<double> number = source.getAsNumber())
      {
        char buffer[32];
        std::snprintf(buffer, sizeof(buffer), "%.17g", *number);
        text = buffer;
      }
      else
        return fail(where) << "attribute '" << slotName
                           << "': expected an expression string or a number";
      ts::SlotOpInterface slot = prototype.lookupSlot(slotName);
      if (!slot || isa<ts::ScriptModuleOp>(slot.getOperation()))
        return fail(where) << "prototype '" << *modulePath
                           << "' has no parameter, buffer or attribute '"
                           << slotName << "'";
      Type type = slot.getSlotType();
      if (!isa<ts::TensorType, ts::FloatType, ts::IntType, ts::BoolType>(type))
        return fail(where) << "attribute '" << slotName << "' is " << type
                           << ": only tensors, floats, ints and bools can be "
                              "bound";
      llvm::Expected<ParamExpression> expr = ParamExpression::parse(text);
      if (!expr)
        return fail(where) << "attribute '" << slotName << "': '" << text
                           << "': " << llvm::toString(expr.takeError());
      for (const std::string &name : expr->getNames())
        if (!fields.contains(name)) {
          InFlightDiagnostic diag = fail(where);
          diag << "attribute '" << slotName << "': '" << text
               << "' reads '" << name << "', which is not a parameter of "
               << nodeType << " (it has";
          SmallVector<StringRef> sorted;
          for (const auto &f : fields)
            sorted.push_back(f.getKey());
          llvm::sort(sorted);
          for (StringRef f : sorted)
            diag << " " << f;
          return diag << ")";
        }
      bindings.push_back({slotName, std::move(*expr)});
    }
  }

  NodeImplementation impl;
  impl.nodeType = nodeType.str();
  impl.className = prototype.getClassName().str();
  impl.convention = convention;
  impl.states = states;
  impl.origin = bindingName;
  impl.benefit = benefit;
  auto shared = std::make_shared<std::vector<AttributeBinding>>(
      std::move(bindings));
  std::string origin = bindingName;
  std::string type = nodeType.str();
  impl.build = [library, prototype, shared, origin,
                type](NodeBuildContext &context,
                      nir::NodeOpInterface node)
      -> FailureOr<ts::ScriptModuleOp> {
    OpBuilder &b = context.builder;
    b.setInsertionPointToEnd(&context.parent.getBody().front());
    auto clone = cast<ts::ScriptModuleOp>(b.clone(*prototype));
    clone.setSymName(context.slotName);
    clone->setLoc(node->getLoc());
    for (const AttributeBinding &binding : *shared) {
      auto error = [&]() {
        InFlightDiagnostic diag = node->emitError();
        diag << "cannot raise node '" << node.getNodeName() << "' of type "
             << type << " with node library " << origin << ": attribute '"
             << binding.slot << "' = '" << binding.expression.getText()
             << "': ";
        return diag;
      };
      llvm::Expected<ParamArray> value =
          binding.expression.evaluate([&](StringRef name) {
            return readNodeParameter(node, name, context.dt);
          });
      if (!value)
        return error() << llvm::toString(value.takeError()), failure();
      ts::SlotOpInterface slot = clone.lookupSlot(binding.slot);
      FailureOr<Attribute> encoded =
          encodeSlotValue(slot, *value, context.computeType, error);
      if (failed(encoded))
        return failure();
      slot->setAttr("value", *encoded);
    }
    copyCalledFunctions(clone, **library, context.module);
    return clone;
  };
  out.push_back(std::move(impl));
  return success();
}

} // namespace

LogicalResult NodeMap::loadLibrary(StringRef path, MLIRContext *context,
                                   Location loc,
                                   std::optional<unsigned> benefit) {
  unsigned level = 1;
  for (const NodeImplementation &entry : entries)
    level = std::max(level, entry.benefit + 1);
  std::vector<NodeImplementation> loaded;
  std::shared_ptr<OwningOpRef<ModuleOp>> library;
  LibraryLoader loader(path, context, loc);
  if (failed(loader.load(loaded, library, benefit.value_or(level))))
    return failure();
  for (NodeImplementation &impl : loaded)
    entries.push_back(std::move(impl));
  libraries.push_back(std::move(library));
  return success();
}
