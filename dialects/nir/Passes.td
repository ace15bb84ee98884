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

def NIRSchedule : Pass<"nir-schedule", "::mlir::nir::GraphOp"> {
  let summary = "Record the order nodes run in within a time step";
  let description = [{
    Records the schedule that `nir-print-execution-order` prints
    (include/nirtorch/Dialect/NIR/ExecutionOrder.h) on the nodes directly in
    the graph: `nir.step = <k> : i64`, the node's position within a time
    step, on every node, and `nir.delayed = array<i64: ...>`, the operand
    indices of the edges that carry the previous step's output, on the nodes
    that have such edges. A schedule already recorded is replaced. The
    raising to TorchScript (`raise-nir-graphs`) reads it instead of
    computing its own, so a pass run between the two can change it; the
    dialect verifies it (every edge not delayed comes from an earlier step).

    ```mlir
    %in = nir.input "in" {nir.step = 0 : i64} : tensor<2xf32>
    %rec = nir.linear "rec"(%lif) {nir.step = 3 : i64, ...}
    %lif = nir.lif "lif"(%in, %rec) {nir.delayed = array<i64: 1>,
                                     nir.step = 1 : i64, ...}
    ```

    Nested graphs count as single nodes: run `nir-inline-subgraphs` first to
    schedule their nodes with the rest.
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

    `encoding` rounds each leaky state's step coefficient k = dt / tau to
    what a chip can hold (docs/Targets.md, "Decay encodings"):

    | encoding | code | coefficient | source |
    |---|---|---|---|
    | `euler` (default) | none | k | forward Euler |
    | `bitshift` | dash = round(log2(tau / dt)) in 0 .. 2^bits - 1 | 2^-dash | Xylo: `v -= v >> dash` (Rockpool `xylo_graph_modules.py`, bits = 4) |
    | `fixed-point` | d = round(2^bits dt / tau) in 1 .. 2^bits - 1 | d / 2^bits | Loihi: decay (4096 - d) / 4096 (Lava `PyLifModelBitAcc`, bits = 12) |

    The factors then follow from the rounded k, and the time constant
    becomes the one the chip realises, tau = dt / k, so that the raised or
    exported graph runs what the chip runs. Each encoded state reports the
    error it introduces as a remark at the node: the code, and the largest
    relative change of its time constant. A code outside the range is an
    error. `decay-bits` sets the width (default 4 for `bitshift`, 12 for
    `fixed-point`). Integrators (I, IF) have no decay and stay as they are.
  }];
  let options = [
    Option<"dt", "dt", "double", "0.0",
           "Time step in seconds; when not given, the graph's own (above)">,
    Option<"encoding", "encoding", "::mlir::nir::DecayEncoding",
           /*default=*/"::mlir::nir::DecayEncoding::Euler",
           "How a chip holds the decay", [{::llvm::cl::values(
             clEnumValN(::mlir::nir::DecayEncoding::Euler, "euler",
                        "exact forward Euler factors (default)"),
             clEnumValN(::mlir::nir::DecayEncoding::BitShift, "bitshift",
                        "Xylo's bit-shift decay 1 - 2^-dash"),
             clEnumValN(::mlir::nir::DecayEncoding::FixedPoint, "fixed-point",
                        "Loihi's fixed-point decay d / 2^bits"))}]>,
    Option<"decayBits", "decay-bits", "unsigned", /*default=*/"0",
           "Width of the decay code (0: 4 for bitshift, 12 for fixed-point)">,
  ];
  let dependentDialects = ["::mlir::nir::NIRDialect"];
}

def NIRDeadNodeElimination : Pass<"nir-dce", "::mlir::nir::GraphOp"> {
  let summary = "Remove the nodes no Output depends on";
  let description = [{
    Removes every node from which no Output node can be reached along edges.
    Cycles count like any other edges: a recurrent loop that feeds an Output
    stays, a loop that only feeds itself goes. Output nodes are the roots;
    Input nodes are the graph's ports and stay even when nothing reads them.
    Inside a `nir.subgraph` that stays, the same rule applies to its body
    (its Output is the root); a subgraph nothing depends on goes whole.

    The meaning of every Output is unchanged, bit for bit: a removed node
    reaches no Output, so nothing it computed (or kept as state) reaches one,
    and the schedule of the remaining nodes is the same (the depth-first
    search of include/nirtorch/Dialect/NIR/ExecutionOrder.h never reaches a
    live node through a dead one).

    ```mlir
    %in = nir.input "input" : tensor<2xf32>
    %a = nir.scale "a"(%in) {...} : tensor<2xf32>
    %dead = nir.scale "dead"(%a, %dead) {...} : tensor<2xf32>
    %out = nir.output "output"(%a) : tensor<2xf32>
    // becomes
    %in = nir.input "input" : tensor<2xf32>
    %a = nir.scale "a"(%in) {...} : tensor<2xf32>
    %out = nir.output "output"(%a) : tensor<2xf32>
    ```

    A graph without an Output node gets a warning and keeps all its nodes
    (removing everything cannot be what was meant).

    With `report` (or the command-line flag `--nir-dce-report`, which turns
    it on for every run of the pass, also inside a `--pass-pipeline`), each
    removed node gets a remark "removed node 'x' (Type): no Output depends
    on it", and the graph one summary remark "removed N nodes" (nodes
    removed inside subgraphs included; a removed subgraph counts once).
  }];
  let options = [
    Option<"report", "report", "bool", /*default=*/"false",
           "Emit a remark at every removed node and a count for the graph">,
  ];
}

def NIRPrintStats : Pass<"nir-stats", "::mlir::nir::GraphOp"> {
  let summary = "Print what a graph costs: neurons, synapses, parameters";
  let description = [{
    Prints, for every node of the graph and of its nested graphs, its NIR
    type, neurons (output elements of I, IF, LI, LIF, CubaLI, CubaLIF),
    synapses (non-zero weight elements of Affine, Linear, Conv1d, Conv2d),
    parameters (elements of its elements-attribute parameters, `dense` or
    `dense_resource`) and their bytes at their element type, fan-in and
    fan-out (incoming and outgoing edges). Per graph it prints the totals,
    the longest path (the nodes on the longest Input -> ... -> Output chain
    of the time-step schedule, i.e. without the delayed edges of
    include/nirtorch/Dialect/NIR/ExecutionOrder.h: the latency of one step
    in nodes) and the cycles (the delayed edges, `src -> dst`).

    A subgraph node's row holds its nested graph's totals, so the parent's
    totals include everything nested; the nested graph follows with a table
    of its own. A weight whose values cannot be read (a `dense_resource`
    without its blob) makes the synapses unknown (`?`, in JSON `null`) and
    says why. The IR is unchanged.

    ```
    graph @main: 7 nodes, 7 edges
      node        type     neurons  synapses  parameters  bytes  fan-in  fan-out
      input       Input          0         0           0      0       0        1
      fc1         Affine         0       456         494   1976       1        1
      lif1.lif    CubaLIF       38         0         266   2128       2        2
      fc2         Affine         0       266         273   1092       1        1
      lif2        CubaLIF        7         0          49    392       1        1
      output      Output         0         0           0      0       1        0
      lif1.w_rec  Affine         0      1444        1482   5928       1        1
      total                     45      2166        2564  11516
      longest path: 6 (input -> fc1 -> lif1.lif -> fc2 -> lif2 -> output)
      cycles: 1 (lif1.w_rec -> lif1.lif)
    ```

    `format=json` prints the same as one JSON document per graph.
  }];
  let options = [
    Option<"format", "format", "::mlir::nir::StatsFormat",
           /*default=*/"::mlir::nir::StatsFormat::Text",
           "Output format", [{::llvm::cl::values(
             clEnumValN(::mlir::nir::StatsFormat::Text, "text",
                        "aligned columns for reading (default)"),
             clEnumValN(::mlir::nir::StatsFormat::Json, "json",
                        "one JSON document per graph"))}]>,
  ];
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

def NIRCheckTarget : Pass<"nir-check-target", "::mlir::nir::GraphOp"> {
  let summary = "Check a graph against a chip's published design rules";
  let description = [{
    Checks the graph against the design rules of a target: a built-in one
    (`xylo-audio2`, `xylo-audio3`, `xylo-imu`, `speck`, `loihi`) or a
    target file (`target=my-chip.json`), see
    include/nirtorch/Dialect/NIR/TargetDescription.h and docs/Targets.md.
    Each rule is one published limit (neuron counts, fan-in, fan-out,
    weights per core and memory formulas, node types, kernel, stride,
    padding and pooling limits, recurrence, one time step, tau > dt, ...),
    with the source the target file cites for it.

    Every violation is one diagnostic at the node (at the graph for a
    property of the whole graph) that names the rule, the target, the value
    and the limit:

    ```
    error: design rule 'fan_out' of target 'xylo-audio2': node 'lif1':
           neuron 3 sends 80 non-zero weights; limit 64
    ```

    Rules a target marks `"severity": "warning"` warn instead. The pass
    fails when any error was reported; the IR is never changed. Nested
    graphs are checked as the flat graph they stand for (edges are followed
    through their ports). `report=json` (or the command-line flag
    `--nir-check-report=json`) also prints a JSON summary per graph on
    standard output: every rule of the target with its limit, its source,
    and its violations.
  }];
  let options = [
    Option<"target", "target", "std::string", /*default=*/"",
           "A built-in target name, or the path of a target file (.json)">,
    Option<"report", "report", "::mlir::nir::CheckReport",
           /*default=*/"::mlir::nir::CheckReport::None",
           "Print a summary", [{::llvm::cl::values(
             clEnumValN(::mlir::nir::CheckReport::None, "none",
                        "diagnostics only (default)"),
             clEnumValN(::mlir::nir::CheckReport::Json, "json",
                        "a JSON summary per graph on standard output"))}]>,
  ];
}

def NIRLegalizeTarget : Pass<"nir-legalize-target", "::mlir::nir::GraphOp"> {
  let summary = "Rewrite a graph into the structure a chip target reads";
  let description = [{
    Applies the structural rewrites that NIR backends do by hand, as far as
    the target's design rules ask for them (docs/Targets.md):

    - an AvgPool2d (when the target's `node_types` lacks it) becomes a
      SumPool2d, and its 1/(kH kW) goes into the weights of the Conv2d it
      feeds, or of the Affine/Linear behind a Flatten (Sinabs'
      `extract_pooling_from_module`);
    - an Affine bias (when `weight_bias` refuses or drops it) goes into the
      `v_leak` of the LIF or LI it alone feeds, `v_leak + r * b`, and the
      Affine becomes a Linear (Rockpool maps LIF `v_leak` to its bias);
      not where the target requires `v_leak` = 0;
    - consecutive weights (`no_consecutive_weights`) are fused by the folds
      of `nir-fold` (Affine/Linear chains, Scales);
    - when the target reads nested graphs (`NIRGraph` in `node_types`),
      every recurrent block is outlined by `nir-outline-subgraphs
      {recurrent=true}`;
    - when `node_types` has Conv2d but not Linear (or Affine), a Linear
      (Affine) fed by the Flatten of a (C, H, W) signal becomes a Conv2d
      over that signal with one (H, W) kernel per output and output
      (N, 1, 1), the Flatten moved behind it (Sinabs'
      `convert_linear_to_conv`); a Flatten into a neuron moves behind the
      neuron, so the next Linear becomes a Conv2d with 1x1 kernels.

    What stays illegal afterwards (a bias the target refuses and no neuron
    takes, a bias into a CubaLIF/CubaLI, which no `v_leak` reproduces,
    weights that cannot be fused, an AvgPool whose consumer takes no factor,
    a Linear/Affine no Conv2d can replace) is one error at the node, and the
    pass fails.
  }];
  let options = [
    Option<"target", "target", "std::string", /*default=*/"",
           "A built-in target name, or the path of a target file (.json)">,
  ];
  let dependentDialects = ["::mlir::nir::NIRDialect"];
}

def NIRQuantize : Pass<"nir-quantize", "::mlir::nir::GraphOp"> {
  let summary = "Quantise weights, biases and thresholds to a chip's integer widths";
  let description = [{
    Turns the parameters of every neuron layer (a neuron node and the
    weight nodes feeding it) into integers of the target's `widths`
    (`weight_bits`, `bias_bits`, `threshold_bits`, `state_bits`) with one
    of the schemes the vendors publish, and marks each quantised node with
    its scale s (`nir.quant_scale`; include/nirtorch/Dialect/NIR/
    Quantization.h): an integer q stands for q / s. Weights, biases,
    `v_threshold`, `v_reset` and `v_leak` of a layer share its scale, so
    the integer graph spikes as the float one does up to rounding.

    | scheme | scales | source |
    |---|---|---|
    | `global` | one for all hidden layers, one for the output layers | Rockpool `global_quantize` |
    | `channel` | one per output channel of each layer | Rockpool `channel_quantize` |
    | `layer` | one per layer | Sinabs `discretize_conv_spike_` (Speck) |

    A scale is the largest one that fits every quantised parameter of its
    group into its width: s = (2^(b-1) - 1) / max|w| (Rockpool), the
    negative side 2^(b-1) / max|-w| for `layer` (Sinabs'
    `determine_discretization_scale`), the minimum over weights, biases,
    thresholds and state values. `fuzzy` takes |mean| + 2 std of the
    non-zero weights as their range instead of max|w| (Rockpool's
    `fuzzy_scaling`): weights beyond it are clipped to the width, with a
    warning that counts them. Values are rounded to nearest, ties to even.

    Errors, at the node: a target without the widths it needs, a node type
    no chip quantises (Scale, Threshold), a neuron fed by something other
    than weights, a weight node that does not feed exactly one neuron node,
    weights reading the values of a non-spiking neuron (which scaling would
    change), weights of an already quantised node.
  }];
  let options = [
    Option<"target", "target", "std::string", /*default=*/"",
           "A built-in target name, or the path of a target file (.json)">,
    Option<"scheme", "scheme", "::mlir::nir::QuantScheme",
           /*default=*/"::mlir::nir::QuantScheme::Global",
           "How scales are shared", [{::llvm::cl::values(
             clEnumValN(::mlir::nir::QuantScheme::Global, "global",
                        "one scale for hidden layers, one for output layers "
                        "(Rockpool global_quantize; default)"),
             clEnumValN(::mlir::nir::QuantScheme::Channel, "channel",
                        "one scale per output channel (Rockpool "
                        "channel_quantize)"),
             clEnumValN(::mlir::nir::QuantScheme::Layer, "layer",
                        "one scale per layer (Sinabs, Speck)"))}]>,
    Option<"fuzzy", "fuzzy", "bool", /*default=*/"false",
           "Weight range |mean| + 2 std of the non-zero weights, clipping "
           "the rest (Rockpool fuzzy_scaling)">,
  ];
  let dependentDialects = ["::mlir::nir::NIRDialect"];
}

def NIRDequantize : Pass<"nir-dequantize", "::mlir::nir::GraphOp"> {
  let summary = "Turn quantised parameters back into floats";
  let description = [{
    Replaces the integer parameters of every quantised node (one with
    `nir.quant_scale`) by the f32 values they stand for, q / s, and drops
    the scale: what the `.nir` writer writes by default, and what the
    raising to TorchScript needs. The graph then computes what the chip
    computes with its integer weights and thresholds, in the float domain.
  }];
  let dependentDialects = ["::mlir::nir::NIRDialect"];
}

#endif // NIRTORCH_DIALECT_NIR_PASSES_TD
