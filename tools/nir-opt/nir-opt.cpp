//===- nir-opt.cpp - Run passes on NIR graphs -----------------------------===//
//
// mlir-opt for this project: the NIR dialect and its passes, the TorchScript
// mirror dialect, plus MLIR's core transformations (canonicalize, cse,
// symbol-dce, inline, print-op-graph...).
//
//===----------------------------------------------------------------------===//

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"
#include "nirtorch/Support/AtomicOutput.h"
#include "nirtorch/Conversion/NIRToTorchScript.h"
#include "nirtorch/Conversion/TorchScriptToNIR.h"
#include "nirtorch/Dialect/NIR/NIRDialect.h"
#include "nirtorch/Dialect/NIR/Passes.h"
#include "nirtorch/Dialect/TorchScript/TorchScriptDialect.h"

int main(int argc, char **argv) {
  mlir::registerTransformsPasses();
  mlir::nir::registerNIRPasses();
  mlir::nir::registerNIRToTorchScriptPasses();
  mlir::registerTorchScriptToNIRPasses();

  mlir::DialectRegistry registry;
  registry.insert<mlir::nir::NIRDialect, mlir::ts::TorchScriptDialect>();
  // MlirOptMain truncates `-o` before it runs; a temporary file keeps an
  // existing output intact when verification or a pass fails.
  return nirtorch::runWithAtomicOutput(argc, argv, [&](int argc, char **argv) {
    return mlir::asMainReturnCode(
        mlir::MlirOptMain(argc, argv, "NIR optimizer driver\n", registry));
  });
}
