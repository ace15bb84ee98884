//===- AtomicOutput.h - Never clobber an output on failure ------*- C++ -*-===//

#ifndef NIRTORCH_SUPPORT_ATOMICOUTPUT_H
#define NIRTORCH_SUPPORT_ATOMICOUTPUT_H

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

namespace nirtorch {

/// Runs a tool main whose `-o FILE` (or `-o=FILE`, `--o ...`) option is
/// redirected to a temporary file next to FILE. When `toolMain` returns 0 the
/// temporary file is renamed over FILE; otherwise it is removed and FILE, if
/// it existed, is left as it was. `-o -` and a missing `-o` pass through.
int runWithAtomicOutput(int argc, char **argv,
                        llvm::function_ref<int(int, char **)> toolMain);

/// Calls `write` with the path of a fresh temporary file in the directory of
/// `path`, then renames it to `path` if `write` succeeds, or removes it if
/// not. An existing file at `path` is replaced only on success.
llvm::Error writeFileAtomically(
    llvm::StringRef path,
    llvm::function_ref<llvm::Error(llvm::StringRef tempPath)> write);

} // namespace nirtorch

#endif // NIRTORCH_SUPPORT_ATOMICOUTPUT_H
