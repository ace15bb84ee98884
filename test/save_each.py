"""save_each: the `save-all DIR` command of the model scripts
(make_fixtures.py puts this directory on PYTHONPATH for them).

TorchScript mangles a class name (`___torch_mangle_3.Linear`) when a
process scripts a second, different module of that class, and the tests
check class names. So each model is built in a child forked after the
script's imports: one torch import per script, a fresh TorchScript type
registry per model. The parent runs no torch op before forking.
"""

import os
import sys


def save_each(names, save, out):
    """Calls save(name, f"{out}/{name}.pt") for each name in its own child."""
    failed = []
    for name in names:
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                save(name, f"{out}/{name}.pt")
                code = 0
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        if status != 0:
            failed.append(name)
    if failed:
        sys.exit(f"could not save: {', '.join(failed)}")
