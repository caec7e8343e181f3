#!/usr/bin/env bash
# The acceptance check of `wiretrace gen` at 100,000 articles (slow: about a minute on two cores;
# CTest label `slow`):
#   - --seed 7 twice gives byte-identical corpus and truth, and --threads 1 and --threads 2 too
#   - every document kind is within 20% of its stated proportion, counted from the truth TSV and
#     the outlets alone
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
wt_init "$@"

docs=100000
expect_exit 0 "$WIRETRACE" gen --docs "$docs" --seed 7 -o "$WT_TMP/a.jsonl" --truth "$WT_TMP/a.tsv"
expect_exit 0 "$WIRETRACE" gen --docs "$docs" --seed 7 -o "$WT_TMP/b.jsonl" --truth "$WT_TMP/b.tsv"
expect_same_bytes "$WT_TMP/a.jsonl" "$WT_TMP/b.jsonl"
expect_same_bytes "$WT_TMP/a.tsv" "$WT_TMP/b.tsv"
rm -f "$WT_TMP/b.jsonl" "$WT_TMP/b.tsv"
expect_exit 0 "$WIRETRACE" gen --docs "$docs" --seed 7 --threads 1 -o "$WT_TMP/t1.jsonl" --truth "$WT_TMP/t1.tsv"
expect_same_bytes "$WT_TMP/a.jsonl" "$WT_TMP/t1.jsonl"
expect_same_bytes "$WT_TMP/a.tsv" "$WT_TMP/t1.tsv"
rm -f "$WT_TMP/t1.jsonl" "$WT_TMP/t1.tsv"
expect_exit 0 "$WIRETRACE" gen --docs "$docs" --seed 7 --threads 2 -o "$WT_TMP/t2.jsonl" --truth "$WT_TMP/t2.tsv"
expect_same_bytes "$WT_TMP/a.jsonl" "$WT_TMP/t2.jsonl"
expect_same_bytes "$WT_TMP/a.tsv" "$WT_TMP/t2.tsv"

python3 - "$WT_TMP/a.jsonl" "$WT_TMP/a.tsv" "$docs" >"$WT_TMP/check.log" 2>&1 <<'PY' || fail "proportions" "$(cat "$WT_TMP/check.log")"
import json, sys
from collections import Counter, defaultdict
WIRE = {"AP", "Reuters", "AFP", "PA", "The Canadian Press"}
outlet = {}
for line in open(sys.argv[1], encoding="utf-8"):
    d = json.loads(line)
    outlet[d["id"]] = d["outlet"]
kind_of = {}
same = set()
for n, line in enumerate(open(sys.argv[2], encoding="utf-8")):
    if n == 0:
        continue
    # copy source relation coverage_of_source coverage_of_copy direct traceable kind
    copy, source, relation, _, _, is_direct, _, kind = line.rstrip("\n").split("\t")
    if relation == "same-story":
        same.add(copy)
    elif is_direct == "1":
        kind_of.setdefault(copy, kind)
kinds = Counter()
for doc, out in outlet.items():
    if doc in same:
        kinds["same-event"] += 1
    elif doc not in kind_of:
        kinds["wire" if out in WIRE else "unrelated"] += 1
    else:
        kinds[kind_of[doc]] += 1
# gen's default shares (`wiretrace gen --help`); the first take of a story in takes counts as wire.
stated = {"wire": 0.10, "update": 0.02, "copy": 0.30, "copy-of-copy": 0.08, "roundup": 0.02,
          "duplicate": 0.05, "near-duplicate": 0.07, "same-event": 0.08, "paraphrase": 0.03,
          "take": 0.015, "multi-take": 0.02, "unrelated": 0.215}
docs = int(sys.argv[3])
bad = []
for kind, share in stated.items():
    expected = share * docs
    print(f"{kind:15} {kinds[kind]:7} stated {expected:9.0f}")
    if not 0.8 * expected <= kinds[kind] <= 1.2 * expected:
        bad.append(kind)
assert sum(kinds.values()) == docs
assert not bad, bad
PY
