#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Peak memory of a scan as the articles grow (issue #21, finding 3): `bash bench/scan_memory.sh
# [BUILD_DIR] [WORK_DIR] [CASE...]`. A case is ARTICLESxBYTES (default: 3000x10000 3000x100000
# 3000x1000000 30x10000000): that many unrelated articles of about BYTES bytes each
# (bench/long_articles.py, made once in WORK_DIR and kept). Each is scanned with
# `wiretrace scan --format jsonl` under /usr/bin/time; one line a case: the text's size, wall and
# CPU seconds, peak RSS, peak RSS over the text, and each stage's peak RSS (from the summary).
# Extra scan flags: SCAN_FLAGS="..." bash bench/scan_memory.sh ...; the generator needs numpy
# (Debian python3-numpy; PYTHON=/usr/bin/python3 picks that interpreter).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
build="${1:-build}"
bin="$(cd "$build" && pwd)/wiretrace"
work="${2:-/tmp/wiretrace-scan-memory}"
shift $(( $# < 2 ? $# : 2 ))
cases=("$@")
[[ ${#cases[@]} -gt 0 ]] || cases=(3000x10000 3000x100000 3000x1000000 30x10000000)
mkdir -p "$work"
printf '%-14s %10s %9s %9s %10s %7s   %s\n' case "text MB" "wall s" "CPU s" "peak MiB" ratio \
    "stage peaks MiB (read candidates verify provenance)"
for c in "${cases[@]}"; do
    n="${c%x*}"; bytes="${c#*x}"
    corpus="$work/$c.jsonl"
    [[ -s "$corpus" ]] || "${PYTHON:-python3}" "$here/long_articles.py" --articles "$n" --bytes "$bytes" -o "$corpus"
    # Exit 1 is "no copies found", what unrelated articles should give.
    status=0
    # shellcheck disable=SC2086
    /usr/bin/time -f '%e %U %S %M' -o "$work/$c.time" "$bin" scan -q --format jsonl -o "$work/$c.out.jsonl" \
        ${SCAN_FLAGS:-} "$corpus" || status=$?
    [[ $status -le 1 ]] || { echo "$c: scan failed (exit $status)" >&2; exit 1; }
    python3 - "$corpus" "$work/$c.time" "$work/$c.out.jsonl" "$c" <<'PY'
import json, os, sys
corpus, timing, out, name = sys.argv[1:5]
wall, user, system, peak_kb = open(timing).read().split()[-4:]
summary = json.loads(open(out, encoding="utf-8").read().splitlines()[-1])
text_mb = summary["text_bytes"] / 1e6
peak = int(peak_kb) * 1024
stages = " ".join(f"{summary['stage_peak_rss_bytes'][s] / 2**20:7.0f}" for s in ("read", "candidates", "verify", "provenance"))
print(f"{name:<14} {text_mb:10.1f} {float(wall):9.1f} {float(user) + float(system):9.1f} {peak / 2**20:10.0f} "
      f"{peak / summary['text_bytes']:6.2f}x   {stages}")
PY
done
