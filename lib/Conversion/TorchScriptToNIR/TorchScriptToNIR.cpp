//===- TorchScriptToNIR.cpp - Lower a ts.module's forward to nir.graph ----===//
//
// The lowering walks the root's `forward` in program order, keeping for every
// TorchScript value that carries a signal the NIR edges it stands for.
// Values that carry no signal (constants, attribute reads, int lists) are
// left alone and folded on demand by the patterns that need them. A call of
// a submodule whose class is in the module map becomes one node; any other
// call is inlined (its body is walked with the call's arguments); each
// `ts.operator` on a signal is lowered by the op pattern registered for its
// name. See docs/Lowering.md.
//
//===----------------------------------------------------------------------===//

#include "nirtorch/Conversion/TorchScriptToNIR.h"
#include "Common.h"
#include "nirtorch/Conversion/TorchScriptToNIR/ModuleMap.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "nirtorch/Dialect/NIR/NIRShapes.h"
#include "nirtorch/Dialect/TorchScript/TorchScriptOps.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

namespace mlir {
#define GEN_PASS_DEF_CONVERTTORCHSCRIPTTONIR
#include "nirtorch/Conversion/TorchScriptToNIR/Passes.h.inc"
} // namespace mlir

using namespace mlir;
using namespace nirtorch;

namespace {

/// The state of one (possibly inlined) method or function body.
struct Env {
  /// Values carrying a signal.
  DenseMap<Value, Signal> signals;
  /// Values whose lowering failed (already diagnosed): ops using them are
  /// skipped so that each cause gets one diagnostic.
  DenseSet<Value> poisoned;
  /// Block arguments of an inlined body that carry no signal -> the value
  /// the outermost caller passed (for constant folding).
  DenseMap<Value, Value> aliases;
};

class Lowerer;

/// What an op pattern sees of one `ts.operator`.
struct OpContext {
  Lowerer &lowerer;
  Env &env;
  mutable ts::OperatorOp op;
  StringRef path;
  OpBuilder &builder;

  const Signal *signal(Value value) const {
    auto it = env.signals.find(value);
    return it == env.signals.end() ? nullptr : &it->second;
  }
  Attribute constant(Value value) const {
    return lowering::foldConstant(
        value, [this](Value v) { return env.aliases.lookup(v); });
  }
  InFlightDiagnostic emitError() const;
  /// A node named `<path>.<kind>` (or `<kind>` in the root), made unique.
  FailureOr<Signal> createNode(StringRef opName, StringRef kind,
                               const Signal &input,
                               ArrayRef<NamedAttribute> params) const;
};

using OpPattern = std::function<FailureOr<Signal>(OpContext &)>;

std::string formatPath(StringRef path) {
  return path.empty() ? std::string("<root>") : ("'" + path + "'").str();
}

class Lowerer {
public:
  Lowerer(const ModuleMap &map, OpBuilder &builder)
      : map(map), builder(builder) {
    registerOpPatterns();
    names.insert("input");
    names.insert("output");
  }

  /// Lowers `body` (a method or function body) whose arguments are bound in
  /// `env`; returns the returned signal, or failure (diagnosed, or
  /// poisoned by an earlier diagnostic).
  FailureOr<Signal> lowerBody(Block &body, Env &env, StringRef path,
                              StringRef className, unsigned depth);

  std::string uniqueName(StringRef base) {
    if (names.insert(base).second)
      return base.str();
    for (unsigned i = 1;; ++i) {
      std::string candidate = (base + "_" + Twine(i)).str();
      if (names.insert(candidate).second)
        return candidate;
    }
  }

  /// The mappings and patterns that exist, for diagnostics.
  std::string describeMappings() const {
    std::string text = "module mappings exist for: ";
    std::vector<std::string> keys = map.keys();
    text += llvm::join(keys, ", ");
    text += "; op patterns exist for: ";
    std::vector<std::string> ops;
    for (const auto &entry : opPatterns)
      ops.push_back(entry.getKey().str());
    llvm::sort(ops);
    text += llvm::join(ops, ", ");
    return text;
  }

  /// Current class name (for diagnostics from op patterns).
  StringRef currentClass;

private:
  void registerOpPatterns();
  LogicalResult lowerOp(Operation &op, Env &env, StringRef path,
                        StringRef className, unsigned depth);
  LogicalResult lowerCallMethod(ts::CallMethodOp call, Env &env,
                                StringRef path, StringRef className,
                                unsigned depth);
  LogicalResult inlineCall(Operation *call, Block &body, bool hasSelf,
                           Env &env, StringRef path, StringRef className,
                           unsigned depth);

  const ModuleMap &map;
  OpBuilder &builder;
  llvm::StringSet<> names;
  llvm::StringMap<OpPattern> opPatterns;
};

InFlightDiagnostic OpContext::emitError() const {
  return op.emitError() << "cannot lower '" << op.getQualifiedName()
                        << "' in module " << formatPath(path) << " (class '"
                        << lowerer.currentClass << "'): ";
}

FailureOr<Signal> OpContext::createNode(StringRef opName, StringRef kind,
                                        const Signal &input,
                                        ArrayRef<NamedAttribute> params) const {
  std::string base = path.empty() ? kind.str() : (path + "." + kind).str();
  std::string name = lowerer.uniqueName(base);
  return lowering::createNode(builder, op.getLoc(), opName, name, input, params,
                            [this] { return emitError(); });
}

//===----------------------------------------------------------------------===//
// Op patterns
//===----------------------------------------------------------------------===//

/// Operand 0 must be the only signal operand.
const Signal *unarySignal(OpContext &ctx) {
  const Signal *input = ctx.signal(ctx.op->getOperand(0));
  for (Value operand : ctx.op->getOperands().drop_front())
    if (ctx.signal(operand)) {
      ctx.emitError() << "only its first operand may be a signal";
      return nullptr;
    }
  if (!input)
    ctx.emitError() << "its first operand is not a signal";
  return input;
}

FailureOr<Signal> lowerLinearOp(OpContext &ctx) {
  const Signal *input = unarySignal(ctx);
  if (!input)
    return failure();
  auto weight = dyn_cast_or_null<ElementsAttr>(ctx.constant(ctx.op->getOperand(1)));
  if (!weight)
    return ctx.emitError() << "the weight is not a constant tensor", failure();
  Attribute bias = ctx.constant(ctx.op->getOperand(2));
  OpBuilder &b = ctx.builder;
  if (isa_and_nonnull<ts::NoneAttr>(bias))
    return ctx.createNode(nir::LinearOp::getOperationName(), "linear", *input,
                          {b.getNamedAttr("weight", weight)});
  auto biasElements = dyn_cast_or_null<ElementsAttr>(bias);
  if (!biasElements)
    return ctx.emitError() << "the bias is neither None nor a constant tensor",
           failure();
  return ctx.createNode(nir::AffineOp::getOperationName(), "affine", *input,
                        {b.getNamedAttr("weight", weight),
                         b.getNamedAttr("bias", biasElements)});
}

std::optional<int64_t> constantInt(OpContext &ctx, Value value) {
  if (auto integer = dyn_cast_or_null<IntegerAttr>(ctx.constant(value)))
    return integer.getInt();
  return std::nullopt;
}

FailureOr<Signal> lowerFlattenOp(OpContext &ctx) {
  const Signal *input = unarySignal(ctx);
  if (!input)
    return failure();
  std::optional<int64_t> start = constantInt(ctx, ctx.op->getOperand(1));
  std::optional<int64_t> end = constantInt(ctx, ctx.op->getOperand(2));
  if (!start || !end)
    return ctx.emitError() << "start_dim and end_dim must be constants",
           failure();
  // TorchScript dims count the batch dim; NIR's do not.
  if (*start == 0 || *end == 0)
    return ctx.emitError() << "it flattens the batch dim (dim 0), which NIR "
                              "signals do not have",
           failure();
  int64_t nirStart = *start > 0 ? *start - 1 : *start;
  int64_t nirEnd = *end > 0 ? *end - 1 : *end;
  OpBuilder &b = ctx.builder;
  return ctx.createNode(
      nir::FlattenOp::getOperationName(), "flatten", *input,
      {b.getNamedAttr("start_dim", b.getI64IntegerAttr(nirStart)),
       b.getNamedAttr("end_dim", b.getI64IntegerAttr(nirEnd)),
       b.getNamedAttr("input_type", b.getDenseI64ArrayAttr(input->shape))});
}

FailureOr<Signal> lowerAvgPoolOp(OpContext &ctx) {
  const Signal *input = unarySignal(ctx);
  if (!input)
    return failure();
  OpBuilder &b = ctx.builder;
  // aten::avg_pool2d(self, kernel_size, stride, padding, ceil_mode,
  //                  count_include_pad, divisor_override)
  auto kernel = lowering::getInts(ctx.constant(ctx.op->getOperand(1)), 2);
  Attribute strideAttr = ctx.constant(ctx.op->getOperand(2));
  auto stride = lowering::getInts(strideAttr, 2);
  if (auto array = dyn_cast_or_null<ArrayAttr>(strideAttr); array && array.empty())
    stride = kernel;
  auto padding = lowering::getInts(ctx.constant(ctx.op->getOperand(3)), 2);
  if (!kernel || !stride || !padding)
    return ctx.emitError()
               << "kernel_size, stride and padding must be constant int lists",
           failure();
  if (ctx.constant(ctx.op->getOperand(4)) != b.getBoolAttr(false))
    return ctx.emitError() << "ceil_mode must be False", failure();
  bool padded = llvm::any_of(*padding, [](int64_t p) { return p != 0; });
  if (padded && ctx.constant(ctx.op->getOperand(5)) != b.getBoolAttr(true))
    return ctx.emitError() << "padding needs count_include_pad=True",
           failure();
  if (!isa_and_nonnull<ts::NoneAttr>(ctx.constant(ctx.op->getOperand(6))))
    return ctx.emitError() << "divisor_override is not supported", failure();
  return ctx.createNode(
      nir::AvgPool2dOp::getOperationName(), "avg_pool2d", *input,
      {b.getNamedAttr("kernel_size", b.getDenseI64ArrayAttr(*kernel)),
       b.getNamedAttr("stride", b.getDenseI64ArrayAttr(*stride)),
       b.getNamedAttr("padding", b.getDenseI64ArrayAttr(*padding))});
}

/// x * c or c * x with a constant tensor c: a Scale node. `c` is broadcast to
/// the signal's shape when it has one element, and loses a leading batch dim
/// of size 1.
FailureOr<Signal> lowerMulOp(OpContext &ctx) {
  Value lhs = ctx.op->getOperand(0), rhs = ctx.op->getOperand(1);
  const Signal *input = ctx.signal(lhs);
  Value other = rhs;
  if (!input) {
    input = ctx.signal(rhs);
    other = lhs;
  } else if (ctx.signal(rhs)) {
    return ctx.emitError() << "a product of two signals has no NIR node",
           failure();
  }
  auto scale = dyn_cast_or_null<ElementsAttr>(ctx.constant(other));
  if (!scale)
    return ctx.emitError() << "the factor is not a constant tensor", failure();
  auto scaleType = cast<ShapedType>(scale.getType());
  auto target = RankedTensorType::get(input->shape, scaleType.getElementType());
  Attribute param;
  if (scaleType.getShape() == ArrayRef(input->shape)) {
    param = scale;
  } else if (auto dense = dyn_cast<DenseElementsAttr>(scale)) {
    if (dense.isSplat() || scaleType.getNumElements() == 1)
      param = DenseElementsAttr::get(target, dense.getSplatValue<Attribute>());
    else if (scaleType.getRank() == target.getRank() + 1 &&
             scaleType.getDimSize(0) == 1 &&
             scaleType.getShape().drop_front() == ArrayRef(input->shape))
      param = dense.reshape(target);
  }
  if (!param) {
    InFlightDiagnostic diag = ctx.emitError();
    diag << "the factor's shape [";
    llvm::interleaveComma(scaleType.getShape(), diag);
    diag << "] is neither the signal's shape nor a single element";
    return failure();
  }
  return ctx.createNode(nir::ScaleOp::getOperationName(), "scale", *input,
                        {ctx.builder.getNamedAttr("scale", param)});
}

/// a + b of two signals: no node; both edges go into the consumers (NIR sums
/// the edges into a node).
FailureOr<Signal> lowerAddOp(OpContext &ctx) {
  const Signal *lhs = ctx.signal(ctx.op->getOperand(0));
  const Signal *rhs = ctx.signal(ctx.op->getOperand(1));
  if (!lhs || !rhs)
    return ctx.emitError() << "only the sum of two signals is supported (a "
                              "constant summand has no NIR node)",
           failure();
  Attribute alpha = ctx.constant(ctx.op->getOperand(2));
  bool unit = false;
  if (auto i = dyn_cast_or_null<IntegerAttr>(alpha))
    unit = i.getInt() == 1;
  else if (auto f = dyn_cast_or_null<FloatAttr>(alpha))
    unit = f.getValueAsDouble() == 1.0;
  if (!unit)
    return ctx.emitError() << "alpha must be the constant 1", failure();
  if (lhs->shape != rhs->shape)
    return ctx.emitError() << "the summands have different shapes "
                              "(broadcasting has no NIR form)",
           failure();
  Signal sum = *lhs;
  sum.edges.append(rhs->edges.begin(), rhs->edges.end());
  return sum;
}

void Lowerer::registerOpPatterns() {
  opPatterns["aten::linear"] = lowerLinearOp;
  opPatterns["aten::flatten.using_ints"] = lowerFlattenOp;
  opPatterns["aten::avg_pool2d"] = lowerAvgPoolOp;
  opPatterns["aten::mul.Tensor"] = lowerMulOp;
  opPatterns["aten::add.Tensor"] = lowerAddOp;
}

//===----------------------------------------------------------------------===//
// The walk
//===----------------------------------------------------------------------===//

constexpr unsigned kMaxInlineDepth = 64;

FailureOr<Signal> Lowerer::lowerBody(Block &body, Env &env, StringRef path,
                                     StringRef className, unsigned depth) {
  bool ok = true;
  for (Operation &op : body) {
    if (isa<ts::ReturnOp, ts::YieldOp>(op)) {
      Operation *ret = &op;
      if (!ok)
        return failure();
      if (ret->getNumOperands() != 1)
        return ret->emitError() << "expected one returned value", failure();
      Value value = ret->getOperand(0);
      if (env.poisoned.contains(value))
        return failure();
      auto it = env.signals.find(value);
      if (it == env.signals.end())
        return ret->emitError()
                   << "module " << formatPath(path) << " (class '" << className
                   << "') returns a value that is not a signal (a tuple such "
                      "as (output, state) is not lowered yet)",
               failure();
      return it->second;
    }
    if (failed(lowerOp(op, env, path, className, depth)))
      ok = false;
  }
  return failure();
}

LogicalResult Lowerer::lowerOp(Operation &op, Env &env, StringRef path,
                               StringRef className, unsigned depth) {
  bool usesSignal = false, usesPoison = false;
  op.walk([&](Operation *inner) {
    for (Value operand : inner->getOperands()) {
      usesSignal |= env.signals.contains(operand);
      usesPoison |= env.poisoned.contains(operand);
    }
  });
  auto poison = [&] {
    for (Value result : op.getResults())
      env.poisoned.insert(result);
  };
  if (usesPoison) {
    poison();
    return failure();
  }
  // Constants, attribute reads, int lists: folded by the patterns that use
  // them.
  if (!usesSignal)
    return success();

  LogicalResult result = failure();
  if (auto call = dyn_cast<ts::CallMethodOp>(op)) {
    result = lowerCallMethod(call, env, path, className, depth);
  } else if (auto call = dyn_cast<ts::CallFunctionOp>(op)) {
    // Free functions are symbols of the top-level module, not of the
    // ts.module holding the call.
    auto function = dyn_cast_or_null<ts::FunctionOp>(
        SymbolTable::lookupSymbolIn(call->getParentOfType<ModuleOp>(),
                                    call.getCalleeAttr()));
    if (!function)
      op.emitError() << "cannot resolve function " << call.getCalleeAttr();
    else
      result = inlineCall(call, function.getBodyBlock(), /*hasSelf=*/false,
                          env, path, className, depth);
  } else if (auto ifOp = dyn_cast<ts::IfOp>(op);
             ifOp && ifOp->getNumResults() == 1 &&
             isa_and_nonnull<BoolAttr>(lowering::foldConstant(
                 ifOp.getCondition(),
                 [&](Value v) { return env.aliases.lookup(v); }))) {
    // A branch on a compile-time condition (F.relu's `inplace`): lower the
    // branch taken, in the same scope.
    bool taken = cast<BoolAttr>(lowering::foldConstant(
                                    ifOp.getCondition(),
                                    [&](Value v) {
                                      return env.aliases.lookup(v);
                                    }))
                     .getValue();
    Block &branch = taken ? ifOp.getThenRegion().front()
                          : ifOp.getElseRegion().front();
    FailureOr<Signal> signal =
        lowerBody(branch, env, path, className, depth + 1);
    if (succeeded(signal)) {
      env.signals[ifOp->getResult(0)] = std::move(*signal);
      result = success();
    }
  } else if (auto operatorOp = dyn_cast<ts::OperatorOp>(op)) {
    std::string qualified = operatorOp.getQualifiedName();
    auto it = opPatterns.find(qualified);
    if (it == opPatterns.end())
      it = opPatterns.find(operatorOp.getName());
    if (it == opPatterns.end() || operatorOp->getNumResults() != 1) {
      op.emitError() << "cannot lower '" << qualified << "' in module "
                     << formatPath(path) << " (class '" << className
                     << "'): no op pattern; " << describeMappings();
    } else {
      currentClass = className;
      OpContext ctx{*this, env, operatorOp, path, builder};
      FailureOr<Signal> signal = it->second(ctx);
      if (succeeded(signal)) {
        env.signals[op.getResult(0)] = std::move(*signal);
        result = success();
      }
    }
  } else {
    op.emitError() << "cannot lower '" << op.getName() << "' on a signal in module "
                   << formatPath(path) << " (class '" << className
                   << "'): control flow, containers and attribute writes "
                      "of signals have no NIR form; "
                   << describeMappings();
  }
  if (failed(result))
    poison();
  return result;
}

LogicalResult Lowerer::lowerCallMethod(ts::CallMethodOp call, Env &env,
                                       StringRef path, StringRef className,
                                       unsigned depth) {
  ts::ScriptModuleOp object = ts::resolveObject(call.getObject());
  if (!object)
    return call.emitError() << "cannot lower a call of method '"
                            << call.getMethod() << "' of class '"
                            << call.getClassName() << "' in module "
                            << formatPath(path)
                            << ": the object is not statically known",
           failure();
  std::string objectPath = object.getPath();
  const ModuleBuilder *moduleBuilder =
      call.getMethod() == "forward" ? map.lookup(object.getClassName())
                                    : nullptr;
  if (!moduleBuilder) {
    ts::MethodOp method = object.lookupMethod(call.getMethod());
    if (!method)
      return call.emitError() << "class '" << object.getClassName()
                              << "' has no method '" << call.getMethod() << "'",
             failure();
    return inlineCall(call, method.getBodyBlock(), /*hasSelf=*/true, env,
                      objectPath, object.getClassName(), depth);
  }
  // A mapped module: its one signal input is the first argument; any other
  // argument must not carry a signal.
  auto args = call.getArguments();
  auto inputIt =
      args.empty() ? env.signals.end() : env.signals.find(args.front());
  if (inputIt == env.signals.end() ||
      llvm::any_of(args.drop_front(),
                   [&](Value v) { return env.signals.contains(v); }))
    return call.emitError() << "cannot lower the call of module '" << objectPath
                            << "' (class '" << object.getClassName()
                            << "'): a mapped module takes its signal as the "
                               "only tensor argument",
           failure();
  ModuleCall moduleCall(object, call, uniqueName(objectPath), inputIt->second,
                        builder);
  FailureOr<Signal> output = (*moduleBuilder)(moduleCall);
  if (failed(output))
    return failure();
  env.signals[call.getResult()] = std::move(*output);
  return success();
}

LogicalResult Lowerer::inlineCall(Operation *call, Block &body, bool hasSelf,
                                  Env &env, StringRef path,
                                  StringRef className, unsigned depth) {
  if (depth >= kMaxInlineDepth)
    return call->emitError() << "calls nest deeper than " << kMaxInlineDepth
                             << " (recursion?)",
           failure();
  Env callee;
  auto arguments = body.getArguments().drop_front(hasSelf ? 1 : 0);
  // ts.call_method operands exclude self; ts.call_function's are the
  // arguments.
  OperandRange operands = call->getOperands().drop_front(hasSelf ? 1 : 0);
  if (arguments.size() != operands.size())
    return call->emitError() << "argument count mismatch", failure();
  for (auto [argument, operand] : llvm::zip(arguments, operands)) {
    auto it = env.signals.find(operand);
    if (it != env.signals.end()) {
      callee.signals[argument] = it->second;
      continue;
    }
    Value outer = env.aliases.lookup(operand);
    callee.aliases[argument] = outer ? outer : operand;
  }
  FailureOr<Signal> result =
      lowerBody(body, callee, path, className, depth + 1);
  if (failed(result))
    return failure();
  env.signals[call->getResult(0)] = std::move(*result);
  return success();
}

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

/// Parses "2x34x34".
FailureOr<SmallVector<int64_t>> parseShape(StringRef text) {
  SmallVector<int64_t> shape;
  SmallVector<StringRef> parts;
  text.split(parts, 'x');
  for (StringRef part : parts) {
    int64_t extent;
    if (part.trim().getAsInteger(10, extent) || extent < 1)
      return failure();
    shape.push_back(extent);
  }
  return shape;
}

struct ConvertTorchScriptToNIRPass
    : public impl::ConvertTorchScriptToNIRBase<ConvertTorchScriptToNIRPass> {
  using Base::Base;
  ConvertTorchScriptToNIRPass(const ConvertTorchScriptToNIROptions &options,
                              std::shared_ptr<const ModuleMap> moduleMap)
      : Base(options), moduleMap(std::move(moduleMap)) {}

  void runOnOperation() override;

  std::shared_ptr<const ModuleMap> moduleMap;
};

void ConvertTorchScriptToNIRPass::runOnOperation() {
  ModuleOp top = getOperation();
  const ModuleMap &map = moduleMap ? *moduleMap : ModuleMap::global();

  FailureOr<SmallVector<int64_t>> optionShape = SmallVector<int64_t>();
  if (!inputShape.empty()) {
    optionShape = parseShape(inputShape);
    if (failed(optionShape)) {
      top.emitError() << "invalid input-shape '" << inputShape
                      << "' (expected extents joined by 'x', e.g. 2x34x34)";
      return signalPassFailure();
    }
  }

  SmallVector<ts::ScriptModuleOp> roots;
  for (auto root : top.getOps<ts::ScriptModuleOp>())
    if (rootName.empty() || root.getSymName() == rootName)
      roots.push_back(root);
  if (roots.size() != 1) {
    top.emitError() << (roots.empty() ? "no root ts.module"
                                      : "several root ts.modules")
                    << (rootName.empty() ? "" : " named '" + rootName + "'")
                    << " to lower (choose one with the 'root' option)";
    return signalPassFailure();
  }
  ts::ScriptModuleOp root = roots.front();
  ts::MethodOp forward = root.lookupMethod("forward");
  if (!forward) {
    root.emitError() << "class '" << root.getClassName()
                     << "' has no forward method";
    return signalPassFailure();
  }
  Block &body = forward.getBodyBlock();
  if (body.getNumArguments() < 2) {
    forward.emitError() << "forward takes no input";
    return signalPassFailure();
  }
  BlockArgument inputArg = body.getArgument(1);
  auto inputType = dyn_cast<ts::TensorType>(inputArg.getType());
  if (!inputType) {
    forward.emitError() << "forward's input '" << forward.getArgName(1)
                        << "' is not a tensor";
    return signalPassFailure();
  }
  for (unsigned i = 2; i < body.getNumArguments(); ++i) {
    if (!forward.getArgDefault(i)) {
      forward.emitError() << "forward's argument '" << forward.getArgName(i)
                          << "' has no default: a NIR graph built here has "
                             "one input";
      return signalPassFailure();
    }
  }

  // The input shape: the traced type's sizes without the batch dim, else the
  // input-shape option.
  SmallVector<int64_t> shape, traced;
  if (inputType.hasSizes() && inputType.getSizes()->size() >= 2 &&
      llvm::none_of(*inputType.getSizes(), ShapedType::isDynamic))
    traced.assign(inputType.getSizes()->begin() + 1,
                  inputType.getSizes()->end());
  if (!inputShape.empty()) {
    shape = *optionShape;
    if (!traced.empty() && traced != shape) {
      InFlightDiagnostic diag = forward.emitError();
      diag << "input-shape '" << inputShape
           << "' disagrees with the traced type of forward's input '"
           << forward.getArgName(1) << "' (NIR shape [";
      llvm::interleaveComma(traced, diag);
      diag << "] without its batch dim)";
      return signalPassFailure();
    }
  } else if (!traced.empty()) {
    shape = traced;
  } else {
    forward.emitError() << "the shape of forward's input '"
                        << forward.getArgName(1)
                        << "' is unknown: give it with the input-shape option "
                           "(the NIR shape without batch dim, e.g. "
                           "input-shape=2x34x34)";
    return signalPassFailure();
  }

  OpBuilder builder(top.getBodyRegion());
  builder.setInsertionPointToEnd(top.getBody());
  auto graph = builder.create<nir::GraphOp>(root.getLoc(), root.getSymName());
  builder.setInsertionPointToStart(&graph.getBodyBlock());
  Type f32 = builder.getF32Type();
  auto input = builder.create<nir::InputOp>(
      inputArg.getLoc(), RankedTensorType::get(shape, f32), "input",
      DictionaryAttr());

  Signal inputSignal{{input.getOutput()}, shape};
  FailureOr<Signal> result = failure();
  if (const ModuleBuilder *rootBuilder = map.lookup(root.getClassName())) {
    // The root itself is mapped (a saved nn.Conv2d): one node named after
    // the root symbol.
    ModuleCall call(root, forward, root.getSymName().str(), inputSignal,
                    builder);
    result = (*rootBuilder)(call);
  } else {
    Lowerer lowerer(map, builder);
    Env env;
    env.signals[inputArg] = inputSignal;
    result = lowerer.lowerBody(body, env, "", root.getClassName(), 0);
  }
  if (failed(result)) {
    graph.erase();
    return signalPassFailure();
  }
  builder.create<nir::OutputOp>(
      forward.getReturnOp().getLoc(),
      RankedTensorType::get(result->shape, f32), "output", result->edges,
      DictionaryAttr());

  // The TorchScript side is now represented by the graph.
  for (Operation &op : llvm::make_early_inc_range(*top.getBody()))
    if (isa<ts::ScriptModuleOp, ts::FunctionOp>(op))
      op.erase();
}

} // namespace

std::unique_ptr<Pass> mlir::createConvertTorchScriptToNIRPass(
    const ConvertTorchScriptToNIROptions &options,
    std::shared_ptr<const ModuleMap> moduleMap) {
  return std::make_unique<ConvertTorchScriptToNIRPass>(options,
                                                       std::move(moduleMap));
}
