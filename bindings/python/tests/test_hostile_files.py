"""Hostile input (issue 9): files. Inputs are generated here, never committed.

Reading stops at a size limit (LimitError), saving keeps the replaced
file's mode and a symbolic link, and a failed save leaves the old file as
it was with no temporary file beside it.
"""
import errno
import os
import resource
import signal
import stat

import pytest

import libproduct
from libproduct import Backlog, LimitError, LpIOError


def backlog(n=3):
    b = Backlog(name="Files")
    for i in range(n):
        b.add_item("F-%d" % i, "Item number %d of the backlog" % i, value=1, effort=1)
    return b


def test_default_limit():
    assert libproduct.DEFAULT_MAX_INPUT_SIZE == 1 << 30


def test_read_file_stops_endless_input():
    with pytest.raises(LimitError, match=r"/dev/zero: input too large \(limit 4096 bytes\)"):
        libproduct.read_file("/dev/zero", 4096)


def test_read_file_at_the_limit(tmp_path):
    path = tmp_path / "ten"
    path.write_bytes(b"0123456\x00 9")
    assert libproduct.read_file(path, 10) == b"0123456\x00 9"
    assert libproduct.read_file(str(path)) == b"0123456\x00 9"
    with pytest.raises(LimitError, match=r"\(limit 9 bytes\)"):
        libproduct.read_file(path, 9)
    with pytest.raises(LpIOError, match="cannot read"):
        libproduct.read_file(tmp_path / "missing")


def test_read_fd_pipe(tmp_path):
    r, w = os.pipe()
    os.write(w, b"x" * 1000)
    os.close(w)
    with os.fdopen(r, "rb") as f:
        with pytest.raises(LimitError, match=r"<pipe>: input too large \(limit 999 bytes\)"):
            libproduct.read_fd(f, "<pipe>", 999)
    r, w = os.pipe()
    os.write(w, b"x" * 1000)
    os.close(w)
    try:
        assert libproduct.read_fd(r, "<pipe>", 1000) == b"x" * 1000
    finally:
        os.close(r)


def test_sparse_file_over_the_default_limit(tmp_path):
    path = tmp_path / "huge.json"
    with open(path, "wb") as f:
        f.truncate(libproduct.DEFAULT_MAX_INPUT_SIZE + 1)
    for load in (Backlog.load, Backlog.import_csv, libproduct.ScoreModel.scorecard_from_file):
        with pytest.raises(LimitError, match=r"huge.json: input too large \(limit 1073741824 bytes\)"):
            load(str(path))


def test_load_fd_limit(tmp_path):
    path = tmp_path / "b.json"
    backlog(20).save(str(path))
    size = path.stat().st_size
    with open(path, "rb") as f:
        assert len(Backlog.load_fd(f, "b.json", size)) == 20
        with pytest.raises(LimitError, match="b.json: input too large"):
            Backlog.load_fd(f.fileno(), "b.json", size - 1)


def test_save_keeps_mode(tmp_path):
    path = tmp_path / "b.json"
    old_umask = os.umask(0o022)
    try:
        for mode in (0o600, 0o640, 0o664):
            path.write_text("{}")
            path.chmod(mode)
            backlog().save(str(path))
            assert stat.S_IMODE(path.stat().st_mode) == mode
        path.unlink()
        os.umask(0o077)
        backlog().save(path)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    finally:
        os.umask(old_umask)
    assert sorted(os.listdir(tmp_path)) == ["b.json"]
    assert Backlog.load(str(path)).dumps() == backlog().dumps()


def test_save_through_symlink(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    target = real / "b.json"
    target.write_text("{}")
    target.chmod(0o600)
    link = tmp_path / "link.json"
    link.symlink_to("real/b.json")
    backlog().save(str(link))
    assert link.is_symlink()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text() == backlog().dumps()
    assert sorted(os.listdir(real)) == ["b.json"]


def test_save_errors_leave_everything(tmp_path):
    (tmp_path / "sub").mkdir()
    os.mkfifo(tmp_path / "fifo")
    with pytest.raises(LpIOError, match="cannot save"):
        backlog().save(str(tmp_path / "sub"))
    with pytest.raises(LpIOError, match="not a regular file"):
        backlog().save(str(tmp_path / "fifo"))
    assert sorted(os.listdir(tmp_path)) == ["fifo", "sub"]
    assert os.listdir(tmp_path / "sub") == []


@pytest.mark.parametrize("ignore", [True, False], ids=["SIGXFSZ ignored", "SIGXFSZ default"])
def test_save_over_file_size_limit(tmp_path, ignore):
    path = tmp_path / "b.json"
    old = '{"format": "libproduct/1", "items": []}\n'
    path.write_text(old)
    b = backlog(400)
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 2)
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN if ignore else signal.SIG_DFL)
            resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
            try:
                b.save(str(path))
                code = 3
            except LpIOError as e:
                code = 0 if os.strerror(errno.EFBIG) in str(e) else 4
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    if ignore:
        assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, status
    else:
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGXFSZ, status
    assert path.read_text() == old
    assert sorted(os.listdir(tmp_path)) == ["b.json"]
