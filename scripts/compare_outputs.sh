#!/usr/bin/env bash
# Usage: scripts/compare_outputs.sh OLD_BINARY NEW_BINARY [WORKDIR]
# Runs every output of two wiretrace builds on the same inputs and diffs them, timings and the
# output directory's own path aside: compare (text, JSON, HTML) of the seed pair; scan of the
# seeds and of a generated 10k corpus (text, JSONL, TSV, --all-relations, HTML); eval (text,
# JSON); gen; index add and stats; check (text, JSON, JSONL, TSV, HTML). For refactors and speed
# work that must not change an answer. Prints IDENTICAL, or the differences (exit 1).
set -u
old=$1 new=$2
work=${3:-$(mktemp -d)}
seeds=$(cd "$(dirname "$0")/../seeds" && pwd)
mkdir -p "$work"
# The same inputs for both: a corpus made by the old build.
[[ -f "$work/c10k.jsonl" ]] || "$old" gen --docs 10000 --seed 7 -q -o "$work/c10k.jsonl" --truth "$work/c10k.tsv"

outputs() {  # outputs BINARY DIR
    local b=$1 o=$2 ap="$seeds/000_6e14ef43e76ff7c6.txt" cbc="$seeds/003_587f8fbee9c47d45.txt" f
    rm -rf "$o" && mkdir -p "$o"
    "$b" compare "$ap" "$cbc" >"$o/compare.txt"
    "$b" compare --format json "$ap" "$cbc" >"$o/compare.json"
    "$b" compare --format html "$ap" "$cbc" >"$o/compare.html"
    for f in text jsonl tsv; do
        "$b" scan -q --format $f "$seeds" >"$o/seeds.$f"
        "$b" scan -q --format $f "$work/c10k.jsonl" >"$o/c10k.$f"
    done
    "$b" scan -q --all-relations --format jsonl "$work/c10k.jsonl" >"$o/c10k-all.jsonl"
    "$b" scan -q --format html -o "$o/html" "$work/c10k.jsonl"
    "$b" eval --truth "$work/c10k.tsv" "$o/c10k.jsonl" >"$o/eval.txt"
    "$b" eval --format json --truth "$work/c10k.tsv" "$o/c10k.jsonl" >"$o/eval.json"
    "$b" gen --docs 300 --seed 3 -q -o "$o/gen.jsonl" --truth "$o/gen.tsv"
    head -n 700 "$work/c10k.jsonl" >"$o/known.jsonl"
    sed -n 700,900p "$work/c10k.jsonl" >"$o/queries.jsonl"
    "$b" index add -q --db "$o/idx.db" "$ap" "$o/known.jsonl"
    "$b" index stats --db "$o/idx.db" | grep -v '^on disk' >"$o/stats.txt"
    "$b" index stats --format json --db "$o/idx.db" | sed -E 's/"file_bytes":[0-9]+//' >"$o/stats.json"
    for f in text json jsonl tsv; do "$b" check -q --format $f --db "$o/idx.db" "$cbc" >"$o/check.$f"; done
    "$b" check -q --format jsonl --db "$o/idx.db" "$o/queries.jsonl" >"$o/check-queries.jsonl"
    "$b" check -q --format html -o "$o/check-html" --db "$o/idx.db" "$cbc"
    rm -f "$o"/idx.db*
    # The output directory's own path and the run times are the only allowed differences.
    grep -rl "$o" "$o" | xargs -r sed -i "s#$o#OUT#g"
    grep -rlE '"(seconds|cpu_seconds)":' "$o" | xargs -r sed -i -E \
        's/"(seconds|cpu_seconds|peak_rss_bytes)":[0-9.e+-]+/"\1":X/g; s/"(stages|stage_cpu_seconds|stage_peak_rss_bytes)":\{[^}]*\}/"\1":X/g'
}

outputs "$old" "$work/old"
outputs "$new" "$work/new"
if diff -r -I 'articles read (' "$work/old" "$work/new" >"$work/diff.txt"; then
    echo IDENTICAL
else
    head -50 "$work/diff.txt"
    echo "(all differences: $work/diff.txt)"
    exit 1
fi
