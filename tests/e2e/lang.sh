#!/bin/sh
# tests/e2e/lang.sh — languages in the interactive reader, driven in tmux
# on a book with a Latvian catalog (tests/fixtures/lang-book): L switches
# the text (and the interface) keeping the same block at the top, and
# back; --lang and LANGUAGE choose the first language; translator mode
# (T) shows coverage in the contents and marks untranslated (?) and fuzzy
# (~) blocks; the bilingual view (B) puts the source under each
# translated block; R reloads an edited .po, and a broken one shows its
# file:line error and the original text, without a crash.  The
# interface follows the language: its Latvian strings (po/lv.po: the
# bottom line's hints and modes, the notices of L, T, B and R, the search
# of s and / with its counts and wrap notices) are checked word for word.
# Each check polls the pane; nothing sleeps.
. "${srcdir:-.}/tests/lib.sh"
. "${srcdir:-.}/tests/e2e/screen.sh"
need_tmux

BOOK="$FIXTURES/lang-book"
# the bottom line's key hints, as in po/lv.po (case patterns for wait_row)
EN_HINTS='[?]:help  t:contents  s:search  q:quit'
LV_HINTS='[?]:palīdzība  t:saturs  s:meklēt  q:iziet'

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
check "the English key hints" wait_row 23 "*%  en *$EN_HINTS"
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
check "L: the key hints in Latvian too" wait_row 23 "*%  lv *$LV_HINTS"
keys L
check "L again: English" wait_row 0 ' 1. Cooperation*'
check "the same paragraph at the top again" wait_row 1 ' Paragraph 12 begins here.*'
is "$(screen | sed -n '2,23p')" "$en_text" "the very same screen as before"
check "en" wait_row 23 '*%  en *'
check "L again: the key hints in English" wait_row 23 "*%  en *$EN_HINTS"
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
check "the contents' title in Latvian, and the book's" wait_row 0 ' Saturs — Valodu piemērs*'
check "the contents' hints" wait_row 23 '*Enter:atvērt  rakstīt:filtrēt  Esc:atpakaļ'
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
check "--lang lv: the key hints in Latvian" wait_row 23 "*%  lv *$LV_HINTS"
keys '?'
check "?: the keys in Latvian" wait_row 0 ' Taustiņi*'
check "with Latvian group titles" wait_for ' Saites un vēsture'
check "and its hint" wait_row 23 '*q:atpakaļ'
keys q
check "back from the keys" wait_row 0 ' Ievads*'
keys L
check "L from Latvian: English" wait_row 0 ' Introduction*'
check "and the interface too" wait_row 23 "*%  en *$EN_HINTS"
keys q
check "quit" wait_for 'EXITED:0'
run 80 24 env LANGUAGE=lv "$HANDBOOK" "$BOOK"
check "LANGUAGE=lv: Latvian" wait_flat 'Šī grāmata pārbauda valodas'
check "LANGUAGE=lv: the key hints in Latvian" wait_row 23 "*%  lv *$LV_HINTS"
keys q
check "quit" wait_for 'EXITED:0'
run 80 24 env -u LC_ALL LANG=lv_LV.UTF-8 "$HANDBOOK" "$BOOK"
check "LANG=lv_LV.UTF-8 without that locale: Latvian" wait_flat 'Šī grāmata pārbauda valodas'
check "LANG=lv_LV.UTF-8: the key hints in Latvian" wait_row 23 "*%  lv *$LV_HINTS"
keys q
check "quit" wait_for 'EXITED:0'
run 80 24 "$HANDBOOK" "$FIXTURES/reader-book"
check "a book without translations" wait_row 0 ' Ievads*'
keys L
check "L says so" wait_flat 'This book has no translations'
keys q
check "quit" wait_for 'EXITED:0'
# the same in a Latvian interface: L, T, B and R say why they do nothing
run 80 24 "$HANDBOOK" --lang lv "$FIXTURES/reader-book"
check "--lang lv, a book without translations" wait_row 23 "*%  lv *$LV_HINTS"
keys L
check "L says so in Latvian" wait_flat 'Šai grāmatai nav tulkojumu (nav po/LANG.po).'
keys T
check "T: no translation to mark, in Latvian" \
    wait_flat 'Tulkotāja režīms: grāmata tiek rādīta oriģinālvalodā; ar L pārslēdz uz tulkojumu.'
keys T
check "T again: off, in Latvian" wait_flat 'Tulkotāja režīms izslēgts.'
keys B
check "B: no translation to show with its source, in Latvian" \
    wait_flat 'Divvalodu skats: grāmata tiek rādīta oriģinālvalodā; ar L pārslēdz uz tulkojumu.'
keys B
check "B again: off, in Latvian" wait_flat 'Divvalodu skats izslēgts.'
keys R
check "R: nothing to reload, in Latvian" \
    wait_flat 'Grāmata tiek rādīta oriģinālvalodā: nav tulkojuma, ko ielādēt no jauna.'
keys q
check "quit" wait_for 'EXITED:0'

# ---- translator mode ------------------------------------------------------------------------
run 80 24 "$HANDBOOK" --lang lv "$BOOK"
keys : 3 Enter
check "chapter 3 in Latvian" wait_row 0 ' 3. Darbs procesā*'
check "untranslated text in English" wait_row 6 ' This paragraph is not translated yet.'
keys T
check "T: its notice in Latvian" \
    wait_flat 'Tulkotāja režīms: ? apzīmē netulkotu tekstu, ~ — neprecīzu; saturā redzams, cik daudz ir iztulkots.'
check "T: untranslated marked ? in the margin" wait_row 6 '?This paragraph is not translated yet.'
check "a fuzzy entry: its draft shown, marked ~" wait_row 8 '~Šai rindkopai ir neskaidrs tulkojums.'
check "a translated one not marked" wait_row 4 ' Šī rindkopa ir iztulkota.'
keys t
check "the contents" wait_flat '3. Darbs procesā'
check "with each chapter's percentage" wait_for ' 3. Darbs procesā                                                         60%'
check "a whole chapter: 100%" wait_for '   1. Sadarbība                                                            100%'
keys Escape
check "back from the contents" wait_row 0 ' 3. Darbs procesā*'
check "the mode in the bottom line, in Latvian" wait_row 23 "*%  lv  tulkotājs *$LV_HINTS"
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
check "a fuzzy one in another (magenta)" has_sgr 8 Šai 35
keys s
keys -l neskaidrs
check "s finds the draft shown in translator mode" wait_row 0 ' Meklēšana visā grāmatā: 1 rezultāts*'
keys Escape
check "Esc: back" wait_row 8 '~Šai rindkopai ir neskaidrs tulkojums.'
keys B
check "B: its notice in Latvian" wait_flat 'Divvalodu skats: pēc katra tulkotā bloka seko tā oriģināls.'
check "B: the source under each translated block" wait_row 6 ' This paragraph is translated.'
check "the translation above it" wait_row 5 ' Šī rindkopa ir iztulkota.'
check "the heading's source under it" wait_row 3 ' 3 Work in progress'
check "the source dimmed" has_sgr 6 This 34
keys j
check "the modes in the bottom line, in Latvian" wait_row 23 "*%  lv  tulkotājs  divvalodu *$LV_HINTS"
check "an untranslated block is not repeated" wait_row 8 '?This paragraph is not translated yet.'
is "$(screen | grep -A1 '^~Šai rindkopai' | tail -1)" ' This paragraph has a fuzzy translation.' "a draft has its source under it"
keys B
check "B off: its notice in Latvian" wait_flat 'Divvalodu skats izslēgts.'
keys T
check "T off: its notice in Latvian" wait_flat 'Tulkotāja režīms izslēgts.'
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
check "R with nothing changed says so, in Latvian" wait_flat 'po/lv.po nav mainījies.'
sed -i 's/^msgstr "Šī rindkopa ir iztulkota."/msgstr "Šī rindkopa ir pārtulkota."/' "$PO"
later 10
keys R
check "R after an edit: the new text" wait_row 4 ' Šī rindkopa ir pārtulkota.'
check "and a word that it was reloaded, in Latvian" wait_flat 'po/lv.po ielādēts no jauna.'
check "at the same place" wait_row 0 ' 3. Darbs procesā*'
# a broken catalog: its first error as file:line: message, the original text
printf '\nmsgid "broken\nmsgstr ""\n' >> "$PO"
later 20
keys R
check "a broken .po: file:line: message" wait_flat "lv.po:$(($(wc -l < "$PO") - 1)):"
check "the message in Latvian" \
    wait_flat "lv.po:$(($(wc -l < "$PO") - 1)): nepabeigta virkne: līdz rindas beigām nav noslēdzošās pēdiņas"
check "the original text instead" wait_row 4 ' This paragraph is translated.'
check "the reader goes on" wait_row 0 ' 3. Work in progress*'
keys j k
check "and keys work" wait_row 0 ' 3. Work in progress*'
head -n -3 "$PO" > "$TEST_TMP/po" && cat "$TEST_TMP/po" > "$PO"
later 30
keys R
check "mended: Latvian again" wait_row 4 ' Šī rindkopa ir pārtulkota.'
# saved again at once (no later): the size and the nanoseconds tell
sed -i 's/^msgstr "Šī rindkopa ir pārtulkota."/msgstr "Šī rindkopa ir tulkota vēlreiz."/' "$PO"
keys R
check "R after a second save within the same second" wait_row 4 ' Šī rindkopa ir tulkota vēlreiz.'
keys q
check "quit with status 0" wait_for 'EXITED:0'

# ---- e: edit the paragraph where it comes from ------------------------------------------
# The editor is a script: it records its arguments and saves a change.
cat > "$TEST_TMP/editor" <<'SH'
#!/bin/sh
printf '%s\n' "$@" > "$EDITOR_ARGS"
case $2 in
*.po) sed -i 's/^msgstr "Šī rindkopa ir tulkota vēlreiz."/msgstr "Šī rindkopa ir labota redaktorā."/' "$2" ;;
*.md) sed -i 's/^The last paragraph is translated too\.$/The last paragraph was edited./' "$2" ;;
esac
SH
chmod +x "$TEST_TMP/editor"
wait_file() { poll 250 "no $1" test -s "$1"; }
run 80 24 env EDITOR="$TEST_TMP/editor" EDITOR_ARGS="$TEST_TMP/args" "$HANDBOOK" --lang lv "$TEST_TMP/book"
keys : 3 Enter
check "e: the chapter" wait_row 4 ' Šī rindkopa ir tulkota vēlreiz.'
keys / r i n d k o p a ' ' i r ' ' t Enter
check "/ puts the current hit on the paragraph" wait_highlighted 4 rindkopa cur
keys e
wait_file "$TEST_TMP/args"
is "$(cat "$TEST_TMP/args")" "+$(grep -n '^msgid "This paragraph is translated."' "$PO" | cut -d: -f1)
$TEST_TMP/book/po/lv.po" "e: \$EDITOR on the .po, at the entry of the paragraph under the cursor"
check "the saved change shown at once" wait_row 4 ' Šī rindkopa ir labota redaktorā.'
check "with a word that it was reloaded" wait_flat 'po/lv.po ielādēts no jauna.'
check "at the same place" wait_row 0 ' 3. Darbs procesā*'
rm -f "$TEST_TMP/args"
keys L
check "L: English" wait_row 0 ' 3. Work in progress*'
keys / l a s t Enter
check "/ last" wait_highlighted "$(line_of 'The last paragraph')" last cur
keys e
wait_file "$TEST_TMP/args"
is "$(cat "$TEST_TMP/args")" "+$(grep -n '^The last paragraph' "$TEST_TMP/book/src/wip.md" | cut -d: -f1)
$TEST_TMP/book/src/wip.md" "e in the book's own language: \$EDITOR on the chapter's Markdown, at the paragraph"
check "the edited Markdown shown at once" wait_flat 'The last paragraph was edited.'
keys q
check "e: quit" wait_for 'EXITED:0'

# ---- search in a Latvian interface: s, / and the notices of n and N --------------------
rm -rf "$XDG_STATE_HOME/handbook"
run 80 24 "$HANDBOOK" --lang lv "$BOOK"
check "--lang lv once more" wait_row 0 ' Ievads*'
keys n
check "n before any search says how to search, in Latvian" \
    wait_flat 'Vēl nekas nav meklēts: / meklē šajā nodaļā, s — visā grāmatā.'
keys s
check "s: the search's title in Latvian" wait_row 0 ' Meklēšana visā grāmatā*'
check "its prompt" wait_row 23 ' Meklēt:*'
check "its hint" wait_flat 'Ierakstiet vārdus, lai meklētu visā grāmatā: sadaļā jābūt visiem vārdiem; "vārdi pēdiņās" ir frāze; diakritiskās zīmes un lielie vai mazie burti nav svarīgi.  Ar Augšup atsauc iepriekšējos meklējumus, ar Lejup pāriet uz rezultātiem, ar Enter atver rezultātu.'
keys -l risks
# the three plural forms: 7 rezultāti, 1 rezultāts, 0 rezultātu; 6 and 2
# atbilstības, 1 atbilstība
check "7 results: rezultāti" wait_row 0 ' Meklēšana visā grāmatā: 7 rezultāti*'
check "the prompt with the query" wait_row 23 ' Meklēt: risks*'
check "6 hits: atbilstības" wait_row 2 '   2.1 Riska izvērtēšana * 6 atbilstības'
check "2 hits: atbilstības" wait_row 4 '   2.2 Riska apraksts * 2 atbilstības'
check "1 hit: atbilstība" wait_row 6 '   2 Riska novērtēšana * 1 atbilstība'
keys -l ' vel'
check "1 result: rezultāts" wait_row 0 ' Meklēšana visā grāmatā: 1 rezultāts*'
check "7 hits: atbilstības" wait_row 2 '   2.1 Riska izvērtēšana * 7 atbilstības'
keys -l ' zzzz'
check "0 results: rezultātu" wait_row 0 ' Meklēšana visā grāmatā: 0 rezultātu*'
check "nothing found, in Latvian" wait_flat 'Nekas nav atrasts: risks vel zzzz.'
keys BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace
check "Backspace: 7 results again" wait_row 0 ' Meklēšana visā grāmatā: 7 rezultāti*'
keys Enter
check "Enter opens the first result" wait_row 0 ' 2. Riska novērtēšana*'
# n past the last chapter with hits goes round the book, with a notice
n=0
while ! screen | grep -q '^ Ievads'; do
	keys n
	n=$((n + 1))
	[ $n -gt 15 ] && break
	sleep 0.05
done
check "n round the book" wait_row 0 ' Ievads*'
check "the notice in Latvian" wait_flat 'meklēšana turpināta no grāmatas sākuma'
keys n
check "n: the next chapter with hits" wait_row 0 ' 1. Sadarbība*'
keys N
check "N: back" wait_row 0 ' Ievads*'
keys N
check "N round the book the other way" wait_row 0 ' 2. Riska novērtēšana*'
check "its notice in Latvian" wait_flat 'meklēšana turpināta no grāmatas beigām'
# / in chapter 1: its count, and the wrap notices of n and N
keys : 1 Enter
check "chapter 1" wait_row 0 ' 1. Sadarbība*'
keys /
check "/ opens its prompt" wait_row 23 ' /*'
keys -l likumparkapeja
check "typed without accents" wait_row 23 ' /likumparkapeja*'
keys Enter
check "3 hits in this chapter, in Latvian" wait_flat '3 atbilstības šajā nodaļā'
keys n
check "n" wait_for 'Rindkopa 17 beidzas šeit.'
keys n
check "n" wait_for 'Rindkopa 28 beidzas šeit.'
keys n
check "n at the last hit wraps, the notice in Latvian" wait_flat 'meklēšana turpināta no augšas'
check "to the first hit" wait_for 'Rindkopa 3 beidzas šeit.'
keys N
check "N at the first hit wraps, the notice in Latvian" wait_flat 'meklēšana turpināta no apakšas'
keys / z z z z Enter
check "/ finding nothing, in Latvian" wait_flat 'Šajā nodaļā nav atrasts: zzzz'
keys / - - Enter
check "/ with no words, in Latvian" wait_flat "Vaicājumā '--' nav meklējamu vārdu."
keys [
check "[: the introduction" wait_row 0 ' Ievads*'
keys / r i s k u Enter
check "1 hit in this chapter: atbilstība" wait_flat '1 atbilstība šajā nodaļā'
keys q
check "quit" wait_for 'EXITED:0'

done_testing
