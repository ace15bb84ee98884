//===- TorchScriptTranslation.cpp - mlir-translate registrations ----------===//
//
// Kept free of libtorch headers: it only calls the library's API.
//
//===----------------------------------------------------------------------===//

#include "nirtorch/Dialect/TorchScript/TorchScriptOps.h"
#include "nirtorch/Target/TorchScript/TorchScript.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/SourceMgr.h"

using namespace mlir;
using namespace mlir::ts;

namespace {
struct TorchScriptOptions {
  llvm::cl::OptionCategory category{
      "TorchScript options (--import-torchscript, --export-torchscript)"};
  llvm::cl::opt<std::string> rootName{
      "ts-root-name",
      llvm::cl::desc("Import: symbol name of the root ts.module"),
      llvm::cl::init(TorchScriptImportOptions().rootName),
      llvm::cl::cat(category)};
  llvm::cl::opt<uint64_t> resourceThreshold{
      "ts-resource-threshold",
      llvm::cl::desc("Import: tensors of at least this many bytes become "
                     "dense_resource blobs"),
      llvm::cl::init(TorchScriptImportOptions().resourceThreshold),
      llvm::cl::cat(category)};
  llvm::cl::opt<std::string> exportRoot{
      "ts-export-root",
      llvm::cl::desc("Export: the root ts.module to write when the input "
                     "holds several"),
      llvm::cl::cat(category)};
};

TorchScriptOptions &getOptions() {
  static TorchScriptOptions options;
  return options;
}

void registerDialect(DialectRegistry &registry) {
  registry.insert<TorchScriptDialect>();
}

const llvm::MemoryBuffer *getMainBuffer(llvm::SourceMgr &sourceMgr) {
  return sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID());
}

OwningOpRef<Operation *> importModule(llvm::SourceMgr &sourceMgr,
                                      MLIRContext *context) {
  TorchScriptImportOptions options;
  options.rootName = getOptions().rootName;
  options.resourceThreshold = getOptions().resourceThreshold;
  FailureOr<OwningOpRef<ModuleOp>> module = importTorchScript(
      getMainBuffer(sourceMgr)->getMemBufferRef(), context, options);
  if (failed(module))
    return {};
  return OwningOpRef<Operation *>(module->release());
}

OwningOpRef<Operation *> importGraph(llvm::SourceMgr &sourceMgr,
                                     MLIRContext *context) {
  FailureOr<OwningOpRef<ModuleOp>> module = importTorchScriptGraph(
      getMainBuffer(sourceMgr)->getMemBufferRef(), context);
  if (failed(module))
    return {};
  return OwningOpRef<Operation *>(module->release());
}

LogicalResult exportModule(Operation *op, llvm::raw_ostream &os) {
  ScriptModuleOp root = findRootModule(op, getOptions().exportRoot);
  if (!root)
    return failure();
  return exportTorchScript(root, os);
}
} // namespace

void ts::registerTorchScriptTranslations() {
  getOptions();
  static TranslateToMLIRRegistration importRegistration(
      "import-torchscript",
      "Import a TorchScript module archive (.pt) into the ts dialect",
      importModule, registerDialect);
  static TranslateToMLIRRegistration importGraphRegistration(
      "import-torchscript-graph",
      "Import TorchScript graph text as a ts.function", importGraph,
      registerDialect);
  static TranslateFromMLIRRegistration exportRegistration(
      "export-torchscript",
      "Export a root ts.module as a TorchScript module archive (.pt)",
      exportModule, registerDialect);
}
