//===- LegalizeTarget.cpp - Rewrite a graph into a chip's structure -------===//
//
// `nir-legalize-target{target=...}`: the structural rewrites NIR backends do
// by hand, as patterns, applied as far as the target's design rules ask for
// them; what stays illegal is one error at the node.
//
//===----------------------------------------------------------------------===//

#include "nirtorch/Dialect/NIR/NIRFolds.h"
#include "nirtorch/Dialect/NIR/NIRParams.h"
#include "nirtorch/Dialect/NIR/Passes.h"
#include "nirtorch/Dialect/NIR/TargetDescription.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/ADT/StringExtras.h"

namespace mlir::nir {
#define GEN_PASS_DEF_NIRLEGALIZETARGET
#include "nirtorch/Dialect/NIR/Passes.h.inc"
} // namespace mlir::nir

using namespace mlir;
using namespace mlir::nir;

namespace {

/// `attr` times `factor` elementwise, rounded once to its float type; null
/// if it is not a readable float parameter.
ElementsAttr scaleParam(ElementsAttr attr, double factor) {
  auto type = dyn_cast<FloatType>(attr.getElementType());
  FailureOr<SmallVector<double>> values = readParamValues(attr);
  if (!type || failed(values))
    return nullptr;
  for (double &value : *values)
    value *= factor;
  return makeFloatParam(attr.getShapedType().getShape(), *values, type);
}

/// The one node reading `value`, if exactly one edge leaves it.
Operation *getOnlyConsumer(Value value) {
  if (!value.hasOneUse())
    return nullptr;
  return value.getUses().begin()->getOwner();
}

/// AvgPool2d -> SumPool2d with 1/(kH kW) folded into the weights it feeds: a
/// Conv2d directly, or an Affine/Linear behind a Flatten. Each edge on the
/// way must be the only one out of its node and into the next.
struct AvgPoolToSumPool : OpRewritePattern<AvgPool2dOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(AvgPool2dOp pool,
                                PatternRewriter &rewriter) const override {
    ArrayRef<int64_t> kernel = pool.getKernelSize();
    double factor = 1.0 / double(kernel[0] * kernel[1]);
    Operation *next = getOnlyConsumer(pool.getOutput());
    if (next && isa<FlattenOp>(next) && next->getNumOperands() == 1)
      next = getOnlyConsumer(next->getResult(0));
    if (!next || next->getNumOperands() != 1)
      return rewriter.notifyMatchFailure(pool, "no single weight node after");
    if (!isa<Conv2dOp, AffineOp, LinearOp>(next))
      return rewriter.notifyMatchFailure(pool, "no weight node after");
    auto weight = next->getAttrOfType<ElementsAttr>("weight");
    ElementsAttr scaled = weight ? scaleParam(weight, factor) : nullptr;
    if (!scaled)
      return rewriter.notifyMatchFailure(pool, "weights are not floats");
    rewriter.modifyOpInPlace(next, [&] { next->setAttr("weight", scaled); });
    rewriter.replaceOpWithNewOp<SumPool2dOp>(
        pool, pool.getOutput().getType(), pool.getNameAttr(),
        pool.getInputs(), pool.getKernelSizeAttr(), pool.getStrideAttr(),
        pool.getPaddingAttr(), pool.getMetadataAttr());
    return success();
  }
};

/// Affine -> LIF/LI, the Affine the neuron's only input: the bias b goes
/// into the neuron's leak potential, v_leak + r * b (the neuron computes
/// v + dt/tau ((v_leak - v) + r (W x + b)), the same in real numbers), and
/// the Affine becomes a Linear.
template <typename NeuronOp>
struct FoldBiasIntoLeak : OpRewritePattern<AffineOp> {
  using OpRewritePattern<AffineOp>::OpRewritePattern;

  LogicalResult matchAndRewrite(AffineOp affine,
                                PatternRewriter &rewriter) const override {
    auto neuron = dyn_cast_or_null<NeuronOp>(getOnlyConsumer(affine));
    if (!neuron || neuron->getNumOperands() != 1)
      return failure();
    FailureOr<SmallVector<double>> bias = readParamValues(affine.getBias());
    FailureOr<SmallVector<double>> r = readParamValues(neuron.getR());
    FailureOr<SmallVector<double>> leak = readParamValues(neuron.getVLeak());
    auto type = dyn_cast<FloatType>(neuron.getVLeak().getElementType());
    if (failed(bias) || failed(r) || failed(leak) || !type ||
        bias->size() != leak->size() || r->size() != leak->size())
      return failure();
    if (llvm::all_of(*bias, [](double b) { return b == 0.0; }))
      return failure();
    for (auto [index, value] : llvm::enumerate(*leak))
      value += (*r)[index] * (*bias)[index];
    ElementsAttr newLeak = makeFloatParam(
        neuron.getVLeak().getShapedType().getShape(), *leak, type);
    rewriter.modifyOpInPlace(neuron, [&] { neuron.setVLeakAttr(newLeak); });
    rewriter.replaceOpWithNewOp<LinearOp>(
        affine, affine.getOutput().getType(), affine.getNameAttr(),
        affine.getInputs(), affine.getWeight(), affine.getMetadataAttr());
    return success();
  }
};

bool isWeight(Operation *op) {
  return isa<AffineOp, LinearOp, Conv1dOp, Conv2dOp>(op);
}

struct LegalizeTargetPass
    : public nir::impl::NIRLegalizeTargetBase<LegalizeTargetPass> {
  using Base::Base;

  void runOnOperation() override {
    GraphOp graph = getOperation();
    FailureOr<TargetDescription> description =
        loadTargetOption(graph, target, "nir-legalize-target");
    if (failed(description))
      return signalPassFailure();
    const TargetDescription &t = *description;

    auto allows = [&](StringRef type) {
      const TargetRule *types = t.getRule("node_types");
      return !types || llvm::is_contained(types->getStringList("allowed"), type);
    };
    const TargetRule *bias = t.getRule("weight_bias");
    bool foldBias = bias && (bias->getString("allowed") == "none" ||
                             bias->getString("allowed") == "drop");
    if (const TargetRule *zero = t.getRule("zero_parameters"))
      if (llvm::is_contained(zero->getStringList("parameters"), "v_leak"))
        foldBias = false;
    const TargetRule *noChains = t.getRule("no_consecutive_weights");

    RewritePatternSet patterns(&getContext());
    if (!allows("AvgPool2d"))
      patterns.add<AvgPoolToSumPool>(&getContext());
    if (foldBias)
      patterns.add<FoldBiasIntoLeak<LIFOp>, FoldBiasIntoLeak<LIOp>>(
          &getContext());
    if (noChains)
      populateNIRFoldPatterns(patterns, /*exactOnly=*/false);
    GreedyRewriteConfig config;
    config.enableRegionSimplification = GreedySimplifyRegionLevel::Disabled;
    if (failed(applyPatternsAndFoldGreedily(graph, std::move(patterns),
                                            config))) {
      graph.emitError() << "nir-legalize-target did not converge";
      return signalPassFailure();
    }

    // Recurrent blocks as nested graphs, by nir-outline-subgraphs itself.
    if (allows("NIRGraph") && t.getRule("node_types")) {
      OpPassManager outline(GraphOp::getOperationName());
      NIROutlineSubgraphsOptions options;
      options.recurrent = true;
      outline.addPass(createNIROutlineSubgraphs(options));
      if (failed(runPipeline(outline, graph)))
        return signalPassFailure();
    }

    // What is still illegal.
    bool failedAny = false;
    auto refuse = [&](Operation *op, const Twine &message) {
      op->emitError() << "cannot legalise for target '" << t.name
                      << "': node '" << cast<NodeOpInterface>(op).getNodeName()
                      << "' " << message;
      failedAny = true;
    };
    graph.walk([&](Operation *op) {
      if (isa<AvgPool2dOp>(op) && !allows("AvgPool2d"))
        refuse(op, "is an AvgPool2d that feeds no single Conv2d, or "
                   "Flatten -> Affine/Linear, to take its 1/(kH kW)");
      if (bias && !bias->warning && bias->getString("allowed") == "none")
        if (auto affine = dyn_cast<AffineOp>(op)) {
          FailureOr<SmallVector<double>> values =
              readParamValues(affine.getBias());
          if (succeeded(values) &&
              llvm::any_of(*values, [](double b) { return b != 0.0; }))
            refuse(op, "has a non-zero bias that the target refuses and no "
                       "LIF or LI it alone feeds can take as its leak" +
                           Twine(foldBias ? ""
                                          : " (the target requires v_leak = "
                                            "0)"));
        }
      if (noChains && isWeight(op))
        for (Operation *user : op->getResult(0).getUsers())
          if (isWeight(user)) {
            refuse(op, "feeds weight node '" +
                           cast<NodeOpInterface>(user).getNodeName() +
                           "', and the two cannot be fused");
            break;
          }
    });
    if (failedAny)
      signalPassFailure();
  }
};

} // namespace
