//===- NIRParams.cpp - Reading and making NIR parameters ------------------===//

#include "nirtorch/Dialect/NIR/NIRParams.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/APInt.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <cmath>
#include <cstring>

using namespace mlir;
using namespace mlir::nir;

/// Calls `visit(index, value)` for every element of an integer or
/// floating-point elements attribute (dense, or a resource blob), read as a
/// double, without materialising them all.
LogicalResult
nir::forEachParamValue(ElementsAttr attr,
                       function_ref<void(int64_t, double)> visit) {
  auto type = cast<ShapedType>(attr.getShapedType());
  Type elt = type.getElementType();
  int64_t n = type.getNumElements();
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(attr)) {
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob)
      return failure();
    ArrayRef<char> data = blob->getData();
    unsigned width = elt.getIntOrFloatBitWidth();
    // Whole bytes per element, as MLIR stores them (i1 one byte, f80 ten).
    unsigned bytes = llvm::divideCeil(width, 8);
    if (data.size() < size_t(n) * bytes)
      return failure();
    for (int64_t i = 0; i < n; ++i) {
      // Loaded as an integer of the element's bytes, so that elements wider
      // than 64 bits (f80, f128, i128) are read whole.
      APInt bits(std::max(bytes, 1u) * 8, 0);
      llvm::LoadIntFromMemory(
          bits, reinterpret_cast<const uint8_t *>(data.data() + i * bytes),
          bytes);
      bits = bits.zextOrTrunc(std::max(width, 1u));
      if (auto ft = dyn_cast<FloatType>(elt)) {
        APFloat value(ft.getFloatSemantics(), bits);
        bool lost;
        value.convert(APFloat::IEEEdouble(), APFloat::rmNearestTiesToEven,
                      &lost);
        visit(i, value.convertToDouble());
      } else {
        visit(i, bits.roundToDouble(
                     /*isSigned=*/!elt.isUnsignedInteger() && width != 1));
      }
    }
    return success();
  }
  int64_t i = 0;
  if (isa<FloatType>(elt)) {
    auto values = attr.tryGetValues<APFloat>();
    if (!values)
      return failure();
    for (APFloat v : *values) {
      bool lost;
      v.convert(APFloat::IEEEdouble(), APFloat::rmNearestTiesToEven, &lost);
      visit(i++, v.convertToDouble());
    }
    return success();
  }
  auto values = attr.tryGetValues<APInt>();
  if (!values)
    return failure();
  for (APInt v : *values)
    visit(i++, v.roundToDouble(/*isSigned=*/!elt.isUnsignedInteger() &&
                               elt.getIntOrFloatBitWidth() != 1));
  return success();
}

/// Reads any integer or floating-point elements attribute as doubles.
FailureOr<SmallVector<double>> nir::readParamValues(ElementsAttr attr) {
  SmallVector<double> out(attr.getNumElements());
  if (failed(forEachParamValue(attr, [&](int64_t i, double v) { out[i] = v; })))
    return failure();
  return out;
}

DenseElementsAttr nir::makeFloatParam(ArrayRef<int64_t> shape,
                                      ArrayRef<double> values, FloatType type) {
  auto tensorType = RankedTensorType::get(shape, type);
  if (type.isF64())
    return DenseElementsAttr::get(tensorType, values);
  if (type.isF32()) {
    SmallVector<float> narrowed(values.begin(), values.end());
    return DenseElementsAttr::get(tensorType, ArrayRef<float>(narrowed));
  }
  SmallVector<APFloat> converted;
  converted.reserve(values.size());
  for (double value : values) {
    APFloat v(value);
    bool lost;
    v.convert(type.getFloatSemantics(), APFloat::rmNearestTiesToEven, &lost);
    converted.push_back(v);
  }
  return DenseElementsAttr::get(tensorType, converted);
}

ElementsAttr nir::reshapeParam(ElementsAttr attr, ArrayRef<int64_t> shape) {
  auto type = RankedTensorType::get(shape, attr.getElementType());
  if (type.getNumElements() != attr.getShapedType().getNumElements())
    return nullptr;
  if (auto dense = dyn_cast<DenseElementsAttr>(attr))
    return dense.reshape(type);
  if (auto blob = dyn_cast<DenseResourceElementsAttr>(attr))
    return DenseResourceElementsAttr::get(type, blob.getRawHandle());
  // Other kinds (sparse) are rebuilt dense, element by element.
  if (auto values = attr.tryGetValues<Attribute>())
    return DenseElementsAttr::get(type, llvm::to_vector(*values));
  return nullptr;
}

std::string nir::getNumpyTypeName(Type type) {
  if (type.isInteger(1))
    return "bool";
  if (auto integer = dyn_cast<IntegerType>(type)) {
    unsigned width = integer.getWidth();
    if (width != 8 && width != 16 && width != 32 && width != 64)
      return "";
    return (integer.isUnsigned() ? "uint" : "int") + std::to_string(width);
  }
  if (type.isF16())
    return "float16";
  if (type.isF32())
    return "float32";
  if (type.isF64())
    return "float64";
  return "";
}

Type nir::parseNumpyTypeName(StringRef name, MLIRContext *context) {
  Builder b(context);
  if (name == "bool")
    return b.getI1Type();
  if (name == "float16")
    return b.getF16Type();
  if (name == "float32")
    return b.getF32Type();
  if (name == "float64")
    return b.getF64Type();
  bool isUnsigned = name.consume_front("uint");
  if (!isUnsigned && !name.consume_front("int"))
    return Type();
  unsigned width;
  if (name.getAsInteger(10, width) ||
      (width != 8 && width != 16 && width != 32 && width != 64))
    return Type();
  return IntegerType::get(context, width,
                          isUnsigned ? IntegerType::Unsigned
                                     : IntegerType::Signless);
}

/// Whether the double `value` is exactly a value of `target`.
static bool holdsExactly(Type target, double value) {
  if (auto ft = dyn_cast<FloatType>(target)) {
    APFloat converted(value);
    bool losesInfo = false;
    APFloat::opStatus status = converted.convert(
        ft.getFloatSemantics(), APFloat::rmNearestTiesToEven, &losesInfo);
    return !losesInfo && (status == APFloat::opOK || std::isnan(value));
  }
  auto integer = cast<IntegerType>(target);
  // Doubles read integers exactly only up to 2^53; beyond, say no.
  if (!std::isfinite(value) || std::trunc(value) != value ||
      std::fabs(value) > 9007199254740992.0)
    return false;
  unsigned width = integer.getWidth();
  if (width == 1)
    return value == 0 || value == 1;
  if (integer.isUnsigned())
    return value >= 0 && (width >= 53 || value < std::ldexp(1.0, width));
  return width >= 54 || (value >= -std::ldexp(1.0, width - 1) &&
                         value < std::ldexp(1.0, width - 1));
}

FailureOr<bool> nir::isExactlyConvertible(ElementsAttr attr, Type target) {
  Type source = attr.getElementType();
  if (source == target)
    return true;
  // Values are read through doubles: wider floats would already be rounded.
  if (isa<FloatType>(source) && source.getIntOrFloatBitWidth() > 64)
    return false;
  // A wider IEEE type holds every value of a narrower one: no need to look.
  auto isIEEE = [](Type t) { return t.isF16() || t.isF32() || t.isF64(); };
  if (isIEEE(source) && isIEEE(target) &&
      source.getIntOrFloatBitWidth() <= target.getIntOrFloatBitWidth())
    return true;
  bool exact = true;
  if (failed(forEachParamValue(attr, [&](int64_t, double value) {
        exact = exact && holdsExactly(target, value);
      })))
    return failure();
  return exact;
}

/// Writes `value`, rounded to `target`, as its little-endian bytes at `out`
/// (whole bytes per element, as MLIR stores them).
static void storeAs(Type target, double value, char *out) {
  unsigned width = target.getIntOrFloatBitWidth();
  APInt bits;
  if (auto ft = dyn_cast<FloatType>(target)) {
    APFloat converted(value);
    bool losesInfo;
    converted.convert(ft.getFloatSemantics(), APFloat::rmNearestTiesToEven,
                      &losesInfo);
    bits = converted.bitcastToAPInt();
  } else {
    bits = APInt(64, static_cast<uint64_t>(static_cast<int64_t>(value)),
                 /*isSigned=*/true)
               .zextOrTrunc(width);
  }
  unsigned bytes = llvm::divideCeil(width, 8);
  llvm::StoreIntToMemory(bits.zextOrTrunc(bytes * 8),
                         reinterpret_cast<uint8_t *>(out), bytes);
}

std::string nir::getResourceName(StringRef path) {
  std::string name;
  for (char c : path)
    name.push_back(c == '/' ? '.'
                   : llvm::isAlnum(c) || c == '_' || c == '$' || c == '.'
                       ? c
                       : '_');
  if (name.empty() || !(llvm::isAlpha(name.front()) || name.front() == '_'))
    name.insert(name.begin(), '_');
  return name;
}

FailureOr<ElementsAttr> nir::convertParamType(ElementsAttr attr, Type target,
                                              StringRef blobName,
                                              size_t blobThreshold) {
  if (attr.getElementType() == target &&
      isa<DenseElementsAttr, DenseResourceElementsAttr>(attr))
    return attr;
  auto shaped = cast<ShapedType>(attr.getShapedType());
  auto type = RankedTensorType::get(shaped.getShape(), target);
  int64_t n = shaped.getNumElements();
  if (target.isInteger(1)) { // MLIR packs i1 data; build it from bools
    SmallVector<bool> values(n);
    if (failed(forEachParamValue(
            attr, [&](int64_t i, double value) { values[i] = value != 0; })))
      return failure();
    return cast<ElementsAttr>(DenseElementsAttr::get(type, values));
  }
  unsigned elementBytes = llvm::divideCeil(target.getIntOrFloatBitWidth(), 8);
  size_t bytes = size_t(n) * elementBytes;
  if (bytes != 0 && bytes >= blobThreshold) {
    AsmResourceBlob blob =
        HeapAsmResourceBlob::allocate(bytes, alignof(double), true);
    char *data = blob.getMutableData().data();
    if (failed(forEachParamValue(attr, [&](int64_t i, double value) {
          storeAs(target, value, data + i * elementBytes);
        })))
      return failure();
    return cast<ElementsAttr>(
        DenseResourceElementsAttr::get(type, getResourceName(blobName),
                                       std::move(blob)));
  }
  std::vector<char> data(bytes);
  if (failed(forEachParamValue(attr, [&](int64_t i, double value) {
        storeAs(target, value, data.data() + i * elementBytes);
      })))
    return failure();
  return cast<ElementsAttr>(DenseElementsAttr::getFromRawBuffer(type, data));
}
