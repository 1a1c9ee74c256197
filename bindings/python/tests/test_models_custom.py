"""A scoring model written in Python: ScoreModel.custom(name, func).

func gets an Item and returns a number or None (unscored). An exception it
raises stops the scoring (the remaining items are left unscored without
calling it again) and propagates from the call that applied the model once
the C code has returned.
"""
import gc
import math
import weakref

import pytest

import libproduct
from libproduct import Backlog, ScoreModel


@pytest.fixture
def b():
    b = Backlog()
    b.add_item("A", "Alpha", value=10, effort=5, attributes={"reach": 100})
    b.add_item("B", "Bravo", value=9, effort=1)
    b.add_item("C", "Charlie", value=1, effort=1, attributes={"reach": 900})
    b.add_item("D", "Delta", value=1, effort=1, status="done")
    b.add_dependency("B", "C")
    return b


def test_custom_model_scores_items(b):
    m = ScoreModel.custom("reach", lambda item: item.get_attribute("reach"))
    assert m.name == "reach"
    assert m.inputs == []
    s = m.apply(b)
    assert dict(s) == {"A": 100.0, "B": None, "C": 900.0}
    assert "declined" in s.reason("B")
    assert b.order(model=m).ids() == ["C", "A", "B"]
    assert m.score(b["A"]) == 100.0


def test_custom_model_gets_items_of_the_callers_backlog(b):
    seen = []

    def func(item):
        seen.append(item)
        assert isinstance(item, libproduct.Item)
        assert item.backlog is b
        return item.value

    ScoreModel.custom("value", func).apply(b)
    assert [item.id for item in seen] == ["A", "B", "C"]   # open items, manual order
    assert seen[0] == b["A"]


def test_custom_model_returning_none_and_nan(b):
    m = ScoreModel.custom("odd", lambda item: {"A": None, "B": math.nan, "C": math.inf}[item.id])
    s = m.apply(b)
    assert dict(s) == {"A": None, "B": None, "C": None}
    assert s.n_unscored == 3


def test_custom_model_accepts_ints_and_number_types(b):
    class Number:
        def __float__(self):
            return 2.5

    assert dict(ScoreModel.custom("one", lambda item: 1).apply(b)) == {"A": 1.0, "B": 1.0, "C": 1.0}
    assert ScoreModel.custom("n", lambda item: Number()).apply(b)["A"] == 2.5


@pytest.mark.parametrize("value", ["1", b"1", True, [1]])
def test_custom_model_returning_a_non_number_raises_type_error(b, value):
    m = ScoreModel.custom("bad", lambda item: value)
    with pytest.raises(TypeError):
        m.apply(b)


class Boom(Exception):
    pass


def test_custom_model_exception_propagates_from_every_entry_point(b):
    calls = []

    def func(item):
        calls.append(item.id)
        if item.id == "B":
            raise Boom(item.id)
        return 1.0

    m = ScoreModel.custom("boom", func)
    with pytest.raises(Boom):
        m.apply(b)
    assert calls == ["A", "B"]          # not called again after raising
    with pytest.raises(Boom):
        b.order(model=m)
    with pytest.raises(Boom):
        b.order(model=m, lenient=True, inherit=True)
    with pytest.raises(Boom):
        b.next(2, model=m)
    with pytest.raises(Boom):
        m.explain(b["A"])
    with pytest.raises(Boom):
        m.score(b["B"])
    # the model and the backlog still work afterwards
    assert m.score(b["A"]) == 1.0
    assert b.order().ids() == ["A", "C", "B"]


def test_custom_model_exception_keeps_its_traceback(b):
    def func(item):
        raise KeyError("missing " + item.id)

    with pytest.raises(KeyError) as e:
        ScoreModel.custom("k", func).apply(b)
    assert "missing A" in str(e.value)
    assert any(entry.name == "func" for entry in e.traceback)


def test_nested_custom_models(b):
    inner = ScoreModel.custom("inner", lambda item: item.value)

    def outer(item):
        # a custom model that applies another one
        return inner.apply(item.backlog)[item.id]

    assert dict(ScoreModel.custom("outer", outer).apply(b)) == {"A": 10.0, "B": 9.0, "C": 1.0}

    def failing_inner(item):
        raise Boom("inner")

    def catching_outer(item):
        try:
            ScoreModel.custom("x", failing_inner).apply(item.backlog)
        except Boom:
            return 7
        return 0

    assert dict(ScoreModel.custom("outer", catching_outer).apply(b)) == {"A": 7.0, "B": 7.0, "C": 7.0}


def test_custom_model_releases_the_callable():
    class Scorer:
        def __call__(self, item):
            return 1.0

    scorer = Scorer()
    ref = weakref.ref(scorer)
    m = ScoreModel.custom("s", scorer)
    del scorer
    gc.collect()
    assert ref() is not None            # the model holds it
    del m
    gc.collect()
    assert ref() is None                # released by the GDestroyNotify


def test_custom_model_kept_alive_by_scores():
    b = Backlog()
    b.add_item("A", value=1, effort=1)
    s = ScoreModel.custom("s", lambda item: 3.0).apply(b)
    gc.collect()
    assert s.model.name == "s" and s["A"] == 3.0


def test_custom_model_with_options(b):
    m = ScoreModel.custom("v", lambda item: item.value, value_threshold=5)
    assert m.apply(b).quadrant_thresholds[0] == 5.0


def test_custom_model_errors():
    with pytest.raises(TypeError):
        ScoreModel.custom("x", 42)
    with pytest.raises(ValueError):
        ScoreModel.custom(None, lambda item: 1)


def test_custom_model_in_moscow(b):
    b["A"].moscow = "must"
    b["C"].moscow = "must"
    m = ScoreModel.moscow(secondary=ScoreModel.custom("reach", lambda i: i.get_attribute("reach")))
    assert m.name == "moscow:reach"
    assert m.apply(b).secondary("C") == 900.0
    assert b.order(model=m).ids()[:2] == ["C", "A"]


def test_lpcore_custom_model_gets_raw_items():
    from libproduct import lpcore
    bl = lpcore.LpBacklog()
    item = lpcore.lp_backlog_add_item(bl, "A", "a")
    lpcore.lp_item_set_value(item, 4)
    m = lpcore.lp_score_model_new_custom("raw", lambda ptr: lpcore.lp_item_get_value(ptr) * 2)
    assert lpcore.lp_score_model_apply(m, bl).open_scores() == (["A"], [8.0])
    with pytest.raises(TypeError):
        lpcore.lp_score_model_new_custom("raw", None)
