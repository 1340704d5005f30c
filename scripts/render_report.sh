#!/usr/bin/env bash
# Render a Parley HTML report to a PNG with headless Chromium (from the system packages),
# to check by eye that the page and its charts draw with no network.
#
#   scripts/render_report.sh REPORT.html OUT.png [WIDTH,HEIGHT]
#
# Exits non-zero when Chromium is missing or writes no image.
set -euo pipefail

if [[ $# -lt 2 ]]; then
    echo "usage: $0 REPORT.html OUT.png [WIDTH,HEIGHT]" >&2
    exit 2
fi
report=$(realpath "$1")
out=$(realpath -m "$2")
size=${3:-1000,4000}

browser=""
for name in chromium chromium-browser google-chrome; do
    if command -v "$name" >/dev/null 2>&1; then browser=$(command -v "$name"); break; fi
done
if [[ -z "$browser" ]]; then
    echo "$0: no Chromium found (Debian: apt-get install -y chromium)" >&2
    exit 3
fi
[[ -f "$report" ]] || { echo "$0: no such report: $report" >&2; exit 2; }

# A fresh profile per run, so nothing from an earlier run (or a user's browser) leaks in.
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
rm -f "$out"
# --no-sandbox: Chromium refuses to start as root otherwise (CI containers run as root).
timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --hide-scrollbars --user-data-dir="$profile" --window-size="$size" \
    --screenshot="$out" "file://$report" >/dev/null 2>&1 || true

if [[ ! -s "$out" ]]; then
    echo "$0: Chromium wrote no screenshot for $report" >&2
    exit 1
fi
echo "$out"
