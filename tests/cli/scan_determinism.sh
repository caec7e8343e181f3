#!/usr/bin/env bash
# Determinism: a generated corpus scanned with --threads 1 and --threads 2 gives byte-identical
# TSV and candidates (--candidates-tsv), and JSONL identical except the timings of the summary line. The same corpus compressed
# (gzip, zstd) or split into two inputs gives the same pairs.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
wt_init "$@"

expect_exit 0 "$WIRETRACE" gen --docs 1500 --seed 11 -o "$WT_TMP/corpus.jsonl" -q
for threads in 1 2; do
    expect_exit 0 "$WIRETRACE" scan -q --threads "$threads" --format jsonl -o "$WT_TMP/t$threads.jsonl" "$WT_TMP/corpus.jsonl"
    grep -v '"type":"summary"' "$WT_TMP/t$threads.jsonl" >"$WT_TMP/t$threads.body"
    expect_exit 0 "$WIRETRACE" scan -q --threads "$threads" --format tsv -o "$WT_TMP/t$threads.tsv" \
        --candidates-tsv "$WT_TMP/c$threads.tsv" "$WT_TMP/corpus.jsonl"
done
# The candidates too, the rare-word source's among them.
[[ "$(awk -F'\t' '$5 == 1' "$WT_TMP/c1.tsv" | wc -l)" -gt 100 ]] || fail "expected more than 100 rare-word candidates"
expect_same_bytes "$WT_TMP/c1.tsv" "$WT_TMP/c2.tsv" "candidates differ between --threads 1 and 2"
[[ "$(wc -l <"$WT_TMP/t1.tsv")" -gt 100 ]] || fail "expected more than 100 derived pairs in 1500 generated articles"
expect_same_bytes "$WT_TMP/t1.tsv" "$WT_TMP/t2.tsv" "TSV differs between --threads 1 and 2"
expect_same_bytes "$WT_TMP/t1.body" "$WT_TMP/t2.body" "JSONL differs between --threads 1 and 2"

gzip -c "$WT_TMP/corpus.jsonl" >"$WT_TMP/corpus.jsonl.gz"
zstd -q -c "$WT_TMP/corpus.jsonl" >"$WT_TMP/corpus.zst"
head -n 700 "$WT_TMP/corpus.jsonl" >"$WT_TMP/part1.jsonl"
tail -n +701 "$WT_TMP/corpus.jsonl" >"$WT_TMP/part2.jsonl"
for input in "corpus.jsonl.gz" "corpus.zst" "part1.jsonl part2.jsonl"; do
    # shellcheck disable=SC2086  # several inputs on purpose
    expect_exit 0 "$WIRETRACE" scan -q --format tsv -o "$WT_TMP/other.tsv" $(printf "$WT_TMP/%s " $input)
    expect_same_bytes "$WT_TMP/t1.tsv" "$WT_TMP/other.tsv" "input: $input"
done

# --all-relations adds the verified same-story pairs (source "-") and nothing else.
expect_exit 0 "$WIRETRACE" scan -q --format tsv --all-relations -o "$WT_TMP/all.tsv" "$WT_TMP/corpus.jsonl"
grep -v $'\tsame-story\t' "$WT_TMP/all.tsv" >"$WT_TMP/derived-only.tsv"
expect_same_bytes "$WT_TMP/t1.tsv" "$WT_TMP/derived-only.tsv" "--all-relations changed the derived pairs"
same=$(awk -F'\t' '$3 == "same-story" && $4 == "-"' "$WT_TMP/all.tsv" | wc -l)
[[ $same -gt 0 && $same -eq $(grep -c $'\tsame-story\t' "$WT_TMP/all.tsv") ]] ||
    fail "expected same-story pairs, all with source '-'" "found $same"
