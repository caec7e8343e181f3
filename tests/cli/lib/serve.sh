# shellcheck shell=bash
# Helpers of the `wiretrace serve` tests (serve.sh, serve_load.sh), sourced after common.sh.

# start_server LOG ARGS...: starts `wiretrace serve --port 0 ARGS...` in the background with its
# stderr in LOG; sets SERVER_PID and URL once it listens (the port is the one it printed).
start_server() {
    local log="$1"
    shift
    "$WIRETRACE" serve --port 0 "$@" >/dev/null 2>"$log" &
    SERVER_PID=$!
    # A failed check ends the test: the server must not outlive it.
    trap 'kill -KILL "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; rm -rf -- "$WT_TMP"' EXIT
    local i
    for i in $(seq 1 200); do
        if grep -q "on http://" "$log"; then
            URL="$(grep -o 'http://[0-9.]*:[0-9]*' "$log" | head -n 1)"
            return 0
        fi
        kill -0 "$SERVER_PID" 2>/dev/null || fail "wiretrace serve exited at start" "$(cat "$log")"
        sleep 0.05
    done
    fail "wiretrace serve did not start listening" "$(cat "$log")"
}

# stop_server [SIGNAL]: sends SIGNAL (TERM) and waits; sets SERVER_STATUS.
stop_server() {
    kill -"${1:-TERM}" "$SERVER_PID" 2>/dev/null || true
    set +e
    wait "$SERVER_PID"
    SERVER_STATUS=$?
    set -e
}

# http METHOD PATH [curl args...]: one request to the server; the body goes to $WT_OUT and the
# status code to HTTP_STATUS.
http() {
    local method="$1" path="$2"
    shift 2
    WT_LAST_CMD="curl -X $method $path $*"
    HTTP_STATUS="$(curl -s -o "$WT_OUT" -w '%{http_code}' -X "$method" "$@" "$URL$path")"
}

# expect_http STATUS ERROR METHOD PATH [curl args...]: the answer has this status and, for an
# error, a JSON body {"status": STATUS, "error": ERROR, "message": ...}.
expect_http() {
    local want="$1" error="$2"
    shift 2
    http "$@"
    [[ "$HTTP_STATUS" == "$want" ]] ||
        fail "expected HTTP $want, got $HTTP_STATUS" "request: $WT_LAST_CMD" "body: $(head -c 1000 "$WT_OUT")"
    if [[ -n "$error" ]]; then
        python3 - "$WT_OUT" "$want" "$error" <<'PY' || fail "not the JSON error expected" "request: $WT_LAST_CMD" "body: $(head -c 1000 "$WT_OUT")"
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
assert d["status"] == int(sys.argv[2]) and d["error"] == sys.argv[3] and d["message"], d
PY
    fi
}
