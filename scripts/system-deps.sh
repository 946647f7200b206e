#!/bin/sh
# System packages the book and its tests need, installed with Debian's apt when missing:
#   PDF (WeasyPrint): libpango-1.0-0 libpangoft2-1.0-0, fonts DejaVu (the print fonts, italics in
#   fonts-dejavu-extra);
#   browser tests: chromium (Debian's; Playwright cannot download browsers here).
# Without root or apt it only says what is missing: the build then stops with a Vietnamese
# message naming the same command, and the browser tests skip locally (they fail in CI).
set -u
PACKAGES="libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fonts-dejavu-extra chromium"
DEJAVU=/usr/share/fonts/truetype/dejavu

missing=""
{ /sbin/ldconfig -p 2>/dev/null || ldconfig -p 2>/dev/null; } | grep -q 'libpangoft2-1.0.so.0' \
  || missing="$missing libpango-1.0-0 libpangoft2-1.0-0"
[ -e "$DEJAVU/DejaVuSans.ttf" ] && [ -e "$DEJAVU/DejaVuSerif.ttf" ] || missing="$missing fonts-dejavu-core"
[ -e "$DEJAVU/DejaVuSerif-Italic.ttf" ] || missing="$missing fonts-dejavu-extra"
[ -x /usr/bin/chromium ] || missing="$missing chromium"
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Cài gói hệ thống (apt-get install$missing)…"
  apt-get update -qq >/dev/null && apt-get install -y -qq $missing >/dev/null
else
  echo "Thiếu gói hệ thống:$missing. Cài bằng: sudo apt-get install $PACKAGES"
fi
