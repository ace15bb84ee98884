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

def NIRInferShapes : Pass<"nir-infer-shapes", "::mlir::nir::GraphOp"> {
  let summary = "Infer the signal shapes of an unchecked graph";
  let description = [{
    In a graph marked `unchecked` (read with type checking off) a signal may
    be an unranked tensor, `tensor<*xf32>`: its shape is not inferred yet.
    This pass gives every such signal its shape, in the graph and the graphs
    nested in it. Shapes start at the nodes that know theirs (Input and
    Output nodes, nested graphs, nodes whose parameters fix their input
    shape, signals already ranked) and flow along the edges: a node whose
    parameters leave its input open (pooling, a Conv without `input_shape`,
    a Flatten without `input_type`) takes the shape of its incoming edges,
    and such a Conv or Flatten gets the attribute. This is the type inference
    of `nir-translate --import-nir --nir-no-type-check`, which runs it.

    ```mlir
    nir.graph @g attributes {unchecked} {
      %in = nir.input "in" : tensor<1x4x4xf32>
      %p = nir.sum_pool2d "p"(%in) {kernel_size = array<i64: 2, 2>,
          stride = array<i64: 2, 2>, padding = array<i64: 0, 0>}
          : tensor<1x4x4xf32> -> tensor<*xf32>
      %f = nir.flatten "f"(%p) {start_dim = 0 : i64, end_dim = -1 : i64}
          : tensor<*xf32>
      %out = nir.output "out"(%f) : tensor<*xf32> -> tensor<4xf32>
    }
    // becomes
      %p = nir.sum_pool2d "p"(%in) {...} : tensor<1x4x4xf32> -> tensor<1x2x2xf32>
      %f = nir.flatten "f"(%p) {..., input_type = array<i64: 1, 2, 2>}
          : tensor<1x2x2xf32> -> tensor<4xf32>
      %out = nir.output "out"(%f) : tensor<4xf32>
    ```

    Errors, each at the node: its incoming edges bring different shapes to
    an input its parameters leave open; the shape that reaches it does not
    fit its parameters; no edge of known shape reaches it. A graph without
    `unchecked` is left alone: its shapes are verified.
  }];
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

def NIRDiscretize : Pass<"nir-discretize", "::mlir::nir::GraphOp"> {
  let summary = "Make the Euler step of every neuron explicit for a time step";
  let description = [{
    Sets the graph's `dt` and writes, beside each neuron's NIR parameters,
    the factors of its forward Euler step
    (include/nirtorch/Dialect/NIR/Discretization.h, the definition the
    raising to TorchScript uses too): per state,
    `s' = decay * s + (1 - decay) * v_leak + gain * u`, so a backend reads
    them instead of re-deriving them from `tau`, `r` and `dt`.

    | neuron | factors | values (k = step coefficient) |
    |---|---|---|
    | I, IF | `decay`, `gain` | 1, k = dt * r |
    | LI, LIF | `decay`, `gain` | 1 - k, k * r with k = dt / tau |
    | CubaLI, CubaLIF | `syn_decay`, `syn_gain`, `mem_decay`, `mem_gain` | 1 - k_syn, k_syn * w_in; 1 - k_mem, k_mem * r with k = dt / tau_syn, dt / tau_mem |

    Delay nodes get `steps` = round(delay / dt), ties to even. Factors are
    computed in double precision and rounded once to the wider float type
    of the parameters they come from. The time step is the `dt` option,
    else the graph's `dt`, else a `dt` in its metadata; without any it is an
    error. Running the pass again with another `dt` recomputes everything.

    ```mlir
    // nir-opt --nir-discretize=dt=1e-3
    %lif = nir.lif "lif"(%x) {decay = dense<0.9> : tensor<1xf32>,
                              gain = dense<0.1> : tensor<1xf32>,
                              tau = dense<1.0e-2> : tensor<1xf32>, ...}
    ```

    Errors name the node: a step coefficient that is not finite (a zero
    `tau`), a delay that is negative or more than 1e6 steps. A coefficient
    above 1 (dt > tau: the Euler step overshoots and decay is negative) is
    a warning.
  }];
  let options = [
    Option<"dt", "dt", "double", "0.0",
           "Time step in seconds; when not given, the graph's own (above)">,
  ];
  let dependentDialects = ["::mlir::nir::NIRDialect"];
}

#endif // NIRTORCH_DIALECT_NIR_PASSES_TD
