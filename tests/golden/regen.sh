#!/bin/sh
# Rewrite the golden outputs after an intended rendering change.
# Run from the build tree: tests/golden/regen.sh [SRCDIR]; review the diff!
src=${1:-.}
for md in "$src"/tests/fixtures/render/*.md; do
	name=$(basename "$md" .md)
	for w in 20 60 200; do
		LC_ALL=C.UTF-8 ./src/handbook --print all --width "$w" "$md" > "$src/tests/golden/$name.w$w"
	done
done
