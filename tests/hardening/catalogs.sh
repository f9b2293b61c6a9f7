#!/bin/sh
# Broken catalogs, shown through `--lang lv --print all`: syntax errors, a
# NUL byte, an unknown, a missing and a mislabelled charset, invalid UTF-8,
# duplicates, msgstr with other markup (blocks, footnote labels, a line
# break in a table cell), msgstr with escape sequences, a huge entry and a
# file over the size limit.  Each problem is a `file:line: message`; what
# is broken falls back to English (the whole catalog when it does not
# parse, else the unit); nothing crashes or reaches the terminal raw.
# Interface messages are kept in English (no interface catalogs), the book
# text follows --lang.
. "$top_srcdir/tests/lib.sh"
HANDBOOK_LOCALEDIR=$TEST_TMP/none
export HANDBOOK_LOCALEDIR
cd "$TEST_TMP" || exit 1

mkdir -p book/src book/po
printf -- '- [Chapter](ch.md)\n' > book/src/SUMMARY.md
cat > book/src/ch.md <<'EOF'
# Heading

First paragraph.

Second paragraph with `code` and a [link](ch.md#heading).

Third paragraph.

Note[^1] and more[^2] here.

| Cell |
|---|
| one |

[^1]: The note.
[^2]: Another.
EOF

header='msgid ""
msgstr ""
"Language: lv\n"
"Content-Type: text/plain; charset=UTF-8\n"
'
entries='
msgid "Heading"
msgstr "Virsraksts"

msgid "First paragraph."
msgstr "Pirmā rindkopa."

msgid "Second paragraph with `code` and a [link](ch.md#heading)."
msgstr "Otrā rindkopa ar `code` un [saiti](ch.md#heading)."

msgid "Third paragraph."
msgstr "Trešā rindkopa."

msgid "Note[^1] and more[^2] here."
msgstr "Piezīme[^1] un vēl[^2] šeit."

msgid "Cell"
msgstr "Šūna"

msgid "one"
msgstr "viens"
'
notes='────────────────────────────────────────────────────────────
[1] The note.

[2] Another.'
latvian="1 Virsraksts
════════════

Pirmā rindkopa.

Otrā rindkopa ar code un saiti.

Trešā rindkopa.

Piezīme[1] un vēl[2] šeit.

┌───────┐
│ Šūna  │
├───────┤
│ viens │
└───────┘

$notes"
english="1 Heading
═════════

First paragraph.

Second paragraph with code and a link.

Third paragraph.

Note[1] and more[2] here.

┌──────┐
│ Cell │
├──────┤
│ one  │
└──────┘

$notes"
broken="handbook: TMP/book/po/lv.po: warning: this catalog has errors; showing the original text"

# show NAME: --lang lv --print all into NAME.out / NAME.err, 60 s at most
show() {
	timeout 60 "$HANDBOOK" --lang lv --print all --width 60 book > "$1.out" 2> "$1.err"
	echo $? > "$1.rc"
	sed -i "s|$TEST_TMP|TMP|g" "$1.err"
}

printf '%s%s' "$header" "$entries" > book/po/lv.po
show good
is "$(cat good.out)" "$latvian" "a good catalog translates every unit"
is "$(cat good.err)" "" "and says nothing"

# A syntax error: the catalog is not applied at all (a misparsed entry
# could put one paragraph's text under another).
printf '%s%s' "$header" "$entries" | sed 's/^msgstr "Trešā rindkopa."$/msgstr "Trešā rindkopa./' > book/po/lv.po
show syntax
is "$(cat syntax.out)" "$english" "syntax error: the original text"
is "$(cat syntax.err)" "handbook: TMP/book/po/lv.po:16: unterminated string: expected a closing '\"' before the end of the line
$broken" "syntax error: file:line and why"

printf '%s%s' "$header" "$entries" | sed 's/^msgstr "Trešā rindkopa."$/msgstr "Trešā \\000 rindkopa."/' > book/po/lv.po
show nul
is "$(cat nul.out)" "$english" "an escaped NUL byte: the original text"
is "$(cat nul.err)" "handbook: TMP/book/po/lv.po:16: escape sequence for a NUL byte
$broken" "an escaped NUL: file:line and why"

printf '%s%s' "$header" "$entries" | sed 's/charset=UTF-8/charset=KLINGON/' > book/po/lv.po
show charset
is "$(cat charset.out)" "$english" "unknown charset: the original text"
is "$(cat charset.err)" "handbook: TMP/book/po/lv.po:1: unknown charset 'KLINGON'; cannot convert it to UTF-8
$broken" "unknown charset: file:line and why"

printf '%s%s' "$header" "$entries" | sed 's/charset=UTF-8/charset=ISO-8859-13/' > book/po/lv.po
show mislabelled
is "$(cat mislabelled.out)" "$english" "UTF-8 declared as ISO-8859-13: the original text, not mojibake"
is "$(cat mislabelled.err)" "handbook: TMP/book/po/lv.po:1: the file is UTF-8 but its header declares charset 'ISO-8859-13'; correct the charset to UTF-8
$broken" "mislabelled charset: file:line and why"

printf '%s%s' "$header" "$entries" | grep -v Content-Type > book/po/lv.po
show nocharset
is "$(cat nocharset.out)" "$latvian" "no charset: UTF-8 is assumed, as msgfmt does"
is "$(cat nocharset.err)" "handbook: TMP/book/po/lv.po:1: warning: no charset declared in the header's Content-Type; assuming UTF-8" \
    "no charset: a warning with file:line"

# Invalid UTF-8 and a duplicate: warnings; the rest is used.
bad=$(printf '\377')
{ printf '%s%s' "$header" "$entries" | sed "s/^msgstr \"Trešā rindkopa.\"\$/msgstr \"Trešā $bad rindkopa.\"/"
  printf '\nmsgid "Cell"\nmsgstr "Otra"\n'; } > book/po/lv.po
show bytes
is "$(grep -F -e 'Trešā' -e 'Šūna' -e 'Otra' bytes.out)" "Trešā $(printf '\357\277\275') rindkopa.
│ Šūna  │" "invalid UTF-8 becomes U+FFFD; of duplicates the first counts"
is "$(cat bytes.err)" "handbook: TMP/book/po/lv.po:16: warning: invalid UTF-8 in msgstr; 1 byte sequence(s) replaced with U+FFFD
handbook: TMP/book/po/lv.po:27: warning: duplicate message: same msgctxt and msgid as the entry at line 21; this one is ignored" \
    "both with file:line"

# Markup the unit cannot take: those units stay English, with a warning;
# the original keeps its footnote references; escape sequences are shown.
printf '%s%s' "$header" "$entries" | sed \
    -e 's/^msgstr "Otrā rindkopa.*/msgstr "# Virsraksts\\n\\nOtrs bloks"/' \
    -e 's/^msgstr "Piezīme.*/msgstr "Piezīme[^1] un vēl[^1] šeit."/' \
    -e 's/^msgstr "viens"/msgstr "vie\\nns"/' \
    -e 's/^msgstr "Trešā rindkopa."$/msgstr "Trešā \\033]0;pwned\\a \\033[2J rindkopa."/' > book/po/lv.po
show markup
is "$(cat markup.out)" "1 Virsraksts
════════════

Pirmā rindkopa.

Second paragraph with code and a link.

Trešā ^[]0;pwned^G ^[[2J rindkopa.

Note[1] and more[2] here.

┌──────┐
│ Šūna │
├──────┤
│ one  │
└──────┘

$notes" "other markup: those units in English, footnotes intact; escapes shown as ^[ ^G"
is "$(cat markup.err)" "handbook: TMP/book/po/lv.po:12: warning: translation is not one block of the same kind; the original is shown
handbook: TMP/book/po/lv.po:18: warning: translation is not one block of the same kind; the original is shown
handbook: TMP/book/po/lv.po:24: warning: translation is not one block of the same kind; the original is shown" \
    "other markup: a warning with file:line for each"
is "$(LC_ALL=C tr -d '\n\040-\176\200-\377' < markup.out | wc -c)" 0 "no control byte is printed"
"$HANDBOOK" --check-po book/po/lv.po > checkpo.out 2>&1; rc=$?
is "$rc" 1 "--check-po: exit 1"
is "$(sed "s|$TEST_TMP/||" checkpo.out)" "handbook: book/po/lv.po:12: the translation is not one block of the same kind (a stray blank line or block marker?)
handbook: book/po/lv.po:15: the translation contains control characters
handbook: book/po/lv.po:18: the translation adds the footnote reference [^1]
handbook: 3 problems found" "--check-po: file:line for each"

# A huge entry: a 10 MB msgstr, printed within time and memory bounds.
{ printf '%s%s' "$header" "$entries" | grep -v -e 'Trešā' -e 'Third paragraph'
  printf '\nmsgid "Third paragraph."\nmsgstr "'
  awk 'BEGIN { for (i = 0; i < 524288; i++) printf "vārdi un "; }'
  printf 'beigas."\n'; } > book/po/lv.po
([ -n "${HANDBOOK_SANITIZED:-}" ] || ulimit -v 524288
 exec timeout 60 "$HANDBOOK" --lang lv --print all --width 60 book) > huge.out 2> huge.err
rc=$?
is "$rc" 0 "a 10 MB msgstr: printed within 60 s and 512 MiB"
is "$(grep -o 'vārdi' huge.out | wc -l) $(wc -L < huge.out)" "524288 60" "all of it, wrapped at 60"
is "$(cat huge.err)" "" "without a word"

# Over the size limit (64 MiB): refused, English.
{ printf '%s%s' "$header" "$entries"
  awk 'BEGIN { for (i = 0; i < 1400000; i++) printf "#. padding padding padding padding padding padding\n" }'; } > book/po/lv.po
show toobig
is "$(cat toobig.rc) $(head -1 toobig.out)" "0 1 Heading" "a 73 MB catalog: the original text"
is "$(cat toobig.err)" "handbook: TMP/book/po/lv.po: the file is larger than 64 MiB
$broken" "and why"

done_testing
