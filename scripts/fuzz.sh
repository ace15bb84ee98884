#!/usr/bin/env bash
# Builds and runs nirtorch's libFuzzer targets (docs/Fuzzing.md). Not part of
# the default build or of CI's test run.
#
#   scripts/fuzz.sh build                    configure and build build-fuzz/
#                                            (clang-19, ASan+UBSan, libFuzzer)
#   scripts/fuzz.sh seeds                    write the seed corpora
#   scripts/fuzz.sh run [SECONDS] [TARGET..] fuzz each target SECONDS (60);
#                                            crashes are minimised into
#                                            test/fuzz/Inputs/TARGET/
#   scripts/fuzz.sh replay                   run every target once over its
#                                            checked-in regression inputs
#   scripts/fuzz.sh smoke [SECONDS]          build, seeds, SECONDS (60) per
#                                            target, replay: a CI smoke job
#   scripts/fuzz.sh valgrind                 memcheck the default build's
#                                            .nir import (inside HDF5, which
#                                            ASan cannot see) on the samples
#                                            and the nir-file regressions
#
# Targets: nir-file mlir-parse pipeline pt-import node-library. The corpus a run grows is
# kept in BUILD/fuzz/corpus/TARGET, so later runs start where it ended; logs
# and a summary (executions, coverage, crashes) are in BUILD/fuzz/logs.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${NIRTORCH_FUZZ_BUILD_DIR:-$root/build-fuzz}"
work="$build/fuzz"
all_targets=(nir-file mlir-parse pipeline pt-import node-library)
regressions="$root/test/fuzz/Inputs"

# Reports are fatal; leaks are checked (libtorch's caches are suppressed).
# A malloc too big to satisfy returns NULL, as glibc's does, instead of
# aborting: HDF5 asks for sizes a corrupt file claims and handles the NULL.
# (operator new still reports; libFuzzer's RSS limit catches memory that is
# really used, so its per-malloc limit is off.)
export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1:allocator_may_return_null=1:detect_odr_violation=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$root/test/fuzz/lsan.supp:print_suppressions=0}"

dict_of() {
  case "$1" in
    nir-file) echo "$root/test/fuzz/hdf5.dict" ;;
    pt-import) echo "$root/test/fuzz/zip.dict" ;;
    node-library) echo "$root/test/fuzz/json.dict" ;;
    *) echo "$root/test/fuzz/mlir.dict" ;;
  esac
}

# The largest input each target makes: seeds are bigger than libFuzzer's
# default for some, and a few hundred KiB is enough to reach every branch.
max_len_of() {
  case "$1" in
    nir-file|pt-import) echo 262144 ;;
    *) echo 65536 ;;
  esac
}

# Seconds one input may take. A .nir file that sends HDF5 into an endless
# loop is refused when the reader's child process has used 3 s of CPU time,
# which on a loaded machine can be more than 10 s of wall time.
timeout_of() {
  case "$1" in
    nir-file) echo 30 ;;
    *) echo 10 ;;
  esac
}

cmd_build() {
  if ! command -v clang++-19 >/dev/null ||
    [ ! -e /usr/lib/llvm-19/lib/clang/19/lib/linux/libclang_rt.fuzzer-x86_64.a ]; then
    echo "fuzz: needs Debian's clang-19 and libclang-rt-19-dev" \
      "(apt-get install clang-19 libclang-rt-19-dev)" >&2
    exit 1
  fi
  cmake -G Ninja -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19 \
    -DNIRTORCH_SANITIZE=address,undefined -DNIRTORCH_FUZZ=ON >/dev/null
  nice -n 10 ninja -C "$build" -j"${JOBS:-2}" nirtorch-fuzzers \
    nirtorch-test-depends
}

cmd_seeds() {
  rm -rf "$work/seeds"
  /usr/bin/python3 "$root/test/fuzz/make_seeds.py" "$root" "$build" \
    "$work/seeds"
}

# Minimises the crash input $2 of target $1 and files it as a regression.
file_crash() {
  local target="$1" crash="$2" binary="$build/bin/$1-fuzzer"
  local kind sha minimised
  kind="$(basename "$crash" | cut -d- -f1)"
  sha="$(sha1sum "$crash" | cut -c1-12)"
  minimised="$work/artifacts/$target/min-$sha"
  if [ "$kind" = crash ]; then
    "$binary" -minimize_crash=1 -max_total_time=60 -runs=100000 \
      -exact_artifact_path="$minimised" "$crash" >/dev/null 2>&1 || true
  fi
  [ -s "$minimised" ] || cp "$crash" "$minimised"
  mkdir -p "$regressions/$target"
  sha="$(sha1sum "$minimised" | cut -c1-12)"
  cp "$minimised" "$regressions/$target/$kind-$sha"
  # The fuzzer fixes record CRCs in memory; the tools that replay the file
  # check them first.
  if [ "$target" = pt-import ]; then
    /usr/bin/python3 "$root/test/fuzz/fix_zip_crcs.py" \
      "$regressions/$target/$kind-$sha"
  fi
  echo "fuzz: $target: $kind filed as test/fuzz/Inputs/$target/$kind-$sha"
}

cmd_run() {
  local seconds="${1:-60}"
  shift || true
  local targets=("$@")
  [ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")
  [ -d "$work/seeds" ] || cmd_seeds
  mkdir -p "$work/logs"
  local summary="$work/logs/summary.txt"
  for target in "${targets[@]}"; do
    local binary="$build/bin/$target-fuzzer"
    if [ ! -x "$binary" ]; then
      echo "fuzz: $binary is missing; run scripts/fuzz.sh build" >&2
      exit 1
    fi
    mkdir -p "$work/corpus/$target" "$work/artifacts/$target"
    local log="$work/logs/$target.log" start end remaining status
    : >"$log"
    start=$(date +%s)
    end=$((start + seconds))
    local execs=0 crashes=0
    # libFuzzer stops at the first finding: file it and go on until the
    # time is up.
    while remaining=$((end - $(date +%s))); [ "$remaining" -gt 0 ]; do
      status=0
      "$binary" -max_total_time="$remaining" -print_final_stats=1 \
        -timeout="$(timeout_of "$target")" -rss_limit_mb=2048 -malloc_limit_mb=1000000000 \
        -max_len="$(max_len_of "$target")" -dict="$(dict_of "$target")" \
        -artifact_prefix="$work/artifacts/$target/" \
        "$work/corpus/$target" "$work/seeds/$target" >>"$log" 2>&1 ||
        status=$?
      execs=$((execs + $(sed -n 's/^stat::number_of_executed_units: *//p' \
        "$log" | tail -n 1 | grep . || echo 0)))
      [ "$status" -eq 0 ] && break
      local artifact
      artifact="$(sed -n "s|.*Test unit written to \(.*\)|\1|p" "$log" |
        tail -n 1)"
      if [ -z "$artifact" ] || [ ! -f "$artifact" ]; then
        echo "fuzz: $target stopped (status $status) without an artifact; see $log" >&2
        break
      fi
      crashes=$((crashes + 1))
      file_crash "$target" "$artifact"
      [ "$crashes" -lt "${MAX_CRASHES:-20}" ] || break
    done
    local cov elapsed=$(($(date +%s) - start))
    cov="$(grep -E '^#[0-9]+' "$log" | tail -n 1 |
      sed -n 's/.*\(cov: [0-9]*\) \(ft: [0-9]*\) \(corp: [0-9]*\/[^ ]*\).*/\1 \2 \3/p')"
    echo "$target: ${elapsed}s execs: $execs $cov findings: $crashes" |
      tee -a "$summary"
  done
}

cmd_replay() {
  local status=0
  for target in "${all_targets[@]}"; do
    local inputs=("$regressions/$target"/*)
    [ -e "${inputs[0]}" ] || continue
    "$build/bin/$target-fuzzer" -timeout="$(timeout_of "$target")" \
      -rss_limit_mb=2048 "${inputs[@]}" \
      >"$work/logs/replay-$target.log" 2>&1 || {
      echo "fuzz: replay of $target failed; see $work/logs/replay-$target.log" >&2
      status=1
    }
    echo "$target: replayed ${#inputs[@]} inputs"
  done
  return $status
}

# HDF5 is not instrumented: ASan only sees its malloc/free and mem* calls.
# Valgrind's memcheck sees every access it makes, in the reader and in the
# reader's forked HDF5 child alike (one log per process).
cmd_valgrind() {
  local default_build="${NIRTORCH_BUILD_DIR:-$root/build}" logs="$work/valgrind"
  local files=() status=0
  mapfile -t files < <(find "$root/test/samples" -name '*.nir' | sort)
  [ -d "$regressions/nir-file" ] && files+=("$regressions/nir-file"/*)
  rm -rf "$logs"
  mkdir -p "$logs"
  for file in "${files[@]}"; do
    local name
    name="$(basename "$file")"
    valgrind --leak-check=no --log-file="$logs/$name.%p" \
      "$default_build/bin/nir-translate" --import-nir "$file" -o /dev/null \
      2>/dev/null || true
    if grep -q "ERROR SUMMARY: [1-9]" "$logs/$name".*; then
      echo "fuzz: memcheck errors reading $file; see $logs/$name.*" >&2
      status=1
    fi
  done
  echo "valgrind: ${#files[@]} files read under memcheck"
  return $status
}

case "${1:-}" in
  build) cmd_build ;;
  seeds) cmd_seeds ;;
  run) shift; cmd_run "$@" ;;
  replay) mkdir -p "$work/logs"; cmd_replay ;;
  valgrind) cmd_valgrind ;;
  smoke)
    cmd_build
    cmd_seeds
    cmd_run "${2:-60}"
    mkdir -p "$work/logs"
    cmd_replay
    # A finding is filed under test/fuzz/Inputs; the job fails on it.
    if [ -n "$(git -C "$root" status --porcelain -- test/fuzz/Inputs)" ]; then
      echo "fuzz: new findings under test/fuzz/Inputs" >&2
      exit 1
    fi ;;
  *) sed -n '2,24p' "$0" >&2; exit 2 ;;
esac
