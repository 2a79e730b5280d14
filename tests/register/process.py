"""The register as a real process (gunicorn, its own settings and SQLite file), for the tests
that need real HTTP: the federation test and the plaintext check of its database file."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RegisterProcess:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "zicht.register.settings",
            "REGISTER_VAR_DIR": str(directory),
            "REGISTER_DATABASE_URL": "",
            "PYTHONPATH": str(ROOT / "src"),
        }
        self.process: subprocess.Popen[bytes] | None = None
        self.manage("migrate", "--noinput", "-v0")

    @property
    def database(self) -> Path:
        return self.directory / "register.sqlite3"

    def manage(self, *args: str) -> str:
        return subprocess.run(  # noqa: S603 (our own interpreter and module)
            [sys.executable, "-m", "zicht.register", *args],
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
            cwd=ROOT,
        ).stdout.strip()

    def organisation(self, code: str, name: str, contact: str) -> str:
        """A new organisation's key."""
        key_file = self.directory / f"{code}.key"
        self.manage("register_organisation", code, name, contact, "--key-file", str(key_file))
        return key_file.read_text()

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 (our own interpreter and module)
            [
                sys.executable,
                "-m",
                "gunicorn",
                "zicht.register.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "1",
                "--log-level",
                "warning",
            ],
            env=self.env,
            cwd=ROOT,
            start_new_session=True,  # its own group: a kill takes the workers too
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url + "/register/v1/notifications", timeout=1)  # noqa: S310
            except urllib.error.HTTPError:
                return  # 401: it answers
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("the register did not start")

    def kill(self) -> None:
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
            self.process = None
