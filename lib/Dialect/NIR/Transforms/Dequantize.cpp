//===- Dequantize.cpp - Quantised parameters back to floats ---------------===//
//
// `nir-dequantize`: every quantised node (Quantization.h) gets the f32
// values its integers stand for, and loses its scale.
//
//===----------------------------------------------------------------------===//

#include "nirtorch/Dialect/NIR/Passes.h"
#include "nirtorch/Dialect/NIR/Quantization.h"

namespace mlir::nir {
#define GEN_PASS_DEF_NIRDEQUANTIZE
#include "nirtorch/Dialect/NIR/Passes.h.inc"
} // namespace mlir::nir

using namespace mlir;
using namespace mlir::nir;

namespace {

struct DequantizePass : public nir::impl::NIRDequantizeBase<DequantizePass> {
  void runOnOperation() override {
    WalkResult result = getOperation().walk([](NodeOpInterface node) {
      Operation *op = node;
      auto scale = op->getAttrOfType<ElementsAttr>(kQuantScaleAttrName);
      if (!scale)
        return WalkResult::advance();
      for (const QuantizedParameter &p :
           getQuantizedParameters(node.getNIRTypeName())) {
        auto param = op->getAttrOfType<ElementsAttr>(p.name);
        if (!param)
          continue;
        FailureOr<DenseElementsAttr> values = dequantizeParam(param, scale);
        if (failed(values)) {
          op->emitError() << "node '" << node.getNodeName()
                          << "': cannot read quantised parameter '" << p.name
                          << "'";
          return WalkResult::interrupt();
        }
        op->setAttr(p.name, *values);
      }
      op->removeAttr(kQuantScaleAttrName);
      return WalkResult::advance();
    });
    if (result.wasInterrupted())
      signalPassFailure();
  }
};

} // namespace
