//===- TorchScriptOps.td - TorchScript mirror ops -----------*- tablegen -*-===//
//
// Structure ops (module objects, their slots and methods, free functions),
// the TorchScript interpreter ops that passes need to see (`prim::GetAttr`,
// `prim::CallMethod`, `prim::If`, ...) and one generic op for every other
// node. docs/TorchScript.md explains how each maps to TorchScript.
//
//===----------------------------------------------------------------------===//

#ifndef NIRTORCH_DIALECT_TORCHSCRIPT_OPS_TD
#define NIRTORCH_DIALECT_TORCHSCRIPT_OPS_TD

include "TorchScriptDialect.td"
include "TorchScriptAttrs.td"
include "TorchScriptInterfaces.td"
include "TorchScriptTypes.td"
include "mlir/IR/OpAsmInterface.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/Interfaces/CallInterfaces.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"
include "mlir/Interfaces/FunctionInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Module objects and their slots
//===----------------------------------------------------------------------===//

def TS_ScriptModuleOp : TS_Op<"module", [
    Symbol, SymbolTable, IsolatedFromAbove, SingleBlock, NoTerminator,
    ParentOneOf<["::mlir::ModuleOp", "ScriptModuleOp"]>,
    DeclareOpInterfaceMethods<TS_SlotOpInterface>]> {
  let summary = "A TorchScript module object";
  let description = [{
    One `torch::jit::Module` object of TorchScript class `class_name`. At the
    top level it is a root module (its symbol name is chosen by the importer);
    nested in another `ts.module` it is the submodule slot of that name.

    The body lists, in this order of kinds but otherwise as TorchScript holds
    them: the class's attribute slots in class order (`ts.parameter`,
    `ts.buffer`, `ts.attribute` and nested `ts.module`), the class constants
    (`ts.class_constant`) and the methods (`ts.method`). Each object carries
    its own copy of its class's methods, so that `self` is always this
    object and `ts.get_attr` on it resolves statically; all objects of one
    class must agree on the class's slots, constants and method signatures.

    ```mlir
    ts.module @root "__torch__.Net" {
      ts.attribute @training : !ts.bool = true
      ts.module @fc "__torch__.torch.nn.modules.linear.Linear" {
        ts.parameter @weight requires_grad : !ts.tensor
            = dense<1.0> : tensor<3x2xf32>
        ...
      }
      ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
        %fc = ts.get_attr %self["fc"] : !Net -> !Linear
        %y = ts.call_method %fc["forward"](%x)
            : !Linear, (!ts.tensor) -> !ts.tensor
        ts.return %y : !ts.tensor
      }
    }
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name, StrAttr:$class_name);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = "$sym_name $class_name attr-dict-with-keyword $body";
  let hasVerifier = 1;
  let hasRegionVerifier = 1;
  let skipDefaultBuilders = 1;
  let builders = [
    OpBuilder<(ins "::llvm::StringRef":$name, "::llvm::StringRef":$className)>
  ];
  let extraClassDeclaration = [{
    /// The type of `self` in this object's methods.
    ModuleType getType();
    /// Whether this object is a root (not a submodule slot).
    bool isRoot();
    /// The root object of the tree holding this one.
    ScriptModuleOp getRoot();
    /// The dotted attribute path from the root ("" for the root itself).
    std::string getPath();
    /// The slot named `name` (parameter, buffer, attribute or submodule), or
    /// null.
    SlotOpInterface lookupSlot(::llvm::StringRef name);
    /// The submodule slot named `name`, or null.
    ScriptModuleOp lookupSubmodule(::llvm::StringRef name);
    /// The method named `name`, or null.
    MethodOp lookupMethod(::llvm::StringRef name);
    /// As above, through the symbol tables cached in `symbolTables`. The
    /// plain forms scan the body, which is linear in the number of slots; a
    /// caller that looks up more than a few names uses these.
    SlotOpInterface lookupSlot(::llvm::StringRef name,
                               ::mlir::SymbolTableCollection &symbolTables);
    ScriptModuleOp lookupSubmodule(::llvm::StringRef name,
                                   ::mlir::SymbolTableCollection &symbolTables);
    MethodOp lookupMethod(::llvm::StringRef name,
                          ::mlir::SymbolTableCollection &symbolTables);
    /// The attribute slots in class order.
    auto getSlots() { return getBody().front().getOps<SlotOpInterface>(); }
    auto getClassConstants() {
      return getBody().front().getOps<ClassConstantOp>();
    }
    auto getMethods() { return getBody().front().getOps<MethodOp>(); }
  }];
}

class TS_ValueSlotOp<string mnemonic, list<Trait> traits = []>
    : TS_Op<mnemonic, !listconcat(traits, [
        Symbol, HasParent<"ScriptModuleOp">,
        DeclareOpInterfaceMethods<TS_SlotOpInterface>])> {
  let arguments = (ins SymbolNameAttr:$sym_name, TypeAttrOf<TS_AnyType>:$type,
                       AnyAttr:$value, UnitAttr:$requires_grad);
  let assemblyFormat = [{
    $sym_name (`requires_grad` $requires_grad^)? `:` $type `=`
    custom<SlotValue>($value) attr-dict
  }];
  let hasVerifier = 1;
}

def TS_ParameterOp : TS_ValueSlotOp<"parameter"> {
  let summary = "A parameter slot of a module object";
  let description = [{
    A TorchScript class attribute registered as a parameter. `type` is the
    class attribute's type (`!ts.tensor`, or `!ts.optional<!ts.tensor>` or
    `!ts.none` for a parameter set to None); `value` is an elements
    attribute (or `#ts.none`). `requires_grad` is the tensor's flag.

    ```mlir
    ts.parameter @bias requires_grad : !ts.tensor = dense<0.0> : tensor<3xf32>
    ```
  }];
}

def TS_BufferOp : TS_ValueSlotOp<"buffer"> {
  let summary = "A buffer slot of a module object";
  let description = [{
    A TorchScript class attribute registered as a buffer; as `ts.parameter`.
  }];
}

def TS_AttributeOp : TS_ValueSlotOp<"attribute"> {
  let summary = "A plain attribute slot of a module object";
  let description = [{
    Any other class attribute (not a submodule): `training`, hyper-parameters,
    lists, dicts, tensors that are neither parameters nor buffers. `value`
    is the attribute encoding of `type` (see `ts.constant`).

    ```mlir
    ts.attribute @training : !ts.bool = true
    ts.attribute @sizes : !ts.list<!ts.int> = [1, 2]
    ```
  }];
}

def TS_ClassConstantOp : TS_Op<"class_constant", [
    Symbol, HasParent<"ScriptModuleOp">]> {
  let summary = "A constant of a module's class (a `Final` attribute)";
  let description = [{
    A TorchScript class constant, as `__constants__` or `Final[...]` make
    them (`stride`, `kernel_size` of `torch.nn.Conv2d`). Scripted methods
    already use the value inline; it is kept so the exported class matches.

    ```mlir
    ts.class_constant @stride : !ts.tuple<!ts.int, !ts.int> = [1, 1]
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name, TypeAttrOf<TS_AnyType>:$type,
                       AnyAttr:$value);
  let assemblyFormat = [{
    $sym_name `:` $type `=` custom<SlotValue>($value) attr-dict
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Methods and functions
//===----------------------------------------------------------------------===//

class TS_FunctionLikeOp<string mnemonic, list<Trait> traits = []>
    : TS_Op<mnemonic, !listconcat(traits, [
        IsolatedFromAbove, FunctionOpInterface, OpAsmOpInterface])> {
  let arguments = (ins SymbolNameAttr:$sym_name,
                       TypeAttrOf<FunctionType>:$function_type,
                       StrArrayAttr:$arg_names,
                       OptionalAttr<DictArrayAttr>:$arg_attrs,
                       OptionalAttr<DictArrayAttr>:$res_attrs);
  let regions = (region SizedRegion<1>:$body);
  let hasCustomAssemblyFormat = 1;
  let hasVerifier = 1;
  let hasRegionVerifier = 1;
  let skipDefaultBuilders = 1;
  let builders = [
    OpBuilder<(ins "::llvm::StringRef":$name, "::mlir::FunctionType":$type,
                   "::llvm::ArrayRef<::llvm::StringRef>":$argNames)>
  ];
  code extraFunctionDeclaration = "";
  let extraClassDeclaration = [{
    ::mlir::Region *getCallableRegion() { return &getBody(); }
    ::llvm::ArrayRef<::mlir::Type> getArgumentTypes() {
      return getFunctionType().getInputs();
    }
    ::llvm::ArrayRef<::mlir::Type> getResultTypes() {
      return getFunctionType().getResults();
    }
    ::mlir::Block &getBodyBlock() { return getBody().front(); }
    /// The TorchScript name of argument `index`.
    ::llvm::StringRef getArgName(unsigned index) {
      return ::llvm::cast<::mlir::StringAttr>(getArgNames()[index]).getValue();
    }
    /// The default value of argument `index`, or null if it has none.
    ::mlir::Attribute getArgDefault(unsigned index);
    /// The terminator of the body.
    ReturnOp getReturnOp();

    /// Prints the arguments under their TorchScript names.
    void getAsmBlockArgumentNames(::mlir::Region &region,
                                  ::mlir::OpAsmSetValueNameFn setNameFn);
  }] # extraFunctionDeclaration;
}

def TS_MethodOp : TS_FunctionLikeOp<"method", [HasParent<"ScriptModuleOp">]> {
  let summary = "A method of a module object, with its graph";
  let description = [{
    A TorchScript method. The first argument is `self`, of the enclosing
    object's `!ts.module` type; the body is the method's graph and ends in
    `ts.return` of the single return value. Arguments print under their
    TorchScript names (kept in `arg_names`); a default value follows the
    type (the `ts.default` argument attribute).

    ```mlir
    ts.method @forward(%self: !LIF, %x: !ts.tensor,
                       %state: !ts.optional<!ts.tensor> = #ts.none)
        -> !ts.tuple<!ts.tensor, !ts.tensor> {
      ...
    }
    ```
  }];
}

def TS_FunctionOp : TS_FunctionLikeOp<"function",
    [HasParent<"::mlir::ModuleOp">]> {
  let summary = "A free TorchScript function";
  let description = [{
    A function of the compilation unit, named by its qualified name
    (`@"__torch__.helper"`) and called with `ts.call_function`.
  }];
}

def TS_ReturnOp : TS_Op<"return", [
    Pure, Terminator, ReturnLike,
    ParentOneOf<["MethodOp", "FunctionOp"]>]> {
  let summary = "Returns from a method or function";
  let arguments = (ins Variadic<TS_AnyType>:$operands);
  let assemblyFormat = "attr-dict ($operands^ `:` type($operands))?";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Constants and object access (prim::Constant, prim::GetAttr, prim::SetAttr)
//===----------------------------------------------------------------------===//

def TS_ConstantOp : TS_Op<"constant", [
    ConstantLike, Pure, DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmResultNames"]>]> {
  let summary = "prim::Constant";
  let description = [{
    A constant of TorchScript type `type(result)`, encoded as:

    | type | value |
    |---|---|
    | `!ts.int` / `!ts.float` / `!ts.bool` | `3`, `0.5`, `true` (i64, f64, i1) |
    | `!ts.str` / `!ts.device` | `"relu"`, `"cpu"` |
    | `!ts.none`, empty `!ts.optional<T>` | `#ts.none` |
    | `!ts.tensor<...>` | an elements attribute of the tensor's shape and dtype |
    | `!ts.tuple<...>` / `!ts.list<T>` | an array of the elements |
    | `!ts.dict<K, V>` | an array of `[key, value]` pairs, in order |

    ```mlir
    %c = ts.constant(1) : !ts.int
    %t = ts.constant(dense<[1.0, 2.0]> : tensor<2xf32>) : !ts.tensor
    ```
  }];
  let arguments = (ins AnyAttr:$value);
  let results = (outs TS_AnyType:$result);
  // The parentheses keep the value's own `: type` (of `dense<...>`) apart
  // from the result type.
  let assemblyFormat = [{
    `(` custom<SlotValue>($value) `)` attr-dict `:` type($result)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
}

def TS_GetAttrOp : TS_Op<"get_attr", [
    DeclareOpInterfaceMethods<SymbolUserOpInterface>,
    DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmResultNames"]>]> {
  let summary = "prim::GetAttr: reads an attribute slot of an object";
  let description = [{
    Reads slot `name` of `object`. When `object` is `self` or reached from it
    through `ts.get_attr`, the slot must exist with the result's type.

    ```mlir
    %fc = ts.get_attr %self["fc"] : !Net -> !Linear
    ```
  }];
  let arguments = (ins TS_ModuleType:$object, StrAttr:$name);
  let results = (outs TS_AnyType:$result);
  let assemblyFormat = [{
    $object `[` $name `]` attr-dict `:` qualified(type($object)) `->`
    type($result)
  }];
}

def TS_SetAttrOp : TS_Op<"set_attr", [
    DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let summary = "prim::SetAttr: writes an attribute slot of an object";
  let description = [{
    ```mlir
    ts.set_attr %self["count"] = %n : !Net, !ts.int
    ```
  }];
  let arguments = (ins TS_ModuleType:$object, StrAttr:$name,
                       TS_AnyType:$value);
  let assemblyFormat = [{
    $object `[` $name `]` `=` $value attr-dict `:`
    qualified(type($object)) `,` type($value)
  }];
}

//===----------------------------------------------------------------------===//
// Calls (prim::CallMethod, prim::CallFunction)
//===----------------------------------------------------------------------===//

def TS_CallMethodOp : TS_Op<"call_method", [
    DeclareOpInterfaceMethods<CallOpInterface>,
    DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let summary = "prim::CallMethod: calls a method of an object";
  let description = [{
    Calls method `method` of `object` with `arguments` (without `self`).
    This is how a module calls its submodules, and what lowering patterns
    match: the class of `object` says which module is called.

    When `object` resolves statically (`self` or a `ts.get_attr` chain from
    it), the callee is the method `@path::@to::@object::@method` relative to
    the enclosing `ts.module`, so MLIR's call graph and `inline` pass see the
    call; its `self` is the first call argument. A call carrying the unit
    attribute `ts.noinline` is never inlined.

    ```mlir
    %y = ts.call_method %fc["forward"](%x)
        : !Linear, (!ts.tensor) -> !ts.tensor
    ```
  }];
  let arguments = (ins TS_ModuleType:$object, StrAttr:$method,
                       Variadic<TS_AnyType>:$arguments);
  let results = (outs TS_AnyType:$result);
  let assemblyFormat = [{
    $object `[` $method `]` `` `(` $arguments `)` attr-dict `:`
    qualified(type($object)) `,` functional-type($arguments, $result)
  }];
  let extraClassDeclaration = [{
    /// The class name of the called object.
    ::llvm::StringRef getClassName() {
      return ::llvm::cast<ModuleType>(getObject().getType()).getClassName();
    }
  }];
}

def TS_CallFunctionOp : TS_Op<"call_function", [
    CallOpInterface, DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let summary = "prim::CallFunction: calls a free function";
  let description = [{
    ```mlir
    %y = ts.call_function @"__torch__.helper"(%x, %k)
        : (!ts.tensor, !ts.float) -> !ts.tensor
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$callee,
                       Variadic<TS_AnyType>:$arguments);
  let results = (outs TS_AnyType:$result);
  let assemblyFormat = [{
    $callee `(` $arguments `)` attr-dict `:`
    functional-type($arguments, $result)
  }];
  let extraClassDeclaration = [{
    ::mlir::CallInterfaceCallable getCallableForCallee() {
      return getCalleeAttr();
    }
    void setCalleeFromCallable(::mlir::CallInterfaceCallable callee) {
      setCalleeAttr(::llvm::cast<::mlir::FlatSymbolRefAttr>(
          callee.get<::mlir::SymbolRefAttr>()));
    }
    ::mlir::Operation::operand_range getArgOperands() {
      return getArguments();
    }
    ::mlir::MutableOperandRange getArgOperandsMutable() {
      return getArgumentsMutable();
    }
  }];
}

//===----------------------------------------------------------------------===//
// Tuples, lists and dicts
//===----------------------------------------------------------------------===//

def TS_TupleConstructOp : TS_Op<"tuple_construct", [Pure]> {
  let summary = "prim::TupleConstruct";
  let description = [{
    ```mlir
    %t = ts.tuple_construct %v, %z
        : (!ts.tensor, !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor>
    ```
  }];
  let arguments = (ins Variadic<TS_AnyType>:$elements);
  let results = (outs TS_TupleType:$result);
  let assemblyFormat = [{
    ($elements^)? attr-dict `:` functional-type($elements, $result)
  }];
  let hasVerifier = 1;
}

def TS_TupleUnpackOp : TS_Op<"tuple_unpack", [Pure]> {
  let summary = "prim::TupleUnpack";
  let description = [{
    ```mlir
    %v, %z = ts.tuple_unpack %t : !ts.tuple<!ts.tensor, !ts.tensor>
        -> !ts.tensor, !ts.tensor
    ```
  }];
  let arguments = (ins TS_TupleType:$tuple);
  let results = (outs Variadic<TS_AnyType>:$elements);
  let assemblyFormat = [{
    $tuple attr-dict `:` qualified(type($tuple)) `->` type($elements)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
}

def TS_ListConstructOp : TS_Op<"list_construct"> {
  let summary = "prim::ListConstruct: a new (mutable) list";
  let description = [{
    Lists are mutable, so two constructions are two lists: this op is not
    pure and is never merged.

    ```mlir
    %l = ts.list_construct %a, %b : (!ts.int, !ts.int) -> !ts.list<!ts.int>
    ```
  }];
  let arguments = (ins Variadic<TS_AnyType>:$elements);
  let results = (outs TS_ListType:$result);
  let assemblyFormat = [{
    ($elements^)? attr-dict `:` functional-type($elements, $result)
  }];
  let hasVerifier = 1;
  let hasCanonicalizer = 1;
}

def TS_ListUnpackOp : TS_Op<"list_unpack"> {
  let summary = "prim::ListUnpack: the elements of a list of known length";
  let arguments = (ins TS_ListType:$list);
  let results = (outs Variadic<TS_AnyType>:$elements);
  let assemblyFormat = [{
    $list attr-dict `:` qualified(type($list)) `->` type($elements)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
}

def TS_DictConstructOp : TS_Op<"dict_construct"> {
  let summary = "prim::DictConstruct: a new (mutable) dict";
  let description = [{
    Operands alternate keys and values, in insertion order, as in
    TorchScript.

    ```mlir
    %d = ts.dict_construct %k, %v
        : (!ts.str, !ts.tensor) -> !ts.dict<!ts.str, !ts.tensor>
    ```
  }];
  let arguments = (ins Variadic<TS_AnyType>:$keysAndValues);
  let results = (outs TS_DictType:$result);
  let assemblyFormat = [{
    ($keysAndValues^)? attr-dict `:`
    functional-type($keysAndValues, $result)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Control flow (prim::If, prim::Loop)
//===----------------------------------------------------------------------===//

def TS_IfOp : TS_Op<"if", [RecursiveMemoryEffects, NoRegionArguments]> {
  let summary = "prim::If";
  let description = [{
    Runs `thenRegion` if `condition` holds, else `elseRegion`; both end in
    `ts.yield` of the results (possibly subtypes of the result types, as
    TorchScript unifies branch types).

    ```mlir
    %v = ts.if %is_none -> (!ts.tensor) {
      ts.yield %zeros : !ts.tensor
    } else {
      ts.yield %v0 : !ts.tensor
    }
    ```
  }];
  let arguments = (ins TS_BoolType:$condition);
  let results = (outs Variadic<TS_AnyType>:$results);
  let regions = (region SizedRegion<1>:$thenRegion,
                        SizedRegion<1>:$elseRegion);
  let assemblyFormat = [{
    $condition (`->` `(` type($results)^ `)`)? $thenRegion `else` $elseRegion
    attr-dict
  }];
  let hasVerifier = 1;
  let hasCanonicalizer = 1;
}

def TS_LoopOp : TS_Op<"loop", [RecursiveMemoryEffects]> {
  let summary = "prim::Loop";
  let description = [{
    TorchScript's one loop: runs the body while the trip count is below
    `max_trip_count` and the condition holds. The body's arguments are the
    iteration index (`!ts.int`) and the loop-carried values, which start as
    `init_values`; it ends in `ts.condition` with the condition for the next
    iteration and the next carried values. The results are the last carried
    values. A `for` loop has a `true` condition; a `while` loop has a
    maximal trip count.

    ```mlir
    %y = ts.loop %n, %true iter_args(%y0) : (!ts.tensor) -> (!ts.tensor) {
    ^bb0(%i: !ts.int, %y1: !ts.tensor):
      ...
      ts.condition(%true) %y2 : !ts.tensor
    }
    ```
  }];
  let arguments = (ins TS_IntType:$max_trip_count,
                       TS_BoolType:$initial_condition,
                       Variadic<TS_AnyType>:$init_values);
  let results = (outs Variadic<TS_AnyType>:$results);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    $max_trip_count `,` $initial_condition
    `iter_args` `(` $init_values `)` attr-dict `:`
    functional-type($init_values, $results) $body
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    ::mlir::Block &getBodyBlock() { return getBody().front(); }
    /// The iteration index (the body's first argument).
    ::mlir::BlockArgument getInductionVar() { return getBodyBlock().getArgument(0); }
    /// The body arguments holding the loop-carried values.
    ::mlir::Block::BlockArgListType getRegionIterArgs() {
      return getBodyBlock().getArguments().drop_front();
    }
  }];
}

def TS_YieldOp : TS_Op<"yield", [
    Pure, Terminator, ReturnLike, HasParent<"IfOp">]> {
  let summary = "Ends a branch of ts.if with its results";
  let arguments = (ins Variadic<TS_AnyType>:$results);
  let assemblyFormat = "attr-dict ($results^ `:` type($results))?";
}

def TS_ConditionOp : TS_Op<"condition", [
    Pure, Terminator, HasParent<"LoopOp">]> {
  let summary = "Ends a ts.loop body: the next condition and carried values";
  let arguments = (ins TS_BoolType:$condition,
                       Variadic<TS_AnyType>:$values);
  let assemblyFormat = [{
    `(` $condition `)` attr-dict ($values^ `:` type($values))?
  }];
}

//===----------------------------------------------------------------------===//
// Every other node
//===----------------------------------------------------------------------===//

def TS_OperatorOp : TS_Op<"operator"> {
  let summary = "Any other TorchScript node: a registered operator call";
  let description = [{
    A call of the registered TorchScript operator `name` (`"aten::linear"`,
    `"prim::unchecked_cast"`), overload `overload` ("" for the default
    overload). The importer checks the node against the operator registry
    and the exporter checks it again, so the op only holds what TorchScript
    can run. Printed as one string, `name.overload`.

    ```mlir
    %r = ts.operator "aten::add.Tensor"(%a, %b, %alpha)
        : (!ts.tensor, !ts.tensor, !ts.int) -> !ts.tensor
    ```
  }];
  let arguments = (ins StrAttr:$name, StrAttr:$overload,
                       Variadic<TS_AnyType>:$operands);
  let results = (outs Variadic<TS_AnyType>:$results);
  let assemblyFormat = [{
    custom<OperatorName>($name, $overload) `(` $operands `)` attr-dict `:`
    functional-type($operands, $results)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The qualified operator name with its overload: `aten::add.Tensor`.
    std::string getQualifiedName();
  }];
  let hasFolder = 1;
  let hasCanonicalizer = 1;
}

//===----------------------------------------------------------------------===//
// Lowering ops (no TorchScript node)
//===----------------------------------------------------------------------===//

def TS_DelayedReadOp : TS_Op<"delayed_read", [Pure]> {
  let summary = "The output a node wrote into the state on the previous step";
  let description = [{
    What `ts-remove-state` leaves of a read of the state key
    `"<source>.out"` that reaches a signal op: the output of node `source`
    one time step earlier, a delayed edge of the NIR graph (a raised
    module's recurrent edge, docs/Lowering.md "Delayed edges"). `shape` is
    the NIR shape (without batch dim) of the read's zeros fallback when it is
    constant; `like` is the signal whose shape the fallback copies
    (`torch.zeros_like(x)`). With neither, the conversion takes the shape of
    the other signal operand of the op using it. TorchScript has no such
    node: the op exists only between `ts-remove-state` and
    `convert-torchscript-to-nir`.

    ```mlir
    %rec = ts.delayed_read "rec" {shape = array<i64: 2>} : !ts.tensor
    %h = ts.delayed_read "h" like %x : !ts.tensor : !ts.tensor
    ```
  }];
  let arguments = (ins StrAttr:$source, Optional<TS_TensorType>:$like,
                       OptionalAttr<DenseI64ArrayAttr>:$shape);
  let results = (outs TS_TensorType:$result);
  let assemblyFormat = [{
    $source (`like` $like^ `:` type($like))? attr-dict `:` type($result)
  }];
}

#endif // NIRTORCH_DIALECT_TORCHSCRIPT_OPS_TD
