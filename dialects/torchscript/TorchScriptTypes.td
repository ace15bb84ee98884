//===- TorchScriptTypes.td - TorchScript value types --------*- tablegen -*-===//
//
// One type per TorchScript type that passes inspect; every other TorchScript
// type is carried as `!ts.opaque` with its annotation text.
//
//===----------------------------------------------------------------------===//

#ifndef NIRTORCH_DIALECT_TORCHSCRIPT_TYPES_TD
#define NIRTORCH_DIALECT_TORCHSCRIPT_TYPES_TD

include "TorchScriptDialect.td"
include "mlir/IR/AttrTypeBase.td"

class TS_Type<string name, string typeMnemonic, list<Trait> traits = []>
    : TypeDef<TorchScript_Dialect, name, traits> {
  let mnemonic = typeMnemonic;
}

//===----------------------------------------------------------------------===//
// Scalars
//===----------------------------------------------------------------------===//

def TS_IntType : TS_Type<"Int", "int"> {
  let summary = "TorchScript `int` (a 64-bit signed integer)";
}
def TS_FloatType : TS_Type<"Float", "float"> {
  let summary = "TorchScript `float` (a double)";
}
def TS_BoolType : TS_Type<"Bool", "bool"> {
  let summary = "TorchScript `bool`";
}
def TS_StrType : TS_Type<"Str", "str"> {
  let summary = "TorchScript `str`";
}
def TS_NoneType : TS_Type<"None", "none"> {
  let summary = "TorchScript `NoneType`";
}
def TS_DeviceType : TS_Type<"Device", "device"> {
  let summary = "TorchScript `Device`";
}

//===----------------------------------------------------------------------===//
// Tensors
//===----------------------------------------------------------------------===//

// The sizes of a tensor type: std::nullopt when the rank is unknown, and
// ShapedType::kDynamic for a dimension of unknown extent.
def TS_OptionalSizes : TypeParameter<
    "::std::optional<::llvm::ArrayRef<int64_t>>",
    "sizes, or none when the rank is unknown"> {
  let allocator = [{
    if ($_self)
      $_dst = $_allocator.copyInto(*$_self);
  }];
  let defaultValue = "::std::nullopt";
}

def TS_TensorType : TS_Type<"Tensor", "tensor"> {
  let summary = "TorchScript `Tensor`, optionally refined with sizes and dtype";
  let description = [{
    A TorchScript tensor type. Scripted code knows nothing about its tensors
    (`!ts.tensor`); traced graphs refine them with sizes and a dtype:

    ```mlir
    !ts.tensor                    // Tensor
    !ts.tensor<[2, ?, 3], f32>    // sizes 2 x unknown x 3, float32
    !ts.tensor<*, i64>            // unknown rank, int64
    !ts.tensor<[4], ?>            // rank 1, unknown dtype
    ```

    The dtype is a builtin element type: `f16`, `bf16`, `f32`, `f64`,
    `i1` (bool), `ui8` (uint8), `i8`, `i16`, `i32`, `i64` (signed
    integers), `complex<f32>`, `complex<f64>`. Strides, device and
    `requires_grad` refinements are not kept; they do not survive a
    TorchScript save either.
  }];
  let parameters = (ins TS_OptionalSizes:$sizes,
                        OptionalParameter<"::mlir::Type">:$dtype);
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let builders = [
    TypeBuilder<(ins), [{ return $_get($_ctxt, std::nullopt, Type()); }]>
  ];
  let extraClassDeclaration = [{
    bool hasSizes() const { return getSizes().has_value(); }
    bool hasDtype() const { return static_cast<bool>(getDtype()); }
    /// Whether sizes and dtype are known and every dimension is static.
    bool hasStaticShapeAndDtype() const;
    /// The builtin tensor type of the same shape and dtype, or null when the
    /// type is not fully known.
    ::mlir::RankedTensorType toBuiltinTensorType() const;
  }];
}

//===----------------------------------------------------------------------===//
// Containers
//===----------------------------------------------------------------------===//

def TS_TupleType : TS_Type<"Tuple", "tuple"> {
  let summary = "TorchScript `Tuple[T1, T2, ...]` and `NamedTuple` classes";
  let description = [{
    A tuple type. A NamedTuple class (Norse's parameter and state objects)
    is a tuple type with the class's qualified name and field names, and the
    defaults of its trailing fields:
    ```mlir
    !ts.tuple<!ts.tensor, !ts.int>
    !ts.tuple<"__torch__.P"(tau_mem_inv: !ts.tensor, method: !ts.str = "super")>
    ```
    TorchScript reads a NamedTuple's fields by index (`prim::TupleIndex`),
    so every tuple op works on both. A NamedTuple is a subtype of the plain
    tuple of its field types, not the other way round. Printed IR gives
    each NamedTuple an alias named after its class (`!P`).
  }];
  let parameters = (ins ArrayRefParameter<"::mlir::Type">:$elementTypes,
                        OptionalParameter<"::mlir::StringAttr">:$name,
                        OptionalArrayRefParameter<"::mlir::StringAttr">:$fieldNames,
                        OptionalParameter<"::mlir::ArrayAttr">:$fieldDefaults);
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let builders = [
    TypeBuilder<(ins "::llvm::ArrayRef<::mlir::Type>":$elementTypes), [{
      return $_get($_ctxt, elementTypes, ::mlir::StringAttr(),
                   ::llvm::ArrayRef<::mlir::StringAttr>(), ::mlir::ArrayAttr());
    }]>
  ];
  let extraClassDeclaration = [{
    /// Whether this is a NamedTuple class (its fields have names).
    bool isNamed() const { return !getFieldNames().empty(); }
    /// The index of field `field`, or std::nullopt.
    std::optional<unsigned> getFieldIndex(::llvm::StringRef field) const;
  }];
}

def TS_ListType : TS_Type<"List", "list"> {
  let summary = "TorchScript `List[T]`";
  let parameters = (ins "::mlir::Type":$elementType);
  let assemblyFormat = "`<` $elementType `>`";
  let genVerifyDecl = 1;
}

def TS_DictType : TS_Type<"Dict", "dict"> {
  let summary = "TorchScript `Dict[K, V]`";
  let parameters = (ins "::mlir::Type":$keyType, "::mlir::Type":$valueType);
  let assemblyFormat = "`<` $keyType `,` $valueType `>`";
  let genVerifyDecl = 1;
}

def TS_OptionalType : TS_Type<"Optional", "optional"> {
  let summary = "TorchScript `Optional[T]`";
  let parameters = (ins "::mlir::Type":$elementType);
  let assemblyFormat = "`<` $elementType `>`";
  let genVerifyDecl = 1;
}

//===----------------------------------------------------------------------===//
// Objects and the rest
//===----------------------------------------------------------------------===//

def TS_ModuleType : TS_Type<"Module", "module"> {
  let summary = "A TorchScript module object of the named class";
  let description = [{
    `!ts.module<"__torch__.Net">` is the type of `self` in the methods of
    class `__torch__.Net` and of its submodule slots. Printed IR gives each
    class an alias named after its last component (`!Net`).
  }];
  let parameters = (ins StringRefParameter<"qualified class name">:$className);
  let assemblyFormat = "`<` $className `>`";
  let genVerifyDecl = 1;
}

def TS_OpaqueType : TS_Type<"Opaque", "opaque"> {
  let summary = "Any other TorchScript type, by its annotation";
  let description = [{
    A TorchScript type without a precise mirror (`Any`, `number`,
    `Union[int, str]`, `Generator`, ...), held as the annotation text that
    TorchScript's type parser reads back on export:
    `!ts.opaque<"Union[int, str]">`.
  }];
  let parameters = (ins StringRefParameter<"TorchScript annotation">:$annotation);
  let assemblyFormat = "`<` $annotation `>`";
  let genVerifyDecl = 1;
}

//===----------------------------------------------------------------------===//
// Constraints
//===----------------------------------------------------------------------===//

def TS_AnyType : Type<CPred<"::mlir::ts::isTorchScriptType($_self)">,
                      "TorchScript type">;

#endif // NIRTORCH_DIALECT_TORCHSCRIPT_TYPES_TD
