ts.module @root "__torch__.Net" {
  ts.method @forward(%self: !ts.module<"__torch__.Net">, %x: !ts.tensor) -> !ts.tensor {
    %y = ts.operator "aten::nonexistent"(%x) : (!ts.tensor) -> !ts.tensor
    ts.return %y : !ts.tensor
  }
}
