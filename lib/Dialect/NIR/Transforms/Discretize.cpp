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

#include <climits>
#include <cmath>
#include <optional>

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

/// A chip's decay encoding and the width of its code.
struct Encoding {
  DecayEncoding kind = DecayEncoding::Euler;
  unsigned bits = 0;
};

StringRef encodingName(DecayEncoding kind) {
  return kind == DecayEncoding::BitShift ? "bit-shift decay dash"
                                         : "fixed-point decay d";
}

/// The code a chip holds for step coefficient k, and the coefficient it
/// realises; nullopt when the code leaves its range.
/// - Xylo (Rockpool xylo_graph_modules.py, "Xylo in numbers"): v -= v >>
///   dash, so k = 2^-dash, with dash = round(log2(tau / dt)) in 0..2^bits-1.
/// - Loihi (Lava lif/models.py PyLifModelBitAcc): v *= (2^12 - d) / 2^12,
///   so k = d / 2^bits, with d = round(2^bits dt / tau) in 1..2^bits-1 (0
///   would not decay). The NIR paper's nir_to_lava.py truncates
///   dt / tau * 4095 instead; rounding is the smaller error.
std::optional<std::pair<int64_t, double>> encode(const Encoding &encoding,
                                                 double k) {
  double top = std::ldexp(1.0, encoding.bits) - 1;
  if (encoding.kind == DecayEncoding::BitShift) {
    double dash = std::nearbyint(std::log2(1.0 / k));
    if (!(dash >= 0 && dash <= top))
      return std::nullopt;
    return std::make_pair(int64_t(dash), std::ldexp(1.0, -int(dash)));
  }
  double d = std::nearbyint(std::ldexp(k, encoding.bits));
  if (!(d >= 1 && d <= top))
    return std::nullopt;
  return std::make_pair(int64_t(d), std::ldexp(d, -int(encoding.bits)));
}

/// Writes the decay and gain factors of `node` for the time step `dt`.
LogicalResult discretizeNeuron(NodeOpInterface node, double dt,
                               const Encoding &encoding) {
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
    // A decay a chip encodes: the time constants it realises, the codes and
    // the largest relative change of the time constant.
    bool encoded = encoding.kind != DecayEncoding::Euler && step.leaky &&
                   step.formula == CoefficientFormula::DtOver;
    SmallVector<double> realised;
    int64_t lowCode = INT64_MAX, highCode = INT64_MIN;
    double worst = -1;
    size_t worstIndex = 0;
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
      if (encoded) {
        std::optional<std::pair<int64_t, double>> code = encode(encoding, k);
        if (!code)
          return op->emitError()
                 << "node '" << node.getNodeName() << "': " << step.parameter
                 << " = " << formatNumber(value) << " at index " << index
                 << " has no " << encodingName(encoding.kind) << " in "
                 << encoding.bits << " bits for dt = " << formatNumber(dt);
        lowCode = std::min(lowCode, code->first);
        highCode = std::max(highCode, code->first);
        double change = std::abs(k / code->second - 1);
        if (change > worst) {
          worst = change;
          worstIndex = index;
        }
        k = code->second;
        realised.push_back(dt / k);
      }
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
    if (!encoded || p->empty())
      continue;
    op->setAttr(
        step.parameter,
        makeFloatParam(shape, realised, factorType(op->getContext(), {param})));
    InFlightDiagnostic remark = op->emitRemark();
    remark << "node '" << node.getNodeName() << "': " << step.parameter
           << " as " << encodingName(encoding.kind) << " ";
    if (lowCode == highCode)
      remark << lowCode;
    else
      remark << lowCode << ".." << highCode;
    remark << "; largest change of " << step.parameter << " "
           << formatNumber(100 * worst) << "% (index " << worstIndex << ": "
           << formatNumber((*p)[worstIndex]) << " -> "
           << formatNumber(realised[worstIndex]) << ")";
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
    Encoding encoding{this->encoding, decayBits};
    if (encoding.bits == 0)
      encoding.bits = this->encoding == DecayEncoding::BitShift ? 4 : 12;
    if (encoding.bits > 62) {
      graph.emitError() << "decay-bits must be at most 62, got "
                        << encoding.bits;
      return signalPassFailure();
    }
    graph.setDtAttr(FloatAttr::get(Float64Type::get(&getContext()), stepDt));
    WalkResult result = graph.walk([&](NodeOpInterface node) {
      if (auto delay = dyn_cast<DelayOp>(node.getOperation()))
        return failed(discretizeDelay(delay, stepDt)) ? WalkResult::interrupt()
                                                      : WalkResult::advance();
      return failed(discretizeNeuron(node, stepDt, encoding))
                 ? WalkResult::interrupt()
                 : WalkResult::advance();
    });
    if (result.wasInterrupted())
      signalPassFailure();
  }
};

} // namespace
