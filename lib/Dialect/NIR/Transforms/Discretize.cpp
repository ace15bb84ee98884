//===- Discretize.cpp - Explicit Euler factors of NIR neurons -------------===//
//
// Writes the forward Euler step that the raising runs (Discretization.h)
// into the graph: its `dt`, every neuron's decay and gain factors and every
// Delay's step count, so that backends read them instead of re-deriving
// them.
//
//===----------------------------------------------------------------------===//

#include "nirtorch/Dialect/NIR/Discretization.h"
#include "nirtorch/Dialect/NIR/NIRParams.h"
#include "nirtorch/Dialect/NIR/Passes.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>

namespace mlir::nir {
#define GEN_PASS_DEF_NIRDISCRETIZE
#include "nirtorch/Dialect/NIR/Passes.h.inc"
} // namespace mlir::nir

using namespace mlir;
using namespace mlir::nir;

namespace {

/// A number as printf's %g writes it, for diagnostics.
std::string formatNumber(double value) {
  return llvm::formatv("{0}", llvm::format("%g", value)).str();
}

/// The float type factors derived from `params` take: the widest float type
/// among them, f64 when none is a float.
FloatType factorType(MLIRContext *ctx, ArrayRef<ElementsAttr> params) {
  FloatType widest;
  for (ElementsAttr param : params)
    if (auto type = dyn_cast<FloatType>(param.getElementType()))
      if (!widest || type.getWidth() > widest.getWidth())
        widest = type;
  return widest ? widest : Float64Type::get(ctx);
}

/// Writes the decay and gain factors of `node` for the time step `dt`.
LogicalResult discretizeNeuron(NodeOpInterface node, double dt) {
  Operation *op = node;
  for (const NeuronCoefficient &step :
       getNeuronCoefficients(node.getNIRTypeName())) {
    auto param = op->getAttrOfType<ElementsAttr>(step.parameter);
    ElementsAttr gainParam =
        step.gainParameter.empty()
            ? ElementsAttr()
            : op->getAttrOfType<ElementsAttr>(step.gainParameter);
    FailureOr<SmallVector<double>> p = readParamValues(param);
    FailureOr<SmallVector<double>> g =
        gainParam ? readParamValues(gainParam) : SmallVector<double>();
    if (failed(p) || failed(g))
      return op->emitError() << "cannot read the parameters of node '"
                             << node.getNodeName() << "'";
    SmallVector<double> decay(p->size()), gain(p->size());
    bool warned = false;
    for (auto [index, value] : llvm::enumerate(*p)) {
      double k = computeCoefficient(step.formula, dt, value);
      if (!std::isfinite(k))
        return op->emitError()
               << "node '" << node.getNodeName() << "': the Euler step "
               << (step.formula == CoefficientFormula::DtOver ? "dt / "
                                                              : "dt * ")
               << step.parameter << " is not finite at index " << index << " ("
               << step.parameter << " = " << formatNumber(value)
               << ", dt = " << formatNumber(dt) << ")";
      if (step.leaky && k > 1 && !warned) {
        op->emitWarning() << "node '" << node.getNodeName() << "': dt / "
                          << step.parameter << " = " << formatNumber(k)
                          << " > 1 at index " << index
                          << ": the Euler step overshoots (negative decay)";
        warned = true;
      }
      decay[index] = step.leaky ? 1.0 - k : 1.0;
      gain[index] = gainParam ? k * (*g)[index] : k;
    }
    SmallVector<ElementsAttr> sources{param};
    if (gainParam)
      sources.push_back(gainParam);
    FloatType type = factorType(op->getContext(), sources);
    ArrayRef<int64_t> shape = param.getShapedType().getShape();
    op->setAttr(step.decayName, makeFloatParam(shape, decay, type));
    op->setAttr(step.gainName, makeFloatParam(shape, gain, type));
  }
  return success();
}

LogicalResult discretizeDelay(DelayOp delay, double dt) {
  FailureOr<SmallVector<int64_t>> steps = computeDelaySteps(delay, dt);
  if (failed(steps))
    return delay.emitError()
           << "node '" << delay.getName() << "': its delays are not between 0 "
           << "and " << kMaxDelaySteps << " time steps of " << formatNumber(dt)
           << " s";
  auto type =
      RankedTensorType::get(delay.getDelayAttr().getShapedType().getShape(),
                            IntegerType::get(delay.getContext(), 64));
  delay.setStepsAttr(DenseElementsAttr::get(type, ArrayRef<int64_t>(*steps)));
  return success();
}

struct DiscretizePass : public nir::impl::NIRDiscretizeBase<DiscretizePass> {
  using Base::Base;

  void runOnOperation() override {
    GraphOp graph = getOperation();
    double stepDt = dt;
    if (!dt.hasValue()) {
      FailureOr<std::optional<double>> declared = getDeclaredTimeStep(graph);
      if (failed(declared))
        return signalPassFailure();
      if (!*declared) {
        graph.emitError() << "graph @" << graph.getSymName()
                          << " declares no time step; give one with "
                             "--nir-discretize=dt=SECONDS";
        return signalPassFailure();
      }
      stepDt = **declared;
    }
    if (!(std::isfinite(stepDt) && stepDt > 0)) {
      graph.emitError() << "the time step must be positive and finite, got "
                        << formatNumber(stepDt);
      return signalPassFailure();
    }
    graph.setDtAttr(FloatAttr::get(Float64Type::get(&getContext()), stepDt));
    WalkResult result = graph.walk([&](NodeOpInterface node) {
      if (auto delay = dyn_cast<DelayOp>(node.getOperation()))
        return failed(discretizeDelay(delay, stepDt)) ? WalkResult::interrupt()
                                                      : WalkResult::advance();
      return failed(discretizeNeuron(node, stepDt)) ? WalkResult::interrupt()
                                                    : WalkResult::advance();
    });
    if (result.wasInterrupted())
      signalPassFailure();
  }
};

} // namespace
