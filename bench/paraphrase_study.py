#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Paraphrase alignment on labelled real pairs: `compare --format json` on each copy and its own
source, and on each copy and the source of another story (a control: every paraphrase there is a
false link). Prints, per label, the paraphrases per pair, the share of pairs with one, and the
share of the copy's words inside verbatim passages and inside paraphrases (outside passages).

  python3 bench/paraphrase_study.py build/wiretrace /tmp/c [--limit N]

where /tmp/c holds an adapter's corpus.jsonl and labels.tsv (datasets/counter_dev.py, or
datasets/meter_courts.py --sources catchline). Texts go to a temporary directory, removed after.
"""
import collections, json, os, random, subprocess, sys, tempfile


def main():
    binary, corpus_dir = sys.argv[1], sys.argv[2]
    limit = int(sys.argv[sys.argv.index('--limit') + 1]) if '--limit' in sys.argv else 10**9
    texts = {}
    with open(os.path.join(corpus_dir, 'corpus.jsonl'), encoding='utf-8') as f:
        for line in f:
            d = json.loads(line)
            texts[d['id']] = d['text']
    rows = []
    with open(os.path.join(corpus_dir, 'labels.tsv'), encoding='utf-8') as f:
        for line in f:
            if line.startswith('#'):
                continue
            copy, source, label = line.rstrip('\n').split('\t')[:3]
            if copy in texts and source in texts:
                rows.append((copy, source, label))
    pairs = list(rows)
    for i, (copy, source, _) in enumerate(rows):  # the control: another story's source
        other = next(o[1] for k in range(1, len(rows)) if (o := rows[(i + 7 * k) % len(rows)])[1] != source)
        pairs.append((copy, other, 'other story'))
    random.seed(1)
    random.shuffle(pairs)
    stats = collections.defaultdict(lambda: [0, 0, 0, 0.0, 0.0])
    counts = collections.Counter()
    with tempfile.TemporaryDirectory() as tmp:
        a, b = os.path.join(tmp, 'copy.txt'), os.path.join(tmp, 'source.txt')
        for copy, source, label in pairs:
            if counts[label] >= limit:
                continue
            counts[label] += 1
            with open(a, 'w', encoding='utf-8') as f:
                f.write(texts[copy])
            with open(b, 'w', encoding='utf-8') as f:
                f.write(texts[source])
            out = subprocess.run([binary, 'compare', '--format', 'json', a, b], capture_output=True, text=True)
            j = json.loads(out.stdout)
            n = j['a']['tokens']
            inside = [0] * n
            for p in j['passages']:
                for t in range(*p['a']['tokens']):
                    inside[t] = 1
            for p in j['paraphrases']:
                for t in range(*p['a']['tokens']):
                    inside[t] = inside[t] or 2
            s = stats[label]
            s[0] += 1
            s[1] += len(j['paraphrases'])
            s[2] += bool(j['paraphrases'])
            s[3] += inside.count(1) / n if n else 0
            s[4] += inside.count(2) / n if n else 0
    print(f"{'label':<12} {'pairs':>5} {'paraphrases/pair':>17} {'pairs with one':>15} {'copy verbatim':>14} {'copy paraphrased':>17}")
    for label, (k, para, some, verbatim, paraphrased) in sorted(stats.items()):
        print(f"{label:<12} {k:>5} {para / k:>17.2f} {some / k:>15.2f} {verbatim / k:>14.2f} {paraphrased / k:>17.2f}")


if __name__ == '__main__':
    main()
