#!/bin/sh
# Size and depth, generated here: a 5 MB single-line paragraph, a 5 MB word,
# 50 000-deep block quotes, a 100 000-item list, a 5 000-column table, a
# 5 MB line of "{{#", includes that multiply ("billion laughs") and a 50 MB
# chapter.  Each `--print all --width 80` (and --search on the 50 MB one)
# must finish within `timeout 60` and a memory limit (ulimit -v), exit 0,
# and print no line wider than 80 columns.  The limits are the README's:
# 256 MiB of address space for the 5 MB inputs, 1.25 GiB for 50 MB.
# Under --enable-sanitizers ASan reserves terabytes of address space, so
# there is no memory limit, and ASan and UBSan slow the reader down about
# threefold, so the time limit is 180 s.
. "$top_srcdir/tests/lib.sh"
d=$TEST_TMP
T=60
[ -n "${HANDBOOK_SANITIZED:-}" ] && T=180

# bounded KB CMD...: run CMD under ulimit -v KB and timeout $T, stdout to
# $d/out; its exit status in $rc
bounded() {
	_kb=$1; shift
	if [ -n "${HANDBOOK_SANITIZED:-}" ]; then
		timeout $T "$@" > "$d/out" 2> "$d/err"
	else
		(ulimit -v "$_kb" && exec timeout $T "$@") > "$d/out" 2> "$d/err"
	fi
	rc=$?
}

# limits KB: the bounds, as the test names say them
limits() {
	if [ -n "${HANDBOOK_SANITIZED:-}" ]; then
		echo "$T s (sanitized build: no memory limit)"
	else
		echo "$T s and $(($1 / 1024)) MiB"
	fi
}

# size_case NAME KB FILE: --print all --width 80 FILE within the bounds
size_case() {
	bounded "$2" "$HANDBOOK" --print all --width 80 "$3"
	is "$rc" 0 "$1: exits 0 within $(limits "$2")"
	[ "$rc" = 0 ] || diag < "$d/err"
	widest=$(wc -L < "$d/out")
	check "$1: widest line $widest <= 80" test "$widest" -le 80
}

small=262144		# KB: 256 MiB
big=1310720		# KB: 1.25 GiB

# A 5 MB paragraph on one line: 194 181 copies of five words.
awk 'BEGIN { for (i = 0; i < 194181; i++) printf "lorem ipsum dolor sit amet "; print "" }' > "$d/para.md"
size_case "5 MB one-line paragraph" $small "$d/para.md"
is "$(tr -s ' \n' '\n\n' < "$d/out" | grep -c .)" 970905 "every word of it is printed"

# A 5 MB word: cut into 65 536 lines of 80.
awk 'BEGIN { for (i = 0; i < 81920; i++) printf "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"; print "" }' > "$d/word.md"
size_case "5 MB word" $small "$d/word.md"
is "$(wc -l < "$d/out") $(sort -u "$d/out" | wc -l) $(wc -L < "$d/out")" "65536 1 80" "cut into 65 536 lines of 80 x"

awk 'BEGIN { for (i = 0; i < 50000; i++) printf "> "; print "deep" }' > "$d/quotes.md"
size_case "50 000-deep block quotes" $small "$d/quotes.md"
is "$(cat "$d/out")" "│ │ │ │ │ │ │ │ │ │ │ │ │ │ │ │ │ │ │ │ deep" "bars for half the width, then the text"

awk 'BEGIN { for (i = 1; i <= 100000; i++) printf "- item %d\n", i }' > "$d/list.md"
size_case "100 000-item list" $small "$d/list.md"
is "$(wc -l < "$d/out") $(head -1 "$d/out") / $(tail -1 "$d/out")" "100000 • item 1 / • item 100000" "one line per item"

awk 'BEGIN { for (r = 0; r < 3; r++) { for (c = 1; c <= 5000; c++) printf "| %s ", (r == 1 ? "---" : "c" c); print "|" } }' > "$d/table.md"
size_case "5 000-column table" $small "$d/table.md"
is "$(wc -l < "$d/out") $(head -1 "$d/out") / $(tail -1 "$d/out")" "5000 ▪ c1: c1 /   c5000: c5000" \
    "too wide for a grid: one 'header: value' line per column"

# Directive scanning: a 5 MB line of "{{#" that never closes.
awk 'BEGIN { for (i = 0; i < 1747627; i++) printf "{{#"; print "" }' > "$d/braces.md"
size_case "5 MB of unclosed {{#" $small "$d/braces.md"

# Includes that multiply: a.md includes l1.md ten times, l1.md l2.md ten
# times ... l8.md l9.md: 10^9 copies unless expansion is bounded.
mkdir -p "$d/laughs/src"
printf -- '- [A](a.md)\n' > "$d/laughs/src/SUMMARY.md"
printf '{{#include l1.md}}\n%.0s' 1 2 3 4 5 6 7 8 9 10 > "$d/laughs/src/a.md"
for i in 1 2 3 4 5 6 7 8; do
	printf "{{#include l$((i + 1)).md}}\n%.0s" 1 2 3 4 5 6 7 8 9 10 > "$d/laughs/src/l$i.md"
done
echo "lol" > "$d/laughs/src/l9.md"
bounded $small "$HANDBOOK" --print all --width 80 "$d/laughs"
is "$rc" 0 "billion laughs: stops within $(limits $small)"
# 10 000 includes: 8 996 of l9.md, the rest of the files between
is "$(grep -c lol "$d/out")" 8996 "after 10 000 includes"
is "$(sed "s|$d/||" "$d/err")" "handbook: laughs/src/l8.md:7: more than 10000 includes or 256 MiB of included text: 'l9.md' and the includes after it are left out" \
    "and says so once"

# A 50 MB chapter: the handbook's chapters, again and again.  Under the
# sanitizers (ten times slower) it is 10 MB: the plain build's run of this
# test covers 50 MB.
big_bytes=52428800
[ -n "${HANDBOOK_SANITIZED:-}" ] && big_bytes=10485760
cat "$abs_top_srcdir"/handbook/src/*.md > "$d/big.md"
for i in 1 2 3 4 5 6 7 8; do
	cat "$d/big.md" "$d/big.md" > "$d/big2.md" && mv "$d/big2.md" "$d/big.md"
done
head -c $big_bytes "$d/big.md" > "$d/big50.md" && rm -f "$d/big.md"
size_case "50 MB chapter" $big "$d/big50.md"
bounded $big "$HANDBOOK" --search "risk assessment" --width 80 "$d/big50.md"
is "$rc" 0 "--search in the 50 MB chapter: exits 0 within $(limits $big)"
is "$(wc -l < "$d/out")" 30 "and shows the best 30 sections"

done_testing
