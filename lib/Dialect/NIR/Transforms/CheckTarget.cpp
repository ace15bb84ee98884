//===- CheckTarget.cpp - A chip's design rules on a NIR graph -------------===//
//
// `nir-check-target{target=NAME|FILE.json}` checks a graph against the design
// rules of a target description (TargetDescription.h): one check function per
// rule of the catalogue (getRuleSpecs), each reporting every violation as one
// diagnostic at the node, naming the rule, the value and the limit.
//
//===----------------------------------------------------------------------===//

#include "nirtorch/Dialect/NIR/Discretization.h"
#include "nirtorch/Dialect/NIR/GraphAlgorithms.h"
#include "nirtorch/Dialect/NIR/NIRParams.h"
#include "nirtorch/Dialect/NIR/Passes.h"
#include "nirtorch/Dialect/NIR/TargetDescription.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <mutex>

namespace mlir::nir {
#define GEN_PASS_DEF_NIRCHECKTARGET
#include "nirtorch/Dialect/NIR/Passes.h.inc"
} // namespace mlir::nir

using namespace mlir;
using namespace mlir::nir;

// A flag of its own besides the pass option (the issue's spelling), so that
// a pipeline one does not spell out prints the summary too.
static llvm::cl::opt<CheckReport> clReport(
    "nir-check-report",
    llvm::cl::desc("Make every run of nir-check-target print a summary"),
    llvm::cl::values(clEnumValN(CheckReport::None, "none", "no summary"),
                     clEnumValN(CheckReport::Json, "json",
                                "a JSON summary per graph on stdout")),
    llvm::cl::init(CheckReport::None));

namespace {

std::string formatNumber(double value) {
  return llvm::formatv("{0}", llvm::format("%g", value)).str();
}

std::string formatPair(ArrayRef<int64_t> values) {
  return llvm::join(llvm::map_range(values,
                                    [](int64_t v) { return std::to_string(v); }),
                    "x");
}

std::string joinInts(ArrayRef<int64_t> values) {
  return llvm::join(llvm::map_range(values,
                                    [](int64_t v) { return std::to_string(v); }),
                    ", ");
}

int64_t numElements(Type type) {
  auto shaped = dyn_cast<RankedTensorType>(type);
  return shaped ? shaped.getNumElements() : 0;
}

//===----------------------------------------------------------------------===//
// Parameters
//===----------------------------------------------------------------------===//

/// A dense weight matrix (rows = outputs) of an Affine or Linear node.
struct Matrix {
  int64_t rows = 0, cols = 0;
  SmallVector<double> values;
  double at(int64_t row, int64_t col) const { return values[row * cols + col]; }
};

std::optional<Matrix> getMatrix(Operation *op) {
  ElementsAttr weight;
  if (auto affine = dyn_cast<AffineOp>(op))
    weight = affine.getWeight();
  else if (auto linear = dyn_cast<LinearOp>(op))
    weight = linear.getWeight();
  if (!weight || weight.getShapedType().getRank() != 2)
    return std::nullopt;
  FailureOr<SmallVector<double>> values = readParamValues(weight);
  if (failed(values))
    return std::nullopt;
  Matrix matrix;
  matrix.rows = weight.getShapedType().getDimSize(0);
  matrix.cols = weight.getShapedType().getDimSize(1);
  matrix.values = std::move(*values);
  return matrix;
}

ElementsAttr getWeightAttr(Operation *op) {
  if (auto affine = dyn_cast<AffineOp>(op))
    return affine.getWeight();
  if (auto linear = dyn_cast<LinearOp>(op))
    return linear.getWeight();
  if (auto conv = dyn_cast<Conv1dOp>(op))
    return conv.getWeight();
  if (auto conv = dyn_cast<Conv2dOp>(op))
    return conv.getWeight();
  return nullptr;
}

ElementsAttr getBiasAttr(Operation *op) {
  if (auto affine = dyn_cast<AffineOp>(op))
    return affine.getBias();
  if (auto conv = dyn_cast<Conv1dOp>(op))
    return conv.getBias();
  if (auto conv = dyn_cast<Conv2dOp>(op))
    return conv.getBias();
  return nullptr;
}

/// Non-zero elements of a weight (-0.0 is zero), or nullopt if unreadable.
std::optional<int64_t> countNonZero(ElementsAttr weight) {
  int64_t count = 0;
  if (failed(forEachParamValue(weight, [&](int64_t, double value) {
        count += value != 0.0;
      })))
    return std::nullopt;
  return count;
}

/// The shape of a node's input: its first incoming signal's, if ranked.
SmallVector<int64_t> inputShape(Operation *op) {
  for (Value operand : op->getOperands())
    if (auto type = dyn_cast<RankedTensorType>(operand.getType()))
      return SmallVector<int64_t>(type.getShape());
  return {};
}

SmallVector<int64_t> outputShape(Operation *op) {
  if (auto type = dyn_cast<RankedTensorType>(op->getResult(0).getType()))
    return SmallVector<int64_t>(type.getShape());
  return {};
}

/// The explicit padding of a Conv2d: "valid" is 0, "same" half the
/// (dilated) kernel, rounded up.
SmallVector<int64_t> conv2dPadding(Conv2dOp conv) {
  if (auto pairs = dyn_cast<DenseI64ArrayAttr>(conv.getPadding()))
    return SmallVector<int64_t>(pairs.asArrayRef());
  SmallVector<int64_t> amounts;
  ArrayRef<int64_t> kernel =
      cast<ShapedType>(conv.getWeight().getType()).getShape().drop_front(2);
  for (auto [k, d] : llvm::zip(kernel, conv.getDilation()))
    amounts.push_back(cast<StringAttr>(conv.getPadding()).getValue() == "same"
                          ? llvm::divideCeil(d * (k - 1), 2)
                          : 0);
  return amounts;
}

//===----------------------------------------------------------------------===//
// The checker
//===----------------------------------------------------------------------===//

struct Violation {
  std::string node; // empty for the graph
  std::string message;
};

class Checker {
public:
  Checker(GraphOp graph, const TargetDescription &target)
      : graph(graph), target(target), flat(graph) {}

  GraphOp graph;
  const TargetDescription &target;
  FlatGraph flat;
  /// The graph's time step, if it declares one.
  std::optional<double> dt;
  /// Violations per rule key, in report order.
  llvm::StringMap<SmallVector<Violation>> violations;
  /// Why a rule could not be checked, per rule key.
  llvm::StringMap<std::string> skipped;
  unsigned errors = 0, warnings = 0;

  /// Reports one violation of `rule` at node `id` (or at the graph).
  void report(const TargetRule &rule, std::optional<unsigned> id,
              const llvm::Twine &message) {
    if (id)
      reportAt(rule, op(*id), flat.name(*id), message);
    else
      reportAt(rule, graph, "", message);
  }

  /// Reports one violation of `rule` at `at`, the node `nodeName` (empty
  /// for the graph).
  void reportAt(const TargetRule &rule, Operation *at, StringRef nodeName,
                const llvm::Twine &message) {
    std::string where = nodeName.empty()
                            ? ("graph @" + graph.getSymName()).str()
                            : ("node '" + nodeName + "'").str();
    std::string text = message.str();
    std::string full = ("design rule '" + rule.key() + "' of target '" +
                        target.name + "': " + where + ": " + text)
                           .str();
    if (rule.warning) {
      at->emitWarning() << full;
      ++warnings;
    } else {
      at->emitError() << full;
      ++errors;
    }
    violations[rule.key()].push_back({nodeName.str(), text});
  }

  /// The neurons read by the graph's Outputs (directly).
  llvm::DenseSet<unsigned> outputNeurons() const {
    llvm::DenseSet<unsigned> result;
    for (unsigned output : flat.outputs)
      for (unsigned pred : flat.nodes[output].preds)
        if (isNeuronType(flat.nodes[pred].type))
          result.insert(pred);
    return result;
  }

  /// The weight nodes a neuron's output reaches through pass-through nodes
  /// (Flatten, pooling), each once, in order.
  SmallVector<unsigned> downstreamWeights(unsigned id) const {
    SmallVector<unsigned> result, stack{id};
    llvm::DenseSet<unsigned> seen{id};
    while (!stack.empty()) {
      unsigned at = stack.pop_back_val();
      for (unsigned succ : flat.nodes[at].succs) {
        if (!seen.insert(succ).second)
          continue;
        if (isWeightType(flat.nodes[succ].type))
          result.push_back(succ);
        else if (isPassThroughType(flat.nodes[succ].type))
          stack.push_back(succ);
      }
    }
    llvm::sort(result);
    return result;
  }

  /// Reports the node at which a running total passes `limit`.
  template <typename CountFn>
  void checkTotal(const TargetRule &rule, ArrayRef<unsigned> ids,
                  CountFn count, llvm::StringRef what) {
    int64_t limit = *rule.getInt("max");
    int64_t total = 0;
    std::optional<unsigned> crossing;
    for (unsigned id : ids) {
      total += count(id);
      if (!crossing && total > limit)
        crossing = id;
    }
    if (crossing)
      report(rule, crossing,
             llvm::formatv("{0}: {1} in all, counted up to this node; limit {2}",
                           what, total, limit));
  }

  SmallVector<unsigned> allNodes() const {
    SmallVector<unsigned> ids;
    for (unsigned id = 0; id < flat.nodes.size(); ++id)
      ids.push_back(id);
    return ids;
  }

  SmallVector<unsigned> nodesWhere(llvm::function_ref<bool(unsigned)> pred) {
    SmallVector<unsigned> ids;
    for (unsigned id = 0; id < flat.nodes.size(); ++id)
      if (pred(id))
        ids.push_back(id);
    return ids;
  }

  /// The matrix of an Affine/Linear node, read once.
  const std::optional<Matrix> &getMatrixOf(unsigned id) {
    auto [it, inserted] = matrices.try_emplace(id);
    if (inserted)
      it->second = getMatrix(op(id));
    return it->second;
  }
  llvm::DenseMap<unsigned, std::optional<Matrix>> matrices;

  bool isNeuron(unsigned id) const { return isNeuronType(flat.nodes[id].type); }
  bool isWeight(unsigned id) const { return isWeightType(flat.nodes[id].type); }
  Operation *op(unsigned id) const { return flat.nodes[id].node; }
};

using CheckFn = void (*)(Checker &, const TargetRule &);

//===----------------------------------------------------------------------===//
// The rules, in catalogue order (TargetDescription.cpp)
//===----------------------------------------------------------------------===//

void checkNodeTypes(Checker &c, const TargetRule &rule) {
  ArrayRef<std::string> allowed = rule.getStringList("allowed");
  c.graph.walk([&](NodeOpInterface node) {
    Operation *op = node;
    // The ports of nested graphs come with the NIRGraph node.
    if (isa<InputOp, OutputOp>(op) && isa<SubgraphOp>(op->getParentOp()))
      return;
    StringRef type = node.getNIRTypeName();
    if (llvm::is_contained(allowed, type))
      return;
    c.reportAt(rule, op, node.getNodeName(),
               "type " + type + " is not one the target reads (" +
                   llvm::join(allowed, ", ") + ")");
  });
}

void checkInputChannels(Checker &c, const TargetRule &rule) {
  c.checkTotal(
      rule, c.flat.inputs,
      [&](unsigned id) { return numElements(c.op(id)->getResult(0).getType()); },
      "input channels");
}

void checkHiddenNeurons(Checker &c, const TargetRule &rule) {
  llvm::DenseSet<unsigned> outputs = c.outputNeurons();
  c.checkTotal(rule,
               c.nodesWhere([&](unsigned id) {
                 return c.isNeuron(id) && !outputs.contains(id);
               }),
               [&](unsigned id) { return c.flat.nodes[id].neurons(); },
               "hidden neurons");
}

void checkOutputNeurons(Checker &c, const TargetRule &rule) {
  c.checkTotal(
      rule, c.flat.outputs,
      [&](unsigned id) { return numElements(c.op(id)->getResult(0).getType()); },
      "output channels");
}

/// Non-zero weights per neuron into (`in`) or out of each neuron node,
/// through Affine/Linear nodes directly next to it.
void checkFan(Checker &c, const TargetRule &rule, bool in) {
  int64_t limit = *rule.getInt("max");
  for (unsigned id = 0; id < c.flat.nodes.size(); ++id) {
    if (!c.isNeuron(id))
      continue;
    SmallVector<int64_t> count(c.flat.nodes[id].neurons(), 0);
    llvm::DenseSet<unsigned> seen;
    for (unsigned other : in ? c.flat.nodes[id].preds : c.flat.nodes[id].succs) {
      if (!seen.insert(other).second)
        continue;
      const std::optional<Matrix> &matrix = c.getMatrixOf(other);
      if (!matrix)
        continue;
      if (in && matrix->rows == int64_t(count.size())) {
        for (int64_t row = 0; row < matrix->rows; ++row)
          for (int64_t col = 0; col < matrix->cols; ++col)
            count[row] += matrix->at(row, col) != 0.0;
      } else if (!in && matrix->cols == int64_t(count.size())) {
        for (int64_t row = 0; row < matrix->rows; ++row)
          for (int64_t col = 0; col < matrix->cols; ++col)
            count[col] += matrix->at(row, col) != 0.0;
      }
    }
    auto worst = llvm::max_element(count);
    if (worst != count.end() && *worst > limit)
      c.report(rule, id,
               llvm::formatv("neuron {0} {1} {2} non-zero weights; limit {3}",
                             worst - count.begin(), in ? "receives" : "sends",
                             *worst, limit));
  }
}


void checkFanIn(Checker &c, const TargetRule &rule) { checkFan(c, rule, true); }
void checkFanOut(Checker &c, const TargetRule &rule) {
  checkFan(c, rule, false);
}

/// The neurons the weights from the graph's Inputs reach.
void checkInputProjection(Checker &c, const TargetRule &rule) {
  llvm::DenseSet<unsigned> reached;
  for (unsigned input : c.flat.inputs)
    for (unsigned weight : c.flat.nodes[input].succs)
      if (c.isWeight(weight))
        for (unsigned target : c.flat.nodes[weight].succs)
          if (c.isNeuron(target))
            reached.insert(target);
  c.checkTotal(rule,
               c.nodesWhere([&](unsigned id) { return reached.contains(id); }),
               [&](unsigned id) { return c.flat.nodes[id].neurons(); },
               "neurons the input weights reach");
}

/// The neurons that feed the weights into the output neurons.
void checkOutputProjection(Checker &c, const TargetRule &rule) {
  llvm::DenseSet<unsigned> outputs = c.outputNeurons(), feeding;
  for (unsigned output : outputs)
    for (unsigned weight : c.flat.nodes[output].preds)
      if (c.isWeight(weight))
        for (unsigned source : c.flat.nodes[weight].preds)
          if (c.isNeuron(source) && !outputs.contains(source))
            feeding.insert(source);
  c.checkTotal(rule,
               c.nodesWhere([&](unsigned id) { return feeding.contains(id); }),
               [&](unsigned id) { return c.flat.nodes[id].neurons(); },
               "neurons that feed the output weights");
}

int64_t nonZeroWeights(Checker &c, unsigned id) {
  ElementsAttr weight = getWeightAttr(c.op(id));
  std::optional<int64_t> count = weight ? countNonZero(weight) : 0;
  return count.value_or(0);
}

void checkTotalWeights(Checker &c, const TargetRule &rule) {
  c.checkTotal(rule, c.nodesWhere([&](unsigned id) { return c.isWeight(id); }),
               [&](unsigned id) { return nonZeroWeights(c, id); },
               "non-zero weights");
}

void checkRecurrentWeights(Checker &c, const TargetRule &rule) {
  c.checkTotal(rule, c.nodesWhere([&](unsigned id) {
                 return c.isWeight(id) && c.flat.nodes[id].cyclic;
               }),
               [&](unsigned id) { return nonZeroWeights(c, id); },
               "non-zero weights on cycles");
}

void checkLayers(Checker &c, const TargetRule &rule) {
  c.checkTotal(rule, c.nodesWhere([&](unsigned id) { return c.isNeuron(id); }),
               [](unsigned) { return int64_t(1); }, "neuron layers");
}

void checkCoreCompartments(Checker &c, const TargetRule &rule) {
  int64_t limit = *rule.getInt("max");
  for (unsigned id = 0; id < c.flat.nodes.size(); ++id)
    if (c.isNeuron(id) && c.flat.nodes[id].neurons() > limit)
      c.report(rule, id,
               llvm::formatv("{0} neurons in one layer; limit {1} a core "
                             "(nir-opt does not split layers across cores)",
                             c.flat.nodes[id].neurons(), limit));
}

/// The weight nodes feeding a neuron node directly, each once.
SmallVector<unsigned> incomingWeights(Checker &c, unsigned id) {
  SmallVector<unsigned> weights;
  for (unsigned pred : c.flat.nodes[id].preds)
    if (c.isWeight(pred) && !llvm::is_contained(weights, pred))
      weights.push_back(pred);
  return weights;
}

void checkCoreInAxons(Checker &c, const TargetRule &rule) {
  int64_t limit = *rule.getInt("max");
  for (unsigned id = 0; id < c.flat.nodes.size(); ++id) {
    if (!c.isNeuron(id))
      continue;
    int64_t axons = 0;
    for (unsigned weight : incomingWeights(c, id))
      axons += numElements(
          c.op(weight)->getNumOperands()
              ? c.op(weight)->getOperand(0).getType()
              : Type());
    if (axons > limit)
      c.report(rule, id,
               llvm::formatv("{0} input axons (the inputs of the weights "
                             "into the layer); limit {1}",
                             axons, limit));
  }
}

void checkCoreOutAxons(Checker &c, const TargetRule &rule) {
  int64_t limit = *rule.getInt("max");
  for (unsigned id = 0; id < c.flat.nodes.size(); ++id) {
    if (!c.isNeuron(id))
      continue;
    size_t targets = c.downstreamWeights(id).size();
    int64_t axons = c.flat.nodes[id].neurons() * int64_t(targets);
    if (axons > limit)
      c.report(rule, id,
               llvm::formatv("{0} output axons ({1} neurons x {2} weight "
                             "nodes they feed); limit {3}",
                             axons, c.flat.nodes[id].neurons(), targets,
                             limit));
  }
}

/// nengo-loihi's SynapseConfig.bits_per_axon for a dense axon of `n`
/// weights (compression 3: no index bits): blocks of 64 synapses, each
/// n * weightBits + 4 (synapse index) + 6 (synapse count) bits, rounded up
/// to 64-bit words.
int64_t bitsPerAxon(int64_t n, int64_t weightBits) {
  int64_t bits = 0;
  for (int64_t i = 0; i < n; i += 64) {
    int64_t block = std::min<int64_t>(n - i, 64) * weightBits + 4 + 6;
    bits += llvm::divideCeil(block, 64) * 64;
  }
  return bits;
}

void checkCoreSynapseBits(Checker &c, const TargetRule &rule) {
  int64_t limit = *rule.getInt("max");
  int64_t weightBits = *rule.getInt("weight_bits");
  for (unsigned id = 0; id < c.flat.nodes.size(); ++id) {
    if (!c.isNeuron(id))
      continue;
    int64_t bits = 0;
    for (unsigned weight : incomingWeights(c, id))
      if (const std::optional<Matrix> &matrix = c.getMatrixOf(weight))
        bits += matrix->cols * bitsPerAxon(matrix->rows, weightBits);
    if (bits > limit)
      c.report(rule, id,
               llvm::formatv("{0} synapse bits (dense {1}-bit weights into "
                             "the layer); limit {2}",
                             bits, weightBits, limit));
  }
}

/// One layer as a DYNAP-CNN core sees it: a convolution (a Linear is one
/// whose kernel covers its input) and the neurons after it.
struct CoreLayer {
  unsigned neuron;
  int64_t kernelMemory = 0, neuronMemory = 0, biases = 0;
};

int64_t ceilLog2(int64_t value) {
  return value <= 1 ? 0 : llvm::Log2_64_Ceil(uint64_t(value));
}

std::optional<CoreLayer> getCoreLayer(Checker &c, unsigned neuron) {
  SmallVector<unsigned> weights = incomingWeights(c, neuron);
  if (weights.size() != 1)
    return std::nullopt;
  Operation *weight = c.op(weights.front());
  int64_t channelsIn = 0, channelsOut = 0, kernel = 1;
  if (auto conv = dyn_cast<Conv2dOp>(weight)) {
    ArrayRef<int64_t> shape =
        cast<ShapedType>(conv.getWeight().getType()).getShape();
    channelsOut = shape[0];
    channelsIn = shape[1] * conv.getGroups();
    kernel = shape[2] * shape[3];
  } else if (std::optional<Matrix> matrix = getMatrix(weight)) {
    // sinabs' convert_linear_to_conv: the kernel covers the input, here
    // (C, H, W) as a Flatten before it says, else (M, 1, 1).
    channelsOut = matrix->rows;
    channelsIn = matrix->cols;
    if (weight->getNumOperands())
      if (auto flatten = weight->getOperand(0).getDefiningOp<FlattenOp>()) {
        SmallVector<int64_t> shape = inputShape(flatten);
        if (shape.size() == 3) {
          channelsIn = shape[0];
          kernel = shape[1] * shape[2];
        }
      }
  } else {
    return std::nullopt;
  }
  SmallVector<int64_t> out = outputShape(c.op(neuron));
  int64_t fy = out.size() == 3 ? out[1] : 1, fx = out.size() == 3 ? out[2] : 1;
  CoreLayer layer{neuron};
  layer.kernelMemory =
      channelsIn * (int64_t(1) << (ceilLog2(kernel) + ceilLog2(channelsOut)));
  layer.neuronMemory =
      channelsOut * (int64_t(1) << (ceilLog2(fy) + ceilLog2(fx)));
  layer.biases = channelsOut;
  return layer;
}

/// Assigns layers to distinct cores whose memories hold them (augmenting
/// paths, as sinabs' max-flow does); returns the layers left without one.
SmallVector<unsigned> placeLayers(ArrayRef<CoreLayer> layers,
                                  ArrayRef<int64_t> kernelMemory,
                                  ArrayRef<int64_t> neuronMemory,
                                  int64_t biasMemory) {
  size_t cores = std::min(kernelMemory.size(), neuronMemory.size());
  auto fits = [&](const CoreLayer &layer, size_t core) {
    return layer.kernelMemory <= kernelMemory[core] &&
           layer.neuronMemory <= neuronMemory[core] &&
           layer.biases <= biasMemory;
  };
  std::vector<int> owner(cores, -1);
  std::function<bool(unsigned, std::vector<bool> &)> assign =
      [&](unsigned layer, std::vector<bool> &visited) {
        for (size_t core = 0; core < cores; ++core) {
          if (visited[core] || !fits(layers[layer], core))
            continue;
          visited[core] = true;
          if (owner[core] < 0 || assign(owner[core], visited)) {
            owner[core] = layer;
            return true;
          }
        }
        return false;
      };
  SmallVector<unsigned> unplaced;
  for (unsigned layer = 0; layer < layers.size(); ++layer) {
    std::vector<bool> visited(cores, false);
    if (!assign(layer, visited))
      unplaced.push_back(layer);
  }
  return unplaced;
}

void checkCoreMemory(Checker &c, const TargetRule &rule) {
  ArrayRef<int64_t> kernelMemory = rule.getIntList("kernel_memory");
  ArrayRef<int64_t> neuronMemory = rule.getIntList("neuron_memory");
  int64_t biasMemory = *rule.getInt("bias_memory");
  SmallVector<CoreLayer> layers;
  for (unsigned id = 0; id < c.flat.nodes.size(); ++id)
    if (c.isNeuron(id))
      if (std::optional<CoreLayer> layer = getCoreLayer(c, id))
        layers.push_back(*layer);
  for (unsigned index : placeLayers(layers, kernelMemory, neuronMemory,
                                    biasMemory)) {
    const CoreLayer &layer = layers[index];
    bool fitsAlone = llvm::any_of(
        llvm::seq<size_t>(0, std::min(kernelMemory.size(), neuronMemory.size())),
        [&](size_t core) {
          return layer.kernelMemory <= kernelMemory[core] &&
                 layer.neuronMemory <= neuronMemory[core] &&
                 layer.biases <= biasMemory;
        });
    c.report(rule, layer.neuron,
             llvm::formatv("the layer needs kernel memory {0}, neuron memory "
                           "{1} and {2} biases; {3} (cores: kernel memory {4}; "
                           "neuron memory {5}; bias memory {6})",
                           layer.kernelMemory, layer.neuronMemory,
                           layer.biases,
                           fitsAlone ? "the cores that hold it hold other "
                                       "layers"
                                     : "no core holds it",
                           joinInts(kernelMemory), joinInts(neuronMemory),
                           biasMemory));
  }
}

void checkChannels(Checker &c, const TargetRule &rule) {
  int64_t limit = *rule.getInt("max");
  for (unsigned id = 0; id < c.flat.nodes.size(); ++id) {
    auto conv = dyn_cast<Conv2dOp>(c.op(id));
    if (!conv)
      continue;
    ArrayRef<int64_t> shape =
        cast<ShapedType>(conv.getWeight().getType()).getShape();
    int64_t channels =
        std::max<int64_t>(shape[0], shape[1] * int64_t(conv.getGroups()));
    if (channels > limit)
      c.report(rule, id,
               llvm::formatv("{0} input and {1} output channels; limit {2}",
                             shape[1] * conv.getGroups(), shape[0], limit));
  }
}

void checkFeatureMap(Checker &c, const TargetRule &rule, bool input) {
  ArrayRef<int64_t> limit = rule.getIntList("max");
  for (unsigned id = 0; id < c.flat.nodes.size(); ++id) {
    if (!isa<Conv2dOp>(c.op(id)))
      continue;
    SmallVector<int64_t> shape =
        input ? inputShape(c.op(id)) : outputShape(c.op(id));
    if (shape.size() != 3 || limit.size() != 2)
      continue;
    if (shape[1] > limit[0] || shape[2] > limit[1])
      c.report(rule, id,
               llvm::formatv("{0} feature map {1}; limit {2}",
                             input ? "input" : "output",
                             formatPair(ArrayRef(shape).drop_front()),
                             formatPair(limit)));
  }
}

void checkInputSize(Checker &c, const TargetRule &rule) {
  checkFeatureMap(c, rule, true);
}
void checkOutputSize(Checker &c, const TargetRule &rule) {
  checkFeatureMap(c, rule, false);
}

void checkKernelSize(Checker &c, const TargetRule &rule) {
  int64_t limit = *rule.getInt("max");
  bool square = rule.getBool("square", false);
  for (unsigned id = 0; id < c.flat.nodes.size(); ++id) {
    auto conv = dyn_cast<Conv2dOp>(c.op(id));
    if (!conv)
      continue;
    ArrayRef<int64_t> kernel =
        cast<ShapedType>(conv.getWeight().getType()).getShape().drop_front(2);
    if (square && kernel[0] != kernel[1])
      c.report(rule, id,
               llvm::formatv("kernel {0} is not square", formatPair(kernel)));
    else if (kernel[0] > limit || kernel[1] > limit)
      c.report(rule, id,
               llvm::formatv("kernel {0}; limit {1}x{1}", formatPair(kernel),
                             limit));
  }
}

void checkStride(Checker &c, const TargetRule &rule) {
  ArrayRef<int64_t> allowed = rule.getIntList("allowed");
  for (unsigned id = 0; id < c.flat.nodes.size(); ++id) {
    auto conv = dyn_cast<Conv2dOp>(c.op(id));
    if (!conv)
      continue;
    ArrayRef<int64_t> stride = conv.getStride();
    if (llvm::any_of(stride,
                     [&](int64_t s) { return !llvm::is_contained(allowed, s); }))
      c.report(rule, id,
               llvm::formatv("stride {0}; allowed per axis: {1}",
                             formatPair(stride), joinInts(allowed)));
  }
}

void checkPadding(Checker &c, const TargetRule &rule) {
  int64_t limit = *rule.getInt("max");
  for (unsigned id = 0; id < c.flat.nodes.size(); ++id) {
    auto conv = dyn_cast<Conv2dOp>(c.op(id));
    if (!conv)
      continue;
    SmallVector<int64_t> padding = conv2dPadding(conv);
    if (llvm::any_of(padding, [&](int64_t p) { return p > limit; }))
      c.report(rule, id,
               llvm::formatv("padding {0}; limit {1}", formatPair(padding),
                             limit));
  }
}

/// The kernel, stride and padding of a pooling node.
struct PoolWindow {
  ArrayRef<int64_t> kernel, stride, padding;
};
std::optional<PoolWindow> getPoolWindow(Operation *op) {
  if (auto pool = dyn_cast<SumPool2dOp>(op))
    return PoolWindow{pool.getKernelSize(), pool.getStride(),
                      pool.getPadding()};
  if (auto pool = dyn_cast<AvgPool2dOp>(op))
    return PoolWindow{pool.getKernelSize(), pool.getStride(),
                      pool.getPadding()};
  return std::nullopt;
}

void checkPooling(Checker &c, const TargetRule &rule) {
  ArrayRef<int64_t> allowed = rule.getIntList("allowed");
  for (unsigned id = 0; id < c.flat.nodes.size(); ++id) {
    std::optional<PoolWindow> pool = getPoolWindow(c.op(id));
    if (!pool)
      continue;
    if (pool->kernel[0] != pool->kernel[1] ||
        !llvm::is_contained(allowed, pool->kernel[0]))
      c.report(rule, id,
               llvm::formatv("pooling kernel {0}; allowed: square, {1}",
                             formatPair(pool->kernel), joinInts(allowed)));
  }
}

void checkPoolingStride(Checker &c, const TargetRule &rule) {
  for (unsigned id = 0; id < c.flat.nodes.size(); ++id) {
    std::optional<PoolWindow> pool = getPoolWindow(c.op(id));
    if (!pool)
      continue;
    if (pool->stride != pool->kernel)
      c.report(rule, id,
               llvm::formatv("pooling stride {0} differs from its kernel {1}",
                             formatPair(pool->stride),
                             formatPair(pool->kernel)));
    else if (llvm::any_of(pool->padding, [](int64_t p) { return p != 0; }))
      c.report(rule, id,
               llvm::formatv("pooling padding {0}; limit 0",
                             formatPair(pool->padding)));
  }
}

void checkDestinations(Checker &c, const TargetRule &rule) {
  int64_t limit = *rule.getInt("max");
  for (unsigned id = 0; id < c.flat.nodes.size(); ++id) {
    if (!c.isNeuron(id))
      continue;
    SmallVector<unsigned> targets = c.downstreamWeights(id);
    if (int64_t(targets.size()) > limit)
      c.report(rule, id,
               llvm::formatv("the layer sends to {0} layers ({1}); limit {2}",
                             targets.size(),
                             llvm::join(llvm::map_range(
                                            targets,
                                            [&](unsigned t) {
                                              return c.flat.name(t).str();
                                            }),
                                        ", "),
                             limit));
  }
}

std::string nameList(Checker &c, ArrayRef<unsigned> ids) {
  return llvm::join(
      llvm::map_range(ids, [&](unsigned id) { return c.flat.name(id).str(); }),
      ", ");
}

void checkBranching(Checker &c, const TargetRule &rule) {
  if (rule.getBool("allowed", true))
    return;
  for (unsigned id = 0; id < c.flat.nodes.size(); ++id) {
    const FlatGraph::Node &node = c.flat.nodes[id];
    // Edges within a recurrent block are the block's own.
    auto outside = [&](ArrayRef<unsigned> others) {
      SmallVector<unsigned> result;
      for (unsigned other : others)
        if (!(node.cyclic && c.flat.nodes[other].component == node.component) &&
            !llvm::is_contained(result, other))
          result.push_back(other);
      return result;
    };
    SmallVector<unsigned> succs = outside(node.succs);
    SmallVector<unsigned> preds = outside(node.preds);
    if (succs.size() > 1)
      c.report(rule, id,
               llvm::formatv("splits to {0} nodes ({1}); the target runs "
                             "chains only",
                             succs.size(), nameList(c, succs)));
    if (preds.size() > 1)
      c.report(rule, id,
               llvm::formatv("joins {0} nodes ({1}); the target runs chains "
                             "only",
                             preds.size(), nameList(c, preds)));
  }
}

void checkRecurrence(Checker &c, const TargetRule &rule) {
  StringRef allowed = rule.getString("allowed");
  if (allowed == "any")
    return;
  for (ArrayRef<unsigned> cycle : c.flat.cycles) {
    if (allowed == "neuron-weight-block" && cycle.size() == 2) {
      unsigned a = cycle[0], b = cycle[1];
      auto block = [&](unsigned neuron, unsigned weight) {
        return c.isNeuron(neuron) &&
               isa<AffineOp, LinearOp>(c.op(weight));
      };
      if (block(a, b) || block(b, a))
        continue;
    }
    c.report(rule, cycle.front(),
             llvm::formatv("is on a cycle of {0} node{1} ({2}); {3}",
                           cycle.size(), cycle.size() == 1 ? "" : "s",
                           nameList(c, cycle),
                           allowed == "none"
                               ? "the target runs no recurrence"
                               : "the target runs only a neuron with its "
                                 "recurrent Affine/Linear"));
  }
}

void checkOutputFromNeurons(Checker &c, const TargetRule &rule) {
  for (unsigned output : c.flat.outputs)
    for (unsigned pred : c.flat.nodes[output].preds)
      if (!c.isNeuron(pred))
        c.report(rule, output,
                 "reads '" + c.flat.name(pred) + "' (" +
                     c.flat.nodes[pred].type + "), not a neuron");
}

void checkNeuronInputFromWeights(Checker &c, const TargetRule &rule) {
  for (unsigned id = 0; id < c.flat.nodes.size(); ++id)
    if (c.isNeuron(id))
      for (unsigned pred : c.flat.nodes[id].preds)
        if (!c.isWeight(pred))
          c.report(rule, id,
                   "reads '" + c.flat.name(pred) + "' (" +
                       c.flat.nodes[pred].type + "), not a weight node");
}

void checkInputToWeights(Checker &c, const TargetRule &rule) {
  for (unsigned input : c.flat.inputs)
    for (unsigned succ : c.flat.nodes[input].succs)
      if (!c.isWeight(succ))
        c.report(rule, input,
                 "feeds '" + c.flat.name(succ) + "' (" +
                     c.flat.nodes[succ].type + "), not a weight node");
}

void checkNoConsecutiveWeights(Checker &c, const TargetRule &rule) {
  for (unsigned id = 0; id < c.flat.nodes.size(); ++id)
    if (c.isWeight(id))
      for (unsigned next : c.downstreamWeights(id))
        c.report(rule, id,
                 "feeds weight node '" + c.flat.name(next) + "' (" +
                     c.flat.nodes[next].type +
                     ") with no neuron between them");
}

void checkOutputNeuronsNotRecurrent(Checker &c, const TargetRule &rule) {
  llvm::DenseSet<unsigned> outputs = c.outputNeurons();
  for (unsigned id = 0; id < c.flat.nodes.size(); ++id)
    if (outputs.contains(id) && c.flat.nodes[id].cyclic)
      c.report(rule, id, "is an output neuron on a cycle");
}

void checkNeuronLayers(Checker &c, const TargetRule &rule) {
  int64_t minimum = *rule.getInt("min");
  int64_t layers =
      c.nodesWhere([&](unsigned id) { return c.isNeuron(id); }).size();
  if (layers < minimum)
    c.report(rule, std::nullopt,
             llvm::formatv("{0} neuron layer{1}; at least {2} needed "
                           "(hidden and output)",
                           layers, layers == 1 ? "" : "s", minimum));
}

void checkWeightBias(Checker &c, const TargetRule &rule) {
  StringRef allowed = rule.getString("allowed");
  if (allowed == "any")
    return;
  for (unsigned id = 0; id < c.flat.nodes.size(); ++id) {
    ElementsAttr bias = getBiasAttr(c.op(id));
    std::optional<int64_t> nonZero = bias ? countNonZero(bias) : 0;
    if (!nonZero || *nonZero == 0)
      continue;
    StringRef fate = allowed == "drop"   ? "which the target drops"
                     : allowed == "leak" ? "which the target runs as a leak"
                                         : "which the target refuses";
    c.report(rule, id,
             llvm::formatv("{0} non-zero bias element{1}, {2}", *nonZero,
                           *nonZero == 1 ? "" : "s", fate));
  }
}

void checkUniformParameters(Checker &c, const TargetRule &rule) {
  for (unsigned id = 0; id < c.flat.nodes.size(); ++id)
    for (const std::string &name : rule.getStringList("parameters")) {
      auto param = c.op(id)->getAttrOfType<ElementsAttr>(name);
      if (!param || !c.isNeuron(id))
        continue;
      double lo = INFINITY, hi = -INFINITY;
      (void)forEachParamValue(param, [&](int64_t, double value) {
        lo = std::min(lo, value);
        hi = std::max(hi, value);
      });
      if (lo < hi)
        c.report(rule, id,
                 llvm::formatv("{0} ranges from {1} to {2}; one value a layer",
                               name, formatNumber(lo), formatNumber(hi)));
    }
}

void checkZeroParameters(Checker &c, const TargetRule &rule) {
  for (unsigned id = 0; id < c.flat.nodes.size(); ++id)
    for (const std::string &name : rule.getStringList("parameters")) {
      auto param = c.op(id)->getAttrOfType<ElementsAttr>(name);
      if (!param || !c.isNeuron(id))
        continue;
      std::optional<std::pair<int64_t, double>> first;
      (void)forEachParamValue(param, [&](int64_t index, double value) {
        if (value != 0.0 && !first)
          first = {index, value};
      });
      if (first)
        c.report(rule, id,
                 llvm::formatv("{0} is {1} at index {2}; must be 0", name,
                               formatNumber(first->second), first->first));
    }
}

void checkTimeStep(Checker &c, const TargetRule &rule) {
  if (!c.dt)
    c.report(rule, std::nullopt,
             "declares no time step; give one with nir-discretize{dt=...} "
             "or a numeric 'dt' in the graph's metadata");
}

/// Calls `visit(node, parameter, index, tau)` for every time constant.
void forEachTau(Checker &c,
                llvm::function_ref<bool(unsigned, StringRef, int64_t, double)>
                    visit) {
  for (unsigned id = 0; id < c.flat.nodes.size(); ++id)
    for (StringRef name : {"tau", "tau_syn", "tau_mem"}) {
      auto param = c.op(id)->getAttrOfType<ElementsAttr>(name);
      if (!param || !c.isNeuron(id))
        continue;
      bool reported = false;
      (void)forEachParamValue(param, [&](int64_t index, double tau) {
        if (!reported)
          reported = visit(id, name, index, tau);
      });
    }
}

/// Whether a rule on time constants can run: without a time step it is left
/// to `time_step` when the target has that rule, else reported here.
bool needTimeStep(Checker &c, const TargetRule &rule) {
  if (c.dt)
    return true;
  if (c.target.getRule("time_step"))
    c.skipped[rule.key()] = "the graph declares no time step";
  else
    c.report(rule, std::nullopt,
             "declares no time step, which the rule needs");
  return false;
}

void checkTauAboveDt(Checker &c, const TargetRule &rule) {
  if (!needTimeStep(c, rule))
    return;
  double dt = *c.dt;
  forEachTau(c, [&](unsigned id, StringRef name, int64_t index, double tau) {
    if (tau > dt)
      return false;
    c.report(rule, id,
             llvm::formatv("{0} is {1} at index {2}, not above dt = {3}", name,
                           formatNumber(tau), index, formatNumber(dt)));
    return true;
  });
}

void checkDecayShift(Checker &c, const TargetRule &rule) {
  if (!needTimeStep(c, rule))
    return;
  double dt = *c.dt;
  int64_t bits = *rule.getInt("bits");
  int64_t limit = (int64_t(1) << bits) - 1;
  forEachTau(c, [&](unsigned id, StringRef name, int64_t index, double tau) {
    double shift = std::round(std::log2(tau / dt));
    if (shift >= 0 && shift <= double(limit))
      return false;
    c.report(rule, id,
             llvm::formatv("{0} = {1} gives the decay shift round(log2(tau / "
                           "dt)) = {2} at index {3}; limit 0 to {4} ({5} bits)",
                           name, formatNumber(tau), formatNumber(shift), index,
                           limit, bits));
    return true;
  });
}

void checkDecayFixedPoint(Checker &c, const TargetRule &rule) {
  if (!needTimeStep(c, rule))
    return;
  double dt = *c.dt;
  int64_t bits = *rule.getInt("bits");
  double scale = std::ldexp(1.0, int(bits));
  forEachTau(c, [&](unsigned id, StringRef name, int64_t index, double tau) {
    double decay = std::round(scale * dt / tau);
    if (decay >= 1 && decay <= scale - 1)
      return false;
    c.report(rule, id,
             llvm::formatv("{0} = {1} gives the decay round({2} dt / tau) = "
                           "{3} at index {4}; limit 1 to {5} ({6} bits)",
                           name, formatNumber(tau), formatNumber(scale),
                           formatNumber(decay), index,
                           formatNumber(scale - 1), bits));
    return true;
  });
}

/// One check per rule of the catalogue.
const llvm::StringMap<CheckFn> &getChecks() {
  static const llvm::StringMap<CheckFn> checks = {
      {"node_types", checkNodeTypes},
      {"input_channels", checkInputChannels},
      {"hidden_neurons", checkHiddenNeurons},
      {"output_neurons", checkOutputNeurons},
      {"fan_in", checkFanIn},
      {"fan_out", checkFanOut},
      {"input_projection", checkInputProjection},
      {"output_projection", checkOutputProjection},
      {"total_weights", checkTotalWeights},
      {"recurrent_weights", checkRecurrentWeights},
      {"layers", checkLayers},
      {"core_compartments", checkCoreCompartments},
      {"core_in_axons", checkCoreInAxons},
      {"core_out_axons", checkCoreOutAxons},
      {"core_synapse_bits", checkCoreSynapseBits},
      {"core_memory", checkCoreMemory},
      {"channels", checkChannels},
      {"input_size", checkInputSize},
      {"output_size", checkOutputSize},
      {"kernel_size", checkKernelSize},
      {"stride", checkStride},
      {"padding", checkPadding},
      {"pooling", checkPooling},
      {"pooling_stride", checkPoolingStride},
      {"destinations", checkDestinations},
      {"branching", checkBranching},
      {"recurrence", checkRecurrence},
      {"output_from_neurons", checkOutputFromNeurons},
      {"neuron_input_from_weights", checkNeuronInputFromWeights},
      {"input_to_weights", checkInputToWeights},
      {"no_consecutive_weights", checkNoConsecutiveWeights},
      {"output_neurons_not_recurrent", checkOutputNeuronsNotRecurrent},
      {"neuron_layers", checkNeuronLayers},
      {"weight_bias", checkWeightBias},
      {"uniform_parameters", checkUniformParameters},
      {"zero_parameters", checkZeroParameters},
      {"time_step", checkTimeStep},
      {"tau_above_dt", checkTauAboveDt},
      {"decay_shift", checkDecayShift},
      {"decay_fixed_point", checkDecayFixedPoint},
  };
  return checks;
}

void writeRuleFields(const TargetRule &rule, llvm::json::OStream &json) {
  for (const RuleFieldSpec &field : rule.spec->fields) {
    StringRef name = field.name;
    switch (field.kind) {
    case RuleFieldKind::Int:
      if (std::optional<int64_t> value = rule.getInt(name))
        json.attribute(name, *value);
      break;
    case RuleFieldKind::Bool:
      if (rule.bools.count(name))
        json.attribute(name, rule.getBool(name, false));
      break;
    case RuleFieldKind::String:
      if (rule.strings.count(name))
        json.attribute(name, rule.getString(name));
      break;
    case RuleFieldKind::IntList:
      if (rule.intLists.count(name))
        json.attributeArray(name, [&] {
          for (int64_t value : rule.getIntList(name))
            json.value(value);
        });
      break;
    case RuleFieldKind::StringList:
      if (rule.stringLists.count(name))
        json.attributeArray(name, [&] {
          for (const std::string &value : rule.getStringList(name))
            json.value(value);
        });
      break;
    }
  }
}

void writeReport(const Checker &c, raw_ostream &os) {
  llvm::json::OStream json(os, 2);
  json.object([&] {
    GraphOp graph = c.graph;
    json.attribute("graph", graph.getSymName());
    json.attribute("target", c.target.name);
    json.attribute("origin", c.target.origin);
    json.attribute("passed", c.errors == 0);
    json.attribute("errors", int64_t(c.errors));
    json.attribute("warnings", int64_t(c.warnings));
    json.attributeArray("rules", [&] {
      for (const TargetRule &rule : c.target.rules)
        json.object([&] {
          json.attribute("rule", rule.key());
          json.attribute("summary", rule.spec->summary);
          json.attribute("severity", rule.warning ? "warning" : "error");
          json.attributeObject("limit", [&] { writeRuleFields(rule, json); });
          json.attribute("source", rule.source);
          auto skipped = c.skipped.find(rule.key());
          auto found = c.violations.find(rule.key());
          json.attribute("status",
                         skipped != c.skipped.end() ? "not checked"
                         : found == c.violations.end() ? "pass"
                         : rule.warning               ? "warn"
                                                      : "fail");
          if (skipped != c.skipped.end())
            json.attribute("reason", skipped->second);
          json.attributeArray("violations", [&] {
            if (found == c.violations.end())
              return;
            for (const Violation &violation : found->second)
              json.object([&] {
                if (violation.node.empty())
                  json.attribute("node", nullptr);
                else
                  json.attribute("node", violation.node);
                json.attribute("message", violation.message);
              });
          });
        });
    });
  });
  os << "\n";
}

struct CheckTargetPass
    : public nir::impl::NIRCheckTargetBase<CheckTargetPass> {
  using Base::Base;

  void runOnOperation() override {
    GraphOp graph = getOperation();
    FailureOr<TargetDescription> description =
        loadTargetOption(graph, target, "nir-check-target");
    if (failed(description))
      return signalPassFailure();
    FailureOr<std::optional<double>> dt = getDeclaredTimeStep(graph);
    if (failed(dt))
      return signalPassFailure();
    Checker checker(graph, *description);
    checker.dt = *dt;
    const llvm::StringMap<CheckFn> &checks = getChecks();
    for (const TargetRule &rule : description->rules) {
      auto check = checks.find(rule.key());
      if (check == checks.end()) {
        graph.emitError() << "internal error: design rule '" << rule.key()
                          << "' has no check";
        return signalPassFailure();
      }
      check->second(checker, rule);
    }
    if (report == CheckReport::Json || clReport == CheckReport::Json) {
      static std::mutex outputMutex;
      std::lock_guard<std::mutex> lock(outputMutex);
      writeReport(checker, llvm::outs());
      llvm::outs().flush();
    }
    if (checker.errors)
      signalPassFailure();
  }
};

} // namespace
