//===- Quantization.h - Integer parameters plus a scale ---------*- C++ -*-===//
//
// How the IR holds a quantised node (docs/Targets.md, "nir-quantize"): the
// parameters that live in the neuron's state domain (a weight node's
// `weight` and `bias`, a neuron's `v_threshold`, `v_reset`, `v_leak`) hold
// integers, with an integer element type, and the node carries the
// discardable attribute `nir.quant_scale`, the factor s the float values
// were multiplied by before rounding: a 1-D float tensor with one entry for
// the whole node or one per output channel (dim 0 of those parameters). The
// float value an integer q stands for is q / s. Every other parameter (tau,
// r, w_in, ...) stays a float: the integer graph, with its thresholds
// co-scaled, is itself a NIR graph whose neurons spike as the float one's.
//
// This header is the one definition of that form: the quantised parameters
// and the widths they take (nir-quantize), their float values (the `.nir`
// writer and nir-dequantize), and the dialect's check of the attribute.
//
//===----------------------------------------------------------------------===//

#ifndef NIRTORCH_DIALECT_NIR_QUANTIZATION_H
#define NIRTORCH_DIALECT_NIR_QUANTIZATION_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Operation.h"
#include "mlir/Support/LogicalResult.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

namespace mlir::nir {

/// The discardable attribute holding a quantised node's scale.
inline constexpr llvm::StringLiteral kQuantScaleAttrName = "nir.quant_scale";

/// A parameter that quantisation turns into integers, and the target width
/// (TargetDescription `widths`) it takes: `width`, else `fallbackWidth` when
/// the target does not give `width`.
struct QuantizedParameter {
  llvm::StringLiteral name;
  llvm::StringLiteral width;
  llvm::StringLiteral fallbackWidth;
};

/// Whether nodes of type `nirType` can be quantised: weights and neurons.
bool isQuantizableType(llvm::StringRef nirType);

/// The quantised parameters of node type `nirType` ("Affine", "LIF", ...);
/// none for I and for types that are not quantisable.
llvm::ArrayRef<QuantizedParameter>
getQuantizedParameters(llvm::StringRef nirType);

/// Whether `op` is a quantised node (carries `nir.quant_scale`) and
/// `attrName` one of its quantised parameters.
bool isQuantizedParam(Operation *op, llvm::StringRef attrName);

/// The float values `param` (integers of a node whose scale is `scale`)
/// stands for, q / s per element, with s the scale of the element's index
/// along dim 0 (or the only one), rounded once to f32. Fails for values it
/// cannot read.
FailureOr<DenseElementsAttr> dequantizeParam(ElementsAttr param,
                                             ElementsAttr scale);

/// The dialect's check of `nir.quant_scale` on `op` (one diagnostic per
/// rule): only on weight and neuron nodes; a rank-1 float tensor of
/// positive finite values; the node's quantised parameters hold integers;
/// one entry, or one per entry of their dim 0.
LogicalResult verifyQuantScale(Operation *op, Attribute scale);

} // namespace mlir::nir

#endif // NIRTORCH_DIALECT_NIR_QUANTIZATION_H
