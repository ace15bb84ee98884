//===- TorchScriptOps.cpp - TorchScript mirror ops ------------------------===//
//
// Verifiers hold the invariants TorchScript itself relies on (a method's
// `self` is its object, slots exist with the types the graph reads, every
// object of a class agrees on the class, branch and loop types line up), so
// that IR built by passes exports to a module that loads and runs.
//
//===----------------------------------------------------------------------===//

#include "nirtorch/Dialect/TorchScript/TorchScriptOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/FunctionImplementation.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

using namespace mlir;
using namespace mlir::ts;

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

/// A Python identifier (ASCII): what TorchScript accepts as a name.
static bool isIdentifier(StringRef name) {
  if (name.empty() || !(llvm::isAlpha(name.front()) || name.front() == '_'))
    return false;
  return llvm::all_of(name,
                      [](char c) { return llvm::isAlnum(c) || c == '_'; });
}

bool ts::isLoadableQualifiedName(StringRef name) {
  SmallVector<StringRef> parts;
  name.split(parts, '.');
  return parts.size() >= 2 && parts.front() == "__torch__" &&
         llvm::all_of(parts, isIdentifier);
}

/// resolveObject with `lookupSubmodule(parent, name)` finding submodules.
template <typename LookupFn>
static ScriptModuleOp resolveObjectWith(Value object,
                                        LookupFn lookupSubmodule) {
  if (auto argument = llvm::dyn_cast<BlockArgument>(object)) {
    auto method = llvm::dyn_cast<MethodOp>(argument.getOwner()->getParentOp());
    if (!method || argument.getArgNumber() != 0 ||
        argument.getOwner() != &method.getBodyBlock())
      return {};
    return method->getParentOfType<ScriptModuleOp>();
  }
  if (auto getAttr = object.getDefiningOp<GetAttrOp>()) {
    ScriptModuleOp parent =
        resolveObjectWith(getAttr.getObject(), lookupSubmodule);
    return parent ? lookupSubmodule(parent, getAttr.getName()) : nullptr;
  }
  return {};
}

std::optional<SmallVector<StringRef>> ts::getObjectPath(Value object) {
  SmallVector<StringRef> path;
  while (auto getAttr = object.getDefiningOp<GetAttrOp>()) {
    path.push_back(getAttr.getName());
    object = getAttr.getObject();
  }
  auto argument = llvm::dyn_cast<BlockArgument>(object);
  auto method = argument ? llvm::dyn_cast<MethodOp>(
                               argument.getOwner()->getParentOp())
                         : MethodOp();
  if (!method || argument.getArgNumber() != 0 ||
      argument.getOwner() != &method.getBodyBlock())
    return std::nullopt;
  std::reverse(path.begin(), path.end());
  return path;
}

ScriptModuleOp ts::resolveObject(Value object) {
  return resolveObjectWith(object, [](ScriptModuleOp parent, StringRef name) {
    return parent.lookupSubmodule(name);
  });
}

ScriptModuleOp ts::resolveObject(Value object,
                                 SymbolTableCollection &symbolTables) {
  return resolveObjectWith(object, [&](ScriptModuleOp parent, StringRef name) {
    return parent.lookupSubmodule(name, symbolTables);
  });
}

//===----------------------------------------------------------------------===//
// Custom directive: TorchScript values
//
// Values print as the builtin attribute parser reads them back by default:
// ints as i64 and floats as f64 without their type (`3`, `5.000000e-01`), so
// that `= 3` reads like the TorchScript it mirrors.
//===----------------------------------------------------------------------===//

/// Whether MLIR prints `value` in decimal (not as a hex bit pattern, which
/// the parser would read back as an integer without the type).
static bool printsAsDecimal(const APFloat &value) {
  if (!value.isFinite())
    return false;
  SmallString<128> text;
  value.toString(text, /*FormatPrecision=*/6, /*FormatMaxPadding=*/0,
                 /*TruncateZero=*/false);
  if (APFloat(value.getSemantics(), text).bitwiseIsEqual(value))
    return true;
  text.clear();
  value.toString(text);
  return StringRef(text).contains('.');
}

void ts::printScriptValue(AsmPrinter &printer, Attribute value) {
  if (auto array = llvm::dyn_cast<ArrayAttr>(value)) {
    printer << '[';
    llvm::interleaveComma(array, printer, [&](Attribute element) {
      printScriptValue(printer, element);
    });
    printer << ']';
    return;
  }
  if (auto integer = llvm::dyn_cast<IntegerAttr>(value);
      integer && integer.getType().isSignlessInteger(64)) {
    printer.printAttributeWithoutType(value);
    return;
  }
  if (auto real = llvm::dyn_cast<FloatAttr>(value);
      real && real.getType().isF64() && printsAsDecimal(real.getValue())) {
    printer.printAttributeWithoutType(value);
    return;
  }
  printer.printAttribute(value);
}

static ParseResult parseSlotValue(OpAsmParser &parser, Attribute &value) {
  return parser.parseAttribute(value);
}

static void printSlotValue(OpAsmPrinter &printer, Operation *,
                           Attribute value) {
  ts::printScriptValue(printer, value);
}

//===----------------------------------------------------------------------===//
// ScriptModuleOp
//===----------------------------------------------------------------------===//

void ScriptModuleOp::build(OpBuilder &builder, OperationState &state,
                           StringRef name, StringRef className) {
  state.addAttribute(getSymNameAttrName(state.name),
                     builder.getStringAttr(name));
  state.addAttribute(getClassNameAttrName(state.name),
                     builder.getStringAttr(className));
  state.addRegion()->emplaceBlock();
}

ModuleType ScriptModuleOp::getType() {
  return ModuleType::get(getContext(), getClassName());
}

bool ScriptModuleOp::isRoot() {
  return !llvm::isa_and_nonnull<ScriptModuleOp>((*this)->getParentOp());
}

ScriptModuleOp ScriptModuleOp::getRoot() {
  ScriptModuleOp root = *this;
  while (auto parent =
             llvm::dyn_cast_or_null<ScriptModuleOp>(root->getParentOp()))
    root = parent;
  return root;
}

std::string ScriptModuleOp::getPath() {
  SmallVector<StringRef> names;
  for (ScriptModuleOp object = *this; !object.isRoot();
       object = llvm::cast<ScriptModuleOp>(object->getParentOp()))
    names.push_back(object.getSymName());
  return llvm::join(llvm::reverse(names), ".");
}

SlotOpInterface ScriptModuleOp::lookupSlot(StringRef name) {
  return llvm::dyn_cast_or_null<SlotOpInterface>(
      mlir::SymbolTable::lookupSymbolIn(*this, name));
}

ScriptModuleOp ScriptModuleOp::lookupSubmodule(StringRef name) {
  return llvm::dyn_cast_or_null<ScriptModuleOp>(
      mlir::SymbolTable::lookupSymbolIn(*this, name));
}

MethodOp ScriptModuleOp::lookupMethod(StringRef name) {
  return llvm::dyn_cast_or_null<MethodOp>(
      mlir::SymbolTable::lookupSymbolIn(*this, name));
}

/// The symbol `name` of `module` through the cached table: a hash lookup
/// where SymbolTable::lookupSymbolIn scans the body.
static Operation *lookupCached(ScriptModuleOp module, StringRef name,
                               SymbolTableCollection &symbolTables) {
  return symbolTables.lookupSymbolIn(
      module, StringAttr::get(module.getContext(), name));
}

SlotOpInterface
ScriptModuleOp::lookupSlot(StringRef name,
                           SymbolTableCollection &symbolTables) {
  return llvm::dyn_cast_or_null<SlotOpInterface>(
      lookupCached(*this, name, symbolTables));
}

ScriptModuleOp
ScriptModuleOp::lookupSubmodule(StringRef name,
                                SymbolTableCollection &symbolTables) {
  return llvm::dyn_cast_or_null<ScriptModuleOp>(
      lookupCached(*this, name, symbolTables));
}

MethodOp ScriptModuleOp::lookupMethod(StringRef name,
                                      SymbolTableCollection &symbolTables) {
  return llvm::dyn_cast_or_null<MethodOp>(
      lookupCached(*this, name, symbolTables));
}

Type ScriptModuleOp::getSlotType() { return getType(); }
Attribute ScriptModuleOp::getSlotValue() { return {}; }

LogicalResult ScriptModuleOp::verify() {
  if (!isLoadableQualifiedName(getClassName()))
    return emitOpError() << "class name '" << getClassName()
                         << "' is not a qualified name under '__torch__' "
                            "(torch.jit.load resolves no other classes)";
  return success();
}

namespace {
/// What every object of one class must agree on, spelled so that the first
/// difference can be reported.
struct ClassMember {
  std::string description;
  Operation *op;
};
} // namespace

static SmallVector<ClassMember> describeClass(ScriptModuleOp object) {
  SmallVector<ClassMember> members;
  for (Operation &op : object.getBody().front()) {
    std::string text;
    llvm::raw_string_ostream os(text);
    if (auto submodule = llvm::dyn_cast<ScriptModuleOp>(op)) {
      os << "submodule '" << submodule.getSymName() << "' of class '"
         << submodule.getClassName() << "'";
    } else if (auto slot = llvm::dyn_cast<SlotOpInterface>(op)) {
      os << op.getName().stripDialect() << " '" << slot.getSlotName()
         << "' : " << slot.getSlotType();
    } else if (auto constant = llvm::dyn_cast<ClassConstantOp>(op)) {
      os << "class constant '" << constant.getSymName()
         << "' : " << constant.getType() << " = " << constant.getValue();
    } else if (auto method = llvm::dyn_cast<MethodOp>(op)) {
      os << "method '" << method.getSymName()
         << "' : " << method.getFunctionType() << " with arguments "
         << method.getArgNames();
      if (ArrayAttr argAttrs = method.getArgAttrsAttr())
        os << " " << argAttrs;
    } else {
      continue;
    }
    members.push_back({std::move(text), &op});
  }
  return members;
}

/// All objects of one class share the class's slots, constants and methods
/// in TorchScript; check that the per-object copies agree.
static LogicalResult verifyClassesAgree(ScriptModuleOp root) {
  // The first object of each class and its description, built once: every
  // later object of the class is compared with it.
  struct FirstOfClass {
    ScriptModuleOp object;
    SmallVector<ClassMember> members;
  };
  llvm::StringMap<FirstOfClass> firstOfClass;
  WalkResult result = root.walk([&](ScriptModuleOp object) {
    auto [it, inserted] = firstOfClass.try_emplace(object.getClassName());
    if (inserted) {
      it->second = {object, describeClass(object)};
      return WalkResult::advance();
    }
    const SmallVector<ClassMember> &expected = it->second.members;
    SmallVector<ClassMember> actual = describeClass(object);
    for (size_t i = 0, e = std::max(expected.size(), actual.size()); i < e;
         ++i) {
      if (i < expected.size() && i < actual.size() &&
          expected[i].description == actual[i].description)
        continue;
      InFlightDiagnostic diag = object.emitOpError()
                                << "disagrees with another object of class '"
                                << object.getClassName() << "': ";
      if (i < actual.size())
        diag << "it has " << actual[i].description;
      else
        diag << "it lacks " << expected[i].description;
      if (i < expected.size())
        diag.attachNote(expected[i].op->getLoc())
            << "where the other object has " << expected[i].description;
      else
        diag.attachNote(it->second.object.getLoc())
            << "the other object ends here";
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  return failure(result.wasInterrupted());
}

LogicalResult ScriptModuleOp::verifyRegions() {
  // The body lists slots, then class constants, then methods.
  enum { Slots, Constants, Methods } phase = Slots;
  for (Operation &op : getBody().front()) {
    if (llvm::isa<SlotOpInterface>(op)) {
      if (phase != Slots)
        return op.emitOpError()
               << "must precede the class constants and methods of its "
                  "module (slots come first, in class order)";
    } else if (llvm::isa<ClassConstantOp>(op)) {
      if (phase == Methods)
        return op.emitOpError() << "must precede the methods of its module";
      phase = Constants;
    } else if (llvm::isa<MethodOp>(op)) {
      phase = Methods;
    } else {
      return op.emitOpError()
             << "cannot appear in a module body, which holds only slots, "
                "class constants and methods";
    }
  }
  if (isRoot())
    return verifyClassesAgree(*this);
  return success();
}

//===----------------------------------------------------------------------===//
// Value slots and class constants
//===----------------------------------------------------------------------===//

static LogicalResult verifyValueSlot(Operation *op, Type type, Attribute value,
                                     bool requiresGrad, bool tensorOnly) {
  auto emitError = [op] { return op->emitOpError(); };
  if (llvm::isa<ModuleType>(type))
    return op->emitOpError()
           << "cannot hold a module; a submodule is a nested ts.module";
  if (tensorOnly) {
    Type element = type;
    if (auto optional = llvm::dyn_cast<OptionalType>(type))
      element = optional.getElementType();
    if (!llvm::isa<ts::TensorType, ts::NoneType>(element))
      return op->emitOpError()
             << "type must be a tensor, an optional tensor or none, not "
             << type;
  }
  if (failed(verifyValueOfType(value, type, emitError)))
    return failure();
  if (requiresGrad && !llvm::isa<ElementsAttr>(value))
    return op->emitOpError() << "requires_grad needs a tensor value";
  if (requiresGrad) {
    Type element = llvm::cast<ElementsAttr>(value).getElementType();
    if (!llvm::isa<mlir::FloatType, ComplexType>(element))
      return op->emitOpError()
             << "requires_grad needs a floating-point or complex tensor";
  }
  return success();
}

LogicalResult ParameterOp::verify() {
  return verifyValueSlot(*this, getType(), getValue(), getRequiresGrad(),
                         /*tensorOnly=*/true);
}
Type ParameterOp::getSlotType() { return getType(); }
Attribute ParameterOp::getSlotValue() { return getValue(); }

LogicalResult BufferOp::verify() {
  return verifyValueSlot(*this, getType(), getValue(), getRequiresGrad(),
                         /*tensorOnly=*/true);
}
Type BufferOp::getSlotType() { return getType(); }
Attribute BufferOp::getSlotValue() { return getValue(); }

LogicalResult AttributeOp::verify() {
  return verifyValueSlot(*this, getType(), getValue(), getRequiresGrad(),
                         /*tensorOnly=*/false);
}
Type AttributeOp::getSlotType() { return getType(); }
Attribute AttributeOp::getSlotValue() { return getValue(); }

LogicalResult ClassConstantOp::verify() {
  return verifyValueSlot(*this, getType(), getValue(), /*requiresGrad=*/false,
                         /*tensorOnly=*/false);
}

//===----------------------------------------------------------------------===//
// MethodOp and FunctionOp
//
//   ts.method @name(%self: !M, %x: !ts.int = 3) -> !ts.int
//       attributes {...} { body }
//===----------------------------------------------------------------------===//

template <typename OpT>
static void buildFunctionLike(OpBuilder &builder, OperationState &state,
                              StringRef name, FunctionType type,
                              ArrayRef<StringRef> argNames) {
  state.addAttribute(SymbolTable::getSymbolAttrName(),
                     builder.getStringAttr(name));
  state.addAttribute(OpT::getFunctionTypeAttrName(state.name),
                     TypeAttr::get(type));
  state.addAttribute(OpT::getArgNamesAttrName(state.name),
                     builder.getStrArrayAttr(argNames));
  Block &body = state.addRegion()->emplaceBlock();
  for (Type input : type.getInputs())
    body.addArgument(input, state.location);
}

void MethodOp::build(OpBuilder &builder, OperationState &state, StringRef name,
                     FunctionType type, ArrayRef<StringRef> argNames) {
  buildFunctionLike<MethodOp>(builder, state, name, type, argNames);
}

void FunctionOp::build(OpBuilder &builder, OperationState &state,
                       StringRef name, FunctionType type,
                       ArrayRef<StringRef> argNames) {
  buildFunctionLike<FunctionOp>(builder, state, name, type, argNames);
}

template <typename OpT>
static ParseResult parseFunctionLike(OpAsmParser &parser,
                                     OperationState &result) {
  MLIRContext *context = parser.getContext();
  Builder &builder = parser.getBuilder();
  StringAttr name;
  if (parser.parseSymbolName(name, SymbolTable::getSymbolAttrName(),
                             result.attributes))
    return failure();

  SmallVector<OpAsmParser::Argument> arguments;
  SmallVector<Attribute> argNames;
  bool anyArgAttrs = false;
  auto parseArgument = [&]() -> ParseResult {
    OpAsmParser::Argument &argument = arguments.emplace_back();
    if (parser.parseArgument(argument, /*allowType=*/true,
                             /*allowAttrs=*/false))
      return failure();
    NamedAttrList attrs;
    if (succeeded(parser.parseOptionalEqual())) {
      Attribute defaultValue;
      if (parser.parseAttribute(defaultValue))
        return failure();
      attrs.set(TorchScriptDialect::getDefaultAttrName(), defaultValue);
    }
    if (parser.parseOptionalAttrDict(attrs))
      return failure();
    argument.attrs = attrs.getDictionary(context);
    anyArgAttrs |= !attrs.empty();
    // The SSA name is the TorchScript argument name.
    argNames.push_back(
        builder.getStringAttr(argument.ssaName.name.drop_front()));
    return success();
  };
  if (parser.parseCommaSeparatedList(OpAsmParser::Delimiter::Paren,
                                     parseArgument))
    return failure();

  Type resultType;
  if (parser.parseArrow() || parser.parseType(resultType))
    return failure();
  if (parser.parseOptionalAttrDictWithKeyword(result.attributes))
    return failure();

  SmallVector<Type> inputTypes;
  for (OpAsmParser::Argument &argument : arguments)
    inputTypes.push_back(argument.type);
  result.addAttribute(OpT::getFunctionTypeAttrName(result.name),
                      TypeAttr::get(builder.getFunctionType(
                          inputTypes, ArrayRef<Type>(resultType))));
  result.addAttribute(OpT::getArgNamesAttrName(result.name),
                      builder.getArrayAttr(argNames));
  if (anyArgAttrs) {
    SmallVector<Attribute> argAttrs;
    for (OpAsmParser::Argument &argument : arguments)
      argAttrs.push_back(argument.attrs);
    result.addAttribute(OpT::getArgAttrsAttrName(result.name),
                        builder.getArrayAttr(argAttrs));
  }
  Region *body = result.addRegion();
  return parser.parseRegion(*body, arguments, /*enableNameShadowing=*/false);
}

template <typename OpT>
static void printFunctionLike(OpAsmPrinter &printer, OpT op) {
  printer << ' ';
  printer.printSymbolName(op.getSymName());
  printer << '(';
  Block &body = op.getBodyBlock();
  for (unsigned i = 0, e = body.getNumArguments(); i < e; ++i) {
    if (i)
      printer << ", ";
    BlockArgument argument = body.getArgument(i);
    printer.printOperand(argument);
    printer << ": " << argument.getType();
    SmallVector<NamedAttribute> attrs;
    if (DictionaryAttr dict = op.getArgAttrDict(i))
      llvm::append_range(attrs, dict.getValue());
    if (Attribute defaultValue = op.getArgDefault(i)) {
      printer << " = ";
      printScriptValue(printer, defaultValue);
    }
    printer.printOptionalAttrDict(
        attrs, /*elidedAttrs=*/{TorchScriptDialect::getDefaultAttrName()});
  }
  printer << ") -> ";
  llvm::interleaveComma(op.getFunctionType().getResults(), printer);
  printer.printOptionalAttrDictWithKeyword(
      op->getAttrs(),
      {SymbolTable::getSymbolAttrName(), op.getFunctionTypeAttrName(),
       op.getArgNamesAttrName(), op.getArgAttrsAttrName()});
  printer << ' ';
  printer.printRegion(op.getBody(), /*printEntryBlockArgs=*/false,
                      /*printBlockTerminators=*/true);
}

ParseResult MethodOp::parse(OpAsmParser &parser, OperationState &result) {
  return parseFunctionLike<MethodOp>(parser, result);
}
void MethodOp::print(OpAsmPrinter &printer) {
  printFunctionLike(printer, *this);
}
ParseResult FunctionOp::parse(OpAsmParser &parser, OperationState &result) {
  return parseFunctionLike<FunctionOp>(parser, result);
}
void FunctionOp::print(OpAsmPrinter &printer) {
  printFunctionLike(printer, *this);
}

template <typename OpT>
static Attribute getArgDefaultOf(OpT op, unsigned index) {
  DictionaryAttr attrs = op.getArgAttrDict(index);
  return attrs ? attrs.get(TorchScriptDialect::getDefaultAttrName())
               : Attribute();
}

Attribute MethodOp::getArgDefault(unsigned index) {
  return getArgDefaultOf(*this, index);
}
Attribute FunctionOp::getArgDefault(unsigned index) {
  return getArgDefaultOf(*this, index);
}
ReturnOp MethodOp::getReturnOp() {
  return llvm::dyn_cast<ReturnOp>(getBodyBlock().getTerminator());
}
ReturnOp FunctionOp::getReturnOp() {
  return llvm::dyn_cast<ReturnOp>(getBodyBlock().getTerminator());
}

void MethodOp::getAsmBlockArgumentNames(Region &region,
                                        OpAsmSetValueNameFn setNameFn) {
  if (&region != &getBody() || getArgNames().size() != getNumArguments())
    return;
  for (unsigned i = 0, e = getNumArguments(); i < e; ++i)
    setNameFn(getArgument(i), getArgName(i));
}

void FunctionOp::getAsmBlockArgumentNames(Region &region,
                                          OpAsmSetValueNameFn setNameFn) {
  if (&region != &getBody() || getArgNames().size() != getNumArguments())
    return;
  for (unsigned i = 0, e = getNumArguments(); i < e; ++i)
    setNameFn(getArgument(i), getArgName(i));
}

template <typename OpT> static LogicalResult verifyFunctionLike(OpT op) {
  FunctionType type = op.getFunctionType();
  if (type.getNumResults() != 1)
    return op.emitOpError()
           << "must return exactly one value, as TorchScript functions do";
  for (Type input : type.getInputs())
    if (!isTorchScriptType(input))
      return op.emitOpError()
             << "argument type " << input << " is not a TorchScript type";
  if (!isTorchScriptType(type.getResult(0)))
    return op.emitOpError() << "result type " << type.getResult(0)
                            << " is not a TorchScript type";
  if (op.getArgNames().size() != type.getNumInputs())
    return op.emitOpError()
           << "has " << op.getArgNames().size() << " argument names for "
           << type.getNumInputs() << " arguments";
  llvm::StringSet<> seen;
  for (unsigned i = 0, e = type.getNumInputs(); i < e; ++i) {
    StringRef name = op.getArgName(i);
    if (!isIdentifier(name))
      return op.emitOpError()
             << "argument name '" << name << "' is not an identifier";
    if (!seen.insert(name).second)
      return op.emitOpError() << "has two arguments named '" << name << "'";
    if (Attribute defaultValue = op.getArgDefault(i))
      if (failed(verifyValueOfType(defaultValue, type.getInput(i), [&] {
            return op.emitOpError() << "default of argument '" << name << "': ";
          })))
        return failure();
  }
  return success();
}

template <typename OpT> static LogicalResult verifyFunctionLikeRegion(OpT op) {
  auto ret = op.getReturnOp();
  if (!ret)
    return op.emitOpError() << "body must end in ts.return";
  return success();
}

LogicalResult MethodOp::verify() {
  if (failed(verifyFunctionLike(*this)))
    return failure();
  auto object = (*this)->getParentOfType<ScriptModuleOp>();
  ArrayRef<Type> inputs = getFunctionType().getInputs();
  if (inputs.empty() || inputs.front() != object.getType())
    return emitOpError() << "first argument must be 'self' of type "
                         << object.getType();
  // Python names the receiver as it likes (`def forward(s, x)`), and
  // TorchScript keeps the name: only its type is fixed.
  return success();
}

LogicalResult MethodOp::verifyRegions() {
  return verifyFunctionLikeRegion(*this);
}

LogicalResult FunctionOp::verify() {
  if (!isLoadableQualifiedName(getSymName()))
    return emitOpError() << "name '" << getSymName()
                         << "' is not a qualified name under '__torch__'";
  return verifyFunctionLike(*this);
}

LogicalResult FunctionOp::verifyRegions() {
  return verifyFunctionLikeRegion(*this);
}

LogicalResult ReturnOp::verify() {
  auto function = llvm::cast<FunctionOpInterface>((*this)->getParentOp());
  ArrayRef<Type> results = function.getResultTypes();
  if (getNumOperands() != results.size())
    return emitOpError() << "returns " << getNumOperands()
                         << " values but the function has " << results.size()
                         << " results";
  for (auto [value, type] : llvm::zip_equal(getOperands(), results))
    if (!isSubtypeOf(value.getType(), type))
      return emitOpError() << "returns " << value.getType()
                           << " where the function returns " << type;
  return success();
}

//===----------------------------------------------------------------------===//
// ConstantOp
//===----------------------------------------------------------------------===//

LogicalResult ConstantOp::verify() {
  if (llvm::isa<ModuleType>(getType()))
    return emitOpError() << "a module object is not a constant";
  return verifyValueOfType(getValue(), getType(),
                           [this] { return emitOpError(); });
}

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }

/// Names constants after their value where that reads well (`%true`,
/// `%none`, `%int3`), as arith.constant does.
void ConstantOp::getAsmResultNames(OpAsmSetValueNameFn setNameFn) {
  Attribute value = getValue();
  if (auto boolean = llvm::dyn_cast<BoolAttr>(value)) {
    setNameFn(getResult(), boolean.getValue() ? "true" : "false");
  } else if (llvm::isa<NoneAttr>(value)) {
    setNameFn(getResult(), "none");
  } else if (auto integer = llvm::dyn_cast<IntegerAttr>(value)) {
    SmallString<16> name("int");
    integer.getValue().toStringSigned(name);
    if (name[3] == '-')
      name[3] = 'm';
    setNameFn(getResult(), name);
  } else if (llvm::isa<ts::FloatType>(getType())) {
    setNameFn(getResult(), "float");
  } else if (llvm::isa<StrType>(getType())) {
    setNameFn(getResult(), "str");
  } else {
    setNameFn(getResult(), "cst");
  }
}

//===----------------------------------------------------------------------===//
// Object access and calls
//===----------------------------------------------------------------------===//

/// `%fc = ts.get_attr %self["fc"]` reads like the Python `fc = self.fc`.
void GetAttrOp::getAsmResultNames(OpAsmSetValueNameFn setNameFn) {
  setNameFn(getResult(), getName());
}

/// The slot `name` of the object `object` resolves to: null when the object
/// does not resolve statically, failure (diagnosed at `op`) when its class
/// has no such attribute. Objects are typed by their class (`self` by the
/// method verifier, slots by the access checks), so the resolved object is
/// of the object's type.
static FailureOr<SlotOpInterface>
resolveSlot(Operation *op, Value object, StringRef name,
            SymbolTableCollection &symbolTables) {
  ScriptModuleOp resolved = resolveObject(object, symbolTables);
  if (!resolved)
    return SlotOpInterface();
  if (SlotOpInterface slot = resolved.lookupSlot(name, symbolTables))
    return slot;
  return op->emitOpError() << "class '" << resolved.getClassName()
                           << "' has no attribute '" << name << "'";
}

LogicalResult GetAttrOp::verifySymbolUses(SymbolTableCollection &symbolTables) {
  FailureOr<SlotOpInterface> slot =
      resolveSlot(*this, getObject(), getName(), symbolTables);
  if (failed(slot) || !*slot)
    return failure(failed(slot));
  // Traced graphs may refine the slot's type.
  if (!isSubtypeOf(getType(), slot->getSlotType()))
    return emitOpError() << "reads attribute '" << getName() << "' of type "
                         << slot->getSlotType() << " as " << getType();
  return success();
}

LogicalResult SetAttrOp::verifySymbolUses(SymbolTableCollection &symbolTables) {
  FailureOr<SlotOpInterface> slot =
      resolveSlot(*this, getObject(), getName(), symbolTables);
  if (failed(slot) || !*slot)
    return failure(failed(slot));
  if (llvm::isa<ScriptModuleOp>(slot->getOperation()))
    return emitOpError() << "cannot replace submodule '" << getName() << "'";
  if (!isSubtypeOf(getValue().getType(), slot->getSlotType()))
    return emitOpError() << "writes " << getValue().getType()
                         << " to attribute '" << getName() << "' of type "
                         << slot->getSlotType();
  return success();
}

/// Checks call arguments and result against a callee signature (without
/// `self` for methods).
static LogicalResult verifyCallSignature(Operation *op, StringRef callee,
                                         TypeRange params, Type calleeResult,
                                         ValueRange arguments, Type result) {
  if (arguments.size() != params.size())
    return op->emitOpError()
           << "passes " << arguments.size() << " arguments to '" << callee
           << "', which takes " << params.size();
  for (auto [index, pair] : llvm::enumerate(llvm::zip_equal(arguments, params)))
    if (!isSubtypeOf(std::get<0>(pair).getType(), std::get<1>(pair)))
      return op->emitOpError()
             << "argument #" << index << " of type "
             << std::get<0>(pair).getType() << " does not match parameter type "
             << std::get<1>(pair) << " of '" << callee << "'";
  if (!isSubtypeOf(calleeResult, result))
    return op->emitOpError()
           << "result type " << result << " does not match the return type "
           << calleeResult << " of '" << callee << "'";
  return success();
}

LogicalResult
CallMethodOp::verifySymbolUses(SymbolTableCollection &symbolTables) {
  // Objects are typed by their class (`self` by the method verifier, slots
  // by the check below), so the resolved object is of the object's type.
  ScriptModuleOp object = resolveObject(getObject(), symbolTables);
  if (!object)
    return success();
  MethodOp method = object.lookupMethod(getMethod(), symbolTables);
  if (!method)
    return emitOpError() << "class '" << object.getClassName()
                         << "' has no method '" << getMethod() << "'";
  return verifyCallSignature(
      *this, getMethod(), method.getArgumentTypes().drop_front(),
      method.getResultTypes().front(), getArguments(), getType());
}

CallInterfaceCallable CallMethodOp::getCallableForCallee() {
  // The call graph resolves a symbol from the nearest symbol table: the
  // `ts.module` holding the calling method, where `self`'s path starts.
  std::optional<SmallVector<StringRef>> path = getObjectPath(getObject());
  if (!path)
    return getObject();
  MLIRContext *context = getContext();
  if (path->empty())
    return FlatSymbolRefAttr::get(context, getMethod());
  SmallVector<FlatSymbolRefAttr> nested;
  for (StringRef name : llvm::drop_begin(*path))
    nested.push_back(FlatSymbolRefAttr::get(context, name));
  nested.push_back(FlatSymbolRefAttr::get(context, getMethod()));
  return SymbolRefAttr::get(context, path->front(), nested);
}

void CallMethodOp::setCalleeFromCallable(CallInterfaceCallable callee) {
  // Only the method can change: the object is an operand.
  if (auto symbol = llvm::dyn_cast_if_present<SymbolRefAttr>(callee))
    setMethod(symbol.getLeafReference().getValue());
}

Operation::operand_range CallMethodOp::getArgOperands() {
  return getOperands();
}

MutableOperandRange CallMethodOp::getArgOperandsMutable() {
  return MutableOperandRange(getOperation());
}

LogicalResult
CallFunctionOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  // Functions live in the builtin module that holds the calling object.
  auto module = (*this)->getParentOfType<mlir::ModuleOp>();
  auto function = llvm::dyn_cast_or_null<FunctionOp>(
      module ? symbolTable.lookupSymbolIn(module, getCalleeAttr()) : nullptr);
  if (!function)
    return emitOpError() << "calls '" << getCallee()
                         << "', which is not a ts.function of the module";
  return verifyCallSignature(*this, getCallee(), function.getArgumentTypes(),
                             function.getResultTypes().front(), getArguments(),
                             getType());
}

//===----------------------------------------------------------------------===//
// Tuples, lists and dicts
//===----------------------------------------------------------------------===//

LogicalResult TupleConstructOp::verify() {
  ArrayRef<Type> elementTypes = getType().getElementTypes();
  if (elementTypes.size() != getElements().size())
    return emitOpError() << "builds a tuple of " << elementTypes.size()
                         << " elements from " << getElements().size()
                         << " values";
  for (auto [index, pair] :
       llvm::enumerate(llvm::zip_equal(getElements(), elementTypes)))
    if (!isSubtypeOf(std::get<0>(pair).getType(), std::get<1>(pair)))
      return emitOpError() << "element #" << index << " of type "
                           << std::get<0>(pair).getType()
                           << " does not match tuple element type "
                           << std::get<1>(pair);
  return success();
}

LogicalResult TupleUnpackOp::verify() {
  ArrayRef<Type> elementTypes = getTuple().getType().getElementTypes();
  if (TypeRange(getElements().getTypes()) != TypeRange(elementTypes))
    return emitOpError() << "results must be the tuple's element types";
  return success();
}

LogicalResult ListConstructOp::verify() {
  Type elementType = getType().getElementType();
  for (auto [index, element] : llvm::enumerate(getElements()))
    if (!isSubtypeOf(element.getType(), elementType))
      return emitOpError() << "element #" << index << " of type "
                           << element.getType()
                           << " does not match list element type "
                           << elementType;
  return success();
}

LogicalResult ListUnpackOp::verify() {
  Type elementType = getList().getType().getElementType();
  for (Type type : getElements().getTypes())
    if (!isSubtypeOf(type, elementType) && !isSubtypeOf(elementType, type))
      return emitOpError() << "result type " << type
                           << " does not match list element type "
                           << elementType;
  return success();
}

LogicalResult DictConstructOp::verify() {
  if (getKeysAndValues().size() % 2)
    return emitOpError() << "needs alternating keys and values, got an odd "
                            "number of operands";
  DictType type = getType();
  for (auto [index, value] : llvm::enumerate(getKeysAndValues())) {
    Type expected = index % 2 ? type.getValueType() : type.getKeyType();
    if (!isSubtypeOf(value.getType(), expected))
      return emitOpError() << (index % 2 ? "value" : "key") << " #" << index / 2
                           << " of type " << value.getType()
                           << " does not match " << expected;
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Control flow
//===----------------------------------------------------------------------===//

static LogicalResult verifyYieldedTypes(Operation *op, StringRef what,
                                        TypeRange yielded, TypeRange expected) {
  if (yielded.size() != expected.size())
    return op->emitOpError() << what << " yields " << yielded.size()
                             << " values for " << expected.size() << " results";
  for (auto [index, pair] : llvm::enumerate(llvm::zip_equal(yielded, expected)))
    if (!isSubtypeOf(std::get<0>(pair), std::get<1>(pair)))
      return op->emitOpError()
             << what << " yields " << std::get<0>(pair) << " for result #"
             << index << " of type " << std::get<1>(pair);
  return success();
}

LogicalResult IfOp::verify() {
  for (auto [region, what] :
       {std::make_pair(&getThenRegion(), "then branch"),
        std::make_pair(&getElseRegion(), "else branch")}) {
    auto yield = llvm::dyn_cast<YieldOp>(region->front().getTerminator());
    if (!yield)
      return emitOpError() << what << " must end in ts.yield";
    if (failed(verifyYieldedTypes(*this, what, yield.getResults().getTypes(),
                                  getResultTypes())))
      return failure();
  }
  return success();
}

LogicalResult LoopOp::verify() {
  Block &body = getBodyBlock();
  size_t carried = getInitValues().size();
  if (getNumResults() != carried)
    return emitOpError() << "has " << getNumResults() << " results for "
                         << carried << " loop-carried values";
  if (body.getNumArguments() != carried + 1)
    return emitOpError() << "body must take the iteration index and " << carried
                         << " loop-carried values";
  if (!llvm::isa<IntType>(body.getArgument(0).getType()))
    return emitOpError() << "iteration index must be !ts.int";
  for (auto [index, pair] : llvm::enumerate(
           llvm::zip_equal(getRegionIterArgs(), getResultTypes()))) {
    if (std::get<0>(pair).getType() != std::get<1>(pair))
      return emitOpError() << "loop-carried value #" << index
                           << " has body type " << std::get<0>(pair).getType()
                           << " but result type " << std::get<1>(pair);
    Type init = getInitValues()[index].getType();
    if (!isSubtypeOf(init, std::get<1>(pair)))
      return emitOpError() << "initial value #" << index << " of type " << init
                           << " does not match loop-carried type "
                           << std::get<1>(pair);
  }
  auto condition = llvm::dyn_cast<ConditionOp>(body.getTerminator());
  if (!condition)
    return emitOpError() << "body must end in ts.condition";
  return verifyYieldedTypes(*this, "body", condition.getValues().getTypes(),
                            getResultTypes());
}

//===----------------------------------------------------------------------===//
// OperatorOp
//===----------------------------------------------------------------------===//

/// `"aten::add.Tensor"` holds name `aten::add` and overload `Tensor`.
static ParseResult parseOperatorName(OpAsmParser &parser, StringAttr &name,
                                     StringAttr &overload) {
  std::string qualified;
  llvm::SMLoc loc = parser.getCurrentLocation();
  if (parser.parseString(&qualified))
    return failure();
  size_t separator = qualified.find("::");
  if (separator == std::string::npos)
    return parser.emitError(loc)
           << "expected an operator name 'namespace::name[.overload]'";
  size_t dot = qualified.find('.', separator);
  StringRef text(qualified);
  name = parser.getBuilder().getStringAttr(text.substr(0, dot));
  overload = parser.getBuilder().getStringAttr(
      dot == std::string::npos ? StringRef() : text.substr(dot + 1));
  return success();
}

static void printOperatorName(OpAsmPrinter &printer, OperatorOp op, StringAttr,
                              StringAttr) {
  printer.printString(op.getQualifiedName());
}

std::string OperatorOp::getQualifiedName() {
  std::string qualified = getName().str();
  if (!getOverload().empty())
    qualified += "." + getOverload().str();
  return qualified;
}

LogicalResult OperatorOp::verify() {
  auto [ns, name] = getName().split("::");
  if (!isIdentifier(ns) || !isIdentifier(name))
    return emitOpError() << "operator name '" << getName()
                         << "' is not of the form 'namespace::name'";
  if (!getOverload().empty() && !isIdentifier(getOverload()))
    return emitOpError() << "overload name '" << getOverload()
                         << "' is not an identifier";
  static constexpr std::pair<StringLiteral, StringLiteral> kDedicated[] = {
      {"prim::Constant", "ts.constant"},
      {"prim::GetAttr", "ts.get_attr"},
      {"prim::SetAttr", "ts.set_attr"},
      {"prim::CallMethod", "ts.call_method"},
      {"prim::CallFunction", "ts.call_function"},
      {"prim::TupleConstruct", "ts.tuple_construct"},
      {"prim::TupleUnpack", "ts.tuple_unpack"},
      {"prim::ListConstruct", "ts.list_construct"},
      {"prim::ListUnpack", "ts.list_unpack"},
      {"prim::DictConstruct", "ts.dict_construct"},
      {"prim::If", "ts.if"},
      {"prim::Loop", "ts.loop"},
      {"prim::Return", "ts.return"},
      {"prim::Param", "the arguments of ts.method"},
  };
  for (auto [kind, replacement] : kDedicated)
    if (getName() == kind)
      return emitOpError() << "'" << kind << "' is spelled " << replacement;
  return success();
}

#include "nirtorch/Dialect/TorchScript/TorchScriptInterfaces.cpp.inc"

#define GET_OP_CLASSES
#include "nirtorch/Dialect/TorchScript/TorchScriptOps.cpp.inc"
