//===- Passes.td - TorchScript to NIR lowering -------------*- tablegen -*-===//

#ifndef NIRTORCH_CONVERSION_TORCHSCRIPTTONIR_PASSES_TD
#define NIRTORCH_CONVERSION_TORCHSCRIPTTONIR_PASSES_TD

include "mlir/Pass/PassBase.td"

def TSMatchModuleMaps : Pass<"ts-match-module-maps", "::mlir::ModuleOp"> {
  let summary = "Mark the module calls a module map lowers as a whole";
  let description = [{
    The stage before inlining (docs/Lowering.md): every entry of the module
    map (the pass's, with a `module-map` file on top, then the raised node
    classes) is a rewrite pattern on `ts.call_method %obj["forward"]` of a
    matching class (exact name or glob, TorchScript's mangling stripped).
    Pattern benefits follow the map's precedence: later layers first, exact
    names before globs. The pattern marks the call `ts.noinline` (so
    `ts-inline-calls` keeps it) and `ts.module_map = "<entry key>"`, the
    entry `convert-torchscript-to-nir` builds the node with once the input's
    shape is known. Calls of `F.lp_pool2d`, which the lowering maps as a
    function, are marked `ts.noinline` too.
  }];
  let options = [
    Option<"moduleMapFile", "module-map", "std::string", /*default=*/"\"\"",
           "module map file (JSON, or PDL: .pdll or .mlir) whose mappings "
           "are added on top of the pass's module map, winning over its "
           "entries">,
    ListOption<"registeredMaps", "registered-maps", "std::string",
               "names of registered module maps (a pass plugin's, "
               "nirtorch::registerModuleMap) to add on top of the pass's "
               "module map, in order, below the module-map file">,
  ];
  let dependentDialects = ["::mlir::pdl::PDLDialect",
                           "::mlir::pdl_interp::PDLInterpDialect"];
}

def TSInlineCalls : Pass<"ts-inline-calls", "::mlir::ModuleOp"> {
  let summary = "Inline the module and function calls of root ts.modules";
  let description = [{
    The first stage of the lowering (docs/Lowering.md): inlines every
    `ts.call_method` whose object resolves statically and every
    `ts.call_function` into the `forward` of the root `ts.module`s, through
    the `ts` dialect's inliner interface, until no such call is left. A call
    marked `ts.noinline` (a call a module map lowers as a whole) stays. The
    root's other methods, which the lowering does not read, are erased
    unless forward still calls them (a raised root's `forward_sequence`
    holds every node call in one loop, which later stages would only pay
    for), and so are the `ts.function`s nothing left refers to (the part
    functions of a raised `forward_sequence`).
    Inlined ops keep their locations inside a CallSiteLoc of the call,
    wrapped in a NameLoc of the called submodule's path, so diagnostics and
    node names still name the submodule.

    MLIR's `inline` pass uses the same interface but only follows flat
    symbol references (MLIR 19's inliner skips nested ones, and a
    `ts.call_function` resolves from the builtin module, not the nearest
    symbol table); this pass walks the object tree instead. A recursive
    call is an error.
  }];
}

def TSExtractTimeStep : Pass<"ts-extract-time-step", "::mlir::ModuleOp"> {
  let summary = "Rewrite a forward that loops over time to its one step";
  let description = [{
    A NIR graph is one time step. A root's `forward` that loops over the
    steps of an input (`for step in range(x.size(d))`, reading `x[step]`,
    carrying state and collecting its outputs with `list.append` and
    `torch.stack(..., d)`, the form of the snnTorch tutorials) becomes its
    loop body run once: `x` stands for one step, the carried values start
    from their initial values (state), and each stacked list is the value
    appended to it. Runs after inlining (calls in the body are inlined or
    marked). A loop that reads a forward input but is not such a loop is an
    error saying what does not fit; loops that read no input are left alone.
    See docs/Lowering.md, "Time loops".
  }];
}

def TSRemoveState : Pass<"ts-remove-state", "::mlir::ModuleOp"> {
  let summary = "Remove the state plumbing of a root's forward";
  let description = [{
    NIR has no state values: a node's state is implicit. This stage of the
    lowering (docs/Lowering.md, "State") analyses the whole `forward` of
    each root `ts.module` (inlined, after `ts-inline-calls`) and classifies
    every value as a signal (computed from an input by op patterns and
    mapped calls), state (forward's arguments with a default that may hold
    tensors, the elements of a mapped call's tuple result other than its
    output, and whatever is computed from them or only from a signal's
    metadata) or neither. Then:

    - every op computing state is erased: dict and tuple plumbing, reads
      of the state dict, zero states, branches on `state is None`, the
      writes of the next step's state;
    - forward returns its outputs only: the returned signal, or the leading
      signals of a returned tuple (one signal, or a tuple of them);
    - a read of the state key `"<node>.out"` that reaches a signal op
      becomes `ts.delayed_read "<node>"`, the delayed edge of a raised
      module, with its zeros fallback's shape;
    - of a mapped call's tuple result, the element a signal op uses is its
      output; the others are state;
    - a state value that an op left in place still reads (a mapped module's
      state argument) becomes `prim::Uninitialized`.

    State that reaches a signal op, a signal op under a branch on a
    run-time condition, a branch yielding a signal, a second element of
    one stateful call used as a signal and a signal returned after state
    are errors naming the op and where the state comes from. A root that a
    module map entry maps (`ts.module_map`) is left alone.
  }];
  let options = [
    Option<"rootName", "root", "std::string", /*default=*/"\"\"",
           "symbol of the root ts.module to work on (default: every root)">,
  ];
}

def ConvertTorchScriptToNIR
    : Pass<"convert-torchscript-to-nir", "::mlir::ModuleOp"> {
  let summary = "Lower a root ts.module's forward to one nir.graph";
  let description = [{
    Lowers the `forward` method of the root `ts.module`, as
    `ts-remove-state` leaves it, to a `nir.graph` named after the root: a
    dialect conversion in which every `ts` op a signal reaches is illegal.
    The graph's inputs replace `forward`'s arguments; a call marked for a
    module map entry (nirtorch::ModuleMap) becomes the node the entry
    builds, named after the submodule path; each `ts.operator` on a signal
    is lowered by its aten op pattern (the torch.nn layers' code, inlined,
    among them); a sum of signals is fan-in; a `ts.delayed_read` is an edge
    from the node it names. A node's result type is inferred from its
    converted operands. The op-by-op forms of `x @ W + b` and LP pooling are
    then folded by `nir` canonicalization patterns. The map holds what the
    options name, and the raised node classes. See docs/Lowering.md.
  }];
  let options = [
    Option<"inputShape", "input-shape", "std::string", /*default=*/"\"\"",
           "NIR shapes of the graph inputs, without batch dim, comma-separated "
           "in forward's argument order (e.g. 2x34x34, or 2x3,4 for two "
           "inputs); needed when forward's input types carry no sizes and "
           "the module records none">,
    Option<"rootName", "root", "std::string", /*default=*/"\"\"",
           "symbol of the root ts.module to lower (default: the only one)">,
    Option<"moduleMapFile", "module-map", "std::string", /*default=*/"\"\"",
           "module map file (JSON, or PDL: .pdll or .mlir) whose mappings "
           "are added on top of the pass's module map, winning over its "
           "entries (see docs/Lowering.md); the calls its PDL patterns match "
           "are marked first, as ts-match-module-maps does">,
    ListOption<"registeredMaps", "registered-maps", "std::string",
               "names of registered module maps (a pass plugin's, "
               "nirtorch::registerModuleMap) to add on top of the pass's "
               "module map, in order, below the module-map file">,
  ];
  let dependentDialects = ["::mlir::nir::NIRDialect",
                           "::mlir::pdl::PDLDialect",
                           "::mlir::pdl_interp::PDLInterpDialect"];
}

#endif // NIRTORCH_CONVERSION_TORCHSCRIPTTONIR_PASSES_TD
