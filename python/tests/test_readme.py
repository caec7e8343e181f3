# SPDX-License-Identifier: Apache-2.0
# The README's Python session ("Python: `import wiretrace`") is run as a doctest: its output
# is what the module prints.
import doctest
import os
import re

import pytest


def readme_session(source_dir):
    with open(os.path.join(source_dir, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    section = readme[readme.index("## Python: `import wiretrace`"):]
    match = re.search(r"```python\n(.*?)```", section, re.S)
    assert match, "the README's Python section has no ```python block"
    return match.group(1)


def test_readme_session(source_dir, tmp_path, monkeypatch):
    session = readme_session(source_dir)
    assert session.count(">>>") >= 10
    os.symlink(os.path.join(source_dir, "seeds"), tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    test = doctest.DocTestParser().get_doctest(session, {}, "README.md", "README.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0 and result.attempted == session.count(">>>")


def test_readme_acceptance_line(source_dir, cli):
    """The shell line of the section prints what it shows."""
    with open(os.path.join(source_dir, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    section = readme[readme.index("## Python: `import wiretrace`"):]
    block = re.search(r"```sh\n\$ PYTHONPATH=build/python (python3 -c .*)\n(.*)\n```", section)
    assert block
    import subprocess
    import sys
    code = re.match(r'python3 -c "(.*)"$', block.group(1)).group(1)
    out = subprocess.run([sys.executable, "-c", code], cwd=source_dir, capture_output=True, text=True, check=True)
    assert out.stdout == block.group(2) + "\n"
