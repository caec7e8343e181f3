#!/usr/bin/env bash
# Direction with its confidence (issue #16). A dump from the AP seed (lib/direction_fixture.py): a
# wire desk's story with no wire sign in its text, a trimmed copy, a copy of that copy, a
# near-duplicate and an aggregator's page dated before the story.
#   - an undecided direction is "source unknown" in the text tree, null in JSONL (source,
#     decided_by; the member's direction "undecided"), "-" in TSV, "undecided" in CSV
#   - --wire-outlets names the desk a source by trade (decided by wire-outlet), --aggregators makes
#     the aggregator's page a copy even against its earlier time (decided by aggregator)
#   - the tree is drawn with ├ └ and │ rails at every depth
#   - bad outlet lists are exit 2 naming the file and line
# The text and CSV outputs are golden files: tests/golden/scan_direction.txt and .csv
# (WIRETRACE_UPDATE_GOLDEN=1 rewrites them; review the diff).
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
wt_init "$@"

python3 tests/cli/lib/direction_fixture.py "$SEED_AP" >"$WT_TMP/dump.jsonl"
printf '# sources by trade\n\nMetro Wire\n' >"$WT_TMP/wire.txt"
printf '  news roundup  \n# pages that quote others\n' >"$WT_TMP/aggregators.txt"
lists=(--wire-outlets "$WT_TMP/wire.txt" --aggregators "$WT_TMP/aggregators.txt")

# --- text: both runs, the summary line (it holds the seconds) left out -----------------------
{
    echo "== scan dump.jsonl"
    expect_exit 0 "$WIRETRACE" scan "$WT_TMP/dump.jsonl"
    sed '$d' "$WT_OUT"
    echo "== scan dump.jsonl --wire-outlets wire.txt --aggregators aggregators.txt"
    expect_exit 0 "$WIRETRACE" scan "${lists[@]}" "$WT_TMP/dump.jsonl"
    sed '$d' "$WT_OUT"
} >"$WT_TMP/text"
expect_exit 0 "$WIRETRACE" scan -q -f csv "${lists[@]}" "$WT_TMP/dump.jsonl"
cp -- "$WT_OUT" "$WT_TMP/csv"

if [[ "${WIRETRACE_UPDATE_GOLDEN:-}" == "1" ]]; then
    cp -- "$WT_TMP/text" tests/golden/scan_direction.txt
    cp -- "$WT_TMP/csv" tests/golden/scan_direction.csv
    echo "updated tests/golden/scan_direction.{txt,csv}; review: git diff -- tests/golden" >&2
fi
hint="if the change is intended: WIRETRACE_UPDATE_GOLDEN=1 ctest -R cli.scan_direction, then review git diff"
expect_same_bytes tests/golden/scan_direction.txt "$WT_TMP/text" "$hint"
expect_same_bytes tests/golden/scan_direction.csv "$WT_TMP/csv" "$hint"

# --- the same facts, read from the JSONL --------------------------------------------------------
expect_exit 0 "$WIRETRACE" scan -q -f jsonl "$WT_TMP/dump.jsonl"
cp -- "$WT_OUT" "$WT_TMP/plain.jsonl"
expect_exit 0 "$WIRETRACE" scan -q -f jsonl "${lists[@]}" "$WT_TMP/dump.jsonl"
cp -- "$WT_OUT" "$WT_TMP/lists.jsonl"
python3 - "$WT_TMP/plain.jsonl" "$WT_TMP/lists.jsonl" >"$WT_TMP/check.log" <<'PY' || fail "JSONL direction" "$(cat "$WT_TMP/check.log")"
import json, sys
failures = []
def eq(actual, expected, what):
    if actual != expected: failures.append(f"{what}: expected {expected!r}, got {actual!r}")
def lines(doc):
    return [json.loads(l) for l in open(doc)]
plain, lists = (lines(p) for p in sys.argv[1:3])
def members(ls): return {l["id"]: l for l in ls if l["type"] == "member"}
def pair(ls, a, b): return next(l for l in ls if l["type"] == "pair" and {l["a"], l["b"]} == {a, b})
m = members(plain)
# Without lists the page dated first is taken for the original (its time decides) ...
eq(m["web/roundup"]["parents"], [], "plain: the aggregator page is the root")
eq((m["desk/story"]["direction"], m["desk/story"]["decided_by"]), ("decided", "timestamp"), "plain: the story")
# ... and a near-duplicate nothing tells apart is undecided: placed, not called a copy.
eq((m["daily/three"]["parents"], m["daily/three"]["direction"], m["daily/three"]["decided_by"]),
   (["desk/story"], "undecided", None), "plain: the near-duplicate")
p = pair(plain, "desk/story", "daily/three")
eq((p["source"], p["decided_by"]), (None, None), "plain: the near-duplicate pair has no source")
eq(m["web/roundup"]["direction"], None, "the root has no direction")
eq(m["daily/two"]["title"], "Envoys meet in Paris", "members carry their title")
m = members(lists)
eq(m["desk/story"]["parents"], [], "lists: the wire desk is the root")
eq((m["web/roundup"]["parents"], m["web/roundup"]["decided_by"]), (["desk/story"], "aggregator"), "lists: aggregator")
eq((m["daily/three"]["direction"], m["daily/three"]["decided_by"]), ("decided", "wire-outlet"), "lists: wire outlet")
p = pair(lists, "desk/story", "web/roundup")
eq((p["source"], p["decided_by"]), ("desk/story", "aggregator"), "lists: the aggregator pair")
eq(m["daily/two"]["direction"], "undecided", "lists: the copy of the copy is still a near-duplicate nothing orders")
print("\n".join(failures))
sys.exit(1 if failures else 0)
PY

expect_exit 0 "$WIRETRACE" scan -q -f tsv "$WT_TMP/dump.jsonl"
grep -qxF $'desk/story\tdaily/three\tnear-duplicate\t-\t1.0000\t1.0000\tverbatim' "$WT_OUT" ||
    fail "TSV: the undecided pair's source_id is -" "$(cat "$WT_OUT")"

# --- the lists: wire outlets weigh in compare too; bad lists are errors -----------------------
python3 - "$WT_TMP/dump.jsonl" "$WT_TMP" <<'PY'
import json, sys
for l in open(sys.argv[1]):
    d = json.loads(l)
    open(f"{sys.argv[2]}/{d['id'].replace('/', '_')}.txt", "w").write(d["text"])
PY
expect_exit 0 "$WIRETRACE" compare --a-outlet "Metro Wire" "$WT_TMP/desk_story.txt" "$WT_TMP/daily_three.txt"
expect_stdout_contains "source:    undecided"
expect_exit 0 "$WIRETRACE" compare --wire-outlets "$WT_TMP/wire.txt" --a-outlet "Metro Wire" \
    "$WT_TMP/desk_story.txt" "$WT_TMP/daily_three.txt"
expect_stdout_contains "source:    a ($WT_TMP/desk_story.txt), decided by wire-outlet"

printf 'Metro Wire\nNews\x01Roundup\n' >"$WT_TMP/bad.txt"
expect_exit 2 "$WIRETRACE" scan --aggregators "$WT_TMP/bad.txt" "$WT_TMP/dump.jsonl"
expect_stderr_contains "$WT_TMP/bad.txt:2: an outlet name holds a control character"
expect_exit 2 "$WIRETRACE" scan --wire-outlets "$WT_TMP/missing.txt" "$WT_TMP/dump.jsonl"
expect_stderr_contains "$WT_TMP/missing.txt"
expect_exit 2 "$WIRETRACE" scan --wire-outlets "$WT_TMP/wire.txt" --aggregators "$WT_TMP/wire.txt" "$WT_TMP/dump.jsonl"
expect_stderr_contains '"metro wire" is listed both in --wire-outlets'
