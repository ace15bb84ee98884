//===- OutlineSubgraphs.cpp - Outline nodes into nested NIR graphs --------===//
//
// The inverse of nir-inline-subgraphs. What a round trip preserves:
//
// - inline then outline (the subgraph's nodes selected, its name the
//   default) gives back the subgraph: its name, its inner nodes with their
//   names, parameters, metadata, edges and relative order, its incoming
//   edges in their order, and its position. Not its ports' names or
//   metadata, nor its own metadata: inlining drops them, and the outlined
//   ports are "input" and "output".
// - outline then inline gives back the graph, except that the selected nodes
//   come back together at the place of the first of them, the entry's edges
//   from outside together at the place of the first of them, and, when the
//   subgraph's name is not the prefix all selected names share (an explicit
//   `name`, or `<neuron>_rec`), the nodes come back named `<name>.<node>`.
//   Moving nodes changes the edge order the time-step schedule follows; the
//   pass refuses an outlining that would change which edges are delayed.
//   Gathering the entry's edges changes the order of its sum (the last bits
//   of a float) when they were not adjacent; exact-only refuses that too.
//
//===----------------------------------------------------------------------===//

#include "nirtorch/Dialect/NIR/ExecutionOrder.h"
#include "nirtorch/Dialect/NIR/GraphAlgorithms.h"
#include "nirtorch/Dialect/NIR/Passes.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/GlobPattern.h"

#include <set>
#include <tuple>

namespace mlir::nir {
#define GEN_PASS_DEF_NIROUTLINESUBGRAPHS
#include "nirtorch/Dialect/NIR/Passes.h.inc"
} // namespace mlir::nir

using namespace mlir;
using namespace mlir::nir;

namespace {

/// Starts the diagnostic that says why a selection is not outlined, at the
/// node concerned: an error when the user chose the nodes, a remark when the
/// pass found them.
using Reporter = llvm::function_ref<InFlightDiagnostic(Operation *)>;

bool isNeuron(Operation *op) {
  return llvm::isa<IOp, IFOp, LIOp, LIFOp, CubaLIOp, CubaLIFOp>(op);
}

bool isValidNodeName(StringRef name) {
  return !name.empty() && !name.contains('/') && !name.contains('\0') &&
         name != "." && name != "..";
}

/// The longest run of leading dot-separated components that all `names`
/// share and that leaves each name at least one component, or "".
std::string commonDottedPrefix(ArrayRef<StringRef> names) {
  SmallVector<StringRef> common;
  for (auto [index, name] : llvm::enumerate(names)) {
    SmallVector<StringRef> components;
    name.split(components, '.');
    components.pop_back(); // the last component must remain
    if (index == 0) {
      common = components;
      continue;
    }
    auto mismatch = std::mismatch(common.begin(), common.end(),
                                  components.begin(), components.end());
    common.erase(mismatch.first, common.end());
  }
  return llvm::join(common, ".");
}

/// `name` without the prefix `<subgraph>.`, unless nothing would be left.
std::string innerNameOf(StringRef name, StringRef subgraph) {
  std::string prefix = (subgraph + ".").str();
  if (name.size() > prefix.size() && name.starts_with(prefix))
    return name.drop_front(prefix.size()).str();
  return name.str();
}

/// `base`, or `base_1`, `base_2`, ... whichever is not in `taken`.
std::string freshName(StringRef base, const llvm::StringSet<> &taken) {
  std::string name = base.str();
  for (unsigned suffix = 1; taken.contains(name); ++suffix)
    name = (base + "_" + Twine(suffix)).str();
  return name;
}

/// What outlining a selection does, worked out before the IR changes.
struct OutlinePlan {
  std::string name;
  /// The selected nodes in block order, and their names inside.
  SmallVector<NodeOpInterface> nodes;
  SmallVector<std::string> innerNames;
  /// The node the edges from outside end at; null when none enters.
  NodeOpInterface entry;
  /// The node whose edges leave the selection.
  NodeOpInterface exit;
  Type inputType;
  std::string inputName, outputName;

  /// The selected nodes as a set.
  llvm::DenseSet<Operation *> members;

  bool contains(Operation *op) const { return members.contains(op); }

  /// The same plan for a copy of the graph.
  OutlinePlan mapped(IRMapping &mapping) const {
    OutlinePlan copy = *this;
    auto map = [&](NodeOpInterface node) {
      return node ? llvm::cast<NodeOpInterface>(
                        mapping.lookup(node.getOperation()))
                  : node;
    };
    copy.members.clear();
    for (NodeOpInterface &node : copy.nodes) {
      node = map(node);
      copy.members.insert(node);
    }
    copy.entry = map(entry);
    copy.exit = map(exit);
    return copy;
  }
};

/// The entry's operands with its edges from outside replaced by
/// `replacement` at the place of the first of them; its edges from inside
/// keep their order.
SmallVector<Value> gatherExternalOperands(const OutlinePlan &plan,
                                          ValueRange replacement) {
  SmallVector<Value> operands;
  bool replaced = false;
  for (Value operand : plan.entry->getOperands()) {
    if (plan.contains(operand.getDefiningOp())) {
      operands.push_back(operand);
    } else if (!replaced) {
      llvm::append_range(operands, replacement);
      replaced = true;
    }
  }
  return operands;
}

SmallVector<Value> externalOperands(const OutlinePlan &plan) {
  SmallVector<Value> external;
  if (plan.entry)
    for (Value operand : plan.entry->getOperands())
      if (!plan.contains(operand.getDefiningOp()))
        external.push_back(operand);
  return external;
}

/// Checks the form a nested graph needs and works out names and types.
/// `nodes` are distinct and in block order.
FailureOr<OutlinePlan>
planOutline(const llvm::StringMap<Operation *> &nodesByName,
            ArrayRef<NodeOpInterface> nodes, StringRef name, bool exactOnly,
            Reporter report) {
  OutlinePlan plan;
  plan.name = name.str();
  plan.nodes.assign(nodes.begin(), nodes.end());
  for (NodeOpInterface node : nodes)
    plan.members.insert(node);

  for (NodeOpInterface node : nodes) {
    if (llvm::isa<InputOp, OutputOp>(node)) {
      report(node) << "node '" << node.getNodeName() << "' is an "
                   << node.getNIRTypeName()
                   << " node; the outlined graph gets ports of its own, so "
                      "the selection cannot hold one";
      return failure();
    }
  }

  for (NodeOpInterface node : nodes) {
    bool fromOutside = llvm::any_of(node->getOperands(), [&](Value operand) {
      return !plan.contains(operand.getDefiningOp());
    });
    if (!fromOutside)
      continue;
    if (plan.entry) {
      report(node) << "node '" << node.getNodeName()
                   << "' receives an edge from outside the selection but '"
                   << plan.entry.getNodeName()
                   << "' is already the entry; a nested graph has one Input";
      return failure();
    }
    plan.entry = node;
  }

  for (NodeOpInterface node : nodes) {
    bool toOutside = llvm::any_of(node->getUsers(), [&](Operation *user) {
      return !plan.contains(user);
    });
    if (!toOutside)
      continue;
    if (plan.exit) {
      report(node) << "node '" << node.getNodeName()
                   << "' has an edge leaving the selection but '"
                   << plan.exit.getNodeName()
                   << "' is already the exit; a nested graph has one Output";
      return failure();
    }
    plan.exit = node;
  }
  if (!plan.exit) {
    report(nodes.front()) << "no node of the selection has an edge leaving it; "
                             "a nested graph's Output reads one node";
    return failure();
  }

  // The nested Input sums the edges from outside before the entry adds its
  // edges from inside: the same sum in the same order only if they are
  // adjacent.
  if (plan.entry && exactOnly) {
    auto isExternal = [&](Value operand) {
      return !plan.contains(operand.getDefiningOp());
    };
    OperandRange operands = plan.entry->getOperands();
    auto first = llvm::find_if(operands, isExternal);
    auto last = llvm::find_if(llvm::reverse(operands), isExternal).base();
    if (!std::all_of(first, last, isExternal)) {
      report(plan.entry)
          << "node '" << plan.entry.getNodeName()
          << "' reads edges from inside the selection between its edges from "
             "outside; the nested Input would sum those first, which changes "
             "the order of the sum (exact-only)";
      return failure();
    }
  }

  // The nested Input carries the sum of the edges from outside, so it needs
  // their one type.
  if (plan.entry) {
    SmallVector<Value> external = externalOperands(plan);
    plan.inputType = external.front().getType();
    for (Value operand : external) {
      if (operand.getType() == plan.inputType)
        continue;
      report(plan.entry) << "the edges from outside into '"
                         << plan.entry.getNodeName() << "' carry "
                         << plan.inputType << " and " << operand.getType()
                         << "; a nested Input has one type";
      return failure();
    }
  } else {
    // Nothing enters: the Input feeds no node but still has a shape.
    NodeOpInterface first = nodes.front();
    std::optional<SmallVector<int64_t>> shape = first.getParamInputShape();
    if (!shape) {
      report(first) << "no edge enters the selection and its first node '"
                    << first.getNodeName()
                    << "' fixes no input shape; the nested Input needs one";
      return failure();
    }
    auto result = llvm::cast<ShapedType>(first->getResult(0).getType());
    plan.inputType = RankedTensorType::get(*shape, result.getElementType());
  }

  if (Operation *holder = nodesByName.lookup(name);
      holder && !plan.contains(holder)) {
    report(holder) << "the subgraph name '" << name << "' is taken by node '"
                   << name << "', which is not selected";
    return failure();
  }

  llvm::StringMap<NodeOpInterface> inner;
  for (NodeOpInterface node : nodes) {
    std::string innerName = innerNameOf(node.getNodeName(), name);
    auto [it, inserted] = inner.try_emplace(innerName, node);
    if (!inserted) {
      report(node) << "node '" << node.getNodeName() << "' would be named '"
                   << innerName << "' inside '" << name << "', as node '"
                   << it->second.getNodeName() << "' is";
      return failure();
    }
    plan.innerNames.push_back(std::move(innerName));
  }
  llvm::StringSet<> taken;
  for (const std::string &innerName : plan.innerNames)
    taken.insert(innerName);
  plan.inputName = freshName("input", taken);
  plan.outputName = freshName("output", taken);
  return plan;
}

/// Outlines as planned; the plan must have passed planOutline.
SubgraphOp applyOutline(OutlinePlan &plan) {
  NodeOpInterface first = plan.nodes.front();
  OpBuilder builder(first);
  Type resultType = plan.exit->getResult(0).getType();
  auto subgraph = builder.create<SubgraphOp>(
      first.getLoc(), resultType, builder.getStringAttr(plan.name),
      externalOperands(plan), DictionaryAttr());
  Block *body = builder.createBlock(&subgraph.getBody());
  Location inputLoc = plan.entry ? plan.entry.getLoc() : first.getLoc();
  auto input = builder.create<InputOp>(inputLoc, plan.inputType,
                                       builder.getStringAttr(plan.inputName),
                                       DictionaryAttr());
  if (plan.entry)
    plan.entry->setOperands(
        gatherExternalOperands(plan, ValueRange{input.getOutput()}));
  plan.exit->getResult(0).replaceUsesWithIf(
      subgraph.getOutput(),
      [&](OpOperand &use) { return !plan.contains(use.getOwner()); });
  for (auto [node, innerName] : llvm::zip_equal(plan.nodes, plan.innerNames)) {
    node->moveBefore(body, body->end());
    node->setAttr("name", builder.getStringAttr(innerName));
  }
  builder.setInsertionPointToEnd(body);
  builder.create<OutputOp>(
      plan.exit.getLoc(), resultType, builder.getStringAttr(plan.outputName),
      ValueRange{plan.exit->getResult(0)}, DictionaryAttr());
  return subgraph;
}

//===----------------------------------------------------------------------===//
// The time-step schedule before and after
//===----------------------------------------------------------------------===//

/// An edge named so that it can be found in a copy of the graph or after
/// outlining: producer, consumer, and how many edges from that producer the
/// consumer reads before it.
using EdgeKey = std::tuple<std::string, std::string, unsigned>;

/// The delayed edges of `body`'s schedule. `nameOf(node, asProducer)` gives
/// the name a node stands for, or "" for an edge that has no counterpart.
std::set<EdgeKey>
delayedEdges(Block &body,
             llvm::function_ref<std::string(Operation *, bool)> nameOf) {
  ExecutionOrder order = computeExecutionOrder(body);
  std::set<EdgeKey> keys;
  for (OpOperand *edge : order.delayedEdges) {
    Operation *consumer = edge->getOwner();
    std::string from = nameOf(edge->get().getDefiningOp(), true);
    std::string to = nameOf(consumer, false);
    if (from.empty() || to.empty())
      continue;
    unsigned occurrence = llvm::count(
        consumer->getOperands().take_front(edge->getOperandNumber()),
        edge->get());
    keys.emplace(std::move(from), std::move(to), occurrence);
  }
  return keys;
}

std::string nodeName(Operation *op, bool) {
  return llvm::cast<NodeOpInterface>(op).getNodeName().str();
}

/// An edge whose delay outlining would change, and in which form.
struct ScheduleChange {
  EdgeKey edge;
  bool delayedBefore;
  StringRef where;
};

/// Whether outlining as `plans` say changes the delayed edges, either as
/// the nested graphs' own schedules have them or once they are inlined again
/// (how the raising runs them). Works on a copy, so the graph is unchanged
/// either way; checking several plans at once costs one copy.
std::optional<ScheduleChange>
findScheduleChange(GraphOp graph, MutableArrayRef<OutlinePlan> plans) {
  if (plans.empty())
    return std::nullopt;
  std::set<EdgeKey> before = delayedEdges(graph.getBodyBlock(), nodeName);

  IRMapping mapping;
  OwningOpRef<GraphOp> copy = llvm::cast<GraphOp>(graph->clone(mapping));
  Block &copyBody = copy->getBodyBlock();
  std::vector<OutlinePlan> copyPlans;
  for (OutlinePlan &plan : plans)
    copyPlans.push_back(plan.mapped(mapping));

  // Inlining the outlined graph again gives the graph with the selected
  // nodes gathered at the first one and the entry's edges from outside
  // gathered at the first one.
  for (OutlinePlan &copyPlan : copyPlans) {
    Operation *previous = copyPlan.nodes.front();
    for (NodeOpInterface node : llvm::drop_begin(copyPlan.nodes)) {
      node->moveAfter(previous);
      previous = node;
    }
    if (copyPlan.entry)
      copyPlan.entry->setOperands(
          gatherExternalOperands(copyPlan, externalOperands(copyPlan)));
  }
  std::set<EdgeKey> inlined = delayedEdges(copyBody, nodeName);

  // A subgraph stands for its entry where it is a consumer and for its exit
  // where it is a producer; inner nodes for the nodes they were.
  DenseMap<Operation *, std::pair<std::string, std::string>> portNames;
  SmallVector<std::pair<SubgraphOp, llvm::StringMap<std::string>>> bodies;
  for (auto [plan, copyPlan] : llvm::zip_equal(plans, copyPlans)) {
    std::string entryName =
        plan.entry ? plan.entry.getNodeName().str() : std::string();
    std::string exitName = plan.exit.getNodeName().str();
    SubgraphOp subgraph = applyOutline(copyPlan);
    portNames[subgraph] = {entryName, exitName};
    llvm::StringMap<std::string> originalNames;
    for (auto [node, innerName] : llvm::zip_equal(plan.nodes, plan.innerNames))
      originalNames[innerName] = node.getNodeName().str();
    bodies.emplace_back(subgraph, std::move(originalNames));
  }
  std::set<EdgeKey> nested = delayedEdges(
      copyBody, [&](Operation *op, bool asProducer) -> std::string {
        auto it = portNames.find(op);
        if (it == portNames.end())
          return nodeName(op, asProducer);
        return asProducer ? it->second.second : it->second.first;
      });
  for (auto &[subgraph, originalNames] : bodies) {
    std::set<EdgeKey> inner = delayedEdges(
        subgraph.getBodyBlock(), [&](Operation *op, bool) -> std::string {
          if (llvm::isa<InputOp, OutputOp>(op))
            return "";
          return originalNames.lookup(nodeName(op, false));
        });
    nested.insert(inner.begin(), inner.end());
  }

  for (auto [after, where] : {std::pair(&inlined, "once it is inlined again"),
                              std::pair(&nested, "in the outlined graph")}) {
    if (*after == before)
      continue;
    // The first edge delayed on one side only.
    auto onlyBefore = llvm::find_if(
        before, [&](const EdgeKey &key) { return !after->count(key); });
    if (onlyBefore != before.end())
      return ScheduleChange{*onlyBefore, true, where};
    auto onlyAfter = llvm::find_if(
        *after, [&](const EdgeKey &key) { return !before.count(key); });
    return ScheduleChange{*onlyAfter, false, where};
  }
  return std::nullopt;
}

/// Checks that outlining as `plan` says keeps the schedule, else reports the
/// first edge that changes at its consumer.
LogicalResult checkSchedule(GraphOp graph, OutlinePlan &plan, Reporter report) {
  std::optional<ScheduleChange> change =
      findScheduleChange(graph, MutableArrayRef<OutlinePlan>(plan));
  if (!change)
    return success();
  auto &[from, to, occurrence] = change->edge;
  Operation *consumer = graph;
  for (auto node : graph.getBodyBlock().getOps<NodeOpInterface>())
    if (node.getNodeName() == to)
      consumer = node;
  report(consumer) << "outlining would change the time-step schedule: the "
                      "edge '"
                   << from << "' -> '" << to
                   << (change->delayedBefore ? "' is delayed in the graph as "
                                               "it is but not "
                                             : "' is not delayed in the graph "
                                               "as it is but would be ")
                   << change->where;
  return failure();
}

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

struct NIROutlineSubgraphs
    : nir::impl::NIROutlineSubgraphsBase<NIROutlineSubgraphs> {
  using Base::Base;

  void runOnOperation() override {
    GraphOp graph = getOperation();
    LogicalResult result = failure();
    if (recurrent && !nodePatterns.empty())
      graph.emitError() << "options 'nodes' and 'recurrent' exclude each "
                           "other";
    else if (recurrent && !subgraphName.empty())
      graph.emitError() << "option 'name' names the subgraph of 'nodes'; "
                           "'recurrent' names each cycle after its nodes";
    else if (recurrent)
      result = outlineCycles(graph);
    else
      result = outlineSelection(graph);
    if (failed(result))
      signalPassFailure();
  }

  /// Outlines the nodes the `nodes` patterns match into one subgraph.
  LogicalResult outlineSelection(GraphOp graph) {
    SmallVector<StringRef> texts;
    StringRef(nodePatterns)
        .split(texts, ',', /*MaxSplit=*/-1,
               /*KeepEmpty=*/false);
    if (texts.empty())
      return graph.emitError() << "nothing to outline: give 'nodes' (name "
                                  "patterns) or 'recurrent=true'";
    SmallVector<llvm::GlobPattern> patterns;
    for (StringRef text : texts) {
      llvm::Expected<llvm::GlobPattern> pattern =
          llvm::GlobPattern::create(text);
      if (!pattern)
        return graph.emitError()
               << "invalid node pattern '" << text
               << "': " << llvm::toString(pattern.takeError());
      patterns.push_back(std::move(*pattern));
    }
    SmallVector<NodeOpInterface> selected;
    SmallVector<bool> used(patterns.size(), false);
    for (auto node : graph.getBodyBlock().getOps<NodeOpInterface>()) {
      bool matched = false;
      for (auto [index, pattern] : llvm::enumerate(patterns)) {
        if (pattern.match(node.getNodeName())) {
          used[index] = true;
          matched = true;
        }
      }
      if (matched)
        selected.push_back(node);
    }
    for (auto [index, wasUsed] : llvm::enumerate(used))
      if (!wasUsed)
        return graph.emitError()
               << "node pattern '" << texts[index] << "' matches no node of @"
               << graph.getSymName();

    std::string name = subgraphName;
    if (!name.empty() && !isValidNodeName(name))
      return graph.emitError()
             << "invalid subgraph name '" << name
             << "': a name is non-empty, has no '/' or NUL and is not '.' "
                "or '..'";
    if (name.empty()) {
      SmallVector<StringRef> names = llvm::to_vector(llvm::map_range(
          selected, [](NodeOpInterface node) { return node.getNodeName(); }));
      name = commonDottedPrefix(names);
    }
    if (name.empty())
      return graph.emitError()
             << "the selected nodes share no dotted name prefix; name the "
                "subgraph with option 'name'";

    auto report = [](Operation *op) { return op->emitError(); };
    FailureOr<OutlinePlan> plan =
        planOutline(nodesByName(graph), selected, name, exactOnly, report);
    if (failed(plan) || failed(checkSchedule(graph, *plan, report)))
      return failure();
    applyOutline(*plan);
    return success();
  }

  /// Outlines each cycle through a neuron node that has the form; the others
  /// stay, with a remark.
  LogicalResult outlineCycles(GraphOp graph) {
    Block &body = graph.getBodyBlock();
    std::vector<OutlinePlan> plans;
    SmallVector<std::string> neuronNames; // parallel to plans
    llvm::StringSet<> subgraphNames;
    llvm::StringMap<Operation *> nodesByNameOfBody = nodesByName(graph);
    for (const SmallVector<NodeOpInterface> &component :
         computeStronglyConnectedComponents(body)) {
      if (!isCyclicComponent(component))
        continue;
      auto neuron = llvm::find_if(component, isNeuron);
      if (neuron == component.end())
        continue;
      NodeOpInterface neuronNode = *neuron;
      std::string neuronName = neuronNode.getNodeName().str();
      SmallVector<StringRef> names = llvm::to_vector(llvm::map_range(
          component, [](NodeOpInterface node) { return node.getNodeName(); }));
      std::string name = commonDottedPrefix(names);
      if (name.empty())
        name = neuronName + "_rec";

      auto report = [&](Operation *op) { return remarkCycle(op, neuronName); };
      if (subgraphNames.contains(name)) {
        report(component.front())
            << "the subgraph name '" << name
            << "' is taken by the subgraph of another cycle";
        continue;
      }
      FailureOr<OutlinePlan> plan =
          planOutline(nodesByNameOfBody, component, name, exactOnly, report);
      if (failed(plan))
        continue;
      subgraphNames.insert(name);
      plans.push_back(std::move(*plan));
      neuronNames.push_back(neuronName);
    }

    // Usually all keep the schedule, which one copy of the graph shows; else
    // each is checked on its own, after the ones before it are outlined.
    bool checkEach = findScheduleChange(graph, plans).has_value();
    bool changed = false;
    for (auto [plan, neuronName] : llvm::zip_equal(plans, neuronNames)) {
      auto report = [&](Operation *op) { return remarkCycle(op, neuronName); };
      if (checkEach && failed(checkSchedule(graph, plan, report)))
        continue;
      applyOutline(plan);
      changed = true;
    }
    if (!changed)
      markAllAnalysesPreserved();
    return success();
  }

  static llvm::StringMap<Operation *> nodesByName(GraphOp graph) {
    llvm::StringMap<Operation *> nodes;
    for (auto node : graph.getBodyBlock().getOps<NodeOpInterface>())
      nodes[node.getNodeName()] = node;
    return nodes;
  }

  static InFlightDiagnostic remarkCycle(Operation *op, StringRef neuronName) {
    InFlightDiagnostic diag = op->emitRemark();
    diag << "cycle through '" << neuronName << "' not outlined: ";
    return diag;
  }
};

} // namespace
