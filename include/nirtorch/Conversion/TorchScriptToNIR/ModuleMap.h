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
#include "nirtorch/Dialect/NIR/NIROps.h"
#include "nirtorch/Dialect/TorchScript/TorchScriptOps.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"

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

class SubgraphBuilder;

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

  /// The submodule at dotted attribute path `path` below the object ("" is
  /// the object itself), or null.
  mlir::ts::ScriptModuleOp getSubmodule(llvm::StringRef path) const;
  /// What a dotted attribute path names: submodules, then a slot or class
  /// constant, then NamedTuple fields ("rec.weight", "p.tau_mem_inv").
  struct PathValue {
    mlir::Attribute value; ///< null for a submodule or a missing path
    mlir::Type type;       ///< the TorchScript type of the value
    bool isSlot = false;   ///< a slot, not a class constant or field
  };
  /// The value at `path`; all null if nothing has that path.
  PathValue resolvePath(llvm::StringRef path) const;
  /// The tensor at `name` (a parameter or buffer slot, or a tensor field of
  /// a NamedTuple slot); null if it is missing or holds None.
  mlir::ElementsAttr getTensorSlot(llvm::StringRef name) const;
  /// The value of class constant `name` (scripted modules), of a plain
  /// attribute slot of that name or of a NamedTuple field; null if there is
  /// none. Dotted paths as for resolvePath.
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

  /// Starts a `nir.subgraph` node named getNodeName(), fed by the input
  /// edges, for a module that NIR expresses as a nested graph (a neuron with
  /// a recurrent synapse). See SubgraphBuilder.
  SubgraphBuilder createSubgraph() const;

  /// An error at the call, naming the class and the module path.
  mlir::InFlightDiagnostic emitError() const;

private:
  mutable mlir::ts::ScriptModuleOp object;
  mlir::Operation *call;
  std::string nodeName;
  Signal input;
  mlir::OpBuilder &builder;
};

/// Builds the body of one `nir.subgraph` node (ModuleCall::createSubgraph):
/// the nested graph starts with its Input node "input" (the call's input
/// shape); the builder adds nodes, wires them, and ends with finish(), which
/// adds the Output node "output" and gives the subgraph's signal in the
/// enclosing graph. Inner node names are unique within the subgraph only.
/// A SubgraphBuilder destroyed before a successful finish() erases the
/// subgraph, so a builder can return failure at any point.
///
///   SubgraphBuilder sub = call.createSubgraph();
///   FailureOr<Signal> lif = sub.createNode(
///       nir::CubaLIFOp::getOperationName(), "lif", sub.getInput(), params);
///   if (failed(lif)) return failure();
///   FailureOr<Signal> rec = sub.createNode(
///       nir::LinearOp::getOperationName(), "w_rec", *lif, {weight});
///   if (failed(rec) || failed(sub.connect(*rec, *lif))) return failure();
///   return sub.finish(*lif);
class SubgraphBuilder {
public:
  SubgraphBuilder(SubgraphBuilder &&other);
  SubgraphBuilder(const SubgraphBuilder &) = delete;
  SubgraphBuilder &operator=(const SubgraphBuilder &) = delete;
  SubgraphBuilder &operator=(SubgraphBuilder &&) = delete;
  ~SubgraphBuilder();

  /// The nested Input node's signal.
  const Signal &getInput() const { return input; }
  /// A builder whose insertion point is the end of the nested graph.
  mlir::OpBuilder &getBuilder() { return inner; }
  /// The subgraph op (its result type is a placeholder until finish()).
  mlir::nir::SubgraphOp getOp() const { return op; }

  /// Creates node `opName` named `name` inside the subgraph, fed by `from`
  /// (a signal of this subgraph), as ModuleCall::createNode does.
  mlir::FailureOr<Signal>
  createNode(llvm::StringRef opName, llvm::StringRef name, const Signal &from,
             llvm::ArrayRef<mlir::NamedAttribute> params);
  /// Adds the edges of `from` to the incoming edges of node `to` (a signal
  /// returned by createNode), closing a recurrent loop: `to` may come first
  /// in the body (a graph region). The shapes must agree.
  mlir::LogicalResult connect(const Signal &from, const Signal &to);
  /// Adds the Output node fed by `output`, verifies the nested graph, and
  /// returns the subgraph node's signal in the enclosing graph.
  mlir::FailureOr<Signal> finish(const Signal &output);

private:
  friend class ModuleCall;
  SubgraphBuilder(const ModuleCall &call, mlir::nir::SubgraphOp op);

  const ModuleCall *call;
  mlir::nir::SubgraphOp op;
  mlir::OpBuilder inner;
  Signal input;
  llvm::StringSet<> names;
  bool finished = false;
};

/// `className` without TorchScript's mangling components
/// (`___torch_mangle_N`, added when two classes of one qualified name differ,
/// e.g. two Conv2d with different constants).
std::string demangleClassName(llvm::StringRef className);

/// Lowers one module call: returns the call's output signal (a new node, or
/// the input itself for a bypass such as Identity), or fails after
/// diagnosing.
using ModuleBuilder = std::function<mlir::FailureOr<Signal>(ModuleCall &)>;

/// TorchScript class name -> builder. Entries live in layers: a lookup
/// tries the newest layer first. Within a layer, exact names take
/// precedence over patterns, and patterns (llvm::GlobPattern syntax) are
/// tried in registration order.
class ModuleMap {
public:
  /// Registers `builder` for `classPattern` in the current layer; a pattern
  /// containing one of `*?[` is a glob, anything else an exact class name.
  /// A later registration of the same key replaces the earlier one (and
  /// moves it to the current layer).
  void add(llvm::StringRef classPattern, ModuleBuilder builder);
  /// Starts a new layer: entries added from now on take precedence over all
  /// earlier ones, exact names and patterns alike (a module map file loaded
  /// on top of another map overrides it even with a pattern).
  void beginLayer() { ++currentLayer; }
  /// The builder for `className` (demangled first), or null.
  const ModuleBuilder *lookup(llvm::StringRef className) const;
  /// The key of the entry lookup() picks for `className`, or std::nullopt.
  std::optional<llvm::StringRef>
  lookupEntryKey(llvm::StringRef className) const;
  /// The builder registered under exactly `key` (a class name or a pattern,
  /// or the key of a marked-only entry), or null: what a call marked by
  /// `ts-match-module-maps` names.
  const ModuleBuilder *lookupKey(llvm::StringRef key) const;
  /// Registers `builder` under `key` in the current layer as an entry that
  /// matches no class by itself: only a call whose mark names `key` uses it
  /// (a mapping written inline in a PDL module map). lookup(),
  /// getEntriesByPrecedence() and keys() skip it.
  void addMarkedOnly(llvm::StringRef key, ModuleBuilder builder);

  /// One entry as the lowering's match patterns see it.
  struct EntryRef {
    llvm::StringRef key;
    bool isPattern;
    /// The entry's layer (higher wins); 0 where it does not matter.
    unsigned layer = 0;
  };
  /// The entries in the order lookup() tries them (the first that matches
  /// wins): newest layer first, exact names before patterns.
  std::vector<EntryRef> getEntriesByPrecedence() const;
  /// Whether entry `key` (exact or glob) matches `className` (demangled
  /// first).
  static bool matches(const EntryRef &entry, llvm::StringRef className);
  /// The registered keys, in registration order, then the PDL pattern files
  /// (for diagnostics).
  std::vector<std::string> keys() const;

  /// The `pdl.pattern`s of a PDL module map file (docs/Lowering.md, "PDLL
  /// module maps"), as a `pdl` module in MLIR text: `ts-match-module-maps`
  /// runs them in their layer, above the entries of every earlier layer.
  struct PDLPatterns {
    /// The file, for diagnostics.
    std::string name;
    std::string source;
    unsigned layer;
  };
  /// Adds PDL patterns to the current layer (loadModuleMapFile begins a
  /// layer for each file).
  void addPDLPatterns(llvm::StringRef name, std::string source);
  llvm::ArrayRef<PDLPatterns> getPDLPatterns() const { return pdlPatterns; }


private:
  struct Entry {
    std::string key;
    bool isPattern;
    bool markedOnly;
    unsigned layer;
    ModuleBuilder builder;
  };
  std::vector<Entry> entries;
  std::vector<PDLPatterns> pdlPatterns;
  unsigned currentLayer = 0;
};

/// Adds a library's module mappings to a map.
using ModuleMapRegistration = std::function<void(ModuleMap &)>;

/// Registers `registration` under `name` (a pass plugin's
/// NIRTORCH_MODULE_MAP_PLUGIN does, or a program at start-up). Nothing uses
/// a registered map by itself: a lowering adds it only when its options name
/// it (`registered-maps=NAME,...`). Registering a name again replaces it.
void registerModuleMap(llvm::StringRef name, ModuleMapRegistration registration);

/// The names registered so far, sorted.
std::vector<std::string> getRegisteredModuleMapNames();

/// Adds the mappings registered as `name` to `map`, in a new layer; fails
/// (with `map` unchanged) when no map is registered under that name.
mlir::LogicalResult addRegisteredModuleMap(llvm::StringRef name,
                                           ModuleMap &map);

} // namespace nirtorch

#endif // NIRTORCH_CONVERSION_TORCHSCRIPTTONIR_MODULEMAP_H
