"""Hostile input (issue 9): attrs. Inputs are generated here, never committed.

Attribute storage costs memory in proportion to the values set: 20,000
items with a name each, or one item with many names, used to cost
gigabytes (a dense column per name). An attribute few items have is now
sparse, one most items have a dense column (dense from 1/16 of the slot
capacity, the smallest capacity being 1024 slots; sparse again under
1/64): these tests read every value back either way, across the switch,
through removal and a save/load round trip.
"""
import json
import os
import resource

import pytest

import libproduct

#: The old code needed gigabytes for each workload below.
PEAK_BOUND_KB = 128 * 1024


def peak_growth_kb(work):
    """Runs work() in a forked child; how much its peak resident memory
    grew (KB). work's own assertions fail the test through the exit
    status."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        status = 1
        try:
            before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            work()
            after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            os.write(write_fd, str(after - before).encode())
            status = 0
        finally:
            os._exit(status)
    os.close(write_fd)
    with os.fdopen(read_fd) as f:
        text = f.read()
    _, status = os.waitpid(pid, 0)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, status
    return int(text)


def distinct_names(n=20000):
    b = libproduct.Backlog()
    b.add_items(["I-%d" % i for i in range(n)])
    for i, item in enumerate(b):
        item.set_attribute("a%d" % i, i)
    for i, item in enumerate(b):
        assert item.attributes == {"a%d" % i: i}
        assert item.get_attribute("a%d" % ((i + 1) % n)) is None
    again = libproduct.Backlog.loads(b.dumps())
    assert again.dumps() == b.dumps()
    return b


def test_distinct_names_memory():
    assert peak_growth_kb(distinct_names) < PEAK_BOUND_KB


def test_one_item_many_names_memory():
    def work():
        b = libproduct.Backlog()
        b.add_items(["A", "B", "C"])
        item = b["B"]
        names = ["n%d" % i for i in range(20000)]
        for i, name in enumerate(names):
            item.set_attribute(name, i + 0.5)
        attrs = item.attributes
        assert list(attrs) == names          # in the order first seen
        assert all(attrs[name] == i + 0.5 for i, name in enumerate(names))
        assert b["A"].attributes == {} and b["C"].get_attribute("n5") is None
        for name in names[1::2]:
            assert item.unset_attribute(name)
        assert list(item.attributes) == names[0::2]
        loaded = libproduct.Backlog.loads(b.dumps())
        assert loaded["B"].attributes == item.attributes
    assert peak_growth_kb(work) < PEAK_BOUND_KB


def test_loads_distinct_names_memory():
    doc = {"format": "libproduct/1",
           "items": [{"id": "I-%d" % i, "attributes": {"a%d" % i: i}}
                     for i in range(10000)]}
    text = json.dumps(doc)

    def work():
        b = libproduct.Backlog.loads(text)
        assert b["I-77"].attributes == {"a77": 77}
    assert peak_growth_kb(work) < PEAK_BOUND_KB


def x_everywhere(b):
    """x of every item in manual order, as the accessors and a formula
    reading it see it (None: absent); they must agree."""
    scores = libproduct.ScoreModel.formula("x").apply(b)
    seen = []
    for item in b:
        x = item.get_attribute("x")
        assert ("x" in item.attributes) == (x is not None)
        assert scores.score(item) == x
        seen.append(x)
    return seen


def test_threshold_edges():
    # 1000 slots: capacity 1024, so x is dense from 64 items, sparse again
    # under 16; y stays sparse
    b = libproduct.Backlog()
    b.add_items(["I-%d" % i for i in range(1000)])
    items = list(b)
    expected = [None] * 1000
    for k in range(66):
        items[k * 15].set_attribute("x", k + 0.25)
        if k % 2 == 0:
            items[k * 15].set_attribute("y", -k)
        expected[k * 15] = k + 0.25
        if k >= 61:
            assert x_everywhere(b) == expected
    for k in range(65, 13, -1):
        assert items[k * 15].unset_attribute("x")
        assert not items[k * 15].unset_attribute("x")
        expected[k * 15] = None
        if k <= 17:
            assert x_everywhere(b) == expected
    assert all(items[k * 15].get_attribute("y") == (-k if k % 2 == 0 else None)
               for k in range(66))
    loaded = libproduct.Backlog.loads(b.dumps())
    assert x_everywhere(loaded) == expected


def test_removed_item_slot_is_clean():
    b = libproduct.Backlog()
    b.add_items(["I-%d" % i for i in range(1000)])
    for i, item in enumerate(b):
        item.set_attribute("dense", i)
    b["I-500"].set_attribute("p", 1)
    b["I-500"].set_attribute("q", 2)
    b["I-501"].set_attribute("q", 3)
    b.remove_item("I-500")
    new = b.add_item("new")               # takes the freed slot
    assert new.attributes == {}
    assert new.get_attribute("dense") is None
    assert b["I-501"].attributes == {"dense": 501, "q": 3}
    with pytest.raises(libproduct.Error):
        libproduct.ScoreModel.formula("p", backlog=b)   # nobody has p now


def build(sparse):
    """1000 items, x on 100 of them: dense in 1024 slots; sparse in a
    backlog that once had 1100 items (capacity 2048: dense from 128)."""
    b = libproduct.Backlog()
    if sparse:
        b.add_items(["tmp-%d" % i for i in range(1100)])
        for item in reversed(list(b)):
            b.remove_item(item)
    for i in range(1000):
        item = b.add_item("I-%d" % i, value=i % 7 + 1)
        if i % 10 == 3:
            item.set_attribute("x", (i * 37) % 101)
        if i % 250 == 0:
            item.set_attribute("y", i)
    return b


def test_sparse_and_dense_score_alike():
    dense, sparse = build(False), build(True)
    assert dense.dumps() == sparse.dumps()
    for model in (libproduct.ScoreModel.formula("x * 10 + value"),
                  libproduct.ScoreModel.rice(inputs={"reach": "x",
                                                     "impact": "value",
                                                     "confidence": "value",
                                                     "effort": "value"},
                                             scale_check="ignore"),
                  libproduct.ScoreModel.scorecard([("x", 2), ("value", 1)])):
        a, b = model.apply(dense), model.apply(sparse)
        assert [a.score(i) for i in dense] == [b.score(i) for i in sparse]
        assert [a.reason(i) for i in dense] == [b.reason(i) for i in sparse]
        assert dense.order(model, lenient=True).ids() == \
            sparse.order(model, lenient=True).ids()
        assert str(model.explain(dense, "I-3")) == str(model.explain(sparse, "I-3"))
    assert dense["I-3"].attributes == {"x": 10}
    assert [i.attributes for i in dense] == [i.attributes for i in sparse]
