//===- NodeMap.h - User implementations of raised NIR nodes ----*- C++ -*-===//
//
// NIRTorch's `nir_to_torch(graph, node_map)`: per NIR node type, the module
// a library wants in the raised `.pt` instead of the built-in class
// (`__torch__.nirtorch.nodes.<Type>`, RaisedClasses.h). raise-nir-nodes
// asks the map first for every node; the highest benefit wins (a later
// entry on a tie), and the built-ins are what is left. Entries come from
// C++ builders (`NodeMap::add`) or from node libraries: a TorchScript file
// whose submodules are prototypes plus a JSON binding of NIR parameters to
// their attributes (`NodeMap::loadLibrary`, docs/Raising.md "Node
// libraries").
//
//===----------------------------------------------------------------------===//

#ifndef NIRTORCH_CONVERSION_NIRTOTORCHSCRIPT_NODEMAP_H
#define NIRTORCH_CONVERSION_NIRTOTORCHSCRIPT_NODEMAP_H

#include "nirtorch/Dialect/NIR/NIROps.h"
#include "nirtorch/Dialect/TorchScript/TorchScriptOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace nirtorch {

/// How the raised root calls a node module for one time step (x is the sum
/// of the node's incoming edges; s1..sn its state tensors, each of the
/// node's output shape with the batch dims in front, zeros at the start).
enum class StepConvention {
  /// forward(x) -> y
  Stateless,
  /// forward(x, s1, ..., sn) -> (y, s1', ..., sn')
  Tensors,
  /// forward(x, (s1, ..., sn)) -> (y, (s1', ..., sn'))
  Tuple,
  /// forward(x, {"s1": s1, ...}) -> (y, {"s1": s1', ...})
  Dict,
};

/// The spelling in binding files: "stateless", "tensors", "tuple", "dict".
llvm::StringRef stringifyStepConvention(StepConvention convention);
std::optional<StepConvention> parseStepConvention(llvm::StringRef text);

/// What a builder gets to build the module of one node.
struct NodeBuildContext {
  mlir::OpBuilder &builder;
  /// The builtin module being raised: free functions the node's methods
  /// call go at its top level.
  mlir::ModuleOp module;
  /// The module the node's submodule goes into (at its end).
  mlir::ts::ScriptModuleOp parent;
  /// The submodule's slot name (the node name, sanitised).
  llvm::StringRef slotName;
  /// The time step of the graph in seconds.
  double dt;
  /// The compute dtype (f32 or f64) of parameters and states.
  mlir::FloatType computeType;
};

/// One user implementation of a NIR node type.
struct NodeImplementation {
  /// The NIR node type it implements ("LIF", as NodeOpInterface names it).
  std::string nodeType;
  /// The TorchScript class of the modules it builds: the state is passed as
  /// `convention` says, and `forward` has that signature.
  std::string className;
  StepConvention convention = StepConvention::Stateless;
  /// The state names: keys `<node>.<state>` of the root's state dict and,
  /// for Dict, the keys of the node's own dict. Empty iff Stateless.
  llvm::SmallVector<std::string> states;
  /// Builds the node's submodule (a `ts.module` of `className` named
  /// `slotName` at the end of `parent`); diagnostics go to the node.
  std::function<mlir::FailureOr<mlir::ts::ScriptModuleOp>(
      NodeBuildContext &, mlir::nir::NodeOpInterface)>
      build;
  /// Where it comes from, for diagnostics ("snnlib.json", "C++").
  std::string origin = "C++";
  /// Higher wins; the built-in classes are below every entry.
  unsigned benefit = 1;
};

/// The user implementations raise-nir-nodes consults.
class NodeMap {
public:
  NodeMap();
  ~NodeMap();
  NodeMap(NodeMap &&);
  NodeMap &operator=(NodeMap &&);

  /// Adds `implementation`; it wins over every entry of lower benefit and
  /// over earlier entries of the same benefit.
  void add(NodeImplementation implementation);

  /// Adds every entry of `other`, keeping their benefits.
  void addAll(const NodeMap &other);

  /// The implementation of `nodeType` to use, or null for the built-in.
  const NodeImplementation *lookup(llvm::StringRef nodeType) const;

  bool empty() const { return entries.empty(); }

  /// Loads a node library (docs/Raising.md, "Node libraries"): a JSON
  /// binding file naming a TorchScript file (`.pt`, or the `ts` IR
  /// `nir-translate --import-torchscript` makes of one, `.mlir`), or such a
  /// TorchScript file whose root holds the binding in a `nir_node_library`
  /// string attribute. Each bound node type becomes one entry with benefit
  /// `benefit` (by default above every entry so far). Problems are
  /// diagnostics at the file's position (or at `loc` when it cannot be
  /// read); nothing is added then.
  mlir::LogicalResult loadLibrary(llvm::StringRef path,
                                  mlir::MLIRContext *context,
                                  mlir::Location loc,
                                  std::optional<unsigned> benefit = {});

private:
  std::vector<NodeImplementation> entries;
  /// The libraries' imported modules, which the builders clone from.
  std::vector<std::shared_ptr<mlir::OwningOpRef<mlir::ModuleOp>>> libraries;
};

} // namespace nirtorch

#endif // NIRTORCH_CONVERSION_NIRTOTORCHSCRIPT_NODEMAP_H
