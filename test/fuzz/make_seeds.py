"""Writes the seed corpora of the libFuzzer targets (scripts/fuzz.sh seeds).

Seeds come from what the repository already has, so nothing binary is
checked in for them:
  nir-file    every .nir/.h5 file under test/ (samples and inputs)
  mlir-parse  every .mlir test, one seed per --split-input-file chunk, plus
              the IR the tools import from the .nir samples and the .pt
              fixtures (resources, ts modules)
  pipeline    the same seeds as mlir-parse
  pt-import   the TorchScript fixtures the lit tests use (make_fixtures.py)

Usage: make_seeds.py SRC_ROOT BUILD_DIR OUT_DIR
"""

import glob
import hashlib
import os
import subprocess
import sys


def save(directory, data):
    os.makedirs(directory, exist_ok=True)
    name = hashlib.sha1(data).hexdigest()
    with open(os.path.join(directory, name), "wb") as f:
        f.write(data)


def run(tool, args):
    result = subprocess.run([tool] + args, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, timeout=120)
    return result.stdout if result.returncode == 0 else None


def main():
    src, build, out = sys.argv[1:4]
    test = os.path.join(src, "test")
    bin_dir = os.path.join(build, "bin")
    translate = os.path.join(bin_dir, "nir-translate")

    nir_files = sorted(glob.glob(os.path.join(test, "**", "*.nir"),
                                 recursive=True) +
                       glob.glob(os.path.join(test, "**", "*.h5"),
                                 recursive=True))
    for path in nir_files:
        with open(path, "rb") as f:
            save(os.path.join(out, "nir-file"), f.read())

    mlir_seeds = []
    for path in sorted(glob.glob(os.path.join(test, "**", "*.mlir"),
                                 recursive=True)):
        with open(path, "rb") as f:
            text = f.read()
        for chunk in text.split(b"// -----"):
            if chunk.strip():
                mlir_seeds.append(chunk)
    for path in nir_files:
        ir = run(translate, ["--import-nir", path,
                             "--nir-resource-threshold=64"])
        if ir:
            mlir_seeds.append(ir)

    fixtures = os.path.join(out, "fixtures")
    if not os.path.isdir(fixtures):
        subprocess.run(["/usr/bin/python3",
                        os.path.join(test, "make_fixtures.py"), fixtures],
                       check=True, stdout=subprocess.DEVNULL)
    pt_files = sorted(glob.glob(os.path.join(fixtures, "**", "*.pt"),
                                recursive=True))
    for path in pt_files:
        with open(path, "rb") as f:
            save(os.path.join(out, "pt-import"), f.read())
        ir = run(translate, ["--import-torchscript", path])
        if ir:
            mlir_seeds.append(ir)

    for seed in mlir_seeds:
        save(os.path.join(out, "mlir-parse"), seed)
        save(os.path.join(out, "pipeline"), seed)
    # Node library bindings: the test's own, and every split of the binding
    # tests (JSON chunks), all naming tinysnn.mlir as the fuzzer provides it.
    for path in sorted(glob.glob(os.path.join(test, "**", "tinysnn*.json"),
                                 recursive=True)):
        with open(path, "rb") as f:
            save(os.path.join(out, "node-library"),
                 f.read().replace(b"tinysnn.pt", b"tinysnn.mlir"))
    for path in sorted(glob.glob(os.path.join(test, "**", "node-library*.test"),
                                 recursive=True)):
        with open(path, "rb") as f:
            for chunk in f.read().split(b"//--- ")[1:]:
                name, _, body = chunk.partition(b"\n")
                if name.endswith(b".json"):
                    save(os.path.join(out, "node-library"), body)
    for target in ("nir-file", "mlir-parse", "pipeline", "pt-import",
                   "node-library"):
        directory = os.path.join(out, target)
        count = len(os.listdir(directory)) if os.path.isdir(directory) else 0
        print(f"{target}: {count} seeds")


if __name__ == "__main__":
    main()
