//===- nir-translate.cpp - Translate between files and MLIR ---------------===//
//
// mlir-translate for this project: `.nir` (HDF5) files and TorchScript `.pt`
// modules, to and from MLIR, and Graphviz DOT pictures of NIR graphs. libtorch
// is loaded (through the TorchScript plugin) only when a TorchScript
// translation runs.
//
//===----------------------------------------------------------------------===//

#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"
#include "nirtorch/Support/Version.h"
#include "nirtorch/Support/AtomicOutput.h"
#include "nirtorch/Target/Dot/Dot.h"
#include "nirtorch/Target/NIRFile/NIRFile.h"
#include "nirtorch/Target/TorchScript/TorchScript.h"

int main(int argc, char **argv) {
  nirtorch::setVersionPrinter("nir-translate");
  mlir::nir::registerNIRFileTranslations();
  mlir::ts::registerTorchScriptTranslations();
  mlir::nir::registerDotTranslation();
  // mlir-translate truncates `-o` before translating; writing through a
  // temporary file keeps an existing output intact when translation fails.
  return nirtorch::runWithAtomicOutput(argc, argv, [](int argc, char **argv) {
    return mlir::failed(
        mlir::mlirTranslateMain(argc, argv, "NIR translation driver\n"));
  });
}
