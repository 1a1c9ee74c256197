import gc
import math
import weakref

import pytest

import libproduct


def test_defaults(backlog):
    item = backlog.add_item("LP-1")
    assert item.id == "LP-1"
    assert item.title == ""
    assert item.description == ""
    assert item.kind == "story"
    assert item.status == "todo"
    assert item.value is None
    assert item.effort is None
    assert item.parent is None
    assert item.position == 0
    assert item.labels == ()
    assert item.attributes == {}
    assert item.backlog is backlog


def test_setters(backlog):
    item = backlog.add_item("LP-1", "Checkout")
    item.title = "Checkout v2"
    item.description = "Pay with one click"
    item.kind = "Feature"          # case-insensitive
    item.status = "in-progress"    # accepted spelling of in_progress
    item.value = 8
    item.effort = 2.5
    assert (item.title, item.description, item.kind, item.status) == (
        "Checkout v2", "Pay with one click", "feature", "in_progress")
    assert item.value == 8.0 and isinstance(item.value, float)
    assert item.effort == 2.5
    item.value = None
    item.effort = None
    assert item.value is None and item.effort is None
    item.value = 0                 # zero value is allowed
    assert item.value == 0
    item.title = None
    assert item.title == ""


@pytest.mark.parametrize("field, bad", [
    ("value", -1), ("value", math.inf), ("value", math.nan),
    ("effort", 0), ("effort", -3), ("effort", math.nan),
])
def test_invalid_numbers_leave_item_unchanged(backlog, field, bad):
    item = backlog.add_item("LP-1", value=3, effort=2)
    with pytest.raises(libproduct.InvalidValueError):
        setattr(item, field, bad)
    assert (item.value, item.effort) == (3, 2)


def test_invalid_names(backlog):
    item = backlog.add_item("LP-1", kind="bug", status="done")
    with pytest.raises(libproduct.InvalidValueError):
        item.kind = "saga"
    with pytest.raises(libproduct.InvalidValueError):
        item.status = "someday"
    assert (item.kind, item.status) == ("bug", "done")
    with pytest.raises(TypeError):
        item.kind = 3
    with pytest.raises(TypeError):
        item.value = "lots"


def test_all_kinds_and_statuses(backlog):
    item = backlog.add_item("LP-1")
    for kind in libproduct.KINDS:
        item.kind = kind
        assert item.kind == kind
    for status in libproduct.STATUSES:
        item.status = status
        assert item.status == status


def test_labels(backlog):
    item = backlog.add_item("LP-1", labels=["ux", "mobile"])
    assert item.labels == ("ux", "mobile")
    item.add_label("ux")
    assert item.labels == ("ux", "mobile")
    item.add_label("web")
    assert item.has_label("web")
    assert item.remove_label("mobile") is True
    assert item.remove_label("mobile") is False
    assert item.labels == ("ux", "web")
    with pytest.raises(libproduct.InvalidValueError):
        item.add_label("")
    assert item.labels == ("ux", "web")


def test_attributes(backlog):
    item = backlog.add_item("LP-1", attributes={"reach": 1000, "confidence": 0.8})
    assert item.attributes == {"reach": 1000.0, "confidence": 0.8}
    attrs = item.attributes
    attrs["reach"] = 1
    assert item.get_attribute("reach") == 1000       # a copy
    item.set_attribute("impact", 3)
    assert item.get_attribute("impact") == 3
    assert item.get_attribute("nope") is None
    assert item.get_attribute("nope", 7) == 7
    assert item.unset_attribute("impact") is True
    assert item.unset_attribute("impact") is False
    with pytest.raises(libproduct.InvalidValueError):
        item.set_attribute("reach", math.nan)
    with pytest.raises(libproduct.InvalidValueError):
        item.set_attribute("", 1)
    assert item.attributes == {"reach": 1000.0, "confidence": 0.8}


def test_parent(backlog):
    epic = backlog.add_item("E", kind="epic")
    feature = backlog.add_item("F", kind="feature")
    story = backlog.add_item("S")
    story.parent = epic
    assert story.parent == epic
    story.parent = "F"
    assert story.parent == feature
    story.parent = None
    assert story.parent is None
    with pytest.raises(libproduct.UnknownItemError):
        story.parent = "nope"
    other = libproduct.Backlog().add_item("X")
    with pytest.raises(libproduct.InvalidValueError):
        story.parent = other
    with pytest.raises(TypeError):
        story.parent = 3
    assert story.parent is None


def test_position(backlog):
    a = backlog.add_item("A")
    b = backlog.add_item("B")
    c = backlog.add_item("C")
    assert [a.position, b.position, c.position] == [0, 1, 2]
    c.position = 0
    assert backlog.ids() == ["C", "A", "B"]
    with pytest.raises(libproduct.InvalidValueError):
        a.position = 3
    assert backlog.ids() == ["C", "A", "B"]


def test_repr(backlog):
    item = backlog.add_item("LP-1", "Title", value=5, effort=2)
    assert repr(item) == "<Item LP-1 'Title' value=5 effort=2>"
    item.effort = 0.5
    assert repr(item) == "<Item LP-1 'Title' value=5 effort=0.5>"
    assert repr(backlog.add_item("LP-2")) == "<Item LP-2 ''>"


def test_equality_and_hash(backlog):
    a1 = backlog.add_item("A")
    a2 = backlog["A"]
    assert a1 is not a2
    assert a1 == a2 and hash(a1) == hash(a2)
    assert a1 != backlog.add_item("B")
    assert {a1, a2} == {a1}
    other = libproduct.Backlog()
    assert a1 != other.add_item("A")
    assert a1 != "A"


def test_item_keeps_backlog_alive():
    b = libproduct.Backlog(name="Temp")
    item = b.add_item("LP-1", "Kept", value=1, effort=1)
    ref = weakref.ref(b)
    del b
    gc.collect()
    assert ref() is not None
    assert item.title == "Kept"
    assert item.backlog.name == "Temp"
    del item
    gc.collect()
    assert ref() is None


def test_removed_item(backlog):
    a = backlog.add_item("A", "Alpha")
    b = backlog.add_item("B", "Bravo")
    backlog.remove_item(a)
    with pytest.raises(libproduct.UnknownItemError):
        a.title
    assert repr(a) == "<Item A (removed)>"
    assert b.title == "Bravo" and b.position == 0
    # an Item names an id: a new item with that id is the same item again
    backlog.add_item("A", "Again")
    assert a.title == "Again"


def test_cannot_construct():
    with pytest.raises(TypeError):
        libproduct.Item()


def test_score_model(backlog):
    model = libproduct.ScoreModel.value_effort()
    assert model.name == "value-effort"
    assert repr(model) == "<ScoreModel 'value-effort'>"
    assert libproduct.ScoreModel.by_name("value-effort").name == "value-effort"
    assert libproduct.ScoreModel().name == "value-effort"
    with pytest.raises(libproduct.InvalidValueError):
        libproduct.ScoreModel.by_name("astrology")
    with pytest.raises(libproduct.InvalidValueError):
        libproduct.ScoreModel("astrology")
    assert model.score(backlog.add_item("A", value=6, effort=3)) == 2.0
    assert model.score(backlog.add_item("B", value=6)) is None
    assert model.score(backlog.add_item("C", effort=3)) is None
    with pytest.raises(TypeError):
        model.score("A")
