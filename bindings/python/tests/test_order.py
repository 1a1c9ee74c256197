"""Ordering, next, rankings and cycles, on hand-checked examples."""
import pytest

import libproduct

# The `small` fixture (conftest.py), worked by hand: the open items whose
# prerequisites are met are A(2) C(1) D(3) E(-) G(2) (F is done, B waits for
# C). Take D (3); A and G tie at 2 and A comes first in the manual order;
# then G; then C (1), which frees B (9), taken before the unscored E.
SMALL_ORDER = ["D", "A", "G", "C", "B", "E"]
SMALL_SCORES = [3.0, 2.0, 2.0, 1.0, 9.0, None]


def test_order_small(small):
    ranking = small.order()
    assert ranking.ids() == SMALL_ORDER
    assert ranking.scores() == SMALL_SCORES
    assert len(ranking) == 6
    assert ranking.excluded == []
    assert ranking.model == "value-effort"
    assert repr(ranking) == "<Ranking model='value-effort' items=6 excluded=0>"


def test_ranking_entries(small):
    ranking = small.order()
    entries = list(ranking)
    assert [e.rank for e in entries] == list(range(1, 7))
    assert [e.id for e in entries] == SMALL_ORDER
    assert [e.score for e in entries] == SMALL_SCORES
    assert [e.item for e in entries] == [small[i] for i in SMALL_ORDER]
    first = ranking[0]
    assert first == (1, "D", small["D"], 3.0)
    assert first.item.title == "Delta"
    assert ranking[-1].id == "E" and ranking[-1].score is None
    assert [e.id for e in ranking[1:3]] == ["A", "G"]
    with pytest.raises(IndexError):
        ranking[6]
    assert ranking.items() == [small[i] for i in SMALL_ORDER]


def test_to_records(small):
    records = small.order().to_records()
    assert records[0] == {"rank": 1, "id": "D", "score": 3.0, "value": 3.0,
                          "effort": 1.0, "title": "Delta"}
    assert records[-1] == {"rank": 6, "id": "E", "score": None, "value": None,
                           "effort": None, "title": "Echo"}
    assert [r["id"] for r in records] == SMALL_ORDER


def test_models(small):
    assert small.order(model="value-effort").ids() == SMALL_ORDER
    assert small.order(model=libproduct.ScoreModel.value_effort()).ids() == SMALL_ORDER
    with pytest.raises(libproduct.InvalidValueError):
        small.order(model="astrology")
    with pytest.raises(TypeError):
        small.order(model=3)


def test_next(small):
    assert small.next().ids() == ["D"]
    assert small.next(3).ids() == ["D", "A", "G"]
    assert small.next(10).ids() == ["D", "A", "G", "C", "E"]
    assert small.next(3).scores() == [3.0, 2.0, 2.0]
    assert small.next(0).ids() == []
    assert small.next(2, model="value-effort").ids() == ["D", "A"]


def test_done_and_in_progress(small):
    small["C"].status = "done"
    small["D"].status = "in_progress"
    assert small.order().ids() == ["B", "D", "A", "G", "E"]


def test_ranking_is_a_snapshot(small):
    ranking = small.order()
    small.remove_item("A")
    assert ranking.ids() == SMALL_ORDER
    records = ranking.to_records()
    assert records[1] == {"rank": 2, "id": "A", "score": 2.0, "value": None,
                          "effort": None, "title": None}
    assert records[0]["title"] == "Delta"
    with pytest.raises(libproduct.UnknownItemError):
        ranking[1].item.title
    assert ranking[0].item.title == "Delta"


def lenient_backlog():
    b = libproduct.Backlog()
    for id_ in "XYZWHIJK":
        b.add_item(id_, value=1, effort=1)
    b.add_dependency("X", "Y")
    b.add_dependency("Y", "X")
    b.add_dependency("Z", "X")      # behind the cycle
    b.add_dependency("W", "Z")      # behind it transitively
    b["H"].status = "dropped"
    b.add_dependency("I", "H")      # blocked by a dropped item
    b.add_dependency("J", "I")
    return b


def test_lenient_exclusions():
    b = lenient_backlog()
    with pytest.raises(libproduct.CycleError) as excinfo:
        b.order()
    assert excinfo.value.cycle == ["X", "Y"]
    assert "X -> Y -> X" in str(excinfo.value)
    ranking = b.order(lenient=True)
    assert ranking.ids() == ["K"]
    excluded = ranking.excluded
    assert [e.id for e in excluded] == ["X", "Y", "Z", "W", "I", "J"]
    assert excluded[0] == libproduct.Exclusion("X", "in-cycle", "Y")
    assert excluded[1] == libproduct.Exclusion("Y", "in-cycle", "X")
    assert excluded[2][:2] == ("Z", "behind-cycle") and excluded[2].cause in ("X", "Y")
    assert excluded[3][:2] == ("W", "behind-cycle") and excluded[3].cause in ("X", "Y")
    assert excluded[4] == ("I", "blocked-by-dropped", "H")
    assert excluded[5] == ("J", "blocked-by-dropped", "H")
    assert repr(ranking) == "<Ranking model='value-effort' items=1 excluded=6>"


def test_strict_order_excludes_dropped_prerequisites():
    b = libproduct.Backlog()
    b.add_item("A", value=1, effort=1, status="dropped")
    b.add_item("B", value=1, effort=1)
    b.add_item("C", value=1, effort=1)
    b.add_dependency("B", "A")
    ranking = b.order()
    assert ranking.ids() == ["C"]
    assert ranking.excluded == [("B", "blocked-by-dropped", "A")]


def test_cycles():
    b = libproduct.Backlog()
    for id_ in "ABCDEF":
        b.add_item(id_)
    b.add_dependency("A", "B")
    b.add_dependency("B", "C")
    b.add_dependency("C", "A")
    b.add_dependency("C", "B")
    b.add_dependency("E", "F")
    b.add_dependency("F", "E")
    b["F"].status = "done"
    assert b.cycles(open_only=True) == b.cycles(True)
    cycles = b.cycles()
    assert len(cycles) == 2
    first, second = cycles
    assert first.members == ["A", "B", "C"]
    assert first.path == ["A", "B", "C"]
    assert str(first) == "A -> B -> C -> A"
    assert repr(first) == "<Cycle A -> B -> C -> A>"
    assert len(first) == 3
    assert second.members == ["E", "F"] and str(second) == "E -> F -> E"
    open_cycles = b.cycles(open_only=True)
    assert [c.members for c in open_cycles] == [["A", "B", "C"]]
    with pytest.raises(libproduct.CycleError) as excinfo:
        b.order()
    assert excinfo.value.cycle == first.path
    b.remove_dependency("C", "A")
    assert [c.members for c in b.cycles()] == [["B", "C"], ["E", "F"]]
    assert b.cycles(open_only=True)[0].path == ["B", "C"]


def test_no_cycles(small):
    assert small.cycles() == []
    assert small.cycles(open_only=True) == []


def test_cycle_record():
    cycle = libproduct.Cycle(["A", "B"], ["A", "B"])
    assert str(cycle) == "A -> B -> A"
    assert cycle == libproduct.Cycle(["A", "B"], ["A", "B"], "A -> B -> A")
