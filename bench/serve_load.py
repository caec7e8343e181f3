#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Load test of `wiretrace serve`, on loopback: N clients check articles while one client adds.

    serve_load.py --url http://127.0.0.1:PORT --token T --checks A.jsonl --adds B.jsonl \
                  --clients 8 --seconds 20 --db INDEX [--min-rate 300 --max-p99-ms 50]

Each check client keeps one connection and posts one article at a time (POST /check), chosen at
random from --checks; the add client posts the articles of --adds one at a time (POST /index) and
records each id the server acknowledged (in --add-log too, as it goes). It reports throughput and
latency percentiles and fails (exit 1) on any error answer, on an acknowledged add missing from
the index (--db, read with sqlite3 afterwards), on `PRAGMA integrity_check` not "ok", and on
figures below --min-rate or above --max-p99-ms when given.

--until-refused: the add client stops quietly when the server goes away (a kill test kills it);
--verify-log F --db DB: only checks that every id of F is in DB and the integrity check.
Standard library only (http.client, threads, sqlite3).
"""
import argparse
import http.client
import json
import random
import sqlite3
import sys
import threading
import time
import urllib.parse


def percentile(sorted_values, p):
    """The p-th percentile (0-100) by the nearest-rank method; 0 for no values."""
    if not sorted_values:
        return 0.0
    rank = max(1, int(round(p / 100.0 * len(sorted_values) + 0.5)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


class Client:
    """One keep-alive connection; reconnects when the server closed it between requests."""

    def __init__(self, url, token, timeout):
        parsed = urllib.parse.urlparse(url)
        self.host, self.port = parsed.hostname, parsed.port or 80
        self.headers = {"Content-Type": "application/json"}
        if token:
            self.headers["Authorization"] = "Bearer " + token
        self.timeout = timeout
        self.conn = None

    def post(self, path, body):
        """(status, parsed JSON body, seconds). Raises OSError when the server cannot be reached."""
        for attempt in (0, 1):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            start = time.perf_counter()
            try:
                self.conn.request("POST", path, body=body.encode("utf-8"), headers=self.headers)
                response = self.conn.getresponse()
                data = response.read()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                # A keep-alive connection the server closed while idle: once more on a new one.
                self.conn.close()
                self.conn = None
                if attempt == 1:
                    raise
                continue
            seconds = time.perf_counter() - start
            return response.status, json.loads(data), seconds
        raise AssertionError("unreachable")


def read_lines(path):
    with open(path, encoding="utf-8") as f:
        return [line.strip() for line in f if line.strip()]


def verify(db, ids):
    """(missing ids, integrity_check result) of the index file `db`."""
    conn = sqlite3.connect("file:%s?mode=ro" % urllib.parse.quote(db), uri=True)
    try:
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        missing = [i for i in ids if conn.execute("SELECT 1 FROM documents WHERE id = ?", (i,)).fetchone() is None]
    finally:
        conn.close()
    return missing, integrity


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--url", default="http://127.0.0.1:8080")
    ap.add_argument("--token", default="")
    ap.add_argument("--checks", help="JSONL articles to check")
    ap.add_argument("--adds", help="JSONL articles to add, in order")
    ap.add_argument("--clients", type=int, default=8, help="concurrent check clients")
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--max-checks", type=int, default=0, help="stop after this many checks in all (0: no limit)")
    ap.add_argument("--db", help="the index file: acknowledged adds and integrity are checked after the run")
    ap.add_argument("--add-log", help="append each acknowledged id to this file as it comes")
    ap.add_argument("--until-refused", action="store_true", help="the add client stops quietly when the server is gone")
    ap.add_argument("--verify-log", help="only verify: every id of this file is in --db")
    ap.add_argument("--min-rate", type=float, default=0.0, help="fail below this many checks per second")
    ap.add_argument("--max-p99-ms", type=float, default=0.0, help="fail above this p99 check latency")
    ap.add_argument("--timeout", type=float, default=30.0, help="seconds per request")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--add-rate", type=float, default=0.0,
                    help="adds per second at most (0: as fast as the server takes them)")
    args = ap.parse_args()

    if args.verify_log:
        if not args.db:
            ap.error("--verify-log needs --db")
        with open(args.verify_log, encoding="utf-8") as f:
            ids = [line.rstrip("\n") for line in f if line.strip()]
        missing, integrity = verify(args.db, ids)
        print("verify: %d acknowledged adds, %d missing; integrity_check %s" % (len(ids), len(missing), integrity))
        for i in missing[:10]:
            print("  missing: %s" % i)
        return 0 if not missing and integrity == "ok" else 1

    checks = read_lines(args.checks) if args.checks else []
    adds = read_lines(args.adds) if args.adds else []
    if args.clients > 0 and not checks:
        ap.error("--clients needs --checks")
    deadline = time.monotonic() + args.seconds
    lock = threading.Lock()
    check_latencies, add_latencies, acknowledged, errors = [], [], [], []
    matched = [0]
    stop = threading.Event()

    def checker(n):
        rng = random.Random(args.seed * 1000 + n)
        client = Client(args.url, args.token, args.timeout)
        mine = []
        while time.monotonic() < deadline and not stop.is_set():
            body = rng.choice(checks)
            want = json.loads(body)["id"]
            try:
                status, answer, seconds = client.post("/check", body)
            except (OSError, ValueError, http.client.HTTPException) as e:
                with lock:
                    errors.append("check: %s" % e)
                break
            ok = status == 200 and answer.get("schema") == "wiretrace.check/1" and \
                [a["id"] for a in answer["articles"]] == [str(want)]
            if not ok:
                with lock:
                    errors.append("check: HTTP %d %s" % (status, json.dumps(answer)[:200]))
                continue
            mine.append(seconds)
            with lock:
                matched[0] += answer["summary"]["matched"]
                if args.max_checks and len(check_latencies) + len(mine) >= args.max_checks:
                    stop.set()
        with lock:
            check_latencies.extend(mine)

    def adder():
        client = Client(args.url, args.token, args.timeout)
        log = open(args.add_log, "a", encoding="utf-8") if args.add_log else None
        next_add = time.monotonic()
        for body in adds:
            if args.add_rate > 0:  # paced: one add every 1/rate seconds
                time.sleep(max(0.0, next_add - time.monotonic()))
                next_add += 1.0 / args.add_rate
            if time.monotonic() >= deadline or stop.is_set():
                break
            want = str(json.loads(body)["id"])
            try:
                status, answer, seconds = client.post("/index", body)
            except (OSError, ValueError, http.client.HTTPException) as e:
                if not args.until_refused:
                    with lock:
                        errors.append("add: %s" % e)
                break
            if status != 200 or answer.get("added", 0) + answer.get("replaced", 0) != 1:
                with lock:
                    errors.append("add %s: HTTP %d %s" % (want, status, json.dumps(answer)[:200]))
                continue
            add_latencies.append(seconds)
            acknowledged.append(want)
            if log:
                log.write(want + "\n")
                log.flush()
        if log:
            log.close()

    threads = [threading.Thread(target=checker, args=(n,)) for n in range(args.clients)]
    if adds:
        threads.append(threading.Thread(target=adder))
    start = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - start

    check_latencies.sort()
    add_latencies.sort()
    rate = len(check_latencies) / elapsed if elapsed > 0 else 0.0
    p = {q: percentile(check_latencies, q) * 1000 for q in (50, 90, 99)}
    print("serve load: %d check clients%s, %.1f s, %s" %
          (args.clients, " + 1 add client" if adds else "", elapsed, args.url))
    if args.clients:
        print("checks: %d (%.1f/s), %d matched; latency ms: p50 %.1f, p90 %.1f, p99 %.1f, max %.1f" %
              (len(check_latencies), rate, matched[0], p[50], p[90], p[99],
               (check_latencies[-1] * 1000) if check_latencies else 0))
    if adds:
        print("adds: %d acknowledged (%.1f/s); latency ms: p50 %.1f, p99 %.1f" %
              (len(acknowledged), len(acknowledged) / elapsed if elapsed > 0 else 0.0,
               percentile(add_latencies, 50) * 1000, percentile(add_latencies, 99) * 1000))
    print("errors: %d" % len(errors))
    for e in errors[:10]:
        print("  " + e)
    failed = bool(errors)
    if args.db:
        missing, integrity = verify(args.db, acknowledged)
        print("index: %d of %d acknowledged adds present; integrity_check %s" %
              (len(acknowledged) - len(missing), len(acknowledged), integrity))
        failed = failed or bool(missing) or integrity != "ok"
    if args.min_rate and rate < args.min_rate:
        print("FAIL: %.1f checks/s is below %.1f" % (rate, args.min_rate))
        failed = True
    if args.max_p99_ms and p[99] > args.max_p99_ms:
        print("FAIL: p99 %.1f ms is above %.1f ms" % (p[99], args.max_p99_ms))
        failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
