#!/usr/bin/env bash
# datasets/cross_corpus.py (the cross-corpus matrix of issue #15 deliverable 3) on the real corpora
# (../shared/datasets beside the repository; skipped when absent): bad arguments are exit 2 with a
# message; a full run prints the threshold table, the transfer matrix with its four rows (each fit
# row's threshold the best of its corpus in the table, the default row the default column), the
# Clough & Stevenson four-way confusion matrix (95 answers: 19 / 19 / 19 / 38), the Reuters groups
# and templated notices, and the error analysis (its counts adding up to the misses); every F1 and
# accuracy is in [0, 1]; --out holds the same report as standard output; --keep keeps the scans.
# About 25 s on the 2-core VM.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
wt_init "$@"

need_datasets meter-courts counter-dev clough-stevenson reuters21578
t="$WT_TMP"

expect_exit 2 python3 datasets/cross_corpus.py --wiretrace "$t/no-such-binary"
expect_stderr_contains "not an executable"
expect_exit 2 python3 datasets/cross_corpus.py --wiretrace "$WIRETRACE" --scan-args "--rewrite-z 3"
expect_stderr_contains "--scan-args may not set --rewrite-z"
expect_exit 2 python3 datasets/cross_corpus.py --wiretrace "$WIRETRACE" --grid 2,x
expect_stderr_contains "--grid wants comma-separated numbers"
expect_exit 2 python3 datasets/cross_corpus.py --wiretrace "$WIRETRACE" --src "$t/none"
expect_stderr_contains "not found"

expect_exit 0 python3 datasets/cross_corpus.py --wiretrace "$WIRETRACE" --out "$t/report.txt" --keep "$t/keep"
save_stdout "$t/stdout.txt"
expect_same_bytes "$t/stdout.txt" "$t/report.txt" "--out holds the report printed"
for z in 2 3 4 5 6 8 10 1000; do
    [[ -s "$t/keep/meter/scan-z$z.jsonl" && -s "$t/keep/reuters/scan-z$z.jsonl" ]] ||
        fail "--keep lacks the scans at --rewrite-z $z" "$(ls -R "$t/keep" | head -50)"
done

run_capture python3 - "$t/report.txt" <<'PY'
import re, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
errors = []
def row(prefix):
    hits = [l for l in lines if l.startswith(prefix)]
    if len(hits) != 1:
        errors.append("%d lines start with %r, expected 1" % (len(hits), prefix))
        return []
    return hits[0][len(prefix):].split()
def unit(values, what):
    for v in values:
        if not 0.0 <= float(v.rstrip("+")) <= 1.0:
            errors.append("%s: %s outside [0, 1]" % (what, v))

grid = row("--rewrite-z")
if grid != ["2", "3", "4*", "5", "6", "8", "10", "1000"]:
    errors.append("threshold grid %s" % grid)
z = [g.rstrip("*") for g in grid]
table = {}
for name in ("METER macro-F1", "COUNTER macro-F1", "Clough macro-F1", "mean of METER and COUNTER", "Clough four-way accuracy"):
    v = row(name)
    unit(v, name)
    table[name] = dict(zip(z, map(float, v)))
for name, want in (("Reuters groups in one cluster", "329"), ("Reuters truth pairs found (of 333)", "333")):
    if row(name) != [want] * len(z):
        errors.append("%s: %s, expected %s at every threshold" % (name, row(name), want))
for name in ("Reuters derived pairs reported", "Reuters templated-notice pairs"):
    if len(row(name)) != len(z):
        errors.append("%s: %s" % (name, row(name)))

# The matrix: four rows; a fit row's threshold is the best of its corpus (or of the mean) in the table.
fits = {"METER ->": "METER macro-F1", "COUNTER ->": "COUNTER macro-F1", "both (mean F1) ->": "mean of METER and COUNTER"}
matrix = {}
for label in list(fits) + ["default (nothing fit)"]:
    cells = row(label + " ")
    if len(cells) != 4:
        errors.append("matrix row %r: %s" % (label, cells))
        continue
    unit(cells[1:], "matrix row " + label)
    matrix[label] = cells
    zz = cells[0]
    for col, name in zip(cells[1:], ("METER macro-F1", "COUNTER macro-F1", "Clough macro-F1")):
        if zz in table.get(name, {}) and abs(float(col.rstrip("+")) - table[name][zz]) > 1e-9:
            errors.append("matrix %s at z %s: %s, the table says %s" % (label, zz, col, table[name][zz]))
for label, name in fits.items():
    if label in matrix and name in table and table[name].get(matrix[label][0]) != max(table[name].values()):
        errors.append("fit on %s chose z %s, not the best of %s" % (label, matrix[label][0], table[name]))
if matrix.get("default (nothing fit)", [None])[0] != "4":
    errors.append("the default row is not z 4")
if not any(l.startswith("    METER -> COUNTER ") and "COUNTER -> METER" in l and "both -> Clough" in l for l in lines):
    errors.append("no METER -> COUNTER / COUNTER -> METER / both -> Clough line")

# Clough & Stevenson four-way: the confusion matrix rows hold 19 / 19 / 19 / 38 answers.
conf = {}
for cat in ("cut", "light", "heavy", "non"):
    cells = row("    true %-5s" % cat)
    if len(cells) == 5:
        conf[cat] = list(map(int, cells[:4]))
        unit([cells[4]], "recall of " + cat)
if [sum(conf.get(c, [])) for c in ("cut", "light", "heavy", "non")] != [19, 19, 19, 38]:
    errors.append("Clough confusion rows %s" % conf)
else:
    acc = sum(conf[c][i] for i, c in enumerate(("cut", "light", "heavy", "non"))) / 95
    if abs(acc - table["Clough four-way accuracy"]["4"]) > 0.0005:
        errors.append("four-way accuracy %.4f from the confusion matrix, %s in the table" % (acc, table["Clough four-way accuracy"]["4"]))
if not any("333 of 333 truth pairs found as derived, 329 of 329 groups inside one cluster" in l for l in lines):
    errors.append("Reuters re-filed groups line missing")
if sum(1 for l in lines if re.match(r"    e\.g\. reuters-\d+ / reuters-\d+ \(different companies", l)) != 2:
    errors.append("not two templated-notice examples")

# Error analysis: the cause counts of each label add up to its misses.
for corpus, labels in (("METER", ("wholly", "partially", "non")), ("COUNTER", ("WD", "PD", "ND"))):
    head = [l for l in lines if l.startswith("  %s: missed " % corpus)]
    if len(head) != 1:
        errors.append("no misses line for %s" % corpus)
        continue
    missed = {m.group(1): int(m.group(2)) for m in re.finditer(r"(\w+) (\d+) of \d+", head[0])}
    for lab in labels:
        causes = [l for l in lines if re.match(r"    %s +\d+  " % lab, l)]
        total = sum(int(l.split()[1]) for l in causes)
        if total != missed.get(lab):
            errors.append("%s %s: causes add up to %d, missed %s" % (corpus, lab, total, missed.get(lab)))
if not re.match(r"runtime: [\d.]+ s wall", lines[-1]):
    errors.append("last line is not the runtime: %r" % lines[-1])
if errors:
    print("\n".join(errors))
    sys.exit(1)
PY
[[ "$WT_STATUS" -eq 0 ]] || fail "cross_corpus.py report" "$(cat "$WT_OUT")" "report: $(head -c 3000 "$t/report.txt")"
echo "ok"
