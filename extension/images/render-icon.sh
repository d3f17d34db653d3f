#!/bin/sh
# Renders icon.svg (the source) to icon.png (what the marketplace and VS Code need) with headless Chromium,
# offline. Run from anywhere: sh extension/images/render-icon.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
page=$(mktemp --suffix=.html)
trap 'rm -f "$page"' EXIT
printf '<!doctype html><style>html,body{margin:0;background:transparent;overflow:hidden}img{display:block}</style><img src="file://%s/icon.svg" width="128" height="128">' "$here" > "$page"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --default-background-color=00000000 \
  --window-size=128,128 --screenshot="$here/icon.png" "file://$page"
