//===- NIRFolds.cpp - Canonicalization patterns of NIR nodes --------------===//
//
// The folds of `nir` nodes. docs/BackendPasses.md ("Canonicalization and
// folds") has the table of folds and when each is exact; this comment gives
// the reasons.
//
// Conditions. Every fold joins two nodes A -> B (a node and the identity
// node after it counts too) into one node and holds only when
//  - the edge A -> B is A's only outgoing edge and B's only incoming edge
//    (nothing else reads A's signal, and B sees nothing but A), A != B;
//  - the node whose name disappears has no `metadata` (it is never dropped);
//  - the graph is checked (not `unchecked`): the arithmetic relies on the
//    edge types that the parameters imply;
//  - the parameters combined are all of one float type that a double holds
//    exactly (f16, bf16, f32, f64) and finite; they are combined in double
//    and rounded once to that type (for products of f16/bf16/f32 values that
//    is the correctly rounded product); integer parameters are never folded;
//  - no combined parameter overflows its type;
//  - the schedule is kept (below).
// A may have several incoming edges: their sum is what A and the fused node
// both see.
//
// Names. The fused node sits where A sat. A Scale folded into a synapse
// leaves the synapse's name: the synapse is what a backend maps and names,
// the Scale only adjusts its parameters. A chain of two synapses, or of two
// Scales, leaves B's name: the fused node's output is B's signal, while A's
// signal is gone. A removed identity node leaves its producer unchanged.
//
// The schedule (docs/Raising.md, "Semantics"). computeExecutionOrder runs a
// depth-first search from the Inputs in name order, then from the nodes that
// no Input reaches, in name order; an edge into a node on the search stack is
// delayed. Contracting A -> B into AB at A's place keeps every edge order:
// AB's incoming edges are A's, at A's block position, and its outgoing edges
// are B's. B can be reached only through A, so once the search enters A it
// enters B at once and leaves both together, which is exactly what it does
// with AB: the same edges are delayed, and A -> B never is. The search can
// only tell the two graphs apart when it starts at B as a root before it has
// seen A (B is then reached by no Input and sorts before A); it would then
// delay A -> B where the fused graph delays an edge into AB. A fold is
// therefore made only when one of these holds:
//  - A is reachable from an Input (through the enclosing graphs' edges for a
//    nested graph, which the raising inlines): no root other than the Inputs
//    ever starts at A or B;
//  - AB keeps A's name and A's name sorts before B's: the search starts at
//    A, as a root, no later than at B;
//  - AB keeps B's name, B's name sorts before A's, A has one incoming edge
//    and maps 0 to 0 (Scale, Linear, Affine with a zero bias): starting at
//    AB is starting at B, and a delayed edge into AB gives B the value that
//    the delayed edge A -> B gave it, including zero at step 0.
// The reachability search runs only when the names do not decide.
//
// Exactness. Where `exactOnly` is set a fold applies only when the fused
// node computes, for every input, the value the two nodes computed, with
// +0 and -0 counted equal (no NIR node tells them apart) and assuming no
// intermediate value over- or underflows at run time. The proofs rest on
// one fact: multiplying by +-2^k is exact and commutes with every rounding
// in that range. So
//  - removing an all-ones Scale or a shape-preserving Flatten is exact;
//  - Affine with a zero bias -> Linear is exact up to the sign of zero;
//  - a Scale folded into a synapse (rows, columns or channels scaled) is
//    exact when every scale factor used is +-2^k: every product and partial
//    sum of the fused synapse is then 2^k times the original's;
//  - Scale of Scale is exact when, element by element, one of the two
//    factors is +-2^k;
//  - a chain W2 (W1 x + b1) + b2 is exact when every row of W2 has at most
//    one non-zero, that non-zero is +-2^k, and b2 is zero on such rows: each
//    output is then a row of the first synapse scaled by 2^k (or b2 alone);
// and in every case each combined parameter must round exactly. Anything
// else may change the last bits and is left alone in exact-only mode.
//
//===----------------------------------------------------------------------===//

#include "nirtorch/Dialect/NIR/NIRFolds.h"
#include "nirtorch/Dialect/NIR/NIRParams.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/PatternMatch.h"
#include "nirtorch/Dialect/NIR/NIROps.h"
#include "nirtorch/Dialect/NIR/NIRShapes.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringExtras.h"

#include <cmath>
#include <cstring>

using namespace mlir;
using namespace mlir::nir;

namespace {

//===----------------------------------------------------------------------===//
// Parameter values
//===----------------------------------------------------------------------===//

/// Float types a double holds exactly, so that folds can combine their values
/// in double and round once.
bool isFoldableFloat(Type type) {
  return type.isF16() || type.isBF16() || type.isF32() || type.isF64();
}

/// The element type of a parameter that folds may combine, or null.
FloatType getFoldableType(ElementsAttr param) {
  Type type = param.getShapedType().getElementType();
  return isFoldableFloat(type) ? llvm::cast<FloatType>(type) : FloatType();
}

ArrayRef<int64_t> shapeOf(ElementsAttr param) {
  return param.getShapedType().getShape();
}

/// The values of a foldable float parameter (dense or a resource blob), or
/// std::nullopt when it is not foldable, its data is missing, or a value is
/// not finite.
std::optional<SmallVector<double>> readValues(ElementsAttr param) {
  FloatType type = getFoldableType(param);
  if (!type)
    return std::nullopt;
  // A blob of another size than its type says is not folded.
  if (auto resource = llvm::dyn_cast<DenseResourceElementsAttr>(param))
    if (AsmResourceBlob *blob = resource.getRawHandle().getBlob();
        blob && blob->getData().size() !=
                    size_t(param.getNumElements()) * (type.getWidth() / 8))
      return std::nullopt;
  FailureOr<SmallVector<double>> values = readParamValues(param);
  if (failed(values) ||
      !llvm::all_of(*values, [](double v) { return std::isfinite(v); }))
    return std::nullopt;
  return std::move(*values);
}

/// Whether `v` is +-2^k: multiplying by it is exact and commutes with
/// rounding as long as nothing over- or underflows.
bool isPowerOfTwo(double v) {
  int exponent;
  double mantissa = std::frexp(v, &exponent);
  return mantissa == 0.5 || mantissa == -0.5;
}

bool isAll(ArrayRef<double> values, double expected) {
  return llvm::all_of(values, [&](double v) { return v == expected; });
}

/// Arithmetic in double that records whether every step was exact
/// (error-free transformations: an FMA for products, TwoSum for sums).
struct ExactArith {
  double mul(double a, double b) {
    double product = a * b;
    if (a != 0 && b != 0 &&
        !(std::isnormal(product) && std::fma(a, b, -product) == 0))
      exact = false;
    return product;
  }
  double add(double a, double b) {
    double sum = a + b;
    double bPart = sum - a;
    if (!std::isfinite(sum) || (a - (sum - bPart)) + (b - bPart) != 0)
      exact = false;
    return sum;
  }
  bool exact = true;
};

/// A resource blob name made from a node name and a field (the same
/// characters the .nir reader keeps).
std::string blobNameFor(StringRef node, StringRef field) {
  std::string name;
  for (char c : (node + "." + field).str())
    name.push_back(llvm::isAlnum(c) || c == '_' || c == '$' || c == '.' ? c
                                                                        : '_');
  if (!llvm::isAlpha(name.front()) && name.front() != '_')
    name.insert(name.begin(), '_');
  return name;
}

/// Parameters of at least this many bytes become resource blobs, as the
/// readers make them: text IR keeps them out of line.
constexpr size_t kResourceThreshold = 1024;

/// `values` rounded once to `type` as a parameter of `shape`: a splat when
/// all are equal, a resource blob named `blobName` when large. Fails when a
/// value overflows `type`; clears `exact` when one is rounded.
FailureOr<ElementsAttr> makeParam(ArrayRef<int64_t> shape, FloatType type,
                                  ArrayRef<double> values, StringRef blobName,
                                  bool &exact) {
  SmallVector<APFloat> rounded;
  rounded.reserve(values.size());
  bool splat = true;
  for (double v : values) {
    APFloat value(v);
    bool losesInfo = false;
    APFloat::opStatus status = value.convert(
        type.getFloatSemantics(), APFloat::rmNearestTiesToEven, &losesInfo);
    if (!value.isFinite())
      return failure();
    if (status != APFloat::opOK || losesInfo)
      exact = false;
    if (!rounded.empty())
      splat = splat && rounded.front().bitwiseIsEqual(value);
    rounded.push_back(std::move(value));
  }
  auto tensorType = RankedTensorType::get(shape, type);
  if (splat && !rounded.empty())
    return llvm::cast<ElementsAttr>(
        DenseElementsAttr::get(tensorType, rounded.front()));
  size_t width = type.getWidth() / 8;
  size_t bytes = rounded.size() * width;
  if (bytes < kResourceThreshold)
    return llvm::cast<ElementsAttr>(
        DenseElementsAttr::get(tensorType, ArrayRef<APFloat>(rounded)));
  AsmResourceBlob blob = HeapAsmResourceBlob::allocate(bytes, alignof(uint64_t),
                                                       /*dataIsMutable=*/true);
  char *data = blob.getMutableData().data();
  for (auto [i, value] : llvm::enumerate(rounded)) {
    uint64_t word = value.bitcastToAPInt().getZExtValue();
    std::memcpy(data + i * width, &word, width);
  }
  return llvm::cast<ElementsAttr>(
      DenseResourceElementsAttr::get(tensorType, blobName, std::move(blob)));
}

/// `values`, of a parameter of `shape`, broadcast to `target` (numpy rules;
/// `shape` broadcasts to `target` by the verifier).
SmallVector<double> broadcastValues(ArrayRef<double> values,
                                    ArrayRef<int64_t> shape,
                                    ArrayRef<int64_t> target) {
  int64_t count = numElements(target);
  SmallVector<double> result(count);
  size_t offset = target.size() - shape.size();
  for (int64_t index = 0; index < count; ++index) {
    // Decompose `index` over `target`, recompose over `shape`.
    int64_t rest = index, source = 0, stride = 1;
    for (size_t d = target.size(); d-- > 0;) {
      int64_t coordinate = rest % target[d];
      rest /= target[d];
      if (d >= offset) {
        int64_t extent = shape[d - offset];
        source += (extent == 1 ? 0 : coordinate) * stride;
        stride *= extent;
      }
    }
    result[index] = values[source];
  }
  return result;
}

/// The per-channel factors of a Scale of `shape` (C, spatial...) when each
/// channel's values are all bitwise equal.
std::optional<SmallVector<double>> channelFactors(ArrayRef<double> values,
                                                  ArrayRef<int64_t> shape) {
  if (shape.empty() || shape[0] == 0)
    return std::nullopt;
  int64_t perChannel = values.size() / shape[0];
  SmallVector<double> factors;
  for (int64_t c = 0; c < shape[0]; ++c) {
    double first = values[c * perChannel];
    for (int64_t i = 1; i < perChannel; ++i) {
      double v = values[c * perChannel + i];
      if (v != first || std::signbit(v) != std::signbit(first))
        return std::nullopt;
    }
    factors.push_back(first);
  }
  return factors;
}

//===----------------------------------------------------------------------===//
// Graph conditions
//===----------------------------------------------------------------------===//

StringRef nodeName(Operation *node) {
  return llvm::cast<NodeOpInterface>(node).getNodeName();
}

bool hasMetadata(Operation *node) {
  return static_cast<bool>(llvm::cast<NodeOpInterface>(node).getNodeMetadata());
}

/// Whether the execution order's search reaches `node` from an Input: within
/// its graph, and for a nested graph, through the subgraph node's own edges
/// (the raising inlines nested graphs before it schedules).
bool isReachableFromInput(Operation *node) {
  SmallVector<Operation *> worklist{node};
  llvm::DenseSet<Operation *> seen{node};
  while (!worklist.empty()) {
    Operation *current = worklist.pop_back_val();
    if (llvm::isa<InputOp>(current)) {
      auto subgraph = llvm::dyn_cast<SubgraphOp>(current->getParentOp());
      return !subgraph || isReachableFromInput(subgraph);
    }
    for (Value edge : current->getOperands())
      if (Operation *producer = edge.getDefiningOp();
          producer && seen.insert(producer).second)
        worklist.push_back(producer);
  }
  return false;
}

/// Whether contracting `first` -> `second` into one node at `first`'s place,
/// named after `first` (keepFirstName) or `second`, keeps the schedule (see
/// the file comment). `firstMapsZeroToZero`: `first`'s output is zero when
/// its input is.
bool keepsSchedule(Operation *first, Operation *second, bool keepFirstName,
                   bool firstMapsZeroToZero) {
  StringRef firstName = nodeName(first), secondName = nodeName(second);
  if (keepFirstName && firstName < secondName)
    return true;
  if (!keepFirstName && secondName < firstName &&
      first->getNumOperands() == 1 && firstMapsZeroToZero)
    return true;
  return isReachableFromInput(first);
}

/// The checks every fold of `first` -> `second` shares: a checked graph, the
/// edge between them the only one out of `first` and into `second`, and no
/// metadata on `removed` (the node whose name disappears).
LogicalResult matchEdge(PatternRewriter &rewriter, Operation *first,
                        Operation *second, Operation *removed) {
  if (isUncheckedGraph(second))
    return rewriter.notifyMatchFailure(second, "the graph is unchecked");
  if (first == second || second->getNumOperands() != 1 ||
      second->getOperand(0) != first->getResult(0) ||
      !first->getResult(0).hasOneUse())
    return rewriter.notifyMatchFailure(
        second, "the edge between the two nodes is not the only one out of "
                "the first and into the second");
  if (hasMetadata(removed))
    return rewriter.notifyMatchFailure(removed, "the node has metadata");
  return success();
}

/// Removes `node`, an identity, so that its consumers read its producer.
LogicalResult removeIdentityNode(Operation *node, PatternRewriter &rewriter) {
  if (node->getNumOperands() != 1)
    return rewriter.notifyMatchFailure(node, "not exactly one incoming edge");
  Operation *producer = node->getOperand(0).getDefiningOp();
  if (failed(matchEdge(rewriter, producer, node, node)))
    return failure();
  if (llvm::isa<InputOp>(producer)) {
    // Keep a node between the ports: an Output never reads an Input
    // directly because of a fold.
    if (llvm::any_of(node->getUsers(),
                     [](Operation *user) { return llvm::isa<OutputOp>(user); }))
      return rewriter.notifyMatchFailure(node,
                                         "it joins an Input to an Output");
    // Inlining feeds a nested Input's consumers from the subgraph's incoming
    // edges: those would become the consumers' edges.
    if (llvm::isa<SubgraphOp>(producer->getParentOp()))
      return rewriter.notifyMatchFailure(node, "it reads a nested Input");
  }
  if (!keepsSchedule(producer, node, /*keepFirstName=*/true,
                     /*firstMapsZeroToZero=*/false))
    return rewriter.notifyMatchFailure(node, "would change the schedule");
  rewriter.replaceOp(node, producer->getResult(0));
  return success();
}

/// The node reading `node`'s signal, when it is the only one.
Operation *getSoleConsumer(Operation *node) {
  Value signal = node->getResult(0);
  return signal.hasOneUse() ? *signal.getUsers().begin() : nullptr;
}

Operation *getSoleProducer(Operation *node) {
  return node->getNumOperands() == 1 ? node->getOperand(0).getDefiningOp()
                                     : nullptr;
}

/// Whether an Affine's bias is all zero (false when it cannot be read).
bool hasZeroBias(AffineOp affine) {
  std::optional<SmallVector<double>> bias = readValues(affine.getBias());
  return bias && isAll(*bias, 0.0);
}

bool mapsZeroToZero(Operation *node) {
  if (auto affine = llvm::dyn_cast<AffineOp>(node))
    return hasZeroBias(affine);
  return llvm::isa<ScaleOp, LinearOp, FlattenOp>(node);
}

//===----------------------------------------------------------------------===//
// Identity nodes
//===----------------------------------------------------------------------===//

/// A Scale whose factors are all 1: its consumers read its producer.
struct RemoveUnitScale : OpRewritePattern<ScaleOp> {
  RemoveUnitScale(MLIRContext *context, bool) : OpRewritePattern(context) {}

  LogicalResult matchAndRewrite(ScaleOp scale,
                                PatternRewriter &rewriter) const override {
    std::optional<SmallVector<double>> factors = readValues(scale.getScale());
    if (!factors || !isAll(*factors, 1.0))
      return rewriter.notifyMatchFailure(scale, "not a float all-ones scale");
    return removeIdentityNode(scale, rewriter);
  }
};

/// A Flatten whose output type is its input type.
struct RemoveIdentityFlatten : OpRewritePattern<FlattenOp> {
  RemoveIdentityFlatten(MLIRContext *context, bool)
      : OpRewritePattern(context) {}

  LogicalResult matchAndRewrite(FlattenOp flatten,
                                PatternRewriter &rewriter) const override {
    if (flatten.getInputs().size() != 1 ||
        flatten.getInputs()[0].getType() != flatten.getOutput().getType())
      return rewriter.notifyMatchFailure(flatten, "changes the shape");
    return removeIdentityNode(flatten, rewriter);
  }
};

/// Affine with an all-zero bias -> Linear, in place.
struct AffineWithZeroBiasToLinear : OpRewritePattern<AffineOp> {
  AffineWithZeroBiasToLinear(MLIRContext *context, bool)
      : OpRewritePattern(context) {}

  LogicalResult matchAndRewrite(AffineOp affine,
                                PatternRewriter &rewriter) const override {
    if (isUncheckedGraph(affine))
      return rewriter.notifyMatchFailure(affine, "the graph is unchecked");
    if (!hasZeroBias(affine))
      return rewriter.notifyMatchFailure(affine, "bias is not float zeros");
    rewriter.replaceOpWithNewOp<LinearOp>(
        affine, affine.getOutput().getType(), affine.getNameAttr(),
        affine.getInputs(), affine.getWeight(), affine.getMetadataAttr());
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Scale folds
//===----------------------------------------------------------------------===//

/// Scale(s2) after Scale(s1) -> one Scale(s1 * s2), named after the second.
struct FoldScaleIntoScale : OpRewritePattern<ScaleOp> {
  FoldScaleIntoScale(MLIRContext *context, bool exactOnly)
      : OpRewritePattern(context), exactOnly(exactOnly) {}

  LogicalResult matchAndRewrite(ScaleOp second,
                                PatternRewriter &rewriter) const override {
    auto first = llvm::dyn_cast_or_null<ScaleOp>(getSoleProducer(second));
    if (!first)
      return rewriter.notifyMatchFailure(second, "not fed by a sole Scale");
    if (failed(matchEdge(rewriter, first, second, first)))
      return failure();
    ElementsAttr s1 = first.getScale(), s2 = second.getScale();
    FloatType type = getFoldableType(s1);
    if (!type || type != getFoldableType(s2) || shapeOf(s1) != shapeOf(s2))
      return rewriter.notifyMatchFailure(second, "scales of differing types");
    std::optional<SmallVector<double>> v1 = readValues(s1), v2 = readValues(s2);
    if (!v1 || !v2)
      return rewriter.notifyMatchFailure(second, "unreadable scale values");
    ExactArith arith;
    SmallVector<double> product;
    bool structural = true;
    for (auto [a, b] : llvm::zip_equal(*v1, *v2)) {
      product.push_back(arith.mul(a, b));
      structural = structural && (isPowerOfTwo(a) || isPowerOfTwo(b));
    }
    bool exact = arith.exact && structural;
    FailureOr<ElementsAttr> scale =
        makeParam(shapeOf(s1), type, product,
                  blobNameFor(second.getName(), "scale"), exact);
    if (failed(scale))
      return rewriter.notifyMatchFailure(second, "the product overflows");
    if (exactOnly && !exact)
      return rewriter.notifyMatchFailure(second, "not exact");
    if (!keepsSchedule(first, second, /*keepFirstName=*/false,
                       /*firstMapsZeroToZero=*/true))
      return rewriter.notifyMatchFailure(second, "would change the schedule");
    rewriter.setInsertionPoint(first);
    auto fused = rewriter.create<ScaleOp>(
        second.getLoc(), second.getOutput().getType(), second.getNameAttr(),
        first.getInputs(), *scale, second.getMetadataAttr());
    rewriter.replaceOp(second, fused.getOutput());
    rewriter.eraseOp(first);
    return success();
  }

  bool exactOnly;
};

/// The weight (and bias) of a synapse scaled per output (rows of a matrix,
/// output channels of a conv) or per input (columns, input channels).
struct ScaledSynapse {
  ElementsAttr weight, bias;
  bool exact = true;
};

enum class ScaleSide { Output, Input };

/// Scales `synapse`'s parameters by the Scale parameter `scale` applied to
/// its output or input. Fails (with a reason) when the fold does not apply.
FailureOr<ScaledSynapse> scaleSynapse(Operation *synapse, ElementsAttr scale,
                                      ScaleSide side, std::string &why) {
  ElementsAttr weight, bias;
  int64_t groups = 1;
  bool isConv = false;
  if (auto affine = llvm::dyn_cast<AffineOp>(synapse)) {
    weight = affine.getWeight();
    bias = affine.getBias();
  } else if (auto linear = llvm::dyn_cast<LinearOp>(synapse)) {
    weight = linear.getWeight();
  } else if (auto conv = llvm::dyn_cast<Conv1dOp>(synapse)) {
    weight = conv.getWeight();
    bias = conv.getBias();
    groups = conv.getGroupsAttr().getInt();
    isConv = true;
  } else if (auto conv = llvm::dyn_cast<Conv2dOp>(synapse)) {
    weight = conv.getWeight();
    bias = conv.getBias();
    groups = conv.getGroupsAttr().getInt();
    isConv = true;
  } else {
    why = "not a synapse";
    return failure();
  }
  ArrayRef<int64_t> wShape = shapeOf(weight);
  if (!isConv && wShape.size() != 2) {
    why = "batched weights (rank > 2) are not folded";
    return failure();
  }
  FloatType type = getFoldableType(weight);
  bool biasCombined = bias && side == ScaleSide::Output;
  if (!type || type != getFoldableType(scale) ||
      (biasCombined && type != getFoldableType(bias))) {
    why = "parameters of differing or non-float types";
    return failure();
  }
  std::optional<SmallVector<double>> factors = readValues(scale),
                                     w = readValues(weight);
  if (!factors || !w) {
    why = "unreadable parameter values";
    return failure();
  }
  // The factor per row/output channel, or per column/input channel.
  SmallVector<double> perIndex;
  int64_t cOut = wShape[0], cIn = wShape[1];
  if (!isConv) {
    int64_t extent = side == ScaleSide::Output ? cOut : cIn;
    if (shapeOf(scale) != ArrayRef<int64_t>{extent}) {
      why = "the scale does not match the synapse's shape";
      return failure();
    }
    perIndex.assign(factors->begin(), factors->end());
  } else {
    int64_t channels = side == ScaleSide::Output ? cOut : cIn * groups;
    ArrayRef<int64_t> sShape = shapeOf(scale);
    if (sShape.size() != wShape.size() - 1 || sShape[0] != channels) {
      why = "the scale does not match the conv's channels";
      return failure();
    }
    std::optional<SmallVector<double>> perChannel =
        channelFactors(*factors, sShape);
    if (!perChannel) {
      why = "the scale is not constant per channel";
      return failure();
    }
    perIndex = std::move(*perChannel);
  }

  ScaledSynapse result;
  bool structural = llvm::all_of(perIndex, isPowerOfTwo);
  ExactArith arith;
  // Weight (C_out, C_in/groups, k...) or (N_out, N_in): element (o, j, t).
  int64_t kernel = numElements(wShape.drop_front(2));
  int64_t outPerGroup = cOut / groups;
  SmallVector<double> scaled(w->size());
  for (int64_t o = 0; o < cOut; ++o)
    for (int64_t j = 0; j < cIn; ++j) {
      double factor = side == ScaleSide::Output
                          ? perIndex[o]
                          : perIndex[(o / outPerGroup) * cIn + j];
      for (int64_t t = 0; t < kernel; ++t) {
        int64_t index = (o * cIn + j) * kernel + t;
        scaled[index] = arith.mul((*w)[index], factor);
      }
    }
  StringRef name = nodeName(synapse);
  FailureOr<ElementsAttr> newWeight = makeParam(
      wShape, type, scaled, blobNameFor(name, "weight"), result.exact);
  if (failed(newWeight)) {
    why = "a scaled weight overflows";
    return failure();
  }
  result.weight = *newWeight;
  result.bias = bias;
  if (biasCombined) {
    std::optional<SmallVector<double>> b = readValues(bias);
    if (!b) {
      why = "unreadable bias values";
      return failure();
    }
    SmallVector<double> full = broadcastValues(*b, shapeOf(bias), {cOut});
    for (int64_t o = 0; o < cOut; ++o)
      full[o] = arith.mul(full[o], perIndex[o]);
    FailureOr<ElementsAttr> newBias =
        makeParam({cOut}, type, full, blobNameFor(name, "bias"), result.exact);
    if (failed(newBias)) {
      why = "a scaled bias overflows";
      return failure();
    }
    result.bias = *newBias;
  }
  result.exact = result.exact && arith.exact && structural;
  return result;
}

void setSynapseParams(Operation *synapse, const ScaledSynapse &params) {
  synapse->setAttr("weight", params.weight);
  if (params.bias)
    synapse->setAttr("bias", params.bias);
}

/// Synapse -> Scale: the synapse's rows (output channels) and bias scaled.
/// The synapse keeps its name and place; the Scale goes.
struct FoldScaleIntoProducer : OpRewritePattern<ScaleOp> {
  FoldScaleIntoProducer(MLIRContext *context, bool exactOnly)
      : OpRewritePattern(context), exactOnly(exactOnly) {}

  LogicalResult matchAndRewrite(ScaleOp scale,
                                PatternRewriter &rewriter) const override {
    Operation *synapse = getSoleProducer(scale);
    if (!synapse || !llvm::isa<AffineOp, LinearOp, Conv1dOp, Conv2dOp>(synapse))
      return rewriter.notifyMatchFailure(scale, "not fed by a sole synapse");
    if (failed(matchEdge(rewriter, synapse, scale, scale)))
      return failure();
    std::string why;
    FailureOr<ScaledSynapse> params =
        scaleSynapse(synapse, scale.getScale(), ScaleSide::Output, why);
    if (failed(params))
      return rewriter.notifyMatchFailure(scale, why);
    if (exactOnly && !params->exact)
      return rewriter.notifyMatchFailure(scale, "not exact");
    if (!keepsSchedule(synapse, scale, /*keepFirstName=*/true,
                       mapsZeroToZero(synapse)))
      return rewriter.notifyMatchFailure(scale, "would change the schedule");
    rewriter.modifyOpInPlace(synapse,
                             [&] { setSynapseParams(synapse, *params); });
    rewriter.replaceOp(scale, synapse->getResult(0));
    return success();
  }

  bool exactOnly;
};

/// Scale -> synapse: the synapse's columns (input channels) scaled. The
/// fused synapse keeps the synapse's name and takes the Scale's place.
struct FoldScaleIntoConsumer : OpRewritePattern<ScaleOp> {
  FoldScaleIntoConsumer(MLIRContext *context, bool exactOnly)
      : OpRewritePattern(context), exactOnly(exactOnly) {}

  LogicalResult matchAndRewrite(ScaleOp scale,
                                PatternRewriter &rewriter) const override {
    Operation *synapse = getSoleConsumer(scale);
    if (!synapse || !llvm::isa<AffineOp, LinearOp, Conv1dOp, Conv2dOp>(synapse))
      return rewriter.notifyMatchFailure(scale, "does not feed a sole synapse");
    if (failed(matchEdge(rewriter, scale, synapse, scale)))
      return failure();
    std::string why;
    FailureOr<ScaledSynapse> params =
        scaleSynapse(synapse, scale.getScale(), ScaleSide::Input, why);
    if (failed(params))
      return rewriter.notifyMatchFailure(scale, why);
    if (exactOnly && !params->exact)
      return rewriter.notifyMatchFailure(scale, "not exact");
    if (!keepsSchedule(scale, synapse, /*keepFirstName=*/false,
                       /*firstMapsZeroToZero=*/true))
      return rewriter.notifyMatchFailure(scale, "would change the schedule");
    rewriter.setInsertionPoint(scale);
    Operation *fused = rewriter.clone(*synapse);
    fused->setOperands(scale.getInputs());
    setSynapseParams(fused, *params);
    rewriter.replaceOp(synapse, fused->getResults());
    rewriter.eraseOp(scale);
    return success();
  }

  bool exactOnly;
};

//===----------------------------------------------------------------------===//
// Affine/Linear chains
//===----------------------------------------------------------------------===//

/// Bounds the work of one merge (multiply-adds), so that canonicalization
/// stays fast on large layers: about 0.1 s.
constexpr int64_t kMaxMergeWork = int64_t(1) << 27;

/// Affine/Linear -> Affine/Linear with nothing between: one synapse
/// W = W2 W1, b = W2 b1 + b2, named after the second, in the first's place;
/// Linear when neither has a bias, else Affine. Only when W has no more
/// elements than W1 and W2 together.
template <typename SecondOp>
struct MergeMatrixChain : OpRewritePattern<SecondOp> {
  MergeMatrixChain(MLIRContext *context, bool exactOnly)
      : OpRewritePattern<SecondOp>(context), exactOnly(exactOnly) {}

  LogicalResult matchAndRewrite(SecondOp second,
                                PatternRewriter &rewriter) const override {
    Operation *first = getSoleProducer(second);
    if (!first || !llvm::isa<AffineOp, LinearOp>(first))
      return rewriter.notifyMatchFailure(second, "not fed by a sole synapse");
    if (failed(matchEdge(rewriter, first, second, first)))
      return failure();
    auto firstAffine = llvm::dyn_cast<AffineOp>(first);
    auto secondAffine = llvm::dyn_cast<AffineOp>(second.getOperation());
    ElementsAttr w1 = firstAffine ? firstAffine.getWeight()
                                  : llvm::cast<LinearOp>(first).getWeight();
    ElementsAttr w2 = second.getWeight();
    ElementsAttr b1 = firstAffine ? firstAffine.getBias() : ElementsAttr();
    ElementsAttr b2 = secondAffine ? secondAffine.getBias() : ElementsAttr();
    ArrayRef<int64_t> shape1 = shapeOf(w1), shape2 = shapeOf(w2);
    if (shape1.size() != 2 || shape2.size() != 2)
      return rewriter.notifyMatchFailure(
          second, "batched weights (rank > 2) are not merged");
    int64_t n1 = shape1[1], n2 = shape1[0], n3 = shape2[0];
    if (shape2[1] != n2)
      return rewriter.notifyMatchFailure(second, "weights do not chain");
    // Compare in double: the products may not fit int64.
    if (double(n3) * n1 > double(n3) * n2 + double(n2) * n1)
      return rewriter.notifyMatchFailure(second, "the merged weight is larger");
    if (double(n3) * n2 * n1 > double(kMaxMergeWork))
      return rewriter.notifyMatchFailure(second, "too costly to merge");
    FloatType type = getFoldableType(w1);
    // b2 is combined with W2 b1 only when the first has a bias.
    if (!type || type != getFoldableType(w2) ||
        (b1 && type != getFoldableType(b1)) ||
        (b1 && b2 && type != getFoldableType(b2)))
      return rewriter.notifyMatchFailure(
          second, "parameters of differing or non-float types");
    std::optional<SmallVector<double>> v1 = readValues(w1), v2 = readValues(w2);
    if (!v1 || !v2)
      return rewriter.notifyMatchFailure(second, "unreadable weights");
    SmallVector<double> bias1, bias2;
    if (b1) {
      std::optional<SmallVector<double>> values = readValues(b1);
      if (!values)
        return rewriter.notifyMatchFailure(second, "unreadable bias");
      bias1 = broadcastValues(*values, shapeOf(b1), {n2});
    }
    if (b2) {
      std::optional<SmallVector<double>> values = readValues(b2);
      if (!values)
        return rewriter.notifyMatchFailure(second, "unreadable bias");
      bias2 = broadcastValues(*values, shapeOf(b2), {n3});
    }

    // Exact when each row of W2 has at most one non-zero, +-2^k, with b2
    // zero on that row.
    bool structural = true;
    for (int64_t i = 0; i < n3 && structural; ++i) {
      int64_t nonZeros = 0;
      for (int64_t j = 0; j < n2; ++j) {
        double v = (*v2)[i * n2 + j];
        if (v == 0)
          continue;
        ++nonZeros;
        structural = structural && isPowerOfTwo(v);
      }
      structural = structural && nonZeros <= 1 &&
                   (nonZeros == 0 || !b2 || bias2[i] == 0);
    }

    ExactArith arith;
    SmallVector<double> weight(n3 * n1, 0.0);
    for (int64_t i = 0; i < n3; ++i)
      for (int64_t j = 0; j < n2; ++j) {
        double factor = (*v2)[i * n2 + j];
        if (factor == 0)
          continue;
        for (int64_t k = 0; k < n1; ++k)
          weight[i * n1 + k] = arith.add(weight[i * n1 + k],
                                         arith.mul(factor, (*v1)[j * n1 + k]));
      }
    StringRef name = second.getName();
    bool exact = true;
    FailureOr<ElementsAttr> newWeight =
        makeParam({n3, n1}, type, weight, blobNameFor(name, "weight"), exact);
    if (failed(newWeight))
      return rewriter.notifyMatchFailure(second, "the merged weight overflows");
    ElementsAttr newBias = b2;
    if (b1) {
      SmallVector<double> bias(n3);
      for (int64_t i = 0; i < n3; ++i) {
        double sum = b2 ? bias2[i] : 0.0;
        for (int64_t j = 0; j < n2; ++j)
          if (double factor = (*v2)[i * n2 + j]; factor != 0)
            sum = arith.add(sum, arith.mul(factor, bias1[j]));
        bias[i] = sum;
      }
      FailureOr<ElementsAttr> merged =
          makeParam({n3}, type, bias, blobNameFor(name, "bias"), exact);
      if (failed(merged))
        return rewriter.notifyMatchFailure(second, "the merged bias overflows");
      newBias = *merged;
    }
    if (exactOnly && !(exact && arith.exact && structural))
      return rewriter.notifyMatchFailure(second, "not exact");
    if (!keepsSchedule(first, second, /*keepFirstName=*/false,
                       mapsZeroToZero(first)))
      return rewriter.notifyMatchFailure(second, "would change the schedule");

    rewriter.setInsertionPoint(first);
    Operation *fused;
    if (!newBias) {
      fused = rewriter.create<LinearOp>(
          second.getLoc(), second.getOutput().getType(), second.getNameAttr(),
          first->getOperands(), *newWeight, second.getMetadataAttr());
    } else {
      fused = rewriter.create<AffineOp>(
          second.getLoc(), second.getOutput().getType(), second.getNameAttr(),
          first->getOperands(), *newWeight, newBias, second.getMetadataAttr());
    }
    rewriter.replaceOp(second, fused->getResults());
    rewriter.eraseOp(first);
    return success();
  }

  bool exactOnly;
};

//===----------------------------------------------------------------------===//
// Folds that undo a lowering's op-by-op form
//===----------------------------------------------------------------------===//

/// Whether `weight` is a square identity matrix of a foldable float type.
bool isIdentityMatrix(ElementsAttr weight) {
  ArrayRef<int64_t> shape = shapeOf(weight);
  if (shape.size() != 2 || shape[0] != shape[1])
    return false;
  std::optional<SmallVector<double>> values = readValues(weight);
  if (!values)
    return false;
  int64_t n = shape[0];
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j < n; ++j)
      if ((*values)[i * n + j] != (i == j ? 1.0 : 0.0))
        return false;
  return true;
}

/// Linear(W) -> Affine(I, b), the form of `x @ W + b` op by op (adding a
/// constant has no node of its own): one Affine(W, b), named after the
/// second, in the first's place. Exact: the identity adds b to each output
/// once, as the fused node does. Linear time, where MergeMatrixChain would
/// multiply by I.
struct FoldBiasIntoLinear : OpRewritePattern<AffineOp> {
  FoldBiasIntoLinear(MLIRContext *context, bool)
      : OpRewritePattern(context, /*benefit=*/2) {
    setDebugName("FoldBiasIntoLinear");
  }

  LogicalResult matchAndRewrite(AffineOp second,
                                PatternRewriter &rewriter) const override {
    auto first = llvm::dyn_cast_or_null<LinearOp>(getSoleProducer(second));
    if (!first)
      return rewriter.notifyMatchFailure(second, "not fed by a sole Linear");
    if (failed(matchEdge(rewriter, first, second, first)))
      return failure();
    if (!isIdentityMatrix(second.getWeight()))
      return rewriter.notifyMatchFailure(second, "the weight is not I");
    if (!keepsSchedule(first, second, /*keepFirstName=*/false,
                       /*firstMapsZeroToZero=*/true))
      return rewriter.notifyMatchFailure(second, "would change the schedule");
    rewriter.setInsertionPoint(first);
    auto fused = rewriter.create<AffineOp>(
        second.getLoc(), second.getOutput().getType(), second.getNameAttr(),
        first.getInputs(), first.getWeight(), second.getBias(),
        second.getMetadataAttr());
    rewriter.replaceOp(second, fused.getOutput());
    rewriter.eraseOp(first);
    return success();
  }
};

/// AvgPool2d -> Scale by the window area kh * kw everywhere: SumPool2d, the
/// pool's name and place. This is `F.lp_pool2d` with norm_type 1 op by op
/// (the average times the area). Exact when the area is a power of two;
/// otherwise the sum can differ from (sum / area) * area in the last bit.
struct FoldAreaScaleIntoAvgPool : OpRewritePattern<ScaleOp> {
  FoldAreaScaleIntoAvgPool(MLIRContext *context, bool exactOnly)
      : OpRewritePattern(context), exactOnly(exactOnly) {
    setDebugName("FoldAreaScaleIntoAvgPool");
  }

  LogicalResult matchAndRewrite(ScaleOp scale,
                                PatternRewriter &rewriter) const override {
    auto pool = llvm::dyn_cast_or_null<AvgPool2dOp>(getSoleProducer(scale));
    if (!pool)
      return rewriter.notifyMatchFailure(scale, "not fed by a sole AvgPool2d");
    if (failed(matchEdge(rewriter, pool, scale, scale)))
      return failure();
    ArrayRef<int64_t> kernel = pool.getKernelSize();
    if (kernel.size() != 2)
      return rewriter.notifyMatchFailure(scale, "not a 2-d window");
    double area = double(kernel[0]) * double(kernel[1]);
    std::optional<SmallVector<double>> factors = readValues(scale.getScale());
    if (!factors || !isAll(*factors, area))
      return rewriter.notifyMatchFailure(scale, "not the window area");
    if (exactOnly && !isPowerOfTwo(area))
      return rewriter.notifyMatchFailure(scale, "not exact");
    if (!keepsSchedule(pool, scale, /*keepFirstName=*/true,
                       /*firstMapsZeroToZero=*/true))
      return rewriter.notifyMatchFailure(scale, "would change the schedule");
    rewriter.setInsertionPoint(pool);
    auto sum = rewriter.create<SumPool2dOp>(
        pool.getLoc(), scale.getOutput().getType(), pool.getNameAttr(),
        pool.getInputs(), pool.getKernelSizeAttr(), pool.getStrideAttr(),
        pool.getPaddingAttr(), pool.getMetadataAttr());
    rewriter.replaceOp(scale, sum.getOutput());
    rewriter.eraseOp(pool);
    return success();
  }

  bool exactOnly;
};

} // namespace

//===----------------------------------------------------------------------===//
// Registration
//===----------------------------------------------------------------------===//

void nir::populateNIRFoldPatterns(RewritePatternSet &patterns, bool exactOnly) {
  patterns
      .add<RemoveUnitScale, RemoveIdentityFlatten, AffineWithZeroBiasToLinear,
           FoldScaleIntoScale, FoldScaleIntoProducer, FoldScaleIntoConsumer,
           MergeMatrixChain<AffineOp>, MergeMatrixChain<LinearOp>,
           FoldBiasIntoLinear, FoldAreaScaleIntoAvgPool>(patterns.getContext(),
                                                         exactOnly);
}

void nir::populateLoweringCleanupPatterns(RewritePatternSet &patterns) {
  patterns.add<FoldBiasIntoLinear, FoldAreaScaleIntoAvgPool>(
      patterns.getContext(), /*exactOnly=*/false);
}

void ScaleOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                          MLIRContext *context) {
  patterns.add<RemoveUnitScale, FoldScaleIntoScale, FoldScaleIntoProducer,
               FoldScaleIntoConsumer, FoldAreaScaleIntoAvgPool>(
      context, /*exactOnly=*/false);
}

void AffineOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                           MLIRContext *context) {
  patterns.add<AffineWithZeroBiasToLinear, MergeMatrixChain<AffineOp>,
               FoldBiasIntoLinear>(context, /*exactOnly=*/false);
}

void LinearOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                           MLIRContext *context) {
  patterns.add<MergeMatrixChain<LinearOp>>(context, /*exactOnly=*/false);
}

void FlattenOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                            MLIRContext *context) {
  patterns.add<RemoveIdentityFlatten>(context, /*exactOnly=*/false);
}
