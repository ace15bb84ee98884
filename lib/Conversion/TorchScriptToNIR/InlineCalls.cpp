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

    Block *block = call->getBlock();
    Operation *before = call->getPrevNode();
    Operation *after = call->getNextNode();
    // Fails only when the interface refuses (a result type it cannot
    // convert); the call then stays for the lowering to report.
    if (failed(inlineCall(interface, call, callee, callee.getCallableRegion(),
                          /*shouldCloneInlinedRegion=*/true)))
      continue;
    call->erase();

    SmallVector<Operation *> inlined;
    for (Operation *op = before ? before->getNextNode() : &block->front();
         op && op != after; op = op->getNextNode())
      inlined.push_back(op);
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
      SmallVector<Operation *> methods;
      for (auto method : root.getBody().front().getOps<ts::MethodOp>())
        methods.push_back(method);
      for (Operation *method : methods) {
        SmallVector<Operation *> body;
        for (Operation &op : cast<ts::MethodOp>(method).getBodyBlock())
          body.push_back(&op);
        if (failed(inliner.inlineWithin(body)))
          return signalPassFailure();
      }
    }
  }
};

} // namespace
