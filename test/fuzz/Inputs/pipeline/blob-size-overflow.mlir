nir.graph @g {
  %in = nir.input "in" : tensor<4611686018427387904xf32>
  %s = nir.scale "s"(%in) {scale = dense_resource<blob> : tensor<4611686018427387904xf32>} : tensor<4611686018427387904xf32>
  %out = nir.output "out"(%s) : tensor<4611686018427387904xf32>
}
{-#
  dialect_resources: {
    builtin: {
      blob: "0x040000000000803F"
    }
  }
#-}
