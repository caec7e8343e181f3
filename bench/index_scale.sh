#!/usr/bin/env bash
# Scaled benchmark of `wiretrace index add` and `check` (10k, 100k, 1M known wire stories).
#
#   bench/index_scale.sh [-b BUILD_DIR] [-w WORKDIR] [-q QUERIES] [STORIES...]   (default: 10000 100000)
#
# For each size: `wiretrace gen` of a corpus that is 90% wire stories and 10% edited copies of them
# (kept in WORKDIR and reused); the wire stories are indexed with `index add` under /usr/bin/time
# (articles/s, MB/s, peak RSS, index size and bytes per story), then QUERIES copies (default 1000)
# are checked one by one on one thread (bench/index_check_latency.cpp: median, p90, p99 ms), before
# and after `index optimize` (which merges the index's runs of postings into one per key kind).
set -euo pipefail

build=build
work=/tmp/wiretrace-index-scale
queries=1000
while getopts "b:w:q:" opt; do
    case $opt in
        b) build=$OPTARG ;;
        w) work=$OPTARG ;;
        q) queries=$OPTARG ;;
        *) echo "usage: $0 [-b BUILD_DIR] [-w WORKDIR] [-q QUERIES] [STORIES...]" >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(10000 100000)
binary=$build/wiretrace
latency=$build/bench/index_check_latency
[[ -x $binary && -x $latency ]] || { echo "build first: make build (needs $binary and $latency)" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "GNU time is missing: apt-get install time" >&2; exit 2; }
mkdir -p "$work"

echo "# wiretrace index add / check, scaled benchmark ($(date -u +%Y-%m-%dT%H:%M:%SZ))"
echo "# machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'),"\
     "$(free -g | awk '/Mem:/ {print $2}') GiB RAM; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# binary: $binary ($($binary --version))"
for n in "${sizes[@]}"; do
    docs=$(( n * 10 / 9 ))
    corpus="$work/$n.jsonl"
    if [[ ! -s $corpus ]]; then
        "$binary" gen --docs "$docs" --seed 13 --wire 0.9 --copies 0.1 --updates 0 --copies-of-copies 0 \
            --roundups 0 --duplicates 0 --near-duplicates 0 --same-event 0 -o "$corpus" -q
        python3 - "$corpus" "$work/$n.wire.jsonl" "$work/$n.copies.jsonl" <<'PY'
import json, sys
wire = ("AP", "Reuters", "AFP", "PA", "The Canadian Press")
with open(sys.argv[1]) as src, open(sys.argv[2], "w") as w, open(sys.argv[3], "w") as c:
    for line in src:
        (w if json.loads(line)["outlet"] in wire else c).write(line)
PY
    fi
    db="$work/$n.db"
    rm -f "$db" "$db-wal" "$db-shm"
    stories=$(wc -l <"$work/$n.wire.jsonl")
    mb=$(du -m "$work/$n.wire.jsonl" | cut -f1)
    /usr/bin/time -f "%e %M" -o "$work/time.txt" "$binary" index add "$work/$n.wire.jsonl" --db "$db" -q
    read -r seconds rss_kb <"$work/time.txt"
    size=$(( $(stat -c %s "$db") + $(stat -c %s "$db-wal" 2>/dev/null || echo 0) ))
    echo
    echo "## $stories stories ($mb MB of JSONL)"
    awk -v s="$seconds" -v n="$stories" -v mb="$mb" -v rss="$rss_kb" -v size="$size" 'BEGIN {
        printf "index add: %.1f s, %.0f stories/s, %.1f MB/s, peak RSS %.0f MiB, index %.0f MiB (%.0f bytes/story)\n",
               s, n / s, mb / s, rss / 1024, size / 1048576, size / n }'
    echo "check (one thread, $queries edited copies): $("$latency" "$db" "$work/$n.copies.jsonl" "$queries")"
    /usr/bin/time -f "%e %U" -o "$work/time.txt" "$binary" index optimize --db "$db" -q
    read -r seconds cpu <"$work/time.txt"
    size=$(( $(stat -c %s "$db") + $(stat -c %s "$db-wal" 2>/dev/null || echo 0) ))
    echo "index optimize: $seconds s ($cpu CPU-s), index $(( size / 1048576 )) MiB"
    echo "check after optimize: $("$latency" "$db" "$work/$n.copies.jsonl" "$queries")"
done
