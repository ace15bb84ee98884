//===- ModuleMapFile.cpp - Module map entries from a JSON file ------------===//
//
// Parses a module map file (docs/Lowering.md, "Extending the module map")
// into builders. The whole file is checked when it is loaded (syntax, node
// types, parameter names, sources, dtypes); what only the module can tell
// (whether a slot exists, its shape) is checked when a call is lowered.
//
//===----------------------------------------------------------------------===//

#include "nirtorch/Conversion/TorchScriptToNIR/ModuleMapFile.h"
#include "Common.h"
#include "ModuleMapPDL.h"
#include "nirtorch/Dialect/NIR/NIRParams.h"
#include "nirtorch/Support/ParamExpression.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Location.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/GlobPattern.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"

#include <cmath>
#include <memory>
#include <optional>

using namespace mlir;
using namespace nirtorch;

namespace {

//===----------------------------------------------------------------------===//
// Node types
//===----------------------------------------------------------------------===//

/// A NIR node type a mapping may name: all of its parameters are tensors.
struct NodeKind {
  StringRef nirType;
  StringRef opName;
  ArrayRef<StringRef> params;
  /// Whether the parameters are per neuron (of the node's input shape), so
  /// that a scalar source is broadcast to that shape.
  bool perNeuron;
};

const NodeKind *lookupNodeKind(StringRef nirType) {
  static const StringRef affine[] = {"weight", "bias"};
  static const StringRef linear[] = {"weight"};
  static const StringRef scale[] = {"scale"};
  static const StringRef delay[] = {"delay"};
  static const StringRef threshold[] = {"threshold"};
  static const StringRef integrator[] = {"r"};
  static const StringRef integrateFire[] = {"r", "v_threshold", "v_reset"};
  static const StringRef leakyIntegrator[] = {"tau", "r", "v_leak"};
  static const StringRef lif[] = {"tau", "r", "v_leak", "v_threshold",
                                  "v_reset"};
  static const StringRef cubaLI[] = {"tau_syn", "tau_mem", "r", "v_leak",
                                     "w_in"};
  static const StringRef cubaLIF[] = {"tau_syn",     "tau_mem", "r",   "v_leak",
                                      "v_threshold", "v_reset", "w_in"};
  static const NodeKind kinds[] = {
      {"Affine", nir::AffineOp::getOperationName(), affine, false},
      {"Linear", nir::LinearOp::getOperationName(), linear, false},
      {"Scale", nir::ScaleOp::getOperationName(), scale, true},
      {"Delay", nir::DelayOp::getOperationName(), delay, true},
      {"Threshold", nir::ThresholdOp::getOperationName(), threshold, true},
      {"I", nir::IOp::getOperationName(), integrator, true},
      {"IF", nir::IFOp::getOperationName(), integrateFire, true},
      {"LI", nir::LIOp::getOperationName(), leakyIntegrator, true},
      {"LIF", nir::LIFOp::getOperationName(), lif, true},
      {"CubaLI", nir::CubaLIOp::getOperationName(), cubaLI, true},
      {"CubaLIF", nir::CubaLIFOp::getOperationName(), cubaLIF, true},
  };
  for (const NodeKind &kind : kinds)
    if (kind.nirType == nirType)
      return &kind;
  return nullptr;
}

std::string listNodeKinds() {
  static const char *names[] = {"Affine",    "Linear", "Scale",  "Delay",
                                "Threshold", "I",      "IF",     "LI",
                                "LIF",       "CubaLI", "CubaLIF"};
  return llvm::join(ArrayRef(names), ", ");
}

/// The element type a "dtype" names (NumPy/PyTorch spelling).
Type parseDType(StringRef name, MLIRContext *context) {
  Builder b(context);
  return llvm::StringSwitch<Type>(name)
      .Case("float16", b.getF16Type())
      .Case("float32", b.getF32Type())
      .Case("float64", b.getF64Type())
      .Case("int8", b.getIntegerType(8))
      .Case("int16", b.getIntegerType(16))
      .Case("int32", b.getIntegerType(32))
      .Case("int64", b.getIntegerType(64))
      .Default(Type());
}

bool isKnownDType(StringRef name) {
  return llvm::is_contained(
      {"float16", "float32", "float64", "int8", "int16", "int32", "int64"},
      name);
}

constexpr StringLiteral kDTypes =
    "float16, float32, float64, int8, int16, int32, int64";

//===----------------------------------------------------------------------===//
// Parsed mappings
//===----------------------------------------------------------------------===//

/// Where one NIR parameter comes from: a slot of the module (a parameter or
/// buffer, else a class constant or attribute), or a literal.
struct ParamSource {
  std::string param;
  /// The slot name; empty for a literal.
  std::string slot;
  /// A literal's elements in row-major order and its shape ([] = scalar).
  SmallVector<double> values;
  SmallVector<int64_t> shape;
  /// The "dtype" key, or empty: a tensor slot keeps its own dtype; scalar
  /// constants, literals and expressions default to float32.
  std::string dtype;
  /// An "expr" over the module's slots (`1 / tau_mem_inv`); then `slot` and
  /// `values` are empty.
  std::shared_ptr<const ParamExpression> expr;
};

/// The recurrent synapse of a neuron mapped to a nested graph.
struct RecurrentSpec {
  /// A submodule with a `weight` and optional `bias` (nn.Linear), or a
  /// weight tensor slot.
  std::string slot;
  /// Names of the neuron and synapse nodes inside the nested graph (empty:
  /// the module's attribute name, the slot name).
  std::string neuronName, synapseName;
};

struct FileMapping {
  /// Where the mapping was written, for diagnostics ("mapping 2 of module
  /// map 'map.json'").
  std::string origin;
  std::string className;
  const NodeKind *kind;
  std::vector<ParamSource> params;
  std::optional<RecurrentSpec> recurrent;
  /// The mapping's "dt", else the file's: what `dt` means in an expression
  /// when the module has no slot of that name.
  std::optional<double> dt;
};

//===----------------------------------------------------------------------===//
// Lowering a call through a file mapping
//===----------------------------------------------------------------------===//

InFlightDiagnostic emitMappingError(const FileMapping &mapping,
                                    ModuleCall &call, StringRef key) {
  return call.emitError() << mapping.origin << ", " << key << ": ";
}

/// A constant's value as a flat list of numbers, or nullopt.
std::optional<SmallVector<double>> getNumbers(Attribute attr) {
  auto number = [](Attribute element) -> std::optional<double> {
    if (auto f = dyn_cast<FloatAttr>(element))
      return f.getValueAsDouble();
    // Booleans are i1 integers.
    if (auto i = dyn_cast<IntegerAttr>(element))
      return i.getType().isInteger(1)
                 ? static_cast<double>(i.getValue().getZExtValue())
                 : static_cast<double>(i.getInt());
    return std::nullopt;
  };
  if (auto array = dyn_cast_or_null<ArrayAttr>(attr)) {
    SmallVector<double> values;
    for (Attribute element : array) {
      std::optional<double> value = number(element);
      if (!value)
        return std::nullopt;
      values.push_back(*value);
    }
    return values;
  }
  if (!attr)
    return std::nullopt;
  if (std::optional<double> value = number(attr))
    return SmallVector<double>{*value};
  return std::nullopt;
}

/// The first of `values` that is not an integer in the range of the integer
/// dtype `dtype` ("int8" ... "int64"); std::nullopt when all are, or when
/// `dtype` is not an integer dtype.
std::optional<double> findNonInteger(ArrayRef<double> values, StringRef dtype) {
  unsigned width;
  if (!dtype.consume_front("int") || dtype.getAsInteger(10, width))
    return std::nullopt;
  double limit = std::ldexp(1.0, width - 1);
  for (double element : values)
    if (element != std::trunc(element) || element < -limit || element >= limit)
      return element;
  return std::nullopt;
}

/// `value` as text for a diagnostic.
std::string formatNumber(double value) {
  SmallString<16> text;
  APFloat(value).toString(text);
  return std::string(text);
}

/// Numbers as an elements attribute of `type` (a float or integer type; for
/// an integer type, findNonInteger has accepted them).
DenseElementsAttr makeElements(ArrayRef<double> values, ArrayRef<int64_t> shape,
                               Type elementType) {
  auto type = RankedTensorType::get(shape, elementType);
  if (auto floatType = dyn_cast<FloatType>(elementType)) {
    SmallVector<APFloat> floats;
    for (double value : values) {
      APFloat converted(value);
      bool losesInfo;
      converted.convert(floatType.getFloatSemantics(),
                        APFloat::rmNearestTiesToEven, &losesInfo);
      floats.push_back(converted);
    }
    return DenseElementsAttr::get(type, floats);
  }
  unsigned width = elementType.getIntOrFloatBitWidth();
  SmallVector<APInt> ints;
  for (double value : values)
    ints.push_back(
        APInt(width, static_cast<int64_t>(value), /*isSigned=*/true));
  return DenseElementsAttr::get(type, ints);
}

/// The value of `source` for `call`, broadcast to the neurons' shape for a
/// per-neuron parameter.
/// A "dt" value: a positive, finite number of seconds, or std::nullopt.
std::optional<double> parseTimeStep(const llvm::json::Value &value) {
  std::optional<double> dt = value.getAsNumber();
  if (!dt || !(*dt > 0) || !std::isfinite(*dt))
    return std::nullopt;
  return dt;
}

/// Why a name a map reads may be missing from a module that has it in
/// Python.
constexpr StringLiteral kTracedHint =
    "a traced module keeps only its parameters, buffers and submodules: "
    "script it to keep other attributes, such as a NamedTuple of "
    "parameters";

FailureOr<ElementsAttr> resolveParam(const FileMapping &mapping,
                                     const ParamSource &source,
                                     ModuleCall &call) {
  MLIRContext *context = call.getBuilder().getContext();
  std::string key = ("param '" + source.param + "'");
  Type dtype =
      source.dtype.empty() ? Type() : parseDType(source.dtype, context);
  ElementsAttr value;
  if (source.expr) {
    std::string failedSlot;
    llvm::Expected<ParamArray> result =
        source.expr->evaluate([&](StringRef name) -> std::optional<ParamArray> {
          ParamArray array;
          if (ElementsAttr tensor = call.getTensorSlot(name)) {
            FailureOr<SmallVector<double>> numbers =
                nir::readParamValues(tensor);
            if (failed(numbers))
              return std::nullopt;
            auto shape = cast<ShapedType>(tensor.getType()).getShape();
            array.shape.assign(shape.begin(), shape.end());
            array.values.assign(numbers->begin(), numbers->end());
            return array;
          }
          Attribute constant = call.getConstant(name);
          std::optional<SmallVector<double>> numbers = getNumbers(constant);
          if ((!numbers || numbers->empty()) && name == "dt" && mapping.dt)
            return ParamArray::scalar(*mapping.dt);
          if (!numbers || numbers->empty())
            return std::nullopt;
          if (isa_and_nonnull<ArrayAttr>(constant))
            array.shape.push_back(numbers->size());
          array.values.assign(numbers->begin(), numbers->end());
          return array;
        });
    if (!result)
      return emitMappingError(mapping, call, key)
                 << "'" << source.expr->getText()
                 << "': " << llvm::toString(result.takeError())
                 << " (names are the module's tensors, numeric constants "
                    "and attributes, with dotted paths into submodules and "
                    "NamedTuples, and dt when the file gives one; "
                 << kTracedHint << ")",
             failure();
    if (std::optional<double> bad = findNonInteger(result->values, source.dtype))
      return emitMappingError(mapping, call, key)
                 << "'" << source.expr->getText() << "' gives "
                 << formatNumber(*bad) << ", not an integer of dtype "
                 << source.dtype,
             failure();
    value = makeElements(result->values, result->shape,
                         dtype ? dtype : Float32Type::get(context));
  } else if (source.slot.empty()) {
    value = makeElements(source.values, source.shape,
                         dtype ? dtype : Float32Type::get(context));
  } else if (ElementsAttr tensor = call.getTensorSlot(source.slot)) {
    Type elementType = cast<ShapedType>(tensor.getType()).getElementType();
    if (dtype && dtype != elementType)
      return emitMappingError(mapping, call, key)
                 << "slot '" << source.slot << "' is a tensor of "
                 << elementType << ", not " << source.dtype
                 << " (a tensor keeps its dtype; 'dtype' applies to "
                    "constants and literals)",
             failure();
    value = tensor;
  } else {
    Attribute constant = call.getConstant(source.slot);
    if (!constant)
      return emitMappingError(mapping, call, key)
                 << "the module has no parameter, buffer, constant or "
                    "attribute named '"
                 << source.slot << "' (" << kTracedHint << ")",
             failure();
    std::optional<SmallVector<double>> numbers = getNumbers(constant);
    if (!numbers || numbers->empty())
      return emitMappingError(mapping, call, key)
                 << "slot '" << source.slot << "' holds " << constant
                 << ", not a tensor, a number or a list of numbers",
             failure();
    if (std::optional<double> bad = findNonInteger(*numbers, source.dtype))
      return emitMappingError(mapping, call, key)
                 << "slot '" << source.slot << "' holds " << formatNumber(*bad)
                 << ", not an integer of dtype " << source.dtype,
             failure();
    SmallVector<int64_t> shape;
    if (isa<ArrayAttr>(constant))
      shape.push_back(numbers->size());
    value = makeElements(*numbers, shape,
                         dtype ? dtype : Float32Type::get(context));
  }

  if (!mapping.kind->perNeuron)
    return value;
  // Per-neuron parameters take the shape of the node's input: a single
  // element is broadcast, a leading dim of 1 (a batch dim) is dropped.
  ArrayRef<int64_t> neurons = call.getInput().shape;
  if (ElementsAttr broadcast =
          nirtorch::lowering::broadcastToShape(value, neurons))
    return broadcast;
  auto type = cast<ShapedType>(value.getType());
  InFlightDiagnostic diag = emitMappingError(mapping, call, key);
  diag << "a value of shape [";
  llvm::interleaveComma(type.getShape(), diag);
  diag << "] is neither one element nor of the neurons' shape [";
  llvm::interleaveComma(neurons, diag);
  diag << "]";
  return failure();
}

/// The neuron and its recurrent synapse as a nested graph:
/// input -> neuron, neuron -> synapse -> neuron, neuron -> output.
FailureOr<Signal> lowerRecurrent(const FileMapping &mapping, ModuleCall &call,
                                 ArrayRef<NamedAttribute> neuronParams) {
  const RecurrentSpec &spec = *mapping.recurrent;
  OpBuilder &b = call.getBuilder();
  SmallVector<NamedAttribute> synapseParams;
  StringRef synapseOp;
  if (ts::ScriptModuleOp sub = call.getSubmodule(spec.slot)) {
    ElementsAttr weight = call.getTensorSlot(spec.slot + ".weight");
    if (!weight)
      return emitMappingError(mapping, call, "recurrent")
                 << "submodule '" << spec.slot << "' (class '"
                 << sub.getClassName() << "') has no tensor 'weight'",
             failure();
    synapseParams.push_back(b.getNamedAttr("weight", weight));
    synapseOp = nir::LinearOp::getOperationName();
    if (ElementsAttr bias = call.getTensorSlot(spec.slot + ".bias")) {
      synapseParams.push_back(b.getNamedAttr("bias", bias));
      synapseOp = nir::AffineOp::getOperationName();
    }
  } else if (ElementsAttr weight = call.getTensorSlot(spec.slot)) {
    synapseParams.push_back(b.getNamedAttr("weight", weight));
    synapseOp = nir::LinearOp::getOperationName();
  } else {
    return emitMappingError(mapping, call, "recurrent")
               << "the module has no submodule or tensor slot '" << spec.slot
               << "' for the recurrent synapse",
           failure();
  }

  // By default the neuron is named after the module's own attribute name
  // (the last component of its path), as in NIR's braille samples.
  StringRef nodeName = call.getNodeName();
  std::string neuronName =
      spec.neuronName.empty()
          ? nodeName.drop_front(nodeName.rfind('.') + 1).str()
          : spec.neuronName;
  std::string synapseName =
      spec.synapseName.empty() ? spec.slot : spec.synapseName;

  SubgraphBuilder subgraph = call.createSubgraph();
  FailureOr<Signal> neuron = subgraph.createNode(
      mapping.kind->opName, neuronName, subgraph.getInput(), neuronParams);
  if (failed(neuron))
    return failure();
  FailureOr<Signal> synapse =
      subgraph.createNode(synapseOp, synapseName, *neuron, synapseParams);
  if (failed(synapse) || failed(subgraph.connect(*synapse, *neuron)))
    return failure();
  return subgraph.finish(*neuron);
}

FailureOr<Signal> lowerThroughMapping(const FileMapping &mapping,
                                      ModuleCall &call) {
  OpBuilder &b = call.getBuilder();
  SmallVector<NamedAttribute> params;
  for (const ParamSource &source : mapping.params) {
    FailureOr<ElementsAttr> value = resolveParam(mapping, source, call);
    if (failed(value))
      return failure();
    params.push_back(b.getNamedAttr(source.param, *value));
  }
  if (mapping.recurrent)
    return lowerRecurrent(mapping, call, params);
  return call.createNode(mapping.kind->opName, params);
}

//===----------------------------------------------------------------------===//
// Parsing
//===----------------------------------------------------------------------===//

/// A problem with the file, at a 1-based line and column (0: no position).
struct FileError {
  unsigned line = 0, column = 0;
  std::string message;
};

/// The line and column where each element of the top-level "mappings" array
/// starts in `text` (valid JSON): llvm::json keeps no positions, and a
/// semantic error should point at its mapping.
std::vector<std::pair<unsigned, unsigned>> locateMappings(StringRef text) {
  std::vector<std::pair<unsigned, unsigned>> starts;
  unsigned line = 1, column = 1, depth = 0;
  bool inMappings = false, expectElement = false;
  StringRef lastString;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    unsigned startLine = line, startColumn = column;
    auto advance = [&](char ch) {
      if (ch == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    };
    bool isSpace = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    if (inMappings && depth == 2 && expectElement && !isSpace && c != ']' &&
        c != ',') {
      starts.emplace_back(startLine, startColumn);
      expectElement = false;
    }
    if (c == '"') {
      size_t begin = i + 1;
      advance(c);
      for (++i; i < text.size() && text[i] != '"'; ++i) {
        if (text[i] == '\\') {
          advance(text[i]);
          ++i;
        }
        advance(text[i]);
      }
      advance('"');
      if (depth == 1)
        lastString = text.slice(begin, i);
      continue;
    }
    advance(c);
    if (c == '{' || c == '[') {
      if (depth == 1 && c == '[' && lastString == "mappings") {
        inMappings = true;
        expectElement = true;
      }
      ++depth;
    } else if (c == '}' || c == ']') {
      --depth;
      if (depth == 1)
        inMappings = false;
    } else if (c == ',' && inMappings && depth == 2) {
      expectElement = true;
    }
  }
  return starts;
}

class Parser {
public:
  Parser(StringRef text, StringRef path) : text(text), path(path) {}

  /// Parses the file into `mappings`, or returns the first problem.
  std::optional<FileError>
  parse(std::vector<std::shared_ptr<FileMapping>> &mappings);

  /// Parses one mapping object that is not part of a file's "mappings"
  /// (errors then do not number it).
  std::optional<FileError> parseSingle(const llvm::json::Value &value,
                                       FileMapping &mapping) {
    single = true;
    return parseMapping(value, 0, mapping);
  }

private:
  /// An error about mapping `index`, naming its class when known.
  FileError mappingError(unsigned index, const Twine &message) const {
    FileError error;
    if (index < positions.size())
      std::tie(error.line, error.column) = positions[index];
    std::string what = single ? "mapping" : ("mapping " + Twine(index)).str();
    error.message = (what +
                     (className.empty() ? "" : " (class '" + className + "')") +
                     ": " + message)
                        .str();
    return error;
  }

  std::optional<FileError> parseMapping(const llvm::json::Value &value,
                                        unsigned index, FileMapping &mapping);
  std::optional<FileError> parseSource(const llvm::json::Value &value,
                                       unsigned index, StringRef param,
                                       ParamSource &source);
  std::optional<FileError> parseRecurrent(const llvm::json::Value &value,
                                          unsigned index, RecurrentSpec &spec);
  /// A number or a (nested, rectangular) list of numbers.
  bool parseLiteral(const llvm::json::Value &value, ParamSource &source,
                    unsigned depth);

  StringRef text, path;
  std::vector<std::pair<unsigned, unsigned>> positions;
  std::string className;
  bool single = false;
};

/// Lists the keys of `object` that are not in `allowed`, or "".
std::string unknownKeys(const llvm::json::Object &object,
                        ArrayRef<StringRef> allowed) {
  SmallVector<std::string> unknown;
  for (const auto &entry : object)
    if (!llvm::is_contained(allowed, StringRef(entry.first)))
      unknown.push_back(("'" + StringRef(entry.first) + "'").str());
  llvm::sort(unknown);
  return llvm::join(unknown, ", ");
}

std::optional<FileError>
Parser::parse(std::vector<std::shared_ptr<FileMapping>> &mappings) {
  llvm::Expected<llvm::json::Value> root = llvm::json::parse(text);
  if (!root) {
    // ParseError prints "[line:column, byte=offset]: message".
    FileError error;
    std::string log = llvm::toString(root.takeError());
    StringRef rest = log;
    if (rest.consume_front("[") && !rest.consumeInteger(10, error.line) &&
        rest.consume_front(":") && !rest.consumeInteger(10, error.column)) {
      rest = rest.split("]: ").second;
      error.message = ("invalid JSON: " + rest).str();
    } else {
      error.message = "invalid JSON: " + log;
    }
    return error;
  }
  positions = locateMappings(text);
  const llvm::json::Object *object = root->getAsObject();
  auto topError = [](const Twine &message) {
    return FileError{1, 1, message.str()};
  };
  if (!object)
    return topError("expected an object with a \"mappings\" array");
  if (std::string unknown =
          unknownKeys(*object, {"mappings", "comment", "dt"});
      !unknown.empty())
    return topError("unknown key " + unknown +
                    " (expected \"mappings\" and optionally \"dt\", "
                    "\"comment\")");
  std::optional<double> dt;
  if (const llvm::json::Value *value = object->get("dt")) {
    dt = parseTimeStep(*value);
    if (!dt)
      return topError("\"dt\" must be a positive number of seconds (what "
                      "dt means in the expressions of the mappings)");
  }
  const llvm::json::Array *array = object->getArray("mappings");
  if (!array)
    return topError("expected an object with a \"mappings\" array");
  llvm::StringMap<unsigned> seen;
  for (auto [index, value] : llvm::enumerate(*array)) {
    auto mapping = std::make_shared<FileMapping>();
    mapping->origin =
        ("mapping " + Twine(index) + " of module map '" + path + "'").str();
    className.clear();
    if (std::optional<FileError> error = parseMapping(value, index, *mapping))
      return error;
    if (!mapping->dt)
      mapping->dt = dt;
    auto [it, inserted] = seen.try_emplace(mapping->className, index);
    if (!inserted)
      return mappingError(index, "class '" + mapping->className +
                                     "' is already mapped by mapping " +
                                     Twine(it->second));
    mappings.push_back(std::move(mapping));
  }
  return std::nullopt;
}

std::optional<FileError> Parser::parseMapping(const llvm::json::Value &value,
                                              unsigned index,
                                              FileMapping &mapping) {
  const llvm::json::Object *object = value.getAsObject();
  if (!object)
    return mappingError(index, "expected an object");
  if (std::optional<StringRef> name = object->getString("class"))
    className = name->str();
  if (std::string unknown = unknownKeys(
          *object, {"class", "node", "params", "recurrent", "dt", "comment"});
      !unknown.empty())
    return mappingError(index, "unknown key " + unknown +
                                   " (expected class, node, params and "
                                   "optionally recurrent, dt, comment)");
  // A mapping's own dt (the only one a PDLL map can give) wins over the
  // file's.
  if (const llvm::json::Value *value = object->get("dt")) {
    mapping.dt = parseTimeStep(*value);
    if (!mapping.dt)
      return mappingError(index, "key 'dt': expected a positive number of "
                                 "seconds (what dt means in this mapping's "
                                 "expressions)");
  }
  if (className.empty())
    return mappingError(index, "key 'class': expected a non-empty string "
                               "(a TorchScript class name or glob pattern)");
  if (StringRef(className).find_first_of("*?[") != StringRef::npos) {
    llvm::Expected<llvm::GlobPattern> pattern =
        llvm::GlobPattern::create(className);
    if (!pattern)
      return mappingError(index, "key 'class': invalid glob pattern: " +
                                     llvm::toString(pattern.takeError()));
  }
  mapping.className = className;

  std::optional<StringRef> node = object->getString("node");
  if (!node)
    return mappingError(index, "key 'node': expected the NIR node type (" +
                                   listNodeKinds() + ")");
  mapping.kind = lookupNodeKind(*node);
  if (!mapping.kind || node->empty())
    return mappingError(index, "key 'node': unknown or unsupported NIR node "
                               "type '" +
                                   *node + "' (supported: " + listNodeKinds() +
                                   ")");

  const llvm::json::Object *params = object->getObject("params");
  if (!params)
    return mappingError(index, "key 'params': expected an object mapping "
                               "each parameter of " +
                                   *node + " (" +
                                   llvm::join(mapping.kind->params, ", ") +
                                   ") to its source");
  if (std::string unknown = unknownKeys(*params, mapping.kind->params);
      !unknown.empty())
    return mappingError(index, "key 'params': unknown parameter " + unknown +
                                   " of " + *node + " (its parameters: " +
                                   llvm::join(mapping.kind->params, ", ") +
                                   ")");
  SmallVector<StringRef> missing;
  for (StringRef param : mapping.kind->params) {
    const llvm::json::Value *source = params->get(param);
    if (!source) {
      missing.push_back(param);
      continue;
    }
    ParamSource parsed;
    parsed.param = param.str();
    if (std::optional<FileError> error =
            parseSource(*source, index, param, parsed))
      return error;
    mapping.params.push_back(std::move(parsed));
  }
  if (!missing.empty())
    return mappingError(index, "key 'params': missing parameter " +
                                   llvm::join(missing, ", ") + " of " + *node);

  if (const llvm::json::Value *recurrent = object->get("recurrent")) {
    if (!mapping.kind->perNeuron)
      return mappingError(index, "key 'recurrent': only a neuron node (a "
                                 "node with per-neuron parameters) can have "
                                 "a recurrent synapse, not " +
                                     *node);
    RecurrentSpec spec;
    if (std::optional<FileError> error =
            parseRecurrent(*recurrent, index, spec))
      return error;
    mapping.recurrent = std::move(spec);
  }
  return std::nullopt;
}

bool Parser::parseLiteral(const llvm::json::Value &value, ParamSource &source,
                          unsigned depth) {
  if (std::optional<double> number = value.getAsNumber()) {
    // A scalar inside a list must sit at the depth of the list's shape.
    if (depth != source.shape.size())
      return false;
    source.values.push_back(*number);
    return true;
  }
  const llvm::json::Array *array = value.getAsArray();
  if (!array || array->empty())
    return false;
  if (depth == source.shape.size() && source.values.empty())
    source.shape.push_back(array->size());
  else if (depth >= source.shape.size() ||
           source.shape[depth] != static_cast<int64_t>(array->size()))
    return false;
  for (const llvm::json::Value &element : *array)
    if (!parseLiteral(element, source, depth + 1))
      return false;
  return true;
}

std::optional<FileError> Parser::parseSource(const llvm::json::Value &value,
                                             unsigned index, StringRef param,
                                             ParamSource &source) {
  std::string key = ("key 'params." + param + "': ").str();
  const llvm::json::Value *literal = &value;
  if (std::optional<StringRef> slot = value.getAsString()) {
    if (slot->empty())
      return mappingError(index, key + "empty slot name");
    source.slot = slot->str();
    return std::nullopt;
  }
  if (const llvm::json::Object *object = value.getAsObject()) {
    if (std::string unknown =
            unknownKeys(*object, {"slot", "value", "expr", "dtype"});
        !unknown.empty())
      return mappingError(index, key + "unknown key " + unknown +
                                     " (expected slot, value or expr, and "
                                     "optionally dtype)");
    std::optional<StringRef> slot = object->getString("slot");
    std::optional<StringRef> expr = object->getString("expr");
    literal = object->get("value");
    if (object->get("slot") && (!slot || slot->empty()))
      return mappingError(index, key + "'slot' must be a non-empty string");
    if (object->get("expr") && (!expr || expr->empty()))
      return mappingError(index, key + "'expr' must be a non-empty string");
    if (int(slot.has_value()) + int(literal != nullptr) +
            int(expr.has_value()) !=
        1)
      return mappingError(
          index, key + "expected exactly one of 'slot', 'value' and 'expr'");
    if (const llvm::json::Value *dtype = object->get("dtype")) {
      std::optional<StringRef> name = dtype->getAsString();
      if (!name || !isKnownDType(*name))
        return mappingError(index, key + "unknown dtype (expected one of " +
                                       kDTypes + ")");
      source.dtype = name->str();
    }
    if (slot) {
      source.slot = slot->str();
      return std::nullopt;
    }
    if (expr) {
      llvm::Expected<ParamExpression> parsed = ParamExpression::parse(*expr);
      if (!parsed)
        return mappingError(index, key + "expr '" + expr->str() + "': " +
                                       llvm::toString(parsed.takeError()));
      source.expr =
          std::make_shared<const ParamExpression>(std::move(*parsed));
      return std::nullopt;
    }
  }
  if (!parseLiteral(*literal, source, 0))
    return mappingError(index, key + "expected a slot name, a number, a "
                                     "rectangular list of numbers, or an "
                                     "object with 'slot' or 'value'");
  // Integer literals must be exact and fit their dtype.
  if (std::optional<double> bad = findNonInteger(source.values, source.dtype))
    return mappingError(index, key + "value " + formatNumber(*bad) +
                                   " is not an integer of dtype " +
                                   source.dtype);
  return std::nullopt;
}

std::optional<FileError> Parser::parseRecurrent(const llvm::json::Value &value,
                                                unsigned index,
                                                RecurrentSpec &spec) {
  const llvm::json::Object *object = value.getAsObject();
  if (!object)
    return mappingError(index, "key 'recurrent': expected an object with a "
                               "'slot'");
  if (std::string unknown =
          unknownKeys(*object, {"slot", "neuron_name", "synapse_name"});
      !unknown.empty())
    return mappingError(index, "key 'recurrent': unknown key " + unknown +
                                   " (expected slot, and optionally "
                                   "neuron_name, synapse_name)");
  std::optional<StringRef> slot = object->getString("slot");
  if (!slot || slot->empty())
    return mappingError(index, "key 'recurrent.slot': expected the name of "
                               "a submodule or weight tensor slot");
  spec.slot = slot->str();
  for (auto [key, target] : {std::pair{"neuron_name", &spec.neuronName},
                             std::pair{"synapse_name", &spec.synapseName}}) {
    const llvm::json::Value *name = object->get(key);
    if (!name)
      continue;
    std::optional<StringRef> text = name->getAsString();
    if (!text || text->empty() || *text == "input" || *text == "output")
      return mappingError(index, Twine("key 'recurrent.") + key +
                                     "': expected a node name other than "
                                     "'input' and 'output'");
    *target = text->str();
  }
  if (!spec.neuronName.empty() &&
      spec.neuronName ==
          (spec.synapseName.empty() ? spec.slot : spec.synapseName))
    return mappingError(index, "key 'recurrent': the neuron and the synapse "
                               "need different names");
  return std::nullopt;
}

ModuleBuilder makeBuilder(std::shared_ptr<FileMapping> mapping) {
  return [mapping = std::move(mapping)](ModuleCall &call) {
    return lowerThroughMapping(*mapping, call);
  };
}

std::optional<FileError> parseInto(StringRef text, StringRef path,
                                   ModuleMap &map) {
  std::vector<std::shared_ptr<FileMapping>> mappings;
  if (std::optional<FileError> error = Parser(text, path).parse(mappings))
    return error;
  map.beginLayer();
  for (std::shared_ptr<FileMapping> &mapping : mappings) {
    std::string className = mapping->className;
    map.add(className, makeBuilder(std::move(mapping)));
  }
  return std::nullopt;
}

llvm::Error toError(StringRef path, const FileError &error) {
  if (error.line == 0)
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        llvm::formatv("{0}: {1}", path, error.message).str());
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 llvm::formatv("{0}:{1}:{2}: {3}", path,
                                               error.line, error.column,
                                               error.message)
                                     .str());
}

/// The file's contents, or an error without a position.
FailureOr<std::unique_ptr<llvm::MemoryBuffer>> readFile(StringRef path,
                                                        FileError &error) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/true);
  if (!buffer) {
    error.message =
        "cannot read module map file: " + buffer.getError().message();
    return failure();
  }
  return std::move(*buffer);
}

} // namespace

llvm::Error nirtorch::parseModuleMap(StringRef text, StringRef path,
                                     ModuleMap &map) {
  if (std::optional<FileError> error = parseInto(text, path, map))
    return toError(path, *error);
  return llvm::Error::success();
}

llvm::Expected<ModuleBuilder>
nirtorch::parseModuleMapping(const llvm::json::Value &value,
                             StringRef origin) {
  auto mapping = std::make_shared<FileMapping>();
  mapping->origin = origin.str();
  if (std::optional<FileError> error =
          Parser("", origin).parseSingle(value, *mapping))
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   error->message);
  return makeBuilder(std::move(mapping));
}

llvm::Error nirtorch::loadModuleMapFile(StringRef path, ModuleMap &map) {
  if (isPDLModuleMap(path)) {
    // PDL is parsed and checked in a context of its own; the map keeps the
    // patterns as text for the contexts of the passes that run them.
    MLIRContext context;
    std::string message;
    llvm::raw_string_ostream os(message);
    ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
      if (diag.getSeverity() == DiagnosticSeverity::Error)
        os << diag.getLocation() << ": " << diag << "\n";
      return success();
    });
    if (failed(loadPDLModuleMap(path, map, &context)))
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     StringRef(message).rtrim());
    return llvm::Error::success();
  }
  FileError error;
  FailureOr<std::unique_ptr<llvm::MemoryBuffer>> buffer = readFile(path, error);
  if (failed(buffer))
    return toError(path, error);
  return parseModuleMap((*buffer)->getBuffer(), path, map);
}

LogicalResult nirtorch::loadModuleMapFile(StringRef path, ModuleMap &map,
                                          MLIRContext *context) {
  if (isPDLModuleMap(path))
    return loadPDLModuleMap(path, map, context);
  FileError error;
  FailureOr<std::unique_ptr<llvm::MemoryBuffer>> buffer = readFile(path, error);
  std::optional<FileError> parseError;
  if (succeeded(buffer))
    parseError = parseInto((*buffer)->getBuffer(), path, map);
  else
    parseError = error;
  if (!parseError)
    return success();
  // A file location prints as `path:line:col:` (`path:0:0:` for I/O errors,
  // which have no position).
  mlir::emitError(
      FileLineColLoc::get(context, path, parseError->line, parseError->column))
      << parseError->message;
  return failure();
}

FailureOr<std::shared_ptr<const ModuleMap>>
nirtorch::getPassModuleMap(std::shared_ptr<const ModuleMap> base,
                           ArrayRef<std::string> registeredMaps,
                           StringRef path, MLIRContext *context) {
  if (path.empty() && registeredMaps.empty())
    return base ? base : std::make_shared<const ModuleMap>();
  auto map = std::make_shared<ModuleMap>(base ? *base : ModuleMap());
  for (const std::string &name : registeredMaps) {
    if (succeeded(addRegisteredModuleMap(name, *map)))
      continue;
    std::vector<std::string> names = getRegisteredModuleMapNames();
    mlir::emitError(UnknownLoc::get(context))
        << "no module map is registered as '" << name << "' ("
        << (names.empty() ? std::string("none is; a pass plugin registers "
                                        "its map when loaded with "
                                        "--load-pass-plugin")
                          : "registered: " + llvm::join(names, ", "))
        << ")";
    return failure();
  }
  if (!path.empty() && failed(loadModuleMapFile(path, *map, context)))
    return failure();
  return std::shared_ptr<const ModuleMap>(std::move(map));
}
