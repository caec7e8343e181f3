#!/usr/bin/env bash
# `wiretrace serve`: every route answers what the CLI answers (POST /check the `check --format
# json` document, POST /compare the `compare --format json` one), bad requests get their 4xx and a
# JSON error and never take the server down, the token guards reads and adds, and SIGTERM lets a
# request in flight finish.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib/serve.sh"
wt_init "$@"
T="$WT_TMP"
"$WIRETRACE" gen --docs 600 --seed 7 -o "$T/corpus.jsonl" -q
head -n 500 "$T/corpus.jsonl" >"$T/known.jsonl"
tail -n 100 "$T/corpus.jsonl" >"$T/new.jsonl"
"$WIRETRACE" index add "$T/known.jsonl" --db "$T/idx.db" -q
# 30 articles to check: every 10th of the corpus (known ones and new ones), as JSONL and as an array.
awk 'NR % 20 == 1' "$T/corpus.jsonl" >"$T/checks.jsonl"
python3 -c 'import json,sys; print(json.dumps([json.loads(l) for l in open(sys.argv[1])]))' "$T/checks.jsonl" >"$T/checks.json"
echo secret-token >"$T/token"
AUTH=(-H "Authorization: Bearer secret-token" -H "Content-Type: application/json")
TOKEN_ONLY=(-H "Authorization: Bearer secret-token")

start_server "$T/serve.log" --db "$T/idx.db" --token-file "$T/token" --max-body-bytes 200000 --max-articles 40
grep -qF "adds need the token" "$T/serve.log" || fail "no start line" "$(cat "$T/serve.log")"

# --- POST /check: the document `wiretrace check --format json` writes, but for the seconds.
expect_http 200 "" POST /check "${AUTH[@]}" --data-binary @"$T/checks.json"
save_stdout "$T/served.json"
expect_exit 0 "$WIRETRACE" check "$T/checks.jsonl" --db "$T/idx.db" -f json -q
save_stdout "$T/cli.json"
json_check "$T/served.json" "$T/cli.json" <<'PY'
served, cli = docs
for d in docs:
    d["summary"].pop("seconds")
eq(served, cli, "POST /check and `wiretrace check -f json`")
check(served["summary"]["matched"] >= 10, "most checked articles match a known story")
PY
# One article (an object, not an array), and the query options.
head -n 1 "$T/checks.jsonl" >"$T/one.json"
expect_http 200 "" POST '/check?top=1&all_relations=true' "${AUTH[@]}" --data-binary @"$T/one.json"
json_check "$WT_OUT" <<'PY'
eq([a["id"] for a in d["articles"]], [d["articles"][0]["id"]], "one article")
eq(len(d["articles"][0]["matches"]), 1, "top=1 keeps one match")
PY

# --- POST /compare: the document `wiretrace compare --format json` writes.
python3 - "$SEED_AP" "$SEED_CBC" >"$T/pair.json" <<'PY'
import json, sys
print(json.dumps([{"id": p, "text": open(p, encoding="utf-8").read()} for p in sys.argv[1:]]))
PY
expect_http 200 "" POST /compare "${AUTH[@]}" --data-binary @"$T/pair.json"
save_stdout "$T/compare-served.json"
expect_exit 0 "$WIRETRACE" compare "$SEED_AP" "$SEED_CBC" -f json
expect_same_bytes "$WT_OUT" "$T/compare-served.json"

# --- POST /index, GET /stats, GET /pair.
head -n 3 "$T/new.jsonl" | python3 -c 'import json,sys; print(json.dumps([json.loads(l) for l in sys.stdin]))' >"$T/adds.json"
expect_http 200 "" POST /index "${AUTH[@]}" --data-binary @"$T/adds.json"
json_check "$WT_OUT" <<'PY'
eq(d, {"added": 3, "replaced": 0, "duplicates": 0}, "first add")
PY
expect_http 200 "" POST /index "${AUTH[@]}" --data-binary @"$T/adds.json"
json_check "$WT_OUT" <<'PY'
eq(d, {"added": 0, "replaced": 0, "duplicates": 3}, "the same articles again: skipped")
PY
expect_http 200 "" POST '/index?on_duplicate=replace' "${AUTH[@]}" --data-binary @"$T/adds.json"
json_check "$WT_OUT" <<'PY'
eq(d, {"added": 0, "replaced": 3, "duplicates": 0}, "on_duplicate=replace")
PY
expect_http 200 "" GET /stats "${AUTH[@]}"
json_check "$WT_OUT" <<'PY'
eq(d["schema"], "wiretrace.index-stats/1", "schema")
eq(d["documents"], 503, "500 indexed and 3 added")
PY
# An added article is found by the next check as its own duplicate.
head -n 1 "$T/new.jsonl" >"$T/added-one.json"
expect_http 200 "" POST /check "${AUTH[@]}" --data-binary @"$T/added-one.json"
json_check "$WT_OUT" <<'PY'
m = d["articles"][0]["matches"]
check(any(x["known"]["id"] == d["articles"][0]["id"] and x["compare"]["relation"] == "duplicate" for x in m),
      "the added article is a known story now")
PY
ID_A="$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["id"])' "$T/known.jsonl")"
expect_http 200 "" GET "/pair?a=$ID_A&b=$ID_A" "${AUTH[@]}"
grep -qF "<title>duplicate: $ID_A / $ID_A - wiretrace</title>" "$WT_OUT" || fail "GET /pair is not the pair page" "$(head -c 600 "$WT_OUT")"
expect_http 200 "" POST "/pair?known=$ID_A" "${AUTH[@]}" --data-binary @"$T/one.json"
grep -qF '<!DOCTYPE html>' "$WT_OUT" || fail "POST /pair is not an HTML page"

# --- Bad requests: a 4xx with a JSON error each, and the server goes on.
expect_http 401 unauthorized POST /check --data-binary @"$T/one.json"
expect_http 403 forbidden POST /check -H "Authorization: Bearer wrong" --data-binary @"$T/one.json"
expect_http 403 forbidden POST /index -H "Authorization: secret-token" --data-binary @"$T/one.json"
expect_http 404 not_found GET /nowhere "${AUTH[@]}"
expect_http 405 method_not_allowed GET /check "${AUTH[@]}"
expect_http 405 method_not_allowed DELETE /index "${AUTH[@]}"
expect_http 400 bad_request POST /check "${AUTH[@]}" --data-binary '{"id": 1, "text": '
expect_http 400 bad_request POST /check "${AUTH[@]}" --data-binary '[{"id": 1, "text": "a"}, {"id": 2, "text": 3}]'
grep -qF 'article 2: \"text\" must be a string' "$WT_OUT" || fail "the message does not name the article" "$(cat "$WT_OUT")"
expect_http 400 bad_request POST /check "${AUTH[@]}" --data-binary '[]'
expect_http 400 bad_request POST /check "${AUTH[@]}" --data-binary ''
expect_http 400 bad_request POST /check "${AUTH[@]}" --data-binary '{"text": "no id"}'
printf '{"id": "x", "text": "caf\xe9"}' >"$T/latin1.json"
expect_http 400 bad_request POST /check "${AUTH[@]}" --data-binary @"$T/latin1.json"
expect_http 400 bad_request POST '/check?top=0' "${AUTH[@]}" --data-binary @"$T/one.json"
expect_http 400 bad_request POST '/check?min_coverage=2' "${AUTH[@]}" --data-binary @"$T/one.json"
expect_http 400 bad_request POST /compare "${AUTH[@]}" --data-binary @"$T/one.json"
expect_http 400 bad_request POST '/index?on_duplicate=merge' "${AUTH[@]}" --data-binary @"$T/one.json"
expect_http 404 not_found GET "/pair?a=$ID_A&b=no-such-story" "${AUTH[@]}"
expect_http 400 bad_request GET "/pair?a=$ID_A" "${AUTH[@]}"
head -c 300000 /dev/zero | tr '\0' 'a' >"$T/big"
expect_http 413 payload_too_large POST /check "${AUTH[@]}" --data-binary @"$T/big"
expect_http 413 payload_too_large POST /check "${AUTH[@]}" -H "Transfer-Encoding: chunked" --data-binary @"$T/big"
python3 -c 'import json; print(json.dumps([{"id": i, "text": "word"} for i in range(41)]))' >"$T/many.json"
expect_http 413 payload_too_large POST /check "${AUTH[@]}" --data-binary @"$T/many.json"
expect_http 415 unsupported_media_type POST /check "${TOKEN_ONLY[@]}" -F "file=@$T/one.json"
# Not HTTP at all, and a request cut off in the middle.
python3 - "$URL" <<'PY'
import socket, sys, urllib.parse
u = urllib.parse.urlparse(sys.argv[1])
for raw in (b"\x00\x01garbage\r\n\r\n", b"POST /check HTTP/1.1\r\nContent-Length: 1000\r\n\r\n{\"id\""):
    s = socket.create_connection((u.hostname, u.port), timeout=30)
    s.sendall(raw)
    s.shutdown(socket.SHUT_WR)
    s.recv(4096)
    s.close()
PY
expect_http 200 "" GET /health
json_check "$WT_OUT" <<'PY'
eq(d["status"], "ok", "the server is alive after the bad requests")
eq(d["writable"], True, "a token allows adds")
PY

# --- SIGTERM while a batch is being checked: it is answered in full, then the server exits 0.
python3 -c 'import json,sys; a=[json.loads(l) for l in open(sys.argv[1])]; print(json.dumps((a*4)[:40]))' "$T/checks.jsonl" >"$T/batch.json"
curl -s -o "$T/batch.out" -w '%{http_code}' "${AUTH[@]}" --data-binary @"$T/batch.json" "$URL/check" >"$T/batch.status" &
CURL_PID=$!
sleep 0.3
stop_server TERM
wait "$CURL_PID" || fail "the request in flight at SIGTERM failed"
[[ "$(cat "$T/batch.status")" == 200 ]] || fail "the request in flight at SIGTERM got HTTP $(cat "$T/batch.status")"
json_check "$T/batch.out" <<'PY'
eq(d["summary"]["articles"], 40, "the batch in flight at SIGTERM was checked in full")
PY
[[ "$SERVER_STATUS" -eq 0 ]] || fail "wiretrace serve exited $SERVER_STATUS on SIGTERM" "$(cat "$T/serve.log")"
grep -qF "stopped on SIGTERM" "$T/serve.log" || fail "no stop line" "$(cat "$T/serve.log")"
if curl -s -o /dev/null "$URL/health"; then fail "the server still answers after SIGTERM"; fi

# --- Without a token: reads are open, adds refused; a missing index is an error at start.
# The outlet lists (--wire-outlets, --aggregators) reach the engine as the CLI's do: a light copy
# whose texts cannot tell its source gets the listed wire as its source.
printf 'Metro Wire\n' >"$T/wire.txt"
printf 'News Roundup\n' >"$T/aggregators.txt"
python3 - "$SEED_AP" "$T" >"$T/outlets.json" <<'PY'
import json, sys
text = open(sys.argv[1], encoding="utf-8").read()
copy = text.replace("Islamic State", "ISIS", 1)
open(f"{sys.argv[2]}/roundup.txt", "w", encoding="utf-8").write(text)
open(f"{sys.argv[2]}/metro.txt", "w", encoding="utf-8").write(copy)
print(json.dumps([{"id": f"{sys.argv[2]}/roundup.txt", "outlet": "News Roundup", "text": text},
                  {"id": f"{sys.argv[2]}/metro.txt", "outlet": "Metro Wire", "text": copy}]))
PY
start_server "$T/serve2.log" --db "$T/idx.db" --wire-outlets "$T/wire.txt" --aggregators "$T/aggregators.txt"
expect_http 200 "" POST /compare --data-binary @"$T/outlets.json"
save_stdout "$T/compare-outlets.json"
expect_exit 0 "$WIRETRACE" compare -f json --a-outlet "News Roundup" --b-outlet "Metro Wire" \
    --wire-outlets "$T/wire.txt" --aggregators "$T/aggregators.txt" "$T/roundup.txt" "$T/metro.txt"
expect_same_bytes "$WT_OUT" "$T/compare-outlets.json"
grep -qF '"source": "b"' "$WT_OUT" || grep -qF '"source":"b"' "$WT_OUT" || fail "the listed wire is not the source" "$(head -c 600 "$WT_OUT")"
expect_http 200 "" POST /check --data-binary @"$T/one.json"
expect_http 403 forbidden POST /index --data-binary @"$T/one.json"
grep -qF "takes no adds" "$WT_OUT" || fail "the 403 does not say why" "$(cat "$WT_OUT")"
stop_server INT
[[ "$SERVER_STATUS" -eq 0 ]] || fail "wiretrace serve exited $SERVER_STATUS on SIGINT"
expect_exit 2 "$WIRETRACE" serve --db "$T/missing.db" --port 0
expect_stderr_contains "missing.db"
expect_exit 2 "$WIRETRACE" serve --db "$T/idx.db" --token a --token-file "$T/token"
echo "serve: ok"
