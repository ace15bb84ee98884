//===- RaiseCommon.h - Shared by the raising stages ------------*- C++ -*-===//
//
// What raise-nir-nodes (NIRToTorchScript.cpp: the node modules) and
// raise-nir-forward (BuildForward.cpp: the root's forward and
// forward_sequence) share: a small builder of TorchScript graphs, slot
// naming, and the attributes by which the first stage tells the second how
// to call each node.
//
//===----------------------------------------------------------------------===//

#ifndef NIRTORCH_LIB_CONVERSION_NIRTOTORCHSCRIPT_RAISECOMMON_H
#define NIRTORCH_LIB_CONVERSION_NIRTOTORCHSCRIPT_RAISECOMMON_H

#include "nirtorch/Dialect/TorchScript/TorchScriptDialect.h"
#include "nirtorch/Dialect/TorchScript/TorchScriptOps.h"
#include "nirtorch/Dialect/TorchScript/TorchScriptTypes.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include <string>

namespace mlir::nir::raising {

/// TorchScript ScalarType codes (c10::ScalarType).
constexpr int64_t kFloat32Code = 6;
constexpr int64_t kFloat64Code = 7;

/// The attributes raise-nir-nodes leaves for raise-nir-forward.
/// On the graph: the root `ts.module` built for it (FlatSymbolRefAttr; the
/// graph itself is renamed out of its way) and the compute type (TypeAttr).
constexpr llvm::StringLiteral kRaisedRootAttr = "nirtorch.raised_root";
constexpr llvm::StringLiteral kComputeTypeAttr = "nirtorch.compute_type";
/// On each node with a module: its slot path from the root (array of
/// strings), its step convention (NodeMap.h: "stateless", "tensors",
/// "tuple", "dict"), its state names and their NIR shapes (the batch dims go
/// in front), and for the built-in neurons the number of coefficients their
/// `coefficients()` returns, which `step(x, s..., k...)` takes.
constexpr llvm::StringLiteral kSlotPathAttr = "nirtorch.slot_path";
constexpr llvm::StringLiteral kStepAttr = "nirtorch.step";
constexpr llvm::StringLiteral kStatesAttr = "nirtorch.states";
constexpr llvm::StringLiteral kStateShapesAttr = "nirtorch.state_shapes";
constexpr llvm::StringLiteral kCoefficientsAttr = "nirtorch.coefficients";

/// Small helpers to write TorchScript graphs with an OpBuilder.
struct TSBuilder {
  OpBuilder &b;
  Location loc;

  MLIRContext *ctx() { return b.getContext(); }
  Type tensorT() { return ts::TensorType::get(ctx()); }
  Type intT() { return ts::IntType::get(ctx()); }
  Type boolT() { return ts::BoolType::get(ctx()); }
  Type strT() { return ts::StrType::get(ctx()); }
  Type noneT() { return ts::NoneType::get(ctx()); }
  Type deviceT() { return ts::DeviceType::get(ctx()); }
  Type dictT() { return ts::DictType::get(ctx(), strT(), tensorT()); }
  Type tupleT(ArrayRef<Type> elements) {
    return ts::TupleType::get(ctx(), elements);
  }

  /// A call of the registered operator `qualified` ("aten::add.Tensor").
  Operation *call(StringRef qualified, ValueRange args, TypeRange results) {
    size_t sep = qualified.find("::");
    size_t dot = qualified.find('.', sep);
    StringRef name = qualified.substr(0, dot);
    StringRef overload =
        dot == StringRef::npos ? StringRef() : qualified.substr(dot + 1);
    return b.create<ts::OperatorOp>(loc, results, name, overload, args);
  }
  Value op(StringRef qualified, ValueRange args, Type result) {
    return call(qualified, args, TypeRange{result})->getResult(0);
  }
  Value tensorOp(StringRef qualified, ValueRange args) {
    return op(qualified, args, tensorT());
  }

  Value constant(Type type, Attribute value) {
    return b.create<ts::ConstantOp>(loc, type, value);
  }
  Value cInt(int64_t v) { return constant(intT(), b.getI64IntegerAttr(v)); }
  Value cBool(bool v) { return constant(boolT(), b.getBoolAttr(v)); }
  Value cStr(StringRef v) { return constant(strT(), b.getStringAttr(v)); }
  Value cNone() { return constant(noneT(), ts::NoneAttr::get(ctx())); }
  Value cIntList(ArrayRef<int64_t> values) {
    SmallVector<Attribute> attrs;
    for (int64_t v : values)
      attrs.push_back(b.getI64IntegerAttr(v));
    return constant(ts::ListType::get(ctx(), intT()), b.getArrayAttr(attrs));
  }

  Value getAttr(Value object, StringRef name, Type type) {
    return b.create<ts::GetAttrOp>(loc, type, object, name);
  }
  Value buffer(Value self, StringRef name) {
    return getAttr(self, name, tensorT());
  }
  /// The NIR parameter `name`, in the compute dtype `computeCode`: a buffer
  /// holds a parameter in its file dtype when the compute dtype cannot hold
  /// it exactly, and then the class converts that field where it uses it.
  const llvm::StringSet<> *convertedFields = nullptr;
  int64_t computeCode = 0;
  /// Parameters given as values (a step method's arguments, converted once
  /// per sequence by `coefficients`): used instead of the buffers.
  const llvm::StringMap<Value> *given = nullptr;
  Value param(Value self, StringRef name) {
    if (given)
      if (auto it = given->find(name); it != given->end())
        return it->second;
    Value value = buffer(self, name);
    if (!convertedFields || !convertedFields->contains(name))
      return value;
    Value f = cBool(false);
    return tensorOp("aten::to.dtype",
                    {value, cInt(computeCode), f, f, cNone()});
  }

  Value add(Value a, Value c) {
    return tensorOp("aten::add.Tensor", {a, c, cInt(1)});
  }
  Value sub(Value a, Value c) {
    return tensorOp("aten::sub.Tensor", {a, c, cInt(1)});
  }
  Value mul(Value a, Value c) { return tensorOp("aten::mul.Tensor", {a, c}); }
  Value div(Value a, Value c) { return tensorOp("aten::div.Tensor", {a, c}); }
  /// `cond` converted to the dtype of `like` (spikes as 0.0 / 1.0).
  Value asDtypeOf(Value cond, Value like) {
    Value dtype = op("prim::dtype", {like}, intT());
    Value f = cBool(false);
    return tensorOp("aten::to.dtype", {cond, dtype, f, f, cNone()});
  }

  void ret(Value v) { b.create<ts::ReturnOp>(loc, ValueRange{v}); }
  Value tuple(ValueRange values) {
    SmallVector<Type> types(values.getTypes());
    return b.create<ts::TupleConstructOp>(loc, tupleT(types), values);
  }
};

/// Adds `ts.method @name(self, <argNames>: Tensor...)` to `module` and sets
/// the builder to its body; returns the method.
inline ts::MethodOp addMethod(OpBuilder &b, Location loc, ts::ScriptModuleOp module,
                       StringRef name, ArrayRef<Type> argTypes,
                       ArrayRef<StringRef> argNames, Type result) {
  SmallVector<Type> types{module.getType()};
  types.append(argTypes.begin(), argTypes.end());
  SmallVector<StringRef> names{"self"};
  names.append(argNames.begin(), argNames.end());
  b.setInsertionPointToEnd(&module.getBody().front());
  auto method = b.create<ts::MethodOp>(
      loc, name, b.getFunctionType(types, {result}), names);
  b.setInsertionPointToStart(&method.getBody().front());
  return method;
}

/// TorchScript saves and loads a module in time that grows with the square
/// of its attributes and of its blocks: a graph level with more node modules
/// than this keeps them in groups of kGroupSize, and a forward with more
/// state reads reads them through a helper function (docs/Raising.md,
/// "Large graphs").
inline constexpr unsigned kLargeLevelNodes = 256, kGroupSize = 64;

/// A Python identifier for a node's submodule slot, unique among `used`.
inline std::string slotNameFor(StringRef nodeName, llvm::StringSet<> &used) {
  // clang-format off
  static const char *const reserved[] = {
      "False", "None", "True", "and", "as", "assert", "async", "await",
      "break", "class", "continue", "def", "del", "elif", "else", "except",
      "finally", "for", "from", "global", "if", "import", "in", "is",
      "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try",
      "while", "with", "yield", "forward", "forward_sequence", "training"};
  // clang-format on
  std::string name;
  for (char c : nodeName)
    name.push_back(llvm::isAlnum(c) || c == '_' ? c : '_');
  if (name.empty() || llvm::isDigit(name.front()) ||
      llvm::is_contained(reserved, StringRef(name)))
    name = "nir_node_" + name;
  std::string unique = name;
  for (unsigned n = 1; used.contains(unique); ++n)
    unique = name + "_" + std::to_string(n);
  used.insert(unique);
  return unique;
}

inline ArrayRef<int64_t> shapeOf(Value v) {
  return cast<ShapedType>(v.getType()).getShape();
}

} // namespace mlir::nir::raising

#endif // NIRTORCH_LIB_CONVERSION_NIRTOTORCHSCRIPT_RAISECOMMON_H
