#!/usr/bin/env bash
# make federation (issue 14): the national register and two Zicht organisations on this machine,
# each with its own database (SQLite under var/federation/) and port, with demo data that holds
# one shared family (spelled differently at B). Prints the URLs and logins, waits until both
# organisations got the register's match, shows it, and serves until Ctrl-C.
#   scripts/federation.sh           serve until Ctrl-C
#   scripts/federation.sh --check   stop once both matches arrived (exit 1 if they did not)
# Ports: REGISTER_PORT (8100), A_PORT (8001), B_PORT (8002). Every run starts afresh.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
DIR=var/federation
REGISTER_PORT=${REGISTER_PORT:-8100}
A_PORT=${A_PORT:-8001}
B_PORT=${B_PORT:-8002}
CHECK=0
[[ ${1:-} == --check ]] && CHECK=1

rm -rf "$DIR"
mkdir -p "$DIR/register" "$DIR/nhn" "$DIR/aa"
GROUPS_STARTED=()
stop() {
    for group in "${GROUPS_STARTED[@]}"; do kill -- "-$group" 2>/dev/null || true; done
}
trap stop EXIT
trap 'exit 130' INT TERM

# The register: its own settings, database and process (python -m zicht.register = its manage.py).
register() {
    env -u REGISTER_DATABASE_URL REGISTER_VAR_DIR="$DIR/register" "$PY" -m zicht.register "$@"
}
register migrate --noinput -v0
register register_organisation nhn "Veilig Thuis Noord-Holland Noord" \
    "072-5112600, info@vtnhn.test (demo)" --key-file "$DIR/nhn.key"
register register_organisation aa "Veilig Thuis Amsterdam-Amstelland" \
    "020-7990600, info@vtaa.test (demo)" --key-file "$DIR/aa.key"
# The secret the VT organisations share for the pseudonymous keys; the register never sees it.
"$PY" -c 'import secrets; print(secrets.token_urlsafe(32))' > "$DIR/secret"
env -u REGISTER_DATABASE_URL REGISTER_VAR_DIR="$DIR/register" \
    setsid "$PY" -m gunicorn zicht.register.wsgi:application \
    --bind "127.0.0.1:$REGISTER_PORT" --workers 1 --log-level warning \
    >"$DIR/register.log" 2>&1 &
GROUPS_STARTED+=($!)

# A Zicht organisation: its own var directory (SQLite database, secret key, mail) and register key.
zicht_env() {
    local org=$1
    ZICHT_ENV_OF=(env -u DATABASE_URL "ZICHT_VAR_DIR=$DIR/$org"
        "REGISTER_URL=http://127.0.0.1:$REGISTER_PORT" "REGISTER_KEY=$(cat "$DIR/$org.key")"
        "REGISTER_SECRET=$(cat "$DIR/secret")")
}
zicht() {
    zicht_env "$1"
    shift
    "${ZICHT_ENV_OF[@]}" "$@"
}
for side in a b; do
    org=$([[ $side == a ]] && echo nhn || echo aa)
    echo "== $org: database en demogegevens (organisatie $side van de demo)"
    zicht "$org" "$PY" manage.py migrate --noinput -v0
    zicht "$org" "$PY" manage.py seed_demo --federation "$side" >"$DIR/$org.seed.log"
    grep -v '^  ' "$DIR/$org.seed.log"
done

serve() {
    local org=$1 port=$2
    zicht_env "$org"
    "${ZICHT_ENV_OF[@]}" setsid "$PY" -m gunicorn zicht.conf.wsgi --bind "127.0.0.1:$port" \
        --workers 2 --log-level warning >"$DIR/$org.log" 2>&1 &
    GROUPS_STARTED+=($!)
    "${ZICHT_ENV_OF[@]}" setsid "$PY" manage.py db_worker --interval 1 >>"$DIR/$org.log" 2>&1 &
    GROUPS_STARTED+=($!)
    # What cron does in production (docs/register.md): retry the outbox, pull the matches.
    "${ZICHT_ENV_OF[@]}" setsid bash -c "while true; do '$PY' manage.py radar_sync; sleep 10; done" \
        >>"$DIR/$org.sync.log" 2>&1 &
    GROUPS_STARTED+=($!)
}
serve nhn "$A_PORT"
serve aa "$B_PORT"

echo "== wachten op de match van het gedeelde gezin (beide organisaties)"
matched=0
for _ in $(seq 60); do
    # The whole output, then its first line: `| head -1` would cut the pipe on a longer answer.
    a=$(zicht nhn "$PY" manage.py radar_status)
    b=$(zicht aa "$PY" manage.py radar_status)
    a=${a%%$'\n'*}
    b=${b%%$'\n'*}
    if [[ $a != *" 0 matches"* && $b != *" 0 matches"* ]]; then
        matched=1
        break
    fi
    sleep 5
done
echo
echo "Veilig Thuis Noord-Holland Noord (organisatie A):"
zicht nhn "$PY" manage.py radar_status
echo "Veilig Thuis Amsterdam-Amstelland (organisatie B):"
zicht aa "$PY" manage.py radar_status
if [[ $matched == 0 ]]; then
    echo "Geen match binnen 5 minuten; zie $DIR/*.log" >&2
    exit 1
fi
cat <<TEXT

  Landelijk register                 http://127.0.0.1:$REGISTER_PORT/register/v1  (alleen API)
  A: VT Noord-Holland Noord          http://127.0.0.1:$A_PORT/
  B: VT Amsterdam-Amstelland         http://localhost:$B_PORT/
  (A op 127.0.0.1 en B op localhost: zo houdt de browser de twee sessies uit elkaar.)

  Inloggen in beide: medewerker@zicht.test, wachtwoord zicht-demo-2026; de code van stap 2:
    A: ZICHT_VAR_DIR=$DIR/nhn $PY manage.py demo_totp medewerker@zicht.test
    B: ZICHT_VAR_DIR=$DIR/aa $PY manage.py demo_totp medewerker@zicht.test
  Onder "Mijn werk" staat het dossier van het gedeelde gezin met het signaal
  "Ook bekend bij andere VT"; de dossierpagina toont de match (waar en wanneer, nooit inhoud).
TEXT
if [[ $CHECK == 1 ]]; then
    exit 0
fi
echo "  Stoppen: Ctrl-C (de gegevens blijven in $DIR/ tot de volgende start)."
wait
