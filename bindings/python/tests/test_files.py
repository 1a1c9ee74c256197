"""JSON load/save round trips and the CSV import."""
import json

import pytest

import libproduct


def rich_backlog():
    b = libproduct.Backlog(name="Shop", vision="Sell things")
    epic = b.add_item("E-1", "Checkout epic", kind="epic")
    b.add_item("LP-1", "Cart", value=8, effort=3, parent=epic, labels=["web", "ux"],
               attributes={"reach": 1200, "confidence": 0.5}, description="The cart\nline 2")
    b.add_item("LP-2", "Payment ünïcödé ✓", value=5, effort=2, status="in_progress", kind="bug")
    b.add_item("LP-3", "Old", status="dropped")
    b.add_item("LP-4", "Done", value=1, effort=1, status="done")
    b.add_dependency("LP-1", "LP-2")
    b.add_dependency("LP-2", "LP-4")
    return b


def snapshot(b):
    return {
        "name": b.name, "vision": b.vision,
        "items": [(i.id, i.title, i.description, i.kind, i.status, i.value, i.effort,
                   i.parent.id if i.parent else None, i.labels, i.attributes,
                   [p.id for p in i.prerequisites]) for i in b],
    }


def test_dumps_loads_round_trip():
    b = rich_backlog()
    text = b.dumps()
    assert isinstance(text, str)
    doc = json.loads(text)
    assert doc["format"] == libproduct.FILE_FORMAT
    assert [item["id"] for item in doc["items"]] == b.ids()
    again = libproduct.Backlog.loads(text)
    assert snapshot(again) == snapshot(b)
    assert again.dumps() == text                      # stable output
    assert snapshot(libproduct.Backlog.loads(text.encode("utf-8"))) == snapshot(b)
    assert snapshot(libproduct.Backlog.loads(bytearray(text.encode()))) == snapshot(b)


def test_save_load_round_trip(tmp_path):
    b = rich_backlog()
    path = tmp_path / "backlog.json"
    b.save(path)                                      # os.PathLike
    assert snapshot(libproduct.Backlog.load(path)) == snapshot(b)
    assert snapshot(libproduct.Backlog.load(str(path))) == snapshot(b)
    assert snapshot(libproduct.Backlog.load(bytes(path))) == snapshot(b)
    assert json.loads(path.read_text("utf-8")) == json.loads(b.dumps())


def test_save_replaces_atomically(tmp_path):
    path = tmp_path / "b.json"
    rich_backlog().save(path)
    libproduct.Backlog(name="Other").save(path)
    assert libproduct.Backlog.load(path).name == "Other"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.json"]


def test_load_minimal_document():
    b = libproduct.Backlog.loads(
        '{"format": "libproduct/1", "items": ['
        '{"id": "A", "value": 3, "effort": 1, "depends_on": ["B"]}, {"id": "B"}]}')
    assert b.ids() == ["A", "B"]
    assert b.has_dependency("A", "B")


@pytest.mark.parametrize("doc, exc", [
    ("", libproduct.ParseError),
    ("{", libproduct.ParseError),
    ("[1, 2]", libproduct.FormatError),
    ('{"format": "libproduct/1", "items": [{"title": "no id"}]}', libproduct.FormatError),
    ('{"format": "libproduct/1", "items": [{"id": "A"}, {"id": "A"}]}', libproduct.DuplicateIdError),
    ('{"format": "libproduct/1", "items": [{"id": "A", "depends_on": ["Z"]}]}', libproduct.UnknownItemError),
    ('{"format": "libproduct/1", "items": [{"id": "A", "depends_on": ["A"]}]}', libproduct.SelfDependencyError),
    ('{"format": "libproduct/1", "items": [{"id": "A", "effort": -1}]}', libproduct.InvalidValueError),
])
def test_load_errors(doc, exc):
    with pytest.raises(exc):
        libproduct.Backlog.loads(doc)


def test_loads_type_error():
    with pytest.raises(TypeError):
        libproduct.Backlog.loads(42)


CSV = """Key,Summary,Issue Type,Status,Resolution,Story Points,Priority,depends_on,Labels
LP-1,Cart,Story,Open,,3,Major,LP-2,web;ux
LP-2,"Payment, with comma",Bug,In Progress,,2,Critical,,
LP-3,Old,Task,Closed,Won't Fix,,,,
LP-4,Done,Story,Done,Done,1,Minor,OTHER-9,
"""


def check_csv_backlog(b):
    assert b.ids() == ["LP-1", "LP-2", "LP-3", "LP-4"]
    one, two, three, four = (b[i] for i in b.ids())
    assert (one.title, one.kind, one.status, one.effort, one.value) == ("Cart", "story", "todo", 3, 3)
    assert one.labels == ("web", "ux")
    assert (two.title, two.kind, two.status, two.value) == ("Payment, with comma", "bug", "in_progress", 4)
    assert (three.kind, three.status) == ("task", "dropped")
    assert four.status == "done"
    assert b.has_dependency("LP-1", "LP-2")
    assert b.n_dependencies == 1                      # OTHER-9 is not in the file


def test_import_csv_data():
    check_csv_backlog(libproduct.Backlog.import_csv_data(CSV))
    check_csv_backlog(libproduct.Backlog.import_csv_data(CSV.encode("utf-8")))


def test_import_csv_file(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text(CSV, encoding="utf-8")
    check_csv_backlog(libproduct.Backlog.import_csv(path))
    check_csv_backlog(libproduct.Backlog.import_csv(str(path)))


@pytest.mark.parametrize("data, exc", [
    ("title\nno id column\n", libproduct.FormatError),
    ('id,title\nA,"open quote\n', libproduct.ParseError),
    ("id,title\nA,x\nA,y\n", libproduct.DuplicateIdError),
    ("id,effort\nA,-2\n", libproduct.InvalidValueError),
    (b"id,title\nA,\xff\n", libproduct.ParseError),
])
def test_import_csv_errors(data, exc):
    with pytest.raises(exc):
        libproduct.Backlog.import_csv_data(data)


def test_csv_then_json(tmp_path):
    b = libproduct.Backlog.import_csv_data(CSV)
    path = tmp_path / "b.json"
    b.save(path)
    assert snapshot(libproduct.Backlog.load(path)) == snapshot(b)
