#!/usr/bin/env bash
# `wiretrace extract`: HTML pages (.html, .htm, .html.gz, a directory of them) become one JSONL
# line per article with type, id, url, outlet, title, published, byline and the body text without
# the page furniture; --format text; exit 1 when no article is found; HTML pages in `scan` too.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
wt_init "$@"
t="$WT_TMP"
mkdir -p "$t/pages/sub"

body='<p>The city council voted on Tuesday, after a long debate, to rebuild the old harbour bridge, which has been closed since the spring floods.</p>
<p>Engineers said the work would take two years, cost about forty million, and need a temporary ferry for commuters.</p>'
cat >"$t/pages/bridge.html" <<HTML
<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Bridge | Harbour Times</title>
<meta property="og:site_name" content="Harbour Times"><meta property="og:url" content="https://harbour.example/bridge">
<script type="application/ld+json">{"@type":"NewsArticle","headline":"Council votes to rebuild bridge","datePublished":"2019-11-19T07:30:00Z","author":{"@type":"Person","name":"Ann Lee"}}</script>
</head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Council votes to rebuild bridge</h1>$body<div class="social-share">Share this story, on Facebook, Twitter, everywhere</div></article>
<footer>Copyright 2019, Harbour Times, all rights reserved.</footer></body></html>
HTML
# A windows-1252 page without a declared charset, gzip-compressed.
printf '<html><body><div class="main"><p>Le caf\xe9 de la gare, ferm\xe9 depuis l\x27\xe9t\xe9, rouvre lundi apr\xe8s des travaux, a annonc\xe9 la mairie.</p></div></body></html>' |
    gzip >"$t/pages/sub/cafe.htm.gz"
printf '<html><body><nav><a href="/">Home</a></nav></body></html>' >"$t/pages/empty.html"
echo "not a page" >"$t/pages/notes.md"

expect_exit 0 "$WIRETRACE" extract "$t/pages"
expect_stderr_contains "1 record skipped"
python3 -c 'import json, sys; print(json.dumps([json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]))' \
    "$WT_OUT" >"$t/rows.json"
json_check "$t/rows.json" <<'PY'
rows = d
eq([r["id"] for r in rows], ["bridge.html", "sub/cafe.htm.gz"], "ids: relative paths, in order")
b = rows[0]
eq(sorted(b), sorted(["type", "id", "url", "outlet", "title", "published", "byline", "text"]), "fields")
eq(b["type"], "article", "type")
eq(b["url"], "https://harbour.example/bridge", "url (og:url)")
eq(b["outlet"], "Harbour Times", "outlet (og:site_name)")
eq(b["title"], "Council votes to rebuild bridge", "title (JSON-LD headline)")
eq(b["published"], "2019-11-19T07:30:00Z", "published")
eq(b["byline"], "Ann Lee", "byline")
check(b["text"].startswith("The city council voted on Tuesday") and "\n\nEngineers said" in b["text"], "two paragraphs")
for furniture in ("Home", "Share this story", "Copyright", "Council votes to"):
    check(furniture not in b["text"], f"no {furniture!r} in the text")
c = rows[1]
eq(c["text"], "Le café de la gare, fermé depuis l'été, rouvre lundi après des travaux, a annoncé la mairie.", "windows-1252 decoded")
eq(c["published"], None, "no date stated")
eq(c["url"], "", "no URL stated")
PY

expect_exit 0 "$WIRETRACE" extract --format text "$t/pages/bridge.html"
expect_stdout_contains "== $t/pages/bridge.html"
expect_stdout_contains "published: 2019-11-19T07:30:00Z"
expect_stdout_contains "byline: Ann Lee"

expect_exit 1 "$WIRETRACE" extract "$t/pages/empty.html"
expect_stdout_empty
expect_stderr_contains "no article text found in the page"

expect_exit 2 "$WIRETRACE" extract --format xml "$t/pages/bridge.html"
expect_exit 2 "$WIRETRACE" extract "$t/no-such.html"

# scan and index add read the same pages: two copies of one story are found as such.
mkdir "$t/copies"
cp "$t/pages/bridge.html" "$t/copies/a.html"
sed 's/Harbour Times/Daily Bugle/g; s/Copyright 2019/Copyright 2020/' "$t/pages/bridge.html" >"$t/copies/b.html"
expect_exit 0 "$WIRETRACE" scan --format jsonl "$t/copies"
expect_stdout_contains '{"type":"pair","a":"a.html","b":"b.html","relation":"duplicate","grade":"verbatim"'
