#!/usr/bin/env bash
# The whole pytest suite on SQLite and on PostgreSQL (TEST_DATABASE_URL), side by side: the two
# rounds share nothing (each its own test database, live server port and browser), and the
# machine has a core for each. Each round's output is shown when it is done; the script fails when
# either round fails.
# With CI=true an unreachable PostgreSQL is a failure; otherwise it is skipped, loudly.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
PG_URL=${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}
mkdir -p var
SQLITE_LOG=var/pytest-sqlite.log
PG_LOG=var/pytest-postgresql.log

pg_reachable() {
  "$PY" - "$PG_URL" <<'PYEOF'
import sys
import psycopg
try:
    psycopg.connect(sys.argv[1], connect_timeout=3).close()
except Exception as exc:
    print(f"PostgreSQL niet bereikbaar op {sys.argv[1]}: {exc}", file=sys.stderr)
    sys.exit(1)
PYEOF
}

if pg_reachable; then
  with_pg=1
elif [ "${CI:-}" = "true" ]; then
  echo "FOUT: PostgreSQL is niet bereikbaar en CI=true: de PostgreSQL-ronde mag niet ontbreken." >&2
  exit 1
else
  with_pg=0
fi

started=$(date +%s)
TEST_DATABASE_NAME= DATABASE_URL="sqlite:///$PWD/var/test-sqlite.sqlite3" "$PY" -m pytest "$@" >"$SQLITE_LOG" 2>&1 &
sqlite_pid=$!
pg_status=0
if [ "$with_pg" = 1 ]; then
  # pytest-django creates (and afterwards drops) its own test database next to the given one.
  DATABASE_URL="$PG_URL" TEST_DATABASE_NAME="${TEST_DATABASE_NAME:-zicht_test}" "$PY" -m pytest --create-db "$@" \
    >"$PG_LOG" 2>&1 || pg_status=$?
fi
wait "$sqlite_pid"
sqlite_status=$?

echo "=== pytest op SQLite ==="
cat "$SQLITE_LOG"
if [ "$with_pg" = 1 ]; then
  echo "=== pytest op PostgreSQL ($PG_URL) ==="
  cat "$PG_LOG"
else
  echo "############################################################################"
  echo "# LET OP: PostgreSQL niet bereikbaar: de tweede ronde (PostgreSQL) is      #"
  echo "# OVERGESLAGEN. Zet TEST_DATABASE_URL of start PostgreSQL.                 #"
  echo "############################################################################"
fi
echo "=== beide rondes samen: $(($(date +%s) - started)) s (SQLite: exit $sqlite_status, PostgreSQL: exit $pg_status) ==="
[ "$sqlite_status" = 0 ] && [ "$pg_status" = 0 ]
