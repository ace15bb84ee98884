//===- mlir-parse-fuzzer.cpp - libFuzzer target: MLIR parser + verifiers --===//
//
// The bytes are MLIR assembly holding `nir` and `ts` IR, read the way every
// nirtorch tool reads it (nirtorch::parseMLIRSource: the nesting bound, then
// MLIR's parser and the dialects' verifiers). What parses is printed in both
// forms and parsed back from its own printout, which must succeed.
//
//===----------------------------------------------------------------------===//

#include "FuzzCommon.h"

#include "nirtorch/Dialect/NIR/NIRDialect.h"
#include "nirtorch/Dialect/TorchScript/TorchScriptDialect.h"
#include "nirtorch/Support/MLIRInput.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

using namespace mlir;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  DialectRegistry registry;
  registry.insert<nir::NIRDialect, ts::TorchScriptDialect>();
  std::unique_ptr<MLIRContext> context = nirtorch::fuzz::makeContext(registry);

  OwningOpRef<ModuleOp> module =
      nirtorch::fuzz::parseInput(data, size, context.get());
  if (!module)
    return 0;
  nirtorch::fuzz::printAll(module->getOperation());

  // The printout of valid IR is valid IR (with resources, as the tools
  // print it). Custom assembly may nest a few levels deeper than the
  // generic form it was read from.
  std::string text;
  llvm::raw_string_ostream os(text);
  module->print(os);
  auto again = std::make_shared<llvm::SourceMgr>();
  again->AddNewSourceBuffer(llvm::MemoryBuffer::getMemBuffer(text, "again"),
                            llvm::SMLoc());
  if (!nirtorch::parseMLIRSource(again, context.get(),
                                 2 * nirtorch::kMaxMLIRNesting)) {
    std::fprintf(stderr, "valid IR printed as text that does not parse:\n%s\n",
                 text.c_str());
    std::abort();
  }
  return 0;
}
