//===- nirtorch.cpp - PyTorch (TorchScript) <-> NIR in one command --------===//
//
// The front door of the project: reads a TorchScript module and writes a
// `.nir` file, or reads a `.nir` file and writes a runnable TorchScript
// module, choosing the direction from the input's extension. In between it
// runs the lowering or raising passes and any extra passes the user asks for.
// It can also draw the NIR graph (DOT, or SVG/PNG through Graphviz).
// docs/Driver.md is the user guide.
//
// No torch headers here, and no libtorch in the link: `.pt` files are read
// and written through the TorchScript plugin, loaded only when needed.
//
//===----------------------------------------------------------------------===//

#include "nirtorch/Support/Version.h"
#include "nirtorch/NIRTorch.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Support/Timing.h"
#include "mlir/Transforms/Passes.h"
#include "nirtorch/Dialect/NIR/NIROps.h"
#include "nirtorch/Dialect/NIR/Passes.h"
#include "nirtorch/Dialect/TorchScript/TorchScriptOps.h"
#include "nirtorch/Support/AtomicOutput.h"
#include "nirtorch/Support/MLIRInput.h"
#include "nirtorch/Target/Dot/Dot.h"
#include "nirtorch/Target/NIRFile/NIRFile.h"
#include "nirtorch/Target/TorchScript/TorchScriptPlugin.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"

#include <memory>
#include <cmath>
#include <optional>
#include <string>

using namespace mlir;
namespace cl = llvm::cl;

//===----------------------------------------------------------------------===//
// Options
//===----------------------------------------------------------------------===//

namespace {
enum class Emit { Target, MLIR, Dot, SVG, PNG };
} // namespace

static cl::OptionCategory nirtorchCategory("nirtorch options");

static cl::list<std::string>
    inputFilenames(cl::Positional, cl::OneOrMore, cl::cat(nirtorchCategory),
                   cl::value_desc("input"),
                   cl::desc("<input: model.pt|.pth|.jit (TorchScript), "
                            "model.nir (NIR), or model.mlir ('-': stdin)> "
                            "[more inputs, with -o DIRECTORY]"));

static cl::opt<std::string> outputFilename(
    "o", cl::cat(nirtorchCategory), cl::value_desc("file"),
    cl::desc("Output: a .nir file when the input is TorchScript, a .pt/.pth/"
             ".jit file when it is NIR; with --emit=mlir|dot|svg any file, or "
             "'-' (stdout, the default); with --emit=png a file or '-'. "
             "Written through a temporary file: a failed run leaves no file "
             "and an existing one untouched. With several inputs: a "
             "directory, which gets one <input stem>.pt|.nir|.mlir|.dot|.svg|"
             ".png per input"));

static cl::opt<Emit> emit(
    "emit", cl::cat(nirtorchCategory), cl::init(Emit::Target),
    cl::desc("What to write (an output named *.mlir, *.dot or *.gv, *.svg or "
             "*.png implies --emit=mlir, dot, svg or png)"),
    cl::values(clEnumValN(Emit::Target, "target",
                          "the other format: .nir or .pt (default)"),
               clEnumValN(Emit::MLIR, "mlir",
                          "the final IR as MLIR text: the nir dialect when "
                          "lowering, the ts dialect when raising"),
               clEnumValN(Emit::Dot, "dot",
                          "a picture of the NIR graph (after lowering and "
                          "--pass-pipeline; not raised) as Graphviz DOT text"),
               clEnumValN(Emit::SVG, "svg",
                          "that picture rendered by Graphviz's 'dot' "
                          "(Debian package graphviz) as SVG"),
               clEnumValN(Emit::PNG, "png", "the same picture as PNG")));

static cl::opt<std::string> passPipeline(
    "pass-pipeline", cl::cat(nirtorchCategory), cl::value_desc("pipeline"),
    cl::desc("Extra passes run on the NIR graph (after lowering, before "
             "raising), as a textual pipeline on builtin.module, with or "
             "without 'builtin.module(...)' around it; passes on graphs "
             "nest in 'nir.graph(...)', e.g. "
             "'nir.graph(nir-inline-subgraphs),symbol-dce'"));

static cl::opt<bool>
    timing("timing", cl::cat(nirtorchCategory),
           cl::desc("Print the time of each step (read, every pass, write) to "
                    "stderr"));

// TorchScript -> NIR.
static cl::opt<std::string> inputShape(
    "input-shape", cl::cat(nirtorchCategory), cl::value_desc("AxBxC"),
    cl::desc("TorchScript -> NIR: NIR shape of the graph input without the "
             "batch dim, e.g. 2x34x34; several inputs: 2x3,4 (needed unless "
             "the module records its input shapes)"));

static cl::opt<std::string> moduleMapFile(
    "module-map", cl::cat(nirtorchCategory), cl::value_desc("map.json"),
    cl::desc("TorchScript -> NIR: extra module mappings (TorchScript class "
             "-> NIR node) read from a JSON or PDLL (.pdll) file "
             "(docs/Lowering.md)"));

static cl::opt<bool> compress(
    "compress", cl::cat(nirtorchCategory),
    cl::desc("TorchScript -> NIR: gzip the .nir file's arrays (level 4, as "
             "nir main writes them; default: uncompressed like nir 1.0.7)"));

// NIR -> TorchScript.
static cl::opt<double>
    dt("dt", cl::cat(nirtorchCategory), cl::value_desc("seconds"),
       cl::desc("NIR -> TorchScript: time step in seconds (default: the "
                "graph's metadata 'dt', else 1e-4)"));

static cl::opt<nirtorch::FloatType>
    dtype("dtype", cl::cat(nirtorchCategory),
          cl::init(nirtorch::FloatType::Float32),
          cl::desc("NIR -> TorchScript: type of parameters and states"),
          cl::values(clEnumValN(nirtorch::FloatType::Float32, "float32",
                                "32-bit floats (default)"),
                     clEnumValN(nirtorch::FloatType::Float64, "float64",
                                "64-bit floats")));

static cl::opt<nirtorch::ResetMode>
    reset("reset", cl::cat(nirtorchCategory),
          cl::init(nirtorch::ResetMode::Value),
          cl::desc("NIR -> TorchScript: membrane reset after a spike"),
          cl::values(clEnumValN(nirtorch::ResetMode::Value, "value",
                                "v = v_reset (default)"),
                     clEnumValN(nirtorch::ResetMode::Subtract, "subtract",
                                "v -= v_threshold")));

static cl::list<std::string> nodeLibraries(
    "node-library", cl::cat(nirtorchCategory), cl::value_desc("lib.json"),
    cl::desc("NIR -> TorchScript: build the nodes of the types a node "
             "library binds from its prototypes (a JSON binding naming a .pt "
             "file, or a .pt holding its binding; repeatable, later ones win; "
             "docs/Raising.md)"));

static cl::opt<bool>
    strict("strict", cl::cat(nirtorchCategory),
           cl::desc("NIR -> TorchScript: refuse a parameter whose values "
                    "--dtype cannot hold exactly (default: a warning; the "
                    "buffer keeps its file dtype)"));

// Chip targets (docs/Targets.md), either direction.
static cl::opt<std::string> target(
    "target", cl::cat(nirtorchCategory), cl::value_desc("name|file.json"),
    cl::desc("Prepare the NIR graph for a chip before writing it: "
             "nir-discretize (with --dt, or when the target needs a time "
             "step; the target's decay encoding), nir-legalize-target, "
             "nir-check-target and nir-quantize. A built-in target "
             "(xylo-audio2, xylo-audio3, xylo-imu, speck, loihi) or a "
             "target file"));

static cl::opt<nirtorch::QuantizeScheme> quantize(
    "quantize", cl::cat(nirtorchCategory),
    cl::init(nirtorch::QuantizeScheme::Global),
    cl::desc("With --target: how nir-quantize shares scales"),
    cl::values(clEnumValN(nirtorch::QuantizeScheme::None, "none",
                          "do not quantise"),
               clEnumValN(nirtorch::QuantizeScheme::Global, "global",
                          "one scale for hidden layers, one for output "
                          "layers (Rockpool global_quantize; default)"),
               clEnumValN(nirtorch::QuantizeScheme::Channel, "channel",
                          "one scale per output channel (Rockpool "
                          "channel_quantize)"),
               clEnumValN(nirtorch::QuantizeScheme::Layer, "layer",
                          "one scale per layer (Sinabs, Speck)")));

static cl::opt<bool> keepIntegers(
    "keep-integers", cl::cat(nirtorchCategory),
    cl::desc("Writing .nir: write the integers of quantised nodes as they "
             "are (default: the float values they stand for)"));

// libLLVM already registers a --no-type-check (the WebAssembly assembler's),
// so this option is created in main once that one is unregistered.
static bool noTypeCheck = false;
static cl::Option *noTypeCheckOption = nullptr;

static cl::extrahelp examples(R"(
The direction follows the input: TorchScript (.pt, .pth, .jit) is lowered to
NIR, NIR (.nir) is raised to a runnable TorchScript module whose
forward(input, state=None) runs one time step and forward_sequence(inputs) a
whole sequence. An .mlir input holding a ts.module is lowered, one holding a
nir.graph is raised. --emit=dot|svg|png draw the NIR graph instead: as read,
or once lowered (svg and png run Graphviz's dot: Debian package graphviz).

Examples:
  nirtorch model.pt -o model.nir --input-shape=2x34x34
  nirtorch model.pt -o model.nir --input-shape=12 --module-map=map.json
  nirtorch braille.nir -o braille.pt --dt=1e-3 --dtype=float64
  nirtorch braille.nir -o braille.pt --reset=subtract --no-type-check
  nirtorch model.pt --input-shape=12 --emit=mlir        (the NIR graph, stdout)
  nirtorch srnn.mlir -o srnn.pt --pass-pipeline='nir.graph(nir-inline-subgraphs)'
  nirtorch braille.nir -o braille.pt --timing
  nirtorch a.nir b.nir c.mlir -o raised/       (one .pt each in raised/)
  nirtorch braille.nir -o braille-xylo.pt --target=xylo-audio2 --dt=1e-4
  nirtorch cnn.pt -o cnn-speck.nir --input-shape=2x34x34 --target=speck \
      --quantize=layer                          (check, legalise, quantise)
  nirtorch braille.nir -o braille.svg                   (a picture; Graphviz)
  nirtorch model.pt --input-shape=12 --emit=dot         (the graph as DOT)

Exit code 0 on success, 1 after an error. See docs/Driver.md.
)");

//===----------------------------------------------------------------------===//
// The driver
//===----------------------------------------------------------------------===//

namespace {
/// The two sides of the tool.
enum class Format { TorchScript, NIR };

StringRef formatName(Format format) {
  return format == Format::NIR ? "NIR" : "TorchScript";
}

bool isTorchScriptExtension(StringRef ext) {
  return ext == ".pt" || ext == ".pth" || ext == ".jit";
}

StringRef emitName(Emit emit) {
  switch (emit) {
  case Emit::Target:
    return "target";
  case Emit::MLIR:
    return "mlir";
  case Emit::Dot:
    return "dot";
  case Emit::SVG:
    return "svg";
  case Emit::PNG:
    return "png";
  }
  llvm_unreachable("unknown Emit");
}

/// The --emit an output's name asks for: IR (.mlir) or a picture (.dot or
/// .gv, .svg, .png).
std::optional<Emit> emitImpliedBy(StringRef outputPath) {
  return llvm::StringSwitch<std::optional<Emit>>(
             llvm::sys::path::extension(outputPath))
      .Case(".mlir", Emit::MLIR)
      .Cases(".dot", ".gv", Emit::Dot)
      .Case(".svg", Emit::SVG)
      .Case(".png", Emit::PNG)
      .Default(std::nullopt);
}

class Driver {
public:
  Driver(MLIRContext &context, TimingScope &rootTimer)
      : context(context), rootTimer(rootTimer), fileTimer(&rootTimer) {}

  LogicalResult run();

private:
  Location commandLine() {
    return FileLineColLoc::get(&context, "<command line>", 0, 0);
  }
  Location fileLoc(StringRef path) {
    return FileLineColLoc::get(&context, path, 0, 0);
  }

  LogicalResult checkOptions();
  LogicalResult checkBatchOutput();
  LogicalResult convert();
  LogicalResult convertBatch();
  LogicalResult setBatchOutput(Format source);
  bool isBatch() const { return inputFilenames.size() > 1; }
  LogicalResult checkInput();
  LogicalResult checkOutputPath(StringRef path);
  LogicalResult checkOutputFor(Format source);
  LogicalResult checkDirectionOptions(Format source);
  LogicalResult prepareFor(Format source);
  LogicalResult loadTorchScript();
  LogicalResult addUserPasses(OpPassManager &pm);
  FailureOr<OwningOpRef<ModuleOp>> readInput();
  FailureOr<Format> formatOfMLIR(ModuleOp module);
  LogicalResult runPasses(ModuleOp module, Format source);
  LogicalResult writeOutput(ModuleOp module, Format source);
  LogicalResult writeText(StringRef timerName,
                          function_ref<void(raw_ostream &)> print);
  LogicalResult drawGraph(ModuleOp module);
  /// A picture of the NIR graph is written instead of a converted model.
  bool drawsGraph() const {
    return emitKind == Emit::Dot || emitKind == Emit::SVG ||
           emitKind == Emit::PNG;
  }

  MLIRContext &context;
  TimingScope &rootTimer;
  /// Where the current input's steps are timed: the root, or one scope per
  /// input of a batch.
  TimingScope *fileTimer;
  /// The input being converted and its output ('-' or empty: stdout).
  std::string inputPath, outputPath;
  /// The outputs this run has written, so that a batch never writes one
  /// twice.
  llvm::StringSet<> writtenOutputs;
  /// The input's format from its extension; unknown for .mlir until parsed.
  std::optional<Format> inputFormat;
  /// What is written: --emit, or what the output's extension implies.
  Emit emitKind = Emit::Target;
  bool emitMLIR = false;
  /// Graphviz's `dot`, for --emit=svg|png.
  std::string graphvizProgram;
  nirtorch::ToNIROptions toNIR;
  nirtorch::ToTorchOptions toTorch;
  std::optional<nirtorch::TargetOptions> targetOptions;
  /// libtorch, once a `.pt` file is read or written.
  const ts::TorchScriptPlugin *torchScript = nullptr;
};
} // namespace

/// `text` without a `builtin.module(...)` around it, so that the pipeline can
/// be added to a pass manager on builtin.module either way.
static StringRef stripModuleAnchor(StringRef text) {
  StringRef trimmed = text.trim();
  StringRef anchor = "builtin.module(";
  if (!trimmed.starts_with(anchor) || !trimmed.ends_with(")"))
    return text;
  // The '(' of the anchor must close at the very end ("builtin.module(a),
  // builtin.module(b)" is two pipelines).
  int depth = 0;
  for (size_t i = anchor.size() - 1; i < trimmed.size(); ++i) {
    if (trimmed[i] == '(')
      ++depth;
    else if (trimmed[i] == ')' && --depth == 0)
      return i + 1 == trimmed.size()
                 ? trimmed.slice(anchor.size(), trimmed.size() - 1)
                 : text;
  }
  return text;
}

LogicalResult Driver::addUserPasses(OpPassManager &pm) {
  if (passPipeline.empty())
    return success();
  std::string error;
  llvm::raw_string_ostream errorStream(error);
  if (succeeded(
          parsePassPipeline(stripModuleAnchor(passPipeline), pm, errorStream)))
    return success();
  return emitError(commandLine()) << "invalid --pass-pipeline '" << passPipeline
                                  << "': " << StringRef(error).trim();
}

/// Parses "2x34x34", or one such shape per input joined by ','.
static FailureOr<std::vector<std::vector<int64_t>>>
parseShapes(StringRef text) {
  std::vector<std::vector<int64_t>> shapes;
  SmallVector<StringRef> shapeTexts, extentTexts;
  text.split(shapeTexts, ',');
  for (StringRef shapeText : shapeTexts) {
    std::vector<int64_t> &shape = shapes.emplace_back();
    extentTexts.clear();
    shapeText.split(extentTexts, 'x');
    for (StringRef extentText : extentTexts) {
      int64_t extent;
      if (extentText.getAsInteger(10, extent) || extent <= 0)
        return failure();
      shape.push_back(extent);
    }
  }
  return shapes;
}

LogicalResult Driver::checkOptions() {
  if (!inputShape.empty()) {
    FailureOr<std::vector<std::vector<int64_t>>> shapes =
        parseShapes(inputShape);
    if (failed(shapes))
      return emitError(commandLine())
             << "invalid --input-shape '" << inputShape
             << "': expected positive extents joined by 'x', e.g. 2x34x34 "
                "(several inputs: 2x3,4)";
    toNIR.inputShapes = std::move(*shapes);
  }
  if (dt.getNumOccurrences())
    toTorch.dt = dt;
  toTorch.dtype = dtype;
  toTorch.reset = reset;
  toTorch.strict = strict;
  toTorch.nodeLibraries.assign(nodeLibraries.begin(), nodeLibraries.end());
  if (failed(nirtorch::checkOptions(toTorch, commandLine())))
    return failure();
  if (!target.empty()) {
    targetOptions.emplace();
    targetOptions->target = target;
    targetOptions->quantize = quantize;
    targetOptions->dt = toTorch.dt;
    // The target must load before any work is done.
    OpPassManager scratch(ModuleOp::getOperationName());
    if (failed(
            nirtorch::addTargetPasses(scratch, *targetOptions, commandLine())))
      return failure();
  } else if (quantize.getNumOccurrences()) {
    return emitError(commandLine()) << "--quantize needs a --target";
  }

  // The extra passes must parse before any work is done.
  OpPassManager scratch(ModuleOp::getOperationName());
  if (failed(addUserPasses(scratch)))
    return failure();

  // --emit wins; without it the output's extension may ask for IR or a
  // picture. A contradiction would write e.g. SVG into a .png file. A
  // batch's output is a directory, which implies nothing.
  std::optional<Emit> implied;
  if (!isBatch())
    implied = emitImpliedBy(outputFilename);
  emitKind = emit;
  if (isBatch() && failed(checkBatchOutput()))
    return failure();
  if (emit == Emit::Target && implied)
    emitKind = *implied;
  else if (emit != Emit::Target && implied && *implied != emit)
    return emitError(fileLoc(outputFilename))
           << "output '" << outputFilename
           << "' is named like --emit=" << emitName(*implied)
           << ", but --emit=" << emitName(emit) << " is given";
  emitMLIR = emitKind == Emit::MLIR;
  if (emitKind == Emit::Target && outputFilename.empty())
    return emitError(commandLine())
           << "no output file: give one with -o, or print the IR with "
              "--emit=mlir";
  if (emitKind == Emit::PNG && outputFilename.empty())
    return emitError(commandLine())
           << "no output file: --emit=png writes a binary picture; give a "
              "file with -o (or '-o -' for stdout)";
  // A missing Graphviz fails before any work.
  if (emitKind == Emit::SVG || emitKind == Emit::PNG) {
    llvm::Expected<std::string> program = nir::findGraphviz();
    if (!program)
      return emitError(commandLine())
             << "cannot write --emit=" << emitName(emitKind) << ": "
             << toString(program.takeError());
    graphvizProgram = std::move(*program);
  }
  return success();
}

/// Checks that the options fit the direction, then loads the module map.
LogicalResult Driver::prepareFor(Format source) {
  if (failed(checkDirectionOptions(source)) || failed(checkOutputFor(source)))
    return failure();
  // Loading libtorch takes a second: do it before the work, so that a
  // missing plugin fails fast, and only when a .pt file is involved.
  bool readsTorchScript = inputFormat == Format::TorchScript;
  bool writesTorchScript = source == Format::NIR && emitKind == Emit::Target;
  if ((readsTorchScript || writesTorchScript) && !torchScript &&
      failed(loadTorchScript()))
    return failure();
  // A batch loads the module map once.
  if (moduleMapFile.empty() || toNIR.moduleMap)
    return success();
  FailureOr<std::shared_ptr<const nirtorch::ModuleMap>> map =
      nirtorch::loadModuleMap(moduleMapFile, context);
  if (failed(map))
    return failure();
  toNIR.moduleMap = std::move(*map);
  return success();
}

LogicalResult Driver::loadTorchScript() {
  TimingScope timer = fileTimer->nest("Load libtorch");
  FailureOr<const ts::TorchScriptPlugin *> plugin =
      ts::loadTorchScriptPlugin(commandLine());
  if (failed(plugin))
    return failure();
  torchScript = *plugin;
  return success();
}

LogicalResult Driver::checkInput() {
  StringRef ext = llvm::sys::path::extension(inputPath);
  if (isTorchScriptExtension(ext))
    inputFormat = Format::TorchScript;
  else if (ext == ".nir")
    inputFormat = Format::NIR;
  else if (ext != ".mlir" && inputPath != "-")
    return emitError(fileLoc(inputPath))
           << "unknown input extension '" << ext
           << "': expected .pt, .pth or .jit (TorchScript), .nir (NIR) or "
              ".mlir";
  if (inputPath == "-")
    return success();
  if (!llvm::sys::fs::exists(inputPath))
    return emitError(fileLoc(inputPath))
           << "cannot open '" << inputPath << "': no such file";
  if (llvm::sys::fs::is_directory(inputPath))
    return emitError(fileLoc(inputPath))
           << "cannot read '" << inputPath << "': it is a directory";
  return success();
}

LogicalResult Driver::checkOutputPath(StringRef path) {
  if (path.empty() || path == "-")
    return success();
  if (llvm::sys::fs::is_directory(path))
    return emitError(fileLoc(path))
           << "cannot write '" << path << "': it is a directory";
  SmallString<256> dir(path);
  llvm::sys::path::remove_filename(dir);
  if (dir.empty())
    dir = ".";
  // The writers need to create a temporary file beside the output.
  if (!llvm::sys::fs::is_directory(dir))
    return emitError(fileLoc(path))
           << "cannot write '" << path << "': no directory '" << dir << "'";
  if (llvm::sys::fs::access(dir, llvm::sys::fs::AccessMode::Write))
    return emitError(fileLoc(path))
           << "cannot write '" << path << "': directory '" << dir
           << "' is not writable";
  return success();
}

/// The target format is the other side of `source`; a file output must say
/// so by its extension.
LogicalResult Driver::checkOutputFor(Format source) {
  if (emitKind != Emit::Target)
    return success();
  StringRef ext = llvm::sys::path::extension(outputPath);
  Format target = source == Format::NIR ? Format::TorchScript : Format::NIR;
  bool matches =
      target == Format::NIR ? ext == ".nir" : isTorchScriptExtension(ext);
  if (matches)
    return success();
  InFlightDiagnostic diag = emitError(fileLoc(outputPath));
  diag << "output '" << outputPath << "' must be "
       << (target == Format::NIR ? "a .nir file" : "a .pt, .pth or .jit file")
       << ": a " << formatName(source) << " input is converted to "
       << formatName(target);
  if (ext.empty() || ext == ".mlir")
    return diag;
  diag << " (or print the IR with --emit=mlir)";
  return diag;
}

/// Options of the other direction would be silently ignored: refuse them.
LogicalResult Driver::checkDirectionOptions(Format source) {
  auto refuse = [&](cl::Option &option) -> LogicalResult {
    if (!option.getNumOccurrences())
      return success();
    return emitError(commandLine())
           << "--" << option.ArgStr << " applies to "
           << (source == Format::NIR ? "TorchScript -> NIR"
                                     : "NIR -> TorchScript")
           << ", but the input is " << formatName(source);
  };
  if (source == Format::NIR) {
    if (failed(refuse(inputShape)) || failed(refuse(moduleMapFile)) ||
        failed(refuse(compress)))
      return failure();
    if (noTypeCheck && inputFormat != Format::NIR)
      return emitError(commandLine())
             << "--no-type-check applies to reading .nir files";
    if (keepIntegers)
      return emitError(commandLine())
             << "--keep-integers applies to writing .nir files, but the "
                "input is NIR";
    // A picture shows the NIR graph, which is not raised (--dt still
    // discretises for a --target).
    if (drawsGraph()) {
      SmallVector<cl::Option *> raisingOptions{
          &dtype, &reset, &strict, static_cast<cl::Option *>(std::addressof(nodeLibraries))};
      if (target.empty())
        raisingOptions.push_back(&dt);
      for (cl::Option *option : raisingOptions)
        if (option->getNumOccurrences())
          return emitError(commandLine())
                 << "--" << option->ArgStr
                 << " applies to NIR -> TorchScript, but --emit="
                 << emitName(emitKind) << " draws the NIR graph";
    }
    return success();
  }
  if ((target.empty() && failed(refuse(dt))) || failed(refuse(dtype)) ||
      failed(refuse(reset)) || failed(refuse(strict)) ||
      failed(refuse(nodeLibraries)) ||
      failed(refuse(*noTypeCheckOption)))
    return failure();
  for (cl::Option *option : {static_cast<cl::Option *>(&compress),
                             static_cast<cl::Option *>(&keepIntegers)})
    if (option->getNumOccurrences() && emitKind != Emit::Target)
      return emitError(commandLine())
             << "--" << option->ArgStr
             << " applies to writing .nir files, not to --emit="
             << emitName(emitKind);
  return success();
}

FailureOr<Format> Driver::formatOfMLIR(ModuleOp module) {
  bool hasGraph = !module.getOps<nir::GraphOp>().empty();
  bool hasScriptModule = !module.getOps<ts::ScriptModuleOp>().empty();
  if (hasGraph != hasScriptModule)
    return hasGraph ? Format::NIR : Format::TorchScript;
  return emitError(module.getLoc())
         << (hasGraph ? "the input holds both nir.graph and ts.module ops"
                      : "the input holds neither a nir.graph nor a "
                        "ts.module")
         << ": cannot tell whether to lower or to raise";
}

FailureOr<OwningOpRef<ModuleOp>> Driver::readInput() {
  TimingScope timer = fileTimer->nest("Read '" + inputPath + "'");
  if (inputFormat == Format::NIR) {
    nir::NIRReadOptions options;
    options.typeCheck = !noTypeCheck;
    return nirtorch::readNIR(inputPath, context, options);
  }
  if (inputFormat == Format::TorchScript)
    return torchScript->importFile(inputPath, &context, {});
  std::string error;
  std::unique_ptr<llvm::MemoryBuffer> buffer =
      openInputFile(inputPath, &error);
  if (!buffer)
    return emitError(fileLoc(inputPath)) << error;
  // `buffer` outlives the source manager, which may only refer to it.
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(nirtorch::withFinalNewline(*buffer),
                               llvm::SMLoc());
  // The handler in main shows source lines of files it can open; stdin
  // is only here.
  SourceMgrDiagnosticHandler handler(sourceMgr, &context);
  if (failed(nirtorch::checkMLIRNesting(sourceMgr, &context)))
    return failure();
  OwningOpRef<ModuleOp> module =
      parseSourceFile<ModuleOp>(sourceMgr, ParserConfig(&context));
  if (!module)
    return failure();
  return module;
}

LogicalResult Driver::runPasses(ModuleOp module, Format source) {
  PassManager pm(&context, ModuleOp::getOperationName());
  if (failed(applyPassManagerCLOptions(pm)))
    return failure();
  TimingScope timer = fileTimer->nest("Passes");
  if (timing)
    pm.enableTiming(timer);
  if (source == Format::TorchScript)
    nirtorch::addLowerToNIRPasses(pm, toNIR);
  if (failed(addUserPasses(pm)))
    return failure();
  if (targetOptions &&
      failed(nirtorch::addTargetPasses(pm, *targetOptions, commandLine())))
    return failure();
  if (source == Format::NIR && !drawsGraph())
    nirtorch::addRaiseToTorchScriptPasses(pm, toTorch);
  return pm.run(module);
}

LogicalResult Driver::writeText(StringRef timerName,
                                function_ref<void(raw_ostream &)> print) {
  TimingScope timer = fileTimer->nest(timerName);
  if (outputPath.empty() || outputPath == "-") {
    print(llvm::outs());
    llvm::outs().flush();
    return success();
  }
  llvm::Error error = nirtorch::writeFileAtomically(
      outputPath, [&](StringRef tempPath) -> llvm::Error {
        std::error_code ec;
        llvm::raw_fd_ostream os(tempPath, ec);
        if (!ec) {
          print(os);
          os.close();
          ec = os.error();
        }
        if (ec)
          return llvm::createStringError(ec, "cannot write '" + tempPath +
                                                 "': " + ec.message());
        return llvm::Error::success();
      });
  if (!error)
    return success();
  return emitError(fileLoc(outputPath)) << toString(std::move(error));
}

/// The NIR graph as DOT text, or rendered by Graphviz.
LogicalResult Driver::drawGraph(ModuleOp module) {
  std::string dotText;
  {
    TimingScope timer = fileTimer->nest("Draw");
    llvm::raw_string_ostream os(dotText);
    if (failed(nir::exportDot(module, os)))
      return failure();
  }
  if (emitKind == Emit::Dot)
    return writeText("Write '" + outputPath + "'",
                     [&](raw_ostream &os) { os << dotText; });

  TimingScope timer = fileTimer->nest("Render with Graphviz");
  auto format =
      emitKind == Emit::SVG ? nir::PictureFormat::SVG : nir::PictureFormat::PNG;
  auto render = [&](StringRef path) {
    return nir::renderDot(dotText, format, graphvizProgram, path);
  };
  llvm::Error error = llvm::Error::success();
  if (outputPath.empty() || outputPath == "-") {
    // Graphviz writes a file; stdout gets it once it is complete.
    SmallString<128> tempPath;
    if (std::error_code ec = llvm::sys::fs::createTemporaryFile(
            "nirtorch", emitName(emitKind), tempPath))
      return emitError(commandLine())
             << "cannot create a temporary file: " << ec.message();
    llvm::FileRemover remover(tempPath);
    error = render(tempPath);
    if (!error) {
      llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> picture =
          llvm::MemoryBuffer::getFile(tempPath, /*IsText=*/false);
      if (!picture)
        return emitError(commandLine())
               << "cannot read '" << tempPath
               << "': " << picture.getError().message();
      llvm::outs() << (*picture)->getBuffer();
      llvm::outs().flush();
    }
  } else {
    error = nirtorch::writeFileAtomically(outputPath, render);
  }
  if (!error)
    return success();
  bool toStdout = outputPath.empty() || outputPath == "-";
  return emitError(toStdout ? commandLine() : fileLoc(outputPath))
         << toString(std::move(error));
}

LogicalResult Driver::writeOutput(ModuleOp module, Format source) {
  if (emitMLIR)
    return writeText("Print MLIR", [&](raw_ostream &os) { module.print(os); });
  if (drawsGraph())
    return drawGraph(module);
  TimingScope timer = fileTimer->nest("Write '" + outputPath + "'");
  if (source == Format::TorchScript) {
    nir::NIRWriteOptions options;
    if (compress)
      options.gzipLevel = 4;
    options.keepIntegers = keepIntegers;
    return nirtorch::writeNIR(module, outputPath, options);
  }
  ts::ScriptModuleOp root = ts::findRootModule(module);
  if (!root)
    return failure();
  return torchScript->exportFile(root, outputPath);
}

LogicalResult Driver::run() {
  if (failed(checkOptions()))
    return failure();
  if (isBatch())
    return convertBatch();
  inputPath = inputFilenames.front();
  outputPath = outputFilename;
  return convert();
}

/// Several inputs write into the directory -o names; stdin and stdout take
/// one model each.
LogicalResult Driver::checkBatchOutput() {
  if (llvm::is_contained(inputFilenames, "-"))
    return emitError(commandLine())
           << "'-' (stdin) cannot be one of several inputs";
  if (outputFilename.empty() || outputFilename == "-")
    return emitError(commandLine())
           << "several inputs need an output directory: give one with -o";
  if (!llvm::sys::fs::is_directory(outputFilename))
    return emitError(fileLoc(outputFilename))
           << "cannot write into '" << outputFilename
           << "': not a directory (several inputs need an output directory)";
  if (llvm::sys::fs::access(outputFilename,
                            llvm::sys::fs::AccessMode::Write))
    return emitError(fileLoc(outputFilename))
           << "cannot write into '" << outputFilename
           << "': the directory is not writable";
  return success();
}

/// Sets the output to `<-o directory>/<input stem><extension of what is
/// written>`. A batch neither writes one output twice nor overwrites one of
/// its inputs (which it may not have read yet).
LogicalResult Driver::setBatchOutput(Format source) {
  std::string ext = emitKind != Emit::Target ? "." + emitName(emitKind).str()
                    : source == Format::NIR  ? ".pt"
                                             : ".nir";
  SmallString<256> path(outputFilename.getValue());
  llvm::sys::path::append(path, llvm::sys::path::stem(inputPath) + ext);
  outputPath = std::string(path);
  if (writtenOutputs.contains(outputPath))
    return emitError(fileLoc(inputPath))
           << "'" << inputPath << "' would write '" << outputPath
           << "', which another input of this run wrote: give inputs of "
              "one stem separate runs";
  for (const std::string &input : inputFilenames)
    if (llvm::sys::fs::equivalent(input, outputPath))
      return emitError(fileLoc(inputPath))
             << "'" << inputPath << "' would write '" << outputPath
             << "', which is an input of this run";
  return checkOutputPath(outputPath);
}

/// Converts every input with the same options, going on after a failure:
/// libtorch and the module map load once for all of them.
LogicalResult Driver::convertBatch() {
  unsigned failures = 0;
  for (const std::string &input : inputFilenames) {
    TimingScope inputTimer = rootTimer.nest("'" + input + "'");
    fileTimer = &inputTimer;
    inputPath = input;
    outputPath.clear();
    if (failed(convert()))
      ++failures;
    fileTimer = &rootTimer;
  }
  if (!failures)
    return success();
  return emitError(commandLine())
         << failures << " of " << inputFilenames.size()
         << " inputs failed; the others are written";
}

LogicalResult Driver::convert() {
  inputFormat.reset();
  if (failed(checkInput()))
    return failure();
  if (!isBatch()) {
    if (failed(checkOutputPath(outputPath)))
      return failure();
  } else if (inputFormat && failed(setBatchOutput(*inputFormat))) {
    return failure();
  }
  if (inputFormat && failed(prepareFor(*inputFormat)))
    return failure();

  FailureOr<OwningOpRef<ModuleOp>> module = readInput();
  if (failed(module))
    return failure();
  Format source;
  if (inputFormat) {
    source = *inputFormat;
  } else {
    FailureOr<Format> format = formatOfMLIR(**module);
    if (failed(format))
      return failure();
    source = *format;
    if ((isBatch() && failed(setBatchOutput(source))) ||
        failed(prepareFor(source)))
      return failure();
  }
  if (failed(runPasses(**module, source)) ||
      failed(writeOutput(**module, source)))
    return failure();
  writtenOutputs.insert(outputPath);
  return success();
}

int main(int argc, char **argv) {
  nirtorch::setVersionPrinter("nirtorch");
  llvm::InitLLVM initLLVM(argc, argv);
  if (cl::Option *other = cl::getRegisteredOptions().lookup("no-type-check"))
    other->removeArgument();
  cl::opt<bool, /*ExternalStorage=*/true> noTypeCheckFlag(
      "no-type-check", cl::cat(nirtorchCategory), cl::location(noTypeCheck),
      cl::desc("NIR -> TorchScript: read the .nir file without inferring and "
               "checking edge types, like nir.read(type_check=False)"));
  noTypeCheckOption = &noTypeCheckFlag;
  registerAsmPrinterCLOptions();
  registerMLIRContextCLOptions();
  registerPassManagerCLOptions();
  // The passes --pass-pipeline can name.
  registerTransformsPasses();
  nir::registerNIRPasses();
  // libLLVM registers hundreds of code generator options; --help shows only
  // nirtorch's and the MLIR options useful with --emit=mlir and passes.
  static cl::OptionCategory mlirCategory("MLIR options (see mlir-opt --help)");
  for (StringRef name :
       {"mlir-elide-elementsattrs-if-larger",
        "mlir-elide-resource-strings-if-larger", "mlir-print-debuginfo",
        "mlir-print-ir-before-all", "mlir-print-ir-after-all",
        "mlir-print-ir-after-failure", "mlir-disable-threading"})
    if (cl::Option *option = cl::getRegisteredOptions().lookup(name))
      option->addCategory(mlirCategory);
  cl::HideUnrelatedOptions({&nirtorchCategory, &mlirCategory});
  cl::ParseCommandLineOptions(
      argc, argv,
      "nirtorch: PyTorch (TorchScript) models to NIR graphs and back\n");

  DialectRegistry registry;
  nirtorch::registerDialects(registry);
  MLIRContext context(registry);
  context.loadAllAvailableDialects();
  // Errors of the passes name the op and the source line; the op's generic
  // form as a note helps compiler developers, who can ask for it.
  if (!cl::getRegisteredOptions()
           .lookup("mlir-print-op-on-diagnostic")
           ->getNumOccurrences())
    context.printOpOnDiagnostic(false);

  // Diagnostics show the source line when their location is a readable
  // file (an .mlir input, the Python source of a TorchScript module).
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);

  DefaultTimingManager timingManager;
  timingManager.setEnabled(timing);
  timingManager.setDisplayMode(DefaultTimingManager::DisplayMode::Tree);
  LogicalResult result = failure();
  {
    TimingScope rootTimer = timingManager.getRootScope();
    Driver driver(context, rootTimer);
    result = driver.run();
  }
  // The timing manager prints its report when destroyed, after this.
  return failed(result) ? 1 : 0;
}
