#!/usr/bin/env bash
# datasets/meter_model.py on METER courts (../shared/datasets/meter-courts beside the repository;
# skipped when absent): it extracts the model inputs with this wiretrace binary, refits the
# derived-or-not model with 10-fold cross-validation by catchline and prints the coefficients.
#   * the coefficients it prints are the ones compiled into core/src/score/score.cpp: a change to
#     the engine's features (tokenizer, n-gram sets) that shifts them fails here until the model
#     is refitted and the constants updated;
#   * the cross-validated and in-sample figures stay at the measured ones (floors a little below,
#     as in datasets_scan.sh; bench/results/2026-11-21-meter-model.txt has the full report);
#   * a missing binary is a clear error, exit 2.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
wt_init "$@"

need_datasets meter-courts
src="$data/meter-courts"

expect_exit 2 datasets/meter_model.py --wiretrace "$WT_TMP/no-such-binary" --src "$src"
expect_stderr_contains "no wiretrace binary at $WT_TMP/no-such-binary"

expect_exit 0 datasets/meter_model.py --wiretrace "$WIRETRACE" --src "$src"
save_stdout "$WT_TMP/fit.txt"
run_capture python3 - "$WT_TMP/fit.txt" core/src/score/score.cpp <<'PY'
import re, sys
out = open(sys.argv[1], encoding="utf-8").read()
src = open(sys.argv[2], encoding="utf-8").read()
errors = []
constant = re.compile(r"constexpr double (k\w+) = (-?\d+\.\d+);")
fitted = dict(constant.findall(out))
compiled = {k: v for k, v in constant.findall(src) if k in fitted}
if len(fitted) != 5 or fitted != compiled:
    errors.append("fitted constants %s differ from core/src/score/score.cpp %s" % (fitted, compiled))
blocks = {m.group(1): m for m in re.finditer(
    r"^(.*)\n  truth \\ predicted.*\n  derived +(\d+) +(\d+)\n  not_derived +(\d+) +(\d+)\n"
    r"  macro F1 ([\d.]+)   weighted F1 ([\d.]+)   derived-class F1 ([\d.]+)", out, re.M)}
floors = {  # title: (macro, weighted, derived-class) measured 0.7160/0.8197/0.8977 and 0.6304/0.7014/0.7549
    "model alone, 10-fold CV (probability >= 0.50)": (0.70, 0.80, 0.88),
    "engine decision, 10-fold CV (rule, or model where it may decide)": (0.61, 0.68, 0.73),
}
for title, (macro, weighted, derived) in floors.items():
    m = blocks.get(title)
    if m is None:
        errors.append("no block %r in the output" % title)
        continue
    tp, fn, fp, tn = (int(m.group(i)) for i in range(2, 6))
    if (tp + fn, fp + tn) != (604, 165):
        errors.append("%s: %d derived and %d non-derived articles, expected 604 and 165" % (title, tp + fn, fp + tn))
    got = tuple(float(m.group(i)) for i in range(6, 9))
    if any(g < f for g, f in zip(got, (macro, weighted, derived))):
        errors.append("%s: macro/weighted/derived-class F1 %s below the floors %s" % (title, got, (macro, weighted, derived)))
if errors:
    print("\n".join(errors))
    sys.exit(1)
PY
[[ "$WT_STATUS" -eq 0 ]] || fail "meter_model.py figures" "$(cat "$WT_OUT")"
echo "ok"
