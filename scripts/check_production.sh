#!/usr/bin/env bash
# The production path on this clone, as CI runs it: collectstatic with DEBUG=0 into a temporary
# directory, then scripts/serve.sh on a free loopback port against a fresh SQLite database, asked for
# the login page, its stylesheet and a missing page (scripts/probe_production.py). Everything it
# writes goes to a temporary directory, and everything it starts is stopped, pass or fail.
source "$(dirname "$0")/_env.sh" main
tmp=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ]; then
    kill -TERM -- "-$server" 2>/dev/null || true   # serve.sh and its children: their own process group
    for _ in $(seq 50); do kill -0 -- "-$server" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$server" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port=$(python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
unset DATABASE_URL
export DEBUG=0 ALLOWED_HOSTS=127.0.0.1 SITE_URL=https://127.0.0.1 TRUSTED_PROXY_COUNT=1
SECRET_KEY=$(python -c 'import secrets; print(secrets.token_urlsafe(50))')
export SECRET_KEY SQLITE_PATH="$tmp/db.sqlite3" STATIC_ROOT="$tmp/static" PRIVATE_ROOT="$tmp/private"
export WEB_WORKERS=1 TASK_WORKERS=1 BIND="127.0.0.1:$port" SKIP_INSTALL=1

echo "== collectstatic (DEBUG=0, manifest)"
python manage.py collectstatic --noinput --verbosity 1 | tail -n 1
echo "== scripts/serve.sh on 127.0.0.1:$port"
setsid scripts/serve.sh >"$tmp/serve.log" 2>&1 &
server=$!
if python scripts/probe_production.py "http://127.0.0.1:$port" --wait 40; then
  echo "== the production path works"
else
  echo "== the production path failed; scripts/serve.sh said:" >&2
  tail -n 40 "$tmp/serve.log" >&2
  exit 1
fi
