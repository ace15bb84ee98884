//===- PrintStats.cpp - Print what a NIR graph costs ----------------------===//

#include "nirtorch/Dialect/NIR/GraphStats.h"
#include "nirtorch/Dialect/NIR/Passes.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <array>
#include <mutex>

namespace mlir::nir {
#define GEN_PASS_DEF_NIRPRINTSTATS
#include "nirtorch/Dialect/NIR/Passes.h.inc"
} // namespace mlir::nir

using namespace mlir;
using namespace mlir::nir;

namespace {

// Op handles are values: these take a copy of a const one.
StringRef nameOf(NodeOpInterface node) { return node.getNodeName(); }
StringRef typeOf(NodeOpInterface node) { return node.getNIRTypeName(); }

std::string getSourceName(OpOperand *edge) {
  return edge->get().getDefiningOp<NodeOpInterface>().getNodeName().str();
}

std::string getTargetName(OpOperand *edge) {
  return cast<NodeOpInterface>(edge->getOwner()).getNodeName().str();
}

std::string formatSynapses(const StatsTotals &counts) {
  return counts.synapses ? std::to_string(*counts.synapses) : "?";
}

//===----------------------------------------------------------------------===//
// Text
//===----------------------------------------------------------------------===//

void printText(const GraphStats &stats, StringRef title, unsigned indent,
               raw_ostream &os) {
  os.indent(indent) << title << ": " << stats.totalNodes
                    << (stats.totalNodes == 1 ? " node, " : " nodes, ")
                    << stats.totalEdges
                    << (stats.totalEdges == 1 ? " edge\n" : " edges\n");

  // Names and types read left-aligned, counts right-aligned.
  using Row = std::array<std::string, 8>;
  SmallVector<Row> rows;
  rows.push_back({"node", "type", "neurons", "synapses", "parameters", "bytes",
                  "fan-in", "fan-out"});
  for (const NodeStats &node : stats.nodes)
    rows.push_back({nameOf(node.node).str(), typeOf(node.node).str(),
                    std::to_string(node.counts.neurons),
                    formatSynapses(node.counts),
                    std::to_string(node.counts.parameters),
                    std::to_string(node.counts.bytes),
                    std::to_string(node.fanIn), std::to_string(node.fanOut)});
  rows.push_back({"total", "", std::to_string(stats.totals.neurons),
                  formatSynapses(stats.totals),
                  std::to_string(stats.totals.parameters),
                  std::to_string(stats.totals.bytes), "", ""});
  std::array<size_t, 8> widths{};
  for (const Row &row : rows)
    for (auto [width, cell] : llvm::zip(widths, row))
      width = std::max(width, cell.size());
  for (const Row &row : rows) {
    std::string line;
    for (auto [column, cell] : llvm::enumerate(row)) {
      if (column != 0)
        line += "  ";
      std::string pad(widths[column] - cell.size(), ' ');
      line += column < 2 ? cell + pad : pad + cell;
    }
    os.indent(indent + 2) << StringRef(line).rtrim() << "\n";
  }

  os.indent(indent + 2) << "longest path: " << stats.longestPath.size();
  if (stats.longestPath.empty()) {
    os << " (no Output is reached from an Input within a step)";
  } else {
    os << " (";
    llvm::interleave(
        stats.longestPath, os,
        [&](NodeOpInterface node) { os << node.getNodeName(); }, " -> ");
    os << ")";
  }
  os << "\n";
  os.indent(indent + 2) << "cycles: " << stats.delayedEdges.size();
  if (!stats.delayedEdges.empty()) {
    os << " (";
    llvm::interleaveComma(stats.delayedEdges, os, [&](OpOperand *edge) {
      os << getSourceName(edge) << " -> " << getTargetName(edge);
    });
    os << ")";
  }
  os << "\n";
  for (const NodeStats &node : stats.nodes)
    if (!node.unknownReason.empty())
      os.indent(indent + 2) << "unknown synapses of '" << nameOf(node.node)
                            << "': " << node.unknownReason << "\n";

  for (const NodeStats &node : stats.nodes)
    if (node.subgraph >= 0)
      printText(stats.subgraphs[node.subgraph],
                ("subgraph \"" + nameOf(node.node) + "\"").str(), indent + 2,
                os);
}

//===----------------------------------------------------------------------===//
// JSON
//===----------------------------------------------------------------------===//

void writeSynapses(llvm::json::OStream &json, const StatsTotals &counts) {
  if (counts.synapses)
    json.attribute("synapses", int64_t(*counts.synapses));
  else
    json.attribute("synapses", nullptr);
}

/// The members of a graph's object; the caller opens and closes it.
void writeJson(const GraphStats &stats, llvm::json::OStream &json) {
  json.attributeArray("nodes", [&] {
    for (const NodeStats &node : stats.nodes) {
      json.object([&] {
        json.attribute("name", nameOf(node.node));
        json.attribute("type", typeOf(node.node));
        json.attribute("neurons", int64_t(node.counts.neurons));
        writeSynapses(json, node.counts);
        json.attribute("parameters", int64_t(node.counts.parameters));
        json.attribute("bytes", int64_t(node.counts.bytes));
        json.attribute("fan_in", node.fanIn);
        json.attribute("fan_out", node.fanOut);
        if (!node.unknownReason.empty())
          json.attribute("unknown", node.unknownReason);
        if (node.subgraph >= 0)
          json.attributeObject("subgraph", [&] {
            writeJson(stats.subgraphs[node.subgraph], json);
          });
      });
    }
  });
  json.attributeObject("totals", [&] {
    json.attribute("nodes", int64_t(stats.totalNodes));
    json.attribute("edges", int64_t(stats.totalEdges));
    json.attribute("neurons", int64_t(stats.totals.neurons));
    writeSynapses(json, stats.totals);
    json.attribute("parameters", int64_t(stats.totals.parameters));
    json.attribute("bytes", int64_t(stats.totals.bytes));
  });
  json.attributeObject("longest_path", [&] {
    json.attribute("length", int64_t(stats.longestPath.size()));
    json.attributeArray("nodes", [&] {
      for (NodeOpInterface node : stats.longestPath)
        json.value(node.getNodeName());
    });
  });
  json.attributeArray("cycles", [&] {
    for (OpOperand *edge : stats.delayedEdges)
      json.object([&] {
        json.attribute("from", getSourceName(edge));
        json.attribute("to", getTargetName(edge));
      });
  });
}

struct NIRPrintStats : nir::impl::NIRPrintStatsBase<NIRPrintStats> {
  using Base::Base;

  void runOnOperation() override {
    GraphOp graph = getOperation();
    const GraphStats &stats = getAnalysis<GraphStats>();
    // Graphs of one module may run on several threads: each report is
    // written whole.
    std::string report;
    llvm::raw_string_ostream os(report);
    if (format == StatsFormat::Json) {
      llvm::json::OStream json(os, /*IndentSize=*/2);
      json.object([&] {
        json.attribute("graph", graph.getSymName());
        writeJson(stats, json);
      });
      os << "\n";
    } else {
      printText(stats, ("graph @" + graph.getSymName()).str(), 0, os);
    }
    static std::mutex outputMutex;
    std::lock_guard<std::mutex> lock(outputMutex);
    llvm::outs() << report;
    llvm::outs().flush();
    markAllAnalysesPreserved();
  }
};

} // namespace
