//===- NIRDialect.cpp - The NIR dialect -----------------------------------===//

#include "nirtorch/Dialect/NIR/NIRDialect.h"
#include "nirtorch/Dialect/NIR/NIROps.h"
#include "nirtorch/Dialect/NIR/Quantization.h"

using namespace mlir;
using namespace mlir::nir;

#include "nirtorch/Dialect/NIR/NIROpsDialect.cpp.inc"

void NIRDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "nirtorch/Dialect/NIR/NIROps.cpp.inc"
      >();
}

LogicalResult NIRDialect::verifyOperationAttribute(Operation *op,
                                                   NamedAttribute attribute) {
  // dialect_attr_c1: the only discardable attribute of the dialect is
  // `nir.quant_scale`.
  if (attribute.getName() == kQuantScaleAttrName)
    return verifyQuantScale(op, attribute.getValue());
  return op->emitOpError() << "unknown attribute '"
                           << attribute.getName().getValue()
                           << "' of the nir dialect";
}
