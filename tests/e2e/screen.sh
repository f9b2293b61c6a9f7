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

# poll TRIES MESSAGE CMD...: run CMD every 20 ms until it succeeds; after
# TRIES failures say MESSAGE, show the screen and fail.
poll() {
	_tries=$1 _msg=$2
	shift 2
	_i=0
	while ! "$@"; do
		_i=$((_i + 1))
		if [ $_i -gt "$_tries" ]; then
			echo "# $_msg"
			screen | diag
			return 1
		fi
		sleep 0.02
	done
}

row_is() { case $(row "$1") in $2) return 0 ;; esac; return 1; }
flat_has() { flat | grep -qF -- "$(printf '%s' "$1" | tr -d ' ')"; }
cursor_at() { [ "$(T display -p -t t '#{cursor_y},#{cursor_x}')" = "$1,$2" ]; }

# wait_row N GLOB: poll until screen row N (0 = top) matches the glob
wait_row() { poll 250 "timed out waiting for row $1 to be: $2" row_is "$1" "$2"; }

# wait_flat TEXT [SECONDS]: poll until TEXT (spaces ignored, so wrapped
# messages count) is on the screen
wait_flat() { poll $((${2:-5} * 50)) "timed out waiting for: $1" flat_has "$1"; }

# wait_cursor Y X: poll until the terminal cursor (shown or not: screen
# readers follow it) is at row Y, column X
wait_cursor() {
	poll 250 "the cursor never came to row $1, column $2" cursor_at "$1" "$2"
}

# The SGR parameters just before WORD's first appearance on screen row N
# (0 = top), e.g. "30;42" for a hit drawn black on green.
sgr_before() {
	screen_attrs | sed -n "$(($1 + 1))p" |
	    grep -o "\(${ESC}\[[0-9;]*m\)\+$2" | head -1 | tr -d "$ESC" | sed "s/$2\$//; s/m\[/;/g; s/^\[//; s/m\$//"
}
# highlighted ROW WORD KIND: WORD on row ROW is drawn as a hit, KIND cur
# (the current hit: green background) or hit (yellow), or reverse video
# without colours
highlighted() {
	a=$(sgr_before "$1" "$2")
	case $3 in
	cur) want=42 ;;
	hit) want=43 ;;
	rev) want=7 ;;
	esac
	case ";$a;" in
	*";$want;"*) return 0 ;;
	esac
	echo "# row $1: '$2' has attributes '$a', expected $want in them"
	screen_attrs | sed -n "$(($1 + 1))p" | cat -v | diag
	return 1
}
# wait_highlighted ROW WORD KIND
wait_highlighted() {
	i=0
	while ! highlighted "$@" >/dev/null; do
		i=$((i + 1))
		[ $i -gt 100 ] && { highlighted "$@"; return 1; }
		sleep 0.02
	done
}
# line_of TEXT: the screen row (0 = top) where TEXT first appears
line_of() { screen | grep -nF -- "$1" | head -1 | cut -d: -f1 | awk '{ print $1 - 1 }'; }
