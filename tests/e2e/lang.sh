#!/bin/sh
# tests/e2e/lang.sh — languages in the interactive reader, driven in tmux
# on a book with a Latvian catalog (tests/fixtures/lang-book): L switches
# the text (and the interface) keeping the same block at the top, and
# back; --lang and LANGUAGE choose the first language; translator mode
# (T) shows coverage in the contents and marks untranslated (?) and fuzzy
# (~) blocks; the bilingual view (B) puts the source under each
# translated block; R reloads an edited .po, and a broken one shows its
# file:line error and the original text, without a crash.  Each check
# polls the pane; nothing sleeps.
#
# The Latvian interface strings are checked once po/lv.po has them (see
# the note at the end); until then only the book's text (from the book's
# own po/lv.po) and the language code in the bottom line are.
. "${srcdir:-.}/tests/lib.sh"
need_tmux

BOOK="$FIXTURES/lang-book"
NSOCK=0
ESC=$(printf '\033')

run() {
	[ -n "${TMUX_SOCK:-}" ] && T kill-server 2>/dev/null
	NSOCK=$((NSOCK + 1))
	TMUX_SOCK="$TEST_TMP/tmux.$NSOCK.sock"
	tmux_start "$@"
}

row() { screen | sed -n "$(($1 + 1))p"; }
flat() { screen | tr -d ' \n'; }

wait_row() {
	i=0
	while :; do
		r=$(row "$1")
		case $r in
		$2) return 0 ;;
		esac
		i=$((i + 1))
		if [ $i -gt 250 ]; then
			echo "# timed out waiting for row $1 to be: $2"
			screen | diag
			return 1
		fi
		sleep 0.02
	done
}

wait_flat() {
	want=$(printf '%s' "$1" | tr -d ' ')
	i=0
	while ! flat | grep -qF -- "$want"; do
		i=$((i + 1))
		if [ $i -gt $((${2:-5} * 50)) ]; then
			echo "# timed out waiting for: $1"
			screen | diag
			return 1
		fi
		sleep 0.02
	done
}

# press KEY N times, waiting for the screen to change after each
press() {
	_k=$1 _n=$2
	while [ "$_n" -gt 0 ]; do
		_p=$(screen | md5sum)
		keys "$_k"
		_i=0
		while [ "$(screen | md5sum)" = "$_p" ] && [ $_i -lt 100 ]; do _i=$((_i + 1)); sleep 0.02; done
		_n=$((_n - 1))
	done
}

# ---- L keeps the place ---------------------------------------------------------
rm -rf "$XDG_STATE_HOME/handbook"
run 80 24 "$HANDBOOK" "$BOOK"
check "opens in English (the interface's language)" wait_row 0 ' Introduction*'
check "the language in the bottom line" wait_row 23 '*%  en *'
keys : 1 Enter
check "chapter 1" wait_row 0 ' 1. Cooperation*'
# line 57 of the chapter (as printed at the text width, 78) is the
# first of paragraph 12: bring it to the top
line=$("$HANDBOOK" --print 1 --width 78 "$BOOK" | grep -n 'Paragraph 12 begins' | cut -d: -f1)
press j $((line - 1))
check "paragraph 12 at the top" wait_row 1 ' Paragraph 12 begins here.*'
en_text=$(screen | sed -n '2,23p')
keys L
check "L: the book in Latvian" wait_row 0 ' 1. Sadarbība*'
check "the same paragraph at the top" wait_row 1 ' Rindkopa 12 sākas šeit.*'
check "the language code follows" wait_row 23 '*%  lv *'
keys L
check "L again: English" wait_row 0 ' 1. Cooperation*'
check "the same paragraph at the top again" wait_row 1 ' Paragraph 12 begins here.*'
is "$(screen | sed -n '2,23p')" "$en_text" "the very same screen as before"
check "en" wait_row 23 '*%  en *'
# from inside a paragraph: still that paragraph
keys j
check "the paragraph's second line on top" wait_row 1 ' is described in this paragraph*'
keys L
check "L inside a paragraph: Latvian" wait_row 0 ' 1. Sadarbība*'
check "paragraph 12 still on top" wait_flat 'Rindkopa 12 beidzas šeit.'
# as far into the paragraph's text in bytes, in proportion, rounded down
# to a line start: here its first line, Latvian letters taking two bytes
case $(row 1) in
*"Rindkopa 11"*|*"Rindkopa 13"*) r=1 ;;
*) r=0 ;;
esac
is "$r" 0 "the top line is a line of paragraph 12 ('$(row 1)')"
# other chapters follow the language too, and resizing keeps it
keys ]
check "] in Latvian" wait_row 0 ' 2. Riska novērtēšana*'
check "its text in Latvian" wait_flat 'Risks, risks un vēl risks'
keys t
check "the contents in Latvian" wait_flat '3. Darbs procesā'
keys Escape
resize 40 12
check "40x12: still Latvian" wait_row 0 ' 2. Riska novērt*'
resize 80 24
keys q
check "quit" wait_for 'EXITED:0'

# ---- the first language: --lang, LANGUAGE ----------------------------------------------
rm -rf "$XDG_STATE_HOME/handbook"
run 80 24 "$HANDBOOK" --lang lv "$BOOK"
check "--lang lv: Latvian" wait_row 0 ' Ievads*'
check "--lang lv: its text" wait_flat 'Šī grāmata pārbauda valodas'
check "--lang lv: lv in the bottom line" wait_row 23 '*%  lv *'
keys L
check "L from Latvian: English" wait_row 0 ' Introduction*'
keys q
check "quit" wait_for 'EXITED:0'
run 80 24 env LANGUAGE=lv "$HANDBOOK" "$BOOK"
check "LANGUAGE=lv: Latvian" wait_flat 'Šī grāmata pārbauda valodas'
keys q
check "quit" wait_for 'EXITED:0'
run 80 24 env -u LC_ALL LANG=lv_LV.UTF-8 "$HANDBOOK" "$BOOK"
check "LANG=lv_LV.UTF-8 without that locale: Latvian" wait_flat 'Šī grāmata pārbauda valodas'
keys q
check "quit" wait_for 'EXITED:0'
run 80 24 "$HANDBOOK" "$FIXTURES/reader-book"
check "a book without translations" wait_row 0 ' Ievads*'
keys L
check "L says so" wait_flat 'This book has no translations'
keys q
check "quit" wait_for 'EXITED:0'

# ---- translator mode ------------------------------------------------------------------------
run 80 24 "$HANDBOOK" --lang lv "$BOOK"
keys : 3 Enter
check "chapter 3 in Latvian" wait_row 0 ' 3. Darbs procesā*'
check "untranslated text in English" wait_row 6 ' This paragraph is not translated yet.'
keys T
check "T: untranslated marked ? in the margin" wait_row 6 '?This paragraph is not translated yet.'
check "fuzzy marked ~" wait_row 8 '~This paragraph has a fuzzy translation.'
check "a translated one not marked" wait_row 4 ' Šī rindkopa ir iztulkota.'
keys t
check "the contents" wait_flat '3. Darbs procesā'
check "with each chapter's percentage" wait_for ' 3. Darbs procesā                                                         60%'
check "a whole chapter: 100%" wait_for '   1. Sadarbība                                                            100%'
keys Escape
check "back from the contents" wait_row 0 ' 3. Darbs procesā*'
check "the mode in the bottom line" wait_row 23 '*%  lv  translator *'
# has_sgr ROW WORD CODE: WORD on screen row ROW (0 = top) is drawn with
# SGR parameter CODE among those just before it
has_sgr() {
	_a=$(screen_attrs | sed -n "$(($1 + 1))p" | grep -o "\(${ESC}\[[0-9;]*m\)\+$2" | head -1 |
	    tr -d "$ESC" | sed "s/$2\$//; s/m\[/;/g; s/^\[//; s/m\$//")
	case ";$_a;" in *";$3;"*) return 0 ;; esac
	echo "# row $1: '$2' has attributes '$_a', expected $3 in them"
	return 1
}
check "an untranslated block in a colour of its own (red)" has_sgr 6 This 31
check "a fuzzy one in another (magenta)" has_sgr 8 This 35
keys B
check "B: the source under each translated block" wait_row 6 ' This paragraph is translated.'
check "the translation above it" wait_row 5 ' Šī rindkopa ir iztulkota.'
check "the heading's source under it" wait_row 3 ' 3 Work in progress'
check "the source dimmed" has_sgr 6 This 34
keys j
check "the modes in the bottom line" wait_row 23 '*%  lv  translator  bilingual *'
check "an untranslated block is not repeated" wait_row 8 '?This paragraph is not translated yet.'
keys B T
check "B and T off" wait_row 4 ' Šī rindkopa ir iztulkota.'
check "no marks" wait_row 6 ' This paragraph is not translated yet.'
keys q
check "quit" wait_for 'EXITED:0'

# at 20 columns there is no margin: the colour still marks the block
run 20 5 "$HANDBOOK" --lang lv "$BOOK"
keys : 3 Enter
check "20x5: chapter 3" wait_row 0 ' 3. Darbs procesā*'
keys T j j j j j
check "20x5: T, no margin" wait_flat 'This paragraph is not'
keys q
check "quit" wait_for 'EXITED:0'

# ---- R: reload after the .po is saved -------------------------------------------------------
cp -R "$BOOK" "$TEST_TMP/book"
PO="$TEST_TMP/book/po/lv.po"
later() { touch -d "@$(($(date +%s) + $1))" "$PO"; }	# a new mtime, whatever the clock's grain
run 80 24 "$HANDBOOK" --lang lv "$TEST_TMP/book"
keys : 3 Enter
check "the copy in Latvian" wait_row 4 ' Šī rindkopa ir iztulkota.'
keys R
check "R with nothing changed says so" wait_flat 'lv.po has not changed.'
sed -i 's/^msgstr "Šī rindkopa ir iztulkota."/msgstr "Šī rindkopa ir pārtulkota."/' "$PO"
later 10
keys R
check "R after an edit: the new text" wait_row 4 ' Šī rindkopa ir pārtulkota.'
check "and a word that it was reloaded" wait_flat 'Reloaded'
check "at the same place" wait_row 0 ' 3. Darbs procesā*'
# a broken catalog: its first error as file:line: message, the original text
printf '\nmsgid "broken\nmsgstr ""\n' >> "$PO"
later 20
keys R
check "a broken .po: file:line: message" wait_flat "lv.po:$(($(wc -l < "$PO") - 1)):"
check "the original text instead" wait_row 4 ' This paragraph is translated.'
check "the reader goes on" wait_row 0 ' 3. Work in progress*'
keys j k
check "and keys work" wait_row 0 ' 3. Work in progress*'
head -n -3 "$PO" > "$TEST_TMP/po" && cat "$TEST_TMP/po" > "$PO"
later 30
keys R
check "mended: Latvian again" wait_row 4 ' Šī rindkopa ir pārtulkota.'
keys q
check "quit with status 0" wait_for 'EXITED:0'

# Once po/lv.po has the interface strings of search and languages, add:
# after L, the bottom line's hints in Latvian ("?:help  t:contents
# s:search  q:quit"), and the notices of T, B and R in Latvian.
done_testing
