#!/bin/sh
# make fuzz: run one libFuzzer harness for SECONDS and report its figures.
#   tests/fuzz/run.sh NAME BINARY SECONDS MAX_LEN SRCDIR
# The seed corpus (SRCDIR/tests/fuzz/corpus/NAME) is read only; what the
# fuzzer finds goes to tests/fuzz/work/NAME, reproducers of crashes, leaks,
# time-outs and memory blow-ups to tests/fuzz/crashes/NAME/.  Exit 1 when the
# harness found anything.  FUZZ_JOBS=N runs N processes (libFuzzer -fork).
set -u
name=$1 bin=$2 seconds=$3 maxlen=$4 srcdir=$5
work=tests/fuzz/work/$name
crashes=tests/fuzz/crashes/$name
log=tests/fuzz/$name.log
mkdir -p "$work" "$crashes"
dict=
[ -f "$srcdir/tests/fuzz/$name.dict" ] && dict="-dict=$srcdir/tests/fuzz/$name.dict"
before=$(ls "$crashes" | wc -l)
# -timeout: one input may take at most 10 s (a hang, or a quadratic
# blow-up); -rss_limit_mb: at most 2 GiB; -malloc_limit_mb: one allocation
# of at most 512 MiB.
"$bin" -max_total_time="$seconds" -max_len="$maxlen" -timeout=10 \
    -rss_limit_mb=2048 -malloc_limit_mb=512 -print_final_stats=1 \
    -artifact_prefix="$crashes/" $dict "$work" "$srcdir/tests/fuzz/corpus/$name" \
    > "$log" 2>&1
rc=$?
after=$(ls "$crashes" | wc -l)
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
corpus=$(ls "$work" | wc -l)
if [ "$rc" -ne 0 ] || [ "$after" -gt "$before" ]; then
	echo "$name: FOUND A PROBLEM (exit $rc) after ${runs:-?} runs; see $log"
	grep -E '^==[0-9]+==ERROR|^SUMMARY|fuzz invariant failed|Test unit written to|ALARM|out-of-memory' "$log" | head -20
	exit 1
fi
echo "$name: ${runs:-?} runs in $seconds s (${speed:-?} exec/s), corpus $corpus, no crash"
