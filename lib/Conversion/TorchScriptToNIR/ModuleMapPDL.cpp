//===- ModuleMapPDL.cpp - Module maps written in PDLL ---------------------===//
//
// A module map file may be a PDLL file (compiled at load time with
// `mlir-pdll`) or the `pdl` module `mlir-pdll -x mlir` writes. Its patterns
// join those of `ts-match-module-maps`: they match calls with the native
// constraint `NIRClassMatches(op, "class or glob")` and mark them with the
// native rewrite `NIRMarkModuleMap(op, mapping)`, where `mapping` is the key
// of a C++/JSON entry or a dictionary in the JSON map schema
// (docs/Lowering.md "PDLL module maps"). Loading turns each dictionary into
// a marked-only entry of the map and the rewrite's argument into its key, so
// the conversion builds every marked call the same way.
//
//===----------------------------------------------------------------------===//

#include "ModuleMapPDL.h"
#include "RaisedModuleMap.h"
#include "nirtorch/Conversion/TorchScriptToNIR/ModuleMapFile.h"
#include "nirtorch/Conversion/TorchScriptToNIR.h"
#include "nirtorch/Dialect/TorchScript/TorchScriptOps.h"

#include "mlir/Dialect/PDL/IR/PDL.h"
#include "mlir/Dialect/PDL/IR/PDLOps.h"
#include "mlir/Dialect/PDLInterp/IR/PDLInterp.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"

using namespace mlir;
using namespace nirtorch;

static constexpr llvm::StringLiteral kClassMatches = "NIRClassMatches";
static constexpr llvm::StringLiteral kMarkModuleMap = "NIRMarkModuleMap";

bool nirtorch::isPDLModuleMap(StringRef path) {
  return path.ends_with(".pdll") || path.ends_with(".mlir");
}

/// The mlir-pdll to run: $NIRTORCH_MLIR_PDLL, else the one of the LLVM the
/// project was built with, else the first on PATH.
static std::string findMLIRPDLL() {
  if (const char *env = std::getenv("NIRTORCH_MLIR_PDLL"); env && *env)
    return env;
  if (llvm::sys::fs::can_execute(NIRTORCH_MLIR_PDLL_DEFAULT))
    return NIRTORCH_MLIR_PDLL_DEFAULT;
  if (llvm::ErrorOr<std::string> found =
          llvm::sys::findProgramByName("mlir-pdll"))
    return *found;
  return "";
}

/// Removes its files when it goes out of scope.
struct TempFiles {
  SmallVector<SmallString<128>, 2> paths;
  ~TempFiles() {
    for (const auto &path : paths)
      llvm::sys::fs::remove(path);
  }
  LogicalResult create(StringRef suffix, SmallString<128> &path) {
    if (llvm::sys::fs::createTemporaryFile("nirtorch-pdll", suffix, path))
      return failure();
    paths.push_back(path);
    return success();
  }
};

/// Compiles the PDLL file `path` to a `pdl` module in MLIR text.
static FailureOr<std::string> compilePDLL(StringRef path, Location loc) {
  std::string tool = findMLIRPDLL();
  if (tool.empty())
    return emitError(loc) << "cannot compile a PDLL module map: mlir-pdll "
                             "not found (install mlir-19-tools, or set "
                             "NIRTORCH_MLIR_PDLL)";
  TempFiles temps;
  SmallString<128> output, errors;
  if (failed(temps.create("mlir", output)) ||
      failed(temps.create("txt", errors)))
    return emitError(loc) << "cannot create a temporary file for mlir-pdll";
  std::string pathArg = path.str(), outputArg = output.str().str();
  SmallVector<StringRef> args = {tool, pathArg, "-x", "mlir", "-o", outputArg};
  std::optional<StringRef> redirects[] = {std::nullopt, std::nullopt,
                                          errors.str()};
  std::string message;
  int status = llvm::sys::ExecuteAndWait(tool, args, std::nullopt, redirects,
                                         /*SecondsToWait=*/60,
                                         /*MemoryLimit=*/0, &message);
  if (status != 0) {
    auto text = llvm::MemoryBuffer::getFile(errors);
    InFlightDiagnostic diag = emitError(loc) << "mlir-pdll failed";
    if (!message.empty())
      diag << " (" << message << ")";
    if (text && !(*text)->getBuffer().empty())
      diag << ":\n" << (*text)->getBuffer().rtrim();
    return diag;
  }
  auto text = llvm::MemoryBuffer::getFile(output);
  if (!text)
    return emitError(loc) << "cannot read mlir-pdll's output";
  return (*text)->getBuffer().str();
}

/// Parses `source` as a module of `pdl.pattern`s whose rewrites only mark
/// calls: the native functions are the lowering's, and a rewrite does
/// nothing but call NIRMarkModuleMap.
static OwningOpRef<ModuleOp> parsePDLModule(StringRef source, StringRef name,
                                            MLIRContext *context) {
  context->loadDialect<pdl::PDLDialect, pdl_interp::PDLInterpDialect>();
  OwningOpRef<ModuleOp> module =
      parseSourceString<ModuleOp>(source, ParserConfig(context), name);
  if (!module)
    return nullptr;
  bool ok = true;
  unsigned patterns = 0;
  for (Operation &op : *module->getBody()) {
    if (isa<pdl::PatternOp>(op)) {
      ++patterns;
      continue;
    }
    op.emitError() << "a PDL module map holds only pdl.pattern ops";
    ok = false;
  }
  module->walk([&](Operation *op) {
    StringRef callee;
    if (auto constraint = dyn_cast<pdl::ApplyNativeConstraintOp>(op))
      callee = constraint.getName();
    else if (auto rewrite = dyn_cast<pdl::ApplyNativeRewriteOp>(op))
      callee = rewrite.getName();
    if (!callee.empty() && callee != kClassMatches && callee != kMarkModuleMap) {
      op->emitError() << "unknown native function '" << callee
                      << "' (a PDL module map may call " << kClassMatches
                      << " and " << kMarkModuleMap << ")";
      ok = false;
      return;
    }
    if (!callee.empty() && op->getNumOperands() != 2) {
      op->emitError() << callee
                      << " takes two arguments: the call and an attribute";
      ok = false;
      return;
    }
    // A module map marks calls; the lowering builds their nodes later.
    if (op->getParentOfType<pdl::RewriteOp>() &&
        !isa<pdl::AttributeOp, pdl::ApplyNativeRewriteOp>(op)) {
      op->emitError() << "the rewrite of a PDL module map may only call "
                      << kMarkModuleMap;
      ok = false;
    }
    if (auto rewrite = dyn_cast<pdl::RewriteOp>(op); rewrite &&
                                                     rewrite.getName()) {
      op->emitError() << "the rewrite of a PDL module map may only call "
                      << kMarkModuleMap;
      ok = false;
    }
  });
  if (ok && patterns == 0) {
    emitError(FileLineColLoc::get(context, name, 0, 0))
        << "the PDL module map holds no pattern";
    ok = false;
  }
  return ok ? std::move(module) : nullptr;
}

/// The constant attribute `value` is bound to, or null.
static Attribute getConstantAttr(Value value) {
  auto attribute = value.getDefiningOp<pdl::AttributeOp>();
  return attribute ? attribute.getValueAttr() : nullptr;
}

/// A mapping written in MLIR attribute syntax, in the JSON schema of module
/// map files.
static FailureOr<llvm::json::Value> toJSON(Attribute attr, Operation *at) {
  if (auto text = dyn_cast<StringAttr>(attr))
    return llvm::json::Value(text.str());
  if (auto integer = dyn_cast<IntegerAttr>(attr);
      integer && integer.getType().isSignlessInteger())
    return llvm::json::Value(integer.getInt());
  if (auto number = dyn_cast<FloatAttr>(attr))
    return llvm::json::Value(number.getValueAsDouble());
  if (auto array = dyn_cast<ArrayAttr>(attr)) {
    llvm::json::Array elements;
    for (Attribute element : array) {
      FailureOr<llvm::json::Value> json = toJSON(element, at);
      if (failed(json))
        return failure();
      elements.push_back(std::move(*json));
    }
    return llvm::json::Value(std::move(elements));
  }
  if (auto dictionary = dyn_cast<DictionaryAttr>(attr)) {
    llvm::json::Object object;
    for (NamedAttribute entry : dictionary) {
      FailureOr<llvm::json::Value> json = toJSON(entry.getValue(), at);
      if (failed(json))
        return failure();
      object[entry.getName().str()] = std::move(*json);
    }
    return llvm::json::Value(std::move(object));
  }
  return at->emitError() << "a mapping holds strings, integers, floats, "
                            "arrays and dictionaries, not "
                         << attr;
}

namespace {
/// An inline mapping of a PDL module map, checked, waiting to be added.
struct InlineMapping {
  std::string key;
  ModuleBuilder builder;
};
} // namespace

/// Checks the mapping each NIRMarkModuleMap of `pattern` names: a key of an
/// entry `map` already has, or a dictionary in the JSON schema, which
/// becomes an inline mapping under a new key that the rewrite then names.
static LogicalResult resolveMappings(pdl::PatternOp pattern, StringRef path,
                                     const ModuleMap &map,
                                     std::vector<InlineMapping> &inlined) {
  std::string name = pattern.getSymName()
                         ? pattern.getSymName()->str()
                         : "#" + std::to_string(inlined.size());
  // The class the pattern matches names its inline mapping in errors.
  std::string className;
  pattern.walk([&](pdl::ApplyNativeConstraintOp constraint) {
    if (constraint.getName() != kClassMatches)
      return;
    if (auto text = dyn_cast_or_null<StringAttr>(
            getConstantAttr(constraint.getArgs()[1])))
      className = text.str();
  });
  WalkResult result = pattern.walk([&](pdl::ApplyNativeRewriteOp rewrite) {
    Value argument = rewrite.getArgs()[1];
    Attribute mapping = getConstantAttr(argument);
    if (auto key = dyn_cast_or_null<StringAttr>(mapping)) {
      if (map.lookupKey(key) || getRaisedModuleMap().lookupKey(key))
        return WalkResult::advance();
      rewrite.emitError() << kMarkModuleMap << " names entry '"
                          << key.getValue()
                          << "', which the module map does not have";
      return WalkResult::interrupt();
    }
    auto dictionary = dyn_cast_or_null<DictionaryAttr>(mapping);
    if (!dictionary) {
      rewrite.emitError() << kMarkModuleMap
                          << " takes a constant attribute: the key of a "
                             "module map entry, or a mapping dictionary";
      return WalkResult::interrupt();
    }
    if (dictionary.contains("class")) {
      rewrite.emitError() << "an inline mapping takes its class from the "
                             "pattern's "
                          << kClassMatches << "; remove 'class'";
      return WalkResult::interrupt();
    }
    if (className.empty()) {
      rewrite.emitError() << "a pattern with an inline mapping must call "
                          << kClassMatches << " with a constant class name";
      return WalkResult::interrupt();
    }
    FailureOr<llvm::json::Value> json = toJSON(dictionary, rewrite);
    if (failed(json))
      return WalkResult::interrupt();
    json->getAsObject()->try_emplace("class", className);
    std::string origin =
        ("pattern @" + name + " of module map '" + path + "'").str();
    llvm::Expected<ModuleBuilder> builder = parseModuleMapping(*json, origin);
    if (!builder) {
      rewrite.emitError() << llvm::toString(builder.takeError());
      return WalkResult::interrupt();
    }
    std::string key = (path + "@" + name).str();
    argument.getDefiningOp<pdl::AttributeOp>().setValueAttr(
        StringAttr::get(rewrite.getContext(), key));
    inlined.push_back({std::move(key), std::move(*builder)});
    return WalkResult::advance();
  });
  return failure(result.wasInterrupted());
}

LogicalResult nirtorch::loadPDLModuleMap(StringRef path, ModuleMap &map,
                                         MLIRContext *context) {
  Location loc = FileLineColLoc::get(context, path, 0, 0);
  std::string source;
  if (path.ends_with(".pdll")) {
    FailureOr<std::string> compiled = compilePDLL(path, loc);
    if (failed(compiled))
      return failure();
    source = std::move(*compiled);
  } else {
    auto text = llvm::MemoryBuffer::getFile(path);
    if (!text)
      return emitError(loc) << "cannot read module map file: "
                            << text.getError().message();
    source = (*text)->getBuffer().str();
  }
  OwningOpRef<ModuleOp> module = parsePDLModule(source, path, context);
  if (!module)
    return failure();
  std::vector<InlineMapping> inlined;
  for (auto pattern : module->getOps<pdl::PatternOp>())
    if (failed(resolveMappings(pattern, path, map, inlined)))
      return failure();

  // The whole file is valid: its patterns and mappings form a new layer.
  map.beginLayer();
  for (InlineMapping &mapping : inlined)
    map.addMarkedOnly(mapping.key, std::move(mapping.builder));
  std::string text;
  llvm::raw_string_ostream os(text);
  module->print(os);
  map.addPDLPatterns(path, std::move(os.str()));
  return success();
}

FailureOr<SmallVector<OwningOpRef<ModuleOp>>>
nirtorch::parsePDLModuleMaps(const ModuleMap &map, MLIRContext *context) {
  SmallVector<OwningOpRef<ModuleOp>> modules;
  for (const ModuleMap::PDLPatterns &patterns : map.getPDLPatterns()) {
    OwningOpRef<ModuleOp> module =
        parsePDLModule(patterns.source, patterns.name, context);
    if (!module)
      return failure();
    modules.push_back(std::move(module));
  }
  return modules;
}

void nirtorch::registerPDLModuleMapFunctions(PDLPatternModule &module) {
  module.registerConstraintFunction(
      kClassMatches,
      [](PatternRewriter &, Operation *op, Attribute pattern) {
        auto call = dyn_cast<ts::CallMethodOp>(op);
        auto text = dyn_cast<StringAttr>(pattern);
        if (!call || !text || call.getMethod() != "forward" ||
            call->hasAttr(kModuleMapAttrName))
          return failure();
        StringRef key = text.getValue();
        bool isGlob = key.find_first_of("*?[") != StringRef::npos;
        return success(ModuleMap::matches({key, isGlob}, call.getClassName()));
      });
  module.registerRewriteFunction(
      kMarkModuleMap,
      [](PatternRewriter &rewriter, Operation *op, Attribute mapping) {
        // Loading made every mapping the key of an entry.
        if (!isa<StringAttr>(mapping))
          return;
        rewriter.modifyOpInPlace(op, [&] {
          op->setAttr(ts::TorchScriptDialect::getNoInlineAttrName(),
                      rewriter.getUnitAttr());
          op->setAttr(kModuleMapAttrName, mapping);
        });
      });
}
