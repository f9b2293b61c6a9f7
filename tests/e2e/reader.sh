#!/bin/sh
# tests/e2e/reader.sh — the interactive reader, driven in tmux at fixed
# sizes: every key of the issue at 80x24 and at 20x5, resize keeping the
# top paragraph, quit and resume, NO_COLOR, no terminal, mouse, signals,
# damaged state.  Each check polls the pane; nothing sleeps.
. "${srcdir:-.}/tests/lib.sh"
. "${srcdir:-.}/tests/e2e/screen.sh"
need_tmux

BOOK="$FIXTURES/reader-book"

bottom() { screen | tail -n 1; }
percent() { bottom | sed -n 's/^ *\([0-9][0-9]*\)%.*/\1/p'; }

# until_visible TEXT: press j until TEXT is on screen
until_visible() {
	n=0
	while ! screen | grep -qF -- "$1"; do
		n=$((n + 1))
		[ $n -gt 60 ] && { echo "# never visible: $1"; screen | diag; return 1; }
		p=$(screen | md5sum)
		keys j
		k=0
		while [ "$(screen | md5sum)" = "$p" ] && [ $k -lt 100 ]; do
			k=$((k + 1))
			sleep 0.02
		done
	done
}

# select_link TARGET: Tab until the bottom line shows "→ TARGET"
select_link() {
	n=0
	while :; do
		keys Tab
		wait_flat "→ $1" 1 >/dev/null && return 0
		n=$((n + 1))
		[ $n -gt 8 ] && { echo "# no link to $1"; screen | diag; return 1; }
	done
}

# ---- every key, at a size -------------------------------------------------
# At 80x24 the text has a margin of one column; at 20x5 none.
scenario() {
	cols=$1 rows=$2
	last=$((rows - 2))
	if [ "$cols" -ge 40 ]; then m=' '; else m=''; fi
	sz="${cols}x$rows"
	rm -rf "$XDG_STATE_HOME/handbook"
	run "$cols" "$rows" "$HANDBOOK" "$BOOK"

	check "$sz: opens at the first chapter" wait_row 0 ' Ievads*'
	until_visible 'Šī ir testa'
	check "$sz: Latvian text" wait_flat 'Šī ir testa grāmata'
	check "$sz: position and language in the bottom line" wait_row "$((rows - 1))" '*%  en*'

	# Space through a chapter: each page starts with the last line of
	# the one before, then on to the next chapter.  (At 20x5 a shorter
	# chapter: the long one is 140 pages there.)
	if [ "$rows" -ge 24 ]; then
		long=2 long_t=' 2. Garā nodaļa*' long_end='Garās nodaļas pēdējā rinda.'
		next_t=' 3. Saites*'
	else
		long=1 long_t=' 1. Sadarbība*' long_end='Sadarbības beigas.'
		next_t=' 1.1. Riska*'
	fi
	keys : $long Enter
	check "$sz: ':$long' opens chapter $long" wait_row 0 "$long_t"
	ok=0 pages=0
	while [ "$(percent)" != 100 ]; do
		before=$(percent) prev=$(row "$last")
		keys Space
		i=0
		while [ "$(percent)" = "$before" ] && [ $i -lt 250 ]; do i=$((i + 1)); sleep 0.02; done
		if [ "$(percent)" != 100 ]; then
			[ "$(row 1)" = "$prev" ] ||
			    { ok=1; echo "# page $pages: row 1 is '$(row 1)', was last '$prev'"; }
		else	# the last page is not a whole page further
			screen | sed -n "2,${last}p" | grep -qxF -- "$prev" ||
			    { ok=1; echo "# last page: '$prev' is gone"; }
		fi
		pages=$((pages + 1))
		[ $pages -gt 200 ] && { ok=1; break; }
	done
	is "$ok" 0 "$sz: Space pages on, keeping one line ($pages pages)"
	check "$sz: the chapter's last line is on its last page" wait_flat "$long_end"
	keys Space
	check "$sz: Space at the end goes on to the next chapter" wait_row 0 "$next_t"

	# ] and [ in reading order; the draft is skipped
	keys : 3 Enter
	check "$sz: chapter 3" wait_row 0 ' 3. Saites*'
	keys ]
	check "$sz: ] next chapter" wait_row 0 ' 4. Platās*'
	keys [
	check "$sz: [ previous chapter" wait_row 0 ' 3. Saites*'
	keys [ [
	check "$sz: [ skips the draft" wait_row 0 ' 1.1. Riska novērt*'

	# contents: filter, open, fold
	keys t
	check "$sz: t opens the contents" wait_row 0 ' Contents*'
	check "$sz: the current chapter is marked" wait_flat '•1.1.Riska'
	keys -l 'ZIM'
	check "$sz: typing filters, accents and case ignored" wait_flat '/ZIM2chapters'
	check "$sz: the filtered list" wait_row 1 "$m  Otrā daļa"
	check "$sz: its first chapter" wait_row 2 "$m    3. Saites un*"
	check "$sz: and the second" wait_row 3 "$m    4. Platās*"
	keys Down Enter
	check "$sz: Enter opens the selected chapter" wait_row 0 ' 4. Platās*'
	keys t
	check "$sz: contents again" wait_row 0 ' Contents*'
	check "$sz: unfolded" wait_flat '▾Otrādaļa'
	keys Left
	keys Left
	check "$sz: Left on a chapter goes to its part, then folds it" wait_flat '▸Otrādaļa'
	check "$sz: folded away" wait_gone 'Saites un'
	keys Right
	check "$sz: Right unfolds" wait_flat '▾Otrādaļa'
	keys Escape
	check "$sz: Esc back to reading" wait_row 0 ' 4. Platās*'

	# outline
	keys : 2 Enter
	check "$sz: back in chapter 2" wait_row 0 ' 2. Garā nodaļa*'
	keys o
	check "$sz: o opens the outline" wait_row 0 ' Outline: 2. Gar*'
	keys -l 'la 7'
	check "$sz: the outline filters too" wait_row 1 "$m  2.7 Sadaļa 7"
	keys Enter
	check "$sz: Enter jumps to the heading" wait_row 1 "${m}2.7 Sadaļa 7"

	# links: follow, back, forward; an anchor; a web address
	keys : 3 Enter
	check "$sz: chapter 3" wait_row 0 ' 3. Saites*'
	until_visible 'riska'
	check "$sz: Tab selects a link, its target shown" select_link '1.1. Riska novērtēšana'
	keys Enter
	check "$sz: Enter follows it" wait_row 0 ' 1.1. Riska novērt*'
	keys BSpace
	check "$sz: Backspace comes back" wait_row 0 ' 3. Saites*'
	check "$sz: to the same place" wait_flat 'riska'
	until_visible 'septīto'
	check "$sz: a link to a heading in another chapter" select_link '2. Garā nodaļa'
	keys Enter
	check "$sz: lands on the heading" wait_row 1 "${m}2.7 Sadaļa 7"
	keys h
	check "$sz: h is back" wait_row 0 ' 3. Saites*'
	keys l
	check "$sz: l is forward" wait_row 1 "${m}2.7 Sadaļa 7"
	keys Left
	check "$sz: Left is back" wait_row 0 ' 3. Saites*'
	keys Right
	check "$sz: Right is forward" wait_row 0 ' 2. Garā*'
	keys h
	check "$sz: back again" wait_row 0 ' 3. Saites*'
	until_visible 'Eiropas'
	check "$sz: an external link shows its full address" \
	    select_link 'https://europa.eu/european-union/index_lv?a=1&b=2#augša'
	keys Enter
	check "$sz: Enter does not open it" wait_flat 'Web address (not opened): https://europa.eu/european-union/index_lv?a=1&b=2#augša'
	keys C-l
	check "$sz: and we stay" wait_row 0 ' 3. Saites*'

	# footnote and back
	until_visible 'piezīmi[1]'
	check "$sz: a footnote mark" select_link '#fn-1'
	keys Enter
	check "$sz: Enter shows the note" wait_flat '[1] Pirmā piezīme'
	check "$sz: the mark is out of view" wait_gone 'piezīmi[1]'
	keys Enter
	check "$sz: Enter on the note goes back to the mark" wait_flat 'piezīmi[1]'

	# bookmarks
	keys : 2 . 7 Enter
	check "$sz: ':2.7' a numbered section" wait_row 1 "${m}2.7 Sadaļa 7"
	keys m a
	check "$sz: m a sets a bookmark" wait_flat 'Bookmark a set.'
	keys : S a d a r b Enter
	check "$sz: ':Sadarb' a title" wait_row 0 ' 1. Sadarbība*'
	keys "'" a
	check "$sz: ' a jumps to it" wait_row 1 "${m}2.7 Sadaļa 7"
	keys g M
	check "$sz: M lists bookmarks" wait_row 0 ' Bookmarks*'
	check "$sz: with chapter and first words" wait_row 1 "${m}a  2. Garā nod*"
	keys a
	check "$sz: a letter in the list jumps" wait_row 1 "${m}2.7 Sadaļa 7"

	# help, redraw
	keys '?'
	check "$sz: ? shows the keys" wait_row 0 ' Keys*'
	check "$sz: from the table" wait_flat 'j, Down, Ctrl-N,'
	keys q
	check "$sz: q leaves the help" wait_row 0 ' 2. Garā*'
	keys F1
	check "$sz: F1 is help too" wait_row 0 ' Keys*'
	keys Escape
	check "$sz: Esc leaves it" wait_row 0 ' 2. Garā*'
	before=$(screen)
	keys C-l j
	check "$sz: Ctrl-L, then j" wait_row 1 "${m}─*"
	keys k
	check "$sz: k" wait_row 1 "${m}2.7 Sadaļa 7"
	is "$(screen)" "$before" "$sz: Ctrl-L changed nothing"

	# quit, resume
	keys j j
	check "$sz: scrolled" wait_row 1 ""
	at=$(screen | sed -n "2,$((rows - 1))p")
	keys q
	check "$sz: q quits with status 0" wait_for 'EXITED:0'
	statefiles=$(ls "$XDG_STATE_HOME"/handbook/reader-book-*.state 2>/dev/null | wc -l)
	is "$statefiles" 1 "$sz: one state file for the book"
	run "$cols" "$rows" "$HANDBOOK" "$BOOK"
	check "$sz: reopened in the same chapter" wait_row 0 ' 2. Garā*'
	is "$(screen | sed -n "2,$((rows - 1))p")" "$at" "$sz: at the same place"
	keys : 1 Enter "'" a
	check "$sz: the bookmark is kept" wait_row 1 "${m}2.7 Sadaļa 7"
	keys q
	check "$sz: quit" wait_for 'EXITED:0'
}

scenario 80 24
scenario 20 5

# ---- every scroll key, against the printed chapter ------------------------------
# Screen row 1 is line `top` of `handbook --print 2 --width W`, W the text
# column (78 from column 1 at 80x24; 20 from column 0 at 20x5).
scroll_keys() {
	cols=$1 rows=$2 w=$3 m=$4
	text=$((rows - 2)) p=$((rows - 3)) h=$(((rows - 2) / 2))
	"$HANDBOOK" --print 2 --width "$w" "$BOOK" > "$TEST_TMP/ch2.txt"
	max=$(($(wc -l < "$TEST_TMP/ch2.txt") - text))
	rm -rf "$XDG_STATE_HOME/handbook"
	run "$cols" "$rows" "$HANDBOOK" "$BOOK"
	keys : 2 Enter
	check "${cols}x$rows keys: chapter 2" wait_row 0 ' 2. Garā nodaļa*'
	# key:top (pages keep one line: p = rows-3; half pages: h)
	for step in j:1 Down:2 C-n:3 C-e:4 k:3 Up:2 C-p:1 C-y:0 Space:$p NPage:$((2 * p)) \
	    f:$((3 * p)) C-f:$((4 * p)) b:$((3 * p)) PPage:$((2 * p)) C-b:$p d:$((p + h)) \
	    C-d:$((p + 2 * h)) u:$((p + h)) C-u:$p G:$max g:0 End:$max Home:0 ">:$max" "<:0"; do
		key=${step%%:*} want=${step#*:}
		keys "$key"
		l1=$(sed -n "$((want + 1))p" "$TEST_TMP/ch2.txt")
		l2=$(sed -n "$((want + 2))p" "$TEST_TMP/ch2.txt")
		# a blank line or a rule alone cannot tell; the next line too
		check "${cols}x$rows key $key: top line $want" wait_row 1 "${l1:+$m}$l1"
		check "${cols}x$rows key $key: and the next" wait_row 2 "${l2:+$m}$l2"
	done
}
scroll_keys 20 5 20 ''
scroll_keys 80 24 78 ' '
keys G
check "keys: G shows the last line" wait_flat 'Garās nodaļas pēdējā rinda.'

# Shift-Tab, a broken link; ` for bookmarks; list keys; Q
keys : 3 Enter
check "keys: chapter 3" wait_row 0 ' 3. Saites*'
keys BTab
check "Shift-Tab selects the last link on the screen" wait_flat '→ nav-tadas.md'
keys BTab
check "Shift-Tab again: the one before" wait_flat '→ #fn-2'
keys Tab Tab
check "Tab wraps around to the first" wait_flat '→ 1.1. Riska novērtēšana'
keys BTab Enter
check "a broken link says so" wait_flat 'Broken link: nav-tadas.md'
check "and stays" wait_row 0 ' 3. Saites*'
keys m z : 1 Enter
check "keys: chapter 1" wait_row 0 ' 1. Sadarbība*'
keys '`' z
check "\` jumps to a bookmark too" wait_row 0 ' 3. Saites*'
keys "'" q
check "an unset bookmark says so" wait_flat 'Bookmark q is not set.'
keys t Home Enter
check "contents: Home, Enter: the first entry" wait_row 0 ' Ievads*'
keys t End Enter
check "contents: End: the last" wait_row 0 ' Pielikums*'
keys t End Up Enter
check "contents: Up" wait_row 0 ' 4. Platās*'
keys t Home C-n C-n Down C-p Enter
check "contents: Ctrl-N, Down, Ctrl-P" wait_row 0 ' 1. Sadarbība*'
keys t Home NPage Enter
check "contents: PgDn (clamped)" wait_row 0 ' Pielikums*'
keys t End PPage Enter
check "contents: PgUp (clamped)" wait_row 0 ' Ievads*'
keys t Home Down Enter
check "contents: Enter on a part folds it" wait_flat '▸Pirmādaļa'
keys Enter
check "and unfolds it" wait_flat '▾Pirmādaļa'
keys Escape
check "contents closed" wait_row 0 ' Ievads*'
keys M
check "bookmarks: the list" wait_row 1 ' z  3. Saites un piezīmes: Saites un piezīmes'
keys DC
check "bookmarks: Delete removes one" wait_flat 'No bookmarks yet'
keys Escape "'" z
check "bookmarks: deleted for good" wait_flat 'Bookmark z is not set.'
keys Q
check "Q quits too" wait_for 'EXITED:0'
check "and the deletion was saved" sh -c "! grep -q '^mark z' '$XDG_STATE_HOME'/handbook/reader-book-*.state"

# ---- resize -----------------------------------------------------------------
rm -rf "$XDG_STATE_HOME/handbook"
run 80 24 "$HANDBOOK" "$BOOK"
keys : 2 . 7 Enter
check "resize: at section 2.7" wait_row 1 ' 2.7 Sadaļa 7'
resize 40 12
check "resize 40x12: the heading stays on top" wait_row 1 ' 2.7 Sadaļa 7'
check "resize 40x12: text rewrapped" wait_row 4 ' Rindkopa 7 sākas šeit. Ēdažu ģimene'
resize 20 5
check "resize 20x5: still on top" wait_row 1 '2.7 Sadaļa 7'
check "resize 20x5: a 20-column top line" wait_row 0 ' 2. Garā nodaļa'
resize 120 40
check "resize 120x40: still on top, centred" wait_row 1 '          2.7 Sadaļa 7'
check "resize 120x40: a 100-column text" wait_row 4 '          Rindkopa 7 sākas šeit. Ēdažu ģimene ķēra ļoti čaklus zivju gārņus, un šī teikuma garums ir izvēlēts'
resize 19 5
check "resize 19x5: too small" wait_for 'Terminal too'
keys j j j
resize 80 24
check "resize back to 80x24: the same place" wait_row 1 ' 2.7 Sadaļa 7'
# a paragraph in the middle keeps its text on top
keys j j j j j
check "resize: inside a paragraph" wait_row 1 ' terminālī. Rindkopas 7 beigas.'
resize 30 8
check "resize 30x8: the line with that text on top" wait_flat 'terminālī.Rindkopas7beigas.'
top30=$(row 1)
case $top30 in *terminālī.*) r=0 ;; *) r=1 ;; esac
is "$r" 0 "resize 30x8: the top line holds the text ('$top30')"
resize 80 24
check "resize 80x24: exactly the same line again" wait_row 1 ' terminālī. Rindkopas 7 beigas.'
keys q
check "resize: quit" wait_for 'EXITED:0'

# too small from the start
rm -rf "$XDG_STATE_HOME/handbook"
run 15 4 "$HANDBOOK" "$BOOK"
check "15x4 at start: the notice" wait_for 'Terminal'
resize 20 5
check "grown to 20x5: the text" wait_row 0 ' Ievads*'
keys q
check "quit" wait_for 'EXITED:0'

# ---- wide characters line up ---------------------------------------------------
run 80 24 "$HANDBOOK" "$BOOK"
keys : 4 Enter
check "wide: chapter 4" wait_row 0 ' 4. Platās rakstzīmes 漢字 — Lasītāja grāmata'
check "wide: table row with CJK" wait_for '│ 漢字  │ rakstzīmes │'
check "wide: table row with Latvian" wait_for '│ ēģīļ  │ burti      │'
# display width = characters + one more for each wide (CJK) character
width() { echo $(( $(printf '%s' "$1" | wc -m) + $(printf '%s' "$1" | grep -o '[漢字]' | wc -l) )); }
w0=$(width "$(screen | grep -F 'Vārds')")
w1=$(width "$(screen | grep -F '漢字  │')")
w2=$(width "$(screen | grep -F 'ēģīļ  │')")
is "$w1 $w2" "$w0 $w0" "wide: the right borders line up"
keys q
check "wide: quit" wait_for 'EXITED:0'

# ---- colours and NO_COLOR -------------------------------------------------------
# colour SGR parameters: 30-38, 40-48, 90-97, 100-107 (39/49 = default)
has_colour() {
	screen_attrs | grep -o "$(printf '\033')\[[0-9;]*m" | tr -d '\033[m' | tr ';' '\n' |
	    grep -Eqx '3[0-8]|4[0-8]|9[0-7]|10[0-7]'
}
run 80 24 "$HANDBOOK" "$BOOK"
keys : 3 Enter
check "colour: chapter 3" wait_row 0 ' 3. Saites*'
check "colour: links and bars in colour" has_colour
keys q
check "colour: quit" wait_for 'EXITED:0'
run 80 24 env NO_COLOR=1 "$HANDBOOK" "$BOOK"
keys : 3 Enter
check "NO_COLOR: chapter 3" wait_row 0 ' 3. Saites*'
if has_colour; then fail "NO_COLOR: no colour at all"; screen_attrs | cat -v | head -5 | diag; else pass "NO_COLOR: no colour at all"; fi
screen_attrs | grep -q "$(printf '\033')\[7m" && pass "NO_COLOR: reverse video bars" || fail "NO_COLOR: reverse video bars"
screen_attrs | grep -q "$(printf '\033')\[4mriska" && pass "NO_COLOR: links underlined" || fail "NO_COLOR: links underlined"
keys q
check "NO_COLOR: quit" wait_for 'EXITED:0'

# ---- no terminal: the --print output ------------------------------------------------
"$HANDBOOK" --print all "$BOOK" > "$TEST_TMP/want.txt" 2>&1
run 80 24 "'$HANDBOOK' '$BOOK' > '$TEST_TMP/got.txt'"
check "stdout redirected: exits 0" wait_for 'EXITED:0'
is_file "$TEST_TMP/got.txt" "$TEST_TMP/want.txt" "stdout redirected: the --print output"
run 80 24 env TERM=dumb "$HANDBOOK" "$BOOK"
check "TERM=dumb: printed, exits 0" wait_for 'EXITED:0'
check "TERM=dumb: the book's text" wait_for 'Pielikuma teksts.'
if screen_attrs | grep -q "$(printf '\033')\[1m"; then fail "TERM=dumb: no SGR codes"; else pass "TERM=dumb: no SGR codes"; fi
"$HANDBOOK" "$BOOK" < /dev/null > "$TEST_TMP/got2.txt" 2>&1
is "$?" 0 "stdin and stdout not terminals: exit 0"
is_file "$TEST_TMP/got2.txt" "$TEST_TMP/want.txt" "stdin and stdout not terminals: the --print output"

# ---- mouse (xterm X10 reports: ESC [ M button x+33 y+33) ---------------------------------
click() { # button col row, 0-based
	T send-keys -t t -H 1b 5b 4d "$(printf %02x $((32 + $1)))" "$(printf %02x $((33 + $2)))" "$(printf %02x $((33 + $3)))"
}
rm -rf "$XDG_STATE_HOME/handbook"
run 80 24 "$HANDBOOK" "$BOOK"
keys : 3 Enter
check "mouse: chapter 3" wait_row 0 ' 3. Saites*'
y=$(screen | grep -n 'riska novērtēšanu' | head -1 | cut -d: -f1)
click 0 10 $((y - 1)); click 3 10 $((y - 1))
check "mouse: a click on a link follows it" wait_row 0 ' 1.1. Riska novērt*'
keys h
check "mouse: back" wait_row 0 ' 3. Saites*'
click 65 5 5
check "mouse: the wheel scrolls down" wait_row 1 ' Skatīt riska*'
click 64 5 5
check "mouse: and up" wait_row 1 ' 3 Saites un piezīmes'
keys t
check "mouse: contents" wait_row 0 ' Contents*'
y=$(screen | grep -n 'Pielikums' | head -1 | cut -d: -f1)
click 0 8 $((y - 1)); click 3 8 $((y - 1))
check "mouse: a click on an entry opens it" wait_row 0 ' Pielikums*'
keys q
check "mouse: quit" wait_for 'EXITED:0'

# ---- signals restore the terminal and keep the place --------------------------------------
for sig in INT TERM HUP; do
	rm -rf "$XDG_STATE_HOME/handbook"
	run 80 24 "sh -c 'echo \$\$ > $TEST_TMP/pid; exec $HANDBOOK $BOOK'"
	check "SIG$sig: started" wait_row 0 ' Ievads*'
	keys ]
	check "SIG$sig: chapter 1" wait_row 0 ' 1. Sadarbība*'
	kill -s "$sig" "$(cat "$TEST_TMP/pid")"
	case $sig in INT) code=130 ;; TERM) code=143 ;; HUP) code=129 ;; esac
	check "SIG$sig: exits $code" wait_for "EXITED:$code"
	is "$(T display -p -t t '#{alternate_on} #{cursor_flag}')" "0 1" "SIG$sig: normal screen and cursor back"
	check "SIG$sig: the place was saved" grep -q '^last sadarbiba.md ' "$XDG_STATE_HOME"/handbook/reader-book-*.state
done

# ---- content never reaches the terminal raw ------------------------------------------
# ESC c in a SUMMARY title, OSC 2 (set title) and CSI colours in the text
# and a link: shown as ^[ placeholders, never sent.
run 80 24 "$HANDBOOK" "$FIXTURES/reader-hostile"
check "hostile: opens" wait_flat 'Galva ^[[31mSARKANS^[[0m'
check "hostile: a title's ESC c is shown" wait_for ' 1. Virsraksts ^[c nodaļa — Bīstamā ^[]2;PWNED^G grāmata'
check "hostile: OSC 2 in the text is shown" wait_flat 'Teksts ^[]2;PWNED^G un saite.'
keys Tab
check "hostile: in a link's address too" wait_flat '→ https://x.lv/^[]2;PWNED^G'
keys Enter
check "hostile: and when followed" wait_flat 'Web address (not opened): https://x.lv/^[]2;PWNED^G'
keys t
check "hostile: in the contents" wait_flat 'Virsraksts ^[c nodaļa'
keys Escape o
check "hostile: in the outline" wait_flat 'Galva ^[[31mSARKANS^[[0m'
case $(T display -p -t t '#{pane_title}') in
*PWNED*) fail "hostile: the pane title is untouched" ;;
*) pass "hostile: the pane title is untouched" ;;
esac
if screen_attrs | grep -q "$(printf '\033')\[31mSARKANS"; then
	fail "hostile: no colour from the text"
else
	pass "hostile: no colour from the text"
fi
keys Escape q
check "hostile: quit" wait_for 'EXITED:0'

# ---- damaged and unwritable state -------------------------------------------------------------
rm -rf "$XDG_STATE_HOME/handbook"
mkdir -p "$XDG_STATE_HOME/handbook"
run 80 24 "$HANDBOOK" "$BOOK"
keys ]
check "state: saved once" wait_row 0 ' 1. Sadarbība*'
keys q
check "state: quit" wait_for 'EXITED:0'
f=$(ls "$XDG_STATE_HOME"/handbook/reader-book-*.state)
printf 'handbook-state 1\nlast sadarb\001\002\000\377' > "$f"
run 80 24 "$HANDBOOK" "$BOOK"
check "state: a damaged file gives a one-line warning" wait_flat 'is not a text file; it was ignored'
check "state: and the reader goes on" wait_row 0 ' Ievads*'
keys j
check "state: the warning goes with the next key" wait_gone 'not a text file'
keys ] q
check "state: quit" wait_for 'EXITED:0'
check "state: the damaged file was replaced" grep -q '^last sadarbiba.md ' "$f"

run 80 24 env XDG_STATE_HOME="$BOOK/book.toml" "$HANDBOOK" "$BOOK"
check "state: unreadable folder: a warning" wait_flat 'cannot read the reading state'
check "state: the reader goes on" wait_row 0 ' Ievads*'
keys ] ]
check "state: reading works" wait_row 0 ' 1.1. Riska*'
keys q
check "state: unwritable: still exits 0" wait_for 'EXITED:0'
check "state: and says why on the way out" wait_for 'handbook: cannot save the reading state'

# ---- |: the section at the top, as text, to a command ------------------------------------
rm -rf "$XDG_STATE_HOME/handbook"
run 80 24 env T="$TEST_TMP" "$HANDBOOK" "$BOOK"
check "pipe: opens" wait_row 0 ' Ievads*'
keys : 2 . 2 Enter
check "pipe: at section 2.2" wait_row 1 ' 2.2 Sadaļa 2*'
keys '|'
check "|: a prompt naming the section" wait_row 23 ' Pipe 2.2 to:*'
keys -l "cat > \"\$T\"/p.txt; echo from the command"
keys Enter
check "the command has the terminal; then Enter is asked for" wait_for '[Press Enter to return to the handbook]'
check "what it printed is shown" wait_for 'from the command'
keys Enter
check "Enter: back at the same place" wait_row 1 ' 2.2 Sadaļa 2*'
check "and a word of what was sent" wait_row 23 ' 2.2 sent to: cat > "$T"/p.txt; echo from the command*'
"$HANDBOOK" --print 2.2 --width 78 "$BOOK" > "$TEST_TMP/want22.txt"
is_file "$TEST_TMP/p.txt" "$TEST_TMP/want22.txt" "the section as --print 2.2 prints it, as wide as the screen's text"
keys '|' Up
check "|: Up recalls the last command" wait_row 23 ' Pipe 2.2 to: cat > "$T"/p.txt; echo from the command*'
keys C-u
keys -l 'exit 3'
keys Enter
check "a failing command" wait_for '[Press Enter to return to the handbook]'
keys Enter
check "its status in the bottom line" wait_row 23 ' The command ended with status 3: exit 3*'
keys g '|'
check "|: above the first section, the chapter's heading names it" wait_row 23 ' Pipe 2 to:*'
keys Escape q
check "pipe: quit" wait_for 'EXITED:0'

done_testing
