#!/usr/bin/env bash
# Outputs are all or nothing: `scan -o out.jsonl` killed midway (SIGTERM, SIGINT, SIGHUP, SIGKILL)
# leaves no out.jsonl, or the previous one intact; the catchable signals also remove the temporary
# file, and SIGKILL leaves exactly one, named .out.jsonl.tmp-PID (documented). The same for the
# staging directory of an HTML report (SIGTERM, SIGINT). A closed pipe
# (`scan | head -1`) ends wiretrace quietly: killed by SIGPIPE (status 141), nothing on stderr.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
wt_init "$@"

t="$WT_TMP"
expect_exit 0 "$WIRETRACE" gen --docs 3000 --seed 5 -q -o "$t/corpus.jsonl"
expect_exit 0 "$WIRETRACE" gen --docs 1000 --seed 6 -q -o "$t/small.jsonl"

# Starts `scan --progress -o OUT` on the 3000-article corpus in the background (signals at their
# defaults: a background job of a script otherwise ignores SIGINT, and a CI runner may ignore
# SIGHUP) and waits until it verifies candidate pairs, i.e. well inside the run. Sets $pid.
start_scan_and_wait() {
    local out="$1"
    # A fresh file: the background shell may open (and truncate) it only after the first grep,
    # which must not see the previous run's progress.
    rm -f "$t/scan.stderr"
    : >"$t/scan.stderr"
    env --default-signal=INT,TERM,HUP "$WIRETRACE" scan --progress --format jsonl -o "$out" "$t/corpus.jsonl" \
        >"$t/scan.stdout" 2>>"$t/scan.stderr" &
    pid=$!
    local tries tmp
    tmp="$(dirname "$out")/.$(basename "$out").tmp-$pid"
    for ((tries = 0; tries < 3000; ++tries)); do  # at most 300 s: a guard against a hang only
        grep -q 'scan: verify' "$t/scan.stderr" && break
        kill -0 "$pid" 2>/dev/null || fail "scan ended before it was interrupted" "$(cat "$t/scan.stderr")"
        sleep 0.1
    done
    [[ -e "$tmp" ]] || fail "no temporary file $tmp while the scan verifies" "$(ls -la "$(dirname "$out")")"
}

# interrupt SIGNAL STATUS: kill the running scan and require its exit status.
interrupt() {
    kill -s "$1" "$pid"
    local status=0
    { wait "$pid"; } 2>/dev/null || status=$?  # (bash would report "Killed" and the like)
    [[ $status -eq $2 ]] || fail "scan killed by SIG$1: expected exit status $2, got $status" "$(cat "$t/scan.stderr")"
    expect_no_sanitizer_report "$t/scan.stderr"
}

for case in TERM:143 INT:130 HUP:129 KILL:137; do
    sig="${case%%:*}"
    status="${case##*:}"
    # No earlier result: none afterwards.
    dir="$t/new-$sig"
    mkdir "$dir"
    start_scan_and_wait "$dir/out.jsonl"
    interrupt "$sig" "$status"
    if [[ $sig == KILL ]]; then
        expect_only_files "$dir" ".out.jsonl.tmp-$pid"  # SIGKILL cannot be caught
    else
        expect_only_files "$dir"
    fi

    # An earlier result stays as it was.
    dir="$t/old-$sig"
    mkdir "$dir"
    printf 'the previous result\n' >"$dir/out.jsonl"
    start_scan_and_wait "$dir/out.jsonl"
    interrupt "$sig" "$status"
    [[ "$(cat "$dir/out.jsonl")" == "the previous result" ]] || fail "SIG$sig: the previous out.jsonl was changed"
    if [[ $sig == KILL ]]; then
        expect_only_files "$dir" ".out.jsonl.tmp-$pid" out.jsonl
    else
        expect_only_files "$dir" out.jsonl
    fi
done

# A run that completes replaces the earlier result and leaves nothing else.
expect_exit 0 "$WIRETRACE" scan -q --format jsonl -o "$t/old-TERM/out.jsonl" "$t/small.jsonl"
expect_only_files "$t/old-TERM" out.jsonl
tail -n 1 "$t/old-TERM/out.jsonl" | grep -q '"type":"summary","schema":"wiretrace.scan/1","articles":1000,' ||
    fail "the completed run did not write its result" "$(tail -n 1 "$t/old-TERM/out.jsonl")"

# An HTML report is a directory of pages, staged as DIR.tmp.PID and renamed at the end: a signal
# while the pages are written removes the staging directory with every page in it.
for case in TERM:143 INT:130; do
    sig="${case%%:*}"
    status="${case##*:}"
    dir="$t/html-$sig"
    mkdir "$dir"
    rm -f "$t/scan.stderr"
    env --default-signal=INT,TERM,HUP "$WIRETRACE" scan -q --format html -o "$dir/report" "$t/corpus.jsonl" \
        >"$t/scan.stdout" 2>"$t/scan.stderr" &
    pid=$!
    staging="$dir/report.tmp.$pid"
    for ((tries = 0; tries < 6000; ++tries)); do  # at most 300 s: a guard against a hang only
        [[ -d "$staging/pairs" && $(find "$staging/pairs" -type f | head -n 20 | wc -l) -ge 20 ]] && break
        kill -0 "$pid" 2>/dev/null || fail "scan ended before its HTML report was interrupted" "$(cat "$t/scan.stderr")"
        sleep 0.05
    done
    interrupt "$sig" "$status"
    expect_only_files "$dir"
done

# A closed pipe: the reader takes one line and leaves; wiretrace, with far more than a pipe buffer
# (64 KiB) still to write (the JSONL of the small corpus is about 400 KB, gen's 7.8 MB), is ended
# by SIGPIPE, quietly. PIPESTATUS: wiretrace 141, head 0.
pipe_check() {
    local what="$1"
    shift
    set +e
    "$@" 2>"$t/pipe.stderr" | head -n 1 >"$t/pipe.first"
    local statuses=("${PIPESTATUS[@]}")
    set -e
    [[ "${statuses[*]}" == "141 0" ]] || fail "$what | head -n 1: expected statuses '141 0', got '${statuses[*]}'" "$(cat "$t/pipe.stderr")"
    [[ ! -s "$t/pipe.stderr" ]] || fail "$what | head -n 1: something was printed on stderr" "$(cat "$t/pipe.stderr")"
}
pipe_check "scan --format jsonl" "$WIRETRACE" scan --format jsonl "$t/small.jsonl"
grep -q '^{"type":"cluster","cluster":1,' "$t/pipe.first" || fail "scan | head: first line" "$(cat "$t/pipe.first")"
pipe_check "gen" "$WIRETRACE" gen --docs 2000 --seed 3
grep -q '^{"id":"' "$t/pipe.first" || fail "gen | head: first line" "$(cat "$t/pipe.first")"
# Even when the parent ignores SIGPIPE, wiretrace resets it and ends the same way.
pipe_check "scan with SIGPIPE ignored" bash -c 'trap "" PIPE; exec "$0" scan --format jsonl "$1"' "$WIRETRACE" "$t/small.jsonl"
