//===- SplitMethods.cpp - Outline the ops of huge methods into parts ------===//
//
// `ts-split-methods`, the last stage of the raising (docs/Raising.md,
// "Large graphs"): TorchScript's save prints, and its load compiles, a
// method in time that grows faster than linearly with its statements, so a
// block of a method with more than `max-ops` ops is cut into runs of about
// `max-ops` ops, each moved into a function of its own
// (`<class>_forward_part3`) that the block calls. The values a run uses from
// before it become the part's arguments, those used after it its results.
// The part takes the containers of the submodules it uses, not `self`, and
// reads the submodules from them again: TorchScript's load maps the type of
// every value of a function for its alias analysis, several times per
// function, and the walk of a class type covers every class its attributes
// reach. `self`'s reaches every node module, so parts taking it made the
// load grow as parts times nodes.
//
//===----------------------------------------------------------------------===//

#include "nirtorch/Conversion/NIRToTorchScript.h"
#include "nirtorch/Dialect/TorchScript/TorchScriptOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"

namespace mlir::nir {
#define GEN_PASS_DEF_TSSPLITMETHODS
#include "nirtorch/Conversion/NIRToTorchScript/Passes.h.inc"
} // namespace mlir::nir

using namespace mlir;

namespace {

/// The ops `op` holds, itself included.
uint64_t weightOf(Operation *op) {
  uint64_t weight = 0;
  op->walk([&](Operation *) { ++weight; });
  return weight;
}

/// Whether a part can read the result of `op` again instead of taking it as
/// an argument: a constant, or a submodule read from `self` (directly or
/// through other submodules). Such ops stay where they are; each part that
/// uses them makes its own copy.
bool isRematerializable(Operation *op, Value self) {
  if (op->hasTrait<OpTrait::ConstantLike>() && op->getNumOperands() == 0)
    return true;
  auto get = dyn_cast<ts::GetAttrOp>(op);
  if (!get || !isa<ts::ModuleType>(get.getType()))
    return false;
  Value object = get.getObject();
  return object == self || (object.getDefiningOp() &&
                            isRematerializable(object.getDefiningOp(), self));
}

/// The name of the `k`th argument of a part, a container read from slot
/// `slot`: the slot's name if it is an identifier (not `0` of a Sequential).
std::string containerArgName(StringRef slot, size_t k) {
  bool identifier =
      !slot.empty() && !llvm::isDigit(slot.front()) &&
      llvm::all_of(slot, [](char c) { return llvm::isAlnum(c) || c == '_'; });
  return identifier ? slot.str() : "m" + std::to_string(k);
}

class MethodSplitter {
public:
  MethodSplitter(ts::MethodOp method, SymbolTable &topSymbols,
                 uint64_t maxOps)
      : method(method), object(cast<ts::ScriptModuleOp>(method->getParentOp())),
        self(method.getBodyBlock().getArgument(0)), topSymbols(topSymbols),
        maxOps(maxOps) {}

  /// Splits every block of the method that is too large, innermost first.
  void run();

private:
  /// Whether a part reads `value` again instead of taking it: `self`, or
  /// the result of a rematerializable op.
  bool isRematerializable(Value value) {
    Operation *def = value.getDefiningOp();
    return value == self || (def && ::isRematerializable(def, self));
  }
  /// The module value a part takes to read the rematerializable module
  /// value `value` from: `self` itself, a submodule of `self` itself, any
  /// other the object it is read from (a node module's group container).
  Value containerOf(Value value) {
    if (value == self)
      return self;
    Value object = value.getDefiningOp<ts::GetAttrOp>().getObject();
    return object == self ? value : object;
  }
  /// `value` in the part being built: read again there, or its argument.
  Value remap(Value value, OpBuilder &b, IRMapping &mapping);
  void splitBlock(Block &block);
  /// What a run of ops of `block` takes from before it (in first use
  /// order) and gives to the ops after it.
  struct RunInterface {
    /// The containers of the submodules the run uses.
    llvm::SetVector<Value> containers;
    llvm::SetVector<Value> arguments;
    SmallVector<Value> results;
  };
  RunInterface interfaceOf(Block &block, ArrayRef<Operation *> ops);
  /// Moves the ops of a run, in `block`'s order, into a new function and
  /// calls it after the last of them.
  void outline(Block &block, ArrayRef<Operation *> ops);

  ts::MethodOp method;
  ts::ScriptModuleOp object;
  Value self;
  /// The symbols of the module holding the parts.
  SymbolTable &topSymbols;
  uint64_t maxOps;
  unsigned nextPart = 0;
  bool warned = false;
};

Value MethodSplitter::remap(Value value, OpBuilder &b, IRMapping &mapping) {
  if (Value mapped = mapping.lookupOrNull(value))
    return mapped;
  // Not an argument: read again at the start of the part.
  Operation *def = value.getDefiningOp();
  for (Value operand : def->getOperands())
    remap(operand, b, mapping);
  Operation *copy = b.clone(*def, mapping);
  return copy->getResult(cast<OpResult>(value).getResultNumber());
}

void MethodSplitter::run() {
  // Innermost blocks first: a loop whose body is split is light afterwards.
  SmallVector<Block *> blocks;
  method.getBody().walk<WalkOrder::PostOrder>([&](Block *block) {
    blocks.push_back(block);
  });
  for (Block *block : blocks)
    splitBlock(*block);
}

void MethodSplitter::splitBlock(Block &block) {
  // Runs of about maxOps ops that move (an op heavier than that is a run of
  // its own), never the terminator.
  SmallVector<SmallVector<Operation *>> runs(1);
  uint64_t weight = 0;
  for (Operation &op : block.without_terminator()) {
    if (::isRematerializable(&op, self))
      continue;
    uint64_t opWeight = weightOf(&op);
    if (weight > 0 && weight + opWeight > maxOps) {
      runs.emplace_back();
      weight = 0;
    }
    runs.back().push_back(&op);
    weight += opWeight;
  }
  if (runs.size() < 2)
    return;
  // All runs or none: a module value other than self's submodules cannot
  // cross into or out of a part.
  for (ArrayRef<Operation *> run : runs) {
    RunInterface interface = interfaceOf(block, run);
    auto isModule = [](Value value) {
      return isa<ts::ModuleType>(value.getType());
    };
    if (llvm::any_of(interface.arguments, isModule) ||
        llvm::any_of(interface.results, isModule)) {
      if (!warned)
        method.emitWarning()
            << "method '" << method.getSymName()
            << "' is not split into parts where a module value that is not "
               "a submodule of self crosses a part boundary (saving and "
               "loading it stays slow)";
      warned = true;
      return;
    }
  }
  for (ArrayRef<Operation *> run : runs)
    outline(block, run);
  // The constants and submodule reads only the parts used.
  SmallVector<Operation *> stayed;
  for (Operation &op : block.without_terminator())
    if (::isRematerializable(&op, self))
      stayed.push_back(&op);
  for (Operation *op : llvm::reverse(stayed))
    if (op->use_empty())
      op->erase();
}

MethodSplitter::RunInterface
MethodSplitter::interfaceOf(Block &block, ArrayRef<Operation *> ops) {
  llvm::SmallPtrSet<Operation *, 32> run(ops.begin(), ops.end());
  // Whether `value` is defined inside the run (by an op of it, or as an
  // argument of a block nested in one).
  auto definedInRun = [&](Value value) {
    Operation *owner = value.getDefiningOp();
    if (!owner)
      owner = value.getParentBlock()->getParentOp();
    Operation *ancestor = block.findAncestorOpInBlock(*owner);
    return ancestor && run.contains(ancestor);
  };

  RunInterface interface;
  for (Operation *op : ops)
    op->walk([&](Operation *inner) {
      for (Value operand : inner->getOperands()) {
        if (definedInRun(operand))
          continue;
        if (!isRematerializable(operand))
          interface.arguments.insert(operand);
        else if (isa<ts::ModuleType>(operand.getType()))
          interface.containers.insert(containerOf(operand));
      }
    });
  for (Operation *op : ops)
    for (Value result : op->getResults())
      if (llvm::any_of(result.getUsers(), [&](Operation *user) {
            Operation *ancestor = block.findAncestorOpInBlock(*user);
            return !ancestor || !run.contains(ancestor);
          }))
        interface.results.push_back(result);
  return interface;
}

void MethodSplitter::outline(Block &block, ArrayRef<Operation *> ops) {
  MLIRContext *ctx = method.getContext();
  Location loc = ops.front()->getLoc();
  RunInterface interface = interfaceOf(block, ops);
  SmallVector<Value> arguments(interface.containers.begin(),
                               interface.containers.end());
  arguments.append(interface.arguments.begin(), interface.arguments.end());
  SmallVector<Value> &results = interface.results;

  // The part: part(<containers>..., <arguments>...) -> result | (results...)
  // | None. A container argument is named after its slot (`self` for self).
  OpBuilder b(ctx);
  SmallVector<Type> argTypes;
  SmallVector<std::string> argNameStorage;
  llvm::StringSet<> usedNames;
  for (auto [k, value] : llvm::enumerate(arguments)) {
    argTypes.push_back(value.getType());
    size_t numContainers = interface.containers.size();
    std::string name;
    if (k >= numContainers)
      name = "a" + std::to_string(k - numContainers);
    else if (value == self)
      name = "self";
    else
      name = containerArgName(value.getDefiningOp<ts::GetAttrOp>().getName(),
                              k);
    std::string unique = name;
    for (unsigned suffix = 1; !usedNames.insert(unique).second; ++suffix)
      unique = name + "_" + std::to_string(suffix);
    argNameStorage.push_back(std::move(unique));
  }
  SmallVector<StringRef> argNames(argNameStorage.begin(),
                                  argNameStorage.end());
  SmallVector<Type> resultTypes;
  for (Value value : results)
    resultTypes.push_back(value.getType());
  Type resultType = results.size() == 1 ? resultTypes.front()
                    : results.empty()
                        ? Type(ts::NoneType::get(ctx))
                        : Type(ts::TupleType::get(ctx, resultTypes));
  // `__torch__.a.Net` + `forward` -> `__torch__.a.Net_forward_part3`, under
  // a name unique among the module's symbols.
  std::string name = (object.getClassName() + "_" + method.getSymName() +
                      "_part" + Twine(nextPart++))
                         .str();
  auto part = b.create<ts::FunctionOp>(
      loc, name, b.getFunctionType(argTypes, {resultType}), argNames);
  topSymbols.insert(part);
  Block &body = part.getBodyBlock();

  IRMapping mapping;
  for (auto [k, value] : llvm::enumerate(arguments))
    mapping.map(value, body.getArgument(k));

  // The call goes after the run's last op; then the run moves, and its uses
  // of outside values are pointed at the part's.
  b.setInsertionPointAfter(ops.back());
  Value call = b.create<ts::CallFunctionOp>(
      loc, resultType, FlatSymbolRefAttr::get(part.getSymNameAttr()),
      arguments);
  SmallVector<Value> replacements;
  if (results.size() == 1)
    replacements.push_back(call);
  else if (!results.empty())
    llvm::append_range(replacements,
                       b.create<ts::TupleUnpackOp>(loc, resultTypes, call)
                           .getResults());
  for (Operation *op : ops)
    op->moveBefore(&body, body.end());
  OpBuilder prologue = OpBuilder::atBlockBegin(&body);
  auto insidePart = [&](Value value) {
    Operation *owner = value.getDefiningOp();
    return part->isAncestor(owner ? owner
                                  : value.getParentBlock()->getParentOp());
  };
  for (Operation *op : ops)
    op->walk([&](Operation *inner) {
      for (OpOperand &operand : inner->getOpOperands())
        if (!insidePart(operand.get()))
          operand.set(remap(operand.get(), prologue, mapping));
    });
  b.setInsertionPointToEnd(&body);
  Value returned;
  if (results.size() == 1)
    returned = results.front();
  else if (results.empty())
    returned = b.create<ts::ConstantOp>(loc, resultType, ts::NoneAttr::get(ctx));
  else
    returned = b.create<ts::TupleConstructOp>(loc, resultType, results);
  b.create<ts::ReturnOp>(loc, ValueRange{returned});

  for (auto [result, replacement] : llvm::zip_equal(results, replacements))
    result.replaceUsesWithIf(replacement, [&](OpOperand &use) {
      return !part->isProperAncestor(use.getOwner());
    });
}

class TSSplitMethods
    : public nir::impl::TSSplitMethodsBase<TSSplitMethods> {
public:
  using Base::Base;
  void runOnOperation() override {
    if (maxOps == 0) {
      getOperation().emitError() << "ts-split-methods: max-ops must be "
                                    "positive";
      return signalPassFailure();
    }
    // A class's methods belong to all its objects: only a class of one
    // object can have its methods changed without the others disagreeing.
    llvm::StringMap<unsigned> objectsOfClass;
    SmallVector<ts::MethodOp> methods;
    SymbolTable topSymbols(getOperation());
    getOperation().walk([&](Operation *op) {
      if (auto object = dyn_cast<ts::ScriptModuleOp>(op))
        ++objectsOfClass[object.getClassName()];
      else if (auto method = dyn_cast<ts::MethodOp>(op))
        methods.push_back(method);
    });
    for (ts::MethodOp method : methods) {
      auto object = cast<ts::ScriptModuleOp>(method->getParentOp());
      if (objectsOfClass.lookup(object.getClassName()) != 1 ||
          weightOf(method) <= maxOps)
        continue;
      MethodSplitter(method, topSymbols, maxOps).run();
    }
  }
};

} // namespace
