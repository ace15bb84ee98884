//===- Schedule.cpp - Record the time-step schedule in the IR -------------===//

#include "nirtorch/Dialect/NIR/ExecutionOrder.h"
#include "nirtorch/Dialect/NIR/Passes.h"

namespace mlir::nir {
#define GEN_PASS_DEF_NIRSCHEDULE
#include "nirtorch/Dialect/NIR/Passes.h.inc"
} // namespace mlir::nir

using namespace mlir;
using namespace mlir::nir;

namespace {

struct NIRSchedule : nir::impl::NIRScheduleBase<NIRSchedule> {
  void runOnOperation() override {
    recordExecutionOrder(computeExecutionOrder(getOperation().getBodyBlock()));
  }
};

} // namespace
