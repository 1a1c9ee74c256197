#!/bin/sh
# Checks the gtk-doc run of `make docs` (make check-docs; CI). Fails when
#  - gtk-doc warned (a parameter documented that does not exist, one not
#    documented, an unknown section, ...);
#  - a symbol is "incomplete" (a parameter without its description);
#  - a public symbol (function, macro, type, enum) has no doc comment;
#  - a public header's section is not in docs/libproduct-docs.xml.
# Symbols whose comment has no description sentence (only @params and
# Returns:) count as undocumented for gtk-doc; they are listed, and fail
# the check only with DOCS_STRICT=yes. So are headers without a SECTION
# overview (docs/sections.gtkdoc).
# Usage: check-docs.sh REFERENCE-DIR   (with top_srcdir, top_builddir set)
set -u
ref=$1
srcdir=${top_srcdir:-.}
builddir=${top_builddir:-.}
strict=${DOCS_STRICT:-no}
status=0
fail () { echo "FAIL: $*"; status=1; }

for f in libproduct-decl-list.txt libproduct-undocumented.txt mkdb.log mkhtml.log; do
  [ -f "$ref/$f" ] || { echo "FAIL: $ref/$f missing: run make docs first"; exit 1; }
done

# 1. gtk-doc warnings
if grep -q 'warning' "$ref/mkdb.log" "$ref/mkhtml.log"; then
  fail "gtk-doc warnings:"; grep -h 'warning' "$ref/mkdb.log" "$ref/mkhtml.log" | sed 's/^/    /'
fi

# 2. incomplete symbols
incomplete=$(sed -n 's/^\([0-9][0-9]*\) symbols incomplete\./\1/p' "$ref/libproduct-undocumented.txt")
if [ "${incomplete:-0}" != 0 ]; then
  fail "$incomplete symbols with undocumented parameters:"
  grep '(' "$ref/libproduct-undocumented.txt" | sed 's/^/    /'
fi

# 3. every declared symbol has a doc comment "/** NAME:" somewhere in the
#    public headers
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
grep -v '^<' "$ref/libproduct-decl-list.txt" | grep . | sort -u > "$tmp/declared"
cat "$srcdir"/include/libproduct/*.h "$srcdir"/include/libproduct/*.h.in \
  | sed -n 's/^ \* \([A-Za-z_][A-Za-z0-9_]*\):.*/\1/p' | sort -u > "$tmp/commented"
nodoc=$(comm -23 "$tmp/declared" "$tmp/commented")
if [ -n "$nodoc" ]; then
  fail "public symbols without a doc comment:"; echo "$nodoc" | sed 's/^/    /'
fi

# 4. every section is in the table of contents
for x in "$ref"/xml/lp-*.xml; do
  x=$(basename "$x")
  grep -q "href=\"xml/$x\"" "$srcdir/docs/libproduct-docs.xml" ||
    fail "section xml/$x is not included in docs/libproduct-docs.xml"
done

# 5. no description sentence / no section overview: listed
coverage=$(head -1 "$ref/libproduct-undocumented.txt")
nodesc=$(sed -n '/^$/,$p' "$ref/libproduct-undocumented.txt" | grep -v ':' | grep -v '(' | grep . )
nosection=$(sed -n 's/^\(lp-[a-z-]*\):short_description$/\1/p' "$ref/libproduct-undocumented.txt")
n_nodesc=$(printf '%s' "$nodesc" | grep -c . )
if [ -n "$nosection" ]; then
  echo "note: headers without a SECTION overview in docs/sections.gtkdoc: $(echo $nosection)"
  [ "$strict" = yes ] && status=1
fi
if [ "$n_nodesc" -gt 0 ]; then
  echo "note: gtk-doc: $coverage $n_nodesc symbols have no description sentence"
  echo "  (only @parameters and Returns:); listed in $ref/libproduct-undocumented.txt"
  [ "$strict" = yes ] && { echo "$nodesc" | sed 's/^/    /'; status=1; }
fi

if [ $status -eq 0 ]; then
  echo "PASS: $(wc -l < "$tmp/declared") public symbols, each with a doc comment and every parameter documented; HTML in $ref/html/"
fi
exit $status
