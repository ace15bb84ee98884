//===- Discretization.h - The Euler step of NIR neurons ---------*- C++ -*-===//
//
// NIR neurons are ODEs; the project runs them with a forward Euler step of
// size dt (docs/Raising.md, "Semantics"). This header is the one definition
// of that step's coefficients: the raising emits them into the TorchScript
// modules and `nir-discretize` writes them into the graph for backends.
//
//===----------------------------------------------------------------------===//

#ifndef NIRTORCH_DIALECT_NIR_DISCRETIZATION_H
#define NIRTORCH_DIALECT_NIR_DISCRETIZATION_H

#include "mlir/IR/Operation.h"
#include "mlir/Support/LogicalResult.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <optional>

namespace mlir::nir {

class DelayOp;
class GraphOp;

/// How a step coefficient k follows from dt and one neuron parameter p.
enum class CoefficientFormula {
  DtTimes, ///< k = dt * p (the integrators' dt * r)
  DtOver,  ///< k = dt / p (a time constant: dt / tau)
};

/// One Euler step coefficient of a neuron type and the update it drives.
/// A state s (v, or the synaptic current i) steps as
///   leaky:      s' = s + k * ((leak - s) + g * u)
///   not leaky:  s' = s + k * u
/// where u is the state's input (x, or the old i for the membrane of Cuba
/// types), leak the `leakParameter` (0 if empty) and g the `gainParameter`
/// (1 if empty). The raising emits these operations in this order. Written
/// as s' = decay * s + (1 - decay) * leak + gain * u, the explicit factors
/// that `nir-discretize` adds are decay = 1 - k (1 if not leaky) and gain =
/// k * g.
struct NeuronCoefficient {
  llvm::StringLiteral parameter;     ///< p: "r", "tau", "tau_syn", "tau_mem"
  CoefficientFormula formula;        ///< k from dt and p
  bool leaky;                        ///< whether the state decays
  llvm::StringLiteral leakParameter; ///< "v_leak", or "" for 0
  llvm::StringLiteral gainParameter; ///< g: "", "r", "w_in"
  llvm::StringLiteral decayName;     ///< attribute of the explicit decay
  llvm::StringLiteral gainName;      ///< attribute of the explicit gain
};

/// The step coefficients of the neuron type `nirType` ("LIF", ...) in the
/// order its update uses them (synapse before membrane); empty for nodes
/// without state of their own.
llvm::ArrayRef<NeuronCoefficient>
getNeuronCoefficients(llvm::StringRef nirType);

/// k for one element: dt * p or dt / p in double precision.
double computeCoefficient(CoefficientFormula formula, double dt, double p);

/// The time step a graph declares: its `dt` attribute (set by
/// `nir-discretize`), else a numeric `dt` in its metadata, else nullopt.
/// Fails, with an error at the graph, for a metadata `dt` that is not a
/// number.
FailureOr<std::optional<double>> getDeclaredTimeStep(GraphOp graph);

/// The per-element delay of a Delay node in time steps, round(delay / dt)
/// with ties to even. Fails (the caller words the error) for a delay that is
/// negative or not finite, for one of `kMaxDelaySteps` steps or more, and for
/// a parameter it cannot read.
FailureOr<llvm::SmallVector<int64_t>> computeDelaySteps(DelayOp op, double dt);

constexpr int64_t kMaxDelaySteps = 1000000;

/// Whether `attrName` of a node of type `nirType` is one `nir-discretize`
/// derives (an Euler factor, a Delay's `steps`) rather than a NIR parameter.
bool isDiscretizationAttr(llvm::StringRef nirType, llvm::StringRef attrName);

} // namespace mlir::nir

#endif // NIRTORCH_DIALECT_NIR_DISCRETIZATION_H
