#!/usr/bin/env bash
# Issue #21, finding 5: where `--format html -o DIR` may write. An existing empty directory (with
# or without a trailing slash, or "."), a new one (with a slash): the report lands there. A missing
# parent, a read-only directory, a non-empty one: exit 2 naming the path BEFORE the scan reads
# anything (checked with standard input held open and empty). A staging directory that a run
# killed by SIGKILL left (its process gone) is removed by the next run; one of a live process is
# left alone.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
wt_init "$@"

D="$WT_TMP"
mkdir "$D/dump"
cp "$SEED_AP" "$SEED_CBC" "$D/dump/"

expect_report() {
    [[ -f "$1/index.html" && -f "$1/clusters/1.html" && -f "$1/pairs/1/1.html" ]] ||
        fail "no report in $1" "$(ls -la "$1" 2>&1)"
    local extra
    extra=$(find "$1" -maxdepth 1 -name '*.tmp.*')
    [[ -z "$extra" ]] || fail "a staging directory is left in $1" "$extra"
}

# An existing empty directory with a trailing slash: filled in place (it was thrown away after the
# whole scan with "Directory not empty").
mkdir "$D/e2"
expect_exit 0 "$WIRETRACE" scan -q -f html -o "$D/e2/" "$D/dump"
expect_report "$D/e2"
# A new directory named with a trailing slash.
expect_exit 0 "$WIRETRACE" scan -q -f html -o "$D/e3/" "$D/dump"
expect_report "$D/e3"
# ".": the current directory, kept (a shell inside it still sees the report).
mkdir "$D/here"
(cd "$D/here" && "$WIRETRACE" scan -q -f html -o . "$D/dump") || fail "scan -o . failed"
expect_report "$D/here"
[[ -z "$(ls -A "$D" | grep '\.tmp\.')" ]] || fail "a staging directory is left beside the reports" "$(ls -A "$D")"

# Errors before the scan: standard input is a pipe held open with nothing in it, so a scan that
# started would wait; the check must end the run at once.
mkfifo "$D/fifo"
exec 3<>"$D/fifo"
early_error() {  # early_error DIR MESSAGE
    run_capture timeout 20 "$WIRETRACE" scan -f html -o "$1" - <"$D/fifo"
    [[ $WT_STATUS -eq 2 ]] || fail "scan -o $1: exit 2 before the scan expected" "$(_last_run)"
    expect_stderr_contains "$2"
}
early_error "$D/missing/report/" "wiretrace: error: $D/missing/report/: cannot create the output directory: $D/missing does not exist"
early_error "$D/e2" "$D/e2: exists and is not empty"
touch "$D/file"
early_error "$D/file/" "exists and is not a directory"
# Read-only: as nobody (root writes anywhere), when the system allows it.
mkdir "$D/ro" "$D/ro/empty"
chmod 555 "$D/ro" "$D/ro/empty"
chmod 755 "$D"
if [[ $(id -u) -ne 0 ]]; then
    runner=()
elif setpriv --reuid=nobody --regid=nogroup --clear-groups "$WIRETRACE" --version >/dev/null 2>&1; then
    runner=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
else
    runner=(skip)
fi
if [[ ${runner[0]-} == skip ]]; then
    echo "SKIP [$WT_TEST_NAME]: running as root and cannot run as nobody: the read-only cases are not checked"
else
    run_capture timeout 20 "${runner[@]}" "$WIRETRACE" scan -f html -o "$D/ro/new" - <"$D/fifo"
    [[ $WT_STATUS -eq 2 ]] || fail "read-only parent: exit 2 expected" "$(_last_run)"
    expect_stderr_contains "$D/ro/new: cannot create the output directory: Permission denied (creating $D/ro/new.tmp."
    run_capture timeout 20 "${runner[@]}" "$WIRETRACE" scan -f html -o "$D/ro/empty/" - <"$D/fifo"
    [[ $WT_STATUS -eq 2 ]] || fail "read-only directory: exit 2 expected" "$(_last_run)"
    expect_stderr_contains "$D/ro/empty/: cannot create the output directory: Permission denied (writing into $D/ro/empty)"
fi
exec 3>&-

# Stale staging directories: a process that no longer runs (a finished child's pid) left one
# beside the report and one inside it; a live process's (this shell's) stays.
sleep 0 &
dead=$!
wait "$dead"
mkdir -p "$D/r5.tmp.$dead/pairs/1" "$D/r5.tmp.$$"
echo '<p>half</p>' >"$D/r5.tmp.$dead/index.html"
expect_exit 0 "$WIRETRACE" scan -q -f html -o "$D/r5" "$D/dump"
[[ ! -e "$D/r5.tmp.$dead" ]] || fail "the stale staging directory r5.tmp.$dead is still there"
[[ -d "$D/r5.tmp.$$" ]] || fail "the staging directory of a live process was removed"
rm -rf "$D/r5" "$D/r5.tmp.$$"
mkdir -p "$D/r6/.wiretrace.tmp.$dead/clusters"
expect_exit 0 "$WIRETRACE" scan -q -f html -o "$D/r6" "$D/dump"  # empty once the stale one is gone
expect_report "$D/r6"
[[ ! -e "$D/r6/.wiretrace.tmp.$dead" ]] || fail "the stale staging directory inside r6 is still there"
echo "PASS [$WT_TEST_NAME]"
