"""`prioritize rank` and the Python bindings give the same order."""
import json
import os
import subprocess

import pytest

import libproduct

SRCDIR = os.environ.get("LP_TOP_SRCDIR", os.path.join(os.path.dirname(__file__), "..", "..", ".."))
BUILDDIR = os.environ.get("LP_TOP_BUILDDIR", SRCDIR)
PRIORITIZE = os.path.join(BUILDDIR, "examples", "prioritize")
REAL = os.path.join(SRCDIR, "..", "shared", "data", "real")

SAMPLES = [os.path.join(SRCDIR, "examples", "data", name)
           for name in ("sample-backlog.json", "cycle-backlog.json", "small.json")]
REAL_FILES = [os.path.join(REAL, name) for name in ("duraspace_jira.csv", "springxd_sp.csv")]


def cli_rank(path):
    if not os.path.exists(PRIORITIZE):
        pytest.skip("prioritize not built at %s" % PRIORITIZE)
    out = subprocess.run([PRIORITIZE, "rank", "--json", "--lenient", path],
                         check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE).stdout
    return json.loads(out)


def python_rank(path):
    if path.endswith(".csv"):
        backlog = libproduct.Backlog.import_csv(path)
    else:
        backlog = libproduct.Backlog.load(path)
    return backlog.order(lenient=True).to_records()


def assert_same(cli, py):
    assert [r["id"] for r in cli] == [r["id"] for r in py]
    assert [r["rank"] for r in cli] == [r["rank"] for r in py]
    for c, p in zip(cli, py):
        if p["score"] is None:
            assert c["score"] is None
        else:
            assert c["score"] == pytest.approx(p["score"], rel=1e-12)


@pytest.mark.parametrize("path", SAMPLES, ids=os.path.basename)
def test_same_order_on_samples(path):
    py = python_rank(path)
    assert py, "the sample orders something"
    assert_same(cli_rank(path), py)


@pytest.mark.parametrize("path", REAL_FILES, ids=os.path.basename)
def test_same_order_on_real_jira_data(path):
    if not os.path.exists(path):
        pytest.skip("../shared/data/real absent")
    assert_same(cli_rank(path), python_rank(path))
