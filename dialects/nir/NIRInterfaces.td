//===- NIRInterfaces.td - Interfaces of NIR nodes -----------*- tablegen -*-===//

#ifndef NIRTORCH_DIALECT_NIR_INTERFACES_TD
#define NIRTORCH_DIALECT_NIR_INTERFACES_TD

include "mlir/IR/OpBase.td"

def NIR_NodeOpInterface : OpInterface<"NodeOpInterface"> {
  let cppNamespace = "::mlir::nir";
  let description = [{
    Implemented by every op that stands for one NIR node. It gives the node's
    NIR name and type string and the shape rules that relate its parameters,
    its input signal and its output signal. Graph verifiers, importers,
    exporters and passes use it so that each shape rule is written once.
  }];
  let methods = [
    InterfaceMethod<"The node's name, unique within its graph.",
      "::llvm::StringRef", "getNodeName", (ins), [{}],
      [{ return $_op.getName(); }]>,
    InterfaceMethod<"The node's NIR type string as stored in `.nir` files.",
      "::llvm::StringRef", "getNIRTypeName", (ins), [{}],
      [{ return ConcreteOp::getNIRType(); }]>,
    InterfaceMethod<"The node's metadata dictionary, if any.",
      "::mlir::DictionaryAttr", "getNodeMetadata", (ins), [{}],
      [{ return $_op.getMetadataAttr(); }]>,
    InterfaceMethod<[{
        The input shape that the node's parameters fix, or std::nullopt when
        the parameters leave it open (pooling, or a Conv without
        `input_shape`), so that only the incoming edges determine it.
      }],
      "std::optional<::llvm::SmallVector<int64_t>>", "getParamInputShape">,
    InterfaceMethod<[{
        The output shape for the given input shape. Emits an error through
        `emitError` and fails when the input shape does not fit the node.
      }],
      "::mlir::FailureOr<::llvm::SmallVector<int64_t>>", "inferOutputShape",
      (ins "::llvm::ArrayRef<int64_t>":$inputShape,
           "::llvm::function_ref<::mlir::InFlightDiagnostic()>":$emitError)>,
  ];
  // The sizes a node's types and resource blobs claim agree with each other
  // and fit in int64, before any verifier or pass reads the data.
  let verify = [{ return ::mlir::nir::verifyDataSizes($_op); }];
}

#endif // NIRTORCH_DIALECT_NIR_INTERFACES_TD
