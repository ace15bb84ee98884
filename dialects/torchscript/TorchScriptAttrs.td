//===- TorchScriptAttrs.td - TorchScript attributes ---------*- tablegen -*-===//

#ifndef NIRTORCH_DIALECT_TORCHSCRIPT_ATTRS_TD
#define NIRTORCH_DIALECT_TORCHSCRIPT_ATTRS_TD

include "TorchScriptDialect.td"
include "mlir/IR/AttrTypeBase.td"

def TS_NoneAttr : AttrDef<TorchScript_Dialect, "None"> {
  let mnemonic = "none";
  let summary = "The TorchScript value `None`";
  let description = [{
    The value of `!ts.none` and of an empty `!ts.optional<T>`, in constants,
    attribute slots and argument defaults: `ts.constant(#ts.none) : !ts.none`.
  }];
}

#endif // NIRTORCH_DIALECT_TORCHSCRIPT_ATTRS_TD
