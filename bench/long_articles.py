#!/usr/bin/env python3
"""Unrelated articles of a given size for the memory benchmarks (issue #21, finding 3).

Writes JSONL: N articles of about BYTES bytes each, words drawn from a Zipf law (exponent 1.1)
over a vocabulary of made-up words (syllables from a fixed table), sentences of 8-30 words. No two
articles are related, so a scan of them measures the per-article state, not the pairs.
Deterministic for a seed. Example: long_articles.py --articles 3000 --bytes 1000000 -o big.jsonl
"""
import argparse
import json
import sys

import numpy as np

SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "ta", "po", "si", "de", "ba", "vo", "gu", "ri", "sa", "te",
             "mo", "li", "na", "pe", "ku", "zo", "fi", "ha", "je", "wu", "yo", "ce", "di", "ga", "bo"]


def vocabulary(size: int, rng: np.random.Generator) -> list:
    words, seen = [], set()
    while len(words) < size:
        word = "".join(rng.choice(SYLLABLES, rng.integers(1, 5)))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, required=True)
    ap.add_argument("--bytes", type=int, required=True, help="approximate bytes of text per article")
    ap.add_argument("--vocabulary", type=int, default=50000)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("-o", "--output", required=True)
    a = ap.parse_args()
    rng = np.random.default_rng(a.seed)
    words = vocabulary(a.vocabulary, rng)
    ranks = np.arange(1, a.vocabulary + 1)
    p = ranks ** -1.1
    p /= p.sum()
    mean_bytes = float(np.array([len(w) + 1 for w in words]) @ p)
    per_article = max(1, int(a.bytes / mean_bytes))
    # Word k ends a sentence as entry k + V of the table (the word and a full stop).
    table = words + [w + "." for w in words]
    with open(a.output, "w", encoding="utf-8") as out:
        for i in range(a.articles):
            drawn = rng.choice(a.vocabulary, per_article, p=p)
            ends = np.cumsum(rng.integers(8, 31, per_article // 8 + 2)) - 1
            drawn[ends[ends < per_article]] += a.vocabulary
            drawn[-1] = drawn[-1] % a.vocabulary + a.vocabulary
            text = " ".join(map(table.__getitem__, drawn.tolist()))
            out.write(json.dumps({"id": f"long-{i:06d}", "outlet": f"outlet-{i % 50}", "text": text}) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
