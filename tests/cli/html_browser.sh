#!/usr/bin/env bash
# The HTML reports in a real browser: Debian's chromium, headless, kept off the network, loads the
# pages and the checks read the DOM it dumps.
#   - the seed pair (compare --format html): the highlighted passages are the passages of
#     compare --format json one for one (count, text of both sides, same colour); every edit is
#     marked where it stands with the JSON's texts; the respellings and substitutions of the
#     foundation issue are in place inside their passages; the CBC-only Baird, Harper and Kerry
#     sections are insertions; nothing on the page refers to the network
#   - hostile articles, ids and outlets (<script>, </div>, quotes) for compare and scan: no script
#     of theirs ran (title and DOM unchanged), their text is shown as written
#   - scan --format html of a generated 10,000-article corpus opens; its index pages link every
#     cluster of the JSONL output once, every cluster page links a pair view for every derived pair
#   - a screenshot of the seed pair: docs/img/seed-pair.png with WIRETRACE_SAVE_SCREENSHOT=1,
#     otherwise in the temporary directory
# Without chromium the test is skipped, except as root: install-deps installs it then.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
wt_init "$@"

CHROMIUM="$(command -v chromium || command -v chromium-browser || true)"
if [[ -z "$CHROMIUM" ]]; then
    [[ "$(id -u)" -eq 0 ]] && fail "chromium is not installed (scripts/install-deps.sh installs it when run as root)"
    echo "SKIP [$WT_TEST_NAME]: chromium is not installed (run scripts/install-deps.sh as root to install it)"
    exit 0
fi

# browser ARGS... URL: headless chromium with a private profile, no network (every host name
# resolves to nothing), no background services; stdout to $WT_OUT.
browser() {
    run_capture timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run \
        --no-default-browser-check --disable-extensions --disable-background-networking --disable-sync \
        --disable-default-apps --disable-component-update --disable-domain-reliability --no-pings \
        --host-resolver-rules="MAP * ~NOTFOUND" --user-data-dir="$WT_TMP/profile" "$@"
    [[ "$WT_STATUS" -eq 0 ]] || fail "chromium failed" "$(_last_run)"
}

# dump_dom FILE OUT: the DOM of a local page after its scripts ran.
dump_dom() {
    browser --dump-dom "file://$1"
    grep -q '</html>' "$WT_OUT" || fail "chromium dumped no document for $1" "$(_last_run)"
    cp -- "$WT_OUT" "$2"
}

# dom_check HTML [JSON...] <<'PY' ... PY: checks in Python with lib/domcheck.py.
dom_check() {
    py_check domcheck "DOM" "$@"
}

# --- the seed pair -----------------------------------------------------------------------------
expect_exit 0 "$WIRETRACE" compare --format json "$SEED_AP" "$SEED_CBC"
save_stdout "$WT_TMP/seed.json"
expect_exit 0 "$WIRETRACE" compare --format html -o "$WT_TMP/seed.html" "$SEED_AP" "$SEED_CBC"
expect_stdout_empty
expect_exit 0 "$WIRETRACE" compare --format html "$SEED_AP" "$SEED_CBC"  # standard output: the same page
cmp -s "$WT_OUT" "$WT_TMP/seed.html" || fail "compare --format html: -o FILE and standard output differ"
dump_dom "$WT_TMP/seed.html" "$WT_TMP/seed.dom"

AP="$SEED_AP" CBC="$SEED_CBC" dom_check "$WT_TMP/seed.dom" "$WT_TMP/seed.json" <<'PY'
import os
eq(select("title")[0].text(), f"rewrite: {os.environ['AP']} / {os.environ['CBC']} - wiretrace", "title")

# Passages: one highlighted span a side per JSON passage, same text, same colour.
passages = d["passages"]
eq(len(passages), 6, "passages in the JSON")
eq(len(select("span", cls="p")), 2 * len(passages), "highlighted passage spans (both sides)")
for p in passages:
    i = p["index"]
    a, b = by_id(f"a-p{i}"), by_id(f"b-p{i}")
    if not (check(a is not None and b is not None, f"passage {i} on both sides")):
        continue
    eq(a.text(), p["a"]["text"], f"passage {i}, side A text")
    eq(b.text(), p["b"]["text"], f"passage {i}, side B text")
    eq(a.attrs.get("data-passage"), str(i), f"passage {i} A data-passage")
    eq(b.attrs.get("data-passage"), str(i), f"passage {i} B data-passage")
    colour = [c for c in a.classes if c.startswith("c")]
    check(len(colour) == 1 and colour == [c for c in b.classes if c.startswith("c")],
          f"passage {i}: one colour class shared by both sides, got {a.classes} / {b.classes}")
    check(ancestor(a, cls="side").id == "side-a" and ancestor(b, cls="side").id == "side-b", f"passage {i} sides")
    eq(("moved" in a.classes, "moved" in b.classes), (p["moved"], p["moved"]), f"passage {i} moved mark")
    links = [n for n in select("a", cls="pn") if n.attrs.get("href") == f"#b-p{i}"]
    eq(len(links), 1, f"passage {i}: one link from A to its place in B")
colours = [next(c for c in by_id(f"a-p{p['index']}").classes if c.startswith("c")) for p in passages]
eq(len(set(colours)), len(colours), "every passage has its own colour")

# Paraphrases: one hatched span a side per JSON paraphrase, with its text, linked both ways.
paraphrases = d["paraphrases"]
check(len(paraphrases) >= 1, "the seed pair has a paraphrased sentence")
eq(len([n for n in select("span", cls="para") if ancestor(n, cls="side")]), 2 * len(paraphrases),
   "paraphrase spans (both sides)")
for p in paraphrases:
    i = p["index"]
    a, b = by_id(f"a-r{i}"), by_id(f"b-r{i}")
    if not check(a is not None and b is not None, f"paraphrase {i} on both sides"):
        continue
    eq((a.text(), b.text()), (p["a"]["text"], p["b"]["text"]), f"paraphrase {i} texts")
    check(ancestor(a, cls="p") is None and ancestor(b, cls="p") is None, f"paraphrase {i} outside the passages")
    links = [n for n in select("a", cls="para") if n.attrs.get("href") in (f"#a-r{i}", f"#b-r{i}")]
    eq(sorted(n.attrs["data-n"] for n in links), [str(i + 1)] * 2, f"paraphrase {i}: a label ~{i + 1} a side")

# Every edit is marked where it stands, with the JSON's texts.
tag_of = {"respelling": "mark", "substitution": "mark", "insertion": "ins", "deletion": "del"}
for k, e in enumerate(d["edits"]):
    if e["kind"] == "move":
        continue
    a, b = by_id(f"a-e{k}"), by_id(f"b-e{k}")
    if not check(a is not None and b is not None, f"edit {k} ({e['kind']}) marked on both sides"):
        continue
    for side, node, text in (("A", a, e["a_text"]), ("B", b, e["b_text"])):
        if text:
            eq((node.tag, e["kind"] in node.classes), (tag_of[e["kind"]], True), f"edit {k} side {side} element")
            eq(node.text(), text, f"edit {k} ({e['kind']}) side {side} text")
        else:
            eq((node.tag, "gap" in node.classes, node.text()), ("a", True, ""), f"edit {k} side {side}: an insertion point")
    if e["passage"] is not None:
        for side, node in (("a", a), ("b", b)):
            holder = ancestor(node, tag="span", cls="p")
            eq(holder and holder.id, f"{side}-p{e['passage']}", f"edit {k} ({e['kind']}) inside its passage on side {side}")

# The respellings and substitutions of the foundation issue, in place, both spellings shown.
for kind, ap, cbc in [("respelling", "neighbors", "neighbours"), ("respelling", "cooperation", "co-operation"),
                      ("respelling", "coordinate", "co-ordinate"), ("respelling", "Francois", "François"),
                      ("substitution", "Shiite", "Shia"), ("substitution", "fresh", "raw"),
                      ("substitution", "Assad", "al-Assad")]:
    marks = [(a, by_id("b-e" + a.id[3:])) for a in select("mark", cls=kind) if a.id.startswith("a-e") and a.text() == ap]
    marks = [(a, b) for a, b in marks if b is not None and b.text() == cbc]
    if not check(len(marks) == 1, f"one {kind} mark {ap!r} in A paired with {cbc!r} in B, found {len(marks)}"):
        continue
    a, b = marks[0]
    eq((a.attrs.get("data-other"), b.attrs.get("data-other")), (cbc, ap), f"{kind} {ap}/{cbc}: the other spelling shown")
    check(ancestor(a, cls="p") is not None and ancestor(b, cls="p") is not None, f"{kind} {ap}/{cbc} inside passages")

# The CBC-only sections are insertions (text only in B), never deletions.
inserted = [n for n in select("ins", cls="insertion") if ancestor(n, cls="side").id == "side-b"]
for name in ["John Baird", "Stephen Harper", "John Kerry"]:
    check(any(name in flat(n.text()) for n in inserted), f"an insertion in B mentions {name!r}")
    check(not any(name in flat(n.text()) for n in select("del")), f"no deletion mentions {name!r}")
eq(len(inserted), d["edit_counts"]["insertion"], "insertions in B")
eq(len([n for n in select("del", cls="deletion") if ancestor(n, cls="side").id == "side-a"]),
   d["edit_counts"]["deletion"], "deletions in A")

# Self-contained: one inline style sheet and one inline script, nothing loaded from anywhere.
eq([len(select("script")), len(select("style"))], [1, 1], "inline script and style elements")
eq([n.tag for n in walk() if "src" in n.attrs or n.tag in ("link", "iframe", "object", "embed", "img")], [],
   "elements that load resources")
eq([n.attrs["href"] for n in select("a", attr="href") if not n.attrs["href"].startswith("#")], [],
   "links that leave the page")
check("http" not in select("style")[0].text() and "http" not in select("script")[0].text(), "no URL in style or script")
PY

shot="$WT_TMP/seed-pair.png"
if [[ "${WIRETRACE_SAVE_SCREENSHOT:-}" == 1 ]]; then
    mkdir -p "$REPO_ROOT/docs/img"
    shot="$REPO_ROOT/docs/img/seed-pair.png"
fi
rm -f -- "$shot"
browser --hide-scrollbars --window-size=1400,1800 --screenshot="$shot" "file://$WT_TMP/seed.html"
python3 - "$shot" <<'PY' || fail "no 1400x1800 PNG screenshot at $shot"
import struct, sys
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR", "not a PNG"
assert struct.unpack(">II", data[16:24]) == (1400, 1800), struct.unpack(">II", data[16:24])
PY

# --- hostile input: compare --------------------------------------------------------------------
read -r -d '' HOSTILE <<'TXT' || true
Officials said <script>document.title="HACKED";document.body.appendChild(document.createElement("hacked"))</script></div></span></section><div id="injected">'single' "double"</div> and the inquiry into the collapse of the old harbour wall will report before the end of the year.
TXT
read -r -d '' HOSTILE_B <<'TXT' || true
<img src=x onerror="document.title='HACKED2'"><script>document.body.appendChild(document.createElement("hacked"))</script> Editor's note: this paragraph is only in the copy.
TXT
ha="$WT_TMP/ap'\"<b>x<i>.txt"
hb="$WT_TMP/copy\"'><svg onload=alert(1)>.txt"
{ cat "$SEED_AP"; printf '\n\n%s\n' "$HOSTILE"; } >"$ha"
{ cat "$SEED_AP"; printf '\n\n%s\n\n%s\n' "$HOSTILE" "$HOSTILE_B"; } >"$hb"
expect_exit 0 "$WIRETRACE" compare --format html -o "$WT_TMP/hostile.html" \
    --a-outlet '</title><script>document.title="HACKED3"</script>' --b-outlet '"><img src=x onerror=alert(4)>' "$ha" "$hb"
dump_dom "$WT_TMP/hostile.html" "$WT_TMP/hostile.dom"
A_ID="$ha" B_ID="$hb" HOSTILE="$HOSTILE" HOSTILE_B="$HOSTILE_B" dom_check "$WT_TMP/hostile.dom" <<'PY'
import os
env = os.environ
title = select("title")[0].text()
check(title.endswith(f": {env['A_ID']} / {env['B_ID']} - wiretrace"), f"title kept, ids shown as text: {title!r}")
check("HACKED" not in title, "no script changed the title")
eq([n.tag for n in walk() if n.tag in ("hacked", "img", "svg", "i")], [], "elements injected by the articles")
eq(by_id("injected"), None, "the article's <div id=injected> is not an element")
eq(len(select("script")), 1, "script elements (the page's own)")
check("HACKED" not in select("script")[0].text(), "the page's script is its own")
eq([n.id for n in select("section")], ["side-a", "side-b"], "the sides are intact")
text_a, text_b = by_id("text-a").text(), by_id("text-b").text()
check(env["HOSTILE"] in text_a and env["HOSTILE"] in text_b, "the hostile paragraph shown as written on both sides")
check(env["HOSTILE_B"] in text_b, "the copy's hostile paragraph shown as written")
check(any(env["HOSTILE"].rstrip(".") in n.text() for n in select("span", cls="p")), "the hostile paragraph inside a passage (up to its last word)")
check(any(env["HOSTILE_B"] in n.text() for n in select("ins", cls="insertion")), "the copy's hostile paragraph as an insertion")
check(env["A_ID"] in by_id("side-a").text() and env["B_ID"] in by_id("side-b").text(), "ids shown as text")
check('</title><script>document.title="HACKED3"</script>' in by_id("side-a").text(), "outlet of A shown as text")
check('"><img src=x onerror=alert(4)>' in by_id("side-b").text(), "outlet of B shown as text")
PY

# --- hostile input: scan -----------------------------------------------------------------------
AP_FILE="$SEED_AP" CBC_FILE="$SEED_CBC" HOSTILE="$HOSTILE" python3 - >"$WT_TMP/hostile.jsonl" <<'PY'
import json, os
hostile = os.environ["HOSTILE"]
for name, path, extra in [("<script>document.title='HACKED'</script>\"'</td>", os.environ["AP_FILE"], ""),
                          ("copy</tr></table><b id=injected>", os.environ["CBC_FILE"], "\n\n" + hostile)]:
    text = open(path, encoding="utf-8").read() + "\n\n" + hostile + extra
    print(json.dumps({"id": name, "outlet": "<i>Outlet</i>\"", "title": "</title><script>alert(1)</script>",
                      "text": text}))
PY
expect_exit 0 "$WIRETRACE" scan --format html -o "$WT_TMP/hostile-scan" "$WT_TMP/hostile.jsonl"
expect_stderr_contains "HTML report in $WT_TMP/hostile-scan/ (3 files"
for page in index.html clusters/1.html pairs/1/1.html; do
    dump_dom "$WT_TMP/hostile-scan/$page" "$WT_TMP/hostile-scan.dom"
    PAGE="$page" dom_check "$WT_TMP/hostile-scan.dom" <<'PY'
import os
page = os.environ["PAGE"]
root, copy = "<script>document.title='HACKED'</script>\"'</td>", "copy</tr></table><b id=injected>"
eq(select("title")[0].text(), {"index.html": "wiretrace scan: clusters",
                               "clusters/1.html": f"cluster 1: {root} - wiretrace scan",
                               "pairs/1/1.html": f"rewrite: {root} / {copy} - wiretrace"}[page], f"{page}: title")
eq([n.tag for n in walk() if n.tag in ("hacked", "img", "svg", "i")], [], f"{page}: elements injected by the articles")
eq(by_id("injected"), None, f"{page}: no injected element")
eq(len(select("script")), 1, f"{page}: script elements (the page's own)")
body = select("body")[0].text()
check("<script>document.title='HACKED'</script>\"'</td>" in body, f"{page}: the root's id shown as text")
if page != "pairs/1/1.html":
    check("<i>Outlet</i>\"" in body, f"{page}: the outlet shown as text")
PY
done

# --- a scan of 10,000 generated articles -------------------------------------------------------
expect_exit 0 "$WIRETRACE" gen --docs 10000 --seed 7 -o "$WT_TMP/gen10k.jsonl" -q
expect_exit 0 "$WIRETRACE" scan --format jsonl -o "$WT_TMP/gen10k.scan.jsonl" -q "$WT_TMP/gen10k.jsonl"
expect_exit 0 "$WIRETRACE" scan --format html -o "$WT_TMP/gen10k" -q "$WT_TMP/gen10k.jsonl"
mapfile -t index_pages < <(cd "$WT_TMP/gen10k" && ls index*.html | sort -V)
clusters="$(grep -c '"type":"cluster"' "$WT_TMP/gen10k.scan.jsonl")"
[[ "$clusters" -gt 500 ]] || fail "the generated corpus should give more clusters than one index page holds, got $clusters"
[[ "${#index_pages[@]}" -eq $(((clusters + 499) / 500)) ]] ||
    fail "expected $(((clusters + 499) / 500)) index pages of 500 clusters for $clusters clusters" "${index_pages[*]}"
for page in "${index_pages[@]}"; do
    dump_dom "$WT_TMP/gen10k/$page" "$WT_TMP/gen10k.${page%.html}.dom"
done
GEN_DIR="$WT_TMP/gen10k" SCAN="$WT_TMP/gen10k.scan.jsonl" dom_check "$WT_TMP/gen10k.index.dom" <<'PY'
import glob, json, os
report, lines = os.environ["GEN_DIR"], [json.loads(l) for l in open(os.environ["SCAN"])]
roots = {l["cluster"]: l["root"] for l in lines if l["type"] == "cluster"}
derived = [l for l in lines if l["type"] == "pair" and l["relation"] in ("duplicate", "near-duplicate", "rewrite", "version")]
copies = [l for l in lines if l["type"] == "member" and l["parents"]]

# Every cluster linked once from the index pages (as the browser loaded them), with its root.
linked = {}
for path in sorted(glob.glob(os.path.dirname(report) + "/gen10k.index*.dom")):
    for row in [n for n in walk(parse(path)) if n.tag == "tr" and "data-cluster" in n.attrs]:
        k = int(row.attrs["data-cluster"])
        link = [n for n in walk(row) if n.tag == "a" and "cluster" in n.classes]
        check(k not in linked, f"cluster {k} listed once")
        linked[k] = (link[0].attrs["href"] if link else None, [c for c in row.children if not isinstance(c, str)][1].text())
same_items(sorted(linked), sorted(roots), "clusters linked from the index pages vs clusters of the JSONL")
for k, (href, root) in linked.items():
    eq(href, f"clusters/{k}.html", f"cluster {k} link")
    eq(root, roots.get(k), f"cluster {k} root id")
    check(os.path.isfile(os.path.join(report, href or "")), f"cluster page {href} exists")

# Every copy of every cluster page links its pair view(s); together they are the derived pairs.
pair_links, sources_linked = 0, 0
for k in roots:
    page = parse(os.path.join(report, f"clusters/{k}.html"))
    for row in [n for n in walk(page) if n.tag == "tr" and "data-article" in n.attrs]:
        links = [n for n in walk(row) if n.tag == "a" and "pair" in n.classes]
        pair_links += len(links)
        sources_linked += sum(1 for n in links if n.text() == "vs its source")
        for n in links:
            check(os.path.isfile(os.path.join(report, "clusters", n.attrs["href"])), f"cluster {k}: {n.attrs['href']} exists")
eq(pair_links, len(derived), "pair views linked from the cluster pages vs derived pairs of the JSONL")
eq(sources_linked, len(copies), "copies with a link to their view against their source")
eq(len(glob.glob(report + "/pairs/*/*.html")), len(derived), "pair view files")
PY

# One cluster page and one pair view open in the browser: the biggest cluster, its first copy.
big="$(python3 -c 'import json,sys; print(max((json.loads(l) for l in open(sys.argv[1]) if "\"type\":\"cluster\"" in l), key=lambda c: (c["size"], -c["cluster"]))["cluster"])' "$WT_TMP/gen10k.scan.jsonl")"
dump_dom "$WT_TMP/gen10k/clusters/$big.html" "$WT_TMP/big.dom"
SCAN="$WT_TMP/gen10k.scan.jsonl" BIG="$big" dom_check "$WT_TMP/big.dom" <<'PY'
import json, os
big = int(os.environ["BIG"])
members = [json.loads(l) for l in open(os.environ["SCAN"]) if '"type":"member"' in l]
members = [m for m in members if m["cluster"] == big]
rows = [n for n in walk() if n.tag == "tr" and "data-article" in n.attrs]
cells = [[c for c in r.children if not isinstance(c, str)] for r in rows]
same_items([c[0].text().replace("└", "").strip() for c in cells], [m["id"] for m in members], "cluster rows vs members")
eq(len([n for n in select("a", cls="pair") if n.text() == "vs its source"]), len(members) - 1, "copies linked to their source")
PY
dump_dom "$WT_TMP/gen10k/pairs/$big/1.html" "$WT_TMP/pair.dom"
dom_check "$WT_TMP/pair.dom" <<'PY'
passages = [n for n in select("span", cls="p") if n.id.startswith("a-p")]
check(len(passages) >= 1, "the pair view shows passages")
for a in passages:
    b = by_id("b" + a.id[1:])
    check(b is not None and a.classes == b.classes, f"{a.id} has its twin in B with the same colour")
eq([n.id for n in select("section")], ["side-a", "side-b"], "both texts")
eq(select("span", cls="role")[0].text(), "source", "A is the source")
PY

pair_files="$(find "$WT_TMP/gen10k/pairs" -name '*.html' | wc -l)"
echo "html_browser: seed pair checked; 10k scan: $clusters clusters on ${#index_pages[@]} index pages, $pair_files pair views"
