import pytest

import libproduct


def test_product_fields():
    b = libproduct.Backlog()
    assert b.name == "" and b.vision == ""
    b.name = "Shop"
    b.vision = "Sell things"
    assert (b.name, b.vision) == ("Shop", "Sell things")
    b.name = None
    assert b.name == ""
    b2 = libproduct.Backlog(name="N", vision="V")
    assert (b2.name, b2.vision) == ("N", "V")


def test_container_protocol(backlog):
    assert len(backlog) == 0
    assert list(backlog) == []
    a = backlog.add_item("A", "Alpha")
    b = backlog.add_item("B", "Bravo")
    assert len(backlog) == 2
    assert list(backlog) == [a, b]
    assert [item.id for item in backlog] == ["A", "B"]
    assert backlog["B"] == b
    assert backlog[0] == a and backlog[-1] == b
    assert "A" in backlog and a in backlog
    assert "Z" not in backlog and 3 not in backlog
    assert backlog.get("Z") is None and backlog.get("A") == a
    assert backlog.ids() == ["A", "B"]
    with pytest.raises(KeyError):
        backlog["Z"]
    with pytest.raises(IndexError):
        backlog[2]
    with pytest.raises(TypeError):
        backlog[1.5]


def test_repr(backlog):
    backlog.add_item("A")
    backlog.add_item("B")
    backlog.add_dependency("A", "B")
    assert repr(backlog) == "<Backlog 'Shop' items=2 dependencies=1>"


def test_add_item_keywords(backlog):
    epic = backlog.add_item("E", "Epic", kind="epic")
    item = backlog.add_item("LP-1", "Title", value=5, effort=2, kind="bug",
                            status="in_progress", attributes={"reach": 10},
                            labels=["a", "b"], parent="E", description="Desc")
    assert (item.value, item.effort, item.kind, item.status) == (5, 2, "bug", "in_progress")
    assert item.attributes == {"reach": 10}
    assert item.labels == ("a", "b")
    assert item.parent == epic
    assert item.description == "Desc"
    assert backlog.add_item("LP-2", labels="single").labels == ("single",)


@pytest.mark.parametrize("kwargs, exc", [
    ({"effort": -1}, libproduct.InvalidValueError),
    ({"value": float("inf")}, libproduct.InvalidValueError),
    ({"labels": ["ok", ""]}, libproduct.InvalidValueError),
    ({"attributes": {"x": float("nan")}}, libproduct.InvalidValueError),
    ({"kind": "saga"}, libproduct.InvalidValueError),
    ({"status": "later"}, libproduct.InvalidValueError),
    ({"parent": "nope"}, libproduct.UnknownItemError),
    ({"value": "x"}, TypeError),
])
def test_add_item_all_or_nothing(backlog, kwargs, exc):
    backlog.add_item("A")
    with pytest.raises(exc):
        backlog.add_item("LP-1", "Title", **kwargs)
    assert len(backlog) == 1
    assert "LP-1" not in backlog
    assert backlog.add_item("LP-1").title == ""


def test_add_item_invalid_id(backlog):
    with pytest.raises(libproduct.InvalidValueError):
        backlog.add_item("")
    with pytest.raises(TypeError):
        backlog.add_item(17)
    assert len(backlog) == 0


def test_remove_and_move(backlog):
    for id_ in "ABCD":
        backlog.add_item(id_)
    backlog.add_dependency("A", "B")
    backlog.add_dependency("C", "B")
    backlog.remove_item("B")
    assert backlog.ids() == ["A", "C", "D"]
    assert backlog.n_dependencies == 0
    backlog.remove_item(backlog["D"])
    backlog.move_item("C", 0)
    assert backlog.ids() == ["C", "A"]
    backlog.move_item(backlog["C"], 1)
    assert backlog.ids() == ["A", "C"]
    with pytest.raises(libproduct.InvalidValueError):
        backlog.move_item("A", 5)
    with pytest.raises(OverflowError):
        backlog.move_item("A", -1)
    with pytest.raises(libproduct.UnknownItemError):
        backlog.remove_item("B")


def test_dependencies(backlog):
    a, b, c = (backlog.add_item(i) for i in "ABC")
    backlog.add_dependency(a, "B")
    backlog.add_dependency("A", c)
    backlog.add_dependency("A", "B")          # again: nothing
    assert backlog.n_dependencies == 2
    assert backlog.has_dependency("A", "B")
    assert not backlog.has_dependency("B", "A")
    assert backlog.prerequisites("A") == [b, c]
    assert backlog.dependents(b) == [a]
    assert a.prerequisites == [b, c] and b.dependents == [a]
    assert backlog.blockers("A") == [b, c]
    assert not backlog.is_ready("A") and not a.is_ready
    assert backlog.is_ready("B")
    b.status = "done"
    assert backlog.blockers(a) == [c]
    c.status = "done"
    assert backlog.blockers(a) == [] and a.is_ready
    assert backlog.remove_dependency("A", "B") is True
    assert backlog.remove_dependency("A", "B") is False
    assert backlog.n_dependencies == 1
    other = libproduct.Backlog().add_item("A")
    with pytest.raises(libproduct.InvalidValueError):
        backlog.add_dependency(other, "B")
    with pytest.raises(TypeError):
        backlog.add_dependency(0, 1)


def test_from_records():
    nan = float("nan")
    records = [
        {"id": "E", "title": "Epic", "kind": "epic"},
        {"id": "A", "title": "Alpha", "value": 10, "effort": 5, "parent": "E",
         "labels": ["x", "y"], "attributes": {"reach": 3}},
        {"id": "B", "title": "Bravo", "value": 9.0, "effort": 1.0, "depends_on": ["C"],
         "status": "in_progress"},
        {"id": "C", "title": nan, "value": nan, "effort": None, "depends_on": nan,
         "kind": nan, "labels": "p; q"},
        {"id": 7, "depends_on": "A;B"},
    ]
    b = libproduct.Backlog.from_records(records, name="From records")
    assert b.name == "From records"
    assert b.ids() == ["E", "A", "B", "C", "7"]
    assert b["A"].parent == b["E"]
    assert b["A"].labels == ("x", "y") and b["A"].attributes == {"reach": 3}
    assert (b["B"].value, b["B"].effort, b["B"].status) == (9, 1, "in_progress")
    c = b["C"]
    assert (c.title, c.value, c.effort, c.kind, c.labels) == ("", None, None, "story", ("p", "q"))
    assert b.prerequisites("B") == [c]
    assert [i.id for i in b.prerequisites("7")] == ["A", "B"]
    assert b.n_dependencies == 3


def test_from_records_errors():
    with pytest.raises(libproduct.UnknownItemError):
        libproduct.Backlog.from_records([{"id": "A", "depends_on": ["Z"]}])
    with pytest.raises(libproduct.DuplicateIdError):
        libproduct.Backlog.from_records([{"id": "A"}, {"id": "A"}])
    with pytest.raises(libproduct.InvalidValueError):
        libproduct.Backlog.from_records([{"title": "no id"}])
    with pytest.raises(libproduct.InvalidValueError):
        libproduct.Backlog.from_records([{"id": "A", "effort": -1}])
    with pytest.raises(libproduct.InvalidValueError):
        libproduct.Backlog.from_records([{"id": "A", "value": "much"}])
    assert len(libproduct.Backlog.from_records([])) == 0


def test_from_records_pandas_shape():
    """What df.to_dict("records") gives for a frame with missing cells."""
    nan = float("nan")
    records = [
        {"id": "A", "title": "Alpha", "value": 3.0, "effort": nan, "depends_on": nan},
        {"id": "B", "title": nan, "value": nan, "effort": 2.0, "depends_on": "A"},
    ]
    b = libproduct.Backlog.from_records(records)
    assert (b["A"].value, b["A"].effort) == (3, None)
    assert (b["B"].value, b["B"].effort) == (None, 2)
    assert b.has_dependency("B", "A")
