//===- ZipArchive.h - Integrity check of TorchScript archives ---*- C++ -*-===//
//
// Internal to lib/Target/TorchScript. libtorch's zip reader skips CRC checks,
// so a corrupt `.pt` loads with wrong tensor values; the importer reads the
// archive's directory and checks every record first.
//
//===----------------------------------------------------------------------===//

#ifndef NIRTORCH_LIB_TARGET_TORCHSCRIPT_ZIPARCHIVE_H
#define NIRTORCH_LIB_TARGET_TORCHSCRIPT_ZIPARCHIVE_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace mlir::ts::interop {

/// Checks that `data` is a complete, uncorrupted zip archive (every record
/// inside the file, its CRC-32 matching) and returns the record names.
/// Handles zip64 archives, which torch.jit.save writes for big models.
llvm::Expected<std::vector<std::string>> checkZipArchive(llvm::StringRef data);

} // namespace mlir::ts::interop

#endif // NIRTORCH_LIB_TARGET_TORCHSCRIPT_ZIPARCHIVE_H
