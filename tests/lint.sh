#!/bin/sh
# make lint: cppcheck and clang-tidy over the library's sources.
#
# Every finding is reduced to "file|check|message" (no line number, so that
# edits elsewhere in a file do not matter) and counted. A finding fails the
# run unless tests/lint-known.txt lists it with at least that count: that
# file holds the findings reviewed as false positives (or not yet fixed, see
# its comments), so that new code is held to zero findings while old ones
# are worked off. A known finding that disappeared is reported, so that the
# list only shrinks (make lint-known rewrites it; review the diff).
#
# Environment (set by tests/lint.inc): srcdir, CPPCHECK, CLANG_TIDY,
# LP_TIDY_CHECKS, LP_LINT_FLAGS (preprocessor flags), LP_LINT_FILES
# (paths relative to srcdir), LP_LINT_UPDATE=yes to rewrite the known list.
set -u
srcdir=${srcdir:-.}
known="$srcdir/tests/lint-known.txt"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

files=
for f in $LP_LINT_FILES; do files="$files $srcdir/$f"; done

# --- cppcheck: one line per finding, then the normalised form
# shellcheck disable=SC2086
$CPPCHECK --quiet --std=c11 --enable=warning,performance,portability \
  --inline-suppr --library=gtk --suppress=missingIncludeSystem -D__GNUC__ \
  --template='{file}:{line}:{column}: {severity}: {message} [cppcheck-{id}]' \
  $LP_LINT_FLAGS $files > "$tmp/cppcheck.out" 2>&1 || status=2
grep -E '^[^ ]+:[0-9]+:[0-9]+: ' "$tmp/cppcheck.out" > "$tmp/raw" || true

# --- clang-tidy, file by file
for f in $files; do
  # shellcheck disable=SC2086
  $CLANG_TIDY --quiet --checks="$LP_TIDY_CHECKS" "$f" -- -std=gnu11 \
    $LP_LINT_FLAGS > "$tmp/tidy.out" 2>&1
  grep -E '^[^ ]+:[0-9]+:[0-9]+: (warning|error): .*\[[^]]*\]$' "$tmp/tidy.out" >> "$tmp/raw"
done
if [ $status -eq 2 ]; then
  echo "lint: cppcheck failed to run:"; cat "$tmp/cppcheck.out"; exit 2
fi

# file|check|message
sed -e 's|^\(.*/\)\{0,1\}libproduct/\([^/:]*\):[0-9]*:[0-9]*: [a-z]*: \(.*\) \[\([^],]*\).*\]$|\2\|\4\|\3|' \
  "$tmp/raw" | sort | uniq -c | sed 's/^ *\([0-9]*\) /\1 /' > "$tmp/found"
grep -v '^#' "$known" 2>/dev/null | grep . > "$tmp/known" || true

if [ "${LP_LINT_UPDATE:-no}" = yes ]; then
  { sed -n '/^#/p' "$known" 2>/dev/null; cat "$tmp/found"; } > "$known.new" &&
    mv "$known.new" "$known"
  echo "lint: wrote $(wc -l < "$tmp/found") findings to $known; review the diff"
  exit 0
fi

# compare counts
n_new=0; n_known=0
while read -r count key; do
  allowed=$(awk -v k="$key" '{ c = $1; $1 = ""; sub(/^ /, ""); if ($0 == k) print c }' "$tmp/known")
  allowed=${allowed:-0}
  if [ "$count" -gt "$allowed" ]; then
    n_new=$((n_new + count - allowed))
    file=${key%%|*}; rest=${key#*|}; check=${rest%%|*}; msg=${rest#*|}
    echo "NEW: $file: $msg [$check] (found $count, known $allowed):"
    grep -F "libproduct/$file:" "$tmp/raw" | grep -F "$msg [$check" | sed 's/^/    /'
  fi
  n_known=$((n_known + (count < allowed ? count : allowed)))
done < "$tmp/found"
while read -r count key; do
  have=$(awk -v k="$key" '{ c = $1; $1 = ""; sub(/^ /, ""); if ($0 == k) print c }' "$tmp/found")
  if [ "${have:-0}" -lt "$count" ]; then
    echo "note: fewer than the $count known \"$key\": update tests/lint-known.txt (make lint-known)"
  fi
done < "$tmp/known"

n_files=$(echo $LP_LINT_FILES | wc -w)
if [ $n_new -gt 0 ]; then
  echo "lint: FAIL: $n_new new finding(s) in $n_files files (fix them; a false positive gets an"
  echo "  inline suppression: // cppcheck-suppress id, // NOLINT(check))"
  exit 1
fi
echo "lint: $n_files files, cppcheck + clang-tidy: no new finding ($n_known known, listed in tests/lint-known.txt)"
exit 0
