//===- NodeSpecs.cpp - The datasets of each NIR node type -----------------===//

#include "NodeSpecs.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/OperationSupport.h"
#include "nirtorch/Dialect/NIR/Discretization.h"
#include "nirtorch/Dialect/NIR/NIROps.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"

using namespace mlir;
using namespace mlir::nir;

namespace {
using K = FieldKind;
using D = FieldDefault;

const FieldSpec portFields[] = {{"shape", K::Shape, D::Required}};
const FieldSpec affineFields[] = {{"weight", K::Param, D::Required},
                                  {"bias", K::Param, D::Required}};
const FieldSpec linearFields[] = {{"weight", K::Param, D::Required}};
const FieldSpec scaleFields[] = {{"scale", K::Param, D::Required}};
const FieldSpec conv1dFields[] = {{"input_shape", K::Int, D::InferredFromEdge},
                                  {"weight", K::Param, D::Required},
                                  {"stride", K::Int, D::Required},
                                  {"padding", K::IntOrString, D::Required},
                                  {"dilation", K::Int, D::Required},
                                  {"groups", K::Int, D::Required},
                                  {"bias", K::Param, D::Required}};
const FieldSpec conv2dFields[] = {{"input_shape", K::Pair, D::InferredFromEdge},
                                  {"weight", K::Param, D::Required},
                                  {"stride", K::Pair, D::Required},
                                  {"padding", K::PairOrString, D::Required},
                                  {"dilation", K::Pair, D::Required},
                                  {"groups", K::Int, D::Required},
                                  {"bias", K::Param, D::Required}};
const FieldSpec poolFields[] = {{"kernel_size", K::Pair, D::Required},
                                {"stride", K::Pair, D::Required},
                                {"padding", K::Pair, D::Required}};
const FieldSpec flattenFields[] = {
    {"input_type", K::Shape, D::InferredFromEdge},
    {"start_dim", K::Int, D::Required},
    {"end_dim", K::Int, D::Required}};
const FieldSpec delayFields[] = {{"delay", K::Param, D::Required}};
const FieldSpec thresholdFields[] = {{"threshold", K::Param, D::Required}};
const FieldSpec iFields[] = {{"r", K::Param, D::Required}};
const FieldSpec ifFields[] = {{"r", K::Param, D::Required},
                              {"v_threshold", K::Param, D::Required},
                              {"v_reset", K::Param, D::ZerosLikeVThreshold}};
const FieldSpec liFields[] = {{"tau", K::Param, D::Required},
                              {"r", K::Param, D::Required},
                              {"v_leak", K::Param, D::Required}};
const FieldSpec lifFields[] = {{"tau", K::Param, D::Required},
                               {"r", K::Param, D::Required},
                               {"v_leak", K::Param, D::Required},
                               {"v_threshold", K::Param, D::Required},
                               {"v_reset", K::Param, D::ZerosLikeVThreshold}};
const FieldSpec cubaLIFields[] = {{"tau_syn", K::Param, D::Required},
                                  {"tau_mem", K::Param, D::Required},
                                  {"r", K::Param, D::Required},
                                  {"v_leak", K::Param, D::Required},
                                  {"w_in", K::Param, D::OnesLikeVLeak}};
const FieldSpec cubaLIFFields[] = {
    {"tau_syn", K::Param, D::Required},
    {"tau_mem", K::Param, D::Required},
    {"r", K::Param, D::Required},
    {"v_leak", K::Param, D::Required},
    {"v_threshold", K::Param, D::Required},
    {"v_reset", K::Param, D::ZerosLikeVThreshold},
    {"w_in", K::Param, D::OnesLikeVLeak}};

template <typename OpTy> NodeSpec spec(ArrayRef<FieldSpec> fields) {
  return {OpTy::getNIRType(), OpTy::getOperationName(), fields};
}
} // namespace

ArrayRef<NodeSpec> nir::getNodeSpecs() {
  static const NodeSpec specs[] = {
      spec<InputOp>(portFields),
      spec<OutputOp>(portFields),
      spec<AffineOp>(affineFields),
      spec<LinearOp>(linearFields),
      spec<ScaleOp>(scaleFields),
      spec<Conv1dOp>(conv1dFields),
      spec<Conv2dOp>(conv2dFields),
      spec<SumPool2dOp>(poolFields),
      spec<AvgPool2dOp>(poolFields),
      spec<FlattenOp>(flattenFields),
      spec<DelayOp>(delayFields),
      spec<ThresholdOp>(thresholdFields),
      spec<IOp>(iFields),
      spec<IFOp>(ifFields),
      spec<LIOp>(liFields),
      spec<LIFOp>(lifFields),
      spec<CubaLIOp>(cubaLIFields),
      spec<CubaLIFOp>(cubaLIFFields),
  };
  return specs;
}

const NodeSpec *nir::lookupNodeSpecByNIRType(StringRef nirType) {
  for (const NodeSpec &spec : getNodeSpecs())
    if (spec.nirType == nirType)
      return &spec;
  return nullptr;
}

const NodeSpec *nir::lookupNodeSpecByOpName(StringRef opName) {
  for (const NodeSpec &spec : getNodeSpecs())
    if (spec.opName == opName)
      return &spec;
  return nullptr;
}

LogicalResult nir::verifyNodeSpecs(MLIRContext *context) {
  context->getOrLoadDialect<NIRDialect>();
  for (const NodeSpec &spec : getNodeSpecs()) {
    std::optional<RegisteredOperationName> opName =
        RegisteredOperationName::lookup(spec.opName, context);
    if (!opName)
      return emitError(UnknownLoc::get(context))
             << "internal error: the NIR file node table names '" << spec.opName
             << "', which the nir dialect does not define";
    llvm::StringSet<> expected{"name", "metadata"};
    bool isPort = spec.nirType == InputOp::getNIRType() ||
                  spec.nirType == OutputOp::getNIRType();
    if (!isPort)
      for (const FieldSpec &field : spec.fields)
        expected.insert(field.name);
    llvm::StringSet<> actual;
    // What nir-discretize derives is not part of the file.
    for (StringAttr name : opName->getAttributeNames())
      if (!isDiscretizationAttr(spec.nirType, name.getValue()))
        actual.insert(name.getValue());
    if (expected.size() != actual.size() ||
        !llvm::all_of(actual, [&](const auto &entry) {
          return expected.contains(entry.getKey());
        }))
      return emitError(UnknownLoc::get(context))
             << "internal error: the NIR file node table is out of date for '"
             << spec.opName << "'; update lib/Target/NIRFile/NodeSpecs.cpp";
  }
  return success();
}
