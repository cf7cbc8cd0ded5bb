#!/usr/bin/env bash
# The demo: SQLite, the Karaganda demo data, one user per role, a task worker and the server
# on http://127.0.0.1:8000. Safe to run again: nothing is duplicated.
source "$(dirname "$0")/_env.sh" main
python manage.py migrate --noinput
python manage.py load_demo
python manage.py db_worker --queue-name default &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT INT TERM
python manage.py runserver 127.0.0.1:8000 --noreload
