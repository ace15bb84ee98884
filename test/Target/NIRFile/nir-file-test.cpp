//===- nir-file-test.cpp - Drive the NIR file C++ API from lit tests ------===//
//
// nir-translate exercises the in-memory API (file images, streams); this
// tool exercises the file-path API:
//   nir-file-test read FILE [--no-type-check] [--no-isolation]
//       readNIRFile(path); prints the module.
//   nir-file-test write IN.mlir OUT.nir [--gzip=L]
//       parses IN.mlir and writeNIRFile(graph, path) for its one nir.graph.
// Exits 1 with a diagnostic on failure.
//
//===----------------------------------------------------------------------===//

#include "nirtorch/Dialect/NIR/NIROps.h"
#include "nirtorch/Target/NIRFile/NIRFile.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>

using namespace mlir;

static int usage(const char *tool) {
  llvm::errs() << "usage: " << tool
               << " read FILE [--no-type-check] [--no-isolation]\n"
                  "       "
               << tool << " write IN.mlir OUT.nir [--gzip=L]\n";
  return 2;
}

int main(int argc, char **argv) {
  if (argc < 3)
    return usage(argv[0]);
  llvm::StringRef command = argv[1];
  DialectRegistry registry;
  registry.insert<nir::NIRDialect>();
  MLIRContext context(registry);
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);

  if (command == "read") {
    nir::NIRReadOptions options;
    for (int i = 3; i < argc; ++i) {
      llvm::StringRef arg = argv[i];
      if (arg == "--no-type-check")
        options.typeCheck = false;
      else if (arg == "--no-isolation")
        options.isolateHDF5 = false;
      else
        return usage(argv[0]);
    }
    FailureOr<OwningOpRef<ModuleOp>> module =
        nir::readNIRFile(argv[2], &context, options);
    if (failed(module))
      return 1;
    (*module)->print(llvm::outs());
    return 0;
  }

  if (command == "write" && argc >= 4) {
    nir::NIRWriteOptions options;
    for (int i = 4; i < argc; ++i) {
      llvm::StringRef arg = argv[i];
      if (!arg.consume_front("--gzip="))
        return usage(argv[0]);
      options.gzipLevel = std::atoi(arg.str().c_str());
    }
    OwningOpRef<ModuleOp> module =
        parseSourceFile<ModuleOp>(argv[2], sourceMgr, &context);
    if (!module)
      return 1;
    auto graphs = module->getOps<nir::GraphOp>();
    if (std::distance(graphs.begin(), graphs.end()) != 1) {
      llvm::errs() << "expected one nir.graph in " << argv[2] << "\n";
      return 1;
    }
    return failed(nir::writeNIRFile(*graphs.begin(), argv[3], options)) ? 1 : 0;
  }
  return usage(argv[0]);
}
