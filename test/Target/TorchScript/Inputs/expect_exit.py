"""Runs a command, prints what it wrote to stdout and stderr, and fails unless
it exited with the expected code (lit's `not` accepts any non-zero code).

  expect_exit.py CODE COMMAND [ARG...]
"""

import subprocess
import sys

expected = int(sys.argv[1])
result = subprocess.run(sys.argv[2:], capture_output=True, text=True)
sys.stdout.write(result.stdout)
sys.stdout.write(result.stderr)
if result.returncode != expected:
    sys.exit(f"exit code {result.returncode}, expected {expected}")
print(f"exit code {result.returncode}")
