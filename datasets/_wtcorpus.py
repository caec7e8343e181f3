"""Shared helpers for the dataset adapters: arguments, decoding, paragraphs, output files.

Standard library only. The adapters read a corpus from ../shared/datasets/<name> (beside the
project checkout) or --src, and write corpus.jsonl, truth.tsv, labels.tsv and stats.txt to --out.
Nothing is written into the repository.
"""

import argparse
import json
import os
import re
import sys

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

TRUTH_HEADER = "#copy_id\tsource_id\trelation\tcoverage_of_source\tcoverage_of_copy\tdirect"
UNMEASURED = "# coverage columns are not measured in this corpus (written as 0); see labels.tsv for its own labels"


class AdapterError(Exception):
    pass


def parse_args(name, description):
    default_src = os.path.normpath(os.path.join(REPO_ROOT, "..", "shared", "datasets", name))
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--src", default=default_src,
                   help="the corpus folder (default: ../shared/datasets/%s beside the repository: %s)"
                        % (name, default_src))
    p.add_argument("--out", required=True, help="output directory (created if missing)")
    return p


def run(main):
    """Runs main(), turning expected failures into a one-line message and exit status 2."""
    prog = os.path.basename(sys.argv[0])
    try:
        main()
    except AdapterError as e:
        sys.stderr.write("%s: error: %s\n" % (prog, e))
        sys.exit(2)
    except OSError as e:
        sys.stderr.write("%s: error: %s\n" % (prog, e))
        sys.exit(2)


def require_dir(path, what, hint):
    if not os.path.isdir(path):
        raise AdapterError("%s not found at %s (%s)" % (what, path, hint))


def require_file(path, what):
    if not os.path.isfile(path):
        raise AdapterError("%s not found: %s (is --src the right folder?)" % (what, path))


def decode(raw):
    """UTF-8 if valid, else Windows-1252 (a superset of Latin-1's printable range), else Latin-1."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        # The five bytes cp1252 leaves undefined: Latin-1 maps them to C1 controls, dropped below.
        return raw.decode("latin-1")


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"[ \t\u00a0]+")


def clean_line(line):
    return _SPACES.sub(" ", _CONTROL.sub("", line)).strip()


def paragraphs_from_lines(text):
    """Paragraphs of a plain text: blocks separated by blank lines, each block's lines joined by
    a space; a text without any blank line has one paragraph per line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [clean_line(l) for l in text.split("\n")]
    filled = [i for i, l in enumerate(lines) if l]
    if not filled:
        return []
    lines = lines[filled[0]:filled[-1] + 1]
    if "" not in lines:
        return lines
    paras, cur = [], []
    for l in lines:
        if l:
            cur.append(l)
        elif cur:
            paras.append(" ".join(cur))
            cur = []
    if cur:
        paras.append(" ".join(cur))
    return paras


class Output:
    """corpus.jsonl, truth.tsv, labels.tsv and stats.txt in one directory."""

    def __init__(self, out_dir, labels_header, truth_comments=()):
        os.makedirs(out_dir, exist_ok=True)
        self.dir = out_dir
        self.ids = set()
        self.articles = 0
        self.truth_rows = 0
        self.truth_by_relation = {}
        self._truth_ids = set()
        self._corpus = open(os.path.join(out_dir, "corpus.jsonl"), "w", encoding="utf-8", newline="\n")
        self._truth = open(os.path.join(out_dir, "truth.tsv"), "w", encoding="utf-8", newline="\n")
        self._truth.write(TRUTH_HEADER + "\n")
        for c in truth_comments:
            self._truth.write(c + "\n")
        self._labels = None
        if labels_header:
            self._labels = open(os.path.join(out_dir, "labels.tsv"), "w", encoding="utf-8", newline="\n")
            self._labels.write(labels_header + "\n")

    def article(self, id, outlet, title, paragraphs, published=None):
        if id in self.ids:
            raise AdapterError("duplicate article id %s" % id)
        if "\t" in id or "\n" in id:
            raise AdapterError("article id with a tab or newline: %r" % id)
        self.ids.add(id)
        obj = {"id": id, "outlet": outlet}
        if published:
            obj["published"] = published
        obj["title"] = title
        obj["text"] = "\n\n".join(p for p in paragraphs if p)
        self._corpus.write(json.dumps(obj, ensure_ascii=False) + "\n")
        self.articles += 1

    def truth(self, copy_id, source_id, relation, cov_source, cov_copy, direct):
        assert relation in ("duplicate", "near-duplicate", "rewrite", "same-story"), relation
        self._truth.write("%s\t%s\t%s\t%s\t%s\t%d\n" % (copy_id, source_id, relation, _num(cov_source),
                                                       _num(cov_copy), 1 if direct else 0))
        self.truth_rows += 1
        self._truth_ids.update((copy_id, source_id))
        self.truth_by_relation[relation] = self.truth_by_relation.get(relation, 0) + 1

    def counts_lines(self):
        """The stats lines of what was written: the articles and the truth rows by relation."""
        by_relation = ", ".join("%s %d" % kv for kv in sorted(self.truth_by_relation.items()))
        return ["articles in corpus.jsonl: %d" % self.articles, "truth rows: %d (%s)" % (self.truth_rows, by_relation)]

    def label(self, *fields):
        self._labels.write("\t".join(str(f) for f in fields) + "\n")

    def finish(self, stats_lines):
        missing = sorted(self._truth_ids - self.ids)
        if missing:
            raise AdapterError("truth names %d ids missing from the corpus, e.g. %s" % (len(missing), missing[0]))
        self._corpus.close()
        self._truth.close()
        if self._labels:
            self._labels.close()
        text = "\n".join(stats_lines) + "\n"
        with open(os.path.join(self.dir, "stats.txt"), "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        sys.stdout.write(text)


def warn_if_unexpected(script, what, counts, expected):
    """Warns on standard error when the corpus's label counts differ from its documented ones."""
    if counts != expected:
        sys.stderr.write("%s: warning: %s counts %s differ from the documented %s\n" % (script, what, counts, expected))


def _num(x):
    return ("%.4f" % x).rstrip("0").rstrip(".") if x not in (0, 1) else str(int(x))
