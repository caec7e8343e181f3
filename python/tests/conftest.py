# SPDX-License-Identifier: Apache-2.0
# Fixtures of the Python module's tests: the CLI binary (the reference every answer is checked
# against), the source tree, and one small generated corpus shared by the tests.
import json
import os
import subprocess

import pytest


@pytest.fixture(scope="session")
def cli():
    """Runs the wiretrace binary (WIRETRACE_BIN, set by ctest) and returns the CompletedProcess."""
    binary = os.environ["WIRETRACE_BIN"]

    def run(*args, check=True):
        result = subprocess.run([binary, *map(str, args)], capture_output=True, text=True)
        if check and result.returncode not in (0, 1):
            raise AssertionError(f"wiretrace {' '.join(map(str, args))}: {result.returncode}\n{result.stderr}")
        return result

    return run


@pytest.fixture(scope="session")
def source_dir():
    return os.environ.get("WIRETRACE_SOURCE_DIR",
                          os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))


@pytest.fixture(scope="session")
def seeds(source_dir):
    """The two seed articles: the AP story and its CBC rewrite."""
    return (os.path.join(source_dir, "seeds", "000_6e14ef43e76ff7c6.txt"),
            os.path.join(source_dir, "seeds", "003_587f8fbee9c47d45.txt"))


@pytest.fixture(scope="session")
def corpus(tmp_path_factory, cli):
    """A 120-article corpus and its truth, written by the CLI's gen."""
    d = tmp_path_factory.mktemp("corpus")
    cli("gen", "--docs", 120, "--seed", 7, "-q", "-o", d / "corpus.jsonl", "--truth", d / "truth.tsv")
    return d / "corpus.jsonl", d / "truth.tsv"


def read_jsonl(text):
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def without_timings(lines):
    """Scan JSONL lines without what varies from run to run (the summary's times and memory)."""
    out = []
    for line in lines:
        line = dict(line)
        if line.get("type") == "summary":
            for key in ("seconds", "stages", "stage_cpu_seconds", "stage_peak_rss_bytes", "peak_rss_bytes"):
                line.pop(key, None)
        out.append(line)
    return out
