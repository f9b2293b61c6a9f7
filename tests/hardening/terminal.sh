#!/bin/sh
# Terminal safety of the non-interactive modes: a hostile book
# (tests/fixtures/hostile-book) carries OSC 0 / OSC 8 / OSC 52, CSI 2J, BEL,
# C1 controls, DEL and bidi overrides in its text, headings, SUMMARY titles,
# book.toml title, link targets, code and HTML blocks, table cells, a .po
# msgstr, file names and so in error messages.  Each mode runs in a
# pseudo-terminal (tests/ptyrun, so styling is on) and the raw bytes it
# wrote are checked: none of the injected sequences is among them, the only
# escape sequences are the SGR codes print.c makes, and the injected ones
# are shown visibly instead (^[, ^G, <U+009B>).
. "$top_srcdir/tests/lib.sh"
PTYRUN=$abs_top_builddir/tests/ptyrun

ESC=$(printf '\033')
BEL=$(printf '\007')
book=$TEST_TMP/hostile-book
cp -R "$FIXTURES/hostile-book" "$book" && chmod -R u+w "$book"
# Names with escape sequences are made here: git and distcheck dislike them.
printf '# Evil\n\nThe file name is hostile. [broken](nowhere.md)\n' \
    > "$book/src/evil${ESC}]0;pwned-file${BEL}.md"
cp "$book/po/lv.po" "$book/po/x${ESC}]0;pwned-lang${BEL}.po"

# run NAME ARGS...: the raw bytes of `handbook ARGS BOOK` in a terminal
run() {
	_name=$1; shift
	"$PTYRUN" -w 80 -t 60 "$TEST_TMP/$_name.raw" "$HANDBOOK" "$@" "$book"
	echo $? > "$TEST_TMP/$_name.rc"
	# What a reader sees: SGR codes and the tty's carriage returns removed.
	LC_ALL=C sed -e "s/${ESC}\[[0-9;]*m//g" -e 's/\r$//' "$TEST_TMP/$_name.raw" > "$TEST_TMP/$_name.txt"
}

# count BYTES FILE: lines of FILE holding the byte string BYTES
count() { LC_ALL=C grep -c -F -e "$1" "$2"; }

# safe NAME: the raw capture holds no injected sequence, and nothing that a
# terminal acts on but SGR with print.c's parameters.
safe() {
	_f=$TEST_TMP/$1.raw
	_bad=
	for _seq in "${ESC}]" "${ESC}[2J" "${ESC}[H" "${ESC}[5m" "${ESC}\\" "${ESC}P" "$BEL" \
	    "$(printf '\177')" "$(printf '\302\233')" "$(printf '\302\235')" "$(printf '\302\234')" \
	    "$(printf '\342\200\256')" "$(printf '\342\200\254')" "$(printf '\342\201\246')" \
	    "$(printf '\342\201\251')"; do
		[ "$(count "$_seq" "$_f")" = 0 ] || _bad="$_bad $(printf '%s' "$_seq" | od -An -c | tr -s ' ')"
	done
	is "$_bad" "" "$1: none of the injected sequences reaches the terminal"
	# Every ESC starts an SGR made of print.c's parameters (print_sgr).
	_left=$(LC_ALL=C sed -E "s/${ESC}\[(0|1|2|3|4|7|9|33|36)(;(1|2|3|4|7|9|33|36))*m//g" "$_f" |
	    LC_ALL=C tr -d '\r\n\040-\176\200-\377' | od -An -c | tr -s ' \n' '  ')
	is "$_left" "" "$1: the only control bytes are SGR codes, CR and LF"
	# Printed text is valid UTF-8 (iconv refuses anything else).
	check "$1: output is valid UTF-8" iconv -f UTF-8 -t UTF-8 "$_f" -o /dev/null
}

# shows NAME TEXT: the visible form of an injected sequence is shown
shows() {
	if [ "$(count "$2" "$TEST_TMP/$1.txt")" -gt 0 ]; then
		pass "$1 shows '$2'"
	else
		fail "$1 shows '$2'"
		diag < "$TEST_TMP/$1.txt"
	fi
}

run list --list
is "$(cat "$TEST_TMP/list.rc")" 0 "--list exits 0"
safe list
is "$(cat "$TEST_TMP/list.txt")" "Hostile ^[]0;pwned-book-title^G book

Intro ^[]0;pwned-summary^G

Part ^[[2J one
  1. Text
  2. Headings ^[[2J
  3. Code ^[]52;c;cHduZWQ=^G
  4. Table <U+009B>31m
  5. Links <U+202E>evil
  6. Plain title
  7. Missing
  8. Evil name" "--list shows every title's controls visibly"

run print --print all
is "$(cat "$TEST_TMP/print.rc")" 1 "--print all exits 1 (a chapter file is missing)"
safe print
shows print "Title change: ^[]0;pwned-osc0^G end."
shows print "Clipboard write: ^[]52;c;cHduZWQtY2xpcGJvYXJk^G end."
shows print "Fake link: ^[]8;;http://evil.example/^[\\click me^[]8;;^[\\"
shows print "Clear screen: ^[[2J^[[H end.  Bell: ^G end.  Delete: ^? end."
shows print "C1 CSI: <U+009B>2J end, C1 OSC: <U+009D>0;pwned-c1<U+009C>"
shows print "Bidi override: <U+202E>txt.exe<U+202C> and isolate <U+2066>iso<U+2069> end."
shows print "2 Heading ^[]0;pwned-h1^G one"
shows print "2.2 Setext <U+009B>31m heading"
shows print "  fenced ^[]52;c;cHduZWQ=^G code"
shows print "  indented ^[]0;pwned-indented^G code"
shows print "  html ^[]0;pwned-html^G block"
shows print "Inline code ^[]8;;http://evil.example/^[\\ span."
shows print "│ Head ^[]0;pwned-th^G"
shows print "│ cell ^[]52;c;eA==^G"
shows print "[image: image ^[]0;pwned-alt^G alt]"
shows print "[1] Footnote ^[]52;c;eA==^G text."
shows print "www.evil.example/<U+009B>x"
shows print "handbook: $book/src/SUMMARY.md:13: cannot read 'missing^[]0;pwned-missing^G.md': No such file or directory"
shows print "handbook: $book/src/code.md:18: cannot read 'gone^[[2J.md': No such file or directory"

run check --check
is "$(cat "$TEST_TMP/check.rc")" 1 "--check exits 1"
safe check
shows check "src/evil^[]0;pwned-file^G.md:3: broken link: 'nowhere.md' is not a chapter of this book"
shows check "src/links.md:4: broken link: 'nowhere^[]0;pwned-link^G.md' is not a chapter of this book"
shows check "src/links.md:5: broken link: no heading '#^[[2J' in 'text.md'"
shows check "src/SUMMARY.md:13: cannot read 'missing^[]0;pwned-missing^G.md'"
shows check "src/code.md:18: cannot read 'gone^[[2J.md'"

run search --search payload
is "$(cat "$TEST_TMP/search.rc")" 0 "--search finds the hostile paragraph"
safe search
shows search "1 Text (1): "

run search2 --search "pwned osc0"
safe search2
shows search2 "1 Text (4): …^[]0;pwned-osc0^G end."

run lv --lang lv --print all
safe lv
shows lv "1 Teksts ^[]8;;http://evil.example/^[\\saite^[]8;;^[\\"
shows lv "6 Vienkāršs ^[[2J"
shows lv "Tulkojums ar ^[]52;c;cG8=^G un ^[]0;pwned-po-escaped^G un <U+009B>31m beigas."

run lvlist --lang lv --list
safe lvlist
# (msgid_plain drops the brackets of a title, as mdBook shows them)
shows lvlist "  6. Vienkāršs ^[0;pwned-po-title^G virsraksts"

run coverage --coverage
safe coverage
shows coverage "x^[]0;pwned-lang^G: $book/po/x^[]0;pwned-lang^G.po"

"$PTYRUN" -w 80 -t 60 "$TEST_TMP/checkpo.raw" "$HANDBOOK" --check-po "$book/po/x${ESC}]0;pwned-lang${BEL}.po"
LC_ALL=C sed -e 's/\r$//' "$TEST_TMP/checkpo.raw" > "$TEST_TMP/checkpo.txt"
safe checkpo
shows checkpo "po/x^[]0;pwned-lang^G.po:11: the translation contains control characters"

done_testing
