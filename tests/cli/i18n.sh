#!/bin/sh
# The book text through gettext: catalogs, the Markdown-consistency check,
# extraction, mdbook-i18n-helpers compatibility, --coverage, --lang.
. "$top_srcdir/tests/lib.sh"
F=$FIXTURES
S=$abs_top_srcdir

# Both catalogs compile cleanly, with no fuzzy or untranslated entry.
for po in "$S/po/lv.po" "$S/handbook/po/lv.po"; do
	name=${po#$S/}
	out=$(msgfmt -c --statistics -o /dev/null "$po" 2>&1); rc=$?
	is "$rc" 0 "msgfmt -c accepts $name"
	case $out in
	*fuzzy*|*untranslated*) fail "$name has no fuzzy or untranslated entry"; echo "$out" | diag ;;
	*) pass "$name has no fuzzy or untranslated entry" ;;
	esac
done
# The Latvian plural rule is gettext's (not CLDR's order, which msgfmt accepts too).
rule='nplurals=3; plural=(n%10==1 \&\& n%100!=11 ? 0 : n != 0 ? 1 : 2);'
for po in "$S/po/lv.po" "$S/handbook/po/lv.po"; do
	got=$(msgcat --force-po --no-wrap "$po" | sed -n 's/^"Plural-Forms: \(.*\)\\n"$/\1/p')
	is "$got" "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2);" "${po#$S/} pins the Latvian plural rule"
done
# Translations keep their Markdown.
"$HANDBOOK" --check-po "$S/handbook/po/lv.po" > "$TEST_TMP/out" 2>&1; rc=$?
is "$rc" 0 "handbook/po/lv.po keeps every code span, link, footnote and emphasis"
[ "$rc" = 0 ] || diag < "$TEST_TMP/out"
# ... and the check does catch lost markup.
cat > "$TEST_TMP/bad.po" <<'PO'
msgid ""
msgstr "Content-Type: text/plain; charset=UTF-8\n"

msgid "See `code` and [a link](x.md)[^1] with **strong** text."
msgstr "Skatīt kodu un [saiti](y.md) ar treknu tekstu."

msgid "One paragraph."
msgstr "Viena.\n\nDivas."
PO
"$HANDBOOK" --check-po "$TEST_TMP/bad.po" > "$TEST_TMP/out" 2>&1; rc=$?
is "$rc" 1 "--check-po fails on lost markup"
sed "s|$TEST_TMP/||" "$TEST_TMP/out" > "$TEST_TMP/out2"
is "$(cat "$TEST_TMP/out2")" "handbook: bad.po:4: the translation lost the code span \`code\`
handbook: bad.po:7: the translation is not one block of the same kind (a stray blank line or block marker?)
handbook: 2 problems found" "--check-po names each entry's line and what was lost"

# The catalog covers everything the reader extracts from the source now.
"$HANDBOOK" --xgettext "$S/handbook" > "$TEST_TMP/handbook.pot"
msgcmp "$S/handbook/po/lv.po" "$TEST_TMP/handbook.pot" > "$TEST_TMP/out" 2>&1; rc=$?
is "$rc" 0 "handbook/po/lv.po has every message --xgettext extracts"
[ "$rc" = 0 ] || head -20 "$TEST_TMP/out" | diag
is "$(grep -c '^#: ' "$TEST_TMP/handbook.pot" | awk '{ print ($1 > 2000) }')" 1 "the handbook has over 2000 messages"
msgfmt -c -o /dev/null "$TEST_TMP/handbook.pot"; rc=$?
is "$rc" 0 "the extracted .pot is valid"

# mdbook-i18n-helpers compatibility: a catalog written as mdbook-xgettext
# extracts applies for at least 90 % of its translated entries.
"$HANDBOOK" --xgettext "$F/i18n-book" > "$TEST_TMP/i18n.pot"
msgattrib --translated --no-fuzzy --no-obsolete "$F/i18n-book/po/lv.po" | msgcat --no-wrap - |
    sed -n 's/^msgid "\(.*\)"$/\1/p' | grep -v '^$' > "$TEST_TMP/ids"
msgcat --no-wrap "$TEST_TMP/i18n.pot" | sed -n 's/^msgid "\(.*\)"$/\1/p' > "$TEST_TMP/ours"
total=$(wc -l < "$TEST_TMP/ids")
applied=$(grep -cxFf "$TEST_TMP/ours" "$TEST_TMP/ids")
pct=$((applied * 100 / total))
check "mdbook-i18n-helpers catalog: $applied of $total entries apply ($pct %, at least 90 %)" test "$pct" -ge 90
out=$("$HANDBOOK" --lang lv --print foo.md --width 60 "$F/i18n-book")
want="1 Kā veikt Foo
══════════════

Pirmā rindkopa. Tā pati rindkopa.

Saite

│ • Sveiki, šis ir saraksts citātā.
│
│   Šī ir otrā rindkopa.

Skatīt šo lapu, lai uzzinātu vairāk.

Šim ziņojumam ir code stils

piešķirt:
Dinamiska atmiņas piešķiršana kaudzē.

--Ābrahams Linkolns

Teksts ar piezīmi[1].

Apmeklēt https://example.com.

────────────────────────────────────────────────────────────
[1] Pati piezīme."
is "$out" "$want" "the compatibility book reads in Latvian: paragraphs, quotes, links, breaks, footnotes"
out=$("$HANDBOOK" --lang lv --list "$F/i18n-book")
is "$out" "mdbook-i18n-helpers compatibility book

Priekšvārda nodaļa

Daļas nosaukums
  1. Foo nodaļa
  2. Bazs Quux
Noslēguma nodaļa" "SUMMARY titles are translated (formatting stripped as mdBook shows them)"
out=$("$HANDBOOK" --lang lv --print baz.md --width 60 "$F/i18n-book")
case $out in
*"This paragraph is never translated."*"Terminu vārdnīca"*) pass "i18n:skip keeps the source; heading attributes are not in the msgid" ;;
*) fail "i18n:skip keeps the source; heading attributes are not in the msgid"; echo "$out" | diag ;;
esac
case $out in
*"Moduļa veids"*"Izveido Rust bināro failu."*) pass "table cells are translated one by one" ;;
*) fail "table cells are translated one by one" ;;
esac
out=$("$HANDBOOK" --lang en --print baz.md --width 60 "$F/i18n-book" | head -1)
is "$out" "2 Baz Quux" "--lang en shows the source"

# --coverage: per language and chapter, exit 0.
"$HANDBOOK" --coverage "$F/i18n-book" > "$TEST_TMP/cov"; rc=$?
is "$rc" 0 "--coverage exits 0"
is "$(sed "s|$F/||" "$TEST_TMP/cov")" "lv: i18n-book/po/lv.po
       chapter                                   units   done  fuzzy   todo     %
       Table of contents                             5      5      0      0  100%
       Prefix Chapter                                5      5      0      0  100%
1      The Foo Chapter                              12     12      0      0  100%
2      Baz Quux                                      9      9      0      0  100%
       Suffix Chapter                                4      2      1      1   50%
       Total                                        35     33      1      1   94%" "--coverage counts translated, fuzzy and untranslated units"

# A broken catalog: file:line, and the English text instead.
mkdir -p "$TEST_TMP/b/src" "$TEST_TMP/b/po"
printf -- '- [Nodaļa](a.md)\n' > "$TEST_TMP/b/src/SUMMARY.md"
printf '# Title\n\nHello world.\n' > "$TEST_TMP/b/src/a.md"
printf 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Hello world."\nmsgstr "Sveika, pasaule.\n' > "$TEST_TMP/b/po/lv.po"
"$HANDBOOK" --lang lv --print all "$TEST_TMP/b" > "$TEST_TMP/out" 2> "$TEST_TMP/err"; rc=$?
is "$rc" 0 "a broken catalog does not stop --print"
is "$(tail -1 "$TEST_TMP/out")" "Hello world." "the text falls back to English"
case $(cat "$TEST_TMP/err") in
*"lv.po:5:"*) pass "the catalog's error names its file and line" ;;
*) fail "the catalog's error names its file and line"; diag < "$TEST_TMP/err" ;;
esac

done_testing
