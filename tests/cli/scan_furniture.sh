#!/usr/bin/env bash
# Page furniture does not join stories (issue #16): an outlet's comment notice, share prompt, ad
# script and copyright footer, repeated across its own unrelated stories, pairs none of them,
# while another outlet's real copy of one story is still found; two articles of a small site
# that share only its "About" footer are not paired either. The summary counts what was left
# out and blanked, and --explain-boilerplate names the passage and its outlet.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
wt_init "$@"
t="$WT_TMP"

python3 - "$t/dump.jsonl" "$WT_LIB_DIR" <<'PY'
import json, sys
sys.path.insert(0, sys.argv[2])
from furniture_pages import ABOUT, Stories, planet_page
s = Stories()
rows = []
planet = [s.story() for _ in range(6)]
for i, body in enumerate(planet):
    rows.append({"id": f"planet-{i}", "outlet": "Daily Planet", "text": planet_page(body)})
rows.append({"id": "star-copy", "outlet": "Evening Star", "text": planet[0] + "\nThe Evening Star contributed to this report."})
for i in range(3):
    rows.append({"id": f"star-{i}", "outlet": "Evening Star", "text": s.story()})
for i in range(2):
    rows.append({"id": f"small-{i}", "outlet": "Small Site", "text": s.story(40) + "\n" + ABOUT})
with open(sys.argv[1], "w", encoding="utf-8") as f:
    for r in rows: f.write(json.dumps(r) + "\n")
PY

expect_exit 0 "$WIRETRACE" scan --format jsonl --explain-boilerplate "$t/dump.jsonl"
save_stdout "$t/out.jsonl"
python3 - "$t/out.jsonl" <<'PY' || fail "furniture joined stories" "$(cat "$t/out.jsonl")"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
pairs = [(r["a"], r["b"]) for r in rows if r["type"] == "pair"]
assert pairs == [("planet-0", "star-copy")], pairs
f = rows[-1]["furniture"]
assert f["corpus_cap"] == 20, f
assert f["outlets"] == 3 and f["furniture_outlets"] == 1, f
assert f["furniture_fingerprints"] > 0, f
assert 4 * f["furniture_fingerprints"] <= f["furniture_keys"] <= 6 * f["furniture_fingerprints"], f
# Code: the script's words in each of the 6 Planet articles; the rest of the furniture as such.
assert f["code_words"] > 0 and f["code_words"] % 6 == 0, f
assert f["furniture_words"] > 6 * 40, f
assert f["masked_articles"] >= 6, f
# The small site's two articles (too few to measure its furniture) share only its "About"
# footer, at the end of both: scored without it.
assert f["edge_pairs"] == 1, f
PY
expect_stderr_contains "furniture: "
expect_stderr_contains "most repeated passages"
expect_stderr_contains "Daily Planet  planet-"
expect_stderr_contains "Comments are moderated by the Daily Planet"

# The text summary says the same.
expect_exit 0 "$WIRETRACE" scan "$t/dump.jsonl"
expect_stdout_contains "boilerplate fingerprints (in more than 20 articles) skipped"
expect_stdout_contains "fingerprints of 1 outlet"

# --max-df sets the cap outright; it and --max-df-share exclude each other.
expect_exit 0 "$WIRETRACE" scan --format jsonl --max-df 5 "$t/dump.jsonl"
python3 -c 'import json,sys; s=json.loads(open(sys.argv[1]).read().splitlines()[-1]); assert s["furniture"]["corpus_cap"] == 5, s' \
    "$WT_OUT" || fail "--max-df 5 did not set the cap" "$(tail -n 1 "$WT_OUT")"
expect_exit 2 "$WIRETRACE" scan --max-df 5 --max-df-share 0.1 "$t/dump.jsonl"
expect_exit 2 "$WIRETRACE" scan --furniture-min-articles 1 "$t/dump.jsonl"
echo ok
