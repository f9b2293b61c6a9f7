#!/bin/sh
# tests/e2e/manpage.sh — doc/handbook.1 against the program: its KEYS
# section is the reader's key table (handbook --help-keys) and every
# option of --help is documented.
. "${srcdir:-.}/tests/lib.sh"

MAN="${srcdir:-.}/doc/handbook.1"

# The KEYS section as "## group" and "keys<TAB>help" lines.
man_keys() {
	awk '
	/^\.SH / { in_keys = ($2 == "KEYS"); next }
	!in_keys { next }
	/^\.SS / { sub(/^\.SS /, ""); print "## " $0; next }
	/^\.TP/ { want = 1; next }
	want == 1 && /^\.B / { sub(/^\.B /, ""); gsub(/"/, ""); label = $0; want = 2; next }
	want == 2 { print label "\t" $0; want = 0 }
	' "$MAN" | sed -e 's/\\-/-/g' -e "s/\\\\(aq/'/g" -e 's/\\(ga/`/g'
}

"$HANDBOOK" --help-keys > "$TEST_TMP/table" 2>&1
is "$?" 0 "--help-keys exits 0"
man_keys > "$TEST_TMP/man"
check "the man page has a KEYS section" test -s "$TEST_TMP/man"
is_file "$TEST_TMP/man" "$TEST_TMP/table" "KEYS in handbook.1 is the key table"
n=$(grep -c "$(printf '\t')" "$TEST_TMP/table")
check "the table has its keys ($n)" test "$n" -ge 30

# every long option of --help is in OPTIONS
missing=
for opt in $("$HANDBOOK" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
	esc=$(printf '%s' "$opt" | sed 's/-/\\\\-/g')
	grep -q -- "$esc" "$MAN" || missing="$missing $opt"
done
is "$missing" "" "every --help option is in the man page"

# the sections a man page needs
for s in NAME SYNOPSIS DESCRIPTION OPTIONS KEYS ENVIRONMENT FILES "EXIT STATUS" EXAMPLES; do
	check "section $s" grep -q "^\.SH \"*$s\"*\$" "$MAN"
done
for word in NO_COLOR LANGUAGE XDG_STATE_HOME; do
	check "ENVIRONMENT names $word" grep -q "^\.B.* $word\\b\|^\.B $word" "$MAN"
done
done_testing
