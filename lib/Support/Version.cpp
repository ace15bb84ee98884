//===- Version.cpp - What --version prints --------------------------------===//

#include "nirtorch/Support/Version.h"
#include "nirtorch/Target/NIRFile/NIRFile.h"

#include "llvm/Config/llvm-config.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"

#include <string>

llvm::StringRef nirtorch::getVersion() { return NIRTORCH_VERSION; }

void nirtorch::setVersionPrinter(llvm::StringRef toolName) {
  static std::string name;
  name = toolName.str();
  llvm::cl::SetVersionPrinter([](llvm::raw_ostream &os) {
    if (name == "nirtorch")
      os << "nirtorch " << getVersion() << "\n";
    else
      os << name << " (nirtorch " << getVersion() << ")\n";
    os
       << "  writes NIR files of version " << mlir::nir::kNIRFileVersion << "\n"
       << "  built with LLVM and MLIR " << LLVM_VERSION_STRING << "\n";
  });
}
