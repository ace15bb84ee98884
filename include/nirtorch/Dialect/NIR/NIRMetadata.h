//===- NIRMetadata.h - NIR metadata as text ----------------------*- C++ -*-===//
//
// NIR metadata (graph and node) is a DictionaryAttr whose values keep the
// file's types (docs/NIRFile.md). The raising stores it in the raised module
// as MLIR attribute text, and the lowering parses it back: text that prints
// every value exactly (floats that do not round-trip in decimal print in
// hex), so NIR -> .pt -> NIR keeps metadata bit for bit.
//
//===----------------------------------------------------------------------===//

#ifndef NIRTORCH_DIALECT_NIR_NIRMETADATA_H
#define NIRTORCH_DIALECT_NIR_NIRMETADATA_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"

#include <string>

namespace mlir::nir {

/// `metadata` as self-contained MLIR attribute text: arrays held in resource
/// blobs are spelled inline, and no printing flag elides them. An empty or
/// null dictionary gives "".
std::string printMetadata(DictionaryAttr metadata);

/// Parses what printMetadata wrote. "" gives a null dictionary. Text that is
/// not a dictionary attribute is diagnosed through `emitError`.
FailureOr<DictionaryAttr>
parseMetadata(llvm::StringRef text, MLIRContext *context,
              llvm::function_ref<InFlightDiagnostic()> emitError);

} // namespace mlir::nir

#endif // NIRTORCH_DIALECT_NIR_NIRMETADATA_H
