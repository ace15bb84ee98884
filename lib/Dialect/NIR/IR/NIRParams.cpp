//===- NIRParams.cpp - Reading and making NIR parameters ------------------===//

#include "nirtorch/Dialect/NIR/NIRParams.h"

#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/APFloat.h"

#include <algorithm>
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
    unsigned bytes = width == 1 ? 1 : width / 8;
    if (data.size() < size_t(n) * bytes)
      return failure();
    for (int64_t i = 0; i < n; ++i) {
      uint64_t word = 0;
      std::memcpy(&word, data.data() + i * bytes, bytes);
      APInt bits(std::max(width, 1u), word);
      if (auto ft = dyn_cast<FloatType>(elt)) {
        visit(i, APFloat(ft.getFloatSemantics(), bits).convertToDouble());
      } else if (elt.isUnsignedInteger()) {
        visit(i, double(bits.getZExtValue()));
      } else {
        visit(i,
              double(width == 1 ? bits.getZExtValue() : bits.getSExtValue()));
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
    visit(i++, elt.isUnsignedInteger() || elt.getIntOrFloatBitWidth() == 1
                   ? double(v.getZExtValue())
                   : double(v.getSExtValue()));
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
