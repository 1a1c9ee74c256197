"""`prioritize rank|next|explain --by MODEL` and the Python bindings agree."""
import json
import os
import subprocess

import pytest

from libproduct import Backlog, ScoreModel

SRCDIR = os.environ.get("LP_TOP_SRCDIR", os.path.join(os.path.dirname(__file__), "..", "..", ".."))
BUILDDIR = os.environ.get("LP_TOP_BUILDDIR", SRCDIR)
PRIORITIZE = os.path.join(BUILDDIR, "examples", "prioritize")
DATA = os.path.join(SRCDIR, "examples", "data")
MODELS = os.path.join(DATA, "models-backlog.json")
SCORECARD = os.path.join(DATA, "models-scorecard.json")
SAMPLE = os.path.join(DATA, "sample-backlog.json")

ICE_OPTIONS = ["impact=ice_impact", "confidence=ice_confidence"]

# (--by NAME, --option KEY=VALUE..., the Python model)
CASES = [
    ("value-effort", [], lambda: ScoreModel.value_effort()),
    ("wsjf", [], lambda: ScoreModel.wsjf()),
    ("rice", [], lambda: ScoreModel.rice()),
    ("ice", ICE_OPTIONS, lambda: ScoreModel.ice(
        inputs={"impact": "ice_impact", "confidence": "ice_confidence"})),
    ("ice", ICE_OPTIONS + ["mode=average"], lambda: ScoreModel.ice(
        mode="average", inputs={"impact": "ice_impact", "confidence": "ice_confidence"})),
    ("cd3", [], lambda: ScoreModel.cd3()),
    ("moscow", [], lambda: ScoreModel.moscow()),
    ("moscow:wsjf", [], lambda: ScoreModel.moscow(ScoreModel.wsjf())),
    ("kano", [], lambda: ScoreModel.kano()),
    ("scorecard:" + SCORECARD, [], lambda: ScoreModel.scorecard_from_file(SCORECARD)),
    ("scorecard:" + SCORECARD, ["mode=relative"],
     lambda: ScoreModel.scorecard_from_file(SCORECARD, mode="relative")),
    ("formula:(reach * impact * confidence) / effort", [],
     lambda: ScoreModel.formula("(reach * impact * confidence) / effort")),
    ("wsjf", ["scale-check=reject"], lambda: ScoreModel.wsjf(scale_check="reject")),
]
IDS = ["%s%s" % (by.split("/")[-1], "".join(" " + o for o in opts)) for by, opts, _ in CASES]


def cli(*args):
    if not os.path.exists(PRIORITIZE):
        pytest.skip("prioritize not built at %s" % PRIORITIZE)
    out = subprocess.run([PRIORITIZE] + list(args), check=True,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE).stdout
    return json.loads(out)


def model_args(by, options):
    args = ["--by", by]
    for option in options:
        args += ["--option", option]
    return args


def assert_same(cli_rows, py_rows):
    assert [r["id"] for r in cli_rows] == [r["id"] for r in py_rows]
    for c, p in zip(cli_rows, py_rows):
        for key in p:
            if isinstance(p[key], float):
                assert c[key] == pytest.approx(p[key], rel=1e-12), (key, c, p)
            else:
                assert c[key] == p[key], (key, c, p)


@pytest.mark.parametrize("by, options, make", CASES, ids=IDS)
@pytest.mark.parametrize("inherit", [False, True], ids=["", "inherit"])
def test_rank_parity(by, options, make, inherit):
    args = ["rank", "--json"] + model_args(by, options) + (["--inherit"] if inherit else [])
    py = Backlog.load(MODELS).order(model=make(), inherit=inherit).to_records()
    assert py
    assert_same(cli(*(args + [MODELS])), py)


@pytest.mark.parametrize("by, options, make", CASES, ids=IDS)
def test_next_parity(by, options, make):
    args = ["next", "-n", "3", "--json", "--inherit"] + model_args(by, options)
    py = Backlog.load(MODELS).next(3, model=make(), inherit=True).to_records()
    assert_same(cli(*(args + [MODELS])), py)


@pytest.mark.parametrize("by", ["wsjf", "rice"])
def test_rank_parity_on_the_sample(by):
    # the sample's features carry reach/impact/confidence
    py = Backlog.load(SAMPLE).order(model=by, lenient=True).to_records()
    assert_same(cli("rank", "--json", "--lenient", "--by", by, SAMPLE), py)


def test_quadrants_parity():
    rows = cli("rank", "--json", "--quadrants", "--by", "wsjf", MODELS)
    quadrants = ScoreModel.wsjf().apply(Backlog.load(MODELS)).quadrants()
    assert {r["id"]: r["quadrant"] for r in rows} == {
        id_: quadrants.get(id_) for id_ in (r["id"] for r in rows)}


def test_category_parity():
    rows = cli("rank", "--json", "--by", "kano", MODELS)
    scores = ScoreModel.kano().apply(Backlog.load(MODELS))
    assert {r["id"]: r["category"] for r in rows} == {
        r["id"]: scores.kano_category(r["id"]) for r in rows}
    rows = cli("rank", "--json", "--by", "moscow", MODELS)
    b = Backlog.load(MODELS)
    assert {r["id"]: r["category"] for r in rows} == {r["id"]: b[r["id"]].moscow for r in rows}


@pytest.mark.parametrize("by, options, make", CASES, ids=IDS)
@pytest.mark.parametrize("item", ["M-1", "M-4", "M-6", "M-7", "M-8"])
def test_explain_parity(by, options, make, item):
    got = cli(*(["explain", "--json", "--inherit"] + model_args(by, options) + [MODELS, item]))
    b = Backlog.load(MODELS)
    model = make()
    e = model.explain(b, item)
    assert got["id"] == item
    assert got["text"] == str(e)
    assert got["score"] == (pytest.approx(e.score) if e.score is not None else None)
    assert got["reason"] == e.reason and got["missing_input"] == e.missing_input
    assert [t["name"] for t in got["terms"]] == [t.name for t in e.terms]
    assert [t["role"] for t in got["terms"]] == [t.role for t in e.terms]
    for t, term in zip(got["terms"], e.terms):
        for key in ("value", "weight", "contribution"):
            expected = getattr(term, key)
            assert t[key] == (pytest.approx(expected) if expected is not None else None)
    r = b.order(model=model, lenient=True, inherit=True)
    assert got["rank"] == r.rank_of(item)
    assert got["position"] == r.explain(item)
    if got["rank"] is not None:
        assert [i.id for i in r.held_back_by(item)] == got["held_back_by"]
        assert [i.id for i in r.waits_behind(item)] == got["waits_behind"]
        assert got["inherited_from"] == r.inherited_from()[got["rank"] - 1]


def test_explain_rice_worked_example():
    got = cli("explain", "--json", "--by", "rice", MODELS, "M-1")
    assert got["text"] == "RICE = reach 1000 x impact 2 x confidence 80% (0.8) / effort 4 = 400"
    assert got["score"] == 400
    assert got["quadrant"] == "big-bet"
