"""Serve the SQLite export with Datasette on the loopback interface (`make browse`).

Datasette names a database after its file, and version 0.65 builds broken foreign-key links
for names containing a dot (`...-0.1.0`). So the export is served from a copy named
`<package name>.sqlite` in a temporary folder (metadata.json describes the database under both
names). The plugin in `datasette_plugins/` labels foreign keys on row pages, shows whole numbers
as integers and keeps mistyped URLs (the versioned name) from failing. The copy is opened
immutable (`-i`): Datasette never writes to it. Waits are bounded and the server is always
stopped when the `running_server` block ends.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

PLUGINS = Path(__file__).resolve().parent / "datasette_plugins"   # see datasette_plugins/readable.py
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8001
READY_TIMEOUT = 30  # seconds to wait for the server to answer
STOP_TIMEOUT = 10  # seconds to wait for it to exit after being asked to


def serve_command(database: Path, metadata: Path, host: str, port: int) -> list[str]:
    """The `datasette serve` command line (run with this Python), database opened immutable."""
    return [sys.executable, "-m", "datasette", "serve", "-i", str(database), "--metadata", str(metadata),
            "--plugins-dir", str(PLUGINS), "--host", host, "--port", str(port)]


def wait_until_ready(url: str, process: subprocess.Popen, timeout: float = READY_TIMEOUT) -> None:
    """Poll `url` until it answers; raise if the server exits or the timeout passes."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"datasette exited with code {process.returncode} before it answered")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise TimeoutError(f"datasette did not answer {url} within {timeout} s")


def stop(process: subprocess.Popen) -> None:
    """Terminate the server, then kill it if it has not exited within STOP_TIMEOUT."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=STOP_TIMEOUT)


@contextmanager
def running_server(database: Path, metadata: Path, name: str, host: str = DEFAULT_HOST,
                   port: int = DEFAULT_PORT, log: IO | None = None) -> Iterator[tuple[subprocess.Popen, str]]:
    """Start Datasette on a copy of `database` named `<name>.sqlite`; yield (process, database URL)."""
    with tempfile.TemporaryDirectory(prefix="browse-") as folder:
        served = Path(folder) / f"{name}.sqlite"
        shutil.copyfile(database, served)
        process = subprocess.Popen(serve_command(served, metadata, host, port), stdout=log, stderr=log)
        try:
            wait_until_ready(f"http://{host}:{port}/-/versions.json", process)
            yield process, f"http://{host}:{port}/{name}"
        finally:
            stop(process)


def serve(database: Path, metadata: Path, name: str, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> int:
    """Serve in the foreground until the server exits or the user presses Ctrl-C."""
    try:
        with running_server(database, metadata, name, host, port) as (process, url):
            print(f"Serving {database.name} at {url} (Ctrl-C to stop)")
            return process.wait()
    except KeyboardInterrupt:
        return 0
    except (RuntimeError, TimeoutError) as error:
        print(f"Could not start Datasette: {error}", file=sys.stderr)
        return 1
