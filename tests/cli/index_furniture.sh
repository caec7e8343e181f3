#!/usr/bin/env bash
# Outlet furniture in `index add` and `check` (issue #16): `index add` learns each outlet's
# furniture from its stored stories (its comment notice, share prompt, ad script, copyright
# footer) and stores it with the index; `check` blanks it on both sides, as scan does. An
# unrelated article of the same outlet, or a scraper's page that kept that outlet's furniture,
# matches nothing; a real copy matches with exactly the figures it has against the stories
# without their furniture, and those scan reports; a small outlet's shared footer is left out
# pair by pair; an index made before the furniture table still reads; a damaged row is refused;
# the boilerplate cap is a share of the index's stories;
# `serve`'s adds learn furniture too, and its next check sees it.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib/serve.sh"
wt_init "$@"
t="$WT_TMP"

python3 - "$t" "$WT_LIB_DIR" <<'PY'
import json, sys
sys.path.insert(0, sys.argv[2])
from furniture_pages import ABOUT, Stories, planet_page
def write(name, rows):
    with open(f"{sys.argv[1]}/{name}.jsonl", "w", encoding="utf-8") as f:
        for r in rows: f.write(json.dumps(r) + "\n")
s = Stories()
planet = [s.story() for _ in range(8)]
small = [s.story(40) for _ in range(2)]
known = [{"id": f"planet-{i}", "outlet": "Daily Planet", "text": planet_page(b)} for i, b in enumerate(planet[:6])]
known += [{"id": f"star-{i}", "outlet": "Evening Star", "text": s.story()} for i in range(2)]
known.append({"id": "small-0", "outlet": "Small Site", "text": small[0] + "\n" + ABOUT})
write("known", known)
# The same stories without their furniture: what a copy's figures are measured against.
write("plain", [{"id": f"planet-{i}", "outlet": "Daily Planet", "text": b} for i, b in enumerate(planet[:6])])
write("planet-new", [{"id": "planet-new", "outlet": "Daily Planet", "text": planet_page(planet[6])}])
write("scraped", [{"id": "scraped", "outlet": "Page Scraper", "text": planet_page(planet[7])}])
write("star-copy", [{"id": "star-copy", "outlet": "Evening Star",
                     "text": planet[0] + "\nThe Evening Star contributed to this report."}])
write("small-1", [{"id": "small-1", "outlet": "Small Site", "text": small[1] + "\n" + ABOUT}])
PY

db="$t/known.db"
expect_exit 0 "$WIRETRACE" index add "$t/known.jsonl" --db "$db" -q
# What was learned: the Planet's furniture fingerprints; the other outlets measured, without any.
python3 - "$db" <<'PY' || fail "the stored furniture" "$(python3 -c 'import sqlite3,sys; print(list(sqlite3.connect(sys.argv[1]).execute("select outlet, articles, length(hashes) from furniture")))' "$db")"
import sqlite3, sys
rows = list(sqlite3.connect(sys.argv[1]).execute("SELECT outlet, articles, length(hashes) FROM furniture ORDER BY outlet"))
assert [(o, n) for o, n, _ in rows] == [("Daily Planet", 6), ("Evening Star", 2), ("Small Site", 1)], rows
assert rows[0][2] >= 8 * 8 and rows[0][2] % 8 == 0 and rows[1][2] == 0 and rows[2][2] == 0, rows
PY

# An unrelated Planet page and a scraper's page that kept the Planet's furniture: no match.
expect_exit 1 "$WIRETRACE" check "$t/planet-new.jsonl" "$t/scraped.jsonl" --db "$db" --format tsv -q
[[ "$(cat "$WT_OUT")" == $'#id_a\tid_b\trelation\tsource_id\tcoverage_a\tcoverage_b\tgrade' ]] ||
    fail "furniture matched an unrelated article" "$(cat "$WT_OUT")"
# The small site's two articles share only their "About" footer: the one stored is no match.
expect_exit 1 "$WIRETRACE" check "$t/small-1.jsonl" --db "$db" --format tsv -q

# A real copy: the row it has against the stories without their furniture, and scan's row.
expect_exit 0 "$WIRETRACE" index add "$t/plain.jsonl" --db "$t/plain.db" -q
expect_exit 0 "$WIRETRACE" check "$t/star-copy.jsonl" --db "$t/plain.db" --format tsv -q
save_stdout "$t/plain.tsv"
grep -qP '^planet-0\tstar-copy\tnear-duplicate\t-\t1.0000\t0.9091\tverbatim$' "$t/plain.tsv" ||
    fail "the copy against the plain story" "$(cat "$t/plain.tsv")"
expect_exit 0 "$WIRETRACE" check "$t/star-copy.jsonl" --db "$db" --format tsv -q
cmp -s "$WT_OUT" "$t/plain.tsv" || fail "furniture changed the copy's match" "$(cat "$WT_OUT")"
cat "$t/known.jsonl" "$t/star-copy.jsonl" >"$t/all.jsonl"
expect_exit 0 "$WIRETRACE" scan "$t/all.jsonl" --format tsv -q
cmp -s "$WT_OUT" "$t/plain.tsv" || fail "scan and check differ on the copy" "$(cat "$WT_OUT")"

# The stored furniture is what keeps the scraper's page out: an index made before the table
# (dropped here) still reads, and pairs that page with the Planet's stories through it.
cp "$db" "$t/old.db"
python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("DROP TABLE furniture"); c.commit()' "$t/old.db"
expect_exit 0 "$WIRETRACE" check "$t/scraped.jsonl" --db "$t/old.db" --format tsv -q
grep -qP '^planet-0\tscraped\t' "$WT_OUT" || fail "without stored furniture the scraper's page should match" "$(cat "$WT_OUT")"
# The next add learns it again: added outlets only, the others keep theirs (none here).
expect_exit 0 "$WIRETRACE" index add "$t/planet-new.jsonl" --db "$t/old.db" -q
expect_exit 1 "$WIRETRACE" check "$t/scraped.jsonl" --db "$t/old.db" --format tsv -q
python3 -c 'import sqlite3,sys; print(list(sqlite3.connect(sys.argv[1]).execute("SELECT outlet, articles FROM furniture")))' \
    "$t/old.db" >"$t/learned.txt"
[[ "$(cat "$t/learned.txt")" == "[('Daily Planet', 7)]" ]] || fail "furniture learned again" "$(cat "$t/learned.txt")"

# A damaged furniture row is refused with a clear message.
cp "$db" "$t/bad.db"
python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("UPDATE furniture SET hashes = x'"'"'0102'"'"' WHERE outlet = '"'"'Daily Planet'"'"'"); c.commit()' "$t/bad.db"
expect_exit 2 "$WIRETRACE" check "$t/scraped.jsonl" --db "$t/bad.db"
expect_stderr_contains "index corrupted: furniture of outlet \"Daily Planet\" does not parse"

# The boilerplate cap is relative to the index, as scan's is to its corpus: a line that ends 60
# stories of 60 outlets (not one outlet's furniture) is in more than 20 of them (2% of 60, raised
# to the floor of 20): no candidate through it, unless --max-df sets the cap outright.
python3 - "$t" "$WT_LIB_DIR" <<'PY'
import json, sys
sys.path.insert(0, sys.argv[2])
from furniture_pages import Stories
s = Stories(61)
line = "Sign up for our morning newsletter and get the top stories of the valley delivered to your inbox every day."
with open(f"{sys.argv[1]}/many.jsonl", "w", encoding="utf-8") as f:
    for i in range(60):
        f.write(json.dumps({"id": f"m-{i}", "outlet": f"Outlet {i}", "text": s.story() + "\n" + line}) + "\n")
with open(f"{sys.argv[1]}/newsletter.jsonl", "w", encoding="utf-8") as f:
    f.write(json.dumps({"id": "newsletter", "outlet": "Outlet 60", "text": s.story() + "\n" + line}) + "\n")
PY
expect_exit 0 "$WIRETRACE" index add "$t/many.jsonl" --db "$t/many.db" -q
expect_exit 1 "$WIRETRACE" check "$t/newsletter.jsonl" --db "$t/many.db"
expect_stderr_contains "1 article, 0 matched a known story (0 matches), 0 candidates verified"
expect_exit 1 "$WIRETRACE" check "$t/newsletter.jsonl" --db "$t/many.db" --max-df 100
grep -qE "[1-9][0-9]* candidates verified" "$WT_ERR" || fail "--max-df 100 should verify the stories sharing the line" "$(cat "$WT_ERR")"
expect_exit 2 "$WIRETRACE" check "$t/newsletter.jsonl" --db "$t/many.db" --max-df 100 --max-df-share 0.1

# serve: the Planet's pages added through POST /index; a check before the add (a connection the
# server keeps) and after it.
grep -v '"Daily Planet"' "$t/known.jsonl" >"$t/others.jsonl"
expect_exit 0 "$WIRETRACE" index add "$t/others.jsonl" --db "$t/served.db" -q
grep '"Daily Planet"' "$t/known.jsonl" | python3 -c 'import json,sys; print(json.dumps([json.loads(l) for l in sys.stdin]))' >"$t/planet.json"
start_server "$t/serve.log" --db "$t/served.db" --token secret
AUTH=(-H "Authorization: Bearer secret" -H "Content-Type: application/json")
expect_http 200 "" POST /check "${AUTH[@]}" --data-binary @"$t/scraped.jsonl"
expect_http 200 "" POST /index "${AUTH[@]}" --data-binary @"$t/planet.json"
expect_http 200 "" POST /check "${AUTH[@]}" --data-binary @"$t/scraped.jsonl"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["articles"][0]["matches"] == [], d["summary"]' "$WT_OUT" ||
    fail "serve: furniture matched the scraper's page after an add" "$(head -c 1500 "$WT_OUT")"
expect_http 200 "" POST /check "${AUTH[@]}" --data-binary @"$t/star-copy.jsonl"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert [m["known"]["id"] for m in d["articles"][0]["matches"]] == ["planet-0"], d["summary"]' "$WT_OUT" ||
    fail "serve: the copy should match planet-0" "$(head -c 1500 "$WT_OUT")"
stop_server
echo ok
