"""Replays the fuzzers' regression inputs through the normal tools.

Every input under test/fuzz/Inputs/TARGET once crashed, hung or exhausted
memory in the TARGET fuzzer. Each is run through the tools that take the
same path, which must end with exit code 0, or 1 and an `error:` line; never
a signal, a sanitizer report, more than 10 s, or (outside sanitizer builds,
whose shadow memory inflates it) more than 1 GiB of resident memory.

Usage: replay.py BIN_DIR INPUTS_DIR WORK_DIR [--sanitized]
Prints one line per run and a final "replayed N runs, M failed".
"""

import os
import subprocess
import sys
import time

LIMIT_SECONDS = 10
LIMIT_RSS_KIB = 1 << 20


def commands(bin_dir, target, path, work):
    tool = lambda name: os.path.join(bin_dir, name)
    out = os.path.join(work, "out")
    if target == "nir-file":
        return [[tool("nir-translate"), "--import-nir", path, "-o", out],
                [tool("nirtorch"), path, "--emit=mlir", "-o", out + ".mlir"]]
    if target == "mlir-parse":
        return [[tool("nir-opt"), path, "-o", out],
                [tool("nir-translate"), "--export-dot", path, "-o", out]]
    if target == "pipeline":
        return [[tool("nirtorch"), path, "--emit=mlir", "-o", out + ".mlir"]]
    if target == "pt-import":
        return [[tool("nir-translate"), "--import-torchscript", path,
                 "-o", out]]
    raise SystemExit(f"unknown target {target}")


def run(command, work, sanitized):
    """Runs `command`; returns what is wrong with how it ended, or None."""
    with open(os.path.join(work, "stderr"), "w+b") as log:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL,
                                   stderr=log)
        deadline = time.monotonic() + LIMIT_SECONDS
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                process.kill()
                os.wait4(process.pid, 0)
                return f"timed out after {LIMIT_SECONDS} s"
            time.sleep(0.01)
        process.returncode = 0  # reaped here, not by Popen
        log.seek(0)
        stderr = log.read().decode(errors="replace")
    if os.WIFSIGNALED(status):
        return f"killed by signal {os.WTERMSIG(status)}:\n{stderr}"
    code = os.WEXITSTATUS(status)
    if "Sanitizer" in stderr or "runtime error:" in stderr:
        return "sanitizer report:\n" + stderr
    if code not in (0, 1):
        return f"exit code {code}:\n{stderr}"
    if code == 1 and "error:" not in stderr:
        return "exit code 1 without an error diagnostic:\n" + stderr
    if not sanitized and usage.ru_maxrss > LIMIT_RSS_KIB:
        return f"used {usage.ru_maxrss // 1024} MiB"
    return None


def main():
    bin_dir, inputs, work = sys.argv[1:4]
    sanitized = "--sanitized" in sys.argv[4:]
    os.makedirs(work, exist_ok=True)
    runs = failed = 0
    for target in sorted(os.listdir(inputs)):
        directory = os.path.join(inputs, target)
        for name in sorted(os.listdir(directory)):
            path = os.path.join(directory, name)
            for command in commands(bin_dir, target, path, work):
                problem = run(command, work, sanitized)
                runs += 1
                tool = os.path.basename(command[0])
                status = "FAILED: " + problem if problem else "ok"
                print(f"{target}/{name} {tool}: {status}")
                failed += bool(problem)
    print(f"replayed {runs} runs, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
