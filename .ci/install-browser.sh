#!/usr/bin/env bash
# Debian's Chromium and a Japanese font for the browser journeys (test/browser/). Idempotent and
# quiet: installs only what is missing. Playwright never downloads a browser of its own here.
set -euo pipefail

packages=()
[ -x /usr/bin/chromium ] || packages+=(chromium)
# No `grep -q`: it would close the pipe early, and pipefail would read fc-list's SIGPIPE as "missing".
fc-list 2>/dev/null | grep -i 'Noto Sans CJK' >/dev/null || packages+=(fonts-noto-cjk)

if [ "${#packages[@]}" -gt 0 ]; then
  echo "== installing ${packages[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Finishes an install that was interrupted earlier (apt refuses to start otherwise); no-op else.
  dpkg --configure -a >/dev/null
  apt-get update -qq >/dev/null
  apt-get install -y -qq "${packages[@]}" >/dev/null
fi
