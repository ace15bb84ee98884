// Fan-in is summed in edge order; an edge that closes a cycle (here the
// self-loop rec -> rec, found by the depth-first search of
// computeExecutionOrder) reads the source's output of the previous step
// from the state key "<node>.out", and the source writes it back.
// RUN: nir-opt %s --convert-nir-to-torchscript | FileCheck %s
// RUN: nir-opt %s --pass-pipeline='builtin.module(raise-nir-record-nesting,nir.graph(nir-inline-subgraphs,nir-schedule),raise-nir-graphs)' | FileCheck %s

// CHECK-LABEL: ts.module @loop
// CHECK: ts.method @forward(
// CHECK: %[[STATE:.*]] = ts.if %{{.*}} -> (!ts.dict<!ts.str, !ts.tensor>) {
// The previous output of "rec.x" (a name with a dot: the slot is rec_x, the
// state key keeps the NIR name), zero when the state has none.
// CHECK: %[[KEY:.*]] = ts.constant("rec.x.out") : !ts.str
// CHECK-NEXT: %[[HAS:.*]] = ts.operator "aten::__contains__.str"(%[[STATE]], %[[KEY]])
// CHECK-NEXT: %[[PREV:.*]] = ts.if %[[HAS]] -> (!ts.tensor) {
// CHECK: ts.operator "aten::zeros"
// CHECK: %[[A:.*]] = ts.get_attr %self["a"]
// CHECK-NEXT: %[[YA:.*]] = ts.call_method %[[A]]["forward"](%input)
// CHECK-NEXT: %[[B:.*]] = ts.get_attr %self["b"]
// CHECK-NEXT: %[[YB:.*]] = ts.call_method %[[B]]["forward"](%input)
// rec.x reads a, b and itself (delayed), summed in operand order.
// CHECK-NEXT: ts.constant(1)
// CHECK-NEXT: %[[S1:.*]] = ts.operator "aten::add.Tensor"(%[[YA]], %[[YB]],
// CHECK-NEXT: ts.constant(1)
// CHECK-NEXT: %[[S2:.*]] = ts.operator "aten::add.Tensor"(%[[S1]], %[[PREV]],
// CHECK-NEXT: %[[R:.*]] = ts.get_attr %self["rec_x"]
// CHECK-NEXT: %[[YR:.*]] = ts.call_method %[[R]]["forward"](%[[S2]])
// CHECK-NEXT: %[[K:.*]] = ts.constant("rec.x.out") : !ts.str
// CHECK-NEXT: %[[NEW:.*]] = ts.dict_construct %[[K]], %[[YR]]
// CHECK-NEXT: %[[RET:.*]] = ts.tuple_construct %[[YR]], %[[NEW]]
// CHECK-NEXT: ts.return %[[RET]]
// forward_sequence carries the same state as tensors: zeros made once
// before the loop, the loop argument read where forward reads the dict, the
// new value yielded to the next iteration.
// CHECK: ts.method @forward_sequence(
// CHECK: %[[SIZE:.*]] = ts.operator "aten::add.t"(%{{.*}}, %{{.*}})
// CHECK: %[[ZERO:.*]] = ts.operator "aten::zeros"(%[[SIZE]],
// CHECK: ts.loop %{{.*}}, %{{.*}} iter_args(%[[ZERO]]) : (!ts.tensor) -> !ts.tensor {
// CHECK-NEXT: ^bb0(%{{.*}}: !ts.int, %[[CARRIED:.*]]: !ts.tensor):
// CHECK: %[[SS1:.*]] = ts.operator "aten::add.Tensor"(%{{.*}}, %{{.*}},
// CHECK: %[[SS2:.*]] = ts.operator "aten::add.Tensor"(%[[SS1]], %[[CARRIED]],
// CHECK-NEXT: %[[YS:.*]] = ts.call_method %{{.*}}["forward"](%[[SS2]])
// CHECK-NEXT: ts.operator "aten::append.t"(%{{.*}}, %[[YS]])
// CHECK-NEXT: ts.condition(%{{.*}}) %[[YS]] : !ts.tensor
nir.graph @loop {
  %input = nir.input "input" : tensor<2xf32>
  %a = nir.scale "a"(%input) {scale = dense<2.0> : tensor<2xf32>} : tensor<2xf32>
  %b = nir.scale "b"(%input) {scale = dense<3.0> : tensor<2xf32>} : tensor<2xf32>
  %rec = nir.linear "rec.x"(%a, %b, %rec) {weight = dense<0.5> : tensor<2x2xf32>} : tensor<2xf32> -> tensor<2xf32>
  %output = nir.output "output"(%rec) : tensor<2xf32>
}
