#!/usr/bin/env bash
# Issue #21, finding 7: ids, titles, outlets and file names holding escape sequences, carriage
# returns, newlines, C1 and bidi controls reach no terminal raw and forge no line, in every
# human-readable output (scan text and TSV, check text, index stats and remove, compare, eval,
# warnings and errors); the HTML report shows them as text, isolated; --spreadsheet-safe
# neutralises TSV cells that a spreadsheet would run as formulas.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
wt_init "$@"

D="$WT_TMP"
ESC=$'\e'
# The story twice: the second a copy with one more sentence, so the scan finds one cluster.
python3 - "$D" <<'EOF'
import json, sys
d = sys.argv[1]
story = ("Officials in the capital confirmed on Tuesday that the old river bridge will stay closed for "
         "repairs until the end of the month, a spokesman for the transport ministry said. ") * 6
recs = [
    {"id": "evil\u001b]0;owned\u0007\u001b[2J", "text": story, "outlet": "AP\r\ncluster 9: forged",
     "title": "T\u202eitle\u0085"},
    {"id": "=HYPERLINK(\"x\")\ncluster 9: 99 articles", "text": story + "More at eleven, local time.",
     "outlet": "X\u2066"},
    {"id": "evil\u001b]0;owned\u0007\u001b[2J", "text": "A repeated id, skipped with a warning."},
]
with open(f"{d}/e.jsonl", "w") as f:
    for r in recs:
        f.write(json.dumps(r) + "\n")
with open(f"{d}/q.jsonl", "w") as f:
    f.write(json.dumps({"id": "q\u001b[31m\u202e", "text": story}) + "\n")
EOF

# no_controls FILE [tab|html]: FILE has no control character but line feeds (and tabs with "tab";
# tabs and carriage returns, white space to a browser, with "html"), no C1 control, no bidi
# control, and (but for html) no line that starts with "cluster 9".
no_controls() {
    python3 - "$@" <<'EOF' || fail "control characters or a forged line in $1" "$(cat -v "$1" | head -c 3000)"
import re, sys
data = open(sys.argv[1], "rb").read()
mode = sys.argv[2] if len(sys.argv) > 2 else ""
allowed = {"tab": b"\n\t", "html": b"\n\t\r"}.get(mode, b"\n")
bad = [b for b in set(data) if (b < 0x20 or b == 0x7F) and b not in allowed]
text = data.decode("utf-8")  # also: valid UTF-8
bad += [c for c in text if 0x80 <= ord(c) <= 0x9F or 0x202A <= ord(c) <= 0x202E or 0x2066 <= ord(c) <= 0x2069]
bad += re.findall(r"(?m)^cluster 9", text) if mode != "html" else []
sys.exit(1 if bad else 0)
EOF
}

# scan, text: the ids and outlet escaped on their own lines; the warning about the repeated id too.
expect_exit 0 "$WIRETRACE" scan "$D/e.jsonl"
no_controls "$WT_OUT"
no_controls "$WT_ERR"
expect_stdout_contains 'evil\x1B]0;owned\x07\x1B[2J  AP\r\ncluster 9: forged  -  original  "T\u202Eitle\u0085"'
expect_stdout_contains '└ =HYPERLINK("x")\ncluster 9: 99 articles  X\u2066  -'
expect_stderr_contains 'e.jsonl:3: skipped "evil\x1B]0;owned\x07\x1B[2J": the id of an earlier record'
[[ $(grep -c '' "$WT_OUT") -eq 5 ]] || fail "scan text: 5 lines expected" "$(cat -v "$WT_OUT")"

# scan, TSV: one line a pair, exact ids by default; --spreadsheet-safe prefixes the formula.
expect_exit 0 "$WIRETRACE" scan -q -f tsv "$D/e.jsonl"
no_controls "$WT_OUT" tab
[[ $(grep -c '' "$WT_OUT") -eq 2 ]] || fail "scan tsv: 2 lines expected" "$(cat -v "$WT_OUT")"
expect_stdout_contains $'\t=HYPERLINK("x")\\ncluster 9: 99 articles\t'
expect_exit 0 "$WIRETRACE" scan -q -f tsv --spreadsheet-safe "$D/e.jsonl"
expect_stdout_contains $'\t\'=HYPERLINK("x")\\ncluster 9: 99 articles\t'
expect_stdout_contains $'evil\\x1B]0;owned\\x07\\x1B[2J\t'  # a cell not starting with = + - @ is unchanged

# index add/stats/remove: an index file and an id with escape sequences.
DB="$D/w${ESC}[2J.db"
expect_exit 0 "$WIRETRACE" index add "$D/e.jsonl" --db "$DB"
no_controls "$WT_ERR"
expect_stderr_contains 'w\x1B[2J.db now holds 2 documents'
expect_exit 0 "$WIRETRACE" index stats --db "$DB"
no_controls "$WT_OUT"
expect_stdout_contains 'w\x1B[2J.db'
expect_exit 1 "$WIRETRACE" index remove "x${ESC}]0;t"$'\n'"cluster 9" --db "$DB"
no_controls "$WT_ERR"
expect_stderr_contains 'no document "x\x1B]0;t\ncluster 9"'

# check, text and TSV.
expect_exit 0 "$WIRETRACE" check "$D/q.jsonl" --db "$DB"
no_controls "$WT_OUT"
expect_stdout_contains '== q\x1B[31m\u202E: 2 known stories'
expect_stdout_contains 'b: q\x1B[31m\u202E  ('
expect_exit 0 "$WIRETRACE" check -q -f tsv --spreadsheet-safe "$D/q.jsonl" --db "$DB"
no_controls "$WT_OUT" tab
expect_stdout_contains $'\'=HYPERLINK("x")\\ncluster 9: 99 articles\tq\\x1B[31m\\u202E\t'

# compare: a file name and a text with escape sequences; errors naming such a file.
printf 'The bridge stays closed \e]0;owned\a until May, officials said on Tuesday in the capital.\n' >"$D/a${ESC}[2J.txt"
printf 'The bridge stays closed until May, officials said on Tuesday in the capital city.\n' >"$D/b.txt"
expect_exit 0 "$WIRETRACE" compare "$D/a${ESC}[2J.txt" "$D/b.txt"
no_controls "$WT_OUT"
expect_stdout_contains 'a\x1B[2J.txt  ('
expect_exit 2 "$WIRETRACE" compare "$D/missing${ESC}[2J"$'\r'".txt" "$D/b.txt"
no_controls "$WT_ERR"
expect_stderr_contains 'missing\x1B[2J\r.txt'

# eval: the names of its inputs.
printf '#copy_id\tsource_id\trelation\tcoverage_of_source\tcoverage_of_copy\tdirect\ttraceable\n' >"$D/t${ESC}[2J.tsv"
expect_exit 0 "$WIRETRACE" scan -q -f tsv -o "$D/r.tsv" "$D/e.jsonl"
expect_exit 0 "$WIRETRACE" eval --truth "$D/t${ESC}[2J.tsv" "$D/r.tsv"
no_controls "$WT_OUT"
expect_stdout_contains 'truth:    '"$D"'/t\x1B[2J.tsv:'

# HTML: controls shown as escapes, every cell and link isolated, long ids wrap.
expect_exit 0 "$WIRETRACE" scan -q -f html -o "$D/report" "$D/e.jsonl"
for f in "$D"/report/index.html "$D"/report/clusters/1.html "$D"/report/pairs/1/1.html; do
    no_controls "$f" html
done
grep -q 'evil\\x1B]0;owned\\x07\\x1B\[2J' "$D/report/index.html" || fail "index.html: the escaped id"
grep -q 'T\\u202Eitle\\u0085' "$D/report/index.html" || fail "index.html: the escaped title"
grep -q 'unicode-bidi:isolate' "$D/report/index.html" || fail "index.html: no bidi isolation"
grep -q 'overflow-wrap:anywhere' "$D/report/index.html" || fail "index.html: long ids do not wrap"
echo "PASS [$WT_TEST_NAME]"
