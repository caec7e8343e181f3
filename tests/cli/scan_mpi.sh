#!/usr/bin/env bash
# The distributed scan gives what one process gives: a generated 20k corpus, cut into a large
# JSONL file (read as byte ranges by several ranks), small ones (read whole by one rank each) and
# a gzip file, scanned by `mpirun -n 2` and `-n 3`: TSV byte-identical and JSONL identical except
# the summary's timings. Also: standard input on rank 0, a skipped record inside a byte range
# named by its line in the whole file, and a --strict error that names the rank and ends the job
# with status 2; repeated ids skipped as one process skips them. Outlet furniture is measured on
# the whole job: on issue #16's realistic dump (page furniture of 127 outlets) the JSONL of 2 and
# 3 ranks equals one process's, the furniture summary included. Prints SKIP and passes when
# mpirun or the MPI build is missing.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
wt_init "$@"
# Under the sanitizer build (make test-sanitize) AddressSanitizer and UBSan stay on, but leak
# detection is off here: Open MPI keeps allocations of its dlopen'ed components past MPI_Finalize,
# which LeakSanitizer reports from unknown modules that no suppression can name.
if [[ -n "${ASAN_OPTIONS:-}" ]]; then export ASAN_OPTIONS="$ASAN_OPTIONS:detect_leaks=0"; fi

if ! command -v mpirun >/dev/null 2>&1; then
    echo "SKIP: mpirun not found (apt-get install openmpi-bin libopenmpi-dev, then rebuild)"
    exit 0
fi
# Two cores here, three ranks: --oversubscribe. CI runs as root: --allow-run-as-root.
mpi=(mpirun --oversubscribe)
[[ $(id -u) -ne 0 ]] || mpi+=(--allow-run-as-root)
run_capture "${mpi[@]}" -n 1 "$WIRETRACE" scan -q --format tsv seeds
if grep -q "built without MPI" "$WT_ERR"; then
    echo "SKIP: this wiretrace was built without MPI (WIRETRACE_MPI=OFF)"
    exit 0
fi
[[ $WT_STATUS -eq 0 ]] || fail "mpirun -n 1 on the seeds failed" "$(_last_run)"
save_stdout "$WT_TMP/seeds-mpi.tsv"
expect_exit 0 "$WIRETRACE" scan -q --format tsv seeds
expect_same_bytes "$WT_OUT" "$WT_TMP/seeds-mpi.tsv" "mpirun -n 1 on the seeds"

# The corpus: line 14000 broken (a skipped record inside a byte range of big.jsonl).
expect_exit 0 "$WIRETRACE" gen --docs 20000 --seed 5 -o "$WT_TMP/corpus.jsonl" -q
c="$WT_TMP/c"
mkdir "$c"
sed -n '1,15000p' "$WT_TMP/corpus.jsonl" | sed '14000s/^{/{broken/' >"$c/big.jsonl"
sed -n '15001,16000p' "$WT_TMP/corpus.jsonl" >"$c/s1.jsonl"
sed -n '16001,17000p' "$WT_TMP/corpus.jsonl" | gzip -c >"$c/s2.jsonl.gz"
sed -n '17001,18500p' "$WT_TMP/corpus.jsonl" >"$c/s3.jsonl"
sed -n '18501,20000p' "$WT_TMP/corpus.jsonl" >"$c/s4.jsonl"
inputs=("$c/big.jsonl" "$c/s1.jsonl" "$c/s2.jsonl.gz" "$c/s3.jsonl" "$c/s4.jsonl")

# The timings and memory figures that end the summary line are the only fields allowed to differ.
untimed() { sed -E 's/"seconds":[0-9.e+-]+,"stages":.*$/"seconds":0}/' "$1"; }

expect_exit 0 "$WIRETRACE" scan -q --format jsonl -o "$WT_TMP/one.jsonl" "${inputs[@]}"
untimed "$WT_TMP/one.jsonl" >"$WT_TMP/one.untimed"
expect_exit 0 "$WIRETRACE" scan -q --format tsv -o "$WT_TMP/one.tsv" "${inputs[@]}"
[[ $(wc -l <"$WT_TMP/one.tsv") -gt 1000 ]] || fail "expected more than 1000 derived pairs in 20000 generated articles"

for n in 2 3; do
    # Not quiet: the per-rank lines and the skipped record's warning are checked.
    expect_exit 0 "${mpi[@]}" -n "$n" "$WIRETRACE" scan --threads 1 --format jsonl -o "$WT_TMP/mpi$n.jsonl" "${inputs[@]}"
    expect_stderr_contains "$c/big.jsonl:14000: skipped"
    expect_stderr_contains "19999 articles read (1 skipped"
    for ((r = 0; r < n; r++)); do
        grep -qE "wiretrace: scan: rank $r: [1-9][0-9]* articles" "$WT_ERR" ||
            fail "rank $r read no articles (mpirun -n $n)" "$(_last_run)"
    done
    untimed "$WT_TMP/mpi$n.jsonl" >"$WT_TMP/mpi$n.untimed"
    expect_same_bytes "$WT_TMP/one.untimed" "$WT_TMP/mpi$n.untimed" "JSONL of mpirun -n $n differs from one process"
    expect_exit 0 "${mpi[@]}" -n "$n" "$WIRETRACE" scan -q --threads 1 --format tsv -o "$WT_TMP/mpi$n.tsv" "${inputs[@]}"
    expect_same_bytes "$WT_TMP/one.tsv" "$WT_TMP/mpi$n.tsv" "TSV of mpirun -n $n differs from one process"
done

# Outlet furniture: the realistic dump (tests/dump/dump.py), furniture counted as one process counts it.
run_capture "$WIRETRACE" gen --docs 2000 --seed 16 -q -o "$WT_TMP/gen16.jsonl" --truth "$WT_TMP/gen16.tsv"
run_capture python3 tests/dump/dump.py make --gen-corpus "$WT_TMP/gen16.jsonl" --gen-truth "$WT_TMP/gen16.tsv" \
    --output "$c/dump.jsonl" --truth "$WT_TMP/dump-truth.tsv" --aggregators "$WT_TMP/aggregators.txt"
[[ $WT_STATUS -eq 0 ]] || fail "dump.py make failed" "$(_last_run)"
expect_exit 0 "$WIRETRACE" scan -q --format jsonl --aggregators "$WT_TMP/aggregators.txt" -o "$WT_TMP/dump-one.jsonl" "$c/dump.jsonl"
untimed "$WT_TMP/dump-one.jsonl" >"$WT_TMP/dump-one.untimed"
grep -qE '"furniture":\{"corpus_cap":41,"outlets":127,"furniture_outlets":127,"furniture_fingerprints":[1-9][0-9]*,' "$WT_TMP/dump-one.untimed" ||
    fail "the dump should hold furniture" "$(tail -n 1 "$WT_TMP/dump-one.untimed")"
for n in 2 3; do
    expect_exit 0 "${mpi[@]}" -n "$n" "$WIRETRACE" scan -q --threads 1 --format jsonl --aggregators "$WT_TMP/aggregators.txt" \
        -o "$WT_TMP/dump$n.jsonl" "$c/dump.jsonl"
    untimed "$WT_TMP/dump$n.jsonl" >"$WT_TMP/dump$n.untimed"
    expect_same_bytes "$WT_TMP/dump-one.untimed" "$WT_TMP/dump$n.untimed" "dump: JSONL of mpirun -n $n differs from one process"
done

# Repeated ids: the first record of an id wins, wherever the ranks cut the inputs. rep.jsonl
# (read by the last rank) repeats 300 ids of big.jsonl's first lines (read by rank 0) with other
# texts, and one of its own lines: 301 repeats.
{
    sed -n '101,400p' "$c/big.jsonl" | sed 's/"text":"/"text":"Repeated. /'
    sed -n '1,1p' "$c/s3.jsonl"
    sed -n '1,1p' "$c/s3.jsonl"
} >"$c/rep.jsonl"
rep_inputs=("$c/big.jsonl" "$c/s1.jsonl" "$c/rep.jsonl")
expect_exit 0 "$WIRETRACE" scan -q --format jsonl -o "$WT_TMP/rep-one.jsonl" "${rep_inputs[@]}"
untimed "$WT_TMP/rep-one.jsonl" >"$WT_TMP/rep-one.untimed"
grep -qE '"duplicate_id":301[,}]' "$WT_TMP/rep-one.untimed" ||
    fail "one process: expected 301 records skipped as duplicate_id" "$(grep '"summary"' "$WT_TMP/rep-one.untimed")"
for n in 2 3; do
    expect_exit 0 "${mpi[@]}" -n "$n" "$WIRETRACE" scan --threads 1 --format jsonl -o "$WT_TMP/rep$n.jsonl" "${rep_inputs[@]}"
    expect_stderr_contains "$c/rep.jsonl:1: skipped"
    untimed "$WT_TMP/rep$n.jsonl" >"$WT_TMP/rep$n.untimed"
    expect_same_bytes "$WT_TMP/rep-one.untimed" "$WT_TMP/rep$n.untimed" "repeated ids: JSONL of mpirun -n $n differs from one process"
done

# Standard input goes to rank 0 (with the files before it), whatever its place.
expect_exit 0 "$WIRETRACE" scan -q --format tsv "$c/s3.jsonl" - "$c/s4.jsonl" <"$c/s1.jsonl"
save_stdout "$WT_TMP/stdin-one.tsv"
# mpirun's forwarding of standard input has crashed now and then inside Open MPI itself (mpirun
# killed by a signal, no rank reported failing): that is retried, twice at most. A rank that fails
# ("mpirun noticed that process rank ...") or any other status fails at once.
for attempt in 1 2 3; do
    run_capture "${mpi[@]}" -n 2 "$WIRETRACE" scan -q --format tsv "$c/s3.jsonl" - "$c/s4.jsonl" <"$c/s1.jsonl"
    if [[ $WT_STATUS -lt 128 || $WT_STATUS -eq 124 ]] || grep -q "mpirun noticed that process rank" "$WT_ERR"; then break; fi
    echo "note: mpirun itself ended by signal $((WT_STATUS - 128)) (attempt $attempt), retrying" >&2
done
[[ $WT_STATUS -eq 0 ]] || fail "standard input under mpirun -n 2 failed" "$(_last_run)"
expect_same_bytes "$WT_TMP/stdin-one.tsv" "$WT_OUT" "standard input under mpirun -n 2"

# --strict: the broken line stops the rank reading it; the job ends with status 2 and the
# message names the rank and the line in the whole file. No output file is left.
expect_exit 2 "${mpi[@]}" -n 2 "$WIRETRACE" scan -q --strict --format tsv -o "$WT_TMP/strict.tsv" "${inputs[@]}"
expect_stderr_contains "of 2: $c/big.jsonl:14000: "
grep -qE "wiretrace: error: rank [01] of 2: " "$WT_ERR" || fail "the error does not name the rank" "$(_last_run)"
[[ ! -e "$WT_TMP/strict.tsv" ]] || fail "an output file was written although the scan failed"
