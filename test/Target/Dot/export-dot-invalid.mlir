// A module without a nir.graph has nothing to draw: one error at the module.

// RUN: nir-translate --export-dot %s -verify-diagnostics
// RUN: echo 'module {}' | not nir-translate --export-dot 2>&1 | FileCheck %s
// CHECK: <stdin>:1:1: error: no nir.graph to draw

// expected-error @+1 {{no nir.graph to draw}}
module {
}
