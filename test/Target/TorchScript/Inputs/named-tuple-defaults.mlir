// A NamedTuple class with field defaults, exported from IR (TorchScript's
// archive does not keep the defaults; the class and its values load). An
// attribute loads as a plain tuple in Python, a value built in forward as
// the NamedTuple.
!Net = !ts.module<"__torch__.Net">
!P = !ts.tuple<"__torch__.P"(x: !ts.int, method: !ts.str = "super", alpha: !ts.float = 1.0e+02)>
ts.module @root "__torch__.Net" {
  ts.attribute @p : !P = [1, "super", 50.0]
  ts.method @forward(%self: !Net) -> !P {
    %p = ts.get_attr %self["p"] : !Net -> !P
    %x, %method, %alpha = ts.tuple_unpack %p : !P -> !ts.int, !ts.str, !ts.float
    %two = ts.constant(2) : !ts.int
    %y = ts.operator "aten::mul.int"(%x, %two) : (!ts.int, !ts.int) -> !ts.int
    %q = ts.tuple_construct %y, %method, %alpha : (!ts.int, !ts.str, !ts.float) -> !P
    ts.return %q : !P
  }
}
