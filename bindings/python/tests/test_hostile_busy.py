"""Hostile input (issue 9): busy. Inputs are generated here, never committed.

- A custom model whose function changes the backlog it scores (adding
  items wrote past the score arrays: a heap overflow): BusyError, nothing
  changed, and the backlog can change again afterwards.
- Threads: one thread ordering with a Python model while another changes
  the same backlog crashed every time; now the change is refused while the
  model runs, and separate backlogs in separate threads stay independent.
- NUL characters in str arguments were cut ("a\\x00b" stored as "a"): every
  C string argument of every entry point refuses them.
- A stale lpcore.LpItem read and wrote the item that took its slot.
"""
import re
import sys
import threading
import time

import pytest

import libproduct
from libproduct import (Backlog, BusyError, InvalidValueError, Item, ScoreModel,
                        UnknownItemError, lpcore)
from test_api_coverage import public_declarations


def _fixture():
    b = Backlog(name="Shop", vision="Sell")
    b.add_item("A", "Alpha", value=8, effort=2, attributes={"reach": 10}, labels=["ui"],
               description="first", moscow="must", kano_answers=[("like", "dislike")])
    b.add_item("B", "Bravo", value=3, effort=1)
    b.add_item("C", "Charlie", value=1, effort=1, parent="A")
    b.add_item("D", "Delta", value=1, effort=1, status="done")
    b.add_dependency("B", "C")
    return b


# Every change the high-level API can make, each on the fixture.
CHANGES = {
    "name": lambda b: setattr(b, "name", "Renamed"),
    "vision": lambda b: setattr(b, "vision", "Another"),
    "add_item": lambda b: b.add_item("NEW", value=1, effort=1),
    "add_items": lambda b: b.add_items(["N1", "N2"], values=[1, 2]),
    "remove_item": lambda b: b.remove_item("C"),
    "move_item": lambda b: b.move_item("A", 2),
    "position": lambda b: setattr(b["A"], "position", 2),
    "add_dependency": lambda b: b.add_dependency("A", "C"),
    "add_dependencies": lambda b: b.add_dependencies([0], [1]),
    "remove_dependency": lambda b: b.remove_dependency("B", "C"),
    "title": lambda b: setattr(b["A"], "title", "Retitled"),
    "description": lambda b: setattr(b["A"], "description", "second"),
    "kind": lambda b: setattr(b["A"], "kind", "epic"),
    "status": lambda b: setattr(b["A"], "status", "dropped"),
    "value": lambda b: setattr(b["A"], "value", 1000),
    "clear value": lambda b: setattr(b["A"], "value", None),
    "effort": lambda b: setattr(b["A"], "effort", 1000),
    "clear effort": lambda b: setattr(b["A"], "effort", None),
    "parent": lambda b: setattr(b["B"], "parent", "A"),
    "clear parent": lambda b: setattr(b["C"], "parent", None),
    "set_attribute": lambda b: b["A"].set_attribute("impact", 2),
    "unset_attribute": lambda b: b["A"].unset_attribute("reach"),
    "add_label": lambda b: b["A"].add_label("backend"),
    "remove_label": lambda b: b["A"].remove_label("ui"),
    "moscow": lambda b: setattr(b["A"], "moscow", "could"),
    "kano_answers": lambda b: setattr(b["A"], "kano_answers", [("expect", "neutral")]),
    "add_kano_answer": lambda b: b["A"].add_kano_answer("expect", "neutral"),
    "clear_kano_answers": lambda b: b["A"].clear_kano_answers(),
}

# Every way of applying a model (the custom one, or one built around it).
APPLY = {
    "apply": lambda b, m: m.apply(b),
    "score": lambda b, m: m.score(b["B"]),
    "explain": lambda b, m: m.explain(b["A"]),
    "order": lambda b, m: b.order(m),
    "order lenient inherit": lambda b, m: b.order(m, lenient=True, inherit=True),
    "next": lambda b, m: b.next(2, m),
    "next inherit": lambda b, m: b.next(2, m, inherit=True),
    "moscow secondary": lambda b, m: ScoreModel.moscow(m).apply(b),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_custom_model_cannot_change_its_backlog(change):
    for how, run in APPLY.items():
        b = _fixture()
        before = b.dumps()
        seen = []

        def model(item):
            assert b.busy
            with pytest.raises(BusyError) as info:
                CHANGES[change](b)
            seen.append(str(info.value))
            return item.value / item.effort

        run(b, ScoreModel.custom("mutating", model))
        assert seen, how
        assert all("while the backlog is being scored" in m for m in seen), seen
        assert b.dumps() == before, (change, how)
        # the call returned: the change is possible again, and shows
        assert not b.busy
        CHANGES[change](b)
        assert b.dumps() != before, change


def test_custom_model_adding_items():
    # the crash of the issue: a model that adds items on every call
    b = Backlog()
    b.add_items(["I%d" % i for i in range(200)], values=list(range(200)),
                efforts=[1] * 200)
    refused = []

    def grow(item):
        for k in range(64):
            try:
                b.add_item("grown-%d-%d" % (len(refused), k))
            except BusyError as e:
                refused.append(e)
        return item.value

    r = b.order(ScoreModel.custom("grow", grow), inherit=True)
    assert len(refused) == 200 * 64
    assert 'item "grown-0-0": cannot add the item while the backlog is being scored' \
        == str(refused[0])
    assert len(b) == 200 and len(r) == 200 and r[0].id == "I199"
    b.add_item("after")


def test_busy_error_from_the_function_propagates():
    b = _fixture()
    with pytest.raises(BusyError, match='item "A": cannot set the value'):
        b.order(ScoreModel.custom("bad", lambda item: setattr(b["A"], "value", 5)))
    assert b["A"].value == 8 and not b.busy


def test_lpcore_functions_without_gerror_raise_busy_error():
    b = lpcore.LpBacklog()
    lpcore.lp_backlog_add_items(b, ["A", "B"], None, [1, 2], [1, 1])
    a, bb = lpcore.lp_backlog_get_item(b, "A"), lpcore.lp_backlog_get_item(b, "B")
    lpcore.lp_backlog_add_dependency(b, a, bb)
    calls = [
        lambda: lpcore.lp_backlog_remove_item(b, bb),
        lambda: lpcore.lp_backlog_remove_dependency(b, a, bb),
        lambda: lpcore.lp_item_set_kind(a, lpcore.LP_ITEM_KIND_EPIC),
        lambda: lpcore.lp_item_set_status(a, lpcore.LP_ITEM_STATUS_DONE),
        lambda: lpcore.lp_item_clear_value(a),
        lambda: lpcore.lp_item_clear_effort(a),
        lambda: lpcore.lp_item_unset_attribute(a, "x"),
        lambda: lpcore.lp_item_remove_label(a, "x"),
        lambda: lpcore.lp_item_set_moscow(a, lpcore.LP_MOSCOW_MUST),
        lambda: lpcore.lp_item_add_kano_answer(a, 0, 4),
        lambda: lpcore.lp_item_clear_kano_answers(a),
    ]
    messages = []

    def model(item):
        for call in calls:
            with pytest.raises(BusyError) as info:
                call()
            messages.append(str(info.value))
        return 1.0

    m = lpcore.lp_score_model_new_custom("mutating", model)
    before = lpcore.lp_backlog_save_data(b)
    lpcore.lp_score_model_apply(m, b)
    assert len(messages) == 2 * len(calls)
    assert messages[2] == ('item "A": cannot call lp_item_set_kind while the backlog '
                           'is being scored')
    assert lpcore.lp_backlog_save_data(b) == before


# --- threads ----------------------------------------------------------------

def test_other_thread_waits_while_a_custom_model_runs():
    # Backlog serialises changes: the other thread's add_item waits for the
    # ordering to return; its reads do not wait
    b = _fixture()
    inside, reads_done, attempting = threading.Event(), threading.Event(), threading.Event()
    seen = {}

    titles = []

    def model(item):
        if not inside.is_set():
            inside.set()
            assert reads_done.wait(30)    # the other thread runs meanwhile
            assert attempting.wait(30)
            time.sleep(0.05)              # and blocks in its changes
        titles.append(b["A"].title)
        return item.value

    def other():
        assert inside.wait(30)
        seen["busy"] = b.busy
        seen["ids"] = b.ids()
        seen["value"] = b["A"].value
        seen["labels"] = b["A"].labels
        reads_done.set()
        attempting.set()
        try:
            b["A"].title = "Changed"      # one C call: refused, waits, retried
            b["A"].value = 1
            b.add_item("X", value=100, effort=1)   # several: waits for the lock
        except Exception as e:            # not expected: it waits
            seen["error"] = e

    t = threading.Thread(target=other)
    t.start()
    r = b.order(ScoreModel.custom("waits", model))
    t.join()
    assert "error" not in seen
    assert seen["busy"] and seen["ids"] == ["A", "B", "C", "D"]
    assert seen["value"] == 8 and seen["labels"] == ("ui",)
    assert titles == ["Alpha"] * 3        # no change while it scored
    assert r.ids() == ["A", "C", "B"] and r.scores() == [8, 1, 3]
    assert b["A"].title == "Changed" and b["A"].value == 1 and b.ids()[-1] == "X"


def test_lpcore_other_thread_refused_while_a_custom_model_runs():
    # lpcore takes no lock: the C library refuses the change
    b = lpcore.LpBacklog()
    lpcore.lp_backlog_add_items(b, ["A", "B"], None, [1, 2], [1, 1])
    inside, tried = threading.Event(), threading.Event()
    seen = {}

    def model(item):
        if not inside.is_set():
            inside.set()
            assert tried.wait(30)
        return 1.0

    def other():
        assert inside.wait(30)
        try:
            lpcore.lp_backlog_add_item(b, "X", None)
        except BusyError as e:
            seen["error"] = str(e)
        # a package Backlog over it has no lock to wait for: refused too
        try:
            Backlog._wrap(lpcore.lp_item_get_backlog(
                lpcore.lp_backlog_get_item(b, "A")))["A"].value = 5
        except BusyError as e:
            seen["package"] = str(e)
        seen["ids"] = b.ids()             # reading is fine
        seen["order"] = lpcore.lp_backlog_order(b, None, 0).ids()
        tried.set()

    t = threading.Thread(target=other)
    t.start()
    r = lpcore.lp_backlog_order(b, lpcore.lp_score_model_new_custom("waits", model), 0)
    t.join()
    assert seen["error"] == 'item "X": cannot add the item while the backlog is being scored'
    assert seen["package"].startswith('item "A": cannot set the value')
    assert seen["ids"] == ["A", "B"] and seen["order"] == ["B", "A"]
    assert r.ids() == ["A", "B"] and lpcore.lp_backlog_get_item(b, "X") is None
    lpcore.lp_backlog_add_item(b, "X", None)


def test_threads_changing_a_backlog_another_scores():
    # the crash of the issue, left to the scheduler: many switches a second
    b = Backlog()
    b.add_items(["I%d" % i for i in range(500)], values=[1] * 500, efforts=[1] * 500)
    stop = threading.Event()
    outcome = {"changed": 0, "busy": 0, "other": []}

    def changer():
        k = 0
        while not stop.is_set():
            try:
                item = b.add_item("T%d" % k, value=1, effort=1)
                item.status = "done"
                item.set_attribute("reach", k)
                b.remove_item(item)
                outcome["changed"] += 1
            except BusyError:
                outcome["busy"] += 1
            except Exception as e:        # anything else is a failure
                outcome["other"].append(e)
            k += 1

    def model(item):
        return sum(range(20)) + item.value

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)
    try:
        t = threading.Thread(target=changer)
        t.start()
        try:
            for _ in range(20):
                r = b.order(ScoreModel.custom("slow", model))
                assert r.ids()[:500] == ["I%d" % i for i in range(500)]
                assert len(r) <= 501
        finally:
            stop.set()
            t.join()
    finally:
        sys.setswitchinterval(interval)
    assert outcome["other"] == [] and outcome["busy"] == 0
    assert outcome["changed"] > 0
    assert b.ids() == ["I%d" % i for i in range(500)]


def test_separate_backlogs_in_eight_threads():
    models = ["value-effort", "wsjf", "rice", "ice", "cd3", "formula:reach / effort",
              "value-effort", "wsjf"]

    def build(seed):
        b = Backlog()
        n = 2000
        ids = ["S%d-%d" % (seed, i) for i in range(n)]
        b.add_items(ids, values=[(i * 7919 + seed) % 97 + 1 for i in range(n)],
                    efforts=[(i * 104729 + seed) % 13 + 1 for i in range(n)])
        for i, item in enumerate(b):
            if i % 50:
                continue
            for name in ("business_value", "time_criticality", "risk_reduction",
                         "job_size", "reach", "impact", "confidence", "ease",
                         "cost_of_delay", "duration"):
                item.set_attribute(name, (i + seed) % 3 + 1)
        b.add_dependencies([i for i in range(1, n, 3)], [i - 1 for i in range(1, n, 3)])
        return b

    expected = [build(k).order(models[k], lenient=True).ids() for k in range(8)]
    results, errors = [None] * 8, []

    def work(k):
        try:
            b = build(k)
            for _ in range(5):
                results[k] = b.order(models[k], lenient=True).ids()
                assert ScoreModel.by_name(models[k]).apply(b) is not None
        except Exception as e:
            errors.append(e)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert results == expected


def test_custom_models_on_separate_backlogs_in_threads():
    # each thread's exceptions stay its own (one pending-exception slot,
    # safe because a thread whose callable raised lets no other run)
    errors = []

    class Mine(Exception):
        pass

    def work(k):
        b = Backlog()
        b.add_items(["%d-%d" % (k, i) for i in range(300)], values=list(range(300)),
                    efforts=[1] * 300)

        def model(item):
            if k % 2 and item.value == 150:
                raise Mine(k)
            return item.value

        try:
            for _ in range(10):
                try:
                    r = b.order(ScoreModel.custom("t%d" % k, model))
                except Mine as e:
                    assert k % 2 and e.args == (k,)
                else:
                    assert k % 2 == 0 and r.ids()[0] == "%d-299" % k
        except Exception as e:
            errors.append(e)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)
    try:
        threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(interval)
    assert errors == []


# --- NUL characters ---------------------------------------------------------

NUL = "a\x00b"

# How to call each public C function that takes a C string, given one str
# per string parameter (in order). The table must cover every such function.
def _backlog():
    b = lpcore.LpBacklog()
    lpcore.lp_backlog_add_item(b, "a", None)
    return b


def _item():
    return lpcore.lp_backlog_get_item(_backlog(), "a")


def _scorecard():
    return lpcore.lp_score_model_new_scorecard()


LPCORE_CALLS = {
    "lp_backlog_set_name": lambda s: lpcore.lp_backlog_set_name(_backlog(), s),
    "lp_backlog_set_vision": lambda s: lpcore.lp_backlog_set_vision(_backlog(), s),
    "lp_backlog_add_item": lambda s, t: lpcore.lp_backlog_add_item(_backlog(), s, t),
    "lp_backlog_get_item": lambda s: lpcore.lp_backlog_get_item(_backlog(), s),
    "lp_backlog_lookup_item": lambda s: lpcore.lp_backlog_lookup_item(_backlog(), s),
    "lp_backlog_load_file": lambda s: lpcore.lp_backlog_load_file(s),
    "lp_backlog_save_file": lambda s: lpcore.lp_backlog_save_file(_backlog(), s),
    "lp_backlog_import_csv_file": lambda s: lpcore.lp_backlog_import_csv_file(s),
    "lp_backlog_load_fd": lambda s: lpcore.lp_backlog_load_fd(0, s, 10),
    "lp_read_file": lambda s: lpcore.lp_read_file(s, 10),
    "lp_read_fd": lambda s: lpcore.lp_read_fd(0, s, 10),
    "lp_item_set_title": lambda s: lpcore.lp_item_set_title(_item(), s),
    "lp_item_set_description": lambda s: lpcore.lp_item_set_description(_item(), s),
    "lp_item_get_attribute": lambda s: lpcore.lp_item_get_attribute(_item(), s),
    "lp_item_set_attribute": lambda s: lpcore.lp_item_set_attribute(_item(), s, 1.0),
    "lp_item_unset_attribute": lambda s: lpcore.lp_item_unset_attribute(_item(), s),
    "lp_item_add_label": lambda s: lpcore.lp_item_add_label(_item(), s),
    "lp_item_remove_label": lambda s: lpcore.lp_item_remove_label(_item(), s),
    "lp_item_has_label": lambda s: lpcore.lp_item_has_label(_item(), s),
    "lp_score_model_new_by_name": lambda s: lpcore.lp_score_model_new_by_name(s),
    "lp_ice_mode_from_string": lambda s: lpcore.lp_ice_mode_from_string(s),
    "lp_scorecard_mode_from_string": lambda s: lpcore.lp_scorecard_mode_from_string(s),
    "lp_scale_from_string": lambda s: lpcore.lp_scale_from_string(s),
    "lp_score_model_new_scorecard_from_file":
        lambda s: lpcore.lp_score_model_new_scorecard_from_file(s),
    "lp_score_model_new_formula": lambda s: lpcore.lp_score_model_new_formula(s),
    "lp_score_model_new_formula_for_backlog":
        lambda s: lpcore.lp_score_model_new_formula_for_backlog(s, _backlog()),
    "lp_score_model_new_custom": lambda s: lpcore.lp_score_model_new_custom(s, len),
    "lp_scale_check_from_string": lambda s: lpcore.lp_scale_check_from_string(s),
    "lp_score_model_set_input":
        lambda s, t: lpcore.lp_score_model_set_input(lpcore.lp_score_model_new_rice(), s, t),
    "lp_score_model_add_criterion":
        lambda s: lpcore.lp_score_model_add_criterion(_scorecard(), s, 1.0, 0),
    "lp_score_model_set_criterion_values":
        lambda s: lpcore.lp_score_model_set_criterion_values(_scorecard(), s, [1.0]),
    "lp_score_model_set_option":
        lambda s, t: lpcore.lp_score_model_set_option(_scorecard(), s, t),
    "lp_quadrant_from_string": lambda s: lpcore.lp_quadrant_from_string(s),
    "lp_item_kind_from_string": lambda s: lpcore.lp_item_kind_from_string(s),
    "lp_item_status_from_string": lambda s: lpcore.lp_item_status_from_string(s),
    "lp_moscow_from_string": lambda s: lpcore.lp_moscow_from_string(s),
    "lp_kano_answer_from_string": lambda s: lpcore.lp_kano_answer_from_string(s),
    "lp_kano_category_from_string": lambda s: lpcore.lp_kano_category_from_string(s),
    # the constructor of the LpScoreModel proxy takes a name too
    "LpScoreModel": lambda s: lpcore.LpScoreModel(s),
}

STRING_PARAM = re.compile(r"^const char \*(\w+)$")


def _string_functions():
    """{function: number of C string parameters} from the headers; a
    document with its length (data, length) is bytes, not a C string."""
    found = {}
    for name, params in public_declarations().items():
        n = sum(1 for p in params if STRING_PARAM.match(p) and p != "const char *data")
        if n:
            found[name] = n
    return found


def test_every_string_function_is_tried():
    found = _string_functions()
    assert len(found) > 30, found
    assert sorted(set(found) - set(LPCORE_CALLS)) == []
    assert sorted(set(LPCORE_CALLS) - set(found) - {"LpScoreModel"}) == []


@pytest.mark.parametrize("function", sorted(LPCORE_CALLS))
def test_lpcore_refuses_nul_in_every_string(function, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    call = LPCORE_CALLS[function]
    n = call.__code__.co_argcount
    for i in range(n):
        args = ["x"] * n
        args[i] = NUL
        with pytest.raises(InvalidValueError, match="NUL character at index 1") as info:
            call(*args)
        assert isinstance(info.value, ValueError)
    assert list(tmp_path.iterdir()) == []     # no file "a" written or read


def test_lpcore_nul_message_names_the_function_and_argument():
    with pytest.raises(InvalidValueError) as info:
        lpcore.lp_backlog_add_item(lpcore.LpBacklog(), "ok", "ti\x00tle")
    assert str(info.value) == ("lp_backlog_add_item: title: NUL character at index 2 "
                               "(C strings cannot hold one)")
    with pytest.raises(InvalidValueError, match=r"lp_backlog_add_items: ids\[1\]: NUL"):
        lpcore.lp_backlog_add_items(lpcore.LpBacklog(), ["a", NUL], None, None, None)
    with pytest.raises(InvalidValueError, match=r"titles\[0\]: NUL"):
        lpcore.lp_backlog_add_items(lpcore.LpBacklog(), ["a"], [NUL], None, None)
    with pytest.raises(InvalidValueError, match="path: NUL"):
        lpcore.lp_backlog_load_file(b"a\x00b")
    # None and str still work where they did; other types are a TypeError
    b = lpcore.LpBacklog()
    assert lpcore.lp_backlog_set_name(b, None)
    with pytest.raises(TypeError, match="name must be str, not bytes"):
        lpcore.lp_backlog_set_name(b, b"x")
    assert lpcore.lp_item_get_id(lpcore.lp_backlog_add_item(b, "é✓", None)) == "é✓"
    with pytest.raises(UnicodeEncodeError):
        lpcore.lp_backlog_add_item(b, "\ud800", None)


# The high-level API: every str argument, each on the fixture.
HIGH_LEVEL = {
    "add_item id": lambda b, s: b.add_item(s),
    "add_item title": lambda b, s: b.add_item("N", s),
    "add_item description": lambda b, s: b.add_item("N", description=s),
    "add_item labels": lambda b, s: b.add_item("N", labels=[s]),
    "add_item attributes": lambda b, s: b.add_item("N", attributes={s: 1}),
    "add_item kind": lambda b, s: b.add_item("N", kind=s),
    "add_item parent": lambda b, s: b.add_item("N", parent=s),
    "add_items ids": lambda b, s: b.add_items(["N", s]),
    "add_items titles": lambda b, s: b.add_items(["N"], [s]),
    "from_records": lambda b, s: Backlog.from_records([{"id": s}]),
    "name": lambda b, s: setattr(b, "name", s),
    "vision": lambda b, s: setattr(b, "vision", s),
    "getitem": lambda b, s: b[s],
    "get": lambda b, s: b.get(s),
    "contains": lambda b, s: s in b,
    "remove_item": lambda b, s: b.remove_item(s),
    "add_dependency": lambda b, s: b.add_dependency("A", s),
    "title": lambda b, s: setattr(b["A"], "title", s),
    "description": lambda b, s: setattr(b["A"], "description", s),
    "kind": lambda b, s: setattr(b["A"], "kind", s),
    "status": lambda b, s: setattr(b["A"], "status", s),
    "parent": lambda b, s: setattr(b["B"], "parent", s),
    "add_label": lambda b, s: b["A"].add_label(s),
    "has_label": lambda b, s: b["A"].has_label(s),
    "remove_label": lambda b, s: b["A"].remove_label(s),
    "set_attribute": lambda b, s: b["A"].set_attribute(s, 1),
    "get_attribute": lambda b, s: b["A"].get_attribute(s),
    "unset_attribute": lambda b, s: b["A"].unset_attribute(s),
    "moscow": lambda b, s: setattr(b["A"], "moscow", s),
    "kano_answers": lambda b, s: setattr(b["A"], "kano_answers", [(s, "like")]),
    "model by_name": lambda b, s: ScoreModel.by_name(s),
    "model name": lambda b, s: ScoreModel(s),
    "order model": lambda b, s: b.order(s),
    "custom name": lambda b, s: ScoreModel.custom(s, len),
    "set_option key": lambda b, s: ScoreModel.ice().set_option(s, 1),
    "set_option value": lambda b, s: ScoreModel.ice().set_option("mode", s),
    "set_input": lambda b, s: ScoreModel.rice().set_input("reach", s),
    "scale_check": lambda b, s: ScoreModel.rice(scale_check=s),
    "add_criterion": lambda b, s: ScoreModel.scorecard([(s, 1)]),
    "criterion scale": lambda b, s: ScoreModel.scorecard([("x", 1, s)]),
    "formula": lambda b, s: ScoreModel.formula(s),
    "formula for backlog": lambda b, s: ScoreModel.formula(s, backlog=b),
    "kano_classify": lambda b, s: libproduct.kano_classify(s, "like"),
    "load": lambda b, s: Backlog.load(s),
    "save": lambda b, s: b.save(s),
    "import_csv": lambda b, s: Backlog.import_csv(s),
    "scorecard_from_file": lambda b, s: ScoreModel.scorecard_from_file(s),
    "score item id": lambda b, s: ScoreModel.value_effort().explain(b, s),
}


@pytest.mark.parametrize("entry", sorted(HIGH_LEVEL))
def test_high_level_refuses_nul(entry, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    b = _fixture()
    before = b.dumps()
    with pytest.raises(ValueError, match="NUL"):
        HIGH_LEVEL[entry](b, NUL)
    assert b.dumps() == before
    assert list(tmp_path.iterdir()) == []


def test_nul_is_not_a_prefix():
    # the example: "a\x00b" was stored as "a", then "a\x00c" was a
    # duplicate of it
    b = Backlog()
    with pytest.raises(InvalidValueError):
        b.add_item("a\x00b")
    assert len(b) == 0
    b.add_item("a")
    with pytest.raises(InvalidValueError):
        b.add_item("a\x00c")
    with pytest.raises(InvalidValueError):
        b.get("a\x00c")
    assert b.ids() == ["a"]


# --- stale items ------------------------------------------------------------

def test_stale_lpcore_item_is_detected():
    b = lpcore.LpBacklog()
    a = lpcore.lp_backlog_add_item(b, "A", "Alpha")
    lpcore.lp_backlog_remove_item(b, a)
    c = lpcore.lp_backlog_add_item(b, "C", "Charlie")   # takes A's slot
    for use in (lambda: lpcore.lp_item_get_id(a),
                lambda: lpcore.lp_item_get_title(a),
                lambda: lpcore.lp_item_set_title(a, "written through a stale handle"),
                lambda: lpcore.lp_item_set_value(a, 3),
                lambda: lpcore.lp_item_set_kind(a, lpcore.LP_ITEM_KIND_EPIC),
                lambda: lpcore.lp_backlog_remove_item(b, a),
                lambda: lpcore.lp_backlog_add_dependency(b, c, a),
                lambda: lpcore.lp_item_get_backlog(a)):
        with pytest.raises(UnknownItemError, match='no item "A" in the backlog'):
            use()
    assert lpcore.lp_item_get_title(c) == "Charlie"
    assert lpcore.lp_item_get_kind(c) == lpcore.LP_ITEM_KIND_STORY
    assert lpcore.lp_backlog_get_n_dependencies(b) == 0
    assert a._address() == 0 and c._address() != 0
    # an item added again under the same id is found by the old handle
    again = lpcore.lp_backlog_add_item(b, "A", "Again")
    assert lpcore.lp_item_get_title(a) == "Again"
    assert a._address() == again._address()


def test_lpcore_item_keeps_its_backlog_alive():
    item = lpcore.lp_backlog_add_item(lpcore.LpBacklog(), "A", "Alpha")
    import gc
    gc.collect()
    assert lpcore.lp_item_get_title(item) == "Alpha"
    assert lpcore.lp_item_set_value(item, 3)


def test_stale_handles_from_every_source():
    b = lpcore.LpBacklog()
    lpcore.lp_backlog_add_items(b, ["A", "B", "C"], None, [3, 2, 1], [1, 1, 1])
    a = lpcore.lp_backlog_get_item(b, "A")
    bb = lpcore.lp_backlog_get_item(b, "B")
    lpcore.lp_backlog_add_dependency(b, a, bb)
    handles = [lpcore.lp_backlog_get_item_at(b, 1),
               lpcore.lp_backlog_dup_prerequisites(b, a)[0],
               lpcore.lp_ranking_get_item(lpcore.lp_backlog_order(b, None, 0), 0),
               lpcore.lp_explanation_get_item(
                   lpcore.lp_score_model_explain(lpcore.lp_score_model_new_value_effort(), bb))]
    kept = []
    lpcore.lp_score_model_apply(lpcore.lp_score_model_new_custom(
        "keep", lambda item: kept.append(item) or 1.0), b)
    handles.append(kept[1])
    assert [lpcore.lp_item_get_id(h) for h in handles] == ["B"] * 5
    lpcore.lp_backlog_remove_item(b, bb)
    lpcore.lp_backlog_add_item(b, "D", None)
    for h in handles:
        with pytest.raises(UnknownItemError):
            lpcore.lp_item_get_id(h)


def test_high_level_item_after_a_removal_through_lpcore():
    b = Backlog()
    b.add_item("A", "Alpha")
    item = b["A"]
    lpcore.lp_backlog_remove_item(b._b, lpcore.lp_backlog_get_item(b._b, "A"))
    b.add_item("C", "Charlie")                            # takes A's slot
    with pytest.raises(UnknownItemError):
        item.title
    with pytest.raises(UnknownItemError):
        item.title = "written through a stale handle"
    assert b["C"].title == "Charlie"
    assert repr(item) == "<Item A (removed)>"
    b.add_item("A", "Again")
    assert item.title == "Again"
    assert isinstance(item, Item)
