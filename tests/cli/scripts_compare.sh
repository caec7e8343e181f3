#!/usr/bin/env bash
# Every script: hand-written news in Chinese, Japanese, Thai, Arabic and Urdu
# (tests/data/scripts/<lang>/): wire.txt a wire story, copy.txt a copy trimmed from the bottom with
# light edits (zh/ja: a word or two and full-width digits; th: a word; ar: hamza-less alefs, alef
# maksura, tatweel, harakat, Arabic-Indic digits; ur: typed on an Arabic keyboard layout, Urdu
# digits), other.txt an independent story on the same topic.
#   - wire vs copy: a rewrite, the wire story the source, the copy almost wholly aligned, the
#     wire story only partly; every passage's text is the original's bytes at its byte span and
#     begins where the copy begins
#   - wire vs other: unrelated (exit 1)
#   - the HTML page lays each text and passage out in its own direction (dir="auto") and isolates ids
#   - gen --language th|ar: the same truth as the English corpus of the seed; a missing word list
#     is a clear error
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
wt_init "$@"

D=tests/data/scripts
for lang in zh ja th ar ur; do
    expect_exit 0 "$WIRETRACE" compare --format json "$D/$lang/wire.txt" "$D/$lang/copy.txt"
    save_stdout "$WT_TMP/$lang.json"
    WIRE="$D/$lang/wire.txt" COPY="$D/$lang/copy.txt" json_check "$WT_TMP/$lang.json" <<'PY'
import os
wire, copy = os.environ["WIRE"], os.environ["COPY"]
texts = {"a": open(wire, "rb").read(), "b": open(copy, "rb").read()}
eq(d["relation"], "rewrite", "relation")
eq(d["source"], wire, "source")
check(d["b"]["coverage"] >= 0.95, f"copy side coverage >= 0.95, got {d['b']['coverage']!r}")
in_range(d["a"]["coverage"], 0.55, 0.80, "wire side coverage")
check(len(d["passages"]) >= 1, "at least one passage")
for p in d["passages"]:
    for side in ("a", "b"):
        begin, end = p[side]["bytes"]
        eq(texts[side][begin:end].decode("utf-8"), p[side]["text"], f"passage {p['index']} side {side}: text at its bytes")
first = d["passages"][0]["b"]
eq(first["bytes"][0], 0, "the first passage starts at the copy's first byte")
PY
    expect_exit 1 "$WIRETRACE" compare --format json "$D/$lang/wire.txt" "$D/$lang/other.txt"
    save_stdout "$WT_TMP/$lang-other.json"
    json_check "$WT_TMP/$lang-other.json" <<'PY'
eq(d["relation"], "unrelated", "relation of an independent story on the same topic")
eq(d["passages"], [], "no passages")
PY
done

# --fold-chinese: a Traditional copy of the Chinese copy (ICU's uconv -x Simplified-Traditional)
# matches the Simplified wire story only with the option; an index records it.
expect_exit 0 "$WIRETRACE" compare --format json --fold-chinese "$D/zh/wire.txt" "$D/zh/copy_traditional.txt"
save_stdout "$WT_TMP/zh-trad.json"
json_check "$WT_TMP/zh-trad.json" <<'PY'
eq(d["relation"], "rewrite", "relation with --fold-chinese")
check(d["b"]["coverage"] >= 0.95, f"Traditional copy coverage >= 0.95, got {d['b']['coverage']!r}")
PY
run_capture "$WIRETRACE" compare --format json "$D/zh/wire.txt" "$D/zh/copy_traditional.txt"
save_stdout "$WT_TMP/zh-trad-plain.json"
json_check "$WT_TMP/zh-trad-plain.json" <<'PY'
check(d["b"]["coverage"] < 0.5, f"without the option the Traditional copy is not aligned, got {d['b']['coverage']!r}")
PY
expect_exit 0 "$WIRETRACE" index add -q --fold-chinese --db "$WT_TMP/zh.db" "$D/zh/wire.txt"
expect_exit 0 "$WIRETRACE" check --fold-chinese --db "$WT_TMP/zh.db" "$D/zh/copy_traditional.txt"
expect_exit 2 "$WIRETRACE" check --db "$WT_TMP/zh.db" "$D/zh/copy_traditional.txt"
expect_stderr_contains "pass --fold-chinese"

# The Arabic pair's page: texts and passages in their own direction, ids isolated.
expect_exit 0 "$WIRETRACE" compare --format html "$D/ar/wire.txt" "$D/ar/copy.txt"
save_stdout "$WT_TMP/ar.html"
grep -q '<div class="text" id="text-a" dir="auto">' "$WT_TMP/ar.html" || fail "ar.html: text a without dir=auto"
grep -q '<span class="p c0" id="b-p0" data-passage="0" dir="auto">' "$WT_TMP/ar.html" || fail "ar.html: passage without dir=auto"
grep -q '<span class="id"><bdi>tests/data/scripts/ar/copy.txt</bdi></span>' "$WT_TMP/ar.html" || fail "ar.html: id not isolated"

# gen --language: the stories of the English corpus, so the same truth.
expect_exit 0 "$WIRETRACE" gen -q --docs 120 --seed 3 -o "$WT_TMP/en.jsonl" --truth "$WT_TMP/en.tsv"
for lang in th ar; do
    [[ -f /usr/share/hunspell/$([[ $lang == th ]] && echo th_TH || echo ar).dic ]] || fail "word list of $lang missing: run scripts/install-deps.sh"
    expect_exit 0 "$WIRETRACE" gen -q --language "$lang" --docs 120 --seed 3 -o "$WT_TMP/$lang.jsonl" --truth "$WT_TMP/$lang.tsv"
    expect_same_bytes "$WT_TMP/en.tsv" "$WT_TMP/$lang.tsv"
    LANG_CODE="$lang" python3 - "$WT_TMP/$lang.jsonl" >"$WT_TMP/check.log" 2>&1 <<'PY' || fail "gen --language $lang: text not in the script" "$(cat "$WT_TMP/check.log")"
import json, os, re, sys
lang = os.environ["LANG_CODE"]
script = re.compile("[\u0e01-\u0e4e]" if lang == "th" else "[\u0621-\u064a]")
docs = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
assert len(docs) == 120, f"120 articles, got {len(docs)}"
for doc in docs:
    letters = [c for c in doc["text"] if c.isalpha()]
    native = sum(1 for c in letters if script.match(c))
    assert native >= 0.8 * len(letters), f"{doc['id']}: {native} of {len(letters)} letters in the script"
PY
done
expect_exit 2 "$WIRETRACE" gen -q --language th --word-list "$WT_TMP/none.dic" --docs 10
expect_stderr_contains "hunspell-th"
