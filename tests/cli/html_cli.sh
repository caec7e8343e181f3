#!/usr/bin/env bash
# The HTML outputs without a browser: where they go and what happens on bad arguments.
#   - compare --format html keeps the exit status of the comparison (0 related, 1 unrelated)
#   - scan --format html needs -o DIR, a new or empty directory; an existing file or a non-empty
#     directory is an error (exit 2) that comes before the scan and leaves the path untouched
#   - the report directory holds index.html, clusters/<k>.html and pairs/<k>/<j>.html, and no
#     staging directory is left beside it; --clusters-per-page splits the index
#   - the pages do not depend on --threads
#   - a scan that finds no cluster still writes an index that says so (exit 1)
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
wt_init "$@"

printf 'The council met on Tuesday to discuss the budget for the coming year and the repairs.\n' >"$WT_TMP/x.txt"
printf 'Heavy snow closed the mountain pass for a third day, stranding hundreds of lorries.\n' >"$WT_TMP/y.txt"
expect_exit 1 "$WIRETRACE" compare --format html -o "$WT_TMP/unrelated.html" "$WT_TMP/x.txt" "$WT_TMP/y.txt"
grep -q '<span class="rel unrelated">unrelated</span>A and B are not related' "$WT_TMP/unrelated.html" ||
    fail "unrelated pair page" "$(head -c 600 "$WT_TMP/unrelated.html")"
expect_exit 2 "$WIRETRACE" compare --format pdf "$SEED_AP" "$SEED_CBC"
expect_stderr_contains "--format"

mkdir -p "$WT_TMP/dump"
cp "$SEED_AP" "$WT_TMP/dump/ap.txt"
cp "$SEED_CBC" "$WT_TMP/dump/cbc.txt"

expect_exit 2 "$WIRETRACE" scan --format html "$WT_TMP/dump"
expect_stderr_contains "--format html writes a directory of pages: name it with -o DIR"
expect_exit 2 "$WIRETRACE" scan --format html -o - "$WT_TMP/dump"
expect_stderr_contains "name it with -o DIR"
expect_stdout_empty

printf 'keep me\n' >"$WT_TMP/file"
expect_exit 2 "$WIRETRACE" scan --format html -o "$WT_TMP/file" "$WT_TMP/dump"
expect_stderr_contains "$WT_TMP/file: exists and is not a directory"
[[ "$(cat "$WT_TMP/file")" == "keep me" ]] || fail "the existing file was changed"

mkdir -p "$WT_TMP/full"
printf 'keep me\n' >"$WT_TMP/full/notes.txt"
expect_exit 2 "$WIRETRACE" scan --format html -o "$WT_TMP/full" "$WT_TMP/dump"
expect_stderr_contains "$WT_TMP/full: exists and is not empty"
expect_only_files "$WT_TMP/full" notes.txt

expect_exit 2 "$WIRETRACE" scan --format html --clusters-per-page 0 -o "$WT_TMP/report" "$WT_TMP/dump"
expect_stderr_contains "--clusters-per-page"

# A new directory, then an existing empty one: the same report, nothing left beside it.
expect_exit 0 "$WIRETRACE" scan --format html -o "$WT_TMP/report" "$WT_TMP/dump"
expect_stdout_empty
expect_stderr_contains "wiretrace: scan: HTML report in $WT_TMP/report/ (3 files; open $WT_TMP/report/index.html)"
(cd "$WT_TMP/report" && find . -type f | LC_ALL=C sort) >"$WT_TMP/files"
[[ "$(tr '\n' ' ' <"$WT_TMP/files")" == "./clusters/1.html ./index.html ./pairs/1/1.html " ]] ||
    fail "report layout" "$(cat "$WT_TMP/files")"
mkdir "$WT_TMP/empty"
expect_exit 0 "$WIRETRACE" scan --format html -q -o "$WT_TMP/empty" "$WT_TMP/dump"
expect_stderr_empty
# The index page quotes the scan summary, whose last figure is the run time: the only line allowed to differ.
report_diff() { diff -r -I "skipped, [0-9.]* s</p>" "$1" "$2" >/dev/null; }
report_diff "$WT_TMP/report" "$WT_TMP/empty" || fail "the report differs between two runs"
expect_only_files "$WT_TMP" dump empty file files full last.stderr last.stdout report unrelated.html x.txt y.txt
grep -q '<a href="clusters/1.html" class="cluster">1</a>' "$WT_TMP/report/index.html" || fail "index links cluster 1"
grep -q '<a href="../pairs/1/1.html" class="pair">vs its source</a>' "$WT_TMP/report/clusters/1.html" ||
    fail "cluster page links the copy's pair view"
grep -q '<span class="role">source</span><span class="id"><bdi>ap.txt</bdi></span>' "$WT_TMP/report/pairs/1/1.html" ||
    fail "the pair view shows the AP story as the source"

# Three copies of three stories: three clusters, one per index page with --clusters-per-page 1.
python3 - "$SEED_AP" >"$WT_TMP/three.jsonl" <<'PY'
import json, sys
paragraphs = [p for p in open(sys.argv[1], encoding="utf-8").read().split("\n") if len(p.split()) > 25]
for n, (p, q) in enumerate(zip(paragraphs[0:6:2], paragraphs[1:6:2])):
    story = p + "\n\n" + q
    print(json.dumps({"id": f"story{n}", "text": story}))
    print(json.dumps({"id": f"copy{n}", "text": story + "\n\nWith files from The Canadian Press"}))
PY
expect_exit 0 "$WIRETRACE" scan --format html --clusters-per-page 1 -o "$WT_TMP/paged" "$WT_TMP/three.jsonl"
for page in index.html index-2.html index-3.html; do
    [[ -f "$WT_TMP/paged/$page" ]] || fail "missing $page" "$(ls "$WT_TMP/paged")"
    grep -q 'page [123] of 3' "$WT_TMP/paged/$page" || fail "$page: page links"
done
[[ ! -e "$WT_TMP/paged/index-4.html" ]] || fail "one index page too many"
grep -q '<a href="clusters/2.html" class="cluster">2</a>' "$WT_TMP/paged/index-2.html" || fail "index-2 links cluster 2"
grep -q '<a href="../index-3.html">all clusters</a>' "$WT_TMP/paged/clusters/3.html" ||
    fail "cluster 3 links back to its index page"
# The pages do not depend on the number of threads.
expect_exit 0 "$WIRETRACE" scan --format html --clusters-per-page 1 -q --threads 1 -o "$WT_TMP/paged1" "$WT_TMP/three.jsonl"
report_diff "$WT_TMP/paged" "$WT_TMP/paged1" || fail "the report differs between --threads 1 and the default"

# No cluster at all: exit 1, an index that says so.
expect_exit 1 "$WIRETRACE" scan --format html -o "$WT_TMP/none" "$WT_TMP/x.txt" "$WT_TMP/y.txt"
grep -q '<h1>wiretrace scan: no clusters</h1>' "$WT_TMP/none/index.html" || fail "empty report index"
expect_stderr_contains "HTML report in $WT_TMP/none/ (1 file; open $WT_TMP/none/index.html)"
