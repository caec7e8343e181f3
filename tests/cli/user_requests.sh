#!/usr/bin/env bash
# What users asked for on the way (issue #16), on the dump of lib/direction_fixture.py:
#   - `check -` reads one plain-text article from standard input (as `compare -`), JSONL with
#     --format-in jsonl; `check --brief` writes one line per article (exact lines below);
#     `check --format csv` one row per match
#   - `scan --format csv`: RFC 4180 quoting, control characters escaped, formulas neutralised
#   - the HTML report: titles of every copy on the cluster pages, "source unknown" where the
#     direction is undecided, a sortable and filterable index (the script runs in chromium when it
#     is installed; without JavaScript every row is in the page)
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
wt_init "$@"

python3 tests/cli/lib/direction_fixture.py "$SEED_AP" >"$WT_TMP/dump.jsonl"
python3 - "$WT_TMP" <<'PY'
import json, sys
out = sys.argv[1]
rows = {r["id"]: r for r in map(json.loads, open(f"{out}/dump.jsonl"))}
with open(f"{out}/known.jsonl", "w") as f:
    for id_ in ("desk/story", "daily/one"):
        f.write(json.dumps(rows[id_]) + "\n")
with open(f"{out}/story.jsonl", "w") as f:
    f.write(json.dumps(rows["desk/story"]) + "\n")
open(f"{out}/two.txt", "w").write(rows["daily/two"]["text"])
with open(f"{out}/in.jsonl", "w") as f:
    for id_ in ("daily/three", "web/roundup"):
        f.write(json.dumps(rows[id_]) + "\n")
    f.write(json.dumps({"id": "note", "text": "A short note about gardening and the weather in spring."}) + "\n")
PY
printf 'Metro Wire\n' >"$WT_TMP/wire.txt"
printf 'News Roundup\n' >"$WT_TMP/aggregators.txt"

# --- check - and --brief ------------------------------------------------------------------------
expect_exit 0 "$WIRETRACE" index add -q "$WT_TMP/known.jsonl" --db "$WT_TMP/wire.db"
expect_exit 0 "$WIRETRACE" check -q --brief - --db "$WT_TMP/wire.db" <"$WT_TMP/two.txt"
expected='<stdin>  source unknown  daily/one  near-duplicate (verbatim)  known 100% / article 96%'
[[ "$(cat "$WT_OUT")" == "$expected" ]] || fail "check - --brief on plain text" "expected: $expected" "got: $(cat "$WT_OUT")"

# Against the story alone: the roundup page, dated first, is taken for its source ...
expect_exit 0 "$WIRETRACE" index add -q "$WT_TMP/story.jsonl" --db "$WT_TMP/story.db"
expect_exit 0 "$WIRETRACE" check -q --brief --format-in jsonl - --db "$WT_TMP/story.db" <"$WT_TMP/in.jsonl"
expected="daily/three  source unknown  desk/story  near-duplicate (verbatim)  known 100% / article 100%
web/roundup  source  desk/story  rewrite (verbatim)  known 37% / article 76%
note  no match  -  -  -"
[[ "$(cat "$WT_OUT")" == "$expected" ]] || fail "check --brief --format-in jsonl" "expected:" "$expected" "got:" "$(cat "$WT_OUT")"

# ... until the lists say what the outlets are.
expect_exit 0 "$WIRETRACE" check -q --brief --format-in jsonl --wire-outlets "$WT_TMP/wire.txt" \
    --aggregators "$WT_TMP/aggregators.txt" - --db "$WT_TMP/story.db" <"$WT_TMP/in.jsonl"
expected="daily/three  copy  desk/story  near-duplicate (verbatim)  known 100% / article 100%
web/roundup  copy  desk/story  rewrite (verbatim)  known 37% / article 76%
note  no match  -  -  -"
[[ "$(cat "$WT_OUT")" == "$expected" ]] || fail "check --brief with the outlet lists" "expected:" "$expected" "got:" "$(cat "$WT_OUT")"

# index add stores each story's wire flag with the lists too (the listed wire outlet is a wire).
expect_exit 0 "$WIRETRACE" index add -q "$WT_TMP/known.jsonl" --db "$WT_TMP/listed.db" --wire-outlets "$WT_TMP/wire.txt"
for db in wire listed; do
    python3 -c 'import sqlite3, sys
print(" ".join(f"{i}={w}" for i, w in sqlite3.connect(sys.argv[1]).execute("SELECT id, wire FROM documents ORDER BY id")))' \
        "$WT_TMP/$db.db" >"$WT_TMP/$db.flags"
done
[[ "$(cat "$WT_TMP/wire.flags")" == "daily/one=0 desk/story=0" ]] || fail "wire flags without the list" "$(cat "$WT_TMP/wire.flags")"
[[ "$(cat "$WT_TMP/listed.flags")" == "daily/one=0 desk/story=1" ]] || fail "wire flags with --wire-outlets" "$(cat "$WT_TMP/listed.flags")"

# The plain-text article of check - is the one compare - reads: the same relation and coverages.
expect_exit 0 "$WIRETRACE" check -q -f tsv - --db "$WT_TMP/wire.db" <"$WT_TMP/two.txt"
grep -qP '^daily/one\t<stdin>\tnear-duplicate\t-\t0\.9976\t0\.9602\tverbatim$' "$WT_OUT" ||
    fail "check - TSV" "$(cat "$WT_OUT")"
# check --format csv: a row per match, best first, and a row for an article without one.
expect_exit 0 "$WIRETRACE" check -q -f csv --format-in jsonl - --db "$WT_TMP/story.db" <"$WT_TMP/in.jsonl"
sed 's/$/\r/' >"$WT_TMP/expected-check.csv" <<'CSV'
article,match,known,known_outlet,known_title,known_published,relation,grade,source,decided_by,coverage_of_known,coverage_of_article,union_share
daily/three,1,desk/story,Metro Wire,Diplomats seek strategy against Islamic State,2018-07-15T10:00:00Z,near-duplicate,verbatim,undecided,,1.0000,1.0000,
web/roundup,1,desk/story,Metro Wire,Diplomats seek strategy against Islamic State,2018-07-15T10:00:00Z,rewrite,verbatim,article,timestamp,0.3667,0.7639,
note,,,,,,,,,,,,
CSV
expect_same_bytes "$WT_TMP/expected-check.csv" "$WT_OUT"
expect_exit 2 "$WIRETRACE" check --brief -f json - --db "$WT_TMP/wire.db" <"$WT_TMP/two.txt"
expect_stderr_contains "--brief is a text report: it cannot go with --format json"
expect_exit 2 "$WIRETRACE" check --format-in xml - --db "$WT_TMP/wire.db" <"$WT_TMP/two.txt"

# --- scan --format csv: quoting and formulas ----------------------------------------------------
python3 - "$SEED_AP" "$SEED_CBC" >"$WT_TMP/hostile.jsonl" <<'PY'
import json, sys
ap, cbc = (open(p, encoding="utf-8").read() for p in sys.argv[1:3])
print(json.dumps({"id": "=HYPERLINK(\"http://x\")", "outlet": "@AP", "title": 'He said "no", twice\nthen left',
                  "text": ap, "published": "2014-09-15T10:00:00Z"}))
print(json.dumps({"id": "cbc,1", "outlet": "-CBC", "title": "+plain", "text": cbc}))
PY
expect_exit 0 "$WIRETRACE" scan -q -f csv "$WT_TMP/hostile.jsonl"
sed 's/$/\r/' >"$WT_TMP/expected.csv" <<'CSV'
cluster,id,root,parent,relation,grade,direction,decided_by,coverage_of_source,coverage_of_copy,outlet,title,published
1,"'=HYPERLINK(""http://x"")","'=HYPERLINK(""http://x"")",,,,,,,,'@AP,"He said ""no"", twice\nthen left",2014-09-15T10:00:00Z
1,"cbc,1","'=HYPERLINK(""http://x"")","'=HYPERLINK(""http://x"")",rewrite,verbatim,decided,wire-dateline,0.6909,0.3978,'-CBC,'+plain,
CSV
expect_same_bytes "$WT_TMP/expected.csv" "$WT_OUT"
python3 - "$WT_OUT" <<'PY' || fail "the CSV does not read back with Python's csv module"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
assert [len(r) for r in rows] == [13, 13, 13], rows
assert rows[1][1] == "'=HYPERLINK(\"http://x\")" and rows[2][1] == "cbc,1", rows
PY

# --- the HTML report ----------------------------------------------------------------------------
expect_exit 0 "$WIRETRACE" scan -q -f html -o "$WT_TMP/report" "$WT_TMP/dump.jsonl"
page="$WT_TMP/report/clusters/1.html"
for title in "Roundup: Monday" "Diplomats seek strategy against Islamic State" "Paris talks on Islamic State" \
    "Envoys meet in Paris" "Paris conference, Iran says no"; do
    grep -qF "<td>$title</td>" "$page" || fail "cluster page: no title cell '$title'" "$(grep -F '<tr' "$page")"
done
[[ "$(grep -o 'class="unknown">source unknown' "$page" | wc -l)" -eq 2 ]] ||
    fail "cluster page: two copies with their source unknown" "$(grep -F '<tr' "$page")"
grep -qF '<table id="clusters" class="sortable filterable">' "$WT_TMP/report/index.html" ||
    fail "index: the table is not sortable and filterable" "$(grep -F '<table' "$WT_TMP/report/index.html")"
grep -qF '<td class="num">2</td><td class="num">' "$WT_TMP/report/index.html" ||
    fail "index: two copies with their source unknown" "$(grep -F '<tr data' "$WT_TMP/report/index.html")"
grep -lF 'source unknown: the texts cannot tell' "$WT_TMP"/report/pairs/1/*.html >/dev/null ||
    fail "no pair page says its source is unknown"
! grep -rqE '(src|href)="(https?:)?//' "$WT_TMP/report" || fail "the report refers to the network"

# The page script is valid JavaScript (node parses it when installed) ...
if command -v node >/dev/null; then
    sed -n '/<script>/,/<\/script>/p' "$WT_TMP/report/index.html" | sed '1s/.*<script>//;$s/<\/script>.*//' \
        >"$WT_TMP/page.js"
    run_capture node --check "$WT_TMP/page.js"
    [[ "$WT_STATUS" -eq 0 ]] || fail "the page script does not parse" "$(cat "$WT_ERR")"
fi
# ... and in a browser it adds the filter box; the rows are in the page either way.
CHROMIUM="$(command -v chromium || command -v chromium-browser || true)"
if [[ -n "$CHROMIUM" ]]; then
    run_capture timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run \
        --disable-extensions --disable-background-networking --host-resolver-rules="MAP * ~NOTFOUND" \
        --user-data-dir="$WT_TMP/profile" --dump-dom "file://$WT_TMP/report/index.html"
    grep -qF 'class="filter"' "$WT_OUT" || fail "chromium: no filter box after the script ran" "$(head -c 3000 "$WT_OUT")"
    grep -qF 'data-cluster="1"' "$WT_OUT" || fail "chromium: the cluster row is gone"
    # Sorted by the copies column (#sort=4, descending with -): every row kept, copies never rising.
    expect_exit 0 "$WIRETRACE" gen --docs 300 --seed 3 -o "$WT_TMP/gen.jsonl" --truth "$WT_TMP/gen.tsv"
    expect_exit 0 "$WIRETRACE" scan -q -f html -o "$WT_TMP/gen" "$WT_TMP/gen.jsonl"
    run_capture timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run \
        --disable-extensions --disable-background-networking --host-resolver-rules="MAP * ~NOTFOUND" \
        --user-data-dir="$WT_TMP/profile" --dump-dom "file://$WT_TMP/gen/index.html#sort=4-"
    cp -- "$WT_OUT" "$WT_TMP/sorted.html"
    python3 - "$WT_TMP/gen/index.html" "$WT_TMP/sorted.html" <<'PY' || fail "chromium: #sort=4- does not sort by copies"
import re, sys
row = re.compile(r'<tr data-cluster="(\d+)">(?:<td[^>]*>.*?</td>){4}<td class="num">(\d+)</td>')
plain, dom = (row.findall(open(p, encoding="utf-8").read()) for p in sys.argv[1:3])
assert len(plain) > 10 and sorted(plain) == sorted(dom), (len(plain), len(dom))
copies = [int(c) for _, c in dom]
assert copies == sorted(copies, reverse=True) and copies != [int(c) for _, c in plain], copies
PY
fi
