//===- TorchScriptInterfaces.td - ts op interfaces ----------*- tablegen -*-===//

#ifndef NIRTORCH_DIALECT_TORCHSCRIPT_INTERFACES_TD
#define NIRTORCH_DIALECT_TORCHSCRIPT_INTERFACES_TD

include "mlir/IR/OpBase.td"

def TS_SlotOpInterface : OpInterface<"SlotOpInterface"> {
  let cppNamespace = "::mlir::ts";
  let description = [{
    An attribute slot of a module object: a parameter, a buffer, a plain
    attribute or a submodule. The slots of a `ts.module` appear in the order
    of its TorchScript class's attributes.
  }];
  let methods = [
    InterfaceMethod<"The TorchScript attribute name of the slot.",
      "::llvm::StringRef", "getSlotName", (ins), [{}],
      [{ return $_op.getSymName(); }]>,
    InterfaceMethod<"The TorchScript type of the slot.",
      "::mlir::Type", "getSlotType">,
    InterfaceMethod<[{
        The value held by the slot, or null for a submodule (whose value is
        the nested `ts.module` itself).
      }], "::mlir::Attribute", "getSlotValue">,
  ];
}

#endif // NIRTORCH_DIALECT_TORCHSCRIPT_INTERFACES_TD
