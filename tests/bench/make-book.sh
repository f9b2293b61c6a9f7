#!/bin/sh
# make-book.sh SRC_BOOK OUT_DIR [MB]: a stress book made of SRC_BOOK's
# chapters repeated until the Markdown reaches about MB megabytes (10), with
# one SUMMARY.md; also OUT_DIR/all.md (everything concatenated, for less,
# cmark-gfm and lowdown).
set -e
src=$1 out=$2 mb=${3:-10}
rm -rf "$out"
mkdir -p "$out/src"
printf '[book]\ntitle = "Stress book"\nlanguage = "en"\n' > "$out/book.toml"
: > "$out/src/SUMMARY.md"
: > "$out/all.md"
r=0
limit=$((mb * 1000 * 1000))
while [ "$(wc -c < "$out/all.md")" -lt "$limit" ]; do
	r=$((r + 1))
	echo "# Round $r" >> "$out/src/SUMMARY.md"
	for f in "$src"/src/*.md; do
		b=$(basename "$f" .md)
		[ "$b" = SUMMARY ] && continue
		cp "$f" "$out/src/$b-$r.md"
		echo "- [$b $r]($b-$r.md)" >> "$out/src/SUMMARY.md"
		cat "$f" >> "$out/all.md"
		echo >> "$out/all.md"
	done
done
echo "$(ls "$out/src" | wc -l) files, $(wc -c < "$out/all.md") bytes"
