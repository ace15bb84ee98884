//===- AtomicOutput.cpp - Never clobber an output on failure --------------===//

#include "nirtorch/Support/AtomicOutput.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Signals.h"

#include <string>
#include <vector>

using namespace llvm;

/// A unique temporary path beside `path`, so that the final rename stays on
/// one file system.
static Expected<std::string> makeTempPath(StringRef path) {
  SmallString<256> model(path);
  sys::path::remove_filename(model);
  sys::path::append(model, "." + sys::path::filename(path) + ".tmp-%%%%%%");
  SmallString<256> temp;
  int fd;
  if (std::error_code ec = sys::fs::createUniqueFile(model, fd, temp))
    return createStringError(ec, "cannot create a temporary file for '" + path +
                                     "': " + ec.message());
  sys::fs::closeFile(fd);
  return std::string(temp);
}

Error nirtorch::writeFileAtomically(
    StringRef path, function_ref<Error(StringRef tempPath)> write) {
  // A device or pipe (/dev/null, /dev/stdout) cannot be replaced by a
  // rename, which would turn it into a regular file: write to it directly.
  sys::fs::file_status status;
  if (!sys::fs::status(path, status) && sys::fs::exists(status) &&
      status.type() != sys::fs::file_type::regular_file)
    return write(path);
  Expected<std::string> temp = makeTempPath(path);
  if (!temp)
    return temp.takeError();
  sys::RemoveFileOnSignal(*temp);
  Error result = write(*temp);
  if (!result) {
    if (std::error_code ec = sys::fs::rename(*temp, path))
      result =
          createStringError(ec, "cannot write '" + path + "': " + ec.message());
  }
  if (result)
    sys::fs::remove(*temp);
  sys::DontRemoveFileOnSignal(*temp);
  return result;
}

int nirtorch::runWithAtomicOutput(int argc, char **argv,
                                  function_ref<int(int, char **)> toolMain) {
  std::vector<std::string> args(argv, argv + argc);
  // Find the output option in the spellings llvm::cl accepts.
  std::string *outputArg = nullptr;
  size_t prefixLength = 0;
  for (size_t i = 1; i < args.size(); ++i) {
    StringRef arg = args[i];
    if (arg == "--")
      break;
    if (arg == "-o" || arg == "--o") {
      if (i + 1 < args.size())
        outputArg = &args[i + 1], prefixLength = 0;
    } else if (arg.starts_with("-o=") || arg.starts_with("--o=")) {
      outputArg = &args[i], prefixLength = arg.find('=') + 1;
    }
  }
  auto run = [&] {
    std::vector<char *> cargs;
    for (std::string &arg : args)
      cargs.push_back(arg.data());
    cargs.push_back(nullptr);
    return toolMain(static_cast<int>(args.size()), cargs.data());
  };
  if (!outputArg || StringRef(*outputArg).substr(prefixLength) == "-")
    return run();

  std::string path = outputArg->substr(prefixLength);
  int exitCode = 0;
  Error error = writeFileAtomically(path, [&](StringRef temp) -> Error {
    outputArg->replace(prefixLength, std::string::npos, temp.str());
    exitCode = run();
    if (exitCode != 0)
      return createStringError(std::errc::io_error, "tool failed");
    return Error::success();
  });
  if (error) {
    std::string message = toString(std::move(error));
    if (exitCode == 0) {
      errs() << argv[0] << ": " << message << "\n";
      return 1;
    }
  }
  return exitCode;
}
