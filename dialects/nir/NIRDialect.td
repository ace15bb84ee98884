//===- NIRDialect.td - The NIR dialect ---------------------*- tablegen -*-===//
//
// The `nir` dialect holds Neuromorphic Intermediate Representation graphs
// exactly: one op per NIR node type, parameters as typed elements attributes,
// edges as SSA uses inside a graph region.
//
//===----------------------------------------------------------------------===//

#ifndef NIRTORCH_DIALECT_NIR_DIALECT_TD
#define NIRTORCH_DIALECT_NIR_DIALECT_TD

include "mlir/IR/OpBase.td"

def NIR_Dialect : Dialect {
  let name = "nir";
  let cppNamespace = "::mlir::nir";
  let summary = "The Neuromorphic Intermediate Representation (NIR)";
  let description = [{
    A `nir.graph` is a NIR graph: a symbol holding one block in a graph region,
    so recurrent edges, cycles and self-loops are ordinary SSA uses. Every op in
    the block is a NIR node. A node op carries its NIR `name` (unique within
    its graph), its parameters under their NIR field names as elements
    attributes that keep the file's element type, and optional `metadata`.

    A node's operands are its incoming edges; several edges into one node are
    summed. Its result is the node's output signal, a statically shaped tensor
    of the node's NIR output shape (no batch or time dimension).

    Edge types are checked against the shapes that the node's parameters
    imply. A graph marked `unchecked` (read with type checking off) skips
    exactly those edge-type rules; all parameter rules still hold. Its
    signals may also be unranked tensors, shapes not inferred yet, which
    the pass `nir-infer-shapes` infers.
  }];
  // `nir.quant_scale` (include/nirtorch/Dialect/NIR/Quantization.h).
  let hasOperationAttrVerify = 1;
  let extraClassDeclaration = [{
    /// Name of the unit attribute that turns edge-type checks off for a graph
    /// and everything nested in it.
    static constexpr ::llvm::StringLiteral getUncheckedAttrName() {
      return ::llvm::StringLiteral("unchecked");
    }
  }];
}

class NIR_Op<string mnemonic, list<Trait> traits = []>
    : Op<NIR_Dialect, mnemonic, traits>;

#endif // NIRTORCH_DIALECT_NIR_DIALECT_TD
