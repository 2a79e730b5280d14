#!/usr/bin/env bash
# The whole pytest suite on SQLite, then again on PostgreSQL (TEST_DATABASE_URL).
# With CI=true an unreachable PostgreSQL is a failure; otherwise it is skipped, loudly.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
PG_URL=${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}
mkdir -p var

echo "=== pytest op SQLite ==="
DATABASE_URL="sqlite:///$PWD/var/test-sqlite.sqlite3" "$PY" -m pytest "$@"

if "$PY" - "$PG_URL" <<'PYEOF'
import sys
import psycopg
try:
    psycopg.connect(sys.argv[1], connect_timeout=3).close()
except Exception as exc:
    print(f"PostgreSQL niet bereikbaar op {sys.argv[1]}: {exc}", file=sys.stderr)
    sys.exit(1)
PYEOF
then
  echo "=== pytest op PostgreSQL ($PG_URL) ==="
  # pytest-django creates (and afterwards drops) its own test database next to the given one.
  DATABASE_URL="$PG_URL" TEST_DATABASE_NAME="zicht_test" "$PY" -m pytest --create-db "$@"
elif [ "${CI:-}" = "true" ]; then
  echo "FOUT: PostgreSQL is niet bereikbaar en CI=true: de PostgreSQL-ronde mag niet ontbreken." >&2
  exit 1
else
  echo "############################################################################"
  echo "# LET OP: PostgreSQL niet bereikbaar: de tweede ronde (PostgreSQL) is      #"
  echo "# OVERGESLAGEN. Zet TEST_DATABASE_URL of start PostgreSQL.                 #"
  echo "############################################################################"
fi
