#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Generate wiretrace's UK/Canadian -> US spelling-variant table.

SPDX-License-Identifier: Apache-2.0

What it does
------------
Reads Debian's SCOWL-derived word lists (packages wamerican, wbritish,
wcanadian and, when installed, their -large editions):

    /usr/share/dict/american-english[-large]
    /usr/share/dict/british-english[-large]
    /usr/share/dict/canadian-english[-large]

and prints a tab-separated table ``variant<TAB>canonical`` on stdout, where
``variant`` is a British or Canadian spelling and ``canonical`` the US one
(e.g. ``neighbours<TAB>neighbors``).  Usage, from the repository root:

    apt-get install -y wamerican wbritish wcanadian \
        wamerican-large wbritish-large wcanadian-large
    python3 scripts/make_spelling_variants.py > core/data/spelling_variants.tsv

Options: ``--explain`` adds two columns (rule path, evidence class) and prints
the rejected candidates as ``#`` lines, for reviewing the rules.

How pairs are found
-------------------
Every lower-case ASCII word of the British and Canadian lists (the union) is
rewritten by the rules in ``RULES`` (-our/-or, -ise/-ize, -yse/-yze, -re/-er,
doubled/single l and other doubled consonants, -ogue/-og, -ence/-ense, ae/oe
-> e, -dgement/-dgment) and by the hand-written irregular rules in
``IRREGULAR`` (grey/gray, programme/program, plough/plow, ...), up to three
rewrites per word, so inflected and derived forms (neighbours, neighbouring,
colourisation, manoeuvring, ...) come out of the lists themselves.  A
candidate pair (v, u) is kept when v is in the British or Canadian list and u
is in the American list, and then by evidence class:

    A  v is not in the American list: v is a non-US spelling.     kept
    B  v is in the American list too, but u is not in the British list
       (the American list carries a few accepted UK forms such as "grey",
       "travelled", "catalogue"): a variant pair.                 kept
    C  v and u are both in both lists: usually two different words
       (tour/tor, four/for, tire/tier, filling/filing).          dropped,
       unless v matches ``ALLOW_BOTH`` (reviewed: programme, licence, ...).

Rules marked strict (-ise, -yse) keep only class A, because the American list
holds many words that are -ise in every dialect (advertise, analyses as the
plural of analysis).  Words in ``DENY`` and pairs in ``DENY_PAIRS`` were
rejected on review (a different US word, a proper noun, a rare or
wrong-direction form).  Each variant gets exactly one canonical form (fewest
rewrites, then stronger evidence, then alphabetical order); chains such as
tranquillise -> tranquillize -> tranquilize are followed to their end; and a
word that is the canonical form of any pair is never kept as a variant, so
folding is idempotent.

Output is sorted by variant and depends only on the installed word lists.
Standard library only.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from typing import Iterable

DICT_DIR = "/usr/share/dict"
ASCII_LOWER = re.compile(r"^[a-z]+$")
MAX_REWRITES = 3

# (name, pattern on the UK/CA form, replacement giving the US form, strict).
# Each rule is applied at each match position independently.
RULES: list[tuple[str, str, str, bool]] = [
    # colour/color, neighbours/neighbors, behaviour/behavior, saviour/savior
    ("our", r"(?<=[a-z]{2})our", "or", False),
    # organise/organize, realising/realizing, organisation/organization
    ("ise", r"(?<=[a-z]{2})is(?=e|ing|ation|ational|ations)", "iz", True),
    # analyse/analyze, paralysed/paralyzed, analysing/analyzing
    # (not -yses: analyses, paralyses are also plurals of -ysis nouns)
    ("yse", r"(?<=[a-z]{2})ys(?=e(?!s$)|ing)", "yz", True),
    # centre/center, metres/meters, theatregoer/theatergoer, fibre/fiber
    ("re", r"(?<=[a-z][bcdghtv])re(?=$|s$|less|piece|fold|goer|ward)", "er", False),
    # centred/centered, centring/centering, manoeuvred/maneuvered
    ("r-ed", r"(?<=[a-z][bcghtv])r(?=ed$|ing$|ings$)", "er", False),
    # catalogue/catalog, dialogues/dialogs
    ("ogue", r"ogue(?=s?$)", "og", False),
    # catalogued/cataloged, cataloguing/cataloging, cataloguer/cataloger
    ("ogu-ed", r"ogu(?=ed$|ing$|ers?$)", "og", False),
    # defence/defense, offences/offenses, licensed from licenced
    ("ence", r"(?<=[a-z]{2})enc(?=e|ing)", "ens", False),
    # anaemia/anemia, paediatric/pediatric, encyclopaedia/encyclopedia
    ("ae", r"^ae(?=st|ti|on)|(?<=[a-df-z])ae(?=[a-qs-z])", "e", False),
    # oestrogen/estrogen, foetus/fetus, manoeuvre/maneuver, diarrhoea/diarrhea
    ("oe", r"^oe(?=[a-z])|(?<=[a-np-z])oe(?=[a-qs-z])(?![sd]$)", "e", False),
    # travelled/traveled, cancelling/canceling, counsellor/counselor
    ("ll", r"(?<=[aeiou])ll(?=e|i|o|y)", "l", False),
    # enrol/enroll, fulfilment/fulfillment, skilful/skillful, instalment
    ("l-ll", r"(?<=[a-z][aeiou])l(?=$|s$|ment|ful|ness)", "ll", False),
    # worshipped/worshiped, kidnapper/kidnaper, focussed/focused
    ("pp-ss", r"([ps])\1(?=e|i)|(t)\2(?=ist)", r"\1\2", False),
    # judgement/judgment, acknowledgement/acknowledgment
    ("dgement", r"dge(?=ment)", "dg", False),
]

# Hand-written irregular pairs, as (name, pattern, replacement).  The same
# membership checks apply, so only forms present in the word lists come out.
# Deliberately absent, because the non-US form is an ordinary, different US
# word: cheque/check, tyre/tire, kerb/curb, storey/story, vice/vise,
# disc/disk, carat/karat, whisky/whiskey (Scotch whisky is spelled so in the
# US too), daemon/demon, timbre/timber, canvass/canvas, busses/buses.
IRREGULAR: list[tuple[str, str, str]] = [
    ("programme", r"^programme(?=s?$)", "program"),
    ("grey", r"grey(?!hound)", "gray"),
    ("plough", r"plough", "plow"),
    ("draught", r"draught", "draft"),
    ("aluminium", r"aluminium", "aluminum"),
    ("jewellery", r"jewellery", "jewelry"),
    ("mould", r"mould", "mold"),
    ("moult", r"moult", "molt"),
    ("smoulder", r"smoulder", "smolder"),
    ("moustache", r"moustach", "mustach"),
    ("pyjama", r"pyjama", "pajama"),
    ("sceptic", r"sceptic", "skeptic"),
    ("cosy", r"^cos(?=y$|ie|ily|iness)", "coz"),
    ("doughnut", r"doughnut", "donut"),
    ("ageing", r"^ageing$", "aging"),
    ("artefact", r"artefact", "artifact"),
    ("axe", r"^axe$", "ax"),
    ("sulphur", r"sulph", "sulf"),
    ("yoghurt", r"yogh?o?urt", "yogurt"),
    ("gaol", r"^gaol", "jail"),
    ("practise", r"practis(?=e|ing)", "practic"),
    ("pretence", r"pretenc", "pretens"),
    ("titbit", r"titbit", "tidbit"),
    ("mollusc", r"mollusc(?=s?$)", "mollusk"),
    ("chilli", r"^chilli(?=$|es$)", "chili"),
    ("liquorice", r"liquorice", "licorice"),
    ("omelette", r"omelette", "omelet"),
    ("aeroplane", r"aeroplane", "airplane"),
    ("furore", r"^furore", "furor"),
    ("pedlar", r"pedlar", "peddler"),
    ("speciality", r"specialit(?=y|ies)", "specialt"),
    ("waggon", r"waggon", "wagon"),
    ("gramme", r"gramme(?=s?$)", "gram"),
    ("connexion", r"^connexion(?=s?$)", "connection"),
    ("behove", r"^behov(?=e|ed|es|ing)", "behoov"),
    ("learnt", r"^learnt$", "learned"),
    ("spoilt", r"^spoilt$", "spoiled"),
    ("dreamt", r"^dreamt$", "dreamed"),
    ("kerosine", r"kerosine", "kerosene"),
    ("manoeuvre", r"manoeuvre", "maneuver"),
]

# Class C pairs (v and u in both lists) reviewed as true spelling variants.
# Whole-word regular expressions, one family per line.
ALLOW_BOTH = re.compile("^(?:" + "|".join([
    r"programmes?", r".*grammes?",                      # programme, kilogramme
    r"licen[cs].*", r"pretence.*", r"practis.*",
    r"dialogues?", r"analogues?", r"uncatalogued",
    r"ageing", r"learnt", r"spoilt", r"kerosine",
    r".*dgements?", r"judgemental",                    # judgement, lodgement
    r".*sulph.*", r"yogh.*", r"doughnuts?", r"moustachio.*",
    r"(un|re)?focuss.*", r"(un)?biass.*", r"caucuss.*", r"choruss.*",
    r"nonpluss.*", r"surpluss.*", r"plusses", r"premisses",
    r".+busses",                                       # omnibusses, not busses
    r"gossipp.*", r"chirrupp.*",
    r"(un)?plough.*", r"draught.*", r"manoeuvr.*", r"mould.*",
    r"sceptic.*", r"artefact.*", r"grey(back|beards?)",
    r"enrol.*", r"fulfil.*", r"instal.*", r"distil.*", r"instil.*",
    r"skilful.*", r"wilful.*", r"appal.*", r"(dis)?enthral.*",
    r"dulness", r"fulness",
    r"callip.*", r"crenell.*", r"grovell.*", r"hostell.*", r"laterall.*",
    r"lintell.*", r"marshaller", r"parallell.*", r"portall.*",
    r"precancell.*", r"untravelled", r"evill.*", r"loyall.*",
    r"tranquill.*", r"woolly", r"woolli.*", r"hullaballoo",
    r"postillions?", r"vermillion", r"glamourous",
    r"aeons?", r"anapaests?", r"archaeologically", r"(un)?aesthetic.*",
    r"(en)?cyclopaedi.*", r"caesar[ei]ans?", r"caesura.*", r"caec(a|um)",
    r"mediaeval", r"primaeval", r"hyaenas?", r"haemostats?",
    r"hypoglycaemia", r"palaeography", r"naev(i|us)", r"bougainvillaeas?",
    r"athenaeums?", r"chamaeleons?", r"praesidiums?", r"paeony",
    r"foet(al|us|uses)", r"oenology", r"pharmacopoeias?",
]) + ")$")

# Rejected on review: the US form is a different word, a rare form, a
# proper noun, or a Latin/technical word that is not a UK/US variant.
DENY: set[str] = {
    "aegis", "aedile", "amourist", "amourists", "bael", "baels",
    "caesar", "camise", "daedal", "daeva", "faitour", "frise",
    "frisette", "goer", "goey", "gooey", "haem", "kaed", "loesses",
    "lustring", "maenad", "maenadic", "maenads", "maigre", "matres",
    "maugre", "oecus", "ombre", "pandoura", "praenomen", "praenomens",
    "prise", "prised", "prises", "prising", "proemial", "quaestionary",
    "saeta", "stour", "tabouret", "tabourets", "taels",
    "trichloroethylene", "ventre", "ventres", "extol", "extols",
    "dioecious", "prosopopoeia", "prosopopoeias", "thermaesthesia",
    "cancellous", "stentour", "stentours",
    # legal "seise" (seisin) is not the verb "seize"
    "disseise", "seiser", "seisers", "seisings",
}

# Pairs rejected on review although the variant word itself is fine: the
# American list also carries a rarer form that is not the usual US spelling.
DENY_PAIRS: set[tuple[str, str]] = {
    ("crystallize", "crystalize"), ("crystallized", "crystalized"),
    ("crystallizes", "crystalizes"), ("crystallizing", "crystalizing"),
}


def dict_path(name: str) -> list[str]:
    """Existing files for one dialect, regular and -large editions."""
    paths = []
    for suffix in ("", "-large"):
        p = os.path.join(DICT_DIR, f"{name}-english{suffix}")
        if os.path.exists(p):
            paths.append(p)
    if not paths:
        sys.exit(f"make_spelling_variants: no {DICT_DIR}/{name}-english; "
                 f"apt-get install w{name}")
    return paths


def load(paths: Iterable[str]) -> set[str]:
    """Lower-case ASCII words (possessives and capitalised entries dropped)."""
    words: set[str] = set()
    for p in paths:
        with open(p, encoding="utf-8", errors="replace") as f:
            for line in f:
                w = line.strip()
                if ASCII_LOWER.match(w):
                    words.add(w)
    return words


def compiled_rules() -> list[tuple[str, re.Pattern[str], str, bool]]:
    out = [(n, re.compile(p), r, s) for n, p, r, s in RULES]
    out += [(n, re.compile(p), r, False) for n, p, r in IRREGULAR]
    return out


def rewrites(word: str, rules) -> list[tuple[str, str, bool]]:
    """All words reachable by one rule applied at one position."""
    out = []
    for name, pat, repl, strict in rules:
        for m in pat.finditer(word):
            new = word[:m.start()] + m.expand(repl) + word[m.end():]
            if new != word:
                out.append((new, name, strict))
    return out


def candidates(word: str, rules) -> dict[str, tuple[tuple[str, ...], bool]]:
    """US-form candidates for word: {candidate: (rule path, strict)}."""
    seen: dict[str, tuple[tuple[str, ...], bool]] = {word: ((), False)}
    frontier = [word]
    for _ in range(MAX_REWRITES):
        nxt = []
        for w in frontier:
            path, strict = seen[w]
            for new, name, s in rewrites(w, rules):
                if new not in seen:
                    seen[new] = (path + (name,), strict or s)
                    nxt.append(new)
        frontier = sorted(nxt)
    del seen[word]
    return seen


def build(american: set[str], british: set[str], canadian: set[str]):
    rules = compiled_rules()
    uk = british | canadian
    kept: dict[str, list[tuple[int, str, str, str]]] = {}
    rejected: list[tuple[str, str, str, str]] = []
    for v in sorted(uk):
        if v in DENY:
            continue
        for u, (path, strict) in sorted(candidates(v, rules).items()):
            if u not in american or (v, u) in DENY_PAIRS:
                continue
            if v not in american:
                cls = "A"
            elif u not in british:
                cls = "B"
            else:
                cls = "C"
            why = "+".join(path)
            if strict and cls != "A":
                rejected.append((v, u, why, cls + "-strict"))
                continue
            if cls == "C" and not ALLOW_BOTH.match(v):
                rejected.append((v, u, why, cls))
                continue
            rank = len(path) * 10 + "ABC".index(cls)
            kept.setdefault(v, []).append((rank, u, why, cls))

    # One canonical per variant: fewest rewrites, best evidence, then a-z.
    table = {v: min(opts) for v, opts in kept.items()}
    # Follow chains (tranquillise -> tranquillize -> tranquilize) so that
    # every variant points at the end of its chain.
    for v in sorted(table):
        rank, u, why, cls = table[v]
        seen = {v}
        while u in table and u not in seen:
            seen.add(u)
            _, u2, why2, cls2 = table[u]
            u, why, cls = u2, why + ">" + why2, max(cls, cls2)
        if u in seen:          # a cycle: leave it to the check below
            continue
        table[v] = (rank, u, why, cls)
    # Idempotence: a canonical form is never itself a variant.  Drop the
    # weaker pair until no word is on both sides.
    changed = True
    while changed:
        changed = False
        canon = {u for _, u, _, _ in table.values()}
        for v in sorted(table):
            if v in canon:
                rejected.append((v, table[v][1], table[v][2], "is-canonical"))
                del table[v]
                changed = True
    return table, rejected


HEADER = """\
# wiretrace spelling-variant table: UK/Canadian spelling -> US spelling.
#
# Format: one pair per line, variant<TAB>canonical, lower-case ASCII.
#   variant   = British or Canadian spelling (e.g. neighbours)
#   canonical = US spelling it folds to      (e.g. neighbors)
# Lines starting with '#' are comments.  Every variant has exactly one
# canonical form and no canonical form is ever a variant, so folding is
# idempotent.  Sorted by variant.
#
# Generated (do not edit by hand; change the script and regenerate):
#   apt-get install -y wamerican wbritish wcanadian \\
#       wamerican-large wbritish-large wcanadian-large
#   python3 scripts/make_spelling_variants.py > core/data/spelling_variants.tsv
# from Debian's SCOWL word lists in /usr/share/dict:
#   {lists}
# Rules: -our/-or, -ise/-ize, -yse/-yze, -re/-er, doubled consonants,
# -ogue/-og, -ence/-ense, ae/oe -> e, -dgement/-dgment, plus hand-written
# irregular pairs; reviewed exclusions are listed in the script.
# Pairs: {count}
"""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--explain", action="store_true",
                    help="show rule path and evidence class; list rejects")
    args = ap.parse_args()

    paths = {d: dict_path(d) for d in ("american", "british", "canadian")}
    american = load(paths["american"])
    british = load(paths["british"])
    canadian = load(paths["canadian"])
    table, rejected = build(american, british, canadian)

    lists = ", ".join(os.path.basename(p) for d in paths.values() for p in d)
    out = sys.stdout
    out.write(HEADER.format(lists=lists, count=len(table)))
    for v in sorted(table):
        _, u, why, cls = table[v]
        if args.explain:
            out.write(f"{v}\t{u}\t{why}\t{cls}\n")
        else:
            out.write(f"{v}\t{u}\n")
    if args.explain:
        for v, u, why, cls in sorted(rejected):
            out.write(f"#REJECT\t{v}\t{u}\t{why}\t{cls}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
