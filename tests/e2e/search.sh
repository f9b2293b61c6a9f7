#!/bin/sh
# tests/e2e/search.sh — search in the interactive reader, driven in tmux:
# s with results as you type (chapters, sections, hit counts), Enter at
# the hit with every hit highlighted, n / N on through the chapters and
# round the book, / incremental with its wrap notices, Esc back to where
# the reader was, the query history with Up (kept for next time), hits
# kept over a resize.  Each check polls the pane; nothing sleeps.
. "${srcdir:-.}/tests/lib.sh"
. "${srcdir:-.}/tests/e2e/screen.sh"
need_tmux

BOOK="$FIXTURES/lang-book"

text_rows() { screen | sed -n "2,$(($(screen | wc -l) - 1))p"; }

# wait_text TEXT: poll until the text rows (not the bottom line) are TEXT
text_is() { [ "$(text_rows)" = "$1" ]; }
wait_text() { poll 250 "timed out waiting for the text to come back" text_is "$1"; }

# ---- whole book: s ------------------------------------------------------------
rm -rf "$XDG_STATE_HOME/handbook"
run 80 24 "$HANDBOOK" "$BOOK"
check "opens" wait_row 0 ' Introduction*'
keys ]
check "chapter 1" wait_row 0 ' 1. Cooperation*'
keys j j j
check "scrolled a little" wait_row 1 ' 1.1 Section 1'
before=$(text_rows)

keys s
check "s opens the search" wait_row 0 ' Search the whole book*'
check "with a prompt" wait_row 23 ' Search:*'
check "and a hint" wait_flat 'Type words to search the whole book'
keys -l ris
check "results as you type: a chapter" wait_for ' 2. Risk assessment'
check "its sections with their hit counts" wait_for '   2.1 Assessing risk'
check "the hit count" wait_row 2 '*6 hits'
check "a one-line snippet" wait_for '     …reader. It mentions risk once.'
check "the hit in the snippet highlighted" wait_highlighted "$(line_of 'It mentions risk')" risk hit
check "every chapter with hits" wait_for ' 1. Cooperation'
check "Introduction too" wait_for ' Introduction'
check "the count of results" wait_row 0 ' Search the whole book: 7 results*'
keys -l 'k manage'
check "more words: sections holding all of them" wait_row 0 ' Search the whole book: 1 result*'
check "the one section" wait_row 2 '   2.1 Assessing risk*'
keys BSpace BSpace BSpace BSpace BSpace BSpace BSpace
check "Backspace: the results come back" wait_row 0 ' Search the whole book: 7 results*'
keys Escape
check "Esc returns to the chapter" wait_row 0 ' 1. Cooperation*'
check "to the same place" wait_text "$before"

# Enter: the chapter at the result's hit, every hit highlighted
keys s
check "s again" wait_row 0 ' Search the whole book*'
keys -l offender
check "one chapter" wait_row 1 ' 1. Cooperation*'
check "three sections" wait_row 0 ' Search the whole book: 3 results*'
check "typing: the cursor in the prompt" wait_cursor 23 17
keys Down
check "Down: the cursor on the selected result" wait_cursor 2 3
keys Up
keys Enter
check "Enter opens the chapter" wait_row 0 ' 1. Cooperation*'
check "at the hit" wait_for 'Paragraph 3 ends here.'
y=$(line_of 'offender')
check "the hit is the current one" wait_highlighted "$y" offender cur
x=$(screen | sed -n "$((y + 1))p" | awk '{ print index($0, "offender") - 1 }')
check "the cursor on it, for screen readers" wait_cursor "$y" "$x"
keys q
check "quit" wait_for 'EXITED:0'

# n and N after s go on from chapter to chapter, round the book
run 80 24 "$HANDBOOK" "$BOOK"
check "reopened in chapter 1" wait_row 0 ' 1. Cooperation*'
keys s
keys -l risk
check "risk: results" wait_row 0 ' Search the whole book: 7 results*'
keys Down Down Up Up Down Enter
check "Down, Up in the results; Enter opens the selected one" wait_row 0 ' 2. Risk assessment*'
check "every hit highlighted" wait_highlighted 7 Risk hit
check "the selected result's hit is current" wait_highlighted 4 risk cur
keys n
check "n: the next hit" wait_highlighted 7 Risk cur
keys N
check "N: back" wait_highlighted 4 risk cur
n=0
while ! screen | grep -q '^ Introduction'; do
	keys n
	n=$((n + 1))
	[ $n -gt 15 ] && break
	sleep 0.05
done
check "n past the chapter's last hit: on round the book" wait_row 0 ' Introduction*'
check "with a notice" wait_flat 'search wrapped to the start of the book'
y=$(line_of 'mentions risk')
check "on its hit" wait_highlighted "$y" risk cur
keys n
check "n: the next chapter with hits" wait_row 0 ' 1. Cooperation*'
y=$(line_of 'The risk')
check "at its first hit" wait_highlighted "$y" risk cur
keys N
check "N: back to the chapter before" wait_row 0 ' Introduction*'
keys N
check "N round the book the other way" wait_flat 'search wrapped to the end of the book'
check "the last chapter with hits" wait_row 0 ' 2. Risk assessment*'
keys BSpace
check "Backspace: back in history" wait_row 0 ' Introduction*'

# ---- in the chapter: / ------------------------------------------------------------
keys : 1 Enter
check "chapter 1 again" wait_row 0 ' 1. Cooperation*'
before=$(text_rows)
keys /
check "/ opens a prompt" wait_row 23 ' /*'
keys -l offend
check "highlights as you type" wait_highlighted "$(line_of 'offender')" offender cur
check "still typing" wait_row 23 ' /offend*'
keys Enter
check "Enter keeps the search" wait_flat '3 hits in this chapter'
keys n
check "n" wait_for 'Paragraph 17 ends here.'
check "the next hit current" wait_highlighted "$(line_of 'offender')" offender cur
keys n
check "n" wait_for 'Paragraph 28 ends here.'
keys n
check "n at the last hit wraps, with a notice" wait_flat 'search wrapped to the top'
check "to the first hit" wait_for 'Paragraph 3 ends here.'
keys N
check "N at the first hit wraps too" wait_flat 'search wrapped to the bottom'
keys g
check "g: the top again" wait_text "$before"
keys / o f f
check "another search as you type" wait_highlighted "$(line_of 'offender')" offender cur
keys Escape
check "Esc cancels: back where / started" wait_text "$before"
keys n
check "and the search before is back" wait_highlighted "$(line_of 'offender')" offender cur

# the highlight survives a resize
keys n
check "n: the next hit, brought into view" wait_for 'Paragraph 17 ends here.'
resize 50 16
check "resized to 50x16" wait_row 15 '*en*'
y=$(line_of 'offender')
check "the current hit still highlighted" wait_highlighted "${y:-1}" offender cur
resize 80 24
check "back to 80x24" wait_row 23 '*en*'

# ---- query history ---------------------------------------------------------------
keys s Up
check "Up recalls the last query" wait_row 23 ' Search: offend*'
keys Up
check "and the one before" wait_row 23 ' Search: risk*'
keys Down
check "Down: a later one" wait_row 23 ' Search: offend*'
keys Down
check "Down at the newest: back to what was typed" wait_row 23 ' Search:'
keys Escape q
check "quit" wait_for 'EXITED:0'
run 80 24 "$HANDBOOK" "$BOOK"
check "reopened" wait_row 0 ' 1. Cooperation*'
keys s Up
check "the history is kept for next time" wait_row 23 ' Search: offend*'
keys Escape
check "Esc" wait_row 0 ' 1. Cooperation*'

# without colours the hits are in reverse video
keys q
check "quit" wait_for 'EXITED:0'
run 80 24 env NO_COLOR=1 "$HANDBOOK" "$BOOK"
check "NO_COLOR" wait_row 0 ' 1. Cooperation*'
keys / o f f e n d Enter
check "NO_COLOR: a hit in reverse video" wait_highlighted "$(line_of 'offender')" offender rev
keys q
check "quit" wait_for 'EXITED:0'

# ---- more results than the first batch ---------------------------------------------------
# 60 chapters with one section each about zebras: the best 40 come at
# once ("40+"), more when the selection nears the end, and n / N after
# Enter go on through every chapter with hits, not only the 40 shown.
BIG="$TEST_TMP/big"
mkdir -p "$BIG/src"
printf '# Summary\n\n' > "$BIG/src/SUMMARY.md"
i=1
while [ $i -le 60 ]; do
	printf -- '- [Herd %d](h%d.md)\n' $i $i >> "$BIG/src/SUMMARY.md"
	printf '# Herd %d\n\n## Grazing %d\n\nA zebra grazes here.\n' $i $i > "$BIG/src/h$i.md"
	i=$((i + 1))
done
run 80 24 "$HANDBOOK" "$BIG"
check "60 chapters" wait_row 0 ' 1. Herd 1*'
keys s
keys -l zebra
check "the first 40 results, and more to come" wait_row 0 ' Search the whole book: 40+ results*'
keys Down End
check "End: the 40th result selected" wait_flat '40.1 Grazing 40'
check "and the rest fetched" wait_row 0 ' Search the whole book: 60 results*'
keys End
check "End again: the last result" wait_flat '60.1 Grazing 60'
keys Escape s
keys -l zebra
check "a new search: 40 again" wait_row 0 ' Search the whole book: 40+ results*'
keys Enter
check "Enter: chapter 1 at its hit" wait_row 0 ' 1. Herd 1*'
keys N
check "N before the first result: round to the book's last chapter" wait_row 0 ' 60. Herd 60*'
check "with the notice" wait_flat 'search wrapped to the end of the book'
keys N
check "N again: chapter 59, beyond the 40 shown" wait_row 0 ' 59. Herd 59*'
keys q
check "quit" wait_for 'EXITED:0'

# ---- a tiny screen ---------------------------------------------------------------------
run 20 5 "$HANDBOOK" "$BOOK"
check "20x5" wait_row 0 ' 1. Cooperation*'
keys s
keys -l offender
check "20x5: a result" wait_for '1.1 Section'
keys Enter
check "20x5: Enter opens at the hit" wait_for 'offender'
keys n
check "20x5: n" wait_flat '17'
keys q
check "20x5: quit" wait_for 'EXITED:0'

done_testing
