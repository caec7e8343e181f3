#!/usr/bin/env python3
"""COUNTER (Urdu news text reuse), development part (sports, business) -> wiretrace corpus + truth + labels.

  python3 datasets/counter_dev.py [--src ../shared/datasets/counter-dev] --out DIR

Articles: every `COUNTER/NNNN.xml` (the agency story, outlet APP or SANA) and `COUNTER/NNNNp.xml`
(the newspaper article, outlet the paper); id = the file stem lowercased (`0001`, `0001p`); title =
the headline; text = the headline and the body (as the corpus's SOURCE.md says: the headline is
part of what a paper rewrites); published = `newsdate` (dd.mm.yy) as a date, left out when
malformed. Sources come before the articles derived from them.
Truth: each newspaper article against its own source: WD (wholly derived) and PD (partially
derived) -> `rewrite` (direct 1), ND (non-derived: the same event written independently) ->
`same-story` (direct 0). Seven agency stories occur twice under two numbers with the same text
(one agency story, two newspaper articles): a newspaper article is labelled against every source
with its source's text (the scan cannot tell them apart), and the later number is a `duplicate` of
the earlier one. Coverages are not measured in COUNTER and are written as 0. labels.tsv keeps
COUNTER's label per pair.
"""

import datetime
import os
import re
import sys
import xml.etree.ElementTree as ET

sys.dont_write_bytecode = True  # no __pycache__ beside the adapters
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _wtcorpus as wt  # noqa: E402

LABELS = ("WD", "PD", "ND")
RELATION = {"WD": "rewrite", "PD": "rewrite", "ND": "same-story"}
EXPECTED = {"WD": 48, "PD": 146, "ND": 55}
_NAME = re.compile(r"^(\d+)(p?)\.xml$", re.IGNORECASE)


def news_date(value):
    """dd.mm.yy -> 'YYYY-MM-DD' (20yy), or None when malformed (one file has '0..14')."""
    m = re.fullmatch(r"(\d\d)\.(\d\d)\.(\d\d)", (value or "").strip())
    if not m:
        return None
    try:
        return datetime.date(2000 + int(m.group(3)), int(m.group(2)), int(m.group(1))).isoformat()
    except ValueError:
        return None


def read_doc(path):
    with open(path, "rb") as f:
        raw = f.read()
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as e:
        raise wt.AdapterError("%s: not well-formed XML (%s)" % (path, e))
    if root.tag != "COUNTER_document":
        raise wt.AdapterError("%s: root element %s, expected COUNTER_document" % (path, root.tag))
    head = root.find("headline")
    body = root.find("body")
    headline = wt.clean_line(" ".join(((head.text or "") if head is not None else "").split()))
    paras = wt.paragraphs_from_lines((body.text or "") if body is not None else "")
    return root.attrib, headline, paras


def main():
    ap = wt.parse_args("counter-dev", "COUNTER dev (Urdu) -> wiretrace corpus.jsonl, truth.tsv, labels.tsv")
    args = ap.parse_args()
    src = args.src
    wt.require_dir(src, "COUNTER corpus folder", "pass --src PATH; see datasets/README.md")
    docs_dir = os.path.join(src, "COUNTER")
    wt.require_dir(docs_dir, "COUNTER/ documents", "is --src the counter-dev folder?")

    # Pair the files by number: NNNN.xml (source) and NNNNp.xml (newspaper; case-insensitive).
    files = {}  # number -> {"src": name, "paper": name}
    for name in sorted(os.listdir(docs_dir)):
        m = _NAME.match(name)
        if not m:
            continue
        side = "paper" if m.group(2) else "src"
        slot = files.setdefault(m.group(1), {})
        if side in slot:
            raise wt.AdapterError("two files for %s %s: %s and %s" % (side, m.group(1), slot[side], name))
        slot[side] = name
    if not files:
        raise wt.AdapterError("no NNNN.xml / NNNNp.xml files in %s" % docs_dir)
    unpaired = sorted(n for n, s in files.items() if len(s) != 2)
    if unpaired:
        raise wt.AdapterError("%d numbers without both files, e.g. %s" % (len(unpaired), unpaired[0]))

    pairs = []  # (number, src_doc, paper_doc); doc = (id, attrs, headline, paras)
    bad_dates = []
    for number in sorted(files, key=int):
        docs = []
        for side in ("src", "paper"):
            name = files[number][side]
            attrs, headline, paras = read_doc(os.path.join(docs_dir, name))
            if not paras and not headline:
                raise wt.AdapterError("%s: empty headline and body" % name)
            if news_date(attrs.get("newsdate")) is None:
                bad_dates.append("%s (%r)" % (name, attrs.get("newsdate")))
            docs.append((name[:-4].lower(), attrs, headline, paras))
        s, p = docs
        label = s[1].get("classification", "")
        if label not in LABELS or p[1].get("classification") != label:
            raise wt.AdapterError("pair %s: classification %r / %r, expected the same of %s"
                                  % (number, label, p[1].get("classification"), "/".join(LABELS)))
        pairs.append((number, s, p, label))

    # Agency stories printed under two numbers: the same headline and body.
    by_text = {}
    for _n, s, _p, _l in pairs:
        by_text.setdefault((s[2], tuple(s[3])), []).append(s[0])
    same_text = {sid: group for group in by_text.values() for sid in group}  # sid -> group, by number

    out = wt.Output(args.out, "#newspaper_id\tsource_id\tlabel\tdomain\tnewspaper\tsame_text_sources",
                    [wt.UNMEASURED, "# labels.tsv: COUNTER's label (WD / PD / ND) per pair, as in the corpus files"])

    def write(doc):
        did, attrs, headline, paras = doc
        body = ([headline] if headline else []) + paras
        out.article(did, attrs.get("newspaper", "") or "-", headline, body, news_date(attrs.get("newsdate")))

    for _n, s, _p, _l in pairs:  # sources first
        write(s)
    dup_rows = 0
    for group in by_text.values():
        for later in group[1:]:
            out.truth(later, group[0], "duplicate", 1, 1, True)
            dup_rows += 1

    counts = {k: 0 for k in LABELS}
    domains = {}
    papers = {}
    agencies = {}
    for _n, s, p, label in pairs:
        write(p)
        counts[label] += 1
        dom = p[1].get("domain", "-")
        domains.setdefault(dom, {k: 0 for k in LABELS})[label] += 1
        paper = p[1].get("newspaper", "-")
        papers[paper] = papers.get(paper, 0) + 1
        agencies[s[1].get("newspaper", "-")] = agencies.get(s[1].get("newspaper", "-"), 0) + 1
        group = same_text[s[0]]
        for sid in [s[0]] + [g for g in group if g != s[0]]:
            out.truth(p[0], sid, RELATION[label], 0, 0, RELATION[label] != "same-story")
        out.label(p[0], s[0], label, dom, paper, ",".join(g for g in group if g != s[0]) or "-")

    total = sum(counts.values())
    groups = [g for g in by_text.values() if len(g) > 1]
    lines = [
        "COUNTER dev (%s)" % os.path.abspath(src),
        "pairs: %d (WD %d, PD %d, ND %d)" % (total, counts["WD"], counts["PD"], counts["ND"]),
        "binary: derived %d, non-derived %d" % (counts["WD"] + counts["PD"], counts["ND"]),
        "domains: " + ", ".join("%s %d (WD %d, PD %d, ND %d)" % (d, sum(c.values()), c["WD"], c["PD"], c["ND"])
                                for d, c in sorted(domains.items())),
        "agencies: " + ", ".join("%s %d" % kv for kv in sorted(agencies.items(), key=lambda x: (-x[1], x[0]))),
        "newspapers: " + ", ".join("%s %d" % kv for kv in sorted(papers.items(), key=lambda x: (-x[1], x[0]))),
        "agency stories under two numbers (same text): %d (%s)"
        % (len(groups), ", ".join("=".join(g) for g in groups) or "-"),
        "articles in corpus.jsonl: %d" % out.articles,
        "truth rows: %d (%s)" % (out.truth_rows, ", ".join("%s %d" % kv for kv in sorted(out.truth_by_relation.items()))),
        "malformed newsdate (published left out): %d%s" % (len(bad_dates), (" (" + ", ".join(bad_dates) + ")") if bad_dates else ""),
    ]
    out.finish(lines)
    if counts != EXPECTED:
        sys.stderr.write("counter_dev.py: warning: label counts %s differ from the documented %s\n"
                         % (counts, EXPECTED))


if __name__ == "__main__":
    wt.run(main)
