#!/bin/sh
# Tests of the prioritize command-line tool and of the examples.
#
# Run from `make check` (TESTS_ENVIRONMENT gives top_srcdir, top_builddir,
# abs_top_srcdir, abs_top_builddir and PYTHON), or by hand from the build
# directory:
#
#   top_srcdir=.. top_builddir=. sh ../tests/test-examples.sh
#
# Outputs are compared byte for byte with tests/expected/. After an
# intended change of the output format, regenerate them with
#
#   LP_UPDATE_GOLDEN=1 make check TESTS=tests/test-examples.sh
#
# and review the diff.

# "test && pass ... || fail ..." is safe here: pass always succeeds.
# shellcheck disable=SC2015

set -u

: "${top_srcdir:=.}"
: "${top_builddir:=.}"
: "${abs_top_srcdir:=$(cd "$top_srcdir" && pwd)}"
: "${abs_top_builddir:=$(cd "$top_builddir" && pwd)}"
: "${PYTHON:=}"
: "${LP_UPDATE_GOLDEN:=}"

# The libtool wrapper scripts run the freshly built programs against the
# freshly built library.
PRIORITIZE="$abs_top_builddir/examples/prioritize"
HELLO="$abs_top_builddir/examples/hello-backlog"
DATA="$abs_top_srcdir/examples/data"
EXPECTED="$abs_top_srcdir/tests/expected"
SAMPLE="$DATA/sample-backlog.json"
CYCLE="$DATA/cycle-backlog.json"
SMALL="$DATA/small.json"
MODELS="$DATA/models-backlog.json"
SCORECARD="$DATA/models-scorecard.json"
RICE_FORMULA='formula:(reach * impact * confidence) / effort'

# An interpreter to validate JSON and CSV output with.
JSONPY=
for p in /usr/bin/python3 "$PYTHON" python3; do
  if [ -n "$p" ] && [ "$p" != no ] && "$p" -c 'import json, csv' >/dev/null 2>&1; then
    JSONPY=$p
    break
  fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/test-examples.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
OUT="$tmp/out"
ERR="$tmp/err"

n_failed=0
n_passed=0

pass () {
  n_passed=$((n_passed + 1))
  echo "ok - $1"
}

fail () {
  n_failed=$((n_failed + 1))
  echo "FAIL - $1"
  if [ -s "$ERR" ]; then
    sed 's/^/    stderr: /' "$ERR" | head -n 10
  fi
}

skip () {
  echo "skip - $1"
}

# expect STATUS NAME ARGS...: runs prioritize ARGS (stdin from /dev/null
# unless redirected by the caller), stdout in $OUT, stderr in $ERR; true when
# the exit status is STATUS.
expect () {
  expected=$1
  name=$2
  shift 2
  "$PRIORITIZE" "$@" >"$OUT" 2>"$ERR"
  status=$?
  if [ "$status" -ne "$expected" ]; then
    fail "$name: exit status $status, expected $expected"
    return 1
  fi
  return 0
}

# golden NAME FILE: $OUT must equal tests/expected/FILE.
golden () {
  if [ -n "$LP_UPDATE_GOLDEN" ]; then
    cp "$OUT" "$EXPECTED/$2"
    pass "$1 (golden file $2 updated)"
    return 0
  fi
  if cmp -s "$OUT" "$EXPECTED/$2"; then
    pass "$1"
  else
    fail "$1: output differs from tests/expected/$2"
    diff -u "$EXPECTED/$2" "$OUT" | head -n 30 | sed 's/^/    /'
  fi
}

# contains NAME FILE TEXT: FILE holds the fixed string TEXT.
contains () {
  if grep -F -q -e "$3" "$2"; then
    pass "$1"
  else
    fail "$1: no '$3' in $(basename "$2")"
    sed 's/^/    /' "$2" | head -n 10
  fi
}

valid_json () {
  if [ -z "$JSONPY" ]; then
    skip "$1 (no Python to validate JSON)"
  elif "$JSONPY" -m json.tool "$OUT" >/dev/null 2>"$tmp/json-err"; then
    pass "$1"
  else
    fail "$1: not valid JSON: $(cat "$tmp/json-err")"
  fi
}

# ------------------------------------------------------------------ rank

if expect 0 "rank sample" rank "$SAMPLE"; then
  golden "rank sample: table" rank-sample.txt
  if [ -s "$ERR" ]; then
    fail "rank sample: unexpected stderr"
  else
    pass "rank sample: quiet stderr"
  fi
fi

if expect 0 "rank --json sample" rank --json "$SAMPLE"; then
  valid_json "rank --json sample: valid JSON"
  golden "rank --json sample: bytes" rank-sample.json
  if [ -n "$JSONPY" ]; then
    cp "$OUT" "$tmp/rank.json"
    "$PRIORITIZE" rank "$SAMPLE" >"$tmp/rank.txt" 2>/dev/null
    if "$JSONPY" - "$tmp/rank.json" "$tmp/rank.txt" <<'EOF'
import json, sys
rows = json.load(open(sys.argv[1], encoding="utf-8"))
table = [l.split()[1] for l in open(sys.argv[2], encoding="utf-8")
         if l[:1] == " " and l.split()[0].isdigit()]
assert [r["rank"] for r in rows] == list(range(1, len(rows) + 1)), "ranks"
assert [r["id"] for r in rows] == table, "JSON and table disagree"
for r in rows:
    assert set(r) == {"rank", "id", "score", "value", "effort", "title"}, r
    if r["value"] is not None and r["effort"] is not None:
        assert abs(r["score"] - r["value"] / r["effort"]) < 1e-12, r
    else:
        assert r["score"] is None, r
EOF
    then pass "rank --json sample: same order as the table, scores = value/effort"
    else fail "rank --json sample: content"
    fi
  fi
fi

if expect 0 "rank --csv sample" rank --csv "$SAMPLE"; then
  golden "rank --csv sample: bytes" rank-sample.csv
fi

if expect 1 "rank strict on a cycle" rank "$CYCLE"; then
  contains "rank strict on a cycle: names the cycle" "$ERR" \
    "prioritize: $CYCLE: dependency cycle: ENT-1 -> ENT-2 -> ENT-3 -> ENT-1"
  if [ -s "$OUT" ]; then
    fail "rank strict on a cycle: stdout not empty"
  else
    pass "rank strict on a cycle: stdout empty"
  fi
fi

if expect 0 "rank --lenient on a cycle" rank --lenient "$CYCLE"; then
  golden "rank --lenient on a cycle: table and 'Not ordered'" rank-cycle-lenient.txt
fi

if expect 0 "rank --lenient --json on a cycle" rank --lenient --json "$CYCLE"; then
  valid_json "rank --lenient --json on a cycle: valid JSON"
  contains "rank --lenient --json on a cycle: excluded items on stderr" "$ERR" \
    "prioritize: warning: ENT-4 not ordered: behind-cycle (ENT-1)"
fi

# ------------------------------------------------------------------ next

if expect 0 "next -n 3" next -n 3 "$SAMPLE"; then
  golden "next -n 3: table" next-sample.txt
  lines=$(wc -l <"$OUT")
  [ "$lines" -eq 4 ] && pass "next -n 3: header and 3 rows" \
    || fail "next -n 3: $lines lines"
fi

if expect 0 "next" next "$SAMPLE"; then
  lines=$(wc -l <"$OUT")
  [ "$lines" -eq 2 ] && pass "next: one row by default" || fail "next: $lines lines"
  contains "next: the best ready item" "$OUT" "LED-401"
fi

if expect 0 "next --json" next --json -n 2 "$SMALL"; then
  valid_json "next --json: valid JSON"
fi

# ------------------------------------------------------------------ check

if expect 0 "check sample" check "$SAMPLE"; then
  golden "check sample: report" check-sample.txt
  tail -n 1 "$OUT" | grep -q '^ok: ' && pass "check sample: ok line" \
    || fail "check sample: last line is not 'ok: ...'"
fi

if expect 1 "check cycle backlog" check "$CYCLE"; then
  golden "check cycle backlog: report" check-cycle.txt
  tail -n 1 "$OUT" | grep -q '^FAILED: ' && pass "check cycle backlog: FAILED line" \
    || fail "check cycle backlog: last line is not 'FAILED: ...'"
fi

expect 0 "check small" check "$SMALL" && pass "check small"
expect 1 "check --strict with warnings" check --strict "$SAMPLE" \
  && pass "check --strict with warnings"
expect 1 "check --strict-label tech-debt (LED-502 has no value)" \
  check --strict-label tech-debt "$SAMPLE" \
  && pass "check --strict-label on a labelled item"
expect 0 "check --strict-label on a label nobody has" \
  check --strict-label no-such-label "$SAMPLE" \
  && pass "check --strict-label on a label nobody has"

# ------------------------------------------------------------------ models

# examples/data/models-backlog.json carries the inputs of every model; the
# expected numbers are worked out by hand in the comments below.

# WSJF = (business_value + time_criticality + risk_reduction) / job_size:
# M-4 (3 + 8 + 13) / 5 = 4.8 but it needs M-6, (1 + 1 + 2) / 5 = 0.8, first.
if expect 0 "rank --by wsjf" rank --by wsjf "$MODELS"; then
  golden "rank --by wsjf: table" rank-models-wsjf.txt
fi
# Priority inheritance: M-6 inherits M-4's 4.8 and both move to the top.
if expect 0 "rank --by wsjf --inherit --quadrants" \
    rank --by wsjf --inherit --quadrants "$MODELS"; then
  golden "rank --by wsjf --inherit --quadrants: table" rank-models-wsjf-inherit.txt
  awk '$2 == "M-6" && $5 == "M-4" { found = 1 } END { exit !found }' "$OUT" \
    && pass "rank --inherit: M-6 inherits from M-4" \
    || fail "rank --inherit: M-6 inherits from M-4"
fi
if expect 0 "rank --by wsjf --inherit --csv" rank --by wsjf --inherit --csv "$MODELS"; then
  contains "rank --inherit --csv: header" "$OUT" \
    "rank,id,score,effective_score,inherited_from,value,effort,title"
fi

# RICE = reach x impact x confidence / effort (Intercom): M-1 1000 x 2 x 80%
# / 4 = 400; M-5's impact 4 is off the scale, M-6 has no reach.
if expect 0 "rank --by rice --json" rank --by rice --json "$MODELS"; then
  valid_json "rank --by rice --json: valid JSON"
  golden "rank --by rice --json: bytes" rank-models-rice.json
  if [ -n "$JSONPY" ]; then
    if "$JSONPY" - "$OUT" "$MODELS" <<'EOF'
import json, sys
rows = json.load(open(sys.argv[1], encoding="utf-8"))
items = {i["id"]: i for i in json.load(open(sys.argv[2], encoding="utf-8"))["items"]}
for r in rows:
    a = items[r["id"]].get("attributes", {})
    if r["score"] is None:
        assert r["id"] in ("M-5", "M-6"), r
        continue
    c = a["confidence"] / 100 if a["confidence"] > 1 else a["confidence"]
    expected = a["reach"] * a["impact"] * c / items[r["id"]]["effort"]
    assert abs(r["score"] - expected) < 1e-9, (r, expected)
assert [r["id"] for r in rows][:2] == ["M-3", "M-1"], rows
EOF
    then pass "rank --by rice --json: scores = reach x impact x confidence / effort"
    else fail "rank --by rice --json: content"
    fi
  fi
fi

# ICE with its inputs renamed (RICE and ICE share impact and confidence on
# different scales): M-2 5 x 9 x 9 = 405; average (5 + 9 + 9) / 3 = 7.67.
if expect 0 "rank --by ice --option ... --csv" rank --by ice \
    --option impact=ice_impact -o confidence=ice_confidence --csv "$MODELS"; then
  golden "rank --by ice --csv: bytes" rank-models-ice.csv
fi
if expect 0 "rank --by ice mode=average" rank --by ice -o impact=ice_impact \
    -o confidence=ice_confidence -o mode=average "$MODELS"; then
  contains "rank --by ice mode=average: M-2 scores 7.67" "$OUT" "M-2   7.67"
fi

# CD3 = cost of delay / duration: M-1 5000 / 4 = 1250 first.
if expect 0 "rank --by cd3" rank --by cd3 "$MODELS"; then
  awk 'NR == 2 && $2 == "M-1" && $3 == "1250.00" { ok = 1 } END { exit !ok }' "$OUT" \
    && pass "rank --by cd3: M-1 first with 1250" || fail "rank --by cd3: M-1 first with 1250"
fi

# MoSCoW: musts (M-2, M-1, M-4 by value/effort; M-4 after its should M-6),
# then the could M-3; the won't M-5 and the uncategorised M-7 unscored.
# Musts take (2 + 4 + 5) / 15 = 73.33% of the effort, over DSDM's 60%.
if expect 0 "rank --by moscow" rank --by moscow "$MODELS"; then
  golden "rank --by moscow: table and must-share warning" rank-models-moscow.txt
fi
if expect 0 "rank --by moscow --json" rank --by moscow --json "$MODELS"; then
  valid_json "rank --by moscow --json: valid JSON"
  contains "rank --by moscow --json: must share warning on stderr" "$ERR" \
    "prioritize: warning: musts take 73.33% of the estimated effort, over the 60% limit (DSDM)"
fi
if expect 0 "rank --by moscow must-limit=80%" rank --by moscow -o must-limit=80% "$MODELS"; then
  if grep -q Warning "$OUT"; then
    fail "rank --by moscow must-limit=80%: no warning under the limit"
  else
    pass "rank --by moscow must-limit=80%: no warning under the limit"
  fi
fi
if expect 0 "rank --by moscow:wsjf" rank --by moscow:wsjf "$MODELS"; then
  awk 'NR == 2 { exit !($2 == "M-2") }' "$OUT" \
    && pass "rank --by moscow:wsjf: M-2 (WSJF 2.67) first of the musts" \
    || fail "rank --by moscow:wsjf: M-2 first"
fi

# Kano (Berger et al. 1993): M-4 must-be, 3 + (0 + 1) / 2 = 3.5, waits for
# M-6, which has no answers, unless M-6 inherits its priority.
if expect 0 "rank --by kano --inherit --json" rank --by kano --inherit --json "$MODELS"; then
  valid_json "rank --by kano --inherit --json: valid JSON"
  golden "rank --by kano --inherit --json: bytes" rank-models-kano-inherit.json
fi
if expect 0 "next --by kano --inherit -n 3" next --by kano --inherit -n 3 "$MODELS"; then
  golden "next --by kano --inherit -n 3: table" next-models-kano.txt
fi

# Scorecard: 2 x value + 1 x time_criticality - 1 x effort; M-1 16 + 5 - 4 = 17.
if expect 0 "rank --by scorecard:FILE" rank --by "scorecard:$SCORECARD" "$MODELS"; then
  golden "rank --by scorecard:FILE: table" rank-models-scorecard.txt
fi
if expect 0 "rank --by scorecard:FILE relative" rank --by "scorecard:$SCORECARD" \
    -o mode=relative --json "$MODELS"; then
  valid_json "rank --by scorecard:FILE relative: valid JSON"
fi

# A formula: the raw confidence (80, not 0.8): M-1 1000 x 2 x 80 / 4 = 40000.
if expect 0 "rank --by formula:EXPR" rank --by "$RICE_FORMULA" "$MODELS"; then
  golden "rank --by formula:EXPR: table" rank-models-formula.txt
fi

# Explanations: the score's terms and the position's reasons.
if expect 0 "explain M-4 --by wsjf" explain "$MODELS" M-4 --by wsjf; then
  golden "explain M-4 --by wsjf: text" explain-models-wsjf.txt
fi
if expect 0 "explain M-1 --by rice" explain "$MODELS" M-1 --by rice; then
  golden "explain M-1 --by rice: text" explain-models-rice.txt
  contains "explain M-1 --by rice: the RICE line" "$OUT" \
    "RICE = reach 1000 x impact 2 x confidence 80% (0.8) / effort 4 = 400"
fi
if expect 0 "explain M-6 --by rice (unscored)" explain "$MODELS" M-6 --by rice; then
  contains "explain M-6 --by rice: the missing input" "$OUT" 'missing input "reach"'
fi
if expect 0 "explain M-4 --by moscow" explain "$MODELS" M-4 --by moscow; then
  golden "explain M-4 --by moscow: text" explain-models-moscow.txt
fi
if expect 0 "explain M-1 --by kano" explain "$MODELS" M-1 --by kano; then
  contains "explain M-1 --by kano: the category" "$OUT" "Kano = one-dimensional (2)"
fi
if expect 0 "explain M-6 --by wsjf --inherit --json" explain "$MODELS" M-6 --by wsjf \
    --inherit --json; then
  valid_json "explain --json: valid JSON"
  golden "explain M-6 --by wsjf --inherit --json: bytes" explain-models-inherit.json
fi
if expect 0 "explain a done item" explain "$MODELS" M-8; then
  contains "explain a done item: not ranked" "$OUT" "M-8 is not ranked: it is done."
fi
if expect 0 "explain an item in a cycle" explain "$CYCLE" ENT-2; then
  contains "explain an item in a cycle: the cycle" "$OUT" "it is in a dependency cycle"
fi
if expect 1 "explain an unknown item" explain "$MODELS" NOPE; then
  contains "explain an unknown item: message" "$ERR" 'no item "NOPE"'
fi

# check --by: what each model cannot score.
if expect 0 "check --by wsjf" check --by wsjf "$MODELS"; then
  golden "check --by wsjf: report" check-models-wsjf.txt
fi
if expect 0 "check --by rice" check --by rice "$MODELS"; then
  contains "check --by rice: impact off the scale" "$OUT" \
    "warning: M-5: impact 4 is off the RICE scale (3, 2, 1, 0.5, 0.25)"
  contains "check --by rice: missing reach" "$OUT" \
    'warning: M-6: missing input "reach"'
fi
if expect 0 "check --by moscow" check --by moscow "$MODELS"; then
  golden "check --by moscow: report" check-models-moscow.txt
fi
if expect 0 "check --by kano" check --by kano "$MODELS"; then
  contains "check --by kano: questionable" "$OUT" "warning: M-5: Kano category questionable"
  contains "check --by kano: no answers" "$OUT" 'warning: M-6: missing input "kano_answers"'
fi
expect 1 "check --by wsjf --strict" check --by wsjf --strict "$MODELS" \
  && pass "check --by wsjf --strict: warnings become errors"
if expect 0 "check --by wsjf scale-check=ignore" check --by wsjf -o scale-check=ignore "$MODELS"; then
  if grep -q "off SAFe" "$OUT"; then
    fail "check --by wsjf scale-check=ignore: still checks the scale"
  else
    pass "check --by wsjf scale-check=ignore: no scale warning"
  fi
fi
if expect 1 "check --by formula with a typo" check --by 'formula:reech * 2' "$MODELS"; then
  contains "check --by formula with a typo: the column" "$OUT" \
    'formula: column 1: unknown attribute "reech"'
fi
if expect 0 "check --by value-effort" check --by value-effort "$MODELS"; then
  contains "check --by value-effort: missing value" "$OUT" 'warning: M-7: missing input "value"'
fi

# ------------------------------------------------------------------ usage

usage () {
  name=$1
  shift
  if expect 2 "usage: $name" "$@"; then
    if grep -q '^prioritize: ' "$ERR"; then
      pass "usage: $name"
    else
      fail "usage: $name: no 'prioritize: ' message on stderr"
    fi
  fi
}

usage "no arguments"
usage "unknown command" frobnicate "$SAMPLE"
usage "unknown option before the command" --frobnicate
usage "unknown option" rank --frobnicate "$SAMPLE"
usage "missing FILE" rank
usage "extra argument" rank "$SAMPLE" "$SAMPLE"
usage "-n 0" next -n 0 "$SAMPLE"
usage "-n not a number" next -n three "$SAMPLE"
usage "--json with --csv" rank --json --csv "$SAMPLE"
usage "unknown model" rank --by no-such-model "$SAMPLE"
usage "--option without =" rank --by wsjf --option job_size "$MODELS"
usage "--option the model does not have" rank --by wsjf --option mode=average "$MODELS"
usage "formula syntax error" rank --by 'formula:(reach *' "$MODELS"
usage "explain without ID" explain "$MODELS"
usage "explain --csv" explain --csv "$MODELS" M-1
expect 1 "scorecard file missing" rank --by "scorecard:$tmp/none.json" "$MODELS" \
  && contains "scorecard file missing: message" "$ERR" "prioritize: --by: "
usage "unknown input format" rank --from xml "$SAMPLE"
usage "convert with one argument" convert "$SAMPLE"
usage "help for an unknown command" help frobnicate

for cmd in rank next explain check convert; do
  if expect 0 "$cmd --help" "$cmd" --help; then
    contains "$cmd --help: usage line" "$OUT" "prioritize $cmd"
  fi
  expect 0 "help $cmd" help "$cmd" && pass "help $cmd"
done
if expect 0 "--help" --help; then
  contains "--help: lists the commands" "$OUT" "convert IN OUT"
fi
if expect 0 "--version" --version; then
  contains "--version: version number" "$OUT" "prioritize (libproduct) "
fi

# ------------------------------------------------------------------ data errors

expect 1 "missing file" rank "$tmp/no-such-file.json" \
  && contains "missing file: message" "$ERR" "prioritize: $tmp/no-such-file.json: "
printf '{"format": "libproduct/1", "items": [' >"$tmp/broken.json"
expect 1 "malformed JSON" rank "$tmp/broken.json" \
  && contains "malformed JSON: message names the file" "$ERR" "prioritize: $tmp/broken.json: "
printf '{"format": "libproduct/1", "items": [{"id": "X-1", "depends_on": ["X-9"]}]}' \
  >"$tmp/unknown.json"
expect 1 "dependency on an unknown item" check "$tmp/unknown.json" \
  && contains "dependency on an unknown item: names it" "$ERR" "X-9"

# ------------------------------------------------------------------ stdin

expect 1 "empty stdin" rank - </dev/null \
  && contains "empty stdin: message" "$ERR" "prioritize: <stdin>: empty input"

if expect 0 "rank - (stdin)" rank - <"$SAMPLE"; then
  golden "rank - (stdin): same table as the file" rank-sample.txt
fi
if expect 1 "rank - (stdin) on a cycle" rank - <"$CYCLE"; then
  contains "rank - (stdin) on a cycle: message" "$ERR" \
    "prioritize: <stdin>: dependency cycle: ENT-1 -> ENT-2 -> ENT-3 -> ENT-1"
fi
expect 1 "check - (stdin) on a cycle" check - <"$CYCLE" \
  && pass "check - (stdin) on a cycle"

# ------------------------------------------------------------------ stable output

for args in "rank $SAMPLE" "rank --json $SAMPLE" "rank --csv $SAMPLE" \
            "rank --lenient $CYCLE" "check $SAMPLE" "check $CYCLE" \
            "next -n 5 $SAMPLE" "rank --by kano --inherit --quadrants $MODELS" \
            "explain $MODELS M-4 --by moscow" "check --by ice $MODELS"; do
  # shellcheck disable=SC2086
  "$PRIORITIZE" $args >"$tmp/run1" 2>"$tmp/err1"
  # shellcheck disable=SC2086
  LC_ALL=C.UTF-8 "$PRIORITIZE" $args >"$tmp/run2" 2>"$tmp/err2"
  if cmp -s "$tmp/run1" "$tmp/run2" && cmp -s "$tmp/err1" "$tmp/err2"; then
    pass "stable output: prioritize $(echo "$args" | sed "s|$DATA/||g")"
  else
    fail "stable output: prioritize $args differs between two runs"
  fi
done

# ------------------------------------------------------------------ escaping

cat >"$tmp/odd.json" <<'EOF'
{"format": "libproduct/1", "items": [
  {"id": "Q-1", "title": "Quotes \" and back\\slash, comma; tab\there", "value": 3, "effort": 1},
  {"id": "Q-2", "title": "Line\nbreak and \u00e9t\u00e9 \u65e5\u672c\u8a9e \ud83d\ude80", "value": 1, "effort": 3},
  {"id": "Q-3", "title": "\u65e5\u672c\u8a9e\u306e\u30bf\u30a4\u30c8\u30eb\u306f\u3068\u3066\u3082\u9577\u3044\u3067\u3059\u304c\u3001\u5207\u308a\u8a70\u3081\u3089\u308c\u306a\u3051\u308c\u3070\u306a\u308a\u307e\u305b\u3093\u3002\u7d42\u308f\u308a\u307e\u3067\u8aad\u3081\u307e\u3059\u304b", "value": 1}
]}
EOF
if [ -n "$JSONPY" ]; then
  "$PRIORITIZE" rank --json "$tmp/odd.json" >"$tmp/odd-out.json" 2>"$ERR"
  "$PRIORITIZE" rank --csv "$tmp/odd.json" >"$tmp/odd-out.csv" 2>>"$ERR"
  "$PRIORITIZE" rank "$tmp/odd.json" >"$tmp/odd-out.txt" 2>>"$ERR"
  if "$JSONPY" - "$tmp/odd.json" "$tmp/odd-out.json" "$tmp/odd-out.csv" \
      "$tmp/odd-out.txt" <<'EOF'
import csv, json, sys
src = {i["id"]: i["title"] for i in json.load(open(sys.argv[1], encoding="utf-8"))["items"]}
out = json.load(open(sys.argv[2], encoding="utf-8"))
assert {r["id"]: r["title"] for r in out} == src, "JSON titles"
rows = list(csv.DictReader(open(sys.argv[3], encoding="utf-8", newline="")))
assert {r["id"]: r["title"] for r in rows} == src, "CSV titles"
lines = open(sys.argv[4], encoding="utf-8").read().split("\n")
assert len(lines) == 5 and lines[-1] == "", "a title broke a table line"
cut = [l for l in lines if "Q-3" in l][0]
assert cut.endswith("\u2026"), "long title not cut with an ellipsis"
EOF
  then pass "escaping: JSON, CSV and table keep every title intact"
  else fail "escaping: titles with quotes, backslashes, line breaks, non-ASCII"
  fi
else
  skip "escaping (no Python)"
fi

# ------------------------------------------------------------------ convert

cat >"$tmp/jira.csv" <<'EOF'
key,summary,type,status,story_points,links
PAY-1,"Checkout, with cards",Story,Open,5,
PAY-2,Refunds,Story,In Progress,3,depends:PAY-1
PAY-3,"Fix ""double charge""",Bug,Closed,2,blocks:PAY-2
EOF
if expect 0 "convert CSV to JSON file" convert "$tmp/jira.csv" "$tmp/jira.json"; then
  if expect 0 "convert: the result loads" rank "$tmp/jira.json"; then
    contains "convert: PAY-2 after PAY-1" "$OUT" "PAY-2"
    awk '$2 == "PAY-1" { a = NR } $2 == "PAY-2" { b = NR } END { exit !(a && b && a < b) }' \
      "$OUT" && pass "convert: dependency kept" || fail "convert: dependency kept"
  fi
fi
if expect 0 "convert CSV to stdout" convert "$tmp/jira.csv" -; then
  valid_json "convert CSV to stdout: valid JSON"
  contains "convert CSV to stdout: format tag" "$OUT" '"libproduct/1"'
  contains "convert CSV to stdout: quoted title" "$OUT" 'Fix \"double charge\"'
fi
if expect 0 "convert --from csv stdin" convert --from csv - - <"$tmp/jira.csv"; then
  cp "$OUT" "$tmp/from-stdin.json"
  "$PRIORITIZE" convert "$tmp/jira.csv" - >"$tmp/from-file.json" 2>/dev/null
  cmp -s "$tmp/from-stdin.json" "$tmp/from-file.json" \
    && pass "convert --from csv stdin: same as from the file" \
    || fail "convert --from csv stdin: differs from the file"
fi
if expect 0 "rank --from csv stdin" rank --from csv - <"$tmp/jira.csv"; then
  contains "rank --from csv stdin: ranks PAY-1" "$OUT" "PAY-1"
fi
if expect 0 "convert JSON round trip" convert "$SAMPLE" "$tmp/sample-copy.json"; then
  if expect 0 "convert JSON round trip: ranks" rank "$tmp/sample-copy.json"; then
    golden "convert JSON round trip: same order" rank-sample.txt
  fi
fi
usage "convert to a .csv name" convert "$SAMPLE" "$tmp/out.csv"

# ------------------------------------------------------------------ hostile input

# (more in bindings/python/tests/test_cli_hostile.py)
expect 1 "--max-input-size on /dev/zero" rank --max-input-size 1M /dev/zero \
  && contains "--max-input-size on /dev/zero: names the file and the limit" "$ERR" \
    "prioritize: /dev/zero: input too large (limit 1048576 bytes)"
expect 1 "--max-input-size on stdin" check --max-input-size 4K - <"$SAMPLE" \
  && contains "--max-input-size on stdin: message" "$ERR" \
    "prioritize: <stdin>: input too large (limit 4096 bytes)"
expect 0 "--max-input-size 1M" rank --max-input-size 1M "$SAMPLE" \
  && golden "--max-input-size 1M: same table" rank-sample.txt
usage "--max-input-size not a size" rank --max-input-size 1x "$SAMPLE"
usage "--max-input-size 0" convert --max-input-size 0 "$SAMPLE" -

printf '{"format": "libproduct/1", "items": [{"id": "E\\u001b[31m", "title": "\\u009b2J\\u0007"}]}' \
  >"$tmp/escapes.json"
if expect 0 "control characters in ids and titles" rank "$tmp/escapes.json"; then
  contains "control characters: id escaped" "$OUT" '1  E\x1b[31m  '
  contains "control characters: title escaped" "$OUT" '  \u009b2J\x07'
  if LC_ALL=C grep -q "$(printf '\033')" "$OUT"; then
    fail "control characters: a raw ESC reached the table"
  else
    pass "control characters: no raw ESC in the table"
  fi
fi
expect 1 "unknown formula attribute" rank --by 'formula:value / nosuch' "$MODELS" \
  && contains "unknown formula attribute: named" "$ERR" 'unknown attribute "nosuch"'

cp "$SAMPLE" "$tmp/private.json"
chmod 600 "$tmp/private.json"
if expect 0 "convert over a private file" convert "$SAMPLE" "$tmp/private.json"; then
  case $(ls -l "$tmp/private.json") in
    -rw-------*) pass "convert over a private file: still 0600" ;;
    *) fail "convert over a private file: mode $(ls -l "$tmp/private.json")" ;;
  esac
fi

# ------------------------------------------------------------------ examples

if "$HELLO" >"$OUT" 2>"$ERR"; then
  pass "hello-backlog runs"
  contains "hello-backlog: shows the cycle error" "$OUT" "dependency cycle: HB-1 -> HB-2 -> HB-1"
else
  fail "hello-backlog: exit status $?"
fi

pybuild="$abs_top_builddir/bindings/python/build"
if [ -d "$pybuild" ] && [ -n "$PYTHON" ] && [ "$PYTHON" != no ]; then
  if (. "$abs_top_srcdir/tests/python-env.sh" 2>/dev/null &&
      "$PYTHON" "$abs_top_srcdir/examples/hello_backlog.py") >"$OUT" 2>"$ERR"; then
    pass "hello_backlog.py runs"
    contains "hello_backlog.py: CycleError" "$OUT" "HB-1"
  else
    fail "hello_backlog.py: exit status $?"
  fi
  if (. "$abs_top_srcdir/tests/python-env.sh" 2>/dev/null &&
      "$PYTHON" "$abs_top_srcdir/examples/hello_backlog.py" "$SAMPLE") >"$OUT" 2>"$ERR"; then
    contains "hello_backlog.py sample: ranks LED-401 first" "$OUT" "1. LED-401"
  else
    fail "hello_backlog.py sample: exit status $?"
  fi
else
  skip "hello_backlog.py (Python bindings not built)"
fi

# ------------------------------------------------------------------ real data

# Real Jira exports live outside the repository (see ../shared/data/real);
# a user's clone has none, so this part is skipped there.
real="$abs_top_srcdir/../shared/data/real"
if [ -r "$real/duraspace_jira.csv" ]; then
  for f in duraspace_jira.csv springxd_sp.csv; do
    [ -r "$real/$f" ] || continue
    "$PRIORITIZE" check "$real/$f" >"$OUT" 2>"$ERR"
    status=$?
    if [ "$status" -le 1 ] && tail -n 1 "$OUT" | grep -q -E '^(ok|FAILED): '; then
      pass "real data: check $f (exit $status)"
    else
      fail "real data: check $f: exit status $status"
    fi
    if expect 0 "real data: rank --lenient --json $f" rank --lenient --json "$real/$f"; then
      valid_json "real data: rank --lenient --json $f: valid JSON"
    fi
  done
else
  skip "real data (no ../shared/data/real)"
fi

echo "# $n_passed passed, $n_failed failed"
[ "$n_failed" -eq 0 ]
