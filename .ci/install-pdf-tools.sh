#!/usr/bin/env bash
# poppler-utils (pdftotext) for the PSTI document tests (test/recognition/psti-document.test.ts).
# Idempotent and quiet: installs only what is missing.
set -euo pipefail

if ! command -v pdftotext >/dev/null 2>&1; then
  echo "== installing poppler-utils"
  export DEBIAN_FRONTEND=noninteractive
  # Finishes an install that was interrupted earlier (apt refuses to start otherwise); no-op else.
  dpkg --configure -a >/dev/null
  apt-get update -qq >/dev/null
  apt-get install -y -qq poppler-utils >/dev/null
fi
