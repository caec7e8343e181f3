#!/usr/bin/python3
"""Fits the derived-or-not model of wiretrace's relation decision on METER courts, with 10-fold
cross-validation by catchline, and prints the coefficients for core/src/score/score.cpp.

  /usr/bin/python3 datasets/meter_model.py [--wiretrace build/wiretrace] [--src ../shared/datasets/meter-courts]
                                           [--corpus DIR] [--jobs 2] [--features FILE]

Data: each labelled newspaper article against the PA texts of its catchline joined into one
source (`meter_courts.py --sources catchline`: 604 derived, 165 non-derived articles); derived =
wholly or partially derived. Features: the model inputs that `wiretrace compare --format json`
reports under "model" (computed in core, so the script never re-implements them), with the model
switched off (--rewrite-probability 2) so that "relation" is the rest of the decision.
Model: logistic regression on standardized inputs, L2 penalty 1 (the intercept unpenalized), by
Newton's method; the probability threshold is Params::rewrite_probability (0.5).
Evaluation: 10 folds, every catchline (story) in exactly one fold (catchlines shuffled with a fixed
seed and dealt round-robin), so no story is in both the training and the test articles. Printed:
the model alone, and the engine's decision (the coverage rule, or the model where
`model.decides` says it may decide), each with the confusion matrix, macro F1, weighted F1 and
the derived-class F1; then the fit on all articles as C++ constants.
Needs python3-numpy (Debian); run it with /usr/bin/python3.
"""

import argparse
import concurrent.futures
import json
import os
import random
import subprocess
import sys
import tempfile

import numpy as np

INPUTS = ("word_containment", "bigram_containment", "log_shorter_words", "log_longer_words")
CONSTANTS = ("kWord", "kBigram", "kShorter", "kLonger")
DERIVED = {"duplicate", "near-duplicate", "rewrite"}
FOLDS = 10
SEED = 20261121
L2 = 1.0
THRESHOLD = 0.5


def fail(msg):
    sys.stderr.write("meter_model.py: %s\n" % msg)
    sys.exit(2)


def read_corpus(corpus_dir):
    texts = {}
    with open(os.path.join(corpus_dir, "corpus.jsonl"), encoding="utf-8") as f:
        for line in f:
            o = json.loads(line)
            texts[o["id"]] = o["text"]
    pairs = []
    with open(os.path.join(corpus_dir, "labels.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            article, pa, label, _n = line.rstrip("\n").split("\t")
            if pa != "-":
                pairs.append((article, pa, label))
    return texts, pairs


def extract(wiretrace, texts, pairs, jobs):
    """Runs `compare --format json` on every pair; returns one dict per pair."""
    with tempfile.TemporaryDirectory(prefix="meter_model.") as tmp:
        path = {}
        for i, doc_id in enumerate(sorted(texts)):
            path[doc_id] = os.path.join(tmp, "%d.txt" % i)
            with open(path[doc_id], "w", encoding="utf-8") as f:
                f.write(texts[doc_id])

        def one(pair):
            article, pa, label = pair
            cmd = [wiretrace, "compare", "--format", "json", "--rewrite-probability", "2", path[article], path[pa]]
            run = subprocess.run(cmd, capture_output=True, text=True, check=False)
            if run.returncode not in (0, 1):
                fail("%s on %s failed (%d): %s" % (" ".join(cmd[:2]), article, run.returncode, run.stderr.strip()))
            d = json.loads(run.stdout)
            row = {"article": article, "pa": pa, "label": label, "rule": d["relation"] in DERIVED,
                   "decides": d["model"]["decides"]}
            row.update({k: d["model"]["inputs"][k] for k in INPUTS})
            return row

        with concurrent.futures.ThreadPoolExecutor(jobs) as ex:
            return list(ex.map(one, pairs))


def fit(x, y):
    """Logistic regression on standardized columns; returns (intercept, coefficients) on the raw scale."""
    mu, sd = x.mean(0), x.std(0)
    sd[sd == 0] = 1
    z = np.column_stack([np.ones(len(x)), (x - mu) / sd])
    beta = np.zeros(z.shape[1])
    penalty = np.eye(z.shape[1]) * L2
    penalty[0, 0] = 0
    for _ in range(100):
        p = 1 / (1 + np.exp(-z @ beta))
        grad = z.T @ (p - y) + penalty @ beta
        hess = (z * (p * (1 - p))[:, None]).T @ z + penalty
        step = np.linalg.solve(hess, grad)
        beta -= step
        if np.abs(step).max() < 1e-12:
            break
    coef = beta[1:] / sd
    return beta[0] - (coef * mu).sum(), coef


def probability(model, x):
    intercept, coef = model
    return 1 / (1 + np.exp(-(intercept + x @ coef)))


def report(title, y, predicted):
    """Confusion matrix and F1 figures, as `wiretrace eval` prints them."""
    lines = [title, "  truth \\ predicted      derived  not_derived"]
    f1 = {}
    for cls, name in ((True, "derived"), (False, "not_derived")):
        tp = int(((predicted == cls) & (y == cls)).sum())
        fp = int(((predicted == cls) & (y != cls)).sum())
        fn = int(((predicted != cls) & (y == cls)).sum())
        f1[cls] = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    for cls, name in ((True, "derived"), (False, "not_derived")):
        lines.append("  %-20s %8d %12d" % (name, int(((y == cls) & predicted).sum()), int(((y == cls) & ~predicted).sum())))
    n1, n0 = int(y.sum()), int((~y).sum())
    macro = (f1[True] + f1[False]) / 2
    weighted = (f1[True] * n1 + f1[False] * n0) / (n1 + n0)
    lines.append("  macro F1 %.4f   weighted F1 %.4f   derived-class F1 %.4f   not-derived F1 %.4f   accuracy %.4f"
                 % (macro, weighted, f1[True], f1[False], float((predicted == y).mean())))
    print("\n".join(lines))


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--wiretrace", default=os.path.join(root, "build", "wiretrace"))
    ap.add_argument("--src", default=os.path.join(root, "..", "shared", "datasets", "meter-courts"))
    ap.add_argument("--corpus", help="output of meter_courts.py --sources catchline (default: made in a temporary dir)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--features", help="also write the extracted features here (JSONL)")
    args = ap.parse_args()
    if not os.access(args.wiretrace, os.X_OK):
        fail("no wiretrace binary at %s (build it, or pass --wiretrace)" % args.wiretrace)

    with tempfile.TemporaryDirectory(prefix="meter_corpus.") as tmp:
        corpus = args.corpus
        if corpus is None:
            corpus = tmp
            adapter = [sys.executable, os.path.join(root, "datasets", "meter_courts.py"), "--src", args.src,
                       "--out", corpus, "--sources", "catchline"]
            if subprocess.run(adapter, stdout=subprocess.DEVNULL, check=False).returncode != 0:
                fail("the METER adapter failed (see above)")
        texts, pairs = read_corpus(corpus)
        rows = extract(args.wiretrace, texts, pairs, args.jobs)
    if args.features:
        with open(args.features, "w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps(r) + "\n")

    x = np.array([[r[k] for k in INPUTS] for r in rows], dtype=float)
    y = np.array([r["label"] != "non" for r in rows])
    rule = np.array([r["rule"] for r in rows])
    decides = np.array([r["decides"] for r in rows])
    stories = sorted({r["pa"] for r in rows})
    random.Random(SEED).shuffle(stories)
    fold_of = {s: i % FOLDS for i, s in enumerate(stories)}
    fold = np.array([fold_of[r["pa"]] for r in rows])

    held_out = np.zeros(len(rows))
    for k in range(FOLDS):
        train, test = fold != k, fold == k
        held_out[test] = probability(fit(x[train], y[train].astype(float)), x[test])
    model = fit(x, y.astype(float))
    in_sample = probability(model, x)

    print("METER courts, %d articles against their catchline's PA texts (%d derived, %d not derived); "
          "%d catchlines in %d folds" % (len(rows), int(y.sum()), int((~y).sum()), len(stories), FOLDS))
    print("model inputs: %s; the model may decide %d of the %d pairs (those sharing a long passage)\n"
          % (", ".join(INPUTS), int(decides.sum()), len(rows)))
    report("coverage rule alone (the decision without the model)", y, rule)
    report("\nmodel alone, 10-fold CV (probability >= %.2f)" % THRESHOLD, y, held_out >= THRESHOLD)
    report("\nengine decision, 10-fold CV (rule, or model where it may decide)", y,
           rule | (decides & (held_out >= THRESHOLD)))
    report("\nmodel alone, in-sample", y, in_sample >= THRESHOLD)
    report("\nengine decision, in-sample", y, rule | (decides & (in_sample >= THRESHOLD)))
    print("\nconstants for derived_probability() in core/src/score/score.cpp (fit on all %d articles):" % len(rows))
    print("    constexpr double kIntercept = %.4f;" % model[0])
    for name, value, inp in zip(CONSTANTS, model[1], INPUTS):
        print("    constexpr double %s = %.4f;  // %s" % (name, value, inp))


if __name__ == "__main__":
    main()
