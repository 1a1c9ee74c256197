"""Every exception class, raised by a real operation, with its code."""
import pytest

import libproduct
from libproduct import lpcore

ERRORS = [
    (libproduct.InvalidValueError, "LP_ERROR_INVALID_VALUE", ValueError),
    (libproduct.DuplicateIdError, "LP_ERROR_DUPLICATE_ID", None),
    (libproduct.UnknownItemError, "LP_ERROR_UNKNOWN_ITEM", LookupError),
    (libproduct.SelfDependencyError, "LP_ERROR_SELF_DEPENDENCY", None),
    (libproduct.CycleError, "LP_ERROR_CYCLE", None),
    (libproduct.ParentCycleError, "LP_ERROR_PARENT_CYCLE", None),
    (libproduct.ParseError, "LP_ERROR_PARSE", None),
    (libproduct.FormatError, "LP_ERROR_FORMAT", None),
    (libproduct.LpIOError, "LP_ERROR_IO", OSError),
    (libproduct.BusyError, "LP_ERROR_BUSY", RuntimeError),
    (libproduct.LimitError, "LP_ERROR_LIMIT", ValueError),
]


@pytest.mark.parametrize("cls, constant, builtin", ERRORS)
def test_hierarchy_and_codes(cls, constant, builtin):
    assert issubclass(cls, libproduct.Error)
    assert issubclass(libproduct.Error, Exception)
    assert cls.code == getattr(lpcore, constant)
    assert lpcore.ERROR_CLASSES[cls.code] is cls
    assert cls.__module__ == "libproduct"
    if builtin is not None:
        assert issubclass(cls, builtin)


def test_codes_are_distinct_and_complete():
    codes = [cls.code for cls, _, _ in ERRORS]
    assert sorted(codes) == list(range(1, len(ERRORS) + 1))
    assert not issubclass(libproduct.UnknownItemError, KeyError)


def check(excinfo, cls):
    err = excinfo.value
    assert type(err) is cls
    assert err.code == cls.code
    assert err.domain == "lp-error-quark"
    assert isinstance(err.message, str) and err.message
    assert str(err) == err.message
    return err


def test_invalid_value(backlog):
    item = backlog.add_item("LP-1", value=5)
    with pytest.raises(libproduct.InvalidValueError) as excinfo:
        item.value = -2
    err = check(excinfo, libproduct.InvalidValueError)
    assert "LP-1" in err.message
    assert isinstance(err, ValueError)
    assert item.value == 5
    with pytest.raises(ValueError):
        item.effort = 0


def test_duplicate_id(backlog):
    backlog.add_item("LP-1")
    with pytest.raises(libproduct.DuplicateIdError) as excinfo:
        backlog.add_item("LP-1")
    assert "LP-1" in check(excinfo, libproduct.DuplicateIdError).message


def test_unknown_item(backlog):
    backlog.add_item("LP-1")
    with pytest.raises(libproduct.UnknownItemError) as excinfo:
        backlog.add_dependency("LP-1", "LP-404")
    assert "LP-404" in check(excinfo, libproduct.UnknownItemError).message
    with pytest.raises(LookupError):
        backlog.remove_item("LP-404")
    with pytest.raises(libproduct.UnknownItemError) as excinfo:
        backlog.add_dependencies([0], [7])
    check(excinfo, libproduct.UnknownItemError)


def test_self_dependency(backlog):
    backlog.add_item("LP-1")
    with pytest.raises(libproduct.SelfDependencyError) as excinfo:
        backlog.add_dependency("LP-1", "LP-1")
    check(excinfo, libproduct.SelfDependencyError)
    assert backlog.n_dependencies == 0


def test_cycle(backlog):
    for id_ in ("A", "B", "C"):
        backlog.add_item(id_)
    backlog.add_dependency("A", "B")
    backlog.add_dependency("B", "C")
    backlog.add_dependency("C", "A")
    with pytest.raises(libproduct.CycleError) as excinfo:
        backlog.order()
    err = check(excinfo, libproduct.CycleError)
    assert err.cycle == ["A", "B", "C"]
    assert " -> ".join(err.cycle + err.cycle[:1]) in err.message


def test_parent_cycle(backlog):
    epic = backlog.add_item("E", kind="epic")
    story = backlog.add_item("S", parent=epic)
    with pytest.raises(libproduct.ParentCycleError) as excinfo:
        epic.parent = story
    check(excinfo, libproduct.ParentCycleError)
    assert epic.parent is None
    with pytest.raises(libproduct.ParentCycleError):
        story.parent = story


def test_parse():
    with pytest.raises(libproduct.ParseError) as excinfo:
        libproduct.Backlog.loads('{"format": "libproduct/1", "items": [')
    check(excinfo, libproduct.ParseError)
    with pytest.raises(libproduct.ParseError):
        libproduct.Backlog.import_csv_data('id,title\nA,"unterminated\n')


def test_format():
    with pytest.raises(libproduct.FormatError) as excinfo:
        libproduct.Backlog.loads('{"format": "libproduct/999", "items": []}')
    check(excinfo, libproduct.FormatError)
    with pytest.raises(libproduct.FormatError):
        libproduct.Backlog.import_csv_data("title,value\nHello,3\n")


def test_io(tmp_path):
    missing = tmp_path / "missing" / "backlog.json"
    with pytest.raises(libproduct.LpIOError) as excinfo:
        libproduct.Backlog.load(missing)
    err = check(excinfo, libproduct.LpIOError)
    assert isinstance(err, OSError)
    with pytest.raises(OSError):
        libproduct.Backlog.import_csv(str(missing))
    with pytest.raises(libproduct.LpIOError):
        libproduct.Backlog().save(missing)


def test_catch_all(backlog):
    backlog.add_item("X")
    with pytest.raises(libproduct.Error):
        backlog.add_item("X")


def test_constructed_by_hand():
    err = libproduct.CycleError("dependency cycle: A -> A")
    assert err.code == lpcore.LP_ERROR_CYCLE and err.cycle == []
    err = libproduct.LpIOError("cannot open")
    assert str(err) == "cannot open" and err.code == lpcore.LP_ERROR_IO
