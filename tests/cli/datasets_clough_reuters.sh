#!/usr/bin/env bash
# datasets/clough_stevenson.py and datasets/reuters21578.py on the real corpora
# (../shared/datasets/ beside the repository; skipped when absent): Clough & Stevenson gives 95
# answers (19 cut / 19 light / 19 heavy / 38 non) against 5 Wikipedia sources; Reuters-21578 gives
# 21,578 stories and the 329 re-filed identical groups as 333 duplicate rows (each member against
# the group's earliest story). JSONL parses, truth ids are in the corpus, `wiretrace eval` accepts
# the truth, a missing --src is a clear error (exit 2).
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
wt_init "$@"

need_datasets clough-stevenson reuters21578
t="$WT_TMP"
: >"$t/empty.tsv"

expect_exit 2 python3 datasets/clough_stevenson.py --src "$t/no-such-dir" --out "$t/none"
expect_stderr_contains "Clough & Stevenson corpus folder not found"
expect_exit 2 python3 datasets/reuters21578.py --src "$t/no-such-dir" --out "$t/none"
expect_stderr_contains "Reuters-21578 folder not found"

# check_output DIR CORPUS: parse corpus.jsonl, truth.tsv and labels.tsv and check the counts.
check_output() {
    run_capture python3 - "$1" "$2" <<'PY'
import collections, sys
from corpuscheck import read_corpus, read_truth
out, corpus = sys.argv[1], sys.argv[2]
errors = []
articles = {a["id"]: a for _, a in read_corpus(out, errors)}
ids = set(articles)
truth = [c for _, c in read_truth(out, ids, errors)]
labels = [l.rstrip("\n").split("\t") for l in open(out + "/labels.tsv", encoding="utf-8") if not l.startswith("#")]
rel = collections.Counter(c[2] for c in truth)
if corpus == "clough":
    cats = collections.Counter(l[2] for l in labels)
    if len(articles) != 100 or sum(1 for i in ids if i.startswith("orig_task")) != 5:
        errors.append("%d articles, expected 95 answers + 5 sources" % len(articles))
    if cats != {"cut": 19, "light": 19, "heavy": 19, "non": 38}:
        errors.append("classes %s, expected cut 19 light 19 heavy 19 non 38" % dict(cats))
    if rel != {"rewrite": 57, "same-story": 38}:
        errors.append("truth relations %s, expected rewrite 57 same-story 38" % dict(rel))
    for l, c in zip(labels, truth):
        if (l[0], l[1]) != (c[0], c[1]) or (c[2] == "same-story") != (l[2] == "non"):
            errors.append("labels.tsv and truth.tsv disagree on %s" % l[0])
else:
    groups = collections.defaultdict(list)
    for l in labels:
        groups[l[1]].append(l)
    if len(articles) != 21578:
        errors.append("%d stories, expected 21578" % len(articles))
    if len(groups) != 329 or len(labels) != 662:
        errors.append("%d groups of %d stories, expected 329 of 662" % (len(groups), len(labels)))
    if rel != {"duplicate": 333}:
        errors.append("truth relations %s, expected duplicate 333" % dict(rel))
    for c in truth:
        if c[3:] != ["1", "1", "1"]:
            errors.append("duplicate row %s without coverages 1 1 direct 1" % c[:2])
        a, s = articles.get(c[0]), articles.get(c[1])
        if a and s and (s.get("published", "") > a.get("published", "")):
            errors.append("source %s is later than its copy %s" % (c[1], c[0]))
    a = articles.get("reuters-1", {})
    if a.get("title") != "BAHIA COCOA REVIEW" or not a.get("text", "").startswith("Showers continued throughout the week") \
            or a.get("published") != "1987-02-26T15:01:01.79" or a["text"].rstrip().endswith("Reuter"):
        errors.append("reuters-1 parsed wrongly: %r" % {k: str(v)[:80] for k, v in a.items()})
    if any("&lt;" in x["text"] or "&#" in x["text"] or "\x03" in x["text"] for x in articles.values()):
        errors.append("SGML entities left in a text")
if errors:
    print("\n".join(errors[:20]))
    sys.exit(1)
PY
    [[ "$WT_STATUS" -eq 0 ]] || fail "$2 adapter output is wrong" "$(cat "$WT_OUT")"
}

expect_exit 0 python3 datasets/clough_stevenson.py --out "$t/cs"
expect_stdout_contains "answers: 95 (cut 19, light 19, heavy 19, non 38)"
check_output "$t/cs" clough
expect_exit 0 "$WIRETRACE" eval --truth "$t/cs/truth.tsv" "$t/empty.tsv"
expect_stdout_contains "57 derived pairs, 38 same-story pairs"

expect_exit 0 python3 datasets/reuters21578.py --src "$data/reuters21578" --out "$t/reuters"
expect_stdout_contains "stories: 21578"
expect_stdout_contains "re-filed identical groups: 329"
check_output "$t/reuters" reuters
expect_exit 0 "$WIRETRACE" eval --truth "$t/reuters/truth.tsv" "$t/empty.tsv"
expect_stdout_contains "333 derived pairs, 0 same-story pairs"

stray="$(find datasets -type f ! -name '*.py' ! -name '*.md')"
[[ -z "$stray" ]] || fail "files other than code and README under datasets/" "$stray"
echo "ok"
