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
#include "nirtorch/Dialect/NIR/Quantization.h"
#include "nirtorch/Dialect/NIR/TargetDescription.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"

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

bool isNeuron(Operation *op) {
  return isa<IOp, IFOp, LIOp, LIFOp, CubaLIOp, CubaLIFOp>(op);
}

ArrayRef<int64_t> shapeOfValue(Value value) {
  return cast<RankedTensorType>(value.getType()).getShape();
}

std::string formatDims(ArrayRef<int64_t> shape) {
  return "(" +
         llvm::join(llvm::map_range(shape,
                                    [](int64_t d) { return std::to_string(d); }),
                    ", ") +
         ")";
}

/// `base`, or `base` with the first free suffix `_1`, `_2`, ..., so that no
/// node of `block` has the name.
std::string getFreeNodeName(Block &block, StringRef base) {
  llvm::StringSet<> taken;
  for (Operation &op : block)
    if (auto node = dyn_cast<NodeOpInterface>(op))
      taken.insert(node.getNodeName());
  std::string name = base.str();
  for (unsigned suffix = 1; taken.contains(name); ++suffix)
    name = (base + "_" + Twine(suffix)).str();
  return name;
}

/// The bias (C_out) of the Conv2d that replaces the Affine/Linear `node`
/// with `outputs` outputs: an Affine's, broadcast from one element where it
/// has one; zeros for a Linear. Null when the bias cannot be read.
ElementsAttr getConvBias(Operation *node, int64_t outputs) {
  auto weight = node->getAttrOfType<ElementsAttr>("weight");
  auto type = RankedTensorType::get({outputs}, weight.getElementType());
  auto affine = dyn_cast<AffineOp>(node);
  if (!affine)
    return DenseElementsAttr::get(
        type, Builder(node->getContext()).getZeroAttr(type.getElementType()));
  ElementsAttr bias = affine.getBias();
  if (bias.getShapedType().getShape() == ArrayRef<int64_t>{outputs})
    return bias;
  // One element (the verifier: the bias broadcasts to (outputs)).
  type = RankedTensorType::get({outputs}, bias.getElementType());
  if (auto values = bias.tryGetValues<Attribute>())
    return DenseElementsAttr::get(type, *values->begin());
  auto floatType = dyn_cast<FloatType>(bias.getElementType());
  FailureOr<SmallVector<double>> value = readParamValues(bias);
  if (!floatType || failed(value))
    return nullptr;
  return makeFloatParam({outputs}, SmallVector<double>(outputs, value->front()),
                        floatType);
}

/// The Flatten of a (C, H, W) signal that the Affine/Linear `node` reads,
/// whose un-flattened input a Conv2d with a (H, W) kernel can read instead;
/// otherwise failure, with the reason in `why`.
FailureOr<FlattenOp> getFlattenedConvInput(Operation *node, std::string &why) {
  ArrayRef<int64_t> weight =
      node->getAttrOfType<ElementsAttr>("weight").getShapedType().getShape();
  if (weight.size() != 2) {
    why = "has batched weights of shape " + formatDims(weight) +
          ", which no Conv2d holds";
    return failure();
  }
  if (node->getNumOperands() != 1) {
    why = "sums " + std::to_string(node->getNumOperands()) +
          " incoming edges; only a single Flatten of a (C, H, W) signal "
          "can become a Conv2d's input";
    return failure();
  }
  Value input = node->getOperand(0);
  auto flatten = input.getDefiningOp<FlattenOp>();
  if (!flatten) {
    why = "reads a signal of shape " + formatDims(shapeOfValue(input)) +
          " that is no Flatten of a (C, H, W) signal, and NIR has no node "
          "that reshapes it to (N, 1, 1)";
    return failure();
  }
  if (flatten->getNumOperands() != 1 ||
      shapeOfValue(flatten->getOperand(0)).size() != 3) {
    why = "reads Flatten '" + flatten.getName().str() +
          "', whose input is not one (C, H, W) signal a Conv2d could read";
    return failure();
  }
  // A 2-d weight reads a 1-d signal (the graph verifier), so the Flatten
  // merges all three dims, row-major.
  if (!getConvBias(node, weight[0])) {
    why = "has a bias that cannot be read";
    return failure();
  }
  return flatten;
}

/// Affine/Linear -> Conv2d (Sinabs' `convert_linear_to_conv`): fed by the
/// Flatten of a (C, H, W) signal, the node becomes a Conv2d over that signal
/// with one (H, W) kernel per output, no padding, stride 1, so its output is
/// (N, 1, 1); a Flatten after it keeps the downstream shape (N). The weight
/// W[n, c H W + h W + w] is the kernel K[n, c, h, w] (Flatten is row-major),
/// the same elements reshaped; an Affine's bias is the Conv2d's.
template <typename WeightOp>
struct WeightToConv2d : OpRewritePattern<WeightOp> {
  using OpRewritePattern<WeightOp>::OpRewritePattern;

  LogicalResult matchAndRewrite(WeightOp node,
                                PatternRewriter &rewriter) const override {
    std::string why;
    FailureOr<FlattenOp> flatten = getFlattenedConvInput(node, why);
    if (failed(flatten))
      return rewriter.notifyMatchFailure(node, why);
    Value source = (*flatten)->getOperand(0);
    ArrayRef<int64_t> chw = shapeOfValue(source);
    ArrayRef<int64_t> weightShape = node.getWeight().getShapedType().getShape();
    int64_t outputs = weightShape[0];
    ElementsAttr kernel = reshapeParam(
        node.getWeight(), {outputs, chw[0], chw[1], chw[2]});
    // Neither fails: the weight is a plain matrix, the bias was read above.
    ElementsAttr bias = getConvBias(node, outputs);

    auto outputType = cast<RankedTensorType>(node.getOutput().getType());
    auto convType =
        RankedTensorType::get({outputs, 1, 1}, outputType.getElementType());
    auto conv = rewriter.create<Conv2dOp>(
        node.getLoc(), convType, node.getNameAttr(), ValueRange{source},
        rewriter.getDenseI64ArrayAttr({chw[1], chw[2]}), kernel,
        rewriter.getDenseI64ArrayAttr({1, 1}),
        rewriter.getDenseI64ArrayAttr({0, 0}),
        rewriter.getDenseI64ArrayAttr({1, 1}), rewriter.getI64IntegerAttr(1),
        bias, node.getMetadataAttr());
    // The Flatten moves behind the Conv2d, under its own name when nothing
    // else reads it.
    bool reuse = flatten->getOutput().hasOneUse();
    std::string name =
        reuse ? flatten->getName().str()
              : getFreeNodeName(*node->getBlock(),
                                (node.getName() + ".flatten").str());
    auto after = rewriter.create<FlattenOp>(
        flatten->getLoc(), outputType, rewriter.getStringAttr(name),
        ValueRange{conv.getOutput()},
        rewriter.getDenseI64ArrayAttr({outputs, 1, 1}),
        rewriter.getI64IntegerAttr(0), rewriter.getI64IntegerAttr(-1),
        reuse ? flatten->getMetadataAttr() : DictionaryAttr());
    rewriter.replaceOp(node, after.getOutput());
    if (reuse)
      rewriter.eraseOp(*flatten);
    return success();
  }
};

/// Flatten -> neuron, the neuron's only input and the Flatten's only reader:
/// the neuron runs on the un-flattened signal and the Flatten moves behind
/// it (elementwise nodes commute with a reshape; every parameter is reshaped
/// with its elements in order). This carries a Flatten from a Conv2d's
/// (N, 1, 1) output down to the next Affine/Linear, which then becomes a
/// Conv2d with 1x1 kernels.
struct SinkFlattenBelowNeuron : OpRewritePattern<FlattenOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(FlattenOp flatten,
                                PatternRewriter &rewriter) const override {
    Operation *neuron = getOnlyConsumer(flatten.getOutput());
    if (!neuron || !isNeuron(neuron) || neuron->getNumOperands() != 1 ||
        flatten->getNumOperands() != 1)
      return rewriter.notifyMatchFailure(flatten, "no neuron alone after");
    if (neuron->hasAttr(kQuantScaleAttrName))
      return rewriter.notifyMatchFailure(flatten, "quantised neuron");
    Value source = flatten->getOperand(0);
    ArrayRef<int64_t> flat = shapeOfValue(flatten.getOutput());
    ArrayRef<int64_t> shape = shapeOfValue(source);
    SmallVector<NamedAttribute> params;
    for (NamedAttribute attr : neuron->getAttrs()) {
      auto elements = dyn_cast<ElementsAttr>(attr.getValue());
      if (!elements)
        continue;
      if (elements.getShapedType().getShape() != flat)
        return rewriter.notifyMatchFailure(flatten, "parameter of other shape");
      ElementsAttr reshaped = reshapeParam(elements, shape);
      if (!reshaped)
        return rewriter.notifyMatchFailure(flatten, "parameter not reshapeable");
      params.emplace_back(attr.getName(), reshaped);
    }
    Value output = neuron->getResult(0);
    Type flatType = output.getType();
    rewriter.setInsertionPointAfter(neuron);
    auto after = rewriter.create<FlattenOp>(
        flatten.getLoc(), flatType, flatten.getNameAttr(), ValueRange{output},
        rewriter.getDenseI64ArrayAttr(shape), flatten.getStartDimAttr(),
        flatten.getEndDimAttr(), flatten.getMetadataAttr());
    rewriter.replaceAllUsesExcept(output, after.getOutput(), after);
    rewriter.modifyOpInPlace(neuron, [&] {
      neuron->setOperand(0, source);
      for (NamedAttribute param : params)
        neuron->setAttr(param.getName(), param.getValue());
      output.setType(source.getType());
    });
    rewriter.eraseOp(flatten);
    return success();
  }
};

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
    // Dense weights the target reads only as convolutions.
    bool convLinear = allows("Conv2d") && !allows("Linear");
    bool convAffine = allows("Conv2d") && !allows("Affine");

    RewritePatternSet patterns(&getContext());
    if (!allows("AvgPool2d"))
      patterns.add<AvgPoolToSumPool>(&getContext());
    // Before an Affine becomes a Conv2d, whose bias no leak takes.
    if (foldBias)
      patterns.add<FoldBiasIntoLeak<LIFOp>, FoldBiasIntoLeak<LIOp>>(
          &getContext(), /*benefit=*/2);
    if (noChains)
      populateNIRFoldPatterns(patterns, /*exactOnly=*/false);
    if (convLinear)
      patterns.add<WeightToConv2d<LinearOp>>(&getContext());
    if (convAffine)
      patterns.add<WeightToConv2d<AffineOp>>(&getContext());
    if (convLinear || convAffine)
      patterns.add<SinkFlattenBelowNeuron>(&getContext());
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
    // A bias the target refuses; into a CubaLIF/CubaLI it has no exact
    // home (docs/Targets.md, "Bias into a CubaLIF").
    auto refuseBias = [&](Operation *node) {
      Operation *next = getOnlyConsumer(node->getResult(0));
      // Into a nested graph (an outlined recurrent block): through its Input.
      if (auto block = dyn_cast_or_null<SubgraphOp>(next)) {
        auto ports = block.getBodyBlock().getOps<InputOp>();
        next = llvm::hasSingleElement(ports)
                   ? getOnlyConsumer((*ports.begin()).getOutput())
                   : nullptr;
      }
      if (next && isa<CubaLIFOp, CubaLIOp>(next))
        return refuse(
            node,
            "has a non-zero bias that the target refuses (design rule "
            "'weight_bias'), and the " +
                cast<NodeOpInterface>(next).getNIRTypeName() + " '" +
                cast<NodeOpInterface>(next).getNodeName() +
                "' it feeds cannot take it: the bias enters the synaptic "
                "current, which starts at 0 and reaches w_in b only as "
                "1 - exp(-t / tau_syn), so no v_leak gives the same "
                "membrane");
      if (!isa<AffineOp>(node))
        return refuse(node, "has a non-zero bias that the target refuses "
                            "(design rule 'weight_bias'); only an Affine's "
                            "bias goes into a neuron's leak");
      refuse(node, "has a non-zero bias that the target refuses and no "
                   "LIF or LI it alone feeds can take as its leak" +
                       Twine(foldBias ? ""
                                      : " (the target requires v_leak = "
                                        "0)"));
    };
    graph.walk([&](Operation *op) {
      if (isa<AvgPool2dOp>(op) && !allows("AvgPool2d"))
        refuse(op, "is an AvgPool2d that feeds no single Conv2d, or "
                   "Flatten -> Affine/Linear, to take its 1/(kH kW)");
      if (bias && !bias->warning && bias->getString("allowed") == "none")
        if (isa<AffineOp, Conv1dOp, Conv2dOp>(op)) {
          FailureOr<SmallVector<double>> values =
              readParamValues(op->getAttrOfType<ElementsAttr>("bias"));
          if (succeeded(values) &&
              llvm::any_of(*values, [](double b) { return b != 0.0; }))
            refuseBias(op);
        }
      if ((convLinear && isa<LinearOp>(op)) ||
          (convAffine && isa<AffineOp>(op))) {
        std::string why;
        if (failed(getFlattenedConvInput(op, why)))
          refuse(op, why + " (design rule 'node_types': the target reads "
                           "Conv2d, not " +
                     cast<NodeOpInterface>(op).getNIRTypeName() + ")");
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
