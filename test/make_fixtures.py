"""Writes every TorchScript model the lit tests load, once per change.

Importing torch costs about a second per Python process, and the tests used
to pay it once per model. lit.cfg.py runs this script when a model script
changes (it keeps a stamp of their contents) and gives the directory to the
tests as %fixtures. Each script's `save-all DIR` writes what its `save`
command writes for every model it knows, in one process:

  ts/NAME.pt     Target/TorchScript/Inputs/models.py
  bad/KIND.pt    Target/TorchScript/Inputs/bad_inputs.py
  lower/NAME.pt  Conversion/TorchScriptToNIR/Inputs/models.py
  snn/NAME.pt    Conversion/TorchScriptToNIR/Inputs/snn_models.py
  tools/...      Tools/nirtorch/Inputs/models.py

Each script runs as its own program (so that TorchScript names its classes
`__torch__.X`, as the tests expect), two at a time, and builds each model in
a forked child (save_each.py: no mangled class names).

Usage: make_fixtures.py OUTDIR
"""

import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))

SCRIPTS = {
    "ts": "Target/TorchScript/Inputs/models.py",
    "bad": "Target/TorchScript/Inputs/bad_inputs.py",
    "lower": "Conversion/TorchScriptToNIR/Inputs/models.py",
    "snn": "Conversion/TorchScriptToNIR/Inputs/snn_models.py",
    "tools": "Tools/nirtorch/Inputs/models.py",
}


def write(out):
    pending = list(SCRIPTS.items())
    running = []
    failed = []
    while pending or running:
        while pending and len(running) < 2:
            group, script = pending.pop(0)
            os.makedirs(f"{out}/{group}")
            command = [sys.executable, os.path.join(HERE, script), "save-all",
                       f"{out}/{group}"]
            # The scripts' save-all imports save_each.py from here.
            environment = dict(os.environ, PYTHONPATH=HERE)
            running.append((script, subprocess.Popen(
                command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                env=environment)))
        script, process = running.pop(0)
        output, _ = process.communicate()
        if process.returncode != 0:
            failed.append(f"{script} save-all failed:\n{output.decode()}")
    if failed:
        sys.exit("\n".join(failed))


def main(argv):
    if len(argv) != 2:
        sys.exit(__doc__)
    out = os.path.abspath(argv[1])
    parent = os.path.dirname(out)
    os.makedirs(parent, exist_ok=True)
    # Written beside the target and renamed: a failed run leaves the old
    # fixtures (or none), never half of them.
    scratch = tempfile.mkdtemp(prefix=".fixtures-", dir=parent)
    try:
        write(scratch)
        if os.path.isdir(out):
            shutil.rmtree(out)
        os.rename(scratch, out)
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise


if __name__ == "__main__":
    main(sys.argv)
