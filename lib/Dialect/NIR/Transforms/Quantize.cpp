//===- Quantize.cpp - Integer weights and thresholds for a chip -----------===//
//
// `nir-quantize{target=... scheme=global|channel|layer}`: the post-training
// quantisation the chip vendors publish, on the layers of a NIR graph (a
// neuron node and the weight nodes feeding it). The integer form is
// Quantization.h's: integer parameters plus `nir.quant_scale`.
//
// Sources (the formulas only; no code is shared):
// - Rockpool, rockpool/transform/quantize_methods.py: `global_quantize` (one
//   scale for input + recurrent weights and biases, one for output weights,
//   scale = (2^(bits-1) - 1) / max|w|, thresholds times the same scale and
//   the scale limited when a threshold leaves its 16 bits; `fuzzy_scaling`:
//   max|w| replaced by |mean| + 2 std of the non-zero weights) and
//   `channel_quantize` (the same per target neuron: the column of w_in and
//   w_rec together).
// - Sinabs, sinabs/backend/dynapcnn/discretize.py: `_discretize_conv_spk_`
//   (one scale per layer, the minimum of `determine_discretization_scale`
//   over weights and bias (8 bit) and thresholds and state (16 bit), which
//   uses 2^(bits-1) on the negative side).
//
// Where they differ from this pass: Rockpool rounds twice when it limits a
// scale for the threshold (the rounded weights are scaled again); here the
// scale is the minimum of all fits from the start, so every value is
// rounded once. Rockpool clips nothing even with fuzzy_scaling; here a value
// beyond the width is clipped to it (the chip cannot hold it) and counted.
//
//===----------------------------------------------------------------------===//

#include "nirtorch/Dialect/NIR/GraphAlgorithms.h"
#include "nirtorch/Dialect/NIR/NIRParams.h"
#include "nirtorch/Dialect/NIR/Passes.h"
#include "nirtorch/Dialect/NIR/Quantization.h"
#include "nirtorch/Dialect/NIR/TargetDescription.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/StringMap.h"

#include <cmath>
#include <limits>

namespace mlir::nir {
#define GEN_PASS_DEF_NIRQUANTIZE
#include "nirtorch/Dialect/NIR/Passes.h.inc"
} // namespace mlir::nir

using namespace mlir;
using namespace mlir::nir;

namespace {

/// The largest magnitudes on each side of zero of a set of values.
struct Range {
  double pos = 0, neg = 0;
  void add(double value) {
    pos = std::max(pos, value);
    neg = std::max(neg, -value);
  }
  void merge(const Range &other) {
    pos = std::max(pos, other.pos);
    neg = std::max(neg, other.neg);
  }
};

/// The integer range of `bits`: Rockpool's symmetric +-(2^(bits-1) - 1), or
/// the full two's complement range (Sinabs) when `asymmetric`.
std::pair<double, double> integerRange(int64_t bits, bool asymmetric) {
  double hi = std::ldexp(1.0, bits - 1) - 1;
  return {asymmetric ? -hi - 1 : -hi, hi};
}

/// The largest scale that maps `range` into `bits` (infinity for zeros).
double fitScale(const Range &range, int64_t bits, bool asymmetric) {
  auto [lo, hi] = integerRange(bits, asymmetric);
  double scale = std::numeric_limits<double>::infinity();
  if (range.pos > 0)
    scale = std::min(scale, hi / range.pos);
  if (range.neg > 0)
    scale = std::min(scale, -lo / range.neg);
  return scale;
}

/// What one group of values (a channel, a layer, or all hidden or output
/// layers) needs of its scale: per quantised parameter its range and width,
/// and the non-zero weights for the fuzzy range.
struct GroupStats {
  llvm::StringMap<std::pair<Range, int64_t>> ranges;
  SmallVector<double> weights;

  void merge(const GroupStats &other) {
    for (const auto &entry : other.ranges) {
      auto &[range, bits] = ranges[entry.getKey()];
      range.merge(entry.getValue().first);
      bits = entry.getValue().second;
    }
    weights.append(other.weights);
  }

  double scale(bool asymmetric, bool fuzzy) const {
    double scale = std::numeric_limits<double>::infinity();
    for (const auto &entry : ranges) {
      Range range = entry.getValue().first;
      if (fuzzy && entry.getKey() == "weight" && !weights.empty()) {
        double mean = 0, square = 0;
        for (double w : weights)
          mean += w;
        mean /= weights.size();
        for (double w : weights)
          square += (w - mean) * (w - mean);
        double width = std::abs(mean) + 2 * std::sqrt(square / weights.size());
        range = Range{width, width};
      }
      scale =
          std::min(scale, fitScale(range, entry.getValue().second, asymmetric));
    }
    // Rockpool: a group of zeros keeps scale 1.
    return std::isfinite(scale) ? scale : 1.0;
  }
};

/// A neuron node with the weight nodes feeding it.
struct Layer {
  unsigned neuron;
  SmallVector<unsigned> weights;
  bool output = false;
  int64_t channels = 1;
  /// Per channel, what its scale must fit.
  std::vector<GroupStats> stats;
  std::vector<double> scales;
};

/// The channel (dim-0 index) of element `index` of a parameter of `shape`
/// in a layer of `channels` channels.
int64_t channelOf(int64_t index, ArrayRef<int64_t> shape, int64_t size,
                  int64_t channels) {
  if (channels == 1 || shape.empty() || shape[0] != channels)
    return 0;
  return index / (size / channels);
}

struct QuantizePass : public nir::impl::NIRQuantizeBase<QuantizePass> {
  using Base::Base;

  void runOnOperation() override {
    GraphOp graph = getOperation();
    FailureOr<TargetDescription> description =
        loadTargetOption(graph, target, "nir-quantize");
    if (failed(description))
      return signalPassFailure();
    t = &*description;
    FlatGraph flat(graph);
    SmallVector<Layer> layers;
    if (failed(collectLayers(flat, layers)) || failed(measure(flat, layers)))
      return signalPassFailure();
    assignScales(layers);
    for (Layer &layer : layers)
      if (failed(rewrite(flat, layer)))
        return signalPassFailure();
  }

private:
  const TargetDescription *t = nullptr;

  InFlightDiagnostic errorAt(const FlatGraph &flat, unsigned id) {
    return flat.nodes[id].node->emitError()
           << "cannot quantise for target '" << t->name << "': node '"
           << flat.name(id) << "' ";
  }

  /// Whether the values node `id` sends are spikes or graph inputs, which
  /// quantisation leaves as they are: an Input, a spiking neuron, or
  /// Flatten, pooling and Delay nodes reading only such values.
  bool sendsUnscaledValues(const FlatGraph &flat, unsigned id,
                           unsigned &culprit) {
    SmallVector<unsigned> stack{id};
    llvm::DenseSet<unsigned> seen;
    while (!stack.empty()) {
      unsigned at = stack.pop_back_val();
      if (!seen.insert(at).second)
        continue;
      StringRef type = flat.nodes[at].type;
      if (type == "Input" || isSpikingType(type))
        continue;
      if (isPassThroughType(type) || type == "Delay") {
        stack.append(flat.nodes[at].preds);
        continue;
      }
      culprit = at;
      return false;
    }
    return true;
  }

  /// The layers, and an error for any node the schemes cannot take.
  LogicalResult collectLayers(const FlatGraph &flat,
                              SmallVectorImpl<Layer> &layers) {
    for (auto [id, node] : llvm::enumerate(flat.nodes))
      if (node.node->hasAttr(kQuantScaleAttrName))
        return errorAt(flat, id) << "is quantised already";
    bool ok = true;
    llvm::DenseMap<unsigned, unsigned> layerOf;
    for (auto [id, node] : llvm::enumerate(flat.nodes)) {
      if (node.type == "Scale" || node.type == "Threshold") {
        errorAt(flat, id) << "is a " << node.type
                          << " node, which nir-quantize does not scale (no "
                             "chip target reads one)";
        ok = false;
        continue;
      }
      if (!isNeuronType(node.type))
        continue;
      bool fromWeights = true;
      for (unsigned pred : node.preds)
        if (!isWeightType(flat.nodes[pred].type)) {
          errorAt(flat, id)
              << "reads '" << flat.name(pred) << "' (" << flat.nodes[pred].type
              << "), not a weight node: a neuron's state is "
                 "scaled through the weights into it";
          ok = fromWeights = false;
          break;
        }
      if (!fromWeights)
        continue;
      layerOf[id] = layers.size();
      Layer &layer = layers.emplace_back();
      layer.neuron = id;
      layer.output = llvm::any_of(node.succs, [&](unsigned succ) {
        return llvm::is_contained(flat.outputs, succ);
      });
    }
    for (auto [id, node] : llvm::enumerate(flat.nodes)) {
      if (!isWeightType(node.type))
        continue;
      std::optional<unsigned> neuron;
      bool single = !node.succs.empty();
      for (unsigned succ : node.succs) {
        if (!isNeuronType(flat.nodes[succ].type) || (neuron && *neuron != succ))
          single = false;
        neuron = succ;
      }
      if (!single) {
        errorAt(flat, id) << "does not feed exactly one neuron node: "
                             "nir-quantize scales a weight node with the "
                             "neuron it feeds (nir-legalize-target fuses "
                             "consecutive weights)";
        ok = false;
        continue;
      }
      for (unsigned pred : node.preds) {
        unsigned culprit = pred;
        if (sendsUnscaledValues(flat, pred, culprit))
          continue;
        if (isNeuronType(flat.nodes[culprit].type)) {
          errorAt(flat, id)
              << "reads the values of non-spiking neuron '"
              << flat.name(culprit) << "' (" << flat.nodes[culprit].type
              << "), which quantisation scales";
          ok = false;
        }
        break;
      }
      auto it = layerOf.find(*neuron);
      if (it != layerOf.end())
        layers[it->second].weights.push_back(id);
    }
    return success(ok);
  }

  /// The width of quantised parameter `p` of node `id`, or an error.
  FailureOr<int64_t> widthOf(const FlatGraph &flat, unsigned id,
                             const QuantizedParameter &p) {
    if (const TargetWidth *width = t->getWidth(p.width))
      return width->bits;
    if (!p.fallbackWidth.empty())
      if (const TargetWidth *width = t->getWidth(p.fallbackWidth))
        return width->bits;
    InFlightDiagnostic diag = errorAt(flat, id);
    diag << "has parameter '" << p.name << "', and the target gives no '"
         << p.width << "'";
    if (!p.fallbackWidth.empty())
      diag << " or '" << p.fallbackWidth << "'";
    diag << " width";
    return failure();
  }

  /// Fills every layer's per-channel stats.
  LogicalResult measure(const FlatGraph &flat, MutableArrayRef<Layer> layers) {
    for (Layer &layer : layers) {
      Operation *neuron = flat.nodes[layer.neuron].node;
      if (!layer.weights.empty()) {
        auto weight =
            flat.nodes[layer.weights.front()].node->getAttrOfType<ElementsAttr>(
                "weight");
        layer.channels = weight.getShapedType().getDimSize(0);
      }
      auto shaped = dyn_cast<RankedTensorType>(neuron->getResult(0).getType());
      if (!shaped ||
          (shaped.getRank() > 0 && shaped.getDimSize(0) != layer.channels &&
           !layer.weights.empty())) {
        errorAt(flat, layer.neuron)
            << "has output type " << neuron->getResult(0).getType()
            << ", which does not have the " << layer.channels
            << " channels of its weights along dim 0 (run nir-infer-shapes)";
        return failure();
      }
      layer.stats.resize(layer.channels);
      SmallVector<unsigned> members(layer.weights);
      members.push_back(layer.neuron);
      for (unsigned id : members) {
        Operation *op = flat.nodes[id].node;
        for (const QuantizedParameter &p :
             getQuantizedParameters(flat.nodes[id].type)) {
          auto param = op->getAttrOfType<ElementsAttr>(p.name);
          if (!param)
            continue;
          FailureOr<int64_t> bits = widthOf(flat, id, p);
          if (failed(bits))
            return failure();
          ArrayRef<int64_t> shape = param.getShapedType().getShape();
          int64_t size = param.getNumElements();
          if (failed(forEachParamValue(param, [&](int64_t index, double value) {
                GroupStats &stats =
                    layer.stats[channelOf(index, shape, size, layer.channels)];
                auto &[range, width] = stats.ranges[p.name];
                range.add(value);
                width = *bits;
                if (p.name == "weight" && fuzzy && value != 0)
                  stats.weights.push_back(value);
              }))) {
            errorAt(flat, id)
                << "has a parameter '" << p.name << "' that cannot be read";
            return failure();
          }
        }
      }
    }
    return success();
  }

  void assignScales(MutableArrayRef<Layer> layers) {
    bool asymmetric = scheme == QuantScheme::Layer;
    auto scaleOf = [&](const GroupStats &stats) {
      return stats.scale(asymmetric, fuzzy);
    };
    if (scheme == QuantScheme::Channel) {
      for (Layer &layer : layers)
        for (const GroupStats &stats : layer.stats)
          layer.scales.push_back(scaleOf(stats));
      return;
    }
    if (scheme == QuantScheme::Layer) {
      for (Layer &layer : layers) {
        GroupStats all;
        for (const GroupStats &stats : layer.stats)
          all.merge(stats);
        layer.scales = {scaleOf(all)};
      }
      return;
    }
    // Global: hidden layers together, output layers together.
    for (bool output : {false, true}) {
      GroupStats all;
      for (Layer &layer : layers)
        if (layer.output == output)
          for (const GroupStats &stats : layer.stats)
            all.merge(stats);
      double scale = scaleOf(all);
      for (Layer &layer : layers)
        if (layer.output == output)
          layer.scales = {scale};
    }
  }

  /// Writes the integers and the scale of every node of `layer`.
  LogicalResult rewrite(const FlatGraph &flat, const Layer &layer) {
    bool asymmetric = scheme == QuantScheme::Layer;
    Builder b(&getContext());
    int64_t channels = layer.scales.size();
    auto scaleAttr = DenseElementsAttr::get(
        RankedTensorType::get({channels}, b.getF64Type()),
        ArrayRef<double>(layer.scales));
    SmallVector<unsigned> members(layer.weights);
    members.push_back(layer.neuron);
    for (unsigned id : members) {
      Operation *op = flat.nodes[id].node;
      int64_t clipped = 0;
      for (const QuantizedParameter &p :
           getQuantizedParameters(flat.nodes[id].type)) {
        auto param = op->getAttrOfType<ElementsAttr>(p.name);
        if (!param)
          continue;
        int64_t bits = *widthOf(flat, id, p);
        auto [lo, hi] = integerRange(bits, asymmetric);
        SmallVector<int64_t> shape(param.getShapedType().getShape());
        FailureOr<SmallVector<double>> values = readParamValues(param);
        if (failed(values))
          return errorAt(flat, id)
                 << "has a parameter '" << p.name << "' that cannot be read";
        // A per-channel scale needs one entry per channel along dim 0 (the
        // neuron's parameters share one shape: spreading one would break it).
        if (channels > 1 && (shape.empty() || shape[0] != channels))
          return errorAt(flat, id)
                 << "has parameter '" << p.name
                 << "' without one entry per channel along dim 0, which "
                    "scheme=channel needs";
        SmallVector<APInt> ints;
        unsigned storage = bits <= 8    ? 8
                           : bits <= 16 ? 16
                           : bits <= 32 ? 32
                                        : 64;
        for (auto [index, value] : llvm::enumerate(*values)) {
          double scale =
              layer.scales[channelOf(index, shape, values->size(), channels)];
          double q = std::nearbyint(value * scale);
          if (q < lo || q > hi) {
            q = std::clamp(q, lo, hi);
            ++clipped;
          }
          ints.push_back(APInt(storage, int64_t(q), /*isSigned=*/true));
        }
        auto type = RankedTensorType::get(shape, b.getIntegerType(storage));
        op->setAttr(p.name, DenseElementsAttr::get(type, ints));
      }
      op->setAttr(kQuantScaleAttrName, scaleAttr);
      if (clipped)
        op->emitWarning() << "node '" << flat.name(id) << "': " << clipped
                          << " value(s) clipped to the target's width";
    }
    return success();
  }
};

} // namespace
