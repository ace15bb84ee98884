//===- NIRFileTranslation.cpp - mlir-translate registrations --------------===//

#include "nirtorch/Dialect/NIR/NIROps.h"
#include "nirtorch/Support/MLIRInput.h"
#include "nirtorch/Target/NIRFile/NIRFile.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/SourceMgr.h"

using namespace mlir;
using namespace mlir::nir;

namespace {
struct NIRFileOptions {
  llvm::cl::OptionCategory category{"NIR file options (--import-nir, "
                                    "--export-nir)"};
  llvm::cl::opt<bool> noTypeCheck{
      "nir-no-type-check",
      llvm::cl::desc("Import: do not infer or check edge types (like "
                     "nir.read(type_check=False)); the graph is marked "
                     "`unchecked`"),
      llvm::cl::cat(category)};
  llvm::cl::opt<uint64_t> resourceThreshold{
      "nir-resource-threshold",
      llvm::cl::desc("Import: arrays of at least this many bytes become "
                     "dense_resource blobs"),
      llvm::cl::init(NIRReadOptions().resourceThreshold),
      llvm::cl::cat(category)};
  llvm::cl::opt<std::string> graphName{
      "nir-graph",
      llvm::cl::desc("Import: symbol name of the nir.graph (default 'main'); "
                     "export: the nir.graph to write when the module holds "
                     "several"),
      llvm::cl::cat(category)};
  llvm::cl::opt<bool> compress{
      "nir-compress",
      llvm::cl::desc("Export: gzip-compress array datasets like nir > 1.0.7 "
                     "(level 4 unless --nir-compress-level is given); the "
                     "default writes them uncompressed like nir <= 1.0.7"),
      llvm::cl::cat(category)};
  llvm::cl::opt<unsigned> compressLevel{
      "nir-compress-level",
      llvm::cl::desc("Export: gzip level 0-9; implies --nir-compress"),
      llvm::cl::init(4), llvm::cl::cat(category)};
  llvm::cl::opt<bool> keepIntegers{
      "nir-keep-integers",
      llvm::cl::desc("Export: write the integers of quantised nodes (from "
                     "nir-quantize) as they are; the default writes the "
                     "float32 values they stand for"),
      llvm::cl::cat(category)};
};

NIRFileOptions &getOptions() {
  static NIRFileOptions options;
  return options;
}

void registerNIRDialect(DialectRegistry &registry) {
  registry.insert<NIRDialect>();
}

OwningOpRef<Operation *> importNIR(llvm::SourceMgr &sourceMgr,
                                   MLIRContext *context) {
  NIRFileOptions &cli = getOptions();
  NIRReadOptions options;
  options.typeCheck = !cli.noTypeCheck;
  options.resourceThreshold = cli.resourceThreshold;
  if (!cli.graphName.empty())
    options.graphName = cli.graphName;
  const llvm::MemoryBuffer *buffer =
      sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID());
  FailureOr<OwningOpRef<ModuleOp>> module =
      readNIRFile(buffer->getMemBufferRef(), context, options);
  if (failed(module))
    return {};
  return OwningOpRef<Operation *>(module->release());
}

LogicalResult exportNIR(Operation *op, llvm::raw_ostream &os) {
  NIRFileOptions &cli = getOptions();
  GraphOp graph = dyn_cast<GraphOp>(op);
  if (!graph) {
    SmallVector<GraphOp> graphs;
    for (Region &region : op->getRegions())
      for (GraphOp candidate : region.getOps<GraphOp>())
        if (cli.graphName.empty() || candidate.getSymName() == cli.graphName)
          graphs.push_back(candidate);
    if (graphs.size() != 1) {
      InFlightDiagnostic diag = op->emitError();
      if (graphs.empty() && !cli.graphName.empty())
        diag << "no nir.graph named @" << cli.graphName << " to export";
      else
        diag << "expected one nir.graph to export, found " << graphs.size()
             << (graphs.empty() ? "" : "; choose one with --nir-graph");
      return diag;
    }
    graph = graphs.front();
  }
  NIRWriteOptions options;
  if (cli.compress || cli.compressLevel.getNumOccurrences())
    options.gzipLevel = cli.compressLevel;
  options.keepIntegers = cli.keepIntegers;
  return writeNIRFile(graph, os, options);
}
} // namespace

void nir::registerNIRFileTranslations() {
  static bool registered = [] {
    getOptions();
    TranslateToMLIRRegistration importRegistration(
        "import-nir", "Import a NIR (.nir HDF5) file into the nir dialect",
        importNIR, registerNIRDialect);
    nirtorch::registerFromMLIRTranslation(
        "export-nir", "Export a nir.graph as a NIR (.nir HDF5) file", exportNIR,
        registerNIRDialect);
    return true;
  }();
  (void)registered;
}
