//===- NIRDialect.h - The NIR dialect ---------------------------*- C++ -*-===//

#ifndef NIRTORCH_DIALECT_NIR_NIRDIALECT_H
#define NIRTORCH_DIALECT_NIR_NIRDIALECT_H

#include "mlir/IR/Dialect.h"

#include "nirtorch/Dialect/NIR/NIROpsDialect.h.inc"

#endif // NIRTORCH_DIALECT_NIR_NIRDIALECT_H
