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

tool_dirs = [config.nirtorch_tools_dir, config.llvm_tools_dir]
tools = [ToolSubst("nir-opt", unresolved="fatal"),
         ToolSubst("nir-translate", unresolved="ignore"),
         ToolSubst("nir-file-test", unresolved="ignore"),
         ToolSubst("nirtorch", unresolved="ignore"),
         ToolSubst("module-map-test", unresolved="ignore")]
llvm_config.add_tool_substitutions(tools, tool_dirs)
