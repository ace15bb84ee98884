//===- TorchScriptTranslation.cpp - mlir-translate registrations ----------===//
//
// Torch-free: the translations call libtorch through the plugin
// (TorchScriptPlugin.h), loaded when one of them runs.
//
//===----------------------------------------------------------------------===//

#include "nirtorch/Dialect/TorchScript/TorchScriptOps.h"
#include "nirtorch/Support/MLIRInput.h"
#include "nirtorch/Target/TorchScript/TorchScriptPlugin.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/MemoryBuffer.h"
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

FailureOr<const TorchScriptPlugin *> loadPlugin(llvm::MemoryBufferRef buffer,
                                                MLIRContext *context) {
  return loadTorchScriptPlugin(
      FileLineColLoc::get(context, buffer.getBufferIdentifier(), 0, 0));
}

OwningOpRef<Operation *> importModule(llvm::SourceMgr &sourceMgr,
                                      MLIRContext *context) {
  // Non-const so the importer can release the pages of a mapped input as it
  // reads them; that leaves the buffer's contents as they are.
  auto &buffer = const_cast<llvm::MemoryBuffer &>(*getMainBuffer(sourceMgr));
  FailureOr<const TorchScriptPlugin *> plugin =
      loadPlugin(buffer.getMemBufferRef(), context);
  if (failed(plugin))
    return {};
  TorchScriptImportOptions options;
  options.rootName = getOptions().rootName;
  options.resourceThreshold = getOptions().resourceThreshold;
  FailureOr<OwningOpRef<ModuleOp>> module =
      (*plugin)->importBuffer(buffer, context, options);
  if (failed(module))
    return {};
  return OwningOpRef<Operation *>(module->release());
}

OwningOpRef<Operation *> importGraph(llvm::SourceMgr &sourceMgr,
                                     MLIRContext *context) {
  llvm::MemoryBufferRef buffer = getMainBuffer(sourceMgr)->getMemBufferRef();
  FailureOr<const TorchScriptPlugin *> plugin = loadPlugin(buffer, context);
  if (failed(plugin))
    return {};
  FailureOr<OwningOpRef<ModuleOp>> module =
      (*plugin)->importGraph(buffer, context, "__torch__.graph");
  if (failed(module))
    return {};
  return OwningOpRef<Operation *>(module->release());
}

LogicalResult exportModule(Operation *op, llvm::raw_ostream &os) {
  ScriptModuleOp root = findRootModule(op, getOptions().exportRoot);
  if (!root)
    return failure();
  FailureOr<const TorchScriptPlugin *> plugin =
      loadTorchScriptPlugin(root.getLoc());
  if (failed(plugin))
    return failure();
  return (*plugin)->exportStream(root, os);
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
  static bool exportRegistered = [] {
    nirtorch::registerFromMLIRTranslation(
        "export-torchscript",
        "Export a root ts.module as a TorchScript module archive (.pt)",
        exportModule, registerDialect);
    return true;
  }();
  (void)exportRegistered;
}
