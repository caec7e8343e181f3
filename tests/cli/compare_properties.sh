#!/usr/bin/env bash
# Properties of `wiretrace compare` that hold for any input:
#   - a text compared with itself is a duplicate, fully covered on both sides (exit 0)
#   - swapping the arguments swaps the a/b fields and nothing else: same relation, source, scores
#     and passages; insertions become deletions and vice versa; substitutions turn around
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
wt_init "$@"

for seed in "$SEED_AP" "$SEED_CBC"; do
    expect_exit 0 "$WIRETRACE" compare --format json "$seed" "$seed"
    expect_stderr_empty
    save_stdout "$WT_TMP/self.json"
    json_check "$WT_TMP/self.json" <<'PY'
eq(d["relation"], "duplicate", "relation")
for side in ("a", "b"):
    eq(d[side]["coverage"], 1.0, f"{side}.coverage")
    eq(d[side]["containment"], 1.0, f"{side}.containment")
    eq(d[side]["empty"], False, f"{side}.empty")
eq(d["scores"]["jaccard"], 1.0, "scores.jaccard")
eq(d["a"]["tokens"], d["b"]["tokens"], "tokens of a and b")
eq(d["edits"], [], "edits")
check(len(d["passages"]) >= 1, "at least one passage")
# the JSON writes coverages with four decimals
with open(paths[0], encoding="utf-8") as f:
    eq(f.read().count('"coverage":1.0000,'), 2, 'occurrences of "coverage":1.0000 in the raw JSON')
PY
    expect_exit 0 "$WIRETRACE" compare "$seed" "$seed"
    expect_stdout_contains "relation:  duplicate"
done

expect_exit 0 "$WIRETRACE" compare --format json "$SEED_AP" "$SEED_CBC"
save_stdout "$WT_TMP/ab.json"
expect_exit 0 "$WIRETRACE" compare --format json "$SEED_CBC" "$SEED_AP"
save_stdout "$WT_TMP/ba.json"
json_check "$WT_TMP/ab.json" "$WT_TMP/ba.json" <<'PY'
ab, ba = docs
swap_side = {"a": "b", "b": "a", None: None}
swap_kind = {"insertion": "deletion", "deletion": "insertion"}

eq(ba["relation"], ab["relation"], "relation")
eq(ba["source"], ab["source"], "source (a path)")
eq(ba["direction"]["source"], swap_side[ab["direction"]["source"]], "direction.source")
eq(ba["direction"]["decided_by"], ab["direction"]["decided_by"], "direction.decided_by")
same_items(((e["kind"], swap_side[e["favours"]], e["weight"]) for e in ba["direction"]["evidence"]),
           ((e["kind"], e["favours"], e["weight"]) for e in ab["direction"]["evidence"]),
           "direction.evidence (kind, favoured side swapped, weight)")
for field in ("id", "tokens", "empty", "coverage", "weighted_coverage", "containment", "wire"):
    eq(ba["b"][field], ab["a"][field], f"b.{field} of (B,A) vs a.{field} of (A,B)")
    eq(ba["a"][field], ab["b"][field], f"a.{field} of (B,A) vs b.{field} of (A,B)")
eq(ba["scores"], ab["scores"], "scores")
eq(ba["runs"], ab["runs"], "runs")
eq(len(ba["passages"]), len(ab["passages"]), "number of passages")

def passages(doc, swapped):
    x, y = ("b", "a") if swapped else ("a", "b")
    return [(tuple(p[x]["tokens"]), tuple(p[y]["tokens"]), p[x]["text"], p[y]["text"], p["matched"], p["moved"],
             p["quote"]) for p in doc["passages"]]
same_items(passages(ba, True), passages(ab, False), "passages with a and b swapped")

counts = {swap_kind.get(k, k): n for k, n in ab["edit_counts"].items()}
eq(ba["edit_counts"], counts, "edit_counts with insertion and deletion swapped")
same_items(((swap_kind.get(e["kind"], e["kind"]), e["b_text"], e["a_text"]) for e in ba["edits"]),
           ((e["kind"], e["a_text"], e["b_text"]) for e in ab["edits"]),
           "edits (kind with insertion/deletion swapped, a_text and b_text swapped)")
check(ab["edit_counts"]["insertion"] != ab["edit_counts"]["deletion"],
      "the seed pair has different insertion and deletion counts (else the swap check is vacuous)")
PY
