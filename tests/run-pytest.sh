#!/bin/sh
# Runs the Python binding tests (bindings/python/tests) with pytest, for the
# interpreter configure chose ($PYTHON), against the uninstalled package in
# the build tree (bindings/python/build/libproduct).
#
# Environment (set by TESTS_ENVIRONMENT; guessed when run by hand from the
# build directory): PYTHON, abs_top_srcdir, abs_top_builddir.
# Extra pytest arguments may be given on the command line or in
# PYTEST_ADDOPTS.
#
# Exit status: pytest's, except that "no tests collected" (5) is a failure
# too (1) and a missing pytest or build is a hard error (99).

set -u

here=$(cd "$(dirname "$0")" && pwd)
: "${abs_top_srcdir:=$(cd "$here/.." && pwd)}"
: "${abs_top_builddir:=$(pwd)}"
: "${PYTHON:=python3}"

testdir="$abs_top_srcdir/bindings/python/tests"
. "$here/python-env.sh"

if [ ! -f "$module" ]; then
  echo "run-pytest.sh: $module not found: build first (make)" >&2
  exit 99
fi
if ! "$PYTHON" -c 'import pytest' >/dev/null 2>&1; then
  echo "run-pytest.sh: pytest is not available for $PYTHON" >&2
  exit 99
fi


echo "run-pytest.sh: $PYTHON -m pytest $testdir (PYTHONPATH=$pkgdir)"
"$PYTHON" -m pytest -p no:cacheprovider --rootdir="$testdir" -ra "$testdir" "$@"
status=$?
if [ "$status" -eq 5 ]; then
  echo "run-pytest.sh: no tests were collected" >&2
  exit 1
fi
exit "$status"
