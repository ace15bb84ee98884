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

#endif // NIRTORCH_DIALECT_NIR_PASSES_TD
