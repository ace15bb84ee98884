//===- ParamExpression.h - Arithmetic on named parameters ------*- C++ -*-===//
//
// The small expression language that node-library bindings (raising) and
// module maps (lowering) use to compute one library's parameters from
// another's: `1 / tau`, `exp(-dt / tau)`, `dt / (1 - beta)`. Values are
// arrays of float64 combined elementwise with numpy broadcasting; docs/
// Raising.md ("Node libraries") gives the grammar.
//
//===----------------------------------------------------------------------===//

#ifndef NIRTORCH_SUPPORT_PARAMEXPRESSION_H
#define NIRTORCH_SUPPORT_PARAMEXPRESSION_H

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace nirtorch {

/// A dense float64 array in row-major order; a 0-d array has one value.
struct ParamArray {
  llvm::SmallVector<int64_t> shape;
  std::vector<double> values;

  static ParamArray scalar(double value) { return {{}, {value}}; }
  /// Whether every element has the same value (so it can be a Python
  /// float or int attribute).
  bool isUniform() const;
};

/// A parsed expression: numbers, names, `+ - * /`, unary minus,
/// parentheses and the functions exp, log, sqrt, abs.
class ParamExpression {
public:
  ParamExpression();
  ParamExpression(ParamExpression &&);
  ParamExpression &operator=(ParamExpression &&);
  ~ParamExpression();

  /// Parses `text`; the error says what is wrong at which column (1-based).
  static llvm::Expected<ParamExpression> parse(llvm::StringRef text);

  /// The names it reads, each once, in the order they first appear.
  llvm::ArrayRef<std::string> getNames() const { return names; }
  /// The expression is one name (a plain copy of that parameter).
  bool isName() const;
  const std::string &getText() const { return text; }

  /// Evaluates it; `lookup` gives the value of a name or nullopt when there
  /// is none. Errors: an unknown name, shapes that do not broadcast, a
  /// result that is not finite (1 / 0, log of a negative number).
  llvm::Expected<ParamArray> evaluate(
      llvm::function_ref<std::optional<ParamArray>(llvm::StringRef)> lookup)
      const;

  struct Node;

private:
  std::string text;
  std::vector<std::string> names;
  std::unique_ptr<Node> root;
};

} // namespace nirtorch

#endif // NIRTORCH_SUPPORT_PARAMEXPRESSION_H
