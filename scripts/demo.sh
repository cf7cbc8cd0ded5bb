#!/usr/bin/env bash
# The demo: SQLite, the Karaganda demo data, one user per role, then the production command
# (scripts/serve.sh: gunicorn and a task worker) on http://127.0.0.1:8000, so what you try here is
# what a deployment serves. Safe to run again: nothing is duplicated.
#
# What differs from a deployment: a secret generated once into var/demo-secret-key (ignored by git),
# plain HTTP (ALLOW_PLAIN_HTTP=1, accepted only for loopback hosts), two web workers, and e-mail printed
# by the task worker to this terminal instead of sent (EMAIL_BACKEND, unless you set one).
source "$(dirname "$0")/_env.sh" main
secret_file=var/demo-secret-key
if [ ! -s "$secret_file" ]; then
  mkdir -p var
  (umask 077 && python -c 'import secrets; print(secrets.token_urlsafe(50))' > "$secret_file")
fi
export DEBUG=0 ALLOW_PLAIN_HTTP=1 ALLOWED_HOSTS=127.0.0.1,localhost SITE_URL=http://127.0.0.1:8000
SECRET_KEY=$(cat "$secret_file")
export SECRET_KEY
export WEB_WORKERS=${WEB_WORKERS:-2} BIND=127.0.0.1:8000
export EMAIL_BACKEND=${EMAIL_BACKEND:-django.core.mail.backends.console.EmailBackend}
python manage.py migrate --noinput
python manage.py load_demo
exec scripts/serve.sh
