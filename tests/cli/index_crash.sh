#!/usr/bin/env bash
# Crash safety of `index add`: killed with SIGKILL at 20 random points (10 times into a new index,
# 10 times resuming one index as a user would), the index always opens, passes PRAGMA
# integrity_check, and holds exactly what the committed batches held: a prefix of the input, in
# input order, a whole number of batches for a new index, never part of an uncommitted batch. A `check` run while an add is writing (WAL) works.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
wt_init "$@"
DB="$WT_TMP/crash.db"
CORPUS="$WT_TMP/corpus.jsonl"
"$WIRETRACE" gen --docs 3000 --seed 11 -o "$CORPUS" -q
RANDOM=20261121  # the kill points are random but the same on every run

verify() {  # verify RUN: integrity, and the stored ids are a prefix of the corpus ids
    python3 - "$DB" "$CORPUS" "$1" <<'PY' || fail "index after kill $1 is not what the committed batches hold"
import json, os, sqlite3, sys
db, corpus, run = sys.argv[1], sys.argv[2], sys.argv[3]
if not os.path.exists(db):
    print(0)  # killed before the file was created
    sys.exit(0)
c = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
assert c.execute("PRAGMA integrity_check").fetchall() == [("ok",)], "integrity_check failed"
if not c.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0]:
    print(0)  # killed before the index was created: an empty database, resumed by the next add
    sys.exit(0)
stored = [r[0] for r in c.execute("SELECT id FROM documents ORDER BY doc")]
ids = [json.loads(l)["id"] for l in open(corpus)]
assert stored == ids[:len(stored)], f"run {run}: {len(stored)} stored ids are not a prefix of the input"
for kind, column in ((0, "fingerprints"), (1, "band_keys")):
    posted = c.execute("SELECT TOTAL(postings) FROM runs WHERE kind = ?", (kind,)).fetchone()[0]
    want = c.execute(f"SELECT TOTAL({column}) FROM documents").fetchone()[0]
    assert posted == want, f"run {run}: {posted} {column} postings in runs, documents account for {want}"
orphans = c.execute("SELECT COUNT(*) FROM runs WHERE last_doc > (SELECT MAX(doc) FROM documents)").fetchone()[0]
assert orphans == 0, f"run {run}: {orphans} runs of postings of uncommitted documents"
loose = c.execute("SELECT COUNT(*) FROM chunks WHERE (id >> 36) NOT IN (SELECT run FROM runs)").fetchone()[0]
assert loose == 0, f"run {run}: {loose} chunks of postings outside the runs"
print(len(stored))
PY
}

previous=0
for run in $(seq 1 20); do
    fresh=$((run <= 10))
    if [[ $fresh -eq 1 ]]; then rm -f "$DB" "$DB-wal" "$DB-shm"; previous=0; fi
    "$WIRETRACE" index add "$CORPUS" --db "$DB" --batch 40 -j 2 -q &
    pid=$!
    sleep "0.$(printf '%03d' $((RANDOM % 1000)))"
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    stored="$(verify "$run")"
    [[ "$stored" -ge "$previous" ]] || fail "run $run: the index shrank from $previous to $stored documents"
    if [[ $fresh -eq 1 && "$stored" -ne 3000 && $((stored % 40)) -ne 0 ]]; then
        fail "run $run: $stored documents is not a whole number of 40-article batches"
    fi
    previous="$stored"
    echo "kill $run: $stored documents committed"
    if [[ ! -e "$DB" ]]; then
        :
    elif [[ "$stored" -eq 0 ]]; then
        run_capture "$WIRETRACE" index stats --db "$DB"
        [[ $WT_STATUS -eq 0 ]] || expect_stderr_contains "was the first \`index add\` interrupted"
    else
        expect_exit 0 "$WIRETRACE" index stats --db "$DB"
    fi
done

# A check while an add writes: it reads the last committed state and succeeds.
"$WIRETRACE" index add "$CORPUS" --db "$WT_TMP/live.db" --batch 20 -j 1 -q &
pid=$!
# Wait for the first committed batch (the machine may be slow), then check while the add goes on.
for _ in $(seq 1 300); do
    "$WIRETRACE" index stats --db "$WT_TMP/live.db" 2>/dev/null | grep -q "documents   [1-9]" && break
    sleep 0.1
done
kill -0 "$pid" 2>/dev/null || fail "the add finished before the check could start: make the corpus larger"
head -50 "$CORPUS" >"$WT_TMP/some.jsonl"
run_capture "$WIRETRACE" check "$WT_TMP/some.jsonl" --db "$WT_TMP/live.db" --format tsv -q
wait "$pid" || fail "the add beside the check failed"
[[ "$WT_STATUS" -le 1 ]] || fail "check during an add failed" "$(cat "$WT_ERR")"

# Resumed to the end: every article is there once.
expect_exit 0 "$WIRETRACE" index add "$CORPUS" --db "$DB"
[[ "$(verify final)" -eq 3000 ]] || fail "the resumed index does not hold all 3000 articles"
