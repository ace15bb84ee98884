//===- InlineCalls.cpp - Inline the calls of root ts.modules ---------------===//
//
// The pass `ts-inline-calls`: the first stage of the lowering to NIR
// (docs/Lowering.md). It inlines through the ts dialect's inliner interface
// (lib/Dialect/TorchScript/IR/TorchScriptInliner.cpp), which also serves
// MLIR's `inline` pass for calls a flat symbol names.
//
//===----------------------------------------------------------------------===//

#include "nirtorch/Conversion/TorchScriptToNIR.h"
#include "nirtorch/Dialect/TorchScript/TorchScriptOps.h"

#include "mlir/IR/SymbolTable.h"
#include "mlir/Transforms/InliningUtils.h"
#include "llvm/ADT/StringSet.h"

namespace mlir {
#define GEN_PASS_DEF_TSINLINECALLS
#include "nirtorch/Conversion/TorchScriptToNIR/Passes.h.inc"
} // namespace mlir

using namespace mlir;

namespace {

/// Hostile IR can nest calls so that inlining multiplies the body at every
/// level; past this many inlined ops the pass stops with an error.
constexpr uint64_t kMaxInlinedOps = uint64_t(1) << 22;

class CallInliner {
public:
  CallInliner(ModuleOp module, InlinerInterface &interface)
      : module(module), interface(interface) {}

  /// Inlines every call inside `ops`, and then the calls the inlined bodies
  /// bring, with `stack` the callables being inlined (for recursion).
  LogicalResult inlineWithin(ArrayRef<Operation *> ops);

private:
  /// The callable a call statically denotes, or null.
  CallableOpInterface resolve(CallOpInterface call);
  uint64_t countOps(CallableOpInterface callable);

  ModuleOp module;
  InlinerInterface &interface;
  SymbolTableCollection symbolTables;
  SmallVector<Operation *> stack;
  DenseMap<Operation *, uint64_t> opCounts;
  uint64_t inlinedOps = 0;
};

CallableOpInterface CallInliner::resolve(CallOpInterface call) {
  if (auto callMethod = dyn_cast<ts::CallMethodOp>(call.getOperation())) {
    ts::ScriptModuleOp object =
        ts::resolveObject(callMethod.getObject(), symbolTables);
    return object ? object.lookupMethod(callMethod.getMethod(), symbolTables)
                  : ts::MethodOp();
  }
  if (auto callFunction = dyn_cast<ts::CallFunctionOp>(call.getOperation()))
    return dyn_cast_or_null<ts::FunctionOp>(symbolTables.lookupSymbolIn(
        module, callFunction.getCalleeAttr()));
  return {};
}

uint64_t CallInliner::countOps(CallableOpInterface callable) {
  auto [it, inserted] = opCounts.try_emplace(callable.getOperation(), 0);
  if (inserted)
    callable.getCallableRegion()->walk([&](Operation *) { ++it->second; });
  return it->second;
}

LogicalResult CallInliner::inlineWithin(ArrayRef<Operation *> ops) {
  SmallVector<CallOpInterface> calls;
  for (Operation *op : ops)
    op->walk([&](CallOpInterface call) { calls.push_back(call); });

  for (CallOpInterface call : calls) {
    if (call->hasAttr(ts::TorchScriptDialect::getNoInlineAttrName()))
      continue;
    CallableOpInterface callee = resolve(call);
    if (!callee)
      continue;
    if (llvm::is_contained(stack, callee.getOperation())) {
      InFlightDiagnostic diag = call->emitError()
                                << "recursive call of '"
                                << SymbolTable::getSymbolName(callee).getValue()
                                << "' cannot be inlined";
      diag.attachNote(callee->getLoc()) << "callee defined here";
      return diag;
    }
    inlinedOps += countOps(callee);
    if (inlinedOps > kMaxInlinedOps)
      return call->emitError()
             << "inlining the calls would create more than "
             << kMaxInlinedOps << " ops";

    // MLIR's inliner splits the call's block at the call and merges it back,
    // moving every op after the call twice: quadratic in a block of many
    // calls (a raised forward). The call is inlined in a block of its own,
    // after its block, and the result spliced back in its place.
    Block *block = call->getBlock();
    Operation *after = call->getNextNode();
    Block *scratch = new Block();
    block->getParent()->getBlocks().insertAfter(block->getIterator(), scratch);
    call->moveBefore(scratch, scratch->end());
    // Fails only when the interface refuses (a result type it cannot
    // convert); the call then stays for the lowering to report.
    LogicalResult inlinedCall =
        inlineCall(interface, call, callee, callee.getCallableRegion(),
                   /*shouldCloneInlinedRegion=*/true);
    if (succeeded(inlinedCall))
      call->erase();
    SmallVector<Operation *> inlined;
    for (Operation &op : *scratch)
      inlined.push_back(&op);
    block->getOperations().splice(after ? after->getIterator() : block->end(),
                                  scratch->getOperations());
    scratch->erase();
    if (failed(inlinedCall))
      continue;
    stack.push_back(callee.getOperation());
    LogicalResult result = inlineWithin(inlined);
    stack.pop_back();
    if (failed(result))
      return failure();
  }
  return success();
}

struct TSInlineCallsPass
    : public impl::TSInlineCallsBase<TSInlineCallsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    InlinerInterface interface(&getContext());
    CallInliner inliner(module, interface);
    for (auto root : module.getOps<ts::ScriptModuleOp>()) {
      ts::MethodOp forward = root.lookupMethod("forward");
      if (!forward)
        continue;
      SmallVector<Operation *> body;
      for (Operation &op : forward.getBodyBlock())
        body.push_back(&op);
      if (failed(inliner.inlineWithin(body)))
        return signalPassFailure();
      // The lowering reads forward alone. The root's other methods would
      // only cost time: a raised root's forward_sequence holds every node
      // call in one loop, which the canonicalizer re-examines whole after
      // each change inside it (quadratic in the graph's size).
      llvm::StringSet<> called;
      Value self = forward.getBodyBlock().getArgument(0);
      forward.walk([&](ts::CallMethodOp call) {
        if (call.getObject() == self)
          called.insert(call.getMethod());
      });
      for (auto method : llvm::make_early_inc_range(
               root.getBody().front().getOps<ts::MethodOp>()))
        if (method != forward && !called.contains(method.getSymName()))
          method.erase();
    }
    eraseUnreferencedFunctions(module);
  }

  /// Erases the functions that only erased methods, or other such
  /// functions, refer to: the parts of a raised forward_sequence.
  static void eraseUnreferencedFunctions(ModuleOp module) {
    llvm::StringMap<ts::FunctionOp> functions;
    for (auto function : module.getOps<ts::FunctionOp>())
      functions[function.getSymName()] = function;
    llvm::StringSet<> referenced;
    SmallVector<Operation *> worklist;
    // Every symbol reference below `op`, nested symbol tables (modules)
    // included.
    auto visit = [&](Operation *op) {
      op->walk([&](Operation *inner) {
        inner->getAttrDictionary().walk([&](SymbolRefAttr ref) {
          StringRef name = ref.getRootReference().getValue();
          if (referenced.insert(name).second)
            if (ts::FunctionOp function = functions.lookup(name))
              worklist.push_back(function);
        });
      });
    };
    for (Operation &op : *module.getBody())
      if (!isa<ts::FunctionOp>(op))
        visit(&op);
    while (!worklist.empty())
      visit(worklist.pop_back_val());
    for (auto &entry : functions)
      if (!referenced.contains(entry.getKey()))
        entry.getValue().erase();
  }
};

} // namespace
