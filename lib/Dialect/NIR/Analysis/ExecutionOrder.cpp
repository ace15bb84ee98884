//===- ExecutionOrder.cpp - Time-step schedule of a NIR graph -------------===//

#include "nirtorch/Dialect/NIR/ExecutionOrder.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/STLExtras.h"

#include <queue>
#include <vector>

using namespace mlir;
using namespace mlir::nir;

SmallVector<OpOperand *> nir::getOutgoingEdges(NodeOpInterface node) {
  SmallVector<OpOperand *> edges;
  for (OpOperand &use : node->getResult(0).getUses())
    edges.push_back(&use);
  // Use lists have no stable order; edge order is consumer block order, then
  // operand order.
  llvm::sort(edges, [](OpOperand *a, OpOperand *b) {
    if (a->getOwner() != b->getOwner())
      return a->getOwner()->isBeforeInBlock(b->getOwner());
    return a->getOperandNumber() < b->getOperandNumber();
  });
  return edges;
}

ExecutionOrder nir::computeExecutionOrder(Block &body) {
  SmallVector<NodeOpInterface> inputs, others;
  for (auto node : body.getOps<NodeOpInterface>())
    (llvm::isa<InputOp>(node) ? inputs : others).push_back(node);
  auto byName = [](NodeOpInterface a, NodeOpInterface b) {
    return a.getNodeName() < b.getNodeName();
  };
  llvm::stable_sort(inputs, byName);
  llvm::stable_sort(others, byName);

  enum class Mark { Unseen, OnStack, Done };
  DenseMap<Operation *, Mark> marks;
  ExecutionOrder order;
  SmallVector<NodeOpInterface> discovered; // DFS pre-order

  // Iterative DFS: each frame holds a node and its outgoing edges still to
  // explore, so deep chains cannot overflow the native stack.
  struct Frame {
    NodeOpInterface node;
    SmallVector<OpOperand *> edges;
    size_t next = 0;
  };
  auto visitFrom = [&](NodeOpInterface root) {
    if (marks[root] != Mark::Unseen)
      return;
    SmallVector<Frame> stack;
    marks[root] = Mark::OnStack;
    discovered.push_back(root);
    stack.push_back({root, getOutgoingEdges(root)});
    while (!stack.empty()) {
      Frame &frame = stack.back();
      if (frame.next == frame.edges.size()) {
        marks[frame.node] = Mark::Done;
        stack.pop_back();
        continue;
      }
      OpOperand *edge = frame.edges[frame.next++];
      auto consumer = llvm::cast<NodeOpInterface>(edge->getOwner());
      Mark &mark = marks[consumer];
      if (mark == Mark::OnStack) {
        order.delayedEdges.insert(edge);
      } else if (mark == Mark::Unseen) {
        mark = Mark::OnStack;
        discovered.push_back(consumer);
        stack.push_back({consumer, getOutgoingEdges(consumer)});
      }
    }
  };
  for (NodeOpInterface root : inputs)
    visitFrom(root);
  for (NodeOpInterface root : others)
    visitFrom(root);

  // Without the back-edges the graph is acyclic. Of the nodes ready to run,
  // take the one the search found first, so the order reads like the graph
  // (Inputs first, then the nodes they feed).
  DenseMap<Operation *, unsigned> rank, pending;
  for (auto [index, node] : llvm::enumerate(discovered))
    rank[node] = index;
  auto later = [&](NodeOpInterface a, NodeOpInterface b) {
    return rank[a] > rank[b];
  };
  std::priority_queue<NodeOpInterface, std::vector<NodeOpInterface>,
                      decltype(later)>
      ready(later);
  for (NodeOpInterface node : discovered) {
    unsigned count = llvm::count_if(node->getOpOperands(), [&](OpOperand &e) {
      return !order.isDelayed(e);
    });
    pending[node] = count;
    if (count == 0)
      ready.push(node);
  }
  while (!ready.empty()) {
    NodeOpInterface node = ready.top();
    ready.pop();
    order.nodes.push_back(node);
    for (OpOperand *edge : getOutgoingEdges(node)) {
      if (order.isDelayed(*edge))
        continue;
      auto consumer = llvm::cast<NodeOpInterface>(edge->getOwner());
      if (--pending[consumer] == 0)
        ready.push(consumer);
    }
  }
  return order;
}

void nir::recordExecutionOrder(const ExecutionOrder &order) {
  for (auto [index, node] : llvm::enumerate(order.nodes)) {
    Builder b(node->getContext());
    node->setAttr(kStepAttrName, b.getI64IntegerAttr(index));
    SmallVector<int64_t> delayed;
    for (OpOperand &edge : node->getOpOperands())
      if (order.isDelayed(edge))
        delayed.push_back(edge.getOperandNumber());
    if (delayed.empty())
      node->removeAttr(kDelayedAttrName);
    else
      node->setAttr(kDelayedAttrName, b.getDenseI64ArrayAttr(delayed));
  }
}

FailureOr<ExecutionOrder> nir::readExecutionOrder(Block &body) {
  ExecutionOrder order;
  DenseMap<int64_t, NodeOpInterface> byStep;
  SmallVector<std::pair<int64_t, NodeOpInterface>> steps;
  for (auto node : body.getOps<NodeOpInterface>()) {
    auto step = node->getAttrOfType<IntegerAttr>(kStepAttrName);
    if (!step)
      return node->emitError()
             << "node '" << node.getNodeName() << "' has no " << kStepAttrName
             << " (the schedule of its graph is not recorded: run "
                "nir-schedule first)";
    auto [it, inserted] = byStep.try_emplace(step.getInt(), node);
    if (!inserted)
      return node->emitError()
             << "node '" << node.getNodeName() << "' has the " << kStepAttrName
             << " " << step.getInt() << " of node '"
             << it->second.getNodeName() << "'";
    steps.push_back({step.getInt(), node});
    if (auto delayed = node->getAttrOfType<DenseI64ArrayAttr>(kDelayedAttrName))
      for (int64_t index : delayed.asArrayRef())
        order.delayedEdges.insert(&node->getOpOperand(index));
  }
  llvm::sort(steps, llvm::less_first());
  for (auto &[step, node] : steps)
    order.nodes.push_back(node);
  return order;
}
