//===- TorchScriptDialect.cpp - The TorchScript mirror dialect ------------===//

#include "nirtorch/Dialect/TorchScript/TorchScriptDialect.h"
#include "nirtorch/Dialect/TorchScript/TorchScriptOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/ADT/StringExtras.h"

using namespace mlir;
using namespace mlir::ts;

#include "nirtorch/Dialect/TorchScript/TorchScriptOpsDialect.cpp.inc"

namespace {
/// Names module and NamedTuple types after their class (`!Linear` for
/// `!ts.module<"__torch__.torch.nn.modules.linear.Linear">`): class names are
/// long and every get_attr and call_method spells one. Colliding names get
/// numbered by the printer.
struct TorchScriptOpAsmInterface : public OpAsmDialectInterface {
  using OpAsmDialectInterface::OpAsmDialectInterface;

  AliasResult getAlias(Type type, raw_ostream &os) const override {
    StringRef className;
    if (auto module = llvm::dyn_cast<ModuleType>(type))
      className = module.getClassName();
    else if (auto tuple = llvm::dyn_cast<ts::TupleType>(type);
             tuple && tuple.isNamed())
      className = tuple.getName().getValue();
    else
      return AliasResult::NoAlias;
    StringRef name = className.rsplit('.').second;
    if (name.empty())
      name = className;
    // An alias must be an identifier; mangled or odd names get a prefix.
    if (!(llvm::isAlpha(name.front()) || name.front() == '_'))
      os << "module_";
    for (char c : name)
      os << (llvm::isAlnum(c) || c == '_' ? c : '_');
    return AliasResult::FinalAlias;
  }
};
} // namespace

void TorchScriptDialect::initialize() {
  registerTypes();
  registerAttributes();
  addOperations<
#define GET_OP_LIST
#include "nirtorch/Dialect/TorchScript/TorchScriptOps.cpp.inc"
      >();
  addInterfaces<TorchScriptOpAsmInterface>();
  registerInlinerInterface();
}

Operation *TorchScriptDialect::materializeConstant(OpBuilder &builder,
                                                   Attribute value, Type type,
                                                   Location loc) {
  if (failed(verifyValueOfType(value, type, /*emitError=*/{})))
    return nullptr;
  return builder.create<ConstantOp>(loc, type, value);
}

LogicalResult TorchScriptDialect::verifyRegionArgAttribute(
    Operation *op, unsigned regionIndex, unsigned argIndex,
    NamedAttribute attribute) {
  // Defaults are checked against the argument type by the function verifier.
  if (attribute.getName() == getDefaultAttrName())
    return success();
  return op->emitOpError() << "argument #" << argIndex
                           << " has unknown attribute '"
                           << attribute.getName().getValue()
                           << "'; the ts dialect defines only '"
                           << getDefaultAttrName() << "'";
}
