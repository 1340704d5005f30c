#!/usr/bin/env bash
# Play a few moves of `parley play` in a real 80x24 terminal (tmux) and print each screen,
# for a look as a person would see it. Usage: scripts/tmux_play.sh [WIDTH HEIGHT]
set -euo pipefail
cd "$(dirname "$0")/.."
width=${1:-80}
height=${2:-24}
python=${PYTHON:-.venv/bin/python}
session="parley-look-$$"
command -v tmux >/dev/null || { echo "tmux is not installed (apt-get install tmux)" >&2; exit 1; }
trap 'tmux kill-session -t "$session" 2>/dev/null || true' EXIT

tmux new-session -d -s "$session" -x "$width" -y "$height" \
    "$python -m parley play brussels_2026 --side Russia --seed 6"

shot() {  # wait a moment, then print the screen under a heading
    sleep "${2:-0.6}"
    printf '\n===== %s =====\n' "$1"
    tmux capture-pane -p -t "$session"
}
keys() { tmux send-keys -t "$session" "$@"; }

shot "briefing" 2.5
keys Enter;  shot "table: Russia to propose"
keys t;      shot "after tabling Russia's ideal offer"
keys w;      shot "Why? on the latest move"
keys Escape; sleep 0.3; keys r; shot "after rejecting"
keys '?';    shot "help"
keys Escape; sleep 0.3; keys q; shot "quit asks first"
keys y
for _ in $(seq 30); do tmux has-session -t "$session" 2>/dev/null || break; sleep 0.1; done
tmux has-session -t "$session" 2>/dev/null && { echo "still running after quit" >&2; exit 1; }
echo; echo "ok: parley play started, took moves and quit cleanly"
