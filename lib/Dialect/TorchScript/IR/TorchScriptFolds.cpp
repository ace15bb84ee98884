//===- TorchScriptFolds.cpp - Folds and canonicalizations of ts ops -------===//
//
// What `canonicalize` does to the mirror (docs/TorchScript.md): tuples built
// and taken apart again, branches on constants, lists of constants nobody
// mutates, operators on constants and on statically known types. After the
// calls are inlined this leaves the signal computation and the state
// plumbing the lowering removes.
//
//===----------------------------------------------------------------------===//

#include "nirtorch/Dialect/TorchScript/TorchScriptOps.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/StringSwitch.h"

using namespace mlir;
using namespace mlir::ts;

/// The value of `attr` as a TorchScript int, if it is one.
static std::optional<int64_t> getIntValue(Attribute attr) {
  auto integer = llvm::dyn_cast_if_present<IntegerAttr>(attr);
  if (!integer || !integer.getType().isSignlessInteger(64))
    return std::nullopt;
  return integer.getInt();
}

static std::optional<bool> getBoolValue(Attribute attr) {
  auto boolean = llvm::dyn_cast_if_present<BoolAttr>(attr);
  if (!boolean)
    return std::nullopt;
  return boolean.getValue();
}

//===----------------------------------------------------------------------===//
// Tuples and lists
//===----------------------------------------------------------------------===//

/// Values of `elements` as the results of an op of `resultTypes`, when every
/// type matches exactly (a fold must not change a value's type).
static LogicalResult forwardElements(ValueRange elements, TypeRange resultTypes,
                                     SmallVectorImpl<OpFoldResult> &results) {
  if (elements.size() != resultTypes.size() ||
      TypeRange(elements.getTypes()) != resultTypes)
    return failure();
  results.append(elements.begin(), elements.end());
  return success();
}

LogicalResult TupleUnpackOp::fold(FoldAdaptor,
                                  SmallVectorImpl<OpFoldResult> &results) {
  auto construct = getTuple().getDefiningOp<TupleConstructOp>();
  if (!construct)
    return failure();
  return forwardElements(construct.getElements(), getElements().getTypes(),
                         results);
}

LogicalResult ListUnpackOp::fold(FoldAdaptor,
                                 SmallVectorImpl<OpFoldResult> &results) {
  // Lists are mutable: only a list nothing else sees unpacks to the values
  // it was built from.
  auto construct = getList().getDefiningOp<ListConstructOp>();
  if (!construct || !getList().hasOneUse())
    return failure();
  return forwardElements(construct.getElements(), getElements().getTypes(),
                         results);
}

/// Operators that change a list argument in place (TorchScript's list
/// methods and augmented assignment), besides the `_`-suffixed ones.
static bool mayMutateList(OperatorOp op) {
  StringRef name = op.getName();
  return name.ends_with("_") ||
         llvm::is_contained({"aten::append", "aten::insert", "aten::extend",
                             "aten::_set_item", "aten::pop", "aten::clear",
                             "aten::remove", "aten::reverse", "aten::sort",
                             "aten::__setitem__"},
                            name);
}

void mlir::ts::inlineBranch(RewriterBase &rewriter, IfOp op, bool thenTaken) {
  Block &branch =
      thenTaken ? op.getThenRegion().front() : op.getElseRegion().front();
  Operation *yield = branch.getTerminator();
  SmallVector<Value> results(yield->getOperands());
  rewriter.eraseOp(yield);
  rewriter.inlineBlockBefore(&branch, op);
  rewriter.replaceOp(op, results);
}

namespace {
/// `ts.list_construct` of constants that only operators read (conv strides,
/// zeros sizes) becomes a `ts.constant` list: the list is never mutated, so
/// it cannot be told apart from a constant.
struct ConstantList : public OpRewritePattern<ListConstructOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ListConstructOp op,
                                PatternRewriter &rewriter) const override {
    SmallVector<Attribute> elements;
    for (Value element : op.getElements()) {
      Attribute value;
      if (!matchPattern(element, m_Constant(&value)) ||
          element.getType() != op.getType().getElementType())
        return failure();
      elements.push_back(value);
    }
    for (Operation *user : op->getUsers()) {
      auto reader = llvm::dyn_cast<OperatorOp>(user);
      if (!reader || mayMutateList(reader))
        return failure();
    }
    rewriter.replaceOpWithNewOp<ConstantOp>(op, op.getType(),
                                            rewriter.getArrayAttr(elements));
    return success();
  }
};

/// `ts.if` on a constant runs the branch taken, in place.
struct ConstantIf : public OpRewritePattern<IfOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(IfOp op,
                                PatternRewriter &rewriter) const override {
    BoolAttr condition;
    if (!matchPattern(op.getCondition(), m_Constant(&condition)))
      return failure();
    Region &taken = condition.getValue() ? op.getThenRegion()
                                         : op.getElseRegion();
    auto yield = llvm::cast<YieldOp>(taken.front().getTerminator());
    // A branch may yield a subtype of the if's result type: keep the if.
    if (TypeRange(yield.getResults().getTypes()) != op.getResultTypes())
      return failure();
    inlineBranch(rewriter, op, condition.getValue());
    return success();
  }
};

/// `x.shape[d]` (`aten::__getitem__.t(aten::size(x), d)`) is `x.size(d)`,
/// the one form passes and the size fold read.
struct ShapeItemToSize : public OpRewritePattern<OperatorOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(OperatorOp op,
                                PatternRewriter &rewriter) const override {
    if (op.getName() != "aten::__getitem__" || op.getOverload() != "t" ||
        op.getNumOperands() != 2 || op.getNumResults() != 1 ||
        !isa<IntType>(op.getResult(0).getType()))
      return failure();
    auto shape = op.getOperand(0).getDefiningOp<OperatorOp>();
    if (!shape || shape.getName() != "aten::size" ||
        !shape.getOverload().empty() || shape.getNumOperands() != 1)
      return failure();
    rewriter.replaceOpWithNewOp<OperatorOp>(
        op, op.getResultTypes(), "aten::size", "int",
        ValueRange{shape.getOperand(0), op.getOperand(1)});
    // Operators are not known to be pure in general; aten::size is.
    if (shape->use_empty())
      rewriter.eraseOp(shape);
    return success();
  }
};
} // namespace

void OperatorOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                             MLIRContext *context) {
  patterns.add<ShapeItemToSize>(context);
}

void ListConstructOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                                  MLIRContext *context) {
  patterns.add<ConstantList>(context);
}

void IfOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                       MLIRContext *context) {
  patterns.add<ConstantIf>(context);
}

//===----------------------------------------------------------------------===//
// Operators
//===----------------------------------------------------------------------===//

/// `x is None` when the static types decide it: both None, or `x` of a type
/// that cannot hold None.
static std::optional<bool> foldIsNone(Type a, Type b) {
  auto isNone = [](Type type) { return llvm::isa<ts::NoneType>(type); };
  auto mayBeNone = [](Type type) {
    return llvm::isa<ts::NoneType, ts::OptionalType, ts::OpaqueType>(type);
  };
  if (isNone(a) && isNone(b))
    return true;
  if ((isNone(a) && !mayBeNone(b)) || (isNone(b) && !mayBeNone(a)))
    return false;
  return std::nullopt;
}

/// Int arithmetic and comparisons TorchScript emits for shapes and state
/// tests, on constant operands.
static Attribute foldIntOperator(StringRef name, int64_t a, int64_t b,
                                 Builder &builder) {
  auto integer = [&](int64_t v) -> Attribute {
    return builder.getI64IntegerAttr(v);
  };
  auto boolean = [&](bool v) -> Attribute { return builder.getBoolAttr(v); };
  if (name == "aten::add.int")
    return integer(a + b);
  if (name == "aten::sub.int")
    return integer(a - b);
  if (name == "aten::mul.int")
    return integer(a * b);
  if (name == "aten::eq.int")
    return boolean(a == b);
  if (name == "aten::ne.int")
    return boolean(a != b);
  if (name == "aten::lt.int")
    return boolean(a < b);
  if (name == "aten::le.int")
    return boolean(a <= b);
  if (name == "aten::gt.int")
    return boolean(a > b);
  if (name == "aten::ge.int")
    return boolean(a >= b);
  return {};
}

/// The single result of an operator on constants or known types, or null.
static OpFoldResult foldOperator(OperatorOp op, OperatorOp::FoldAdaptor adaptor);

LogicalResult OperatorOp::fold(FoldAdaptor adaptor,
                               SmallVectorImpl<OpFoldResult> &results) {
  if (getNumResults() != 1)
    return failure();
  OpFoldResult result = foldOperator(*this, adaptor);
  if (!result)
    return failure();
  results.push_back(result);
  return success();
}

static OpFoldResult foldOperator(OperatorOp op, OperatorOp::FoldAdaptor adaptor) {
  std::string name = op.getQualifiedName();
  ArrayRef<Attribute> constants = adaptor.getOperands();
  Builder builder(op.getContext());

  if (name == "prim::TupleIndex" && op.getNumOperands() == 2) {
    auto construct = op.getOperand(0).getDefiningOp<TupleConstructOp>();
    std::optional<int64_t> index = getIntValue(constants[1]);
    if (!construct || !index)
      return {};
    int64_t size = construct.getElements().size();
    int64_t i = *index < 0 ? *index + size : *index;
    if (i < 0 || i >= size ||
        construct.getElements()[i].getType() != op.getResult(0).getType())
      return {};
    return construct.getElements()[i];
  }
  if ((name == "aten::__is__" || name == "aten::__isnot__") &&
      op.getNumOperands() == 2) {
    std::optional<bool> is =
        foldIsNone(op.getOperand(0).getType(), op.getOperand(1).getType());
    if (!is)
      return {};
    return builder.getBoolAttr(name == "aten::__is__" ? *is : !*is);
  }
  if (name == "prim::unchecked_cast" && op.getNumOperands() == 1 &&
      op.getOperand(0).getType() == op.getResult(0).getType())
    return op.getOperand(0);
  if ((name == "aten::size.int" || name == "aten::dim") &&
      op.getNumOperands() >= 1) {
    auto type = llvm::dyn_cast<ts::TensorType>(op.getOperand(0).getType());
    if (!type || !type.hasSizes())
      return {};
    ArrayRef<int64_t> sizes = *type.getSizes();
    if (name == "aten::dim")
      return builder.getI64IntegerAttr(sizes.size());
    std::optional<int64_t> dim =
        op.getNumOperands() == 2 ? getIntValue(constants[1]) : std::nullopt;
    if (!dim)
      return {};
    int64_t rank = sizes.size();
    int64_t d = *dim < 0 ? *dim + rank : *dim;
    if (d < 0 || d >= rank || ShapedType::isDynamic(sizes[d]))
      return {};
    return builder.getI64IntegerAttr(sizes[d]);
  }
  if (name == "aten::__not__" && op.getNumOperands() == 1) {
    if (std::optional<bool> value = getBoolValue(constants[0]))
      return builder.getBoolAttr(!*value);
    return {};
  }
  if ((name == "aten::__and__.bool" || name == "aten::__or__.bool") &&
      op.getNumOperands() == 2) {
    std::optional<bool> a = getBoolValue(constants[0]);
    std::optional<bool> b = getBoolValue(constants[1]);
    if (!a || !b)
      return {};
    return builder.getBoolAttr(name == "aten::__and__.bool" ? (*a && *b)
                                                            : (*a || *b));
  }
  if (op.getNumOperands() == 2) {
    std::optional<int64_t> a = getIntValue(constants[0]);
    std::optional<int64_t> b = getIntValue(constants[1]);
    if (a && b)
      return foldIntOperator(name, *a, *b, builder);
  }
  return {};
}
