"""The low-level module: proxies, ownership, typemaps."""
import gc
import math

import pytest

from libproduct import lpcore


def test_backlog_proxy_owns_a_reference():
    b = lpcore.LpBacklog()
    assert b.thisown
    assert len(b) == 0
    item = lpcore.lp_backlog_add_item(b, "A", None)
    assert isinstance(item, lpcore.LpItem)
    assert item.thisown                          # a handle: backlog + id
    assert lpcore.lp_item_get_id(item) == "A"
    assert b.ids() == ["A"]
    # a backlog obtained from an item holds a reference of its own
    again = lpcore.lp_item_get_backlog(item)
    assert again.thisown and again._address() == b._address()
    del b, again
    gc.collect()
    # and so does the item handle: the item outlives every backlog proxy
    assert lpcore.lp_item_get_id(item) == "A"
    assert lpcore.lp_backlog_get_n_items(lpcore.lp_item_get_backlog(item)) == 1


def test_new_objects_are_owned():
    b = lpcore.lp_backlog_new()
    assert b.thisown
    m = lpcore.lp_score_model_new_value_effort()
    assert m.thisown and lpcore.lp_score_model_get_name(m) == "value-effort"
    assert lpcore.LpScoreModel("value-effort").thisown
    r = lpcore.lp_backlog_order(b, None, lpcore.LP_ORDER_STRICT)
    assert r.thisown and len(r) == 0 and r.ids() == [] and r.records() == []
    assert lpcore.lp_ranking_get_backlog(r)._address() == b._address()
    c = lpcore.lp_backlog_find_cycles(b, lpcore.LP_CYCLES_ALL)
    assert c.thisown and len(c) == 0


def test_many_objects_are_freed():
    # run under ASan by the sanitizer build: leaks and double frees show there
    for _ in range(200):
        b = lpcore.LpBacklog()
        lpcore.lp_backlog_add_items(b, ["A", "B"], None, None, None)
        lpcore.lp_backlog_add_dependencies(b, [0, 1], [1, 0])
        r = lpcore.lp_backlog_order(b, None, lpcore.LP_ORDER_LENIENT)
        c = lpcore.lp_backlog_find_cycles(b, lpcore.LP_CYCLES_OPEN_ONLY)
        assert lpcore.lp_cycles_format_path(c, 0) == "A -> B -> A"
        del b, r, c


def test_none_is_refused():
    b = lpcore.LpBacklog()
    with pytest.raises(ValueError):
        lpcore.lp_backlog_get_n_items(None)
    with pytest.raises(ValueError):
        lpcore.lp_backlog_add_item(b, None, None)
    with pytest.raises(ValueError):
        lpcore.lp_item_get_title(None)
    with pytest.raises(TypeError):
        lpcore.lp_item_get_title(b)              # wrong proxy type
    # where C accepts NULL, None is accepted
    item = lpcore.lp_backlog_add_item(b, "A", None)
    assert lpcore.lp_item_set_parent(item, None) is True
    assert lpcore.lp_backlog_set_name(b, None) is True
    assert lpcore.lp_backlog_next(b, None, 1).ids() == ["A"]


def test_out_parameters():
    b = lpcore.LpBacklog()
    item = lpcore.lp_backlog_add_item(b, "A", "Title")
    assert lpcore.lp_item_get_attribute(item, "reach") is None
    assert lpcore.lp_item_set_attribute(item, "reach", 3.5) is True
    assert lpcore.lp_item_get_attribute(item, "reach") == 3.5
    assert lpcore.lp_item_dup_attribute_names(item) == ["reach"]
    m = lpcore.lp_score_model_new_value_effort()
    assert lpcore.lp_score_model_score_item(m, item) is None
    lpcore.lp_item_set_value(item, 6)
    lpcore.lp_item_set_effort(item, 2)
    assert lpcore.lp_score_model_score_item(m, item) == 3.0
    assert lpcore.lp_item_kind_from_string("EPIC") == lpcore.LP_ITEM_KIND_EPIC
    assert lpcore.lp_item_status_from_string("in progress") == lpcore.LP_ITEM_STATUS_IN_PROGRESS
    with pytest.raises(lpcore.InvalidValueError):
        lpcore.lp_item_kind_from_string("saga")
    with pytest.raises(lpcore.InvalidValueError):
        lpcore.lp_item_status_from_string("soon")
    assert lpcore.lp_item_kind_to_string(99) is None
    assert lpcore.lp_item_status_to_string(lpcore.LP_ITEM_STATUS_DONE) == "done"
    assert lpcore.lp_exclusion_to_string(lpcore.LP_EXCLUSION_BEHIND_CYCLE) == "behind-cycle"


def test_raw_values():
    b = lpcore.LpBacklog()
    item = lpcore.lp_backlog_add_item(b, "A", None)
    assert lpcore.lp_item_has_value(item) is False
    assert math.isnan(lpcore.lp_item_get_value(item))
    assert math.isnan(lpcore.lp_item_get_effort(item))
    with pytest.raises(lpcore.InvalidValueError):
        lpcore.lp_item_set_value(item, -1)
    assert lpcore.lp_item_has_value(item) is False


def test_item_lists():
    b = lpcore.LpBacklog()
    lpcore.lp_backlog_add_items(b, ["A", "B", "C"], None, None, None)
    a, bb, c = (lpcore.lp_backlog_get_item_at(b, i) for i in range(3))
    lpcore.lp_backlog_add_dependency(b, a, bb)
    lpcore.lp_backlog_add_dependency(b, a, c)
    prereqs = lpcore.lp_backlog_dup_prerequisites(b, a)
    assert [lpcore.lp_item_get_id(p) for p in prereqs] == ["B", "C"]
    assert all(p.thisown for p in prereqs)       # handles
    assert [lpcore.lp_item_get_id(p) for p in lpcore.lp_backlog_dup_dependents(b, c)] == ["A"]
    assert len(lpcore.lp_backlog_dup_blockers(b, a)) == 2
    assert lpcore.lp_backlog_dup_blockers(b, c) == []


def test_error_attributes():
    b = lpcore.LpBacklog()
    lpcore.lp_backlog_add_item(b, "A", None)
    with pytest.raises(lpcore.DuplicateIdError) as excinfo:
        lpcore.lp_backlog_add_item(b, "A", None)
    assert excinfo.value.code == lpcore.LP_ERROR_DUPLICATE_ID
    assert excinfo.value.domain == "lp-error-quark"
    assert isinstance(lpcore.lp_error_quark(), int) and lpcore.lp_error_quark() > 0


def test_save_data_and_format_path():
    b = lpcore.LpBacklog()
    lpcore.lp_backlog_set_name(b, "X")
    text = lpcore.lp_backlog_save_data(b)
    assert isinstance(text, str) and '"libproduct/1"' in text
    again = lpcore.lp_backlog_load_data(text)
    assert again.thisown and lpcore.lp_backlog_get_name(again) == "X"


def test_ranking_records():
    b = lpcore.LpBacklog()
    lpcore.lp_backlog_add_items(b, ["A", "B"], ["a", None], [4, None], [2, 1])
    r = lpcore.lp_backlog_order(b, None, lpcore.LP_ORDER_STRICT)
    assert r.ids() == ["A", "B"]
    assert r.scores() == [2.0, None]
    assert r.records() == [
        {"rank": 1, "id": "A", "score": 2.0, "value": 4.0, "effort": 2.0, "title": "a"},
        {"rank": 2, "id": "B", "score": None, "value": None, "effort": 1.0, "title": ""},
    ]


def test_bulk_keywords():
    b = lpcore.LpBacklog()
    assert lpcore.lp_backlog_add_items(b, ids=["A", "B"], efforts=[1, 2]) is True
    assert lpcore.lp_backlog_add_dependencies(b, dependents=[1], prerequisites=[0]) is True
    assert lpcore.lp_backlog_get_n_dependencies(b) == 1
    assert math.isnan(lpcore.lp_item_get_value(lpcore.lp_backlog_get_item(b, "B")))
