"""A VT organisation's client as a process of its own (the federation test's organisation B and
C): it pseudonymises with the shared secret and talks to the register over HTTP.

    python tests/register/federation_client.py URL KEY SECRET register CASE PERSON JSON-IDENTITY
    python tests/register/federation_client.py URL KEY SECRET notifications
    python tests/register/federation_client.py URL KEY SECRET lookup CASE PERSON

Prints the register's status and JSON answer as one JSON line.
"""

import json
import sys
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from zicht.register.pseudonym import Identity, encode


def call(url: str, key: str, method: str, path: str, body: object = None) -> tuple[int, object]:
    request = urllib.request.Request(  # noqa: S310 (the test's own register)
        url + path,
        data=json.dumps(body).encode() if body is not None else None,
        method=method,
        headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            raw = response.read()
            return response.status, json.loads(raw) if raw else None
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def main(url: str, key: str, secret: str, command: str, *args: str) -> None:
    if command == "register":
        case_ref, person_ref, identity = args
        keys = encode(secret.encode(), Identity(**json.loads(identity))).as_json()
        body = {"case_ref": case_ref, "persons": [{"person_ref": person_ref, **keys}]}
        answer = call(url, key, "POST", "/register/v1/registrations", body)
    elif command == "notifications":
        answer = call(url, key, "GET", "/register/v1/notifications")
        for notification in answer[1] or []:  # type: ignore[union-attr]
            call(url, key, "POST", f"/register/v1/notifications/{notification['id']}/ack")
    else:
        case_ref, person_ref = args
        body = {"case_ref": case_ref, "person_ref": person_ref}
        answer = call(url, key, "POST", "/register/v1/lookups", body)
    print(json.dumps({"status": answer[0], "body": answer[1]}))


if __name__ == "__main__":
    main(*sys.argv[1:])
