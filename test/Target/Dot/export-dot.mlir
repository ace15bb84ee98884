// RUN: nir-translate --export-dot %s -split-input-file | FileCheck %s
// The output depends only on the IR: a second run and stdin give the same.
// RUN: nir-translate --export-dot %s -split-input-file -o %t.1.dot
// RUN: cat %s | nir-translate --export-dot -split-input-file -o %t.2.dot
// RUN: cmp %t.1.dot %t.2.dot

// One digraph per graph. Nodes are labelled name, NIR type and output shape
// ("in -> out" when the node changes the shape), then a parameter summary;
// shape and colour follow the kind. Input ranks first, Output last. The
// recurrent edge that the schedule delays is dashed, marked "delayed" and
// does not constrain the layout.
// CHECK-LABEL: // NIR graph @braille; render with: dot -Tsvg picture.dot -o picture.svg
// CHECK-NEXT: digraph "braille" {
// CHECK:   label="@braille";
// CHECK-NEXT: "input" [label="input\nInput 12", shape=invhouse, style=filled, fillcolor="#d5e8d4"];
// CHECK-NEXT: "fc1" [label="fc1\nAffine 12 -> 38\nweight 38x12, bias 38", shape=box, style=filled, fillcolor="#dae8fc"];
// CHECK-NEXT: "lif1" [label="lif1\nCubaLIF 38\ntau_syn=0.0002222, tau_mem=0.001\nv_threshold=1", shape=ellipse, style=filled, fillcolor="#ffe6cc"];
// CHECK-NEXT: "fc2" [label="fc2\nAffine 38 -> 7\nweight 7x38, bias 7", shape=box, style=filled, fillcolor="#dae8fc"];
// CHECK-NEXT: "w_rec" [label="w_rec\nLinear 38\nweight 38x38", shape=box, style=filled, fillcolor="#dae8fc"];
// CHECK-NEXT: "output" [label="output\nOutput 7", shape=house, style=filled, fillcolor="#d5e8d4"];
// CHECK-NEXT: { rank=source; "input"; }
// CHECK-NEXT: { rank=sink; "output"; }
// CHECK-NEXT: "input" -> "fc1";
// CHECK-NEXT: "fc1" -> "lif1";
// CHECK-NEXT: "w_rec" -> "lif1" [label="delayed", style=dashed, color="#b85450", fontcolor="#b85450", constraint=false];
// CHECK-NEXT: "lif1" -> "fc2";
// CHECK-NEXT: "lif1" -> "w_rec";
// CHECK-NEXT: "fc2" -> "output";
// CHECK-NEXT: }
nir.graph @braille {
  %input = nir.input "input" : tensor<12xf32>
  %fc1 = nir.affine "fc1"(%input) {weight = dense<0.5> : tensor<38x12xf32>, bias = dense<0.0> : tensor<38xf32>} : tensor<12xf32> -> tensor<38xf32>
  %lif1 = nir.cuba_lif "lif1"(%fc1, %w_rec) {tau_syn = dense<2.2222222e-4> : tensor<38xf64>, tau_mem = dense<1.0e-3> : tensor<38xf64>, r = dense<10.0> : tensor<38xf64>, v_leak = dense<0.0> : tensor<38xf64>, v_threshold = dense<1.0> : tensor<38xf64>, v_reset = dense<0.0> : tensor<38xf64>, w_in = dense<1.0> : tensor<38xf64>} : tensor<38xf32>
  %fc2 = nir.affine "fc2"(%lif1) {weight = dense<0.5> : tensor<7x38xf32>, bias = dense<0.0> : tensor<7xf32>} : tensor<38xf32> -> tensor<7xf32>
  %w_rec = nir.linear "w_rec"(%lif1) {weight = dense<0.1> : tensor<38x38xf32>} : tensor<38xf32>
  %output = nir.output "output"(%fc2) : tensor<7xf32>
}

// -----

// A nested graph is a cluster holding its nodes (ids are paths, so inner
// names may repeat outer ones); edges into it go to its Input, edges out of
// it leave from its Output. Each body has its own schedule: the inner
// recurrent edge and the outer feedback into the subgraph are both delayed.
// Only the top-level ports are ranked.
// CHECK-LABEL: digraph "nested" {
// CHECK: "input" [label="input\nInput 2"
// CHECK-NEXT: "fc" [label="fc\nAffine 2 -> 3\nweight 3x2, bias 3"
// CHECK-NEXT: subgraph "cluster_rnn" {
// CHECK-NEXT:   label="rnn\nNIRGraph 3"; labeljust=l; style="rounded,dashed"; color="#7f7f7f";
// CHECK-NEXT:   "rnn/input" [label="input\nInput 3", shape=invhouse
// CHECK-NEXT:   "rnn/lif" [label="lif\nLIF 3\ntau=0.01..0.03, v_threshold=1", shape=ellipse
// CHECK-NEXT:   "rnn/w_rec" [label="w_rec\nLinear 3\nweight 3x3", shape=box
// CHECK-NEXT:   "rnn/output" [label="output\nOutput 3", shape=house
// CHECK-NOT:    rank=
// CHECK-NEXT:   "rnn/input" -> "rnn/lif";
// CHECK-NEXT:   "rnn/w_rec" -> "rnn/lif" [label="delayed", style=dashed
// CHECK-NEXT:   "rnn/lif" -> "rnn/w_rec";
// CHECK-NEXT:   "rnn/lif" -> "rnn/output";
// CHECK-NEXT:   "rnn/w_rec" -> "rnn/output";
// CHECK-NEXT: }
// CHECK-NEXT: "fb" [label="fb\nScale 3\nscale=0.5"
// CHECK-NEXT: "output" [label="output\nOutput 3"
// CHECK-NEXT: { rank=source; "input"; }
// CHECK-NEXT: { rank=sink; "output"; }
// CHECK-NEXT: "input" -> "fc";
// CHECK-NEXT: "fc" -> "rnn/input";
// CHECK-NEXT: "fb" -> "rnn/input" [label="delayed", style=dashed
// CHECK-NEXT: "rnn/output" -> "fb";
// CHECK-NEXT: "rnn/output" -> "output";
// CHECK-NEXT: }
nir.graph @nested {
  %input = nir.input "input" : tensor<2xf32>
  %fc = nir.affine "fc"(%input) {weight = dense<1.0> : tensor<3x2xf32>, bias = dense<0.0> : tensor<3xf32>} : tensor<2xf32> -> tensor<3xf32>
  %rnn = nir.subgraph "rnn"(%fc, %fb) : tensor<3xf32> {
    %in = nir.input "input" : tensor<3xf32>
    %lif = nir.lif "lif"(%in, %rec) {tau = dense<[0.01, 0.02, 0.03]> : tensor<3xf32>, r = dense<1.0> : tensor<3xf32>, v_leak = dense<0.0> : tensor<3xf32>, v_threshold = dense<1.0> : tensor<3xf32>, v_reset = dense<0.0> : tensor<3xf32>} : tensor<3xf32>
    %rec = nir.linear "w_rec"(%lif) {weight = dense<0.1> : tensor<3x3xf32>} : tensor<3xf32>
    %out = nir.output "output"(%lif, %rec) : tensor<3xf32>
  }
  %fb = nir.scale "fb"(%rnn) {scale = dense<0.5> : tensor<3xf32>} : tensor<3xf32>
  %output = nir.output "output"(%rnn) : tensor<3xf32>
}

// -----

// Parameter summaries of the other node types: convolution and pooling
// settings that differ from the defaults, value ranges, any element type;
// pools are synapses, Threshold is a neuron, Flatten and Delay are
// structure. A self-loop is a delayed edge.
// CHECK-LABEL: digraph "kinds" {
// CHECK: "conv" [label="conv\nConv2d 2x8x10 -> 4x3x10\nweight 4x2x3x5, stride 2x1\npadding 0x2", shape=box
// CHECK-NEXT: "same" [label="same\nConv1d 2x16 -> 3x16\nweight 3x2x5, padding same", shape=box
// CHECK-NEXT: "grouped" [label="grouped\nConv1d 2x16 -> 4x12\nweight 4x1x3, dilation 2, groups 2", shape=box
// CHECK-NEXT: "pool" [label="pool\nAvgPool2d 4x3x10 -> 4x3x5\nkernel 1x2, stride 1x2", shape=box
// CHECK-NEXT: "sum" [label="sum\nSumPool2d 4x3x10 -> 4x1x5\nkernel 2x2, stride 2x2", shape=box
// CHECK-NEXT: "flat" [label="flat\nFlatten 4x1x5 -> 20\ndims 0..-1", shape=box, style="filled,rounded", fillcolor="#e1d5e7"];
// CHECK-NEXT: "delay" [label="delay\nDelay 20\ndelay=0.001..0.002", shape=box, style="filled,rounded", fillcolor="#e1d5e7"];
// CHECK-NEXT: "thr" [label="thr\nThreshold 20\nthreshold=1", shape=ellipse
// CHECK-NEXT: "i" [label="i\nI 20\nr=2", shape=ellipse
// CHECK-NEXT: "if" [label="if\nIF 20\nr=1, v_threshold=-0.5..2", shape=ellipse
// CHECK-NEXT: "li" [label="li\nLI 20\ntau=0.02", shape=ellipse
// CHECK-NEXT: "cli" [label="cli\nCubaLI 20\ntau_syn=0.005, tau_mem=0.01", shape=ellipse
// CHECK: "i" -> "if";
// CHECK-NEXT: "if" -> "if" [label="delayed", style=dashed
nir.graph @kinds {
  %input = nir.input "input" : tensor<2x8x10xf32>
  %in16 = nir.input "in16" : tensor<2x16xf32>
  %conv = nir.conv2d "conv"(%input) {input_shape = array<i64: 8, 10>, weight = dense<1.0> : tensor<4x2x3x5xf32>, stride = array<i64: 2, 1>, padding = array<i64: 0, 2>, dilation = array<i64: 1, 1>, groups = 1, bias = dense<0.0> : tensor<4xf32>} : tensor<2x8x10xf32> -> tensor<4x3x10xf32>
  %same = nir.conv1d "same"(%in16) {input_shape = 16, weight = dense<1.0> : tensor<3x2x5xf32>, stride = 1, padding = "same", dilation = 1, groups = 1, bias = dense<0.0> : tensor<3xf32>} : tensor<2x16xf32> -> tensor<3x16xf32>
  %grouped = nir.conv1d "grouped"(%in16) {weight = dense<1.0> : tensor<4x1x3xf32>, stride = 1, padding = 0, dilation = 2, groups = 2, bias = dense<0.0> : tensor<4xf32>} : tensor<2x16xf32> -> tensor<4x12xf32>
  %pool = nir.avg_pool2d "pool"(%conv) {kernel_size = array<i64: 1, 2>, stride = array<i64: 1, 2>, padding = array<i64: 0, 0>} : tensor<4x3x10xf32> -> tensor<4x3x5xf32>
  %sum = nir.sum_pool2d "sum"(%conv) {kernel_size = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : tensor<4x3x10xf32> -> tensor<4x1x5xf32>
  %flat = nir.flatten "flat"(%sum) {start_dim = 0, end_dim = -1} : tensor<4x1x5xf32> -> tensor<20xf32>
  %delay = nir.delay "delay"(%flat) {delay = dense<[0.001, 0.002, 0.001, 0.001, 0.001, 0.001, 0.001, 0.001, 0.001, 0.001, 0.001, 0.001, 0.001, 0.001, 0.001, 0.001, 0.001, 0.001, 0.001, 0.001]> : tensor<20xf64>} : tensor<20xf32>
  %thr = nir.threshold "thr"(%delay) {threshold = dense<1.0> : tensor<20xf16>} : tensor<20xf32>
  %i = nir.i "i"(%thr) {r = dense<2> : tensor<20xi32>} : tensor<20xf32>
  %if = nir.if "if"(%i, %if) {r = dense<1.0> : tensor<20xf32>, v_threshold = dense<[2.0, -0.5, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0]> : tensor<20xf32>, v_reset = dense<0.0> : tensor<20xf32>} : tensor<20xf32>
  %li = nir.li "li"(%if) {tau = dense<0.02> : tensor<20xf64>, r = dense<1.0> : tensor<20xf64>, v_leak = dense<0.0> : tensor<20xf64>} : tensor<20xf32>
  %cli = nir.cuba_li "cli"(%li) {tau_syn = dense<0.005> : tensor<20xf64>, tau_mem = dense<0.01> : tensor<20xf64>, r = dense<1.0> : tensor<20xf64>, v_leak = dense<0.0> : tensor<20xf64>, w_in = dense<2.0> : tensor<20xf64>} : tensor<20xf32>
  %out = nir.output "output"(%cli) : tensor<20xf32>
}

// -----

// Several graphs: one picture, one cluster per graph (Graphviz renders only
// the first digraph of a file to SVG or PNG), ids prefixed with the graph.
// Every graph's ports are ranked. Node names hold no '/', but graph names
// may: an id that another path already took gets a "#2".
// CHECK-LABEL: // 4 NIR graphs, one cluster each; render with: dot -Tsvg picture.dot -o picture.svg
// CHECK-NEXT: digraph "nir" {
// CHECK: subgraph "cluster_@first" {
// CHECK-NEXT: label="@first"; style=rounded; color="#7f7f7f";
// CHECK-NEXT: "@first/x" [label="x\nInput 2"
// CHECK-NEXT: "@first/y" [label="y\nOutput 2"
// CHECK-NEXT: { rank=source; "@first/x"; }
// CHECK-NEXT: { rank=sink; "@first/y"; }
// CHECK-NEXT: "@first/x" -> "@first/y";
// CHECK-NEXT: }
// CHECK-NEXT: subgraph "cluster_@second" {
// CHECK-NEXT: label="@second (unchecked)"; style=rounded; color="#7f7f7f";
// CHECK: { rank=source; "@second/a"; "@second/b"; }
nir.graph @first {
  %x = nir.input "x" : tensor<2xf32>
  %y = nir.output "y"(%x) : tensor<2xf32>
}
// Edges of differing shapes into one node (only in unchecked graphs) are
// labelled with their shapes.
// CHECK: "@second/a" -> "@second/mixed" [label="1"];
// CHECK-NEXT: "@second/b" -> "@second/mixed" [label="2"];
// CHECK-NEXT: "@second/mixed" -> "@second/out";
// CHECK-NEXT: }
nir.graph @second attributes {unchecked} {
  %a = nir.input "a" : tensor<1xf32>
  %b = nir.input "b" : tensor<2xf32>
  %mixed = nir.scale "mixed"(%a, %b) {scale = dense<1.0> : tensor<4xf32>} : (tensor<1xf32>, tensor<2xf32>) -> tensor<3xf32>
  %out = nir.output "out"(%mixed) : tensor<3xf32>
}
// CHECK-NEXT: subgraph "cluster_@third" {
// CHECK:      subgraph "cluster_@third/s" {
// CHECK-NEXT: label="s\nNIRGraph 2";
// CHECK-NEXT: "@third/s/in" [label="in\nInput 2"
// CHECK:      subgraph "cluster_@third/s#2" {
// CHECK-NEXT: label="@third/s";
// CHECK-NEXT: "@third/s/in#2" [label="in\nInput 2"
// CHECK:      "@third/s/in#2" -> "@third/s/out#2";
// CHECK-NEXT: }
// CHECK-NEXT: }
nir.graph @third {
  %x = nir.input "x" : tensor<2xf32>
  %s = nir.subgraph "s"(%x) : tensor<2xf32> {
    %in = nir.input "in" : tensor<2xf32>
    %out = nir.output "out"(%in) : tensor<2xf32>
  }
  %y = nir.output "y"(%s) : tensor<2xf32>
}
nir.graph @"third/s" {
  %in = nir.input "in" : tensor<2xf32>
  %out = nir.output "out"(%in) : tensor<2xf32>
}

// -----

// Names are escaped: quotes and backslashes (so "\N" is not Graphviz's
// node-name substitution), control characters and invalid UTF-8 as \xNN;
// valid UTF-8 passes through.
// CHECK-LABEL: digraph "odd \"names\"" {
// CHECK: label="@odd \"names\"";
// CHECK-NEXT: "in \"quoted\" \\N back\\slash" [label="in \"quoted\" \\N back\\slash\nInput 2"
// CHECK-NEXT: "ünïcödé→" [label="ünïcödé→\nScale 2\nscale=2"
// CHECK-NEXT: "bad\\x0A\\xFFbyte" [label="bad\\x0A\\xFFbyte\nScale 2\nscale=-1"
// CHECK-NEXT: "output" [label="output\nOutput 2"
// CHECK: "in \"quoted\" \\N back\\slash" -> "ünïcödé→";
// CHECK-NEXT: "ünïcödé→" -> "bad\\x0A\\xFFbyte";
// CHECK-NEXT: "bad\\x0A\\xFFbyte" -> "output";
nir.graph @"odd \"names\"" {
  %a = nir.input "in \"quoted\" \\N back\\slash" : tensor<2xf32>
  %b = nir.scale "ünïcödé→"(%a) {scale = dense<2.0> : tensor<2xf32>} : tensor<2xf32>
  %c = nir.scale "bad\0A\FFbyte"(%b) {scale = dense<-1.0> : tensor<2xf32>} : tensor<2xf32>
  %e = nir.output "output"(%c) : tensor<2xf32>
}
