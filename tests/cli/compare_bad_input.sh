#!/usr/bin/env bash
# Bad input and output paths: every error exits 2 with a message on stderr that names the file (or
# the argument) and writes nothing on stdout; empty texts are not errors but "unrelated" (exit 1).
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
wt_init "$@"

t="$WT_TMP"
compare=("$WIRETRACE" compare)

# --- unreadable inputs -------------------------------------------------------------------------
missing="$t/no-such-article.txt"
expect_exit 2 "${compare[@]}" "$missing" "$SEED_CBC"
expect_stderr_contains "$missing"
expect_stdout_empty
expect_exit 2 "${compare[@]}" "$SEED_AP" "$missing"
expect_stderr_contains "$missing"
expect_stdout_empty

mkdir "$t/a-directory"
expect_exit 2 "${compare[@]}" "$t/a-directory" "$SEED_CBC"
expect_stderr_contains "$t/a-directory"
expect_stderr_contains "directory"
expect_stdout_empty

printf 'PARIS (AP) \xe2\x80\x94 Diplomats\000\001\002 from around the world\n' >"$t/binary.txt"
expect_exit 2 "${compare[@]}" "$SEED_AP" "$t/binary.txt"
expect_stderr_contains "$t/binary.txt"
expect_stderr_contains "binary"
expect_stdout_empty

# Over --max-doc-bytes (a file or standard input): refused before it is all read. A limit of a
# file's own size admits it; one byte less refuses it.
ap=$(wc -c <"$SEED_AP")
cbc=$(wc -c <"$SEED_CBC")
expect_exit 2 "${compare[@]}" --max-doc-bytes $((ap - 1)) "$SEED_AP" "$SEED_CBC"
expect_stderr_contains "wiretrace: error: $SEED_AP: over the limit of $((ap - 1)) bytes (--max-doc-bytes)"
expect_stdout_empty
expect_exit 2 "${compare[@]}" --max-doc-bytes "$ap" "$SEED_AP" - <"$SEED_CBC"
expect_stderr_contains "wiretrace: error: <stdin>: over the limit of $ap bytes (--max-doc-bytes)"
expect_exit 0 "${compare[@]}" --max-doc-bytes "$cbc" "$SEED_AP" - <"$SEED_CBC"
expect_exit 2 "${compare[@]}" --max-doc-bytes 0 "$SEED_AP" "$SEED_CBC"
expect_stderr_contains "--max-doc-bytes"

# The AP story with an invalid UTF-8 byte (a lone 0xFF) inside a word on line 3.
{
    head -n 2 "$SEED_AP"
    printf 'With memories of the 2003 U.S. invasion of Iraq still fr\xffesh, a broken line.\n'
    tail -n +3 "$SEED_AP"
} >"$t/bad-utf8.txt"
expect_exit 2 "${compare[@]}" "$t/bad-utf8.txt" "$SEED_CBC"
expect_stderr_contains "$t/bad-utf8.txt:3"
expect_stderr_contains "UTF-8"
expect_stdout_empty

# --repair-utf8 replaces the byte, warns, and compares: still the AP story, so a rewrite (exit 0).
expect_exit 0 "${compare[@]}" --repair-utf8 "$t/bad-utf8.txt" "$SEED_CBC"
expect_stderr_contains "warning"
expect_stderr_contains "$t/bad-utf8.txt:3"
expect_stderr_contains "UTF-8"
expect_stdout_contains "relation:  rewrite"

# --- empty texts: unrelated, not an error ------------------------------------------------------
: >"$t/empty.txt"
printf ' \n\t\n  \r\n   \n' >"$t/blank.txt"
for f in "$t/empty.txt" "$t/blank.txt"; do
    for side in a b; do
        if [[ $side == a ]]; then args=("$f" "$SEED_CBC"); else args=("$SEED_AP" "$f"); fi

        expect_exit 1 "${compare[@]}" --format json "${args[@]}"
        expect_stderr_empty
        save_stdout "$t/empty.json"
        SIDE="$side" json_check "$t/empty.json" <<'PY'
import os
side = os.environ["SIDE"]
other = "b" if side == "a" else "a"
eq(d["relation"], "unrelated", "relation")
eq(d[side]["empty"], True, f"{side}.empty")
eq(d[side]["tokens"], 0, f"{side}.tokens")
eq(d[other]["empty"], False, f"{other}.empty")
eq(d["source"], None, "source")
PY

        expect_exit 1 "${compare[@]}" "${args[@]}"
        expect_stdout_contains "$side: $f  (0 words; the text is empty)"
        expect_stdout_contains "relation:  unrelated"
    done
done

# --- standard input ----------------------------------------------------------------------------
expect_exit 2 "${compare[@]}" - - </dev/null
expect_stderr_contains "standard input"
expect_stdout_empty

expect_exit 0 "${compare[@]}" - "$SEED_CBC" <"$SEED_AP"
expect_stdout_contains "relation:  rewrite"
expect_stdout_contains "a: <stdin>"
# and through a real pipe, as a user would type it
set +e
cat -- "$SEED_AP" | "$WIRETRACE" compare --format json - "$SEED_CBC" >"$t/stdin.json" 2>"$t/stdin.err"
statuses=("${PIPESTATUS[@]}")
set -e
[[ "${statuses[*]}" == "0 0" ]] ||
    fail "cat AP | wiretrace compare --format json - CBC: expected exit statuses '0 0', got '${statuses[*]}'" \
        "stderr: $(cat "$t/stdin.err")"
json_check "$t/stdin.json" <<'PY'
eq(d["relation"], "rewrite", "relation")
eq(d["a"]["id"], "<stdin>", "a.id")
eq(d["direction"]["source"], "a", "direction.source")
PY

# --- bad arguments -----------------------------------------------------------------------------
expect_exit 2 "${compare[@]}" --no-such-flag "$SEED_AP" "$SEED_CBC"
expect_stderr_contains "--no-such-flag"
expect_stdout_empty

expect_exit 2 "${compare[@]}" "$SEED_AP"
expect_stderr_contains "B is required"
expect_stdout_empty

expect_exit 2 "${compare[@]}"
expect_stderr_contains "A is required"
expect_stdout_empty

expect_exit 2 "${compare[@]}" --format xml "$SEED_AP" "$SEED_CBC"
expect_stderr_contains "xml"
expect_stderr_contains "--format"
expect_stdout_empty

expect_exit 2 "${compare[@]}" --a-time "last Tuesday" "$SEED_AP" "$SEED_CBC"
expect_stderr_contains "last Tuesday"
expect_stderr_contains "ISO-8601"
expect_stdout_empty

expect_exit 2 "${compare[@]}" --b-time "2014-13-45" "$SEED_AP" "$SEED_CBC"
expect_stderr_contains "2014-13-45"
expect_stdout_empty

# --- output files ------------------------------------------------------------------------------
expect_exit 2 "${compare[@]}" -o "$t/no-such-dir/x.json" --format json "$SEED_AP" "$SEED_CBC"
expect_stderr_contains "$t/no-such-dir/x.json"
expect_stdout_empty
[[ ! -e "$t/no-such-dir" ]] || fail "-o into a missing directory created $t/no-such-dir"

expect_exit 2 "${compare[@]}" -o /nonexistent/x.json "$SEED_AP" "$SEED_CBC"
expect_stderr_contains "/nonexistent/x.json"
expect_stdout_empty

for format in json text; do
    expect_exit 0 "${compare[@]}" --format "$format" "$SEED_AP" "$SEED_CBC"
    save_stdout "$t/stdout.$format"

    mkdir "$t/out-$format"
    expect_exit 0 "${compare[@]}" --format "$format" -o "$t/out-$format/result" "$SEED_AP" "$SEED_CBC"
    expect_stdout_empty
    expect_stderr_empty
    expect_same_bytes "$t/stdout.$format" "$t/out-$format/result"
    expect_only_files "$t/out-$format" result

    # an existing file is replaced, not appended to
    printf 'old content that is longer than nothing\n' >"$t/out-$format/existing"
    expect_exit 0 "${compare[@]}" --format "$format" --output "$t/out-$format/existing" "$SEED_AP" "$SEED_CBC"
    expect_same_bytes "$t/stdout.$format" "$t/out-$format/existing"
    expect_only_files "$t/out-$format" existing result
done

# an unrelated pair written with -o still exits 1 and writes the file
expect_exit 1 "${compare[@]}" --format json -o "$t/unrelated.json" "$t/empty.txt" "$SEED_CBC"
expect_stdout_empty
json_check "$t/unrelated.json" <<'PY'
eq(d["relation"], "unrelated", "relation")
PY

# -o naming A or B (however spelled, or a link to it) is refused before anything is written:
# exit 2, the file named, the input unchanged.
cp "$SEED_AP" "$t/a.txt"
cp "$SEED_CBC" "$t/b.txt"
ln -s "$t/b.txt" "$t/link-to-b.txt"
for format in text json html; do
    for output in "$t/a.txt" "$t/./b.txt" "$t/link-to-b.txt"; do
        expect_exit 2 "${compare[@]}" --format "$format" -o "$output" "$t/a.txt" "$t/b.txt"
        expect_stderr_contains "wiretrace: error: $output: is also an input: writing the output would destroy it"
        expect_stdout_empty
        expect_same_bytes "$SEED_AP" "$t/a.txt"
        expect_same_bytes "$SEED_CBC" "$t/b.txt"
    done
done
