#!/usr/bin/env bash
# The embedded default: the task worker (letters → PDF) in the background, gunicorn in front.
# Ctrl-C stops both; the data stays in var/.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-8000}
.venv/bin/python manage.py db_worker --interval 1 &
WORKER=$!
trap 'kill $WORKER 2>/dev/null || true' EXIT INT TERM
.venv/bin/gunicorn zicht.conf.wsgi --bind "127.0.0.1:$PORT" --workers 2 --access-logfile - --log-level warning
