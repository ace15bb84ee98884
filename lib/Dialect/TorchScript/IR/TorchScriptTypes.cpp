//===- TorchScriptTypes.cpp - TorchScript types and attributes ------------===//

#include "nirtorch/Dialect/TorchScript/TorchScriptTypes.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::ts;

#define GET_TYPEDEF_CLASSES
#include "nirtorch/Dialect/TorchScript/TorchScriptOpsTypes.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "nirtorch/Dialect/TorchScript/TorchScriptAttrs.cpp.inc"

void TorchScriptDialect::registerTypes() {
  addTypes<
#define GET_TYPEDEF_LIST
#include "nirtorch/Dialect/TorchScript/TorchScriptOpsTypes.cpp.inc"
      >();
}

void TorchScriptDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "nirtorch/Dialect/TorchScript/TorchScriptAttrs.cpp.inc"
      >();
}

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

bool ts::isTorchScriptType(Type type) {
  return type && llvm::isa<TorchScriptDialect>(type.getDialect());
}

bool ts::isTensorElementType(Type type) {
  if (!type)
    return false;
  if (type.isF16() || type.isBF16() || type.isF32() || type.isF64())
    return true;
  if (auto integer = llvm::dyn_cast<IntegerType>(type)) {
    unsigned width = integer.getWidth();
    if (integer.isUnsigned())
      return width == 8;
    if (integer.isSignless())
      return width == 1 || width == 8 || width == 16 || width == 32 ||
             width == 64;
    return false;
  }
  if (auto complex = llvm::dyn_cast<ComplexType>(type))
    return complex.getElementType().isF32() || complex.getElementType().isF64();
  return false;
}

static bool isTensorSubtypeOf(ts::TensorType sub, ts::TensorType super) {
  if (super.getDtype() && super.getDtype() != sub.getDtype())
    return false;
  if (!super.getSizes())
    return true;
  if (!sub.getSizes() || sub.getSizes()->size() != super.getSizes()->size())
    return false;
  for (auto [s, t] : llvm::zip_equal(*sub.getSizes(), *super.getSizes()))
    if (t != ShapedType::kDynamic && s != t)
      return false;
  return true;
}

bool ts::isSubtypeOf(Type sub, Type super) {
  if (sub == super)
    return true;
  // The mirror cannot look inside opaque types; TorchScript checked them.
  if (llvm::isa<ts::OpaqueType>(sub) || llvm::isa<ts::OpaqueType>(super))
    return true;
  if (auto superTensor = llvm::dyn_cast<ts::TensorType>(super)) {
    auto subTensor = llvm::dyn_cast<ts::TensorType>(sub);
    return subTensor && isTensorSubtypeOf(subTensor, superTensor);
  }
  if (auto optional = llvm::dyn_cast<OptionalType>(super)) {
    if (llvm::isa<ts::NoneType>(sub))
      return true;
    if (auto subOptional = llvm::dyn_cast<OptionalType>(sub))
      return isSubtypeOf(subOptional.getElementType(),
                         optional.getElementType());
    return isSubtypeOf(sub, optional.getElementType());
  }
  if (auto superTuple = llvm::dyn_cast<ts::TupleType>(super)) {
    auto subTuple = llvm::dyn_cast<ts::TupleType>(sub);
    if (!subTuple || subTuple.getElementTypes().size() !=
                         superTuple.getElementTypes().size())
      return false;
    // A NamedTuple is a plain tuple of its fields; another class is not.
    if (superTuple.isNamed() &&
        (subTuple.getName() != superTuple.getName() ||
         subTuple.getFieldNames() != superTuple.getFieldNames()))
      return false;
    return llvm::all_of(llvm::zip_equal(subTuple.getElementTypes(),
                                        superTuple.getElementTypes()),
                        [](auto pair) {
                          return isSubtypeOf(std::get<0>(pair),
                                             std::get<1>(pair));
                        });
  }
  // Lists, dicts, modules and scalars are invariant.
  return false;
}

LogicalResult
ts::verifyValueOfType(Attribute value, Type type,
                      function_ref<InFlightDiagnostic()> emitError) {
  auto mismatch = [&](StringRef expected) -> LogicalResult {
    if (!emitError)
      return failure();
    return emitError() << "value " << value << " does not encode a " << type
                       << ": expected " << expected;
  };
  auto check = [&](bool ok, StringRef expected) -> LogicalResult {
    if (ok)
      return success();
    return mismatch(expected);
  };
  auto isI64 = [](Attribute attr) {
    auto integer = llvm::dyn_cast<IntegerAttr>(attr);
    return integer && integer.getType().isSignlessInteger(64);
  };
  auto isF64 = [](Attribute attr) {
    auto real = llvm::dyn_cast<FloatAttr>(attr);
    return real && real.getType().isF64();
  };
  return llvm::TypeSwitch<Type, LogicalResult>(type)
      .Case([&](IntType) { return check(isI64(value), "a 64-bit integer"); })
      .Case([&](ts::FloatType) { return check(isF64(value), "an f64 float"); })
      .Case([&](BoolType) {
        return check(llvm::isa<BoolAttr>(value), "true or false");
      })
      .Case<StrType, DeviceType>(
          [&](Type) { return check(llvm::isa<StringAttr>(value), "a string"); })
      .Case([&](ts::NoneType) {
        return check(llvm::isa<NoneAttr>(value), "#ts.none");
      })
      .Case([&](ts::TensorType tensor) -> LogicalResult {
        auto elements = llvm::dyn_cast<ElementsAttr>(value);
        if (!elements)
          return mismatch("an elements attribute");
        auto shaped = llvm::dyn_cast<RankedTensorType>(elements.getType());
        if (!shaped || !shaped.hasStaticShape() ||
            !isTensorElementType(shaped.getElementType()))
          return mismatch("a statically shaped tensor of a TorchScript dtype");
        auto actual = ts::TensorType::get(type.getContext(), shaped.getShape(),
                                          shaped.getElementType());
        if (!isSubtypeOf(actual, tensor))
          return mismatch("a tensor of the type's sizes and dtype");
        return success();
      })
      .Case([&](OptionalType optional) {
        if (llvm::isa<NoneAttr>(value))
          return success();
        return verifyValueOfType(value, optional.getElementType(), emitError);
      })
      .Case([&](ts::TupleType tuple) -> LogicalResult {
        auto array = llvm::dyn_cast<ArrayAttr>(value);
        if (!array || array.size() != tuple.getElementTypes().size())
          return mismatch("an array with one value per tuple element");
        for (auto [element, elementType] :
             llvm::zip_equal(array, tuple.getElementTypes()))
          if (failed(verifyValueOfType(element, elementType, emitError)))
            return failure();
        return success();
      })
      .Case([&](ListType list) -> LogicalResult {
        auto array = llvm::dyn_cast<ArrayAttr>(value);
        if (!array)
          return mismatch("an array of the elements");
        for (Attribute element : array)
          if (failed(
                  verifyValueOfType(element, list.getElementType(), emitError)))
            return failure();
        return success();
      })
      .Case([&](DictType dict) -> LogicalResult {
        auto array = llvm::dyn_cast<ArrayAttr>(value);
        if (!array)
          return mismatch("an array of [key, value] pairs");
        for (Attribute item : array) {
          auto pair = llvm::dyn_cast<ArrayAttr>(item);
          if (!pair || pair.size() != 2)
            return mismatch("an array of [key, value] pairs");
          if (failed(
                  verifyValueOfType(pair[0], dict.getKeyType(), emitError)) ||
              failed(
                  verifyValueOfType(pair[1], dict.getValueType(), emitError)))
            return failure();
        }
        return success();
      })
      .Case([&](ts::OpaqueType) -> LogicalResult {
        // Without a precise type, the attribute kind is the value's kind.
        if (isI64(value) || isF64(value) ||
            llvm::isa<BoolAttr, StringAttr, NoneAttr, ElementsAttr>(value))
          return success();
        return mismatch("an int, float, bool, string, None or tensor (the "
                        "value of an opaque type is read by its kind)");
      })
      .Default([&](Type) -> LogicalResult {
        if (!emitError)
          return failure();
        return emitError() << "type " << type << " has no values here";
      });
}

//===----------------------------------------------------------------------===//
// ts::TensorType
//===----------------------------------------------------------------------===//

LogicalResult
ts::TensorType::verify(function_ref<InFlightDiagnostic()> emitError,
                       std::optional<ArrayRef<int64_t>> sizes, Type dtype) {
  if (sizes)
    for (int64_t size : *sizes)
      if (size < 0 && size != ShapedType::kDynamic)
        return emitError() << "tensor sizes must be non-negative or '?'";
  if (dtype && !isTensorElementType(dtype))
    return emitError() << dtype << " is not a TorchScript dtype";
  return success();
}

bool ts::TensorType::hasStaticShapeAndDtype() const {
  return getDtype() && getSizes() &&
         llvm::none_of(*getSizes(), ShapedType::isDynamic);
}

RankedTensorType ts::TensorType::toBuiltinTensorType() const {
  if (!hasStaticShapeAndDtype())
    return {};
  return RankedTensorType::get(*getSizes(), getDtype());
}

/// `!ts.tensor` or `!ts.tensor<sizes, dtype>` where sizes is `*` or
/// `[d0, ?, ...]` and dtype is an element type or `?`.
Type ts::TensorType::parse(AsmParser &parser) {
  MLIRContext *context = parser.getContext();
  if (failed(parser.parseOptionalLess()))
    return ts::TensorType::get(context);
  std::optional<SmallVector<int64_t>> sizes;
  if (failed(parser.parseOptionalStar())) {
    sizes.emplace();
    auto parseSize = [&]() -> ParseResult {
      if (succeeded(parser.parseOptionalQuestion())) {
        sizes->push_back(ShapedType::kDynamic);
        return success();
      }
      int64_t size = 0;
      if (parser.parseInteger(size))
        return failure();
      sizes->push_back(size);
      return success();
    };
    if (parser.parseCommaSeparatedList(AsmParser::Delimiter::Square, parseSize))
      return {};
  }
  Type dtype;
  if (parser.parseComma())
    return {};
  if (failed(parser.parseOptionalQuestion()) && parser.parseType(dtype))
    return {};
  if (parser.parseGreater())
    return {};
  std::optional<ArrayRef<int64_t>> sizesRef;
  if (sizes)
    sizesRef = ArrayRef<int64_t>(*sizes);
  return parser.getChecked<ts::TensorType>(context, sizesRef, dtype);
}

void ts::TensorType::print(AsmPrinter &printer) const {
  if (!getSizes() && !getDtype())
    return;
  printer << '<';
  if (std::optional<ArrayRef<int64_t>> sizes = getSizes()) {
    printer << '[';
    llvm::interleaveComma(*sizes, printer, [&](int64_t size) {
      if (ShapedType::isDynamic(size))
        printer << '?';
      else
        printer << size;
    });
    printer << ']';
  } else {
    printer << '*';
  }
  printer << ", ";
  if (getDtype())
    printer << getDtype();
  else
    printer << '?';
  printer << '>';
}

//===----------------------------------------------------------------------===//
// Containers, modules, opaque types
//===----------------------------------------------------------------------===//

static LogicalResult
verifyElementType(function_ref<InFlightDiagnostic()> emitError, Type type,
                  StringRef what) {
  if (!isTorchScriptType(type))
    return emitError() << what << " " << type << " is not a TorchScript type";
  return success();
}

// !ts.tuple<T1, T2> or !ts.tuple<"name"(field: T, field: T = default)>.
Type ts::TupleType::parse(AsmParser &parser) {
  MLIRContext *context = parser.getContext();
  SmallVector<Type> elements;
  if (parser.parseLess())
    return {};
  std::string name;
  if (succeeded(parser.parseOptionalString(&name))) {
    SmallVector<StringAttr> fieldNames;
    SmallVector<Attribute> defaults;
    auto parseField = [&]() -> ParseResult {
      std::string field;
      Type type;
      if (parser.parseKeywordOrString(&field) || parser.parseColon() ||
          parser.parseType(type))
        return failure();
      fieldNames.push_back(StringAttr::get(context, field));
      elements.push_back(type);
      if (succeeded(parser.parseOptionalEqual())) {
        Attribute value;
        if (parser.parseAttribute(value))
          return failure();
        defaults.push_back(value);
      } else if (!defaults.empty()) {
        return parser.emitError(parser.getCurrentLocation(),
                                "field '")
               << field << "' without a default follows one with a default";
      }
      return success();
    };
    if (parser.parseCommaSeparatedList(AsmParser::Delimiter::Paren,
                                       parseField) ||
        parser.parseGreater())
      return {};
    return parser.getChecked<ts::TupleType>(
        context, ArrayRef<Type>(elements), StringAttr::get(context, name),
        ArrayRef<StringAttr>(fieldNames),
        defaults.empty() ? ArrayAttr() : ArrayAttr::get(context, defaults));
  }
  if (failed(parser.parseOptionalGreater())) {
    if (parser.parseTypeList(elements) || parser.parseGreater())
      return {};
  }
  return parser.getChecked<ts::TupleType>(context, elements, StringAttr(),
                                          ArrayRef<StringAttr>(), ArrayAttr());
}

void ts::TupleType::print(AsmPrinter &printer) const {
  printer << '<';
  if (!isNamed()) {
    llvm::interleaveComma(getElementTypes(), printer);
    printer << '>';
    return;
  }
  printer << '"' << getName().getValue() << "\"(";
  size_t firstDefault = getElementTypes().size() -
                        (getFieldDefaults() ? getFieldDefaults().size() : 0);
  for (auto [index, field] : llvm::enumerate(getFieldNames())) {
    if (index)
      printer << ", ";
    printer.printKeywordOrString(field.getValue());
    printer << ": " << getElementTypes()[index];
    if (index >= firstDefault) {
      printer << " = ";
      printScriptValue(printer, getFieldDefaults()[index - firstDefault]);
    }
  }
  printer << ")>";
}

LogicalResult
ts::TupleType::verify(function_ref<InFlightDiagnostic()> emitError,
                      ArrayRef<Type> elementTypes, StringAttr name,
                      ArrayRef<StringAttr> fieldNames,
                      ArrayAttr fieldDefaults) {
  for (Type element : elementTypes)
    if (failed(verifyElementType(emitError, element, "tuple element type")))
      return failure();
  if (fieldNames.empty()) {
    if (name || fieldDefaults)
      return emitError() << "a tuple type with a name or field defaults "
                            "needs field names";
    return success();
  }
  if (!name || name.getValue().empty())
    return emitError() << "a NamedTuple type needs its class name";
  if (fieldNames.size() != elementTypes.size())
    return emitError() << "a NamedTuple type needs one field name per "
                          "element type";
  llvm::StringSet<> seen;
  for (StringAttr field : fieldNames)
    if (field.getValue().empty() || !seen.insert(field.getValue()).second)
      return emitError() << "NamedTuple field name '" << field.getValue()
                         << "' is empty or repeated";
  if (!fieldDefaults)
    return success();
  if (fieldDefaults.size() > elementTypes.size())
    return emitError() << "a NamedTuple type has more field defaults than "
                          "fields";
  size_t firstDefault = elementTypes.size() - fieldDefaults.size();
  for (auto [index, value] : llvm::enumerate(fieldDefaults)) {
    auto diagnose = [&]() -> InFlightDiagnostic {
      return emitError() << "default of NamedTuple field '"
                         << fieldNames[firstDefault + index].getValue()
                         << "': ";
    };
    if (failed(verifyValueOfType(value, elementTypes[firstDefault + index],
                                 diagnose)))
      return failure();
  }
  return success();
}

std::optional<unsigned> ts::TupleType::getFieldIndex(StringRef field) const {
  for (auto [index, name] : llvm::enumerate(getFieldNames()))
    if (name.getValue() == field)
      return index;
  return std::nullopt;
}

LogicalResult ListType::verify(function_ref<InFlightDiagnostic()> emitError,
                               Type elementType) {
  return verifyElementType(emitError, elementType, "list element type");
}

LogicalResult DictType::verify(function_ref<InFlightDiagnostic()> emitError,
                               Type keyType, Type valueType) {
  if (failed(verifyElementType(emitError, keyType, "dict key type")) ||
      failed(verifyElementType(emitError, valueType, "dict value type")))
    return failure();
  // TorchScript dict keys are str, int, float, complex, bool or Tensor
  // (complex has no precise mirror and stays opaque).
  if (!llvm::isa<StrType, IntType, ts::FloatType, BoolType, ts::TensorType,
                 ts::OpaqueType>(keyType))
    return emitError() << "dict key type " << keyType
                       << " is not str, int, float, bool or a tensor";
  return success();
}

LogicalResult OptionalType::verify(function_ref<InFlightDiagnostic()> emitError,
                                   Type elementType) {
  return verifyElementType(emitError, elementType, "optional element type");
}

LogicalResult ModuleType::verify(function_ref<InFlightDiagnostic()> emitError,
                                 StringRef className) {
  if (className.empty())
    return emitError() << "a module type needs a class name";
  return success();
}

LogicalResult
ts::OpaqueType::verify(function_ref<InFlightDiagnostic()> emitError,
                       StringRef annotation) {
  if (annotation.empty())
    return emitError() << "an opaque type needs its TorchScript annotation";
  return success();
}
