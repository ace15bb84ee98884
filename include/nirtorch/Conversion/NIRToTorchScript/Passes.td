//===- Passes.td - NIR to TorchScript raising ---------------*- tablegen -*-===//

#ifndef NIRTORCH_CONVERSION_NIRTOTORCHSCRIPT_PASSES_TD
#define NIRTORCH_CONVERSION_NIRTOTORCHSCRIPT_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertNIRToTorchScript
    : Pass<"convert-nir-to-torchscript", "::mlir::ModuleOp"> {
  let summary = "Raise every nir.graph to a runnable TorchScript module";
  let description = [{
    Replaces each top-level `nir.graph @g` by a root `ts.module @g` of class
    `__torch__.nirtorch.graphs.<g>` with one submodule per node (class
    `__torch__.nirtorch.nodes.<NIR type>`, parameters as buffers, the exact
    node name in `nir_name`), a `forward(<inputs>..., state=None) ->
    (<outputs>..., state)` method running one time step (ports in name
    order, recorded in the root's `nir_inputs`, `nir_input_shapes` and
    `nir_outputs`) and a `forward_sequence(<inputs>...)` method running
    dim 0 as time.
    Nested graphs run as if inlined (`nir-inline-subgraphs`); each becomes a
    submodule holding its nodes and what the lowering needs to rebuild it.
    The module records what it was made from so that the lowering gives the
    same graph back: every parameter's file dtype (`nir_dtypes`), graph and
    node metadata (`nir_metadata`), Flatten's own dims and the nesting.
    docs/Raising.md describes the semantics, the state keys and what is not
    supported yet.
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
  ];
  let dependentDialects = ["::mlir::ts::TorchScriptDialect",
                           "::mlir::nir::NIRDialect"];
}

#endif // NIRTORCH_CONVERSION_NIRTOTORCHSCRIPT_PASSES_TD
