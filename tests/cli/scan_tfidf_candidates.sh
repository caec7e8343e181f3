#!/usr/bin/env bash
# The rare-word candidate source: a reworded copy that shares no 5-word run with its source but
# keeps its names, numbers and places becomes a candidate pair through --tfidf-neighbours (and not
# without it), and the summary counts it as contributed by that source alone.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
wt_init "$@"

python3 - "$WT_TMP/corpus.jsonl" <<'PY'
import json, sys
source = ("Magistrate Eleanor Whitcombe fined Brackley Haulage 48,500 pounds at Northampton Crown Court on "
          "Tuesday after its driver Tomasz Wieczorek, 37, crashed a lorry into the Kettering viaduct. "
          "Inspector Rhiannon Oduya told the hearing that the firm ignored 14 warnings about the A6003 "
          "bridge. Wieczorek, from Corby, admitted careless driving and was banned for 18 months.")
copy = ("A haulier from Brackley must pay 48,500 pounds, Eleanor Whitcombe ruled in Northampton yesterday. "
        "Tomasz Wieczorek, a 37-year-old from Corby, drove the company lorry that struck Kettering viaduct; "
        "he lost his licence for 18 months. Fourteen warnings about the A6003 crossing had gone unheeded, "
        "according to Rhiannon Oduya of the police.")
fillers = [
    "The council said on Monday that the new budget would be approved next week after a long debate.",
    "Local schools will open later in the morning from next term, the education office said on Friday.",
    "The football club signed a new striker on Thursday and said the fee would not be disclosed.",
    "Heavy rain is expected over the weekend, and the weather office has warned of floods in the valley.",
    "The museum will close for repairs in the spring and reopen with a new exhibition in the autumn.",
    "Shoppers spent more in the last month than a year ago, according to figures released on Wednesday.",
    "The hospital said waiting times had fallen after it opened a new ward for day patients this year.",
    "A new bus route will link the station with the town centre from next month, the operator said.",
]
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write(json.dumps({"id": "source", "outlet": "PA", "published": "2024-03-05", "text": source}) + "\n")
    f.write(json.dumps({"id": "copy", "outlet": "Northampton Echo", "published": "2024-03-06", "text": copy}) + "\n")
    for i, text in enumerate(fillers):
        f.write(json.dumps({"id": "filler%d" % i, "published": "2024-03-05", "text": text}) + "\n")
PY

# Without the source: no candidate at all (no shared fingerprint, no shared band).
expect_exit 1 "$WIRETRACE" scan -q --tfidf-neighbours 0 --format jsonl --candidates-tsv "$WT_TMP/none.tsv" "$WT_TMP/corpus.jsonl"
expect_scan_summary "articles=10 candidates=0"
[[ "$(grep -vc '^#' "$WT_TMP/none.tsv")" -eq 0 ]] || fail "candidates without the rare-word source" "$(cat "$WT_TMP/none.tsv")"

# With it (the default): the pair is a candidate, found by the rare-word source alone.
run_capture "$WIRETRACE" scan -q --format jsonl --candidates-tsv "$WT_TMP/cands.tsv" "$WT_TMP/corpus.jsonl"
tail -n 1 "$WT_OUT" >"$WT_TMP/summary.json"
json_check "$WT_TMP/summary.json" <<'PY'
s = d
c = s["candidate_sources"]
eq([c["from_fingerprints"], c["from_bands"]], [0, 0], "fingerprint and band candidates")
check(c["from_tfidf"] >= 1, "the rare-word source contributed the pair: %s" % c)
eq(c["only_tfidf"], c["from_tfidf"], "every rare-word candidate is new")
eq(s["candidates"], c["from_tfidf"], "candidates")
eq(s["verified"], s["candidates"], "every candidate verified")
PY
grep -q $'^source\tcopy\t0\t0\t1\t0$' "$WT_TMP/cands.tsv" ||
    fail "source and copy are not a rare-word candidate" "$(cat "$WT_TMP/cands.tsv")"

# A time window narrower than the day between them drops it; the text summary counts per source.
expect_exit 1 "$WIRETRACE" scan -q --window-days 0.5 --format tsv --candidates-tsv "$WT_TMP/window.tsv" "$WT_TMP/corpus.jsonl"
if grep -q $'^source\tcopy' "$WT_TMP/window.tsv"; then fail "--window-days 0.5 kept a pair a day apart"; fi
run_capture "$WIRETRACE" scan --format tsv -o "$WT_TMP/out.tsv" "$WT_TMP/corpus.jsonl"
expect_stderr_contains "(fingerprints 0, bands 0, rare words "
echo "ok"
