"""The README's Python example runs as printed (from the source tree)."""
import os
import re
import subprocess
import sys

SRCDIR = os.environ.get("LP_TOP_SRCDIR", os.path.join(os.path.dirname(__file__), "..", "..", ".."))


def test_readme_python_example_runs():
    with open(os.path.join(SRCDIR, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    blocks = re.findall(r"```python\n(.*?)```", readme, re.S)
    assert blocks, "README has a Python example"
    for code in blocks:
        result = subprocess.run([sys.executable, "-c", code], cwd=SRCDIR,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                universal_newlines=True)
        assert result.returncode == 0, result.stderr
        assert "dependency cycle: LP-1 -> LP-2 -> LP-1" in result.stdout
        assert "= 400" in result.stdout
