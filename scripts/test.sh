#!/usr/bin/env bash
# The tests: installs what they need and runs them. Set DATABASE_URL to run them on PostgreSQL.
# Browser tests drive Debian's chromium (/usr/bin/chromium); as root on Debian it is installed here.
source "$(dirname "$0")/_env.sh" dev
if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils gettext) >/dev/null
fi
# The tests write nothing into the checkout (scripts/check_no_trace.sh proves it in CI), and that
# includes bytecode: compiling the project's 170 modules afresh costs about 0.3 s a run, less than
# keeping a cache elsewhere (PYTHONPYCACHEPREFIX) that nobody would ever clean is worth.
export PYTHONDONTWRITEBYTECODE=1
python -m pytest "$@"
