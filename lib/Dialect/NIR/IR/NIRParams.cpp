//===- NIRParams.cpp - Reading and making NIR parameters ------------------===//

#include "nirtorch/Dialect/NIR/NIRParams.h"

#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/APInt.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>

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
