#!/usr/bin/env bash
# Acceptance of `check` on a generated corpus: index the wire originals, check every other article,
# and score the derived relations with `eval` on the pairs a check can find (an article against an
# original). `scan` of the whole corpus is scored on the same pairs: check must be at least as good
# in precision and recall, and both at least 0.98 (pairs whose source coverage is at least 0.3).
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
wt_init "$@"
SPLIT="$REPO_ROOT/bench/split_originals.py"
cd "$WT_TMP"
"$WIRETRACE" gen --docs 3000 --seed 5 -o corpus.jsonl --truth truth.tsv -q
python3 "$SPLIT" split corpus.jsonl truth.tsv originals.jsonl others.jsonl truth-cross.tsv 2>/dev/null
expect_exit 0 "$WIRETRACE" index add originals.jsonl --db originals.db -q
expect_exit 0 "$WIRETRACE" check others.jsonl --db originals.db --format tsv -o check.tsv -q
expect_exit 0 "$WIRETRACE" scan corpus.jsonl --format tsv -o scan.tsv -q
python3 "$SPLIT" cross originals.jsonl scan.tsv scan-cross.tsv
expect_exit 0 "$WIRETRACE" eval check.tsv --truth truth-cross.tsv --min-coverage 0.3 --format json -o check-eval.json
expect_exit 0 "$WIRETRACE" eval scan-cross.tsv --truth truth-cross.tsv --min-coverage 0.3 --format json -o scan-eval.json
python3 - check-eval.json scan-eval.json <<'PY' || fail "check is below scan or below 0.98" "$(cat check-eval.json | head -c 1500)"
import json, sys
check, scan = (json.load(open(p))["pairs"] for p in sys.argv[1:3])
print(f"check: precision {check['precision']:.4f} recall {check['recall']:.4f}; "
      f"scan: precision {scan['precision']:.4f} recall {scan['recall']:.4f}")
assert check["true_positives"] > 1000, check
assert check["precision"] >= scan["precision"] and check["recall"] >= scan["recall"], (check, scan)
assert check["precision"] >= 0.98 and check["recall"] >= 0.98, check
PY
