#!/usr/bin/env bash
# The OpenAPI drift check: the committed docs/openapi.json must be what the code generates now.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
COMMITTED=docs/openapi.json
FRESH=$(mktemp --suffix=.json)
trap 'rm -f "$FRESH"' EXIT

"$PY" manage.py spectacular --format openapi-json --file "$FRESH" --validate --fail-on-warn

if [ ! -f "$COMMITTED" ]; then
  echo "FOUT: $COMMITTED ontbreekt. OpenAPI is verouderd: draai make openapi" >&2
  exit 1
fi
if ! diff -u "$COMMITTED" "$FRESH"; then
  echo >&2
  echo "FOUT: OpenAPI is verouderd: draai make openapi (en commit $COMMITTED)" >&2
  exit 1
fi
echo "OpenAPI is actueel ($COMMITTED)."

# The register service's own document (zicht.register, its own settings).
REGISTER_COMMITTED=docs/register-openapi.json
REGISTER_VAR_DIR=$(mktemp -d) "$PY" -m zicht.register spectacular --format openapi-json --file "$FRESH" --validate --fail-on-warn
if ! diff -u "$REGISTER_COMMITTED" "$FRESH"; then
  echo >&2
  echo "FOUT: OpenAPI van het register is verouderd: draai make openapi (en commit $REGISTER_COMMITTED)" >&2
  exit 1
fi
echo "OpenAPI is actueel ($REGISTER_COMMITTED)."
