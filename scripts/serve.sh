#!/usr/bin/env bash
# Production: checks the settings, migrates, collects the static files, then runs gunicorn and the task
# worker(s) together until one of them stops or the script is told to stop.
#
#   DEBUG=0 SECRET_KEY=... ALLOWED_HOSTS=... SITE_URL=https://... scripts/serve.sh
#
# WEB_WORKERS gunicorn processes (default 4) on BIND (default 127.0.0.1:$PORT, PORT default 8000),
# TASK_WORKERS `manage.py db_worker` processes (default 1). SIGTERM or SIGINT stops them all; if any one
# dies, the others are stopped and the script exits non-zero, so a supervisor (systemd, a container
# runtime) restarts the whole set instead of leaving a web server without its workers.
source "$(dirname "$0")/_env.sh" main

python -m config.production_environment || exit 2
python manage.py migrate --noinput
python manage.py collectstatic --noinput --verbosity 0

WEB_WORKERS=${WEB_WORKERS:-4}
TASK_WORKERS=${TASK_WORKERS:-1}
BIND=${BIND:-127.0.0.1:${PORT:-8000}}

children=()
stopping=0
stop_children() {  # TERM to each; whatever still runs after STOP_TIMEOUT seconds gets KILL
  kill -TERM "${children[@]}" 2>/dev/null || true
  (sleep "${STOP_TIMEOUT:-30}"; kill -KILL "${children[@]}" 2>/dev/null) &
  local reaper=$!
  wait "${children[@]}" 2>/dev/null || true
  pkill -P "$reaper" 2>/dev/null || true  # its sleep, then the reaper itself
  kill "$reaper" 2>/dev/null || true
}
trap 'stopping=1' TERM INT

gunicorn config.wsgi --workers "$WEB_WORKERS" --bind "$BIND" --access-logfile - --graceful-timeout 20 &
children+=($!)
for _ in $(seq "$TASK_WORKERS"); do
  python manage.py db_worker --queue-name default &
  children+=($!)
done
echo "serving on http://$BIND with $WEB_WORKERS web and $TASK_WORKERS task worker(s)" >&2

# `wait -n` returns when a child exits or when a trapped signal arrives.
set +e
wait -n "${children[@]}"
status=$?
set -e
stop_children
if [ "$stopping" = 1 ]; then
  exit 0
fi
echo "a server process stopped (status $status); stopped the others" >&2
exit 1
