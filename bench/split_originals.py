#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Splits a generated corpus for `index`/`check` runs, so that check and scan are scored on the
same pairs.

split_originals.py split CORPUS.jsonl TRUTH.tsv ORIGINALS.jsonl OTHERS.jsonl TRUTH_OUT.tsv
    The wire originals (articles of a wire outlet that derive from nothing) go to ORIGINALS,
    every other article to OTHERS, and the truth pairs between the two sets (the pairs a check
    of OTHERS against an index of ORIGINALS can find; same-story ones are hard negatives) to
    TRUTH_OUT.
split_originals.py cross ORIGINALS.jsonl PAIRS.tsv PAIRS_OUT.tsv
    Keeps the pairs of a scan TSV with exactly one side among the originals.
"""
import json
import sys

WIRE = ("AP", "Associated Press", "Reuters", "AFP", "Agence France-Presse", "PA", "Press Association",
        "The Canadian Press", "CP")


def ids_of(jsonl):
    with open(jsonl, encoding="utf-8") as f:
        return {json.loads(line)["id"] for line in f}


def cross(originals_path, pairs, out_path):
    originals = ids_of(originals_path)
    with open(pairs, encoding="utf-8") as src, open(out_path, "w", encoding="utf-8") as out:
        for line in src:
            fields = line.split("\t")
            if line.startswith("#") or ((fields[0] in originals) != (fields[1] in originals)):
                out.write(line)


def split(corpus, truth, originals_path, others_path, truth_out):
    rows = [line.rstrip("\n").split("\t") for line in open(truth, encoding="utf-8") if not line.startswith("#")]
    derived = {"duplicate", "near-duplicate", "rewrite", "version"}
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
    if len(sys.argv) == 7 and sys.argv[1] == "split":
        split(*sys.argv[2:])
    elif len(sys.argv) == 5 and sys.argv[1] == "cross":
        cross(*sys.argv[2:])
    else:
        sys.exit(__doc__)
