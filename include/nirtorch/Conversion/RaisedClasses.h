//===- RaisedClasses.h - The TorchScript classes of raised NIR --*- C++ -*-===//
//
// The one definition of what a raised module looks like from outside: the
// class names the raising emits (`__torch__.nirtorch.nodes.<Type>`, the
// graph and subgraph container prefixes), each node class's state tensors
// and NIR parameter buffers, and the names of the record slots
// (docs/Raising.md, "What the module records"). The raising
// (lib/Conversion/NIRToTorchScript) builds the modules from it and the
// lowering's map of the raised classes (lib/Conversion/TorchScriptToNIR,
// RaisedModuleMap.cpp, RaisedGraph.cpp) reads them back from it, so the two
// directions cannot drift apart.
//
//===----------------------------------------------------------------------===//

#ifndef NIRTORCH_CONVERSION_RAISEDCLASSES_H
#define NIRTORCH_CONVERSION_RAISEDCLASSES_H

#include "nirtorch/Dialect/NIR/NIROps.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringRef.h"

namespace nirtorch::raised {

/// Class name prefixes: node modules, root graph modules, subgraph
/// containers.
inline constexpr llvm::StringLiteral kNodeClassPrefix =
    "__torch__.nirtorch.nodes.";
inline constexpr llvm::StringLiteral kGraphClassPrefix =
    "__torch__.nirtorch.graphs.";
inline constexpr llvm::StringLiteral kSubgraphClassPrefix =
    "__torch__.nirtorch.subgraphs.";
/// Containers that only group the node modules of a large graph level
/// (docs/Raising.md, "Large graphs"); they record nothing.
inline constexpr llvm::StringLiteral kGroupClassPrefix =
    "__torch__.nirtorch.groups.";

/// Record slots (docs/Raising.md, "What the module records").
inline constexpr llvm::StringLiteral kNameSlot = "nir_name";
inline constexpr llvm::StringLiteral kMetadataSlot = "nir_metadata";
inline constexpr llvm::StringLiteral kDtypesSlot = "nir_dtypes";
inline constexpr llvm::StringLiteral kInputsSlot = "nir_inputs";
inline constexpr llvm::StringLiteral kInputShapesSlot = "nir_input_shapes";
inline constexpr llvm::StringLiteral kOutputsSlot = "nir_outputs";
inline constexpr llvm::StringLiteral kOutputShapesSlot = "nir_output_shapes";
inline constexpr llvm::StringLiteral kNodesSlot = "nir_nodes";
inline constexpr llvm::StringLiteral kPortMetadataSlot = "nir_port_metadata";
/// On the root: the NIR names of node modules that cannot carry `nir_name`
/// themselves (a node library's classes), by dotted slot path.
inline constexpr llvm::StringLiteral kNodeNamesSlot = "nir_node_names";
/// On the root: the top graph's `nir.edge_order` (a file's edge order,
/// docs/NIRFile.md), as [source, target] name pairs.
inline constexpr llvm::StringLiteral kEdgeOrderSlot = "nir_edge_order";
/// On the root of a large graph: the state keys its forward reads and
/// writes, by index (docs/Raising.md, "Large graphs").
inline constexpr llvm::StringLiteral kStateKeysSlot = "nir_state_keys";
inline constexpr llvm::StringLiteral kInputSlot = "nir_input";
inline constexpr llvm::StringLiteral kInputShapeSlot = "nir_input_shape";
inline constexpr llvm::StringLiteral kOutputSlot = "nir_output";
inline constexpr llvm::StringLiteral kOutputShapeSlot = "nir_output_shape";

/// How the lowering reads a class back: every NIR field from the buffer of
/// the same name, or from the class's own slots (Flatten's dims, Conv and
/// pooling hyper-parameters).
enum class Fields { Buffers, Flatten, Conv1d, Conv2d, SumPool2d, AvgPool2d };

/// One raised node class.
struct NodeClass {
  /// The NIR op it raises (`nir.lif`).
  llvm::StringLiteral opName;
  /// The class name after kNodeClassPrefix (`LIF`).
  llvm::StringLiteral className;
  /// The state tensors forward takes after x and returns after the output,
  /// in order; empty for a stateless class.
  llvm::ArrayRef<llvm::StringLiteral> states;
  /// The NIR parameters held as buffers of the same name.
  llvm::ArrayRef<llvm::StringLiteral> buffers;
  Fields fields;
  /// Spikes and resets (has `v_threshold`, `v_reset`, `reset_subtract`).
  bool spiking;

  std::string qualifiedName() const {
    return (kNodeClassPrefix + className).str();
  }
  bool isNeuron() const { return !states.empty(); }
};

/// Every raised node class, one per NIR node type the raising supports (in
/// the order the lowering lists its mappings in diagnostics).
inline llvm::ArrayRef<NodeClass> getNodeClasses() {
  using llvm::StringLiteral;
  using namespace mlir::nir;
  static constexpr StringLiteral v[] = {"v"}, vi[] = {"v", "i"},
                                 history[] = {"history"};
  static constexpr StringLiteral affine[] = {"weight", "bias"},
                                 linear[] = {"weight"}, scale[] = {"scale"},
                                 threshold[] = {"threshold"},
                                 delay[] = {"delay"}, i[] = {"r"},
                                 ifFields[] = {"r", "v_threshold", "v_reset"},
                                 li[] = {"tau", "r", "v_leak"},
                                 lif[] = {"tau", "r", "v_leak", "v_threshold",
                                          "v_reset"},
                                 cubaLI[] = {"tau_syn", "tau_mem", "r",
                                             "v_leak", "w_in"},
                                 cubaLIF[] = {"tau_syn", "tau_mem", "r",
                                              "v_leak", "v_threshold",
                                              "v_reset", "w_in"};
  static const NodeClass classes[] = {
      {AffineOp::getOperationName(), "Affine", {}, affine, Fields::Buffers,
       false},
      {LinearOp::getOperationName(), "Linear", {}, linear, Fields::Buffers,
       false},
      {ScaleOp::getOperationName(), "Scale", {}, scale, Fields::Buffers,
       false},
      {ThresholdOp::getOperationName(), "Threshold", {}, threshold,
       Fields::Buffers, false},
      {DelayOp::getOperationName(), "Delay", history, delay, Fields::Buffers,
       false},
      {IOp::getOperationName(), "I", v, i, Fields::Buffers, false},
      {IFOp::getOperationName(), "IF", v, ifFields, Fields::Buffers, true},
      {LIOp::getOperationName(), "LI", v, li, Fields::Buffers, false},
      {LIFOp::getOperationName(), "LIF", v, lif, Fields::Buffers, true},
      {CubaLIOp::getOperationName(), "CubaLI", vi, cubaLI, Fields::Buffers,
       false},
      {CubaLIFOp::getOperationName(), "CubaLIF", vi, cubaLIF,
       Fields::Buffers, true},
      {FlattenOp::getOperationName(), "Flatten", {}, {}, Fields::Flatten,
       false},
      {Conv1dOp::getOperationName(), "Conv1d", {}, affine, Fields::Conv1d,
       false},
      {Conv2dOp::getOperationName(), "Conv2d", {}, affine, Fields::Conv2d,
       false},
      {SumPool2dOp::getOperationName(), "SumPool2d", {}, {},
       Fields::SumPool2d, false},
      {AvgPool2dOp::getOperationName(), "AvgPool2d", {}, {},
       Fields::AvgPool2d, false},
  };
  return classes;
}

/// The class of the NIR op `opName`, or null when the raising has none.
inline const NodeClass *lookupNodeClass(llvm::StringRef opName) {
  for (const NodeClass &cls : getNodeClasses())
    if (cls.opName == opName)
      return &cls;
  return nullptr;
}

/// The class named `className` (without the prefix), or null.
inline const NodeClass *lookupNodeClassByName(llvm::StringRef className) {
  for (const NodeClass &cls : getNodeClasses())
    if (cls.className == className)
      return &cls;
  return nullptr;
}

/// The strings of a list attribute (a `List[str]` slot such as
/// `nir_inputs`, a row of `nir_nodes`), or std::nullopt when `attr` is not a
/// list of strings.
inline std::optional<llvm::SmallVector<std::string>>
readStringList(mlir::Attribute attr) {
  auto array = llvm::dyn_cast_or_null<mlir::ArrayAttr>(attr);
  if (!array)
    return std::nullopt;
  llvm::SmallVector<std::string> values;
  for (mlir::Attribute element : array) {
    auto str = llvm::dyn_cast<mlir::StringAttr>(element);
    if (!str)
      return std::nullopt;
    values.push_back(str.str());
  }
  return values;
}

} // namespace nirtorch::raised

#endif // NIRTORCH_CONVERSION_RAISEDCLASSES_H
