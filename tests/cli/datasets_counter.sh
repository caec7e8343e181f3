#!/usr/bin/env bash
# datasets/counter_dev.py on the real COUNTER dev corpus (../shared/datasets/counter-dev beside the
# repository; skipped when absent): 249 pairs (48 WD / 146 PD / 55 ND; sports 222, business 27),
# 498 articles (249 agency sources first, then 249 newspaper articles), the 6 agency stories filed
# under two numbers as duplicate rows and each of their newspaper articles labelled against both,
# a corpus.jsonl that parses, a truth.tsv whose ids are all in the corpus and that `wiretrace eval`
# accepts, labels.tsv agreeing with the truth; a clear error (exit 2) for a missing --src.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
wt_init "$@"

need_datasets counter-dev
t="$WT_TMP"

expect_exit 2 python3 datasets/counter_dev.py --src "$t/no-such-dir" --out "$t/none"
expect_stderr_contains "COUNTER corpus folder not found"
mkdir "$t/empty-src"
expect_exit 2 python3 datasets/counter_dev.py --src "$t/empty-src" --out "$t/none"
expect_stderr_contains "COUNTER/ documents not found"

expect_exit 0 python3 datasets/counter_dev.py --out "$t/c"
expect_stdout_contains "pairs: 249 (WD 48, PD 146, ND 55)"
expect_stdout_contains "domains: business 27 (WD 9, PD 12, ND 6), sports 222 (WD 39, PD 134, ND 49)"
expect_stdout_contains "truth rows: 267 (duplicate 6, rewrite 203, same-story 58)"
grep -qF "pairs: 249 (WD 48, PD 146, ND 55)" "$t/c/stats.txt" ||
    fail "stats.txt lacks the label counts" "$(cat "$t/c/stats.txt")"

run_capture python3 - "$t/c" <<'PY'
import collections, json, re, sys
out = sys.argv[1]
errors = []
ids, order, outlets = set(), [], collections.Counter()
with open(out + "/corpus.jsonl", encoding="utf-8") as f:
    for n, line in enumerate(f, 1):
        a = json.loads(line)
        for k in ("id", "outlet", "title", "text"):
            if not isinstance(a.get(k), str):
                errors.append("corpus.jsonl:%d: %s missing or not a string" % (n, k))
        if a["id"] in ids:
            errors.append("corpus.jsonl:%d: duplicate id %s" % (n, a["id"]))
        if not re.fullmatch(r"\d{4}p?", a["id"]):
            errors.append("corpus.jsonl:%d: id %r is not a lower-case file stem" % (n, a["id"]))
        if a["title"] and not a["text"].startswith(a["title"]):
            errors.append("corpus.jsonl:%d: text does not start with the headline" % n)
        if "published" in a and not re.fullmatch(r"20\d\d-\d\d-\d\d", a["published"]):
            errors.append("corpus.jsonl:%d: published %r" % (n, a["published"]))
        ids.add(a["id"])
        order.append(a["id"])
        outlets["agency" if a["outlet"] in ("APP", "SANA") else "paper"] += 1
if len(ids) != 498 or outlets != {"agency": 249, "paper": 249}:
    errors.append("%d articles %s, expected 498: 249 agency + 249 newspaper" % (len(ids), dict(outlets)))
if any(i.endswith("p") for i in order[:249]):
    errors.append("sources do not all come before the newspaper articles")
labels = {}
for line in open(out + "/labels.tsv", encoding="utf-8"):
    if line.startswith("#"):
        continue
    c = line.rstrip("\n").split("\t")
    if len(c) != 6 or c[0] != c[1] + "p":
        errors.append("labels.tsv: bad row %r" % line)
        continue
    labels[c[0]] = c
counts = collections.Counter(c[2] for c in labels.values())
if len(labels) != 249 or counts != {"WD": 48, "PD": 146, "ND": 55}:
    errors.append("labels %d %s, expected 249: WD 48 PD 146 ND 55" % (len(labels), dict(counts)))
same = sum(1 for c in labels.values() if c[5] != "-")
if same != 12:
    errors.append("%d newspaper articles with a same-text second source, expected 12" % same)
rel = collections.Counter()
rows = collections.defaultdict(set)
with open(out + "/truth.tsv", encoding="utf-8") as f:
    for n, line in enumerate(f, 1):
        if line.startswith("#"):
            continue
        c = line.rstrip("\n").split("\t")
        if len(c) != 6:
            errors.append("truth.tsv:%d: %d fields" % (n, len(c)))
            continue
        for i in c[:2]:
            if i not in ids:
                errors.append("truth.tsv:%d: id %s not in the corpus" % (n, i))
        rel[c[2]] += 1
        if c[2] == "duplicate":
            if c[0].endswith("p") or c[1].endswith("p") or c[3:] != ["1", "1", "1"] or int(c[1]) >= int(c[0]):
                errors.append("truth.tsv:%d: bad duplicate row %s" % (n, c))
            continue
        lab = labels.get(c[0])
        want = {"WD": ("rewrite", "1"), "PD": ("rewrite", "1"), "ND": ("same-story", "0")}[lab[2]] if lab else None
        if (c[2], c[5]) != want:
            errors.append("truth.tsv:%d: %s/%s for a %s article" % (n, c[2], c[5], lab and lab[2]))
        rows[c[0]].add(c[1])
if rel != {"rewrite": 203, "same-story": 58, "duplicate": 6}:
    errors.append("truth relations %s, expected rewrite 203, same-story 58, duplicate 6" % dict(rel))
for pid, c in labels.items():
    want = {c[1]} | (set(c[5].split(",")) if c[5] != "-" else set())
    if rows[pid] != want:
        errors.append("%s: truth sources %s, labels say %s" % (pid, sorted(rows[pid]), sorted(want)))
if errors:
    print("\n".join(errors[:20]))
    sys.exit(1)
PY
[[ "$WT_STATUS" -eq 0 ]] || fail "counter_dev.py output is wrong" "$(cat "$WT_OUT")"

# wiretrace eval accepts the truth (against an empty result list: recall 0 over every derived pair).
: >"$t/empty.tsv"
expect_exit 0 "$WIRETRACE" eval --truth "$t/c/truth.tsv" "$t/empty.tsv"
expect_stdout_contains "209 derived pairs, 58 same-story pairs"

# Nothing written into the repository: datasets/ holds only code and documentation.
stray="$(find datasets -type f ! -name '*.py' ! -name '*.md')"
[[ -z "$stray" ]] || fail "files other than code and README under datasets/" "$stray"
echo "ok"
