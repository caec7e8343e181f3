#!/usr/bin/env python3
"""Article extraction benchmark (scrapinghub, 181 pages) -> `wiretrace extract` scored by its own scorer.

  python3 datasets/article_extraction.py --wiretrace build/cli/wiretrace --out DIR
                                         [--src ../shared/datasets/article-extraction] [--bootstrap N]

Runs `wiretrace extract --format jsonl` over SRC/html (every page, id = file name), writes the
bodies in the benchmark's output form (DIR/output/wiretrace.json: {id: {"articleBody": text}}) and
scores them with the benchmark's evaluate.py, imported from SRC (not copied): F1, precision and
recall over 4-word shingles, averaged over pages, and exact-match accuracy. Writes per page scores
to DIR/pages.tsv and the summary to DIR/summary.txt (also printed).

Titles and dates: where a page's metadata states them (og:title, JSON-LD headline; JSON-LD
datePublished, article:published_time), this script reads them itself with regular expressions,
and counts the pages whose extracted title (same words) and date (same instant) agree.
"""

import argparse
import datetime
import gzip
import html
import importlib.util
import json
import os
import re
import subprocess
import sys

sys.dont_write_bytecode = True

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SRC = os.path.join(HERE, "..", "..", "shared", "datasets", "article-extraction")


def fail(msg):
    print(f"article_extraction.py: error: {msg}", file=sys.stderr)
    sys.exit(2)


def load_scorer(src):
    path = os.path.join(src, "evaluate.py")
    if not os.path.isfile(path):
        fail(f"{path} not found (--src is the benchmark's folder)")
    spec = importlib.util.spec_from_file_location("article_extraction_evaluate", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_extract(wiretrace, html_dir):
    proc = subprocess.run([wiretrace, "extract", "--quiet", "--format", "jsonl", html_dir],
                          capture_output=True, check=False)
    if proc.returncode not in (0, 1):
        fail(f"wiretrace extract failed ({proc.returncode}): {proc.stderr.decode(errors='replace')}")
    out = {}
    for line in proc.stdout.decode("utf-8").splitlines():
        rec = json.loads(line)
        out[rec["id"].split(".")[0]] = rec
    return out


META_RE = re.compile(r"<meta\s[^>]*>", re.I | re.S)
ATTR_RE = re.compile(r'([a-zA-Z:_-]+)\s*=\s*("([^"]*)"|\'([^\']*)\')', re.S)
LD_RE = re.compile(r'<script[^>]*application/ld\+json[^>]*>(.*?)</script>', re.I | re.S)
WORD_RE = re.compile(r"\w+", re.U)


def stated_metadata(page):
    """(title, date) the page's metadata states, each None when not stated."""
    title = date = None
    for block in LD_RE.findall(page):
        try:
            data = json.loads(block.replace("\n", " "))
        except ValueError:
            continue
        items = data if isinstance(data, list) else data.get("@graph", [data]) if isinstance(data, dict) else []
        for item in items:
            if not isinstance(item, dict):
                continue
            kind = item.get("@type", "")
            kinds = kind if isinstance(kind, list) else [kind]
            if any(isinstance(k, str) and (k.endswith("Article") or k.endswith("BlogPosting")) for k in kinds):
                if title is None and isinstance(item.get("headline"), str):
                    title = item["headline"]
                if date is None and isinstance(item.get("datePublished"), str):
                    date = item["datePublished"]
    for tag in META_RE.findall(page):
        attrs = {m.group(1).lower(): html.unescape(m.group(3) if m.group(3) is not None else m.group(4))
                 for m in ATTR_RE.finditer(tag)}
        key = (attrs.get("property") or attrs.get("name") or "").lower()
        if key == "og:title" and title is None:
            title = attrs.get("content")
        if key == "article:published_time" and date is None:
            date = attrs.get("content")
    return title, date


def parse_date(text):
    text = text.strip().replace("Z", "+00:00")
    text = re.sub(r"\.\d+", "", text)
    text = re.sub(r"([+-]\d\d)(\d\d)$", r"\1:\2", text)
    try:
        value = datetime.datetime.fromisoformat(text)
    except ValueError:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.timezone.utc)
    return value


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--src", default=DEFAULT_SRC)
    ap.add_argument("--out", required=True)
    ap.add_argument("--wiretrace", required=True, help="the wiretrace binary")
    ap.add_argument("--bootstrap", type=int, default=100, help="bootstrap samples for the ± figures")
    args = ap.parse_args()
    html_dir = os.path.join(args.src, "html")
    truth_path = os.path.join(args.src, "ground-truth.json")
    if not os.path.isdir(html_dir) or not os.path.isfile(truth_path):
        fail(f"{args.src}: not the benchmark's folder (html/ and ground-truth.json expected)")
    scorer = load_scorer(args.src)
    with open(truth_path, encoding="utf-8") as f:
        truth = json.load(f)
    extracted = run_extract(args.wiretrace, html_dir)
    prediction = {key: {"articleBody": extracted.get(key, {}).get("text", "")} for key in truth}
    os.makedirs(os.path.join(args.out, "output"), exist_ok=True)
    with open(os.path.join(args.out, "output", "wiretrace.json"), "w", encoding="utf-8") as f:
        json.dump(prediction, f, ensure_ascii=False)

    metrics = scorer.evaluate(truth, prediction, args.bootstrap)
    titles_stated = titles_right = dates_stated = dates_right = 0
    rows = []
    for key, (tp, fp, fn) in zip(truth.keys(), metrics["tp_fp_fns"]):
        p = scorer.precision_score(tp, fp, fn)
        r = scorer.recall_score(tp, fp, fn)
        f1 = 2 * p * r / (p + r) if p + r > 0 else 0.0
        rec = extracted.get(key, {})
        with gzip.open(os.path.join(html_dir, key + ".html.gz"), "rt", encoding="utf-8", errors="replace") as f:
            title, date = stated_metadata(f.read())
        title_ok = date_ok = "-"
        if title:
            titles_stated += 1
            same = WORD_RE.findall(html.unescape(title).lower()) == WORD_RE.findall((rec.get("title") or "").lower())
            titles_right += same
            title_ok = "yes" if same else "no"
        if date and parse_date(date):
            dates_stated += 1
            got = parse_date(rec.get("published") or "") if rec.get("published") else None
            same = got is not None and got == parse_date(date)
            dates_right += same
            date_ok = "yes" if same else "no"
        rows.append((key, f1, p, r, title_ok, date_ok, truth[key].get("url", "")))

    with open(os.path.join(args.out, "pages.tsv"), "w", encoding="utf-8") as f:
        f.write("#id\tf1\tprecision\trecall\ttitle_right\tdate_right\turl\n")
        for key, f1, p, r, t, d, url in rows:
            f.write(f"{key}\t{f1:.3f}\t{p:.3f}\t{r:.3f}\t{t}\t{d}\t{url}\n")
    summary = (
        f"pages {len(truth)} (extracted {len(extracted)})\n"
        f"F1 {metrics['f1']:.3f} ± {metrics['f1_std']:.3f}  precision {metrics['precision']:.3f}  "
        f"recall {metrics['recall']:.3f}  accuracy {metrics['accuracy']:.3f}\n"
        f"titles right {titles_right}/{titles_stated} where stated; dates right {dates_right}/{dates_stated} where stated\n"
    )
    with open(os.path.join(args.out, "summary.txt"), "w", encoding="utf-8") as f:
        f.write(summary)
    print(summary, end="")


if __name__ == "__main__":
    main()
