# -*- Python -*-
import os

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "NIRTORCH"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.excludes = ["Inputs", "CMakeLists.txt", "README.txt", "lit.cfg.py",
                   "lit.site.cfg.py", "fixtures", "samples"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.nirtorch_obj_root, "test")

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%nirtorch_src_root", config.nirtorch_src_root))
config.substitutions.append(("%nirtorch_obj_root", config.nirtorch_obj_root))
config.substitutions.append(("%inputs", os.path.join(config.test_source_root, "Inputs")))
# Tests that run Python use Debian's interpreter, which has torch and h5py.
config.substitutions.append(("%python", "/usr/bin/python3"))

llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)

if config.nirtorch_enable_torch:
    config.available_features.add("torch")

# The slow end-to-end tests (installing the package, the demo, every sample
# raised and run against the reference simulator, the round trips through
# .pt) form the integration suite. CI runs everything; `lit -Dquick=1` (or
# `ninja check-nirtorch-quick`) leaves them out for a fast edit-test loop.
if lit_config.params.get("quick", "0") in ("0", "", "false", "False"):
    config.available_features.add("integration")

# Graphviz's `dot` renders `nirtorch --emit=svg|png` (scripts/install-deps.sh
# installs the Debian package graphviz); tests of rendered pictures need it.
import shutil
if shutil.which("dot", path=config.environment["PATH"]):
    config.available_features.add("graphviz")

# A -DNIRTORCH_SANITIZE build (docs/Fuzzing.md): any sanitizer report fails
# the test that triggers it; libtorch's never-freed caches are not reported
# as leaks. Resident-memory limits do not apply (ASan's shadow memory).
# docs/Fuzzing.md has the details.
replay_flags = ""
if config.nirtorch_sanitize:
    config.available_features.add("sanitizer")
    suppressions = os.path.join(config.test_source_root, "fuzz", "lsan.supp")
    config.environment["LSAN_OPTIONS"] = (
        f"suppressions={suppressions}:print_suppressions=0")
    config.environment.setdefault("UBSAN_OPTIONS",
                                  "print_stacktrace=1:halt_on_error=1")
    # A report aborts, so that `not --crash` and the .nir reader's child
    # process see it as the crash it is. A malloc too big to satisfy returns
    # NULL as glibc's does (HDF5 asks for sizes a corrupt file claims, and
    # handles NULL); operator new still reports.
    # The TorchScript plugin links its own copies of the project's static
    # libraries, which the dynamic linker binds to the tool's (by design,
    # TorchScriptPlugin.h); ASan's ODR check would report each duplicate.
    config.environment.setdefault(
        "ASAN_OPTIONS",
        "abort_on_error=1:allocator_may_return_null=1:detect_odr_violation=0")
    replay_flags = "--sanitized"
config.substitutions.append(("%replay_flags", replay_flags))

tool_dirs = [config.nirtorch_tools_dir, config.llvm_tools_dir]
tools = [ToolSubst("nir-opt", unresolved="fatal"),
         ToolSubst("nir-translate", unresolved="ignore"),
         ToolSubst("nir-file-test", unresolved="ignore"),
         ToolSubst("nirtorch", unresolved="ignore"),
         ToolSubst("module-map-test", unresolved="ignore"),
         ToolSubst("node-map-test", unresolved="ignore")]
llvm_config.add_tool_substitutions(tools, tool_dirs)

# TorchScript models the tests load, written once (one Python process per
# model script) and again only when a script changes: see make_fixtures.py.
if config.nirtorch_enable_torch:
    import hashlib
    import subprocess

    fixtures = os.path.join(config.test_exec_root, "fixtures")
    generator = os.path.join(config.test_source_root, "make_fixtures.py")
    digest = hashlib.sha256()
    for script in [generator] + [
            os.path.join(config.test_source_root, path) for path in (
                "Target/TorchScript/Inputs/models.py",
                "Target/TorchScript/Inputs/bad_inputs.py",
                "Conversion/TorchScriptToNIR/Inputs/models.py",
                "Conversion/TorchScriptToNIR/Inputs/snn_models.py",
                "Conversion/TorchScriptToNIR/Inputs/snnlib.py",
                "Tools/nirtorch/Inputs/models.py")]:
        with open(script, "rb") as f:
            digest.update(f.read())
    stamp = os.path.join(fixtures, ".stamp")
    current = None
    if os.path.exists(stamp):
        with open(stamp) as f:
            current = f.read()
    if current != digest.hexdigest():
        result = subprocess.run(["/usr/bin/python3", generator, fixtures],
                                stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True)
        if result.returncode != 0:
            lit_config.fatal("cannot write the TorchScript fixtures:\n" +
                             result.stdout)
        with open(stamp, "w") as f:
            f.write(digest.hexdigest())
    config.substitutions.append(("%fixtures", fixtures))
