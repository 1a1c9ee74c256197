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

pkgdir="$abs_top_builddir/bindings/python/build"
module="$pkgdir/libproduct/_lpcore.so"
testdir="$abs_top_srcdir/bindings/python/tests"

if [ ! -f "$module" ]; then
  echo "run-pytest.sh: $module not found: build first (make)" >&2
  exit 99
fi
if ! "$PYTHON" -c 'import pytest' >/dev/null 2>&1; then
  echo "run-pytest.sh: pytest is not available for $PYTHON" >&2
  exit 99
fi

# The module must load the libproduct of this build tree, not an installed one.
LD_LIBRARY_PATH="$abs_top_builddir/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
PYTHONPATH="$pkgdir${PYTHONPATH:+:$PYTHONPATH}"
# Nothing written into the source tree (it is read-only under distcheck).
PYTHONDONTWRITEBYTECODE=1
LP_TOP_SRCDIR="$abs_top_srcdir"
LP_TOP_BUILDDIR="$abs_top_builddir"
export LD_LIBRARY_PATH PYTHONPATH PYTHONDONTWRITEBYTECODE LP_TOP_SRCDIR LP_TOP_BUILDDIR

# Built with --enable-sanitizers: the interpreter is not, so the ASan runtime
# must be preloaded, and Python's own allocations are not leak-checked.
asan_lib=
for lib in "$module" "$abs_top_builddir/.libs/libproduct.so"; do
  [ -f "$lib" ] || continue
  asan_lib=$(ldd "$lib" 2>/dev/null | awk '/libasan\.so/ { print $3; exit }')
  [ -n "$asan_lib" ] && break
done
if [ -z "$asan_lib" ] && [ -f "$module" ] && \
   (readelf -d "$module" "$abs_top_builddir/.libs/libproduct.so" 2>/dev/null | grep -q 'libasan'); then
  asan_lib=$(${CC:-gcc} -print-file-name=libasan.so 2>/dev/null)
fi
if [ -n "$asan_lib" ]; then
  LD_PRELOAD="$asan_lib${LD_PRELOAD:+:$LD_PRELOAD}"
  ASAN_OPTIONS="detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
  UBSAN_OPTIONS="print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
  export LD_PRELOAD ASAN_OPTIONS UBSAN_OPTIONS
  echo "run-pytest.sh: sanitizer build, preloading $asan_lib"
fi

echo "run-pytest.sh: $PYTHON -m pytest $testdir (PYTHONPATH=$pkgdir)"
"$PYTHON" -m pytest -p no:cacheprovider --rootdir="$testdir" -ra "$testdir" "$@"
status=$?
if [ "$status" -eq 5 ]; then
  echo "run-pytest.sh: no tests were collected" >&2
  exit 1
fi
exit "$status"
