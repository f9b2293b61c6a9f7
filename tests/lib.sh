# tests/lib.sh — shared helpers for shell tests; they print TAP for
# Automake's tap-driver.sh.  Source it, call the checks, end with `done_testing`.
#
#   ok COND-EXIT-STATUS NAME      (use: check NAME cmd args...)
#   is GOT WANT NAME              exact string comparison, shows a diff
#   tmux_start COLS ROWS CMD...   the reader in a private tmux server
#   wait_for TEXT [SECONDS]       poll the pane until TEXT appears
#   screen                        the pane as plain text

set -u
: "${HANDBOOK:?HANDBOOK must point to the built binary}"
TAP_N=0
TAP_FAILED=0
TEST_TMP=$(mktemp -d "${TMPDIR:-/tmp}/handbook-test.XXXXXX")
export XDG_STATE_HOME="$TEST_TMP/state" XDG_CACHE_HOME="$TEST_TMP/cache" HOME="$TEST_TMP/home"
mkdir -p "$XDG_STATE_HOME" "$XDG_CACHE_HOME" "$HOME"

cleanup() {
	[ -n "${TMUX_SOCK:-}" ] && tmux -S "$TMUX_SOCK" kill-server 2>/dev/null
	rm -rf "$TEST_TMP"
}
trap cleanup 0
trap 'exit 1' 1 2 15

pass() { TAP_N=$((TAP_N + 1)); echo "ok $TAP_N - $1"; }
fail() { TAP_N=$((TAP_N + 1)); TAP_FAILED=$((TAP_FAILED + 1)); echo "not ok $TAP_N - $1"; }
diag() { sed 's/^/# /'; }

# check NAME CMD...: passes when CMD exits 0
check() {
	_check_name=$1; shift
	if "$@"; then pass "$_check_name"; else fail "$_check_name"; fi
}

# is GOT WANT NAME
is() {
	if [ "$1" = "$2" ]; then
		pass "$3"
	else
		fail "$3"
		printf '%s\n' "$2" > "$TEST_TMP/want"
		printf '%s\n' "$1" > "$TEST_TMP/got"
		diff -u "$TEST_TMP/want" "$TEST_TMP/got" | diag
	fi
}

# is_file GOTFILE WANTFILE NAME
is_file() {
	if cmp -s "$1" "$2"; then
		pass "$3"
	else
		fail "$3"
		diff -u "$2" "$1" | head -40 | diag
	fi
}

done_testing() {
	echo "1..$TAP_N"
	[ "$TAP_FAILED" -eq 0 ]
}

# ---- tmux ------------------------------------------------------------------
need_tmux() {
	TMUX_BIN=${TMUX_BIN:-$(command -v tmux || true)}
	if [ -z "$TMUX_BIN" ]; then
		echo "1..0 # SKIP tmux not installed"
		exit 0
	fi
	TMUX_SOCK="$TEST_TMP/tmux.sock"
	unset TMUX
}

T() { "$TMUX_BIN" -S "$TMUX_SOCK" -f /dev/null "$@"; }

# tmux_start COLS ROWS CMD...: start CMD in a fresh pane of COLSxROWS
TMUX_N=0
tmux_start() {
	_cols=$1 _rows=$2; shift 2
	# A fresh socket each time: a new server on the socket of one that is
	# still shutting down fails now and then.
	T kill-server 2>/dev/null || true
	TMUX_N=$((TMUX_N + 1))
	TMUX_SOCK="$TEST_TMP/tmux.$TMUX_N.sock"
	T new-session -d -x "$_cols" -y "$_rows" -s t \
	    "env TERM=${TEST_TERM:-screen-256color} LC_ALL=${LC_ALL:-C.UTF-8} $*; echo EXITED:\$?; sleep 30"
	T set-option -t t -g window-size manual 2>/dev/null || true
	T resize-window -t t -x "$_cols" -y "$_rows" 2>/dev/null || true
}

screen() { T capture-pane -p -t t; }
screen_attrs() { T capture-pane -p -e -t t; }
keys() { T send-keys -t t "$@"; }
resize() { T resize-window -t t -x "$1" -y "$2"; }

# wait_for TEXT [SECONDS]: poll every 50 ms; on time-out print the screen
wait_for() {
	_limit=$(( ${2:-5} * 20 ))
	_i=0
	while ! screen | grep -qF -- "$1"; do
		_i=$((_i + 1))
		if [ $_i -gt $_limit ]; then
			echo "# timed out waiting for: $1"
			screen | diag
			return 1
		fi
		sleep 0.05
	done
	return 0
}

# wait_gone TEXT [SECONDS]
wait_gone() {
	_limit=$(( ${2:-5} * 20 ))
	_i=0
	while screen | grep -qF -- "$1"; do
		_i=$((_i + 1))
		[ $_i -gt $_limit ] && { echo "# still on screen: $1"; screen | diag; return 1; }
		sleep 0.05
	done
	return 0
}
