"""The scoring models from Python: every built-in model with worked examples
from the framework's published description, options, Scores, explanations.

The numbers are worked out by hand in the comments; sources:
- WSJF: SAFe, "Weighted Shortest Job First" (scaledagileframework.com/wsjf):
  cost of delay = user-business value + time criticality + risk reduction
  and/or opportunity enablement; WSJF = cost of delay / job size.
- RICE: Sean McBride, "RICE: Simple prioritization for product managers",
  Intercom blog (2016): reach x impact x confidence / effort.
- ICE: Sean Ellis, "Hacking Growth" (2017): impact, confidence, ease, 1..10.
- CD3: Joshua Arnold, Black Swan Farming, "CD3": cost of delay / duration.
- MoSCoW: DSDM Agile Project Framework, chapter 10 (MoSCoW prioritisation):
  no more than 60% of the effort for musts.
- Kano: Berger et al., "Kano's methods for understanding customer-defined
  quality", Center for Quality Management Journal 2(4), 1993.
"""
import math
import os

import pytest

import libproduct
from libproduct import ScoreModel, Backlog, InvalidValueError

SRCDIR = os.environ.get("LP_TOP_SRCDIR", os.path.join(os.path.dirname(__file__), "..", "..", ".."))
MODELS_BACKLOG = os.path.join(SRCDIR, "examples", "data", "models-backlog.json")


@pytest.fixture
def models_backlog():
    return Backlog.load(MODELS_BACKLOG)


# --- helpers -------------------------------------------------------------------

def one_item(**attributes):
    """A backlog with one item "X" carrying the given attributes (value and
    effort are the item's fields)."""
    b = Backlog()
    value = attributes.pop("value", None)
    effort = attributes.pop("effort", None)
    b.add_item("X", "x", value=value, effort=effort, attributes=attributes)
    return b


def score_of(model, **attributes):
    return model.apply(one_item(**attributes))["X"]


# --- names ---------------------------------------------------------------------

def test_model_names():
    assert libproduct.MODEL_NAMES == (
        "value-effort", "wsjf", "rice", "ice", "cd3", "moscow", "kano")
    assert ScoreModel.names() == libproduct.MODEL_NAMES
    for name in libproduct.MODEL_NAMES:
        assert ScoreModel.by_name(name).name == name
        assert ScoreModel(name).name == name


def test_parameterised_names():
    assert ScoreModel.by_name("moscow:wsjf").name == "moscow:wsjf"
    assert ScoreModel.by_name("formula:value / effort").name == "formula:value / effort"


def test_unknown_name():
    with pytest.raises(InvalidValueError):
        ScoreModel.by_name("no-such-model")
    with pytest.raises(InvalidValueError):
        ScoreModel("WSJF")  # names are case-sensitive


def test_constants():
    assert libproduct.MOSCOW == ("must", "should", "could", "wont")
    assert libproduct.KANO_ANSWERS == ("like", "expect", "neutral", "tolerate", "dislike")
    assert libproduct.KANO_CATEGORIES == (
        "must-be", "one-dimensional", "attractive", "indifferent", "reverse", "questionable")
    assert libproduct.QUADRANTS == ("quick-win", "big-bet", "fill-in", "time-sink")
    assert libproduct.SCALES == ("any", "linear-1-5", "powers-of-two", "fibonacci", "custom")
    assert libproduct.SCALE_CHECKS == ("ignore", "report", "reject")
    assert "divisor" in libproduct.TERM_ROLES


# --- value/effort and quadrants -------------------------------------------------

def quadrant_backlog():
    b = Backlog()
    b.add_item("QW", value=9, effort=1)   # high value, low effort
    b.add_item("BB", value=9, effort=9)   # high, high
    b.add_item("FI", value=1, effort=1)   # low, low
    b.add_item("TS", value=1, effort=9)   # low value, high effort
    b.add_item("NV", effort=2)            # no value: no quadrant
    return b


def test_value_effort():
    b = quadrant_backlog()
    s = ScoreModel.value_effort().apply(b)
    assert dict(s) == {"QW": 9.0, "BB": 1.0, "FI": 1.0, "TS": 1 / 9, "NV": None}
    assert s.missing("NV") == "value"


def test_quadrants_at_the_medians():
    # values 9, 9, 1, 1: median 5; efforts 1, 9, 1, 9: median 5
    s = ScoreModel.value_effort().apply(quadrant_backlog())
    assert s.quadrant_thresholds == (5.0, 5.0)
    assert s.quadrants() == {"QW": "quick-win", "BB": "big-bet",
                             "FI": "fill-in", "TS": "time-sink"}
    assert s.quadrant("NV") is None


def test_quadrant_thresholds_option():
    b = quadrant_backlog()
    s = ScoreModel.value_effort(value_threshold=10, effort_threshold=0.5).apply(b)
    assert s.quadrant_thresholds == (10.0, 0.5)
    assert set(s.quadrants().values()) == {"time-sink"}
    m = ScoreModel.wsjf().set_quadrant_thresholds(value=1)  # any model has quadrants
    assert m.apply(b).quadrant_thresholds == (1.0, 5.0)
    with pytest.raises(InvalidValueError):
        ScoreModel.value_effort(value_threshold=-1)
    with pytest.raises(InvalidValueError):
        ScoreModel.value_effort().set_quadrant_thresholds(effort=math.inf)


# --- WSJF ------------------------------------------------------------------------

WSJF_EXAMPLE = dict(business_value=8, time_criticality=5, risk_reduction=3, job_size=8)


def test_wsjf_worked_example():
    # (8 + 5 + 3) / 8 = 2
    assert score_of(ScoreModel.wsjf(), **WSJF_EXAMPLE) == 2.0


def test_wsjf_ranks_by_cost_of_delay_over_job_size():
    # SAFe: the smaller job with the same cost of delay goes first
    b = Backlog()
    b.add_item("BIG", attributes=dict(WSJF_EXAMPLE, job_size=13))
    b.add_item("SMALL", attributes=dict(WSJF_EXAMPLE, job_size=2))
    assert b.order(model="wsjf").ids() == ["SMALL", "BIG"]


def test_wsjf_missing_input_and_zero_job_size():
    s = ScoreModel.wsjf().apply(one_item(business_value=8, time_criticality=5, job_size=8))
    assert s["X"] is None
    assert s.missing("X") == "risk_reduction"
    assert s.reason("X") == 'missing input "risk_reduction"'
    s = ScoreModel.wsjf().apply(one_item(**dict(WSJF_EXAMPLE, job_size=0)))
    assert s["X"] is None and s.missing("X") is None
    assert "job_size" in s.reason("X")


def test_wsjf_scale_check():
    attrs = dict(WSJF_EXAMPLE, job_size=4)   # 4 is not on 1, 2, 3, 5, 8, 13, 20
    assert score_of(ScoreModel.wsjf(), **attrs) == 4.0          # default: ignore
    s = ScoreModel.wsjf(scale_check="report").apply(one_item(**attrs))
    assert s["X"] == 4.0
    assert s.violations == [libproduct.Violation("X", "job_size", 4.0)]
    s = ScoreModel.wsjf(scale_check="reject").apply(one_item(**attrs))
    assert s["X"] is None
    assert s.violations == [("X", "job_size", 4.0)]
    assert "off" in s.reason("X")


# --- RICE ------------------------------------------------------------------------

def test_rice_worked_example():
    # 1000 x 2 x 0.8 / 4 = 400, confidence as a percent or as a fraction
    assert score_of(ScoreModel.rice(), reach=1000, impact=2, confidence=80, effort=4) == 400
    assert score_of(ScoreModel.rice(), reach=1000, impact=2, confidence=0.8, effort=4) == 400


def test_rice_impact_scale():
    # Intercom's impact scale: 3 massive, 2 high, 1 medium, 0.5 low, 0.25 minimal
    for impact in (3, 2, 1, 0.5, 0.25):
        assert score_of(ScoreModel.rice(), reach=100, impact=impact, confidence=1,
                        effort=1) == 100 * impact
    s = ScoreModel.rice().apply(one_item(reach=100, impact=4, confidence=1, effort=1))
    assert s["X"] is None
    assert s.reason("X") == "impact 4 is off the RICE scale (3, 2, 1, 0.5, 0.25)"
    assert s.violations == [("X", "impact", 4.0)]
    # told otherwise
    assert score_of(ScoreModel.rice(scale_check="ignore"), reach=100, impact=4,
                    confidence=1, effort=1) == 400


def test_rice_effort_is_the_items_effort():
    s = ScoreModel.rice().apply(one_item(reach=1000, impact=2, confidence=80))
    assert s.missing("X") == "effort"


def test_rice_input_renamed():
    m = ScoreModel.rice(inputs={"reach": "users_per_quarter"})
    assert m.inputs == ["users_per_quarter", "impact", "confidence", "effort"]
    assert score_of(m, users_per_quarter=1000, impact=2, confidence=80, effort=4) == 400
    s = m.apply(one_item(reach=1000, impact=2, confidence=80, effort=4))
    assert s.missing("X") == "users_per_quarter"
    with pytest.raises(InvalidValueError):
        ScoreModel.rice().set_input("nosuch", "x")


# --- ICE -------------------------------------------------------------------------

def test_ice_product_and_average():
    attrs = dict(impact=8, confidence=6, ease=5)
    assert score_of(ScoreModel.ice(), **attrs) == 240                # 8 x 6 x 5
    assert score_of(ScoreModel.ice(mode="average"), **attrs) == pytest.approx(19 / 3)
    assert score_of(ScoreModel.ice().set_ice_mode("average"), **attrs) == pytest.approx(19 / 3)
    assert score_of(ScoreModel.ice(mode="product"), impact=10, confidence=10, ease=10) == 1000


def test_ice_scale():
    s = ScoreModel.ice().apply(one_item(impact=11, confidence=6, ease=5))
    assert s["X"] is None and "ICE" in s.reason("X")
    assert score_of(ScoreModel.ice(scale_check="ignore"), impact=11, confidence=6, ease=5) == 330


def test_ice_mode_errors():
    with pytest.raises(InvalidValueError):
        ScoreModel.ice(mode="median")
    with pytest.raises(InvalidValueError):
        ScoreModel.wsjf().set_ice_mode("average")   # not an ICE model
    with pytest.raises(TypeError):
        ScoreModel.ice(mode=1)


# --- CD3 -------------------------------------------------------------------------

def test_cd3_worked_example():
    # Black Swan Farming: a cost of delay of 10,000 a week over 2 weeks: 5,000
    assert score_of(ScoreModel.cd3(), cost_of_delay=10000, duration=2) == 5000
    s = ScoreModel.cd3().apply(one_item(cost_of_delay=10000, duration=0))
    assert s["X"] is None and "duration" in s.reason("X")
    assert ScoreModel.cd3().apply(one_item(duration=2)).missing("X") == "cost_of_delay"


# --- MoSCoW ----------------------------------------------------------------------

def moscow_backlog():
    b = Backlog()
    b.add_item("C", value=9, effort=1, moscow="could")
    b.add_item("M1", value=2, effort=2, moscow="must")
    b.add_item("M2", value=8, effort=2, moscow="must")
    b.add_item("S", value=1, effort=1, moscow="should")
    b.add_item("W", value=9, effort=1, moscow="wont")
    b.add_item("N", value=9, effort=1)
    return b


def test_moscow_orders_by_category_then_secondary():
    b = moscow_backlog()
    s = ScoreModel.moscow().apply(b)
    assert dict(s) == {"C": 1.0, "M1": 3.0, "M2": 3.0, "S": 2.0, "W": None, "N": None}
    assert s.secondary("M2") == 4.0         # value/effort 8 / 2
    assert s.reason("W") == "won't have this time"
    assert s.missing("N") == "moscow"
    assert b.order(model="moscow").ids() == ["M2", "M1", "S", "C", "W", "N"]


def test_moscow_secondary_model():
    b = moscow_backlog()
    b["M1"].set_attribute("cost_of_delay", 100)
    b["M1"].set_attribute("duration", 1)
    m = ScoreModel.moscow(secondary=ScoreModel.cd3())
    assert m.name == "moscow:cd3"
    assert m.apply(b).secondary("M1") == 100
    assert b.order(model=m).ids()[0] == "M1"     # M2 has no cost of delay
    assert ScoreModel.moscow("wsjf").name == "moscow:wsjf"
    with pytest.raises(InvalidValueError):
        ScoreModel.moscow(secondary=ScoreModel.moscow())
    with pytest.raises(TypeError):
        ScoreModel.moscow(secondary=3)


def test_moscow_must_share():
    # musts 2 + 2 = 4 of 1 + 2 + 2 + 1 = 6 (won't excluded): 66.7% > 60%
    s = ScoreModel.moscow().apply(moscow_backlog())
    assert s.must_share == pytest.approx(4 / 6)
    assert s.must_limit == pytest.approx(0.6)
    assert s.must_share_exceeded
    s = ScoreModel.moscow(must_limit=0.7).apply(moscow_backlog())
    assert not s.must_share_exceeded and s.must_limit == pytest.approx(0.7)
    s = ScoreModel.moscow().set_option("must-limit", "70%").apply(moscow_backlog())
    assert s.must_limit == pytest.approx(0.7)
    with pytest.raises(InvalidValueError):
        ScoreModel.moscow(must_limit=0)
    with pytest.raises(InvalidValueError):
        ScoreModel.wsjf(must_limit=0.5)


def test_must_share_of_other_models():
    s = ScoreModel.wsjf().apply(moscow_backlog())
    assert s.must_share is None and s.must_limit is None
    assert not s.must_share_exceeded


# --- Kano ------------------------------------------------------------------------

@pytest.mark.parametrize("functional, dysfunctional, category", [
    # the corners and the middle of Berger et al.'s evaluation table
    ("like", "like", "questionable"),
    ("like", "expect", "attractive"),
    ("like", "neutral", "attractive"),
    ("like", "tolerate", "attractive"),
    ("like", "dislike", "one-dimensional"),
    ("expect", "dislike", "must-be"),
    ("neutral", "dislike", "must-be"),
    ("tolerate", "dislike", "must-be"),
    ("neutral", "neutral", "indifferent"),
    ("expect", "like", "reverse"),
    ("dislike", "like", "reverse"),
    ("dislike", "neutral", "reverse"),
    ("dislike", "dislike", "questionable"),
])
def test_kano_classify(functional, dysfunctional, category):
    assert libproduct.kano_classify(functional, dysfunctional) == category


def test_kano_classify_errors():
    with pytest.raises(InvalidValueError):
        libproduct.kano_classify("love", "dislike")
    with pytest.raises(TypeError):
        libproduct.kano_classify(0, 4)


def test_kano_counts_coefficients_and_score():
    # A = 2, O = 1, M = 1, I = 0: the category is the most frequent, A;
    # CS = (A + O) / (A + O + M + I) = 3/4; DS = -(O + M) / 4 = -1/2;
    # score = rank(A) 1 + (CS - DS) / 2 = 1 + 5/8
    b = Backlog()
    b.add_item("K", kano_answers=[("like", "neutral"), ("like", "tolerate"),
                                  ("like", "dislike"), ("expect", "dislike")])
    s = ScoreModel.kano().apply(b)
    assert s.kano_category("K") == "attractive"
    assert s.kano_counts("K") == {"must-be": 1, "one-dimensional": 1, "attractive": 2,
                                  "indifferent": 0, "reverse": 0, "questionable": 0}
    better, worse = s.kano_coefficients("K")
    assert better == pytest.approx(0.75) and worse == pytest.approx(-0.5)
    assert s["K"] == pytest.approx(1.625)


def test_kano_ties_go_to_must_be():
    # M > O > A > I (Berger et al.)
    b = Backlog()
    b.add_item("K", kano_answers=[("like", "dislike"), ("expect", "dislike")])
    assert ScoreModel.kano().apply(b).kano_category("K") == "must-be"


def test_kano_unscored():
    b = Backlog()
    b.add_item("R", kano_answers=[("dislike", "like")])
    b.add_item("Q", kano_answers=[("like", "like")])
    b.add_item("NONE")
    s = ScoreModel.kano().apply(b)
    assert s["R"] is None and "reverse" in s.reason("R")
    assert s.kano_category("R") == "reverse"       # classified, yet unscored
    assert s["Q"] is None and "questionable" in s.reason("Q")
    assert s.missing("NONE") == "kano_answers"
    assert s.kano_category("NONE") is None and s.kano_counts("NONE") is None
    assert s.kano_coefficients("NONE") is None
    assert s.kano_coefficients("R") is None        # no A, O, M or I


def test_kano_of_other_models():
    b = Backlog()
    b.add_item("K", kano_answers=[("like", "dislike")])
    assert ScoreModel.wsjf().apply(b).kano_category("K") is None


# --- scorecards --------------------------------------------------------------------

def scorecard_backlog():
    b = Backlog()
    b.add_item("A", attributes={"reach": 5, "cost": 1})
    b.add_item("B", attributes={"reach": 1, "cost": 3})
    b.add_item("C", attributes={"reach": 3, "cost": 2})
    return b


def test_scorecard_absolute():
    m = ScoreModel.scorecard([("reach", 2, "linear-1-5"), ("cost", -1)])
    assert m.criteria == [libproduct.Criterion("reach", 2.0, "linear-1-5"),
                          ("cost", -1.0, "any")]
    assert m.inputs == ["reach", "cost"]
    # A: 2 x 5 - 1 = 9; B: 2 - 3 = -1; C: 6 - 2 = 4
    assert dict(m.apply(scorecard_backlog())) == {"A": 9.0, "B": -1.0, "C": 4.0}


def test_scorecard_relative():
    # each criterion normalised to 0..100 across the backlog first:
    # reach 5, 1, 3 -> 100, 0, 50; cost 1, 3, 2 -> 0, 100, 50
    m = ScoreModel.scorecard([("reach", 2), ("cost", -1)], mode="relative")
    s = m.apply(scorecard_backlog())
    assert dict(s) == {"A": 200.0, "B": -100.0, "C": 50.0}
    b = scorecard_backlog()
    b.add_item("D", attributes={"reach": 9, "cost": 1})
    # adding an item changes the others' scores (documented)
    assert m.apply(b)["A"] != 200.0
    e = s.explain("C")
    assert [(t.name, t.input, t.value) for t in e.terms] == [("reach", 3, 50), ("cost", 2, 50)]


def test_scorecard_builder_and_dicts():
    m = (ScoreModel.scorecard()
         .add_criterion("reach", 1, "custom", values=[1, 3, 9])
         .set_scorecard_mode("absolute"))
    assert m.criteria == [("reach", 1.0, "custom")]
    s = m.apply(scorecard_backlog())
    assert s["B"] == 1.0 and s["C"] == 3.0
    assert s["A"] is None and s.violations == [("A", "reach", 5.0)]
    m = ScoreModel.scorecard([{"name": "reach", "weight": 1, "scale": "fibonacci"}])
    assert m.criteria == [("reach", 1.0, "fibonacci")]


def test_scorecard_errors():
    with pytest.raises(InvalidValueError):
        ScoreModel.scorecard([("reach", 1), ("reach", 2)])       # duplicate
    with pytest.raises(InvalidValueError):
        ScoreModel.scorecard([("reach", math.nan)])
    with pytest.raises(InvalidValueError):
        ScoreModel.scorecard([("reach", 1, "no-such-scale")])
    with pytest.raises(InvalidValueError):
        ScoreModel.scorecard().apply(scorecard_backlog())        # no criteria
    with pytest.raises(InvalidValueError):
        ScoreModel.scorecard([("reach", 1, "custom")]).apply(scorecard_backlog())
    with pytest.raises(InvalidValueError):
        ScoreModel.scorecard([("reach", 1)], mode="sideways")
    with pytest.raises(InvalidValueError):
        ScoreModel.wsjf().add_criterion("reach", 1)


def test_scorecard_from_data():
    m = ScoreModel.scorecard_from_data("mode = relative\nreach = 2 linear-1-5\ncost = -1\n")
    assert m.criteria == [("reach", 2.0, "linear-1-5"), ("cost", -1.0, "any")]
    assert dict(m.apply(scorecard_backlog()))["A"] == 200.0
    j = ScoreModel.scorecard_from_data(
        b'{"format": "libproduct-scorecard/1", "criteria": '
        b'[{"name": "reach", "weight": 2}, {"name": "cost", "weight": -1}]}')
    assert j.apply(scorecard_backlog())["A"] == 9.0
    with pytest.raises(libproduct.ParseError):
        ScoreModel.scorecard_from_data('{"criteria": [')
    with pytest.raises(libproduct.FormatError):
        ScoreModel.scorecard_from_data('{"bogus": 1}')
    with pytest.raises(libproduct.FormatError):
        ScoreModel.scorecard_from_data("reach = heavy")


def test_scorecard_from_file(tmp_path):
    path = tmp_path / "card.txt"
    path.write_text("reach = 2\ncost = -1\n")
    m = ScoreModel.scorecard_from_file(path)
    assert m.name == "scorecard:" + str(path)
    assert m.apply(scorecard_backlog())["A"] == 9.0
    assert ScoreModel.by_name("scorecard:" + str(path)).criteria == m.criteria
    with pytest.raises(libproduct.LpIOError):
        ScoreModel.scorecard_from_file(tmp_path / "missing.txt")


# --- formulas --------------------------------------------------------------------

def test_formula_rice():
    m = ScoreModel.formula("(reach * impact * confidence) / effort")
    assert m.name == "formula:(reach * impact * confidence) / effort"
    assert m.inputs == ["reach", "impact", "confidence", "effort"]
    assert score_of(m, reach=1000, impact=2, confidence=0.8, effort=4) == pytest.approx(400)


@pytest.mark.parametrize("expression, expected", [
    ("1 + 2 * 3", 7), ("(1 + 2) * 3", 9), ("2 ^ 3 ^ 2", 512), ("-2 ^ 2", -4),
    ("10 - 4 - 3", 3), ("min(3, 1, 2) + max(1, 5)", 6), ("abs(-3) + sqrt(16)", 7),
    ("if(value > 5, 1, 2)", 1), ("value >= 8", 1), ("log(1)", 0),
])
def test_formula_arithmetic(expression, expected):
    assert score_of(ScoreModel.formula(expression), value=8) == pytest.approx(expected)


@pytest.mark.parametrize("expression, column", [
    ("(reach *", 9), ("reach +* 2", 8), ("", 1), ("nosuch(1)", 1), ("1 +", 4),
])
def test_formula_syntax_errors(expression, column):
    with pytest.raises(InvalidValueError) as e:
        ScoreModel.formula(expression)
    assert str(e.value).startswith("formula: column ")
    assert int(str(e.value).split()[2].rstrip(":")) >= 1


def test_formula_garbage_and_nesting():
    with pytest.raises(InvalidValueError):
        ScoreModel.formula("reach\0 + 1")
    with pytest.raises(InvalidValueError):
        ScoreModel.formula("\xff\xfe$")
    with pytest.raises(InvalidValueError):
        ScoreModel.formula("(" * 300 + "1" + ")" * 300)
    assert score_of(ScoreModel.formula("(" * 100 + "1" + ")" * 100)) == 1


def test_formula_runtime_failures_leave_the_item_unscored():
    s = ScoreModel.formula("value / 0").apply(one_item(value=1))
    assert s["X"] is None and "division by zero" in s.reason("X")
    s = ScoreModel.formula("10 ^ 400").apply(one_item())
    assert s["X"] is None and "overflow" in s.reason("X")
    s = ScoreModel.formula("reach * 2").apply(one_item(value=1))
    assert s["X"] is None and s.missing("X") == "reach"


def test_formula_for_backlog_rejects_unknown_attributes():
    b = one_item(reach=1)
    assert ScoreModel.formula("reach * 2", backlog=b).apply(b)["X"] == 2
    with pytest.raises(InvalidValueError) as e:
        ScoreModel.formula("reech * 2", backlog=b)
    assert 'unknown attribute "reech"' in str(e.value)
    with pytest.raises(TypeError):
        ScoreModel.formula("reach", backlog="not a backlog")


# --- options -----------------------------------------------------------------------

def test_set_option_from_text():
    m = ScoreModel.rice().set_option("reach", "users")
    assert m.inputs[0] == "users"
    m = ScoreModel.ice(options={"mode": "average", "scale-check": "report"})
    assert score_of(m, impact=3, confidence=6, ease=12) == 7
    with pytest.raises(InvalidValueError):
        ScoreModel.wsjf().set_option("mode", "average")
    with pytest.raises(InvalidValueError):
        ScoreModel.cd3(scale_check="report")    # CD3 has no scale
    with pytest.raises(InvalidValueError):
        ScoreModel.rice(scale_check="sometimes")
    with pytest.raises(TypeError):
        ScoreModel.rice().set_option("reach", True)
    with pytest.raises(TypeError):
        ScoreModel.rice(no_such_option=1)


def test_configure_returns_the_model():
    m = ScoreModel.wsjf()
    assert m.configure(scale_check="report") is m
    assert m.set_scale_check("reject") is m


def test_score_one_item():
    b = one_item(**WSJF_EXAMPLE)
    assert ScoreModel.wsjf().score(b["X"]) == 2.0
    assert ScoreModel.rice().score(b["X"]) is None
    with pytest.raises(TypeError):
        ScoreModel.wsjf().score("X")


# --- Scores ------------------------------------------------------------------------

def test_scores_is_a_mapping_of_open_items():
    b = Backlog()
    b.add_item("A", value=4, effort=2)
    b.add_item("B", value=1, effort=1, status="done")
    b.add_item("C", effort=1)
    s = ScoreModel.value_effort().apply(b)
    assert list(s) == ["A", "C"] and len(s) == 2
    assert s["A"] == 2.0 and s[b["A"]] == 2.0 and s["C"] is None
    assert "A" in s and "B" not in s and b["A"] in s and 3 not in s
    with pytest.raises(KeyError):
        s["B"]
    with pytest.raises(KeyError):
        s["nope"]
    assert s.n_scored == 1 and s.n_unscored == 1
    assert s.score("B") is None
    assert s.reason("B") == "not open (done)"
    assert s.unscored() == {"C": 'missing input "value"'}
    assert s.backlog is b and s.model.name == "value-effort"
    assert repr(s) == "<Scores model='value-effort' scored=1 unscored=1>"
    with pytest.raises(libproduct.UnknownItemError):
        s.missing("nope")
    with pytest.raises(TypeError):
        ScoreModel.wsjf().apply("backlog")


def test_scores_after_the_backlog_changed():
    b = Backlog()
    b.add_item("A", value=4, effort=2)
    b.add_item("B", value=1, effort=1)
    s = ScoreModel.value_effort().apply(b)
    b.add_item("C", value=9, effort=1)
    assert "C" not in s and s.score("C") is None
    assert "added after" in s.reason("C")
    b.remove_item("B")
    assert dict(s) == {"A": 2.0, "B": 1.0}     # the snapshot stays
    with pytest.raises(libproduct.StaleError):
        s.score("A")
    with pytest.raises(libproduct.StaleError):
        s.violations
    assert issubclass(libproduct.StaleError, libproduct.Error)


def test_scores_of_items_of_another_backlog():
    s = ScoreModel.value_effort().apply(one_item(value=1, effort=1))
    other = one_item(value=1, effort=1)
    with pytest.raises(InvalidValueError):
        s.score(other["X"])


# --- explanations --------------------------------------------------------------------

def test_explain_rice():
    b = one_item(reach=1000, impact=2, confidence=80, effort=4)
    e = ScoreModel.rice().explain(b["X"])
    assert str(e) == "RICE = reach 1000 x impact 2 x confidence 80% (0.8) / effort 4 = 400"
    assert e.score == 400 and e.scored
    assert e.reason is None and e.missing_input is None
    assert e.model == "rice" and e.item == b["X"]
    assert e.terms == [
        libproduct.Term("reach", "factor", 1000, 1000, 1, 1000),
        ("impact", "factor", 2, 2, 1, 2),
        ("confidence", "factor", 80, 0.8, 1, 0.8),
        ("effort", "divisor", 4, 4, 1, 0.25),
    ]
    assert "RICE =" in repr(e)


def test_explain_wsjf_by_backlog_and_id():
    b = one_item(**WSJF_EXAMPLE)
    e = ScoreModel.wsjf().explain(b, "X")
    assert str(e) == ("WSJF = (business_value 8 + time_criticality 5 + risk_reduction 3)"
                      " / job_size 8 = 2")
    assert [t.role for t in e.terms] == ["addend", "addend", "addend", "divisor"]
    with pytest.raises(TypeError):
        ScoreModel.wsjf().explain("X")


def test_explain_unscored():
    b = one_item(impact=2, confidence=80, effort=4)
    e = ScoreModel.rice().explain(b, "X")
    assert e.score is None and not e.scored
    assert e.missing_input == "reach"
    assert e.reason == 'missing input "reach"'
    assert str(e).endswith('unscored: missing input "reach"')
    assert e.terms[0].input is None and e.terms[0].contribution is None


def test_explain_formula_and_scorecard():
    b = one_item(reach=1000, impact=2, effort=4)
    e = ScoreModel.formula("(reach * impact) / effort").explain(b, "X")
    assert str(e).startswith("formula (reach=1000 * impact=2) / effort=4")
    assert e.score == 500
    assert [t.role for t in e.terms] == ["variable"] * 3
    assert e.terms[0].contribution is None
    e = ScoreModel.scorecard([("reach", 2), ("effort", -1)]).explain(b, "X")
    assert e.score == 1996
    assert [t.contribution for t in e.terms] == [2000, -4]


def test_explain_many_through_scores():
    b = moscow_backlog()
    s = ScoreModel.moscow().apply(b)
    e = s.explain("M2")
    assert e.terms[0].role == "category" and e.terms[0].value == 3
    assert e.terms[1] == ("value-effort", "secondary", 4, 4, 1, 4)
    assert s.explain("W").reason == "won't have this time"


def test_explain_a_done_item():
    b = one_item(value=1, effort=1)
    b["X"].status = "done"
    e = ScoreModel.value_effort().explain(b["X"])
    assert e.score is None and e.reason == "not open (done)"


# --- the model vocabulary in a file ------------------------------------------------

def test_models_backlog_sample(models_backlog):
    b = models_backlog
    assert ScoreModel.wsjf().apply(b)["M-1"] == 2.0            # (8 + 5 + 3) / 8
    assert ScoreModel.rice().apply(b)["M-1"] == 400.0          # 1000 x 2 x 0.8 / 4
    assert ScoreModel.cd3().apply(b)["M-1"] == 1250.0          # 5000 / 4
    ice = ScoreModel.ice(inputs={"impact": "ice_impact", "confidence": "ice_confidence"})
    assert ice.apply(b)["M-1"] == 336.0                        # 8 x 7 x 6
    assert ScoreModel.moscow().apply(b).must_share == pytest.approx(11 / 15)
    assert ScoreModel.kano().apply(b).kano_category("M-4") == "must-be"
