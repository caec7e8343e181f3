#!/usr/bin/env bash
# Acceptance: the seed pair scanned as a two-article dump (a directory of .txt files) gives one
# cluster rooted at the AP story, with the CBC rewrite under it, in every output format.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
wt_init "$@"

mkdir -p "$WT_TMP/dump/nested"
cp "$SEED_AP" "$WT_TMP/dump/ap.txt"
cp "$SEED_CBC" "$WT_TMP/dump/nested/cbc.txt"

expect_exit 0 "$WIRETRACE" scan --format jsonl "$WT_TMP/dump"
python3 - "$WT_OUT" <<'PY' || fail "JSONL of the seed scan is wrong" "$(cat "$WT_OUT")"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
types = [l["type"] for l in lines]
assert types == ["cluster", "member", "member", "pair", "summary"], types
cluster, root, copy, pair, summary = lines
assert cluster == {**cluster, "cluster": 1, "root": "ap.txt", "size": 2}, cluster
assert root["id"] == "ap.txt" and root["parents"] == [] and root["relation"] is None, root
assert copy["id"] == "nested/cbc.txt" and copy["parents"] == ["ap.txt"] and copy["relation"] == "rewrite", copy
assert 0.6 <= copy["coverage_of_source"] <= 0.8 and 0.3 <= copy["coverage_of_copy"] <= 0.5, copy
assert (pair["a"], pair["b"], pair["source"], pair["relation"]) == ("ap.txt", "nested/cbc.txt", "ap.txt", "rewrite"), pair
assert pair["edits"]["respelling"] >= 4 and pair["edits"]["substitution"] >= 3, pair
assert summary["schema"] == "wiretrace.scan/1" and summary["articles"] == 2 and summary["clusters"] == 1, summary
assert summary["pairs"] == 1 and summary["skipped"] == 0, summary
PY

expect_exit 0 "$WIRETRACE" scan --format tsv "$WT_TMP/dump"
[[ "$(sed -n 1p "$WT_OUT")" == $'#id_a\tid_b\trelation\tsource_id\tcoverage_a\tcoverage_b\tgrade' ]] || fail "TSV header" "$(cat "$WT_OUT")"
[[ "$(wc -l <"$WT_OUT")" -eq 2 ]] || fail "TSV: one pair line expected" "$(cat "$WT_OUT")"
[[ "$(cut -f1-4 <"$WT_OUT" | sed -n 2p)" == $'ap.txt\tnested/cbc.txt\trewrite\tap.txt' ]] || fail "TSV pair" "$(cat "$WT_OUT")"
expect_stderr_contains "2 articles read (0 skipped"

expect_exit 0 "$WIRETRACE" scan "$WT_TMP/dump"
expect_stdout_contains "cluster 1: 2 articles"
[[ "$(sed -n 2p "$WT_OUT")" == ap.txt* ]] || fail "text: the root comes first" "$(cat "$WT_OUT")"
expect_stdout_contains "└ nested/cbc.txt"

# The same two articles as JSONL from standard input, in the other order: the same cluster.
python3 - "$SEED_AP" "$SEED_CBC" >"$WT_TMP/seeds.jsonl" <<'PY'
import json, sys
for path, name in reversed(list(zip(sys.argv[1:], ["ap", "cbc"]))):
    print(json.dumps({"id": name, "text": open(path, encoding="utf-8").read()}))
PY
expect_exit 0 "$WIRETRACE" scan --format tsv - <"$WT_TMP/seeds.jsonl"
[[ "$(cut -f1-4 <"$WT_OUT" | sed -n 2p)" == $'cbc\tap\trewrite\tap' ]] || fail "stdin TSV pair" "$(cat "$WT_OUT")"

# Other field names (--id-field, --text-field, --time-field): the dates now decide the direction.
python3 - "$SEED_AP" "$SEED_CBC" >"$WT_TMP/fields.jsonl" <<'PY'
import json, sys
for path, name, when in zip(sys.argv[1:], ["ap", "cbc"], ["2013-08-26T10:00:00Z", "2013-08-26T18:00:00Z"]):
    print(json.dumps({"doc": name, "body": open(path, encoding="utf-8").read(), "when": when}))
PY
expect_exit 0 "$WIRETRACE" scan --format jsonl --id-field doc --text-field body --time-field when "$WT_TMP/fields.jsonl"
python3 - "$WT_OUT" <<'PY' || fail "custom field names" "$(cat "$WT_OUT")"
import json, sys
pair = [json.loads(l) for l in open(sys.argv[1]) if '"type":"pair"' in l][0]
assert (pair["a"], pair["b"], pair["source"], pair["decided_by"]) == ("ap", "cbc", "ap", "timestamp"), pair
PY
expect_exit 2 "$WIRETRACE" scan --format jsonl "$WT_TMP/fields.jsonl"  # default fields: no id, no text
expect_stderr_contains "no usable article: all 2 records were skipped"
expect_stdout_empty
