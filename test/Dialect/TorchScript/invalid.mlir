// One case per verifier branch of the ts dialect.
// RUN: nir-opt %s -split-input-file -verify-diagnostics

//===----------------------------------------------------------------------===//
// Types
//===----------------------------------------------------------------------===//

// expected-error @+1 {{tensor sizes must be non-negative or '?'}}
ts.function @"__torch__.f"(%x: !ts.tensor<[-2], f32>) -> !ts.int

// -----

// expected-error @+1 {{'si32' is not a TorchScript dtype}}
ts.function @"__torch__.f"(%x: !ts.tensor<[2], si32>) -> !ts.int

// -----

// expected-error @+1 {{tuple element type 'i32' is not a TorchScript type}}
ts.function @"__torch__.f"(%x: !ts.tuple<i32>) -> !ts.int

// -----

// expected-error @+1 {{NamedTuple field name 'a' is empty or repeated}}
ts.function @"__torch__.f"(%x: !ts.tuple<"__torch__.P"(a: !ts.int, a: !ts.int)>) -> !ts.int

// -----

// expected-error @+1 {{a NamedTuple type needs its class name}}
ts.function @"__torch__.f"(%x: !ts.tuple<""(a: !ts.int)>) -> !ts.int

// -----

// expected-error @+1 {{default of NamedTuple field 'a': value "one" does not encode a '!ts.int': expected a 64-bit integer}}
ts.function @"__torch__.f"(%x: !ts.tuple<"__torch__.P"(a: !ts.int = "one")>) -> !ts.int

// -----

// expected-error @+1 {{field 'b' without a default follows one with a default}}
ts.function @"__torch__.f"(%x: !ts.tuple<"__torch__.P"(a: !ts.int = 1, b: !ts.int)>) -> !ts.int

// -----

// A plain tuple is not a NamedTuple (the other way round it is).
ts.function @"__torch__.f"(%x: !ts.tensor) -> !ts.tuple<"__torch__.S"(v: !ts.tensor)> {
  %t = ts.tuple_construct %x : (!ts.tensor) -> !ts.tuple<!ts.tensor>
  // expected-error @+1 {{returns '!ts.tuple<!ts.tensor>' where the function returns '!ts.tuple<"__torch__.S"(v: !ts.tensor)>'}}
  ts.return %t : !ts.tuple<!ts.tensor>
}

// -----

// expected-error @+1 {{list element type 'f32' is not a TorchScript type}}
ts.function @"__torch__.f"(%x: !ts.list<f32>) -> !ts.int

// -----

// expected-error @+1 {{dict key type '!ts.list<!ts.int>' is not str, int, float, bool or a tensor}}
ts.function @"__torch__.f"(%x: !ts.dict<!ts.list<!ts.int>, !ts.int>) -> !ts.int

// -----

// expected-error @+1 {{dict value type 'index' is not a TorchScript type}}
ts.function @"__torch__.f"(%x: !ts.dict<!ts.str, index>) -> !ts.int

// -----

// expected-error @+1 {{optional element type 'i1' is not a TorchScript type}}
ts.function @"__torch__.f"(%x: !ts.optional<i1>) -> !ts.int

// -----

// expected-error @+1 {{a module type needs a class name}}
ts.function @"__torch__.f"(%x: !ts.module<"">) -> !ts.int

// -----

// expected-error @+1 {{an opaque type needs its TorchScript annotation}}
ts.function @"__torch__.f"(%x: !ts.opaque<"">) -> !ts.int

//===----------------------------------------------------------------------===//
// ts.module
//===----------------------------------------------------------------------===//

// -----

// expected-error @+1 {{class name 'Net' is not a qualified name under '__torch__'}}
ts.module @root "Net" {
}

// -----

ts.module @root "__torch__.Net" {
  // expected-error @+1 {{cannot appear in a module body, which holds only slots, class constants and methods}}
  %c = ts.constant(1) : !ts.int
}

// -----

ts.module @root "__torch__.Net" {
  ts.class_constant @k : !ts.int = 1
  // expected-error @+1 {{must precede the class constants and methods of its module}}
  ts.attribute @training : !ts.bool = true
}

// -----

ts.module @root "__torch__.Net" {
  ts.method @forward(%self: !ts.module<"__torch__.Net">) -> !ts.none {
    %none = ts.constant(#ts.none) : !ts.none
    ts.return %none : !ts.none
  }
  // expected-error @+1 {{must precede the methods of its module}}
  ts.class_constant @k : !ts.int = 1
}

// -----

ts.module @root "__torch__.Net" {
  // expected-note @+1 {{see existing symbol definition here}}
  ts.attribute @w : !ts.int = 1
  // expected-error @+1 {{redefinition of symbol named 'w'}}
  ts.attribute @w : !ts.int = 2
}

// -----

ts.module @root "__torch__.Net" {
  ts.module @a "__torch__.Leaf" {
    // expected-note @+1 {{where the other object has attribute 'gain' : !ts.float}}
    ts.attribute @gain : !ts.float = 1.0
  }
  // expected-error @+1 {{disagrees with another object of class '__torch__.Leaf': it has attribute 'gain' : !ts.int}}
  ts.module @b "__torch__.Leaf" {
    ts.attribute @gain : !ts.int = 1
  }
}

// -----

ts.module @root "__torch__.Net" {
  ts.module @a "__torch__.Leaf" {
    ts.attribute @gain : !ts.float = 1.0
    // expected-note @+1 {{where the other object has method 'forward'}}
    ts.method @forward(%self: !ts.module<"__torch__.Leaf">) -> !ts.float {
      %g = ts.get_attr %self["gain"] : !ts.module<"__torch__.Leaf"> -> !ts.float
      ts.return %g : !ts.float
    }
  }
  // expected-error @+1 {{it lacks method 'forward'}}
  ts.module @b "__torch__.Leaf" {
    ts.attribute @gain : !ts.float = 2.0
  }
}

// -----

ts.function @"__torch__.f"() -> !ts.none {
  // expected-error @+1 {{expects parent op to be one of 'builtin.module, ts.module'}}
  ts.module @inner "__torch__.Inner" {
  }
  %none = ts.constant(#ts.none) : !ts.none
  ts.return %none : !ts.none
}

//===----------------------------------------------------------------------===//
// Slots and class constants
//===----------------------------------------------------------------------===//

// -----

ts.module @root "__torch__.Net" {
  // expected-error @+1 {{type must be a tensor, an optional tensor or none, not '!ts.int'}}
  ts.parameter @p : !ts.int = 1
}

// -----

ts.module @root "__torch__.Net" {
  // expected-error @+1 {{value 1.000000e+00 : f64 does not encode a '!ts.int': expected a 64-bit integer}}
  ts.attribute @a : !ts.int = 1.0
}

// -----

ts.module @root "__torch__.Net" {
  // expected-error @+1 {{value 1 : i32 does not encode a '!ts.int': expected a 64-bit integer}}
  ts.attribute @a : !ts.int = 1 : i32
}

// -----

ts.module @root "__torch__.Net" {
  // expected-error @+1 {{value 1 : i64 does not encode a '!ts.bool': expected true or false}}
  ts.attribute @a : !ts.bool = 1
}

// -----

ts.module @root "__torch__.Net" {
  // expected-error @+1 {{value 1 : i64 does not encode a '!ts.str': expected a string}}
  ts.attribute @a : !ts.str = 1
}

// -----

ts.module @root "__torch__.Net" {
  // expected-error @+1 {{value false does not encode a '!ts.none': expected #ts.none}}
  ts.attribute @a : !ts.none = false
}

// -----

ts.module @root "__torch__.Net" {
  // expected-error @+1 {{requires_grad needs a tensor value}}
  ts.attribute @a requires_grad : !ts.int = 1
}

// -----

ts.module @root "__torch__.Net" {
  // expected-error @+1 {{requires_grad needs a floating-point or complex tensor}}
  ts.buffer @b requires_grad : !ts.tensor = dense<1> : tensor<2xi64>
}

// -----

ts.module @root "__torch__.Net" {
  // expected-error @+1 {{cannot hold a module; a submodule is a nested ts.module}}
  ts.attribute @m : !ts.module<"__torch__.Leaf"> = #ts.none
}

// -----

ts.module @root "__torch__.Net" {
  // expected-error @+1 {{expected a tensor of the type's sizes and dtype}}
  ts.attribute @t : !ts.tensor<[3], f32> = dense<1.0> : tensor<2xf32>
}

// -----

ts.module @root "__torch__.Net" {
  // expected-error @+1 {{expected a statically shaped tensor of a TorchScript dtype}}
  ts.buffer @t : !ts.tensor = dense<1> : tensor<2xsi32>
}

// -----

ts.module @root "__torch__.Net" {
  // expected-error @+1 {{expected an elements attribute}}
  ts.buffer @t : !ts.tensor = 1.0
}

// -----

ts.module @root "__torch__.Net" {
  // expected-error @+1 {{expected an array of [key, value] pairs}}
  ts.attribute @d : !ts.dict<!ts.str, !ts.int> = [["a"]]
}

// -----

ts.module @root "__torch__.Net" {
  // expected-error @+1 {{value "a" does not encode a '!ts.int'}}
  ts.attribute @l : !ts.list<!ts.int> = ["a"]
}

// -----

ts.module @root "__torch__.Net" {
  // expected-error @+1 {{expected an array with one value per tuple element}}
  ts.attribute @t : !ts.tuple<!ts.int, !ts.int> = [1]
}

// -----

ts.module @root "__torch__.Net" {
  // expected-error @+1 {{expected an int, float, bool, string, None or tensor (the value of an opaque type is read by its kind)}}
  ts.attribute @a : !ts.opaque<"Any"> = [1]
}

// -----

ts.module @root "__torch__.Net" {
  // expected-error @+1 {{expected an f64 float}}
  ts.class_constant @k : !ts.float = 1
}

//===----------------------------------------------------------------------===//
// ts.method, ts.function, ts.return
//===----------------------------------------------------------------------===//

// -----

ts.module @root "__torch__.Net" {
  // expected-error @+1 {{first argument must be 'self' of type '!ts.module<"__torch__.Net">'}}
  ts.method @forward(%x: !ts.int) -> !ts.int {
    ts.return %x : !ts.int
  }
}

// -----

// expected-error @+1 {{must return exactly one value, as TorchScript functions do}}
"ts.function"() <{arg_names = [], function_type = () -> (), sym_name = "__torch__.f"}> ({
  "ts.return"() : () -> ()
}) : () -> ()

// -----

// expected-error @+1 {{argument name '1x' is not an identifier}}
"ts.function"() <{arg_names = ["1x"], function_type = (!ts.int) -> !ts.int, sym_name = "__torch__.f"}> ({
^bb0(%x: !ts.int):
  "ts.return"(%x) : (!ts.int) -> ()
}) : () -> ()

// -----

// expected-error @+1 {{has two arguments named 'x'}}
"ts.function"() <{arg_names = ["x", "x"], function_type = (!ts.int, !ts.int) -> !ts.int, sym_name = "__torch__.f"}> ({
^bb0(%x: !ts.int, %y: !ts.int):
  "ts.return"(%x) : (!ts.int) -> ()
}) : () -> ()

// -----

// expected-error @+1 {{has 2 argument names for 1 arguments}}
"ts.function"() <{arg_names = ["x", "y"], function_type = (!ts.int) -> !ts.int, sym_name = "__torch__.f"}> ({
^bb0(%x: !ts.int):
  "ts.return"(%x) : (!ts.int) -> ()
}) : () -> ()

// -----

// expected-error @+1 {{default of argument 'n': value 1.500000e+00 : f64 does not encode a '!ts.int'}}
ts.function @"__torch__.f"(%n: !ts.int = 1.5) -> !ts.int {
  ts.return %n : !ts.int
}

// -----

// expected-error @+1 {{argument type 'i32' is not a TorchScript type}}
ts.function @"__torch__.f"(%n: i32) -> !ts.int {
  %c = ts.constant(1) : !ts.int
  ts.return %c : !ts.int
}

// -----

// expected-error @+1 {{name 'helper' is not a qualified name under '__torch__'}}
ts.function @helper(%n: !ts.int) -> !ts.int {
  ts.return %n : !ts.int
}

// -----

ts.function @"__torch__.f"(%n: !ts.int) -> !ts.tensor {
  // expected-error @+1 {{returns '!ts.int' where the function returns '!ts.tensor'}}
  ts.return %n : !ts.int
}

// -----

ts.function @"__torch__.f"(%n: !ts.int) -> !ts.int {
  // expected-error @+1 {{returns 2 values but the function has 1 results}}
  ts.return %n, %n : !ts.int, !ts.int
}

// -----

ts.function @"__torch__.f"(%n: !ts.int) -> !ts.int {
  %c = ts.constant(true) : !ts.bool
  // expected-error @+1 {{'ts.yield' op expects parent op 'ts.if'}}
  ts.yield %n : !ts.int
}

//===----------------------------------------------------------------------===//
// ts.constant
//===----------------------------------------------------------------------===//

// -----

ts.function @"__torch__.f"() -> !ts.int {
  // expected-error @+1 {{value 1.000000e+00 : f64 does not encode a '!ts.int'}}
  %c = ts.constant(1.0) : !ts.int
  ts.return %c : !ts.int
}

// -----

ts.function @"__torch__.f"() -> !ts.int {
  // expected-error @+1 {{a module object is not a constant}}
  %c = ts.constant(#ts.none) : !ts.module<"__torch__.Net">
  %i = ts.constant(1) : !ts.int
  ts.return %i : !ts.int
}

//===----------------------------------------------------------------------===//
// Object access and calls
//===----------------------------------------------------------------------===//

// -----

ts.module @root "__torch__.Net" {
  ts.attribute @training : !ts.bool = true
  ts.method @forward(%self: !ts.module<"__torch__.Net">) -> !ts.bool {
    // expected-error @+1 {{class '__torch__.Net' has no attribute 'nope'}}
    %x = ts.get_attr %self["nope"] : !ts.module<"__torch__.Net"> -> !ts.bool
    ts.return %x : !ts.bool
  }
}

// -----

ts.module @root "__torch__.Net" {
  ts.attribute @training : !ts.bool = true
  ts.method @forward(%self: !ts.module<"__torch__.Net">) -> !ts.int {
    // expected-error @+1 {{reads attribute 'training' of type '!ts.bool' as '!ts.int'}}
    %x = ts.get_attr %self["training"] : !ts.module<"__torch__.Net"> -> !ts.int
    ts.return %x : !ts.int
  }
}

// -----

ts.module @root "__torch__.Net" {
  ts.module @fc "__torch__.Linear" {
  }
  ts.method @forward(%self: !ts.module<"__torch__.Net">) -> !ts.none {
    // expected-error @+1 {{reads attribute 'fc' of type '!ts.module<"__torch__.Linear">' as '!ts.module<"__torch__.Other">'}}
    %fc = ts.get_attr %self["fc"] : !ts.module<"__torch__.Net"> -> !ts.module<"__torch__.Other">
    %none = ts.constant(#ts.none) : !ts.none
    ts.return %none : !ts.none
  }
}

// -----

ts.module @root "__torch__.Net" {
  ts.method @forward(%self: !ts.module<"__torch__.Net">, %x: !ts.int) -> !ts.int {
    // expected-error @+1 {{class '__torch__.Net' has no attribute 'steps'}}
    ts.set_attr %self["steps"] = %x : !ts.module<"__torch__.Net">, !ts.int
    ts.return %x : !ts.int
  }
}

// -----

ts.module @root "__torch__.Net" {
  ts.module @fc "__torch__.Linear" {
  }
  ts.method @forward(%self: !ts.module<"__torch__.Net">, %x: !ts.module<"__torch__.Linear">) -> !ts.int {
    // expected-error @+1 {{cannot replace submodule 'fc'}}
    ts.set_attr %self["fc"] = %x : !ts.module<"__torch__.Net">, !ts.module<"__torch__.Linear">
    %c = ts.constant(1) : !ts.int
    ts.return %c : !ts.int
  }
}

// -----

ts.module @root "__torch__.Net" {
  ts.attribute @steps : !ts.int = 0
  ts.method @forward(%self: !ts.module<"__torch__.Net">, %x: !ts.float) -> !ts.float {
    // expected-error @+1 {{writes '!ts.float' to attribute 'steps' of type '!ts.int'}}
    ts.set_attr %self["steps"] = %x : !ts.module<"__torch__.Net">, !ts.float
    ts.return %x : !ts.float
  }
}

// -----

ts.module @root "__torch__.Net" {
  ts.method @forward(%self: !ts.module<"__torch__.Net">, %x: !ts.int) -> !ts.int {
    // expected-error @+1 {{class '__torch__.Net' has no method 'helper'}}
    %y = ts.call_method %self["helper"](%x) : !ts.module<"__torch__.Net">, (!ts.int) -> !ts.int
    ts.return %y : !ts.int
  }
}

// -----

ts.module @root "__torch__.Net" {
  ts.method @helper(%self: !ts.module<"__torch__.Net">, %x: !ts.int) -> !ts.int {
    ts.return %x : !ts.int
  }
  ts.method @forward(%self: !ts.module<"__torch__.Net">, %x: !ts.int) -> !ts.int {
    // expected-error @+1 {{passes 2 arguments to 'helper', which takes 1}}
    %y = ts.call_method %self["helper"](%x, %x) : !ts.module<"__torch__.Net">, (!ts.int, !ts.int) -> !ts.int
    ts.return %y : !ts.int
  }
}

// -----

ts.module @root "__torch__.Net" {
  ts.method @helper(%self: !ts.module<"__torch__.Net">, %x: !ts.int) -> !ts.int {
    ts.return %x : !ts.int
  }
  ts.method @forward(%self: !ts.module<"__torch__.Net">, %x: !ts.float) -> !ts.int {
    // expected-error @+1 {{argument #0 of type '!ts.float' does not match parameter type '!ts.int' of 'helper'}}
    %y = ts.call_method %self["helper"](%x) : !ts.module<"__torch__.Net">, (!ts.float) -> !ts.int
    ts.return %y : !ts.int
  }
}

// -----

ts.module @root "__torch__.Net" {
  ts.method @helper(%self: !ts.module<"__torch__.Net">, %x: !ts.int) -> !ts.int {
    ts.return %x : !ts.int
  }
  ts.method @forward(%self: !ts.module<"__torch__.Net">, %x: !ts.int) -> !ts.float {
    // expected-error @+1 {{result type '!ts.float' does not match the return type '!ts.int' of 'helper'}}
    %y = ts.call_method %self["helper"](%x) : !ts.module<"__torch__.Net">, (!ts.int) -> !ts.float
    ts.return %y : !ts.float
  }
}

// -----

ts.function @"__torch__.f"(%x: !ts.int) -> !ts.int {
  // expected-error @+1 {{calls '__torch__.g', which is not a ts.function of the module}}
  %y = ts.call_function @"__torch__.g"(%x) : (!ts.int) -> !ts.int
  ts.return %y : !ts.int
}

// -----

ts.function @"__torch__.g"(%x: !ts.int) -> !ts.int {
  ts.return %x : !ts.int
}
ts.function @"__torch__.f"(%x: !ts.int) -> !ts.int {
  // expected-error @+1 {{passes 0 arguments to '__torch__.g', which takes 1}}
  %y = ts.call_function @"__torch__.g"() : () -> !ts.int
  ts.return %y : !ts.int
}

//===----------------------------------------------------------------------===//
// Tuples, lists, dicts
//===----------------------------------------------------------------------===//

// -----

ts.function @"__torch__.f"(%x: !ts.int) -> !ts.tuple<!ts.int, !ts.int> {
  // expected-error @+1 {{builds a tuple of 2 elements from 1 values}}
  %t = ts.tuple_construct %x : (!ts.int) -> !ts.tuple<!ts.int, !ts.int>
  ts.return %t : !ts.tuple<!ts.int, !ts.int>
}

// -----

ts.function @"__torch__.f"(%x: !ts.int) -> !ts.tuple<!ts.float> {
  // expected-error @+1 {{element #0 of type '!ts.int' does not match tuple element type '!ts.float'}}
  %t = ts.tuple_construct %x : (!ts.int) -> !ts.tuple<!ts.float>
  ts.return %t : !ts.tuple<!ts.float>
}

// -----

ts.function @"__torch__.f"(%t: !ts.tuple<!ts.int, !ts.float>) -> !ts.int {
  // expected-error @+1 {{results must be the tuple's element types}}
  %a, %b = ts.tuple_unpack %t : !ts.tuple<!ts.int, !ts.float> -> !ts.int, !ts.int
  ts.return %a : !ts.int
}

// -----

ts.function @"__torch__.f"(%x: !ts.float) -> !ts.list<!ts.int> {
  // expected-error @+1 {{element #0 of type '!ts.float' does not match list element type '!ts.int'}}
  %l = ts.list_construct %x : (!ts.float) -> !ts.list<!ts.int>
  ts.return %l : !ts.list<!ts.int>
}

// -----

ts.function @"__torch__.f"(%l: !ts.list<!ts.int>) -> !ts.float {
  // expected-error @+1 {{result type '!ts.float' does not match list element type '!ts.int'}}
  %a = ts.list_unpack %l : !ts.list<!ts.int> -> !ts.float
  ts.return %a : !ts.float
}

// -----

ts.function @"__torch__.f"(%k: !ts.str) -> !ts.dict<!ts.str, !ts.int> {
  // expected-error @+1 {{needs alternating keys and values, got an odd number of operands}}
  %d = ts.dict_construct %k : (!ts.str) -> !ts.dict<!ts.str, !ts.int>
  ts.return %d : !ts.dict<!ts.str, !ts.int>
}

// -----

ts.function @"__torch__.f"(%k: !ts.int, %v: !ts.int) -> !ts.dict<!ts.str, !ts.int> {
  // expected-error @+1 {{key #0 of type '!ts.int' does not match '!ts.str'}}
  %d = ts.dict_construct %k, %v : (!ts.int, !ts.int) -> !ts.dict<!ts.str, !ts.int>
  ts.return %d : !ts.dict<!ts.str, !ts.int>
}

//===----------------------------------------------------------------------===//
// Control flow
//===----------------------------------------------------------------------===//

// -----

ts.function @"__torch__.f"(%c: !ts.bool, %x: !ts.int) -> !ts.int {
  // expected-error @+1 {{then branch yields 0 values for 1 results}}
  %r = ts.if %c -> (!ts.int) {
    ts.yield
  } else {
    ts.yield %x : !ts.int
  }
  ts.return %r : !ts.int
}

// -----

ts.function @"__torch__.f"(%c: !ts.bool, %x: !ts.int, %y: !ts.float) -> !ts.int {
  // expected-error @+1 {{else branch yields '!ts.float' for result #0 of type '!ts.int'}}
  %r = ts.if %c -> (!ts.int) {
    ts.yield %x : !ts.int
  } else {
    ts.yield %y : !ts.float
  }
  ts.return %r : !ts.int
}

// -----

ts.function @"__torch__.f"(%n: !ts.int, %c: !ts.bool, %x: !ts.int) -> !ts.int {
  // expected-error @+1 {{has 0 results for 1 loop-carried values}}
  ts.loop %n, %c iter_args(%x) : (!ts.int) -> () {
  ^bb0(%i: !ts.int, %a: !ts.int):
    ts.condition(%c) %a : !ts.int
  }
  ts.return %x : !ts.int
}

// -----

ts.function @"__torch__.f"(%n: !ts.int, %c: !ts.bool, %x: !ts.int) -> !ts.int {
  // expected-error @+1 {{body must take the iteration index and 1 loop-carried values}}
  %r = ts.loop %n, %c iter_args(%x) : (!ts.int) -> !ts.int {
  ^bb0(%a: !ts.int):
    ts.condition(%c) %a : !ts.int
  }
  ts.return %r : !ts.int
}

// -----

ts.function @"__torch__.f"(%n: !ts.int, %c: !ts.bool, %x: !ts.int) -> !ts.int {
  // expected-error @+1 {{iteration index must be !ts.int}}
  %r = ts.loop %n, %c iter_args(%x) : (!ts.int) -> !ts.int {
  ^bb0(%i: !ts.float, %a: !ts.int):
    ts.condition(%c) %a : !ts.int
  }
  ts.return %r : !ts.int
}

// -----

ts.function @"__torch__.f"(%n: !ts.int, %c: !ts.bool, %x: !ts.int) -> !ts.int {
  // expected-error @+1 {{loop-carried value #0 has body type '!ts.float' but result type '!ts.int'}}
  %r = ts.loop %n, %c iter_args(%x) : (!ts.int) -> !ts.int {
  ^bb0(%i: !ts.int, %a: !ts.float):
    ts.condition(%c) %x : !ts.int
  }
  ts.return %r : !ts.int
}

// -----

ts.function @"__torch__.f"(%n: !ts.int, %c: !ts.bool, %x: !ts.float) -> !ts.int {
  // expected-error @+1 {{initial value #0 of type '!ts.float' does not match loop-carried type '!ts.int'}}
  %r = ts.loop %n, %c iter_args(%x) : (!ts.float) -> !ts.int {
  ^bb0(%i: !ts.int, %a: !ts.int):
    ts.condition(%c) %a : !ts.int
  }
  ts.return %r : !ts.int
}

// -----

ts.function @"__torch__.f"(%n: !ts.int, %c: !ts.bool, %x: !ts.int, %y: !ts.float) -> !ts.int {
  // expected-error @+1 {{body yields '!ts.float' for result #0 of type '!ts.int'}}
  %r = ts.loop %n, %c iter_args(%x) : (!ts.int) -> !ts.int {
  ^bb0(%i: !ts.int, %a: !ts.int):
    ts.condition(%c) %y : !ts.float
  }
  ts.return %r : !ts.int
}

//===----------------------------------------------------------------------===//
// ts.operator
//===----------------------------------------------------------------------===//

// -----

ts.function @"__torch__.f"(%x: !ts.tensor) -> !ts.tensor {
  // expected-error @+1 {{operator name 'aten::re-lu' is not of the form 'namespace::name'}}
  %y = ts.operator "aten::re-lu"(%x) : (!ts.tensor) -> !ts.tensor
  ts.return %y : !ts.tensor
}

// -----

ts.function @"__torch__.f"(%x: !ts.tensor) -> !ts.tensor {
  // expected-error @+1 {{overload name 'a b' is not an identifier}}
  %y = "ts.operator"(%x) <{name = "aten::relu", overload = "a b"}> : (!ts.tensor) -> !ts.tensor
  ts.return %y : !ts.tensor
}

// -----

ts.function @"__torch__.f"(%x: !ts.tensor) -> !ts.tensor {
  // expected-error @+1 {{'prim::TupleConstruct' is spelled ts.tuple_construct}}
  %y = ts.operator "prim::TupleConstruct"(%x) : (!ts.tensor) -> !ts.tensor
  ts.return %y : !ts.tensor
}

// -----

ts.function @"__torch__.f"(%x: !ts.tensor) -> !ts.tensor {
  // expected-error @+1 {{expected an operator name 'namespace::name[.overload]'}}
  %y = ts.operator "relu"(%x) : (!ts.tensor) -> !ts.tensor
  ts.return %y : !ts.tensor
}

// -----

// expected-error @+1 {{argument #0 has unknown attribute 'ts.kwarg_only'; the ts dialect defines only 'ts.default'}}
ts.function @"__torch__.f"(%x: !ts.int {ts.kwarg_only}) -> !ts.int {
  ts.return %x : !ts.int
}
