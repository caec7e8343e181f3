#!/usr/bin/env bash
# The bad-input suite of issue #7: every kind of broken input gets an exact, asserted outcome.
# Either the record is skipped and counted (the summary's skip reasons, exactly; the warning names
# file:line) and the run goes on, or the run stops with exit 2 and a message naming the file (and
# line). Cases covered elsewhere are not repeated: scan_bad_input.sh (mixed bad records, --strict,
# a truncated gzip with -o), compare_bad_input.sh (compare's inputs and -o), reader_test.cpp.
#
# Each case is one function below, listed in CASES at the end; a new kind of input (a corrupted
# index, once `wiretrace index` exists) is one more function. Cases that need root or a mount
# (another user, a full disk) print "SKIP: ..." on stderr and pass when they cannot run.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
wt_init "$@"

t="$WT_TMP"
scan=("$WIRETRACE" scan --format jsonl)

skip() { printf 'SKIP [%s]: %s\n' "$WT_TEST_NAME" "$1" >&2; }

# The seed pair as JSONL records: every case surrounds its bad records with these two, so the run
# still finds their derived pair (exit 0) and the summary counts exactly what was skipped.
record() { python3 -c 'import json,sys; print(json.dumps({"id": sys.argv[1], "text": open(sys.argv[2], encoding="utf-8").read()}))' "$1" "$2"; }
AP_LINE="$(record ap "$SEED_AP")"
CBC_LINE="$(record cbc "$SEED_CBC")"
dump() {  # dump FILE LINE...: AP, the given lines as they are, CBC
    local file="$1"
    shift
    {
        printf '%s\n' "$AP_LINE"
        local line
        for line in "$@"; do printf '%s\n' "$line"; done
        printf '%s\n' "$CBC_LINE"
    } >"$file"
}
expect_pair_found() {
    grep -q '"type":"pair","a":"ap","b":"cbc","relation":"rewrite"' "$WT_OUT" ||
        fail "the good records no longer form their pair" "$(_last_run)" "stdout: $(head -c 1000 "$WT_OUT")"
}

case_invalid_and_overlong_utf8() {
    local f="$t/utf8.jsonl"
    dump "$f" \
        $'{"id":"lone-ff","text":"fr\xffesh"}' \
        $'{"id":"overlong-slash","text":"a\xc0\xafb"}' \
        $'{"id":"overlong-3-bytes","text":"a\xe0\x80\xafb"}' \
        $'{"id":"surrogate","text":"a\xed\xa0\x80b"}' \
        $'{"id":"cut-sequence","text":"euro \xe2\x82"}' \
        $'{"id":"bad-\xc1\xbf-id","text":"fine text"}'
    expect_exit 0 "${scan[@]}" "$f"
    expect_scan_summary "articles=2 skipped=6 bad_utf8=6"
    expect_pair_found
    expect_stderr_contains "utf8.jsonl:2: skipped: invalid UTF-8 at byte 26 of the line (1 invalid sequence)"
    expect_stderr_contains "utf8.jsonl:3: skipped: invalid UTF-8 at byte 32 of the line (2 invalid sequences)"
    expect_stderr_contains "utf8.jsonl:4: skipped: invalid UTF-8 at byte 34 of the line (3 invalid sequences)"
    expect_stderr_contains "utf8.jsonl:5: skipped: invalid UTF-8 at byte 27 of the line (3 invalid sequences)"
    expect_stderr_contains "utf8.jsonl:6: skipped: invalid UTF-8 at byte 34 of the line (1 invalid sequence)"
    expect_stderr_contains "utf8.jsonl:7: skipped: invalid UTF-8 at byte 11 of the line (2 invalid sequences)"
    expect_stderr_contains "wiretrace: scan: 6 records skipped (6 bad_utf8)"

    # --repair-utf8 keeps all eight (each invalid sequence becomes U+FFFD); --strict stops at line 2.
    expect_exit 0 "${scan[@]}" --repair-utf8 "$f"
    expect_scan_summary "articles=8 skipped=0"
    expect_exit 2 "${scan[@]}" --strict "$f"
    expect_stderr_contains "wiretrace: error: $f:2: invalid UTF-8 at byte 26 of the line (1 invalid sequence)"
    expect_stdout_empty

    # A text file: the line of the first invalid sequence is named.
    mkdir -p "$t/utf8-dir"
    cp "$SEED_AP" "$t/utf8-dir/a.txt"
    cp "$SEED_CBC" "$t/utf8-dir/c.txt"
    printf 'First line.\nSecond line.\nAn overlong \xc0\xaf slash.\n' >"$t/utf8-dir/b.txt"
    expect_exit 0 "${scan[@]}" "$t/utf8-dir"
    expect_scan_summary "articles=2 skipped=1 bad_utf8=1"
    expect_stderr_contains "utf8-dir/b.txt:3: skipped \"b.txt\": invalid UTF-8 at byte offset 37 (2 invalid sequences in the file)"
}

case_nul_bytes() {
    local f="$t/nul.jsonl"
    dump "$f" '{"id":"escaped-nul","text":"a\u0000b"}' '{"id":"id\u0000nul","text":"text"}'
    # line 2: a raw NUL byte (bash strings cannot hold one)
    sed -i '1a {"id":"raw-nul","text":"a\x00b"}' "$f"
    expect_exit 0 "${scan[@]}" "$f"
    expect_scan_summary "articles=2 skipped=3 nul_byte=3"
    expect_pair_found
    expect_stderr_contains "nul.jsonl:2: skipped: NUL byte at byte 25 of the line"
    expect_stderr_contains "nul.jsonl:3: skipped \"escaped-nul\": NUL character in \"id\" or \"text\""
    # the id is printed escaped, never as a raw NUL byte
    expect_stderr_contains 'nul.jsonl:4: skipped "id\x00nul": NUL character in "id" or "text"'
    [[ "$(tr -cd '\000' <"$WT_ERR" | wc -c)" -eq 0 ]] || fail "a raw NUL byte was printed on stderr" "$(_last_run)"

    mkdir -p "$t/nul-dir"
    cp "$SEED_AP" "$t/nul-dir/a.txt"
    cp "$SEED_CBC" "$t/nul-dir/c.txt"
    printf 'Line one.\nLine\0two.\n' >"$t/nul-dir/b.txt"
    expect_exit 0 "${scan[@]}" "$t/nul-dir"
    expect_scan_summary "articles=2 skipped=1 nul_byte=1"
    expect_stderr_contains "nul-dir/b.txt:2: skipped \"b.txt\": NUL byte at byte offset 14: binary file, not text"
}

# One 100 MB record (generated here, deleted at the end of the case): skipped as too_large under
# the default --max-doc-bytes (64 MiB) without reading it into memory; read with a larger limit.
case_100mb_record() {
    local f="$t/huge.jsonl" size=100000000
    python3 - "$f" "$size" "$AP_LINE" "$CBC_LINE" <<'PY'
import sys
path, size, ap, cbc = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
head, tail = '{"id":"huge","text":"', '"}'
words = "council harbour ferry budget vote mayor pier storm grant critics ".encode()
body = size - len(head) - len(tail)
with open(path, "wb") as out:
    out.write((ap + "\n" + head).encode())
    chunk = words * (1 << 16)
    while body > 0:
        out.write(chunk[:body])
        body -= min(body, len(chunk))
    out.write((tail + "\n" + cbc + "\n").encode())
PY
    [[ "$(sed -n 2p "$f" | wc -c)" -eq $((size + 1)) ]] || fail "the generated record is not $size bytes"

    expect_exit 0 "${scan[@]}" "$f"
    expect_scan_summary "articles=2 skipped=1 too_large=1"
    expect_pair_found
    expect_stderr_contains "huge.jsonl:2: skipped: record of 100000000 bytes is over the limit of 67108864 bytes"
    # Memory follows --max-doc-bytes, not the record: skipping the 100 MB record under a limit of
    # 8 MB peaks far below the record's size. (Normal build only: ASan's shadow memory and
    # quarantine inflate the figure.)
    if [[ -z "${ASAN_OPTIONS:-}" ]]; then
        local peak
        peak="$(python3 - "$WIRETRACE" "$f" <<'PY'
import resource, subprocess, sys
subprocess.run([sys.argv[1], "scan", "-q", "--format", "tsv", "--max-doc-bytes", "8000000", sys.argv[2]],
               stdout=subprocess.DEVNULL, check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)
PY
)"
        [[ "$peak" -lt 50 ]] || fail "skipping a 100 MB record over an 8 MB limit took a peak RSS of $peak MiB (expected < 50)"
    fi

    # --strict makes it fatal; a lower limit skips the seed records too (AP is 4,029 bytes of text).
    expect_exit 2 "${scan[@]}" --strict "$f"
    expect_stderr_contains "wiretrace: error: $f:2: record of 100000000 bytes is over the limit of 67108864 bytes"
    dump "$t/limit.jsonl" '{"id":"short","text":"A short text."}'
    expect_exit 1 "${scan[@]}" --max-doc-bytes 5000 "$t/limit.jsonl"
    expect_scan_summary "articles=2 skipped=1 too_large=1"
    expect_stderr_contains "limit.jsonl:3: skipped: record of 7315 bytes is over the limit of 5000 bytes"

    # A limit above it reads the record: three articles, 100 MB of text more.
    expect_exit 0 "${scan[@]}" --max-doc-bytes 120000000 "$f"
    expect_scan_summary "articles=3 skipped=0"
    python3 -c 'import json,sys; s=json.loads(open(sys.argv[1]).read().splitlines()[-1]); sys.exit(s["text_bytes"] != 100000000 - 23 + 11150)' "$WT_OUT" ||
        fail "text_bytes of the three articles" "$(tail -n 1 "$WT_OUT")"

    # The same text as one .txt file in a directory: skipped by its size before it is read whole.
    mkdir -p "$t/huge-dir"
    sed -n 2p "$f" >"$t/huge-dir/huge.txt"
    rm -f "$f"
    cp "$SEED_AP" "$t/huge-dir/a.txt"
    cp "$SEED_CBC" "$t/huge-dir/c.txt"
    expect_exit 0 "${scan[@]}" "$t/huge-dir"
    expect_scan_summary "articles=2 skipped=1 too_large=1"
    expect_stderr_contains "huge-dir/huge.txt: skipped \"huge.txt\": file is over the limit of 67108864 bytes"
    rm -rf "$t/huge-dir"
}

case_empty_and_blank_files() {
    : >"$t/empty.jsonl"
    : >"$t/empty.jsonl.gz"
    printf ' \n\t\n\r\n\n   ' >"$t/blank.jsonl"
    local f
    for f in "$t/empty.jsonl" "$t/empty.jsonl.gz" "$t/blank.jsonl"; do
        # Nothing to read is not an error: no article, nothing found (exit 1).
        expect_exit 1 "${scan[@]}" "$f"
        expect_scan_summary "articles=0 skipped=0 pairs=0"
        expect_stderr_contains "wiretrace: scan: 0 articles read (0 skipped"
    done
    mkdir -p "$t/empty-dir"
    expect_exit 1 "${scan[@]}" "$t/empty-dir"
    expect_scan_summary "articles=0 skipped=0"

    # An empty or blank text file is an article without text: skipped and counted ...
    mkdir -p "$t/blank-dir"
    cp "$SEED_AP" "$t/blank-dir/a.txt"
    cp "$SEED_CBC" "$t/blank-dir/c.txt"
    : >"$t/blank-dir/empty.txt"
    printf ' \n\t\r\n' >"$t/blank-dir/blank.txt"
    expect_exit 0 "${scan[@]}" "$t/blank-dir"
    expect_scan_summary "articles=2 skipped=2 empty_text=2"
    expect_stderr_contains "blank-dir/blank.txt: skipped \"blank.txt\": the file is empty or whitespace only"
    expect_stderr_contains "blank-dir/empty.txt: skipped \"empty.txt\": the file is empty or whitespace only"
    # ... and when nothing else is left, the run has no usable article: an error.
    expect_exit 2 "${scan[@]}" "$t/blank-dir/empty.txt"
    expect_stderr_contains "wiretrace: error: no usable article: the only record was skipped (see the warnings above)"
    expect_stdout_empty
}

case_malformed_jsonl_lines() {
    local f="$t/malformed.jsonl"
    dump "$f" \
        '{"id":"cut","text":"no end' \
        '{"id":"x","text":"after"} trailing' \
        '["an","array"]' \
        '"a string"' \
        '{"id":"comma","text":"t",}' \
        "{'id':'single','text':'quotes'}" \
        '{id:"bare","text":"key"}' \
        '}' \
        '{"id":"esc","text":"bad \x escape"}' \
        '{"id":"two"}{"id":"objects"}' \
        $'{"id":"ctrl","text":"raw\ttab"}' \
        '12'
    expect_exit 0 "${scan[@]}" "$f"
    expect_scan_summary "articles=2 skipped=12 malformed_json=12"
    expect_pair_found
    expect_stderr_contains "malformed.jsonl:2: skipped: invalid JSON: A string is opened, but never closed."
    expect_stderr_contains "malformed.jsonl:3: skipped: invalid JSON: JSON document ended early in the middle of an object or array."
    expect_stderr_contains "malformed.jsonl:4: skipped: expected a JSON object"
    expect_stderr_contains "malformed.jsonl:6: skipped \"comma\": invalid JSON: The JSON document has an improper structure"
    expect_stderr_contains "malformed.jsonl:10: skipped \"esc\": invalid JSON: Problem while parsing a string"
    expect_stderr_contains "malformed.jsonl:11: skipped \"two\": text after the JSON object"
    expect_stderr_contains "malformed.jsonl:12: skipped: invalid JSON: Within strings, some characters must be escaped"
    expect_stderr_contains "malformed.jsonl:13: skipped: expected a JSON object"
    expect_exit 2 "${scan[@]}" --strict "$f"
    expect_stderr_contains "wiretrace: error: $f:2: invalid JSON: A string is opened, but never closed."
    expect_stdout_empty
}

case_missing_fields() {
    local f="$t/missing.jsonl"
    dump "$f" '{"text":"no id"}' '{"id":null,"text":"null id"}' '{"id":"","text":"empty id"}' \
        '{"id":"no-text"}' '{"id":"null-text","text":null}' '{"id":"empty-text","text":""}' \
        '{"id":"blank-text","text":" \n\t "}'
    expect_exit 0 "${scan[@]}" "$f"
    expect_scan_summary "articles=2 skipped=7 missing_id=3 missing_text=2 empty_text=2"
    expect_pair_found
    expect_stderr_contains "missing.jsonl:2: skipped: no \"id\" field, or it is null or empty"
    expect_stderr_contains "missing.jsonl:4: skipped: no \"id\" field, or it is null or empty"
    expect_stderr_contains "missing.jsonl:5: skipped \"no-text\": no \"text\" field, or it is null"
    expect_stderr_contains "missing.jsonl:6: skipped \"null-text\": no \"text\" field, or it is null"
    expect_stderr_contains "missing.jsonl:8: skipped \"blank-text\": \"text\" is empty or whitespace only"
    # The optional fields may be absent: a record of only id and text is an article.
    printf '{"id":"only","text":"Just an id and a text."}\n' >"$t/minimal.jsonl"
    expect_exit 1 "${scan[@]}" "$t/minimal.jsonl"
    expect_scan_summary "articles=1 skipped=0"
}

case_wrong_field_types() {
    local f="$t/types.jsonl"
    dump "$f" \
        '{"id":"t-num","text":42}' '{"id":"t-arr","text":["a","b"]}' '{"id":"t-obj","text":{"body":"x"}}' \
        '{"id":"t-bool","text":true}' '{"id":1.5,"text":"fractional id"}' '{"id":{"n":1},"text":"object id"}' \
        '{"id":true,"text":"bool id"}' '{"id":"title-num","text":"x","title":7}' \
        '{"id":"outlet-arr","text":"x","outlet":["AP"]}' '{"id":"time-bool","text":"x","published":true}' \
        '{"id":"time-frac","text":"x","published":1.5}' '{"id":"time-huge","text":"x","published":1e400}'
    expect_exit 0 "${scan[@]}" "$f"
    # A time that is a number is an epoch (fraction allowed); one out of range keeps its article undated.
    expect_scan_summary "articles=4 skipped=10 wrong_type=10"
    expect_pair_found
    expect_stderr_contains "types.jsonl:2: skipped \"t-num\": \"text\" must be a string"
    expect_stderr_contains "types.jsonl:6: skipped: \"id\" must be a string or an integer"
    expect_stderr_contains "types.jsonl:7: skipped: \"id\" must be a string or an integer"
    expect_stderr_contains "types.jsonl:8: skipped: \"id\" must be a string or an integer"
    expect_stderr_contains "types.jsonl:9: skipped \"title-num\": \"title\" must be a string"
    expect_stderr_contains "types.jsonl:11: skipped \"time-bool\": \"published\" must be a time: a string or a number of seconds since the epoch"
    expect_stderr_contains "types.jsonl:13: \"time-huge\": \"published\": a number out of range is not a time (ISO-8601, RFC 2822, epoch seconds or milliseconds); kept undated"
    expect_stderr_contains "scan: 1 article kept undated: their time could not be read"
    # An integer id is its decimal text; a time that is no date is kept as unknown (not skipped).
    python3 -c 'import json; print(json.dumps({"id": 42, "text": open("'"$SEED_AP"'").read(), "published": "not a date"}))' >"$t/int-id.jsonl"
    printf '%s\n' "$CBC_LINE" >>"$t/int-id.jsonl"
    expect_exit 0 "${scan[@]}" "$t/int-id.jsonl"
    expect_scan_summary "articles=2 skipped=0"
    expect_stderr_contains "int-id.jsonl:1: \"42\": \"published\": \"not a date\" is not a time"
    expect_stdout_contains '"type":"pair","a":"42","b":"cbc"'
    # with --strict an unreadable time stops the run, naming the line
    expect_exit 2 "${scan[@]}" --strict "$t/int-id.jsonl"
    expect_stderr_contains "int-id.jsonl:1: id=42: \"published\": \"not a date\" is not a time"
}

# Ids may hold any character: in TSV a tab, newline or carriage return is escaped (\t, \n, \r) so
# that every pair stays one line of six fields; JSON escapes them anyway.
case_control_characters_in_ids() {
    python3 - "$SEED_AP" "$SEED_CBC" >"$t/ids.jsonl" <<'PY'
import json, sys
ap, cbc = (open(p, encoding="utf-8").read() for p in sys.argv[1:])
print(json.dumps({"id": "ap\tone", "text": ap}))
print(json.dumps({"id": "cbc\nline\r", "text": cbc}))
PY
    expect_exit 0 "$WIRETRACE" scan --format tsv "$t/ids.jsonl"
    [[ "$(sed -n 2p "$WT_OUT")" == $'ap\\tone\tcbc\\nline\\r\trewrite\tap\\tone\t0.6909\t0.3978\tverbatim' ]] ||
        fail "TSV of ids with control characters" "$(cat -A "$WT_OUT")"
    [[ "$(wc -l <"$WT_OUT")" -eq 2 ]] || fail "TSV of ids with control characters: not 2 lines" "$(cat -A "$WT_OUT")"
    expect_exit 0 "${scan[@]}" "$t/ids.jsonl"
    expect_stdout_contains '"type":"pair","a":"ap\tone","b":"cbc\nline\r","relation":"rewrite"'
}

# A repeated id is skipped (the first record wins) so that every id in the reports names one
# article; eval accepts the result (it rejects an id in two member lines).
case_duplicate_ids() {
    local f="$t/dup.jsonl"
    dump "$f" "$(record ap "$SEED_CBC")" '{"id":"other","text":"A different story about the weather."}'
    printf '%s\n' "$AP_LINE" >>"$f"
    expect_exit 0 "${scan[@]}" -o "$t/dup.out.jsonl" "$f"
    expect_stderr_contains "dup.jsonl:2: skipped \"ap\": the id of an earlier record"
    expect_stderr_contains "dup.jsonl:5: skipped \"ap\": the id of an earlier record"
    expect_stderr_contains "wiretrace: scan: 2 records skipped (2 duplicate_id)"
    cp "$t/dup.out.jsonl" "$WT_OUT"
    expect_scan_summary "articles=3 skipped=2 duplicate_id=2 duplicate_ids=2"
    expect_pair_found
    printf '#copy_id\tsource_id\trelation\tcoverage_of_source\tcoverage_of_copy\tdirect\ncbc\tap\trewrite\t0.69\t0.40\t1\n' >"$t/dup.truth.tsv"
    expect_exit 0 "$WIRETRACE" eval --format json --truth "$t/dup.truth.tsv" "$t/dup.out.jsonl"
    expect_stdout_contains '"precision":1.0000,"recall":1.0000'

    # Across inputs too, and --strict stops at the first repeat.
    printf '%s\n' "$AP_LINE" >"$t/again.jsonl"
    expect_exit 0 "${scan[@]}" "$f" "$t/again.jsonl"
    expect_scan_summary "articles=3 skipped=3 duplicate_id=3 duplicate_ids=3"
    expect_stderr_contains "again.jsonl:1: skipped \"ap\": the id of an earlier record"
    expect_exit 2 "${scan[@]}" --strict "$f"
    expect_stderr_contains "wiretrace: error: $f:2: id=ap: the id of an earlier record"
}

case_truncated_and_corrupt_archives() {
    dump "$t/plain.jsonl"
    gzip -c -n "$t/plain.jsonl" >"$t/full.jsonl.gz"
    zstd -q -c "$t/plain.jsonl" >"$t/full.jsonl.zst"
    local kind full size
    for kind in gz zst; do
        full="$t/full.jsonl.$kind"
        size="$(wc -c <"$full")"
        head -c $((size / 2)) "$full" >"$t/cut.jsonl.$kind"
        local name=gzip
        [[ $kind == zst ]] && name=zstd
        expect_exit 2 "${scan[@]}" "$t/cut.jsonl.$kind"
        expect_stderr_contains "wiretrace: error: $t/cut.jsonl.$kind: truncated $name stream: unexpected end of file after $((size / 2)) compressed bytes"
        expect_stdout_empty

        # Corrupt: 64 bytes of the middle overwritten.
        python3 - "$full" "$t/bad.jsonl.$kind" <<'PY'
import sys
data = bytearray(open(sys.argv[1], "rb").read())
mid = len(data) // 2
data[mid:mid + 64] = b"\x55" * 64
open(sys.argv[2], "wb").write(data)
PY
        expect_exit 2 "${scan[@]}" "$t/bad.jsonl.$kind"
        expect_stderr_contains "wiretrace: error: $t/bad.jsonl.$kind: corrupt $name stream near compressed byte"
        expect_stdout_empty
    done
    # A compressed name without the magic number.
    cp "$t/plain.jsonl" "$t/plain.jsonl.zst"
    expect_exit 2 "${scan[@]}" "$t/plain.jsonl.zst"
    expect_stderr_contains "wiretrace: error: $t/plain.jsonl.zst: corrupt zstd file: it does not start with the zstd magic number"
}

case_unreadable_files() {
    local d="$t/locked"
    mkdir -p "$d/sub"
    cp "$SEED_AP" "$d/a.txt"
    cp "$SEED_CBC" "$d/c.txt"
    printf 'Locked away.\n' >"$d/b.txt"
    printf 'Deeper.\n' >"$d/sub/d.txt"
    chmod 000 "$d/b.txt"
    local runner=()
    if [[ "$(id -u)" -eq 0 ]]; then
        # Root reads any file: run as nobody instead, when the system allows it.
        chmod 755 "$t"
        if setpriv --reuid=nobody --regid=nogroup --clear-groups "$WIRETRACE" --version >/dev/null 2>&1 &&
            setpriv --reuid=nobody --regid=nogroup --clear-groups test -r "$SEED_AP"; then
            runner=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
        else
            skip "running as root and cannot run as nobody (setpriv): the permission cases are not checked"
        fi
    fi
    if [[ "$(id -u)" -ne 0 || ${#runner[@]} -gt 0 ]]; then
        # A text file is one record: one that cannot be opened is skipped and counted.
        expect_exit 0 "${runner[@]}" "${scan[@]}" "$d"
        expect_stderr_contains "wiretrace: warning: $d/b.txt: skipped \"b.txt\": cannot open: Permission denied"
        expect_scan_summary "articles=3 skipped=1 unreadable=1"
        chmod 644 "$d/b.txt"
        chmod 000 "$d/sub"
        expect_exit 2 "${runner[@]}" "${scan[@]}" "$d"
        expect_stderr_contains "wiretrace: error: $d/sub: cannot read directory: Permission denied"
        expect_stdout_empty
        chmod 755 "$d/sub"
    fi
    chmod 700 "$t"
    chmod 644 "$d/b.txt"

    # For every user: text files that cannot be opened at all, and one that fails while it is
    # read, are skipped and counted; with --strict the first one ends the run.
    ln -s loop.txt "$d/loop.txt"
    ln -s /proc/self/mem "$d/mem.txt"  # a regular file whose read fails with EIO
    expect_exit 0 "${scan[@]}" "$d"
    expect_stderr_contains "wiretrace: warning: $d/loop.txt: skipped \"loop.txt\": cannot open: Too many levels of symbolic links"
    expect_stderr_contains "wiretrace: warning: $d/mem.txt: skipped \"mem.txt\": read error: Input/output error"
    expect_stderr_contains "wiretrace: scan: 2 records skipped (2 unreadable)"
    expect_scan_summary "articles=4 skipped=2 unreadable=2"
    expect_exit 2 "${scan[@]}" --strict "$d"
    expect_stderr_contains "wiretrace: error: $d/loop.txt: id=loop.txt: cannot open: Too many levels of symbolic links"
    expect_stdout_empty
    rm "$d/loop.txt" "$d/mem.txt"
}

case_missing_paths() {
    expect_exit 2 "${scan[@]}" "$t/no-such.jsonl"
    expect_stderr_contains "wiretrace: error: $t/no-such.jsonl: cannot open: No such file or directory"
    # checked before anything is read: a good first input does not start the run
    expect_exit 2 "${scan[@]}" seeds "$t/no-such-dir/"
    expect_stderr_contains "wiretrace: error: $t/no-such-dir/: cannot open: No such file or directory"
    expect_stdout_empty
    expect_exit 2 "${scan[@]}" - - </dev/null
    expect_stderr_contains "wiretrace: error: -: standard input can be read only once"
}

case_unwritable_outputs() {
    local out="$t/out"
    mkdir -p "$out"
    printf 'previous result\n' >"$out/result.jsonl"
    printf 'a file\n' >"$out/plain"
    # Each fails before the scan starts (the output is created first), names the path, exits 2,
    # and leaves the directory as it was.
    expect_exit 2 "${scan[@]}" -o "$out/missing-dir/result.jsonl" seeds
    expect_stderr_contains "wiretrace: error: $out/missing-dir/result.jsonl: cannot create output: No such file or directory"
    expect_exit 2 "${scan[@]}" -o "$out/plain/result.jsonl" seeds
    expect_stderr_contains "wiretrace: error: $out/plain/result.jsonl: cannot create output: Not a directory"
    expect_exit 2 "${scan[@]}" -o "$out" seeds
    expect_stderr_contains "wiretrace: error: $out: is a directory"
    expect_exit 2 "${scan[@]}" -o /proc/wiretrace-result.jsonl seeds
    expect_stderr_contains "wiretrace: error: /proc/wiretrace-result.jsonl: cannot create output:"
    expect_stdout_empty
    expect_only_files "$out" plain result.jsonl
    [[ "$(cat "$out/result.jsonl")" == "previous result" ]] || fail "the previous result was changed"

    # The output is one of the inputs (under another spelling): refused before anything is read,
    # the input left as it was.
    cp "$SEED_AP" "$out/story.txt"
    expect_exit 2 "${scan[@]}" -o "$out/./story.txt" seeds "$out/story.txt"
    expect_stderr_contains "wiretrace: error: $out/./story.txt: is also an input: writing the output would destroy it"
    cmp -s "$SEED_AP" "$out/story.txt" || fail "scan -o INPUT changed the input"
    rm "$out/story.txt"

    # The output is a text file read from an input directory (scan and check): refused the same way.
    # A new file there, or a file the directory reader ignores, is not an input.
    mkdir -p "$t/in-dir/sub"
    cp "$SEED_AP" "$t/in-dir/sub/ap.TXT"
    cp "$SEED_CBC" "$t/in-dir/cbc.txt"
    "$WIRETRACE" index add "$SEED_AP" --db "$t/out-check.db" -q
    local command
    for command in "scan --format jsonl" "check --db $t/out-check.db --format jsonl"; do
        # shellcheck disable=SC2086 # the command's words
        expect_exit 2 "$WIRETRACE" $command -o "$t/in-dir/sub/ap.TXT" "$t/in-dir"
        expect_stderr_contains "wiretrace: error: $t/in-dir/sub/ap.TXT: is also an input (a text file under $t/in-dir): writing the output would destroy it"
        expect_same_bytes "$SEED_AP" "$t/in-dir/sub/ap.TXT"
        # shellcheck disable=SC2086
        expect_exit 2 "$WIRETRACE" $command -o "$t/in-dir/../in-dir/cbc.txt" "$t/in-dir/sub/.."
        expect_stderr_contains "is also an input (a text file under $t/in-dir/sub/..)"
        expect_same_bytes "$SEED_CBC" "$t/in-dir/cbc.txt"
    done
    printf 'notes\n' >"$t/in-dir/notes.md"
    expect_exit 0 "${scan[@]}" -o "$t/in-dir/notes.md" "$t/in-dir"
    expect_exit 0 "${scan[@]}" -o "$t/in-dir/new.txt" "$t/in-dir"
    rm -r "$t/in-dir"

    # Standard output that cannot be written: the error says why.
    if [[ -w /dev/full ]]; then
        WT_LAST_CMD="wiretrace scan --format jsonl seeds >/dev/full"
        set +e
        "${scan[@]}" seeds >/dev/full 2>"$WT_ERR"
        WT_STATUS=$?
        set -e
        [[ $WT_STATUS -eq 2 ]] || fail "expected exit status 2" "$(_last_run)"
        expect_stderr_contains "wiretrace: error: <stdout>: write failed: No space left on device"
    fi

    # Not a regular file: written in place, never replaced (a FIFO here; -o /dev/null alike).
    mkfifo "$out/fifo"
    cat "$out/fifo" >"$t/from-fifo" &
    local reader=$!
    expect_exit 0 "${scan[@]}" -o "$out/fifo" seeds
    wait "$reader"
    [[ -p "$out/fifo" ]] || fail "-o FIFO replaced the FIFO"
    grep -q '"type":"summary"' "$t/from-fifo" || fail "-o FIFO: the output did not go through the FIFO"
    # Through a symbolic link: the file it names is replaced, the link stays.
    ln -s result.jsonl "$out/link.jsonl"
    expect_exit 0 "${scan[@]}" -o "$out/link.jsonl" seeds
    [[ -L "$out/link.jsonl" ]] || fail "-o LINK replaced the symbolic link"
    grep -q '"type":"summary"' "$out/result.jsonl" || fail "-o LINK did not write the file it names"
    expect_only_files "$out" fifo link.jsonl plain result.jsonl
}

# A full disk, for -o and for the text spool: a 1 MiB tmpfs filled up (root and mount needed).
case_full_disk() {
    local mnt="$t/small-disk"
    mkdir -p "$mnt"
    if [[ "$(id -u)" -ne 0 ]] || ! mount -t tmpfs -o size=1m wiretrace-test "$mnt" 2>/dev/null; then
        skip "cannot mount a small tmpfs (needs root and permission to mount): the full-disk cases are not checked"
        return 0
    fi
    trap 'umount "'"$mnt"'" 2>/dev/null; rm -rf -- "$WT_TMP"' EXIT
    printf 'previous result\n' >"$mnt/result.jsonl"
    dd if=/dev/zero of="$mnt/fill" bs=4k 2>/dev/null || true  # until the disk is full
    [[ "$(df --output=avail -k "$mnt" | tail -n 1 | tr -d ' ')" -eq 0 ]] || fail "the tmpfs is not full"

    expect_exit 2 "${scan[@]}" -o "$mnt/result.jsonl" seeds
    expect_stderr_contains "wiretrace: error: $mnt/result.jsonl: write failed: No space left on device"
    expect_only_files "$mnt" fill result.jsonl
    [[ "$(cat "$mnt/result.jsonl")" == "previous result" ]] || fail "the previous result was changed"

    expect_exit 2 "${scan[@]}" --spool-dir "$mnt" -o "$t/spool-result.jsonl" seeds
    expect_stderr_contains "text spool: cannot write (disk full?): No space left on device"
    [[ -z "$(compgen -G "$t/*spool-result*")" ]] || fail "a failed scan left its output or a temporary file"
    expect_only_files "$mnt" fill result.jsonl

    # A read-only file system: the output cannot even be created.
    mount -o remount,ro "$mnt"
    expect_exit 2 "${scan[@]}" -o "$mnt/new.jsonl" seeds
    expect_stderr_contains "wiretrace: error: $mnt/new.jsonl: cannot create output: Read-only file system"
    umount "$mnt"
    trap 'rm -rf -- "$WT_TMP"' EXIT
}

# Numbers on the command line: nan and inf for any floating-point option, and a seed that is not an
# integer from 0 to 2^64 - 1 (negative, too large, a fraction or an exponent; once all became
# 0xffffffffffffffff, and --same-story-cosine nan dropped every same-story pair silently).
case_bad_numbers() {
    local db="$t/numbers.db" option value
    "$WIRETRACE" index add "$SEED_AP" --db "$db" -q
    local doubles=(
        "compare $SEED_AP $SEED_CBC --rewrite-coverage"
        "compare $SEED_AP $SEED_CBC --rewrite-probability"
        "compare $SEED_AP $SEED_CBC --same-story-cosine"
        "scan seeds --same-story-cosine"
        "scan seeds --window-days"
        "check $SEED_CBC --db $db --min-coverage"
        "check $SEED_CBC --db $db --rewrite-coverage"
        "eval --truth $t/none.tsv $t/none.tsv --min-coverage"
        "gen --docs 10 --wire"
        "gen --docs 10 --boilerplate"
        "index add $SEED_CBC --db $db --rewrite-probability"
    )
    for option in "${doubles[@]}"; do
        for value in nan NaN -nan inf -inf infinity 1e400; do
            # shellcheck disable=SC2086 # the command's words
            expect_exit 2 "$WIRETRACE" $option "$value"
            expect_stderr_contains "${option##* }: $value is not a finite number"
            expect_stdout_empty
        done
    done
    local seeds=(
        "compare $SEED_AP $SEED_CBC --seed"
        "scan seeds --seed"
        "check $SEED_CBC --db $db --seed"
        "index add $SEED_CBC --db $db --seed"
        "gen --docs 10 --seed"
    )
    for option in "${seeds[@]}"; do
        for value in -1 -0 18446744073709551616 99999999999999999999999 1e23 1.5 '' ' 7' +5 010 0x 0x10000000000000000 abc; do
            # shellcheck disable=SC2086 # the command's words
            expect_exit 2 "$WIRETRACE" $option "$value"
            expect_stderr_contains "--seed: '$value' is not an integer from 0 to 18446744073709551615"
            expect_stdout_empty
        done
    done
    # The bounds and hexadecimal are accepted, and 0x10 is 16.
    for value in 0 18446744073709551615 0x10 0XFFFFFFFFFFFFFFFF; do
        expect_exit 0 "$WIRETRACE" compare "$SEED_AP" "$SEED_CBC" --seed "$value"
    done
    expect_exit 0 "$WIRETRACE" index add "$SEED_AP" --db "$t/hex-seed.db" -q --seed 0x10
    expect_exit 0 "$WIRETRACE" index stats --db "$t/hex-seed.db"
    expect_stdout_contains "seed=0x10 "
    expect_exit 0 "$WIRETRACE" gen --docs 10 --seed 0x10
    save_stdout "$t/gen-hex.jsonl"
    expect_exit 0 "$WIRETRACE" gen --docs 10 --seed 16
    expect_same_bytes "$t/gen-hex.jsonl" "$WT_OUT"
}

CASES=(
    case_invalid_and_overlong_utf8
    case_nul_bytes
    case_100mb_record
    case_empty_and_blank_files
    case_malformed_jsonl_lines
    case_missing_fields
    case_wrong_field_types
    case_control_characters_in_ids
    case_duplicate_ids
    case_truncated_and_corrupt_archives
    case_unreadable_files
    case_missing_paths
    case_unwritable_outputs
    case_full_disk
    case_bad_numbers
)
for c in "${CASES[@]}"; do
    "$c"
done
