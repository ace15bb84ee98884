//===- LoadWithoutExports.cpp - A program that hides its symbols ----------===//
//
// Links the plugin loader but does not export its symbols, so the plugin
// cannot bind to this program's MLIR. Loading must fail with a diagnostic
// instead of handing the plugin IR of a dialect it does not know.
//
//===----------------------------------------------------------------------===//

#include "nirtorch/Dialect/TorchScript/TorchScriptDialect.h"
#include "nirtorch/Target/TorchScript/TorchScriptPlugin.h"

#include "mlir/IR/Location.h"
#include "mlir/IR/MLIRContext.h"

int main() {
  mlir::MLIRContext context;
  context.getOrLoadDialect<mlir::ts::TorchScriptDialect>();
  return mlir::failed(
             mlir::ts::loadTorchScriptPlugin(mlir::UnknownLoc::get(&context)))
             ? 1
             : 0;
}
