#!/bin/sh
# The book text through gettext: catalogs, the Markdown-consistency check,
# extraction, mdbook-i18n-helpers compatibility, --coverage, --lang.
. "$top_srcdir/tests/lib.sh"
F=$(cd "$FIXTURES" && pwd -P)
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
is "$(sed -n '/^#\. The book/,/^$/p' "$TEST_TMP/handbook.pot" | msgcat --no-wrap - 2>/dev/null | sed -n 's/^msgid "\(..*\)"$/\1/p')" \
    "Serious Offenders on the Move: A Handbook for Police and Probation Cooperation in the EU" \
    "--xgettext extracts the book's title from book.toml"
is "$("$HANDBOOK" --lang lv --list "$S/handbook" | head -1)" \
    "Smagu noziedzīgu nodarījumu izdarītāju pārvietošanās: rokasgrāmata policijas un probācijas dienestu sadarbībai Eiropas Savienībā" \
    "--lang lv --list: the book's title in Latvian"
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
       Table of contents                             6      5      0      1   83%
       Prefix Chapter                                5      5      0      0  100%
1      The Foo Chapter                              12     12      0      0  100%
2      Baz Quux                                      9      9      0      0  100%
       Suffix Chapter                                4      2      1      1   50%
       Total                                        36     33      1      2   91%" "--coverage counts translated, fuzzy and untranslated units"

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

# ---- the interface in Latvian (po/lv.po) ----------------------------------------
# The language comes from LANGUAGE, from LANG even when that locale is not
# installed, and from --lang over both; an explicit C locale means English.
LV_USAGE='Lietojums: handbook [OPCIJA]... [GRĀMATA]'
EN_USAGE='Usage: handbook [OPTION]... [BOOK]'
LD="$abs_top_builddir/locale"
out=$(env -i LC_ALL=C.UTF-8 LANGUAGE=lv HANDBOOK_LOCALEDIR="$LD" "$HANDBOOK" --help | head -1)
is "$out" "$LV_USAGE" "LANGUAGE=lv: --help in Latvian"
if locale -a 2>/dev/null | grep -qix 'lv_LV\.utf-\{0,1\}8'; then
	note="(the lv_LV.UTF-8 locale is installed)"
else
	note="(the lv_LV.UTF-8 locale is not installed)"
fi
out=$(env -i LANG=lv_LV.UTF-8 HANDBOOK_LOCALEDIR="$LD" "$HANDBOOK" --help | head -1)
is "$out" "$LV_USAGE" "LANG=lv_LV.UTF-8: --help in Latvian $note"
out=$(env -i LC_ALL=C LANGUAGE=lv HANDBOOK_LOCALEDIR="$LD" "$HANDBOOK" --help | head -1)
is "$out" "$EN_USAGE" "LC_ALL=C LANGUAGE=lv: the C locale is respected, --help in English"
out=$(env -i LC_ALL=C.UTF-8 LANGUAGE=en HANDBOOK_LOCALEDIR="$LD" "$HANDBOOK" --help | head -1)
is "$out" "$EN_USAGE" "LANGUAGE=en: --help in English"
out=$(env -i LC_ALL=C.UTF-8 LANGUAGE=en HANDBOOK_LOCALEDIR="$LD" "$HANDBOOK" --lang lv --help | head -1)
is "$out" "$LV_USAGE" "--lang lv overrides LANGUAGE=en"
out=$(env -i LC_ALL=C.UTF-8 LANGUAGE=lv HANDBOOK_LOCALEDIR="$LD" "$HANDBOOK" --lang en --help | head -1)
is "$out" "$EN_USAGE" "--lang en overrides LANGUAGE=lv"
# The Latvian --help keeps to 80 columns, and its option descriptions
# and their continuation lines start in column 25 (from 0), as in English.
LANGUAGE=lv "$HANDBOOK" --help > "$TEST_TMP/help"
is "$(sed -n '/^.\{80\}/p' "$TEST_TMP/help")" "" "the Latvian --help has no line of 80 columns or more"
is "$(grep '^  ' "$TEST_TMP/help" | sed -n '/^.\{24\} [^ ]/!p')" "" \
    "the Latvian --help's descriptions start in column 25"

# Plurals, Latvian rule: 1, 21 take form 0 (nodaļa); 2, 11 form 1
# (nodaļas); 0 form 2 (nodaļu).  --check counts chapters and problems.
mkbook() {	# mkbook DIR N: a book of N chapters
	mkdir -p "$1/src"
	printf '# Summary\n\n' > "$1/src/SUMMARY.md"
	_i=1
	while [ "$_i" -le "$2" ]; do
		printf -- '- [C%d](c%d.md)\n' "$_i" "$_i" >> "$1/src/SUMMARY.md"
		printf '# C%d\n\nText.\n' "$_i" > "$1/src/c$_i.md"
		_i=$((_i + 1))
	done
}
P=$TEST_TMP/pl
for n in 1 2 11 21; do
	mkbook "$P/c$n" "$n"
done
is "$("$HANDBOOK" --lang lv --check "$P/c1")" "c1: 1 nodaļa, problēmas nav atrastas" "--check, 1 chapter: nodaļa"
is "$("$HANDBOOK" --lang lv --check "$P/c2")" "c2: 2 nodaļas, problēmas nav atrastas" "--check, 2 chapters: nodaļas"
is "$("$HANDBOOK" --lang lv --check "$P/c11")" "c11: 11 nodaļas, problēmas nav atrastas" "--check, 11 chapters: nodaļas"
is "$("$HANDBOOK" --lang lv --check "$P/c21")" "c21: 21 nodaļa, problēmas nav atrastas" "--check, 21 chapters: nodaļa"
printf '[x](nowhere.md)\n' >> "$P/c2/src/c1.md"
is "$("$HANDBOOK" --lang lv --check "$P/c2" 2>&1 | tail -1)" "handbook: atrasta 1 problēma" "--check, 1 problem: atrasta ... problēma"
printf '[y](c2.md#nohead)\n' >> "$P/c2/src/c1.md"
is "$("$HANDBOOK" --lang lv --check "$P/c2" 2>&1 | tail -1)" "handbook: atrastas 2 problēmas" "--check, 2 problems: atrastas ... problēmas"
# The CLI never prints a count of 0 (a book without chapters does not
# open; no problems print no count); the reader does ("0 rezultātu",
# tests/e2e/lang.sh).  The catalog the program reads gives form 2 for 0:
if command -v ngettext >/dev/null 2>&1; then
	out=$(env -i LC_ALL=C.UTF-8 LANGUAGE=lv TEXTDOMAINDIR="$LD" ngettext -d handbook \
	    '%zu chapter' '%zu chapters' 0)
	is "$out" "%zu nodaļu" "0 chapters: nodaļu (the compiled catalog, through ngettext(1))"
else
	pass "0 chapters: nodaļu # SKIP ngettext(1) not installed"
fi

done_testing
