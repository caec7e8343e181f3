#!/usr/bin/env bash
# Acceptance: the AP seed story and its CBC rewrite, in both argument orders. Checked semantically
# (the JSON is parsed), so the test survives formatting changes the golden test would flag.
#   - relation "rewrite", the AP file named as the source, exit status 0
#   - aligned coverage: AP side >= 0.60, CBC side in [0.30, 0.50]
#   - respellings and substitutions between the two texts, with a_text/b_text in argument order
#   - the CBC-only sections (John Baird, Stephen Harper, John Kerry) as insertions when CBC is b,
#     and as deletions when CBC is a (then they are text only in a)
#   - the text report says "relation:  rewrite", exit status 0
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
wt_init "$@"

for order in ap-cbc cbc-ap; do
    if [[ $order == ap-cbc ]]; then first="$SEED_AP" second="$SEED_CBC"; else first="$SEED_CBC" second="$SEED_AP"; fi

    expect_exit 0 "$WIRETRACE" compare --format json "$first" "$second"
    expect_stderr_empty
    save_stdout "$WT_TMP/$order.json"
    AP="$SEED_AP" ORDER="$order" json_check "$WT_TMP/$order.json" <<'PY'
import os
ap_path, forward = os.environ["AP"], os.environ["ORDER"] == "ap-cbc"
ap, cbc = ("a", "b") if forward else ("b", "a")

eq(d["relation"], "rewrite", "relation")
eq(d["source"], ap_path, "source")
eq(d["direction"]["source"], ap, "direction.source (side of the AP text)")
eq(d[ap]["id"], ap_path, f"{ap}.id")
check(d[ap]["coverage"] >= 0.60, f"AP side ({ap}) coverage >= 0.60, got {d[ap]['coverage']!r}")
in_range(d[cbc]["coverage"], 0.30, 0.50, f"CBC side ({cbc}) coverage")

def ap_to_cbc(kind, ap_word, cbc_word):
    a_text, b_text = (ap_word, cbc_word) if forward else (cbc_word, ap_word)
    check(len(find_edit(d, kind, a_text, b_text)) == 1,
          f"exactly one {kind} edit {a_text!r} -> {b_text!r}; the {kind} edits are "
          + repr([(e["a_text"], e["b_text"]) for e in edits_of(d, kind)]))

for ap_word, cbc_word in [("neighbors", "neighbours"), ("cooperation", "co-operation"),
                          ("coordinate", "co-ordinate"), ("Francois", "François")]:
    ap_to_cbc("respelling", ap_word, cbc_word)
for ap_word, cbc_word in [("Shiite", "Shia"), ("fresh", "raw"), ("Assad", "al-Assad")]:
    ap_to_cbc("substitution", ap_word, cbc_word)

# Text only in the CBC article: insertions when it is b, deletions when it is a.
cbc_only_kind = "insertion" if forward else "deletion"
cbc_text, ap_text = ("b_text", "a_text") if forward else ("a_text", "b_text")
cbc_only = [e for e in edits_of(d, cbc_only_kind) if e[ap_text] == ""]
check(all(e[cbc_text] != "" for e in cbc_only), f"every {cbc_only_kind} has text on the CBC side")
for name in ["John Baird", "Stephen Harper", "John Kerry"]:
    check(any(name in flat(e[cbc_text]) for e in cbc_only),
          f"some {cbc_only_kind} of CBC-only text whose {cbc_text} mentions {name!r}")
# ... and never the other way round
wrong_kind = "deletion" if forward else "insertion"
for name in ["John Baird", "Harper", "Kerry"]:
    check(not any(name in e["a_text"] + e["b_text"] for e in edits_of(d, wrong_kind)),
          f"no {wrong_kind} mentions {name!r}")
PY

    expect_exit 0 "$WIRETRACE" compare "$first" "$second"
    expect_stderr_empty
    expect_stdout_contains "relation:  rewrite"
    expect_stdout_contains "source:    $([[ $order == ap-cbc ]] && echo a || echo b) ($SEED_AP)"
done
