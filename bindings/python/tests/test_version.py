import re

import libproduct
from libproduct import lpcore


def test_version_string():
    assert isinstance(libproduct.__version__, str)
    assert re.fullmatch(r"\d+\.\d+\.\d+", libproduct.__version__)
    assert libproduct.__version__ == lpcore.lp_get_version_string()


def test_version_info():
    info = libproduct.version_info
    assert isinstance(info, tuple) and len(info) == 3
    assert all(isinstance(n, int) for n in info)
    assert ".".join(map(str, info)) == libproduct.__version__
    assert info == (lpcore.LP_MAJOR_VERSION, lpcore.LP_MINOR_VERSION, lpcore.LP_MICRO_VERSION)
    assert lpcore.LP_VERSION_STRING == libproduct.__version__


def test_constants():
    assert libproduct.KINDS == ("story", "epic", "feature", "bug", "task", "spike")
    assert libproduct.STATUSES == ("todo", "in_progress", "done", "dropped")
    assert libproduct.FILE_FORMAT == "libproduct/1"


def test_public_names():
    for name in libproduct.__all__:
        assert hasattr(libproduct, name), name
