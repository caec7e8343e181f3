#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Memory and time of one pair's comparison on ordinary and hostile text (issue #21 finding 1):
# `bash bench/align_memory.sh [BUILD_DIR] [WORK_DIR]`. Makes the inputs deterministically in
# WORK_DIR (default: a temporary directory) and runs `wiretrace compare --format json A B` on each
# pair under /usr/bin/time; one line a pair: bytes of A + B, wall and CPU (user) seconds, peak RSS,
# and the peak RSS over the pair's text.
#   normal:   20 MB of generated news (wiretrace gen --seed 7, its texts in order) against itself
#   low12:    two texts of 1M words drawn from 12 words (every 4-word group about 48 times)
#   low18:    two texts of 3M words drawn from 18 words
#   repeat:   one sentence 200,000 times against itself
set -euo pipefail
build="${1:-build}"
bin="$(cd "$build" && pwd)/wiretrace"
work="${2:-}"
if [[ -z "$work" ]]; then
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work"
cd "$work"

if [[ ! -f normal.txt ]]; then
    "$bin" gen --docs 12000 --seed 7 -o gen.jsonl --truth gen.tsv 2>/dev/null
    python3 - <<'PY'
import json
size = 0
with open("normal.txt", "w", encoding="utf-8") as out:
    for line in open("gen.jsonl", encoding="utf-8"):
        text = json.loads(line)["text"]
        out.write(text + "\n\n")
        size += len(text.encode()) + 2
        if size >= 20_000_000:
            break
PY
    rm -f gen.jsonl gen.tsv
fi
python3 - <<'PY'
import os, random
def low(path, words, count, seed):
    if os.path.exists(path):
        return
    rng = random.Random(seed)
    vocab = [f"w{chr(97 + i)}" for i in range(words)]
    with open(path, "w") as out:
        for start in range(0, count, 100_000):
            out.write(" ".join(rng.choice(vocab) for _ in range(min(100_000, count - start))) + "\n")
low("low12_a.txt", 12, 1_000_000, 1)
low("low12_b.txt", 12, 1_000_000, 2)
low("low18_a.txt", 18, 3_000_000, 3)
low("low18_b.txt", 18, 3_000_000, 4)
if not os.path.exists("repeat.txt"):
    with open("repeat.txt", "w") as out:
        out.write("The council said on Tuesday that the bridge would reopen next week. " * 200_000)
PY

printf '%-8s %12s %9s %9s %10s %7s\n' pair text_bytes seconds cpu_s peak_MB ratio
run() {
    local name="$1" a="$2" b="$3"
    local bytes=$(( $(stat -c %s "$a") + $(stat -c %s "$b") ))
    /usr/bin/time -o time.out -f '%e %U %M' "$bin" compare --format json --max-doc-bytes 4294967296 "$a" "$b" \
        >/dev/null 2>compare.err || [[ $? -eq 1 ]] || { cat compare.err >&2; exit 2; }
    local out
    out="$(tail -n 1 time.out)"
    local seconds user kb
    read -r seconds user kb <<<"$out"
    awk -v n="$name" -v b="$bytes" -v s="$seconds" -v u="$user" -v k="$kb" \
        'BEGIN { printf "%-8s %12d %9.1f %9.1f %10.1f %7.2f\n", n, b, s, u, k / 1024, k * 1024 / b }'
}
run normal normal.txt normal.txt
run low12 low12_a.txt low12_b.txt
run low18 low18_a.txt low18_b.txt
run repeat repeat.txt repeat.txt
