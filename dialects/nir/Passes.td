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

def NIROutlineSubgraphs
    : Pass<"nir-outline-subgraphs", "::mlir::nir::GraphOp"> {
  let summary = "Move chosen nodes of a graph into a nested-graph node";
  let description = [{
    The inverse of `nir-inline-subgraphs`: moves a set of nodes of the graph
    into one `nir.subgraph` node. `nodes` selects them by comma-separated
    glob patterns (`*`, `?`, `[...]`) on their names and `name` names the
    subgraph (default: the dotted prefix the selected names share).
    `recurrent=true` instead outlines every cycle (strongly connected
    component) that holds a neuron node (I, IF, LI, LIF, CubaLI, CubaLIF):
    the recurrent blocks Rockpool, Lava and snn-mlir read as nested graphs.
    Each is named by the dotted prefix its nodes share, else `<neuron>_rec`
    after its first neuron in block order.

    A nested graph has one Input, whose incoming edges are summed, and one
    Output, so the selection must have this form: every edge from outside
    ends at one node (the entry), exactly one node has edges leaving the
    selection (the exit), and no Input or Output node is selected. The
    subgraph takes the entry's edges from outside in their order; inside,
    `nir.input "input"` replaces them in the entry's operand list at the
    place of the first one, the nodes keep their relative order and
    metadata and lose the prefix `<name>.`, and `nir.output "output"` reads
    the exit, whose uses outside read the subgraph instead. The subgraph
    goes where the first selected node was.

    ```mlir
    %lif = nir.lif "rnn.lif"(%fc, %rec) ...
    %rec = nir.linear "rnn.w_rec"(%lif) ...
    // --nir-outline-subgraphs=nodes=rnn.* becomes
    %rnn = nir.subgraph "rnn"(%fc) : tensor<3xf32> {
      %input = nir.input "input" : tensor<3xf32>
      %lif = nir.lif "lif"(%input, %rec) ...
      %rec = nir.linear "w_rec"(%lif) ...
      %output = nir.output "output"(%lif) : tensor<3xf32>
    }
    ```

    The pass refuses (an error in `nodes` mode, a remark and the cycle left
    as it is in `recurrent` mode) a selection without that form, a name
    that clashes, and an outlining that would change which edges the
    time-step schedule delays (ExecutionOrder.h), nested or inlined again.
    The graph is unchanged on error. Only the graph's own body is searched,
    not its nested graphs. Outlining is exact, except that an entry whose
    edges from outside are not adjacent among its operands has them summed
    first (by the nested Input), which can change the last bits of the sum;
    `exact-only=true` refuses that case too.
  }];
  let options = [
    // A plain string split here, not a ListOption: MLIR 19's list parser
    // never returns on an unbalanced '[', '{' or '(' in a pattern.
    Option<"nodePatterns", "nodes", "std::string", /*default=*/"",
           "Comma-separated glob patterns (llvm::GlobPattern) of the names "
           "of the nodes to outline into one subgraph">,
    Option<"subgraphName", "name", "std::string", /*default=*/"",
           "Name of the subgraph (default: the dotted prefix the selected "
           "names share)">,
    Option<"recurrent", "recurrent", "bool", /*default=*/"false",
           "Outline every cycle that holds a neuron node">,
    Option<"exactOnly", "exact-only", "bool", /*default=*/"false",
           "Refuse an outlining that changes the order of a sum: an entry "
           "whose edges from outside are not adjacent among its operands">,
  ];
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
