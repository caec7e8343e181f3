"""What every dataset adapter writes, read and checked once for the datasets_*.sh tests: the
corpus JSONL (id, outlet, title, text as strings; ids unique) and the truth TSV (six fields; both
ids in the corpus). Problems are appended to `errors` as "file:line: ..." messages."""
import json


def read_corpus(out, errors):
    """The articles of OUT/corpus.jsonl in file order, as (line number, article) pairs."""
    ids, rows = set(), []
    with open(out + "/corpus.jsonl", encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            a = json.loads(line)
            for k in ("id", "outlet", "title", "text"):
                if not isinstance(a.get(k), str):
                    errors.append("corpus.jsonl:%d: %s missing or not a string" % (n, k))
            if a["id"] in ids:
                errors.append("corpus.jsonl:%d: duplicate id %s" % (n, a["id"]))
            ids.add(a["id"])
            rows.append((n, a))
    return rows


def read_truth(out, ids, errors):
    """The rows of OUT/truth.tsv with six fields (comment lines skipped), as (line number, fields)
    pairs; a row with another number of fields is an error and left out."""
    rows = []
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
            rows.append((n, c))
    return rows
