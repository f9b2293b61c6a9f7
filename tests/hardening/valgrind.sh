#!/bin/sh
# The non-interactive paths end to end under valgrind: no invalid read or
# write, no use of uninitialised memory, no "definitely lost" byte.  Runs
# the handbook (in Latvian too) and the hostile book.  Skipped without
# valgrind and in sanitizer builds (ASan and valgrind do not mix).
. "$top_srcdir/tests/lib.sh"
if [ -z "${VALGRIND:-}" ] || ! command -v "$VALGRIND" >/dev/null 2>&1; then
	echo "1..0 # SKIP valgrind not installed"
	exit 0
fi
if [ -n "${HANDBOOK_SANITIZED:-}" ]; then
	echo "1..0 # SKIP sanitizer build"
	exit 0
fi
book=$abs_top_srcdir/handbook
hostile=$TEST_TMP/hostile-book
cp -R "$FIXTURES/hostile-book" "$hostile" && chmod -R u+w "$hostile"

# vg NAME ARGS...: handbook ARGS under memcheck; exit 99 on any error or
# definite leak
vg() {
	_name=$1; shift
	"$VALGRIND" -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
	    --show-leak-kinds=definite --log-file="$TEST_TMP/$_name.vg" \
	    "$HANDBOOK" "$@" > /dev/null 2>&1
	_rc=$?
	if [ "$_rc" = 99 ] || [ -s "$TEST_TMP/$_name.vg" ]; then
		fail "$_name: valgrind is clean"
		diag < "$TEST_TMP/$_name.vg"
	else
		pass "$_name: valgrind is clean (exit $_rc)"
	fi
}

vg list --list "$book"
vg print --print all --width 72 "$book"
vg print-lv --lang lv --print all --width 72 "$book"
vg search --search "risk assessment" "$book"
vg search-lv --lang lv --search "sadarbība" "$book"
vg check --check "$book"
vg xgettext --xgettext "$book"
vg coverage --coverage "$book"
vg hostile-print --print all "$hostile"
vg hostile-lv --lang lv --print all "$hostile"
vg hostile-check --check "$hostile"
done_testing
