//===- ParamExpression.cpp - Arithmetic on named parameters ---------------===//
//
// A recursive-descent parser (depth bounded, so a hostile binding file
// cannot overflow the stack) and an elementwise evaluator with numpy
// broadcasting.
//
//===----------------------------------------------------------------------===//

#include "nirtorch/Support/ParamExpression.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"

#include <cmath>

using namespace nirtorch;
using llvm::StringRef;

bool ParamArray::isUniform() const {
  return llvm::all_equal(values);
}

struct ParamExpression::Node {
  enum Kind { Number, Name, Negate, Add, Sub, Mul, Div, Exp, Log, Sqrt, Abs };
  Kind kind;
  double number = 0;
  std::string name;
  std::unique_ptr<Node> lhs, rhs;
};

namespace {
using Node = ParamExpression::Node;

/// Expressions nest no deeper than this (parentheses, unary minus, calls).
constexpr unsigned kMaxDepth = 64;

class Parser {
public:
  Parser(StringRef text, std::vector<std::string> &names)
      : text(text), names(names) {}

  llvm::Expected<std::unique_ptr<Node>> parseAll() {
    auto node = parseSum(0);
    if (!node)
      return node.takeError();
    skipSpace();
    if (pos != text.size())
      return error("unexpected '" + text.substr(pos, 1).str() + "'");
    return node;
  }

private:
  StringRef text;
  size_t pos = 0;
  std::vector<std::string> &names;

  llvm::Error error(const llvm::Twine &message) const {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "column " + llvm::Twine(pos + 1) + ": " +
                                       message);
  }
  void skipSpace() {
    while (pos < text.size() && llvm::isSpace(text[pos]))
      ++pos;
  }
  bool consume(char c) {
    skipSpace();
    if (pos < text.size() && text[pos] == c) {
      ++pos;
      return true;
    }
    return false;
  }
  static std::unique_ptr<Node> binary(Node::Kind kind, std::unique_ptr<Node> l,
                                      std::unique_ptr<Node> r) {
    auto node = std::make_unique<Node>();
    node->kind = kind;
    node->lhs = std::move(l);
    node->rhs = std::move(r);
    return node;
  }

  // sum := product (('+' | '-') product)*
  // product := unary (('*' | '/') unary)*
  llvm::Expected<std::unique_ptr<Node>> parseSum(unsigned depth) {
    return parseBinary(depth, '+', Node::Add, '-', Node::Sub,
                       &Parser::parseProduct);
  }
  llvm::Expected<std::unique_ptr<Node>> parseProduct(unsigned depth) {
    return parseBinary(depth, '*', Node::Mul, '/', Node::Div,
                       &Parser::parseUnary);
  }
  /// operand ((first | second) operand)*, left-associative.
  llvm::Expected<std::unique_ptr<Node>>
  parseBinary(unsigned depth, char first, Node::Kind firstKind, char second,
              Node::Kind secondKind,
              llvm::Expected<std::unique_ptr<Node>> (Parser::*operand)(
                  unsigned)) {
    auto lhs = (this->*operand)(depth);
    if (!lhs)
      return lhs;
    std::unique_ptr<Node> node = std::move(*lhs);
    while (true) {
      Node::Kind kind;
      if (consume(first))
        kind = firstKind;
      else if (consume(second))
        kind = secondKind;
      else
        return node;
      auto rhs = (this->*operand)(depth);
      if (!rhs)
        return rhs;
      node = binary(kind, std::move(node), std::move(*rhs));
    }
  }

  // unary := '-' unary | '+' unary | primary
  llvm::Expected<std::unique_ptr<Node>> parseUnary(unsigned depth) {
    if (depth > kMaxDepth)
      return error("the expression nests deeper than " +
                   llvm::Twine(kMaxDepth) + " levels");
    if (consume('+'))
      return parseUnary(depth + 1);
    if (consume('-')) {
      auto operand = parseUnary(depth + 1);
      if (!operand)
        return operand;
      auto node = std::make_unique<Node>();
      node->kind = Node::Negate;
      node->lhs = std::move(*operand);
      return node;
    }
    return parsePrimary(depth);
  }

  // primary := number | name | name '(' sum ')' | '(' sum ')'
  llvm::Expected<std::unique_ptr<Node>> parsePrimary(unsigned depth) {
    skipSpace();
    if (pos == text.size())
      return error("expected a number, a name or '('");
    if (consume('(')) {
      auto inner = parseSum(depth + 1);
      if (!inner)
        return inner;
      if (!consume(')'))
        return error("expected ')'");
      return inner;
    }
    char c = text[pos];
    if (llvm::isDigit(c) || c == '.') {
      // strtod accepts more than a decimal number (hex, inf, nan): take the
      // longest [0-9.eE+-] run that is one number.
      size_t end = pos;
      while (end < text.size() &&
             (llvm::isDigit(text[end]) || text[end] == '.' ||
              ((text[end] == 'e' || text[end] == 'E')) ||
              ((text[end] == '+' || text[end] == '-') && end > pos &&
               (text[end - 1] == 'e' || text[end - 1] == 'E'))))
        ++end;
      std::string literal = text.slice(pos, end).str();
      char *stop = nullptr;
      double value = std::strtod(literal.c_str(), &stop);
      if (stop != literal.c_str() + literal.size() || !std::isfinite(value))
        return error("invalid number '" + literal + "'");
      pos = end;
      auto node = std::make_unique<Node>();
      node->kind = Node::Number;
      node->number = value;
      return node;
    }
    if (!llvm::isAlpha(c) && c != '_')
      return error("expected a number, a name or '(' but found '" +
                   text.substr(pos, 1).str() + "'");
    size_t start = pos;
    while (pos < text.size() && (llvm::isAlnum(text[pos]) || text[pos] == '_' ||
                                 text[pos] == '.'))
      ++pos;
    StringRef name = text.slice(start, pos);
    skipSpace();
    if (pos < text.size() && text[pos] == '(') {
      size_t at = start;
      std::optional<Node::Kind> kind =
          llvm::StringSwitch<std::optional<Node::Kind>>(name)
              .Case("exp", Node::Exp)
              .Case("log", Node::Log)
              .Case("sqrt", Node::Sqrt)
              .Case("abs", Node::Abs)
              .Default(std::nullopt);
      if (!kind) {
        pos = at;
        return error("unknown function '" + name +
                     "' (known: exp, log, sqrt, abs)");
      }
      ++pos;
      auto argument = parseSum(depth + 1);
      if (!argument)
        return argument;
      if (!consume(')'))
        return error("expected ')' after the argument of " + name);
      auto node = std::make_unique<Node>();
      node->kind = *kind;
      node->lhs = std::move(*argument);
      return node;
    }
    if (!llvm::is_contained(names, name))
      names.push_back(name.str());
    auto node = std::make_unique<Node>();
    node->kind = Node::Name;
    node->name = name.str();
    return node;
  }
};

llvm::Error evalError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

std::string shapeString(llvm::ArrayRef<int64_t> shape) {
  std::string s = "[";
  llvm::interleave(
      shape, [&](int64_t d) { s += std::to_string(d); },
      [&] { s += ", "; });
  return s + "]";
}

/// numpy broadcasting of two arrays through `combine`.
llvm::Expected<ParamArray> broadcast(const ParamArray &a, const ParamArray &b,
                                     double (*combine)(double, double)) {
  size_t rank = std::max(a.shape.size(), b.shape.size());
  llvm::SmallVector<int64_t> shape(rank, 1), aDims(rank, 1), bDims(rank, 1);
  llvm::copy(a.shape, aDims.begin() + (rank - a.shape.size()));
  llvm::copy(b.shape, bDims.begin() + (rank - b.shape.size()));
  for (size_t d = 0; d < rank; ++d) {
    if (aDims[d] != bDims[d] && aDims[d] != 1 && bDims[d] != 1)
      return evalError("shapes " + shapeString(a.shape) + " and " +
                       shapeString(b.shape) + " do not broadcast");
    shape[d] = aDims[d] == 1 ? bDims[d] : aDims[d];
  }
  ParamArray out;
  out.shape = shape;
  size_t count = 1;
  for (int64_t d : shape)
    count *= d;
  out.values.resize(count);
  // Row-major strides of each operand, 0 along broadcast dims.
  llvm::SmallVector<size_t> aStride(rank, 0), bStride(rank, 0);
  size_t as = 1, bs = 1;
  for (size_t d = rank; d-- > 0;) {
    aStride[d] = aDims[d] == 1 ? 0 : as;
    bStride[d] = bDims[d] == 1 ? 0 : bs;
    as *= aDims[d];
    bs *= bDims[d];
  }
  llvm::SmallVector<int64_t> index(rank, 0);
  for (size_t k = 0; k < count; ++k) {
    size_t ai = 0, bi = 0;
    for (size_t d = 0; d < rank; ++d) {
      ai += index[d] * aStride[d];
      bi += index[d] * bStride[d];
    }
    out.values[k] = combine(a.values[ai], b.values[bi]);
    for (size_t d = rank; d-- > 0;) {
      if (++index[d] < shape[d])
        break;
      index[d] = 0;
    }
  }
  return out;
}

llvm::Expected<ParamArray>
evaluateNode(const Node &node,
             llvm::function_ref<std::optional<ParamArray>(StringRef)> lookup) {
  switch (node.kind) {
  case Node::Number:
    return ParamArray::scalar(node.number);
  case Node::Name: {
    std::optional<ParamArray> value = lookup(node.name);
    if (!value)
      return evalError("unknown name '" + node.name + "'");
    return std::move(*value);
  }
  case Node::Add:
  case Node::Sub:
  case Node::Mul:
  case Node::Div: {
    auto l = evaluateNode(*node.lhs, lookup);
    if (!l)
      return l;
    auto r = evaluateNode(*node.rhs, lookup);
    if (!r)
      return r;
    double (*combine)(double, double) =
        node.kind == Node::Add   ? [](double x, double y) { return x + y; }
        : node.kind == Node::Sub ? [](double x, double y) { return x - y; }
        : node.kind == Node::Mul ? [](double x, double y) { return x * y; }
                                 : [](double x, double y) { return x / y; };
    return broadcast(*l, *r, combine);
  }
  default: {
    auto operand = evaluateNode(*node.lhs, lookup);
    if (!operand)
      return operand;
    for (double &v : operand->values) {
      switch (node.kind) {
      case Node::Negate:
        v = -v;
        break;
      case Node::Exp:
        v = std::exp(v);
        break;
      case Node::Log:
        v = std::log(v);
        break;
      case Node::Sqrt:
        v = std::sqrt(v);
        break;
      default:
        v = std::fabs(v);
        break;
      }
    }
    return operand;
  }
  }
}
} // namespace

ParamExpression::ParamExpression() = default;
ParamExpression::ParamExpression(ParamExpression &&) = default;
ParamExpression &ParamExpression::operator=(ParamExpression &&) = default;
ParamExpression::~ParamExpression() = default;

llvm::Expected<ParamExpression> ParamExpression::parse(StringRef text) {
  ParamExpression expr;
  expr.text = text.str();
  Parser parser(expr.text, expr.names);
  auto root = parser.parseAll();
  if (!root)
    return root.takeError();
  expr.root = std::move(*root);
  return std::move(expr);
}

bool ParamExpression::isName() const {
  return root && root->kind == Node::Name;
}

llvm::Expected<ParamArray> ParamExpression::evaluate(
    llvm::function_ref<std::optional<ParamArray>(StringRef)> lookup) const {
  auto result = evaluateNode(*root, lookup);
  if (!result)
    return result;
  for (double v : result->values)
    if (!std::isfinite(v))
      return evalError("'" + text + "' is not finite (" + std::to_string(v) +
                       ")");
  return result;
}
