#!/usr/bin/env bash
# `wiretrace gen` end to end, on small corpora:
#   - writes exactly --docs JSONL lines and a truth TSV with its header; a summary on stderr
#   - the same seed gives the same bytes, with -o or on standard output, for --threads 1 and 2;
#     another seed gives other bytes
#   - every line parses, ids are unique, every truth id is in the corpus, copies come after sources
#   - --help documents every proportion with its default
#   - bad usage is exit 2 with a message, and leaves no file behind
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
wt_init "$@"

out="$WT_TMP/out"
mkdir -p "$out"

expect_exit 0 "$WIRETRACE" gen --docs 1500 --seed 3 -o "$out/a.jsonl" --truth "$out/a.tsv"
expect_stdout_empty
expect_stderr_contains "1500 articles"
expect_only_files "$out" a.jsonl a.tsv
[[ "$(wc -l <"$out/a.jsonl")" -eq 1500 ]] || fail "expected 1500 lines in the corpus" "$(wc -l <"$out/a.jsonl")"
[[ "$(head -n 1 "$out/a.tsv")" == "$(printf '#copy_id\tsource_id\trelation\tcoverage_of_source\tcoverage_of_copy\tdirect\ttraceable\tkind')" ]] ||
    fail "truth header" "$(head -n 1 "$out/a.tsv")"

# Determinism: again, with one thread, and on standard output.
expect_exit 0 "$WIRETRACE" gen --docs 1500 --seed 3 --threads 1 -o "$out/b.jsonl" --truth "$out/b.tsv"
expect_same_bytes "$out/a.jsonl" "$out/b.jsonl"
expect_same_bytes "$out/a.tsv" "$out/b.tsv"
expect_exit 0 "$WIRETRACE" gen -q --docs 1500 --seed 3 --threads 2
expect_stderr_empty
save_stdout "$out/c.jsonl"
expect_same_bytes "$out/a.jsonl" "$out/c.jsonl"
expect_exit 0 "$WIRETRACE" gen -q --docs 1500 --seed 4 -o "$out/d.jsonl"
if cmp -s "$out/a.jsonl" "$out/d.jsonl"; then fail "seeds 3 and 4 gave the same corpus"; fi

# Content: JSON lines, ids, truth rows, times.
python3 - "$out/a.jsonl" "$out/a.tsv" >"$WT_TMP/check.log" 2>&1 <<'PY' || fail "corpus or truth check failed" "$(cat "$WT_TMP/check.log")"
import json, sys
from datetime import datetime
docs = {}
for n, line in enumerate(open(sys.argv[1], encoding="utf-8"), 1):
    d = json.loads(line)
    assert list(d) == ["id", "outlet", "published", "title", "text"], (n, list(d))
    assert d["id"] not in docs, ("duplicate id", d["id"])
    assert d["text"] and d["title"] and d["outlet"], n
    assert "\n\n" in d["text"] and "\n\n\n" not in d["text"], n
    docs[d["id"]] = (d["outlet"], datetime.strptime(d["published"], "%Y-%m-%dT%H:%M:%SZ"))
relations = set()
kinds = set()
for n, line in enumerate(open(sys.argv[2], encoding="utf-8"), 1):
    if n == 1:
        continue
    copy, source, relation, cov_source, cov_copy, direct, traceable, kind = line.rstrip("\n").split("\t")
    assert copy in docs and source in docs, (n, copy, source)
    assert relation in ("duplicate", "near-duplicate", "rewrite", "same-story", "version"), (n, relation)
    assert relation != "version" or (kind in ("update", "take") and docs[copy][0] == docs[source][0]), (n, kind)
    assert 0.0 <= float(cov_source) <= 1.0 and 0.0 <= float(cov_copy) <= 1.0, n
    assert direct in ("0", "1") and traceable in ("0", "1"), n
    assert traceable == "1" or relation != "same-story", n
    if relation != "same-story":
        assert docs[copy][1] > docs[source][1], ("copy not after source", n)
    assert (kind == "same-event") == (relation == "same-story"), (n, kind, relation)
    relations.add(relation)
    kinds.add(kind)
assert relations == {"duplicate", "near-duplicate", "rewrite", "same-story", "version"}, relations
assert kinds == {"update", "copy", "copy-of-copy", "roundup", "duplicate", "near-duplicate", "same-event",
                 "paraphrase", "take", "multi-take"}, kinds
wire = {o for o, _ in docs.values()} & {"AP", "Reuters", "AFP", "PA", "The Canadian Press"}
assert len(wire) == 5, wire
PY

# --help documents the proportions and their defaults.
expect_exit 0 "$WIRETRACE" gen --help
for option in --docs --seed --truth --threads --wire --updates --copies --copies-of-copies --roundups \
    --duplicates --near-duplicates --same-event --paraphrases --takes --multi-take --wire-copyright --bylines --credit-lines --boilerplate \
    --outlets --start --days; do
    expect_stdout_contains "$option"
done
expect_stdout_contains "0.3"   # --copies
expect_stdout_contains "0.215"  # unrelated stories, the rest

# Bad usage: exit 2, a message, no output file.
bad="$WT_TMP/bad"
mkdir -p "$bad"
expect_exit 2 "$WIRETRACE" gen --docs 0 -o "$bad/x.jsonl"
expect_exit 2 "$WIRETRACE" gen --docs 100 --copies 0.9 -o "$bad/x.jsonl"
expect_stderr_contains "more than 1"
expect_exit 2 "$WIRETRACE" gen --docs 100 --wire 0 -o "$bad/x.jsonl"
expect_stderr_contains "wire"
expect_exit 2 "$WIRETRACE" gen --docs 100 --takes 0 -o "$bad/x.jsonl"
expect_stderr_contains "--multi-take needs --takes"
expect_exit 2 "$WIRETRACE" gen --docs 100 --boilerplate 2 -o "$bad/x.jsonl"
expect_exit 2 "$WIRETRACE" gen --docs 100 --start yesterday -o "$bad/x.jsonl"
expect_stderr_contains "ISO-8601"
# times past 9999-12-31 (issue #21 finding 9: the year 10021 was written, then read as undated)
expect_exit 2 "$WIRETRACE" gen --docs 100 --start 9999-12-31 --days 36500 -o "$bad/x.jsonl"
expect_stderr_contains "within the years 1 to 9999"
expect_exit 2 "$WIRETRACE" gen --docs 100 -o "$bad/x.jsonl" --truth "$bad/x.jsonl"
expect_stderr_contains "same file"
# The same file under two spellings (neither exists yet): refused, nothing written.
mkdir -p "$bad/sub"
expect_exit 2 "$WIRETRACE" gen --docs 100 -o "$bad/y.jsonl" --truth "$bad/sub/../y.jsonl"
expect_stderr_contains "same file"
[[ ! -e "$bad/y.jsonl" ]] || fail "gen wrote $bad/y.jsonl although its two outputs were one file"
rmdir "$bad/sub"
expect_exit 2 "$WIRETRACE" gen --docs 100 --truth -
expect_exit 2 "$WIRETRACE" gen --docs 100 --truth ""
expect_exit 2 "$WIRETRACE" gen --docs 100 -o ""
expect_exit 2 "$WIRETRACE" gen --docs 100 --no-such-option
expect_exit 2 "$WIRETRACE" gen --docs 100 -o "$bad/missing-dir/x.jsonl"
expect_stderr_contains "missing-dir"
expect_only_files "$bad"
