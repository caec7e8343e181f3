#!/usr/bin/env python3
"""Clough & Stevenson (2011) corpus of plagiarised short answers -> wiretrace corpus + truth + labels.

  python3 datasets/clough_stevenson.py [--src ../shared/datasets/clough-stevenson] --out DIR

Articles: the 5 Wikipedia source texts (`orig_taska` .. `orig_taske`, outlet "Wikipedia") and the
95 answers (`g0pA_taska` ..., outlet: the participant, e.g. "g0pA"); no dates. Truth: each answer
against the source of its task: cut (near copy), light revision and heavy revision -> `rewrite`
(direct 1); non (written independently) -> `same-story` (direct 0). Coverages are not measured in
this corpus and are written as 0. labels.tsv keeps the four classes and the participant data.
"""

import csv
import io
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ beside the adapters
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _wtcorpus as wt  # noqa: E402

CLASSES = {"cut": "near copy", "light": "light revision", "heavy": "heavy revision", "non": "non-plagiarised"}
RELATION = {"cut": "rewrite", "light": "rewrite", "heavy": "rewrite", "non": "same-story"}
EXPECTED = {"cut": 19, "light": 19, "heavy": 19, "non": 38}


def read_text(path):
    wt.require_file(path, "corpus text")
    with open(path, "rb") as f:
        return wt.paragraphs_from_lines(wt.decode(f.read()))


def main():
    ap = wt.parse_args("clough-stevenson", "Clough & Stevenson short answers -> wiretrace corpus.jsonl, truth.tsv, labels.tsv")
    args = ap.parse_args()
    src = args.src
    wt.require_dir(src, "Clough & Stevenson corpus folder", "pass --src PATH; see datasets/README.md")
    texts = os.path.join(src, "corpus-20090418")
    wt.require_dir(texts, "corpus-20090418/ texts", "is --src the clough-stevenson folder?")
    list_path = os.path.join(src, "file_list.csv")
    wt.require_file(list_path, "label sheet file_list.csv")
    with open(list_path, "rb") as f:
        rows = list(csv.DictReader(io.StringIO(wt.decode(f.read()))))
    need = {"File", "Task", "Category"}
    if not rows or not need <= set(rows[0]):
        raise wt.AdapterError("%s: expected columns %s" % (list_path, ", ".join(sorted(need))))

    # Cross-check with pairs.tsv when it is there.
    pairs_labels = {}
    pairs_path = os.path.join(src, "pairs.tsv")
    if os.path.isfile(pairs_path):
        with open(pairs_path, encoding="utf-8") as f:
            for line in f.read().splitlines()[1:]:
                cols = line.split("\t")
                if len(cols) >= 3:
                    pairs_labels[cols[0]] = cols[2]

    out = wt.Output(args.out, "#answer_id\tsource_id\tcategory\tclass\ttask\tnative_english\tknowledge\tdifficulty",
                    [wt.UNMEASURED, "# labels.tsv: the corpus's four classes (cut / light / heavy / non) per answer"])
    tasks = sorted(set(r["Task"].strip() for r in rows))
    for t in tasks:
        sid = "orig_task" + t
        out.article(sid, "Wikipedia", "", read_text(os.path.join(texts, sid + ".txt")))

    counts = {k: 0 for k in CLASSES}
    disagree = 0
    for r in sorted(rows, key=lambda r: r["File"]):
        fname, task, cat = r["File"].strip(), r["Task"].strip(), r["Category"].strip()
        if cat not in CLASSES:
            raise wt.AdapterError("%s: unknown category %r for %s" % (list_path, cat, fname))
        aid = fname[:-4] if fname.endswith(".txt") else fname
        sid = "orig_task" + task
        out.article(aid, aid.split("_")[0], "", read_text(os.path.join(texts, fname)))
        out.truth(aid, sid, RELATION[cat], 0, 0, RELATION[cat] != "same-story")
        out.label(aid, sid, cat, CLASSES[cat], task, r.get("Native English", "").strip() or "-",
                  r.get("Knowledge", "").strip() or "-", r.get("Difficulty", "").strip() or "-")
        counts[cat] += 1
        if pairs_labels and pairs_labels.get(fname) != cat:
            disagree += 1

    lines = [
        "Clough & Stevenson (%s)" % os.path.abspath(src),
        "answers: %d (cut %d, light %d, heavy %d, non %d)"
        % (sum(counts.values()), counts["cut"], counts["light"], counts["heavy"], counts["non"]),
        "binary: plagiarised %d, non-plagiarised %d" % (counts["cut"] + counts["light"] + counts["heavy"], counts["non"]),
        "sources: %d (tasks %s)" % (len(tasks), " ".join(tasks)),
        *out.counts_lines(),
    ]
    if pairs_labels:
        lines.append("pairs.tsv cross-check: %d answers labelled differently" % disagree)
    out.finish(lines)
    wt.warn_if_unexpected("clough_stevenson.py", "class", counts, EXPECTED)


if __name__ == "__main__":
    wt.run(main)
