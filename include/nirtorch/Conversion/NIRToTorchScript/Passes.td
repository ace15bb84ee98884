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
    `raise-nir-graphs` finds it after `nir-inline-subgraphs`. It also
    checks that every node has an inferred shape, before inlining renames
    the nodes of subgraphs (`run --nir-infer-shapes`).
  }];
}

def RaiseNIRGraphs : Pass<"raise-nir-graphs", "::mlir::ModuleOp"> {
  let summary = "Raise every scheduled nir.graph to a runnable TorchScript "
                "module";
  let description = [{
    The last stage of the raising (docs/Raising.md, "The pipeline"; the
    pipeline `convert-nir-to-torchscript` runs them all). Replaces each
    top-level `nir.graph @g`, inlined and scheduled (`nir.step`,
    `nir.delayed` from `nir-schedule`: a node without them is an error), by
    a root `ts.module @g` of class `__torch__.nirtorch.graphs.<g>` with one
    submodule per node (class `__torch__.nirtorch.nodes.<NIR type>`,
    include/nirtorch/Conversion/RaisedClasses.h; parameters as buffers, the
    exact node name in `nir_name`), a `forward(<inputs>..., state=None) ->
    (<outputs>..., state)` method running one time step in the recorded
    order (ports in name order, recorded in the root's `nir_inputs`,
    `nir_input_shapes` and `nir_outputs`) and a `forward_sequence(<inputs>...)`
    method running dim 0 as time.
    The nesting recorded by `raise-nir-record-nesting` becomes container
    submodules holding the nodes of each subgraph. The module records what
    it was made from so that the lowering gives the same graph back: every
    parameter's file dtype (`nir_dtypes`), graph and node metadata
    (`nir_metadata`), Flatten's own dims and the nesting.
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

#endif // NIRTORCH_CONVERSION_NIRTOTORCHSCRIPT_PASSES_TD
