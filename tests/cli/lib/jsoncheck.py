"""Semantic checks on wiretrace JSON for the CLI tests (see common.sh, json_check).

Usage: python3 jsoncheck.py CODE FILE...   CODE runs with these names defined:
  d, docs            the first parsed file, and all of them
  paths              the file names
  eq(actual, expected, what)       exact equality
  same_items(actual, expected, what)  equal as multisets (lists any missing and extra items)
  check(cond, what)                a condition
  in_range(x, lo, hi, what)        lo <= x <= hi
  edits_of(doc, kind=None)         the edits, optionally of one kind
  find_edit(doc, kind, a_text, b_text)  the edits with exactly this kind and these texts
  flat(text)                       whitespace runs (NBSP too) as one space
All failures are printed; the exit status is 1 when any check failed.
"""
import json
import sys
from collections import Counter

failures = []


def short(value, limit=300):
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + f"... ({len(text)} chars)"


def eq(actual, expected, what):
    if actual != expected:
        failures.append(f"{what}: expected {short(expected)}, got {short(actual)}")
        return False
    return True


def same_items(actual, expected, what):
    actual, expected = Counter(actual), Counter(expected)
    if actual == expected:
        return True
    lines = [f"{what}: the items differ"]
    lines += [f"    missing: {short(x)}" for x in (expected - actual)]
    lines += [f"    unexpected: {short(x)}" for x in (actual - expected)]
    failures.append("\n".join(lines))
    return False


def check(cond, what):
    if not cond:
        failures.append(what)
    return bool(cond)


def in_range(x, lo, hi, what):
    if not isinstance(x, (int, float)) or not lo <= x <= hi:
        failures.append(f"{what}: expected in [{lo}, {hi}], got {short(x)}")
        return False
    return True


def edits_of(doc, kind=None):
    return [e for e in doc["edits"] if kind is None or e["kind"] == kind]


def find_edit(doc, kind, a_text, b_text):
    return [e for e in doc["edits"] if e["kind"] == kind and e["a_text"] == a_text and e["b_text"] == b_text]


def flat(text):
    return " ".join(text.split())


def main():
    code, paths = sys.argv[1], sys.argv[2:]
    docs = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            try:
                docs.append(json.load(f))
            except json.JSONDecodeError as e:
                print(f"{path}: not valid JSON: {e}")
                return 1
    names = dict(d=docs[0] if docs else None, docs=docs, paths=paths, eq=eq, same_items=same_items, check=check, in_range=in_range,
                 edits_of=edits_of, find_edit=find_edit, flat=flat)
    try:
        exec(compile(code, "<json_check>", "exec"), names)
    except Exception as e:  # a missing key or a wrong type is a failed check too
        failures.append(f"check code raised {type(e).__name__}: {e}")
    for f in failures:
        print(f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
