#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""A scraped-dump-like test corpus with its truth, and the checks eval does not make.

`make` wraps a `wiretrace gen` corpus (wire stories, copies, copies of copies at depth 2-3 and
more, roundups, updates and takes) the way a scrape of news sites looks (issue #16):

* page furniture: every outlet's page carries its navigation line, its own footer and a few of
  the lines many sites share (the AP copyright line, comment prompts, share buttons, an ad
  widget's script, a photo credit, an embedded post); a story's text sits between them;
* digests ("News in Brief"): one page of several unrelated short items, each the opening
  paragraphs of a different wire story, under the dateline of that story;
* aggregator pages: the opening of another site's story and a "read more" line, dated an hour
  before the story half of the time (a scraper's clock), their outlet named in an --aggregators
  file;
* story versions: gen's updates and takes, the agency's later texts of its own story, get an
  "UPDATE n" title and the truth relation `version`.

The truth is gen's, with the version relation, plus one line per digest item and aggregator
page (kind `digest`, `aggregator`).

`check` reads the scan's JSONL and prints, beside eval's figures, what eval does not measure:
pairs joining two truth clusters (through furniture), digests attached to each of their items'
sources, versions reported as versions, the first parent of copies by depth, aggregators never
a source. Both are deterministic (a seed), the figures exact for one corpus.
"""
import argparse
import collections
import json
import random
import sys

# Lines many sites share, as scraped with the story.
SHARED_FURNITURE = [
    "Copyright 2018 The Associated Press. All rights reserved. This material may not be published, "
    "broadcast, rewritten or redistributed.",
    "Click Here to comment on this article Close",
    "Read or Share this story: Facebook Twitter Email",
    "window._taboola = window._taboola || []; _taboola.push({mode: 'thumbnails-a', container: "
    "'taboola-below-article', placement: 'Below Article Thumbnails', target_type: 'mix'});",
    "We use Facebook commenting. By commenting you agree to our terms of service and privacy policy; "
    "comments are moderated and may take a while to appear.",
    "Sign up for our morning newsletter and get the day's top stories delivered to your inbox.",
    "pic.twitter.com/a8Bx3kLq0Z — Press Office (@pressoffice) July 15, 2018",
]
AGGREGATORS = ["NewsNow Headlines", "Top Stories Today"]


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def read_truth(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            rows.append(line.rstrip("\n").split("\t"))
    return rows


def outlet_furniture(outlet, seed):
    """The outlet's own lines and the shared ones its pages carry: the same on every page."""
    rng = random.Random(f"{seed}/{outlet}")
    header = f"{outlet} | Home | News | Local | Sport | Business | Opinion | Subscribe"
    footer = (f"© 2018 {outlet}. All rights reserved. Use of this site constitutes acceptance of the "
              f"{outlet} user agreement and privacy policy.")
    shared = rng.sample(SHARED_FURNITURE, 3)
    caption = f"(Photo: {outlet} staff photographer / {outlet})"
    return header, footer, shared, caption


def wrap(text, outlet, seed, inline_captions):
    """The page's text: the navigation line, the photo credit under the top photo (or, with
    inline_captions, after the second paragraph), the story, the shared lines and the footer."""
    header, footer, shared, caption = outlet_furniture(outlet, seed)
    paragraphs = text.split("\n\n")
    at = min(2, len(paragraphs)) if inline_captions else 0
    paragraphs = paragraphs[:at] + [caption] + paragraphs[at:]
    return "\n\n".join([header] + paragraphs + shared + [footer])


def words(text):
    return len(text.split())


def make(args):
    corpus = read_jsonl(args.gen_corpus)
    truth = read_truth(args.gen_truth)
    by_id = {d["id"]: d for d in corpus}
    rng = random.Random(args.seed)
    derived_copies = {r[0] for r in truth if r[2] != "same-story"}
    wire_outlets = {"AP", "Reuters", "AFP", "PA", "The Canadian Press"}
    # Originals a digest or an aggregator may quote: wire stories of at least 300 words.
    roots = [d for d in corpus if d["id"] not in derived_copies and d["outlet"] in wire_outlets
             and words(d["text"]) >= 300]
    rng.shuffle(roots)
    newspapers = sorted({d["outlet"] for d in corpus} - wire_outlets)

    out_truth = []
    # Versions: an agency's later text of its own story.
    version_kinds = {"update", "take"}
    version_of = {}  # a version -> the one it updates (its direct source)
    for r in truth:
        copy, source, relation, kind = r[0], r[1], r[2], r[7]
        if kind in version_kinds and relation != "duplicate" and by_id[copy]["outlet"] == by_id[source]["outlet"]:
            r = r[:2] + ["version"] + r[3:]
            if r[5] == "1":
                version_of[copy] = source
        out_truth.append(r)

    def update_number(x):
        return 1 + update_number(version_of[x]) if x in version_of else 0

    for d in corpus:
        if d["id"] in version_of:
            d["title"] = f"UPDATE {update_number(d['id'])}-{d['title']}"

    pages = []
    used = 0
    # Digests: 4-6 items, each the first 35-50% of a different wire story's paragraphs.
    for k in range(args.digests):
        items = roots[used:used + rng.randint(4, 6)]
        used += len(items)
        outlet = rng.choice(newspapers)
        parts, spans = [], []
        for src in items:
            paragraphs = src["text"].split("\n\n")
            if paragraphs[0].startswith("By "):
                paragraphs = paragraphs[1:]
            take = max(2, round(len(paragraphs) * rng.uniform(0.35, 0.5)))
            item = "\n\n".join(paragraphs[:take])
            line = item
            parts.append(line)
            spans.append((src, words(item)))
        text = "\n\n".join(parts)
        latest = max(src["published"] for src in items)
        page = {"id": f"digest-{k:03d}", "outlet": outlet, "published": later(latest, rng.randint(60, 180)),
                "title": f"{outlet} News in Brief", "text": text}
        pages.append(page)
        total = words(text)
        for src, n in spans:
            out_truth.append([page["id"], src["id"], "rewrite", f"{n / words(src['text']):.4f}",
                              f"{n / total:.4f}", "1", "1", "digest"])
    # Aggregator pages: the opening of a wire story and a "read more" line.
    for k in range(args.aggregator_pages):
        src = roots[used]
        used += 1
        paragraphs = src["text"].split("\n\n")
        take = max(2, round(len(paragraphs) * rng.uniform(0.4, 0.6)))
        item = "\n\n".join(paragraphs[:take])
        text = f"{item}\n\nRead the full story at {src['outlet']}."
        shift = -60 if k % 2 == 0 else rng.randint(30, 120)
        page = {"id": f"aggregator-{k:03d}", "outlet": AGGREGATORS[k % 2],
                "published": later(src["published"], shift), "title": src["title"], "text": text}
        pages.append(page)
        out_truth.append([page["id"], src["id"], "rewrite", f"{words(item) / words(src['text']):.4f}",
                          f"{words(item) / words(text):.4f}", "1", "1", "aggregator"])
    if used > len(roots):
        sys.exit(f"dump.py: {used} wire stories wanted, the corpus has {len(roots)}: more --docs")

    with open(args.output, "w", encoding="utf-8") as f:
        for d in corpus + pages:
            d = dict(d)
            d["text"] = wrap(d["text"], d["outlet"], args.seed, args.inline_captions)
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    with open(args.truth, "w", encoding="utf-8") as f:
        f.write("#copy_id\tsource_id\trelation\tcoverage_of_source\tcoverage_of_copy\tdirect\ttraceable\tkind\n")
        for r in out_truth:
            f.write("\t".join(r) + "\n")
    with open(args.aggregators, "w", encoding="utf-8") as f:
        f.write("\n".join(AGGREGATORS) + "\n")


def later(iso, minutes):
    from datetime import datetime, timedelta, timezone
    t = datetime.strptime(iso, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc) + timedelta(minutes=minutes)
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def check(args):
    truth = read_truth(args.truth)
    members = {}
    pairs = []
    for row in read_jsonl(args.scan):
        if row["type"] == "member":
            members[row["id"]] = row
        elif row["type"] == "pair":
            pairs.append(row)
    # Truth clusters: the components of the derived truth lines.
    parent = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    direct = collections.defaultdict(set)
    derived = set()
    for r in truth:
        if r[2] == "same-story":
            continue
        parent[find(r[0])] = find(r[1])
        derived.add(frozenset((r[0], r[1])))
        if r[5] == "1":
            direct[r[0]].add(r[1])
    cross = [p for p in pairs if p["relation"] != "same-story" and find(p["a"]) != find(p["b"])]
    print(f"pairs joining two truth clusters (furniture joins): {len(cross)}")

    def first_parent(x):
        m = members.get(x)
        return m["parents"][0] if m and m["parents"] else None

    def parents(x):
        m = members.get(x)
        return set(m["parents"]) if m else set()

    digests = sorted({r[0] for r in truth if r[7] == "digest"})
    exact = sum(1 for d in digests if parents(d) == direct[d])
    items = [(r[0], r[1]) for r in truth if r[7] == "digest"]
    attached = sum(1 for d, s in items if s in parents(d))
    print(f"digests with exactly their items' sources as parents: {exact} of {len(digests)}; "
          f"items attached to their own source: {attached} of {len(items)}")

    versions = [(r[0], r[1]) for r in truth if r[2] == "version" and r[5] == "1"]
    relation = {frozenset((p["a"], p["b"])): p["relation"] for p in pairs}
    as_version = sum(1 for c, s in versions if relation.get(frozenset((c, s))) == "version")
    same_cluster = sum(1 for c, s in versions
                       if c in members and s in members and members[c]["cluster"] == members[s]["cluster"])
    predicted_versions = [p for p in pairs if p["relation"] == "version"]
    true_versions = {frozenset(v) for v in [(r[0], r[1]) for r in truth if r[2] == "version"]}
    right = sum(1 for p in predicted_versions if frozenset((p["a"], p["b"])) in true_versions)
    print(f"direct version pairs: {len(versions)}, in one cluster {same_cluster}, reported as version "
          f"{as_version}; reported versions {len(predicted_versions)}, of them truth versions {right}")

    def depth(x, seen=()):
        if x not in direct or x in seen:
            return 0
        return 1 + max(depth(s, seen + (x,)) for s in direct[x])

    # A copy of a copy has the intermediate copy as its parent when it holds a trace of it (its
    # edits: the truth's traceable), else an ancestor of it (the wire story).
    ancestors = collections.defaultdict(set)
    for r in truth:
        if r[2] != "same-story":
            ancestors[r[0]].add(r[1])
    by_depth = collections.defaultdict(lambda: [0, 0, 0, 0])
    for r in truth:
        if r[7] == "copy-of-copy" and r[5] == "1" and len(direct[r[0]]) == 1:
            d = min(depth(r[0]), 4)
            p = first_parent(r[0])
            if r[6] == "1":
                by_depth[d][0] += 1
                by_depth[d][1] += p == r[1]
            else:
                by_depth[d][2] += 1
                by_depth[d][3] += p in ancestors[r[1]]
    for d in sorted(by_depth):
        t, t_right, u, u_right = by_depth[d]
        print(f"copies of copies at depth {d}{'+' if d == 4 else ''}: right parent {t_right + u_right} of {t + u} "
              f"({(t_right + u_right) / (t + u):.4f}): the intermediate copy {t_right} of {t} holding its "
              f"edits, an ancestor of it {u_right} of {u} holding none")

    aggregators = {r[0] for r in truth if r[7] == "aggregator"}
    as_source = sum(1 for m in members.values() if any(p in aggregators for p in m["parents"]))
    agg_right = sum(1 for a in aggregators if first_parent(a) in direct[a])
    print(f"aggregator pages attached to their story: {agg_right} of {len(aggregators)}; "
          f"articles under an aggregator page: {as_source}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    m = sub.add_parser("make", help="the dump, its truth and its aggregators file")
    m.add_argument("--gen-corpus", required=True)
    m.add_argument("--gen-truth", required=True)
    m.add_argument("--output", required=True)
    m.add_argument("--truth", required=True)
    m.add_argument("--aggregators", required=True)
    m.add_argument("--digests", type=int, default=12)
    m.add_argument("--aggregator-pages", type=int, default=12)
    m.add_argument("--seed", type=int, default=1)
    m.add_argument("--inline-captions", action="store_true",
                   help="the photo credit after the second paragraph instead of above the story")
    c = sub.add_parser("check", help="the checks eval does not make, on a scan's JSONL")
    c.add_argument("--truth", required=True)
    c.add_argument("--scan", required=True)
    args = ap.parse_args()
    make(args) if args.command == "make" else check(args)


if __name__ == "__main__":
    main()
