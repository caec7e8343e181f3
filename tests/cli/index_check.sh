#!/usr/bin/env bash
# Acceptance of `index` and `check` on the seed pair: check reports the AP story with exactly the
# relation, coverages, passages and edits of `compare`; the other way round, the direction is
# reversed. Then remove, stats, the exit codes, and indexes that are missing, garbage, truncated,
# foreign or built with other parameters (exit 2, a message naming the file).
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
wt_init "$@"
DB="$WT_TMP/ap.db"

expect_exit 0 "$WIRETRACE" index add "$SEED_AP" --db "$DB"
expect_stderr_contains "1 added"
expect_exit 0 "$WIRETRACE" check "$SEED_CBC" --db "$DB" --format json
save_stdout "$WT_TMP/check.json"
expect_exit 0 "$WIRETRACE" compare "$SEED_AP" "$SEED_CBC" --format json
save_stdout "$WT_TMP/compare.json"
python3 - "$WT_TMP/check.json" "$WT_TMP/compare.json" "$SEED_AP" "$SEED_CBC" <<'PY' || fail "check differs from compare" "$(head -c 3000 "$WT_TMP/check.json")"
import json, sys
check, compare = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
ap, cbc = sys.argv[3], sys.argv[4]
assert check["schema"] == "wiretrace.check/1", check["schema"]
[article] = check["articles"]
assert article["id"] == cbc, article["id"]
[match] = article["matches"]
assert match["known"]["id"] == ap and match["relation"] == "rewrite" and match["source"] == ap, match["known"]
# The whole compare document, passages and edits included, is the same.
assert match["compare"] == compare, [k for k in compare if match["compare"].get(k) != compare[k]]
assert check["summary"]["articles"] == 1 and check["summary"]["matched"] == 1, check["summary"]
PY

# The other way round: the CBC story indexed, the AP story checked: the checked article is the source.
expect_exit 0 "$WIRETRACE" index add "$SEED_CBC" --db "$WT_TMP/cbc.db" -q
expect_stderr_empty
expect_exit 0 "$WIRETRACE" check "$SEED_AP" --db "$WT_TMP/cbc.db" --format tsv -q
[[ "$(sed -n 1p "$WT_OUT")" == $'#id_a\tid_b\trelation\tsource_id\tcoverage_a\tcoverage_b\tgrade' ]] || fail "TSV header" "$(cat "$WT_OUT")"
[[ "$(sed -n 2p "$WT_OUT" | cut -f1-4)" == "$SEED_CBC"$'\t'"$SEED_AP"$'\trewrite\t'"$SEED_AP" ]] ||
    fail "reversed check: the AP story must be the source" "$(cat "$WT_OUT")"
expect_exit 0 "$WIRETRACE" check "$SEED_AP" --db "$WT_TMP/cbc.db" -q
expect_stdout_contains "source $SEED_AP"
expect_stdout_contains "decided by wire-dateline"

# JSON lines: one object per article; an unrelated article has no match; exit 1 when none matched.
printf 'Completely unrelated words about gardening tomatoes in the spring sunshine and watering them daily.\n' >"$WT_TMP/garden.txt"
expect_exit 0 "$WIRETRACE" check "$SEED_CBC" "$WT_TMP/garden.txt" --db "$DB" --format jsonl -q
python3 - "$WT_OUT" "$SEED_CBC" "$WT_TMP/garden.txt" <<'PY' || fail "check JSON lines" "$(head -c 2000 "$WT_OUT")"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
assert [l["id"] for l in lines] == sys.argv[2:4], lines
assert len(lines[0]["matches"]) == 1 and lines[1]["matches"] == [], lines
PY
expect_exit 1 "$WIRETRACE" check "$WT_TMP/garden.txt" --db "$DB"
expect_stdout_contains "no known story"
# --min-coverage above the AP story's coverage in the CBC text (0.69) leaves nothing.
expect_exit 1 "$WIRETRACE" check "$SEED_CBC" --db "$DB" --min-coverage 0.9 -q

# stats, duplicates, remove.
expect_exit 0 "$WIRETRACE" index add "$SEED_AP" "$SEED_CBC" --db "$DB"
expect_stderr_contains "1 added, 0 replaced, 1 duplicate id skipped"
expect_exit 0 "$WIRETRACE" index stats --db "$DB" --format json
python3 - "$WT_OUT" <<'PY' || fail "index stats JSON" "$(cat "$WT_OUT")"
import json, sys
s = json.load(open(sys.argv[1]))
assert s["schema"] == "wiretrace.index-stats/1" and s["documents"] == 2, s
assert s["parameters"]["shingle_tokens"] == 5 and s["parameters"]["lsh_bands"] == 32, s
PY
expect_exit 0 "$WIRETRACE" index remove "$SEED_CBC" --db "$DB"
expect_stderr_contains "1 removed, 0 not found"
expect_exit 1 "$WIRETRACE" index remove "$SEED_CBC" --db "$DB"
expect_stderr_contains "no document"
expect_exit 0 "$WIRETRACE" index stats --db "$DB"
expect_stdout_contains "documents   1"
# The removed story's postings are hidden at once and dropped by optimize: the answers stay.
expect_exit 0 "$WIRETRACE" check "$SEED_CBC" "$SEED_AP" --db "$DB" --format tsv -q
save_stdout "$WT_TMP/before-optimize.tsv"
expect_exit 0 "$WIRETRACE" index optimize --db "$DB"
expect_stderr_contains "index optimize: 2 runs of postings merged into 2"
expect_exit 0 "$WIRETRACE" check "$SEED_CBC" "$SEED_AP" --db "$DB" --format tsv -q
cmp -s "$WT_OUT" "$WT_TMP/before-optimize.tsv" || fail "optimize changed check's answers" "$(cat "$WT_OUT")"
expect_exit 0 "$WIRETRACE" index optimize --db "$DB"
expect_stderr_contains "already one run per key kind, nothing to do"
# An index of format version 1 (a B-tree row per key and story): refused, asking for a rebuild.
cp "$DB" "$WT_TMP/v1.db"
python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("update meta set value = 1 where key = ?", ("format_version",)); c.commit()' "$WT_TMP/v1.db"
for command in "check $SEED_CBC" "index stats" "index add $SEED_CBC" "index optimize"; do
    # shellcheck disable=SC2086 # the command's words
    expect_exit 2 "$WIRETRACE" $command --db "$WT_TMP/v1.db"
    expect_stderr_contains "v1.db: the index has format version 1; this wiretrace reads version 2: rebuild the index"
done

# Other sketch parameters than the index's: refused, naming both.
expect_exit 2 "$WIRETRACE" check "$SEED_CBC" --db "$DB" --shingle-tokens 6
expect_stderr_contains "k=5"
expect_exit 2 "$WIRETRACE" index add "$SEED_CBC" --db "$DB" --bands 16
expect_stderr_contains "bands=32"
expect_exit 2 "$WIRETRACE" check "$SEED_CBC" --db "$DB" --seed 5
expect_stderr_contains "seed=0x5"

# index remove needs an existing index: a missing one is an error, and no file is created.
expect_exit 2 "$WIRETRACE" index remove some-id --db "$WT_TMP/absent.db"
expect_stderr_contains "absent.db: no such index file"
[[ ! -e "$WT_TMP/absent.db" ]] || fail "index remove created $WT_TMP/absent.db"

# Files that are not usable indexes.
expect_exit 2 "$WIRETRACE" check "$SEED_CBC" --db "$WT_TMP/missing.db"
expect_stderr_contains "missing.db: no such index file"
head -c 20000 /dev/urandom >"$WT_TMP/garbage.db"
expect_exit 2 "$WIRETRACE" check "$SEED_CBC" --db "$WT_TMP/garbage.db"
expect_stderr_contains "garbage.db: not a wiretrace index"
expect_exit 2 "$WIRETRACE" index stats --db "$WT_TMP/garbage.db"
expect_exit 2 "$WIRETRACE" index add "$SEED_CBC" --db "$WT_TMP/garbage.db"
expect_stderr_contains "not a wiretrace index"
"$WIRETRACE" index add "$SEED_AP" "$SEED_CBC" --db "$WT_TMP/big.db" -q
size=$(stat -c %s "$WT_TMP/big.db")
head -c $((size / 2)) "$WT_TMP/big.db" >"$WT_TMP/truncated.db"
expect_exit 2 "$WIRETRACE" check "$SEED_CBC" --db "$WT_TMP/truncated.db"
expect_stderr_contains "truncated.db: the index is truncated"
python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("create table t(x)"); c.commit()' "$WT_TMP/foreign.db"
expect_exit 2 "$WIRETRACE" check "$SEED_CBC" --db "$WT_TMP/foreign.db"
expect_stderr_contains "foreign.db: not a wiretrace index"
# A corrupted sketch parameter in meta (out of the range `index add` accepts, or not a number):
# refused when the index is opened, by every command, before any work (a minhash_size of 10^9
# once made check allocate gigabytes). A seed is any 64-bit number, so 0 and 10^9 are not errors.
"$WIRETRACE" index add "$SEED_AP" --db "$WT_TMP/meta-src.db" -q
values=(1000000000 -1 0 100000 abc 18446744073709551616 ' 5' 0x10)
python3 - "$WT_TMP" "${values[@]}" <<'PY'
import shutil, sqlite3, sys
tmp, values = sys.argv[1], sys.argv[2:]
for key in ("shingle_tokens", "winnow_window", "minhash_size", "lsh_bands", "seed", "normalization_version"):
    for n, value in enumerate(values):
        path = f"{tmp}/meta-{key}-{n}.db"
        shutil.copy(f"{tmp}/meta-src.db", path)
        c = sqlite3.connect(path)
        c.execute("update meta set value = ? where key = ?", (value, key))
        c.commit()
        c.close()
PY
for key in shingle_tokens winnow_window minhash_size lsh_bands seed normalization_version; do
    for n in "${!values[@]}"; do
        value="${values[$n]}"
        if [[ $key == seed ]]; then
            case "$value" in 1000000000 | 0 | 100000) continue ;; esac
        fi
        shown="$value"
        [[ $value == ' 5' ]] && shown='" 5"'  # quoted when not plain
        for command in "check $SEED_CBC" "index stats" "index add $SEED_CBC" "index remove x"; do
            # shellcheck disable=SC2086 # the command's words
            expect_exit 2 "$WIRETRACE" $command --db "$WT_TMP/meta-$key-$n.db"
            expect_stderr_contains "meta-$key-$n.db: index corrupted: $key = $shown is out of range"
        done
    done
done
# lsh_bands beyond minhash_size, and the largest values that are in range.
cp "$WT_TMP/meta-src.db" "$WT_TMP/meta.db"
python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("update meta set value = 129 where key = ?", ("lsh_bands",)); c.commit()' "$WT_TMP/meta.db"
expect_exit 2 "$WIRETRACE" index stats --db "$WT_TMP/meta.db"
expect_stderr_contains "meta.db: index corrupted: lsh_bands = 129 is out of range (1 to minhash_size, 128)"
expect_exit 0 "$WIRETRACE" index add "$SEED_AP" --db "$WT_TMP/meta-max.db" -q --shingle-tokens 64 --winnow-window 256 \
    --minhash-size 4096 --bands 4096 --seed 18446744073709551615
expect_exit 0 "$WIRETRACE" index stats --db "$WT_TMP/meta-max.db"
expect_stdout_contains "k=64 w=256 minhash=4096 bands=4096 seed=0xffffffffffffffff"

# A corrupted text blob: a clear error naming the document, not a crash.
python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("update documents set text = zeroblob(40)"); c.commit()' "$WT_TMP/big.db"
expect_exit 2 "$WIRETRACE" check "$SEED_CBC" --db "$WT_TMP/big.db"
expect_stderr_contains "the index is corrupted: the text of"

# Usage errors.
expect_exit 2 "$WIRETRACE" index
expect_exit 2 "$WIRETRACE" index add "$SEED_AP"
expect_stderr_contains "--db is required"
expect_exit 2 "$WIRETRACE" index add "$WT_TMP/nope.txt" --db "$WT_TMP/x.db"
expect_stderr_contains "nope.txt"

# --format html: a directory with index.html linking one side-by-side page per match; every
# passage of the compare JSON is on the page on both sides; article text and ids are escaped.
cp "$SEED_CBC" "$WT_TMP/<b>cbc\"'.txt"
printf '\n<script>document.title="pwned"</script>\n' >>"$WT_TMP/<b>cbc\"'.txt"
expect_exit 2 "$WIRETRACE" check "$SEED_CBC" --db "$DB" --format html
expect_stderr_contains "-o DIR"
expect_exit 0 "$WIRETRACE" check "$WT_TMP/<b>cbc\"'.txt" "$WT_TMP/garden.txt" --db "$DB" --format html -o "$WT_TMP/report"
expect_stderr_contains "HTML report in"
expect_only_files "$WT_TMP/report" index.html pairs
expect_only_files "$WT_TMP/report/pairs" 1-1.html
python3 - "$WT_TMP/report" "$WT_TMP/compare.json" <<'PY' || fail "check HTML report"
import json, re, sys
report, compare = sys.argv[1], json.load(open(sys.argv[2]))
index = open(f"{report}/index.html").read()
assert index.count('href="pairs/1-1.html"') == 1, "index links the match"
assert "no known story" in index, "the unmatched article is listed"
assert "<b>cbc" not in index and "&lt;b&gt;cbc" in index, "ids are escaped"
page = open(f"{report}/pairs/1-1.html").read()
n = len(compare["passages"])
assert len(re.findall(r'id="a-p\d+"', page)) == n and len(re.findall(r'id="b-p\d+"', page)) == n, n
assert "<script>document.title" not in page and "&lt;script&gt;document.title" in page, "article text is escaped"
PY
