//===- ts-api-test.cpp - Exercise the TorchScript C++ API -----------------===//
//
// Drives the entry points of nirtorch/Target/TorchScript/TorchScript.h that
// nir-translate does not reach (api.test runs it):
//
//   ts-api-test module
//       builds a torch::jit::Module in C++, refines the tensor types of its
//       graph as a trace does, imports it (importTorchScript(Module)), prints
//       the IR, exports it back (exportTorchScript -> Module) and runs both.
//   ts-api-test file IN.pt OUT.pt ROWS COLS
//       importTorchScriptFile(IN), prints the IR, exportTorchScriptFile(OUT),
//       loads OUT and runs both modules on a ROWS x COLS input.
//   ts-api-test fail-export IN.mlir OUT.pt
//       parses IN and tries exportTorchScriptFile(OUT), which must fail.
//
//===----------------------------------------------------------------------===//

#include "nirtorch/Dialect/TorchScript/TorchScriptDialect.h"
#include "nirtorch/Dialect/TorchScript/TorchScriptOps.h"
#include "nirtorch/Target/TorchScript/TorchScript.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/raw_ostream.h"

#include <torch/script.h>

#include <cstdlib>
#include <iostream>
#include <string>

using namespace mlir;

static int fail(const std::string &message) {
  std::cerr << "ts-api-test: " << message << "\n";
  return 1;
}

static bool sameOutputs(torch::jit::Module &a, torch::jit::Module &b,
                        const at::Tensor &input) {
  at::Tensor x = a.forward({input}).toTensor();
  at::Tensor y = b.forward({input}).toTensor();
  return torch::equal(x, y);
}

static int runModule() {
  torch::jit::Module module("__torch__.Affine");
  module.register_parameter("weight", torch::arange(6.0).reshape({3, 2}),
                            /*is_buffer=*/false);
  module.register_buffer("bias", torch::ones({3}));
  module.register_attribute("gain", c10::FloatType::get(), 0.5);
  module.define(R"(
def forward(self, x: Tensor) -> Tensor:
    return torch.linear(x, self.weight, self.bias) * self.gain
)");
  // A trace would have recorded complete tensor types; so do we.
  std::shared_ptr<torch::jit::Graph> graph =
      module.get_method("forward").graph();
  graph->inputs()[1]->setType(c10::TensorType::create(torch::zeros({4, 2})));

  MLIRContext context;
  FailureOr<OwningOpRef<ModuleOp>> imported = ts::importTorchScript(
      module, &context, UnknownLoc::get(&context), {"affine", 1024});
  if (failed(imported))
    return fail("import failed");
  (*imported)->print(llvm::outs());
  llvm::outs().flush();

  ts::ScriptModuleOp root = ts::findRootModule(**imported, "affine");
  FailureOr<torch::jit::Module> exported = ts::exportTorchScript(root);
  if (failed(exported))
    return fail("export failed");
  at::Tensor input = torch::randn({4, 2});
  if (!sameOutputs(module, *exported, input))
    return fail("outputs differ");
  std::cout << "module: same outputs\n";
  return 0;
}

static int runFile(const char *in, const char *out, int rows, int cols) {
  MLIRContext context;
  FailureOr<OwningOpRef<ModuleOp>> imported =
      ts::importTorchScriptFile(in, &context);
  if (failed(imported))
    return fail("import failed");
  (*imported)->print(llvm::outs());
  llvm::outs().flush();
  ts::ScriptModuleOp root = ts::findRootModule(**imported);
  if (!root || failed(ts::exportTorchScriptFile(root, out)))
    return fail("export failed");
  torch::jit::Module original = torch::jit::load(in);
  torch::jit::Module written = torch::jit::load(out);
  if (!sameOutputs(original, written, torch::randn({rows, cols})))
    return fail("outputs differ");
  std::cout << "file: same outputs\n";
  return 0;
}

static int runFailExport(const char *in, const char *out) {
  MLIRContext context;
  context.loadDialect<ts::TorchScriptDialect>();
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(in, &context);
  if (!module)
    return fail("cannot parse input");
  ts::ScriptModuleOp root = ts::findRootModule(*module);
  if (!root)
    return fail("no root");
  if (succeeded(ts::exportTorchScriptFile(root, out)))
    return fail("export unexpectedly succeeded");
  std::cout << "fail-export: refused\n";
  return 0;
}

int main(int argc, char **argv) {
  torch::manual_seed(0);
  std::string command = argc > 1 ? argv[1] : "";
  if (command == "module" && argc == 2)
    return runModule();
  if (command == "file" && argc == 6)
    return runFile(argv[2], argv[3], std::atoi(argv[4]), std::atoi(argv[5]));
  if (command == "fail-export" && argc == 4)
    return runFailExport(argv[2], argv[3]);
  return fail("usage: ts-api-test module | file IN.pt OUT.pt ROWS COLS | "
              "fail-export IN.mlir OUT.pt");
}
