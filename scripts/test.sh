#!/usr/bin/env bash
# The tests: installs what they need and runs them. Set DATABASE_URL to run them on PostgreSQL.
# Browser tests drive Debian's chromium (/usr/bin/chromium); as root on Debian it is installed here.
source "$(dirname "$0")/_env.sh" dev
if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils gettext) >/dev/null
fi
python -m pytest "$@"
