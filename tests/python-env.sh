# Sourced by the scripts that run Python against the uninstalled bindings
# (run-pytest.sh, test-examples.sh). Needs abs_top_srcdir, abs_top_builddir;
# sets pkgdir and module, and exports what the interpreter needs.
pkgdir="$abs_top_builddir/bindings/python/build"
module="$pkgdir/libproduct/_lpcore.so"

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
  echo "sanitizer build: preloading $asan_lib" >&2
fi
