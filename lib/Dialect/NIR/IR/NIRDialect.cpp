//===- NIRDialect.cpp - The NIR dialect -----------------------------------===//

#include "nirtorch/Dialect/NIR/NIRDialect.h"
#include "nirtorch/Dialect/NIR/NIROps.h"

using namespace mlir;
using namespace mlir::nir;

#include "nirtorch/Dialect/NIR/NIROpsDialect.cpp.inc"

void NIRDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "nirtorch/Dialect/NIR/NIROps.cpp.inc"
      >();
}
