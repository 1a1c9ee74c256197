"""Shared fixtures of the libproduct Python tests.

run-pytest.sh puts the uninstalled package first on PYTHONPATH and sets
LP_TOP_SRCDIR / LP_TOP_BUILDDIR; the tests never read ../shared.
"""
import pytest

import libproduct


@pytest.fixture
def backlog():
    """An empty backlog."""
    return libproduct.Backlog(name="Shop", vision="Sell things")


@pytest.fixture
def small():
    """The hand-checked example of test_order.py.

        id  value effort score  status   depends on
        A   10    5      2      todo
        B   9     1      9      todo     C
        C   1     1      1      todo
        D   3     1      3      todo
        E   -     -      -      todo
        F   1     1      1      done
        G   4     2      2      todo     F (done)
    """
    b = libproduct.Backlog(name="Small")
    b.add_item("A", "Alpha", value=10, effort=5)
    b.add_item("B", "Bravo", value=9, effort=1)
    b.add_item("C", "Charlie", value=1, effort=1)
    b.add_item("D", "Delta", value=3, effort=1)
    b.add_item("E", "Echo")
    b.add_item("F", "Foxtrot", value=1, effort=1, status="done")
    b.add_item("G", "Golf", value=4, effort=2)
    b.add_dependency("B", "C")
    b.add_dependency("G", "F")
    return b
