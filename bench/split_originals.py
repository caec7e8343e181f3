#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Splits a generated corpus for `index`/`check` runs: the wire originals (articles of a wire
outlet that derive from nothing) go to ORIGINALS, every other article to OTHERS, and the truth
pairs a check can find (copy outside, source among the originals) to TRUTH_OUT, with the
same-story pairs between the two sets kept as hard negatives.

usage: split_originals.py CORPUS.jsonl TRUTH.tsv ORIGINALS.jsonl OTHERS.jsonl TRUTH_OUT.tsv
"""
import json
import sys

WIRE = ("AP", "Associated Press", "Reuters", "AFP", "Agence France-Presse", "PA", "Press Association",
        "The Canadian Press", "CP")


def main(corpus, truth, originals_path, others_path, truth_out):
    rows = [line.rstrip("\n").split("\t") for line in open(truth, encoding="utf-8") if not line.startswith("#")]
    derived = {"duplicate", "near-duplicate", "rewrite"}
    copies = {r[0] for r in rows if r[2] in derived}
    originals = set()
    with open(corpus, encoding="utf-8") as src, open(originals_path, "w", encoding="utf-8") as orig, \
            open(others_path, "w", encoding="utf-8") as other:
        for line in src:
            doc = json.loads(line)
            if doc.get("outlet") in WIRE and doc["id"] not in copies:
                originals.add(doc["id"])
                orig.write(line)
            else:
                other.write(line)
    with open(truth_out, "w", encoding="utf-8") as out:
        out.write("#copy_id\tsource_id\trelation\tcoverage_of_source\tcoverage_of_copy\tdirect\n")
        for r in rows:
            inside = {r[0] in originals, r[1] in originals}
            if inside == {True, False}:
                out.write("\t".join(r) + "\n")
    print(f"{len(originals)} originals", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    main(*sys.argv[1:])
