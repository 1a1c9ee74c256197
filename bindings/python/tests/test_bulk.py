"""The bulk paths: add_items / add_dependencies converted in C."""
import array
import math

import pytest

import libproduct

try:
    import numpy
except ImportError:  # pragma: no cover
    numpy = None

needs_numpy = pytest.mark.skipif(numpy is None, reason="numpy is not installed")


def test_add_items_lists(backlog):
    backlog.add_item("X")
    positions = backlog.add_items(["A", "B", "C"], ["Alpha", None, "Charlie"],
                                  [1, None, math.nan], [2.5, 1, None])
    assert positions == range(1, 4)
    assert backlog.ids() == ["X", "A", "B", "C"]
    a, b, c = backlog["A"], backlog["B"], backlog["C"]
    assert (a.title, a.value, a.effort) == ("Alpha", 1, 2.5)
    assert (b.title, b.value, b.effort) == ("", None, 1)
    assert (c.title, c.value, c.effort) == ("Charlie", None, None)


def test_add_items_ids_only(backlog):
    backlog.add_items(("A", "B"))
    backlog.add_items(id_ for id_ in ["C", "D"])     # any iterable
    backlog.add_items([])
    assert backlog.ids() == ["A", "B", "C", "D"]
    assert all(item.value is None and item.title == "" for item in backlog)


def test_add_items_buffers(backlog):
    backlog.add_items(["A", "B", "C"], values=array.array("d", [1, 2, 3]),
                      efforts=array.array("f", [0.5, 1, 2]))
    assert [i.value for i in backlog] == [1, 2, 3]
    assert [i.effort for i in backlog] == [0.5, 1, 2]
    backlog.add_items(["D"], values=array.array("i", [7]), efforts=memoryview(array.array("d", [1])))
    assert backlog["D"].value == 7


@needs_numpy
def test_add_items_numpy(backlog):
    values = numpy.array([1.0, numpy.nan, 3.0])
    efforts = numpy.arange(1, 4, dtype=numpy.float32)
    backlog.add_items(numpy.array(["A", "B", "C"]), None, values, efforts)
    assert [i.value for i in backlog] == [1, None, 3]
    assert [i.effort for i in backlog] == [1, 2, 3]
    backlog.add_items(["D", "E"], values=numpy.array([4, 5]))       # int64
    assert backlog["E"].value == 5
    strided = numpy.arange(6, dtype=float)[::2]
    backlog.add_items(["F", "G", "H"], values=strided)
    assert [backlog[i].value for i in "FGH"] == [0, 2, 4]
    swapped = numpy.array([1.5, 2.5], dtype=numpy.dtype(float).newbyteorder())
    backlog.add_items(["I", "J"], values=swapped)                    # read as a sequence
    assert [backlog[i].value for i in "IJ"] == [1.5, 2.5]


@pytest.mark.parametrize("kwargs, exc", [
    ({"ids": ["A", "B"], "titles": ["only one"]}, ValueError),
    ({"ids": ["A", "B"], "values": [1]}, ValueError),
    ({"ids": ["A", "B"], "efforts": [1, 2, 3]}, ValueError),
    ({"ids": "AB"}, TypeError),
    ({"ids": ["A", 2]}, TypeError),
    ({"ids": ["A", None]}, TypeError),
    ({"ids": ["A", "B"], "titles": ["x", 3]}, TypeError),
    ({"ids": ["A", "B"], "values": [1, "2"]}, TypeError),
    ({"ids": ["A", "B"], "values": 3}, TypeError),
    ({"ids": ["A", "B"], "values": b"ab"}, None),  # bytes are numbers too: fine
    ({"ids": ["A", "A"]}, libproduct.DuplicateIdError),
    ({"ids": ["A", "X"]}, libproduct.DuplicateIdError),
    ({"ids": ["A", ""]}, libproduct.InvalidValueError),
    ({"ids": ["A", "B"], "values": [1, -1]}, libproduct.InvalidValueError),
    ({"ids": ["A", "B"], "efforts": [1, 0]}, libproduct.InvalidValueError),
    ({"ids": ["A", "B"], "efforts": [math.inf, 1]}, libproduct.InvalidValueError),
])
def test_add_items_errors_leave_backlog_unchanged(backlog, kwargs, exc):
    backlog.add_item("X")
    if exc is None:
        backlog.add_items(**kwargs)
        assert len(backlog) == 3
        return
    with pytest.raises(exc):
        backlog.add_items(**kwargs)
    assert backlog.ids() == ["X"]


def test_add_dependencies(backlog):
    backlog.add_items(["A", "B", "C", "D"])
    backlog.add_dependencies([0, 0], [1, 2])
    backlog.add_dependencies(array.array("I", [3]), array.array("I", [0]))
    backlog.add_dependencies(array.array("b", [1]), (2,))
    backlog.add_dependencies([], [])
    assert backlog.n_dependencies == 4
    assert [i.id for i in backlog.prerequisites("A")] == ["B", "C"]
    assert backlog.has_dependency("D", "A") and backlog.has_dependency("B", "C")


@needs_numpy
def test_add_dependencies_numpy(backlog):
    backlog.add_items(["A", "B", "C"])
    backlog.add_dependencies(numpy.array([0, 1], dtype=numpy.uint32),
                             numpy.array([1, 2], dtype=numpy.uint32))
    backlog.add_dependencies(numpy.array([0]), numpy.array([2], dtype=numpy.int32))
    backlog.add_dependencies([numpy.int64(2)], [numpy.uint8(0)])
    assert backlog.n_dependencies == 4


@pytest.mark.parametrize("dependents, prerequisites, exc", [
    ([0, 1], [1], ValueError),
    ([0], [5], libproduct.UnknownItemError),
    ([0, 1], [1, 1], libproduct.SelfDependencyError),
    ([0], [-1], OverflowError),
    ([0], [2 ** 40], OverflowError),
    ([0], [1.0], TypeError),
    ([0], "1", TypeError),
    (3, [1], TypeError),
    (array.array("d", [0]), [1], TypeError),
])
def test_add_dependencies_errors(backlog, dependents, prerequisites, exc):
    backlog.add_items(["A", "B", "C"])
    backlog.add_dependency("C", "A")
    with pytest.raises(exc):
        backlog.add_dependencies(dependents, prerequisites)
    assert backlog.n_dependencies == 1


N = 200_000


def test_200k_items_lists():
    ids = ["LP-%d" % i for i in range(N)]
    values = [float(i % 100) for i in range(N)]
    efforts = [float(1 + i % 8) for i in range(N)]
    b = libproduct.Backlog()
    assert b.add_items(ids, None, values, efforts) == range(N)
    assert len(b) == N
    # a chain of dependencies: every item waits for the one before it
    b.add_dependencies(range(1, N), range(N - 1))
    assert b.n_dependencies == N - 1
    ranking = b.order()
    assert len(ranking) == N
    assert ranking.ids() == ids        # the chain forces the manual order
    assert len(ranking.to_records()) == N
    assert b.next(5).ids() == ["LP-0"]
    assert b.ids()[-1] == "LP-%d" % (N - 1)
    assert b["LP-12345"].effort == 1 + 12345 % 8


def test_200k_items_buffers():
    ids = ["I%06d" % i for i in range(N)]
    b = libproduct.Backlog()
    b.add_items(ids, values=array.array("d", (float(i % 13) for i in range(N))),
                efforts=array.array("d", [1.0]) * N)
    deps = array.array("I", range(1, N, 2))
    pres = array.array("I", range(0, N, 2))
    b.add_dependencies(deps, pres)
    assert b.n_dependencies == N // 2
    ranking = b.order()
    assert len(ranking) == N
    scores = ranking.scores()
    assert scores[0] == 12.0
    assert sum(1 for _ in b) == N


@needs_numpy
def test_200k_items_numpy():
    ids = numpy.char.add("N", numpy.arange(N).astype(str))
    b = libproduct.Backlog()
    b.add_items(ids.tolist(), values=numpy.linspace(0, 1, N), efforts=numpy.ones(N))
    b.add_dependencies(numpy.arange(1, N, dtype=numpy.uint32),
                       numpy.zeros(N - 1, dtype=numpy.uint32))
    ranking = b.order(lenient=True)
    assert len(ranking) == N
    assert ranking.ids()[0] == "N0"
    assert ranking.ids()[1] == "N%d" % (N - 1)


def test_from_records_bulk():
    records = [{"id": "R%d" % i, "value": i % 10, "effort": 1,
                "depends_on": ["R%d" % (i - 1)] if i else []} for i in range(20_000)]
    b = libproduct.Backlog.from_records(records)
    assert len(b) == 20_000 and b.n_dependencies == 19_999


def test_bulk_ids_keep_non_ascii_text():
    # ids() of a backlog and of a ranking copy ASCII ids directly and
    # decode the others: both must come back exactly as given
    ids = ["LP-1", "Größe-2", "日本-3", "e\u0301-4", "LP-5"]
    b = libproduct.Backlog()
    b.add_items(ids, values=[5, 4, 3, 2, 1], efforts=[1, 1, 1, 1, 1])
    assert b.ids() == ids
    assert b.order().ids() == ids
    assert all(type(i) is str for i in b.order().ids())
