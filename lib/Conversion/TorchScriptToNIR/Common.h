//===- Common.h - Helpers shared by the TorchScript to NIR lowering -------===//

#ifndef NIRTORCH_LIB_CONVERSION_TORCHSCRIPTTONIR_COMMON_H
#define NIRTORCH_LIB_CONVERSION_TORCHSCRIPTTONIR_COMMON_H

#include "nirtorch/Conversion/TorchScriptToNIR/ModuleMap.h"

#include "mlir/IR/SymbolTable.h"
#include "nirtorch/Dialect/TorchScript/TorchScriptOps.h"
#include "mlir/Rewrite/FrozenRewritePatternSet.h"

namespace nirtorch::lowering {

/// `F.lp_pool2d`, which the lowering maps as a function (sum pooling): its
/// calls are kept from inlining and lowered whole.
inline constexpr llvm::StringLiteral kLPPool2dFunction =
    "__torch__.torch.nn.functional.lp_pool2d";

/// The patterns of `ts-match-module-maps` for `map`: one per entry (then one
/// per raised node class) and the PDL patterns of its PDL files, with
/// benefits in the map's precedence. Diagnoses and fails when a PDL module
/// does not parse.
mlir::FailureOr<mlir::FrozenRewritePatternSet>
buildModuleMapMatchPatterns(const ModuleMap &map, mlir::MLIRContext *context);

/// Marks the calls below `root` that `patterns` (above) match.
void markModuleMapCalls(mlir::Operation *root,
                        const mlir::FrozenRewritePatternSet &patterns);

/// The compile-time value of `value`: a ts.constant's value, a
/// ts.list_construct of such values (an ArrayAttr), or the value of a slot
/// read with ts.get_attr from a statically known object. `alias` maps a
/// block argument of an inlined method to the caller's operand (or returns
/// null). Null when `value` is not a compile-time constant. Objects are
/// resolved through `symbolTables` when given (else by scanning module
/// bodies, linear in their size).
mlir::Attribute
foldConstant(mlir::Value value,
             llvm::function_ref<mlir::Value(mlir::Value)> alias,
             mlir::SymbolTableCollection *symbolTables = nullptr);

/// An int or a list/tuple of ints as a vector; `count` > 0 repeats a single
/// int `count` times (PyTorch's `_pair`). std::nullopt for anything else.
std::optional<llvm::SmallVector<int64_t>> getInts(mlir::Attribute attr,
                                                  unsigned count = 0);

/// `value` in `shape`: itself when it has that shape, a splat of its only
/// element, or its data without a leading dim of 1 (a batch dim; dense or a
/// resource blob, which keeps its blob). Null when none of these fits.
mlir::ElementsAttr broadcastToShape(mlir::ElementsAttr value,
                                    llvm::ArrayRef<int64_t> shape);

/// A convolution as NIR holds it, before it becomes a Conv1d or Conv2d node.
struct ConvParams {
  mlir::ElementsAttr weight;
  /// Null: zeros of the weight's dtype (NIR convolutions always have one).
  mlir::ElementsAttr bias;
  /// "same" or "valid"; null or empty: the amounts in `padding`.
  mlir::StringAttr paddingMode;
  /// One entry per spatial dim (1 or 2 of them).
  llvm::SmallVector<int64_t> padding, stride, dilation;
  int64_t groups = 1;
};

/// A node to create: its op name and parameters.
struct NodeSpec {
  llvm::StringRef opName;
  llvm::SmallVector<mlir::NamedAttribute> params;
};

/// The Conv1d or Conv2d node (by the number of spatial dims of `conv`) for
/// an input of shape (C, spatial...); fails through `emitError` when the
/// input's rank does not fit.
mlir::FailureOr<NodeSpec>
convNode(mlir::Builder &builder, const ConvParams &conv,
         llvm::ArrayRef<int64_t> inputShape,
         llvm::function_ref<mlir::InFlightDiagnostic()> emitError);

/// The attribute marking an `unrealized_conversion_cast` that
/// `convert-torchscript-to-nir` builds for a sum of signals (fan-in): its
/// operands are the summands, each an edge or such a cast.
inline constexpr llvm::StringLiteral kFanInAttrName = "nirtorch.fan_in";

/// Appends the edges of `values` to `edges`, expanding fan-ins
/// (kFanInAttrName) into the edges they sum, in order.
void appendEdges(llvm::SmallVectorImpl<mlir::Value> &edges,
                 mlir::ValueRange values);

/// Creates NIR node `opName` named `name`, fed by `input`'s edges, with
/// `params`; checks its parameters, that they accept `input.shape`, and
/// infers the output shape with the dialect's shape functions. On failure
/// the op is erased and an error emitted through `emitError`.
mlir::FailureOr<Signal>
createNode(mlir::OpBuilder &builder, mlir::Location loc, llvm::StringRef opName,
           llvm::StringRef name, const Signal &input,
           llvm::ArrayRef<mlir::NamedAttribute> params,
           llvm::function_ref<mlir::InFlightDiagnostic()> emitError);

/// `op` as a ts.operator of qualified name `name` (`aten::size.int`), or
/// null.
inline mlir::ts::OperatorOp asOperator(mlir::Operation *op,
                                       llvm::StringRef name) {
  auto operator_ = llvm::dyn_cast_or_null<mlir::ts::OperatorOp>(op);
  return operator_ && operator_.getQualifiedName() == name
             ? operator_
             : mlir::ts::OperatorOp();
}

/// `op` if it is a call of operator `name` with `arity` operands and one
/// result: the ts dialect cannot check operators' signatures without
/// libtorch's schemas, so code that reads operands by index checks first.
inline mlir::ts::OperatorOp asOperator(mlir::Operation *op,
                                       llvm::StringRef name, unsigned arity) {
  mlir::ts::OperatorOp matched = asOperator(op, name);
  return matched && matched->getNumOperands() == arity &&
                 matched->getNumResults() == 1
             ? matched
             : mlir::ts::OperatorOp();
}

/// Whether `convert-torchscript-to-nir` has an op pattern for the operator
/// of qualified name `qualified` (`aten::add.Tensor`) or, failing that, of
/// name `name` (`aten::zeros`).
bool hasOpPattern(llvm::StringRef qualified, llvm::StringRef name);

/// Whether operator `qualified` with `operands` reads only the metadata of
/// its first operand (its sizes, device, dtype) or builds a zero tensor like
/// it, and no other operand `isSignal`: a signal's values are not used.
bool readsOnlySignalMetadata(llvm::StringRef qualified,
                             mlir::ValueRange operands,
                             llvm::function_ref<bool(mlir::Value)> isSignal);

/// Whether operand `index` of operator `name` is a size list that may hold
/// a signal's sizes (`x.view(x.size(0), -1)`): its op pattern reads it.
bool isShapeOperand(llvm::StringRef name, unsigned index);

/// Whether a forward argument with a default is state (a tensor, or a
/// container or Optional that may hold tensors) rather than a plain
/// hyper-parameter (int, float, bool, str).
bool isStateType(mlir::Type type);

/// A module path for diagnostics: `'block.lif'`, or `<root>`.
std::string formatPath(llvm::StringRef path);

/// An error at `op`, in the code of module `path` (class `className`), that
/// the lowering cannot lower `what`: "cannot lower '<what>' [on a signal ]in
/// module <path> (class '<className>'): ", for the caller to complete.
mlir::InFlightDiagnostic emitLoweringError(mlir::Operation *op,
                                           llvm::StringRef what,
                                           llvm::StringRef path,
                                           llvm::StringRef className,
                                           bool onSignal = false);

/// The submodule path (from the root) and class whose code `op` is, as the
/// ts inliner recorded it in the op's location; the root's when the op was
/// not inlined. `root` is the root ts.module.
std::pair<std::string, std::string> getCodeOwner(mlir::Operation *op,
                                                 mlir::ts::ScriptModuleOp root);

/// The root ts.modules a lowering pass works on: the top-level ones, or the
/// one named `rootName` when it is not empty.
llvm::SmallVector<mlir::ts::ScriptModuleOp>
getLoweringRoots(mlir::ModuleOp top, llvm::StringRef rootName);

} // namespace nirtorch::lowering

#endif
