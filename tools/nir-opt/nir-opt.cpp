//===- nir-opt.cpp - Run passes on NIR graphs -----------------------------===//
//
// mlir-opt for this project: the NIR dialect and its passes, the TorchScript
// mirror dialect, plus MLIR's core transformations (canonicalize, cse,
// symbol-dce, inline, print-op-graph...).
//
//===----------------------------------------------------------------------===//

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"
#include "nirtorch/Support/Version.h"
#include "nirtorch/Support/AtomicOutput.h"
#include "nirtorch/Support/MLIRInput.h"
#include "nirtorch/Conversion/NIRToTorchScript.h"
#include "nirtorch/Conversion/TorchScriptToNIR.h"
#include "nirtorch/Dialect/NIR/NIRDialect.h"
#include "nirtorch/Dialect/NIR/Passes.h"
#include "nirtorch/Dialect/TorchScript/TorchScriptDialect.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"

int main(int argc, char **argv) {
  nirtorch::setVersionPrinter("nir-opt");
  mlir::registerTransformsPasses();
  mlir::nir::registerNIRPasses();
  mlir::nir::registerNIRToTorchScriptPasses();
  mlir::nir::registerRaiseNIRToTorchScriptPipeline();
  mlir::registerTorchScriptToNIRPasses();
  mlir::registerLowerTorchScriptToNIRPipeline();

  mlir::DialectRegistry registry;
  registry.insert<mlir::nir::NIRDialect, mlir::ts::TorchScriptDialect>();
  // MlirOptMain truncates `-o` before it runs; a temporary file keeps an
  // existing output intact when verification or a pass fails.
  return nirtorch::runWithAtomicOutput(argc, argv, [&](int argc, char **argv) {
    llvm::InitLLVM initLLVM(argc, argv);
    auto [inputFilename, outputFilename] = mlir::registerAndParseCLIOptions(
        argc, argv, "NIR optimizer driver\n", registry);
    auto config = mlir::MlirOptMainConfig::createFromCLOptions();
    if (config.shouldShowDialects())
      return mlir::asMainReturnCode(mlir::MlirOptMain(
          argc, argv, inputFilename, outputFilename, registry));
    // MlirOptMain(argc, argv, ...), but the parser only sees input that is
    // safe for it (MLIRInput.h): nested no deeper than its recursion can
    // take, and ending with a newline.
    std::string error;
    std::unique_ptr<llvm::MemoryBuffer> input =
        mlir::openInputFile(inputFilename, &error);
    if (!input) {
      llvm::errs() << error << "\n";
      return 1;
    }
    llvm::SourceMgr sourceMgr;
    unsigned id = sourceMgr.AddNewSourceBuffer(std::move(input), llvm::SMLoc());
    if (mlir::failed(nirtorch::checkMLIRNesting(
            sourceMgr, /*context=*/nullptr, nirtorch::kMaxMLIRNesting,
            config.inputSplitMarker())))
      return 1;
    std::unique_ptr<llvm::ToolOutputFile> output =
        mlir::openOutputFile(outputFilename, &error);
    if (!output) {
      llvm::errs() << error << "\n";
      return 1;
    }
    input = nirtorch::withFinalNewline(*sourceMgr.getMemoryBuffer(id));
    if (mlir::failed(mlir::MlirOptMain(output->os(), std::move(input),
                                       registry, config)))
      return 1;
    output->keep();
    return 0;
  });
}
