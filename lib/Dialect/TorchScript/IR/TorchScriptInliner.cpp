//===- TorchScriptInliner.cpp - Inlining ts calls ---------------------------===//
//
// Lets MLIR's `inline` pass inline `ts.call_method` and `ts.call_function`:
// the lowering to NIR inlines every module call that no module map claims
// (docs/Lowering.md). Inlined ops keep the module path of the call in their
// locations, so diagnostics and node names still name the submodule.
//
//===----------------------------------------------------------------------===//

#include "nirtorch/Dialect/TorchScript/TorchScriptDialect.h"
#include "nirtorch/Dialect/TorchScript/TorchScriptOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/Transforms/InliningUtils.h"
#include "llvm/ADT/StringExtras.h"

using namespace mlir;
using namespace mlir::ts;

namespace {
struct TorchScriptInlinerInterface : public DialectInlinerInterface {
  using DialectInlinerInterface::DialectInlinerInterface;

  bool isLegalToInline(Operation *call, Operation *callable,
                       bool wouldBeCloned) const override {
    return !call->hasAttr(TorchScriptDialect::getNoInlineAttrName());
  }
  bool isLegalToInline(Region *dest, Region *src, bool wouldBeCloned,
                       IRMapping &valueMapping) const override {
    return true;
  }
  bool isLegalToInline(Operation *op, Region *dest, bool wouldBeCloned,
                       IRMapping &valueMapping) const override {
    return true;
  }

  void handleTerminator(Operation *op,
                        ValueRange valuesToReplace) const override {
    auto ret = llvm::cast<ReturnOp>(op);
    for (auto [from, to] : llvm::zip_equal(valuesToReplace, ret.getOperands()))
      from.replaceAllUsesWith(to);
  }

  /// A method may return a subtype of the call's result type (TorchScript
  /// unifies types): the caller sees it through an unchecked cast, as
  /// TorchScript's own inliner leaves it.
  Operation *materializeCallConversion(OpBuilder &builder, Value input,
                                       Type resultType,
                                       Location loc) const override {
    if (!isSubtypeOf(input.getType(), resultType))
      return nullptr;
    return builder.create<OperatorOp>(loc, TypeRange{resultType},
                                      builder.getStringAttr("prim::unchecked_cast"),
                                      builder.getStringAttr(""),
                                      ValueRange{input});
  }

  /// Wraps the location of every inlined op (the inliner's CallSiteLoc) in a
  /// NameLoc of the module path the code runs in: the called object's path
  /// in the object tree, or for a free function the caller's path.
  void processInlinedCallBlocks(
      Operation *call,
      iterator_range<Region::iterator> inlinedBlocks) const override {
    std::string path;
    if (auto callMethod = llvm::dyn_cast<CallMethodOp>(call)) {
      if (ScriptModuleOp object = resolveObject(callMethod.getObject()))
        path = object.getPath();
    } else {
      path = getInlinedModulePath(call->getLoc());
      if (path.empty())
        if (auto object = call->getParentOfType<ScriptModuleOp>())
          path = object.getPath();
    }
    if (path.empty())
      return;
    StringAttr name = StringAttr::get(call->getContext(), path);
    for (Block &block : inlinedBlocks)
      block.walk([&](Operation *op) {
        if (llvm::isa<CallSiteLoc>(op->getLoc()))
          op->setLoc(NameLoc::get(name, op->getLoc()));
      });
  }
};
} // namespace

std::string ts::getInlinedModulePath(Location loc) {
  // The outermost wrap is the latest inlining, which knows the full path.
  while (true) {
    if (auto name = llvm::dyn_cast<NameLoc>(loc)) {
      if (llvm::isa<CallSiteLoc>(name.getChildLoc()))
        return name.getName().str();
      loc = name.getChildLoc();
    } else if (auto callSite = llvm::dyn_cast<CallSiteLoc>(loc)) {
      loc = callSite.getCallee();
    } else {
      return "";
    }
  }
}

void TorchScriptDialect::registerInlinerInterface() {
  addInterfaces<TorchScriptInlinerInterface>();
}
