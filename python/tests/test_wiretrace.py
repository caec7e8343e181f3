# SPDX-License-Identifier: Apache-2.0
# The Python module against the CLI: every answer is checked against what the wiretrace binary
# writes for the same inputs (its JSON, JSONL and text reports), not against remembered values.
import json
import os
import subprocess
import sys
import threading
import time

import pytest

import wiretrace
from conftest import read_jsonl, without_timings


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


# --- compare ----------------------------------------------------------------------------------

def test_compare_is_the_cli_json(cli, seeds):
    a, b = seeds
    expected = json.loads(cli("compare", "-f", "json", a, b).stdout)
    got = wiretrace.compare(read(a), read(b), id_a=a, id_b=b)
    assert got.to_dict() == expected
    assert got.relation == expected["relation"] == "rewrite"
    assert got.source == a
    assert (got.coverage_a, got.coverage_b) == (expected["a"]["coverage"], expected["b"]["coverage"])


def test_compare_text_report_is_the_cli_text(cli, seeds):
    a, b = seeds
    assert wiretrace.compare(read(a), read(b), id_a=a, id_b=b).text() == cli("compare", a, b).stdout
    assert wiretrace.compare(read(a), read(b), id_a=a, id_b=b).text(width=60) == cli("compare", "--width", 60, a, b).stdout


def test_compare_options_reach_the_engine(cli, seeds):
    a, b = seeds
    expected = json.loads(cli("compare", "-f", "json", "--minhash-size", 64, "--b-time", "2014-09-15",
                              "--a-outlet", "AP", a, b).stdout)
    got = wiretrace.compare(read(a), read(b), id_a=a, id_b=b, minhash_size=64, b_time="2014-09-15", a_outlet="AP")
    assert got.to_dict() == expected
    assert got.to_dict()["scores"]["minhash_size"] == 64


def test_acceptance_command_prints_relation_source_and_coverages(cli, seeds):
    """The issue's acceptance: python3 -c "import wiretrace; print(wiretrace.compare(...))"."""
    a, b = seeds
    expected = json.loads(cli("compare", "-f", "json", a, b).stdout)
    code = f"import wiretrace; print(wiretrace.compare(open({a!r}).read(), open({b!r}).read()))"
    printed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    side = expected["direction"]["source"]
    assert printed == (f"Comparison(relation='{expected['relation']}', grade='{expected['grade']}', "
                       f"source='{side}', coverage_a={expected['a']['coverage']:.4f}, "
                       f"coverage_b={expected['b']['coverage']:.4f})\n")


def test_unrelated_texts(cli, seeds, tmp_path):
    a, _ = seeds
    other = "The council voted on Tuesday to close the swimming pool for the winter months. " * 5
    (tmp_path / "other.txt").write_text(other)
    got = wiretrace.compare(read(a), other)
    expected = json.loads(cli("compare", "-f", "json", a, tmp_path / "other.txt").stdout)
    assert got.relation == expected["relation"] == "unrelated"
    assert not got.related and got.source is None


# --- errors -----------------------------------------------------------------------------------

def cli_error(result):
    """The message of `wiretrace: error: MESSAGE` on the CLI's standard error."""
    assert result.returncode == 2, result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith("wiretrace: error: ")
    return first[len("wiretrace: error: "):]


def test_bad_option_value_raises_the_cli_message(cli, seeds):
    a, b = seeds
    expected = cli_error(cli("compare", "--minhash-size", 0, a, b, check=False))
    with pytest.raises(wiretrace.WiretraceError) as e:
        wiretrace.compare("x", "y", minhash_size=0)
    assert str(e.value) == expected
    assert e.value.code == "bad_argument"


def test_unknown_option_raises():
    with pytest.raises(wiretrace.WiretraceError, match="no_such_option|no-such-option"):
        wiretrace.compare("x", "y", no_such_option=3)


def test_bad_time_raises_the_cli_message(cli, seeds):
    a, b = seeds
    expected = cli_error(cli("compare", "--a-time", "yesterday", a, b, check=False))
    with pytest.raises(wiretrace.WiretraceError) as e:
        wiretrace.compare(read(a), read(b), a_time="yesterday")
    assert str(e.value) == expected


def test_binary_and_invalid_utf8_texts_raise():
    with pytest.raises(wiretrace.WiretraceError) as e:
        wiretrace.compare("a\0b", "text")
    assert e.value.code == "binary_input"
    with pytest.raises(wiretrace.WiretraceError) as e:
        wiretrace.compare(b"caf\xe9 au lait " * 10, "text")
    assert e.value.code == "bad_utf8"
    # repaired on request, as with --repair-utf8
    assert wiretrace.compare(b"caf\xe9 au lait " * 10, "text", repair_utf8=True).relation == "unrelated"


def test_missing_index_raises_the_cli_message(cli, tmp_path):
    db = tmp_path / "none.db"
    expected = cli_error(cli("index", "stats", "--db", db, check=False))
    with pytest.raises(wiretrace.WiretraceError) as e:
        wiretrace.Index(db).stats()
    assert str(e.value) == expected


def test_missing_scan_input_raises_the_cli_message(cli, tmp_path):
    path = tmp_path / "missing.jsonl"
    expected = cli_error(cli("scan", path, check=False))
    with pytest.raises(wiretrace.WiretraceError) as e:
        wiretrace.scan(path)
    assert str(e.value) == expected
    assert e.value.code == "io"


def test_articles_of_the_wrong_type_raise():
    with pytest.raises(TypeError):
        wiretrace.scan([{"id": "1", "text": "x"}, "a/path.jsonl"])
    with pytest.raises(TypeError):
        wiretrace.scan([3])


# --- scan -------------------------------------------------------------------------------------

def test_scan_of_a_gen_corpus_is_the_cli_jsonl(cli, corpus):
    path, _ = corpus
    expected = read_jsonl(cli("scan", "-f", "jsonl", "-q", path).stdout)
    result = wiretrace.scan(path)
    assert without_timings(result.records()) == without_timings(expected)
    clusters = [line for line in expected if line["type"] == "cluster"]
    assert len(result.clusters) == len(clusters) > 0
    assert [c.root for c in result.clusters] == [c["root"] for c in clusters]
    members = {(m["cluster"], m["id"]) for m in expected if m["type"] == "member"}
    assert {(c.number, i) for c in result.clusters for i in c.ids} == members
    assert len(result.pairs) == sum(line["type"] == "pair" for line in expected)
    assert result.summary["schema"] == "wiretrace.scan/1"


def test_scan_of_dicts_equals_the_scan_of_their_file(corpus):
    path, _ = corpus
    with open(path, encoding="utf-8") as f:
        articles = [json.loads(line) for line in f]
    from_file = wiretrace.scan(path)
    from_dicts = wiretrace.scan(iter(articles))  # any iterable: a generator is read once
    assert without_timings(from_dicts.records()) == without_timings(from_file.records())


def test_scan_options_and_skipped_records(cli, tmp_path):
    base = "PARIS (AP) - The minister said on Monday that the talks would resume next week in Geneva. " * 4
    articles = [{"doc": "1", "body": base}, {"doc": "2", "body": base + "With files from AP."},
                {"doc": "3"}]
    with pytest.warns(RuntimeWarning, match="skipped"):
        result = wiretrace.scan(articles, id_field="doc", text_field="body")
    assert result.summary["skipped"] == 1
    assert [p.relation for p in result.pairs] == ["near-duplicate"]


def test_iter_scan_yields_the_same_records(corpus):
    path, _ = corpus
    records = list(wiretrace.iter_scan(path))
    whole = wiretrace.scan(path)
    flat = [r if isinstance(r, dict) else r.to_dict() for r in records]
    assert without_timings(flat) == without_timings(whole.records())
    assert isinstance(records[0], wiretrace.Cluster) and isinstance(records[-1], dict)


def test_to_dict_groups_the_jsonl_objects(corpus):
    path, _ = corpus
    result = wiretrace.scan(path)
    d = result.to_dict()
    assert [c["root"] for c in d["clusters"]] == [c.root for c in result.clusters]
    assert d["clusters"][0]["members"][0] == result.clusters[0].members[0].to_dict()
    assert d["pairs"] == [p.to_dict() for p in result.pairs]
    # a copy: changing it changes nothing in the result
    d["pairs"][0]["relation"] = "changed"
    assert result.pairs[0].relation != "changed"


def test_to_pandas_rows(monkeypatch, corpus):
    """pandas is optional: without it to_pandas says so; with it the rows are the pair lines."""
    path, _ = corpus
    result = wiretrace.scan(path)
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas -> ImportError
    with pytest.raises(ImportError, match="pandas"):
        result.to_pandas()

    class FakePandas:
        @staticmethod
        def DataFrame(rows):
            return rows

    monkeypatch.setitem(sys.modules, "pandas", FakePandas)
    rows = result.to_pandas()
    assert len(rows) == len(result.pairs)
    assert rows[0]["a"] == result.pairs[0].a and "type" not in rows[0]
    assert len(result.members_to_pandas()) == sum(len(c.members) for c in result.clusters)


# --- index and check --------------------------------------------------------------------------

def test_index_add_check_remove_round_trip(cli, corpus, tmp_path):
    path, _ = corpus
    with open(path, encoding="utf-8") as f:
        articles = [json.loads(line) for line in f]
    known, new = articles[:100], articles[100:]
    db = tmp_path / "known.db"
    index = wiretrace.Index(db)
    counts = index.add(known)
    assert counts["added"] == 100 and counts["documents"] == 100 and counts["skipped"] == 0
    assert index.add(known[:10])["duplicates"] == 10  # stored ids are skipped
    stats = index.stats()
    assert stats == json.loads(cli("index", "stats", "-f", "json", "--db", db).stdout)
    assert stats["documents"] == len(index) == 100

    # check: the same answer as `wiretrace check -f json` for the same articles
    (tmp_path / "new.jsonl").write_text("".join(json.dumps(a) + "\n" for a in new))
    expected = json.loads(cli("check", "-f", "json", "-q", "--db", db, tmp_path / "new.jsonl").stdout)
    got = index.check(new)
    assert got.to_dict()["articles"] == expected["articles"]
    assert [a.id for a in got.articles] == [a["id"] for a in new]
    matched = [a for a in got.articles if a.matches]
    assert len(matched) == expected["summary"]["matched"] > 0
    assert matched[0].matches[0].known_id == expected["articles"][got.articles.index(matched[0])]["matches"][0]["known"]["id"]

    # remove: a known story goes, and no article matches it any more
    gone = matched[0].matches[0].known_id
    assert index.remove([gone, "no-such-id"]) == ["no-such-id"]
    assert len(index) == 99
    again = index.check(new)
    assert all(m.known_id != gone for a in again.articles for m in a.matches)


# --- lab --------------------------------------------------------------------------------------

def test_gen_writes_the_cli_corpus_and_eval_scores_it(cli, corpus, tmp_path):
    path, truth = corpus
    wiretrace.gen(tmp_path / "c.jsonl", tmp_path / "t.tsv", docs=120, seed=7)
    assert (tmp_path / "c.jsonl").read_bytes() == path.read_bytes()
    assert (tmp_path / "t.tsv").read_bytes() == truth.read_bytes()

    cli("scan", "-f", "jsonl", "-q", "-o", tmp_path / "scan.jsonl", path)
    expected = json.loads(cli("eval", "-f", "json", "--truth", truth, tmp_path / "scan.jsonl").stdout)
    got = wiretrace.evaluate(wiretrace.scan(path), truth)
    for d in (expected, got):
        d.pop("results")
    assert got == expected
    assert got["pairs"]["f1"] > 0.5
    assert wiretrace.eval is wiretrace.evaluate


def test_gen_bad_option_raises(cli, tmp_path):
    expected = cli_error(cli("gen", "--docs", 0, "-o", tmp_path / "x.jsonl", check=False))
    with pytest.raises(wiretrace.WiretraceError) as e:
        wiretrace.gen(tmp_path / "y.jsonl", docs=0)
    assert str(e.value) == expected


# --- the GIL ----------------------------------------------------------------------------------

def longest_pause_while(job):
    """Runs job() in a thread while this thread loops; returns (the job's seconds, the longest
    pause between two turns of the loop, the turns)."""
    done = threading.Event()
    span = {}

    def work():
        start = time.perf_counter()
        try:
            job()
        finally:
            span["seconds"] = time.perf_counter() - start
            done.set()

    thread = threading.Thread(target=work)
    last = time.perf_counter()
    longest = 0.0
    turns = 0
    thread.start()
    while not done.is_set():
        now = time.perf_counter()
        longest = max(longest, now - last)
        last = now
        turns += 1
    thread.join()
    return span["seconds"], longest, turns


def test_the_engine_releases_the_gil(tmp_path):
    """While a scan runs in a thread, the main thread keeps running Python: the longest pause
    between its loop turns stays far below the scan's duration (held, the GIL would stop the
    loop for the whole scan)."""
    wiretrace.gen(tmp_path / "c.jsonl", docs=800, seed=2)
    seconds, longest, turns = longest_pause_while(lambda: wiretrace.scan(tmp_path / "c.jsonl", threads=1))
    assert seconds > 0.3, "the scan must be long enough to tell"
    assert longest < seconds / 4, (longest, seconds)
    assert turns > 1000


def test_outlet_lists_decide_the_direction(cli, seeds, tmp_path):
    """wire_outlets= and aggregators= are the CLI's --wire-outlets and --aggregators: the same
    JSON, and a copy whose texts cannot tell its source gets one from the lists."""
    a, _ = seeds
    text = read(a)
    copy = text.replace("Islamic State", "ISIS", 1)
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_text(copy, encoding="utf-8")
    (tmp_path / "wire.txt").write_text("# wire\nMetro Wire\n", encoding="utf-8")
    (tmp_path / "agg.txt").write_text("News Roundup\n", encoding="utf-8")
    outlets = {"a_outlet": "News Roundup", "b_outlet": "Metro Wire"}
    alone = wiretrace.compare(text, copy, **outlets)
    assert alone.source is None
    for lists in ({"wire_outlets": tmp_path / "wire.txt"}, {"aggregators": tmp_path / "agg.txt"}):
        got = wiretrace.compare(text, copy, **outlets, **lists)
        flags = [arg for key, value in lists.items() for arg in ("--" + key.replace("_", "-"), value)]
        expected = json.loads(cli("compare", "-f", "json", "--a-outlet", "News Roundup", "--b-outlet", "Metro Wire",
                                  *flags, tmp_path / "a.txt", tmp_path / "b.txt").stdout)
        assert got.source == "b" and expected["direction"]["source"] == "b"
        assert got.to_dict()["direction"] == expected["direction"]
    with pytest.raises(wiretrace.WiretraceError, match="no-such-list"):
        wiretrace.compare(text, copy, wire_outlets=tmp_path / "no-such-list.txt")
