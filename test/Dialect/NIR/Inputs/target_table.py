"""Runs nir-check-target on .nir files for every built-in target and prints
one line per file and target: passed or failed, the counts, and the rules
that failed or warned.

usage: target_table.py [--legalize] NIR-TRANSLATE NIR-OPT DT FILE...
Each file is read (--nir-no-type-check where a file needs it), given the
time step DT with nir-discretize, and checked with report=json; with
--legalize, after nir-legalize-target for the same target (a graph it cannot
legalise prints "legalise FAIL" and its first error)."""
import json
import os
import subprocess
import sys

TARGETS = ["xylo-audio2", "xylo-audio3", "xylo-imu", "speck", "loihi"]


def main():
    args = sys.argv[1:]
    legalize = args[0] == "--legalize"
    if legalize:
        args = args[1:]
    translate, opt, dt = args[:3]
    for path in args[3:]:
        name = os.path.basename(path)
        read = subprocess.run([translate, "--import-nir", path],
                              capture_output=True, text=True)
        if read.returncode != 0:
            read = subprocess.run(
                [translate, "--import-nir", "--nir-no-type-check", path],
                capture_output=True, text=True, check=True)
        mlir = subprocess.run(
            [opt, "--nir-infer-shapes", "--nir-discretize=dt=" + dt],
            input=read.stdout, capture_output=True, text=True, check=True)
        for target in TARGETS:
            graph = mlir.stdout
            if legalize:
                legal = subprocess.run(
                    [opt, "--nir-legalize-target=target=" + target],
                    input=graph, capture_output=True, text=True)
                if legal.returncode != 0:
                    error = legal.stderr.split("error: ", 1)[-1].split("\n")[0]
                    print("%-34s %-12s legalise FAIL: %s" % (name, target, error))
                    continue
                graph = legal.stdout
            run = subprocess.run(
                [opt, "--nir-check-target=target=%s report=json" % target,
                 "-o", os.devnull],
                input=graph, capture_output=True, text=True)
            report = json.loads(run.stdout)
            if report["passed"] != (run.returncode == 0):
                sys.exit("exit status and report disagree for %s on %s" %
                         (name, target))
            failed = [r["rule"] for r in report["rules"]
                      if r["status"] == "fail"]
            warned = [r["rule"] for r in report["rules"]
                      if r["status"] == "warn"]
            print("%-34s %-12s %-6s errors=%-3d warnings=%-3d fail=%s warn=%s"
                  % (name, target, "pass" if report["passed"] else "FAIL",
                     report["errors"], report["warnings"],
                     ",".join(failed) or "-", ",".join(warned) or "-"))


if __name__ == "__main__":
    main()
