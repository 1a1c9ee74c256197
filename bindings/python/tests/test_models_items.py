"""The item fields of the models (moscow, kano_answers), their file format,
and orders with models: priority inheritance and the position's reasons."""
import json

import pytest

import libproduct
from libproduct import Backlog, ScoreModel, InvalidValueError


# --- Item.moscow ---------------------------------------------------------------------

def test_moscow_field(backlog):
    item = backlog.add_item("A")
    assert item.moscow is None
    for category in libproduct.MOSCOW:
        item.moscow = category
        assert item.moscow == category
    item.moscow = "Must"          # case-insensitive
    assert item.moscow == "must"
    item.moscow = "won't"
    assert item.moscow == "wont"
    item.moscow = None
    assert item.moscow is None
    item.moscow = "should"
    item.moscow = "none"
    assert item.moscow is None


def test_moscow_errors(backlog):
    item = backlog.add_item("A", moscow="could")
    with pytest.raises(InvalidValueError):
        item.moscow = "maybe"
    with pytest.raises(TypeError):
        item.moscow = 1
    assert item.moscow == "could"
    with pytest.raises(InvalidValueError):
        backlog.add_item("B", moscow="maybe")
    assert "B" not in backlog     # all or nothing


# --- Item.kano_answers ----------------------------------------------------------------

def test_kano_answers(backlog):
    item = backlog.add_item("A")
    assert item.kano_answers == []
    item.add_kano_answer("like", "dislike")
    item.add_kano_answer("Expect", "NEUTRAL")
    assert item.kano_answers == [("like", "dislike"), ("expect", "neutral")]
    item.kano_answers = [["tolerate", "like"]]
    assert item.kano_answers == [("tolerate", "like")]
    item.clear_kano_answers()
    assert item.kano_answers == []
    item.kano_answers = None
    assert item.kano_answers == []


def test_kano_answers_errors(backlog):
    item = backlog.add_item("A", kano_answers=[("like", "dislike")])
    with pytest.raises(InvalidValueError):
        item.kano_answers = [("like", "dislike"), ("love", "dislike")]
    assert item.kano_answers == [("like", "dislike")]    # checked before changing
    with pytest.raises(InvalidValueError):
        item.kano_answers = [("like",)]
    with pytest.raises(InvalidValueError):
        item.kano_answers = ["like"]
    with pytest.raises(InvalidValueError):
        item.add_kano_answer("like", "hate")
    with pytest.raises(TypeError):
        item.add_kano_answer(0, 4)
    with pytest.raises(InvalidValueError):
        backlog.add_item("B", kano_answers=[("meh", "meh")])
    assert "B" not in backlog


# --- the file format -------------------------------------------------------------------

def test_json_round_trip(backlog):
    backlog.add_item("A", "Alpha", moscow="must",
                     kano_answers=[("like", "dislike"), ("expect", "dislike")])
    backlog.add_item("B", "Bravo", moscow="wont")
    backlog.add_item("C", "Charlie")
    doc = json.loads(backlog.dumps())
    items = {i["id"]: i for i in doc["items"]}
    assert items["A"]["moscow"] == "must"
    assert items["A"]["kano_answers"] == [["like", "dislike"], ["expect", "dislike"]]
    assert items["B"]["moscow"] == "wont"
    assert "moscow" not in items["C"] and "kano_answers" not in items["C"]
    again = Backlog.loads(backlog.dumps())
    assert again["A"].moscow == "must" and again["B"].moscow == "wont"
    assert again["C"].moscow is None
    assert again["A"].kano_answers == [("like", "dislike"), ("expect", "dislike")]
    assert again.dumps() == backlog.dumps()


def test_json_errors():
    # an unknown name is a bad value (as for "status"); a wrong shape a format error
    with pytest.raises(InvalidValueError):
        Backlog.loads('{"format": "libproduct/1", "items": [{"id": "A", "moscow": "maybe"}]}')
    with pytest.raises(InvalidValueError):
        Backlog.loads('{"format": "libproduct/1", "items": '
                      '[{"id": "A", "kano_answers": [["like", "love"]]}]}')
    with pytest.raises(libproduct.FormatError):
        Backlog.loads('{"format": "libproduct/1", "items": [{"id": "A", "moscow": 3}]}')
    with pytest.raises(libproduct.FormatError):
        Backlog.loads('{"format": "libproduct/1", "items": '
                      '[{"id": "A", "kano_answers": [["like"]]}]}')


def test_from_records():
    b = Backlog.from_records([
        {"id": "A", "moscow": "must", "kano_answers": [("like", "dislike")]},
        {"id": "B", "moscow": None, "kano_answers": float("nan")},
    ])
    assert b["A"].moscow == "must" and b["A"].kano_answers == [("like", "dislike")]
    assert b["B"].moscow is None and b["B"].kano_answers == []


# --- orders with models -----------------------------------------------------------------

@pytest.fixture
def chain():
    """E (enabler, low score) <- V (valuable) and an unrelated middle item M:

        id  business_value+... / job_size = WSJF
        E   1 + 1 + 1 / 3 = 1
        V   13 + 8 + 5 / 2 = 13      depends on E
        M   5 + 3 + 2 / 2 = 5
    """
    b = Backlog()
    b.add_item("E", "Enabler", attributes=dict(business_value=1, time_criticality=1,
                                               risk_reduction=1, job_size=3))
    b.add_item("M", "Middle", attributes=dict(business_value=5, time_criticality=3,
                                              risk_reduction=2, job_size=2))
    b.add_item("V", "Valuable", attributes=dict(business_value=13, time_criticality=8,
                                                risk_reduction=5, job_size=2))
    b.add_dependency("V", "E")
    return b


def test_order_by_model_name_and_object(chain):
    assert chain.order(model="wsjf").ids() == ["M", "E", "V"]
    r = chain.order(model=ScoreModel.wsjf())
    assert r.ids() == ["M", "E", "V"] and r.model == "wsjf"
    assert r.scores() == [5.0, 1.0, 13.0]
    assert not r.inherit
    assert r.effective_scores() == [5.0, 1.0, 13.0]
    assert r.inherited_from() == [None, None, None]


def test_priority_inheritance(chain):
    r = chain.order(model="wsjf", inherit=True)
    assert r.ids() == ["E", "V", "M"]
    assert r.inherit
    assert r.scores() == [1.0, 13.0, 5.0]
    assert r.effective_scores() == [13.0, 13.0, 5.0]
    assert r.inherited_from() == ["V", None, None]
    records = r.to_records()
    assert records[0]["effective_score"] == 13.0 and records[0]["inherited_from"] == "V"
    assert records[1]["inherited_from"] is None
    assert "effective_score" not in chain.order(model="wsjf").to_records()[0]


def test_priority_inheritance_on_a_diamond_and_in_next():
    # A depends on B and C, both depend on D: D inherits A's score through both
    b = Backlog()
    b.add_item("A", value=100, effort=1)
    b.add_item("B", value=1, effort=1)
    b.add_item("C", value=2, effort=1)
    b.add_item("D", value=1, effort=10)
    b.add_item("X", value=50, effort=1)
    for dependent, prerequisite in (("A", "B"), ("A", "C"), ("B", "D"), ("C", "D")):
        b.add_dependency(dependent, prerequisite)
    r = b.order(inherit=True)
    assert r.ids() == ["D", "B", "C", "A", "X"]
    assert r.inherited_from()[:3] == ["A", "A", "A"]
    n = b.next(2, inherit=True)
    assert n.ids() == ["D", "X"] and n.effective_scores() == [100.0, 50.0]
    assert b.next(2).ids() == ["X", "D"]


def test_ranking_explain_and_why(chain):
    r = chain.order(model="wsjf")
    assert r.rank_of("V") == 3 and r.rank_of(chain["M"]) == 1
    text = r.explain("V")
    assert text.startswith("V is ranked 3 of 3 by wsjf, score 13.")
    assert "held back" in text and "E" in text
    assert [i.id for i in r.held_back_by("V")] == ["E"]
    assert [i.id for i in r.waits_behind("E")] == ["M"]
    assert r.waits_behind("M") == [] and r.held_back_by("M") == []
    assert "depends on E" in r.why("E", "V")
    assert r.why("M", "V").startswith("M (rank 1")
    inherited = chain.order(model="wsjf", inherit=True)
    assert "inherited from V" in inherited.explain("E")


def test_ranking_explain_excluded_and_unranked():
    b = Backlog()
    b.add_item("A", value=1, effort=1)
    b.add_item("B", value=1, effort=1)
    b.add_item("C", value=1, effort=1, status="done")
    b.add_item("D", value=5, effort=1)
    b.add_dependency("A", "B")
    b.add_dependency("B", "A")
    r = b.order(lenient=True)
    assert r.rank_of("A") is None and r.rank_of("C") is None
    assert "cycle" in r.explain("A")
    assert "done" in r.explain("C")
    assert r.held_back_by("A") == []
    n = b.next(1)
    assert n.rank_of("D") == 1 and n.rank_of("A") is None


def test_ranking_is_stale_after_a_removal(chain):
    r = chain.order(model="wsjf")
    chain.remove_item("M")
    assert r.ids() == ["M", "E", "V"]          # the snapshot stays
    with pytest.raises(libproduct.StaleError):
        r.explain("V")
    with pytest.raises(libproduct.StaleError):
        r.rank_of("V")


def test_ranking_of_unknown_items(chain):
    r = chain.order()
    with pytest.raises(libproduct.UnknownItemError):
        r.explain("nope")
    with pytest.raises(TypeError):
        r.why("E", 3)


def test_lpcore_enum_conversions():
    from libproduct import lpcore
    assert lpcore.lp_moscow_from_string("won't") == lpcore.LP_MOSCOW_WONT
    assert lpcore.lp_kano_category_from_string("O") == lpcore.LP_KANO_CATEGORY_ONE_DIMENSIONAL
    assert lpcore.lp_quadrant_from_string("quick_win") == lpcore.LP_QUADRANT_QUICK_WIN
    assert lpcore.lp_scale_from_string("Powers_Of_Two") == lpcore.LP_SCALE_POWERS_OF_TWO
    assert lpcore.lp_ice_mode_to_string(lpcore.LP_ICE_AVERAGE) == "average"
    assert lpcore.lp_scorecard_mode_from_string("RELATIVE") == lpcore.LP_SCORECARD_RELATIVE
    assert lpcore.lp_scale_check_from_string("report") == lpcore.LP_SCALE_CHECK_REPORT
    assert lpcore.lp_term_role_to_string(lpcore.LP_TERM_DIVISOR) == "divisor"
    assert lpcore.lp_kano_answer_to_string(99) is None
    for f in (lpcore.lp_moscow_from_string, lpcore.lp_kano_answer_from_string,
              lpcore.lp_kano_category_from_string, lpcore.lp_quadrant_from_string,
              lpcore.lp_scale_from_string, lpcore.lp_ice_mode_from_string,
              lpcore.lp_scorecard_mode_from_string, lpcore.lp_scale_check_from_string):
        with pytest.raises(InvalidValueError):
            f("no-such-name")
    assert lpcore.lp_score_model_list_names()[0] == "value-effort"
    with pytest.raises(ValueError):
        lpcore.lp_score_model_set_input(None, "reach", "x")
