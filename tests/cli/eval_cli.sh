#!/usr/bin/env bash
# `wiretrace eval` end to end: exact figures on a hand-made truth and result pair (TSV and JSONL
# results give the same pair metrics, JSONL adds the cluster metrics), --min-coverage, -o and
# standard input, the text report, the seed pair scored through compare, and bad input (exit 2,
# the file and line named on stderr, nothing on stdout).
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
wt_init "$@"

t="$WT_TMP"
eval_cmd=("$WIRETRACE" eval)

# --- a hand-made case (tests/data/eval, also the README's example) ---------------------------------
# Truth: b, c copies of a; e, f copies of d; c2 a copy of c (so c2 derives from a, transitively);
# x and y the same story written twice, and a and d two wire stories of the same event (hard
# negatives).
# Predictions: {a,b} right (source right), {d,e} right (source wrong), {c2,c} right (undecided),
# {c,d} wrong, {x,y} wrong (the same-story pair), {a,f} not derived (ignored). Missed: {a,c},
# {d,f}, {c2,a}. TP 3, FP 2, FN 3: precision 0.6, recall 0.5, F1 6/11. results.jsonl holds the
# same pairs with clusters {a, b, c, c2} (root a) and {d, e} (root d); f, x, y alone.
# Classification of the 8 labelled pairs: derived 3 found, 3 missed; same-story {x,y} called
# derived, {a,d} not ({c,d} is no labelled pair). Derived: precision 3/4, recall 1/2, F1 6/10;
# not derived: precision 1/4, recall 1/2, F1 2/6; macro 7/15, weighted (6 * 0.6 + 2/3) / 8 = 8/15,
# accuracy 4/8.
cp "$REPO_ROOT/tests/data/eval/truth.tsv" "$REPO_ROOT/tests/data/eval/results.tsv" \
   "$REPO_ROOT/tests/data/eval/results.jsonl" "$t/"

expect_exit 0 "${eval_cmd[@]}" --truth "$t/truth.tsv" --format json "$t/results.tsv"
expect_stderr_empty
save_stdout "$t/tsv.json"
expect_exit 0 "${eval_cmd[@]}" --truth "$t/truth.tsv" --format json "$t/results.jsonl"
expect_stderr_empty
save_stdout "$t/jsonl.json"

json_check "$t/tsv.json" "$t/jsonl.json" <<'PY'
tsv, jsonl = docs
for name, d in (("tsv", tsv), ("jsonl", jsonl)):
    eq(d["schema"], "wiretrace.eval/1", f"{name}: schema")
    p = d["pairs"]
    eq((p["true_positives"], p["false_positives"], p["false_negatives"]), (3, 2, 3), f"{name}: TP FP FN")
    eq(p["precision"], 0.6, f"{name}: precision")
    eq(p["recall"], 0.5, f"{name}: recall")
    eq(p["f1"], 0.5455, f"{name}: f1 (6/11)")
    eq(p["by_relation"]["duplicate"], {"truth": 2, "found": 2, "recall": 1.0, "predicted": 2, "correct": 2,
                                       "precision": 1.0}, f"{name}: duplicate")
    eq(p["by_relation"]["near-duplicate"]["recall"], 0.0, f"{name}: near-duplicate recall")
    eq(p["by_relation"]["near-duplicate"]["precision"], None, f"{name}: near-duplicate precision")
    eq(p["by_relation"]["rewrite"], {"truth": 3, "found": 1, "recall": 0.3333, "predicted": 3, "correct": 1,
                                     "precision": 0.3333}, f"{name}: rewrite")
    eq(p["by_coverage"]["<0.3"]["recall"], None, f"{name}: band <0.3")
    eq((p["by_coverage"]["0.3-0.6"]["found"], p["by_coverage"]["0.3-0.6"]["truth"]), (0, 2), f"{name}: band 0.3-0.6")
    eq((p["by_coverage"][">=0.6"]["found"], p["by_coverage"][">=0.6"]["truth"]), (3, 4), f"{name}: band >=0.6")
    eq(p["by_link"]["transitive"], {"truth": 1, "found": 0, "recall": 0.0}, f"{name}: transitive")
    eq(d["same_story_as_derived"], 1, f"{name}: same_story_as_derived")
    eq(d["direction_accuracy"], 0.3333, f"{name}: direction_accuracy")
    eq(d["direction"], {"correct": 1, "undecided": 1, "true_positives": 3}, f"{name}: direction")
    # source side (a, d, c): |1-1| + |0.5-0.7| + |1-1| over 3; copy side: |0.98-1| + 0 + 0 over 3
    eq(d["containment_error"], {"source": 0.0667, "copy": 0.0067}, f"{name}: containment_error")
    eq(d["same_story_pairs"], 2, f"{name}: same_story_pairs")
    eq(d["classification"], {
        "evaluated": True, "items": 8,
        "confusion": {"derived": {"derived": 3, "not_derived": 3}, "not_derived": {"derived": 1, "not_derived": 1}},
        "derived": {"precision": 0.75, "recall": 0.5, "f1": 0.6, "support": 6},
        "not_derived": {"precision": 0.25, "recall": 0.5, "f1": 0.3333, "support": 2},
        "macro_f1": 0.4667, "weighted_f1": 0.5333, "accuracy": 0.5}, f"{name}: classification")

# TSV results carry no clusters.
for key in ("ari", "root_accuracy"):
    eq(tsv[key], None, f"tsv: {key}")
eq(tsv["bcubed"], {"precision": None, "recall": None, "f1": None}, "tsv: bcubed")
eq(tsv["clusters"]["evaluated"], False, "tsv: clusters.evaluated")

# JSONL: items a b c c2 d e f x y. Truth clusters {a,b,c,c2} {d,e,f} {x} {y};
# predicted {a,b,c,c2} {d,e} {f} {x} {y}. B-cubed precision 1; recall: 4 items 1, d e 2/3, f 1/3,
# x y 1 -> (6 + 4/3 + 1/3) / 9 = 23/27 = 0.8519; F1 = 2 * 23/27 / (50/27) = 0.92.
# ARI: index C(4,2) + C(2,2) = 7, truth 6 + 3 = 9, predicted 6 + 1 = 7, pairs 36: expected 1.75,
# max 8, ARI = 5.25 / 6.25 = 0.84. Roots: a and d both right.
eq(jsonl["bcubed"], {"precision": 1.0, "recall": 0.8519, "f1": 0.92}, "jsonl: bcubed")
eq(jsonl["ari"], 0.84, "jsonl: ari")
eq(jsonl["root_accuracy"], 1.0, "jsonl: root_accuracy")
eq(jsonl["clusters"], {"evaluated": True, "items": 9, "truth_clusters": 2, "predicted_clusters": 2},
   "jsonl: clusters")
PY

# The text report.
expect_exit 0 "${eval_cmd[@]}" --truth "$t/truth.tsv" "$t/results.jsonl"
expect_stderr_empty
expect_stdout_contains "results:  $t/results.jsonl (jsonl): 6 pairs, 6 member lines"
expect_stdout_contains "  all                     0.6000    0.5000    0.5455         3         2         3"
expect_stdout_contains "adjusted Rand index   0.8400"
expect_stdout_contains "direction accuracy      0.3333   (1 of 3 true positives, 1 undecided)"
expect_stdout_contains "classification of labelled pairs: 8 items (6 derived, 2 same-story)"
expect_stdout_contains "  not_derived                  1            1"
expect_stdout_contains "  not_derived             0.2500    0.5000    0.3333         2"
expect_stdout_contains "  macro F1                0.4667"
expect_stdout_contains "  accuracy                0.5000   (4 of 8 items)"
expect_exit 0 "${eval_cmd[@]}" --truth "$t/truth.tsv" "$t/results.tsv"
expect_stdout_contains "clusters: n/a (the results are a TSV pair list"

# --min-coverage 0.6 leaves out {a,c} and {c2,a} (0.5): TP 3, FP 2, FN 1 (only {d,f} missed).
# Classification: 6 items, derived 3 found, 1 missed; not derived as before. Derived F1 3/4, not
# derived 1/2: macro 5/8, weighted (4 * 3/4 + 2 * 1/2) / 6 = 2/3, accuracy 4/6.
expect_exit 0 "${eval_cmd[@]}" --truth "$t/truth.tsv" --format json --min-coverage 0.6 "$t/results.tsv"
save_stdout "$t/min.json"
json_check "$t/min.json" <<'PY'
p = d["pairs"]
eq((p["true_positives"], p["false_positives"], p["false_negatives"]), (3, 2, 1), "TP FP FN")
eq(p["excluded_truth"], 2, "excluded_truth")
eq(p["recall"], 0.75, "recall")
eq(d["min_coverage"], 0.6, "min_coverage")
c = d["classification"]
eq((c["items"], c["confusion"]["derived"], c["confusion"]["not_derived"]),
   (6, {"derived": 3, "not_derived": 1}, {"derived": 1, "not_derived": 1}), "classification counts")
eq((c["derived"]["f1"], c["not_derived"]["f1"]), (0.75, 0.5), "classification class F1")
eq((c["macro_f1"], c["weighted_f1"], c["accuracy"]), (0.625, 0.6667, 0.6667), "classification averages")
PY

# -o writes the same bytes and nothing on stdout; RESULTS from standard input.
expect_exit 0 "${eval_cmd[@]}" --truth "$t/truth.tsv" --format json -o "$t/out.json" "$t/results.jsonl"
expect_stdout_empty
expect_same_bytes "$t/jsonl.json" "$t/out.json"
expect_exit 0 "${eval_cmd[@]}" --truth "$t/truth.tsv" --format json - <"$t/results.jsonl"
save_stdout "$t/stdin.json"
json_check "$t/stdin.json" <<'PY'
eq(d["results"], "<stdin>", "results")
eq(d["ari"], 0.84, "ari")
PY

# Empty results: nothing predicted, recall 0, precision null; every labelled pair is predicted not
# derived (not_derived precision 2/8, recall 1).
: >"$t/empty.tsv"
expect_exit 0 "${eval_cmd[@]}" --truth "$t/truth.tsv" --format json "$t/empty.tsv"
save_stdout "$t/empty.json"
json_check "$t/empty.json" <<'PY'
eq((d["pairs"]["precision"], d["pairs"]["recall"], d["pairs"]["f1"]), (None, 0.0, 0.0), "precision recall f1")
eq(d["direction_accuracy"], None, "direction_accuracy")
c = d["classification"]
eq((c["items"], c["confusion"]["derived"], c["confusion"]["not_derived"]),
   (8, {"derived": 0, "not_derived": 6}, {"derived": 0, "not_derived": 2}), "classification counts")
eq((c["derived"]["precision"], c["derived"]["recall"], c["derived"]["f1"]), (None, 0.0, 0.0), "derived")
eq((c["not_derived"]["precision"], c["not_derived"]["recall"]), (0.25, 1.0), "not_derived")
eq(c["accuracy"], 0.25, "accuracy")
PY

# --- the seed pair, scored through compare -----------------------------------------------------
# Hand-written truth: the CBC story is a rewrite of the AP story; about 0.69 of the AP text and
# 0.40 of the CBC text are aligned (README). compare's JSON becomes a one-row TSV pair list.
printf '%s\t%s\trewrite\t0.69\t0.40\t1\n' "$SEED_CBC" "$SEED_AP" >"$t/seed-truth.tsv"
expect_exit 0 "$WIRETRACE" compare --format json "$SEED_CBC" "$SEED_AP"
save_stdout "$t/seed-compare.json"
python3 - "$t/seed-compare.json" >"$t/seed-results.tsv" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print("#id_a\tid_b\trelation\tsource_id\tcoverage_a\tcoverage_b")
print("\t".join([d["a"]["id"], d["b"]["id"], d["relation"], d["source"] or "-",
                 str(d["a"]["coverage"]), str(d["b"]["coverage"])]))
PY
expect_exit 0 "${eval_cmd[@]}" --truth "$t/seed-truth.tsv" --format json "$t/seed-results.tsv"
save_stdout "$t/seed-eval.json"
json_check "$t/seed-eval.json" <<'PY'
eq((d["pairs"]["precision"], d["pairs"]["recall"], d["pairs"]["f1"]), (1.0, 1.0, 1.0), "precision recall f1")
eq(d["pairs"]["by_relation"]["rewrite"]["precision"], 1.0, "rewrite precision")
eq(d["direction_accuracy"], 1.0, "direction_accuracy (AP is the source)")
in_range(d["containment_error"]["source"], 0.0, 0.02, "containment_error.source")
in_range(d["containment_error"]["copy"], 0.0, 0.02, "containment_error.copy")
PY

# --- bad input: exit 2, file:line on stderr, nothing on stdout --------------------------------
expect_exit 2 "${eval_cmd[@]}" --truth "$t/no-such-truth.tsv" "$t/results.tsv"
expect_stderr_contains "$t/no-such-truth.tsv"
expect_stdout_empty
expect_exit 2 "${eval_cmd[@]}" --truth "$t/truth.tsv" "$t/no-such-results.jsonl"
expect_stderr_contains "$t/no-such-results.jsonl"
expect_stdout_empty

{ head -n 3 "$t/truth.tsv"; printf 'g\th\trewrite\t0.5\n'; } >"$t/bad-truth.tsv"
expect_exit 2 "${eval_cmd[@]}" --truth "$t/bad-truth.tsv" "$t/results.tsv"
expect_stderr_contains "wiretrace: error: $t/bad-truth.tsv:4: expected 5 to 8 tab-separated fields"
expect_stdout_empty

{ head -n 4 "$t/results.jsonl"; printf '{"type":"pair","a":"g",\n'; } >"$t/bad-results.jsonl"
expect_exit 2 "${eval_cmd[@]}" --truth "$t/truth.tsv" "$t/bad-results.jsonl"
expect_stderr_contains "$t/bad-results.jsonl:5: invalid JSON"
expect_stdout_empty

{ head -n 2 "$t/results.tsv"; printf 'g\th\trewritten\t-\t0.5\t0.5\n'; } >"$t/bad-results.tsv"
expect_exit 2 "${eval_cmd[@]}" --truth "$t/truth.tsv" "$t/bad-results.tsv"
expect_stderr_contains "$t/bad-results.tsv:3: unknown relation \"rewritten\""
expect_stdout_empty

expect_exit 2 "${eval_cmd[@]}" --truth "$t/truth.tsv" --min-coverage 1.5 "$t/results.tsv"
expect_stderr_contains "--min-coverage"
expect_stdout_empty
expect_exit 2 "${eval_cmd[@]}" "$t/results.tsv"
expect_stderr_contains "--truth"
expect_stdout_empty
expect_exit 2 "${eval_cmd[@]}" --truth - - </dev/null
expect_stderr_contains "standard input"
expect_stdout_empty
expect_exit 2 "${eval_cmd[@]}" --truth "$t/truth.tsv" -o "$t/no-such-dir/x.json" "$t/results.tsv"
expect_stderr_contains "$t/no-such-dir/x.json"
expect_stdout_empty

# -o naming an input (the truth or the results, however spelled) is refused before anything is
# written: exit 2, the file named, the input unchanged.
for format in text json; do
    for victim in truth.tsv results.jsonl results.tsv; do
        cp "$t/$victim" "$t/before-$victim"
        results="$t/results.jsonl"
        [[ $victim == results.tsv ]] && results="$t/results.tsv"
        expect_exit 2 "${eval_cmd[@]}" --truth "$t/truth.tsv" --format "$format" -o "$t/./$victim" "$results"
        expect_stderr_contains "wiretrace: error: $t/./$victim: is also an input: writing the output would destroy it"
        expect_stdout_empty
        expect_same_bytes "$t/before-$victim" "$t/$victim"
    done
done
