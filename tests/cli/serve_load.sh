#!/usr/bin/env bash
# `wiretrace serve` under load, on loopback, bounded: 4 clients check while one adds (no error
# answer, every acknowledged add in the index, PRAGMA integrity_check ok); then the server is
# killed with SIGKILL while adds run, restarted on the same index, and every add it had
# acknowledged is there. The throughput run of the same client is bench/serve_load.py's (README).
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib/serve.sh"
wt_init "$@"
T="$WT_TMP"
LOAD=(python3 "$REPO_ROOT/bench/serve_load.py")
"$WIRETRACE" gen --docs 1500 --seed 5 -o "$T/corpus.jsonl" -q
head -n 1000 "$T/corpus.jsonl" >"$T/known.jsonl"
sed -n '1001,1250p' "$T/corpus.jsonl" >"$T/adds1.jsonl"
sed -n '1251,1500p' "$T/corpus.jsonl" >"$T/adds2.jsonl"
awk 'NR % 10 == 3' "$T/corpus.jsonl" >"$T/checks.jsonl"
"$WIRETRACE" index add "$T/known.jsonl" --db "$T/idx.db" -q

# --- Checks while adds run.
start_server "$T/serve.log" --db "$T/idx.db" --token t0k
run_capture "${LOAD[@]}" --url "$URL" --token t0k --checks "$T/checks.jsonl" --adds "$T/adds1.jsonl" \
    --clients 4 --seconds 3 --db "$T/idx.db"
cat "$WT_OUT"
[[ "$WT_STATUS" -eq 0 ]] || fail "the load run failed" "$(cat "$WT_OUT")" "$(cat "$WT_ERR")"
grep -qE '^checks: [1-9][0-9]* ' "$WT_OUT" || fail "no check was answered" "$(cat "$WT_OUT")"
grep -qE '^adds: [1-9][0-9]* acknowledged' "$WT_OUT" || fail "no add was acknowledged" "$(cat "$WT_OUT")"
grep -qF 'errors: 0' "$WT_OUT" || fail "error answers under load" "$(cat "$WT_OUT")"
acknowledged="$(sed -n 's/^adds: \([0-9]*\) acknowledged.*/\1/p' "$WT_OUT")"
stop_server TERM
[[ "$SERVER_STATUS" -eq 0 ]] || fail "wiretrace serve exited $SERVER_STATUS on SIGTERM" "$(cat "$T/serve.log")"
grep -qF "$acknowledged documents added" "$T/serve.log" || grep -qF "$acknowledged document added" "$T/serve.log" ||
    fail "the server counted other adds than the client saw acknowledged ($acknowledged)" "$(cat "$T/serve.log")"
expect_exit 0 "$WIRETRACE" index stats --db "$T/idx.db" -f json
json_check "$WT_OUT" <<PY
eq(d["documents"], 1000 + $acknowledged, "documents after the load run")
PY

# --- SIGKILL during adds: what was acknowledged survives.
start_server "$T/serve-kill.log" --db "$T/idx.db" --token t0k
"${LOAD[@]}" --url "$URL" --token t0k --adds "$T/adds2.jsonl" --clients 0 --seconds 120 --until-refused \
    --add-log "$T/acked.txt" >"$T/adder.out" 2>&1 &
ADDER=$!
for _ in $(seq 1 600); do
    [[ -f "$T/acked.txt" && "$(wc -l <"$T/acked.txt")" -ge 20 ]] && break
    sleep 0.05
done
[[ "$(wc -l <"$T/acked.txt")" -ge 20 ]] || fail "fewer than 20 adds acknowledged before the kill" "$(cat "$T/adder.out")"
stop_server KILL
wait "$ADDER" || fail "the add client failed" "$(cat "$T/adder.out")"
killed_after="$(wc -l <"$T/acked.txt")"
echo "killed after $killed_after acknowledged adds"
run_capture "${LOAD[@]}" --verify-log "$T/acked.txt" --db "$T/idx.db"
[[ "$WT_STATUS" -eq 0 ]] || fail "an acknowledged add was lost, or the index is damaged" "$(cat "$WT_OUT")"
# Restarted on the same index, it serves the stories added before the kill.
start_server "$T/serve-restart.log" --db "$T/idx.db" --token t0k
grep -m 1 -F "\"$(tail -n 1 "$T/acked.txt")\"" "$T/adds2.jsonl" >"$T/last-acked.json"
expect_http 200 "" POST /check -H "Authorization: Bearer t0k" --data-binary @"$T/last-acked.json"
json_check "$WT_OUT" <<'PY'
m = d["articles"][0]["matches"]
check(any(x["known"]["id"] == d["articles"][0]["id"] and x["compare"]["relation"] == "duplicate" for x in m),
      "the last acknowledged add is a known story after the restart")
PY
expect_http 200 "" GET /stats -H "Authorization: Bearer t0k"
json_check "$WT_OUT" <<PY
stored = d["documents"] - 1000 - $acknowledged
check($killed_after <= stored <= $killed_after + 1,
      f"{stored} documents stored by the killed server: {$killed_after} acknowledged, at most one more in flight")
PY
stop_server TERM
echo "serve_load: ok"
