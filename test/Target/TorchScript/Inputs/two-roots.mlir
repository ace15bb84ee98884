// Two root modules: the export picks one with --ts-export-root.
ts.module @first "__torch__.First" {
  ts.method @forward(%self: !ts.module<"__torch__.First">, %x: !ts.tensor) -> !ts.tensor {
    %y = ts.operator "aten::neg"(%x) : (!ts.tensor) -> !ts.tensor
    ts.return %y : !ts.tensor
  }
}
ts.module @second "__torch__.Second" {
  ts.method @forward(%self: !ts.module<"__torch__.Second">, %x: !ts.tensor) -> !ts.tensor {
    %y = ts.operator "aten::abs"(%x) : (!ts.tensor) -> !ts.tensor
    ts.return %y : !ts.tensor
  }
}
