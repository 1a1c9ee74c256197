#!/bin/sh
# Public header hygiene (make check-headers, also run by make check):
#  - the umbrella <libproduct/libproduct.h> includes every public header;
#  - it compiles on its own, twice in a row, and each sub-header compiles on
#    its own when the umbrella's guard is set (each is self-contained), with
#      gcc -std=c11 -Wall -Wextra -pedantic -Werror
#      clang -std=c11 -Wall -Wextra -pedantic -Werror  (skipped if absent)
#      g++ -std=c++17 -Wall -Wextra -Werror            (as C++)
#  - each sub-header included directly fails with its "#error Only
#    <libproduct/libproduct.h> can be included directly.".
# Environment: top_srcdir, top_builddir (set by make), optionally GCC, CLANG,
# GXX, PKG_CONFIG.
set -u
srcdir=${top_srcdir:-.}
builddir=${top_builddir:-.}
GCC=${GCC:-gcc}
CLANG=${CLANG:-clang}
GXX=${GXX:-g++}
PKG_CONFIG=${PKG_CONFIG:-pkg-config}

glib_cflags=$($PKG_CONFIG --cflags glib-2.0) || { echo "FAIL: pkg-config glib-2.0"; exit 1; }
if [ ! -f "$builddir/include/libproduct/lp-version.h" ]; then
  echo "FAIL: $builddir/include/libproduct/lp-version.h not generated (run configure)"
  exit 1
fi
incs="-I$srcdir/include -I$builddir/include"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# the public headers: the sources' *.h plus the generated lp-version.h
headers=$( (cd "$srcdir/include/libproduct" && ls *.h; echo lp-version.h) | sort -u)
subheaders=$(echo "$headers" | grep -v '^libproduct\.h$')

status=0
n=0
fail () { echo "FAIL: $*"; status=1; }

# 1. the umbrella includes every sub-header
for h in $subheaders; do
  grep -q "^#include <libproduct/$h>" "$srcdir/include/libproduct/libproduct.h" ||
    fail "libproduct.h does not include <libproduct/$h>"
done

# A use of the API in both languages, so that declarations are parsed for
# real (g_autoptr expands the cleanup functions).
cat > "$tmp/umbrella.c" <<'EOT'
#include <libproduct/libproduct.h>
#include <libproduct/libproduct.h>
int lp_header_check (void);
int
lp_header_check (void)
{
  g_autoptr (LpBacklog) backlog = lp_backlog_new ();
  return LP_CHECK_VERSION (0, 0, 0) && backlog != NULL
         && lp_get_major_version () == LP_MAJOR_VERSION;
}
EOT
cp "$tmp/umbrella.c" "$tmp/umbrella.cc"

for h in $subheaders; do
  base=${h%.h}
  # self-contained once the umbrella's guard is set
  printf '#define LIBPRODUCT_INSIDE\n#include <libproduct/%s>\n#include <libproduct/%s>\n' "$h" "$h" > "$tmp/alone-$base.c"
  cp "$tmp/alone-$base.c" "$tmp/alone-$base.cc"
  # refused on its own
  printf '#include <libproduct/%s>\n' "$h" > "$tmp/direct-$base.c"
done

# compile LABEL COMPILER FLAGS... -- FILES...
compile_all () {
  label=$1; shift
  cc=$1; shift
  flags=
  while [ "$1" != "--" ]; do flags="$flags $1"; shift; done
  shift
  for f in "$@"; do
    n=$((n + 1))
    # shellcheck disable=SC2086
    if ! $cc $flags $incs $glib_cflags -c "$f" -o "$tmp/out.o" > "$tmp/log" 2>&1; then
      fail "$label: $(basename "$f")"; sed 's/^/    /' "$tmp/log" | head -20
    fi
  done
}

# must_refuse LABEL COMPILER FLAGS...
must_refuse () {
  label=$1; shift
  for f in "$tmp"/direct-*.c; do
    n=$((n + 1))
    h=$(basename "$f" .c); h=${h#direct-}.h
    # shellcheck disable=SC2068
    if $@ $incs $glib_cflags -c "$f" -o "$tmp/out.o" > "$tmp/log" 2>&1; then
      fail "$label: <libproduct/$h> compiles when included directly"
    elif ! grep -q "/$h:[0-9]*:[0-9]*: .*Only <libproduct/libproduct.h> can be included directly" "$tmp/log"; then
      fail "$label: <libproduct/$h> fails directly, but not with its own #error:"
      sed 's/^/    /' "$tmp/log" | head -10
    fi
  done
}

c_flags="-std=c11 -Wall -Wextra -pedantic -Werror"
cxx_flags="-std=c++17 -Wall -Wextra -Werror"

compilers=
for spec in "gcc:$GCC" "clang:$CLANG"; do
  name=${spec%%:*}; cc=${spec#*:}
  if ! command -v "$cc" > /dev/null 2>&1; then
    if [ "$name" = clang ]; then echo "note: $CLANG not found, clang checks skipped"; continue; fi
    fail "$cc not found"; continue
  fi
  compilers="$compilers $name"
  compile_all "$name C11" "$cc" $c_flags -- "$tmp/umbrella.c" "$tmp"/alone-*.c
  must_refuse "$name" "$cc" $c_flags
done
if command -v "$GXX" > /dev/null 2>&1; then
  compilers="$compilers g++"
  compile_all "g++ C++17" "$GXX" $cxx_flags -- "$tmp/umbrella.cc" "$tmp"/alone-*.cc
  must_refuse "g++" "$GXX" $cxx_flags
else
  fail "$GXX not found (Debian package g++)"
fi

if [ $status -eq 0 ]; then
  echo "PASS: $(echo "$headers" | wc -l) public headers, $n compilations ($compilers )"
fi
exit $status
