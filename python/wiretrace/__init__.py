# SPDX-License-Identifier: Apache-2.0
"""wiretrace: finds syndicated and near-duplicate news articles, from Python.

The engine is the one the ``wiretrace`` command runs (the compiled ``_wiretrace`` extension);
this layer turns Python values into its inputs and its JSON reports into objects:

* :func:`compare` two texts -> :class:`Comparison` (relation, source, coverages; the
  ``wiretrace.compare/1`` object by :meth:`Comparison.to_dict`);
* :func:`scan` articles (dicts, or paths the CLI reads) -> :class:`ScanResult` (clusters and
  pairs); :func:`iter_scan` yields the same records one at a time for large dumps;
* :class:`Index` (``add``, ``check``, ``remove``, ``stats``): the persistent index;
* :func:`gen` and :func:`evaluate` (also ``eval``): the lab's corpus generator and evaluator.

Keyword options are the CLI's long options with ``-`` written ``_`` (``minhash_size=64`` is
``--minhash-size 64``; ``all_relations=True`` is the flag ``--all-relations``); they are checked
by the CLI's own parser, so a bad value raises :class:`WiretraceError` with the CLI's message.
The engine runs with the GIL released: other Python threads go on meanwhile.
"""

from __future__ import annotations

import copy
import datetime as _datetime
import json
import os
import tempfile
import warnings
from typing import Any, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple, Union

from . import _wiretrace as _engine

__all__ = [
    "WiretraceError", "compare", "Comparison", "scan", "iter_scan", "ScanResult", "Cluster", "Member",
    "Pair", "Index", "CheckResult", "CheckedArticle", "Match", "gen", "evaluate", "eval",
]

#: An error of the engine; ``str(e)`` is the message the CLI prints after ``wiretrace: error:``,
#: ``e.code`` its category: "io", "not_a_file", "binary_input", "bad_utf8", "too_large",
#: "bad_argument" or "bad_format".
WiretraceError = _engine.WiretraceError

PathLike = Union[str, "os.PathLike[str]"]


# --- arguments --------------------------------------------------------------------------------

def _cli_args(options: Dict[str, Any]) -> List[str]:
    """Keyword options as CLI flags: ``minhash_size=64`` -> ``["--minhash-size", "64"]``; True a
    bare flag, False and None left out."""
    args: List[str] = []
    for name, value in options.items():
        flag = "--" + name.replace("_", "-")
        if value is None or value is False:
            continue
        if value is True:
            args.append(flag)
        else:
            args += [flag, str(value)]
    return args


def _json_default(value: Any) -> Any:
    """Dates and times of article dicts as ISO-8601 (what the readers parse)."""
    if isinstance(value, (_datetime.datetime, _datetime.date)):
        return value.isoformat()
    raise TypeError(f"an article field of type {type(value).__name__} is not JSON")


class _Inputs:
    """What the engine reads from Python articles: paths as they are; dicts written one a line to
    a temporary JSONL file (streamed, not held in memory), removed on exit."""

    def __init__(self, articles: Any) -> None:
        self._articles = articles
        self._tmp: Optional[tempfile.TemporaryDirectory] = None

    def __enter__(self) -> List[str]:
        articles = self._articles
        if isinstance(articles, (str, os.PathLike)):
            return [os.fspath(articles)]
        if isinstance(articles, dict):
            articles = [articles]
        if isinstance(articles, (bytes, bytearray)):
            raise TypeError("articles: give paths (str, os.PathLike) or dicts, not bytes")
        paths: List[str] = []
        iterator = iter(articles)
        handle = None
        for item in iterator:
            if isinstance(item, dict):
                if paths:
                    raise TypeError("articles: either paths or dicts, not both")
                if handle is None:
                    self._tmp = tempfile.TemporaryDirectory(prefix="wiretrace-")
                    handle = open(os.path.join(self._tmp.name, "articles.jsonl"), "w", encoding="utf-8")
                handle.write(json.dumps(item, ensure_ascii=False, default=_json_default))
                handle.write("\n")
            elif isinstance(item, (str, os.PathLike)):
                if handle is not None:
                    raise TypeError("articles: either paths or dicts, not both")
                paths.append(os.fspath(item))
            else:
                raise TypeError(f"articles: each one a dict or a path, not {type(item).__name__}")
        if handle is not None:
            handle.close()
            return [handle.name]
        if not paths:
            raise ValueError("articles: none given")
        return paths

    def __exit__(self, *exc: Any) -> None:
        if self._tmp is not None:
            self._tmp.cleanup()


def _warn(messages: Sequence[str]) -> None:
    """The records the engine skipped, as the CLI's warnings."""
    for message in messages:
        warnings.warn(f"wiretrace: {message}", RuntimeWarning, stacklevel=3)


def _pandas():
    try:
        import pandas
    except ImportError as e:
        raise ImportError("to_pandas needs pandas (apt-get install python3-pandas); "
                          "to_dict gives the same data as plain dicts") from e
    return pandas


class _JsonObject:
    """An object of one of wiretrace's JSON schemas (README, "Output formats"), read-only."""

    __slots__ = ("_data",)

    def __init__(self, data: Dict[str, Any]) -> None:
        self._data = data

    def to_dict(self) -> Dict[str, Any]:
        """The JSON object exactly as the CLI writes it (a deep copy)."""
        return copy.deepcopy(self._data)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other._data == self._data  # type: ignore[attr-defined]

    __hash__ = None  # type: ignore[assignment]


# --- compare ----------------------------------------------------------------------------------

class Comparison(_JsonObject):
    """Two texts compared: the ``wiretrace.compare/1`` object of ``wiretrace compare -f json``.

    ``relation``, ``grade``, ``source`` (the id of the source text, None when undecided),
    ``source_side`` ("a", "b" or None), ``coverage_a``/``coverage_b`` (aligned share of each
    text's words) and the other figures are read from it; :meth:`text` and :meth:`html` render
    the CLI's text and HTML reports of the same pair.
    """

    __slots__ = ("_render",)

    def __init__(self, data: Dict[str, Any], render: Any) -> None:
        super().__init__(data)
        self._render = render

    @property
    def relation(self) -> str:
        """duplicate, near-duplicate, rewrite, same-story or unrelated."""
        return self._data["relation"]

    @property
    def grade(self) -> Optional[str]:
        """How a derived pair was made: verbatim, light or heavy (None when not derived)."""
        return self._data.get("grade")

    @property
    def source(self) -> Optional[str]:
        """The id of the text the other derives from; None when undecided."""
        return self._data["source"]

    @property
    def source_side(self) -> Optional[str]:
        """"a" or "b": which text is the source; None when undecided."""
        return self._data["direction"]["source"]

    @property
    def decided_by(self) -> Optional[str]:
        """The direction evidence that named the source (e.g. "wire-dateline")."""
        return self._data["direction"]["decided_by"]

    @property
    def coverage_a(self) -> float:
        """Aligned share of a's words (four decimals, as in the JSON)."""
        return self._data["a"]["coverage"]

    @property
    def coverage_b(self) -> float:
        """Aligned share of b's words."""
        return self._data["b"]["coverage"]

    @property
    def jaccard(self) -> float:
        """Exact shingle Jaccard of the two texts."""
        return self._data["scores"]["jaccard"]

    @property
    def cosine(self) -> float:
        """TF-IDF cosine of the two texts."""
        return self._data["scores"]["cosine"]

    @property
    def related(self) -> bool:
        """True unless the relation is unrelated (the CLI's exit status 0)."""
        return self.relation != "unrelated"

    def text(self, width: int = 100) -> str:
        """The CLI's text report: figures, direction evidence, passages side by side, edits."""
        return self._render("text", width)

    def html(self) -> str:
        """The CLI's self-contained HTML page of the pair."""
        return self._render("html", None)

    def _repr_html_(self) -> str:  # Jupyter shows the pair view
        return self.html()

    def __repr__(self) -> str:
        grade = f", grade={self.grade!r}" if self.grade else ""
        return (f"Comparison(relation={self.relation!r}{grade}, source={self.source!r}, "
                f"coverage_a={self.coverage_a:.4f}, coverage_b={self.coverage_b:.4f})")


def compare(a: Union[str, bytes], b: Union[str, bytes], *, id_a: str = "a", id_b: str = "b",
            **options: Any) -> Comparison:
    """Compares two article texts as ``wiretrace compare A B`` compares two files.

    ``a`` and ``b`` are the texts (str, or UTF-8 bytes); ``id_a`` and ``id_b`` name them in the
    result (``source`` is one of them). Options: ``a_time``/``b_time`` (ISO-8601),
    ``a_outlet``/``b_outlet``, ``repair_utf8``, and the engine options of the CLI
    (``minhash_size``, ``rewrite_coverage``, ...). Raises :class:`WiretraceError` for text that
    is not UTF-8 (without ``repair_utf8``) or holds NUL bytes, and for a bad option.

    >>> compare(open("seeds/000_6e14ef43e76ff7c6.txt").read(), open("seeds/003_587f8fbee9c47d45.txt").read())
    Comparison(relation='rewrite', grade='light', source='a', coverage_a=0.6909, coverage_b=0.3978)
    """
    width = options.pop("width", None)
    args = _cli_args(options)

    def render(fmt: str, text_width: Optional[int]) -> str:
        extra = ["--width", str(text_width)] if text_width is not None else []
        return _engine.compare(a, b, id_a, id_b, args + extra, fmt)

    data = json.loads(render("json", width))
    return Comparison(data, render)


# --- scan -------------------------------------------------------------------------------------

class Member(_JsonObject):
    """One article of a provenance cluster: the scan JSONL's ``member`` line."""

    __slots__ = ()

    @property
    def id(self) -> str:
        """The article id."""
        return self._data["id"]

    @property
    def cluster(self) -> int:
        """The 1-based number of its cluster."""
        return self._data["cluster"]

    @property
    def parents(self) -> List[str]:
        """The ids it derives from (its sources in the forest); [] for the root."""
        return list(self._data["parents"])

    @property
    def relation(self) -> Optional[str]:
        """Its relation to its first parent; None for the root."""
        return self._data["relation"]

    @property
    def outlet(self) -> Optional[str]:
        """Its outlet, when known."""
        return self._data.get("outlet")

    def __repr__(self) -> str:
        return f"Member(id={self.id!r}, parents={self.parents!r}, relation={self.relation!r})"


class Cluster(_JsonObject):
    """A provenance cluster: the scan JSONL's ``cluster`` line; its ``member`` lines are in
    :attr:`members` (the root first)."""

    __slots__ = ("members",)

    def __init__(self, data: Dict[str, Any]) -> None:
        super().__init__(data)
        #: The articles of the cluster, in the order of the JSONL.
        self.members: List[Member] = []

    @property
    def number(self) -> int:
        """1-based number of the cluster."""
        return self._data["cluster"]

    @property
    def root(self) -> str:
        """The id of the original."""
        return self._data["root"]

    @property
    def size(self) -> int:
        """Articles in the cluster."""
        return self._data["size"]

    @property
    def title(self) -> Optional[str]:
        """The root's title."""
        return self._data.get("title")

    @property
    def ids(self) -> List[str]:
        """The ids of its members."""
        return [m.id for m in self.members]

    def __repr__(self) -> str:
        return f"Cluster(number={self.number}, root={self.root!r}, size={self.size}, title={self.title!r})"


class Pair(_JsonObject):
    """A reported pair: the scan JSONL's ``pair`` line."""

    __slots__ = ()

    @property
    def a(self) -> str:
        """Id of the first article."""
        return self._data["a"]

    @property
    def b(self) -> str:
        """Id of the second article."""
        return self._data["b"]

    @property
    def relation(self) -> str:
        """duplicate, near-duplicate, rewrite, version (or same-story with all_relations)."""
        return self._data["relation"]

    @property
    def source(self) -> Optional[str]:
        """Id of the source; None when undecided."""
        return self._data["source"]

    @property
    def coverage_a(self) -> float:
        """Aligned share of a's words."""
        return self._data["coverage_a"]

    @property
    def coverage_b(self) -> float:
        """Aligned share of b's words."""
        return self._data["coverage_b"]

    def __repr__(self) -> str:
        return (f"Pair(a={self.a!r}, b={self.b!r}, relation={self.relation!r}, source={self.source!r}, "
                f"coverage_a={self.coverage_a:.4f}, coverage_b={self.coverage_b:.4f})")


ScanRecord = Union[Cluster, Member, Pair, Dict[str, Any]]


def _scan_record(line: Dict[str, Any]) -> ScanRecord:
    kind = line.get("type")
    if kind == "cluster":
        return Cluster(line)
    if kind == "member":
        return Member(line)
    if kind == "pair":
        return Pair(line)
    return line  # the summary


class ScanResult:
    """A whole scan: :attr:`clusters` (with their members), :attr:`pairs` and :attr:`summary`,
    read from the ``wiretrace.scan/1`` JSONL the CLI writes (``records()`` gives its lines)."""

    def __init__(self, lines: List[Dict[str, Any]]) -> None:
        self._lines = lines
        #: Provenance clusters, largest first as the CLI orders them.
        self.clusters: List[Cluster] = []
        #: Derived pairs along the clusters (and same-story pairs with all_relations).
        self.pairs: List[Pair] = []
        #: The summary line: counts, timings and the schema name.
        self.summary: Dict[str, Any] = {}
        for line in lines:
            record = _scan_record(line)
            if isinstance(record, Cluster):
                self.clusters.append(record)
            elif isinstance(record, Member):
                self.clusters[-1].members.append(record)
            elif isinstance(record, Pair):
                self.pairs.append(record)
            else:
                self.summary = record

    def records(self) -> List[Dict[str, Any]]:
        """The JSONL lines as dicts, in order, exactly as ``wiretrace scan -f jsonl`` writes them."""
        return copy.deepcopy(self._lines)

    def to_dict(self) -> Dict[str, Any]:
        """{"clusters": [cluster line + "members": [member lines]], "pairs": [pair lines],
        "summary": summary line}: the JSONL's objects, grouped."""
        clusters = []
        for c in self.clusters:
            d = c.to_dict()
            d["members"] = [m.to_dict() for m in c.members]
            clusters.append(d)
        return {"clusters": clusters, "pairs": [p.to_dict() for p in self.pairs],
                "summary": copy.deepcopy(self.summary)}

    def write_jsonl(self, path: PathLike) -> None:
        """Writes the JSONL (e.g. for :func:`evaluate` or other tools)."""
        with open(path, "w", encoding="utf-8") as out:
            for line in self._lines:
                out.write(json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n")

    def to_pandas(self):
        """The pairs as a pandas DataFrame, one row per pair line (needs pandas)."""
        return _pandas().DataFrame([{k: v for k, v in p.to_dict().items() if k != "type"} for p in self.pairs])

    def members_to_pandas(self):
        """The cluster members as a pandas DataFrame, one row per member line (needs pandas)."""
        return _pandas().DataFrame([{k: v for k, v in m.to_dict().items() if k != "type"}
                                    for c in self.clusters for m in c.members])

    def __repr__(self) -> str:
        return (f"ScanResult({self.summary.get('articles', 0)} articles, {len(self.clusters)} clusters, "
                f"{len(self.pairs)} pairs)")


def _read_jsonl(data: bytes) -> List[Dict[str, Any]]:
    return [json.loads(line) for line in data.splitlines() if line]


def scan(articles: Any, **options: Any) -> ScanResult:
    """Scans articles for syndicated copies, as ``wiretrace scan -f jsonl`` does.

    ``articles``: an iterable of dicts (``{"id", "text", "title", "outlet", "published"}``; other
    names with ``id_field=``, ``text_field=``, ...), or a path or paths the CLI reads (JSONL, .gz,
    .zst, directories of .txt files). Options: the scan options of the CLI (``all_relations``,
    ``threads``, ``window_days``, ``strict``, ``repair_utf8``, the engine options). Skipped records
    are reported as warnings (RuntimeWarning), as the CLI warns.
    """
    with _Inputs(articles) as inputs:
        data, skipped = _engine.scan(inputs, _cli_args(options), "")
    _warn(skipped)
    return ScanResult(_read_jsonl(data))


def iter_scan(articles: Any, **options: Any) -> Iterator[ScanRecord]:
    """Scans as :func:`scan` does, yielding the result one record at a time: each
    :class:`Cluster` (its members follow as :class:`Member`), then each :class:`Pair`, then the
    summary dict. The JSONL goes to a temporary file that is read line by line, so a large dump's
    result is never held in memory whole (the scan itself keeps texts on disk too)."""
    with tempfile.TemporaryDirectory(prefix="wiretrace-") as tmp:
        path = os.path.join(tmp, "scan.jsonl")
        with _Inputs(articles) as inputs:
            _, skipped = _engine.scan(inputs, _cli_args(options), path)
        _warn(skipped)
        with open(path, "rb") as lines:
            for line in lines:
                if line.strip():
                    yield _scan_record(json.loads(line))


# --- index and check --------------------------------------------------------------------------

class Match(_JsonObject):
    """A known story an article relates to: one ``matches`` object of ``wiretrace.check/1``
    ({"known", "shared_fingerprints", "shared_bands", "compare"})."""

    __slots__ = ()

    @property
    def known_id(self) -> str:
        """The id of the known story (side a of the comparison)."""
        return self._data["known"]["id"]

    @property
    def comparison(self) -> Dict[str, Any]:
        """The ``wiretrace.compare/1`` object of the pair (a = the known story)."""
        return copy.deepcopy(self._data["compare"])

    @property
    def relation(self) -> str:
        """The relation of the pair."""
        return self._data["compare"]["relation"]

    @property
    def source(self) -> Optional[str]:
        """The id of the source; None when undecided."""
        return self._data["compare"]["source"]

    @property
    def coverage_known(self) -> float:
        """Aligned share of the known story's words."""
        return self._data["compare"]["a"]["coverage"]

    @property
    def coverage_article(self) -> float:
        """Aligned share of the checked article's words."""
        return self._data["compare"]["b"]["coverage"]

    def __repr__(self) -> str:
        return (f"Match(known_id={self.known_id!r}, relation={self.relation!r}, source={self.source!r}, "
                f"coverage_known={self.coverage_known:.4f}, coverage_article={self.coverage_article:.4f})")


class CheckedArticle(_JsonObject):
    """One checked article: {"id", "matches"} of ``wiretrace.check/1``."""

    __slots__ = ("matches",)

    def __init__(self, data: Dict[str, Any]) -> None:
        super().__init__(data)
        #: The known stories it relates to, best first.
        self.matches: List[Match] = [Match(m) for m in data["matches"]]

    @property
    def id(self) -> str:
        """The article's id."""
        return self._data["id"]

    def __repr__(self) -> str:
        return f"CheckedArticle(id={self.id!r}, matches={self.matches!r})"


class CheckResult(_JsonObject):
    """The ``wiretrace.check/1`` document: :attr:`articles` in input order and :attr:`summary`."""

    __slots__ = ("articles",)

    def __init__(self, data: Dict[str, Any]) -> None:
        super().__init__(data)
        #: The checked articles, in input order.
        self.articles: List[CheckedArticle] = [CheckedArticle(a) for a in data["articles"]]

    @property
    def summary(self) -> Dict[str, Any]:
        """{"articles", "matched", "matches", "candidates_verified", "skipped", "seconds"}."""
        return copy.deepcopy(self._data["summary"])

    def to_pandas(self):
        """One row per match: article, known story, relation, source, coverages (needs pandas)."""
        rows = [{"id": a.id, "known_id": m.known_id, "relation": m.relation, "source": m.source,
                 "coverage_known": m.coverage_known, "coverage_article": m.coverage_article}
                for a in self.articles for m in a.matches]
        return _pandas().DataFrame(rows)

    def __repr__(self) -> str:
        s = self._data["summary"]
        return f"CheckResult({s['articles']} articles, {s['matched']} matched, {s['matches']} matches)"


class Index:
    """The persistent index of known stories at ``path`` (one SQLite file), as
    ``wiretrace index`` and ``wiretrace check --db`` use it. Nothing is opened until a method
    runs; ``add`` creates the file. Each call opens its own connections, so one Index may be used
    from several threads (SQLite serializes the writers)."""

    def __init__(self, path: PathLike) -> None:
        #: The index file.
        self.path: str = os.fspath(path)

    def add(self, articles: Any, **options: Any) -> Dict[str, int]:
        """Adds articles (dicts or paths, as :func:`scan` reads them), as ``wiretrace index add``.
        Options: ``on_duplicate`` ("skip" or "replace"), ``batch``, ``threads``, the reader
        options, the sketch options (fixed when the index is created). Returns the counts:
        records, skipped, added, replaced, duplicates, batches, documents (now in the index)."""
        with _Inputs(articles) as inputs:
            counts, skipped = _engine.index_add(self.path, inputs, _cli_args(options))
        _warn(skipped)
        return counts

    def check(self, articles: Any, **options: Any) -> CheckResult:
        """Checks articles (dicts or paths) against the index, as ``wiretrace check -f json``.
        Options: ``top``, ``min_coverage``, ``all_relations``, ``max_candidates``, ``max_df``,
        ``min_shared``, ``threads``, the reader and engine options."""
        with _Inputs(articles) as inputs:
            data, skipped = _engine.check(self.path, inputs, _cli_args(options))
        _warn(skipped)
        return CheckResult(json.loads(data))

    def remove(self, ids: Union[str, Iterable[str]]) -> List[str]:
        """Removes the documents with these ids in one transaction; returns the ids not found."""
        id_list = [ids] if isinstance(ids, str) else list(ids)
        return _engine.index_remove(self.path, id_list)

    def stats(self) -> Dict[str, Any]:
        """The ``wiretrace.index-stats/1`` object of ``wiretrace index stats -f json``."""
        return json.loads(_engine.index_stats(self.path))

    def __len__(self) -> int:
        return self.stats()["documents"]

    def __repr__(self) -> str:
        return f"Index({self.path!r})"


# --- lab --------------------------------------------------------------------------------------

def gen(corpus: PathLike, truth: Optional[PathLike] = None, **options: Any) -> None:
    """Writes a synthetic corpus (JSONL) to ``corpus`` and its ground truth (TSV) to ``truth``,
    as ``wiretrace gen -o CORPUS --truth TRUTH``. Options: ``docs``, ``seed`` and the other gen
    options of the CLI. Deterministic: the same options write the same bytes."""
    args = ["-q", "-o", os.fspath(corpus)] + (["--truth", os.fspath(truth)] if truth is not None else [])
    _engine.run_lab_command("gen", args + _cli_args(options))


def evaluate(results: Union[PathLike, ScanResult], truth: PathLike, **options: Any) -> Dict[str, Any]:
    """Scores results against ground truth, as ``wiretrace eval -f json --truth TRUTH RESULTS``:
    the ``wiretrace.eval/1`` object. ``results``: a :class:`ScanResult`, or a path to scan's JSONL
    or a TSV pair list. Options: the eval options of the CLI (e.g. ``min_coverage``)."""
    with tempfile.TemporaryDirectory(prefix="wiretrace-") as tmp:
        if isinstance(results, ScanResult):
            path = os.path.join(tmp, "results.jsonl")
            results.write_jsonl(path)
        else:
            path = os.fspath(results)
        out = os.path.join(tmp, "eval.json")
        _engine.run_lab_command("eval", [path, "--truth", os.fspath(truth), "-f", "json", "-o", out]
                                + _cli_args(options))
        with open(out, encoding="utf-8") as f:
            return json.load(f)


#: The same function as :func:`evaluate`, under the CLI's name (it shadows the builtin only as
#: ``wiretrace.eval``).
eval = evaluate  # noqa: A001
