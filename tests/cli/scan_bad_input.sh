#!/usr/bin/env bash
# Bad input for scan: unusable records are skipped, counted and named by file:line (the run goes
# on); --strict makes the first one fatal (exit 2); unreadable or corrupt inputs and wrong flags
# exit 2 with a message naming the problem; an input without any derived pair exits 1.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
wt_init "$@"

python3 - "$SEED_AP" "$SEED_CBC" >"$WT_TMP/dump.jsonl" <<'PY'
import json, sys
ap, cbc = (open(p, encoding="utf-8").read() for p in sys.argv[1:])
print(json.dumps({"id": "ap", "text": ap, "outlet": "AP"}))
print('{"id": "broken", "text": ')                      # line 2: malformed JSON
print(json.dumps({"id": "no-text"}))                   # line 3: missing text
print(json.dumps({"id": "empty", "text": "  "}))       # line 4: empty text
print(json.dumps({"id": "cbc", "text": cbc, "published": "not a date"}))
PY
expect_exit 0 "$WIRETRACE" scan --format tsv "$WT_TMP/dump.jsonl"
[[ "$(wc -l <"$WT_OUT")" -eq 2 ]] || fail "the two good articles still form a pair" "$(cat "$WT_OUT")"
expect_stderr_contains "dump.jsonl:2: skipped"
expect_stderr_contains "dump.jsonl:3: skipped \"no-text\""
expect_stderr_contains "dump.jsonl:4: skipped \"empty\""
expect_stderr_contains "3 records skipped (1 malformed_json, 1 missing_text, 1 empty_text)"
expect_stderr_contains "2 articles read (3 skipped"

expect_exit 2 "$WIRETRACE" scan --strict "$WT_TMP/dump.jsonl"
expect_stderr_contains "dump.jsonl:2"
expect_stdout_empty

# Truncated gzip: the error names the file; nothing is written to -o.
gzip -c "$WT_TMP/dump.jsonl" | head -c 3000 >"$WT_TMP/cut.jsonl.gz"
expect_exit 2 "$WIRETRACE" scan -o "$WT_TMP/out.tsv" "$WT_TMP/cut.jsonl.gz"
expect_stderr_contains "cut.jsonl.gz"
expect_stderr_contains "truncated"
[[ ! -e "$WT_TMP/out.tsv" ]] || fail "a failed scan must not leave an output file"

expect_exit 2 "$WIRETRACE" scan "$WT_TMP/missing.jsonl"
expect_stderr_contains "missing.jsonl"
expect_exit 2 "$WIRETRACE" scan --format xml "$WT_TMP/dump.jsonl"
expect_stderr_contains "--format"
expect_exit 2 "$WIRETRACE" scan --max-df 1 "$WT_TMP/dump.jsonl"
expect_exit 2 "$WIRETRACE" scan --text-field id "$WT_TMP/dump.jsonl"
expect_stderr_contains "field"
expect_exit 2 "$WIRETRACE" scan

# Nothing derived: exit 1, valid empty outputs.
: >"$WT_TMP/empty.jsonl"
expect_exit 1 "$WIRETRACE" scan --format tsv "$WT_TMP/empty.jsonl"
[[ "$(cat "$WT_OUT")" == $'#id_a\tid_b\trelation\tsource_id\tcoverage_a\tcoverage_b\tgrade' ]] || fail "empty TSV" "$(cat "$WT_OUT")"
expect_exit 1 "$WIRETRACE" scan --format jsonl "$SEED_AP"
python3 -c 'import json,sys; l=[json.loads(x) for x in open(sys.argv[1])]; assert [x["type"] for x in l]==["summary"] and l[0]["articles"]==1, l' "$WT_OUT" ||
    fail "JSONL of a one-article scan" "$(cat "$WT_OUT")"
