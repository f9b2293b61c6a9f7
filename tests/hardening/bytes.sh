#!/bin/sh
# Odd bytes in a book: invalid UTF-8, NUL, byte order marks, CRLF and lone
# CR line ends, overlong forms, surrogates, code points above U+10FFFF, a
# truncated sequence — in book.toml, SUMMARY.md, a chapter, a code block, a
# table and an included file.  Each becomes U+FFFD (one per ill-formed
# sequence, as cmark-gfm validates) or is taken for what it is (BOM, CRLF),
# and the output is exactly known.
. "$top_srcdir/tests/lib.sh"

book=$TEST_TMP/bytes
mkdir -p "$book/src"
printf '\357\273\277[book]\r\ntitle = "Bytes \377 book"\r\n' > "$book/book.toml"
printf '\357\273\277# Summary\r\n\r\n- [Bad \377\376 title \300\257](bytes.md)\r\n- [Included](inc.md)\r\n' \
    > "$book/src/SUMMARY.md"
printf '\357\273\277# BOM and CRLF\r\n\r\nInvalid \377\376 bytes, overlong \300\257 and \340\200\257, surrogate \355\240\200,\r\nbeyond U+10FFFF \364\220\200\200, truncated \342\202 end.\r\n\r\nNUL \000 here, lone CR\rsplits, mid BOM \357\273\277 here.\n\n```\r\ncode \377 \000 \355\240\200 end\r\n```\r\n\n| a \377 | b \000 |\n|---|---|\n| \300\200 | c |\n\n{{#include inc.md}}\n' \
    > "$book/src/bytes.md"
printf '\357\273\277## Included\r\n\r\nText \377.\r\n' > "$book/src/inc.md"

R=$(printf '\357\277\275')	# U+FFFD
B=$(printf '\357\273\277')	# U+FEFF

out=$("$HANDBOOK" --list "$book" 2>&1); rc=$?
is "$rc" 0 "--list exits 0"
is "$out" "Bytes $R book

  1. Bad $R$R title $R
  2. Included" "--list: book.toml after a BOM is read; bad bytes in titles are U+FFFD"

"$HANDBOOK" --print all --width 40 "$book" > "$TEST_TMP/out" 2> "$TEST_TMP/err"; rc=$?
is "$rc" 0 "--print all exits 0"
is "$(cat "$TEST_TMP/err")" "" "and says nothing"
is "$(cat "$TEST_TMP/out")" "1 BOM and CRLF
══════════════

Invalid $R$R bytes, overlong $R and $R,
surrogate $R, beyond U+10FFFF $R,
truncated $R end.

NUL $R here, lone CR splits, mid BOM $B
here.

  code $R $R $R end

┌─────┬─────┐
│ a $R │ b $R │
├─────┼─────┤
│ $R   │ c   │
└─────┴─────┘

1.1 Included
────────────

Text $R.

2.1 Included
────────────

Text $R." "--print: U+FFFD for every ill-formed sequence, CRLF and CR end lines, a BOM starts an included file"
check "--print output is valid UTF-8" iconv -f UTF-8 -t UTF-8 "$TEST_TMP/out" -o /dev/null
n=$(LC_ALL=C tr -d '\n\040-\176\200-\377' < "$TEST_TMP/out" | wc -c)
is "$n" 0 "no control byte (NUL, CR) in the output"

# A folder book: the title comes from the first heading, after a BOM.
mkdir "$TEST_TMP/folder"
printf '\357\273\277# Folder \377 chapter\r\n\r\nText.\r\n' > "$TEST_TMP/folder/a.md"
is "$("$HANDBOOK" --list "$TEST_TMP/folder")" "folder

  1. Folder $R chapter" "a folder book's title after a BOM, bad bytes as U+FFFD"

# Search sees U+FFFD as a separator, never as a way to hide a word.
out=$("$HANDBOOK" --search surrogate --width 80 "$book"); rc=$?
is "$rc" 0 "--search finds a word next to a bad byte"
is "$out" "1 Bad $R$R title $R (1): …$R and $R, surrogate $R, beyond U+10FFFF …" \
    "and shows the snippet with U+FFFD"

# A chapter that starts with an empty heading has an empty first line:
# writing its end crashed --print (found by fuzz_render).
printf '#\n\ntext\n' > "$TEST_TMP/empty.md"
out=$("$HANDBOOK" --print all --width 20 "$TEST_TMP/empty.md"); rc=$?
is "$rc" 0 "a chapter starting with an empty heading prints"
is "$out" "


text" "as an empty heading and its (empty) underline"

done_testing
