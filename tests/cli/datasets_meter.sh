#!/usr/bin/env bash
# datasets/meter_courts.py on the real METER courts corpus (../shared/datasets/meter-courts beside
# the repository; skipped when absent): 770 labelled newspaper articles (262 wholly / 342 partially
# / 166 non-derived) and their PA sources, a corpus.jsonl that parses, a truth.tsv whose ids are
# all in the corpus and that `wiretrace eval` accepts; both --sources modes; a clear error (exit 2)
# for a missing --src.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
wt_init "$@"

need_datasets meter-courts
src="$data/meter-courts"
t="$WT_TMP"

expect_exit 2 python3 datasets/meter_courts.py --src "$t/no-such-dir" --out "$t/none"
expect_stderr_contains "METER corpus folder not found"

# check_meter DIR SOURCES_MODE: the shared assertions on one adapter run.
check_meter() {
    run_capture python3 - "$1" "$2" <<'PY'
import collections, sys
from corpuscheck import read_corpus, read_truth
out, mode = sys.argv[1], sys.argv[2]
errors = []
ids, outlets = set(), collections.Counter()
for n, a in read_corpus(out, errors):
    ids.add(a["id"])
    outlets["PA" if a["outlet"] == "PA" else "paper"] += 1
    for bad in ("\x19", "``", "''"):
        if a["outlet"] == "PA" and bad in a["text"]:
            errors.append("corpus.jsonl:%d: PA artefact %r left in %s" % (n, bad, a["id"]))
labels, label_pairs = {}, 0
with open(out + "/labels.tsv", encoding="utf-8") as f:
    for line in f:
        if line.startswith("#"):
            continue
        art, pa, label, _n = line.rstrip("\n").split("\t")
        if labels.setdefault(art, label) != label:
            errors.append("labels.tsv: %s has two labels" % art)
        label_pairs += 1
counts = collections.Counter(labels.values())
if len(labels) != 770 or counts != {"wholly": 262, "partially": 342, "non": 166}:
    errors.append("labelled articles: %d %s, expected 770 wholly 262 partially 342 non 166" % (len(labels), dict(counts)))
missing = [a for a in labels if a not in ids]
if missing:
    errors.append("%d labelled articles not in the corpus, e.g. %s" % (len(missing), missing[0]))
rel = collections.Counter()
for n, c in read_truth(out, ids, errors):
    expect = {"wholly": "rewrite", "partially": "rewrite", "non": "same-story"}[labels.get(c[0], "non")]
    if c[2] != expect:
        errors.append("truth.tsv:%d: %s for a %s article" % (n, c[2], labels.get(c[0])))
    rel[c[2]] += 1
if mode == "files":
    if outlets["PA"] != 660 or outlets["paper"] != 770:
        errors.append("outlets %s, expected 660 PA texts and 770 newspaper articles" % dict(outlets))
    if label_pairs != sum(rel.values()) + 1:
        errors.append("labels.tsv has %d pair rows, truth %d (+1 article without PA)" % (label_pairs, sum(rel.values())))
else:
    if outlets["paper"] != 770 or rel["rewrite"] != 604 or rel["same-story"] != 165:
        errors.append("catchline mode: %s, truth %s; expected 770 papers, 604 rewrite, 165 same-story" % (dict(outlets), dict(rel)))
if errors:
    print("\n".join(errors[:20]))
    sys.exit(1)
PY
    [[ "$WT_STATUS" -eq 0 ]] || fail "meter_courts.py output ($2) is wrong" "$(cat "$WT_OUT")"
}

expect_exit 0 python3 datasets/meter_courts.py --out "$t/files"
expect_stdout_contains "labelled newspaper articles: 770 (wholly 262, partially 342, non 166)"
grep -qF "labelled newspaper articles: 770 (wholly 262, partially 342, non 166)" "$t/files/stats.txt" ||
    fail "stats.txt lacks the label counts" "$(cat "$t/files/stats.txt")"
check_meter "$t/files" files

expect_exit 0 python3 datasets/meter_courts.py --src "$src" --out "$t/catchline" --sources catchline
check_meter "$t/catchline" catchline

# wiretrace eval accepts the truth (against an empty result list: recall 0 over every derived pair).
: >"$t/empty.tsv"
expect_exit 0 "$WIRETRACE" eval --truth "$t/files/truth.tsv" "$t/empty.tsv"
expect_stdout_contains "3129 derived pairs, 700 same-story pairs"
expect_exit 0 "$WIRETRACE" eval --truth "$t/catchline/truth.tsv" "$t/empty.tsv"
expect_stdout_contains "604 derived pairs, 165 same-story pairs"

# Nothing written into the repository: datasets/ holds only code and documentation.
stray="$(find datasets -type f ! -name '*.py' ! -name '*.md')"
[[ -z "$stray" ]] || fail "files other than code and README under datasets/" "$stray"
echo "ok"
