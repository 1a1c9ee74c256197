#!/bin/sh
# The library exports exactly the symbols of its version script, each one
# declared with LP_API in a public header and documented there.
set -u
srcdir=${top_srcdir:-.}
builddir=${top_builddir:-.}
lib="$builddir/.libs/libproduct.so"
if [ ! -f "$lib" ]; then
  echo "SKIP: $lib not built (static-only build?)"
  exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBRVW]$/ { print $3 }' | sed 's/@.*//' | sort -u > "$tmp/exported"
grep -o '^ *lp_[a-z0-9_]*;' "$srcdir/libproduct/libproduct.map" | tr -d ' ;' | sort -u > "$tmp/map"
cat "$srcdir"/include/libproduct/*.h "$srcdir"/include/libproduct/*.h.in 2>/dev/null \
  | grep '^LP_API' | grep -o 'lp_[a-z0-9_]* *(' | tr -d ' (' | sort -u > "$tmp/declared"
cat "$srcdir"/include/libproduct/*.h "$srcdir"/include/libproduct/*.h.in 2>/dev/null \
  | grep -o '^ \* lp_[a-z0-9_]*:' | sed 's/^ \* //; s/:$//' | sort -u > "$tmp/documented"

status=0
if ! diff -u "$tmp/map" "$tmp/exported" > "$tmp/diff1"; then
  echo "FAIL: exported symbols differ from libproduct.map (- map, + exported):"
  cat "$tmp/diff1"; status=1
fi
if ! diff -u "$tmp/declared" "$tmp/map" > "$tmp/diff2"; then
  echo "FAIL: LP_API declarations differ from libproduct.map (- headers, + map):"
  cat "$tmp/diff2"; status=1
fi
missing=$(comm -23 "$tmp/declared" "$tmp/documented")
if [ -n "$missing" ]; then
  echo "FAIL: public functions without a doc comment:"; echo "$missing"; status=1
fi
# every exported symbol carries the version node
if nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBRVW]$/ { print $3 }' | grep -v '@@LIBPRODUCT_' | grep -q .; then
  echo "FAIL: exported symbols without a LIBPRODUCT_ version:"; nm -D --defined-only "$lib" | grep -v '@@LIBPRODUCT_'; status=1
fi
n=$(wc -l < "$tmp/exported")
if [ $status -eq 0 ]; then
  echo "PASS: $n exported symbols, all versioned, declared and documented"
fi
exit $status
