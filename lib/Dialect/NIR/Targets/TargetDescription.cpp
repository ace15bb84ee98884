//===- TargetDescription.cpp - Reading target description files -----------===//
//
// The format: {"name", "summary", "sources": {id: citation}, "rules":
// {key: {fields..., "source": id, "severity"?}}, "widths": {name: {"value",
// "source"}}}. Every key is checked against the catalogue below, so a typo
// is an error, not a rule silently left out.
//
//===----------------------------------------------------------------------===//

#include "nirtorch/Dialect/NIR/TargetDescription.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace mlir::nir;
using llvm::StringLiteral;
using llvm::StringRef;
namespace json = llvm::json;

namespace {

using K = RuleFieldKind;

constexpr RuleFieldSpec kMax[] = {{"max", K::Int, true}};
constexpr RuleFieldSpec kMin[] = {{"min", K::Int, true}};
constexpr RuleFieldSpec kBits[] = {{"bits", K::Int, true}};
constexpr RuleFieldSpec kAllowedTypes[] = {{"allowed", K::StringList, true}};
constexpr RuleFieldSpec kAllowedInts[] = {{"allowed", K::IntList, true}};
constexpr RuleFieldSpec kMaxPair[] = {{"max", K::IntList, true}};
constexpr RuleFieldSpec kParameters[] = {{"parameters", K::StringList, true}};
constexpr RuleFieldSpec kKernel[] = {{"max", K::Int, true},
                                     {"square", K::Bool, false}};
constexpr RuleFieldSpec kSynapseBits[] = {{"max", K::Int, true},
                                          {"weight_bits", K::Int, true}};
constexpr RuleFieldSpec kCoreMemory[] = {
    {"kernel_memory", K::IntList, true},
    {"neuron_memory", K::IntList, true},
    {"bias_memory", K::Int, true}};
constexpr RuleFieldSpec kBranching[] = {{"allowed", K::Bool, true}};
constexpr StringLiteral kRecurrenceChoices[] = {"none", "neuron-weight-block",
                                                "any"};
constexpr RuleFieldSpec kRecurrence[] = {
    {"allowed", K::String, true, kRecurrenceChoices}};
constexpr StringLiteral kBiasChoices[] = {"none", "drop", "leak", "any"};
constexpr RuleFieldSpec kBias[] = {{"allowed", K::String, true, kBiasChoices}};

const RuleSpec kRuleSpecs[] = {
    {"node_types", kAllowedTypes, "every node is of a type the target reads"},
    {"input_channels", kMax, "input channels (elements of the Input nodes)"},
    {"hidden_neurons", kMax, "neurons that no Output reads"},
    {"output_neurons", kMax, "output channels (elements of the Output nodes)"},
    {"fan_in", kMax, "non-zero weights into one neuron"},
    {"fan_out", kMax, "non-zero weights out of one neuron"},
    {"input_projection", kMax, "neurons the input weights reach"},
    {"output_projection", kMax, "neurons that feed the output weights"},
    {"total_weights", kMax, "non-zero weights of the graph"},
    {"recurrent_weights", kMax, "non-zero weights on cycles"},
    {"layers", kMax, "neuron layers (one core each)"},
    {"core_compartments", kMax, "neurons of one layer (one core)"},
    {"core_in_axons", kMax, "input axons of one layer (one core)"},
    {"core_out_axons", kMax, "output axons of one layer (one core)"},
    {"core_synapse_bits", kSynapseBits, "synapse memory of one layer (bits)"},
    {"core_memory", kCoreMemory, "layers placed on cores by memory"},
    {"channels", kMax, "channels of a convolution layer"},
    {"input_size", kMaxPair, "input feature map (H, W) of a layer"},
    {"output_size", kMaxPair, "output feature map (H, W) of a layer"},
    {"kernel_size", kKernel, "convolution kernel size"},
    {"stride", kAllowedInts, "convolution stride"},
    {"padding", kMax, "convolution padding"},
    {"pooling", kAllowedInts, "pooling kernel sizes (square)"},
    {"pooling_stride", {}, "pooling stride equals the kernel, no padding"},
    {"destinations", kMax, "layers one layer sends to"},
    {"branching", kBranching, "splits and joins outside recurrent blocks"},
    {"recurrence", kRecurrence, "which cycles the target runs"},
    {"output_from_neurons", {}, "Outputs read neurons directly"},
    {"neuron_input_from_weights", {}, "neurons read weights directly"},
    {"input_to_weights", {}, "Inputs feed weights directly"},
    {"no_consecutive_weights", {}, "no weight node feeds a weight node"},
    {"output_neurons_not_recurrent", {}, "output neurons are on no cycle"},
    {"neuron_layers", kMin, "neuron layers on the longest path"},
    {"weight_bias", kBias, "what becomes of a synapse bias"},
    {"uniform_parameters", kParameters, "parameters with one value a layer"},
    {"zero_parameters", kParameters, "parameters that must be 0"},
    {"time_step", {}, "the graph declares one time step"},
    {"tau_above_dt", {}, "every time constant exceeds dt"},
    {"decay_shift", kBits, "decay as a bit shift log2(tau/dt)"},
    {"decay_fixed_point", kBits, "decay as a fixed-point 2^bits dt/tau"},
};

constexpr StringLiteral kWidthNames[] = {"weight_bits", "threshold_bits",
                                         "state_bits", "bias_bits",
                                         "decay_bits"};

#include "nirtorch/Dialect/NIR/BuiltinTargets.inc"

StringRef kindName(RuleFieldKind kind) {
  switch (kind) {
  case K::Int:
    return "an integer";
  case K::Bool:
    return "a boolean";
  case K::String:
    return "a string";
  case K::IntList:
    return "an array of integers";
  case K::StringList:
    return "an array of strings";
  }
  llvm_unreachable("unknown field kind");
}

StringRef jsonKindName(const json::Value &value) {
  switch (value.kind()) {
  case json::Value::Null:
    return "null";
  case json::Value::Boolean:
    return "a boolean";
  case json::Value::Number:
    return value.getAsInteger() ? "an integer" : "a number";
  case json::Value::String:
    return "a string";
  case json::Value::Array:
    return "an array";
  case json::Value::Object:
    return "an object";
  }
  llvm_unreachable("unknown JSON kind");
}

/// Builds the errors of one file.
class Parser {
public:
  explicit Parser(StringRef origin) : origin(origin) {}

  llvm::Error error(const llvm::Twine &path, const llvm::Twine &what) {
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        (origin + ": key '" + path + "': " + what).str());
  }
  llvm::Error expected(const llvm::Twine &path, StringRef kind,
                       const json::Value &got) {
    return error(path, "expected " + kind + ", got " + jsonKindName(got));
  }

  llvm::Expected<std::string> getString(const json::Object &object,
                                        StringRef key, const llvm::Twine &path,
                                        bool required) {
    const json::Value *value = object.get(key);
    if (!value) {
      if (required)
        return error(path, "missing (a string is required)");
      return std::string();
    }
    std::optional<StringRef> text = value->getAsString();
    if (!text)
      return expected(path, "a string", *value);
    return text->str();
  }

  llvm::Expected<std::string> getSource(const json::Object &object,
                                        const llvm::Twine &path,
                                        const TargetDescription &target) {
    llvm::Expected<std::string> id = getString(object, "source", path + ".source",
                                               /*required=*/true);
    if (!id)
      return id.takeError();
    if (!target.sources.count(*id))
      return error(path + ".source", "'" + *id + "' is not an id of 'sources'");
    return *id;
  }

  llvm::Error parseField(TargetRule &rule, const RuleFieldSpec &field,
                         const json::Value &value, const llvm::Twine &path) {
    switch (field.kind) {
    case K::Int:
      if (std::optional<int64_t> number = value.getAsInteger()) {
        rule.ints[field.name] = *number;
        return llvm::Error::success();
      }
      return expected(path, kindName(field.kind), value);
    case K::Bool:
      if (std::optional<bool> flag = value.getAsBoolean()) {
        rule.bools[field.name] = *flag;
        return llvm::Error::success();
      }
      return expected(path, kindName(field.kind), value);
    case K::String: {
      std::optional<StringRef> text = value.getAsString();
      if (!text)
        return expected(path, kindName(field.kind), value);
      if (!field.choices.empty() && !llvm::is_contained(field.choices, *text))
        return error(path, "expected one of " +
                               llvm::join(field.choices, ", ") + ", got '" +
                               *text + "'");
      rule.strings[field.name] = text->str();
      return llvm::Error::success();
    }
    case K::IntList:
    case K::StringList: {
      const json::Array *array = value.getAsArray();
      if (!array)
        return expected(path, kindName(field.kind), value);
      for (auto [index, element] : llvm::enumerate(*array)) {
        std::string at = (path + "[" + llvm::Twine(index) + "]").str();
        if (field.kind == K::IntList) {
          std::optional<int64_t> number = element.getAsInteger();
          if (!number)
            return expected(at, "an integer", element);
          rule.intLists[field.name].push_back(*number);
        } else {
          std::optional<StringRef> text = element.getAsString();
          if (!text)
            return expected(at, "a string", element);
          rule.stringLists[field.name].push_back(text->str());
        }
      }
      if (field.kind == K::IntList)
        (void)rule.intLists[field.name];
      else
        (void)rule.stringLists[field.name];
      return llvm::Error::success();
    }
    }
    llvm_unreachable("unknown field kind");
  }

  llvm::Error parseRule(TargetRule &rule, const json::Object &object,
                        const TargetDescription &target) {
    std::string path = ("rules." + rule.key()).str();
    llvm::Expected<std::string> id = getSource(object, path, target);
    if (!id)
      return id.takeError();
    rule.sourceId = *id;
    rule.source = target.sources.lookup(*id);
    llvm::Expected<std::string> severity =
        getString(object, "severity", path + ".severity", /*required=*/false);
    if (!severity)
      return severity.takeError();
    if (!severity->empty() && *severity != "error" && *severity != "warning")
      return error(path + ".severity",
                   "expected 'error' or 'warning', got '" + *severity + "'");
    rule.warning = *severity == "warning";
    for (const auto &[key, value] : object) {
      if (key == "source" || key == "severity")
        continue;
      const RuleFieldSpec *field =
          llvm::find_if(rule.spec->fields, [&](const RuleFieldSpec &spec) {
            return spec.name == StringRef(key);
          });
      if (field == rule.spec->fields.end())
        return error(path + "." + StringRef(key),
                     "not a field of rule '" + rule.key() + "'" +
                         fieldList(*rule.spec));
      if (llvm::Error err =
              parseField(rule, *field, value, path + "." + StringRef(key)))
        return err;
    }
    for (const RuleFieldSpec &field : rule.spec->fields)
      if (field.required && !object.get(field.name))
        return error(path + "." + field.name,
                     "missing (" + kindName(field.kind) + " is required)");
    return llvm::Error::success();
  }

  static std::string fieldList(const RuleSpec &spec) {
    std::string list = "; its fields: ";
    for (const RuleFieldSpec &field : spec.fields)
      list += (field.name + ", ").str();
    return list + "source, severity";
  }

  llvm::Expected<TargetDescription> parse(StringRef text) {
    llvm::Expected<json::Value> document = json::parse(text);
    if (!document)
      return llvm::createStringError(
          llvm::inconvertibleErrorCode(),
          (origin + ": not valid JSON: " + llvm::toString(document.takeError()))
              .str());
    const json::Object *root = document->getAsObject();
    if (!root)
      return llvm::createStringError(
          llvm::inconvertibleErrorCode(),
          (origin + ": expected a JSON object at the top, got " +
           jsonKindName(*document))
              .str());
    TargetDescription target;
    target.origin = origin.str();
    for (const auto &entry : *root) {
      StringRef key = entry.first;
      if (!llvm::is_contained({"name", "summary", "sources", "rules", "widths"},
                              key))
        return error(key, "not a key of a target description (name, summary, "
                          "sources, rules, widths)");
    }
    llvm::Expected<std::string> name = getString(*root, "name", "name", true);
    if (!name)
      return name.takeError();
    if (name->empty())
      return error("name", "must not be empty");
    target.name = *name;
    llvm::Expected<std::string> summary =
        getString(*root, "summary", "summary", false);
    if (!summary)
      return summary.takeError();
    target.summary = *summary;

    const json::Value *sources = root->get("sources");
    if (!sources)
      return error("sources", "missing (an object of citations is required)");
    const json::Object *sourceObject = sources->getAsObject();
    if (!sourceObject)
      return expected("sources", "an object", *sources);
    for (const auto &[id, citation] : *sourceObject) {
      std::optional<StringRef> text = citation.getAsString();
      if (!text)
        return expected("sources." + StringRef(id), "a string", citation);
      target.sources[StringRef(id)] = text->str();
    }

    const json::Value *rules = root->get("rules");
    if (!rules)
      return error("rules", "missing (an object of design rules is required)");
    const json::Object *ruleObject = rules->getAsObject();
    if (!ruleObject)
      return expected("rules", "an object", *rules);
    for (const auto &entry : *ruleObject) {
      StringRef key = entry.first;
      if (llvm::none_of(getRuleSpecs(),
                        [&](const RuleSpec &spec) { return spec.key == key; }))
        return error("rules." + key, "not a design rule this version knows "
                                     "(docs/Targets.md lists them)");
    }
    for (const RuleSpec &spec : getRuleSpecs()) {
      const json::Value *value = ruleObject->get(spec.key);
      if (!value)
        continue;
      const json::Object *object = value->getAsObject();
      if (!object)
        return expected("rules." + spec.key, "an object", *value);
      TargetRule rule;
      rule.spec = &spec;
      if (llvm::Error err = parseRule(rule, *object, target))
        return std::move(err);
      target.rules.push_back(std::move(rule));
    }

    if (const json::Value *widths = root->get("widths")) {
      const json::Object *widthObject = widths->getAsObject();
      if (!widthObject)
        return expected("widths", "an object", *widths);
      for (const auto &[key, value] : *widthObject) {
        std::string path = ("widths." + StringRef(key)).str();
        if (!llvm::is_contained(kWidthNames, StringRef(key)))
          return error(path, "not a width this version knows (" +
                                 llvm::join(llvm::ArrayRef<StringLiteral>(kWidthNames), ", ") + ")");
        const json::Object *object = value.getAsObject();
        if (!object)
          return expected(path, "an object", value);
        TargetWidth width;
        const json::Value *bits = object->get("value");
        if (!bits)
          return error(path + ".value", "missing (an integer is required)");
        std::optional<int64_t> number = bits->getAsInteger();
        if (!number)
          return expected(path + ".value", "an integer", *bits);
        if (*number < 1 || *number > 63)
          return error(path + ".value",
                       "expected a width from 1 to 63 bits, got " +
                           llvm::Twine(*number));
        width.bits = *number;
        llvm::Expected<std::string> id = getSource(*object, path, target);
        if (!id)
          return id.takeError();
        width.sourceId = *id;
        width.source = target.sources.lookup(*id);
        target.widths[StringRef(key)] = std::move(width);
      }
    }
    return target;
  }

private:
  StringRef origin;
};

} // namespace

llvm::ArrayRef<RuleSpec> mlir::nir::getRuleSpecs() { return kRuleSpecs; }

llvm::ArrayRef<StringLiteral> mlir::nir::getWidthNames() { return kWidthNames; }

std::optional<int64_t> TargetRule::getInt(StringRef field) const {
  auto it = ints.find(field);
  if (it == ints.end())
    return std::nullopt;
  return it->second;
}

bool TargetRule::getBool(StringRef field, bool otherwise) const {
  auto it = bools.find(field);
  return it == bools.end() ? otherwise : it->second;
}

StringRef TargetRule::getString(StringRef field) const {
  auto it = strings.find(field);
  return it == strings.end() ? StringRef() : StringRef(it->second);
}

llvm::ArrayRef<int64_t> TargetRule::getIntList(StringRef field) const {
  auto it = intLists.find(field);
  return it == intLists.end() ? llvm::ArrayRef<int64_t>() : it->second;
}

llvm::ArrayRef<std::string> TargetRule::getStringList(StringRef field) const {
  auto it = stringLists.find(field);
  return it == stringLists.end() ? llvm::ArrayRef<std::string>() : it->second;
}

const TargetRule *TargetDescription::getRule(StringRef key) const {
  for (const TargetRule &rule : rules)
    if (rule.key() == key)
      return &rule;
  return nullptr;
}

const TargetWidth *TargetDescription::getWidth(StringRef name) const {
  auto it = widths.find(name);
  return it == widths.end() ? nullptr : &it->second;
}

llvm::Expected<TargetDescription>
mlir::nir::parseTargetDescription(StringRef json, StringRef origin) {
  return Parser(origin).parse(json);
}

llvm::SmallVector<StringRef> mlir::nir::getBuiltinTargetNames() {
  llvm::SmallVector<StringRef> names;
  for (const BuiltinTarget &target : kBuiltinTargets)
    names.push_back(target.name);
  llvm::sort(names);
  return names;
}

llvm::Expected<TargetDescription>
mlir::nir::loadTargetDescription(StringRef nameOrPath) {
  if (nameOrPath.ends_with(".json") || nameOrPath.contains('/')) {
    llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> file =
        llvm::MemoryBuffer::getFile(nameOrPath, /*IsText=*/true);
    if (!file)
      return llvm::createStringError(
          llvm::inconvertibleErrorCode(),
          (nameOrPath + ": cannot read the target file: " +
           file.getError().message())
              .str());
    return parseTargetDescription((*file)->getBuffer(), nameOrPath);
  }
  for (const BuiltinTarget &builtin : kBuiltinTargets) {
    if (builtin.name != nameOrPath)
      continue;
    llvm::Expected<TargetDescription> target = parseTargetDescription(
        builtin.json, ("built-in target '" + nameOrPath + "'").str());
    if (target)
      target->origin = "built-in";
    return target;
  }
  return llvm::createStringError(
      llvm::inconvertibleErrorCode(),
      ("unknown target '" + nameOrPath + "'; built-in targets: " +
       llvm::join(getBuiltinTargetNames(), ", ") +
       "; a target file is named by a path ending in .json")
          .str());
}

llvm::Expected<TargetDescription>
mlir::nir::loadTargetOption(StringRef option, StringRef passName) {
  if (option.empty())
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        (passName + " needs a target: target=NAME (" +
         llvm::join(getBuiltinTargetNames(), ", ") + ") or target=FILE.json")
            .str());
  return loadTargetDescription(option);
}
