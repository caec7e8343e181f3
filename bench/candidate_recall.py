#!/usr/bin/env python3
"""Candidate recall of a scan on a labelled corpus: the share of labelled articles whose own source
is one of the scan's candidate pairs (`wiretrace scan --candidates-tsv FILE`), per label.

    python3 bench/candidate_recall.py DIR CANDIDATES.tsv

DIR is an adapter's output (datasets/meter_courts.py --sources catchline, datasets/counter_dev.py):
its truth.tsv names each labelled article's source, labels.tsv its label. For COUNTER an article
also counts as found when the candidate is one of its source's same-text twins (labels.tsv)."""
import collections
import sys


def rows(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.startswith("#") and line.strip():
                yield line.rstrip("\n").split("\t")


def main():
    out, candidates = sys.argv[1:3]
    pairs = collections.defaultdict(set)
    for a, b, *_ in rows(candidates):
        pairs[a].add(b)
        pairs[b].add(a)
    sources = {copy: {source} for copy, source, *_ in rows(out + "/truth.tsv")}
    label = {}
    for r in rows(out + "/labels.tsv"):
        label[r[0]] = r[2]
        if len(r) >= 6 and r[5] not in ("-", "") and r[0] in sources:
            sources[r[0]].update(x for x in r[5].split(",") if x)
    found, total = collections.Counter(), collections.Counter()
    for copy, srcs in sources.items():
        lab = label.get(copy, "?")
        total[lab] += 1
        found[lab] += bool(srcs & pairs[copy])
    derived = [l for l in total if l not in ("non", "ND")]
    d_found = sum(found[l] for l in derived)
    d_total = sum(total[l] for l in derived)
    print("derived %d/%d (%.3f); " % (d_found, d_total, d_found / max(d_total, 1))
          + ", ".join("%s %d/%d" % (l, found[l], total[l]) for l in sorted(total)))


main()
