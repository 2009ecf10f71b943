"""Load test: 50 logged-in users against gunicorn, in production settings, on the configured database.

Run from the project root:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/samverkan_load .venv/bin/python bench/load.py

What it does:

1. Migrates the database of DATABASE_URL (created first if it is a missing
   PostgreSQL database; without DATABASE_URL a throw-away SQLite file is used,
   never the developer's db.sqlite3) and, when it holds no minutes, fills it with
   `manage.py load_demo` and `manage.py generate_archive --years 2
   --meetings-per-year 12`. Adjusted minutes without a stored final PDF get one,
   as signing would have made it. The bench users `bench.user01`… (managers,
   members of every group) are created when missing.
2. Collects the static files and starts gunicorn with `gunicorn.conf.py` and
   DEBUG=false (the production settings: WhiteNoise, CSP, sessions in the
   database, the request log), on a free local port.
3. Logs the users in through the login form (each with its own session and
   CSRF cookie), then measures, one after the other, on the same server:
   - the ceiling: as many clients calling `/health/` (a minimal view: one
     `SELECT 1`; no session cookie, as a load balancer calls it) as fast as they
     can, for a quarter of the duration (at least 10 s);
   - the mix: each user, without think time, picks the next page at random:
     the decisions page (with a page number or a filter), a search, a minutes
     page, the PDF of adjusted minutes, the start page.
   Latencies are measured by the client from sending the request to the last
   byte of the response. Any status other than 200, a timeout or a broken
   connection counts as an error.
4. Prints a summary per page kind, and last ONE JSON line:
   {"rps": …, "ceiling_rps": …, "ratio": …, "p50_ms": …, "p95_ms": …, "p99_ms": …, "errors": …}.
   Targets: errors 0, p95_ms <= 300, ratio >= 0.3.

The client is pure-Python asyncio over keep-alive HTTP/1.1 connections (no
extra package), one connection per user; it runs on the same machine and
takes its share of the CPU, as a load balancer's health checks do not.
"""

import argparse
import asyncio
import hashlib
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable
BENCH_PASSWORD = "bench-lösenord-som-är-långt-2026"
SEARCH_TERMS = ["arbetsmiljö", "budget", "sjukfrånvaro", "rekrytering", "lokaler", "organisation", "lön", "BUF"]


def log(message):
    print(message, file=sys.stderr, flush=True)


# --- Preparing the database --------------------------------------------------------


def manage(env, *args, check=True):
    return subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=check,
                          capture_output=True, text=True)


def ensure_postgres_database(url):
    import dj_database_url
    import psycopg2

    cfg = dj_database_url.parse(url)
    if cfg["ENGINE"] != "django.db.backends.postgresql":
        return
    conn = psycopg2.connect(host=cfg["HOST"] or None, port=cfg["PORT"] or None, user=cfg["USER"] or None,
                            password=cfg["PASSWORD"] or None, dbname="postgres")
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [cfg["NAME"]])
        if not cursor.fetchone():
            log(f"Creating the database {cfg['NAME']}")
            cursor.execute(f'CREATE DATABASE "{cfg["NAME"]}"')
    conn.close()


PREPARE = r"""
import hashlib, sys
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction
from meetings.models import CooperationGroup, Meeting, User

users = int(sys.argv[1]); password = sys.argv[2]
if not Meeting.objects.exists():
    print("filling: load_demo", file=sys.stderr)
    call_command("load_demo", force=True, verbosity=0)
    try:
        call_command("generate_archive", years=2, meetings_per_year=12, verbosity=0)
    except Exception as exc:  # the command belongs to another part of the app
        print(f"generate_archive not used: {exc}", file=sys.stderr)
from meetings.pdf import render_minutes_pdf
from meetings.services import content_with_prefetch
from django.core.files.storage import default_storage
adjusted = Meeting.objects.filter(status=Meeting.Status.ADJUSTED).order_by("-date")
missing = [m for m in adjusted.exclude(final_pdf="") if not default_storage.exists(m.final_pdf.name)]
missing += list(adjusted.filter(final_pdf="")[:max(0, 30 - adjusted.exclude(final_pdf="").count())])
for meeting in missing:
    meeting = content_with_prefetch(meeting.pk)
    pdf = render_minutes_pdf(meeting)
    digest = hashlib.sha256(pdf).hexdigest()
    name = f"{meeting.pk}-{digest[:12]}.pdf"
    meeting.final_pdf.save(name, ContentFile(pdf), save=False)
    # The generated archive has no stored PDFs; signing would have made them. The database
    # keeps the record of adjusted minutes fixed, so (bench data only) draft, store, adjusted.
    with transaction.atomic():
        rows = Meeting.objects.filter(pk=meeting.pk)
        rows.update(status=Meeting.Status.DRAFT)
        rows.update(final_pdf=meeting.final_pdf.name, final_pdf_sha256=digest)
        rows.update(status=Meeting.Status.ADJUSTED)
groups = list(CooperationGroup.objects.all())
for n in range(1, users + 1):
    user, created = User.objects.get_or_create(username=f"bench.user{n:02d}", defaults={"role": User.Role.MANAGER, "email": f"bench{n}@example.se"})
    if created or not user.check_password(password):
        user.set_password(password); user.save()
    for group in groups:
        group.members.add(user)
ids = list(Meeting.objects.filter(status=Meeting.Status.ADJUSTED).values_list("pk", flat=True))
pdfs = list(Meeting.objects.filter(status=Meeting.Status.ADJUSTED).exclude(final_pdf="").values_list("pk", flat=True))
print("IDS " + ",".join(map(str, ids)))
print("PDFS " + ",".join(map(str, pdfs)))
"""


def prepare(env, users):
    log("Migrating")
    result = manage(env, "migrate", "--noinput", check=False)
    if result.returncode:
        sys.exit(f"migrate failed:\n{result.stderr}")
    log("Preparing data and bench users")
    result = subprocess.run([PYTHON, "manage.py", "shell", "-c",
                             f"import sys; sys.argv=['x', '{users}', {BENCH_PASSWORD!r}]\n" + PREPARE],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode:
        sys.exit(f"Preparing the data failed:\n{result.stderr[-3000:]}")
    ids = pdfs = []
    for line in result.stdout.splitlines():
        if line.startswith("IDS "):
            ids = [int(x) for x in line[4:].split(",") if x]
        if line.startswith("PDFS "):
            pdfs = [int(x) for x in line[5:].split(",") if x]
    if not ids:
        sys.exit("The database holds no adjusted minutes to read; cannot run the bench.")
    return ids, pdfs


# --- A small HTTP/1.1 keep-alive client ------------------------------------------


class HTTPError(Exception):
    pass


class Connection:
    def __init__(self, host, port):
        self.host, self.port = host, port
        self.reader = self.writer = None
        self.cookies = {}

    async def _open(self):
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)

    def close(self):
        if self.writer:
            self.writer.close()
        self.reader = self.writer = None

    async def request(self, method, path, body=b"", headers=None):
        for attempt in (1, 2):
            if self.writer is None:
                await self._open()
            try:
                return await self._request(method, path, body, headers or {})
            except (ConnectionError, asyncio.IncompleteReadError) as exc:
                # The server closed a kept-alive connection between requests: reconnect once.
                self.close()
                if attempt == 2:
                    raise HTTPError(f"connection: {exc!r}") from None

    async def _request(self, method, path, body, headers):
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}", "Connection: keep-alive",
                 "Accept-Language: sv", "User-Agent: samverkan-bench"]
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        for key, value in headers.items():
            lines.append(f"{key}: {value}")
        if body:
            lines.append(f"Content-Length: {len(body)}")
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        await self.writer.drain()
        status_line = await self.reader.readuntil(b"\r\n")
        if not status_line:
            raise ConnectionError("closed")
        status = int(status_line.split()[1])
        response_headers = []
        while True:
            line = await self.reader.readuntil(b"\r\n")
            if line == b"\r\n":
                break
            key, _, value = line.decode("latin-1").partition(":")
            response_headers.append((key.strip().lower(), value.strip()))
        length = None
        chunked = close = False
        location = ""
        for key, value in response_headers:
            if key == "content-length":
                length = int(value)
            elif key == "transfer-encoding" and "chunked" in value.lower():
                chunked = True
            elif key == "connection" and value.lower() == "close":
                close = True
            elif key == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
            elif key == "location":
                location = value
        if chunked:
            parts = []
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                if size == 0:
                    await self.reader.readuntil(b"\r\n")
                    break
                parts.append(await self.reader.readexactly(size))
                await self.reader.readexactly(2)
            content = b"".join(parts)
        elif length is not None:
            content = await self.reader.readexactly(length)
        else:
            content = await self.reader.read()
            close = True
        if close:
            self.close()
        return status, location, content


# --- Users -----------------------------------------------------------------------------


async def login(conn, username):
    status, _, page = await conn.request("GET", "/login/")
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if status != 200 or not match:
        raise HTTPError(f"login page: {status}")
    body = urlencode({"csrfmiddlewaretoken": match.group(1).decode(), "username": username,
                      "password": BENCH_PASSWORD}).encode()
    status, location, _ = await conn.request(
        "POST", "/login/", body,
        {"Content-Type": "application/x-www-form-urlencoded", "Referer": f"http://{conn.host}:{conn.port}/login/"},
    )
    if status != 302 or "login" in location:
        raise HTTPError(f"login of {username} failed: {status} {location}")


class Mix:
    """The pages a user reads, with weights: what people do at the end of a meeting cycle."""

    def __init__(self, meeting_ids, pdf_ids, decisions_ok):
        self.meeting_ids, self.pdf_ids, self.decisions_ok = meeting_ids, pdf_ids, decisions_ok

    def pick(self, rng):
        roll = rng.random()
        if roll < 0.30:
            if self.decisions_ok:
                page = rng.choice(["", "?page=2", "?page=3", f"?q={quote(rng.choice(SEARCH_TERMS))}"])
                return "decisions", f"/decisions/{page}"
            return "decisions", "/"
        if roll < 0.50:
            return "search", f"/search/?q={quote(rng.choice(SEARCH_TERMS))}"
        if roll < 0.80:
            return "minutes", f"/meetings/{rng.choice(self.meeting_ids)}/"
        if roll < 0.90 and self.pdf_ids:
            return "pdf", f"/meetings/{rng.choice(self.pdf_ids)}/pdf/"
        return "home", "/"


async def drive(conn, until, pick, rng, results):
    while time.perf_counter() < until:
        kind, path = pick(rng)
        started = time.perf_counter()
        try:
            status, _, _ = await asyncio.wait_for(conn.request("GET", path), timeout=30)
            ok = status == 200
            detail = f"{status} {path}"
        except (HTTPError, asyncio.TimeoutError, OSError, ValueError) as exc:
            conn.close()
            ok, detail = False, f"{type(exc).__name__} {path}"
        finished = time.perf_counter()
        if finished <= until:
            results.append((kind, (finished - started) * 1000, ok, detail))


async def run_phase(conns, seconds, pick, seed):
    results = []
    started = time.perf_counter()
    until = started + seconds
    await asyncio.gather(*(drive(c, until, pick, random.Random(seed + i), results) for i, c in enumerate(conns)))
    return results, time.perf_counter() - started


def percentile(values, fraction):
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[index]


async def bench(port, users, duration, meeting_ids, pdf_ids):
    conns = [Connection("127.0.0.1", port) for _ in range(users)]
    log(f"Logging in {users} users")
    for start in range(0, users, 10):
        await asyncio.gather(*(login(c, f"bench.user{n + 1:02d}") for n, c in enumerate(conns[start:start + 10], start)))
    status, _, _ = await conns[0].request("GET", "/decisions/")
    decisions_ok = status == 200
    if not decisions_ok:
        log(f"/decisions/ answered {status}: the decisions share goes to the start page")
    mix = Mix(meeting_ids, pdf_ids, decisions_ok)
    log("Warming up (5 s)")
    await run_phase(conns, 5, mix.pick, 1)
    # The ceiling is asked as a load balancer asks: without a session cookie.
    probes = [Connection("127.0.0.1", port) for _ in range(users)]
    await run_phase(probes, 2, lambda rng: ("health", "/health/"), 2)
    ceiling_seconds = max(10, duration / 4)
    log(f"Machine load average before measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    log(f"Ceiling: /health/ for {ceiling_seconds:.0f} s")
    ceiling, ceiling_elapsed = await run_phase(probes, ceiling_seconds, lambda rng: ("health", "/health/"), 3)
    for c in probes:
        c.close()
    log(f"Mix for {duration:.0f} s")
    results, elapsed = await run_phase(conns, duration, mix.pick, 4)
    for c in conns:
        c.close()
    return ceiling, ceiling_elapsed, results, elapsed


# --- gunicorn --------------------------------------------------------------------------


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(port, process, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process.poll() is not None:
            sys.exit("gunicorn stopped at start; see the log above.")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                s.sendall(b"GET /health/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                if b" 200 " in s.recv(100):
                    return
        except OSError:
            pass
        time.sleep(0.3)
    sys.exit("gunicorn did not answer /health/ within a minute.")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=60, help="seconds of the mixed load (default 60)")
    parser.add_argument("--users", type=int, default=50, help="concurrent logged-in users (default 50)")
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers (default: gunicorn.conf.py)")
    parser.add_argument("--threads", type=int, default=None, help="gunicorn threads per worker")
    args = parser.parse_args()
    if args.duration <= 0 or not 1 <= args.users <= 99:
        sys.exit("--duration must be positive and --users between 1 and 99.")

    env = dict(os.environ)
    tmp = Path(tempfile.mkdtemp(prefix="samverkan-load-"))
    if not env.get("DATABASE_URL"):
        env["DATABASE_URL"] = f"sqlite:///{tmp / 'load.sqlite3'}"
        log(f"No DATABASE_URL: using a throw-away SQLite database in {tmp}")
    else:
        ensure_postgres_database(env["DATABASE_URL"])
    # The stored PDFs must outlive the run as the database does.
    env.setdefault("MEDIA_ROOT", str(tmp / "media") if "load.sqlite3" in env["DATABASE_URL"]
                   else str(Path(tempfile.gettempdir()) / f"samverkan-load-media-{hashlib.sha256(env['DATABASE_URL'].encode()).hexdigest()[:10]}"))
    env.update({
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",  # plain HTTP on the loopback; a proxy would terminate TLS
        "STATIC_ROOT": str(tmp / "static"),
        "DB_CONN_MAX_AGE": env.get("DB_CONN_MAX_AGE", "60"),
        "LOG_FORMAT": "json",
        "AXES_ENABLED": "true",
    })
    try:
        meeting_ids, pdf_ids = prepare(env, args.users)
        log(f"{len(meeting_ids)} adjusted minutes, {len(pdf_ids)} with a stored PDF")
        result = manage(env, "collectstatic", "--noinput", check=False)
        if result.returncode:
            sys.exit(f"collectstatic failed:\n{result.stderr[-2000:]}")
        port = free_port()
        if args.workers:
            env["GUNICORN_WORKERS"] = str(args.workers)
        if args.threads:
            env["GUNICORN_THREADS"] = str(args.threads)
        env["GUNICORN_BIND"] = f"127.0.0.1:{port}"
        server_log = open(tmp / "gunicorn.log", "w")
        process = subprocess.Popen([str(ROOT / ".venv" / "bin" / "gunicorn"), "-c", "gunicorn.conf.py"],
                                   cwd=ROOT, env=env, stdout=server_log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        try:
            wait_until_up(port, process)
            ceiling, ceiling_elapsed, results, elapsed = asyncio.run(
                bench(port, args.users, args.duration, meeting_ids, pdf_ids)
            )
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
            server_log.close()
    finally:
        if (tmp / "gunicorn.log").exists():
            kept = Path(tempfile.gettempdir()) / "samverkan-load-gunicorn.log"
            shutil.copy(tmp / "gunicorn.log", kept)
            log(f"The server's log: {kept}")
        shutil.rmtree(tmp, ignore_errors=True)

    latencies = [ms for _, ms, _, _ in results]
    errors = [detail for _, _, ok, detail in results if not ok]
    ceiling_errors = [detail for _, _, ok, detail in ceiling if not ok]
    rps = len(results) / elapsed
    ceiling_rps = len(ceiling) / ceiling_elapsed
    log(f"\n{'page':10} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'errors':>6}")
    for kind in sorted({k for k, _, _, _ in results}):
        values = [ms for k, ms, _, _ in results if k == kind]
        bad = sum(1 for k, _, ok, _ in results if k == kind and not ok)
        log(f"{kind:10} {len(values):8d} {statistics.median(values):8.1f} {percentile(values, 0.95):8.1f} {bad:6d}")
    log(f"ceiling /health/: {ceiling_rps:.0f} req/s, p50 {statistics.median([ms for _, ms, _, _ in ceiling]):.1f} ms, "
        f"{len(ceiling_errors)} errors")
    for detail in sorted(set(errors + ceiling_errors))[:10]:
        log(f"error: {detail}")
    print(json.dumps({
        "rps": round(rps, 1),
        "ceiling_rps": round(ceiling_rps, 1),
        "ratio": round(rps / ceiling_rps, 3) if ceiling_rps else 0,
        "p50_ms": round(percentile(latencies, 0.50), 1),
        "p95_ms": round(percentile(latencies, 0.95), 1),
        "p99_ms": round(percentile(latencies, 0.99), 1),
        "errors": len(errors) + len(ceiling_errors),
    }))


if __name__ == "__main__":
    main()
