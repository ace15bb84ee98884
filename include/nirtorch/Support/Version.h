//===- Version.h - What --version prints --------------------------*- C++ -*-===//

#ifndef NIRTORCH_SUPPORT_VERSION_H
#define NIRTORCH_SUPPORT_VERSION_H

#include "llvm/ADT/StringRef.h"

namespace nirtorch {

/// The project's version (CMake's PROJECT_VERSION).
llvm::StringRef getVersion();

/// Makes `--version` of the tool `toolName` print the project's version,
/// the NIR file version it writes and the LLVM/MLIR it was built with,
/// instead of LLVM's version alone. Call before parsing the command line.
void setVersionPrinter(llvm::StringRef toolName);

} // namespace nirtorch

#endif // NIRTORCH_SUPPORT_VERSION_H
