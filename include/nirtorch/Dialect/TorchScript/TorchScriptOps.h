//===- TorchScriptOps.h - TorchScript mirror ops ----------------*- C++ -*-===//

#ifndef NIRTORCH_DIALECT_TORCHSCRIPT_TORCHSCRIPTOPS_H
#define NIRTORCH_DIALECT_TORCHSCRIPT_TORCHSCRIPTOPS_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/CallInterfaces.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "nirtorch/Dialect/TorchScript/TorchScriptDialect.h"
#include "nirtorch/Dialect/TorchScript/TorchScriptTypes.h"

namespace mlir::ts {
class ScriptModuleOp;
class MethodOp;
class ReturnOp;
class ClassConstantOp;
} // namespace mlir::ts

#include "nirtorch/Dialect/TorchScript/TorchScriptInterfaces.h.inc"

#define GET_OP_CLASSES
#include "nirtorch/Dialect/TorchScript/TorchScriptOps.h.inc"

namespace mlir {
class RewriterBase;
} // namespace mlir

namespace mlir::ts {

/// Replaces `op` by its then branch (`thenTaken`) or else branch: the
/// branch's ops are inlined before it and what the branch yields replaces
/// its results.
void inlineBranch(RewriterBase &rewriter, IfOp op, bool thenTaken);

/// The module object that `object` statically denotes: the enclosing
/// `ts.module` for the `self` argument of a method, and the submodule slot for
/// a `ts.get_attr` chain starting there. Null when `object` is not statically
/// known (it flows through control flow, a call or a container).
ScriptModuleOp resolveObject(Value object);
/// As above, looking submodules up through `symbolTables` (the plain form
/// scans each module's body).
ScriptModuleOp resolveObject(Value object, SymbolTableCollection &symbolTables);

/// The slot names leading from the `self` argument of the enclosing method to
/// `object` through `ts.get_attr` (empty for `self`); none when `object` does
/// not start at `self`.
std::optional<llvm::SmallVector<llvm::StringRef>> getObjectPath(Value object);

/// The module path that inlining recorded in `loc`: the dotted path of the
/// object whose code an inlined op comes from ("block.lif"), empty if none.
/// The ts inliner wraps each inlined op's location (the inliner's
/// CallSiteLoc) in a NameLoc of that path.
std::string getInlinedModulePath(Location loc);

/// Whether `name` is a TorchScript qualified name that `torch.jit.load` can
/// resolve: `__torch__` followed by dotted identifiers.
bool isLoadableQualifiedName(llvm::StringRef name);

/// The root `ts.module` of `op`: `op` itself, or the only root in a builtin
/// module, or the root named `name` when it is not empty. Reports a
/// diagnostic and returns null otherwise.
ScriptModuleOp findRootModule(Operation *op, llvm::StringRef name = {});

} // namespace mlir::ts

#endif // NIRTORCH_DIALECT_TORCHSCRIPT_TORCHSCRIPTOPS_H
