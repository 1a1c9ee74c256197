#!/usr/bin/env python3
"""hello_backlog: the smallest complete libproduct program, in Python.

Builds a backlog of four stories, records which depends on which, prints
the order to build them in, then shows a dependency cycle reaching Python
as libproduct.CycleError. With a file name argument, ranks that backlog
file instead (e.g. examples/data/sample-backlog.json).
"""
import sys

import libproduct


def build_backlog():
    backlog = libproduct.Backlog()
    backlog.add_item("HB-1", "Sign up with e-mail", value=8, effort=3)
    backlog.add_item("HB-2", "Reset a forgotten password", value=5, effort=1)
    backlog.add_item("HB-3", "Invite a teammate", value=13, effort=5)
    backlog.add_item("HB-4", "Dark mode", value=2, effort=2)
    # "HB-2 depends on HB-1": HB-1 comes first, whatever the scores say.
    backlog.add_dependency("HB-2", "HB-1")
    backlog.add_dependency("HB-3", "HB-1")
    return backlog


def print_ranking(ranking):
    # entry.rank counts from 1, as prioritize prints it.
    for entry in ranking:
        score = "-" if entry.score is None else "%.2f" % entry.score
        print("%3d. %-8s score %s" % (entry.rank, entry.id, score))


def main(argv):
    if len(argv) > 1:
        try:
            backlog = libproduct.Backlog.load(argv[1])
            print_ranking(backlog.order(lenient=True))
        except libproduct.Error as e:
            print("hello_backlog: %s: %s" % (argv[1], e), file=sys.stderr)
            return 1
        return 0

    backlog = build_backlog()
    print("Build the stories in this order:")
    print_ranking(backlog.order())

    # A cycle: HB-1 now also depends on HB-2. Adding it is allowed (real
    # trackers contain such links); a strict order then raises CycleError,
    # whose .cycle lists the ids of one cycle, each depending on the next.
    backlog.add_dependency("HB-1", "HB-2")
    try:
        backlog.order()
    except libproduct.CycleError as e:
        print("\nAfter adding HB-1 -> HB-2: %s" % e)
        print("cycle:", " -> ".join(e.cycle + e.cycle[:1]))
    else:
        print("hello_backlog: expected a CycleError", file=sys.stderr)
        return 1

    # The lenient order plans around the cycle.
    print("\nLenient order:")
    print_ranking(backlog.order(lenient=True))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
