//===- NIRShapes.cpp - Shape functions of NIR nodes -----------------------===//

#include "nirtorch/Dialect/NIR/NIRShapes.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/CheckedArithmetic.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace mlir::nir;

std::optional<int64_t> nir::convOutputExtent(int64_t n, int64_t kernel,
                                             int64_t stride, int64_t padding,
                                             int64_t dilation) {
  // Parameters come from files and IR text: compute without overflow.
  std::optional<int64_t> padded = llvm::checkedMul<int64_t>(2, padding);
  if (padded)
    padded = llvm::checkedAdd<int64_t>(n, *padded);
  std::optional<int64_t> window =
      llvm::checkedMul<int64_t>(dilation, kernel - 1);
  if (!padded || !window)
    return std::nullopt;
  std::optional<int64_t> span = llvm::checkedSub<int64_t>(*padded, *window);
  if (!span)
    return std::nullopt;
  // Floor division: a negative span must round towards -inf, not zero.
  int64_t numerator = *span - 1;
  int64_t quotient = numerator >= 0 ? numerator / stride
                                    : -((-numerator + stride - 1) / stride);
  return quotient + 1;
}

FailureOr<Shape> nir::inferConvOutputShape(
    ArrayRef<int64_t> input, ArrayRef<int64_t> weightShape,
    ArrayRef<int64_t> stride, const ConvPadding &padding,
    ArrayRef<int64_t> dilation, int64_t groups, EmitErrorFn emitError) {
  size_t spatialRank = weightShape.size() - 2;
  if (input.size() != spatialRank + 1)
    return emitError() << "expects an input of rank " << spatialRank + 1
                       << " (channels and " << spatialRank
                       << " spatial dims), got rank " << input.size();
  int64_t channelsIn = weightShape[1] * groups;
  if (input[0] != channelsIn)
    return emitError() << "expects " << channelsIn
                       << " input channels (weight dim 1 times groups), got "
                       << input[0];
  Shape output{weightShape[0]};
  for (size_t axis = 0; axis < spatialRank; ++axis) {
    int64_t n = input[axis + 1];
    std::optional<int64_t> extent;
    switch (padding.kind) {
    case ConvPadding::Kind::Same:
      extent = n;
      break;
    case ConvPadding::Kind::Valid:
      extent = convOutputExtent(n, weightShape[axis + 2], stride[axis], 0,
                                dilation[axis]);
      break;
    case ConvPadding::Kind::Explicit:
      extent = convOutputExtent(n, weightShape[axis + 2], stride[axis],
                                padding.amounts[axis], dilation[axis]);
      break;
    }
    if (!extent)
      return emitError() << "output extent of spatial dim " << axis
                         << " overflows";
    if (*extent < 1)
      return emitError() << "input extent " << n << " of spatial dim " << axis
                         << " is smaller than the dilated kernel";
    output.push_back(*extent);
  }
  return output;
}

FailureOr<Shape> nir::inferPool2dOutputShape(ArrayRef<int64_t> input,
                                             ArrayRef<int64_t> kernel,
                                             ArrayRef<int64_t> stride,
                                             ArrayRef<int64_t> padding,
                                             EmitErrorFn emitError) {
  if (input.size() != 3)
    return emitError() << "expects an input of rank 3 (C, H, W), got rank "
                       << input.size();
  Shape output{input[0]};
  for (size_t axis = 0; axis < 2; ++axis) {
    std::optional<int64_t> extent = convOutputExtent(
        input[axis + 1], kernel[axis], stride[axis], padding[axis], 1);
    if (!extent)
      return emitError() << "output extent of spatial dim " << axis
                         << " overflows";
    if (*extent < 1)
      return emitError() << "input extent " << input[axis + 1]
                         << " of spatial dim " << axis
                         << " is smaller than the kernel";
    output.push_back(*extent);
  }
  return output;
}

FailureOr<Shape> nir::inferFlattenOutputShape(ArrayRef<int64_t> input,
                                              int64_t startDim, int64_t endDim,
                                              EmitErrorFn emitError) {
  // A rank-0 signal flattens like torch.flatten does: to one element.
  Shape in = input.empty() ? Shape{1} : Shape(input);
  int64_t rank = in.size();
  int64_t start = startDim < 0 ? startDim + rank : startDim;
  int64_t end = endDim < 0 ? endDim + rank : endDim;
  if (start < 0 || start >= rank)
    return emitError() << "start_dim " << startDim
                       << " is out of range for an input of rank " << rank;
  if (end < 0 || end >= rank)
    return emitError() << "end_dim " << endDim
                       << " is out of range for an input of rank " << rank;
  if (start > end)
    return emitError() << "start_dim " << startDim << " comes after end_dim "
                       << endDim;
  Shape output(in.begin(), in.begin() + start);
  output.push_back(
      numElements(ArrayRef<int64_t>(in).slice(start, end - start + 1)));
  output.append(in.begin() + end + 1, in.end());
  return output;
}

Shape nir::matmulInputShape(ArrayRef<int64_t> weightShape) {
  Shape shape(weightShape.drop_back(2));
  shape.push_back(weightShape.back());
  return shape;
}

Shape nir::matmulOutputShape(ArrayRef<int64_t> weightShape) {
  Shape shape(weightShape.drop_back(2));
  shape.push_back(weightShape[weightShape.size() - 2]);
  return shape;
}

bool nir::broadcastsTo(ArrayRef<int64_t> shape, ArrayRef<int64_t> target) {
  if (shape.size() > target.size())
    return false;
  ArrayRef<int64_t> aligned = target.take_back(shape.size());
  return llvm::all_of(llvm::zip_equal(shape, aligned), [](auto dims) {
    auto [from, to] = dims;
    return from == to || from == 1;
  });
}

int64_t nir::numElements(ArrayRef<int64_t> shape) {
  int64_t count = 1;
  for (int64_t dim : shape)
    count *= dim;
  return count;
}

std::string nir::formatShape(ArrayRef<int64_t> shape) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << '[';
  llvm::interleaveComma(shape, os);
  os << ']';
  return text;
}
