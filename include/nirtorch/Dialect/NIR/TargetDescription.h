//===- TargetDescription.h - Chip limits as data ----------------*- C++ -*-===//
//
// A target is a JSON file (targets/*.json): the published limits of one
// neuromorphic chip as design rules, the integer widths its parameters take,
// and for every value the source it comes from. The five built-in targets
// (xylo-audio2, xylo-audio3, xylo-imu, speck, loihi) are compiled into the
// library, so an installed tool needs no data directory; a user's own target
// is a file of the same form. docs/Targets.md describes the format.
//
//===----------------------------------------------------------------------===//

#ifndef NIRTORCH_DIALECT_NIR_TARGETDESCRIPTION_H
#define NIRTORCH_DIALECT_NIR_TARGETDESCRIPTION_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Operation.h"
#include "llvm/Support/Error.h"

#include <optional>
#include <string>
#include <vector>

namespace mlir::nir {

/// The JSON type a field of a design rule holds.
enum class RuleFieldKind { Int, Bool, String, IntList, StringList };

/// One field of a design rule (besides `source` and `severity`, which every
/// rule has).
struct RuleFieldSpec {
  llvm::StringLiteral name;
  RuleFieldKind kind;
  bool required;
  /// For String fields: the values allowed, empty for any.
  llvm::ArrayRef<llvm::StringLiteral> choices = {};
};

/// A design rule the format knows: its key in `rules` and its fields.
struct RuleSpec {
  llvm::StringLiteral key;
  llvm::ArrayRef<RuleFieldSpec> fields;
  llvm::StringLiteral summary;
};

/// Every design rule a target file may name, in the order checks run and
/// reports list them.
llvm::ArrayRef<RuleSpec> getRuleSpecs();

/// The integer widths a target file may give under `widths`.
llvm::ArrayRef<llvm::StringLiteral> getWidthNames();

/// One design rule of a target, with its fields as the file gives them.
struct TargetRule {
  const RuleSpec *spec = nullptr;
  /// The id in `sources` and the citation it names.
  std::string sourceId, source;
  /// `"severity": "warning"`: a violation warns instead of failing.
  bool warning = false;
  llvm::StringMap<int64_t> ints;
  llvm::StringMap<bool> bools;
  llvm::StringMap<std::string> strings;
  llvm::StringMap<llvm::SmallVector<int64_t>> intLists;
  llvm::StringMap<llvm::SmallVector<std::string>> stringLists;

  llvm::StringRef key() const { return spec->key; }
  std::optional<int64_t> getInt(llvm::StringRef field) const;
  bool getBool(llvm::StringRef field, bool otherwise) const;
  llvm::StringRef getString(llvm::StringRef field) const;
  llvm::ArrayRef<int64_t> getIntList(llvm::StringRef field) const;
  llvm::ArrayRef<std::string> getStringList(llvm::StringRef field) const;
};

/// A width (`weight_bits`, ...) and its source.
struct TargetWidth {
  int64_t bits = 0;
  std::string sourceId, source;
};

struct TargetDescription {
  std::string name, summary;
  /// Where it came from: "built-in" or the file's path.
  std::string origin;
  /// `sources`: id -> citation.
  llvm::StringMap<std::string> sources;
  /// The rules the target gives, in the order of getRuleSpecs().
  std::vector<TargetRule> rules;
  llvm::StringMap<TargetWidth> widths;

  const TargetRule *getRule(llvm::StringRef key) const;
  const TargetWidth *getWidth(llvm::StringRef name) const;
};

/// Parses a target description from JSON text. Errors name `origin` (the
/// file), the key path (`rules.fan_out.max`) and the type expected.
llvm::Expected<TargetDescription> parseTargetDescription(llvm::StringRef json,
                                                         llvm::StringRef origin);

/// The names of the built-in targets, sorted.
llvm::SmallVector<llvm::StringRef> getBuiltinTargetNames();

/// A built-in target by name, or, when `nameOrPath` ends in `.json` or holds
/// a `/`, the target file at that path.
llvm::Expected<TargetDescription> loadTargetDescription(llvm::StringRef nameOrPath);

/// The target a pass's `target` option names (loadTargetDescription), or
/// an error that says how to name one when the option is empty.
llvm::Expected<TargetDescription> loadTargetOption(llvm::StringRef option,
                                                   llvm::StringRef passName);

/// As above for a pass running on `op`: the error is a diagnostic at `op`.
inline mlir::FailureOr<TargetDescription>
loadTargetOption(mlir::Operation *op, llvm::StringRef option,
                 llvm::StringRef passName) {
  llvm::Expected<TargetDescription> description =
      loadTargetOption(option, passName);
  if (!description) {
    op->emitError() << llvm::toString(description.takeError());
    return mlir::failure();
  }
  return std::move(*description);
}

} // namespace mlir::nir

#endif // NIRTORCH_DIALECT_NIR_TARGETDESCRIPTION_H
