#include "nirtorch/Conversion/TorchScriptToNIR/ModuleMap.h"

using namespace mlir;
using nirtorch::ModuleCall;
using nirtorch::Signal;

// mylib.LI, a leaky integrator: tensor buffers `tau`, `r`, `v_leak`.
static FailureOr<Signal> lowerLI(ModuleCall &call) {
  OpBuilder &b = call.getBuilder();
  ElementsAttr tau = call.getTensorSlot("tau");
  ElementsAttr r = call.getTensorSlot("r");
  ElementsAttr vLeak = call.getTensorSlot("v_leak");
  if (!tau || !r || !vLeak)
    return call.emitError() << "needs tensor buffers tau, r and v_leak",
           failure();
  // Names the node after the module path, feeds it the incoming edges,
  // checks the parameters and infers the output shape.
  return call.createNode(nir::LIOp::getOperationName(),
                         {b.getNamedAttr("tau", tau), b.getNamedAttr("r", r),
                          b.getNamedAttr("v_leak", vLeak)});
}

// mylib.RecurrentLIF: the LIF buffers and a submodule `rec` (an nn.Linear
// without bias) feeding the spikes back. NIR nests such a layer:
// subgraph { input -> lif, lif -> rec -> lif, lif -> output }.
static FailureOr<Signal> lowerRecurrentLIF(ModuleCall &call) {
  OpBuilder &b = call.getBuilder();
  SmallVector<NamedAttribute> lifParams;
  for (StringRef name : {"tau", "r", "v_leak", "v_threshold", "v_reset"}) {
    ElementsAttr value = call.getTensorSlot(name);
    if (!value)
      return call.emitError() << "needs a tensor buffer '" << name << "'",
             failure();
    lifParams.push_back(b.getNamedAttr(name, value));
  }
  ElementsAttr weight = call.getTensorSlot("rec.weight");
  if (!weight)
    return call.emitError() << "needs a submodule 'rec' with a weight",
           failure();

  // The subgraph is erased again if we return before finish().
  nirtorch::SubgraphBuilder subgraph = call.createSubgraph();
  FailureOr<Signal> lif =
      subgraph.createNode(nir::LIFOp::getOperationName(), "lif",
                          subgraph.getInput(), lifParams);
  if (failed(lif))
    return failure();
  FailureOr<Signal> rec =
      subgraph.createNode(nir::LinearOp::getOperationName(), "rec", *lif,
                          {b.getNamedAttr("weight", weight)});
  // A graph region: the edge rec -> lif may point back to an earlier node.
  if (failed(rec) || failed(subgraph.connect(*rec, *lif)))
    return failure();
  return subgraph.finish(*lif);
}

void registerMyLibrary(nirtorch::ModuleMap &map) {
  // An exact class name, or a glob (llvm::GlobPattern) matching the class
  // wherever the library's module lives.
  map.add("__torch__.mylib.LI", lowerLI);
  map.add("__torch__.*.RecurrentLIF", lowerRecurrentLIF);
}
