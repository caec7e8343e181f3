#!/usr/bin/env python3
"""Cross-corpus matrix of issue #15 deliverable 3: does wiretrace's derived-or-not decision transfer?

  python3 datasets/cross_corpus.py --wiretrace BIN [--out FILE] [--keep DIR]
                                   [--grid 2,3,4,5,6,8,10,1000] [--scan-args "..."]

Standard library only. wiretrace calls a pair derived (without a long shared passage) when its
2-word-shingle containment stands `--rewrite-z` spreads above the corpus's own background (random
pairs of the same corpus). This script runs the adapters of METER courts (catchline sources),
COUNTER dev, Clough & Stevenson and Reuters-21578 into a temporary directory (removed at the end
unless --keep), scans every corpus once per threshold of the grid (`scan -q --format jsonl
--rewrite-z Z`, plus --scan-args) and scores each scan with `wiretrace eval --format json` (the
macro-F1 of its `classification` block: derived vs not, one item per labelled pair). It prints:

  1. the table corpus x threshold;
  2. the transfer matrix: the threshold with the best macro-F1 on METER, on COUNTER and on both
     (the mean of their two macro-F1s), and its macro-F1 on every corpus (METER -> COUNTER,
     COUNTER -> METER, both -> Clough & Stevenson derived vs not), beside the default threshold;
  3. Clough & Stevenson four-way accuracy of the engine's grades (cut = verbatim, light, heavy;
     an answer not in a derived pair with its own task's source = non) and its confusion matrix;
  4. Reuters-21578: the 329 re-filed groups (every truth pair found as derived and every group in
     one cluster, as tests/cli/datasets_scan.sh checks) and the templated notices called derived;
  5. an error analysis of the misses at the default threshold on METER and COUNTER, by label and
     by cause, with example ids.

Everything printed is a figure or an article id, never corpus text. Sorted, so two runs print the
same report except for the runtime line. Results: bench/results/ (see datasets/README.md).
"""

import argparse
import collections
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from rewrite_study import SHARED, run_adapter  # noqa: E402  (the adapters' runner, shared)

DEFAULT_Z = 4.0  # wiretrace scan's default --rewrite-z
DEFAULT_GRID = "2,3,4,5,6,8,10,1000"
DERIVED = ("duplicate", "near-duplicate", "rewrite")
GRADES = ("verbatim", "light", "heavy")
LABELLED = ("meter", "counter", "clough")
NAMES = {"meter": "METER", "counter": "COUNTER", "clough": "Clough", "reuters": "Reuters"}
LABEL_ORDER = {"meter": ("wholly", "partially", "non"), "counter": ("WD", "PD", "ND"),
               "clough": ("cut", "light", "heavy", "non")}
NOT_DERIVED_LABELS = ("non", "ND")
# A wider candidate net for the error analysis: every pair sharing one fingerprint is a candidate
# and up to 50 sources are verified per article (defaults: 2 shared, 10% containment, 4 sources).
WIDE_NET = ["--min-containment", "0", "--min-shared", "1", "--max-sources", "50"]
METER_PREFIX = "newspapers/rawtexts/courts/"
# Clough & Stevenson categories the engine's grades stand for (cut = a near copy).
GRADE_CATEGORY = {"verbatim": "cut", "light": "light", "heavy": "heavy"}


class Failure(Exception):
    pass


# --- running wiretrace --------------------------------------------------------------------------

def run_wiretrace(binary, args, ok=(0,)):
    r = subprocess.run([binary] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if r.returncode not in ok:
        raise Failure("%s exited with %d: %s" % (" ".join([binary] + args), r.returncode, r.stderr.strip()[:2000]))
    return r.stdout


def scan(binary, corpus, out, z, extra):
    """Scans corpus into out (JSONL); exit status 1 (no cluster) is a valid, empty result."""
    run_wiretrace(binary, ["scan", "-q", "--format", "jsonl", "--rewrite-z", fmt_z(z), "-o", out]
                  + extra + [corpus], ok=(0, 1))
    return out


def evaluate(binary, truth, results):
    return json.loads(run_wiretrace(binary, ["eval", "--format", "json", "--truth", truth, results]))


def read_scan(path):
    """(pairs, clusters): pair lines keyed by the unordered id pair, and each member's cluster."""
    pairs, cluster = {}, {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            o = json.loads(line)
            if o["type"] == "pair":
                pairs[frozenset((o["a"], o["b"]))] = o
            elif o["type"] == "member":
                cluster[o["id"]] = o["cluster"]
    return pairs, cluster


def fmt_z(z):
    return ("%g" % z)


# --- the labelled corpora -----------------------------------------------------------------------

def read_labels(name, directory):
    """{copy id: (label, set of its own source ids)} from the adapter's labels.tsv. A copy without a
    source (one METER article whose catchline has no PA folder) is left out, as eval leaves it out."""
    items = {}
    with open(os.path.join(directory, "labels.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            c = line.rstrip("\n").split("\t")
            if name == "meter":
                copy, sources, label = c[0], {c[1]}, c[2]
            elif name == "counter":
                copy, sources, label = c[0], {c[1]} | (set(c[5].split(",")) if c[5] != "-" else set()), c[2]
            else:  # clough
                copy, sources, label = c[0], {c[1]}, c[2]
            if "-" not in sources:
                items[copy] = (label, sources)
    return items


def derived_partners(pairs):
    """{id: {(other id, pair line)}} over the derived pairs of a scan."""
    partners = collections.defaultdict(list)
    for key, o in pairs.items():
        if o["relation"] in DERIVED:
            a, b = sorted(key)
            partners[a].append((b, o))
            partners[b].append((a, o))
    return partners


def own_pair(pairs, copy, sources, relations=None):
    """The pair line of copy with one of its own sources (the first by id), or None."""
    for s in sorted(sources):
        o = pairs.get(frozenset((copy, s)))
        if o is not None and (relations is None or o["relation"] in relations):
            return o
    return None


# --- Reuters: re-filed groups and templated notices ------------------------------------------------

_EARN_SHR = re.compile(r"(oper(ating)? )?shr\b", re.I)
_EARN_NET = re.compile(r"(oper(ating)? )?net\b", re.I)
_DIV = re.compile(r"([a-z-]+ )?div(idend)?\b", re.I)
_DIV_DATES = re.compile(r"(pay(able)?|record)\b", re.I)
_TICKER = re.compile(r"<([^>.]+)")  # the ticker without its exchange suffix (<PARC.O> -> PARC)
_FIGURE = re.compile(r"\d[\d,./]*\d|\d")


_TICKER = re.compile(r"<([^>.]+)")  # the ticker without its exchange suffix (<PARC.O> -> PARC)
_FIGURE = re.compile(r"\d[\d,./]*\d|\d")


def notice_kind(text):
    """'earnings' when the text is an earnings table (a paragraph starting "Shr" and one starting
    "Net", optionally "Oper"), 'dividend' when it is a dividend notice (a paragraph "<word> div ..."
    and one starting "Pay", "Payable" or "Record"), else None. Reuters-21578 files both as templates:
    "Shr 34 cts vs 1.19 dlrs / Net 807,000 vs 2,858,000 / Revs ..." and "Qtly div 15 cts vs 15 cts
    prior / Pay April 15 / Record April 1"."""
    paragraphs = [p.strip() for p in text.split("\n\n")]
    if any(_EARN_SHR.match(p) for p in paragraphs) and any(_EARN_NET.match(p) for p in paragraphs):
        return "earnings"
    if any(_DIV.match(p) for p in paragraphs) and any(_DIV_DATES.match(p) for p in paragraphs):
        return "dividend"
    return None


def company_keys(title):
    """Keys of the company a notice is about: its ticker (the <...> of the title without the exchange
    suffix: "PARK COMMUNICATIONS INC <PARC.O> 1ST QTR" -> parc) and the title's first two words
    (park communications); two notices are of one company when either key agrees."""
    m = _TICKER.search(title)
    keys = {"w:" + " ".join(re.sub(r"[<>()]", " ", title).split()[:2]).lower()}
    if m and m.group(1).strip():
        keys.add("t:" + m.group(1).strip().lower())
    return keys


def notice_pair_kind(a, b):
    """How two notices called derived are related: 'different companies' (template only), 'same
    company, other figures' (two notices of one company, e.g. two quarters: template only) or
    're-file or correction' (one company and at least 80% of the figures of the one with fewer
    figures shared, or neither has a figure)."""
    if not (a["company"] & b["company"]):
        return "different companies"
    fa, fb = a["figures"], b["figures"]
    if not fa or not fb or len(fa & fb) >= 0.8 * min(len(fa), len(fb)):
        return "re-file or correction"
    return "same company, other figures"


NOTICE_PAIR_KINDS = ("different companies", "same company, other figures", "re-file or correction")


class Reuters:
    def __init__(self, directory):
        self.dir = directory
        self.notice = {}  # id -> {"kind", "company", "figures"} of the earnings and dividend notices
        with open(os.path.join(directory, "corpus.jsonl"), encoding="utf-8") as f:
            for line in f:
                o = json.loads(line)
                k = notice_kind(o["text"])
                if k:
                    self.notice[o["id"]] = {"kind": k, "company": company_keys(o["title"]),
                                            "figures": set(_FIGURE.findall(o["text"]))}
        self.groups = collections.defaultdict(list)
        with open(os.path.join(directory, "labels.tsv"), encoding="utf-8") as f:
            for line in f:
                if not line.startswith("#"):
                    story, group, _source, _role = line.rstrip("\n").split("\t")
                    self.groups[group].append(story)
        self.group_of = {s: g for g, members in self.groups.items() for s in members}

    def measure(self, scan_path, ev):
        pairs, cluster = read_scan(scan_path)
        whole = sum(1 for members in self.groups.values()
                    if None not in {cluster.get(s) for s in members} and len({cluster.get(s) for s in members}) == 1)
        p = ev["pairs"]
        derived = [o for o in pairs.values() if o["relation"] in DERIVED]
        notices = []  # (kind of notice pair, pair line) of the derived pairs of two notices outside the groups
        for o in derived:
            a, b = o["a"], o["b"]
            if a in self.notice and b in self.notice and not (a in self.group_of and self.group_of.get(b) == self.group_of[a]):
                notices.append((notice_pair_kind(self.notice[a], self.notice[b]), o))
        return {"groups": len(self.groups), "groups_whole": whole, "truth": p["truth_derived"],
                "truth_found": p["true_positives"], "derived": len(derived), "notices": notices}


# --- report -------------------------------------------------------------------------------------

def f3(x):
    return "%.3f" % x


def best_threshold(grid, score):
    """The threshold of the grid with the highest score; ties go to the one nearest the default."""
    return max(grid, key=lambda z: (round(score(z), 6), -abs(z - DEFAULT_Z), -z))


def clough_four_way(pairs, items):
    """Confusion {(true category, predicted category): n} of the grades against the categories."""
    m = collections.Counter()
    for copy, (label, sources) in items.items():
        o = own_pair(pairs, copy, sources, DERIVED)
        m[(label, GRADE_CATEGORY[o["grade"]] if o else "non")] += 1
    return m


def without_options(args, names):
    """args without the options in names (and their values: "--opt V" or "--opt=V")."""
    out, skip = [], False
    for a in args:
        if skip:
            skip = False
        elif a in names:
            skip = True
        elif a.split("=")[0] not in names:
            out.append(a)
    return out


def error_analysis(items, default, all_default, all_zero, wide):
    """Rows of the misses at the default threshold: (label, cause, copy id). The cause of a missed
    derived article that is not a candidate says what the wider candidate net made of its pair."""
    partners = derived_partners(default)
    rows = []
    for copy, (label, sources) in sorted(items.items()):
        own = own_pair(default, copy, sources, DERIVED)
        if label in NOT_DERIVED_LABELS:
            if own:
                rows.append((label, "derived with its own source (false positive), grade %s" % own["grade"], copy))
            continue
        if own:
            continue
        others = sorted(p for p, _o in partners.get(copy, []) if p not in sources)
        seen = own_pair(all_default, copy, sources) or own_pair(all_zero, copy, sources)
        if others:
            cause = "derived, but with another source (own source %s)" % ("verified" if seen else "not seen")
        elif seen:
            rel = own_pair(all_default, copy, sources)
            cause = "verified: same-story" if rel else "verified: unrelated below the threshold"
        else:
            w = own_pair(wide, copy, sources)
            cause = "not a candidate; wider net: %s" % (
                "none" if w is None else w["relation"] + ("" if w["relation"] not in DERIVED else " " + w["grade"]))
        rows.append((label, cause, copy))
    return rows


def main():
    ap = argparse.ArgumentParser(description="Cross-corpus transfer matrix of wiretrace's --rewrite-z (issue #15)")
    ap.add_argument("--wiretrace", required=True, help="the wiretrace binary")
    ap.add_argument("--out", help="also write the report to FILE")
    ap.add_argument("--keep", help="keep the corpora and scans in this directory (default: a temporary one, removed)")
    ap.add_argument("--grid", default=DEFAULT_GRID, help="--rewrite-z values, comma-separated (default %s; "
                    "the default %g is always added)" % (DEFAULT_GRID, DEFAULT_Z))
    ap.add_argument("--scan-args", default="", help="more scan options, one shell-quoted string (e.g. \"--window-days 3\")")
    ap.add_argument("--src", default=SHARED, help="the datasets folder (default: ../shared/datasets beside the repository)")
    args = ap.parse_args()
    prog = os.path.basename(sys.argv[0])

    def die(message):
        sys.stderr.write("%s: error: %s\n" % (prog, message))
        sys.exit(2)

    binary = os.path.abspath(args.wiretrace)
    if not (os.path.isfile(binary) and os.access(binary, os.X_OK)):
        die("not an executable: %s" % args.wiretrace)
    try:
        grid = sorted({float(v) for v in args.grid.split(",") if v.strip()} | {DEFAULT_Z})
    except ValueError:
        die("--grid wants comma-separated numbers, got %r" % args.grid)
    if grid[0] < 0:
        die("--grid values must be non-negative")
    extra = shlex.split(args.scan_args)
    reserved = {"--rewrite-z", "-o", "--output", "-f", "--format", "--all-relations", "-q", "--quiet"}
    clash = [a for a in extra if a.split("=")[0] in reserved]
    if clash:
        die("--scan-args may not set %s (the script sets it)" % ", ".join(clash))
    folders = {"meter": "meter-courts", "counter": "counter-dev", "clough": "clough-stevenson", "reuters": "reuters21578"}
    for name, folder in sorted(folders.items()):
        if not os.path.isdir(os.path.join(args.src, folder)):
            die("%s not found in %s (--src)" % (folder, args.src))

    t_start = time.time()
    work = os.path.abspath(args.keep) if args.keep else tempfile.mkdtemp(prefix="cross-corpus-")
    os.makedirs(work, exist_ok=True)
    try:
        report, n_scans = measure(binary, args.src, folders, work, grid, extra)
    except Failure as e:
        die(str(e))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    report.append("")
    report.append("runtime: %.1f s wall for 4 adapters, %d scans and their evals (%s)"
                  % (time.time() - t_start, n_scans, run_wiretrace(binary, ["--version"]).strip()))
    text = "\n".join(report) + "\n"
    sys.stdout.write(text)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text)


def measure(binary, src, folders, work, grid, extra):
    P = []
    dirs = {n: os.path.join(work, n) for n in folders}
    run_adapter("meter_courts.py", os.path.join(src, folders["meter"]), dirs["meter"], ["--sources", "catchline"])
    for n, script in (("counter", "counter_dev.py"), ("clough", "clough_stevenson.py"), ("reuters", "reuters21578.py")):
        run_adapter(script, os.path.join(src, folders[n]), dirs[n])
    items = {n: read_labels(n, dirs[n]) for n in LABELLED}
    reuters = Reuters(dirs["reuters"])

    n_scans = 0
    f1, clough4, rt = {}, {}, {}
    scans = {}
    for name in ("meter", "counter", "clough", "reuters"):
        corpus, truth = os.path.join(dirs[name], "corpus.jsonl"), os.path.join(dirs[name], "truth.tsv")
        for z in grid:
            path = scan(binary, corpus, os.path.join(dirs[name], "scan-z%s.jsonl" % fmt_z(z)), z, extra)
            n_scans += 1
            scans[(name, z)] = path
            ev = evaluate(binary, truth, path)
            if name == "reuters":
                rt[z] = reuters.measure(path, ev)
                continue
            c = ev["classification"]
            f1[(name, z)] = c["macro_f1"]
            if name == "clough":
                m = clough_four_way(read_scan(path)[0], items["clough"])
                clough4[z] = (sum(v for (t, p), v in m.items() if t == p) / sum(m.values()), m)
    # For the causes of the misses: which own-source pairs were verified at all.
    seen = {}
    for name in ("meter", "counter"):
        corpus = os.path.join(dirs[name], "corpus.jsonl")
        for z, tag in ((DEFAULT_Z, "default"), (0.0, "zero")):
            path = scan(binary, corpus, os.path.join(dirs[name], "scan-all-z%s.jsonl" % fmt_z(z)), z,
                        extra + ["--all-relations"])
            n_scans += 1
            seen[(name, tag)] = read_scan(path)[0]
        path = scan(binary, corpus, os.path.join(dirs[name], "scan-wide.jsonl"), DEFAULT_Z,
                    without_options(extra, set(WIDE_NET[::2])) + WIDE_NET + ["--all-relations"])
        n_scans += 1
        seen[(name, "wide")] = read_scan(path)[0]
        f1[(name, "wide")] = evaluate(binary, os.path.join(dirs[name], "truth.tsv"), path)["classification"]["macro_f1"]

    def mean2(z):
        return (f1[("meter", z)] + f1[("counter", z)]) / 2

    zs = "".join("%8s" % (fmt_z(z) + ("*" if z == DEFAULT_Z else "")) for z in grid)
    P.append("cross-corpus matrix (datasets/cross_corpus.py): wiretrace scan at each --rewrite-z, issue #15 deliverable 3")
    P.append("scan options: -q --format jsonl --rewrite-z Z%s; * = the default threshold" % (" " + " ".join(extra) if extra else ""))
    P.append("corpora: METER courts, --sources catchline (%d labelled articles: %s); COUNTER dev (%d articles: %s;"
             % (len(items["meter"]), label_counts(items["meter"], "meter"), len(items["counter"]), label_counts(items["counter"], "counter")))
    P.append("  eval: 267 items, the 12 articles of twin agency stories once per twin and the 6 twin pairs); Clough & Stevenson (%d answers: %s);"
             % (len(items["clough"]), label_counts(items["clough"], "clough")))
    P.append("  Reuters-21578 (21,578 stories, %d re-filed groups)" % rt[DEFAULT_Z]["groups"])
    P.append("")
    P.append("(1) by threshold: macro-F1 of `wiretrace eval --format json` (classification: derived vs not, per labelled pair)")
    P.append("%-34s%s" % ("--rewrite-z", zs))
    for name in LABELLED:
        P.append("%-34s%s" % (NAMES[name] + " macro-F1", "".join("%8s" % f3(f1[(name, z)]) for z in grid)))
    P.append("%-34s%s" % ("mean of METER and COUNTER", "".join("%8s" % f3(mean2(z)) for z in grid)))
    P.append("%-34s%s" % ("Clough four-way accuracy", "".join("%8s" % f3(clough4[z][0]) for z in grid)))
    P.append("%-34s%s" % ("Reuters groups in one cluster", "".join("%8s" % ("%d" % rt[z]["groups_whole"]) for z in grid)))
    P.append("%-34s%s" % ("Reuters truth pairs found (of %d)" % rt[DEFAULT_Z]["truth"], "".join("%8d" % rt[z]["truth_found"] for z in grid)))
    P.append("%-34s%s" % ("Reuters derived pairs reported", "".join("%8d" % rt[z]["derived"] for z in grid)))
    P.append("%-34s%s" % ("Reuters templated-notice pairs", "".join("%8d" % templated(rt[z]) for z in grid)))

    P.append("")
    P.append("(2) transfer matrix: the threshold with the best macro-F1 on the fitting corpus, scored on every corpus")
    P.append("    (Clough: derived vs not; in-sample cells marked +)")
    P.append("%-22s%8s%10s%10s%10s" % ("fit on", "z", "METER", "COUNTER", "Clough"))
    fits = (("METER ->", lambda z: f1[("meter", z)], {"meter"}), ("COUNTER ->", lambda z: f1[("counter", z)], {"counter"}),
            ("both (mean F1) ->", mean2, {"meter", "counter"}))
    for label, score, fitted in fits:
        z = best_threshold(grid, score)
        P.append("%-22s%8s%s" % (label, fmt_z(z), "".join("%10s" % (f3(f1[(n, z)]) + ("+" if n in fitted else " ")) for n in LABELLED)))
    P.append("%-22s%8s%s" % ("default (nothing fit)", fmt_z(DEFAULT_Z), "".join("%10s" % (f3(f1[(n, DEFAULT_Z)]) + " ") for n in LABELLED)))
    zm, zc, zb = (best_threshold(grid, s) for _l, s, _f in fits)
    P.append("    METER -> COUNTER %s, COUNTER -> METER %s, both -> Clough %s (default: %s, %s, %s)"
             % (f3(f1[("counter", zm)]), f3(f1[("meter", zc)]), f3(f1[("clough", zb)]),
                f3(f1[("counter", DEFAULT_Z)]), f3(f1[("meter", DEFAULT_Z)]), f3(f1[("clough", DEFAULT_Z)])))
    P.append("    One parameter chosen from %d values: no 10-fold cross-validation is needed (or meaningful) for it;" % len(grid))
    P.append("    the off-diagonal cells are the held-out figures, the + cells are in-sample maxima over the grid.")

    m = clough4[DEFAULT_Z][1]
    cats = LABEL_ORDER["clough"]
    P.append("")
    P.append("(3) Clough & Stevenson four-way at the default threshold: grade verbatim = cut, light, heavy; an answer")
    P.append("    not in a derived pair with its own task's source = non. The derived-or-not decision is not fitted on")
    P.append("    Clough; the grade's two constants are (datasets/clough_grades.py, which cross-validates them).")
    P.append("    accuracy %s (%d of %d); rows true, columns predicted" % (f3(clough4[DEFAULT_Z][0]), sum(m[(c, c)] for c in cats), sum(m.values())))
    P.append("    %-10s%s%10s" % ("", "".join("%7s" % c for c in cats), "recall"))
    for t in cats:
        row = sum(m[(t, p)] for p in cats)
        P.append("    %-10s%s%10s" % ("true " + t, "".join("%7d" % m[(t, p)] for p in cats), f3(m[(t, t)] / row) if row else "-"))

    r = rt[DEFAULT_Z]
    P.append("")
    P.append("(4) Reuters-21578 at the default threshold")
    P.append("    re-filed groups: %d of %d truth pairs found as derived, %d of %d groups inside one cluster"
             % (r["truth_found"], r["truth"], r["groups_whole"], r["groups"]))
    kinds = collections.Counter(n["kind"] for n in reuters.notice.values())
    P.append("    notices (text rule: an earnings table has paragraphs starting \"Shr\" and \"Net\"; a dividend notice")
    P.append("    \"<word> div\" and \"Pay\"/\"Payable\"/\"Record\"): %d earnings tables, %d dividend notices"
             % (kinds["earnings"], kinds["dividend"]))
    P.append("    derived pairs of two notices outside the re-filed groups: %d of %d derived pairs; templated (not rewrites"
             % (len(r["notices"]), r["derived"]))
    P.append("    of each other) unless one company (same ticker or same first two title words) and 80%+ shared figures")
    P.append("    %-44s%8s%8s%8s%8s" % ("", *GRADES, "all"))
    for kind in NOTICE_PAIR_KINDS:
        g = collections.Counter(o["grade"] for k, o in r["notices"] if k == kind)
        P.append("    %-44s%s%8d" % (kind + (" (templated)" if kind != NOTICE_PAIR_KINDS[-1] else ""),
                                     "".join("%8d" % g[x] for x in GRADES), sum(g.values())))
    P.append("    %-44s%8s%8s%8s%8d" % ("templated notices called derived", "", "", "", templated(r)))
    different = [o for k, o in r["notices"] if k == NOTICE_PAIR_KINDS[0]]
    rel = collections.Counter(o["relation"] for o in different)
    P.append("    different companies by relation: %s (a duplicate: the same body under another company's headline)"
             % ", ".join("%s %d" % (x, rel[x]) for x in DERIVED))
    # One example of each of the two commonest grades: the pair furthest above the background.
    common = sorted(GRADES, key=lambda g: (-sum(1 for o in different if o["grade"] == g), GRADES.index(g)))[:2]
    for grade in common:
        o = min((o for o in different if o["grade"] == grade), key=lambda o: (-o["background_z"], o["a"], o["b"]), default=None)
        if o is None:
            continue
        P.append("    e.g. %s / %s (different companies; %s, grade %s, z %.1f)"
                 % (o["a"], o["b"], o["relation"], o["grade"], o["background_z"]))

    P.append("")
    P.append("(5) misses at the default threshold, by label and by cause (3 example ids each, sorted)")
    P.append("    A derived article is missed when no derived pair joins it with its own source, a non-derived one when")
    P.append("    one does. Causes, first match: derived with another article; own-source pair verified (same-story in")
    P.append("    --all-relations, or derived at --rewrite-z 0 but not at the default); not a candidate: no pair line")
    P.append("    with its source in --all-relations scans at the default and at --rewrite-z 0 (or verified and judged")
    P.append("    unrelated with containment at or below the corpus mean: scan reports neither), and what a wider")
    P.append("    candidate net (%s, default z, --all-relations) makes of that pair." % " ".join(WIDE_NET))
    P.append("    The wider net's macro-F1: METER %s, COUNTER %s (default net: %s, %s). METER ids without %s."
             % (f3(f1[("meter", "wide")]), f3(f1[("counter", "wide")]), f3(f1[("meter", DEFAULT_Z)]),
                f3(f1[("counter", DEFAULT_Z)]), METER_PREFIX))
    for name in ("meter", "counter"):
        rows = error_analysis(items[name], read_scan(scans[(name, DEFAULT_Z)])[0],
                              seen[(name, "default")], seen[(name, "zero")], seen[(name, "wide")])
        labels = collections.Counter(label for label, _c in items[name].values())
        missed = collections.Counter(row[0] for row in rows)
        P.append("  %s: missed %s" % (NAMES[name], ", ".join("%s %d of %d" % (l, missed[l], labels[l]) for l in LABEL_ORDER[name])))
        by = collections.defaultdict(list)
        for label, cause, copy in rows:
            by[(label, cause)].append(copy[len(METER_PREFIX):] if copy.startswith(METER_PREFIX) else copy)
        for label in LABEL_ORDER[name]:
            for (l, cause), ids in sorted(by.items(), key=lambda kv: (kv[0][0], -len(kv[1]), kv[0][1])):
                if l == label:
                    P.append("    %-9s %4d  %-60s %s" % (label, len(ids), cause, " ".join(ids[:3])))
    return P, n_scans


def templated(r):
    """Derived pairs of two notices that share only their template (every kind but re-files)."""
    return sum(1 for k, _o in r["notices"] if k != NOTICE_PAIR_KINDS[-1])


def label_counts(items, name):
    c = collections.Counter(label for label, _s in items.values())
    return ", ".join("%s %d" % (l, c[l]) for l in LABEL_ORDER[name])


if __name__ == "__main__":
    main()
