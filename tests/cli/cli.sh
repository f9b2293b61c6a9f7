#!/bin/sh
# The non-interactive command line: --help, --version, --list, --print,
# --check, exit codes and messages.
. "$top_srcdir/tests/lib.sh"
F=$FIXTURES

out=$("$HANDBOOK" --version); rc=$?
is "$rc" 0 "--version exits 0"
is "$(echo "$out" | head -1)" "handbook 0.1.0" "--version names the program and version"
out=$("$HANDBOOK" --help); rc=$?
is "$rc" 0 "--help exits 0"
case $out in *"--print=CHAPTER"*"--check"*) pass "--help lists the options" ;; *) fail "--help lists the options" ;; esac
"$HANDBOOK" --bogus >/dev/null 2>"$TEST_TMP/err"; rc=$?
is "$rc" 2 "an unknown option exits 2"
is "$(tail -1 "$TEST_TMP/err")" "Try 'handbook --help' for more information." "and points to --help"
"$HANDBOOK" --print 1 --width 0 "$F/lv-book" >/dev/null 2>"$TEST_TMP/err"; rc=$?
is "$rc" 2 "--width 0 exits 2"
is "$(cat "$TEST_TMP/err")" "handbook: invalid width '0' (1 to 10000)" "--width 0 is explained"
"$HANDBOOK" --list a b 2>"$TEST_TMP/err"; rc=$?
is "$rc" 2 "an extra operand exits 2"

out=$("$HANDBOOK" --list "$F/lv-book"); rc=$?
is "$rc" 0 "--list exits 0"
is "$out" "Rokasgrāmata: pārbaudes grāmata

Priekšvārds

Pirmā daļa
  1. Ievads

Otrā daļa: Sadarbība
  2. Sadarbība ar policiju
    2.1. Ieslodzījuma vietu pārvalde" "--list shows parts, numbers and nesting"

want="2 Sadarbība ar policiju
═══════════════════════

2.1 Valsts policija
───────────────────

Valsts policija un Valsts
probācijas dienests
sadarbojas.

2.2 Ģimenes un bērni
────────────────────

ĀČĒĢĪĶĻŅŠŪŽ."
is "$("$HANDBOOK" --print 2 --width 25 "$F/lv-book")" "$want" "--print by number at width 25"
is "$("$HANDBOOK" --print sadarbiba.md --width 25 "$F/lv-book")" "$want" "--print by file name"
is "$("$HANDBOOK" --print 'sadarbība ar' --width 25 "$F/lv-book")" "$want" "--print by title prefix"
is "$("$HANDBOOK" --print 2.2 --width 25 "$F/lv-book")" "2.2 Ģimenes un bērni
────────────────────

ĀČĒĢĪĶĻŅŠŪŽ." "--print of a numbered section prints just that section"
"$HANDBOOK" --print 9 "$F/lv-book" >/dev/null 2>"$TEST_TMP/err"; rc=$?
is "$rc" 2 "--print of an unknown chapter exits 2"
is "$(cat "$TEST_TMP/err")" "handbook: no chapter matches '9'; see --list" "and says so"
n=$("$HANDBOOK" --print all --width 30 "$F/lv-book" | grep -c '═')
is "$n" 4 "--print all prints every chapter"
out=$(NO_COLOR=1 "$HANDBOOK" --print 1 "$F/lv-book" | od -c | grep -c '033')
is "$out" 0 "no escape codes when output is not a terminal"

"$HANDBOOK" --check "$F/broken-book" >"$TEST_TMP/out" 2>"$TEST_TMP/err"; rc=$?
is "$rc" 1 "--check fails on a broken book"
sed "s|$F/||" "$TEST_TMP/err" > "$TEST_TMP/err2"
is "$(cat "$TEST_TMP/err2")" "handbook: broken-book/src/SUMMARY.md:7: chapter 'Escaping chapter': '../../outside.md' leaves the book's folder; refused
handbook: broken-book/src/SUMMARY.md:8: chapter 'Absolute chapter' links to '/etc/passwd', which is not a file inside the book
handbook: broken-book/src/SUMMARY.md:9: chapter 'Web chapter' links to 'https://example.com/x.md', which is not a file inside the book
handbook: broken-book/src/SUMMARY.md:10: duplicate file in SUMMARY.md: 'good.md' (first at line 5)
handbook: broken-book/src/SUMMARY.md:11: a chapter list item must contain a link to the chapter
handbook: broken-book/src/SUMMARY.md:6: cannot read 'missing.md': No such file or directory
handbook: broken-book/src/intro.md:4: broken link: no heading '#no-such-heading' in 'good.md'
handbook: broken-book/src/intro.md:4: broken link: 'nowhere.md' is not a chapter of this book
handbook: broken-book/src/intro.md:5: broken link: no heading '#nope' in 'intro.md'
handbook: 9 problems found" "--check names each problem with file and line"

"$HANDBOOK" --check "$F/lv-book" >"$TEST_TMP/out" 2>&1; rc=$?
is "$rc" 0 "--check passes a clean book"
is "$(cat "$TEST_TMP/out")" "Rokasgrāmata: pārbaudes grāmata: 4 chapters, no problems found" "and says so"

# The handbook itself.
"$HANDBOOK" --check "$abs_top_srcdir/handbook" >"$TEST_TMP/out" 2>&1; rc=$?
is "$rc" 0 "--check is clean on the handbook"
[ "$rc" = 0 ] || diag < "$TEST_TMP/out"
"$HANDBOOK" --print all --width 60 "$abs_top_srcdir/handbook" > "$TEST_TMP/all" 2>&1
widest=$(wc -L < "$TEST_TMP/all")
check "--print all --width 60 of the handbook: widest line $widest <= 60" test "$widest" -le 60
widest=$("$HANDBOOK" --print all --width 20 "$abs_top_srcdir/handbook" | wc -L)
check "--print all --width 20 of the handbook: widest line $widest <= 20" test "$widest" -le 20

# Every chapter file is distributed and installed (handbook/files.am).
missing=
for f in "$abs_top_srcdir"/handbook/src/*.md; do
	rel=handbook/src/$(basename "$f")
	grep -q "$rel" "$abs_top_srcdir/handbook/files.am" || missing="$missing $rel"
done
is "$missing" "" "handbook/files.am lists every chapter (run tests/update-files-am.sh)"

done_testing
