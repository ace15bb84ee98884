//===- InferShapes.cpp - Shapes of unchecked NIR graphs -------------------===//
//
// Shapes flow forward along the edges from the nodes that know theirs: ports,
// nested graphs, nodes whose parameters fix their input shape, and any signal
// already ranked. A node whose parameters leave its input open (pooling, a
// Conv without `input_shape`, a Flatten without `input_type`) takes the shape
// of the first known edge that reaches it, and all its edges must agree.
// Since every such node then has one input shape that every path to it
// implies, the result does not depend on the order of the work list.
//
//===----------------------------------------------------------------------===//

#include "nirtorch/Dialect/NIR/InferShapes.h"

#include "nirtorch/Dialect/NIR/ExecutionOrder.h"
#include "nirtorch/Dialect/NIR/NIRShapes.h"
#include "nirtorch/Dialect/NIR/Passes.h"

#include "llvm/ADT/DenseMap.h"

namespace mlir::nir {
#define GEN_PASS_DEF_NIRINFERSHAPES
#include "nirtorch/Dialect/NIR/Passes.h.inc"
} // namespace mlir::nir

using namespace mlir;
using namespace mlir::nir;

namespace {

ArrayRef<int64_t> shapeOf(Value signal) {
  return llvm::cast<RankedTensorType>(signal.getType()).getShape();
}

/// The input shape inferred for a node whose parameters leave it open, and
/// the node whose edge brought it.
struct EdgeInput {
  Shape shape;
  NodeOpInterface source;
};

/// Gives `node` the output shape its input implies, keeping the element type
/// of its unranked result.
LogicalResult setOutputShape(NodeOpInterface node, ArrayRef<int64_t> input,
                             NodeOpInterface source) {
  FailureOr<Shape> output = node.inferOutputShape(input, [&] {
    InFlightDiagnostic diag = node->emitError()
                              << "node '" << node.getNodeName()
                              << "' with input shape " << formatShape(input);
    if (source)
      diag << " (from '" << source.getNodeName() << "')";
    return std::move(diag << ": ");
  });
  if (failed(output))
    return failure();
  Value result = node->getResult(0);
  result.setType(RankedTensorType::get(
      *output, llvm::cast<TensorType>(result.getType()).getElementType()));
  return success();
}

/// Records an inferred input shape in the attribute that holds it in a file,
/// where the node has one and lacks it (the writer needs it, as nir.read
/// does).
void setInputShapeAttr(NodeOpInterface node, ArrayRef<int64_t> input) {
  MLIRContext *context = node->getContext();
  if (auto conv = llvm::dyn_cast<Conv1dOp>(node.getOperation())) {
    if (!conv.getInputShapeAttr() && input.size() == 2)
      conv.setInputShapeAttr(
          IntegerAttr::get(IntegerType::get(context, 64), input[1]));
  } else if (auto conv = llvm::dyn_cast<Conv2dOp>(node.getOperation())) {
    if (!conv.getInputShapeAttr() && input.size() == 3)
      conv.setInputShapeAttr(
          DenseI64ArrayAttr::get(context, input.drop_front()));
  } else if (auto flatten = llvm::dyn_cast<FlattenOp>(node.getOperation())) {
    if (!flatten.getInputTypeAttr())
      flatten.setInputTypeAttr(DenseI64ArrayAttr::get(context, input));
  }
}

LogicalResult inferBody(Block &body) {
  // Nested graphs first: a nested graph's ports give its node's shapes.
  for (SubgraphOp subgraph : body.getOps<SubgraphOp>())
    if (failed(inferBody(subgraph.getBodyBlock())))
      return failure();

  // Seeds: every node that knows its output shape, or whose parameters fix
  // its input shape.
  SmallVector<NodeOpInterface> worklist;
  for (NodeOpInterface node : body.getOps<NodeOpInterface>()) {
    if (hasInferredShape(node->getResult(0))) {
      worklist.push_back(node);
      continue;
    }
    std::optional<Shape> input = node.getParamInputShape();
    if (!input)
      continue;
    if (failed(setOutputShape(node, *input, /*source=*/nullptr)))
      return failure();
    worklist.push_back(node);
  }

  // Every node still unknown leaves its input open: the first edge of known
  // shape that reaches it decides it.
  llvm::DenseMap<Operation *, EdgeInput> inputFromEdge;
  for (size_t next = 0; next < worklist.size(); ++next) {
    NodeOpInterface source = worklist[next];
    Shape shape(shapeOf(source->getResult(0)));
    for (OpOperand *edge : getOutgoingEdges(source)) {
      auto target = llvm::cast<NodeOpInterface>(edge->getOwner());
      if (hasInferredShape(target->getResult(0)))
        continue;
      inputFromEdge[target] = {shape, source};
      if (failed(setOutputShape(target, shape, source)))
        return failure();
      worklist.push_back(target);
    }
  }

  for (NodeOpInterface node : body.getOps<NodeOpInterface>()) {
    if (!hasInferredShape(node->getResult(0)))
      return node->emitError()
             << "cannot determine the output shape of node '"
             << node.getNodeName()
             << "': its parameters leave its input shape open and no edge "
                "of known shape reaches it";
    auto it = inputFromEdge.find(node);
    if (it == inputFromEdge.end())
      continue;
    EdgeInput &input = it->second;
    // Summed edges need one shape; an open input cannot take two.
    for (Value edge : node->getOperands()) {
      if (!hasInferredShape(edge) ||
          shapeOf(edge) == ArrayRef<int64_t>(input.shape))
        continue;
      auto other = edge.getDefiningOp<NodeOpInterface>();
      return node->emitError()
             << "node '" << node.getNodeName()
             << "' receives conflicting shapes " << formatShape(input.shape)
             << " from '" << input.source.getNodeName() << "' and "
             << formatShape(shapeOf(edge)) << " from '" << other.getNodeName()
             << "'; its parameters leave its input shape open, so its "
                "incoming edges must agree";
    }
    setInputShapeAttr(node, input.shape);
  }
  return success();
}

struct NIRInferShapes : nir::impl::NIRInferShapesBase<NIRInferShapes> {
  void runOnOperation() override {
    GraphOp graph = getOperation();
    if (!graph.getUnchecked()) {
      markAllAnalysesPreserved();
      return;
    }
    if (failed(inferShapes(graph)))
      signalPassFailure();
  }
};

} // namespace

LogicalResult nir::inferShapes(GraphOp graph) {
  if (!graph.getUnchecked())
    return success();
  return inferBody(graph.getBodyBlock());
}

LogicalResult nir::inferShapes(SubgraphOp subgraph) {
  if (!isUncheckedGraph(subgraph))
    return success();
  return inferBody(subgraph.getBodyBlock());
}
