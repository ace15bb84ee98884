// Neither a NIR graph nor a TorchScript module.
module {
}
