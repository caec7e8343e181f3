#!/usr/bin/env bash
# Issue #16's acceptance on a realistic test dump (tests/dump/dump.py): gen's 2,000 articles
# wrapped in page furniture (navigation, footers, the AP copyright line, comment prompts, share
# buttons, an ad script, a photo credit, an embedded post), 12 "News in Brief" digests of 4-6
# wire stories each, 12 aggregator pages (half dated an hour before their story) and the
# agencies' story versions titled "UPDATE n". Scanned with the aggregators named; eval's figures
# and the dump's own checks (furniture joins, digests, versions, copies of copies, aggregators)
# are exact for this seed: a change that moves them must say why (bench/results/2026-12-07-dump.txt).
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
wt_init "$@"
t="$WT_TMP"
command -v python3 >/dev/null || fail "python3 is needed to make the dump"

run_capture "$WIRETRACE" gen --docs 2000 --seed 16 -q -o "$t/gen.jsonl" --truth "$t/gen.tsv"
[[ $WT_STATUS -eq 0 ]] || fail "gen failed" "$(_last_run)"
run_capture python3 tests/dump/dump.py make --gen-corpus "$t/gen.jsonl" --gen-truth "$t/gen.tsv" \
    --output "$t/dump.jsonl" --truth "$t/truth.tsv" --aggregators "$t/aggregators.txt"
[[ $WT_STATUS -eq 0 ]] || fail "dump.py make failed" "$(_last_run)"
[[ "$(wc -l <"$t/dump.jsonl")" -eq 2024 ]] || fail "the dump should hold 2024 pages"

run_capture "$WIRETRACE" scan -q --format jsonl --aggregators "$t/aggregators.txt" -o "$t/scan.jsonl" "$t/dump.jsonl"
[[ $WT_STATUS -eq 0 ]] || fail "scan failed" "$(_last_run)"
run_capture "$WIRETRACE" eval --format json --min-coverage 0.3 --truth "$t/truth.tsv" "$t/scan.jsonl"
[[ $WT_STATUS -eq 0 ]] || fail "eval failed" "$(_last_run)"
out="$(python3 - "$WT_OUT" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
p = d["pairs"]
want = {"true_positives": 1856, "false_positives": 52, "false_negatives": 34}
bad = [f"{k}: {p[k]} (expected {v})" for k, v in want.items() if p[k] != v]
v = p["by_relation"]["version"]
if (v["truth"], v["found"], v["predicted"], v["correct"]) != (105, 101, 98, 98):
    bad.append(f"version row {v}")
for k in ("digest", "aggregator"):
    r = p["by_kind"][k]
    if (r["truth"], r["found"]) != ({"digest": 63, "aggregator": 12}[k], {"digest": 62, "aggregator": 12}[k]):
        bad.append(f"{k} recall {r}")
if p["false_positives"] - p["false_positives_same_cluster"] != 1:
    bad.append(f"false positives outside a truth cluster: {p['false_positives'] - p['false_positives_same_cluster']}")
print("\n".join(bad))
PY
)"
[[ -z "$out" ]] || fail "eval figures on the dump changed" "$out"

run_capture python3 tests/dump/dump.py check --truth "$t/truth.tsv" --scan "$t/scan.jsonl"
[[ $WT_STATUS -eq 0 ]] || fail "dump.py check failed" "$(_last_run)"
expected="pairs joining two truth clusters (furniture joins): 1
digests with exactly their items' sources as parents: 11 of 12; items attached to their own source: 62 of 63
direct version pairs: 78, in one cluster 78, reported as version 76; reported versions 98, of them truth versions 93
copies of copies at depth 2: right parent 126 of 139 (0.9065): the intermediate copy 106 of 118 holding its edits, an ancestor of it 20 of 21 holding none
copies of copies at depth 3: right parent 41 of 45 (0.9111): the intermediate copy 30 of 34 holding its edits, an ancestor of it 11 of 11 holding none
copies of copies at depth 4+: right parent 11 of 11 (1.0000): the intermediate copy 9 of 9 holding its edits, an ancestor of it 2 of 2 holding none
aggregator pages attached to their story: 11 of 12; articles under an aggregator page: 0"
[[ "$(cat "$WT_OUT")" == "$expected" ]] || fail "the dump's checks changed" "expected:" "$expected" "got:" "$(cat "$WT_OUT")"

# The version relation in every format: an agency's update under its first text.
run_capture "$WIRETRACE" scan -q --aggregators "$t/aggregators.txt" "$t/dump.jsonl"
grep -q '^├ 175bc5c91e992ef4  PA  2014-01-01T09:03:32Z  version (verbatim)  newer version of 4e34b7b5e4faf2e6: keeps 94% of it, 80% of it from there' "$WT_OUT" ||
    fail "the text tree should show the update as a newer version" "$(grep -m3 version "$WT_OUT")"
# A digest under its first item's source, each further item's source with that item's share.
grep -A2 '^└ digest-003  The Koward Times  2014-09-13T01:50:04Z  rewrite (verbatim)  took 47% of 5b9ce7447b18edc0, 26% of it from there' "$WT_OUT" |
    grep -q '^    also from e72e27ff1f4a7d55 (roundup): took 36% of it, 18% of it from there$' ||
    fail "the digest's items should stand beside their own sources with their shares" "$(grep -A6 'digest-003' "$WT_OUT")"
run_capture "$WIRETRACE" scan -q --format csv --aggregators "$t/aggregators.txt" "$t/dump.jsonl"
grep -q '^1,175bc5c91e992ef4,4e34b7b5e4faf2e6,4e34b7b5e4faf2e6,version,verbatim,decided,timestamp,0.9432,0.8032,PA,UPDATE 1-' "$WT_OUT" ||
    fail "the CSV should name the update a version" "$(grep -m3 version "$WT_OUT")"
run_capture "$WIRETRACE" scan -q --format tsv --aggregators "$t/aggregators.txt" "$t/dump.jsonl"
grep -qP '^4e34b7b5e4faf2e6\t175bc5c91e992ef4\tversion\t4e34b7b5e4faf2e6\t0.9432\t0.8032\tverbatim$' "$WT_OUT" ||
    fail "the TSV pair list should name the update a version" "$(grep -m3 version "$WT_OUT")"
run_capture "$WIRETRACE" scan -q --format html --aggregators "$t/aggregators.txt" -o "$t/html" "$t/dump.jsonl"
[[ $WT_STATUS -eq 0 ]] || fail "scan --format html failed" "$(_last_run)"
grep -rq 'class="rel version"' "$t/html" || fail "the HTML report should mark versions (class rel version)"
