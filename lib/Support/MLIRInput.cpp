//===- MLIRInput.cpp - Bound the nesting of MLIR text ------------------===//

#include "nirtorch/Support/MLIRInput.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

#include <string>

using namespace mlir;

std::optional<size_t> nirtorch::findExcessiveNesting(StringRef text,
                                                     unsigned maxDepth,
                                                     StringRef splitMarker) {
  llvm::SmallVector<char> open;
  size_t size = text.size();
  for (size_t i = 0; i < size; ++i) {
    char c = text[i];
    bool lineStart = i == 0 || text[i - 1] == '\n';
    if (lineStart && !splitMarker.empty() &&
        text.substr(i).starts_with(splitMarker)) {
      open.clear();
      i += splitMarker.size() - 1;
      continue;
    }
    switch (c) {
    case '"':
      // A string ends at its closing quote or, unterminated, at the line's
      // end (where MLIR's lexer stops too); `\x` escapes one character.
      for (++i; i < size && text[i] != '"' && text[i] != '\n'; ++i)
        if (text[i] == '\\')
          ++i;
      break;
    case '/':
      if (i + 1 < size && text[i + 1] == '/')
        while (i + 1 < size && text[i + 1] != '\n')
          ++i;
      break;
    case '-':
      // The `->` of function types and affine maps closes nothing.
      if (i + 1 < size && text[i + 1] == '>')
        ++i;
      break;
    case '{':
    case '[':
    case '(':
    case '<':
      if (open.size() == maxDepth)
        return i;
      open.push_back(c);
      break;
    case '}':
    case ']':
    case ')':
    case '>': {
      char opener = c == '}' ? '{' : c == ']' ? '[' : c == ')' ? '(' : '<';
      if (!open.empty() && open.back() == opener)
        open.pop_back();
      break;
    }
    default:
      break;
    }
  }
  return std::nullopt;
}

LogicalResult nirtorch::checkMLIRNesting(llvm::SourceMgr &sourceMgr,
                                         MLIRContext *context,
                                         unsigned maxDepth,
                                         StringRef splitMarker) {
  unsigned id = sourceMgr.getMainFileID();
  const llvm::MemoryBuffer *buffer = sourceMgr.getMemoryBuffer(id);
  std::optional<size_t> offset =
      findExcessiveNesting(buffer->getBuffer(), maxDepth, splitMarker);
  if (!offset)
    return success();
  std::string message =
      "brackets nest deeper than " + std::to_string(maxDepth) +
      " levels; nirtorch's tools refuse such input before parsing it, as "
      "MLIR's parser would overflow the stack (docs/Fuzzing.md)";
  llvm::SMLoc loc =
      llvm::SMLoc::getFromPointer(buffer->getBufferStart() + *offset);
  if (!context) {
    sourceMgr.PrintMessage(loc, llvm::SourceMgr::DK_Error, message);
    return failure();
  }
  auto [line, column] = sourceMgr.getLineAndColumn(loc, id);
  emitError(FileLineColLoc::get(context, buffer->getBufferIdentifier(), line,
                                column))
      << message;
  return failure();
}

std::unique_ptr<llvm::MemoryBuffer>
nirtorch::withFinalNewline(const llvm::MemoryBuffer &buffer) {
  StringRef text = buffer.getBuffer();
  if (text.ends_with("\n"))
    return llvm::MemoryBuffer::getMemBuffer(buffer.getMemBufferRef());
  return llvm::MemoryBuffer::getMemBufferCopy(text.str() + "\n",
                                              buffer.getBufferIdentifier());
}

OwningOpRef<ModuleOp>
nirtorch::parseMLIRSource(const std::shared_ptr<llvm::SourceMgr> &sourceMgr,
                          MLIRContext *context, unsigned maxDepth) {
  if (failed(checkMLIRNesting(*sourceMgr, context, maxDepth)))
    return {};
  const llvm::MemoryBuffer *buffer =
      sourceMgr->getMemoryBuffer(sourceMgr->getMainFileID());
  if (buffer->getBuffer().ends_with("\n"))
    return parseSourceFile<ModuleOp>(sourceMgr, ParserConfig(context));
  auto padded = std::make_shared<llvm::SourceMgr>();
  padded->AddNewSourceBuffer(withFinalNewline(*buffer), llvm::SMLoc());
  return parseSourceFile<ModuleOp>(padded, ParserConfig(context));
}

void nirtorch::registerFromMLIRTranslation(
    StringRef name, StringRef description,
    const TranslateFromMLIRFunction &function,
    const DialectRegistrationFunction &dialectRegistration) {
  TranslateRegistration registration(
      name, description,
      [function, dialectRegistration](
          const std::shared_ptr<llvm::SourceMgr> &sourceMgr,
          llvm::raw_ostream &os, MLIRContext *context) -> LogicalResult {
        DialectRegistry registry;
        dialectRegistration(registry);
        context->appendDialectRegistry(registry);
        OwningOpRef<ModuleOp> module = parseMLIRSource(sourceMgr, context);
        if (!module)
          return failure();
        return function(*module, os);
      });
}
