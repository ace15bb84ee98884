//===- Quantization.cpp - Integer parameters plus a scale -----------------===//

#include "nirtorch/Dialect/NIR/Quantization.h"
#include "nirtorch/Dialect/NIR/NIROps.h"
#include "nirtorch/Dialect/NIR/NIRParams.h"

#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/STLExtras.h"

#include <cmath>

using namespace mlir;
using namespace mlir::nir;

namespace {
using Q = QuantizedParameter;
// Biases take `bias_bits`, else the weight range (Rockpool's global_quantize
// counts biases into max_w); v_reset and v_leak live in the membrane state.
const Q weightParams[] = {{"weight", "weight_bits", ""},
                          {"bias", "bias_bits", "weight_bits"}};
const Q linearParams[] = {{"weight", "weight_bits", ""}};
const Q ifParams[] = {{"v_threshold", "threshold_bits", ""},
                      {"v_reset", "state_bits", "threshold_bits"}};
const Q leakParams[] = {{"v_leak", "state_bits", "threshold_bits"}};
const Q spikingParams[] = {{"v_leak", "state_bits", "threshold_bits"},
                           {"v_threshold", "threshold_bits", ""},
                           {"v_reset", "state_bits", "threshold_bits"}};
} // namespace

bool nir::isQuantizableType(StringRef nirType) {
  return nirType == "I" || !getQuantizedParameters(nirType).empty();
}

ArrayRef<QuantizedParameter> nir::getQuantizedParameters(StringRef nirType) {
  if (nirType == "Affine" || nirType == "Conv1d" || nirType == "Conv2d")
    return ArrayRef<Q>(weightParams);
  if (nirType == "Linear")
    return ArrayRef<Q>(linearParams);
  if (nirType == "IF")
    return ArrayRef<Q>(ifParams);
  if (nirType == "LI" || nirType == "CubaLI")
    return ArrayRef<Q>(leakParams);
  if (nirType == "LIF" || nirType == "CubaLIF")
    return ArrayRef<Q>(spikingParams);
  return {};
}

static StringRef nirTypeOf(Operation *op) {
  auto node = dyn_cast<NodeOpInterface>(op);
  return node ? node.getNIRTypeName() : StringRef();
}

bool nir::isQuantizedParam(Operation *op, StringRef attrName) {
  if (!op->hasAttr(kQuantScaleAttrName))
    return false;
  return llvm::any_of(
      getQuantizedParameters(nirTypeOf(op)),
      [&](const QuantizedParameter &p) { return p.name == attrName; });
}

FailureOr<DenseElementsAttr> nir::dequantizeParam(ElementsAttr param,
                                                  ElementsAttr scale) {
  FailureOr<SmallVector<double>> values = readParamValues(param);
  FailureOr<SmallVector<double>> scales = readParamValues(scale);
  if (failed(values) || failed(scales) || scales->empty())
    return failure();
  ArrayRef<int64_t> shape = param.getShapedType().getShape();
  int64_t channels = scales->size();
  // Elements per index of dim 0.
  int64_t stride =
      channels == 1 || shape.empty() ? 0 : values->size() / shape[0];
  for (auto [index, value] : llvm::enumerate(*values))
    value /= (*scales)[stride ? index / stride : 0];
  return makeFloatParam(shape, *values, Float32Type::get(param.getContext()));
}

LogicalResult nir::verifyQuantScale(Operation *op, Attribute attr) {
  // quant_c1: only weight and neuron nodes are quantised.
  if (!isQuantizableType(nirTypeOf(op)))
    return op->emitOpError() << "'" << kQuantScaleAttrName
                             << "' belongs on weight and neuron nodes only";
  // quant_c2: the scale is a non-empty 1-D float tensor of positive finite
  // values.
  auto scale = dyn_cast<DenseFPElementsAttr>(attr);
  if (!scale || scale.getType().getRank() != 1 || scale.getNumElements() == 0)
    return op->emitOpError() << "'" << kQuantScaleAttrName
                             << "' must be a non-empty 1-D float tensor";
  for (APFloat value : scale.getValues<APFloat>()) {
    double s = value.convertToDouble();
    if (!(std::isfinite(s) && s > 0))
      return op->emitOpError()
             << "'" << kQuantScaleAttrName
             << "' must hold positive finite scales, got " << s;
  }
  int64_t channels = scale.getNumElements();
  for (const QuantizedParameter &p : getQuantizedParameters(nirTypeOf(op))) {
    auto param = op->getAttrOfType<ElementsAttr>(p.name);
    if (!param)
      continue;
    // quant_c3: the quantised parameters of a quantised node hold integers.
    if (!isa<IntegerType>(param.getElementType()))
      return op->emitOpError()
             << "parameter '" << p.name << "' of a quantised node (with '"
             << kQuantScaleAttrName << "') must hold integers, got "
             << param.getElementType();
    ArrayRef<int64_t> shape = param.getShapedType().getShape();
    // quant_c4: one scale, or one per entry of their dim 0.
    if (channels != 1 && (shape.empty() || shape[0] != channels))
      return op->emitOpError()
             << "'" << kQuantScaleAttrName << "' has " << channels
             << " scales (one per output channel), but parameter '" << p.name
             << "' has " << (shape.empty() ? 0 : shape[0])
             << " entries along dim 0";
  }
  return success();
}
