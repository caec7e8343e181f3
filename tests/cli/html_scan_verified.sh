#!/usr/bin/env bash
# The HTML scan report shows what the scan decided: on a generated corpus, every pair page of
# `scan --format html` agrees with the matching `pair` line of `scan --format jsonl`:
#   - one page per derived pair, A its source and B its copy
#   - the relation, the source and the evidence that decided it ("the provenance forest" when the
#     JSONL has none)
#   - both coverages (header bars and side headers, whole percentages)
#   - the edit counts of the header, and the edits marked in the texts, kind by kind
# Some sources are the pair's b: their pages show the verified score seen from the other side.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
wt_init "$@"

expect_exit 0 "$WIRETRACE" gen --docs 2000 --seed 5 -q -o "$WT_TMP/corpus.jsonl"
expect_exit 0 "$WIRETRACE" scan -q --format jsonl -o "$WT_TMP/scan.jsonl" "$WT_TMP/corpus.jsonl"
expect_exit 0 "$WIRETRACE" scan -q --format html -o "$WT_TMP/html" "$WT_TMP/corpus.jsonl"

problems="$(python3 - "$WT_LIB_DIR" "$WT_TMP/scan.jsonl" "$WT_TMP/html" <<'PY'
import glob, json, re, sys
sys.path.insert(0, sys.argv[1])
from domcheck import parse, Node

KINDS = ("respelling", "substitution", "insertion", "deletion", "move")
problems = []
pairs = {}  # (source id, copy id) -> pair line
for line in open(sys.argv[2], encoding="utf-8"):
    d = json.loads(line)
    if d["type"] == "pair":
        copy = d["b"] if d["source"] == d["a"] else d["a"]
        pairs[(d["source"], copy)] = d

def walk(node):
    for c in node.children:
        if isinstance(c, Node):
            yield c
            yield from walk(c)

def percent(text, what):
    m = re.search(r"(\d+)%", text)
    if not m:
        raise ValueError(f"no percentage in {what}: {text!r}")
    return int(m.group(1))

seen = set()
mirrored = 0
pages = sorted(glob.glob(sys.argv[3] + "/pairs/*/*.html"))
for path in pages:
    name = path[len(sys.argv[3]) + 1:]
    nodes = list(walk(parse(path)))
    by_id = {n.id: n for n in nodes if n.id}
    side = {s: next(n for n in walk(by_id["side-" + s]) if "id" in n.classes).text() for s in "ab"}
    key = (side["a"], side["b"])
    d = pairs.get(key)
    if d is None:
        problems.append(f"{name}: A {key[0]}, B {key[1]}: no such pair in the JSONL")
        continue
    if key in seen:
        problems.append(f"{name}: a second page for {key}")
    seen.add(key)
    mirrored += d["source"] == d["b"]
    diffs = []
    relation = next(n for n in nodes if n.tag == "span" and "rel" in n.classes).classes[1]
    if relation != d["relation"]:
        diffs.append(f"relation {relation}, JSONL {d['relation']}")
    facts = {}  # <dt> text -> the <dd> after it
    dl = next(n for n in nodes if n.tag == "dl" and "facts" in n.classes)
    items = [c for c in dl.children if isinstance(c, Node)]
    for dt, dd in zip(items[::2], items[1::2]):
        facts[dt.text()] = dd
    source = facts["source"]
    bold = [n.text() for n in source.children if isinstance(n, Node) and n.tag == "b"]
    decided = d["decided_by"] or "the provenance forest"
    if bold != ["A", decided] or f"A {d['source']}, decided by {decided}" not in source.text():
        diffs.append(f"source {source.text()[:120]!r}, JSONL {d['source']} decided by {d['decided_by']}")
    cov = {d["a"]: d["coverage_a"], d["b"]: d["coverage_b"]}
    for s, upper in (("a", "A"), ("b", "B")):
        want = 100 * cov[side[s]]
        meta = next(n for n in walk(by_id["side-" + s]) if "meta" in n.classes).text()
        for what, text in ((f"coverage {upper}", facts[f"coverage {upper}"].text()), (f"side {upper}", meta)):
            if abs(percent(text, what) - want) > 0.51:
                diffs.append(f"{what} {percent(text, what)}%, JSONL {cov[side[s]]}")
    legend = facts["edits"].text()
    counts = {k: int(re.search(r"(\d+) " + ("moved" if k == "move" else k + "s"), legend).group(1)) for k in KINDS}
    if counts != d["edits"]:
        diffs.append(f"edit counts {counts}, JSONL {d['edits']}")
    marked = {k: set() for k in KINDS}
    for n in nodes:
        if "data-edit" in n.attrs:
            kind = next(c for c in n.classes if c in KINDS)
            marked[kind].add(n.attrs["data-edit"])
    marked = {k: len(v) for k, v in marked.items() if k != "move"}
    if marked != {k: v for k, v in d["edits"].items() if k != "move"}:
        diffs.append(f"edits marked in the texts {marked}, JSONL {d['edits']}")
    for x in diffs:
        problems.append(f"{name} ({key[0]} -> {key[1]}): {x}")
for key in sorted(set(pairs) - seen):
    problems.append(f"no page for the pair {key}")
if len(pages) < 500:
    problems.append(f"only {len(pages)} pair pages: the corpus should give over 500")
if mirrored == 0:
    problems.append("no page whose source is the pair's b: the other orientation is not tested")
for p in problems[:30]:
    print(p)
if len(problems) > 30:
    print(f"... and {len(problems) - 30} more")
PY
)"
[[ -z "$problems" ]] || fail "pair pages disagree with the scan's JSONL" "$problems"
