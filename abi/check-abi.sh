#!/bin/sh
# ABI check (make check-abi, also run by make check): compares the built
# library with the committed baseline abi/<soname>.abi using abidiff
# (libabigail, Debian package abigail-tools).
#
# Passes when the only differences are additions (new functions or
# variables, enumerators appended to an enum): those are compatible, and
# LIBPRODUCT_1.0 is still growing before its first release. Fails on any
# other change: a removed symbol (abidiff bit 8, incompatible) or a changed
# function or type (bit 4), e.g. a parameter added, an enum renumbered, a
# public struct changed. Types defined outside the public headers are
# private (every public type is opaque) and ignored.
#
# A deliberate incompatible change bumps the soname (configure.ac's libtool
# rules, a new node in libproduct/libproduct.map) and regenerates the
# baseline in the same commit:  make abi-update
#
# Environment: top_srcdir, top_builddir (set by make); ABIDIFF, READELF.
# Exit status 77 (skipped) when abidiff is missing or the library has no
# debug information (built without -g).
set -u
srcdir=${top_srcdir:-.}
builddir=${top_builddir:-.}
ABIDIFF=${ABIDIFF:-abidiff}
READELF=${READELF:-readelf}
lib="$builddir/.libs/libproduct.so"

if ! command -v "$ABIDIFF" > /dev/null 2>&1; then
  echo "SKIP: $ABIDIFF not found (Debian package abigail-tools)"
  exit 77
fi
if [ ! -f "$lib" ]; then
  echo "SKIP: $lib not built (static-only build?)"
  exit 77
fi
if ! "$READELF" -S "$lib" | grep -q '\.debug_info'; then
  echo "SKIP: $lib has no debug information (configure with CFLAGS containing -g)"
  exit 77
fi
soname=$("$READELF" -d "$lib" | sed -n 's/.*(SONAME).*\[\(.*\)\].*/\1/p')
baseline="$srcdir/abi/$soname.abi"
if [ ! -f "$baseline" ]; then
  echo "FAIL: no ABI baseline $baseline for soname $soname."
  echo "  A new soname starts a new baseline: make abi-update, and commit it."
  exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
public="--drop-private-types --headers-dir2 $srcdir/include/libproduct"
if [ -f "$builddir/include/libproduct/lp-version.h" ]; then
  public="$public --header-file2 $builddir/include/libproduct/lp-version.h"
fi

# 1. everything but additions
# shellcheck disable=SC2086
"$ABIDIFF" --no-added-syms $public "$baseline" "$lib" > "$tmp/changes" 2>&1
rc=$?
# 2. additions included, for the record
# shellcheck disable=SC2086
"$ABIDIFF" $public "$baseline" "$lib" > "$tmp/all" 2>&1
rc_all=$?

if [ $rc -ne 0 ]; then
  if [ $((rc & 3)) -ne 0 ]; then
    echo "FAIL: abidiff could not compare (exit status $rc):"
  elif [ $((rc & 8)) -ne 0 ]; then
    echo "FAIL: incompatible ABI change against $baseline (abidiff exit status $rc):"
  else
    echo "FAIL: ABI change against $baseline (abidiff exit status $rc):"
  fi
  cat "$tmp/changes"
  echo
  echo "Keep the ABI (add new functions instead of changing old ones), or, for a"
  echo "deliberate break, bump the soname (configure.ac) and run: make abi-update"
  exit 1
fi

added=$(sed -n 's/^Functions changes summary:.* \([0-9][0-9]*\) Added.*/\1/p' "$tmp/all")
if [ $((rc_all & 4)) -ne 0 ]; then
  echo "ABI additions since $baseline (compatible):"
  grep -F '[A]' "$tmp/all" | sed 's/^ */  /'
  echo "PASS: $soname compatible with its baseline; ${added:-some} function(s) added"
  echo "  (refresh the baseline when the API settles: make abi-update)"
else
  echo "PASS: $soname identical to its baseline $baseline"
fi
exit 0
