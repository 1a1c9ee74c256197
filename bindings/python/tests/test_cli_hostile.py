"""`prioritize` on hostile input (issue 9): input size limits, files that
shrink while read, FIFOs, terminal escapes in ids and titles, numbers of
every magnitude in the table, exit statuses, what `convert` keeps.

Inputs are generated here, never committed.
"""
import errno
import json
import math
import os
import re
import resource
import signal
import stat
import subprocess
import threading

import pytest

from libproduct import Backlog

SRCDIR = os.environ.get("LP_TOP_SRCDIR", os.path.join(os.path.dirname(__file__), "..", "..", ".."))
BUILDDIR = os.environ.get("LP_TOP_BUILDDIR", SRCDIR)
PRIORITIZE = os.path.join(BUILDDIR, "examples", "prioritize")
MODELS = os.path.join(SRCDIR, "examples", "data", "models-backlog.json")


def run(*args, stdin=subprocess.DEVNULL, preexec_fn=None, timeout=60):
    if not os.path.exists(PRIORITIZE):
        pytest.skip("prioritize not built at %s" % PRIORITIZE)
    args = [a if isinstance(a, bytes) else str(a) for a in args]
    return subprocess.run([PRIORITIZE] + args, stdin=stdin,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          preexec_fn=preexec_fn, timeout=timeout)


def document(items):
    return json.dumps({"format": "libproduct/1", "items": items}, indent=1)


# ---------------------------------------------------------------- input size

def test_endless_input_stops_at_the_limit():
    r = run("rank", "--max-input-size", "1M", "/dev/zero")
    assert r.returncode == 1
    assert b"prioritize: /dev/zero: input too large (limit 1048576 bytes)\n" in r.stderr
    assert b"--max-input-size" in r.stderr.splitlines()[-1]
    with open("/dev/zero", "rb") as zero:
        r = run("check", "--max-input-size", "64K", "-", stdin=zero)
    assert r.returncode == 1
    assert b"prioritize: <stdin>: input too large (limit 65536 bytes)" in r.stderr


@pytest.mark.parametrize("name", ["b.json", "b.csv", "b"])
def test_limit_edge(tmp_path, name):
    path = tmp_path / name
    if name.endswith(".csv"):
        path.write_text("id,value,effort\n" + "".join("C-%d,1,1\n" % i for i in range(100)))
    else:
        path.write_text(document([{"id": "J-%d" % i, "value": 1, "effort": 1} for i in range(100)]))
    size = path.stat().st_size
    assert run("rank", "--max-input-size", size, path).returncode == 0
    r = run("rank", "--max-input-size", size - 1, path)
    assert r.returncode == 1
    assert ("%s: input too large (limit %d bytes)" % (path, size - 1)).encode() in r.stderr
    with open(path, "rb") as f:
        assert run("rank", "--max-input-size", size, "-", stdin=f).returncode == 0
    with open(path, "rb") as f:
        assert run("rank", "--max-input-size", size - 1, "-", stdin=f).returncode == 1


def test_size_suffixes(tmp_path):
    path = tmp_path / "b.json"
    text = document([{"id": "K-1", "value": 1, "effort": 1}])
    path.write_text(text + " " * (1024 - len(text)))
    assert path.stat().st_size == 1024
    assert run("rank", "--max-input-size", "1K", path).returncode == 0
    assert run("rank", "--max-input-size", "1k", path).returncode == 0
    with open(path, "a") as f:
        f.write(" ")
    r = run("rank", "--max-input-size", "1K", path)
    assert r.returncode == 1 and b"(limit 1024 bytes)" in r.stderr
    assert run("rank", "--max-input-size", "2M", path).returncode == 0
    assert run("rank", "--max-input-size", "3G", path).returncode == 0


@pytest.mark.parametrize("size", ["0", "", "1x", "K", "-5", "1.5M", "1KB", " 1",
                                  "99999999999999999999", "17179869184G"])
def test_bad_sizes_are_usage_errors(size):
    r = run("rank", "--max-input-size", size, MODELS)
    assert r.returncode == 2, r.stderr
    assert b"--max-input-size" in r.stderr


def test_fifo(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    text = document([{"id": "F-%d" % i, "value": i + 1, "effort": 1} for i in range(50)]).encode()

    def writer(data, times):
        try:
            with open(fifo, "wb") as f:
                for _ in range(times):
                    f.write(data)
        except BrokenPipeError:
            pass

    def release(t):
        # a writer still waiting for a reader (prioritize failed early)
        os.close(os.open(fifo, os.O_RDONLY | os.O_NONBLOCK))
        t.join()

    t = threading.Thread(target=writer, args=(text, 1))
    t.start()
    r = run("rank", "--from", "json", fifo)
    release(t)
    assert r.returncode == 0, r.stderr
    assert b"F-49" in r.stdout
    # a writer that goes on and on
    t = threading.Thread(target=writer, args=(b" " * 65536, 1 << 20))
    t.start()
    r = run("rank", "--max-input-size", "1M", fifo)
    release(t)
    assert r.returncode == 1
    assert ("%s: input too large (limit 1048576 bytes)" % fifo).encode() in r.stderr


def test_input_truncated_while_read(tmp_path):
    """Stops prioritize while it holds the file (open or mapped), truncates
    the file to a third, and lets it go on: a mapped file killed it with
    SIGBUS; a file read with read() is reported as cut short."""
    if not os.path.isdir("/proc/self/fd") or not os.path.exists(PRIORITIZE):
        pytest.skip("needs /proc and the built prioritize")
    path = tmp_path / "big.json"
    n = 100000
    b = Backlog()
    b.add_items(["T-%d" % i for i in range(n)], ["Title %d" % i for i in range(n)],
                [float(i % 10 + 1) for i in range(n)], [float(i % 8 + 1) for i in range(n)])
    b.save(str(path))
    size = path.stat().st_size
    target = os.path.realpath(path)
    proc = subprocess.Popen([PRIORITIZE, "rank", str(path)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    caught = False
    while proc.poll() is None and not caught:
        try:
            with open("/proc/%d/maps" % proc.pid) as f:
                held = target in f.read()
            for fd in os.listdir("/proc/%d/fd" % proc.pid):
                try:
                    held = held or os.readlink("/proc/%d/fd/%s" % (proc.pid, fd)) == target
                except OSError:
                    pass
        except OSError:
            continue
        if held:
            os.kill(proc.pid, signal.SIGSTOP)
            os.truncate(path, size // 3)
            os.kill(proc.pid, signal.SIGCONT)
            caught = True
    _, err = proc.communicate(timeout=60)
    assert proc.returncode >= 0, "killed by signal %d" % -proc.returncode
    if not caught:
        pytest.skip("prioritize finished before it could be stopped")
    assert proc.returncode == 1, err
    assert str(path).encode() in err


# ---------------------------------------------------------------- terminal escapes

HOSTILE_IDS = ["E\x1b[31mred", "B\x07bell", "O\x1b]0;owned\x07", "C\u009b2J", "D\x7fdel",
               "N\u0085nel", "T\ttab", "\u00e9t\u00e9"]
SHOWN_IDS = ["E\\x1b[31mred", "B\\x07bell", "O\\x1b]0;owned\\x07", "C\\u009b2J", "D\\x7fdel",
             "N\\u0085nel", "T\\x09tab", "\u00e9t\u00e9"]

CONTROL = re.compile(rb"[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]")


def assert_harmless(out):
    m = CONTROL.search(out)
    assert m is None, "raw control character %r in %r" % (m.group(), out[max(m.start() - 20, 0):m.end() + 20])
    out.decode("utf-8")


@pytest.fixture
def hostile(tmp_path):
    items = []
    for i, id_ in enumerate(HOSTILE_IDS):
        item = {"id": id_, "title": "title of " + id_ + " \u009b\x1b[2J\nnext line",
                "value": len(HOSTILE_IDS) - i, "effort": 1}
        if i > 0:
            item["depends_on"] = [HOSTILE_IDS[i - 1]]
        items.append(item)
    # a cycle, for the excluded items and the check report
    items.append({"id": "Y\x1b[1m", "depends_on": ["Z\u009b"], "value": 1, "effort": 1})
    items.append({"id": "Z\u009b", "depends_on": ["Y\x1b[1m"], "value": 1, "effort": 1})
    path = tmp_path / "hostile.json"
    path.write_text(document(items), encoding="utf-8")
    return path


def test_escapes_in_tables(hostile):
    for args in (["rank", "--lenient"], ["rank", "--lenient", "--inherit", "--quadrants"],
                 ["next", "-n", "5"]):
        r = run(*(args + [hostile]))
        assert r.returncode == 0, r.stderr
        assert_harmless(r.stdout)
        assert_harmless(r.stderr)
        text = r.stdout.decode()
        for shown in SHOWN_IDS[:1 if args[0] == "next" else None]:  # next: the ready one
            assert shown in text, (shown, text)
        assert "\\u009b\\x1b[2J\\x0anext line" in text
    # AFTER holds ids too
    assert "B\\x07bell" in run("rank", "--lenient", hostile).stdout.decode().splitlines()[3]


def test_escapes_in_reports_and_messages(hostile, tmp_path):
    r = run("check", hostile)
    assert r.returncode == 1
    assert_harmless(r.stdout)
    assert "dependency cycle: Y\\x1b[1m -> Z\\u009b -> Y\\x1b[1m" in r.stdout.decode()
    r = run("rank", hostile)
    assert r.returncode == 1
    assert_harmless(r.stderr)
    assert "Y\\x1b[1m" in r.stderr.decode()
    r = run("rank", "--lenient", "--json", hostile)
    assert r.returncode == 0
    assert_harmless(r.stderr)
    assert "warning: Y\\x1b[1m not ordered" in r.stderr.decode()
    for id_, shown in zip(HOSTILE_IDS, SHOWN_IDS):
        r = run("explain", hostile, id_)
        assert r.returncode == 0, r.stderr
        assert_harmless(r.stdout)
        assert r.stdout.decode().startswith(shown + "  title of " + shown)
    r = run("explain", hostile, "nope\x1b]0;x\x07\u009b")
    assert r.returncode == 1
    assert_harmless(r.stderr)
    assert 'no item "nope\\x1b]0;x\\x07\\u009b"' in r.stderr.decode()
    # a library message quoting an id; a file name that is not UTF-8
    dup = tmp_path / "dup.json"
    dup.write_text(document([{"id": "X\x1b[5m"}, {"id": "X\x1b[5m"}]))
    r = run("rank", dup)
    assert r.returncode == 1
    assert_harmless(r.stderr)
    assert "X\\x1b[5m" in r.stderr.decode()
    r = run("rank", os.fsencode(str(tmp_path)) + b"/\xff\x1b.json")
    assert r.returncode == 1
    assert_harmless(r.stderr)
    assert "\\xff\\x1b.json: " in r.stderr.decode()


def test_machine_outputs_keep_the_strings(hostile):
    rows = json.loads(run("rank", "--lenient", "--json", hostile).stdout)
    assert [r["id"] for r in rows] == HOSTILE_IDS
    assert rows[0]["title"] == "title of " + HOSTILE_IDS[0] + " \u009b\x1b[2J\nnext line"
    csv = run("rank", "--lenient", "--csv", hostile).stdout.decode()
    assert HOSTILE_IDS[0] in csv and "\u009b" in csv


# ---------------------------------------------------------------- numbers

def score_text(v):
    if v is None:
        return "-"
    if abs(v) >= 1e15:
        return "%.6g" % v
    if v == 0 or abs(v) >= 0.01:
        return "%.2f" % v
    return "%.3g" % v


def quantity_text(v):
    if v is None:
        return "-"
    if abs(v) < 1e15 and v == math.floor(v):
        return "%.0f" % v
    if abs(v) >= 1e15:
        return "%.6g" % v
    if abs(v) < 0.01:
        return "%.3g" % v
    return ("%.2f" % v).rstrip("0").rstrip(".")


VALUES = [0, 0.001, 0.005, 0.0123, 1e-300, 2.5, 5, 0.125, 123456.789, 999999.995,
          1e15 - 1, 1e15, 1e70, 1e300, 0.1 + 0.2, 1 / 3]
EFFORTS = [0.001, 1e-300, 1e70, 2.5, 3, 1e-5, 7]


@pytest.mark.parametrize("by", [None, "formula:-value / effort", "formula:value * 1e-290"])
def test_table_numbers(tmp_path, by):
    items = [{"id": "V-%d" % i, "title": "t", "value": v, "effort": 1} for i, v in enumerate(VALUES)]
    items += [{"id": "E-%d" % i, "title": "t", "value": 1, "effort": e} for i, e in enumerate(EFFORTS)]
    path = tmp_path / "numbers.json"
    path.write_text(document(items))
    model = ["--by", by] if by else []
    r = run(*(["rank"] + model + [path]))
    assert r.returncode == 0, r.stderr
    # -0 stays -0 (a score of -value)
    rows = json.loads(run(*(["rank", "--json"] + model + [path])).stdout, parse_int=float)
    lines = r.stdout.decode().splitlines()[1:]
    assert len(lines) == len(rows)
    for line, row in zip(lines, rows):
        cells = line.split()
        assert cells[1] == row["id"]
        assert cells[2:5] == [score_text(row["score"]), quantity_text(row["value"]),
                              quantity_text(row["effort"])], (line, row)
    by_id = {row["id"]: row for row in rows}
    for i, v in enumerate(VALUES):
        assert by_id["V-%d" % i]["value"] == v       # JSON: exact
    for i, e in enumerate(EFFORTS):
        assert by_id["E-%d" % i]["effort"] == e
    table = {line.split()[1]: line.split()[2:5] for line in lines}
    if by is None:
        assert table["V-%d" % VALUES.index(1e70)] == ["1e+70", "1e+70", "1"]
        assert table["E-0"] == ["1000.00", "1", "0.001"]
        assert table["E-1"] == ["1e+300", "1", "1e-300"]
        assert table["E-2"] == ["1e-70", "1", "1e+70"]
        assert table["V-1"] == ["0.001", "0.001", "1"]


# ---------------------------------------------------------------- exit statuses

@pytest.mark.parametrize("command", ["rank", "next", "explain", "check"])
def test_unknown_formula_attribute_is_a_data_error(command):
    args = [command, MODELS] + (["M-1"] if command == "explain" else [])
    r = run(*(args + ["--by", "formula:value / nosuch"]))
    assert r.returncode == 1, r
    out = (r.stdout if command == "check" else r.stderr).decode()
    assert 'unknown attribute "nosuch"' in out
    # a syntax error stays a usage error
    assert run(*(args + ["--by", "formula:value /"])).returncode == 2


@pytest.mark.parametrize("text", ["value = nan\n", "value = 1 no-such-scale\n",
                                  "value = 1\nvalue = 2\n", "{\"criteria\": [}",
                                  "{\"criteria\": [{\"name\": \"v\", \"weight\": \"x\"}]}"])
def test_bad_scorecard_is_a_data_error(tmp_path, text):
    card = tmp_path / "card.txt"
    card.write_text(text)
    r = run("rank", "--by", "scorecard:%s" % card, MODELS)
    assert r.returncode == 1, r
    assert ("prioritize: --by: %s" % card).encode() in r.stderr


# ---------------------------------------------------------------- convert

def test_convert_keeps_mode_and_symlink(tmp_path):
    out = tmp_path / "out.json"
    out.write_text("{}")
    out.chmod(0o600)
    assert run("convert", MODELS, out).returncode == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert json.loads(out.read_text())["format"] == "libproduct/1"
    link = tmp_path / "link.json"
    link.symlink_to("out.json")
    out.write_text("{}")
    assert run("convert", MODELS, link).returncode == 0
    assert link.is_symlink()
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert json.loads(out.read_text())["format"] == "libproduct/1"
    assert sorted(os.listdir(tmp_path)) == ["link.json", "out.json"]


def test_convert_over_the_file_size_limit(tmp_path):
    out = tmp_path / "out.json"
    out.write_text("old")
    r = run("convert", MODELS, out,
            preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024)))
    assert r.returncode == 1, r
    assert ('cannot save "%s": %s' % (out, os.strerror(errno.EFBIG))).encode() in r.stderr
    assert out.read_text() == "old"
    assert os.listdir(tmp_path) == ["out.json"]


def test_convert_to_a_folder(tmp_path):
    r = run("convert", MODELS, tmp_path)
    assert r.returncode == 1
    assert b"Is a directory" in r.stderr
    assert os.listdir(tmp_path) == []
