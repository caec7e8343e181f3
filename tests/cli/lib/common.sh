# shellcheck shell=bash
# Shared helpers for the CLI tests in tests/cli/*.sh. Sourced, never run: it lives in a subfolder so
# that the tests/CMakeLists.txt glob (tests/cli/*.sh) does not register it as a test.
#
# A test script starts with
#   source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
#   wt_init "$@"
# and then uses expect_exit / expect_stderr_contains / json_check / fail. The first failed check
# prints what differed and ends the script with status 1.

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    # Executed instead of sourced: nothing to do.
    exit 0
fi

set -euo pipefail

WT_LIB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WT_TEST_NAME="$(basename "$0" .sh)"
WT_CMD_TIMEOUT="${WIRETRACE_TEST_TIMEOUT:-300}"  # guards against hangs only; never asserted on

# Relative to the repository root: the golden file records these ids, so tests run from the root.
SEED_AP="seeds/000_6e14ef43e76ff7c6.txt"
SEED_CBC="seeds/003_587f8fbee9c47d45.txt"

# fail MESSAGE...: report a failed check and end the test.
fail() {
    {
        printf 'FAIL [%s]: %s\n' "$WT_TEST_NAME" "$1"
        shift
        local detail
        for detail in "$@"; do printf '%s\n' "$detail" | sed 's/^/  /'; done
    } >&2
    exit 1
}

# wt_init BINARY REPO_ROOT: check the arguments, make a temporary directory (removed on exit) and
# change to the repository root.
wt_init() {
    [[ $# -eq 2 ]] || fail "usage: bash tests/cli/$WT_TEST_NAME.sh <path-to-wiretrace> <repo-root>"
    WIRETRACE="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
    REPO_ROOT="$(cd "$2" && pwd)"
    [[ -x "$WIRETRACE" ]] || fail "not an executable: $1"
    [[ -f "$REPO_ROOT/$SEED_AP" && -f "$REPO_ROOT/$SEED_CBC" ]] || fail "no seed articles under $REPO_ROOT"
    WT_TMP="$(mktemp -d "${TMPDIR:-/tmp}/wiretrace-$WT_TEST_NAME.XXXXXX")"
    trap 'rm -rf -- "$WT_TMP"' EXIT
    WT_OUT="$WT_TMP/last.stdout"
    WT_ERR="$WT_TMP/last.stderr"
    WT_LAST_CMD=""
    cd "$REPO_ROOT"
}

# run_capture CMD...: run CMD (standard input inherited), stdout to $WT_OUT, stderr to $WT_ERR,
# exit status to $WT_STATUS. Never fails by itself.
run_capture() {
    WT_LAST_CMD="$(printf '%q ' "$@")"
    set +e
    timeout "$WT_CMD_TIMEOUT" "$@" >"$WT_OUT" 2>"$WT_ERR"
    WT_STATUS=$?
    set -e
    expect_no_sanitizer_report "$WT_ERR"
}

# expect_no_sanitizer_report FILE: FILE (a command's stderr) holds no ASan, LSan or UBSan report.
# Under `make test-sanitize` a finding also changes the exit status (86, 87), but a test that
# expects a failure must not take a sanitizer's abort for it.
expect_no_sanitizer_report() {
    if grep -qE 'ERROR: (Address|Leak)Sanitizer|SUMMARY: UndefinedBehaviorSanitizer|: runtime error: ' "$1"; then
        fail "sanitizer report on stderr" "command: $WT_LAST_CMD" "$(head -c 4000 "$1")"
    fi
}

# The last command, its status and the start of its stderr, for failure messages.
_last_run() {
    printf 'command: %s\n' "$WT_LAST_CMD"
    printf 'exit status: %s\n' "$WT_STATUS"
    printf 'stderr: %s\n' "$(head -c 2000 "$WT_ERR")"
}

# expect_exit CODE CMD...: run CMD and require exit status CODE.
expect_exit() {
    local want="$1"
    shift
    run_capture "$@"
    if [[ "$WT_STATUS" -eq 124 ]]; then
        fail "command timed out after ${WT_CMD_TIMEOUT}s (expected exit $want)" "$(_last_run)"
    fi
    if [[ "$WT_STATUS" -ne "$want" ]]; then
        fail "expected exit status $want, got $WT_STATUS" "$(_last_run)"
    fi
}

# expect_stderr_contains TEXT: the last command's stderr contains TEXT (fixed string).
expect_stderr_contains() {
    grep -qF -- "$1" "$WT_ERR" || fail "stderr does not contain '$1'" "$(_last_run)"
}

# expect_stdout_contains TEXT: the last command's stdout contains TEXT (fixed string).
expect_stdout_contains() {
    grep -qF -- "$1" "$WT_OUT" ||
        fail "stdout does not contain '$1'" "$(_last_run)" "stdout: $(head -c 2000 "$WT_OUT")"
}

# expect_stdout_empty / expect_stderr_empty: nothing was written there by the last command.
expect_stdout_empty() {
    [[ ! -s "$WT_OUT" ]] || fail "expected no output on stdout" "$(_last_run)" "stdout: $(head -c 2000 "$WT_OUT")"
}
expect_stderr_empty() {
    [[ ! -s "$WT_ERR" ]] || fail "expected nothing on stderr" "$(_last_run)"
}

# expect_scan_summary "articles=2 skipped=3 bad_utf8=3 ...": the summary line of the last
# `scan --format jsonl` (its last stdout line) has exactly these values. Names are summary fields
# or skip reasons (skipped_by_reason); every skip reason not named must be 0.
expect_scan_summary() {
    local problems
    problems="$(python3 - "$WT_OUT" "$1" <<'PY'
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
s = json.loads(lines[-1]) if lines else {}
if s.get("type") != "summary":
    print("the last stdout line is not a scan summary"); sys.exit()
want = dict(item.split("=") for item in sys.argv[2].split())
reasons = s["skipped_by_reason"]
for name in reasons:
    want.setdefault(name, "0")
for name, value in want.items():
    have = reasons[name] if name in reasons else s.get(name, "<absent>")
    if str(have) != value:
        print(f"{name}: expected {value}, got {have}")
PY
)"
    [[ -z "$problems" ]] || fail "scan summary differs" "$problems" "$(_last_run)" "summary: $(tail -n 1 "$WT_OUT")"
}

# save_stdout FILE: keep the last command's stdout.
save_stdout() {
    cp -- "$WT_OUT" "$1"
}

# expect_only_files DIR NAME...: DIR holds exactly these entries (sorted names, dotfiles included),
# e.g. no temporary file was left behind.
expect_only_files() {
    local dir="$1"
    shift
    local entries=() path
    for path in "$dir"/* "$dir"/.*; do
        [[ -e "$path" || -L "$path" ]] || continue
        case "${path##*/}" in .|..) continue ;; esac
        entries+=("${path##*/}")
    done
    local have want
    have="$(printf '%s\n' "${entries[@]}" | LC_ALL=C sort | tr '\n' ' ')"
    want="$(printf '%s\n' "$@" | LC_ALL=C sort | tr '\n' ' ')"
    [[ "$have" == "$want" ]] || fail "$dir holds other entries than expected" "expected: $want" "found:    $have"
}

# expect_same_bytes EXPECTED ACTUAL [HINT]: the two files are byte-for-byte equal. On a difference
# it prints a unified diff (of the pretty-printed JSON when both files are JSON).
expect_same_bytes() {
    local expected="$1" actual="$2" hint="${3:-}"
    cmp -s -- "$expected" "$actual" && return 0
    # Diagnostics only: cmp and diff report the difference with status 1, so errexit is off here.
    local where diffs
    set +e
    where="$(cmp -- "$expected" "$actual" 2>&1)"
    if python3 -m json.tool "$expected" >"$WT_TMP/expected.pretty" 2>/dev/null &&
        python3 -m json.tool "$actual" >"$WT_TMP/actual.pretty" 2>/dev/null; then
        diffs="$(diff -u --label "$expected (pretty)" --label "$actual (pretty)" \
            "$WT_TMP/expected.pretty" "$WT_TMP/actual.pretty" | head -n 200)"
        [[ -n "$diffs" ]] || diffs="(same JSON values; only the formatting differs)"
    else
        diffs="$(diff -u -- "$expected" "$actual" | head -n 200)"
    fi
    set -e
    fail "$actual differs from $expected" "$where" "$diffs" ${hint:+"$hint"}
}

# json_check JSON_FILE... <<'PY' ... PY
# Runs the Python on standard input with the files loaded as `d` (the first) and `docs` (all), and
# the helpers of lib/jsoncheck.py (eq, check, find_edit, ...). Every failed check is listed.
json_check() {
    py_check jsoncheck "JSON" "$@"
}

# py_check HELPER LABEL FILE... (Python on standard input): runs lib/HELPER.py with the code and the
# files; on failure lists every failed check. Shared by json_check and html_browser.sh's dom_check.
py_check() {
    local helper="$1" label="$2" code
    shift 2
    code="$(cat)"
    set +e
    python3 "$WT_LIB_DIR/$helper.py" "$code" "$@" >"$WT_TMP/$helper.log" 2>&1
    local status=$?
    set -e
    if [[ $status -ne 0 ]]; then
        local lines=()
        mapfile -t lines <"$WT_TMP/$helper.log"
        fail "$label checks failed on $*${WT_LAST_CMD:+ (from: $WT_LAST_CMD)}" "${lines[@]}"
    fi
}

# need_datasets NAME...: sets $data to ../shared/datasets beside the repository; when it or one
# of the named corpora is absent, prints why and ends the test as passed (skipped). Makes
# lib/corpuscheck.py importable by the test's Python (the adapters' outputs, checked once).
need_datasets() {
    data="$REPO_ROOT/../shared/datasets"
    export PYTHONPATH="$WT_LIB_DIR${PYTHONPATH:+:$PYTHONPATH}"
    local name
    for name in "$@"; do
        if [[ ! -d "$data/$name" ]]; then
            echo "skipped: ../shared/datasets/$name not found"
            exit 0
        fi
    done
}
