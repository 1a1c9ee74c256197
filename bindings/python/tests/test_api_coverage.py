"""Every public C function is reachable from Python.

The public functions are read from the installed-to-be headers (every
`LP_API ... lp_xxx (` declaration) and from the linker version script; each
must be a function of libproduct.lpcore under its C name, or be listed in
COVERED_ELSEWHERE with what covers it.
"""
import glob
import os
import re

import pytest

from libproduct import lpcore

# Functions Python does not call by name, and what does their work.
COVERED_ELSEWHERE = {
    # Reference counting. A proxy of a reference-counted type owns exactly
    # one reference: taken by the function that returned it (%newobject, or
    # lp_*_ref() in the typemap for borrowed returns such as
    # lp_item_get_backlog()) and dropped by the proxy's destructor.
    "lp_backlog_ref": ("LpBacklog", "typemap(out) of lp_item_get_backlog / lp_ranking_get_backlog"),
    "lp_backlog_unref": ("LpBacklog", "LpBacklog.__swig_destroy__"),
    "lp_score_model_ref": ("LpScoreModel", "%newobject constructors own their reference"),
    "lp_score_model_unref": ("LpScoreModel", "LpScoreModel.__swig_destroy__"),
    "lp_ranking_ref": ("LpRanking", "%newobject lp_backlog_order / lp_backlog_next"),
    "lp_ranking_unref": ("LpRanking", "LpRanking.__swig_destroy__"),
    "lp_cycles_ref": ("LpCycles", "%newobject lp_backlog_find_cycles"),
    "lp_cycles_unref": ("LpCycles", "LpCycles.__swig_destroy__"),
    "lp_scores_ref": ("LpScores", "%newobject lp_score_model_apply"),
    "lp_scores_unref": ("LpScores", "LpScores.__swig_destroy__"),
    "lp_explanation_ref": ("LpExplanation", "%newobject lp_scores_explain / lp_score_model_explain"),
    "lp_explanation_unref": ("LpExplanation", "LpExplanation.__swig_destroy__"),
}

DECL = re.compile(r"\bLP_API\b[^;(]*?\b(lp_[A-Za-z0-9_]+)\s*\(")
# the same, with the parameter list
DECL_PARAMS = re.compile(r"\bLP_API\b[^;(]*?\b(lp_[A-Za-z0-9_]+)\s*\(([^;]*?)\)\s*;", re.S)
COMMENT = re.compile(r"/\*.*?\*/|//[^\n]*", re.S)


def _top_srcdir():
    path = os.environ.get("LP_TOP_SRCDIR")
    if path:
        return path
    return os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))


def _header_paths():
    srcdir = _top_srcdir()
    headers = sorted(glob.glob(os.path.join(srcdir, "include", "libproduct", "*.h")))
    version = [os.path.join(d, "include", "libproduct", "lp-version.h")
               for d in (os.environ.get("LP_TOP_BUILDDIR", ""), srcdir)]
    version = [p for p in version if os.path.exists(p)]
    if not any(os.path.basename(h) == "lp-version.h" for h in headers):
        headers += version[:1] or glob.glob(
            os.path.join(srcdir, "include", "libproduct", "lp-version.h.in"))
    return headers


def public_functions():
    names = set()
    for path in _header_paths():
        with open(path, encoding="utf-8") as f:
            names.update(DECL.findall(COMMENT.sub(" ", f.read())))
    return names


def public_declarations():
    """{name: [parameter declarations]} of every public function, e.g.
    "lp_item_set_title": ["LpItem *item", "const char *title", "GError **error"]."""
    declarations = {}
    for path in _header_paths():
        with open(path, encoding="utf-8") as f:
            text = COMMENT.sub(" ", f.read())
        for name, params in DECL_PARAMS.findall(text):
            params = [" ".join(p.split()) for p in params.split(",")]
            declarations[name] = [] if params == ["void"] else params
    return declarations


@pytest.fixture(scope="module")
def functions():
    headers = _header_paths()
    if not headers:
        pytest.skip("the libproduct headers are not available")
    names = public_functions()
    assert len(names) > 50, "header parsing found too few functions: %r" % sorted(names)
    return names


def test_every_function_is_wrapped(functions):
    missing = sorted(name for name in functions
                     if not callable(getattr(lpcore, name, None))
                     and name not in COVERED_ELSEWHERE)
    assert missing == [], "public functions without a Python binding: %s" % missing


def test_covered_elsewhere_is_accurate(functions):
    for name, (cls, _how) in COVERED_ELSEWHERE.items():
        assert name in functions, "%s is listed but not in the headers" % name
        assert not hasattr(lpcore, name), "%s is wrapped directly: drop it from the list" % name
        proxy = getattr(lpcore, cls)
        assert hasattr(proxy, "__swig_destroy__"), "%s has no destructor" % cls


def test_headers_match_the_version_script(functions):
    path = os.path.join(_top_srcdir(), "libproduct", "libproduct.map")
    if not os.path.exists(path):
        pytest.skip("libproduct.map not found")
    with open(path, encoding="utf-8") as f:
        exported = set(re.findall(r"^\s*(lp_[A-Za-z0-9_]+)\s*;", COMMENT.sub(" ", f.read()), re.M))
    assert exported, "no symbols found in libproduct.map"
    not_wrapped = sorted(name for name in exported
                         if not hasattr(lpcore, name) and name not in COVERED_ELSEWHERE)
    assert not_wrapped == []


def test_declaration_parser():
    text = """
    LP_API guint lp_get_major_version (void);
    LP_API const char *lp_item_get_id (const LpItem *item);
    LP_API LpBacklog *lp_backlog_load_data (const char *data, gsize length,
                                            GError **error);
    /* LP_API void lp_commented_out (void); */
    #define LP_ERROR (lp_error_quark ())
    """
    assert set(DECL.findall(COMMENT.sub(" ", text))) == {
        "lp_get_major_version", "lp_item_get_id", "lp_backlog_load_data"}
    assert dict(DECL_PARAMS.findall(COMMENT.sub(" ", text)))["lp_backlog_load_data"].split() == [
        "const", "char", "*data,", "gsize", "length,", "GError", "**error"]
