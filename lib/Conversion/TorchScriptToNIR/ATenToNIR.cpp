//===- ATenToNIR.cpp - The aten op patterns of the conversion -------------===//
//
// The patterns of convert-torchscript-to-nir for `ts.operator`: one per
// operator NIR has a form for (the table kOpPatterns), each reading its
// signals from the converted operands and its constants from the original
// ones, and building its node with a result type inferred from its input's
// shape. See docs/Lowering.md, "Op patterns".
//
//===----------------------------------------------------------------------===//

#include "ConversionPatterns.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "nirtorch/Dialect/TorchScript/TorchScriptOps.h"

#include <cstring>
#include <limits>

using namespace mlir;
using namespace nirtorch;
using namespace nirtorch::lowering;

const Signal *OpContext::signal(Value value) const {
  auto it = signals.find(value.getAsOpaquePointer());
  if (it == signals.end()) {
    std::optional<Signal> converted =
        LoweringState::getSignal(builder.getRemappedValue(value));
    if (!converted)
      return nullptr;
    it = signals.emplace(value.getAsOpaquePointer(), std::move(*converted))
             .first;
  }
  return &it->second;
}

Attribute OpContext::constant(Value value) const { return lowerer.fold(value); }

InFlightDiagnostic OpContext::emitError() const {
  return emitLoweringError(op, op.getQualifiedName(), path, className);
}

FailureOr<Signal> OpContext::createNode(StringRef opName, StringRef kind,
                                        const Signal &input,
                                        ArrayRef<NamedAttribute> params) const {
  std::string name =
      lowerer.uniqueName(lowerer.nodeBaseName(path, className, kind));
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToEnd(&lowerer.graph.getBodyBlock());
  FailureOr<Signal> node =
      lowering::createNode(builder, op.getLoc(), opName, name, input, params,
                           [this] { return emitError(); });
  if (succeeded(node))
    lowerer.recordOpNode(*node);
  return node;
}

namespace {

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

/// The raw bytes of a dense or resource-backed elements attribute of a
/// byte-sized int or float type, or std::nullopt.
std::optional<ArrayRef<char>> rawElementData(ElementsAttr attr) {
  if (auto dense = dyn_cast<DenseElementsAttr>(attr))
    return dense.getRawData();
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(attr))
    if (AsmResourceBlob *blob = resource.getRawHandle().getBlob())
      return blob->getData();
  return std::nullopt;
}

/// A matrix weight (out, in) for a signal of shape (..., in): the same
/// weight for every index of the leading dims, as NIR's batched weight
/// (..., out, in) says it (a Linear over the last dim of a (C, L) signal).
/// The weight as it is for a 1-d signal; null (after an error) when the
/// shapes do not fit or the data cannot be tiled.
ElementsAttr weightForSignal(OpContext &ctx, ElementsAttr weight,
                             ArrayRef<int64_t> signal) {
  auto type = cast<ShapedType>(weight.getType());
  if (signal.size() <= 1 || type.getRank() != 2)
    return weight;
  if (type.getDimSize(1) != signal.back()) {
    InFlightDiagnostic diag = ctx.emitError();
    diag << "the weight's " << type.getDimSize(1)
         << " inputs do not match the last dim of the signal [";
    llvm::interleaveComma(signal, diag);
    diag << "]";
    return {};
  }
  SmallVector<int64_t> shape(signal.drop_back());
  int64_t copies = 1;
  for (int64_t d : shape)
    copies *= d;
  shape.append(type.getShape().begin(), type.getShape().end());
  auto batched = RankedTensorType::get(shape, type.getElementType());
  if (auto dense = dyn_cast<DenseElementsAttr>(weight);
      dense && dense.isSplat())
    return DenseElementsAttr::get(batched, dense.getSplatValue<Attribute>());
  std::optional<ArrayRef<char>> raw = rawElementData(weight);
  Type element = type.getElementType();
  if (!raw || !element.isIntOrFloat() || element.getIntOrFloatBitWidth() % 8) {
    ctx.emitError() << "cannot repeat a weight of element type " << element
                    << " over the signal's leading dims";
    return {};
  }
  std::vector<char> data;
  data.reserve(raw->size() * copies);
  for (int64_t i = 0; i < copies; ++i)
    data.insert(data.end(), raw->begin(), raw->end());
  return DenseElementsAttr::getFromRawBuffer(batched, data);
}

/// aten::linear(x, W, b): an Affine node (a Linear one when b is None). On a
/// signal with leading dims (C, in) the weight is repeated over them.
FailureOr<Signal> lowerLinearOp(OpContext &ctx) {
  const Signal *input = unarySignal(ctx);
  if (!input)
    return failure();
  auto weight =
      dyn_cast_or_null<ElementsAttr>(ctx.constant(ctx.op->getOperand(1)));
  if (!weight)
    return ctx.emitError() << "the weight is not a constant tensor", failure();
  weight = weightForSignal(ctx, weight, input->shape);
  if (!weight)
    return failure();
  Attribute bias = ctx.constant(ctx.op->getOperand(2));
  OpBuilder &b = ctx.builder;
  if (isa_and_nonnull<ts::NoneAttr>(bias))
    return ctx.createNode(nir::LinearOp::getOperationName(), "linear", *input,
                          {b.getNamedAttr("weight", weight)});
  auto biasElements = dyn_cast_or_null<ElementsAttr>(bias);
  if (!biasElements)
    return ctx.emitError() << "the bias is neither None nor a constant tensor",
           failure();
  return ctx.createNode(
      nir::AffineOp::getOperationName(), "affine", *input,
      {b.getNamedAttr("weight", weight), b.getNamedAttr("bias", biasElements)});
}

std::optional<int64_t> constantInt(OpContext &ctx, Value value) {
  if (auto integer = dyn_cast_or_null<IntegerAttr>(ctx.constant(value)))
    return integer.getInt();
  return std::nullopt;
}

/// A Flatten node of NIR dims [start, end] of `input`.
FailureOr<Signal> createFlattenNode(OpContext &ctx, const Signal &input,
                                    int64_t start, int64_t end) {
  OpBuilder &b = ctx.builder;
  return ctx.createNode(
      nir::FlattenOp::getOperationName(), "flatten", input,
      {b.getNamedAttr("start_dim", b.getI64IntegerAttr(start)),
       b.getNamedAttr("end_dim", b.getI64IntegerAttr(end)),
       b.getNamedAttr("input_type", b.getDenseI64ArrayAttr(input.shape))});
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
  return createFlattenNode(ctx, *input, nirStart, nirEnd);
}

/// avg_pool2d(x, kernel, stride, padding, ceil_mode, count_include_pad,
/// divisor_override): AvgPool2d, or SumPool2d with divisor_override=1 (the
/// zero-padded window sum, whatever count_include_pad says).
FailureOr<Signal> lowerAvgPoolOp(OpContext &ctx) {
  const Signal *input = unarySignal(ctx);
  if (!input)
    return failure();
  OpBuilder &b = ctx.builder;
  auto kernel = lowering::getInts(ctx.constant(ctx.op->getOperand(1)), 2);
  Attribute strideAttr = ctx.constant(ctx.op->getOperand(2));
  auto stride = lowering::getInts(strideAttr, 2);
  if (auto array = dyn_cast_or_null<ArrayAttr>(strideAttr);
      array && array.empty())
    stride = kernel;
  if (isa_and_nonnull<ts::NoneAttr>(strideAttr))
    stride = kernel;
  auto padding = lowering::getInts(ctx.constant(ctx.op->getOperand(3)), 2);
  if (!kernel || !stride || !padding)
    return ctx.emitError()
               << "kernel_size, stride and padding must be constant int lists",
           failure();
  if (ctx.constant(ctx.op->getOperand(4)) != b.getBoolAttr(false))
    return ctx.emitError() << "ceil_mode must be False", failure();
  Attribute divisor = ctx.constant(ctx.op->getOperand(6));
  bool sum = false;
  if (auto value = dyn_cast_or_null<IntegerAttr>(divisor)) {
    if (value.getInt() != 1)
      return ctx.emitError() << "divisor_override " << value.getInt()
                             << " has no NIR node (only None: AvgPool2d, or "
                                "1: SumPool2d)",
             failure();
    sum = true;
  } else if (!isa_and_nonnull<ts::NoneAttr>(divisor)) {
    return ctx.emitError() << "divisor_override must be None or the constant 1",
           failure();
  }
  bool padded = llvm::any_of(*padding, [](int64_t p) { return p != 0; });
  if (!sum && padded &&
      ctx.constant(ctx.op->getOperand(5)) != b.getBoolAttr(true))
    return ctx.emitError() << "padding needs count_include_pad=True", failure();
  SmallVector<NamedAttribute> params{
      b.getNamedAttr("kernel_size", b.getDenseI64ArrayAttr(*kernel)),
      b.getNamedAttr("stride", b.getDenseI64ArrayAttr(*stride)),
      b.getNamedAttr("padding", b.getDenseI64ArrayAttr(*padding))};
  if (sum)
    return ctx.createNode(nir::SumPool2dOp::getOperationName(), "sum_pool2d",
                          *input, params);
  return ctx.createNode(nir::AvgPool2dOp::getOperationName(), "avg_pool2d",
                        *input, params);
}

/// aten::conv1d / conv2d (input, weight, bias, stride, padding, dilation,
/// groups), their `.padding` overloads and aten::_convolution_mode (what
/// tracing records for padding "same"/"valid"), and
/// aten::_convolution (input, weight, bias, stride, padding, dilation,
/// transposed, output_padding, groups, ...) with constant weight and bias.
FailureOr<Signal> lowerConvOp(OpContext &ctx) {
  const Signal *input = unarySignal(ctx);
  if (!input)
    return failure();
  OpBuilder &b = ctx.builder;
  StringRef name = ctx.op.getName();
  bool full = name == "aten::_convolution";
  auto weight =
      dyn_cast_or_null<ElementsAttr>(ctx.constant(ctx.op->getOperand(1)));
  if (!weight)
    return ctx.emitError() << "the weight is not a constant tensor", failure();
  auto weightType = cast<ShapedType>(weight.getType());
  unsigned spatial = weightType.getRank() - 2;
  if (weightType.getRank() < 3 || spatial > 2)
    return ctx.emitError() << "a weight of rank " << weightType.getRank()
                           << " is neither a 1-d nor a 2-d convolution",
           failure();
  if ((name == "aten::conv1d" && spatial != 1) ||
      (name == "aten::conv2d" && spatial != 2))
    return ctx.emitError() << "the weight's rank " << weightType.getRank()
                           << " does not fit the operator",
           failure();
  Attribute biasAttr = ctx.constant(ctx.op->getOperand(2));
  ElementsAttr bias; // None: zeros
  if (!isa_and_nonnull<ts::NoneAttr>(biasAttr)) {
    bias = dyn_cast_or_null<ElementsAttr>(biasAttr);
    if (!bias)
      return ctx.emitError()
                 << "the bias is neither None nor a constant tensor",
             failure();
  }
  if (full && ctx.constant(ctx.op->getOperand(6)) != b.getBoolAttr(false))
    return ctx.emitError() << "transposed convolutions have no NIR node",
           failure();
  auto stride = lowering::getInts(ctx.constant(ctx.op->getOperand(3)), spatial);
  auto dilation =
      lowering::getInts(ctx.constant(ctx.op->getOperand(5)), spatial);
  auto groups = dyn_cast_or_null<IntegerAttr>(
      ctx.constant(ctx.op->getOperand(full ? 8 : 6)));
  Attribute paddingValue = ctx.constant(ctx.op->getOperand(4));
  auto paddingMode = dyn_cast_or_null<StringAttr>(paddingValue);
  auto padding = paddingMode ? SmallVector<int64_t>()
                             : lowering::getInts(paddingValue, spatial);
  if (!stride || !dilation || !groups || !padding)
    return ctx.emitError() << "stride, padding, dilation and groups must be "
                              "constants",
           failure();
  // F.pad(x, pads) feeding the convolution: its zero padding joins the
  // convolution's, per spatial dim (pads run from the last dim).
  if (auto pads = ctx.lowerer.pendingPads.find(ctx.op->getOperand(0));
      pads != ctx.lowerer.pendingPads.end()) {
    ArrayRef<int64_t> extra = pads->second;
    if (extra.size() > 2 * spatial)
      return ctx.emitError() << "F.pad pads " << extra.size() / 2
                             << " dims, more than the convolution's " << spatial
                             << " spatial dims",
             failure();
    if (paddingMode && paddingMode.getValue() == "same")
      return ctx.emitError() << "F.pad before a convolution with padding "
                                "'same' has no NIR form",
             failure();
    if (paddingMode) { // "valid": no padding of its own
      padding = SmallVector<int64_t>(spatial, 0);
      paddingMode = nullptr;
    }
    for (size_t i = 0; i < extra.size(); i += 2) {
      if (extra[i] != extra[i + 1])
        return ctx.emitError()
                   << "F.pad pads a dim by " << extra[i] << " and "
                   << extra[i + 1]
                   << " on its two sides: NIR convolutions pad both sides "
                      "alike",
               failure();
      (*padding)[spatial - 1 - i / 2] += extra[i];
    }
  }
  FailureOr<lowering::NodeSpec> node =
      lowering::convNode(b,
                         {weight, bias, paddingMode, *padding, *stride,
                          *dilation, groups.getInt()},
                         input->shape, [&] { return ctx.emitError(); });
  if (failed(node))
    return failure();
  return ctx.createNode(node->opName, spatial == 1 ? "conv1d" : "conv2d",
                        *input, node->params);
}

/// The operators lowerConvOp lowers.
constexpr StringLiteral kConvOperators[] = {
    "aten::conv1d",         "aten::conv2d",       "aten::conv1d.padding",
    "aten::conv2d.padding", "aten::_convolution", "aten::_convolution_mode"};

/// aten::pad(x, pads, mode, value) (F.pad, and Conv's padding_mode): NIR
/// pads only inside a convolution, so zero padding lowers as the padding of
/// the convolution that is its only use (lowerConvOp adds it), and is no
/// node of its own.
FailureOr<Signal> lowerPadOp(OpContext &ctx) {
  const Signal *input = unarySignal(ctx);
  if (!input)
    return failure();
  auto mode = dyn_cast_or_null<StringAttr>(ctx.constant(ctx.op->getOperand(2)));
  if (!mode)
    return ctx.emitError() << "the padding mode must be a constant string",
           failure();
  if (mode.getValue() != "constant")
    return ctx.emitError() << "padding mode '" << mode.getValue()
                           << "' has no NIR form (NIR convolutions pad with "
                              "zeros)",
           failure();
  Attribute value = ctx.constant(ctx.op->getOperand(3));
  bool zero = isa_and_nonnull<ts::NoneAttr>(value);
  if (auto f = dyn_cast_or_null<FloatAttr>(value))
    zero = f.getValueAsDouble() == 0.0;
  if (auto i = dyn_cast_or_null<IntegerAttr>(value))
    zero = i.getInt() == 0;
  if (!zero)
    return ctx.emitError() << "padding with a value other than 0 has no NIR "
                              "form",
           failure();
  auto pads = lowering::getInts(ctx.constant(ctx.op->getOperand(1)), 0);
  if (!pads || pads->size() % 2 ||
      llvm::any_of(*pads, [](int64_t p) { return p < 0; }))
    return ctx.emitError() << "the pads must be a constant list of pairs of "
                              "non-negative ints",
           failure();
  Value result = ctx.op->getResult(0);
  auto conv = result.hasOneUse()
                  ? dyn_cast<ts::OperatorOp>(*result.getUsers().begin())
                  : ts::OperatorOp();
  if (!conv || conv->getOperand(0) != result ||
      !llvm::is_contained(kConvOperators, conv.getQualifiedName()))
    return ctx.emitError() << "zero padding lowers only as the padding of the "
                              "convolution that is its only use (NIR pads "
                              "only inside a Conv node)",
           failure();
  ctx.lowerer.pendingPads[result] = std::move(*pads);
  return *input;
}

/// Whether `value` is the batch size `t.size(0)` of some tensor (traced:
/// through prim::NumToTensor and aten::Int).
bool isBatchSize(OpContext &ctx, Value value) {
  if (auto toInt = asOperator(value.getDefiningOp(), "aten::Int.Tensor"))
    if (auto toTensor = asOperator(toInt->getOperand(0).getDefiningOp(),
                                   "prim::NumToTensor.Scalar"))
      value = toTensor->getOperand(0);
  auto size = asOperator(value.getDefiningOp(), "aten::size.int", 2);
  if (!size)
    return false;
  // The batch of a signal; a weight's size(0) is not.
  return constantInt(ctx, size->getOperand(1)) == 0 &&
         ctx.signal(size->getOperand(0));
}

/// x.view(sizes) / x.reshape(sizes) that flattens a run of the signal's dims
/// (`x.view(x.size(0), -1)`): a Flatten node; one that keeps the shape: no
/// node. The first size is the batch (x.size(0), or -1 with constant
/// others); NIR has no node that unflattens or reshapes otherwise.
FailureOr<Signal> lowerReshapeOp(OpContext &ctx) {
  const Signal *input = unarySignal(ctx);
  if (!input)
    return failure();
  // The sizes: constants, the batch size, -1.
  constexpr int64_t kBatch = std::numeric_limits<int64_t>::min();
  SmallVector<int64_t> sizes;
  Value list = ctx.op->getOperand(1);
  if (auto construct = list.getDefiningOp<ts::ListConstructOp>()) {
    for (Value element : construct.getElements()) {
      if (std::optional<int64_t> c = constantInt(ctx, element))
        sizes.push_back(*c);
      else if (isBatchSize(ctx, element))
        sizes.push_back(kBatch);
      else
        return ctx.emitError() << "the sizes must be constants, -1 and the "
                                  "batch size x.size(0)",
               failure();
    }
  } else if (auto constant = lowering::getInts(ctx.constant(list), 0)) {
    sizes = std::move(*constant);
  } else {
    return ctx.emitError() << "the sizes must be a list of constants, -1 and "
                              "the batch size x.size(0)",
           failure();
  }
  if (sizes.empty() || (sizes.front() != kBatch && sizes.front() != -1) ||
      llvm::is_contained(ArrayRef(sizes).drop_front(), kBatch))
    return ctx.emitError() << "the first size must be the batch size "
                              "(x.size(0), or -1 with constant other sizes)",
           failure();
  SmallVector<int64_t> target(sizes.begin() + 1, sizes.end());
  int64_t elements = 1;
  for (int64_t d : input->shape)
    elements *= d;
  int64_t known = 1, inferred = 0;
  for (int64_t d : target) {
    if (d == -1)
      ++inferred;
    else if (d <= 0)
      return ctx.emitError() << "a size of " << d << " is not a dim", failure();
    else
      known *= d;
  }
  if (inferred > 1 || (sizes.front() == -1 && inferred) ||
      (inferred && elements % known) || (!inferred && known != elements)) {
    InFlightDiagnostic diag = ctx.emitError();
    diag << "the sizes do not keep the batch dim and the signal's " << elements
         << " elements per sample (NIR shape [";
    llvm::interleaveComma(input->shape, diag);
    diag << "])";
    return failure();
  }
  for (int64_t &d : target)
    if (d == -1)
      d = elements / known;
  if (ArrayRef(target) == ArrayRef(input->shape))
    return *input;
  // A flatten of dims [start, end], start the first dim that changes: the
  // dims before and after are kept.
  ArrayRef<int64_t> shape = input->shape;
  size_t start = 0;
  while (start < shape.size() && start < target.size() &&
         shape[start] == target[start])
    ++start;
  if (start < target.size() && target.size() < shape.size()) {
    size_t tail = target.size() - start - 1;
    size_t end = shape.size() - 1 - tail;
    int64_t merged = 1;
    for (size_t d = start; d <= end; ++d)
      merged *= shape[d];
    if (merged == target[start] &&
        shape.take_back(tail) == ArrayRef(target).take_back(tail))
      return createFlattenNode(ctx, *input, start, end);
  }
  InFlightDiagnostic diag = ctx.emitError();
  diag << "it reshapes [";
  llvm::interleaveComma(input->shape, diag);
  diag << "] to [";
  llvm::interleaveComma(target, diag);
  diag << "], which is not a flatten of adjacent dims (NIR has Flatten, and "
          "no node that unflattens or reshapes otherwise)";
  return failure();
}

/// `matrix` (rows x cols) transposed, with its element type and bits.
ElementsAttr transposeMatrix(ElementsAttr matrix) {
  auto type = cast<ShapedType>(matrix.getType());
  int64_t rows = type.getDimSize(0), cols = type.getDimSize(1);
  auto transposedType =
      RankedTensorType::get({cols, rows}, type.getElementType());
  if (auto dense = dyn_cast<DenseElementsAttr>(matrix);
      dense && dense.isSplat())
    return dense.reshape(transposedType);
  Type element = type.getElementType();
  std::optional<ArrayRef<char>> raw = rawElementData(matrix);
  if (!raw || !element.isIntOrFloat() || element.getIntOrFloatBitWidth() % 8)
    return {};
  size_t width = element.getIntOrFloatBitWidth() / 8;
  if (raw->size() != static_cast<size_t>(rows * cols) * width)
    return {};
  std::vector<char> data(raw->size());
  for (int64_t i = 0; i < rows; ++i)
    for (int64_t j = 0; j < cols; ++j)
      std::memcpy(&data[(j * rows + i) * width],
                  &(*raw)[(i * cols + j) * width], width);
  return DenseElementsAttr::getFromRawBuffer(transposedType, data);
}

/// x @ W / torch.mm(x, W) with a constant W (in, out): a Linear node of
/// weight W^T (NIR's (out, in)); `x @ W.t()` gives W itself. A following
/// `+ b` with a constant b is an identity Affine (lowerBiasAdd) that the
/// clean-up folds merge into this node.
FailureOr<Signal> lowerMatmulOp(OpContext &ctx) {
  const Signal *input = ctx.signal(ctx.op->getOperand(0));
  if (!input || ctx.signal(ctx.op->getOperand(1)))
    return ctx.emitError() << "only x @ W with a signal x and a constant "
                              "matrix W is supported",
           failure();
  Value weightValue = ctx.op->getOperand(1);
  bool transposed = false;
  if (auto t = dyn_cast_or_null<ts::OperatorOp>(weightValue.getDefiningOp());
      t && t.getQualifiedName() == "aten::t") {
    weightValue = t->getOperand(0);
    transposed = true;
  }
  auto weight = dyn_cast_or_null<ElementsAttr>(ctx.constant(weightValue));
  if (!weight)
    return ctx.emitError() << "the matrix is not a constant tensor", failure();
  if (cast<ShapedType>(weight.getType()).getRank() != 2)
    return ctx.emitError() << "the matrix must have rank 2", failure();
  ElementsAttr nirWeight = transposed ? weight : transposeMatrix(weight);
  if (!nirWeight)
    return ctx.emitError()
               << "cannot transpose a matrix of element type "
               << cast<ShapedType>(weight.getType()).getElementType(),
           failure();
  nirWeight = weightForSignal(ctx, nirWeight, input->shape);
  if (!nirWeight)
    return failure();
  return ctx.createNode(nir::LinearOp::getOperationName(), "linear", *input,
                        {ctx.builder.getNamedAttr("weight", nirWeight)});
}

/// The operator `name` defining `value`, when `value` has one use.
ts::OperatorOp getSoleUseProducer(Value value, StringRef name) {
  auto op = dyn_cast_or_null<ts::OperatorOp>(value.getDefiningOp());
  if (!op || op.getQualifiedName() != name || !value.hasOneUse())
    return {};
  return op;
}

/// `y` when `mul` is `sign(y) * relu(abs(y))` (operands either way round,
/// each intermediate used only there), else null. `F.lp_pool2d` computes
/// this after pooling; it is `y` for every finite y.
Value getSignAbsOperand(ts::OperatorOp mul) {
  if (mul.getQualifiedName() != "aten::mul.Tensor")
    return {};
  for (unsigned i = 0; i < 2; ++i) {
    ts::OperatorOp sign = getSoleUseProducer(mul->getOperand(i), "aten::sign");
    ts::OperatorOp relu =
        getSoleUseProducer(mul->getOperand(1 - i), "aten::relu");
    ts::OperatorOp abs =
        relu ? getSoleUseProducer(relu->getOperand(0), "aten::abs")
             : ts::OperatorOp();
    if (sign && abs && sign->getOperand(0) == abs->getOperand(0))
      return sign->getOperand(0);
  }
  return {};
}

/// The `sign(y) * relu(abs(y))` product `op` (a sign, abs or relu) is part
/// of, or null.
ts::OperatorOp getSignAbsProduct(Operation *op) {
  while (op && op->getNumResults() == 1 && op->getResult(0).hasOneUse()) {
    auto user = dyn_cast<ts::OperatorOp>(*op->getResult(0).getUsers().begin());
    if (!user)
      return {};
    if (getSignAbsOperand(user))
      return user;
    if (user.getQualifiedName() != "aten::relu")
      return {};
    op = user;
  }
  return {};
}

/// aten::sign, aten::abs and aten::relu have no NIR node of their own; in
/// `sign(y) * relu(abs(y))` they pass y through to the product, which is y.
FailureOr<Signal> lowerSignAbsOp(OpContext &ctx) {
  const Signal *input = unarySignal(ctx);
  if (!input)
    return failure();
  if (!getSignAbsProduct(ctx.op))
    return ctx.emitError() << "it has no NIR node (it lowers only within "
                              "sign(y) * relu(abs(y)), which is y, as "
                              "F.lp_pool2d computes it); "
                           << ctx.lowerer.describeMappings(),
           failure();
  return *input;
}

/// x ** p: the identity for the constant p = 1 (F.lp_pool2d with
/// norm_type 1 raises to 1 and to 1 / 1); no NIR node for any other power.
FailureOr<Signal> lowerPowOp(OpContext &ctx) {
  const Signal *input = unarySignal(ctx);
  if (!input)
    return failure();
  Attribute exponent = ctx.constant(ctx.op->getOperand(1));
  std::optional<double> p;
  if (auto f = dyn_cast_or_null<FloatAttr>(exponent))
    p = f.getValueAsDouble();
  else if (auto i = dyn_cast_or_null<IntegerAttr>(exponent))
    p = static_cast<double>(i.getInt());
  if (!p)
    return ctx.emitError() << "the exponent is not a constant", failure();
  if (*p != 1.0)
    return ctx.emitError() << "x ** " << *p
                           << " has no NIR node (LP pooling lowers only "
                              "with norm_type 1, as SumPool2d)",
           failure();
  return *input;
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
    if (getSignAbsOperand(ctx.op))
      return *input; // sign(y) * relu(abs(y)) is y, already y's signal
    return ctx.emitError() << "a product of two signals has no NIR node",
           failure();
  }
  Attribute factor = ctx.constant(other);
  // x * c with a Python number (aten::mul.Scalar): PyTorch multiplies a
  // float32 signal by c rounded to float32, so the Scale is float32.
  if (isa_and_nonnull<FloatAttr>(factor) ||
      (isa_and_nonnull<IntegerAttr>(factor) &&
       !cast<IntegerAttr>(factor).getType().isInteger(1))) {
    double c = isa<FloatAttr>(factor)
                   ? cast<FloatAttr>(factor).getValueAsDouble()
                   : double(cast<IntegerAttr>(factor).getInt());
    auto type = RankedTensorType::get(input->shape, ctx.builder.getF32Type());
    return ctx.createNode(
        nir::ScaleOp::getOperationName(), "scale", *input,
        {ctx.builder.getNamedAttr(
            "scale", DenseElementsAttr::get(type, static_cast<float>(c)))});
  }
  auto scale = dyn_cast_or_null<ElementsAttr>(factor);
  if (!scale)
    return ctx.emitError() << "the factor is not a constant tensor or number",
           failure();
  // An integer factor (`x * 3` traced is a constant int64 tensor) scales a
  // float signal: float32, exact up to 2^24.
  if (auto intType = dyn_cast<IntegerType>(scale.getElementType());
      intType && intType.getWidth() > 1) {
    auto dense = dyn_cast<DenseIntElementsAttr>(scale);
    if (!dense)
      return ctx.emitError() << "the integer factor is not a dense constant",
             failure();
    SmallVector<float> values;
    for (const APInt &v : dense.getValues<APInt>())
      values.push_back(static_cast<float>(
          intType.isUnsigned() ? v.getZExtValue() : v.getSExtValue()));
    scale = DenseElementsAttr::get(
        RankedTensorType::get(cast<ShapedType>(scale.getType()).getShape(),
                              ctx.builder.getF32Type()),
        ArrayRef(values));
  }
  auto scaleType = cast<ShapedType>(scale.getType());
  Attribute param = lowering::broadcastToShape(scale, input->shape);
  // A splat factor of another shape (torch.full) broadcasts as its value.
  if (auto dense = dyn_cast<DenseElementsAttr>(scale);
      !param && dense && dense.isSplat())
    param = DenseElementsAttr::get(
        RankedTensorType::get(input->shape, scaleType.getElementType()),
        dense.getSplatValue<Attribute>());
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

/// The identity matrix n x n of float type `element`.
ElementsAttr identityMatrix(int64_t n, FloatType element) {
  if (element.getWidth() % 8)
    return {};
  size_t width = element.getWidth() / 8;
  APFloat value(1.0);
  bool losesInfo = false;
  (void)value.convert(element.getFloatSemantics(), APFloat::rmNearestTiesToEven,
                      &losesInfo);
  APInt one = value.bitcastToAPInt();
  std::vector<char> data(size_t(n) * size_t(n) * width, 0);
  for (int64_t i = 0; i < n; ++i)
    for (size_t byte = 0; byte < width; ++byte)
      data[(size_t(i) * size_t(n) + size_t(i)) * width + byte] =
          static_cast<char>(one.extractBitsAsZExtValue(8, byte * 8));
  return DenseElementsAttr::getFromRawBuffer(
      RankedTensorType::get({n, n}, element), data);
}

/// y + b with a signal y and a constant b: NIR has no node adding a
/// constant, so it is an Affine node of identity weight and bias b, on a
/// 1-d signal. After `x @ W` (the usual `x @ W + b`) the clean-up folds
/// merge the two into one Affine(W, b).
FailureOr<Signal> lowerBiasAdd(OpContext &ctx, const Signal &signal,
                               Value biasValue) {
  auto bias = dyn_cast_or_null<ElementsAttr>(ctx.constant(biasValue));
  if (!bias || !isa<FloatType>(bias.getElementType()))
    return ctx.emitError() << "only the sum of two signals, or a signal "
                              "plus a constant float tensor, is supported",
           failure();
  if (signal.shape.size() != 1)
    return ctx.emitError() << "a constant added to a signal of rank "
                           << signal.shape.size()
                           << " has no NIR node (it is an Affine's bias "
                              "only on a 1-d signal)",
           failure();
  // A bias of shape (1, n) (with a batch dim) loses it; one element is
  // broadcast.
  ElementsAttr nirBias = lowering::broadcastToShape(bias, signal.shape);
  if (!nirBias) {
    InFlightDiagnostic diag = ctx.emitError();
    diag << "the constant's shape [";
    llvm::interleaveComma(cast<ShapedType>(bias.getType()).getShape(), diag);
    diag << "] is neither the signal's shape nor a single element";
    return failure();
  }
  OpBuilder &b = ctx.builder;
  ElementsAttr weight = identityMatrix(signal.shape.front(),
                                       cast<FloatType>(bias.getElementType()));
  if (!weight)
    return ctx.emitError() << "a bias of element type " << bias.getElementType()
                           << " is not supported",
           failure();
  return ctx.createNode(
      nir::AffineOp::getOperationName(), "affine", signal,
      {b.getNamedAttr("weight", weight), b.getNamedAttr("bias", nirBias)});
}

/// a + b of two signals: no node; both edges go into the consumers (NIR sums
/// the edges into a node). The in-place `a += b` (aten::add_) too, when `a`
/// is not read afterwards (it would see the sum).
FailureOr<Signal> lowerAddOp(OpContext &ctx) {
  Value lhsValue = ctx.op->getOperand(0), rhsValue = ctx.op->getOperand(1);
  const Signal *lhs = ctx.signal(lhsValue);
  const Signal *rhs = ctx.signal(rhsValue);
  Attribute alpha = ctx.constant(ctx.op->getOperand(2));
  bool unit = false;
  if (auto i = dyn_cast_or_null<IntegerAttr>(alpha))
    unit = i.getInt() == 1;
  else if (auto f = dyn_cast_or_null<FloatAttr>(alpha))
    unit = f.getValueAsDouble() == 1.0;
  if (!unit)
    return ctx.emitError() << "alpha must be the constant 1", failure();
  if (ctx.op.getName() == "aten::add_") {
    Block *block = ctx.op->getBlock();
    for (Operation *user : lhsValue.getUsers()) {
      Operation *inBlock = block->findAncestorOpInBlock(*user);
      if (user != ctx.op.getOperation() && inBlock &&
          ctx.op->isBeforeInBlock(inBlock))
        return ctx.emitError()
                   << "its first operand is read after the in-place sum, "
                      "which changed it (use the result of `a + b`)",
               failure();
    }
  }
  if (lhs && !rhs)
    return lowerBiasAdd(ctx, *lhs, rhsValue);
  if (rhs && !lhs)
    return lowerBiasAdd(ctx, *rhs, lhsValue);
  if (!lhs || !rhs)
    return ctx.emitError() << "only the sum of two signals is supported (a "
                              "constant summand has no NIR node)",
           failure();
  if (lhs->shape != rhs->shape)
    return ctx.emitError() << "the summands have different shapes "
                              "(broadcasting has no NIR form)",
           failure();
  // A fan-in of the two summands, each a value or a fan-in itself: node
  // builders expand the tree. A sum of n signals (x1 + x2 + ... + xn, as a
  // wide fan-in raises to) is n casts, where a flat edge list per sum would
  // copy n^2 edges.
  Signal sum;
  sum.edges = {lhs->edges.front(), rhs->edges.front()};
  sum.shape = lhs->shape;
  return sum;
}

/// prim::unchecked_cast only changes the static type (the ts inliner casts
/// a traced argument to the callee's parameter type): the signal passes.
FailureOr<Signal> lowerUncheckedCastOp(OpContext &ctx) {
  const Signal *input = unarySignal(ctx);
  if (!input)
    return failure();
  return *input;
}

/// Dropout (`aten::dropout(x, p, train)` and its feature / alpha forms) is
/// the identity at inference, which is what a NIR graph describes. A module
/// saved in training mode (train not the constant false) drops nothing in
/// the graph either: a warning says so.
FailureOr<Signal> lowerDropoutOp(OpContext &ctx) {
  const Signal *input = unarySignal(ctx);
  if (!input)
    return failure();
  auto train = dyn_cast_or_null<BoolAttr>(ctx.constant(ctx.op->getOperand(2)));
  if (!train || train.getValue())
    ctx.op->emitWarning()
        << ctx.op.getQualifiedName()
        << " is lowered as at inference (the identity): NIR has no dropout, "
           "and the module "
        << (train ? "was saved in training mode (call .eval() before "
                    "saving to silence this)"
                  : "decides its training mode at run time");
  return *input;
}

/// The op patterns: operator (qualified, or a name for all its overloads),
/// lowering, and the operand count of TorchScript's operator (the ts
/// dialect cannot check arity without libtorch's schemas).
struct OpPatternEntry {
  StringLiteral name;
  FailureOr<Signal> (*lower)(OpContext &);
  unsigned minOperands;
};
constexpr OpPatternEntry kOpPatterns[] = {
    {"prim::unchecked_cast", lowerUncheckedCastOp, 1},
    // Dropout and its in-place forms.
    {"aten::dropout", lowerDropoutOp, 3},
    {"aten::dropout_", lowerDropoutOp, 3},
    {"aten::feature_dropout", lowerDropoutOp, 3},
    {"aten::feature_dropout_", lowerDropoutOp, 3},
    {"aten::alpha_dropout", lowerDropoutOp, 3},
    {"aten::alpha_dropout_", lowerDropoutOp, 3},
    {"aten::feature_alpha_dropout", lowerDropoutOp, 3},
    {"aten::feature_alpha_dropout_", lowerDropoutOp, 3},
    {"aten::linear", lowerLinearOp, 3},
    {"aten::flatten.using_ints", lowerFlattenOp, 3},
    {"aten::avg_pool2d", lowerAvgPoolOp, 7},
    {"aten::mul.Tensor", lowerMulOp, 2},
    {"aten::mul.Scalar", lowerMulOp, 2},
    {"aten::add.Tensor", lowerAddOp, 3},
    {"aten::add_.Tensor", lowerAddOp, 3},
    // kConvOperators; _convolution's groups is operand 8, the others' 6.
    {"aten::conv1d", lowerConvOp, 7},
    {"aten::conv2d", lowerConvOp, 7},
    {"aten::conv1d.padding", lowerConvOp, 7},
    {"aten::conv2d.padding", lowerConvOp, 7},
    {"aten::_convolution", lowerConvOp, 9},
    {"aten::_convolution_mode", lowerConvOp, 7},
    {"aten::matmul", lowerMatmulOp, 2},
    {"aten::mm", lowerMatmulOp, 2},
    {"aten::pow.Tensor_Scalar", lowerPowOp, 2},
    {"aten::pad", lowerPadOp, 4},
    {"aten::view", lowerReshapeOp, 2},
    {"aten::reshape", lowerReshapeOp, 2},
    {"aten::sign", lowerSignAbsOp, 1},
    {"aten::abs", lowerSignAbsOp, 1},
    {"aten::relu", lowerSignAbsOp, 1},
};

/// One aten op pattern: a `ts.operator` the table kOpPatterns has an entry
/// for. The operand checks every op pattern needs are made here.
class ATenOpLowering : public SignalOpPattern<ts::OperatorOp> {
public:
  ATenOpLowering(LoweringState &state, MLIRContext *context, StringRef name,
                 const OpPattern &pattern)
      // An entry for one overload (`aten::add.Tensor`) wins over one for all
      // of them.
      : SignalOpPattern(state, context, name.contains('.') ? 3 : 2), name(name),
        pattern(pattern) {}

private:
  // An operator with several results has no pattern: it is left to
  // UnmatchedOperatorLowering.
  bool matches(ts::OperatorOp op, OpAdaptor) const override {
    return op->getNumResults() == 1 &&
           (op.getName() == name || op.getQualifiedName() == name);
  }

  FailureOr<SmallVector<Value>> lower(ts::OperatorOp op, OpAdaptor adaptor,
                                      ConversionPatternRewriter &rewriter,
                                      const Scope &scope) const override {
    auto fail = [&]() {
      return emitLoweringError(op, op.getQualifiedName(), scope.path,
                               scope.className);
    };
    if (op->getNumOperands() < pattern.minOperands)
      return fail() << "it has " << op->getNumOperands()
                    << " operands, fewer than the " << pattern.minOperands
                    << " of TorchScript's operator",
             failure();
    OpContext ctx{state, op, scope.path, scope.className, rewriter, {}};
    // A delayed edge without a shape of its own takes the shape of the
    // op's other signal (the other summand of a fan-in).
    SmallVector<int64_t> hint;
    for (Value operand : adaptor.getOperands())
      if (auto type = dyn_cast<RankedTensorType>(operand.getType())) {
        hint.assign(type.getShape().begin(), type.getShape().end());
        break;
      }
    for (auto [index, operand] : llvm::enumerate(adaptor.getOperands())) {
      if (getMarkedCast(operand, kSignalTupleAttrName))
        return fail() << "operand #" << index << " is a tuple holding signals",
               failure();
      if (getMarkedCast(operand, kDelayedEdgeAttrName)) {
        FailureOr<Signal> edge =
            state.resolveDelayedEdge(rewriter, operand, op, hint);
        if (failed(edge))
          return failure();
        ctx.setSignal(op->getOperand(index), std::move(*edge));
      }
    }
    FailureOr<Signal> signal = pattern.lower(ctx);
    if (failed(signal))
      return failure();
    return SmallVector<Value>{state.toValue(rewriter, op.getLoc(), *signal)};
  }

  std::string name;
  OpPattern pattern;
};

/// prim::TupleIndex(t, i) with a constant i into a tuple holding signals
/// (ts-remove-state checks that i is constant).
class TupleIndexLowering : public SignalOpPattern<ts::OperatorOp> {
public:
  TupleIndexLowering(LoweringState &state, MLIRContext *context)
      : SignalOpPattern(state, context, /*benefit=*/4) {}

private:
  /// The element `op` reads, or null.
  Value getElement(ts::OperatorOp op, OpAdaptor adaptor) const {
    if (op.getQualifiedName() != "prim::TupleIndex" ||
        op->getNumOperands() != 2 || op->getNumResults() != 1)
      return {};
    auto tuple = getMarkedCast(adaptor.getOperands()[0], kSignalTupleAttrName);
    auto index = dyn_cast_or_null<IntegerAttr>(state.fold(op->getOperand(1)));
    if (!tuple || !index)
      return {};
    int64_t size = tuple->getNumOperands();
    int64_t i = index.getInt() < 0 ? index.getInt() + size : index.getInt();
    return i >= 0 && i < size ? tuple->getOperand(i) : Value();
  }
  bool matches(ts::OperatorOp op, OpAdaptor adaptor) const override {
    return static_cast<bool>(getElement(op, adaptor));
  }
  FailureOr<SmallVector<Value>> lower(ts::OperatorOp op, OpAdaptor adaptor,
                                      ConversionPatternRewriter &,
                                      const Scope &) const override {
    return SmallVector<Value>{getElement(op, adaptor)};
  }
};

/// A `ts.operator` on a signal that no aten op pattern lowers: an error
/// listing what exists.
class UnmatchedOperatorLowering : public SignalOpPattern<ts::OperatorOp> {
public:
  UnmatchedOperatorLowering(LoweringState &state, MLIRContext *context)
      : SignalOpPattern(state, context, /*benefit=*/1) {}

private:
  FailureOr<SmallVector<Value>> lower(ts::OperatorOp op, OpAdaptor,
                                      ConversionPatternRewriter &,
                                      const Scope &scope) const override {
    return emitLoweringError(op, op.getQualifiedName(), scope.path,
                             scope.className)
               << "no op pattern; " << state.describeMappings(),
           failure();
  }
};

/// An op reading only a signal's metadata (`x.size(0)`, which a
/// `x.view(x.size(0), -1)` reads): the same op on a stand-in of the signal,
/// whose values it does not read, so that forward keeps no use of the
/// graph's values.
class SignalMetadataLowering : public SignalOpPattern<ts::OperatorOp> {
public:
  SignalMetadataLowering(LoweringState &state, MLIRContext *context)
      : SignalOpPattern(state, context, /*benefit=*/5) {}

private:
  bool matches(ts::OperatorOp op, OpAdaptor adaptor) const override {
    ValueRange operands = adaptor.getOperands();
    return readsOnlySignalMetadata(op.getQualifiedName(), operands,
                                   LoweringState::carriesSignal) &&
           LoweringState::carriesSignal(operands.front());
  }
  FailureOr<SmallVector<Value>> lower(ts::OperatorOp op, OpAdaptor,
                                      ConversionPatternRewriter &rewriter,
                                      const Scope &) const override {
    auto standIn = rewriter.create<UnrealizedConversionCastOp>(
        op.getLoc(), TypeRange{op->getOperand(0).getType()}, ValueRange{});
    standIn->setAttr(kSignalMetadataAttrName, rewriter.getUnitAttr());
    Operation *copy = rewriter.clone(*op);
    copy->setOperand(0, standIn.getResult(0));
    return SmallVector<Value>(copy->getResults());
  }
};

} // namespace

const llvm::StringMap<OpPattern> &LoweringState::getOpPatterns() {
  static const llvm::StringMap<OpPattern> patterns = [] {
    llvm::StringMap<OpPattern> byName;
    for (const OpPatternEntry &entry : kOpPatterns)
      byName[entry.name] = OpPattern{entry.lower, entry.minOperands};
    assert(llvm::all_of(kConvOperators,
                        [](StringRef conv) {
                          return llvm::any_of(
                              kOpPatterns, [&](const OpPatternEntry &entry) {
                                return entry.name == conv &&
                                       entry.lower == lowerConvOp;
                              });
                        }) &&
           "every convolution operator has the convolution pattern");
    return byName;
  }();
  return patterns;
}

void lowering::populateATenToNIRPatterns(RewritePatternSet &patterns,
                                         LoweringState &state) {
  MLIRContext *context = patterns.getContext();
  for (const auto &entry : LoweringState::getOpPatterns())
    patterns.add<ATenOpLowering>(state, context, entry.getKey(),
                                 entry.getValue());
  patterns.add<TupleIndexLowering, SignalMetadataLowering,
               UnmatchedOperatorLowering>(state, context);
}

//===----------------------------------------------------------------------===//
// Shared with the other stages
//===----------------------------------------------------------------------===//

bool lowering::hasOpPattern(StringRef qualified, StringRef name) {
  const llvm::StringMap<OpPattern> &patterns = LoweringState::getOpPatterns();
  return patterns.contains(qualified) || patterns.contains(name);
}

bool lowering::readsOnlySignalMetadata(StringRef qualified, ValueRange operands,
                                       function_ref<bool(Value)> isSignal) {
  return llvm::is_contained({"aten::size", "aten::size.int", "aten::dim",
                             "aten::numel", "aten::len.Tensor", "prim::device",
                             "prim::dtype", "prim::layout", "aten::zeros_like",
                             "aten::empty_like", "aten::new_zeros",
                             "aten::new_empty"},
                            qualified) &&
         !operands.empty() && llvm::none_of(operands.drop_front(), isSignal);
}

bool lowering::isShapeOperand(StringRef name, unsigned index) {
  return index == 1 && (name == "aten::view" || name == "aten::reshape");
}
