//===- Discretization.cpp - The Euler step of NIR neurons -----------------===//

#include "nirtorch/Dialect/NIR/Discretization.h"

#include "nirtorch/Dialect/NIR/NIROps.h"
#include "nirtorch/Dialect/NIR/NIRParams.h"

#include <cmath>

using namespace mlir;
using namespace mlir::nir;

namespace {
using F = CoefficientFormula;

// dv/dt = R x: v' = v + (dt R) x.
const NeuronCoefficient integratorCoefficients[] = {
    {"r", F::DtTimes, /*leaky=*/false, "", "", "decay", "gain"}};
// tau dv/dt = (v_leak - v) + R x: v' = v + dt/tau (v_leak - v + R x).
const NeuronCoefficient leakyCoefficients[] = {
    {"tau", F::DtOver, /*leaky=*/true, "v_leak", "r", "decay", "gain"}};
// tau_syn di/dt = -i + w_in x, then tau_mem dv/dt = (v_leak - v) + R i.
const NeuronCoefficient cubaCoefficients[] = {
    {"tau_syn", F::DtOver, /*leaky=*/true, "", "w_in", "syn_decay", "syn_gain"},
    {"tau_mem", F::DtOver, /*leaky=*/true, "v_leak", "r", "mem_decay",
     "mem_gain"}};
} // namespace

ArrayRef<NeuronCoefficient> nir::getNeuronCoefficients(StringRef nirType) {
  if (nirType == IOp::getNIRType() || nirType == IFOp::getNIRType())
    return integratorCoefficients;
  if (nirType == LIOp::getNIRType() || nirType == LIFOp::getNIRType())
    return leakyCoefficients;
  if (nirType == CubaLIOp::getNIRType() || nirType == CubaLIFOp::getNIRType())
    return cubaCoefficients;
  return {};
}

double nir::computeCoefficient(CoefficientFormula formula, double dt,
                               double p) {
  return formula == CoefficientFormula::DtTimes ? dt * p : dt / p;
}

FailureOr<std::optional<double>> nir::getDeclaredTimeStep(GraphOp graph) {
  if (FloatAttr dt = graph.getDtAttr())
    return std::optional<double>(dt.getValueAsDouble());
  DictionaryAttr meta = graph.getMetadataAttr();
  Attribute attr = meta ? meta.get("dt") : Attribute();
  if (!attr)
    return std::optional<double>();
  if (auto f = dyn_cast<FloatAttr>(attr))
    return std::optional<double>(f.getValueAsDouble());
  if (auto i = dyn_cast<IntegerAttr>(attr))
    return std::optional<double>(double(i.getInt()));
  if (auto e = dyn_cast<ElementsAttr>(attr); e && e.getNumElements() == 1) {
    FailureOr<SmallVector<double>> values = readParamValues(e);
    if (failed(values))
      return graph.emitError("cannot read the metadata 'dt'");
    return std::optional<double>((*values)[0]);
  }
  return graph.emitError("the metadata 'dt' is not a number");
}

FailureOr<SmallVector<int64_t>> nir::computeDelaySteps(DelayOp op, double dt) {
  FailureOr<SmallVector<double>> delays = readParamValues(op.getDelay());
  if (failed(delays))
    return failure();
  SmallVector<int64_t> steps;
  steps.reserve(delays->size());
  for (double delay : *delays) {
    double k = std::nearbyint(delay / dt);
    if (!(k >= 0 && k < double(kMaxDelaySteps)))
      return failure();
    steps.push_back(int64_t(k));
  }
  return steps;
}

bool nir::isDiscretizationAttr(StringRef nirType, StringRef attrName) {
  if (nirType == DelayOp::getNIRType() && attrName == "steps")
    return true;
  return llvm::any_of(getNeuronCoefficients(nirType),
                      [&](const NeuronCoefficient &step) {
                        return attrName == step.decayName ||
                               attrName == step.gainName;
                      });
}
