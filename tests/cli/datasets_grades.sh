#!/usr/bin/env bash
# datasets/clough_grades.py (the graded relation of issue #15 deliverable 5) on the real corpora
# (../shared/datasets beside the repository; skipped when absent): bad arguments are exit 2 with a
# message; a full run prints the cross-validated and the fitted confusion matrices (rows of 19 / 19
# / 19 / 38 answers, each accuracy what its matrix says), and the binary's own grades agree with the
# constants fitted on all of Clough on every answer: Params' defaults are what the script fits.
# The cross-validated four-way accuracy is at least the previous rule's. --out holds the same
# report as standard output. About 12 s on the 2-core VM.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
wt_init "$@"

need_datasets meter-courts counter-dev clough-stevenson
t="$WT_TMP"

expect_exit 2 python3 datasets/clough_grades.py --wiretrace "$t/no-such-binary"
expect_stderr_contains "not an executable"
expect_exit 2 python3 datasets/clough_grades.py --wiretrace "$WIRETRACE" --src "$t/none"
expect_stderr_contains "not found"

expect_exit 0 python3 datasets/clough_grades.py --wiretrace "$WIRETRACE" --out "$t/report.txt"
save_stdout "$t/stdout.txt"
expect_same_bytes "$t/stdout.txt" "$t/report.txt" "--out holds the report printed"

run_capture python3 - "$t/report.txt" <<'PY'
import re, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
errors = []
cats = ("cut", "light", "heavy", "non")

# Every confusion matrix: its rows hold the corpus's answers and its accuracy line is its diagonal.
tables = []
for i, line in enumerate(lines):
    m = re.search(r"accuracy ([\d.]+) \((\d+) of (\d+)\); rows true", line)
    if not m:
        continue
    rows = {}
    for row in lines[i + 2:i + 6]:
        cells = row.split()
        if len(cells) >= 3 and cells[0] == "true" and cells[1] in cats:
            rows[cells[1]] = [int(c) for c in cells[2:-1]]
    cols = cats if all(len(r) == 4 for r in rows.values()) else cats[:3]
    diagonal = sum(rows.get(c, [0] * 4)[j] for j, c in enumerate(cols))
    total = sum(sum(r) for r in rows.values())
    if (diagonal, total) != (int(m.group(2)), int(m.group(3))) or abs(diagonal / total - float(m.group(1))) > 0.0005:
        errors.append("%r: the matrix holds %d of %d" % (line, diagonal, total))
    tables.append((line.strip(), float(m.group(1)), [sum(rows.get(c, [])) for c in cols]))
four_way = [t for t in tables if "four-way" in t[0]]
if len(four_way) != 5 or any(t[2] != [19, 19, 19, 38] for t in four_way):
    errors.append("four-way tables: %s" % four_way)
cv = {t[0].split(":")[0]: t[1] for t in four_way}
if cv.get("four-way", 0) < cv.get("previous rule, four-way", 1):
    errors.append("cross-validated four-way %s below the previous rule's %s" % (cv.get("four-way"), cv.get("previous rule, four-way")))
if not any(re.match(r"    BIN's compare grades agree with these constants on 95 of 95 answers$", l) for l in lines):
    errors.append("the binary's grades are not the fitted constants': %s" % [l for l in lines if "agree" in l])
if not any(re.match(r"    R = [\d.]+ words, T = [\d.]+ ", l) for l in lines):
    errors.append("no fitted constants line")
for corpus in ("meter", "counter"):
    if not any(l.split()[:1] == [corpus] and "verbatim" in l for l in lines):
        errors.append("no %s grade table" % corpus)
if not lines[-1].startswith("binary: wiretrace"):
    errors.append("last line %r" % lines[-1])
if errors:
    print("\n".join(errors))
    sys.exit(1)
PY
[[ "$WT_STATUS" -eq 0 ]] || fail "clough_grades.py report" "$(cat "$WT_OUT")" "report: $(head -c 3000 "$t/report.txt")"
echo "ok"
