#!/bin/sh
# Install what the site needs from the system: Graphviz's `dot` and a CJK font (for box widths); with
# FOR_TESTS=1 (make test) also Chromium for the browser tests and npm for the Argdown CLI.
# Uses apt-get when it is there and we may (root, or passwordless sudo); otherwise one clear line.
set -eu
missing=""
command -v dot >/dev/null 2>&1 || missing="$missing graphviz"
if ! fc-list :lang=zh 2>/dev/null | grep -q .; then missing="$missing fonts-wqy-microhei"; fi
if [ -n "${FOR_TESTS:-}" ]; then
  command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
  command -v npm >/dev/null 2>&1 || missing="$missing nodejs npm"
fi
[ -z "$missing" ] && exit 0
if command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; elif sudo -n true 2>/dev/null; then SUDO="sudo -n"; else SUDO="no"; fi
  if [ "$SUDO" != "no" ]; then
    echo "setup: installing$missing with apt-get" >&2
    $SUDO apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
    exit 0
  fi
fi
echo "setup: please install these system packages, then run make again:$missing (e.g. sudo apt-get install$missing)" >&2
exit 1
