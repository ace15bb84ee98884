//===- DotExport.cpp - NIR graphs as Graphviz DOT -------------------------===//
//
// One DOT node per NIR node, one DOT edge per NIR edge (operand). Nested
// graphs are clusters whose inner Input receives the edges into the subgraph
// and whose inner Output sends the edges out of it. Everything is written in
// block order, so the text depends only on the IR.
//
//===----------------------------------------------------------------------===//

#include "nirtorch/Target/Dot/Dot.h"

#include "nirtorch/Dialect/NIR/ExecutionOrder.h"
#include "nirtorch/Dialect/NIR/NIROps.h"
#include "nirtorch/Dialect/NIR/NIRParams.h"
#include "nirtorch/Support/MLIRInput.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/ConvertUTF.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>
#include <optional>
#include <string>
#include <utility>

using namespace mlir;
using namespace mlir::nir;

namespace {

//===----------------------------------------------------------------------===//
// Text
//===----------------------------------------------------------------------===//

/// `text` as the inside of a DOT double-quoted string that Graphviz shows
/// as `text`. Quotes and backslashes are escaped (so a name never triggers
/// Graphviz's `\N`, `\G`, `\l` ... substitutions); valid UTF-8 passes
/// through (DOT's default charset); control characters and bytes that are
/// not UTF-8 are shown as `\xNN`. The mapping is injective, so escaped
/// names stay unique as node ids.
std::string escape(StringRef text) {
  std::string result;
  result.reserve(text.size());
  const auto *bytes = reinterpret_cast<const llvm::UTF8 *>(text.data());
  size_t i = 0, n = text.size();
  while (i < n) {
    unsigned char c = bytes[i];
    if (c == '"' || c == '\\') {
      result += '\\';
      result += char(c);
      ++i;
      continue;
    }
    if (c >= 0x20 && c < 0x7f) {
      result += char(c);
      ++i;
      continue;
    }
    unsigned length = c < 0x80 ? 0 : llvm::getNumBytesForUTF8(c);
    if (length > 1 && i + length <= n &&
        llvm::isLegalUTF8Sequence(bytes + i, bytes + i + length)) {
      result.append(text.data() + i, length);
      i += length;
      continue;
    }
    // A backslash Graphviz shows, then the byte in hex.
    result += "\\\\x";
    result += llvm::hexdigit(c >> 4, /*LowerCase=*/false);
    result += llvm::hexdigit(c & 15, /*LowerCase=*/false);
    ++i;
  }
  return result;
}

/// A label of several lines, each escaped.
std::string label(ArrayRef<std::string> lines) {
  SmallVector<std::string> escaped;
  for (const std::string &line : lines)
    escaped.push_back(escape(line));
  return llvm::join(escaped, "\\n");
}

/// 38x12; a scalar signal has no extents.
std::string shapeText(ArrayRef<int64_t> shape) {
  if (shape.empty())
    return "scalar";
  return llvm::join(
      llvm::map_range(shape, [](int64_t d) { return std::to_string(d); }), "x");
}

std::string shapeText(Value signal) {
  return shapeText(cast<ShapedType>(signal.getType()).getShape());
}

std::string shapeText(Attribute elements) {
  return shapeText(cast<ElementsAttr>(elements).getShapedType().getShape());
}

/// A number rounded to 4 significant digits, as a summary shows it.
std::string numberText(double value) {
  std::string text;
  llvm::raw_string_ostream(text) << llvm::format("%.4g", value);
  return text;
}

//===----------------------------------------------------------------------===//
// Parameter summaries
//===----------------------------------------------------------------------===//

/// The smallest and largest element of an integer or floating-point
/// elements attribute (dense, or a resource blob), or std::nullopt when the
/// values cannot be read (a resource whose blob was elided).
std::optional<std::pair<double, double>> valueRange(ElementsAttr attr) {
  std::optional<std::pair<double, double>> range;
  LogicalResult read = forEachParamValue(attr, [&](int64_t, double value) {
    if (!range)
      range = {value, value};
    range->first = std::min(range->first, value);
    range->second = std::max(range->second, value);
  });
  if (failed(read))
    return std::nullopt;
  return range;
}

/// `name=v` when every element is v, `name=lo..hi` otherwise, `name[shape]`
/// when the values cannot be read.
std::string valueSummary(StringRef name, Attribute attr) {
  auto elements = cast<ElementsAttr>(attr);
  std::optional<std::pair<double, double>> range = valueRange(elements);
  if (!range)
    return (name + "[" + shapeText(attr) + "]").str();
  std::string text = (name + "=" + numberText(range->first)).str();
  if (range->first != range->second)
    text += ".." + numberText(range->second);
  return text;
}

std::string pairText(ArrayRef<int64_t> values) {
  return llvm::join(
      llvm::map_range(values, [](int64_t v) { return std::to_string(v); }),
      "x");
}

/// stride, padding, dilation and groups of a convolution where they differ
/// from the defaults (1, 0, 1, 1).
void addConvSettings(SmallVectorImpl<std::string> &parts,
                     ArrayRef<int64_t> stride, Attribute padding,
                     ArrayRef<int64_t> dilation, int64_t groups) {
  auto isAll = [](ArrayRef<int64_t> values, int64_t v) {
    return llvm::all_of(values, [&](int64_t x) { return x == v; });
  };
  if (!isAll(stride, 1))
    parts.push_back("stride " + pairText(stride));
  if (auto text = dyn_cast<StringAttr>(padding))
    parts.push_back(("padding " + text.getValue()).str());
  else if (auto value = dyn_cast<IntegerAttr>(padding)) {
    if (value.getInt() != 0)
      parts.push_back("padding " + std::to_string(value.getInt()));
  } else if (auto values = dyn_cast<DenseI64ArrayAttr>(padding)) {
    if (!isAll(values.asArrayRef(), 0))
      parts.push_back("padding " + pairText(values.asArrayRef()));
  }
  if (!isAll(dilation, 1))
    parts.push_back("dilation " + pairText(dilation));
  if (groups != 1)
    parts.push_back("groups " + std::to_string(groups));
}

/// `parts` joined by ", " into lines of about `width` characters (a part
/// is never split), so that labels stay narrow.
SmallVector<std::string> wrap(ArrayRef<std::string> parts, size_t width = 36) {
  SmallVector<std::string> lines;
  for (const std::string &part : parts) {
    if (!lines.empty() && lines.back().size() + 2 + part.size() <= width)
      lines.back() += ", " + part;
    else
      lines.push_back(part);
  }
  return lines;
}

/// The parameters worth seeing in a picture, as label lines: weight shapes
/// of synapses, time constants and thresholds of neurons (rounded), the
/// settings of convolutions and pools that differ from the defaults.
SmallVector<std::string> parameterSummary(Operation *op) {
  SmallVector<std::string> parts;
  auto values =
      [&](std::initializer_list<std::pair<StringRef, Attribute>> params) {
        for (const auto &[name, attr] : params)
          parts.push_back(valueSummary(name, attr));
      };
  llvm::TypeSwitch<Operation *>(op)
      .Case([&](AffineOp node) {
        parts.push_back("weight " + shapeText(node.getWeight()));
        parts.push_back("bias " + shapeText(node.getBias()));
      })
      .Case([&](LinearOp node) {
        parts.push_back("weight " + shapeText(node.getWeight()));
      })
      .Case([&](ScaleOp node) {
        values({{"scale", node.getScale()}});
      })
      .Case([&](Conv1dOp node) {
        parts.push_back("weight " + shapeText(node.getWeight()));
        int64_t stride = node.getStride(), dilation = node.getDilation();
        addConvSettings(parts, stride, node.getPadding(), dilation,
                        node.getGroups());
      })
      .Case([&](Conv2dOp node) {
        parts.push_back("weight " + shapeText(node.getWeight()));
        addConvSettings(parts, node.getStride(), node.getPadding(),
                        node.getDilation(), node.getGroups());
      })
      .Case<SumPool2dOp, AvgPool2dOp>([&](auto node) {
        parts.push_back("kernel " + pairText(node.getKernelSize()));
        parts.push_back("stride " + pairText(node.getStride()));
        if (!llvm::all_of(node.getPadding(), [](int64_t p) { return p == 0; }))
          parts.push_back("padding " + pairText(node.getPadding()));
      })
      .Case([&](FlattenOp node) {
        // I64Attr getters return the bits unsigned; the dims may be negative.
        parts.push_back("dims " + std::to_string(int64_t(node.getStartDim())) +
                        ".." + std::to_string(int64_t(node.getEndDim())));
      })
      .Case([&](DelayOp node) {
        values({{"delay", node.getDelay()}});
      })
      .Case([&](ThresholdOp node) {
        values({{"threshold", node.getThreshold()}});
      })
      .Case([&](IOp node) {
        values({{"r", node.getR()}});
      })
      .Case([&](IFOp node) {
        values({{"r", node.getR()}, {"v_threshold", node.getVThreshold()}});
      })
      .Case([&](LIOp node) {
        values({{"tau", node.getTau()}});
      })
      .Case([&](LIFOp node) {
        values({{"tau", node.getTau()}, {"v_threshold", node.getVThreshold()}});
      })
      .Case([&](CubaLIOp node) {
        values({{"tau_syn", node.getTauSyn()}, {"tau_mem", node.getTauMem()}});
      })
      .Case([&](CubaLIFOp node) {
        values({{"tau_syn", node.getTauSyn()},
                {"tau_mem", node.getTauMem()},
                {"v_threshold", node.getVThreshold()}});
      });
  return wrap(parts);
}

//===----------------------------------------------------------------------===//
// Node styles
//===----------------------------------------------------------------------===//

/// Shape and fill of a node by kind: ports, synapses (weighted sums:
/// Affine, Linear, Scale, convolutions, pools), neurons (I, IF, LI, LIF,
/// CubaLI, CubaLIF and the spiking Threshold), structure (Flatten, Delay).
StringRef nodeStyle(Operation *op) {
  return llvm::TypeSwitch<Operation *, StringRef>(op)
      .Case<InputOp>([](auto) {
        return "shape=invhouse, style=filled, fillcolor=\"#d5e8d4\"";
      })
      .Case<OutputOp>([](auto) {
        return "shape=house, style=filled, fillcolor=\"#d5e8d4\"";
      })
      .Case<AffineOp, LinearOp, ScaleOp, Conv1dOp, Conv2dOp, SumPool2dOp,
            AvgPool2dOp>(
          [](auto) { return "shape=box, style=filled, fillcolor=\"#dae8fc\""; })
      .Case<IOp, IFOp, LIOp, LIFOp, CubaLIOp, CubaLIFOp, ThresholdOp>([](auto) {
        return "shape=ellipse, style=filled, fillcolor=\"#ffe6cc\"";
      })
      .Default([](Operation *) {
        return "shape=box, style=\"filled,rounded\", fillcolor=\"#e1d5e7\"";
      });
}

//===----------------------------------------------------------------------===//
// The writer
//===----------------------------------------------------------------------===//

class DotWriter {
public:
  explicit DotWriter(raw_ostream &os) : os(os) {}

  /// Writes the nodes and edges of the graph `body`, whose node ids start
  /// with `prefix`, its nested graphs as clusters. Its ports are ranked
  /// first and last.
  LogicalResult writeGraph(Block &body, StringRef prefix, unsigned indent);

  /// A fresh id from `path`: the path itself unless taken (node names hold
  /// no '/', but graph names may), else the path with `#2`, `#3`, ...
  std::string uniqueId(StringRef path) {
    std::string id = path.str();
    for (unsigned n = 2; !ids.insert(id).second; ++n)
      id = (path + "#" + Twine(n)).str();
    return id;
  }

private:
  LogicalResult assignIds(Block &body, StringRef prefix);
  void writeBody(Block &body, bool topLevel, unsigned indent);
  void writeNodes(Block &body, bool topLevel, unsigned indent);
  void writeEdges(Block &body, unsigned indent);
  raw_ostream &line(unsigned indent) { return os.indent(indent); }

  raw_ostream &os;
  llvm::StringSet<> ids;
  /// The DOT id of each node; subgraphs have the id of their cluster.
  DenseMap<Operation *, std::string> nodeIds;
  /// Where edges into and out of a subgraph attach: its inner ports.
  DenseMap<Operation *, std::pair<Operation *, Operation *>> subgraphPorts;
};

LogicalResult DotWriter::assignIds(Block &body, StringRef prefix) {
  for (Operation &op : body) {
    auto node = dyn_cast<NodeOpInterface>(op);
    if (!node)
      return op.emitError("cannot draw '")
             << op.getName() << "': not a NIR node";
    // Verified IR has only edges between nodes of one body.
    for (Value source : op.getOperands())
      if (!source.getDefiningOp() ||
          source.getDefiningOp()->getBlock() != &body)
        return op.emitError("cannot draw an edge into '")
               << node.getNodeName()
               << "': its source is not a node of the graph";
    std::string path = (prefix + node.getNodeName()).str();
    auto subgraph = dyn_cast<SubgraphOp>(op);
    nodeIds[&op] = uniqueId(subgraph ? "cluster_" + path : path);
    if (!subgraph)
      continue;
    auto inputs = subgraph.getBodyBlock().getOps<InputOp>();
    auto outputs = subgraph.getBodyBlock().getOps<OutputOp>();
    if (std::distance(inputs.begin(), inputs.end()) != 1 ||
        std::distance(outputs.begin(), outputs.end()) != 1)
      return subgraph.emitError("cannot draw nested graph '")
             << subgraph.getName() << "': it needs one Input and one Output";
    subgraphPorts[&op] = {*inputs.begin(), *outputs.begin()};
    if (failed(assignIds(subgraph.getBodyBlock(), path + "/")))
      return failure();
  }
  return success();
}

LogicalResult DotWriter::writeGraph(Block &body, StringRef prefix,
                                    unsigned indent) {
  // Ids first: they check what cannot be drawn before anything is written.
  if (failed(assignIds(body, prefix)))
    return failure();
  writeBody(body, /*topLevel=*/true, indent);
  return success();
}

void DotWriter::writeBody(Block &body, bool topLevel, unsigned indent) {
  writeNodes(body, topLevel, indent);
  writeEdges(body, indent);
}

void DotWriter::writeNodes(Block &body, bool topLevel, unsigned indent) {
  SmallVector<StringRef> inputs, outputs;
  for (Operation &op : body) {
    auto node = cast<NodeOpInterface>(op);
    StringRef id = nodeIds[&op];
    // "12 -> 38" when the node changes the shape of its (one-typed) input.
    std::string shape = shapeText(op.getResult(0));
    if (op.getNumOperands() > 0 && llvm::all_equal(op.getOperandTypes()) &&
        op.getOperand(0).getType() != op.getResult(0).getType())
      shape = shapeText(op.getOperand(0)) + " -> " + shape;
    SmallVector<std::string> lines = {
        node.getNodeName().str(), (node.getNIRTypeName() + " " + shape).str()};

    if (auto subgraph = dyn_cast<SubgraphOp>(op)) {
      line(indent) << "subgraph \"" << escape(id) << "\" {\n";
      line(indent + 2)
          << "label=\"" << label(lines)
          << "\"; labeljust=l; style=\"rounded,dashed\"; color=\"#7f7f7f\";\n";
      writeBody(subgraph.getBodyBlock(), /*topLevel=*/false, indent + 2);
      line(indent) << "}\n";
      continue;
    }
    llvm::append_range(lines, parameterSummary(&op));
    line(indent) << "\"" << escape(id) << "\" [label=\"" << label(lines)
                 << "\", " << nodeStyle(&op) << "];\n";
    if (topLevel && isa<InputOp>(op))
      inputs.push_back(id);
    if (topLevel && isa<OutputOp>(op))
      outputs.push_back(id);
  }
  auto writeRank = [&](StringRef rank, ArrayRef<StringRef> nodes) {
    if (nodes.empty())
      return;
    line(indent) << "{ rank=" << rank << ";";
    for (StringRef id : nodes)
      os << " \"" << escape(id) << "\";";
    os << " }\n";
  };
  writeRank("source", inputs);
  writeRank("sink", outputs);
}

void DotWriter::writeEdges(Block &body, unsigned indent) {
  ExecutionOrder order = computeExecutionOrder(body);
  for (Operation &consumer : body) {
    // Edges of differing shapes into one node (unchecked graphs) are
    // labelled with their shapes; elsewhere the source's label shows it.
    bool labelShapes = !llvm::all_equal(consumer.getOperandTypes());
    Operation *target = &consumer;
    if (auto it = subgraphPorts.find(&consumer); it != subgraphPorts.end())
      target = it->second.first;
    for (OpOperand &edge : consumer.getOpOperands()) {
      Operation *source = edge.get().getDefiningOp();
      if (auto it = subgraphPorts.find(source); it != subgraphPorts.end())
        source = it->second.second;
      line(indent) << "\"" << escape(nodeIds[source]) << "\" -> \""
                   << escape(nodeIds[target]) << "\"";
      SmallVector<std::string> attributes, labels;
      if (order.isDelayed(edge)) {
        labels.push_back("delayed");
        // Delayed edges read the previous step: they do not order the
        // nodes, so the layout follows the schedule.
        attributes.push_back(
            "style=dashed, color=\"#b85450\", fontcolor=\"#b85450\", "
            "constraint=false");
      }
      if (labelShapes)
        labels.push_back(shapeText(edge.get()));
      if (!labels.empty())
        attributes.insert(attributes.begin(),
                          "label=\"" + escape(llvm::join(labels, ", ")) + "\"");
      if (!attributes.empty())
        os << " [" << llvm::join(attributes, ", ") << "]";
      os << ";\n";
    }
  }
}

/// Graph, node and edge defaults shared by every picture.
void writeDefaults(raw_ostream &os) {
  os << "  graph [fontname=\"Helvetica\", fontsize=11, labelloc=t];\n"
        "  node [fontname=\"Helvetica\", fontsize=10];\n"
        "  edge [fontname=\"Helvetica\", fontsize=9];\n";
}

constexpr StringLiteral renderHint =
    "; render with: dot -Tsvg picture.dot -o picture.svg\n";

std::string graphLabel(GraphOp graph) {
  std::string text = ("@" + graph.getSymName()).str();
  if (graph.getUnchecked())
    text += " (unchecked)";
  return escape(text);
}

} // namespace

//===----------------------------------------------------------------------===//
// API
//===----------------------------------------------------------------------===//

LogicalResult nir::exportDot(GraphOp graph, raw_ostream &os) {
  std::string text;
  llvm::raw_string_ostream stream(text);
  stream << "// NIR graph @" << escape(graph.getSymName()) << renderHint;
  stream << "digraph \"" << escape(graph.getSymName()) << "\" {\n";
  writeDefaults(stream);
  stream << "  label=\"" << graphLabel(graph) << "\";\n";
  DotWriter writer(stream);
  if (failed(writer.writeGraph(graph.getBodyBlock(), "", 2)))
    return failure();
  stream << "}\n";
  os << text;
  return success();
}

LogicalResult nir::exportDot(ModuleOp module, raw_ostream &os) {
  SmallVector<GraphOp> graphs(module.getOps<GraphOp>());
  if (graphs.empty())
    return module.emitError("no nir.graph to draw");
  if (graphs.size() == 1)
    return exportDot(graphs.front(), os);
  // Several graphs: one picture with a cluster per graph. (Graphviz renders
  // only the first of several digraphs in a file into one SVG or PNG.)
  std::string text;
  llvm::raw_string_ostream stream(text);
  stream << "// " << graphs.size() << " NIR graphs, one cluster each"
         << renderHint;
  stream << "digraph \"nir\" {\n";
  writeDefaults(stream);
  DotWriter writer(stream);
  for (GraphOp graph : graphs) {
    std::string path = ("@" + graph.getSymName()).str();
    std::string id = writer.uniqueId("cluster_" + path);
    stream << "  subgraph \"" << escape(id) << "\" {\n";
    stream << "    label=\"" << graphLabel(graph)
           << "\"; style=rounded; color=\"#7f7f7f\";\n";
    if (failed(writer.writeGraph(graph.getBodyBlock(), path + "/", 4)))
      return failure();
    stream << "  }\n";
  }
  stream << "}\n";
  os << text;
  return success();
}

//===----------------------------------------------------------------------===//
// mlir-translate
//===----------------------------------------------------------------------===//

void nir::registerDotTranslation() {
  static bool registered = [] {
    nirtorch::registerFromMLIRTranslation(
        "export-dot",
        "Draw the nir.graphs as a Graphviz DOT picture (render it with "
        "'dot -Tsvg')",
        [](Operation *op, raw_ostream &os) -> LogicalResult {
          if (auto graph = dyn_cast<GraphOp>(op))
            return exportDot(graph, os);
          if (auto module = dyn_cast<ModuleOp>(op))
            return exportDot(module, os);
          return op->emitError("cannot draw '")
                 << op->getName() << "': expected a module or a nir.graph";
        },
        [](DialectRegistry &registry) { registry.insert<NIRDialect>(); });
    return true;
  }();
  (void)registered;
}
