//===- NIRDialect.cpp - The NIR dialect -----------------------------------===//

#include "nirtorch/Dialect/NIR/NIRDialect.h"
#include "nirtorch/Dialect/NIR/EdgeOrder.h"
#include "nirtorch/Dialect/NIR/ExecutionOrder.h"
#include "nirtorch/Dialect/NIR/NIROps.h"
#include "nirtorch/Dialect/NIR/Quantization.h"

using namespace mlir;
using namespace mlir::nir;

#include "nirtorch/Dialect/NIR/NIROpsDialect.cpp.inc"

void NIRDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "nirtorch/Dialect/NIR/NIROps.cpp.inc"
      >();
}

/// The step a node runs at (`nir.step`), if it has one.
static std::optional<int64_t> getStep(Operation *op) {
  if (auto step = op->getAttrOfType<IntegerAttr>(kStepAttrName))
    return step.getInt();
  return std::nullopt;
}

/// `nir.step` (nir-schedule, docs/NIRDialect.md "The schedule").
static LogicalResult verifyStep(Operation *op, Attribute value) {
  // schedule_c1: a node's step is a non-negative integer.
  auto step = dyn_cast<IntegerAttr>(value);
  if (!isa<NodeOpInterface>(op) || !step || step.getInt() < 0)
    return op->emitOpError()
           << "'" << kStepAttrName
           << "' must be a non-negative integer on a node op";
  // schedule_c2: an edge that is not delayed runs from an earlier step.
  ArrayRef<int64_t> delayed;
  if (auto attr = op->getAttrOfType<DenseI64ArrayAttr>(kDelayedAttrName))
    delayed = attr.asArrayRef();
  for (OpOperand &edge : op->getOpOperands()) {
    if (llvm::is_contained(delayed, int64_t(edge.getOperandNumber())))
      continue;
    Operation *source = edge.get().getDefiningOp();
    std::optional<int64_t> sourceStep =
        source ? getStep(source) : std::nullopt;
    if (!sourceStep || *sourceStep >= step.getInt())
      return op->emitOpError()
             << "edge " << edge.getOperandNumber()
             << " is not delayed but does not come from an earlier "
             << kStepAttrName << " (a cycle needs a delayed edge)";
  }
  return success();
}

/// `nir.delayed`: the operands of a scheduled node read from the previous
/// step.
static LogicalResult verifyDelayed(Operation *op, Attribute value) {
  // schedule_c3: delayed edges are strictly increasing operand indices of a
  // scheduled node.
  auto delayed = dyn_cast<DenseI64ArrayAttr>(value);
  if (!delayed || !op->hasAttr(kStepAttrName))
    return op->emitOpError() << "'" << kDelayedAttrName
                             << "' must be an i64 array on a node with '"
                             << kStepAttrName << "'";
  int64_t previous = -1;
  for (int64_t index : delayed.asArrayRef()) {
    if (index <= previous || index >= int64_t(op->getNumOperands()))
      return op->emitOpError()
             << "'" << kDelayedAttrName
             << "' must list operand indices in increasing order";
    previous = index;
  }
  return success();
}

/// `nir.edge_order`: the order of a graph's edges in the file it was read
/// from (include/nirtorch/Dialect/NIR/EdgeOrder.h). Names that match no edge
/// are allowed: passes may change the graph without updating the record.
static LogicalResult verifyEdgeOrder(Operation *op, Attribute value) {
  // edge_order_c1: the record is a list of [source, target] node-name pairs
  // on a graph or nested graph.
  if (!isa<GraphOp, SubgraphOp>(op) || !isEdgeOrderRecord(value))
    return op->emitOpError()
           << "'" << kEdgeOrderAttrName
           << "' must be an array of [source, target] node-name pairs on a "
              "graph";
  return success();
}

LogicalResult NIRDialect::verifyOperationAttribute(Operation *op,
                                                   NamedAttribute attribute) {
  // dialect_attr_c1: the discardable attributes of the dialect are
  // `nir.quant_scale`, the schedule (`nir.step` and `nir.delayed`) and a
  // file's edge order (`nir.edge_order`).
  if (attribute.getName() == kEdgeOrderAttrName)
    return verifyEdgeOrder(op, attribute.getValue());
  if (attribute.getName() == kQuantScaleAttrName)
    return verifyQuantScale(op, attribute.getValue());
  if (attribute.getName() == kStepAttrName)
    return verifyStep(op, attribute.getValue());
  if (attribute.getName() == kDelayedAttrName)
    return verifyDelayed(op, attribute.getValue());
  return op->emitOpError() << "unknown attribute '"
                           << attribute.getName().getValue()
                           << "' of the nir dialect";
}
