//===- Passes.td - NIR dialect passes -----------------------*- tablegen -*-===//

#ifndef NIRTORCH_DIALECT_NIR_PASSES_TD
#define NIRTORCH_DIALECT_NIR_PASSES_TD

include "mlir/Pass/PassBase.td"

def NIRInlineSubgraphs : Pass<"nir-inline-subgraphs", "::mlir::nir::GraphOp"> {
  let summary = "Replace nested-graph nodes by their contents";
  let description = [{
    Moves the nodes of every `nir.subgraph` into the enclosing graph, naming
    each `<subgraph>.<node>` (the convention of the flattened braille files),
    and wires the edges through: consumers of the nested Input read the
    subgraph's incoming edges, and consumers of the subgraph read what fed the
    nested Output. Since incoming edges are summed, this keeps the meaning.

    ```mlir
    %s = nir.subgraph "rnn"(%a) : tensor<3xf32> { ... nir.lif "lif"(%in) ... }
    // becomes
    %l = nir.lif "rnn.lif"(%a) ...
    ```

    A name that would clash with an existing node is an error.
  }];
  let dependentDialects = ["::mlir::nir::NIRDialect"];
}

def NIRPrintExecutionOrder
    : Pass<"nir-print-execution-order", "::mlir::nir::GraphOp"> {
  let summary = "Print the order nodes run in within a time step";
  let description = [{
    Prints, for every graph and nested graph, the nodes in the order a time
    step runs them and the edges that carry the previous step's output
    (include/nirtorch/Dialect/NIR/ExecutionOrder.h defines both: a
    depth-first search from the Input nodes in name order, successors in edge
    order, where an edge into a node still on the search stack is delayed).
    The raising to TorchScript follows this schedule; the printout lets a
    backend or a test see it. The IR is unchanged.

    ```
    graph @srnn
      order: input, fc1, lif1, fc2, readout, output
      delayed: none
      subgraph "lif1"
        order: input, lif, w_rec, output
        delayed: w_rec -> lif
    ```
  }];
}

def NIRFold : Pass<"nir-fold", "::mlir::nir::GraphOp"> {
  let summary = "Fold Scale, Affine/Linear chains and identity nodes";
  let description = [{
    Applies the folds that `-canonicalize` applies to `nir` nodes (the same
    patterns, `populateNIRFoldPatterns`): a Scale folded into the synapse
    before or after it (Affine, Linear, Conv1d/Conv2d), Scale of Scale,
    Affine/Linear chains merged, Affine with a zero bias to Linear, all-ones
    Scales and shape-preserving Flattens removed. Two nodes are joined only
    when the edge between them is the only one out of the first and into the
    second, the node whose name goes has no `metadata`, and the time-step
    schedule stays the same; Input and Output nodes are never removed.

    With `exact-only`, a fold applies only where the folded graph computes
    exactly the values of the original (up to the sign of zero, and barring
    overflow or underflow at run time): scaling by powers of two, removing
    identities, dropping a zero bias. docs/BackendPasses.md has the table.

    ```mlir
    %fc = nir.affine "fc"(%in) {weight = dense<[[1.0, 2.0]]> : tensor<1x2xf32>,
                                bias = dense<0.5> : tensor<1xf32>}
        : tensor<2xf32> -> tensor<1xf32>
    %s = nir.scale "s"(%fc) {scale = dense<2.0> : tensor<1xf32>}
        : tensor<1xf32>
    // becomes
    %fc = nir.affine "fc"(%in) {weight = dense<[[2.0, 4.0]]> : tensor<1x2xf32>,
                                bias = dense<1.0> : tensor<1xf32>}
        : tensor<2xf32> -> tensor<1xf32>
    ```
  }];
  let options = [
    Option<"exactOnly", "exact-only", "bool", /*default=*/"false",
           "Apply only the folds that change no value in floating point">,
  ];
  let dependentDialects = ["::mlir::nir::NIRDialect"];
}

#endif // NIRTORCH_DIALECT_NIR_PASSES_TD
