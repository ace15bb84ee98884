//===- RecordNesting.cpp - Record the nesting before inlining -------------===//
//
// The stage of the raising before `nir-inline-subgraphs` (docs/Raising.md,
// "The pipeline"): keeps the nesting of each graph in `nirtorch.nesting`.
//
//===----------------------------------------------------------------------===//

#include "nirtorch/Conversion/NIRToTorchScript.h"

#include "Nesting.h"

namespace mlir::nir {
#define GEN_PASS_DEF_RAISENIRRECORDNESTING
#include "nirtorch/Conversion/NIRToTorchScript/Passes.h.inc"
} // namespace mlir::nir

using namespace mlir;
using namespace mlir::nir;

namespace {

struct RaiseNIRRecordNesting
    : nir::impl::RaiseNIRRecordNestingBase<RaiseNIRRecordNesting> {
  void runOnOperation() override {
    // The raised code takes its shapes from result types; checked while the
    // nodes of subgraphs still have their own names.
    bool failedAny = false;
    for (GraphOp graph : getOperation().getOps<GraphOp>())
      if (failed(verifyShapesInferred(graph)))
        failedAny = true;
    if (failedAny)
      return signalPassFailure();
    for (GraphOp graph : getOperation().getOps<GraphOp>()) {
      raising::Nesting nesting = raising::collectNesting(graph);
      if (nesting.hasSubgraphs())
        graph->setAttr(raising::kNestingAttrName,
                       raising::encodeNesting(nesting, &getContext()));
    }
  }
};

} // namespace
