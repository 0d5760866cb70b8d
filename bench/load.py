"""Concurrent load on a gunicorn server (2 workers, loopback only): requests per second and worker memory.

Uses ``wrk`` when installed; otherwise a bounded Python client (a fixed number of threads for
a fixed time, to 127.0.0.1 only).
"""

import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
CONNECTIONS = 4
WRK_UNITS = {"": 1, "k": 1_000, "M": 1_000_000}


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class Gunicorn:
    def __init__(self, env: dict, workers: int = 2, port: int | None = None):
        self.port = port or free_port()
        self.base = f"http://{HOST}:{self.port}"
        gunicorn = str(Path(sys.executable).parent / "gunicorn")
        command = [gunicorn, "config.wsgi", "--workers", str(workers), "--bind", f"{HOST}:{self.port}"]
        command += ["--timeout", "120", "--log-level", "warning"]
        self.process = subprocess.Popen(command, cwd=ROOT, env=env)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with socket.create_connection((HOST, self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not start")

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        return sorted(int(pid) for pid in children)

    def worker_rss_mb(self) -> list[float]:
        sizes = []
        for pid in self.worker_pids():
            status = Path(f"/proc/{pid}/status").read_text()
            sizes.append(int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024)
        return sizes

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def _headers(cookies: dict) -> dict:
    return {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}


def requests_per_second(base, method, path, cookies, body=None, seconds=5.0) -> float:
    if shutil.which("wrk"):
        return _wrk(base, method, path, cookies, body, seconds)
    return _python(base, method, path, cookies, body, seconds)


def _wrk(base, method, path, cookies, body, seconds) -> float:
    command = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{seconds:.0f}s", "--timeout", "60s"]
    for name, value in _headers(cookies).items():
        command += ["-H", f"{name}: {value}"]
    with tempfile.TemporaryDirectory() as folder:
        if method == "POST":
            script = Path(folder) / "post.lua"
            encoded = urlencode(body).replace("\\", "\\\\").replace('"', '\\"')
            script.write_text(
                f'wrk.method = "POST"\nwrk.body = "{encoded}"\n'
                'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n'
            )
            command += ["-s", str(script)]
        output = subprocess.run([*command, base + path], capture_output=True, text=True, check=True).stdout
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if bad:
        raise RuntimeError(f"{path}: {bad.group(1)} responses were errors under load")
    rate, unit = re.search(r"Requests/sec:\s+([\d.]+)([kM]?)", output).groups()
    return float(rate) * WRK_UNITS[unit]


def _python(base, method, path, cookies, body, seconds) -> float:
    """CONNECTIONS threads, each sending one request after another, for ``seconds``: bounded both ways."""
    data = urlencode(body).encode() if body else None
    stop_at, done, lock = time.monotonic() + seconds, [0], threading.Lock()

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)

    def client():
        while time.monotonic() < stop_at:
            request = urllib.request.Request(base + path, data=data, method=method, headers=_headers(cookies))
            try:
                opener.open(request, timeout=60).read()
            except urllib.error.HTTPError as error:
                if error.code >= 400:
                    raise
            with lock:
                done[0] += 1

    started = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return done[0] / (time.monotonic() - started)


def drain(base, cookies, seconds=120.0):
    """Wait until the workers are free again: wrk stops counting at its deadline, but requests it
    left in flight (a slow page's) still run, and would otherwise slow the next page's figures."""

    def ping():
        request = urllib.request.Request(base + "/bench/trivial/", headers=_headers(cookies))
        urllib.request.urlopen(request, timeout=seconds).read()  # nosec B310 - the benchmark's own http://127.0.0.1 server

    threads = [threading.Thread(target=ping) for _ in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
