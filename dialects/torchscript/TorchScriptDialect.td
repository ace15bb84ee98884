//===- TorchScriptDialect.td - The TorchScript mirror dialect -*- tablegen -*-===//
//
// `ts` mirrors TorchScript modules exactly, so that importing a `.pt` file and
// exporting it again is lossless and every semantic decision lives in passes
// that can be tested from `.mlir` text without libtorch.
//
//===----------------------------------------------------------------------===//

#ifndef NIRTORCH_DIALECT_TORCHSCRIPT_DIALECT_TD
#define NIRTORCH_DIALECT_TORCHSCRIPT_DIALECT_TD

include "mlir/IR/OpBase.td"

def TorchScript_Dialect : Dialect {
  let name = "ts";
  let cppNamespace = "::mlir::ts";
  let summary = "A mirror of TorchScript modules (torch::jit::Module)";
  let description = [{
    The `ts` dialect holds a TorchScript module without adding or dropping
    meaning:

    - `ts.module` is one module object, with its TorchScript class name. Its
      body lists the class's attribute slots in class order (`ts.parameter`,
      `ts.buffer`, `ts.attribute`, nested `ts.module` objects), its class
      constants (`ts.class_constant`) and its methods (`ts.method`), whose
      bodies are the method graphs. `ts.function` is a free function.
    - The TorchScript interpreter ops (`prim::GetAttr`, `prim::CallMethod`,
      `prim::If`, `prim::Loop`, ...) have their own ops; every other node is
      a `ts.operator` carrying its registered operator name and overload
      (`"aten::add.Tensor"`).
    - Every value keeps its TorchScript type. Tensors, scalars, tuples,
      lists, dicts, optionals and module objects have precise types
      (`!ts.tensor<[2, 3], f32>`, `!ts.int`, `!ts.tuple<...>`,
      `!ts.module<"__torch__.Net">`); the rest are `!ts.opaque<"...">`,
      holding the type's TorchScript annotation.

    Tensor values (parameters, buffers, constants) are builtin elements
    attributes that keep the dtype and the values; large ones are
    `dense_resource` blobs.
  }];
  let useDefaultTypePrinterParser = 1;
  let useDefaultAttributePrinterParser = 1;
  let hasConstantMaterializer = 1;
  let hasRegionArgAttrVerify = 1;
  let extraClassDeclaration = [{
    void registerTypes();
    void registerAttributes();
    void registerInlinerInterface();

    /// Argument attribute holding a method or function argument's default
    /// value (TorchScript `def f(x: int = 3)`).
    static constexpr ::llvm::StringLiteral getDefaultAttrName() {
      return ::llvm::StringLiteral("ts.default");
    }
    /// Unit attribute of a call that MLIR's inliner must leave alone (a call
    /// a module map lowers as a whole).
    static constexpr ::llvm::StringLiteral getNoInlineAttrName() {
      return ::llvm::StringLiteral("ts.noinline");
    }
  }];
}

class TS_Op<string mnemonic, list<Trait> traits = []>
    : Op<TorchScript_Dialect, mnemonic, traits>;

#endif // NIRTORCH_DIALECT_TORCHSCRIPT_DIALECT_TD
