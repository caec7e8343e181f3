#!/usr/bin/env bash
# scan --max-memory: a budget so small that the candidate join's keys are sorted on disk in many
# runs gives byte-identical JSONL (but the timings of the summary line) and TSV; a bad SIZE and
# an unusable spool directory are refused with a clear message, exit 2, before anything is read.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
wt_init "$@"

expect_exit 0 "$WIRETRACE" gen --docs 1500 --seed 11 -o "$WT_TMP/corpus.jsonl" -q
untimed() {  # the JSONL without the summary's timings and memory figures
    python3 - "$1" <<'PY'
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    d = json.loads(line)
    if d.get("type") == "summary":
        for k in ("seconds", "stages", "stage_cpu_seconds", "stage_peak_rss_bytes", "peak_rss_bytes"):
            d.pop(k)
    print(json.dumps(d, sort_keys=True))
PY
}
expect_exit 0 "$WIRETRACE" scan -q --format jsonl -o "$WT_TMP/memory.jsonl" "$WT_TMP/corpus.jsonl"
untimed "$WT_TMP/memory.jsonl" >"$WT_TMP/memory.body"
[[ "$(grep -c '"type":"pair"' "$WT_TMP/memory.jsonl")" -gt 100 ]] || fail "expected more than 100 pairs in 1500 generated articles"
# 4K: runs of 128 fingerprint keys (the corpus has about 170,000: over a thousand runs) and 32 band keys.
for budget in 4K 64k 1G; do
    expect_exit 0 "$WIRETRACE" scan -q --format jsonl --max-memory "$budget" --spool-dir "$WT_TMP" \
        -o "$WT_TMP/budget.jsonl" "$WT_TMP/corpus.jsonl"
    untimed "$WT_TMP/budget.jsonl" >"$WT_TMP/budget.body"
    expect_same_bytes "$WT_TMP/memory.body" "$WT_TMP/budget.body" "JSONL differs with --max-memory $budget"
done
expect_exit 0 "$WIRETRACE" scan -q --format tsv -o "$WT_TMP/memory.tsv" "$WT_TMP/corpus.jsonl"
expect_exit 0 "$WIRETRACE" scan -q --format tsv --max-memory 4K -o "$WT_TMP/budget.tsv" "$WT_TMP/corpus.jsonl"
expect_same_bytes "$WT_TMP/memory.tsv" "$WT_TMP/budget.tsv" "TSV differs with --max-memory 4K"
# Nothing of the spill is left behind (its files are unlinked when made).
expect_only_files "$WT_TMP" corpus.jsonl memory.jsonl memory.body budget.jsonl budget.body memory.tsv budget.tsv \
    last.stdout last.stderr

for bad in 0 -1 1.5G 12Q 2X 99999999999T G; do
    expect_exit 2 "$WIRETRACE" scan --max-memory="$bad" "$WT_TMP/corpus.jsonl"
    expect_stderr_contains "--max-memory: '$bad' is not a size: a whole number above 0 of bytes, or of K, M, G or T"
done
expect_exit 2 "$WIRETRACE" scan --max-memory 64M --spool-dir "$WT_TMP/missing" "$WT_TMP/corpus.jsonl"
expect_stderr_contains "$WT_TMP/missing: text spool: no such directory"
mkdir "$WT_TMP/ro"
chmod 555 "$WT_TMP/ro"
if [[ -w "$WT_TMP/ro" ]]; then
    echo "scan_max_memory: running as a user who can write anywhere; the read-only spool case is skipped" >&2
else
    expect_exit 2 "$WIRETRACE" scan --max-memory 64M --spool-dir "$WT_TMP/ro" "$WT_TMP/corpus.jsonl"
    expect_stderr_contains "$WT_TMP/ro: text spool: cannot create a file in this directory (Permission denied)"
fi
expect_exit 2 "$WIRETRACE" scan --max-memory 64M --spool-dir /proc "$WT_TMP/corpus.jsonl"
expect_stderr_contains "/proc: text spool: cannot create a file in this directory"
