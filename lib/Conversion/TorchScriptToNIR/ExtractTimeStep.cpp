//===- ExtractTimeStep.cpp - A forward's time loop as its one step --------===//
//
// The pass `ts-extract-time-step` (docs/Lowering.md, "Time loops"). A NIR
// graph describes one time step; the snnTorch tutorials' models loop over
// time inside `forward`:
//
//   mem = self.lif.init_leaky()
//   spk_rec = []
//   for step in range(x.size(0)):
//       spk, mem = self.lif(self.fc(x[step]), mem)
//       spk_rec.append(spk)
//   return torch.stack(spk_rec)
//
// The pass proves that such a loop is a time loop and rewrites `forward` to
// its body, run once on one step: `x[step]` becomes `x`, the loop-carried
// values start from their initial values (state, which the conversion
// drops), and each stacked list becomes the value appended to it. A loop
// that touches a forward input but is not such a loop is an error naming
// what does not fit.
//
//===----------------------------------------------------------------------===//

#include "nirtorch/Conversion/TorchScriptToNIR.h"
#include "Common.h"
#include "nirtorch/Dialect/TorchScript/TorchScriptOps.h"

#include "mlir/IR/Builders.h"

namespace mlir {
#define GEN_PASS_DEF_TSEXTRACTTIMESTEP
#include "nirtorch/Conversion/TorchScriptToNIR/Passes.h.inc"
} // namespace mlir

using namespace mlir;
using nirtorch::lowering::asOperator;

namespace {

std::optional<int64_t> getConstantInt(Value value) {
  if (!value)
    return std::nullopt;
  if (auto integer = dyn_cast_or_null<IntegerAttr>(
          nirtorch::lowering::foldConstant(value, nullptr)))
    return integer.getInt();
  return std::nullopt;
}

bool isConstantTrue(Value value) {
  auto flag =
      dyn_cast_or_null<BoolAttr>(nirtorch::lowering::foldConstant(value, nullptr));
  return flag && flag.getValue();
}

/// A list a time loop fills: created empty before the loop, appended to
/// once per step, stacked after it.
struct RecordedList {
  ts::ListConstructOp list;
  ts::OperatorOp append;
  ts::OperatorOp stack;
};

/// What ts-extract-time-step needs to know of one loop.
struct TimeLoop {
  ts::LoopOp loop;
  /// The forward argument the loop runs over, and along which dim.
  BlockArgument sequence;
  int64_t dim;
  /// The x[step] reads.
  SmallVector<ts::OperatorOp> steps;
  SmallVector<RecordedList> lists;
};

class TimeLoopMatcher {
public:
  TimeLoopMatcher(ts::MethodOp forward) : forward(forward) {}

  /// Whether `loop` reads a tensor argument of forward (in its trip count
  /// or its body): only such a loop can be a time loop, and must be one.
  bool readsInput(ts::LoopOp loop) {
    bool reads = false;
    auto isInput = [&](Value value) {
      auto arg = dyn_cast<BlockArgument>(value);
      return arg && arg.getOwner() == &forward.getBodyBlock() &&
             isa<ts::TensorType>(arg.getType());
    };
    if (auto size = loop.getMaxTripCount().getDefiningOp())
      reads = llvm::any_of(size->getOperands(), isInput);
    loop.getBody().walk([&](Operation *op) {
      reads = reads || llvm::any_of(op->getOperands(), isInput);
    });
    return reads;
  }

  /// Matches `loop` as a time loop, or fails after an error at the loop.
  FailureOr<TimeLoop> match(ts::LoopOp loop) {
    TimeLoop result{loop, {}, 0, {}, {}};
    auto fail = [&](const Twine &why) {
      loop.emitError() << "cannot lower this loop of forward as a time loop: "
                       << why
                       << " (a time loop runs `for step in "
                          "range(x.size(d))` over a forward input x, reads "
                          "it only as x[step] (x.select(d, step)), carries "
                          "state from one step to the next and collects "
                          "its outputs with list.append and torch.stack "
                          "along d)";
      return failure();
    };
    // for step in range(x.size(d)) (len(x): d = 0).
    Operation *count = loop.getMaxTripCount().getDefiningOp();
    Value sequence;
    if (auto size = asOperator(count, "aten::size.int", 2)) {
      std::optional<int64_t> dim = getConstantInt(size->getOperand(1));
      if (!dim)
        return fail("the trip count is x.size(d) of a non-constant d");
      sequence = size->getOperand(0);
      result.dim = *dim;
    } else if (auto len = asOperator(count, "aten::len.Tensor", 1)) {
      sequence = len->getOperand(0);
    } else {
      return fail("the trip count is not the size of a forward input");
    }
    auto arg = dyn_cast<BlockArgument>(sequence);
    if (!arg || arg.getOwner() != &forward.getBodyBlock() ||
        !isa<ts::TensorType>(arg.getType()) ||
        forward.getArgDefault(arg.getArgNumber()))
      return fail("the trip count is the size of a value other than a "
                  "forward input");
    result.sequence = arg;
    if (result.dim < 0)
      return fail("the time dim is counted from the end");
    if (std::optional<ArrayRef<int64_t>> sizes =
            cast<ts::TensorType>(arg.getType()).getSizes();
        sizes && result.dim >= static_cast<int64_t>(sizes->size()))
      return fail("the time dim " + Twine(result.dim) +
                  " is not a dim of the input, of rank " +
                  Twine(sizes->size()));
    if (!isConstantTrue(loop.getInitialCondition()) ||
        !isConstantTrue(loop.getBodyBlock().getTerminator()->getOperand(0)))
      return fail("it is a while loop (its condition is not the constant "
                  "true)");

    // The input: read only as x[step] in the loop, and only for its sizes
    // outside.
    BlockArgument step = loop.getInductionVar();
    for (OpOperand &use : sequence.getUses()) {
      Operation *user = use.getOwner();
      if (!loop->isAncestor(user)) {
        if (asOperator(user, "aten::size.int") ||
            asOperator(user, "aten::len.Tensor"))
          continue;
        return fail("the input is also used outside the loop");
      }
      auto select = asOperator(user, "aten::select.int", 3);
      if (!select || use.getOperandNumber() != 0 ||
          getConstantInt(select->getOperand(1)) != result.dim ||
          select->getOperand(2) != step)
        return fail("the input is read inside the loop other than as "
                    "x[step] along the time dim");
      result.steps.push_back(select);
    }
    if (result.steps.empty())
      return fail("the loop does not read the input's steps");
    for (OpOperand &use : step.getUses()) {
      auto user = dyn_cast<ts::OperatorOp>(use.getOwner());
      if (llvm::is_contained(result.steps, user))
        continue;
      if (asOperator(user, "aten::select.int", 3) &&
          use.getOperandNumber() == 2)
        return fail("it reads the steps of a second value (one forward "
                    "input is the time sequence)");
      return fail("the step index is used other than to index the input "
                  "(a step-dependent computation has no NIR form)");
    }

    // Outputs: lists appended to once per step, at the body's top level,
    // and stacked along the time dim after the loop.
    bool badAppend = false;
    loop.getBody().walk([&](ts::OperatorOp append) {
      if (append.getQualifiedName() != "aten::append.t")
        return;
      if (!asOperator(append, "aten::append.t", 2)) {
        badAppend = true;
        return;
      }
      result.lists.push_back(
          {append->getOperand(0).getDefiningOp<ts::ListConstructOp>(), append,
           {}});
    });
    if (badAppend)
      return fail("a list.append does not take a list and a value and "
                  "return the list");
    if (result.lists.empty())
      return fail("it collects no outputs (list.append inside the loop)");
    for (RecordedList &recorded : result.lists) {
      if (!recorded.list || recorded.list->getNumOperands() != 0 ||
          recorded.list->getBlock() != loop->getBlock())
        return fail("a list appended to in the loop is not created empty "
                    "just before it");
      if (recorded.append->getBlock() != &loop.getBodyBlock())
        return fail("an output is appended under a condition");
      for (Operation *user : recorded.list->getUsers()) {
        if (user == recorded.append.getOperation())
          continue;
        if (asOperator(user, "aten::append.t"))
          return fail("a list of outputs is appended to more than once "
                      "per step");
        auto stack = asOperator(user, "aten::stack", 2);
        // After the loop: the stack or the op holding it (an if) follows
        // the loop in its block.
        Operation *after =
            stack ? loop->getBlock()->findAncestorOpInBlock(*stack) : nullptr;
        if (!stack || recorded.stack || !after || after == loop ||
            after->isBeforeInBlock(loop) ||
            getConstantInt(stack->getOperand(1)) != result.dim)
          return fail("a list of outputs is used other than by one "
                      "torch.stack along the time dim after the loop");
        recorded.stack = stack;
      }
      if (!recorded.stack)
        return fail("a list of outputs is not stacked after the loop");
    }
    return result;
  }

private:
  ts::MethodOp forward;
};

/// Rewrites forward to run `loop`'s body once, on one step.
void extractStep(ts::MethodOp forward, TimeLoop &timeLoop) {
  ts::LoopOp loop = timeLoop.loop;
  Block &body = loop.getBodyBlock();
  Operation *terminator = body.getTerminator();
  // x[step] is the step input itself.
  for (ts::OperatorOp select : timeLoop.steps) {
    select->getResult(0).replaceAllUsesWith(timeLoop.sequence);
    select->erase();
  }
  // The carried values start from their initial values; what the loop
  // leaves in them is the body's next values (state either way).
  for (auto [arg, init] :
       llvm::zip_equal(loop.getRegionIterArgs(), loop.getInitValues()))
    arg.replaceAllUsesWith(init);
  for (auto [result, next] :
       llvm::zip_equal(loop.getResults(), terminator->getOperands().drop_front()))
    result.replaceAllUsesWith(next);
  // Each stacked list is the one value appended per step.
  for (RecordedList &recorded : timeLoop.lists) {
    recorded.stack->getResult(0).replaceAllUsesWith(
        recorded.append->getOperand(1));
    recorded.append->getResult(0).replaceAllUsesWith(
        recorded.list.getResult());
  }
  terminator->erase();
  Block *parent = loop->getBlock();
  parent->getOperations().splice(loop->getIterator(), body.getOperations());
  Operation *tripCount = loop.getMaxTripCount().getDefiningOp();
  loop->erase();
  if (tripCount && tripCount->use_empty())
    tripCount->erase();
  for (RecordedList &recorded : timeLoop.lists) {
    recorded.stack->erase();
    recorded.append->erase();
    if (recorded.list->use_empty())
      recorded.list->erase();
  }
  // The input now holds one step: traced sizes lose the time dim.
  auto type = cast<ts::TensorType>(timeLoop.sequence.getType());
  if (std::optional<ArrayRef<int64_t>> sizes = type.getSizes();
      sizes && timeLoop.dim < static_cast<int64_t>(sizes->size())) {
    SmallVector<int64_t> stepSizes(sizes->begin(), sizes->end());
    stepSizes.erase(stepSizes.begin() + timeLoop.dim);
    timeLoop.sequence.setType(ts::TensorType::get(
        type.getContext(), ArrayRef<int64_t>(stepSizes), type.getDtype()));
    forward.setFunctionTypeAttr(TypeAttr::get(FunctionType::get(
        forward.getContext(), forward.getBodyBlock().getArgumentTypes(),
        forward.getFunctionType().getResults())));
  }
}

struct TSExtractTimeStepPass
    : public impl::TSExtractTimeStepBase<TSExtractTimeStepPass> {
  void runOnOperation() override {
    bool failed = false;
    for (auto root : getOperation().getOps<ts::ScriptModuleOp>()) {
      ts::MethodOp forward = root.lookupMethod("forward");
      if (!forward)
        continue;
      TimeLoopMatcher matcher(forward);
      SmallVector<ts::LoopOp> loops;
      for (auto loop : forward.getBodyBlock().getOps<ts::LoopOp>())
        if (matcher.readsInput(loop))
          loops.push_back(loop);
      // One loop per input at most: two loops over time would run their
      // steps one after the other, which a step graph cannot.
      if (loops.size() > 1) {
        loops[1].emitError()
            << "cannot lower a second loop over forward's inputs: a NIR "
               "graph is one time step, and two time loops run their steps "
               "one after the other";
        failed = true;
        continue;
      }
      for (ts::LoopOp loop : loops) {
        FailureOr<TimeLoop> timeLoop = matcher.match(loop);
        if (::mlir::failed(timeLoop)) {
          failed = true;
          continue;
        }
        extractStep(forward, *timeLoop);
      }
    }
    if (failed)
      signalPassFailure();
  }
};

} // namespace
