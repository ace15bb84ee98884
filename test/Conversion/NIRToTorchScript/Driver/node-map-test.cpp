//===- node-map-test.cpp - nir-opt with node implementations in C++ -------===//
//
// The raising with a nirtorch::NodeMap filled in C++ the way a library
// registers its own node modules (docs/Raising.md, "Node libraries"): an
// mlir-opt driver with the pipeline `raise-with-cpp-node-map`, for
// node-map-cpp.mlir.
//
// - Scale is built as `__torch__.mylib.Gain`: a buffer `k` holding the
//   scale and forward(x) = k * x (stateless).
// - Threshold's builder always fails with a diagnostic at the node, for the
//   error path.
//
//===----------------------------------------------------------------------===//

#include "nirtorch/Conversion/NIRToTorchScript.h"
#include "nirtorch/Conversion/NIRToTorchScript/NodeMap.h"
#include "nirtorch/Dialect/NIR/NIRDialect.h"
#include "nirtorch/Dialect/NIR/NIRParams.h"
#include "nirtorch/Dialect/TorchScript/TorchScriptDialect.h"
#include "nirtorch/Dialect/TorchScript/TorchScriptTypes.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

using namespace mlir;
using nirtorch::NodeBuildContext;
using nirtorch::NodeImplementation;

static FailureOr<ts::ScriptModuleOp> buildGain(NodeBuildContext &context,
                                               nir::NodeOpInterface node) {
  OpBuilder &b = context.builder;
  MLIRContext *ctx = b.getContext();
  Location loc = node->getLoc();
  auto scale = cast<ElementsAttr>(node->getAttr("scale"));
  FailureOr<SmallVector<double>> values = nir::readParamValues(scale);
  if (failed(values))
    return node->emitError("cannot read the scale"), failure();
  b.setInsertionPointToEnd(&context.parent.getBody().front());
  auto module = b.create<ts::ScriptModuleOp>(loc, context.slotName,
                                             "__torch__.mylib.Gain");
  b.setInsertionPointToStart(&module.getBody().front());
  b.create<ts::AttributeOp>(loc, "training", ts::BoolType::get(ctx),
                            b.getBoolAttr(false), false);
  Type tensor = ts::TensorType::get(ctx);
  b.create<ts::BufferOp>(
      loc, "k", tensor,
      nir::makeFloatParam(scale.getShapedType().getShape(), *values,
                          context.computeType),
      false);
  auto forward = b.create<ts::MethodOp>(
      loc, "forward",
      b.getFunctionType({module.getType(), tensor}, {tensor}),
      ArrayRef<StringRef>{"self", "x"});
  b.setInsertionPointToStart(&forward.getBody().front());
  Block &body = forward.getBody().front();
  Value k = b.create<ts::GetAttrOp>(loc, tensor, body.getArgument(0), "k");
  Value y = b.create<ts::OperatorOp>(loc, TypeRange{tensor}, "aten::mul",
                                     "Tensor",
                                     ValueRange{k, body.getArgument(1)})
                ->getResult(0);
  b.create<ts::ReturnOp>(loc, ValueRange{y});
  return module;
}

static std::shared_ptr<const nirtorch::NodeMap> makeNodeMap() {
  auto map = std::make_shared<nirtorch::NodeMap>();
  NodeImplementation gain;
  gain.nodeType = "Scale";
  gain.className = "__torch__.mylib.Gain";
  gain.convention = nirtorch::StepConvention::Stateless;
  gain.build = buildGain;
  map->add(std::move(gain));
  NodeImplementation broken;
  broken.nodeType = "Threshold";
  broken.className = "__torch__.mylib.Broken";
  broken.build = [](NodeBuildContext &, nir::NodeOpInterface node)
      -> FailureOr<ts::ScriptModuleOp> {
    return node->emitError("mylib cannot build a Threshold"), failure();
  };
  map->add(std::move(broken));
  return map;
}

namespace {
struct Options : public PassPipelineOptions<Options> {
  ListOption<std::string> nodeLibraries{
      *this, "node-library", llvm::cl::desc("node libraries on top")};
};
} // namespace

int main(int argc, char **argv) {
  std::shared_ptr<const nirtorch::NodeMap> nodeMap = makeNodeMap();
  PassPipelineRegistration<Options>(
      "raise-with-cpp-node-map",
      "convert-nir-to-torchscript with mylib's C++ node map",
      [nodeMap](OpPassManager &pm, const Options &options) {
        nir::RaiseToTorchScriptOptions raise;
        raise.dtype = "float64";
        raise.cleanup = false;
        raise.nodeMap = nodeMap;
        raise.nodeLibraries.assign(options.nodeLibraries.begin(),
                                   options.nodeLibraries.end());
        nir::buildRaiseNIRToTorchScriptPipeline(pm, raise);
      });
  DialectRegistry registry;
  registry.insert<nir::NIRDialect, ts::TorchScriptDialect>();
  return asMainReturnCode(MlirOptMain(
      argc, argv, "NIR to TorchScript with a C++ node map\n", registry));
}
