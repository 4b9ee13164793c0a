"""Load benchmark: a production-like server (gunicorn, two workers, PostgreSQL) on 127.0.0.1, measured from outside.

    .venv/bin/python bench/load.py --database-url postgres://techland:techland@127.0.0.1:5432/techland_bench

The database must hold the sample data (`DATABASE_URL=… manage.py migrate && … manage.py load_sample_data`, with the
same TECHLAND_VAR_DIR so the search index is there). The script then migrates, collects the static files into a
temporary folder, signs the sample member in (a session row, no password needed), starts
`gunicorn techland.wsgi --workers 2` with the production settings on 127.0.0.1, warms every URL once and runs:

1. closed loop: 20 and then 50 concurrent users, each sending its next request as soon as the previous one is
   answered, for `--duration` seconds per page group: home page, cluster page, directory search with filters,
   organisation profile (each as anonymous visitors, whom the page cache serves, and for the directory pages also
   uncached: a session cookie that matches no session bypasses the cache), member panel (signed in);
2. open loop: directory searches started at a fixed `--rate` (default 50 per second) for `--rate-duration`
   seconds, cached and uncached; latency counts from the planned start, so a slow server cannot hide its queue.

For each it prints requests per second, p50/p95/p99 latency and the errors (anything but a 200, timeouts, broken
connections), and checks the targets: cached pages at least 500 requests per second, directory search p95 at most
200 ms at 50 requests per second. Only loopback addresses are accepted; every loop is bounded in time and count and
the server is stopped at the end. Not part of CI. The client is a small asyncio HTTP/1.1 client (keep-alive when the
server allows it), cheap enough to share the machine with the server.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ipaddress
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
MAX_REQUESTS = 500_000  # hard cap per run, whatever the durations
REQUEST_TIMEOUT = 30.0

DIRECTORY_SEARCHES = [
    "/en/directory/?cluster=battery_hydrogen&country=DE",
    "/nl/directory/?q=waterstof",
    "/de/directory/?q=Wasserstoff&country=NL",
    "/en/directory/?concept=fuel_cell&region=NL21",
    "/en/directory/?type=university&sort=name",
    "/en/directory/?q=robot&cluster=advanced_manufacturing_robotics",
    "/nl/directory/?sme=yes&cluster=circular_economy",
    "/en/directory/?q=Enschede",
    "/de/directory/?cluster=health_medtech&page=2",
    "/en/directory/?q=battery+recycling&country=NL&country=DE",
    "/nl/directory/?region=DEA3&type=company",
    "/en/directory/?q=Fraunhover",
]


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    error_kinds: dict[str, int] = field(default_factory=dict)
    elapsed: float = 0.0

    def error(self, kind: str) -> None:
        self.errors += 1
        self.error_kinds[kind] = self.error_kinds.get(kind, 0) + 1

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
        return ordered[index] * 1000

    @property
    def count(self) -> int:
        return len(self.latencies) + self.errors

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.elapsed if self.elapsed else 0.0


# ---------------------------------------------------------------------------------------------------------------
# a small HTTP/1.1 client


class Connection:
    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError):
                await self.writer.wait_closed()
        self.reader = self.writer = None

    async def get(self, path: str, headers: str = "") -> tuple[int, bytes, dict[str, str]]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        request = (
            f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\nUser-Agent: techland-bench\r\n"
            f"Accept: text/html,application/json\r\nAccept-Encoding: identity\r\n{headers}\r\n"
        )
        self.writer.write(request.encode("latin-1"))
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        response_headers = {}
        for line in lines[1:]:
            if ":" in line:
                name, value = line.split(":", 1)
                response_headers[name.strip().lower()] = value.strip()
        if "content-length" in response_headers:
            body = await self.reader.readexactly(int(response_headers["content-length"]))
        elif response_headers.get("transfer-encoding", "").lower() == "chunked":
            body = b""
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                chunk = await self.reader.readexactly(size + 2)
                if size == 0:
                    break
                body += chunk[:-2]
        else:
            body = await self.reader.read()
            response_headers["connection"] = "close"
        if response_headers.get("connection", "").lower() == "close":
            await self.close()
        return status, body, response_headers


async def timed_get(connection: Connection, path: str, headers: str, stats: Stats, started: float | None = None):
    start = started if started is not None else time.perf_counter()
    try:
        status, _body, _headers = await asyncio.wait_for(connection.get(path, headers), REQUEST_TIMEOUT)
    except TimeoutError:
        stats.error("timeout")
        await connection.close()
        return
    except (OSError, asyncio.IncompleteReadError, ValueError, IndexError) as exc:
        stats.error(type(exc).__name__)
        await connection.close()
        return
    if status != 200:
        stats.error(f"HTTP {status}")
        return
    stats.latencies.append(time.perf_counter() - start)


async def closed_loop(host, port, paths, headers, users: int, duration: float) -> Stats:
    stats = Stats()
    deadline = time.perf_counter() + duration

    async def user(number: int) -> None:
        connection = Connection(host, port)
        i = number
        while time.perf_counter() < deadline and stats.count < MAX_REQUESTS:
            await timed_get(connection, paths[i % len(paths)], headers, stats)
            i += users
        await connection.close()

    began = time.perf_counter()
    await asyncio.gather(*(user(n) for n in range(users)))
    stats.elapsed = time.perf_counter() - began
    return stats


async def open_loop(host, port, paths, headers, rate: float, duration: float) -> Stats:
    stats = Stats()
    idle: list[Connection] = []
    tasks = []

    async def one(path: str, planned: float) -> None:
        connection = idle.pop() if idle else Connection(host, port)
        await timed_get(connection, path, headers, stats, started=planned)
        idle.append(connection)

    began = time.perf_counter()
    total = min(int(rate * duration), MAX_REQUESTS)
    for n in range(total):
        planned = began + n / rate
        delay = planned - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(paths[n % len(paths)], planned)))
    await asyncio.gather(*tasks)
    stats.elapsed = time.perf_counter() - began
    for connection in idle:
        await connection.close()
    return stats


# ---------------------------------------------------------------------------------------------------------------
# the server


def _loopback(host: str) -> str:
    address = socket.gethostbyname(host)
    if not ipaddress.ip_address(address).is_loopback:
        raise SystemExit(f"{host} is not a loopback address; this benchmark only talks to this machine")
    return address


def _manage(env: dict, *args: str, capture: bool = False) -> str:
    result = subprocess.run(  # noqa: S603 (our own manage.py)
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, text=True, capture_output=capture
    )
    return result.stdout if capture else ""


FIXTURE_SCRIPT = """
import json
from django.contrib.auth import get_user_model
from django.test import Client
from content.models import ClusterPage
from directory.models import Organisation
from members.models import Membership
membership = Membership.objects.select_related("user").order_by("pk").first()
client = Client()
client.force_login(membership.user, backend="members.backends.EmailBackend")
slugs = list(Organisation.objects.filter(is_public=True).order_by("-updated_at", "pk").values_list("slug", flat=True)[:200])
print(json.dumps({
    "session": client.cookies["sessionid"].value,
    "clusters": [p.url for p in ClusterPage.objects.live().order_by("pk")],
    "profiles": [f"/en/directory/{slug}/" for slug in slugs],
}))
"""


def prepare(env: dict) -> dict:
    print("Preparing: migrate, collectstatic, member session …", flush=True)
    _manage(env, "migrate", "--noinput", "-v0")
    _manage(env, "collectstatic", "--noinput", "-v0")
    output = _manage(env, "shell", "-v0", "-c", FIXTURE_SCRIPT, capture=True)
    return json.loads(output.strip().splitlines()[-1])


def start_server(env: dict, host: str, port: int, workers: int, worker_class: str, threads: int):
    command = [
        str(Path(PYTHON).parent / "gunicorn"),
        "techland.wsgi:application",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        worker_class,
        "--threads",
        str(threads),
        "--backlog",
        "512",
        "--keep-alive",
        "5",
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)  # noqa: S603
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("gunicorn did not start")
        try:
            with socket.create_connection((host, port), timeout=1):
                return process
        except OSError:
            time.sleep(0.3)
    stop_server(process)
    raise SystemExit("gunicorn did not answer within 60 s")


def stop_server(process) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


# ---------------------------------------------------------------------------------------------------------------


def row(name: str, users: str, stats: Stats) -> dict:
    result = {
        "page": name,
        "users": users,
        "requests": stats.count,
        "req_per_s": round(stats.rate, 1),
        "p50_ms": round(stats.percentile(50), 1),
        "p95_ms": round(stats.percentile(95), 1),
        "p99_ms": round(stats.percentile(99), 1),
        "errors": stats.errors,
    }
    if stats.error_kinds:
        result["error_kinds"] = stats.error_kinds
    print(
        f"| {name} | {users} | {result['requests']} | {result['req_per_s']} | {result['p50_ms']} | "
        f"{result['p95_ms']} | {result['p99_ms']} | {result['errors']} |",
        flush=True,
    )
    return result


async def run(args, host: str, port: int, fixtures: dict) -> list[dict]:
    member = f"Cookie: sessionid={fixtures['session']}\r\n"
    # A session cookie that matches no session: an anonymous visitor whom the page cache does not serve.
    uncached = "Cookie: sessionid=no-such-session\r\n"
    groups = [
        ("home page (cached)", ["/en/", "/nl/", "/de/"], ""),
        ("cluster page (cached)", fixtures["clusters"], ""),
        ("directory search with filters (cached)", DIRECTORY_SEARCHES, ""),
        ("directory search with filters (uncached)", DIRECTORY_SEARCHES, uncached),
        ("organisation profile (cached)", fixtures["profiles"], ""),
        ("organisation profile (uncached)", fixtures["profiles"], uncached),
        ("member panel (signed in)", ["/en/members/", "/nl/members/"], member),
    ]
    print("Warming up …", flush=True)
    warm = Stats()
    connection = Connection(host, port)
    for _name, paths, headers in groups:
        for path in paths:
            await timed_get(connection, path, headers, warm)
    hits = total = 0
    for _name, paths, _headers in groups[:3]:
        for path in paths:
            _status, _body, response_headers = await connection.get(path)
            total += 1
            hits += response_headers.get("x-page-cache") == "hit"
    await connection.close()
    print(f"Page cache: {hits} of {total} cached pages answered from the cache after one visit", flush=True)
    if warm.errors:
        print(f"Warm-up errors: {warm.error_kinds}", flush=True)

    print("\n| page | concurrent users | requests | req/s | p50 ms | p95 ms | p99 ms | errors |")
    print("|---|---|---|---|---|---|---|---|")
    results = []
    for users in args.users:
        for name, paths, headers in groups:
            stats = await closed_loop(host, port, paths, headers, users, args.duration)
            results.append(row(name, str(users), stats))
    for label, headers in (("cached", ""), ("uncached", uncached)):
        stats = await open_loop(host, port, DIRECTORY_SEARCHES, headers, args.rate, args.rate_duration)
        results.append(row(f"directory search with filters ({label})", f"open loop, {args.rate:g} req/s", stats))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""), help="PostgreSQL database")
    parser.add_argument("--var-dir", default=os.environ.get("TECHLAND_VAR_DIR", str(ROOT / "var")))
    parser.add_argument("--media-root", default=os.environ.get("MEDIA_ROOT", str(ROOT / "media")))
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8011)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worker-class", default="sync", help="gunicorn worker class (sync or gthread)")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--users", type=int, nargs="+", default=[20, 50])
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per page group and user count")
    parser.add_argument("--rate", type=float, default=50.0, help="directory searches per second (open loop)")
    parser.add_argument("--rate-duration", type=float, default=20.0)
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args()
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("--database-url must be a PostgreSQL URL (the production-like set-up)")
    if not ipaddress.ip_address(_loopback(urlsplit(args.database_url).hostname or "127.0.0.1")).is_loopback:
        raise SystemExit("the database must be on this machine")
    host = _loopback(args.host)
    if args.duration * len(args.users) * 7 + 2 * args.rate_duration > 1800:
        raise SystemExit("keep the run under 30 minutes")

    work = Path(tempfile.mkdtemp(prefix="techland-load-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "techland.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": f"{host},localhost",
        "SECURE_SSL_REDIRECT": "off",
        "DATABASE_URL": args.database_url,
        "DATABASE_CONN_MAX_AGE": "60",
        "TECHLAND_VAR_DIR": args.var_dir,
        "MEDIA_ROOT": args.media_root,
        "STATIC_ROOT": str(work / "static"),
        "CACHE_DIR": str(work / "cache"),
        "LOG_LEVEL": "WARNING",
        "THROTTLE_API_PER_IP": "1000000",
        "PYTHONPATH": str(ROOT),
    }
    fixtures = prepare(env)
    process = start_server(env, host, args.port, args.workers, args.worker_class, args.threads)
    try:
        load = os.getloadavg()
        print(
            f"Server: gunicorn, {args.workers} {args.worker_class} workers, PostgreSQL; "
            f"machine load before: {load[0]:.1f}",
            flush=True,
        )
        results = asyncio.run(run(args, host, args.port, fixtures))
    finally:
        stop_server(process)
    cached = [r for r in results if r["page"] in ("home page (cached)", "cluster page (cached)")]
    errors = sum(r["errors"] for r in results)
    print()
    print(
        f"cached pages ≥ 500 req/s: {'yes' if all(r['req_per_s'] >= 500 for r in cached) else 'no'} "
        f"(lowest {min(r['req_per_s'] for r in cached)})"
    )
    for result in results[-2:]:
        print(
            f"{result['page']}: p95 ≤ 200 ms at {args.rate:g} req/s: "
            f"{'yes' if result['p95_ms'] <= 200 else 'no'} ({result['p95_ms']} ms)"
        )
    print(f"errors: {errors}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
