#!/usr/bin/env bash
# Scaling of the distributed scan: one generated corpus scanned by one process and by
# `mpirun -n N` for each N given (default 1 2 4), with wall time, the job's stage times, and per
# rank: articles read, pairs verified, bytes sent and received, peak RSS.
#
#   bench/mpi_scale.sh [-b BINARY] [-w WORKDIR] [-d DOCS] [RANKS...]     (default: 200000 docs; 1 2 4 ranks)
#
# The corpus (`gen --seed 7`) is kept in WORKDIR and reused. Each rank gets max(1, cores / N)
# threads; more ranks than cores are oversubscribed (--oversubscribe), and the script says so.
# Every distributed output is checked against the one-process output (timings aside).
set -euo pipefail

binary=build/wiretrace
work=/tmp/wiretrace-scale
docs=200000
while getopts "b:w:d:" opt; do
    case $opt in
        b) binary=$OPTARG ;;
        w) work=$OPTARG ;;
        d) docs=$OPTARG ;;
        *) echo "usage: $0 [-b BINARY] [-w WORKDIR] [-d DOCS] [RANKS...]" >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
ranks=("$@")
[[ ${#ranks[@]} -gt 0 ]] || ranks=(1 2 4)
[[ -x $binary ]] || { echo "not an executable: $binary (build first: make build)" >&2; exit 2; }
command -v mpirun >/dev/null || { echo "mpirun is missing: apt-get install openmpi-bin libopenmpi-dev" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "GNU time is missing: apt-get install time" >&2; exit 2; }
mkdir -p "$work"
cores=$(nproc)
mpi=(mpirun --oversubscribe)
[[ $(id -u) -ne 0 ]] || mpi+=(--allow-run-as-root)

corpus="$work/$docs.jsonl"
[[ -s $corpus ]] || "$binary" gen --docs "$docs" --seed 7 -o "$corpus" -q
untimed() { sed -E 's/"seconds":[0-9.e+-]+,"stages":\{[^}]*\}/"seconds":0,"stages":{}/' "$1"; }

echo "# wiretrace scan on MPI, scaling ($(date -u +%Y-%m-%dT%H:%M:%SZ))"
echo "# machine: $cores cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'),"\
     "$(free -g | awk '/Mem:/ {print $2}') GiB RAM; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# binary: $binary ($($binary --version)); $(mpirun --version | head -1)"
echo "# corpus: $corpus, $docs articles, $(du -m "$corpus" | cut -f1) MB"

summarize() {  # label wall-time-file jsonl stderr
    python3 - "$@" <<'PY'
import json, re, sys
label, timing, out, err = sys.argv[1:]
rss_kb, wall, user, system = (float(x) for x in open(timing).read().split())
summary = json.loads(open(out).readlines()[-1])
print(f"\n## {label}")
print(f"  wall {wall:.1f} s, CPU {user + system:.1f} s (all processes); pairs {summary['pairs']:,}, clusters {summary['clusters']:,}, verified {summary['verified']:,}")
print("  stages (rank 0): " + ", ".join(f"{k} {v:.1f} s" for k, v in summary["stages"].items()))
ranks = [l for l in open(err) if re.match(r"wiretrace: scan: rank \d+:", l)]
if not ranks:
    print(f"  peak RSS {rss_kb / 1024:.0f} MiB (one process)")
sent = 0
for line in ranks:
    print("  " + line.strip().removeprefix("wiretrace: scan: "))
    sent += float(re.search(r"([0-9.]+) MB sent", line).group(1))
if ranks:
    mb = summary["text_bytes"] / 1e6
    print(f"  exchanged: {sent:.1f} MB sent in all, {sent * 1e6 / summary['articles']:.0f} bytes per article "
          f"({sent / mb:.2f} bytes per byte of text)")
PY
}

/usr/bin/time -f '%M %e %U %S' -o "$work/mpi-one.time" \
    "$binary" scan --format jsonl -o "$work/mpi-one.jsonl" "$corpus" 2>"$work/mpi-one.err"
summarize "one process, $cores threads" "$work/mpi-one.time" "$work/mpi-one.jsonl" "$work/mpi-one.err"
untimed "$work/mpi-one.jsonl" >"$work/mpi-one.untimed"

for n in "${ranks[@]}"; do
    threads=$((cores / n))
    [[ $threads -ge 1 ]] || threads=1
    note=""
    [[ $((n * threads)) -le $cores ]] || note=", oversubscribed: $n ranks on $cores cores"
    /usr/bin/time -f '%M %e %U %S' -o "$work/mpi-$n.time" \
        "${mpi[@]}" -n "$n" "$binary" scan --threads "$threads" --format jsonl -o "$work/mpi-$n.jsonl" "$corpus" \
        2>"$work/mpi-$n.err"
    summarize "mpirun -n $n, $threads thread(s) per rank$note" "$work/mpi-$n.time" "$work/mpi-$n.jsonl" "$work/mpi-$n.err"
    if untimed "$work/mpi-$n.jsonl" | cmp -s - "$work/mpi-one.untimed"; then
        echo "  output: identical to one process (timings aside)"
    else
        echo "  output: DIFFERS from one process"
    fi
done
