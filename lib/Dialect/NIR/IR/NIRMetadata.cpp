//===- NIRMetadata.cpp - NIR metadata as text -----------------------------===//

#include "nirtorch/Dialect/NIR/NIRMetadata.h"

#include "mlir/AsmParser/AsmParser.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/OperationSupport.h"
#include "llvm/Support/raw_ostream.h"

#include <limits>

using namespace mlir;
using namespace mlir::nir;

/// `value` with every resource blob replaced by the dense attribute of the
/// same bytes: a blob lives in the enclosing file's resource section, which
/// attribute text alone does not carry.
static Attribute inlineResources(Attribute value) {
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(value)) {
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob)
      return value; // printed as the unresolved reference it is
    return DenseElementsAttr::getFromRawBuffer(resource.getType(),
                                               blob->getData());
  }
  if (auto dict = dyn_cast<DictionaryAttr>(value)) {
    SmallVector<NamedAttribute> entries;
    for (NamedAttribute entry : dict)
      entries.emplace_back(entry.getName(), inlineResources(entry.getValue()));
    return DictionaryAttr::get(dict.getContext(), entries);
  }
  if (auto array = dyn_cast<ArrayAttr>(value)) {
    SmallVector<Attribute> elements;
    for (Attribute element : array)
      elements.push_back(inlineResources(element));
    return ArrayAttr::get(array.getContext(), elements);
  }
  return value;
}

std::string nir::printMetadata(DictionaryAttr metadata) {
  if (!metadata || metadata.empty())
    return "";
  // Whatever --mlir-elide-elementsattrs-if-larger says: metadata text must
  // hold every value.
  OpPrintingFlags flags;
  flags.elideLargeElementsAttrs(std::numeric_limits<int64_t>::max());
  AsmState state(metadata.getContext(), flags);
  std::string text;
  llvm::raw_string_ostream os(text);
  inlineResources(metadata).print(os, state);
  return text;
}

FailureOr<DictionaryAttr>
nir::parseMetadata(StringRef text, MLIRContext *context,
                   function_ref<InFlightDiagnostic()> emitError) {
  if (text.empty())
    return DictionaryAttr();
  size_t numRead = 0;
  // The parser's own message joins the caller's diagnostic, which says where
  // the text came from.
  std::string parserMessage;
  Attribute parsed;
  {
    ScopedDiagnosticHandler capture(context, [&](Diagnostic &diag) {
      if (parserMessage.empty())
        parserMessage = diag.str();
      return success();
    });
    parsed = parseAttribute(text, context, Type(), &numRead);
  }
  auto dict = dyn_cast_or_null<DictionaryAttr>(parsed);
  if (!dict || numRead != text.size()) {
    InFlightDiagnostic diag = emitError();
    diag << "holds '" << text << "', which is not an MLIR dictionary attribute";
    if (!parserMessage.empty())
      diag << " (" << parserMessage << ")";
    return failure();
  }
  return dict;
}
