#!/usr/bin/env bash
# Quality guard on a small generated corpus (the acceptance figures on 100k articles are measured
# by bench/scan_scale.sh and quoted in the README): scan, then eval against the truth. Floors sit
# below the measured figures (3000 articles, seed 5: precision 0.990, recall 0.991 over the
# traceable pairs and 0.961 with the untraceable ones, direction 1.0, roots 0.993) so that a
# regression fails. The run is deterministic: the margin only leaves room for deliberate small
# changes of the engine.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
wt_init "$@"

expect_exit 0 "$WIRETRACE" gen --docs 3000 --seed 5 -o "$WT_TMP/corpus.jsonl" --truth "$WT_TMP/truth.tsv" -q
expect_exit 0 "$WIRETRACE" scan -q --format jsonl -o "$WT_TMP/out.jsonl" "$WT_TMP/corpus.jsonl"
expect_exit 0 "$WIRETRACE" eval --format json --min-coverage 0.3 --truth "$WT_TMP/truth.tsv" "$WT_TMP/out.jsonl"
save_stdout "$WT_TMP/eval.json"
json_check "$WT_TMP/eval.json" <<'PY'
p = d["pairs"]
check(p["precision"] >= 0.98, f"precision >= 0.98, got {p['precision']}")
check(p["recall"] >= 0.98, f"recall >= 0.98, got {p['recall']}")
check(p["untraceable_truth"] > 0, "copies of copies without a trace of their source are marked")
check(p["with_untraceable"]["recall"] >= 0.95, f"recall with untraceable >= 0.95, got {p['with_untraceable']['recall']}")
check(d["direction_accuracy"] >= 0.97, f"direction accuracy >= 0.97, got {d['direction_accuracy']}")
check(d["root_accuracy"] >= 0.95, f"root accuracy >= 0.95, got {d['root_accuracy']}")
eq(d["same_story_as_derived"], 0, "same-story pairs called derived")
PY
