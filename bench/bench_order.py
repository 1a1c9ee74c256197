#!/usr/bin/env python3
"""Side-by-side ordering benchmark: libproduct against networkx, graphlib
and igraph, on the same seeded backlogs as bench/bench-order.c.

What is timed, for each peer, starting from the same input in memory (not
timed: generating it) and ending with the whole order in Python's hands:

  libproduct   Backlog.add_items(ids, values=, efforts=) and
               Backlog.add_dependencies(dependents, prerequisites) with numpy
               arrays (the bulk path), then Backlog.order() -- a Ranking
               whose ids and scores are Python lists
  libproduct-C bench/bench-order (the C API), run by this script when it
               is found (--c-bench), same sizes and seed
  networkx     DiGraph from the edge list, then
               list(lexicographical_topological_sort(G, key=-score)):
               the same order as libproduct (best score first, ties in
               manual order)
  graphlib     TopologicalSorter from per-item prerequisite lists, driven
               by a heap of (-score, position): the same order again
  igraph       Graph(n, edges) then topological_sorting(): no priority at
               all, for scale

Each (peer, shape, size) runs in its own process, so that each peak
memory is its own: "peak MB" is the process's peak resident memory
(VmHWM, reset once the input is ready; ru_maxrss where that cannot be
reset), "peak+ MB" that minus the process's resident memory once its
input was ready (the interpreter and the input are not the peer's doing). Times are the median
of several runs (a slow peer stops after --budget seconds, at least one
run), on whatever else the machine is doing: compare within one run.

The orders are compared: libproduct's must equal networkx's (and
graphlib's) at every size where networkx runs. The inputs are checked
against the C benchmark's (bench-order --digest) when it is found.

Scoring + sorting: numpy's stable argsort of -value/effort against
libproduct's lp_backlog_order on the same items without dependencies (the
C call alone, adjacency cached; that is scoring + sorting), in the same
run.

  PYTHONPATH=BUILD/bindings/python/build python3 bench/bench_order.py \
      [--quick] [--sizes 10000,100000,1000000] [--reps 5] \
      [--c-bench BUILD/bench/bench-order]

`make bench-python` in the build tree runs it with the right paths. It is
a benchmark, not a test: nothing here fails on a time.
"""

import argparse
import array
import gc
import heapq
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

try:
    import numpy as np
except ImportError:  # the generator has a pure-Python fallback
    np = None

M64 = (1 << 64) - 1
GAMMA = 0x9E3779B97F4A7C15
STREAM_VALUES = 0x76616c7565
STREAM_EFFORTS = 0x6566666f7274
STREAM_DEPS = 0x64657073

SHAPES = ("random", "chain", "fanin")
PEERS = ("libproduct", "networkx", "graphlib", "igraph")

TARGET_ORDER_S = 0.4         # C, build + order, 10^6 items
TARGET_PY_OVER_C = 1.5
TARGET_OVER_NETWORKX = 50.0
TARGET_OVER_IGRAPH = 5.0
TARGET_SORT_S = 0.050


# --- the generator (see bench/bench-order.c) ----------------------------------

def _mix64_py(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return z ^ (z >> 31)


def _rand_py(stream, k):
    return _mix64_py((stream + (k + 1) * GAMMA) & M64)


if np is not None:
    def _mix64_np(z):
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))

    def _rand_np(stream, k):
        """rand(stream, k) for an array k of uint64 (wrapping arithmetic)."""
        with np.errstate(over="ignore"):
            return _mix64_np(np.uint64(stream) + (k + np.uint64(1)) * np.uint64(GAMMA))


class Input:
    """One generated backlog: values, efforts (floats), dep, pre (positions;
    dep[e] depends on pre[e]). numpy arrays when numpy is there, else lists."""

    def __init__(self, shape, n, deps, seed):
        self.shape, self.n = shape, n
        if np is not None:
            k = np.arange(n, dtype=np.uint64)
            self.values = (_rand_np(seed ^ STREAM_VALUES, k) % np.uint64(10) + np.uint64(1)).astype(np.float64)
            self.efforts = (_rand_np(seed ^ STREAM_EFFORTS, k) % np.uint64(8) + np.uint64(1)).astype(np.float64)
            if shape == "random" and n > 1:
                i = np.repeat(np.arange(1, n, dtype=np.uint64), deps)
                k = np.arange(len(i), dtype=np.uint64)
                self.dep = i.astype(np.uint32)
                self.pre = (_rand_np(seed ^ STREAM_DEPS, k) % i).astype(np.uint32)
            elif shape == "chain" and n > 1:
                self.dep = np.arange(0, n - 1, dtype=np.uint32)
                self.pre = np.arange(1, n, dtype=np.uint32)
            elif shape == "fanin" and n > 1:
                self.dep = np.zeros(n - 1, dtype=np.uint32)
                self.pre = np.arange(1, n, dtype=np.uint32)
            else:
                self.dep = np.zeros(0, dtype=np.uint32)
                self.pre = np.zeros(0, dtype=np.uint32)
        else:
            self.values = [float(_rand_py(seed ^ STREAM_VALUES, i) % 10 + 1) for i in range(n)]
            self.efforts = [float(_rand_py(seed ^ STREAM_EFFORTS, i) % 8 + 1) for i in range(n)]
            if shape == "random":
                self.dep = [i for i in range(1, n) for _ in range(deps)]
                self.pre = [_rand_py(seed ^ STREAM_DEPS, k) % i for k, i in enumerate(self.dep)]
            elif shape == "chain":
                self.dep, self.pre = list(range(0, n - 1)), list(range(1, n))
            elif shape == "fanin":
                self.dep, self.pre = [0] * (n - 1), list(range(1, n))
            else:
                self.dep, self.pre = [], []

    @property
    def m(self):
        return len(self.dep)

    def digest(self):
        """Sum of mix(x_k + k * GAMMA) over values, efforts, dep, pre."""
        if np is not None:
            x = np.concatenate([self.values.astype(np.uint64), self.efforts.astype(np.uint64),
                                self.dep.astype(np.uint64), self.pre.astype(np.uint64)])
            with np.errstate(over="ignore"):
                k = np.arange(len(x), dtype=np.uint64)
                return int(_mix64_np(x + k * np.uint64(GAMMA)).sum(dtype=np.uint64))
        h = 0
        seq = [int(v) for v in self.values] + [int(v) for v in self.efforts] + list(self.dep) + list(self.pre)
        for k, x in enumerate(seq):
            h = (h + _mix64_py((x + k * GAMMA) & M64)) & M64
        return h

    def lists(self):
        """(values, efforts, dep, pre) as Python lists."""
        if np is not None:
            return self.values.tolist(), self.efforts.tolist(), self.dep.tolist(), self.pre.tolist()
        return list(self.values), list(self.efforts), list(self.dep), list(self.pre)


# --- workers: one peer, one input, in a process of its own -------------------------

def _rss_mb():
    """The resident memory now, after a collection; resets the peak."""
    gc.collect()
    _reset_peak()
    rss = _status_mb("VmRSS:")
    return rss if rss is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _status_mb(field):
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(field):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return None


def _reset_peak():
    """Linux (>= 4.0) resets the peak (VmHWM) to the current RSS on "5":
    the input's generation then does not count in the peak."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def _peak_mb():
    hwm = _status_mb("VmHWM:")
    if hwm is not None:
        return hwm
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _run_reps(reps, budget, once):
    """Runs once() up to reps times within budget seconds (at least once);
    once() returns (build_s, order_s, order). Returns the lists."""
    builds, orders, result = [], [], None
    spent = 0.0
    for _ in range(reps):
        gc.collect()
        b, o, result = once()
        builds.append(b)
        orders.append(o)
        spent += b + o
        if spent + (b + o) > budget:
            break
    return builds, orders, result


def worker_libproduct(inp, reps, budget):
    import libproduct
    ids = ["LP-%d" % (i + 1) for i in range(inp.n)]
    values, efforts, dep, pre = inp.values, inp.efforts, inp.dep, inp.pre
    if np is None:
        dep, pre = array.array("I", dep), array.array("I", pre)
    base = _rss_mb()

    def once():
        t0 = time.perf_counter()
        b = libproduct.Backlog()
        b.add_items(ids, values=values, efforts=efforts)
        b.add_dependencies(dep, pre)
        t1 = time.perf_counter()
        ranking = b.order()
        t2 = time.perf_counter()
        return t1 - t0, t2 - t1, ranking.ids()

    builds, orders, ranked = _run_reps(reps, budget, once)
    positions = [int(x[3:]) - 1 for x in ranked]
    return builds, orders, positions, base


def worker_networkx(inp, reps, budget):
    import networkx as nx
    values, efforts, dep, pre = inp.lists()
    neg = [-(v / e) for v, e in zip(values, efforts)]
    n = inp.n
    base = _rss_mb()

    def once():
        t0 = time.perf_counter()
        g = nx.DiGraph()
        g.add_nodes_from(range(n))          # node order = manual order: the tie-break
        g.add_edges_from(zip(pre, dep))
        t1 = time.perf_counter()
        order = list(nx.lexicographical_topological_sort(g, key=neg.__getitem__))
        t2 = time.perf_counter()
        return t1 - t0, t2 - t1, order

    builds, orders, order = _run_reps(reps, budget, once)
    return builds, orders, order, base


def worker_graphlib(inp, reps, budget):
    import graphlib
    values, efforts, dep, pre = inp.lists()
    neg = [-(v / e) for v, e in zip(values, efforts)]
    n = inp.n
    base = _rss_mb()

    def once():
        t0 = time.perf_counter()
        preds = [[] for _ in range(n)]
        for d, p in zip(dep, pre):
            preds[d].append(p)
        ts = graphlib.TopologicalSorter(dict(enumerate(preds)))
        ts.prepare()
        t1 = time.perf_counter()
        heap = [(neg[v], v) for v in ts.get_ready()]
        heapq.heapify(heap)
        order = []
        push, pop = heapq.heappush, heapq.heappop
        while heap:
            _, v = pop(heap)
            order.append(v)
            ts.done(v)
            for w in ts.get_ready():
                push(heap, (neg[w], w))
        t2 = time.perf_counter()
        return t1 - t0, t2 - t1, order

    builds, orders, order = _run_reps(reps, budget, once)
    return builds, orders, order, base


def worker_igraph(inp, reps, budget):
    import igraph
    _, _, dep, pre = inp.lists()
    n = inp.n
    base = _rss_mb()

    def once():
        t0 = time.perf_counter()
        g = igraph.Graph(n=n, edges=list(zip(pre, dep)), directed=True)
        t1 = time.perf_counter()
        order = g.topological_sorting(mode="out")
        t2 = time.perf_counter()
        return t1 - t0, t2 - t1, order

    builds, orders, order = _run_reps(reps, budget, once)
    return builds, orders, None, base   # no priority: nothing to compare


def worker_sort(inp, reps, budget, which):
    """Scoring + sorting n items: numpy, or libproduct's C ordering call on
    a backlog without dependencies."""
    base = _rss_mb()
    times = []
    if which == "numpy":
        values, efforts = inp.values, inp.efforts
        for _ in range(max(reps, 5)):
            t0 = time.perf_counter()
            score = values / efforts
            perm = np.argsort(-score, kind="stable")
            times.append(time.perf_counter() - t0)
        return times, perm.astype(np.uint32).tolist(), base
    import libproduct
    from libproduct import lpcore
    b = libproduct.Backlog()
    b.add_items(["LP-%d" % (i + 1) for i in range(inp.n)], values=inp.values, efforts=inp.efforts)
    lpcore.lp_backlog_order(b._b, None, lpcore.LP_ORDER_STRICT)   # builds the (empty) adjacency
    base = _rss_mb()
    r = None
    for _ in range(max(reps, 5)):
        r = None
        gc.collect()
        t0 = time.perf_counter()
        r = lpcore.lp_backlog_order(b._b, None, lpcore.LP_ORDER_STRICT)
        times.append(time.perf_counter() - t0)
    return times, [int(x[3:]) - 1 for x in r.ids()], base


def run_worker(args):
    inp = Input(args.shape, args.n, args.deps, args.seed)
    if args.worker.startswith("sort-"):
        times, order, base = worker_sort(inp, args.reps, args.budget, args.worker[5:])
        builds, orders = [0.0] * len(times), times
    else:
        fn = globals()["worker_" + args.worker]
        builds, orders, order, base = fn(inp, args.reps, args.budget)
    if args.out and order is not None:
        with open(args.out, "wb") as f:
            array.array("I", order).tofile(f)
    totals = [b + o for b, o in zip(builds, orders)]
    print("WORKER\t%d\t%.6f\t%.6f\t%.6f\t%.1f\t%.1f\t%d" % (
        len(totals), statistics.median(builds), statistics.median(orders),
        statistics.median(totals), _peak_mb(), base, inp.m))


# --- the driver ------------------------------------------------------------------

def available(peer):
    mod = {"libproduct": "libproduct", "networkx": "networkx",
           "graphlib": "graphlib", "igraph": "igraph"}[peer]
    try:
        __import__(mod)
        return None
    except ImportError as e:
        return str(e)


def spawn(args, peer, shape, n, out=None, reps=None):
    cmd = [sys.executable, os.path.abspath(__file__), "--worker", peer,
           "--shape", shape, "--n", str(n), "--deps", str(args.deps),
           "--seed", str(args.seed), "--reps", str(reps or args.reps),
           "--budget", str(args.budget)]
    if out:
        cmd += ["--out", out]
    p = subprocess.run(cmd, capture_output=True, text=True)
    for line in p.stdout.splitlines():
        if line.startswith("WORKER\t"):
            f = line.split("\t")
            return {"runs": int(f[1]), "build": float(f[2]), "order": float(f[3]),
                    "total": float(f[4]), "peak": float(f[5]), "base": float(f[6]),
                    "m": int(f[7])}
    sys.stderr.write("%s %s %d failed (exit %d):\n%s\n" % (peer, shape, n, p.returncode,
                                                          p.stderr[-2000:]))
    return None


def run_c_bench(path, sizes, shapes, args):
    """RESULT rows of bench-order --tsv, keyed by (shape, n); and its digests."""
    if not path:
        return {}, {}
    common = ["--sizes", ",".join(map(str, sizes)), "--shapes", ",".join(shapes),
              "--deps", str(args.deps), "--seed", str(args.seed)]
    try:
        d = subprocess.run([path, "--digest"] + common, capture_output=True, text=True, check=True)
        r = subprocess.run([path, "--tsv", "--reps", str(args.reps)] + common,
                           capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError) as e:
        print("C benchmark %s: cannot run (%s); its column is left out" % (path, e))
        return {}, {}
    digests, rows = {}, {}
    for line in d.stdout.splitlines():
        f = line.split("\t")
        if f[0] == "DIGEST":
            digests[(f[1], int(f[2]))] = int(f[4], 16)
    for line in r.stdout.splitlines():
        f = line.split("\t")
        if f[0] == "RESULT":
            rows[(f[1], int(f[2]))] = {"build": float(f[4]), "order": float(f[5]),
                                       "total": float(f[6]), "peak": float(f[9]),
                                       "runs": int(f[10]), "m": int(f[3])}
    return rows, digests


def find_c_bench():
    here = os.path.dirname(os.path.abspath(__file__))
    for cand in (os.environ.get("LP_BENCH_ORDER"),
                 os.path.join(here, "bench-order"),
                 os.path.join(os.getcwd(), "bench", "bench-order")):
        if cand and os.access(cand, os.X_OK):
            return cand
    return None


def compare(path_a, path_b):
    """None when equal, else a description of the first difference."""
    a, b = array.array("I"), array.array("I")
    with open(path_a, "rb") as f:
        a.frombytes(f.read())
    with open(path_b, "rb") as f:
        b.frombytes(f.read())
    if a == b:
        return None
    if len(a) != len(b):
        return "lengths differ: %d and %d" % (len(a), len(b))
    i = next(i for i in range(len(a)) if a[i] != b[i])
    return "first difference at rank %d: %d and %d" % (i, a[i], b[i])


def fmt_s(x):
    return "%.3f" % x if x >= 0.1 else "%.4f" % x


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="10000,100000,1000000",
                    help="sizes of the random backlogs (comma-separated)")
    ap.add_argument("--shape-size", type=int, default=1000000,
                    help="size of the chain and the fan-in (0: none)")
    ap.add_argument("--deps", type=int, default=4)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--reps", type=int, default=5, help="runs per cell (median)")
    ap.add_argument("--budget", type=float, default=60.0,
                    help="seconds per cell after which a slow peer stops (at least one run)")
    ap.add_argument("--quick", action="store_true",
                    help="skip networkx and graphlib at 10^6 items (networkx takes ~35 s a run)")
    ap.add_argument("--peers", default=",".join(PEERS))
    ap.add_argument("--c-bench", default=None,
                    help="path of bench/bench-order (default: looked for)")
    ap.add_argument("--no-c", action="store_true", help="do not run the C benchmark")
    # worker mode
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--shape", help=argparse.SUPPRESS)
    ap.add_argument("--n", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.worker:
        run_worker(args)
        return 0

    sizes = [int(s) for s in args.sizes.split(",") if s]
    cells = [("random", n) for n in sizes]
    if args.shape_size:
        cells += [("chain", args.shape_size), ("fanin", args.shape_size)]
    peers = [p for p in args.peers.split(",") if p]
    missing = {p: available(p) for p in peers}
    for p, why in missing.items():
        if why:
            print("%s: not installed, skipped (%s)" % (p, why))
    peers = [p for p in peers if not missing[p]]
    if np is None:
        print("numpy: not installed: pure-Python generator (slow), no numpy argsort")

    import platform
    if available("libproduct"):
        print("libproduct's Python bindings are not importable: build them, and set "
              "PYTHONPATH=BUILD/bindings/python/build (make bench-python does)")
        return 2
    import libproduct
    print("libproduct %s, Python %s; %s" % (libproduct.__version__, platform.python_version(),
          ", ".join("%s %s" % (m, __import__(m).__version__) for m in ("networkx", "igraph", "numpy")
                    if m in sys.modules or available_module(m))))
    print("median of up to %d runs per cell (a cell stops after %.0f s), each (peer, shape, size) in "
          "its own process; seed %d, %d dependencies per item in the random backlogs\n"
          % (args.reps, args.budget, args.seed, args.deps))

    c_path = None if args.no_c else (args.c_bench or find_c_bench())
    c_shapes = sorted({s for s, _ in cells}, key=SHAPES.index)
    c_sizes = sorted({n for _, n in cells})
    c_rows, c_digests = run_c_bench(c_path, c_sizes, c_shapes, args)
    if c_path is None and not args.no_c:
        print("C benchmark: not found (give --c-bench BUILD/bench/bench-order); its column is left out")

    tmp = tempfile.mkdtemp(prefix="lp-bench-")
    results = {}
    checks = []
    header = "%-7s %8s %9s  %-12s %4s %9s %9s %9s %8s %8s %9s %9s" % (
        "shape", "items", "deps", "peer", "runs", "build s", "order s", "total s",
        "peak MB", "peak+ MB", "ns/item", "x lp-py")
    print(header)
    print("-" * len(header))
    for shape, n in cells:
        inp_digest = None
        if (shape, n) in c_digests:
            inp_digest = Input(shape, n, args.deps, args.seed).digest()
            if inp_digest != c_digests[(shape, n)]:
                print("!! %s %d: the input differs from the C benchmark's (digest %016x, C %016x)"
                      % (shape, n, inp_digest, c_digests[(shape, n)]))
        row = {}
        if (shape, n) in c_rows:
            row["libproduct-C"] = c_rows[(shape, n)]
        outs = {}
        for peer in peers:
            if args.quick and n >= 1000000 and peer in ("networkx", "graphlib"):
                continue
            out = os.path.join(tmp, "%s-%s-%d.u32" % (peer, shape, n))
            res = spawn(args, peer, shape, n, out=out)
            if res is not None:
                row[peer] = res
                if os.path.exists(out):
                    outs[peer] = out
        results[(shape, n)] = row
        ref = row.get("libproduct", {}).get("total")
        for peer in ["libproduct-C"] + peers:
            if peer not in row:
                continue
            r = row[peer]
            peak = "%8.0f" % r["peak"] if peer != "libproduct-C" else "%8s" % "-"
            plus = r["peak"] - r["base"] if peer != "libproduct-C" else r["peak"]
            ratio = "%9.2f" % (r["total"] / ref) if ref else "%9s" % "-"
            print("%-7s %8d %9d  %-12s %4d %9s %9s %9s %s %8.0f %9.0f %s" % (
                shape, n, r["m"], peer, r["runs"], fmt_s(r["build"]), fmt_s(r["order"]),
                fmt_s(r["total"]), peak, plus, r["total"] * 1e9 / n, ratio))
        for other in ("networkx", "graphlib"):
            if "libproduct" in outs and other in outs:
                diff = compare(outs["libproduct"], outs[other])
                checks.append((shape, n, other, diff))
                print("        %s: libproduct's order %s %s's" % (
                    "check" if diff is None else "!! CHECK FAILED",
                    "equals" if diff is None else "differs from", other)
                      + ("" if diff is None else " (%s)" % diff))
        sys.stdout.flush()

    # scoring + sorting
    sort_n = max(sizes)
    print("\nscoring + sorting %d items (median of at least 5 runs, same run):" % sort_n)
    if sort_n != 1000000:
        print("  (the target below is for 10^6 items)")
    sort_res = {}
    for which in (["numpy"] if np is not None else []) + ["libproduct"]:
        out = os.path.join(tmp, "sort-%s.u32" % which)
        r = spawn(args, "sort-" + which, "random", sort_n, out=out)
        if r:
            sort_res[which] = (r, out)
            label = ("numpy: value / effort, argsort(-score, kind='stable')" if which == "numpy"
                     else "libproduct: lp_backlog_order, no dependencies (the C call)")
            print("  %-62s %8.1f ms" % (label, r["order"] * 1e3))
    if len(sort_res) == 2:
        diff = compare(sort_res["numpy"][1], sort_res["libproduct"][1])
        print("  %s" % ("check: same order" if diff is None else "!! orders differ: %s" % diff))

    # targets
    print("\ntargets (issue 5; printed, never asserted):")
    big = results.get(("random", 1000000), {})
    c = big.get("libproduct-C")
    py = big.get("libproduct")
    if c:
        print("  C, 10^6 items, build + order <= %.2f s: %.3f s  [%s]"
              % (TARGET_ORDER_S, c["total"], "met" if c["total"] <= TARGET_ORDER_S else "MISSED"))
    if c and py:
        ratio = py["total"] / c["total"]
        print("  Python bulk path <= %.1fx the C time: %.3f s = %.2fx  [%s]"
              % (TARGET_PY_OVER_C, py["total"], ratio, "met" if ratio <= TARGET_PY_OVER_C else "MISSED"))
    base_time = c["total"] if c else (py["total"] if py else None)
    if base_time:
        for peer, want in (("networkx", TARGET_OVER_NETWORKX), ("igraph", TARGET_OVER_IGRAPH)):
            if peer in big:
                x = big[peer]["total"] / base_time
                print("  >= %.0fx %s (%s): %.1fx  [%s]" % (want, peer, "C" if c else "Python",
                      x, "met" if x >= want else "MISSED"))
    if "libproduct" in sort_res:
        t = sort_res["libproduct"][0]["order"]
        line = "  scoring + sorting 10^6 items <= %.0f ms: %.1f ms  [%s]" % (
            TARGET_SORT_S * 1e3, t * 1e3, "met" if t <= TARGET_SORT_S else "MISSED")
        if "numpy" in sort_res:
            tn = sort_res["numpy"][0]["order"]
            line += "; numpy argsort %.1f ms  [%s]" % (tn * 1e3, "faster" if t < tn else "SLOWER")
        print(line)
    failed = [c for c in checks if c[3] is not None]
    if failed:
        print("\n!! %d order check(s) failed" % len(failed))
    for f in os.listdir(tmp):
        os.unlink(os.path.join(tmp, f))
    os.rmdir(tmp)
    return 1 if failed else 0


def available_module(name):
    try:
        __import__(name)
        return True
    except ImportError:
        return False


if __name__ == "__main__":
    sys.exit(main())
