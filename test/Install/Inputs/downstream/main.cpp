//===- main.cpp - A downstream user of the installed nirtorch API ---------===//
//
// downstream MODEL.nir RAISED.pt OUT.nir
//
// Reads MODEL.nir, raises it to a torch::jit::Module (nirtorch::nirToTorch),
// runs it on a fixed input as a sequence and step by step, checks that the
// same module saved and loaded again (torch::jit::load from a stream) and the
// one the nirtorch tool wrote (RAISED.pt, torch::jit::load from a file) give
// the same spikes, writes the graph back to OUT.nir, and lowers the raised
// module back to NIR (nirtorch::torchToNIR).
//
//===----------------------------------------------------------------------===//

#include "nirtorch/NIRTorch.h"

#include "mlir/IR/MLIRContext.h"
#include "nirtorch/Dialect/NIR/NIROps.h"

#include <torch/script.h>

#include <iostream>
#include <map>
#include <sstream>

/// 20 steps of a fixed input: channel c fires at step t when (t + c) % 3 == 0.
static torch::Tensor makeInput(int64_t steps, int64_t channels) {
  torch::Tensor inputs = torch::zeros({steps, channels}, torch::kFloat64);
  for (int64_t t = 0; t < steps; ++t)
    for (int64_t c = 0; c < channels; ++c)
      if ((t + c) % 3 == 0)
        inputs[t][c] = 100.0;
  return inputs;
}

static torch::Tensor runSequence(torch::jit::Module &module,
                                 const torch::Tensor &inputs) {
  return module.get_method("forward_sequence")({inputs}).toTensor();
}

int main(int argc, char **argv) {
  if (argc != 4) {
    std::cerr << "usage: downstream MODEL.nir RAISED.pt OUT.nir\n";
    return 2;
  }
  mlir::MLIRContext context;

  // .nir -> NIR graph -> torch::jit::Module.
  auto graph = nirtorch::readNIR(argv[1], context);
  if (mlir::failed(graph))
    return 1;
  nirtorch::ToTorchOptions options;
  options.dtype = nirtorch::FloatType::Float64;
  options.dt = 1e-4;
  mlir::FailureOr<torch::jit::Module> raised =
      nirtorch::nirToTorch(**graph, options);
  if (mlir::failed(raised))
    return 1;

  torch::Tensor inputs = makeInput(20, 12);
  torch::Tensor outputs = runSequence(*raised, inputs);
  torch::Tensor spikes = outputs.sum(0).to(torch::kInt64);
  std::cout << "forward_sequence: " << outputs.size(0) << " steps x "
            << outputs.size(1) << " outputs, spikes per output:";
  for (int64_t c = 0; c < spikes.size(0); ++c)
    std::cout << " " << spikes[c].item<int64_t>();
  std::cout << "\n";

  // forward(input, state) step by step gives the same outputs.
  c10::IValue state; // None: a zero state
  bool stepsEqual = true;
  for (int64_t t = 0; t < inputs.size(0); ++t) {
    auto result = raised->forward({inputs[t], state}).toTuple();
    stepsEqual &= torch::equal(result->elements()[0].toTensor(), outputs[t]);
    state = result->elements()[1];
  }
  std::cout << "forward step by step: " << (stepsEqual ? "equal" : "DIFFERENT")
            << "\n";

  // Saved to a stream and loaded back.
  std::stringstream archive;
  raised->save(archive);
  torch::jit::Module reloaded = torch::jit::load(archive);
  std::cout << "torch::jit::load(stream): "
            << (torch::equal(runSequence(reloaded, inputs), outputs)
                    ? "equal"
                    : "DIFFERENT")
            << "\n";

  // The .pt file the nirtorch tool wrote with the same options.
  torch::jit::Module fromTool = torch::jit::load(argv[2]);
  std::cout << "torch::jit::load(RAISED.pt): "
            << (torch::equal(runSequence(fromTool, inputs), outputs)
                    ? "equal"
                    : "DIFFERENT")
            << "\n";

  // The graph back to a .nir file.
  if (mlir::failed(nirtorch::writeNIR(**graph, argv[3])))
    return 1;
  std::cout << "wrote the graph back to .nir\n";

  // And back to NIR (NIRTorch's torch_to_nir): the raised node classes map
  // to the NIR nodes they came from.
  auto lowered = nirtorch::torchToNIR(*raised, context);
  if (mlir::failed(lowered))
    return 1;
  std::map<std::string, std::string> nodes; // name -> op, in name order
  for (auto graphOp : (*lowered)->getOps<mlir::nir::GraphOp>())
    for (auto node :
         graphOp.getBodyBlock().getOps<mlir::nir::NodeOpInterface>())
      nodes[node.getNodeName().str()] = node->getName().getStringRef().str();
  std::cout << "torchToNIR:";
  for (const auto &[name, op] : nodes)
    std::cout << " " << name << "=" << op;
  std::cout << "\n";
  return 0;
}
