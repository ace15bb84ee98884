//===- nir-translate.cpp - Translate between files and MLIR ---------------===//
//
// mlir-translate for this project: `.nir` (HDF5) files and, when built with
// libtorch, TorchScript `.pt` modules, to and from MLIR.
//
//===----------------------------------------------------------------------===//

#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"
#include "nirtorch/Support/AtomicOutput.h"
#include "nirtorch/Target/NIRFile/NIRFile.h"
#ifdef NIRTORCH_ENABLE_TORCH
#include "nirtorch/Target/TorchScript/TorchScript.h"
#endif

int main(int argc, char **argv) {
  mlir::nir::registerNIRFileTranslations();
#ifdef NIRTORCH_ENABLE_TORCH
  mlir::ts::registerTorchScriptTranslations();
#endif
  // mlir-translate truncates `-o` before translating; writing through a
  // temporary file keeps an existing output intact when translation fails.
  return nirtorch::runWithAtomicOutput(argc, argv, [](int argc, char **argv) {
    return mlir::failed(
        mlir::mlirTranslateMain(argc, argv, "NIR translation driver\n"));
  });
}
