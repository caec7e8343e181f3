#!/usr/bin/env bash
# wiretrace scan against datasketch's MinHash LSH (the peer of ../shared/peers/README.md) on the
# same generated corpus, side by side in one run: seconds of each (wall and CPU) and the speed
# ratio, and the recall of each against the same truth (derived pairs, coverage of source >= 0.3,
# traceable; wiretrace's from `wiretrace eval`, datasketch's candidate pairs by bench/peer_datasketch.py).
#
#   bench/peer_datasketch.sh [-b BINARY] [-w WORKDIR] [-p PEERS_DIR] [DOCS]      (default DOCS: 20000)
#
# Skips (exit 0, with a message) when the peer or Debian's numpy/scipy are absent.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
binary=build/wiretrace
work=/tmp/wiretrace-peer
peers=$here/../../shared/peers
while getopts "b:w:p:" opt; do
    case $opt in
        b) binary=$OPTARG ;;
        w) work=$OPTARG ;;
        p) peers=$OPTARG ;;
        *) echo "usage: $0 [-b BINARY] [-w WORKDIR] [-p PEERS_DIR] [DOCS]" >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
docs=${1:-20000}
[[ -x $binary ]] || { echo "not an executable: $binary (build first)" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "GNU time is missing: apt-get install time" >&2; exit 2; }
if [[ ! -d $peers/datasketch/datasketch ]]; then
    echo "skipped: datasketch is not in $peers/datasketch (see ../shared/peers/README.md)"
    exit 0
fi
if ! /usr/bin/python3 -c 'import numpy, scipy' 2>/dev/null; then
    echo "skipped: datasketch needs Debian's numpy and scipy (apt-get install python3-numpy python3-scipy)"
    exit 0
fi
mkdir -p "$work"
corpus=$work/$docs.jsonl
truth=$work/$docs.truth.tsv
[[ -s $corpus && -s $truth ]] || "$binary" gen --docs "$docs" --seed 7 -o "$corpus" --truth "$truth" -q

echo "# wiretrace scan vs datasketch MinHash LSH ($(date -u +%Y-%m-%dT%H:%M:%SZ))"
echo "# machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# corpus: gen --docs $docs --seed 7 ($(du -m "$corpus" | cut -f1) MB); binary: $binary ($($binary --version))"
/usr/bin/time -f '%e %U %S' -o "$work/wiretrace.time" \
    "$binary" scan -q --format jsonl -o "$work/scan.jsonl" "$corpus"
"$binary" eval --format json --min-coverage 0.3 --truth "$truth" "$work/scan.jsonl" >"$work/eval.json"
/usr/bin/time -f '%e %U %S' -o "$work/datasketch.time" \
    env PYTHONPATH="$peers/datasketch" /usr/bin/python3 "$here/peer_datasketch.py" "$corpus" "$truth" >"$work/datasketch.json"
python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
def timing(name):
    wall, user, system = (float(x) for x in open(f"{work}/{name}.time").read().split())
    return wall, user + system
wt_wall, wt_cpu = timing("wiretrace")
ds_wall, ds_cpu = timing("datasketch")
ev = json.load(open(f"{work}/eval.json"))["pairs"]
ds = json.load(open(f"{work}/datasketch.json"))
print(f"  {'':<22} {'wall s':>8} {'CPU s':>8} {'recall':>8}  pairs")
print(f"  {'wiretrace scan':<22} {wt_wall:8.1f} {wt_cpu:8.1f} {ev['recall']:8.4f}  "
      f"{ev['true_positives']} found of {ev['true_positives'] + ev['false_negatives']}, precision {ev['precision']:.4f}")
print(f"  {'datasketch LSH 0.5':<22} {ds_wall:8.1f} {ds_cpu:8.1f} {ds['recall']:8.4f}  "
      f"{ds['candidate_pairs']} candidate pairs (not verified: no precision)")
print(f"  speed ratio: x{ds_wall / wt_wall:.1f} wall, x{ds_cpu / wt_cpu:.1f} CPU (datasketch's over wiretrace's); "
      f"truth pairs {ds['truth_pairs']}")
PY
