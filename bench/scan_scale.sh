#!/usr/bin/env bash
# Scaled end-to-end benchmark of `wiretrace scan` on generated corpora (10k, 100k, 1M articles).
#
#   bench/scan_scale.sh [-b BINARY] [-w WORKDIR] [-j THREADS] [SIZE...]     (default sizes: 10000 100000)
#
# For each size: `wiretrace gen --seed 7` (kept in WORKDIR and reused), then `scan --format jsonl`
# under /usr/bin/time (peak RSS), then `eval --min-coverage 0.3` against the truth. Prints one
# block per size: seconds per stage (from the scan summary line), articles/s and MB/s end to end,
# peak RSS and bytes of memory per article, and the accuracy figures; the same figures for each
# stage (its wall and CPU seconds and peak RSS from the scan's summary line: articles/s and MB/s
# are the whole corpus over the stage's wall time). Needs python3 and GNU time.
set -euo pipefail

binary=build/wiretrace
work=/tmp/wiretrace-scale
threads=0
while getopts "b:w:j:" opt; do
    case $opt in
        b) binary=$OPTARG ;;
        w) work=$OPTARG ;;
        j) threads=$OPTARG ;;
        *) echo "usage: $0 [-b BINARY] [-w WORKDIR] [-j THREADS] [SIZE...]" >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(10000 100000)
[[ -x $binary ]] || { echo "not an executable: $binary (build first: make build)" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "GNU time is missing: apt-get install time" >&2; exit 2; }
mkdir -p "$work"

echo "# wiretrace scan, scaled benchmark ($(date -u +%Y-%m-%dT%H:%M:%SZ))"
echo "# machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'),"\
     "$(free -g | awk '/Mem:/ {print $2}') GiB RAM; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# binary: $binary ($($binary --version)), threads: ${threads/#0/all}"
for n in "${sizes[@]}"; do
    corpus="$work/$n.jsonl"
    truth="$work/$n.truth.tsv"
    if [[ ! -s $corpus || ! -s $truth ]]; then
        "$binary" gen --docs "$n" --seed 7 -o "$corpus" --truth "$truth" -q
    fi
    out="$work/$n.scan.jsonl"
    /usr/bin/time -f '%M %e %U %S' -o "$work/$n.time" \
        "$binary" scan -q --threads "$threads" --format jsonl -o "$out" "$corpus"
    "$binary" eval --format json --min-coverage 0.3 --truth "$truth" "$out" >"$work/$n.eval.json"
    python3 - "$n" "$out" "$work/$n.time" "$work/$n.eval.json" <<'PY'
import json, sys
n, out, timing, evaluation = sys.argv[1:]
summary = json.loads(open(out).readlines()[-1])
rss_kb, wall, user, system = (float(x) for x in open(timing).read().split())
ev = json.load(open(evaluation))
mb = summary["text_bytes"] / 1e6
print(f"\n## {int(n):,} articles, {mb:,.1f} MB of text")
print(f"  {'stage':<12} {'wall s':>8} {'CPU s':>8} {'articles/s':>11} {'MB/s':>8} {'peak RSS MiB':>13} {'bytes/article':>14}")
def row(name, wall_s, cpu_s, rss_bytes):
    print(f"  {name:<12} {wall_s:8.1f} {cpu_s:8.1f} {int(n) / wall_s:11,.0f} {mb / wall_s:8.1f} "
          f"{rss_bytes / 2**20:13,.1f} {rss_bytes / int(n):14,.0f}")
row("end to end", wall, user + system, rss_kb * 1024)
cpu = summary.get("stage_cpu_seconds", {})
rss = summary.get("stage_peak_rss_bytes", {})
for stage, seconds in summary["stages"].items():
    row(stage, max(seconds, 1e-9), cpu.get(stage, float("nan")), rss.get(stage, float("nan")))
print(f"  candidates   {summary['candidates']:,} (fingerprint join {summary['candidate_sources']['fingerprint_pairs']:,}, "
      f"LSH {summary['candidate_sources']['band_pairs']:,} before selection), verified {summary['verified']:,}, "
      f"pairs {summary['pairs']:,}, clusters {summary['clusters']:,}")
p = ev["pairs"]
print(f"  accuracy     precision {p['precision']:.4f}  recall {p['recall']:.4f}  (coverage of source >= 0.3)  "
      f"direction {ev['direction_accuracy']:.4f}  roots {ev['root_accuracy']:.4f}  "
      f"same-story called derived {ev['same_story_as_derived']} of {ev['same_story_pairs']}")
if "with_untraceable" in p:
    a = p["with_untraceable"]
    print(f"  untraceable  {p['untraceable_truth']:,} truth pairs left out above ({p['untraceable_found']:,} found); "
          f"with them: precision {a['precision']:.4f}  recall {a['recall']:.4f}")
PY
done
