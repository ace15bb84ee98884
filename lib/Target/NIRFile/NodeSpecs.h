//===- NodeSpecs.h - The datasets of each NIR node type ---------*- C++ -*-===//
//
// One table, shared by the reader and the writer, of the datasets that each
// NIR node type stores (spec/nir-format.md section 4.4) and of the `nir` op
// that holds it. Field names are the op's attribute names.
//
//===----------------------------------------------------------------------===//

#ifndef NIRTORCH_LIB_TARGET_NIRFILE_NODESPECS_H
#define NIRTORCH_LIB_TARGET_NIRFILE_NODESPECS_H

#include "mlir/IR/MLIRContext.h"
#include "mlir/Support/LogicalResult.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

namespace mlir::nir {

/// How a field is stored in the file and held in the IR.
enum class FieldKind {
  /// Any numeric array or scalar, kept with its dtype (ElementsAttr).
  Param,
  /// An integer stored as an int64 scalar (I64Attr).
  Int,
  /// Conv1d padding: an int64 scalar or the string "same"/"valid".
  IntOrString,
  /// An (H, W) pair stored as int64[2] (DenseI64ArrayAttr).
  Pair,
  /// Conv2d padding: int64[2] or the string "same"/"valid".
  PairOrString,
  /// A shape stored as int64[rank] (DenseI64ArrayAttr).
  Shape,
};

/// What the reader does when a field's dataset is absent.
enum class FieldDefault {
  /// Missing is an error.
  Required,
  /// Missing is allowed; type inference fills it from the incoming edge
  /// (Conv `input_shape`, Flatten `input_type`).
  InferredFromEdge,
  /// zeros_like(v_threshold), for files written before nir 1.0.6.
  ZerosLikeVThreshold,
  /// ones_like(v_leak), for files written before Oct 2023.
  OnesLikeVLeak,
};

struct FieldSpec {
  llvm::StringLiteral name;
  FieldKind kind;
  FieldDefault fallback;
};

struct NodeSpec {
  /// The `type` string in the file.
  llvm::StringLiteral nirType;
  /// The op that holds the node.
  llvm::StringLiteral opName;
  /// The datasets besides `type` and `metadata`, in the reference writer's
  /// order. Input and Output list their `shape`, which is the op's result
  /// type rather than an attribute.
  llvm::ArrayRef<FieldSpec> fields;
};

/// The node types with a dataset table: every serializable NIR type except
/// NIRGraph, which is a group of nodes and edges.
llvm::ArrayRef<NodeSpec> getNodeSpecs();
const NodeSpec *lookupNodeSpecByNIRType(llvm::StringRef nirType);
const NodeSpec *lookupNodeSpecByOpName(llvm::StringRef opName);

/// The NIR type string of nested graphs.
inline constexpr llvm::StringLiteral kGraphNIRType = "NIRGraph";

/// Checks that the table matches the attributes the dialect declares, so a
/// dialect change cannot silently drop a field from files.
LogicalResult verifyNodeSpecs(MLIRContext *context);

} // namespace mlir::nir

#endif // NIRTORCH_LIB_TARGET_NIRFILE_NODESPECS_H
