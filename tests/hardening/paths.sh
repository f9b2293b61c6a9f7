#!/bin/sh
# Paths that leave the book: SUMMARY entries, links and includes with "..",
# absolute paths, percent-encoded dots, symbolic links out of the book (to
# a file, to /etc/passwd, to /dev/zero, through a linked folder), FIFOs,
# directories, symlink loops, include cycles and include chains, and the
# book's own files (book.toml, SUMMARY.md, po/lv.po) linked outside.  Each
# gives a diagnostic naming file and line; nothing hangs (timeout); the
# file outside the book never shows, in any mode.
. "$top_srcdir/tests/lib.sh"
# Messages in English whatever --lang says: no interface catalogs.
HANDBOOK_LOCALEDIR=$TEST_TMP/none
export HANDBOOK_LOCALEDIR
cd "$TEST_TMP" || exit 1

printf '# Outside\n\nFOREIGN-CONTENT-7a [x](outside-link.md)\n' > outside.md
mkdir -p book/src/sub book/po
printf '[book]\ntitle = "Paths"\n' > book/book.toml
cat > book/src/SUMMARY.md <<EOF
# Summary

- [Good](good.md)
- [Dotdot](../../outside.md)
- [Absolute](/etc/passwd)
- [Absolute outside]($TEST_TMP/outside.md)
- [Encoded](%2e%2e/%2e%2e/outside.md)
- [Symlink out](link-out.md)
- [Symlink abs](link-abs.md)
- [Device](zero.md)
- [Fifo](fifo.md)
- [Directory](dir.md)
- [Loop](loop.md)
- [Via a linked folder](up/outside.md)
- [Includes](inc.md)
- [Cycle](cycle-a.md)
- [Deep](deep0.md)
EOF
printf '# Good\n\nLinks: [a](../../outside.md) [b](/etc/passwd) [c](up/outside.md#outside) [d](good.md#good)\n' \
    > book/src/good.md
ln -s ../../outside.md book/src/link-out.md
ln -s /etc/passwd book/src/link-abs.md
ln -s /dev/zero book/src/zero.md
mkfifo book/src/fifo.md
mkdir book/src/dir.md
ln -s loop.md book/src/loop.md
ln -s ../.. book/src/up
cat > book/src/inc.md <<EOF
# Includes

{{#include ../../outside.md}}
{{#include /etc/passwd}}
{{#include $TEST_TMP/outside.md}}
{{#include link-out.md}}
{{#include link-abs.md}}
{{#include zero.md}}
{{#include fifo.md}}
{{#include dir.md}}
{{#include loop.md}}
{{#include up/outside.md}}
{{#include sub/../../../outside.md}}
EOF
printf '# Cycle A\n\n{{#include cycle-b.md}}\n' > book/src/cycle-a.md
printf 'B then {{#include cycle-a.md}}\n' > book/src/cycle-b.md
i=0
while [ $i -le 12 ]; do
	printf 'level %d {{#include deep%d.md}}\n' $i $((i + 1)) > book/src/deep$i.md
	i=$((i + 1))
done
printf 'bottom\n' > book/src/deep13.md
# The catalog is a link out of the book (its "syntax errors" would show
# the lines of the file it points to).
ln -s ../../outside.md book/po/lv.po

# Diagnostics shared by every mode that reads the whole book.
common="handbook: book/src/SUMMARY.md:4: chapter 'Dotdot': '../../outside.md' leaves the book's folder; refused
handbook: book/src/SUMMARY.md:5: chapter 'Absolute' links to '/etc/passwd', which is not a file inside the book
handbook: book/src/SUMMARY.md:6: chapter 'Absolute outside' links to 'TMP/outside.md', which is not a file inside the book
handbook: book/src/SUMMARY.md:7: chapter 'Encoded': '%2e%2e/%2e%2e/outside.md' leaves the book's folder; refused"
chapters="handbook: book/src/SUMMARY.md:8: 'link-out.md' points outside the book's folder; refused
handbook: book/src/SUMMARY.md:9: 'link-abs.md' points outside the book's folder; refused
handbook: book/src/SUMMARY.md:10: 'zero.md' points outside the book's folder; refused
handbook: book/src/SUMMARY.md:11: 'fifo.md' is not a regular file; refused
handbook: book/src/SUMMARY.md:12: 'dir.md' is not a regular file; refused
handbook: book/src/SUMMARY.md:13: cannot read 'loop.md': Too many levels of symbolic links
handbook: book/src/SUMMARY.md:14: 'up/outside.md' points outside the book's folder; refused
handbook: book/src/inc.md:3: '../../outside.md' leaves the book's folder; refused
handbook: book/src/inc.md:4: '/etc/passwd' is an absolute path; only files inside the book are read
handbook: book/src/inc.md:5: 'TMP/outside.md' is an absolute path; only files inside the book are read
handbook: book/src/inc.md:6: 'link-out.md' points outside the book's folder; refused
handbook: book/src/inc.md:7: 'link-abs.md' points outside the book's folder; refused
handbook: book/src/inc.md:8: 'zero.md' points outside the book's folder; refused
handbook: book/src/inc.md:9: 'fifo.md' is not a regular file; refused
handbook: book/src/inc.md:10: 'dir.md' is not a regular file; refused
handbook: book/src/inc.md:11: cannot read 'loop.md': Too many levels of symbolic links
handbook: book/src/inc.md:12: 'up/outside.md' points outside the book's folder; refused
handbook: book/src/inc.md:13: 'sub/../../../outside.md' leaves the book's folder; refused
handbook: book/src/cycle-b.md:1: include cycle: 'cycle-a.md' includes itself
handbook: book/src/deep10.md:1: includes nested more than 10 levels deep: 'deep11.md' not included"
catalog="handbook: TMP/book/po/lv.po: points outside the book's folder; refused"

# run NAME ARGS...: handbook ARGS book within 20 s; stdout+stderr in NAME.out
run() {
	_name=$1; shift
	timeout 20 "$HANDBOOK" "$@" book > "$_name.out" 2>&1
	echo $? > "$_name.rc"
	sed -i "s|$TEST_TMP|TMP|g" "$_name.out"
}
# clean NAME: nothing of the file outside the book in NAME.out
clean() {
	is "$(grep -c -e FOREIGN -e outside-link -e 'root:x:0:0' "$1.out")" 0 "$1: nothing from outside the book is shown"
}

run print --print all
is "$(cat print.rc)" 1 "--print all: exits 1 (chapters missing), no hang"
clean print
is "$(grep '^handbook:' print.out)" "$common
$chapters" "--print all: a diagnostic for each path that leaves the book, FIFO, device, directory, loop, cycle"
is "$(grep -v '^handbook:' print.out)" "1 Good
══════

Links: a b c d

13 Includes
═══════════

14 Cycle A
══════════

B then

level 0 level 1 level 2 level 3 level 4 level 5 level 6 level 7 level 8 level 9
level 10" "--print all: what is inside the book is shown"

run check --check
is "$(cat check.rc)" 1 "--check: exits 1, no hang"
clean check
is "$(cat check.out)" "$common
$chapters
handbook: book/src/good.md:3: broken link: '../../outside.md' is not a chapter of this book
handbook: book/src/good.md:3: broken link: '/etc/passwd' is not a chapter of this book
$catalog
handbook: 27 problems found" "--check: every path problem and the links leaving the book"

run search --search foreign
is "$(cat search.rc)" 1 "--search for the outside file's words finds nothing"
clean search

run xgettext --xgettext
clean xgettext

run lv --lang lv --print all
clean lv
is "$(grep -c -F "$catalog" lv.out)" 1 "--lang lv: the catalog linked outside is refused"

run list --list
clean list

# The book's own files linked outside: book.toml and SUMMARY.md.
mkdir -p linked/src
ln -s ../outside.md linked/book.toml
ln -s ../../outside.md linked/src/SUMMARY.md
timeout 20 "$HANDBOOK" --list linked > linked.out 2>&1; rc=$?
is "$rc" 2 "a SUMMARY.md linked outside: nothing to show, exit 2"
is "$(cat linked.out)" "handbook: linked/book.toml: points outside the book's folder; refused
handbook: linked/src/SUMMARY.md: points outside the book's folder; refused" "book.toml and SUMMARY.md linked outside are refused"

# src in book.toml may not leave the book.
mkdir -p escape/src
printf '[book]\nsrc = "../book/src"\n' > escape/book.toml
timeout 20 "$HANDBOOK" --list escape > escape.out 2>&1; rc=$?
is "$rc" 2 "book.toml src leaving the book: exit 2"
is "$(cat escape.out)" "handbook: book.toml: src '../book/src' leaves the book's folder; refused
handbook: escape: no SUMMARY.md and no .md files here" "and says so"

# A FIFO or a device as the book: an error, not a hang.
mkfifo fifo-book
timeout 20 "$HANDBOOK" --print all fifo-book > fifo.out 2>&1; rc=$?
is "$rc" 2 "a FIFO as the book: exit 2 at once"
is "$(cat fifo.out)" "handbook: fifo-book: no SUMMARY.md and no .md files here" "and says why"
timeout 20 "$HANDBOOK" --print all /dev/zero > zero.out 2>&1; rc=$?
is "$rc" 2 "/dev/zero as the book: exit 2 at once"

done_testing
