// RUN: nir-opt %s --nir-check-target=target=speck -split-input-file -verify-diagnostics | FileCheck %s

// nir-check-target with the built-in Speck target (targets/speck.json): a
// graph that passes, and for each design rule a graph that breaks it, with
// the rule's diagnostic.

// A small spiking CNN as Sinabs maps it to DYNAP-CNN cores: passes.
// 
// CHECK-LABEL: nir.graph @pass
nir.graph @pass {
  %input = nir.input "input" : tensor<2x16x16xf32>
  %conv1 = nir.conv2d "conv1"(%input) {input_shape = array<i64: 16, 16>, weight = dense<0.5> : tensor<4x2x3x3xf32>, stride = array<i64: 1, 1>, padding = array<i64: 1, 1>, dilation = array<i64: 1, 1>, groups = 1, bias = dense<0.0> : tensor<4xf32>} : tensor<2x16x16xf32> -> tensor<4x16x16xf32>
  %if1 = nir.if "if1"(%conv1) {r = dense<1.0> : tensor<4x16x16xf32>, v_threshold = dense<1.0> : tensor<4x16x16xf32>, v_reset = dense<0.0> : tensor<4x16x16xf32>} : tensor<4x16x16xf32>
  %pool1 = nir.sum_pool2d "pool1"(%if1) {kernel_size = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : tensor<4x16x16xf32> -> tensor<4x8x8xf32>
  %fc = nir.conv2d "fc"(%pool1) {input_shape = array<i64: 8, 8>, weight = dense<0.5> : tensor<10x4x8x8xf32>, stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>, groups = 1, bias = dense<0.0> : tensor<10xf32>} : tensor<4x8x8xf32> -> tensor<10x1x1xf32>
  %if_out = nir.if "if_out"(%fc) {r = dense<1.0> : tensor<10x1x1xf32>, v_threshold = dense<1.0> : tensor<10x1x1xf32>, v_reset = dense<0.0> : tensor<10x1x1xf32>} : tensor<10x1x1xf32>
  %output = nir.output "output"(%if_out) : tensor<10x1x1xf32>
}

// -----

// A LIF neuron: only IAF neurons run on the chip.
nir.graph @node_types {
  %input = nir.input "input" : tensor<2x16x16xf32>
  %conv1 = nir.conv2d "conv1"(%input) {input_shape = array<i64: 16, 16>, weight = dense<0.5> : tensor<4x2x3x3xf32>, stride = array<i64: 1, 1>, padding = array<i64: 1, 1>, dilation = array<i64: 1, 1>, groups = 1, bias = dense<0.0> : tensor<4xf32>} : tensor<2x16x16xf32> -> tensor<4x16x16xf32>
  // expected-error@+1 {{design rule 'node_types' of target 'speck': node 'lif1': type LIF is not one the target reads (Input, Output, Conv2d, IF, SumPool2d, Flatten)}}
  %lif1 = nir.lif "lif1"(%conv1) {tau = dense<1.0e-2> : tensor<4x16x16xf32>, r = dense<1.0> : tensor<4x16x16xf32>, v_leak = dense<0.0> : tensor<4x16x16xf32>, v_threshold = dense<1.0> : tensor<4x16x16xf32>, v_reset = dense<0.0> : tensor<4x16x16xf32>} : tensor<4x16x16xf32>
  %fc = nir.conv2d "fc"(%lif1) {input_shape = array<i64: 16, 16>, weight = dense<0.5> : tensor<2x4x16x16xf32>, stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>, groups = 1, bias = dense<0.0> : tensor<2xf32>} : tensor<4x16x16xf32> -> tensor<2x1x1xf32>
  %if_out = nir.if "if_out"(%fc) {r = dense<1.0> : tensor<2x1x1xf32>, v_threshold = dense<1.0> : tensor<2x1x1xf32>, v_reset = dense<0.0> : tensor<2x1x1xf32>} : tensor<2x1x1xf32>
  %output = nir.output "output"(%if_out) : tensor<2x1x1xf32>
}

// -----

// Ten neuron layers on nine cores: the tenth layer has no core left
// either.
nir.graph @layers {
  %input = nir.input "input" : tensor<4x1x1xf32>
  %fc1 = nir.conv2d "fc1"(%input) {input_shape = array<i64: 1, 1>, weight = dense<0.5> : tensor<4x4x1x1xf32>, stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>, groups = 1, bias = dense<0.0> : tensor<4xf32>} : tensor<4x1x1xf32> -> tensor<4x1x1xf32>
  %if1 = nir.if "if1"(%fc1) {r = dense<1.0> : tensor<4x1x1xf32>, v_threshold = dense<1.0> : tensor<4x1x1xf32>, v_reset = dense<0.0> : tensor<4x1x1xf32>} : tensor<4x1x1xf32>
  %fc2 = nir.conv2d "fc2"(%if1) {input_shape = array<i64: 1, 1>, weight = dense<0.5> : tensor<4x4x1x1xf32>, stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>, groups = 1, bias = dense<0.0> : tensor<4xf32>} : tensor<4x1x1xf32> -> tensor<4x1x1xf32>
  %if2 = nir.if "if2"(%fc2) {r = dense<1.0> : tensor<4x1x1xf32>, v_threshold = dense<1.0> : tensor<4x1x1xf32>, v_reset = dense<0.0> : tensor<4x1x1xf32>} : tensor<4x1x1xf32>
  %fc3 = nir.conv2d "fc3"(%if2) {input_shape = array<i64: 1, 1>, weight = dense<0.5> : tensor<4x4x1x1xf32>, stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>, groups = 1, bias = dense<0.0> : tensor<4xf32>} : tensor<4x1x1xf32> -> tensor<4x1x1xf32>
  %if3 = nir.if "if3"(%fc3) {r = dense<1.0> : tensor<4x1x1xf32>, v_threshold = dense<1.0> : tensor<4x1x1xf32>, v_reset = dense<0.0> : tensor<4x1x1xf32>} : tensor<4x1x1xf32>
  %fc4 = nir.conv2d "fc4"(%if3) {input_shape = array<i64: 1, 1>, weight = dense<0.5> : tensor<4x4x1x1xf32>, stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>, groups = 1, bias = dense<0.0> : tensor<4xf32>} : tensor<4x1x1xf32> -> tensor<4x1x1xf32>
  %if4 = nir.if "if4"(%fc4) {r = dense<1.0> : tensor<4x1x1xf32>, v_threshold = dense<1.0> : tensor<4x1x1xf32>, v_reset = dense<0.0> : tensor<4x1x1xf32>} : tensor<4x1x1xf32>
  %fc5 = nir.conv2d "fc5"(%if4) {input_shape = array<i64: 1, 1>, weight = dense<0.5> : tensor<4x4x1x1xf32>, stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>, groups = 1, bias = dense<0.0> : tensor<4xf32>} : tensor<4x1x1xf32> -> tensor<4x1x1xf32>
  %if5 = nir.if "if5"(%fc5) {r = dense<1.0> : tensor<4x1x1xf32>, v_threshold = dense<1.0> : tensor<4x1x1xf32>, v_reset = dense<0.0> : tensor<4x1x1xf32>} : tensor<4x1x1xf32>
  %fc6 = nir.conv2d "fc6"(%if5) {input_shape = array<i64: 1, 1>, weight = dense<0.5> : tensor<4x4x1x1xf32>, stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>, groups = 1, bias = dense<0.0> : tensor<4xf32>} : tensor<4x1x1xf32> -> tensor<4x1x1xf32>
  %if6 = nir.if "if6"(%fc6) {r = dense<1.0> : tensor<4x1x1xf32>, v_threshold = dense<1.0> : tensor<4x1x1xf32>, v_reset = dense<0.0> : tensor<4x1x1xf32>} : tensor<4x1x1xf32>
  %fc7 = nir.conv2d "fc7"(%if6) {input_shape = array<i64: 1, 1>, weight = dense<0.5> : tensor<4x4x1x1xf32>, stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>, groups = 1, bias = dense<0.0> : tensor<4xf32>} : tensor<4x1x1xf32> -> tensor<4x1x1xf32>
  %if7 = nir.if "if7"(%fc7) {r = dense<1.0> : tensor<4x1x1xf32>, v_threshold = dense<1.0> : tensor<4x1x1xf32>, v_reset = dense<0.0> : tensor<4x1x1xf32>} : tensor<4x1x1xf32>
  %fc8 = nir.conv2d "fc8"(%if7) {input_shape = array<i64: 1, 1>, weight = dense<0.5> : tensor<4x4x1x1xf32>, stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>, groups = 1, bias = dense<0.0> : tensor<4xf32>} : tensor<4x1x1xf32> -> tensor<4x1x1xf32>
  %if8 = nir.if "if8"(%fc8) {r = dense<1.0> : tensor<4x1x1xf32>, v_threshold = dense<1.0> : tensor<4x1x1xf32>, v_reset = dense<0.0> : tensor<4x1x1xf32>} : tensor<4x1x1xf32>
  %fc9 = nir.conv2d "fc9"(%if8) {input_shape = array<i64: 1, 1>, weight = dense<0.5> : tensor<4x4x1x1xf32>, stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>, groups = 1, bias = dense<0.0> : tensor<4xf32>} : tensor<4x1x1xf32> -> tensor<4x1x1xf32>
  %if9 = nir.if "if9"(%fc9) {r = dense<1.0> : tensor<4x1x1xf32>, v_threshold = dense<1.0> : tensor<4x1x1xf32>, v_reset = dense<0.0> : tensor<4x1x1xf32>} : tensor<4x1x1xf32>
  %fc10 = nir.conv2d "fc10"(%if9) {input_shape = array<i64: 1, 1>, weight = dense<0.5> : tensor<4x4x1x1xf32>, stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>, groups = 1, bias = dense<0.0> : tensor<4xf32>} : tensor<4x1x1xf32> -> tensor<4x1x1xf32>
  // expected-error@+2 {{design rule 'layers' of target 'speck': node 'if10': neuron layers: 10 in all, counted up to this node; limit 9}}
  // expected-error@+1 {{design rule 'core_memory' of target 'speck': node 'if10': the layer needs kernel memory 16, neuron memory 4 and 4 biases; the cores that hold it hold other layers (cores: kernel memory 16384, 16384, 16384, 32768, 32768, 65536, 65536, 16384, 16384; neuron memory 65536, 65536, 65536, 32768, 32768, 16384, 16384, 16384, 16384; bias memory 1024)}}
  %if10 = nir.if "if10"(%fc10) {r = dense<1.0> : tensor<4x1x1xf32>, v_threshold = dense<1.0> : tensor<4x1x1xf32>, v_reset = dense<0.0> : tensor<4x1x1xf32>} : tensor<4x1x1xf32>
  %output = nir.output "output"(%if10) : tensor<4x1x1xf32>
}

// -----

// A 16x16 kernel from 64 to 8 channels: 64 * 2^(8 + 3) = 131072 kernel
// memory entries, more than any core has (sinabs' padded size K_MT).
nir.graph @core_memory {
  %input = nir.input "input" : tensor<64x16x16xf32>
  %conv1 = nir.conv2d "conv1"(%input) {input_shape = array<i64: 16, 16>, weight = dense<0.5> : tensor<8x64x16x16xf32>, stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>, groups = 1, bias = dense<0.0> : tensor<8xf32>} : tensor<64x16x16xf32> -> tensor<8x1x1xf32>
  // expected-error@+1 {{design rule 'core_memory' of target 'speck': node 'if1': the layer needs kernel memory 131072, neuron memory 8 and 8 biases; no core holds it (cores: kernel memory 16384, 16384, 16384, 32768, 32768, 65536, 65536, 16384, 16384; neuron memory 65536, 65536, 65536, 32768, 32768, 16384, 16384, 16384, 16384; bias memory 1024)}}
  %if1 = nir.if "if1"(%conv1) {r = dense<1.0> : tensor<8x1x1xf32>, v_threshold = dense<1.0> : tensor<8x1x1xf32>, v_reset = dense<0.0> : tensor<8x1x1xf32>} : tensor<8x1x1xf32>
  %fc = nir.conv2d "fc"(%if1) {input_shape = array<i64: 1, 1>, weight = dense<0.5> : tensor<2x8x1x1xf32>, stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>, groups = 1, bias = dense<0.0> : tensor<2xf32>} : tensor<8x1x1xf32> -> tensor<2x1x1xf32>
  %if_out = nir.if "if_out"(%fc) {r = dense<1.0> : tensor<2x1x1xf32>, v_threshold = dense<1.0> : tensor<2x1x1xf32>, v_reset = dense<0.0> : tensor<2x1x1xf32>} : tensor<2x1x1xf32>
  %output = nir.output "output"(%if_out) : tensor<2x1x1xf32>
}

// -----

// 1025 output channels; a core has 1024 (and 1024 biases).
nir.graph @channels {
  %input = nir.input "input" : tensor<1x4x4xf32>
  // expected-error@+1 {{design rule 'channels' of target 'speck': node 'conv1': 1 input and 1025 output channels; limit 1024}}
  %conv1 = nir.conv2d "conv1"(%input) {input_shape = array<i64: 4, 4>, weight = dense<0.5> : tensor<1025x1x1x1xf32>, stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>, groups = 1, bias = dense<0.0> : tensor<1025xf32>} : tensor<1x4x4xf32> -> tensor<1025x4x4xf32>
  // expected-error@+1 {{design rule 'core_memory' of target 'speck': node 'if1': the layer needs kernel memory 2048, neuron memory 16400 and 1025 biases; no core holds it (cores: kernel memory 16384, 16384, 16384, 32768, 32768, 65536, 65536, 16384, 16384; neuron memory 65536, 65536, 65536, 32768, 32768, 16384, 16384, 16384, 16384; bias memory 1024)}}
  %if1 = nir.if "if1"(%conv1) {r = dense<1.0> : tensor<1025x4x4xf32>, v_threshold = dense<1.0> : tensor<1025x4x4xf32>, v_reset = dense<0.0> : tensor<1025x4x4xf32>} : tensor<1025x4x4xf32>
  %pool1 = nir.sum_pool2d "pool1"(%if1) {kernel_size = array<i64: 4, 4>, stride = array<i64: 4, 4>, padding = array<i64: 0, 0>} : tensor<1025x4x4xf32> -> tensor<1025x1x1xf32>
  %output = nir.output "output"(%pool1) : tensor<1025x1x1xf32>
}

// -----

// A 130x130 input feature map; a core reads at most 128x128.
nir.graph @input_size {
  %input = nir.input "input" : tensor<1x130x130xf32>
  // expected-error@+1 {{design rule 'input_size' of target 'speck': node 'conv1': input feature map 130x130; limit 128x128}}
  %conv1 = nir.conv2d "conv1"(%input) {input_shape = array<i64: 130, 130>, weight = dense<0.5> : tensor<2x1x4x4xf32>, stride = array<i64: 4, 4>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>, groups = 1, bias = dense<0.0> : tensor<2xf32>} : tensor<1x130x130xf32> -> tensor<2x32x32xf32>
  %if1 = nir.if "if1"(%conv1) {r = dense<1.0> : tensor<2x32x32xf32>, v_threshold = dense<1.0> : tensor<2x32x32xf32>, v_reset = dense<0.0> : tensor<2x32x32xf32>} : tensor<2x32x32xf32>
  %output = nir.output "output"(%if1) : tensor<2x32x32xf32>
}

// -----

// A 66x66 output feature map; a core writes at most 64x64.
nir.graph @output_size {
  %input = nir.input "input" : tensor<1x66x66xf32>
  // expected-error@+1 {{design rule 'output_size' of target 'speck': node 'conv1': output feature map 66x66; limit 64x64}}
  %conv1 = nir.conv2d "conv1"(%input) {input_shape = array<i64: 66, 66>, weight = dense<0.5> : tensor<2x1x1x1xf32>, stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>, groups = 1, bias = dense<0.0> : tensor<2xf32>} : tensor<1x66x66xf32> -> tensor<2x66x66xf32>
  %if1 = nir.if "if1"(%conv1) {r = dense<1.0> : tensor<2x66x66xf32>, v_threshold = dense<1.0> : tensor<2x66x66xf32>, v_reset = dense<0.0> : tensor<2x66x66xf32>} : tensor<2x66x66xf32>
  %pool1 = nir.sum_pool2d "pool1"(%if1) {kernel_size = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : tensor<2x66x66xf32> -> tensor<2x33x33xf32>
  %output = nir.output "output"(%pool1) : tensor<2x33x33xf32>
}

// -----

// A 17x17 kernel; cores take up to 16x16.
nir.graph @kernel_size {
  %input = nir.input "input" : tensor<1x32x32xf32>
  // expected-error@+1 {{design rule 'kernel_size' of target 'speck': node 'conv1': kernel 17x17; limit 16x16}}
  %conv1 = nir.conv2d "conv1"(%input) {input_shape = array<i64: 32, 32>, weight = dense<0.5> : tensor<2x1x17x17xf32>, stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>, groups = 1, bias = dense<0.0> : tensor<2xf32>} : tensor<1x32x32xf32> -> tensor<2x16x16xf32>
  %if1 = nir.if "if1"(%conv1) {r = dense<1.0> : tensor<2x16x16xf32>, v_threshold = dense<1.0> : tensor<2x16x16xf32>, v_reset = dense<0.0> : tensor<2x16x16xf32>} : tensor<2x16x16xf32>
  %fc = nir.conv2d "fc"(%if1) {input_shape = array<i64: 16, 16>, weight = dense<0.5> : tensor<2x2x16x16xf32>, stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>, groups = 1, bias = dense<0.0> : tensor<2xf32>} : tensor<2x16x16xf32> -> tensor<2x1x1xf32>
  %if_out = nir.if "if_out"(%fc) {r = dense<1.0> : tensor<2x1x1xf32>, v_threshold = dense<1.0> : tensor<2x1x1xf32>, v_reset = dense<0.0> : tensor<2x1x1xf32>} : tensor<2x1x1xf32>
  %output = nir.output "output"(%if_out) : tensor<2x1x1xf32>
}

// -----

// A 3x5 kernel: kernels are square.
nir.graph @kernel_square {
  %input = nir.input "input" : tensor<1x8x8xf32>
  // expected-error@+1 {{design rule 'kernel_size' of target 'speck': node 'conv1': kernel 3x5 is not square}}
  %conv1 = nir.conv2d "conv1"(%input) {input_shape = array<i64: 8, 8>, weight = dense<0.5> : tensor<2x1x3x5xf32>, stride = array<i64: 1, 1>, padding = array<i64: 1, 1>, dilation = array<i64: 1, 1>, groups = 1, bias = dense<0.0> : tensor<2xf32>} : tensor<1x8x8xf32> -> tensor<2x8x6xf32>
  %if1 = nir.if "if1"(%conv1) {r = dense<1.0> : tensor<2x8x6xf32>, v_threshold = dense<1.0> : tensor<2x8x6xf32>, v_reset = dense<0.0> : tensor<2x8x6xf32>} : tensor<2x8x6xf32>
  %output = nir.output "output"(%if1) : tensor<2x8x6xf32>
}

// -----

// Stride 3; cores stride 1, 2, 4 or 8.
nir.graph @stride {
  %input = nir.input "input" : tensor<1x9x9xf32>
  // expected-error@+1 {{design rule 'stride' of target 'speck': node 'conv1': stride 3x3; allowed per axis: 1, 2, 4, 8}}
  %conv1 = nir.conv2d "conv1"(%input) {input_shape = array<i64: 9, 9>, weight = dense<0.5> : tensor<2x1x3x3xf32>, stride = array<i64: 3, 3>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>, groups = 1, bias = dense<0.0> : tensor<2xf32>} : tensor<1x9x9xf32> -> tensor<2x3x3xf32>
  %if1 = nir.if "if1"(%conv1) {r = dense<1.0> : tensor<2x3x3xf32>, v_threshold = dense<1.0> : tensor<2x3x3xf32>, v_reset = dense<0.0> : tensor<2x3x3xf32>} : tensor<2x3x3xf32>
  %fc = nir.conv2d "fc"(%if1) {input_shape = array<i64: 3, 3>, weight = dense<0.5> : tensor<2x2x3x3xf32>, stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>, groups = 1, bias = dense<0.0> : tensor<2xf32>} : tensor<2x3x3xf32> -> tensor<2x1x1xf32>
  %if_out = nir.if "if_out"(%fc) {r = dense<1.0> : tensor<2x1x1xf32>, v_threshold = dense<1.0> : tensor<2x1x1xf32>, v_reset = dense<0.0> : tensor<2x1x1xf32>} : tensor<2x1x1xf32>
  %output = nir.output "output"(%if_out) : tensor<2x1x1xf32>
}

// -----

// Padding 8; cores pad 0 to 7.
nir.graph @padding {
  %input = nir.input "input" : tensor<1x4x4xf32>
  // expected-error@+1 {{design rule 'padding' of target 'speck': node 'conv1': padding 8x8; limit 7}}
  %conv1 = nir.conv2d "conv1"(%input) {input_shape = array<i64: 4, 4>, weight = dense<0.5> : tensor<2x1x3x3xf32>, stride = array<i64: 1, 1>, padding = array<i64: 8, 8>, dilation = array<i64: 1, 1>, groups = 1, bias = dense<0.0> : tensor<2xf32>} : tensor<1x4x4xf32> -> tensor<2x18x18xf32>
  %if1 = nir.if "if1"(%conv1) {r = dense<1.0> : tensor<2x18x18xf32>, v_threshold = dense<1.0> : tensor<2x18x18xf32>, v_reset = dense<0.0> : tensor<2x18x18xf32>} : tensor<2x18x18xf32>
  %output = nir.output "output"(%if1) : tensor<2x18x18xf32>
}

// -----

// 3x3 pooling; cores pool 1x1, 2x2 or 4x4.
nir.graph @pooling {
  %input = nir.input "input" : tensor<1x9x9xf32>
  %conv1 = nir.conv2d "conv1"(%input) {input_shape = array<i64: 9, 9>, weight = dense<0.5> : tensor<2x1x3x3xf32>, stride = array<i64: 1, 1>, padding = array<i64: 1, 1>, dilation = array<i64: 1, 1>, groups = 1, bias = dense<0.0> : tensor<2xf32>} : tensor<1x9x9xf32> -> tensor<2x9x9xf32>
  %if1 = nir.if "if1"(%conv1) {r = dense<1.0> : tensor<2x9x9xf32>, v_threshold = dense<1.0> : tensor<2x9x9xf32>, v_reset = dense<0.0> : tensor<2x9x9xf32>} : tensor<2x9x9xf32>
  // expected-error@+1 {{design rule 'pooling' of target 'speck': node 'pool1': pooling kernel 3x3; allowed: square, 1, 2, 4}}
  %pool1 = nir.sum_pool2d "pool1"(%if1) {kernel_size = array<i64: 3, 3>, stride = array<i64: 3, 3>, padding = array<i64: 0, 0>} : tensor<2x9x9xf32> -> tensor<2x3x3xf32>
  %fc = nir.conv2d "fc"(%pool1) {input_shape = array<i64: 3, 3>, weight = dense<0.5> : tensor<2x2x3x3xf32>, stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>, groups = 1, bias = dense<0.0> : tensor<2xf32>} : tensor<2x3x3xf32> -> tensor<2x1x1xf32>
  %if_out = nir.if "if_out"(%fc) {r = dense<1.0> : tensor<2x1x1xf32>, v_threshold = dense<1.0> : tensor<2x1x1xf32>, v_reset = dense<0.0> : tensor<2x1x1xf32>} : tensor<2x1x1xf32>
  %output = nir.output "output"(%if_out) : tensor<2x1x1xf32>
}

// -----

// A 2x2 pooling with stride 1: Sinabs pools with stride = kernel.
nir.graph @pooling_stride {
  %input = nir.input "input" : tensor<1x8x8xf32>
  %conv1 = nir.conv2d "conv1"(%input) {input_shape = array<i64: 8, 8>, weight = dense<0.5> : tensor<2x1x3x3xf32>, stride = array<i64: 1, 1>, padding = array<i64: 1, 1>, dilation = array<i64: 1, 1>, groups = 1, bias = dense<0.0> : tensor<2xf32>} : tensor<1x8x8xf32> -> tensor<2x8x8xf32>
  %if1 = nir.if "if1"(%conv1) {r = dense<1.0> : tensor<2x8x8xf32>, v_threshold = dense<1.0> : tensor<2x8x8xf32>, v_reset = dense<0.0> : tensor<2x8x8xf32>} : tensor<2x8x8xf32>
  // expected-error@+1 {{design rule 'pooling_stride' of target 'speck': node 'pool1': pooling stride 1x1 differs from its kernel 2x2}}
  %pool1 = nir.sum_pool2d "pool1"(%if1) {kernel_size = array<i64: 2, 2>, stride = array<i64: 1, 1>, padding = array<i64: 0, 0>} : tensor<2x8x8xf32> -> tensor<2x7x7xf32>
  %fc = nir.conv2d "fc"(%pool1) {input_shape = array<i64: 7, 7>, weight = dense<0.5> : tensor<2x2x7x7xf32>, stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>, groups = 1, bias = dense<0.0> : tensor<2xf32>} : tensor<2x7x7xf32> -> tensor<2x1x1xf32>
  %if_out = nir.if "if_out"(%fc) {r = dense<1.0> : tensor<2x1x1xf32>, v_threshold = dense<1.0> : tensor<2x1x1xf32>, v_reset = dense<0.0> : tensor<2x1x1xf32>} : tensor<2x1x1xf32>
  %output = nir.output "output"(%if_out) : tensor<2x1x1xf32>
}

// -----

// A layer that sends to three layers; a core has two destinations.
nir.graph @destinations {
  %input = nir.input "input" : tensor<1x8x8xf32>
  %conv1 = nir.conv2d "conv1"(%input) {input_shape = array<i64: 8, 8>, weight = dense<0.5> : tensor<2x1x3x3xf32>, stride = array<i64: 1, 1>, padding = array<i64: 1, 1>, dilation = array<i64: 1, 1>, groups = 1, bias = dense<0.0> : tensor<2xf32>} : tensor<1x8x8xf32> -> tensor<2x8x8xf32>
  // expected-error@+1 {{design rule 'destinations' of target 'speck': node 'if1': the layer sends to 3 layers (conv2, conv3, conv4); limit 2}}
  %if1 = nir.if "if1"(%conv1) {r = dense<1.0> : tensor<2x8x8xf32>, v_threshold = dense<1.0> : tensor<2x8x8xf32>, v_reset = dense<0.0> : tensor<2x8x8xf32>} : tensor<2x8x8xf32>
  %conv2 = nir.conv2d "conv2"(%if1) {input_shape = array<i64: 8, 8>, weight = dense<0.5> : tensor<2x2x3x3xf32>, stride = array<i64: 1, 1>, padding = array<i64: 1, 1>, dilation = array<i64: 1, 1>, groups = 1, bias = dense<0.0> : tensor<2xf32>} : tensor<2x8x8xf32> -> tensor<2x8x8xf32>
  %conv3 = nir.conv2d "conv3"(%if1) {input_shape = array<i64: 8, 8>, weight = dense<0.5> : tensor<2x2x3x3xf32>, stride = array<i64: 1, 1>, padding = array<i64: 1, 1>, dilation = array<i64: 1, 1>, groups = 1, bias = dense<0.0> : tensor<2xf32>} : tensor<2x8x8xf32> -> tensor<2x8x8xf32>
  %conv4 = nir.conv2d "conv4"(%if1) {input_shape = array<i64: 8, 8>, weight = dense<0.5> : tensor<2x2x3x3xf32>, stride = array<i64: 1, 1>, padding = array<i64: 1, 1>, dilation = array<i64: 1, 1>, groups = 1, bias = dense<0.0> : tensor<2xf32>} : tensor<2x8x8xf32> -> tensor<2x8x8xf32>
  %if2 = nir.if "if2"(%conv2, %conv3, %conv4) {r = dense<1.0> : tensor<2x8x8xf32>, v_threshold = dense<1.0> : tensor<2x8x8xf32>, v_reset = dense<0.0> : tensor<2x8x8xf32>} : tensor<2x8x8xf32>
  %fc = nir.conv2d "fc"(%if2) {input_shape = array<i64: 8, 8>, weight = dense<0.5> : tensor<2x2x8x8xf32>, stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>, groups = 1, bias = dense<0.0> : tensor<2xf32>} : tensor<2x8x8xf32> -> tensor<2x1x1xf32>
  %if_out = nir.if "if_out"(%fc) {r = dense<1.0> : tensor<2x1x1xf32>, v_threshold = dense<1.0> : tensor<2x1x1xf32>, v_reset = dense<0.0> : tensor<2x1x1xf32>} : tensor<2x1x1xf32>
  %output = nir.output "output"(%if_out) : tensor<2x1x1xf32>
}

// -----

// A recurrent layer: Speck runs feed-forward networks only.
nir.graph @recurrence {
  %input = nir.input "input" : tensor<4x1x1xf32>
  %fc1 = nir.conv2d "fc1"(%input) {input_shape = array<i64: 1, 1>, weight = dense<0.5> : tensor<4x4x1x1xf32>, stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>, groups = 1, bias = dense<0.0> : tensor<4xf32>} : tensor<4x1x1xf32> -> tensor<4x1x1xf32>
  // expected-error@+1 {{design rule 'recurrence' of target 'speck': node 'if1': is on a cycle of 2 nodes (if1, rec); the target runs no recurrence}}
  %if1 = nir.if "if1"(%fc1, %rec) {r = dense<1.0> : tensor<4x1x1xf32>, v_threshold = dense<1.0> : tensor<4x1x1xf32>, v_reset = dense<0.0> : tensor<4x1x1xf32>} : tensor<4x1x1xf32>
  %rec = nir.conv2d "rec"(%if1) {input_shape = array<i64: 1, 1>, weight = dense<0.5> : tensor<4x4x1x1xf32>, stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>, groups = 1, bias = dense<0.0> : tensor<4xf32>} : tensor<4x1x1xf32> -> tensor<4x1x1xf32>
  %fc2 = nir.conv2d "fc2"(%if1) {input_shape = array<i64: 1, 1>, weight = dense<0.5> : tensor<2x4x1x1xf32>, stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>, groups = 1, bias = dense<0.0> : tensor<2xf32>} : tensor<4x1x1xf32> -> tensor<2x1x1xf32>
  %if2 = nir.if "if2"(%fc2) {r = dense<1.0> : tensor<2x1x1xf32>, v_threshold = dense<1.0> : tensor<2x1x1xf32>, v_reset = dense<0.0> : tensor<2x1x1xf32>} : tensor<2x1x1xf32>
  %output = nir.output "output"(%if2) : tensor<2x1x1xf32>
}

// -----

// Conv -> Conv: each weight layer must be followed by a spiking layer.
nir.graph @no_consecutive_weights {
  %input = nir.input "input" : tensor<1x8x8xf32>
  // expected-error@+1 {{design rule 'no_consecutive_weights' of target 'speck': node 'conv1': feeds weight node 'conv2' (Conv2d) with no neuron between them}}
  %conv1 = nir.conv2d "conv1"(%input) {input_shape = array<i64: 8, 8>, weight = dense<0.5> : tensor<2x1x3x3xf32>, stride = array<i64: 1, 1>, padding = array<i64: 1, 1>, dilation = array<i64: 1, 1>, groups = 1, bias = dense<0.0> : tensor<2xf32>} : tensor<1x8x8xf32> -> tensor<2x8x8xf32>
  %conv2 = nir.conv2d "conv2"(%conv1) {input_shape = array<i64: 8, 8>, weight = dense<0.5> : tensor<2x2x3x3xf32>, stride = array<i64: 1, 1>, padding = array<i64: 1, 1>, dilation = array<i64: 1, 1>, groups = 1, bias = dense<0.0> : tensor<2xf32>} : tensor<2x8x8xf32> -> tensor<2x8x8xf32>
  %if1 = nir.if "if1"(%conv2) {r = dense<1.0> : tensor<2x8x8xf32>, v_threshold = dense<1.0> : tensor<2x8x8xf32>, v_reset = dense<0.0> : tensor<2x8x8xf32>} : tensor<2x8x8xf32>
  %fc = nir.conv2d "fc"(%if1) {input_shape = array<i64: 8, 8>, weight = dense<0.5> : tensor<2x2x8x8xf32>, stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>, groups = 1, bias = dense<0.0> : tensor<2xf32>} : tensor<2x8x8xf32> -> tensor<2x1x1xf32>
  %if_out = nir.if "if_out"(%fc) {r = dense<1.0> : tensor<2x1x1xf32>, v_threshold = dense<1.0> : tensor<2x1x1xf32>, v_reset = dense<0.0> : tensor<2x1x1xf32>} : tensor<2x1x1xf32>
  %output = nir.output "output"(%if_out) : tensor<2x1x1xf32>
}

// -----

// Two thresholds in one layer; a core has one.
nir.graph @uniform_parameters {
  %input = nir.input "input" : tensor<2x1x1xf32>
  %fc1 = nir.conv2d "fc1"(%input) {input_shape = array<i64: 1, 1>, weight = dense<0.5> : tensor<2x2x1x1xf32>, stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>, groups = 1, bias = dense<0.0> : tensor<2xf32>} : tensor<2x1x1xf32> -> tensor<2x1x1xf32>
  // expected-error@+1 {{design rule 'uniform_parameters' of target 'speck': node 'if1': v_threshold ranges from 1 to 2; one value a layer}}
  %if1 = nir.if "if1"(%fc1) {r = dense<1.0> : tensor<2x1x1xf32>, v_threshold = dense<[[[1.0]], [[2.0]]]> : tensor<2x1x1xf32>, v_reset = dense<0.0> : tensor<2x1x1xf32>} : tensor<2x1x1xf32>
  %output = nir.output "output"(%if1) : tensor<2x1x1xf32>
}

// -----

// A bias runs as the layer's leak, which Sinabs discourages: a warning.
// 
// CHECK-LABEL: nir.graph @weight_bias
nir.graph @weight_bias {
  %input = nir.input "input" : tensor<1x8x8xf32>
  // expected-warning@+1 {{design rule 'weight_bias' of target 'speck': node 'conv1': 2 non-zero bias elements, which the target runs as a leak}}
  %conv1 = nir.conv2d "conv1"(%input) {input_shape = array<i64: 8, 8>, weight = dense<0.5> : tensor<2x1x3x3xf32>, stride = array<i64: 1, 1>, padding = array<i64: 1, 1>, dilation = array<i64: 1, 1>, groups = 1, bias = dense<0.25> : tensor<2xf32>} : tensor<1x8x8xf32> -> tensor<2x8x8xf32>
  %if1 = nir.if "if1"(%conv1) {r = dense<1.0> : tensor<2x8x8xf32>, v_threshold = dense<1.0> : tensor<2x8x8xf32>, v_reset = dense<0.0> : tensor<2x8x8xf32>} : tensor<2x8x8xf32>
  %fc = nir.conv2d "fc"(%if1) {input_shape = array<i64: 8, 8>, weight = dense<0.5> : tensor<2x2x8x8xf32>, stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>, groups = 1, bias = dense<0.0> : tensor<2xf32>} : tensor<2x8x8xf32> -> tensor<2x1x1xf32>
  %if_out = nir.if "if_out"(%fc) {r = dense<1.0> : tensor<2x1x1xf32>, v_threshold = dense<1.0> : tensor<2x1x1xf32>, v_reset = dense<0.0> : tensor<2x1x1xf32>} : tensor<2x1x1xf32>
  %output = nir.output "output"(%if_out) : tensor<2x1x1xf32>
}
