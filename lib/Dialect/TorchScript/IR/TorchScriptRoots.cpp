//===- TorchScriptRoots.cpp - Finding the root ts.module ------------------===//
//
// Torch-free, so that tools which only load libtorch to export (through the
// TorchScript plugin) can pick the root before loading it.
//
//===----------------------------------------------------------------------===//

#include "nirtorch/Dialect/TorchScript/TorchScriptOps.h"

using namespace mlir;
using namespace mlir::ts;

ScriptModuleOp ts::findRootModule(Operation *op, StringRef name) {
  if (auto root = llvm::dyn_cast<ScriptModuleOp>(op)) {
    if (root.isRoot() && (name.empty() || root.getSymName() == name))
      return root;
  }
  SmallVector<ScriptModuleOp> roots;
  for (Region &region : op->getRegions())
    for (Block &block : region)
      for (auto root : block.getOps<ScriptModuleOp>())
        if (name.empty() || root.getSymName() == name)
          roots.push_back(root);
  if (roots.size() == 1)
    return roots.front();
  if (roots.empty()) {
    if (name.empty())
      op->emitError() << "holds no root ts.module to export";
    else
      op->emitError() << "holds no root ts.module named '" << name << "'";
  } else {
    op->emitError() << "holds " << roots.size()
                    << " root ts.module ops; choose one by name";
  }
  return {};
}
