// Large parameters print elided on request, small ones in full.

// RUN: nir-opt %s --mlir-elide-elementsattrs-if-larger=4 --mlir-elide-resource-strings-if-larger=8 | FileCheck %s
// RUN: nir-opt %s | FileCheck %s --check-prefix=FULL

// CHECK-LABEL: nir.graph @big
// CHECK: nir.affine "fc"(%{{.+}}) {bias = dense<[1.000000e+00, 2.000000e+00, 3.000000e+00]> : tensor<3xf32>, weight = dense_resource<__elided__> : tensor<3x2xf32>}
// FULL: weight = dense<{{\[\[}}1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00], [5.000000e+00, 6.000000e+00]]> : tensor<3x2xf32>
nir.graph @big {
  %input = nir.input "input" : tensor<2xf32>
  %fc = nir.affine "fc"(%input) {weight = dense<[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]> : tensor<3x2xf32>, bias = dense<[1.0, 2.0, 3.0]> : tensor<3xf32>} : tensor<2xf32> -> tensor<3xf32>
  %output = nir.output "output"(%fc) : tensor<3xf32>
}

// Parameters held out of line as resource blobs (how importers keep large
// weights without copies) verify like dense ones; their blobs elide too.
// CHECK-LABEL: nir.graph @resource
// CHECK: nir.linear "lin"(%{{.+}}) {weight = dense_resource<lin_weight> : tensor<2x2xf32>}
// CHECK-NOT: 0x0400000000
// FULL-LABEL: nir.graph @resource
// FULL: weight = dense_resource<lin_weight> : tensor<2x2xf32>
// FULL: lin_weight: "0x04000000
nir.graph @resource {
  %input = nir.input "input" : tensor<2xf32>
  %lin = nir.linear "lin"(%input) {weight = dense_resource<lin_weight> : tensor<2x2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%lin) : tensor<2xf32>
}

{-#
  dialect_resources: {
    builtin: {
      lin_weight: "0x040000000000803F000000400000404000008040"
    }
  }
#-}
