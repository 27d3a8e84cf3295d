#!/usr/bin/env bash
# Debian packages the study needs beyond Python wheels: pango (for weasyprint's PDF)
# and fonts. Installed with apt-get only when missing (CI and fresh machines run as root).
set -euo pipefail
missing=()
ldconfig -p 2>/dev/null | grep -q "libpango-1.0.so" || missing+=(libpango-1.0-0)
ldconfig -p 2>/dev/null | grep -q "libpangoft2-1.0.so" || missing+=(libpangoft2-1.0-0)
ldconfig -p 2>/dev/null | grep -q "libharfbuzz.so" || missing+=(libharfbuzz0b)
ldconfig -p 2>/dev/null | grep -q "libharfbuzz-subset.so" || missing+=(libharfbuzz-subset0)  # font subsetting in PDFs
fc-list 2>/dev/null | grep -qi "dejavu" || missing+=(fonts-dejavu-core fontconfig)
command -v git >/dev/null || missing+=(git)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "installing Debian packages: ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
