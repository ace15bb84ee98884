//===- Graphviz.cpp - Render DOT with Graphviz's dot program
//---------------===//
//
// Pictures are drawn by Graphviz's `dot` program, run as a child process
// (nirtorch does not link Graphviz's libraries): DOT in a temporary file,
// the picture to the given path, stderr kept for the error message.
//
//===----------------------------------------------------------------------===//

#include "nirtorch/Target/Dot/Dot.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>
#include <string>

using namespace mlir;
using namespace mlir::nir;
using llvm::Error;
using llvm::StringRef;

StringRef nir::getGraphvizFormatName(PictureFormat format) {
  return format == PictureFormat::SVG ? "svg" : "png";
}

llvm::Expected<std::string> nir::findGraphviz() {
  llvm::ErrorOr<std::string> path = llvm::sys::findProgramByName("dot");
  if (path)
    return *path;
  return llvm::createStringError(
      path.getError(),
      "Graphviz's 'dot' program is not on PATH: install Graphviz (Debian "
      "package 'graphviz'), or write the DOT text with --emit=dot");
}

namespace {
Error renderError(const llvm::Twine &message) {
  return llvm::createStringError(std::make_error_code(std::errc::io_error),
                                 message);
}

/// A temporary file removed when it goes out of scope.
struct TempFile {
  llvm::SmallString<128> path;
  std::optional<llvm::FileRemover> remover;

  Error create(StringRef prefix, StringRef suffix) {
    if (std::error_code ec =
            llvm::sys::fs::createTemporaryFile(prefix, suffix, path))
      return llvm::createStringError(ec, "cannot create a temporary file: " +
                                             ec.message());
    remover.emplace(path);
    return Error::success();
  }
};
} // namespace

Error nir::renderDot(StringRef dot, PictureFormat format, StringRef dotProgram,
                     StringRef outputPath) {
  TempFile input, errors;
  if (Error error = input.create("nirtorch", "dot"))
    return error;
  if (Error error = errors.create("nirtorch-dot", "log"))
    return error;
  {
    std::error_code ec;
    llvm::raw_fd_ostream os(input.path, ec);
    if (!ec) {
      os << dot;
      os.close();
      ec = os.error();
    }
    if (ec)
      return llvm::createStringError(ec, "cannot write '" + input.path +
                                             "': " + ec.message());
  }

  StringRef formatName = getGraphvizFormatName(format);
  std::string formatArg = ("-T" + formatName).str();
  std::string outputArg = ("-o" + outputPath).str();
  StringRef args[] = {dotProgram, formatArg, outputArg, input.path};
  // stdin and stdout from/to /dev/null; stderr kept for the message.
  std::optional<StringRef> redirects[] = {StringRef(), StringRef(),
                                          StringRef(errors.path)};
  std::string executionError;
  int status = llvm::sys::ExecuteAndWait(dotProgram, args, std::nullopt,
                                         redirects, /*SecondsToWait=*/0,
                                         /*MemoryLimit=*/0, &executionError);
  if (status == 0)
    return Error::success();

  std::string command = ("Graphviz 'dot -T" + formatName + "'").str();
  if (status < 0)
    return renderError(command + " did not run: " + executionError);
  std::string stderrText;
  if (llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
          llvm::MemoryBuffer::getFile(errors.path))
    stderrText = (*buffer)->getBuffer().trim().str();
  return renderError(command + " failed (exit code " + llvm::Twine(status) +
                     ")" + (stderrText.empty() ? "" : ": " + stderrText));
}
