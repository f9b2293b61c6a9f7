# tests/e2e/screen.sh — what the tmux tests share (sourced after
# tests/lib.sh): a fresh reader per run and polling of the pane.  Nothing
# sleeps longer than a poll.
NSOCK=0
ESC=$(printf '\033')

# run COLS ROWS CMD...: the reader in a fresh tmux server.  (A new socket
# each time: a new server on a socket whose old server is still shutting
# down fails now and then.)
run() {
	[ -n "${TMUX_SOCK:-}" ] && T kill-server 2>/dev/null
	NSOCK=$((NSOCK + 1))
	TMUX_SOCK="$TEST_TMP/tmux.$NSOCK.sock"
	tmux_start "$@"
}

row() { screen | sed -n "$(($1 + 1))p"; }
flat() { screen | tr -d ' \n'; }

# wait_row N GLOB: poll until screen row N (0 = top) matches the glob
wait_row() {
	i=0
	while :; do
		r=$(row "$1")
		case $r in
		$2) return 0 ;;
		esac
		i=$((i + 1))
		if [ $i -gt 250 ]; then
			echo "# timed out waiting for row $1 to be: $2"
			screen | diag
			return 1
		fi
		sleep 0.02
	done
}

# wait_flat TEXT [SECONDS]: poll until TEXT (spaces ignored, so wrapped
# messages count) is on the screen
wait_flat() {
	want=$(printf '%s' "$1" | tr -d ' ')
	i=0
	while ! flat | grep -qF -- "$want"; do
		i=$((i + 1))
		if [ $i -gt $((${2:-5} * 50)) ]; then
			echo "# timed out waiting for: $1"
			screen | diag
			return 1
		fi
		sleep 0.02
	done
}

# wait_cursor Y X: poll until the terminal cursor (shown or not: screen
# readers follow it) is at row Y, column X
wait_cursor() {
	i=0
	while [ "$(T display -p -t t '#{cursor_y},#{cursor_x}')" != "$1,$2" ]; do
		i=$((i + 1))
		if [ $i -gt 250 ]; then
			echo "# the cursor is at $(T display -p -t t '#{cursor_y},#{cursor_x}'), not $1,$2"
			return 1
		fi
		sleep 0.02
	done
}
