#!/bin/sh
# Golden render tests: every fixture in tests/fixtures/render at widths 20,
# 60 and 200 must print exactly tests/golden/NAME.wWIDTH, and no line may be
# wider than the width.  After an intended change: tests/golden/regen.sh.
. "$top_srcdir/tests/lib.sh"

for md in "$FIXTURES"/render/*.md; do
	name=$(basename "$md" .md)
	for w in 20 60 200; do
		out="$TEST_TMP/$name.w$w"
		"$HANDBOOK" --print all --width "$w" "$md" > "$out" 2> "$TEST_TMP/err"
		rc=$?
		is "$rc" 0 "$name at width $w exits 0"
		is_file "$out" "$abs_top_srcdir/tests/golden/$name.w$w" "$name at width $w matches its golden output"
		widest=$(wc -L < "$out")
		check "$name at width $w: widest line $widest <= $w" test "$widest" -le "$w"
	done
done
done_testing
