#!/usr/bin/env python3
"""datasketch's MinHash LSH on a wiretrace corpus, for bench/peer_datasketch.sh.

    PYTHONPATH=DATASKETCH_DIR python3 bench/peer_datasketch.py CORPUS.jsonl TRUTH.tsv

The setting of ../shared/peers/README.md: word 5-shingles of the lower-cased text,
MinHash(num_perm=128), MinHashLSH(threshold=0.5, num_perm=128), every document inserted, then
every document queried. Prints one JSON line: seconds (the whole process up to here, import
included), candidate pairs, and recall against the truth's derived pairs with coverage of the
source >= 0.3 that are traceable (what `wiretrace eval --min-coverage 0.3` counts), any direction.
"""
import json
import sys
import time

START = time.perf_counter()
from datasketch import MinHash, MinHashLSH  # noqa: E402 (timed with the rest)

SHINGLE = 5
PERM = 128


def shingles(text):
    words = text.lower().split()
    if len(words) <= SHINGLE:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def main():
    corpus, truth = sys.argv[1:3]
    ids, sketches = [], []
    with open(corpus, encoding="utf-8") as f:
        for line in f:
            doc = json.loads(line)
            m = MinHash(num_perm=PERM)
            for s in shingles(doc.get("text", "")):
                m.update(s.encode("utf-8"))
            ids.append(doc["id"])
            sketches.append(m)
    lsh = MinHashLSH(threshold=0.5, num_perm=PERM)
    for i, m in zip(ids, sketches):
        lsh.insert(i, m)
    found = set()
    for i, m in zip(ids, sketches):
        for j in lsh.query(m):
            if j != i:
                found.add((min(i, j), max(i, j)))
    seconds = time.perf_counter() - START
    wanted = set()
    with open(truth, encoding="utf-8") as f:
        lines = f.read().splitlines()
    header = lines[0].lstrip("#").split("\t")
    for r in (dict(zip(header, line.split("\t"))) for line in lines[1:] if line):
        if r["relation"] == "same-story" or float(r["coverage_of_source"]) < 0.3 or r["traceable"] != "1":
            continue
        wanted.add((min(r["copy_id"], r["source_id"]), max(r["copy_id"], r["source_id"])))
    hit = len(wanted & found)
    print(json.dumps({"seconds": round(seconds, 2), "documents": len(ids), "candidate_pairs": len(found),
                      "truth_pairs": len(wanted), "found": hit,
                      "recall": round(hit / len(wanted), 4) if wanted else None}))


if __name__ == "__main__":
    main()
