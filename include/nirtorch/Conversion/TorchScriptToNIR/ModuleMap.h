//===- ModuleMap.h - TorchScript class -> NIR node builders -----*- C++ -*-===//
//
// The extensible module map of the TorchScript to NIR lowering: a registry
// keyed by TorchScript class name (exact, or a glob pattern such as
// "__torch__.*.LIF") whose builders read a called submodule's slots and
// create the NIR node standing for the call. See docs/Lowering.md.
//
//===----------------------------------------------------------------------===//

#ifndef NIRTORCH_CONVERSION_TORCHSCRIPTTONIR_MODULEMAP_H
#define NIRTORCH_CONVERSION_TORCHSCRIPTTONIR_MODULEMAP_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "nirtorch/Dialect/TorchScript/TorchScriptOps.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace nirtorch {

/// A signal of the graph being built: the NIR edges whose sum it is (several
/// after an addition of two signals: fan-in) and its NIR shape (no batch dim).
struct Signal {
  llvm::SmallVector<mlir::Value, 2> edges;
  llvm::SmallVector<int64_t> shape;
};

/// What a builder sees of one `ts.call_method %sub["forward"](%x)` (or of
/// the root module itself when its class is mapped).
class ModuleCall {
public:
  ModuleCall(mlir::ts::ScriptModuleOp object, mlir::Operation *call,
             std::string nodeName, Signal input, mlir::OpBuilder &builder)
      : object(object), call(call), nodeName(std::move(nodeName)),
        input(std::move(input)), builder(builder) {}

  /// The called submodule object and its class name.
  mlir::ts::ScriptModuleOp getObject() const { return object; }
  llvm::StringRef getClassName() const { return object.getClassName(); }
  /// The op being lowered, for locations: the `ts.call_method`, or the
  /// root's forward method when the root itself is mapped.
  mlir::Operation *getCall() const { return call; }
  /// The name the node gets (the submodule path, see docs/Lowering.md).
  llvm::StringRef getNodeName() const { return nodeName; }
  /// The incoming signal (edges and NIR shape).
  const Signal &getInput() const { return input; }
  mlir::OpBuilder &getBuilder() const { return builder; }

  /// The tensor held by parameter or buffer slot `name`; null if the slot is
  /// missing or holds None.
  mlir::ElementsAttr getTensorSlot(llvm::StringRef name) const;
  /// The value of class constant `name` (scripted modules), or of a plain
  /// attribute slot of that name; null if there is neither.
  mlir::Attribute getConstant(llvm::StringRef name) const;
  /// The first `ts.operator` named one of `names` (qualified, with overload:
  /// "aten::avg_pool2d") in the object's methods, or null. Traced modules
  /// keep their hyper-parameters only as such operands.
  mlir::ts::OperatorOp findOperator(llvm::ArrayRef<llvm::StringRef> names) const;
  /// The compile-time value of `value` inside the object's methods: a
  /// `ts.constant`, a `ts.list_construct` of constants (an ArrayAttr), or a
  /// parameter/buffer/attribute read through `ts.get_attr`. Null otherwise.
  mlir::Attribute getConstantValue(mlir::Value value) const;

  /// Creates node `opName` ("nir.affine") named getNodeName(), fed by the
  /// input edges, with the given parameters; verifies it and infers its
  /// output shape with the dialect's shape functions. Diagnoses and fails
  /// when the parameters or the input shape do not fit.
  mlir::FailureOr<Signal>
  createNode(llvm::StringRef opName,
             llvm::ArrayRef<mlir::NamedAttribute> params) const;

  /// An error at the call, naming the class and the module path.
  mlir::InFlightDiagnostic emitError() const;

private:
  mutable mlir::ts::ScriptModuleOp object;
  mlir::Operation *call;
  std::string nodeName;
  Signal input;
  mlir::OpBuilder &builder;
};

/// `className` without TorchScript's mangling components
/// (`___torch_mangle_N`, added when two classes of one qualified name differ,
/// e.g. two Conv2d with different constants).
std::string demangleClassName(llvm::StringRef className);

/// Lowers one module call: returns the call's output signal (a new node, or
/// the input itself for a bypass such as Identity), or fails after
/// diagnosing.
using ModuleBuilder = std::function<mlir::FailureOr<Signal>(ModuleCall &)>;

/// TorchScript class name -> builder. Exact names take precedence over
/// patterns; patterns (llvm::GlobPattern syntax) are tried in registration
/// order.
class ModuleMap {
public:
  /// Registers `builder` for `classPattern`; a pattern containing one of
  /// `*?[` is a glob, anything else an exact class name. A later
  /// registration of the same key replaces the earlier one.
  void add(llvm::StringRef classPattern, ModuleBuilder builder);
  /// The builder for `className` (demangled first), or null.
  const ModuleBuilder *lookup(llvm::StringRef className) const;
  /// The registered keys, in registration order (for diagnostics).
  std::vector<std::string> keys() const;

  /// A map holding the torch.nn built-ins (registerBuiltinModuleMappings).
  static ModuleMap withBuiltins();
  /// The process-wide map the default pass uses; starts with the built-ins.
  /// Register library mappings here before running the pass.
  static ModuleMap &global();

private:
  struct Entry {
    std::string key;
    bool isPattern;
    ModuleBuilder builder;
  };
  std::vector<Entry> entries;
};

/// Adds the torch.nn mappings: Linear, Conv1d, Conv2d, Flatten, AvgPool2d,
/// LPPool2d (norm_type 1), Identity.
void registerBuiltinModuleMappings(ModuleMap &map);

} // namespace nirtorch

#endif // NIRTORCH_CONVERSION_TORCHSCRIPTTONIR_MODULEMAP_H
