#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs libFuzzer targets for a bounded time: `bash fuzz/run.sh BUILD_DIR SECONDS [NAME...]` (all
# targets when no NAME is given; `make fuzz FUZZ_SECONDS=N` calls it). Each target starts from its
# seed corpus fuzz/corpus/NAME (never written to: new inputs go to BUILD_DIR/fuzz-corpus/NAME) with
# fuzz/NAME.dict when there is one. One line per target: seconds, executions, coverage, findings.
# A finding (crash, broken invariant, leak, timeout, memory limit) is saved under
# BUILD_DIR/fuzz-artifacts/NAME/ and makes the exit status 1; copy it to fuzz/regressions/NAME/
# so that the normal test suite replays it (CTest fuzz.NAME), and fix the bug.
set -euo pipefail

if [[ $# -lt 2 ]]; then
    echo "usage: bash fuzz/run.sh BUILD_DIR SECONDS [NAME...]" >&2
    exit 2
fi
build="$(cd "$1" && pwd)"
seconds="$2"
shift 2
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

names=("$@")
if [[ ${#names[@]} -eq 0 ]]; then
    for source in "$root"/fuzz/fuzz_*.cpp; do
        name="$(basename "$source" .cpp)"
        names+=("${name#fuzz_}")
    done
fi

status=0
for name in "${names[@]}"; do
    bin="$build/fuzz/fuzz_$name"
    [[ -x "$bin" ]] || { echo "fuzz: $name: no binary $bin (build the 'fuzzers' target)" >&2; exit 2; }
    work="$build/fuzz-corpus/$name"
    artifacts="$build/fuzz-artifacts/$name"
    log="$build/fuzz-logs/$name.log"
    mkdir -p "$work" "$artifacts" "$(dirname "$log")"
    options=(-max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 -print_final_stats=1
             -artifact_prefix="$artifacts/")
    [[ -f "$root/fuzz/$name.dict" ]] && options+=(-dict="$root/fuzz/$name.dict")
    before="$(find "$artifacts" -type f | wc -l)"
    started=$SECONDS
    set +e
    "$bin" "${options[@]}" "$work" "$root/fuzz/corpus/$name" >"$log" 2>&1
    rc=$?
    set -e
    elapsed=$((SECONDS - started))
    after="$(find "$artifacts" -type f | wc -l)"
    execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)"
    rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)"
    rss="$(sed -n 's/^stat::peak_rss_mb: *//p' "$log" | tail -n 1)"
    cov="$(grep -o 'cov: [0-9]* ft: [0-9]* corp: [0-9]*/[0-9]*[a-zA-Z]*' "$log" | tail -n 1)"
    findings=$((after - before))
    printf 'fuzz: %-14s %ss  %s execs (%s/s)  %s  peak RSS %s MB  findings %s  exit %s\n' \
        "$name" "$elapsed" "${execs:-?}" "${rate:-?}" "${cov:-cov: ?}" "${rss:-?}" "$findings" "$rc"
    if [[ $rc -ne 0 || $findings -ne 0 ]]; then
        status=1
        echo "fuzz: $name: FINDING, see $log; new inputs in $artifacts:" >&2
        ls -t "$artifacts" | head -n "$((findings > 0 ? findings : 1))" | sed "s|^|  $artifacts/|" >&2 || true
        tail -n 40 "$log" | sed 's/^/  | /' >&2
    fi
done
exit $status
