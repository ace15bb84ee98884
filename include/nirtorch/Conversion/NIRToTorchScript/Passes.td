//===- Passes.td - NIR to TorchScript raising ---------------*- tablegen -*-===//

#ifndef NIRTORCH_CONVERSION_NIRTOTORCHSCRIPT_PASSES_TD
#define NIRTORCH_CONVERSION_NIRTOTORCHSCRIPT_PASSES_TD

include "mlir/Pass/PassBase.td"

def RaiseNIRRecordNesting
    : Pass<"raise-nir-record-nesting", "::mlir::ModuleOp"> {
  let summary = "Record the nesting of each nir.graph before it is inlined";
  let description = [{
    The first stage of the raising (docs/Raising.md, "The pipeline"). The
    raised module runs nested graphs inlined but keeps their nesting in
    container submodules, which the lowering re-nests. This pass records,
    on every top-level `nir.graph` that has `nir.subgraph` nodes, the
    nesting as it is (`nirtorch.nesting`: per graph level its nodes with the
    sources of their incoming edges, its port metadata and its subgraphs,
    each with its name, metadata, ports and their shapes), so that
    `raise-nir-nodes` finds it after `nir-inline-subgraphs`. It also
    checks that every node has an inferred shape, before inlining renames
    the nodes of subgraphs (`run --nir-infer-shapes`).
  }];
}

def RaiseNIRNodes : Pass<"raise-nir-nodes", "::mlir::ModuleOp"> {
  let summary = "Build the TorchScript module of every node of each "
                "scheduled nir.graph";
  let description = [{
    Stage 4 of the raising (docs/Raising.md, "The pipeline"; the pipeline
    `convert-nir-to-torchscript` runs them all, `raise-nir-graphs` this
    stage and the next). For each top-level `nir.graph @g`, inlined and
    scheduled (`nir.step`, `nir.delayed` from `nir-schedule`: a node
    without them is an error), builds the root `ts.module @g` of class
    `__torch__.nirtorch.graphs.<g>` with its records (ports in name order in
    `nir_inputs`, `nir_input_shapes`, `nir_outputs`; metadata; the nesting
    recorded by `raise-nir-record-nesting` as container submodules) and
    one submodule per node: the implementation a node map or node library
    gives for its type (`node-library`, docs/Raising.md "Node libraries"),
    else the built-in class `__torch__.nirtorch.nodes.<NIR type>`
    (include/nirtorch/Conversion/RaisedClasses.h; parameters as buffers, the
    exact node name in `nir_name`, each parameter's file dtype in
    `nir_dtypes`). The graph moves to `@<g>.nir` and records its root
    (`nirtorch.raised_root`); each node records how the root calls it
    (`nirtorch.slot_path`, `nirtorch.step`, `nirtorch.states`,
    `nirtorch.state_shapes`, `nirtorch.coefficients`), for
    `raise-nir-forward`.
  }];
  let options = [
    Option<"dt", "dt", "double", "1e-4",
           "Time step in seconds (a `dt` in the graph metadata wins unless "
           "this option is given explicitly)">,
    Option<"dtype", "dtype", "std::string", "\"float32\"",
           "Floating-point type of parameters and states: float32 | float64">,
    Option<"reset", "reset", "std::string", "\"value\"",
           "Reset after a spike: value (v = v_reset) | subtract "
           "(v -= v_threshold)">,
    Option<"strict", "strict", "bool", "false",
           "Refuse a parameter whose values the chosen dtype cannot hold "
           "exactly (by default a warning: the buffer keeps its file dtype "
           "and is converted where it is used)">,
    ListOption<"nodeLibraries", "node-library", "std::string",
               "Node libraries (docs/Raising.md, Node libraries): JSON "
               "bindings naming a TorchScript file of prototypes, or such a "
               "file holding its binding; each later one wins">,
  ];
  let dependentDialects = ["::mlir::ts::TorchScriptDialect",
                           "::mlir::nir::NIRDialect"];
}

def RaiseNIRForward : Pass<"raise-nir-forward", "::mlir::ModuleOp"> {
  let summary = "Build forward and forward_sequence of each raised graph's "
                "root module, and erase the graph";
  let description = [{
    Stage 5 of the raising (docs/Raising.md, "The pipeline"). For each
    graph `raise-nir-nodes` has built a root for, adds to the root a
    `forward(<inputs>..., state=None) -> (<outputs>..., state)` method
    running one time step and a `forward_sequence(<inputs>...)` method
    running dim 0 as time: the nodes in the recorded schedule, each called
    in its step convention (its state kept in the state dict under
    `<node>.<state>`, delayed edges read from `<source>.out`); the built-in
    neurons' coefficients are computed once per sequence. Then erases the
    graph. A graph without a root is an error.
  }];
  let dependentDialects = ["::mlir::ts::TorchScriptDialect",
                           "::mlir::nir::NIRDialect"];
}

def TSSplitMethods : Pass<"ts-split-methods", "::mlir::ModuleOp"> {
  let summary = "Move the ops of huge ts.method blocks into part functions";
  let description = [{
    The last stage of the raising (docs/Raising.md, "Large graphs").
    TorchScript's save prints, and its load compiles, a method in time that
    grows faster than linearly with its statements (30000 statements in
    one method save 11-20 times as slowly as 10000: bench/method-size.py). So every block of a
    `ts.method` holding more than `max-ops` ops (nested ones counted;
    loop bodies before the blocks around them) is cut into runs of at most
    `max-ops` ops, and each run moves into a new `ts.function`,
    `<class>_<method>_part<k>` (`__torch__.nirtorch.graphs.g_forward_part3`,
    unique among the module's symbols), called where the run was. The
    values the run uses from before it are the part's arguments; the values
    used after it its result (one value, a tuple, or None). For the
    submodules of `self` the run calls, the part takes their containers (a
    submodule of `self` itself, any other the object it is read from) and
    reads them again; it takes `self` only where the run uses `self`
    itself. TorchScript's load walks the whole type below every module
    value of a function, several times per function, so parts taking the
    root made it grow as parts times nodes. Constants are made again in
    the part. A block where another module value (not read from `self`)
    would cross a boundary stays as it is, with a warning. Only methods of
    a class with one object are split, so that every object of a class
    keeps the same methods. The lowering inlines the parts back
    (`ts-inline-calls`).
  }];
  let options = [
    Option<"maxOps", "max-ops", "uint64_t", "2000",
           "Split blocks holding more ops than this (positive)">,
  ];
  let dependentDialects = ["::mlir::ts::TorchScriptDialect"];
}

#endif // NIRTORCH_CONVERSION_NIRTOTORCHSCRIPT_PASSES_TD
