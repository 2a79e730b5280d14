"""The container's health check: GET /gezondheid of the gunicorn in this container.

Sent as the proxy would send it (the first of ALLOWED_HOSTS, X-Forwarded-Proto https), so that
production's host check and HTTPS redirect answer it as a real request. Exit 0 on 200, else 1.
"""

import http.client
import os
import sys


def main() -> int:
    host = os.environ.get("ALLOWED_HOSTS", "localhost").split(",")[0].strip()
    connection = http.client.HTTPConnection(
        "127.0.0.1", int(os.environ.get("PORT", "8000")), timeout=4
    )
    try:
        connection.request(
            "GET", "/gezondheid", headers={"Host": host, "X-Forwarded-Proto": "https"}
        )
        response = connection.getresponse()
        print(response.status, response.read(500).decode(errors="replace"))
        return 0 if response.status == 200 else 1
    except OSError as error:
        print(f"geen antwoord: {error}")
        return 1


if __name__ == "__main__":
    sys.exit(main())
