#!/usr/bin/env python3
"""Reuters-21578 (Distribution 1.0) -> wiretrace corpus JSONL + truth TSV + labels sidecar.

  python3 datasets/reuters21578.py [--src ../shared/datasets/reuters21578] --out DIR

Articles: all 21,578 stories of reut2-000.sgm .. reut2-021.sgm, id `reuters-<NEWID>`, outlet
"Reuters", published from <DATE> (time zone not stated: written without an offset), title from
<TITLE>, text = the <BODY>, paragraphs at the indented lines, the closing "Reuter" sign-off and
the control entities (&#2; &#3; ...) removed. The <DATELINE> ("SALVADOR, Feb 26 - ") is filing
metadata, not story text: a story re-filed on another day gets a new one, and the re-filed groups
below are defined on the BODY alone, so it is left out of the text (the date is in `published`).
TYPE="BRIEF" stories are a title with the placeholder body "Blah blah blah.", written with an
empty text; TYPE="UNPROC" stories have no markup: their first line is the title.
Truth: the re-filed identical groups of exact_duplicate_groups.tsv: every member of a group is a
`duplicate` (coverages 1, direct 1) of the group's earliest story (by DATE, then NEWID).
labels.tsv lists group membership.
"""

import datetime
import glob
import html
import os
import re
import sys

sys.dont_write_bytecode = True  # no __pycache__ beside the adapters
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _wtcorpus as wt  # noqa: E402

EXPECTED_STORIES = 21578
EXPECTED_GROUPS = 329
MONTHS = {m: i + 1 for i, m in enumerate("JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split())}

_DOC = re.compile(r"<REUTERS\b([^>]*)>(.*?)</REUTERS>", re.S)
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_DATE = re.compile(r"(\d{1,2})-([A-Za-z]{3})-(\d{4})\s+(\d{1,2}):(\d\d):(\d\d)(\.\d+)?(?![\d:])")
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_SIGNOFF = re.compile(r"\s*\breuter\s*$", re.I)


def element(doc, name):
    m = re.search(r"<%s\b[^>]*>(.*?)</%s>" % (name, name), doc, re.S)
    return m.group(1) if m else None


def unescape(s):
    return html.unescape(s)  # &lt; &amp; ...; control entities (&#2; &#3; &#5;) become '' or controls


def parse_date(raw):
    """'26-FEB-1987 15:01:01.79' -> ('1987-02-26T15:01:01.79', sort key); None when unreadable."""
    if raw is None:
        return None
    m = _DATE.search(raw)
    if m:
        d, mon, y, hh, mm, ss, frac = m.groups()
        try:
            stamp = datetime.datetime(int(y), MONTHS[mon.upper()], int(d), int(hh), int(mm), int(ss))
            return stamp.isoformat() + (frac or "")
        except (KeyError, ValueError):
            pass
    m = re.search(r"(\d{1,2})-([A-Za-z]{3})-(\d{4})", raw)  # a malformed time: the date alone
    if m:
        try:
            return datetime.date(int(m.group(3)), MONTHS[m.group(2).upper()], int(m.group(1))).isoformat()
        except (KeyError, ValueError):
            pass
    return None


def body_paragraphs(text):
    """Reuters bodies wrap at ~65 columns; a paragraph starts at an indented line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paras, cur = [], []
    for line in text.split("\n"):
        if (line[:1].isspace() and line.strip()) or not line.strip():
            if cur:
                paras.append(" ".join(cur))
                cur = []
        cleaned = wt.clean_line(line)
        if cleaned:
            cur.append(cleaned)
    if cur:
        paras.append(" ".join(cur))
    return [p for p in (wt.clean_line(p) for p in paras) if p]


def main():
    ap = wt.parse_args("reuters21578", "Reuters-21578 -> wiretrace corpus.jsonl, truth.tsv, labels.tsv")
    args = ap.parse_args()
    src = args.src
    wt.require_dir(src, "Reuters-21578 folder", "pass --src PATH; see datasets/README.md")
    files = sorted(glob.glob(os.path.join(src, "reut2-*.sgm")))
    if not files:
        raise wt.AdapterError("no reut2-*.sgm files in %s (is --src the reuters21578 folder?)" % src)
    groups_path = os.path.join(src, "exact_duplicate_groups.tsv")
    wt.require_file(groups_path, "exact_duplicate_groups.tsv")

    out = wt.Output(args.out, "#id\tgroup_id\tsource_id\trole",
                    ["# coverages of the duplicate rows are 1: the bodies are identical (after removing entities,"
                     " collapsing whitespace, lower-casing and dropping the sign-off; titles and datelines may differ)",
                     "# labels.tsv: membership of the re-filed identical groups (exact_duplicate_groups.tsv)"])
    stories = {}  # NEWID -> (published, normalised body)
    kinds = {"NORM": 0, "BRIEF": 0, "UNPROC": 0}
    empty = no_date = signoffs = 0
    for path in files:
        with open(path, "rb") as f:
            sgml = wt.decode(f.read())
        for m in _DOC.finditer(sgml):
            attrs = dict(_ATTR.findall(m.group(1)))
            doc = m.group(2)
            newid = attrs.get("NEWID")
            if not newid:
                raise wt.AdapterError("%s: a <REUTERS> element without NEWID" % path)
            published = parse_date(element(doc, "DATE"))
            if published is None:
                no_date += 1
            text_m = re.search(r"<TEXT\b([^>]*)>(.*?)</TEXT>", doc, re.S)
            text_attrs = dict(_ATTR.findall(text_m.group(1))) if text_m else {}
            inner = text_m.group(2) if text_m else ""
            kind = text_attrs.get("TYPE", "NORM")
            kinds[kind] = kinds.get(kind, 0) + 1
            title = wt.clean_line(unescape(element(inner, "TITLE") or ""))
            dateline = wt.clean_line(unescape(element(inner, "DATELINE") or ""))
            body = element(inner, "BODY")
            if kind == "UNPROC" or (body is None and kind != "BRIEF"):
                raw = _TAG.sub("\n", inner) if kind == "UNPROC" else ""
                paras = body_paragraphs(unescape(raw))
                if kind == "UNPROC" and not title and paras:
                    raw_lines = unescape(raw).split("\n")
                    first = next(i for i, l in enumerate(raw_lines) if wt.clean_line(l))
                    title = wt.clean_line(raw_lines[first])
                    paras = body_paragraphs("\n".join(raw_lines[first + 1:]))
            elif kind == "BRIEF":
                rest = wt.clean_line(unescape(_TAG.sub(" ", re.sub(r"<TITLE>.*?</TITLE>", " ", inner, flags=re.S))))
                rest = re.sub(r"(?i)^\**\s*blah blah blah\.?\s*$", "", rest.strip("* "))
                paras = [rest] if rest else []
            else:
                paras = body_paragraphs(unescape(body))
            if paras:
                stripped = _SIGNOFF.sub("", paras[-1])
                if stripped != paras[-1]:
                    signoffs += 1
                    paras[-1] = stripped.rstrip()
                    if not paras[-1]:
                        paras.pop()
            if not paras:
                empty += 1
            sid = "reuters-" + newid
            out.article(sid, "Reuters", title, paras, published)
            norm = " ".join(unescape(re.sub(r"&#\d+;", " ", body or "")).lower().split())
            norm = re.sub(r"\s*reuter\s*$", "", norm)
            stories[newid] = (published, norm, dateline)

    # Groups: group_id NEWID OLDID DATE TITLE.
    groups = {}
    with open(groups_path, "rb") as f:
        for n, line in enumerate(wt.decode(f.read()).splitlines(), 1):
            if n == 1 or not line.strip():
                continue
            cols = line.split("\t")
            if len(cols) < 2:
                raise wt.AdapterError("%s:%d: expected group_id and NEWID columns" % (groups_path, n))
            if cols[1] not in stories:
                raise wt.AdapterError("%s:%d: NEWID %s is not in the SGML files" % (groups_path, n, cols[1]))
            groups.setdefault(cols[0], []).append(cols[1])
    body_differs = dateline_differs = 0
    sizes = {}
    for gid in sorted(groups, key=lambda g: int(g) if g.isdigit() else g):
        members = sorted(groups[gid], key=lambda i: (stories[i][0] or "9999", int(i)))
        sizes[len(members)] = sizes.get(len(members), 0) + 1
        root = members[0]
        out.label("reuters-" + root, gid, "reuters-" + root, "source")
        for copy in members[1:]:
            out.truth("reuters-" + copy, "reuters-" + root, "duplicate", 1, 1, True)
            out.label("reuters-" + copy, gid, "reuters-" + root, "copy")
            if stories[copy][1] != stories[root][1]:
                body_differs += 1
            if stories[copy][2] != stories[root][2]:
                dateline_differs += 1

    lines = [
        "Reuters-21578 (%s)" % os.path.abspath(src),
        "stories: %d (%s) from %d files" % (out.articles, ", ".join("%s %d" % kv for kv in sorted(kinds.items())), len(files)),
        "stories with an empty text: %d; without a readable date: %d; 'Reuter' sign-offs stripped: %d"
        % (empty, no_date, signoffs),
        "re-filed identical groups: %d (%s), %d stories"
        % (len(groups), ", ".join("%d of size %d" % (v, k) for k, v in sorted(sizes.items())),
           sum(len(v) for v in groups.values())),
        "truth rows: %d (%s); %d with a different normalised body, %d with a different dateline"
        % (out.truth_rows, ", ".join("%s %d" % kv for kv in sorted(out.truth_by_relation.items())),
           body_differs, dateline_differs),
    ]
    out.finish(lines)
    if out.articles != EXPECTED_STORIES or len(groups) != EXPECTED_GROUPS:
        sys.stderr.write("reuters21578.py: warning: %d stories and %d groups, documented %d and %d\n"
                         % (out.articles, len(groups), EXPECTED_STORIES, EXPECTED_GROUPS))


if __name__ == "__main__":
    wt.run(main)
