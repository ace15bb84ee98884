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
  /// NameLoc of the called object's path relative to the caller, so that
  /// getInlinedModulePath can rebuild the full submodule path.
  void processInlinedCallBlocks(
      Operation *call,
      iterator_range<Region::iterator> inlinedBlocks) const override {
    auto callMethod = llvm::dyn_cast<CallMethodOp>(call);
    if (!callMethod)
      return;
    std::optional<SmallVector<StringRef>> path =
        getObjectPath(callMethod.getObject());
    if (!path || path->empty())
      return;
    StringAttr name = StringAttr::get(call->getContext(), llvm::join(*path, "."));
    for (Block &block : inlinedBlocks)
      block.walk([&](Operation *op) {
        if (llvm::isa<CallSiteLoc>(op->getLoc()))
          op->setLoc(NameLoc::get(name, op->getLoc()));
      });
  }
};
} // namespace

std::string ts::getInlinedModulePath(Location loc) {
  SmallVector<StringRef> path;
  while (true) {
    if (auto name = llvm::dyn_cast<NameLoc>(loc)) {
      auto callSite = llvm::dyn_cast<CallSiteLoc>(name.getChildLoc());
      if (!callSite)
        break;
      path.push_back(name.getName().getValue());
      loc = callSite.getCallee();
    } else if (auto callSite = llvm::dyn_cast<CallSiteLoc>(loc)) {
      loc = callSite.getCallee();
    } else {
      break;
    }
  }
  return llvm::join(path, ".");
}

void TorchScriptDialect::registerInlinerInterface() {
  addInterfaces<TorchScriptInlinerInterface>();
}
