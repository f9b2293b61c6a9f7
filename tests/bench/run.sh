#!/bin/sh
# make bench: the reader against its peers on a ~10 MB book made of the
# handbook's chapters.  Each figure is the median of ROUNDS runs, ours and
# the peer's alternating.  Peers that are not installed are skipped with a
# notice naming their Debian package (./bootstrap --bench installs them).
#   tests/bench/run.sh HANDBOOK BENCH SRCDIR [ROUNDS]
set -u
hb=$1 bench=$2 srcdir=$3 rounds=${4:-7}
work=${BENCH_DIR:-tests/bench/out}
mkdir -p "$work"
export LC_ALL=C.UTF-8 XDG_STATE_HOME="$work/state" XDG_CACHE_HOME="$work/cache"
unset LANGUAGE NO_COLOR
book="$work/book"
if [ ! -f "$book/all.md" ] || [ "$srcdir/handbook/src/SUMMARY.md" -nt "$book/all.md" ]; then
	"$srcdir/tests/bench/make-book.sh" "$srcdir/handbook" "$book" 10 >/dev/null
fi
chapters=$(ls "$book/src" | grep -c '\.md$')
bytes=$(wc -c < "$book/all.md")
have() { command -v "$1" >/dev/null 2>&1 || { echo "  (skipped: $1 not installed; apt-get install $2)"; return 1; }; }
row() {	# row LABEL OURS_MS PEER PEER_MS TARGET
	ratio=$(awk -v a="$2" -v b="$4" 'BEGIN { printf "%.2f", (b > 0) ? (a / b) : 0 }')
	ok=$(awk -v r="$ratio" -v t="$5" 'BEGIN { print (r <= t) ? "met" : "MISSED" }')
	printf '| %-38s | %9s ms | %-14s | %9s ms | %6s× | ≤ %s× %s |\n' "$1" "$2" "$3" "$4" "$ratio" "$5" "$ok"
}
field() { awk -v n="$1" -v f="$2" '$1 == n { print $f }'; }

echo "handbook benchmarks — $(date -u +%Y-%m-%d), $(nproc) cores, $(uname -m), $rounds rounds"
echo "book: $chapters chapters, $bytes bytes of Markdown"
echo
echo "| measurement                            |      ours    | peer           |      peer    |  ratio | target        |"
echo "|----------------------------------------|--------------|----------------|--------------|--------|---------------|"

# 1. First complete screen at 80x24 in a pseudo-terminal.
if have less less; then
	out=$("$bench" screen "$rounds" ours "exec $hb $book" less "exec less $book/all.md")
	row "first screen, 80×24" "$(echo "$out" | field ours 2)" less "$(echo "$out" | field less 2)" 2
fi
if have makeinfo texinfo && have info info && have pandoc pandoc; then
	if [ ! -f "$work/all.info" ]; then
		pandoc -f gfm -t texinfo -o "$work/all.texi" "$book/all.md" 2>/dev/null &&
		    makeinfo --force --no-split -o "$work/all.info" "$work/all.texi" 2>/dev/null
	fi
	if [ -f "$work/all.info" ]; then
		out=$("$bench" screen "$rounds" ours "exec $hb $book" info "exec info -f $work/all.info")
		row "first screen, 80×24" "$(echo "$out" | field ours 2)" info "$(echo "$out" | field info 2)" 2
	fi
fi

# 2. Whole-book search vs grep -rci, a common and a rare word, on this
#    book and on the handbook itself (22 chapters, 260 KB).
for w in risk Harcar; do
	out=$("$bench" run "$rounds" ours "exec $hb --search $w --limit 30 $book" grep "exec grep -rci $w $book/src")
	row "--search $w" "$(echo "$out" | field ours 2)" "grep -rci" "$(echo "$out" | field grep 2)" 5
done
for w in risk Harcar; do
	out=$("$bench" run "$rounds" ours "exec $hb --search $w --limit 30 $srcdir/handbook" grep "exec grep -rci $w $srcdir/handbook/src")
	row "handbook: --search $w" "$(echo "$out" | field ours 2)" "grep -rci" "$(echo "$out" | field grep 2)" 5
done

# 3. The whole book as text vs HTML (cmark-gfm) and terminal text (lowdown).
if have cmark-gfm cmark-gfm; then
	out=$("$bench" run "$rounds" ours "exec $hb --print all --width 80 $book" cmark "exec cmark-gfm -e table $book/all.md")
	row "--print all --width 80" "$(echo "$out" | field ours 2)" "cmark-gfm" "$(echo "$out" | field cmark 2)" 2
fi
if have lowdown lowdown; then
	out=$("$bench" run 1 ours "exec $hb --print all --width 80 $book" lowdown "exec lowdown -tterm $book/all.md")
	row "--print all --width 80" "$(echo "$out" | field ours 2)" "lowdown -tterm" "$(echo "$out" | field lowdown 2)" 2
fi

# 4. Peak memory of opening plus one whole-book search.
out=$("$bench" run 3 ours "exec $hb --search risk --limit 30 $book")
rss=$(echo "$out" | field ours 4)
echo
echo "peak RSS, open + whole-book search: $((rss / 1024)) MiB (target ≤ 64 MiB: $([ "$rss" -le 65536 ] && echo met || echo MISSED))"

# 5. Re-layout of the longest chapter for a new width; chapter switch.
out=$("$bench" layout "$book")
echo "re-layout of the longest chapter ($(echo "$out" | awk '$1 == "longest" { print $2 }') bytes): $(echo "$out" | field relayout 2) ms (target ≤ 10 ms)"
echo "chapter switch (read, parse, lay out): $(echo "$out" | field switch 2) ms (target ≤ 16 ms)"

# 6. Search as you type in the reader (s, 300 ms for the user to start,
#    then each query a key at a time; a key's time runs to the last byte
#    of the screen it brings).  Targets: the handbook within one frame
#    (16.7 ms) per key; the 10 MB book's first results within 50 ms.
en_queries="risk 'risk assessment' offender 'transfer of supervision' probation"
lv_queries="'riska novērtējums' sadarbiba likumpārkāpējs 'uzraudzības nodošana'"
echo
echo "search as you type in the reader, 80×24 (ms; first = a query's first key):"
echo "| book                      | first median | first max | key median | key p90 | key max | keys |"
echo "|---------------------------|--------------|-----------|------------|---------|---------|------|"
typing() {	# typing LABEL BOOK-ARGS QUERIES
	out=$(eval "\"\$bench\" type \"exec $hb $2\" 300 $3")
	printf '| %-25s | %12s | %9s | %10s | %7s | %7s | %4s |\n' "$1" \
	    "$(echo "$out" | field first 2)" "$(echo "$out" | field first 3)" \
	    "$(echo "$out" | field key 2)" "$(echo "$out" | field key 3)" \
	    "$(echo "$out" | field key 4)" "$(echo "$out" | field key 5)"
}
typing "handbook, English" "$srcdir/handbook" "$en_queries"
typing "handbook, Latvian" "--lang lv $srcdir/handbook" "$lv_queries"
typing "10 MB book" "$book" "$en_queries"
