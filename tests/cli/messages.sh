#!/usr/bin/env bash
# Issue #21, finding 10: messages that name the cause.
#   - an index in a directory that cannot be written: check and index stats work (read-only,
#     immutable open); index add says the directory cannot be written (as nobody when root)
#   - a spool directory that accepts no new files (procfs says "No such file or directory")
#   - gen writing to a full disk (/dev/full) names the file
#   - index add on a full disk (a 1 MiB tmpfs, when it can be mounted) prints what it committed
#   - .txt names that differ only in invalid UTF-8 bytes get different ids (x\xFF.txt, x\xFE.txt)
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
wt_init "$@"

D="$WT_TMP"
chmod 755 "$D"

# Read-only index directory.
mkdir "$D/ro"
expect_exit 0 "$WIRETRACE" index add -q "$SEED_AP" --db "$D/ro/wire.db"
[[ ! -e "$D/ro/wire.db-wal" && ! -e "$D/ro/wire.db-shm" ]] || fail "index add left its -wal or -shm file"
chmod 555 "$D/ro"
chmod 644 "$D/ro/wire.db"
if [[ $(id -u) -ne 0 ]]; then
    runner=()
elif setpriv --reuid=nobody --regid=nogroup --clear-groups "$WIRETRACE" --version >/dev/null 2>&1; then
    runner=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
else
    runner=(skip)
fi
if [[ ${runner[0]-} == skip ]]; then
    echo "SKIP [$WT_TEST_NAME]: running as root and cannot run as nobody: the read-only index is not checked"
else
    cp "$SEED_CBC" "$D/cbc.txt"
    expect_exit 0 "${runner[@]}" "$WIRETRACE" index stats --db "$D/ro/wire.db"
    expect_stdout_contains "documents   1"
    expect_exit 0 "${runner[@]}" "$WIRETRACE" check -q -f tsv "$D/cbc.txt" --db "$D/ro/wire.db"
    expect_stdout_contains $'seeds/000_6e14ef43e76ff7c6.txt\t'"$D/cbc.txt"$'\trewrite\tseeds/000_6e14ef43e76ff7c6.txt\t0.6909\t0.3978'
    [[ ! -e "$D/ro/wire.db-wal" && ! -e "$D/ro/wire.db-shm" ]] || fail "a reader made a -wal or -shm file"
    expect_exit 2 "${runner[@]}" "$WIRETRACE" index add "$D/cbc.txt" --db "$D/ro/wire.db"
    expect_stderr_contains "$D/ro/wire.db: cannot write the index: its directory $D/ro cannot be written (Permission denied;"
    expect_exit 2 "${runner[@]}" "$WIRETRACE" index remove x --db "$D/ro/wire.db"
    expect_stderr_contains "cannot write the index: its directory $D/ro cannot be written"
    # A write-ahead log with changes in it cannot be read without its -shm file: the cause is named.
    chmod 755 "$D/ro"
    cp "$D/ro/wire.db" "$D/ro/wire.db-wal"  # any non-empty -wal file
    chmod 555 "$D/ro"
    expect_exit 2 "${runner[@]}" "$WIRETRACE" index stats --db "$D/ro/wire.db"
    expect_stderr_contains "cannot read the index: its directory $D/ro cannot be written, and its write-ahead log $D/ro/wire.db-wal holds changes"
    chmod 755 "$D/ro"
fi

# A spool directory that accepts no file: procfs answers ENOENT for a new file.
if [[ -d /proc/self ]]; then
    expect_exit 2 "$WIRETRACE" scan --spool-dir /proc "$SEED_AP"
    expect_stderr_contains "wiretrace: error: /proc: text spool: cannot create a file in this directory (it accepts no new files)"
fi
expect_exit 2 "$WIRETRACE" scan --spool-dir "$D/none" "$SEED_AP"
expect_stderr_contains "$D/none: text spool: no such directory"

# gen on a full disk names the file it could not write.
expect_exit 2 "$WIRETRACE" gen --docs 300 -o /dev/full --truth "$D/t.tsv"
expect_stderr_contains "wiretrace: error: /dev/full: write failed"
expect_exit 2 "$WIRETRACE" gen --docs 300 -o "$D/c.jsonl" --truth /dev/full
expect_stderr_contains "wiretrace: error: /dev/full: write failed"
[[ ! -e "$D/c.jsonl" ]] || fail "gen left a corpus after failing to write its truth"

# index add on a full disk: what was committed before the error is said, and kept.
expect_exit 0 "$WIRETRACE" gen --docs 3000 --seed 3 -q -o "$D/g.jsonl"
mkdir "$D/full"
if mount -t tmpfs -o size=1m tmpfs "$D/full" 2>/dev/null; then
    trap 'umount "$D/full" 2>/dev/null || true; rm -rf -- "$WT_TMP"' EXIT
    expect_exit 2 "$WIRETRACE" index add "$D/g.jsonl" --batch 20 --db "$D/full/w.db"
    expect_stderr_contains "database or disk is full"
    committed=$(sed -n 's/.*stopped by the error below after \([0-9]*\) committed batches (\([0-9]*\) articles stored).*/\1 \2/p' "$WT_ERR")
    [[ -n "$committed" ]] || fail "no summary of what index add committed" "$(cat "$WT_ERR")"
    read -r batches stored <<<"$committed"
    [[ $batches -ge 1 && $stored -eq $((batches * 20)) ]] || fail "committed: $batches batches, $stored articles"
    expect_exit 0 "$WIRETRACE" index stats -f json --db "$D/full/w.db"
    STORED=$stored json_check "$WT_OUT" <<'PY'
import os
check(d["documents"] == int(os.environ["STORED"]), f"documents {d['documents']}")
PY
    umount "$D/full"
    trap 'rm -rf -- "$WT_TMP"' EXIT
else
    echo "SKIP [$WT_TEST_NAME]: cannot mount a tmpfs: index add on a full disk is not checked"
fi

# File names that differ only in invalid UTF-8 bytes: two ids.
mkdir "$D/names"
for b in ff fe; do
    printf 'The council met on Tuesday to discuss the budget for the coming year and the repairs.\n' \
        >"$D/names/x$(printf "\\x$b").txt"
done
expect_exit 0 "$WIRETRACE" scan -q -f jsonl "$D/names"
python3 - "$WT_OUT" <<'EOF' || fail "ids of x\\xFF.txt and x\\xFE.txt" "$(cat "$WT_OUT")"
import json, sys
ids = sorted(r["id"] for r in map(json.loads, open(sys.argv[1])) if r["type"] == "member")
sys.exit(0 if ids == ["x\\xFE.txt", "x\\xFF.txt"] else 1)
EOF
expect_exit 0 "$WIRETRACE" compare "$D/names/x"$'\xff'".txt" "$D/names/x"$'\xfe'".txt"
expect_stdout_contains "a: $D/names/x\\xFF.txt  ("
echo "PASS [$WT_TEST_NAME]"
