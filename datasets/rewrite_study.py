#!/usr/bin/env python3
"""Rewrite study (issue #15): derived-or-not decisions for paraphrased news reuse, in a scan-like
setting, on METER courts, COUNTER dev and Clough & Stevenson. Standard library only.

  python3 datasets/rewrite_study.py [--meter DIR] [--counter DIR] [--clough DIR] [--k 10] [--keep DIR]

The three corpora are read through their adapters (datasets/meter_courts.py, counter_dev.py,
clough_stevenson.py), run into a temporary directory that is removed at the end; nothing is written
into the repository. Everything printed is a figure (tables), no corpus text beyond the ids of a few
error examples. Figures and their discussion: bench/results/2026-12-07-rewrite-study.txt.

Scan-like setting: for each copy-side article (newspaper article, answer) the candidate sources are
ALL the corpus's other-side documents (every PA text, every agency story, every Wikipedia source),
ranked by a rare-word TF-IDF cosine; the decision may use only the corpus itself (its document
frequencies, each article's other candidates, random other-side documents), never its labels. An
article counts as found (derived) when the rule says derived AND the chosen source is one of its own
(any PA text of its catchline; the agency story or its same-text twin; the task's source); a
non-derived article is a false positive when the rule says derived with whatever source it chose.
Macro-F1 = mean of the derived and non-derived classes' F1 over articles.
"""

import argparse
import bisect
import collections
import datetime
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
SHARED = os.path.normpath(os.path.join(REPO, "..", "shared", "datasets"))

# --- tokenization ---------------------------------------------------------------------------------

# Arabic-script letter variants folded to the Urdu letter (Arabic yeh / alef maksura -> Farsi yeh,
# Arabic kaf -> keheh, Arabic heh / teh marbuta / heh-goal-with-hamza -> heh goal, yeh barree with
# hamza -> yeh barree, alef variants -> alef), tatweel and zero-width joiners removed, Arabic-Indic and
# Extended Arabic-Indic digits -> ASCII. Diacritics (combining marks, incl. hamza/madda above) are
# dropped after NFKD, so ؤ -> و, ئ -> ی, آ -> ا, presentation forms -> base letters.
_FOLD = {0x064A: "\u06CC", 0x0649: "\u06CC", 0x0643: "\u06A9", 0x0647: "\u06C1", 0x06D5: "\u06C1",
         0x0629: "\u06C1", 0x06C0: "\u06C1", 0x06C2: "\u06C1", 0x06D3: "\u06D2", 0x0623: "\u0627",
         0x0625: "\u0627", 0x0622: "\u0627", 0x0671: "\u0627", 0x200C: None, 0x200D: None,
         0x200E: None, 0x200F: None, 0x0640: None}
for _i in range(10):
    _FOLD[0x06F0 + _i] = str(_i)
    _FOLD[0x0660 + _i] = str(_i)
_WORD = re.compile(r"\d+|[^\W\d_]+")  # Unicode letters runs and digit runs ("اور150" -> 2 tokens)
_SENT_END = re.compile(r"(?<=[.!?\u06D4\u061F])[\"'\u201D\u2019)]*\s+|\n+|(?<=\u06D4)")


def normalize(text, fold=True):
    if not fold:
        return text.lower()
    t = unicodedata.normalize("NFKD", text)
    t = "".join(ch for ch in t if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", t.translate(_FOLD)).lower()


def words(text, fold=True):
    return _WORD.findall(normalize(text, fold))


def sentences(text, fold=True):
    out = []
    for s in _SENT_END.split(text):
        if s:
            w = words(s, fold)
            if w:
                out.append(w)
    return out


def ngrams(tok, n):
    if n == 1:
        return set(tok)
    return set(zip(*[tok[i:] for i in range(n)])) if len(tok) >= n else set()


def day(s):
    try:
        return datetime.date.fromisoformat(s[:10]) if s else None
    except ValueError:
        return None


# --- corpora ----------------------------------------------------------------------------------------

DERIVED = {"wholly", "partially", "WD", "PD", "cut", "light", "heavy"}


class Corpus:
    """One adapter output: documents, the copy side with labels, the source side, tokens, IDF."""

    def __init__(self, name, out_dir, fold=True):
        self.name = name
        self.docs = {}
        with open(os.path.join(out_dir, "corpus.jsonl"), encoding="utf-8") as f:
            for line in f:
                a = json.loads(line)
                self.docs[a["id"]] = a
        self.copies = {}
        with open(os.path.join(out_dir, "labels.tsv"), encoding="utf-8") as f:
            rows = [l.rstrip("\n").split("\t") for l in f if not l.startswith("#")]
        if name == "meter":
            for art, pa, lab, _n in rows:
                if pa == "-":
                    continue  # policeman350_telegraph: no PA folder (the 770th article)
                c = self.copies.setdefault(art, {"label": lab, "srcs": set(), "group": "/".join(art.split("/")[3:5])})
                c["srcs"].add(pa)
            self.sources = sorted(i for i, a in self.docs.items() if a["outlet"] == "PA")
        elif name == "counter":
            for pid, sid, lab, _dom, _paper, twins in rows:
                srcs = {sid} | (set(twins.split(",")) if twins != "-" else set())
                self.copies[pid] = {"label": lab, "srcs": srcs, "group": min(srcs)}
            self.sources = sorted(i for i in self.docs if not i.endswith("p"))
        else:
            for r in rows:
                self.copies[r[0]] = {"label": r[2], "srcs": {r[1]}, "group": r[0]}
            self.sources = sorted(i for i in self.docs if i.startswith("orig_"))
        for c in self.copies.values():
            c["derived"] = c["label"] in DERIVED
        self.tok = {i: words(a["text"], fold) for i, a in self.docs.items()}
        self.sent = {i: sentences(a["text"], fold) for i, a in self.docs.items()}
        self.N = len(self.docs)
        self.df = collections.Counter()
        for t in self.tok.values():
            self.df.update(set(t))
        self.idf = {w: math.log(self.N / d) for w, d in self.df.items()}
        self.set1 = {i: set(t) for i, t in self.tok.items()}
        self.norm = {i: math.sqrt(sum(self.idf[w] ** 2 for w in s)) or 1.0 for i, s in self.set1.items()}
        self.inv = collections.defaultdict(list)
        for s in self.sources:
            for w in self.set1[s]:
                self.inv[w].append(s)
        self._grams = {}

    def grams(self, i, n):
        k = (i, n)
        g = self._grams.get(k)
        if g is None:
            g = self._grams[k] = ngrams(self.tok[i], n)
        return g

    def neighbours(self, a, k):
        """Top-k sources by binary TF-IDF cosine (rare words weigh idf^2): the candidate search."""
        sc = collections.defaultdict(float)
        for w in self.set1[a]:
            x = self.idf[w] ** 2
            for s in self.inv[w]:
                sc[s] += x
        na = self.norm[a]
        return sorted(((v / (na * self.norm[s]), s) for s, v in sc.items()), key=lambda t: (-t[0], t[1]))[:k]


# --- pair features -----------------------------------------------------------------------------------

def pair_features(C, a, S):
    """Features of copy a against the source set S (a union when S has several texts)."""
    f = {}
    for n in (1, 2, 3):
        A = C.grams(a, n)
        B = set().union(*[C.grams(b, n) for b in S])
        f["c%d" % n] = len(A & B) / max(1, len(A))
    A = C.set1[a]
    B = set().union(*[C.set1[b] for b in S])
    idf = C.idf
    f["wc1"] = sum(idf[w] for w in A & B) / max(1e-9, sum(idf[w] for w in A))
    # token coverage by shared 3-grams and the mean length of the covered runs ("tiles")
    t = C.tok[a]
    B3 = set().union(*[C.grams(b, 3) for b in S])
    cov = [False] * len(t)
    for i in range(len(t) - 2):
        if (t[i], t[i + 1], t[i + 2]) in B3:
            cov[i] = cov[i + 1] = cov[i + 2] = True
    runs = []
    r = 0
    for x in cov + [False]:
        if x:
            r += 1
        elif r:
            runs.append(r)
            r = 0
    f["cov3"] = sum(runs) / max(1, len(t))
    f["runlen"] = math.log(1 + (sum(runs) / len(runs) if runs else 0.0))
    f["lenratio"] = math.log(max(1, len(t)) / max(1, sum(len(C.tok[b]) for b in S)))
    return f


def lcs_ratio(a, b):
    """Token LCS / len(a) (O(len a * len b); used on Clough & Stevenson only)."""
    if not a:
        return 0.0
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b):
            cur.append(prev[j] + 1 if x == y else (prev[j + 1] if prev[j + 1] > cur[j] else cur[j]))
        prev = cur
    return prev[-1] / len(a)


def align_sentences(C, a, S, min_share=0.5):
    """The sentence-alignment sketch: each copy sentence to the source sentence (of any text in S)
    with the largest IDF-weighted overlap, through an inverted index of source-sentence words.
    Returns (aligned copy tokens / copy tokens, number of aligned sentences, their mean 2-gram
    containment): a copy sentence is aligned when the shared words carry >= min_share of its IDF mass
    and at least two shared words have df <= 1% of the corpus or 5 documents (rare words)."""
    idf = C.idf
    rare_df = max(5, C.N // 100)
    ss = [s for b in S for s in C.sent[b]]
    inv = collections.defaultdict(list)
    for j, s in enumerate(ss):
        for w in set(s):
            inv[w].append(j)
    tot_tok = aligned_tok = n_al = 0
    bi = 0.0
    for s in C.sent[a]:
        tot_tok += len(s)
        W = set(s)
        mass = sum(idf[w] for w in W)
        sc = collections.defaultdict(float)
        for w in W:
            for j in inv.get(w, ()):
                sc[j] += idf[w]
        if not sc or mass <= 0:
            continue
        j = max(sc, key=lambda x: (sc[x], -x))
        shared = W & set(ss[j])
        if sc[j] / mass >= min_share and sum(1 for w in shared if C.df[w] <= rare_df) >= 2:
            aligned_tok += len(s)
            n_al += 1
            g = ngrams(s, 2)
            bi += len(g & ngrams(ss[j], 2)) / max(1, len(g))
    return aligned_tok / max(1, tot_tok), n_al, (bi / n_al if n_al else 0.0)


# --- the scan-like pass --------------------------------------------------------------------------

FEATS = ("c1", "c2", "c3", "wc1", "cov3", "runlen", "lenratio")


def scan_like(C, k=10, window=(-1, 3), union_n=5, union_min=3, bg_k=30, bg_sets=3, n_random=3, seed=7):
    """For every copy: candidates, chosen source group, features, same-topic and random backgrounds.

    * candidates: top-k sources by cosine; when both sides are dated, only sources published within
      `window` days before the copy (copy date - source date in [-1, 3]); all top-k if none is.
    * chosen group: the best candidate, plus every other candidate (in rank order) that covers at
      least `union_min` copy `union_n`-grams the group does not cover yet (a wire story's other takes).
    * same-topic background: the copy's top-`bg_k` cosine neighbours outside the group (no date
      filter), cut into up to `bg_sets` consecutive sets whose size is >= 0.8 x the group's tokens.
    * random background: `n_random` sets of random sources of the same size.
    """
    rnd = random.Random(seed)
    out = {}
    for a in sorted(C.copies):
        c = C.copies[a]
        nb = C.neighbours(a, max(k, bg_k))
        cand = nb[:k]
        da = day(C.docs[a].get("published"))
        if da:
            dated = [(v, s) for v, s in cand
                     if day(C.docs[s].get("published")) is not None
                     and window[0] <= (da - day(C.docs[s]["published"])).days <= window[1]]
            cand = dated or cand
        best = cand[0][1]
        S = [best]
        An = C.grams(a, union_n)
        cov = An & C.grams(best, union_n)
        for _v, s in cand[1:]:
            new = (An & C.grams(s, union_n)) - cov
            if len(new) >= union_min:
                S.append(s)
                cov |= new
        f = pair_features(C, a, S)
        m = sum(len(C.tok[s]) for s in S)
        others = [s for _v, s in nb if s not in S]
        sets, cur, size = [], [], 0
        for s in others:
            cur.append(s)
            size += len(C.tok[s])
            if size >= 0.8 * m:
                sets.append(cur)
                cur, size = [], 0
                if len(sets) >= bg_sets:
                    break
        if not sets and cur:
            sets.append(cur)
        fb = [pair_features(C, a, s) for s in sets]
        rsets = []
        pool = [s for s in C.sources if s not in S]
        for _ in range(n_random):
            cur, size = [], 0
            while size < 0.8 * m and len(cur) < len(pool):
                s = pool[rnd.randrange(len(pool))]
                if s not in cur:
                    cur.append(s)
                    size += len(C.tok[s])
            rsets.append(cur)
        fr = [pair_features(C, a, s) for s in rsets]
        out[a] = {"S": S, "best": best, "ok": best in c["srcs"], "f": f, "bg": fb, "rnd": fr,
                  "cand": [s for _v, s in cand], "cos": cand[0][0]}
    return out


def add_relative(C, R):
    """Background-relative features, per pair and per corpus (no labels):
    x-bg   = x - mean over the copy's same-topic background sets
    x-z    = (x - mean_bg) / corpus SD of x over all same-topic background sets
    x-rz   = (x - mean_rnd) / corpus SD of x over all random background sets."""
    for key, fld in (("bg", "-bg"), ("rnd", "-r")):
        for x in FEATS:
            vals = [g[x] for r in R.values() for g in r[key]]
            mu = sum(vals) / max(1, len(vals))
            sd = math.sqrt(sum((v - mu) ** 2 for v in vals) / max(1, len(vals))) or 1.0
            for r in R.values():
                own = [g[x] for g in r[key]]
                m = sum(own) / len(own) if own else mu
                r["f"][x + fld] = r["f"][x] - m
                r["f"][x + ("-z" if key == "bg" else "-rz")] = (r["f"][x] - m) / sd


# --- evaluation -----------------------------------------------------------------------------------

def macro_f1(tp, fn, fp, tn):
    def f(p, r):
        return 2 * p * r / (p + r) if p + r else 0.0
    pd = tp / (tp + fp) if tp + fp else 0.0
    rd = tp / (tp + fn) if tp + fn else 0.0
    pn = tn / (tn + fn) if tn + fn else 0.0
    rn = tn / (tn + fp) if tn + fp else 0.0
    return (f(pd, rd) + f(pn, rn)) / 2


class Items:
    """Per-article decision items of one corpus: score, label, whether the chosen source is right."""

    def __init__(self, C, R, score):
        self.ids = sorted(C.copies)
        self.y = [C.copies[a]["derived"] for a in self.ids]
        self.ok = [R[a]["ok"] for a in self.ids]
        self.s = [score(R[a]) for a in self.ids]
        self.group = [C.copies[a]["group"] for a in self.ids]
        self.label = [C.copies[a]["label"] for a in self.ids]

    def counts(self, pred, idx=None):
        idx = range(len(self.ids)) if idx is None else idx
        tp = fn = fp = tn = 0
        for i in idx:
            if self.y[i]:
                if pred[i] and self.ok[i]:
                    tp += 1
                else:
                    fn += 1
            elif pred[i]:
                fp += 1
            else:
                tn += 1
        return tp, fn, fp, tn

    def f1_at(self, t, idx=None):
        return macro_f1(*self.counts([v >= t for v in self.s], idx))


def best_threshold(items, idx=None):
    """The threshold with the highest macro-F1 on idx (ties: the middle of the best interval)."""
    idx = list(range(len(items.ids))) if idx is None else list(idx)
    order = sorted(idx, key=lambda i: -items.s[i])
    P = sum(1 for i in idx if items.y[i])
    Nn = len(idx) - P
    tp = fp = 0
    best = (-1.0, None)
    for j, i in enumerate(order):
        if items.y[i]:
            tp += 1 if items.ok[i] else 0
        else:
            fp += 1
        if j + 1 < len(order) and items.s[order[j + 1]] == items.s[i]:
            continue
        m = macro_f1(tp, P - tp, fp, Nn - fp)
        nxt = items.s[order[j + 1]] if j + 1 < len(order) else items.s[i] - 1e-6
        if m > best[0] + 1e-12:
            best = (m, (items.s[i] + nxt) / 2)
    return best


def folds_by_group(groups, k=10, seed=1):
    g = sorted(set(groups))
    random.Random(seed).shuffle(g)
    fold = {x: i % k for i, x in enumerate(g)}
    return [fold[x] for x in groups]


def cv_threshold(items, k=10, seed=1):
    """10-fold CV by story group: threshold fitted on 9 folds, applied to the 10th."""
    fo = folds_by_group(items.group, k, seed)
    pred = [False] * len(items.ids)
    for f in range(k):
        tr = [i for i in range(len(items.ids)) if fo[i] != f]
        _m, t = best_threshold(items, tr)
        for i in range(len(items.ids)):
            if fo[i] == f:
                pred[i] = items.s[i] >= t
    return macro_f1(*items.counts(pred)), pred


def common_threshold(a, b):
    """Oracle bound: the single threshold maximizing min(macro-F1 on a, on b), in-sample."""
    vals = sorted(set(a.s) | set(b.s))
    best = (0.0, None, 0.0, 0.0)
    step = max(1, len(vals) // 1500)
    for t in vals[::step]:
        fa, fb = a.f1_at(t), b.f1_at(t)
        if min(fa, fb) > best[0]:
            best = (min(fa, fb), t, fa, fb)
    return best


# --- logistic regression (Newton, L2) ---------------------------------------------------------------

def _solve(A, b):
    n = len(b)
    M = [row[:] + [bb] for row, bb in zip(A, b)]
    for i in range(n):
        p = max(range(i, n), key=lambda r: abs(M[r][i]))
        M[i], M[p] = M[p], M[i]
        piv = M[i][i] or 1e-12
        for r in range(n):
            if r != i and M[r][i]:
                fct = M[r][i] / piv
                for c in range(i, n + 1):
                    M[r][c] -= fct * M[i][c]
    return [M[i][n] / (M[i][i] or 1e-12) for i in range(n)]


def fit_softmax(X, y, K, l2=0.1, iters=30):
    """Multinomial logistic regression by Newton's method (K=2 is the binary model)."""
    d = len(X[0]) + 1
    D = K * d
    Xb = [[1.0] + list(x) for x in X]
    W = [0.0] * D
    for _ in range(iters):
        g = [0.0] * D
        H = [[0.0] * D for _ in range(D)]
        for xi, yi in zip(Xb, y):
            z = [sum(W[k * d + j] * xi[j] for j in range(d)) for k in range(K)]
            mz = max(z)
            e = [math.exp(v - mz) for v in z]
            s = sum(e)
            p = [v / s for v in e]
            for k in range(K):
                r = p[k] - (1 if k == yi else 0)
                for j in range(d):
                    g[k * d + j] += r * xi[j]
                for l in range(K):
                    cc = p[k] * ((1 if k == l else 0) - p[l])
                    if cc:
                        for j in range(d):
                            cj = cc * xi[j]
                            row = H[k * d + j]
                            base = l * d
                            for mm in range(d):
                                row[base + mm] += cj * xi[mm]
        for i in range(D):
            lam = l2 if i % d else 1e-4
            g[i] += lam * W[i]
            H[i][i] += lam
        step = _solve(H, g)
        W = [a - b for a, b in zip(W, step)]
        if max(abs(s) for s in step) < 1e-7:
            break
    return [W[k * d:(k + 1) * d] for k in range(K)]


def softmax_scores(W, x):
    xb = [1.0] + list(x)
    z = [sum(w * v for w, v in zip(Wk, xb)) for Wk in W]
    return z


class Standardizer:
    def __init__(self, rows):
        cols = list(zip(*rows))
        self.mu = [sum(c) / len(c) for c in cols]
        self.sd = [math.sqrt(sum((v - m) ** 2 for v in c) / len(c)) or 1.0 for c, m in zip(cols, self.mu)]

    def __call__(self, x):
        return [(v - m) / s for v, m, s in zip(x, self.mu, self.sd)]


# --- report helpers -----------------------------------------------------------------------------------

def q(vals, ps=(0.25, 0.5, 0.75)):
    v = sorted(vals)
    if not v:
        return " ".join("   -  " for _ in ps)
    return " ".join("%6.3f" % v[min(len(v) - 1, int(p * len(v)))] for p in ps)


def run_adapter(script, src, out, extra=()):
    cmd = [sys.executable, os.path.join(HERE, script), "--src", src, "--out", out] + list(extra)
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        sys.stderr.write(r.stderr)
        sys.exit(2)


LABEL_ORDER = {"meter": ("wholly", "partially", "non"), "counter": ("WD", "PD", "ND"),
               "clough": ("cut", "light", "heavy", "non")}


# --- the study ----------------------------------------------------------------------------------------

def rule_items(Cs, Rs, score, names=("meter", "counter", "clough")):
    return {n: Items(Cs[n], Rs[n], score) for n in names}


def fit_mean(its, idx_list=None):
    """The threshold maximizing the mean macro-F1 over several corpora (both -> Clough)."""
    vals = sorted(set(v for it in its for v in it.s))
    step = max(1, len(vals) // 1500)
    best = (-1, None)
    for t in vals[::step]:
        m = sum(it.f1_at(t) for it in its) / len(its)
        if m > best[0]:
            best = (m, t)
    return best[1]


def transfer_row(its):
    """In-sample best, 10-fold CV per corpus, and the four transfer directions for a score."""
    m, c, k = its["meter"], its["counter"], its["clough"]
    bm, tm = best_threshold(m)
    bc, tc = best_threshold(c)
    cvm, _ = cv_threshold(m)
    cvc, _ = cv_threshold(c)
    tb = fit_mean([m, c])
    return {"in_m": bm, "t_m": tm, "in_c": bc, "t_c": tc, "cv_m": cvm, "cv_c": cvc,
            "m2c": c.f1_at(tm), "c2m": m.f1_at(tc), "m2k": k.f1_at(tm), "c2k": k.f1_at(tc),
            "b2k": k.f1_at(tb), "t_b": tb}


def percentile_score(Rs, key):
    """Rank of x among the corpus's own best-pair values (unlabelled): a prevalence-relative score."""
    cache = {}
    for n, R in Rs.items():
        cache[n] = sorted(r["f"][key] for r in R.values())

    def make(n):
        vals = cache[n]
        return lambda r: bisect.bisect_left(vals, r["f"][key]) / len(vals)
    return make


def lr_rule(Cs, Rs, keys, l2=1.0):
    """Binary logistic regression on keys: fitted on X (standardized on X), threshold chosen on X;
    returns per-direction figures like transfer_row (CV: refitted on 9 folds)."""
    def data(n, idx=None):
        it = Items(Cs[n], Rs[n], lambda r: 0.0)
        X = [[Rs[n][a]["f"][k] for k in keys] for a in it.ids]
        return it, X

    def fit(X, y, reps=None):
        st = Standardizer(X)
        Z = [st(x) for x in X]
        W = fit_softmax(Z, [1 if v else 0 for v in y], 2, l2=l2)
        return lambda x: (lambda z: z[1] - z[0])(softmax_scores(W, st(x)))

    out = {}
    its = {n: data(n) for n in Cs}
    scored = {}
    for src in ("meter", "counter"):
        it, X = its[src]
        g = fit(X, it.y)
        for dst in ("meter", "counter", "clough"):
            jt, Y = its[dst]
            jt.s = [g(x) for x in Y]
            scored[(src, dst)] = Items.__new__(Items)
            scored[(src, dst)].__dict__.update(jt.__dict__)
            scored[(src, dst)].s = list(jt.s)
    for src, dst, key in (("meter", "counter", "m2c"), ("counter", "meter", "c2m"),
                          ("meter", "clough", "m2k"), ("counter", "clough", "c2k")):
        own = scored[(src, src)]
        _m, t = best_threshold(own)
        out[key] = scored[(src, dst)].f1_at(t)
    out["in_m"] = best_threshold(scored[("meter", "meter")])[0]
    out["in_c"] = best_threshold(scored[("counter", "counter")])[0]
    # both -> clough: pooled fit, COUNTER rows repeated 3x to weigh the corpora alike
    (im, Xm), (ic, Xc) = its["meter"], its["counter"]
    g = fit(Xm + Xc * 3, im.y + ic.y * 3)
    for n in ("meter", "counter", "clough"):
        its[n][0].s = [g(x) for x in its[n][1]]
    tb = fit_mean([its["meter"][0], its["counter"][0]])
    out["b2k"] = its["clough"][0].f1_at(tb)
    # 10-fold CV within each corpus
    for n, key in (("meter", "cv_m"), ("counter", "cv_c")):
        it, X = its[n]
        fo = folds_by_group(it.group)
        pred = [False] * len(it.ids)
        for f in range(10):
            tr = [i for i in range(len(it.ids)) if fo[i] != f]
            g = fit([X[i] for i in tr], [it.y[i] for i in tr])
            it.s = [g(x) for x in X]
            _m, t = best_threshold(it, tr)
            for i in range(len(it.ids)):
                if fo[i] == f:
                    pred[i] = it.s[i] >= t
        out[key] = macro_f1(*it.counts(pred))
    return out


def fmt_row(name, r):
    return ("%-34s %5.3f %5.3f | %5.3f %5.3f | %5.3f %5.3f | %5.3f %5.3f %5.3f"
            % (name, r["in_m"], r["in_c"], r["cv_m"], r["cv_c"], r["m2c"], r["c2m"], r["m2k"], r["c2k"], r["b2k"]))


def confusion_line(it, pred):
    tp, fn, fp, tn = it.counts(pred)
    by = collections.Counter()
    tot = collections.Counter()
    for i in range(len(it.ids)):
        tot[it.label[i]] += 1
        if pred[i] and (it.ok[i] or not it.y[i]):
            by[it.label[i]] += 1
    return tp, fn, fp, tn, by, tot


def main():
    ap = argparse.ArgumentParser(description="Rewrite study: derived-or-not in a scan-like setting (issue #15)")
    ap.add_argument("--meter", default=os.path.join(SHARED, "meter-courts"))
    ap.add_argument("--counter", default=os.path.join(SHARED, "counter-dev"))
    ap.add_argument("--clough", default=os.path.join(SHARED, "clough-stevenson"))
    ap.add_argument("--k", type=int, default=10, help="candidates per copy (default 10)")
    ap.add_argument("--keep", help="keep the adapter outputs in this directory (default: a temporary one, removed)")
    args = ap.parse_args()
    for p, what in ((args.meter, "METER courts"), (args.counter, "COUNTER dev"), (args.clough, "Clough & Stevenson")):
        if not os.path.isdir(p):
            sys.stderr.write("rewrite_study.py: error: %s folder not found at %s\n" % (what, p))
            sys.exit(2)
    t_start = time.time()
    cpu_start = time.process_time()
    work = args.keep or tempfile.mkdtemp(prefix="rewrite-study-")
    try:
        run_adapter("meter_courts.py", args.meter, os.path.join(work, "meter"))
        run_adapter("counter_dev.py", args.counter, os.path.join(work, "counter"))
        run_adapter("clough_stevenson.py", args.clough, os.path.join(work, "clough"))
        Cs = {n: Corpus(n, os.path.join(work, n)) for n in ("meter", "counter", "clough")}
        Cnofold = Corpus("counter", os.path.join(work, "counter"), fold=False)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    t_load = time.time() - t_start
    P = print

    P("rewrite study (datasets/rewrite_study.py), k=%d candidates per copy" % args.k)
    P("=" * 100)
    P("corpora (scan-like: every copy against ALL other-side documents)")
    for n, C in Cs.items():
        lab = collections.Counter(c["label"] for c in C.copies.values())
        P("  %-8s %4d copies (%s), %4d candidate sources, %6d distinct words, %7d tokens"
          % (n, len(C.copies), ", ".join("%s %d" % (l, lab[l]) for l in LABEL_ORDER[n]), len(C.sources), len(C.df),
             sum(len(t) for t in C.tok.values())))
    P("  COUNTER word types without / with Arabic-script folding: %d / %d" % (len(Cnofold.df), len(Cs["counter"].df)))

    # (a) candidate recall ------------------------------------------------------------------------
    P("")
    P("(a) candidate recall: is a true source among the copy's top-k rare-word TF-IDF neighbours?")
    P("    (cosine of binary vectors weighted by idf = ln(N/df), all other-side documents ranked)")
    P("    %-8s %-10s %5s   %-17s   %-17s" % ("corpus", "label", "n", "top1  top5 top10", "date window: top1  top5 top10"))
    for n, C in Cs.items():
        for lab in LABEL_ORDER[n] + ("all",):
            rec = [0, 0, 0]
            recd = [0, 0, 0]
            tot = 0
            for a, c in C.copies.items():
                if lab != "all" and c["label"] != lab:
                    continue
                tot += 1
                nb = [s for _v, s in C.neighbours(a, 10)]
                da = day(C.docs[a].get("published"))
                nbd = [s for s in nb if da and day(C.docs[s].get("published")) is not None
                       and -1 <= (da - day(C.docs[s]["published"])).days <= 3] or nb
                for j, kk in enumerate((1, 5, 10)):
                    rec[j] += any(s in c["srcs"] for s in nb[:kk])
                    recd[j] += any(s in c["srcs"] for s in nbd[:kk])
            P("    %-8s %-10s %5d   %5d %5d %5d     %5d %5d %5d" % (n, lab, tot, *rec, *recd))
    P("    date window: only sources published 1 day after to 3 days before the copy, when both are dated")
    P("    (METER and COUNTER; Clough has no dates). Misses of the window (COUNTER: 5 sources dated 32-62")
    P("    days before their copy) fall back to the plain ranking when no candidate is in the window.")

    # scan-like pass ---------------------------------------------------------------------------------
    t0 = time.time()
    Rs = {}
    for n, C in Cs.items():
        Rs[n] = scan_like(C, k=args.k)
        add_relative(C, Rs[n])
    t_scan = time.time() - t0
    P("")
    P("scan-like pairing: chosen source = the top candidate within the date window; group = it plus")
    P("every other top-%d candidate adding >= 3 copy 5-grams not yet covered (a story's other takes)" % args.k)
    for n, C in Cs.items():
        R = Rs[n]
        wrong = collections.Counter(C.copies[a]["label"] for a, r in R.items() if not r["ok"])
        sizes = collections.Counter(min(len(r["S"]), 4) for r in R.values())
        prec = sum(len(set(r["S"]) & C.copies[a]["srcs"]) for a, r in R.items()) / sum(len(r["S"]) for r in R.values())
        P("  %-8s chosen source wrong: %3d (%s); group sizes 1:%d 2:%d 3:%d 4+:%d; group precision %.3f"
          % (n, sum(wrong.values()), ", ".join("%s %d" % kv for kv in sorted(wrong.items())) or "-",
             sizes[1], sizes[2], sizes[3], sizes[4], prec))

    # feature distributions ----------------------------------------------------------------------------
    P("")
    P("features of the chosen pair (copy a vs group S), quartiles (25% / median / 75%) by label, and the")
    P("same feature against the copy's same-topic background (top-30 neighbours outside S, size-matched")
    P("sets) and against random sources (size-matched):")
    P("  c1/c2/c3 = share of the copy's distinct 1/2/3-grams found in S; wc1 = the same for words, IDF-")
    P("  weighted; cov3 = share of copy tokens inside a shared 3-gram; x-bg = x minus the copy's")
    P("  same-topic background mean; x-rz = (x - random mean) / corpus SD over random sets")
    for key in ("c1", "c2", "wc1", "cov3", "c2-bg", "wc1-bg", "c2-rz"):
        P("  %s" % key)
        for n, C in Cs.items():
            R = Rs[n]
            parts = []
            for lab in LABEL_ORDER[n]:
                parts.append("%s %s" % (lab, q([R[a]["f"][key] for a in R if C.copies[a]["label"] == lab])))
            base = key.split("-")[0]
            if key == base:
                parts.append("same-topic bg %s" % q([g[key] for r in R.values() for g in r["bg"]]))
                parts.append("random %s" % q([g[key] for r in R.values() for g in r["rnd"]]))
            P("    %-8s %s" % (n, " | ".join(parts)))

    # (b)/(c) decision rules -------------------------------------------------------------------------------
    P("")
    P("(b)/(c) decision rules: macro-F1 over articles (derived found with its own source / non-derived)")
    P("  in-sample = threshold chosen on the corpus itself (optimistic); CV = 10-fold, whole catchlines /")
    P("  stories per fold, threshold fitted on 9 folds; X->Y = threshold fitted on all of X, applied to Y;")
    P("  both->CS = threshold maximizing the mean of the METER and COUNTER macro-F1, applied to Clough")
    P("  & Stevenson (binary: plagiarised vs non). M = METER courts, C = COUNTER dev, CS = Clough & Stevenson")
    P("")
    P("%-34s %-11s | %-11s | %-11s | %-17s" % ("rule (score >= threshold)", " in-sample", "  10-fold CV", "  transfer", "   -> Clough"))
    P("%-34s %5s %5s | %5s %5s | %5s %5s | %5s %5s %5s" % ("", "M", "C", "M", "C", "M->C", "C->M", "M->CS", "C->CS", "both"))
    rules = [
        ("baseline: c1 (1-gram containment)", "c1"), ("baseline: c2 (2-gram containment)", "c2"),
        ("c3", "c3"), ("wc1 (IDF-weighted words)", "wc1"), ("cov3 (tokens in shared 3-grams)", "cov3"),
        ("c2-bg (minus same-topic bg)", "c2-bg"), ("wc1-bg", "wc1-bg"), ("c2-z (same-topic bg, corpus SD)", "c2-z"),
        ("c2-rz (random bg, corpus SD)", "c2-rz"), ("wc1-rz", "wc1-rz"), ("cov3-rz", "cov3-rz"),
    ]
    table = {}
    for label, key in rules:
        its = rule_items(Cs, Rs, lambda r, key=key: r["f"][key])
        table[key] = transfer_row(its)
        P(fmt_row(label, table[key]))
    for key in ("c1", "c2", "wc1", "c2-rz"):
        mk = percentile_score(Rs, key)
        its = {n: Items(Cs[n], Rs[n], mk(n)) for n in Cs}
        table["pct " + key] = transfer_row(its)
        P(fmt_row("percentile of %s in its corpus" % key, table["pct " + key]))
    lr_keys = ["c1", "c2", "wc1", "cov3", "lenratio", "c2-bg", "c2-rz"]
    table["lr"] = lr_rule(Cs, Rs, lr_keys)
    P(fmt_row("logistic regression (7 features)", table["lr"]))
    P("  LR features: %s (standardized on the training corpus, L2 1.0)" % ", ".join(lr_keys))
    P("")
    P("oracle bound for any single constant: the threshold maximizing min(METER, COUNTER) macro-F1,")
    P("chosen with both corpora's labels (in-sample, so an upper bound on every transfer direction):")
    for key in ("c1", "c2", "c3", "wc1", "cov3", "runlen", "lenratio", "c2-bg", "wc1-bg", "c2-z", "c2-rz", "wc1-rz", "cov3-rz"):
        a = Items(Cs["meter"], Rs["meter"], lambda r, key=key: r["f"][key])
        b = Items(Cs["counter"], Rs["counter"], lambda r, key=key: r["f"][key])
        v, t, fa, fb = common_threshold(a, b)
        P("  %-9s threshold %7.3f: METER %.3f COUNTER %.3f   (each corpus's own best: %.3f / %.3f)"
          % (key, t, fa, fb, best_threshold(a)[0], best_threshold(b)[0]))

    # prevalence sensitivity of the percentile rule ---------------------------------------------------
    P("")
    P("prevalence sensitivity: the percentile rule assumes the corpus's derived share. Resampled corpora")
    P("(derived articles subsampled, 20 draws, mean macro-F1), threshold transferred from the other corpus:")
    for key in ("c2", "c2-rz"):
        for n, other, share in (("counter", "meter", 0.65), ("counter", "meter", 0.5), ("meter", "counter", 0.6)):
            mk = percentile_score(Rs, key)
            its_o = Items(Cs[other], Rs[other], mk(other))
            _m, tp_ = best_threshold(its_o)
            raw_o = Items(Cs[other], Rs[other], lambda r, key=key: r["f"][key])
            _m, traw = best_threshold(raw_o)
            rnd = random.Random(11)
            C, R = Cs[n], Rs[n]
            der = [a for a in sorted(C.copies) if C.copies[a]["derived"]]
            non = [a for a in sorted(C.copies) if not C.copies[a]["derived"]]
            want = int(round(share / (1 - share) * len(non)))
            fp_, fr_ = [], []
            for _ in range(20):
                keep = set(rnd.sample(der, min(want, len(der))) + non)
                vals = sorted(R[a]["f"][key] for a in keep)
                sub = Items(C, R, lambda r, key=key: r["f"][key])
                idx = [i for i, a in enumerate(sub.ids) if a in keep]
                sub_p = Items(C, R, lambda r, key=key, vals=vals: bisect.bisect_left(vals, r["f"][key]) / len(vals))
                fp_.append(sub_p.f1_at(tp_, idx))
                fr_.append(sub.f1_at(traw, idx))
            P("  %-6s %-7s resampled to %2d%% derived: percentile rule (from %s) %.3f; raw threshold (from %s) %.3f"
              % (key, n, share * 100, other, sum(fp_) / len(fp_), other, sum(fr_) / len(fr_)))

    # source grouping variants ------------------------------------------------------------------------
    P("")
    P("source grouping in scan mode (the threshold chosen on the corpus itself, so in-sample figures):")
    P("%-46s %-23s %-23s" % ("", "METER c1 / c2 / wc1", "COUNTER c1 / c2 / wc1"))
    for label, mode in (("best candidate only", "single"), ("+ takes adding >= 3 new 5-grams (used)", "g5"),
                        ("+ takes adding >= 3 new 3-grams", "g3"), ("oracle: all true sources (catchline)", "oracle")):
        cells = []
        for n in ("meter", "counter"):
            C, R = Cs[n], Rs[n]
            vals = {}
            for a, r in R.items():
                if mode == "single":
                    S = [r["best"]]
                elif mode == "g5":
                    S = r["S"]
                elif mode == "oracle":
                    S = sorted(C.copies[a]["srcs"])
                else:
                    S = [r["best"]]
                    A3 = C.grams(a, 3)
                    cov = A3 & C.grams(r["best"], 3)
                    for s in r["cand"][1:]:
                        new = (A3 & C.grams(s, 3)) - cov
                        if len(new) >= 3:
                            S.append(s)
                            cov |= new
                vals[a] = pair_features(C, a, S)
            f1s = []
            for key in ("c1", "c2", "wc1"):
                it = Items(C, R, lambda r, key=key: 0.0)
                it.s = [vals[a][key] for a in it.ids]
                if mode == "oracle":
                    it.ok = [True] * len(it.ids)
                f1s.append(best_threshold(it)[0])
            cells.append("%.3f %.3f %.3f" % tuple(f1s))
        P("%-46s %-23s %-23s" % (label, cells[0], cells[1]))

    # the recommended decision and its presets --------------------------------------------------------
    a = Items(Cs["meter"], Rs["meter"], lambda r: r["f"]["c2-rz"])
    b = Items(Cs["counter"], Rs["counter"], lambda r: r["f"]["c2-rz"])
    t_mm = common_threshold(a, b)[1]
    t_strict = best_threshold(a)[1]
    t_len = best_threshold(b)[1]
    P("")
    P("z2 (= c2-rz) decisions, per corpus: confusion (TP FN FP TN), macro-F1, found / called derived by label")
    for tname, t in (("min-max z2 >= %.2f" % t_mm, t_mm), ("strict (METER's own) z2 >= %.2f" % t_strict, t_strict),
                     ("lenient (COUNTER's own) z2 >= %.2f" % t_len, t_len)):
        P("  %s" % tname)
        for n in ("meter", "counter", "clough"):
            it = Items(Cs[n], Rs[n], lambda r: r["f"]["c2-rz"])
            pred = [v >= t for v in it.s]
            tp, fn, fp, tn, by, tot = confusion_line(it, pred)
            P("    %-8s %3d %3d %3d %3d  macro-F1 %.3f   %s" % (n, tp, fn, fp, tn, macro_f1(tp, fn, fp, tn),
              ", ".join("%s %d/%d" % (l, by[l], tot[l]) for l in LABEL_ORDER[n])))

    # (d) Clough & Stevenson four-way ---------------------------------------------------------------------
    C, R = Cs["clough"], Rs["clough"]
    ids = sorted(C.copies)
    CL = ["non", "heavy", "light", "cut"]
    y = [CL.index(C.copies[x]["label"]) for x in ids]
    for x in ids:
        S = R[x]["S"]
        R[x]["f"]["lcs"] = lcs_ratio(C.tok[x], [w for s in S for w in C.tok[s]])
        A4 = C.grams(x, 4)
        B4 = set().union(*[C.grams(s, 4) for s in S])
        R[x]["f"]["c4"] = len(A4 & B4) / max(1, len(A4))

    def strat_folds(seed):
        rnd = random.Random(seed)
        fold = [0] * len(ids)
        for k in range(4):
            m = [i for i in range(len(ids)) if y[i] == k]
            rnd.shuffle(m)
            for j, i in enumerate(m):
                fold[i] = j % 10
        return fold

    def cv_softmax(keys, l2, seed):
        fold = strat_folds(seed)
        X = [[R[x]["f"][k] for k in keys] for x in ids]
        pred = [0] * len(ids)
        for f in range(10):
            tr = [i for i in range(len(ids)) if fold[i] != f]
            st = Standardizer([X[i] for i in tr])
            W = fit_softmax([st(X[i]) for i in tr], [y[i] for i in tr], 4, l2=l2)
            for i in range(len(ids)):
                if fold[i] == f:
                    z = softmax_scores(W, st(X[i]))
                    pred[i] = max(range(4), key=lambda k: z[k])
        return pred

    def graded(f, t):
        """The graded relation of a derived pair: verbatim / light / heavy (t = runlen, cov3 cuts)."""
        if f["runlen"] >= t[0]:
            return 3
        return 2 if f["cov3"] >= t[1] else 1

    def fit_graded(tr, tz):
        best = (-1, None)
        rl = sorted(set(R[ids[i]]["f"]["runlen"] for i in tr))
        cv3 = sorted(set(R[ids[i]]["f"]["cov3"] for i in tr))
        for t0 in rl:
            for t1 in cv3[::2]:
                acc = sum((0 if R[ids[i]]["f"]["c2-rz"] < tz else graded(R[ids[i]]["f"], (t0, t1))) == y[i] for i in tr)
                if acc > best[0]:
                    best = (acc, (t0, t1))
        return best[1]

    def cv_graded(seed):
        fold = strat_folds(seed)
        pred = [0] * len(ids)
        it = Items(C, R, lambda r: r["f"]["c2-rz"])
        for f in range(10):
            tr = [i for i in range(len(ids)) if fold[i] != f]
            _m, tz = best_threshold(it, tr)
            t = fit_graded(tr, tz)
            for i in range(len(ids)):
                if fold[i] == f:
                    fx = R[ids[i]]["f"]
                    pred[i] = 0 if fx["c2-rz"] < tz else graded(fx, t)
        return pred

    P("")
    P("(d) Clough & Stevenson four-way (non / heavy / light / cut), stratified 10-fold CV, 5 fold seeds;")
    P("    features against the scan-chosen source (4 answers have another task's source chosen)")
    seeds = (1, 2, 3, 4, 5)
    last = None
    for label, keys in (("baseline LR: c1 c2 c3 c4", ["c1", "c2", "c3", "c4"]), ("LR: c1 c4 lcs", ["c1", "c4", "lcs"]),
                        ("LR: c1 c2 c3 c4 cov3 runlen lcs", ["c1", "c2", "c3", "c4", "cov3", "runlen", "lcs"])):
        accs = []
        for sd in seeds:
            pr = cv_softmax(keys, 0.1, sd)
            accs.append(sum(p == t for p, t in zip(pr, y)) / len(y))
            if sd == 1 and keys == ["c1", "c4", "lcs"]:
                last = pr
        P("    %-40s accuracy %.3f (seeds %s)" % (label, sum(accs) / len(accs), " ".join("%.3f" % v for v in accs)))
    accs = []
    gpred = None
    for sd in seeds:
        pr = cv_graded(sd)
        accs.append(sum(p == t for p, t in zip(pr, y)) / len(y))
        gpred = gpred or pr
    P("    %-40s accuracy %.3f (seeds %s)" % ("graded rule: z2, runlen, cov3 cuts", sum(accs) / len(accs), " ".join("%.3f" % v for v in accs)))
    it = Items(C, R, lambda r: r["f"]["c2-rz"])
    _m, tz_all = best_threshold(it)
    t_all = fit_graded(list(range(len(ids))), tz_all)
    P("    graded rule constants on all 95: derived when z2 >= %.2f; verbatim when the mean shared-3-gram run"
      % tz_all)
    P("    >= %.1f tokens (runlen = ln(1+mean) >= %.3f); light when cov3 >= %.3f; else heavy"
      % (math.exp(t_all[0]) - 1, t_all[0], t_all[1]))
    for nm, pr in (("LR c1 c4 lcs, seed 1", last), ("graded rule, seed 1", gpred)):
        P("    confusion (%s), rows truth non/heavy/light/cut, columns predicted:" % nm)
        for k in range(4):
            P("      %-6s %s" % (CL[k], " ".join("%3d" % sum(1 for p, t in zip(pr, y) if t == k and p == j) for j in range(4))))
    P("    answers whose text contradicts their class (features against their own task source):")
    for x in ids:
        fx = R[x]["f"]
        lab = C.copies[x]["label"]
        if (lab in ("heavy", "light") and fx["c4"] > 0.8) or (lab == "cut" and fx["c1"] < 0.45) or (lab == "light" and fx["c4"] < 0.1):
            P("      %-12s %-6s c1 %.2f c4 %.2f lcs %.2f cov3 %.2f chosen source %s"
              % (x, lab, fx["c1"], fx["c4"], fx["lcs"], fx["cov3"], "own" if R[x]["ok"] else "OTHER task"))

    # graded rule on METER / COUNTER (no training there) --------------------------------------------
    P("")
    P("graded rule (Clough constants) on the derived-called pairs of METER and COUNTER (min-max z2):")
    for n in ("meter", "counter"):
        Cn, Rn = Cs[n], Rs[n]
        cnt = collections.Counter()
        for x, r in Rn.items():
            if r["f"]["c2-rz"] >= t_mm:
                cnt[(Cn.copies[x]["label"], ("heavy", "light", "verbatim")[graded(r["f"], t_all) - 1])] += 1
        for lab in LABEL_ORDER[n]:
            P("    %-8s %-9s verbatim %3d  light %3d  heavy %3d" % (n, lab, cnt[(lab, "verbatim")], cnt[(lab, "light")], cnt[(lab, "heavy")]))

    # sentence alignment sketch --------------------------------------------------------------------------
    P("")
    P("sentence alignment sketch (copy sentence -> source sentence with the largest IDF-weighted overlap;")
    P("aligned when the shared words carry >= 0.5 of its IDF mass and >= 2 of them are rare): share of")
    P("copy tokens in aligned sentences, quartiles by label, and the median 2-gram containment of the aligned")
    P("sentence pairs (how verbatim the aligned sentences are)")
    for n in ("meter", "counter", "clough"):
        Cn, Rn = Cs[n], Rs[n]
        parts = []
        for lab in LABEL_ORDER[n]:
            sh, bi = [], []
            for x, r in Rn.items():
                if Cn.copies[x]["label"] == lab:
                    s_, n_, b_ = align_sentences(Cn, x, r["S"])
                    sh.append(s_)
                    if n_:
                        bi.append(b_)
            parts.append("%s %s (2-gram %.2f)" % (lab, q(sh), sorted(bi)[len(bi) // 2] if bi else 0))
        P("    %-8s %s" % (n, " | ".join(parts)))

    # error analysis ---------------------------------------------------------------------------------------
    P("")
    P("error analysis of the min-max rule (z2 >= %.2f), METER and COUNTER, by label and cause:" % t_mm)
    for n in ("meter", "counter"):
        Cn, Rn = Cs[n], Rs[n]
        causes = collections.Counter()
        examples = collections.defaultdict(list)
        for x in sorted(Rn):
            r = Rn[x]
            lab = Cn.copies[x]["label"]
            f = r["f"]
            der = f["c2-rz"] >= t_mm
            L = len(Cn.tok[x])
            if Cn.copies[x]["derived"]:
                if not r["ok"]:
                    cause = "wrong source chosen"
                elif der:
                    continue
                elif f["c2-bg"] <= 0.02:
                    cause = "no reuse beyond the same-topic background"
                elif L < 100:
                    cause = "short (<100 words), reuse below the line"
                else:
                    cause = "reworded, reuse below the line"
            else:
                if not der:
                    continue
                if f["cov3"] >= 0.25:
                    cause = "shares long phrases (cov3 >= 0.25)"
                elif f["c2-bg"] >= 0.1:
                    cause = "shares many 2-grams beyond the background"
                else:
                    cause = "slightly over the line"
            causes[(lab, cause)] += 1
            if len(examples[(lab, cause)]) < 3:
                examples[(lab, cause)].append("%s (%d words, c2 %.2f, z2 %.1f, cov3 %.2f)" % (x.split("/")[-1], L, f["c2"], f["c2-rz"], f["cov3"]))
        for (lab, cause), k in sorted(causes.items(), key=lambda kv: (LABEL_ORDER[n].index(kv[0][0]), -kv[1])):
            P("    %-8s %-9s %-44s %3d  e.g. %s" % (n, lab, cause, k, "; ".join(examples[(lab, cause)])))

    wall = time.time() - t_start
    cpu = time.process_time() - cpu_start
    P("")
    P("run time: %.1f s wall (%.1f s CPU in this process); adapters + tokenizing %.1f s, scan-like pass %.1f s"
      % (wall, cpu, t_load, t_scan))
    return Cs, Rs, table


if __name__ == "__main__":
    main()
