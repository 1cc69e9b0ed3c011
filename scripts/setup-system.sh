#!/bin/sh
# Install the system packages of requirements/system.txt that are missing: those marked `site` always,
# those marked `test` too with FOR_TESTS=1. Uses apt-get when it is there and we may (root, or
# passwordless sudo); otherwise prints the one command that installs them, and fails.
set -eu
here=$(dirname "$0")/..
missing=""
have() {
  case "$1" in
    cmd:*) command -v "${1#cmd:}" >/dev/null 2>&1 ;;
    font:zh) command -v fc-list >/dev/null 2>&1 && fc-list :lang=zh 2>/dev/null | grep -q . ;;
    lib:*) { ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null; } | grep -q "${1#lib:}" ;;
    *) return 1 ;;
  esac
}
while read -r package who check; do
  case "$package" in ''|\#*) continue ;; esac
  [ "$who" = test ] && [ -z "${FOR_TESTS:-}" ] && continue
  have "$check" || missing="$missing $package"
done < "$here/requirements/system.txt"
[ -z "$missing" ] && exit 0
if command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else SUDO="no"; fi
  if [ "$SUDO" != "no" ]; then
    echo "setup: installing$missing with apt-get" >&2
    $SUDO apt-get update -q
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends $missing
    exit 0
  fi
  if command -v sudo >/dev/null 2>&1; then
    echo "setup: these system packages are missing; install them, then run make again:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends$missing" >&2
  else
    echo "setup: these system packages are missing; install them as root, then run make again:" >&2
    echo "  su -c 'apt-get update && apt-get install -y --no-install-recommends$missing'" >&2
  fi
  exit 1
fi
echo "setup: please install these packages with your system's package manager, then run make again:$missing" >&2
exit 1
