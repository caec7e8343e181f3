#!/usr/bin/env python3
"""METER corpus, courts domain -> wiretrace corpus JSONL + truth TSV + labels sidecar.

  python3 datasets/meter_courts.py [--src ../shared/datasets/meter-courts] --out DIR [--sources files|catchline]

Articles: every PA wire text of the courts domain (outlet "PA"; date from its folder, time from
its wire time-stamp line) and the 770 labelled newspaper articles (outlet: the paper; published
the day after the folder date: PA copy of one day was used in the next day's papers).
Truth: each newspaper article against each PA text of its catchline folder: wholly- and
partially-derived -> `rewrite` (direct 1), non-derived -> `same-story` (direct 0). Coverages are
not measured in METER and are written as 0. labels.tsv keeps METER's three-way label per pair.
With --sources catchline, the PA texts of a catchline are joined into one source document (the
practice of several METER studies) and each article has one truth row.
"""

import datetime
import os
import re
import sys

sys.dont_write_bytecode = True  # no __pycache__ beside the adapters
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _wtcorpus as wt  # noqa: E402

DOMAIN = "courts"
LABEL_FILES = (("wholly", "wholly_derived.txt"), ("partially", "partially_derived.txt"),
               ("non", "non_derived.txt"))
RELATION = {"wholly": "rewrite", "partially": "rewrite", "non": "same-story"}
EXPECTED = {"wholly": 262, "partially": 342, "non": 166}
PAPERS = {
    "times": "The Times", "guardian": "The Guardian", "telegraph": "The Daily Telegraph",
    "independent": "The Independent", "mirror": "Daily Mirror", "star": "Daily Star", "sun": "The Sun",
    "express": "Daily Express", "mail": "Daily Mail", "morningstar": "Morning Star", "ft": "Financial Times",
}

# --- PA wire text -------------------------------------------------------------------------------

_RULE = re.compile(r"^\s*-{5,}\s*$")
_STAMP = re.compile(r"^\s*(\d\d):(\d\d) (\d\d)/(\d\d)/(\d\d):?\s+Page\b.*$")
_TAG = re.compile(r"</?[A-Za-z][^<>\n]*>")
_PARA_END = re.compile(r"<[ \t]*(?:\n|$)")
_NOTE = re.compile(r"^\([^()]{1,80}\)$")           # (reopens), (with pic), (corrects catchline) ...
_SIGNOFF = re.compile(r"^(?:(?i:ends?)|[a-z]{1,4})$")  # end, ends, operator initials (mfl, mf)


class PaStats:
    def __init__(self):
        self.stamps = 0
        self.stamp_other_day = 0
        self.notes = 0
        self.signoffs = 0
        self.titles = 0
        self.html = 0


def folder_date(name):
    """dd.mm.yy -> datetime.date (yy 90-99 -> 19yy, else 20yy)."""
    m = re.fullmatch(r"(\d\d)\.(\d\d)\.(\d\d)", name)
    if not m:
        raise wt.AdapterError("unexpected date folder name %r (expected dd.mm.yy)" % name)
    d, mo, y = (int(g) for g in m.groups())
    return datetime.date(1900 + y if y >= 90 else 2000 + y, mo, d)


def _last_sunday(year, month):
    d = datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)
    return d - datetime.timedelta(days=(d.weekday() + 1) % 7)


def uk_offset(day):
    """British Summer Time from the last Sunday of March to the last Sunday of October."""
    return "+01:00" if _last_sunday(day.year, 3) <= day < _last_sunday(day.year, 10) else "+00:00"


def clean_pa(raw, day, st):
    """PA wire text -> (title, paragraphs, published). Strips the header/footer rules, the time-stamp
    line, 0x19 bytes, the '<' paragraph ends, the ``/'' quotes, editorial notes in parentheses and
    the trailing sign-off (end, operator initials); '#' before a digit is the wire's pound sign."""
    text = wt.decode(raw).replace("\r\n", "\n").replace("\r", "\n")
    if re.search(r"<HTML", text, re.I):  # one file was saved from a web search tool
        st.html += 1
        text = re.sub(r"(?is)<head>.*?</head>", "\n", text)
        text = _TAG.sub("\n", text)
    published = day.isoformat()
    lines = []
    for line in text.split("\n"):
        if _RULE.match(line):
            continue
        m = _STAMP.match(line)
        if m:
            hh, mm, d, mo, y = (int(g) for g in m.groups())
            st.stamps += 1
            try:
                stamp_day = datetime.date(1900 + y if y >= 90 else 2000 + y, mo, d)
            except ValueError:
                stamp_day = None
            if stamp_day == day and hh < 24 and mm < 60:
                published = "%sT%02d:%02d:00%s" % (day.isoformat(), hh, mm, uk_offset(day))
            else:
                st.stamp_other_day += 1
            continue
        lines.append(line)
    text = "\n".join(lines).replace("\x19", "")
    text = text.replace("``", "\u201c").replace("''", "\u201d").replace("`", "'")
    text = text.replace("\u201c", '"').replace("\u201d", '"')
    text = re.sub(r"(?<=\s)_(?=\s)", "-", text)  # the wire's dash
    text = re.sub(r"#(?=\d)", "\u00a3", text)
    paras = []
    for chunk in _PARA_END.split(text):
        # A '<' ends a paragraph whose lines are wrapped at 80 columns; a blank line ends one too.
        for block in re.split(r"\n[ \t]*\n", chunk):
            para = wt.clean_line(" ".join(block.split("\n")))
            if para:
                paras.append(para)
    kept = []
    for p in paras:
        if _NOTE.match(p):
            st.notes += 1
        else:
            kept.append(p)
    while kept and _SIGNOFF.match(kept[-1]):
        st.signoffs += 1
        kept.pop()
    title = ""
    if len(kept) > 1 and re.search(r"[A-Z]", kept[0]) and kept[0] == kept[0].upper():
        title = kept.pop(0)
        st.titles += 1
    return title, kept, published


def natural_key(name):
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", name)]


# --- main ---------------------------------------------------------------------------------------

def main():
    ap = wt.parse_args("meter-courts", "METER courts -> wiretrace corpus.jsonl, truth.tsv, labels.tsv")
    ap.add_argument("--sources", choices=("files", "catchline"), default="files",
                    help="files: each PA text is an article (default); catchline: the PA texts of a "
                         "catchline joined into one source article")
    args = ap.parse_args()
    src = args.src
    wt.require_dir(src, "METER corpus folder", "pass --src PATH; see datasets/README.md")
    pa_root = os.path.join(src, "PA", "rawtexts", DOMAIN)
    np_root = os.path.join(src, "newspapers", "rawtexts", DOMAIN)
    idx_root = os.path.join(src, "file_index", DOMAIN)
    for d, what in ((pa_root, "PA texts"), (np_root, "newspaper texts"), (idx_root, "label index")):
        wt.require_dir(d, "METER " + what, "is --src the meter-courts folder?")

    # Labels: file_index/courts/<label>_derived.txt, one 'meter_corpus/<path>' a line.
    labels = {}
    for label, fname in LABEL_FILES:
        path = os.path.join(idx_root, fname)
        wt.require_file(path, "METER label list")
        with open(path, "rb") as f:
            for line in wt.decode(f.read()).splitlines():
                rel = line.strip()
                if not rel:
                    continue
                rel = rel[len("meter_corpus/"):] if rel.startswith("meter_corpus/") else rel.lstrip("/")
                if rel in labels:
                    raise wt.AdapterError("%s is listed twice in the label lists" % rel)
                labels[rel] = label

    # PA texts, grouped by catchline folder (date, catchline).
    st = PaStats()
    pa = {}  # (date, catch) -> list of (published, name, rel, title, paras)
    for date_name in sorted(os.listdir(pa_root)):
        date_dir = os.path.join(pa_root, date_name)
        if not os.path.isdir(date_dir):
            continue  # readme.txt
        day = folder_date(date_name)
        for catch in sorted(os.listdir(date_dir)):
            cdir = os.path.join(date_dir, catch)
            if not os.path.isdir(cdir):
                continue
            for name in os.listdir(cdir):
                if name.endswith("~") or not os.path.isfile(os.path.join(cdir, name)):
                    continue
                rel = "/".join(("PA", "rawtexts", DOMAIN, date_name, catch, name))
                with open(os.path.join(cdir, name), "rb") as f:
                    title, paras, published = clean_pa(f.read(), day, st)
                pa.setdefault((date_name, catch), []).append((published, name, rel, title, paras))
    for group in pa.values():
        group.sort(key=lambda t: (t[0], natural_key(t[1])))  # earliest first: the catchline's lead
    pa_texts = sum(len(g) for g in pa.values())

    # Cross-check the catchline grouping against pairs.tsv when it is there.
    listed = {}
    pairs_path = os.path.join(src, "pairs.tsv")
    if os.path.isfile(pairs_path):
        with open(pairs_path, encoding="utf-8") as f:
            for row in f.read().splitlines()[1:]:
                cols = row.split("\t")
                if len(cols) >= 9 and cols[1] == DOMAIN:
                    listed[cols[0]] = set(x for x in cols[8].split(";") if x)

    out = wt.Output(args.out, "#newspaper_id\tpa_id\tlabel\tn_pa_sources",
                    [wt.UNMEASURED, "# labels.tsv: METER's three-way label (wholly / partially / non) per pair"])

    # Sources first (a reader meets a source before its copies).
    source_of = {}  # (date, catch) -> list of source ids
    for key in sorted(pa, key=lambda k: (folder_date(k[0]), k[1])):
        group = pa[key]
        if args.sources == "files":
            for published, _name, rel, title, paras in group:
                out.article(rel, "PA", title, paras, published)
            source_of[key] = [g[2] for g in group]
        else:
            cid = "/".join(("PA", "rawtexts", DOMAIN) + key)
            paras = []
            for _published, _name, _rel, title, p in group:
                paras.extend(([title] if title else []) + p)
            title = next((g[3] for g in group if g[3]), "")
            if title and paras and paras[0] == title:
                paras = paras[1:]
            out.article(cid, "PA", title, paras, group[0][0])
            source_of[key] = [cid]

    counts = {"wholly": 0, "partially": 0, "non": 0}
    papers = {}
    no_source = []
    mismatched = 0
    sources_used = set()
    for rel in sorted(labels, key=lambda r: (folder_date(r.split("/")[3]), natural_key(r))):
        label = labels[rel]
        parts = rel.split("/")
        if len(parts) != 6 or parts[0] != "newspapers" or parts[2] != DOMAIN:
            raise wt.AdapterError("unexpected labelled path %s" % rel)
        date_name, catch, fname = parts[3], parts[4], parts[5]
        path = os.path.join(src, *parts)
        wt.require_file(path, "labelled newspaper article")
        with open(path, "rb") as f:
            paras = wt.paragraphs_from_lines(wt.decode(f.read()))
        paper = re.sub(r"\.txt$", "", fname).rsplit("_", 1)[-1]
        papers[paper] = papers.get(paper, 0) + 1
        published = (folder_date(date_name) + datetime.timedelta(days=1)).isoformat()
        out.article(rel, PAPERS.get(paper, paper), "", paras, published)
        counts[label] += 1
        group = pa.get((date_name, catch), [])
        if rel in listed and listed[rel] != set(g[2] for g in group):
            mismatched += 1
        sources = source_of.get((date_name, catch), [])
        if not sources:
            no_source.append(rel)
            out.label(rel, "-", label, 0)
        for sid in sources:
            derived = RELATION[label] != "same-story"
            out.truth(rel, sid, RELATION[label], 0, 0, derived)
            out.label(rel, sid, label, len(group))
            sources_used.add(sid)

    total = sum(counts.values())
    lines = [
        "METER courts (%s)" % os.path.abspath(src),
        "labelled newspaper articles: %d (wholly %d, partially %d, non %d)"
        % (total, counts["wholly"], counts["partially"], counts["non"]),
        "binary: derived %d, non-derived %d" % (counts["wholly"] + counts["partially"], counts["non"]),
        "newspapers: " + ", ".join("%s %d" % (p, n) for p, n in sorted(papers.items(), key=lambda x: (-x[1], x[0]))),
        "PA texts: %d in %d catchline folders; %d used as sources of a labelled article"
        % (pa_texts, len(pa), sum(1 for k in pa for g in pa[k] if g[2] in sources_used)
           if args.sources == "files" else len(sources_used)),
        "sources mode: %s (%d source articles)" % (args.sources, sum(len(v) for v in source_of.values())),
        *out.counts_lines(),
        "articles without a PA folder: %d%s" % (len(no_source), (" (" + ", ".join(no_source) + ")") if no_source else ""),
        "PA artefacts: %d time-stamp lines (%d dated another day than the folder), %d editorial notes, "
        "%d sign-offs stripped, %d headlines as titles, %d HTML-wrapped"
        % (st.stamps, st.stamp_other_day, st.notes, st.signoffs, st.titles, st.html),
    ]
    if listed:
        lines.append("pairs.tsv cross-check: %d articles with another PA source list" % mismatched)
    out.finish(lines)
    wt.warn_if_unexpected("meter_courts.py", "label", counts, EXPECTED)


if __name__ == "__main__":
    wt.run(main)
