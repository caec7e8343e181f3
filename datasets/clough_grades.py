#!/usr/bin/env python3
"""Graded relation (issue #15 deliverable 5): fit and cross-validate wiretrace's grade on Clough & Stevenson.

  python3 datasets/clough_grades.py --wiretrace BIN [--src DIR] [--out FILE] [--keep DIR]

Standard library only. Every derived pair gets a grade (score::grade_of): verbatim, light or heavy.
The grade is a two-step (sequential) decision on the copy's phrase figures, which `compare --format
json` prints: phrase_share (share of the copy's words inside 3-word runs the source has too),
mean_phrase_run (mean length of the stretches those words form) and source_phrase_share (the same
share of the source's words, in the copy):

  1. verbatim when mean_phrase_run >= R (what the texts share, they share in long stretches: pasted
     sentences and paragraphs, however much of the copy that is), or when the pair is a duplicate;
  2. else light when max(phrase_share, source_phrase_share) >= T (most of one text survives in the
     other, in short runs: a copy edited word by word), else heavy (mostly paraphrase).

Each constant is a one-feature threshold, chosen to maximize accuracy on the training pairs (every
midpoint between two neighbouring values is a candidate; ties go to the middle one of the tied
candidates): R on the derived pairs (cut vs light + heavy), T on the light and heavy ones. The
pairs are each answer against its own task's source, scored by `compare` (the pair alone: the
phrase figures depend on the two texts only, so compare, check and scan give a pair the same ones).

It runs the Clough & Stevenson adapter (and, for the agreement check, the METER courts and COUNTER
dev adapters) into a temporary directory (removed unless --keep), and prints:

  1. the 10-fold cross-validated grade (folds stratified by category, answers in id order): the
     grade of the derived pairs and the four-way accuracy (cut / light / heavy / non, an answer that
     compare does not call derived = non), beside the previous rule (verbatim needed phrase_share
     >= T too) cross-validated the same way;
  2. the constants fitted on all of Clough (the defaults in Params, core/include/wiretrace/params.hpp);
  3. the scan's four-way accuracy with BIN's own grades (`scan` at its defaults: a pair counts when
     the scan reports the answer derived from its own source), and why the rest are missed;
  4. METER courts and COUNTER dev: the grades BIN's scan gives each label's copies (wholly vs
     partially derived as a rough proxy for verbatim/light vs heavy; reported, not fitted).

Everything printed is a figure or an article id, never corpus text. Results: bench/results/.
"""

import argparse
import collections
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from cross_corpus import DERIVED, GRADE_CATEGORY, Failure, own_pair, read_labels, read_scan, run_wiretrace  # noqa: E402
from rewrite_study import SHARED, run_adapter  # noqa: E402

CATS = ("cut", "light", "heavy", "non")
FOLDS = 10
PREVIOUS = {"R": 17.7, "T": 0.64}  # the rule before this fit (bench/results/2026-12-07-rewrite-study.txt)


# --- the grade -------------------------------------------------------------------------------------

def grade(p, R, T, previous=False):
    """The category the grade stands for ("non" when the pair is not derived)."""
    if p["relation"] not in DERIVED:
        return "non"
    share = max(p["phrase_share"], p["source_phrase_share"])
    verbatim_run = p["mean_phrase_run"] >= R and (not previous or p["phrase_share"] >= T)
    if p["relation"] == "duplicate" or verbatim_run:
        return "cut"
    return "light" if share >= T else "heavy"


def fit_threshold(values, targets):
    """The threshold t maximizing the count of (value >= t) == target; ties: the middle candidate."""
    vs = sorted(set(values))
    cands = [vs[0] - 1] + [(a + b) / 2 for a, b in zip(vs, vs[1:])] + [vs[-1] + 1]
    scores = [sum((v >= t) == y for v, y in zip(values, targets)) for t in cands]
    best = max(scores)
    tied = [t for t, s in zip(cands, scores) if s == best]
    return tied[len(tied) // 2]


def fit(pairs):
    """(R, T) fitted on labelled pairs [(category, compare pair)], the derived ones only."""
    d = [(c, p) for c, p in pairs if p["relation"] in DERIVED and c != "non"]
    R = fit_threshold([p["mean_phrase_run"] for c, p in d], [c == "cut" for c, p in d])
    r = [(c, p) for c, p in d if c != "cut"]
    T = fit_threshold([max(p["phrase_share"], p["source_phrase_share"]) for c, p in r], [c == "light" for c, p in r])
    return R, T


def fit_previous(pairs):
    """The previous rule's two constants, chosen jointly on a grid of the pairs' own values."""
    d = [(c, p) for c, p in pairs if p["relation"] in DERIVED and c != "non"]
    Rs = sorted(set(round(p["mean_phrase_run"], 1) for c, p in d))
    Ts = sorted(set(round(max(p["phrase_share"], p["source_phrase_share"]), 3) for c, p in d))
    score = lambda R, T: sum(grade(p, R, T, True) == c for c, p in d)  # noqa: E731
    best = max(((score(R, T), -abs(R - PREVIOUS["R"]) / 30 - abs(T - PREVIOUS["T"]), R, T) for R in Rs for T in Ts))
    return best[2], best[3]


def folds(items):
    """{answer id: fold}: answers of each category in id order, dealt round-robin."""
    out = {}
    for cat in CATS:
        for j, a in enumerate(sorted(a for a, (c, _) in items.items() if c == cat)):
            out[a] = j % FOLDS
    return out


def cross_validate(items, pairs, fitter, previous=False):
    """{answer: predicted category}, each predicted by constants fitted on the other nine folds."""
    fold = folds(items)
    pred, consts = {}, []
    for f in range(FOLDS):
        train = [(items[a][0], pairs[a]) for a in items if fold[a] != f]
        R, T = fitter(train)
        consts.append((R, T))
        for a in items:
            if fold[a] == f:
                pred[a] = grade(pairs[a], R, T, previous)
    return pred, consts


# --- reporting ---------------------------------------------------------------------------------------

def f3(x):
    return "%.3f" % x


def confusion(P, title, truth, pred, cats=CATS):
    m = collections.Counter((truth[a], pred[a]) for a in truth)
    n = sum(m.values())
    ok = sum(m[(c, c)] for c in cats)
    P.append("%s: accuracy %s (%d of %d); rows true, columns predicted" % (title, f3(ok / n) if n else "-", ok, n))
    P.append("    %-12s%s%10s" % ("", "".join("%7s" % c for c in cats), "recall"))
    for t in cats:
        row = sum(m[(t, p)] for p in cats)
        if row:
            P.append("    %-12s%s%10s" % ("true " + t, "".join("%7d" % m[(t, p)] for p in cats), f3(m[(t, t)] / row)))


def compare_pairs(binary, work, items, corpus):
    """{answer: the compare figures of the answer (a) against its own source (b)}."""
    texts = os.path.join(work, "texts")
    os.makedirs(texts, exist_ok=True)
    with open(corpus, encoding="utf-8") as f:
        for line in f:
            o = json.loads(line)
            with open(os.path.join(texts, o["id"] + ".txt"), "w", encoding="utf-8") as t:
                t.write(o["text"])
    out = {}
    for a, (_, sources) in sorted(items.items()):
        (s,) = sources
        o = json.loads(run_wiretrace(binary, ["compare", "--format", "json", os.path.join(texts, a + ".txt"),
                                              os.path.join(texts, s + ".txt")], ok=(0, 1)))
        sc = o["scores"]
        out[a] = {"relation": o["relation"], "grade": o["grade"], "phrase_share": sc["phrase_share"],
                  "mean_phrase_run": sc["mean_phrase_run"], "source_phrase_share": sc["source_phrase_share"]}
    return out


def scan(binary, directory, name):
    path = os.path.join(directory, name + ".scan.jsonl")
    run_wiretrace(binary, ["scan", "-q", "--format", "jsonl", "-o", path, os.path.join(directory, "corpus.jsonl")],
                  ok=(0, 1))
    return read_scan(path)[0]


def die(message):
    sys.stderr.write("clough_grades.py: %s\n" % message)
    sys.exit(2)


def main():
    ap = argparse.ArgumentParser(description="Fit and cross-validate wiretrace's grade on Clough & Stevenson")
    ap.add_argument("--wiretrace", required=True, help="the wiretrace binary")
    ap.add_argument("--src", default=SHARED, help="folder of the corpora (default ../shared/datasets)")
    ap.add_argument("--out", help="also write the report to this file")
    ap.add_argument("--keep", help="keep the adapters' output and the scans in this directory")
    args = ap.parse_args()
    binary = os.path.abspath(args.wiretrace)
    if not os.access(binary, os.X_OK):
        die("%s is not an executable" % binary)
    folders = {"clough": "clough-stevenson", "meter": "meter-courts", "counter": "counter-dev"}
    for folder in folders.values():
        if not os.path.isdir(os.path.join(args.src, folder)):
            die("%s not found in %s (--src)" % (folder, args.src))
    work = os.path.abspath(args.keep) if args.keep else tempfile.mkdtemp(prefix="clough-grades-")
    os.makedirs(work, exist_ok=True)
    try:
        P = measure(binary, args.src, folders, work)
    except Failure as e:
        die(str(e))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    P.append("")
    P.append("binary: %s" % run_wiretrace(binary, ["--version"]).strip())
    text = "\n".join(P) + "\n"
    sys.stdout.write(text)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text)


def measure(binary, src, folders, work):
    dirs = {n: os.path.join(work, n) for n in folders}
    run_adapter("clough_stevenson.py", os.path.join(src, folders["clough"]), dirs["clough"])
    run_adapter("meter_courts.py", os.path.join(src, folders["meter"]), dirs["meter"], ["--sources", "catchline"])
    run_adapter("counter_dev.py", os.path.join(src, folders["counter"]), dirs["counter"])
    items = read_labels("clough", dirs["clough"])
    truth = {a: c for a, (c, _) in items.items()}
    pairs = compare_pairs(binary, work, items, os.path.join(dirs["clough"], "corpus.jsonl"))
    derived = {a for a in items if pairs[a]["relation"] in DERIVED}
    P = ["Graded relation on Clough & Stevenson (%d answers: %s), each answer against its own task's source"
         % (len(items), ", ".join("%s %d" % (c, sum(1 for v in truth.values() if v == c)) for c in CATS)),
         "compare calls %d of the %d answers derived (%s); the grade is fitted and tested on those, an answer"
         % (len(derived), len(items), ", ".join("%s %d" % (c, sum(1 for a in derived if truth[a] == c)) for c in CATS)),
         "compare does not call derived is `non` (the derived-or-not decision is not fitted here)."]

    # 1. cross-validation
    pred, consts = cross_validate(items, pairs, fit)
    prev, prev_consts = cross_validate(items, pairs, fit_previous, previous=True)
    P.append("")
    P.append("(1) 10-fold cross-validation (folds stratified by category; constants refitted on each 9 folds)")
    P.append("    fold constants R (verbatim mean run), T (light share): %s"
             % " ".join("%.1f/%.3f" % c for c in consts))
    confusion(P, "    grade of the derived pairs", {a: truth[a] for a in derived}, pred, CATS[:3])
    confusion(P, "    four-way", truth, pred)
    P.append("    previous rule (verbatim also needs phrase_share >= T), refitted the same way: fold constants %s"
             % " ".join("%.1f/%.3f" % c for c in prev_consts))
    confusion(P, "    previous rule, grade of the derived pairs", {a: truth[a] for a in derived}, prev, CATS[:3])
    confusion(P, "    previous rule, four-way", truth, prev)

    # 2. fitted on all
    R, T = fit([(truth[a], pairs[a]) for a in items])
    fitted = {a: grade(pairs[a], R, T) for a in items}
    P.append("")
    P.append("(2) Fitted on all of Clough (the defaults of Params::verbatim_mean_run and Params::light_phrase_share):")
    P.append("    R = %.2f words, T = %.3f (previous rule: %.1f and %.2f)" % (R, T, PREVIOUS["R"], PREVIOUS["T"]))
    confusion(P, "    in-sample four-way", truth, fitted)
    old = {a: grade(pairs[a], PREVIOUS["R"], PREVIOUS["T"], True) for a in items}
    confusion(P, "    previous rule with its constants, in-sample four-way", truth, old)
    engine = {a: GRADE_CATEGORY[pairs[a]["grade"]] if pairs[a]["grade"] else "non" for a in items}
    agree = sum(engine[a] == fitted[a] for a in items)
    P.append("    BIN's compare grades agree with these constants on %d of %d answers%s"
             % (agree, len(items), "" if agree == len(items) else " (BIN was built with other defaults)"))

    # 3. the scan
    sp = scan(binary, dirs["clough"], "clough")
    scanned = {}
    for a, (c, sources) in items.items():
        o = own_pair(sp, a, sources, DERIVED)
        scanned[a] = GRADE_CATEGORY[o["grade"]] if o else "non"
    P.append("")
    confusion(P, "(3) scan at its defaults, BIN's grades, four-way", truth, scanned)
    lost = sorted(a for a in derived if scanned[a] == "non" and truth[a] != "non")
    P.append("    %d answers compare calls derived are not reported derived with their own source by the scan"
             " (candidates: the answers of one task crowd out their source; provenance: another answer is"
             " made the parent): %s" % (len(lost), " ".join(lost)))
    reported = [a for a in items if scanned[a] != "non"]
    P.append("    on the %d answers the scan reports derived, its grade is right for %d"
             % (len(reported), sum(scanned[a] == truth[a] for a in reported)))

    # 4. the other corpora
    P.append("")
    P.append("(4) Grades of BIN's scan on the other corpora (each labelled copy derived from its own source;"
             " not fitted)")
    for name, labels in (("meter", ("wholly", "partially", "non")), ("counter", ("WD", "PD", "ND"))):
        its = read_labels(name, dirs[name])
        sp = scan(binary, dirs[name], name)
        g = collections.Counter()
        for a, (label, sources) in its.items():
            o = own_pair(sp, a, sources, DERIVED)
            g[(label, o["grade"] if o else "not found")] += 1
        cols = ("verbatim", "light", "heavy", "not found")
        P.append("    %-8s%-12s%s" % (name, "", "".join("%11s" % c for c in cols)))
        for label in labels:
            P.append("    %-8s%-12s%s" % ("", label, "".join("%11d" % g[(label, c)] for c in cols)))
        hi, lo = labels[0], labels[1]
        found = lambda lab: sum(g[(lab, c)] for c in cols[:3])  # noqa: E731
        if found(hi) and found(lo):
            P.append("    %-8s verbatim or light: %s of %s %s, %s of %s %s (found pairs)"
                     % ("", f3((g[(hi, "verbatim")] + g[(hi, "light")]) / found(hi)), found(hi), hi,
                        f3((g[(lo, "verbatim")] + g[(lo, "light")]) / found(lo)), found(lo), lo))
    return P


if __name__ == "__main__":
    main()
