#!/usr/bin/env bash
# Browser tests drive Debian's Chromium. Install it when missing and we are root; in CI a missing
# browser is a failure, elsewhere the browser tests are skipped with a loud warning.
set -euo pipefail
CHROMIUM=${CHROMIUM_PATH:-/usr/bin/chromium}
# WeasyPrint (letters) needs Pango; pdftotext/pdftoppm read PDFs back in tests.
if [ -x "$CHROMIUM" ] && command -v pdftotext >/dev/null && ldconfig -p | grep -q libpangoft2-1.0; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installeren: Debian-pakketten chromium, poppler-utils en Pango (eenmalig)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium fonts-dejavu-core poppler-utils libpango-1.0-0 libpangoft2-1.0-0 >/dev/null
  exit 0
fi
if [ "${CI:-}" = "true" ]; then
  echo "FOUT: $CHROMIUM ontbreekt en kan niet worden geïnstalleerd (geen root); CI faalt." >&2
  exit 1
fi
echo "############################################################################"
echo "# LET OP: Chromium ($CHROMIUM) ontbreekt en u bent geen root.              #"
echo "# De browsertests worden OVERGESLAGEN. Installeer: apt-get install chromium #"
echo "############################################################################"
