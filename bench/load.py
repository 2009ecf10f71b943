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
3. Logs the users in through the login form (each with its own session),
   then measures with wrk (installed from Debian's packages when missing), one
   after the other, on the same server:
   - the floor: the same users, each with its session, calling a page that
     needs the login and renders base.html with no content (`/bench/floor/`,
     which exists only with BENCH_FLOOR_PAGE=true, as here) as fast as they
     can, for a quarter of the duration (at least 10 s): what every page costs
     before its own work (session, user, access middleware, base template);
   - the mix (bench/load.lua): one wrk thread and connection per user, each
     with its own session cookie, without think time, picks the next page at
     random: the decisions page (with a page number or a search term, 30 %), a
     search (20 %), a minutes page (30 %), the PDF of adjusted minutes (10 %),
     the start page (10 %).
   Latencies are wrk's, from sending the request to the last byte of the
   response, over kept-alive HTTP/1.1 connections. Any status other than 200,
   a timeout (30 s) or a broken connection counts as an error.
4. Prints the requests and errors per page kind, and last ONE JSON line:
   {"rps": …, "floor_rps": …, "ratio": …, "p50_ms": …, "p95_ms": …, "p99_ms": …, "errors": …},
   where ratio = rps / floor_rps. Targets: errors 0, ratio >= 0.3, p95_ms <= 500.
   Nothing is cached: every request runs its access check and renders.

wrk runs on the same machine and takes its share of the CPU (little: it is
written in C).
"""

import argparse
import hashlib
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
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
from meetings.models import Meeting
from django.core.files.storage import default_storage
adjusted = Meeting.objects.filter(status=Meeting.Status.ADJUSTED).order_by("-date")
missing = [m for m in adjusted.exclude(final_pdf="") if not default_storage.exists(m.final_pdf.name)]
missing += list(adjusted.filter(final_pdf="")[:max(0, 30 - adjusted.exclude(final_pdf="").count())])
for meeting in missing:
    meeting = Meeting.objects.with_contents().get(pk=meeting.pk)
    pdf = render_minutes_pdf(meeting)
    if meeting.final_pdf:
        # The stored file is gone (a new MEDIA_ROOT): put a rendering back under its name.
        default_storage.save(meeting.final_pdf.name, ContentFile(pdf))
        continue
    # The generated archive has no stored PDFs; signing would have made them. The
    # database lets the archival copy be stored once, together with its hash.
    digest = hashlib.sha256(pdf).hexdigest()
    name = default_storage.save(f"minutes/{meeting.pk}-{digest[:12]}.pdf", ContentFile(pdf))
    Meeting.objects.filter(pk=meeting.pk).update(final_pdf=name, final_pdf_sha256=digest)
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


def seal_certificate(env, folder):
    """A seal certificate for the run: production settings refuse the demo one (meetings.sealing)."""
    code = (
        "from pathlib import Path; from meetings.sealing import make_test_certificate\n"
        "p12, password, ca = make_test_certificate('Samverkan bench-sigill', ca_name='Samverkan bench-CA')\n"
        f"Path({str(folder / 'seal.p12')!r}).write_bytes(p12); Path({str(folder / 'ca.pem')!r}).write_bytes(ca)\n"
        "print(password.decode())"
    )
    result = subprocess.run([PYTHON, "manage.py", "shell", "-c", code], cwd=ROOT,
                            env={**env, "DEBUG": "true"}, capture_output=True, text=True)
    if result.returncode:
        sys.exit(f"Making the bench's seal certificate failed:\n{result.stderr[-2000:]}")
    return {"SEAL_PKCS12_PATH": str(folder / "seal.p12"), "SEAL_PKCS12_PASSWORD": result.stdout.strip().splitlines()[-1],
            "SEAL_TRUST_ROOTS": str(folder / "ca.pem")}


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


# --- Users and wrk ---------------------------------------------------------------------


def _cookies(response):
    """{name: value} of the Set-Cookie headers (the Secure flag is ignored: plain HTTP on the loopback)."""
    found = {}
    for header in response.headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        found[name.strip()] = rest.split(";", 1)[0]
    return found


def login(port, username):
    """Log in through the login form; the session cookie ("sessionid=…")."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", "/login/")
        response = conn.getresponse()
        page, cookies = response.read(), _cookies(response)
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if response.status != 200 or not match:
            sys.exit(f"The login page answered {response.status} without a form.")
        body = urlencode({"csrfmiddlewaretoken": match.group(1).decode(), "username": username,
                          "password": BENCH_PASSWORD})
        conn.request("POST", "/login/", body, {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
        })
        response = conn.getresponse()
        response.read()
        session = _cookies(response).get("sessionid")
        if response.status != 302 or "login" in response.getheader("Location", "") or not session:
            sys.exit(f"The login of {username} failed: {response.status} {response.getheader('Location', '')}")
        return f"sessionid={session}"
    finally:
        conn.close()


def status_of(port, path, cookie):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers={"Cookie": cookie})
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def ensure_wrk():
    """The path of wrk, installed from Debian's packages when missing (as bin/test installs Chromium)."""
    if not shutil.which("wrk") and shutil.which("apt-get"):
        log("Installing system package: wrk")
        sudo = [] if os.geteuid() == 0 else ["sudo"]
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run([*sudo, "apt-get", "update", "-qq"], env=env, capture_output=True)
        subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", "wrk"], env=env, capture_output=True)
    if not shutil.which("wrk"):
        sys.exit("bench/load.py needs wrk (on Debian: apt-get install wrk).")
    return shutil.which("wrk")


def run_wrk(wrk, port, mode, seconds, users, sessions, meeting_ids, pdf_ids, decisions_ok):
    """One wrk run of bench/load.lua: its RESULT as a dict."""
    terms = ",".join(quote(term) for term in SEARCH_TERMS)
    command = [
        wrk, f"-t{users}", f"-c{users}", f"-d{max(1, round(seconds))}s", "--timeout", "30s", "--latency",
        "-s", str(ROOT / "bench" / "load.lua"), f"http://127.0.0.1:{port}", "--",
        mode, str(sessions), ",".join(map(str, meeting_ids)), ",".join(map(str, pdf_ids)), terms,
        "1" if decisions_ok else "0",
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 120)
    for line in result.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT "):])
    sys.exit(f"wrk failed (exit {result.returncode}):\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")


def bench(port, users, duration, meeting_ids, pdf_ids, tmp):
    wrk = ensure_wrk()
    log(f"Logging in {users} users")
    cookies = [login(port, f"bench.user{n:02d}") for n in range(1, users + 1)]
    sessions = tmp / "sessions.txt"
    sessions.write_text("\n".join(cookies) + "\n")
    decisions_ok = status_of(port, "/decisions/", cookies[0]) == 200
    if not decisions_ok:
        log("/decisions/ did not answer 200: the decisions share goes to the start page")
    run = lambda mode, seconds: run_wrk(wrk, port, mode, seconds, users, sessions, meeting_ids, pdf_ids, decisions_ok)
    log("Warming up (5 s)")
    run("mix", 3)
    run("floor", 2)
    floor_seconds = max(10, duration / 4)
    log(f"Machine load average before measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    log(f"Floor: /bench/floor/ for {floor_seconds:.0f} s")
    floor = run("floor", floor_seconds)
    log(f"Mix for {duration:.0f} s")
    return floor, run("mix", duration)


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
        "SIGNATURE_HMAC_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",  # plain HTTP on the loopback; a proxy would terminate TLS
        "STATIC_ROOT": str(tmp / "static"),
        "DB_CONN_MAX_AGE": env.get("DB_CONN_MAX_AGE", "60"),
        "LOG_FORMAT": "json",
        "AXES_ENABLED": "true",
        "BENCH_FLOOR_PAGE": "true",
    })
    try:
        env.update(seal_certificate(env, tmp))
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
            floor, results = bench(port, args.users, args.duration, meeting_ids, pdf_ids, tmp)
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

    def errors(result):
        return result["socket_errors"] + sum(kind["errors"] for kind in result["kinds"].values())

    def per_second(result):
        return result["requests"] / (result["duration_us"] / 1e6)

    log(f"\n{'page':10} {'requests':>8} {'errors':>6}")
    for name, kind in sorted(results["kinds"].items()):
        log(f"{name:10} {kind['requests']:8d} {kind['errors']:6d}")
    log(f"floor /bench/floor/: {per_second(floor):.0f} req/s, p50 {floor['p50_us'] / 1000:.1f} ms, "
        f"{errors(floor)} errors")
    for detail in results["error_paths"] + floor["error_paths"]:
        log(f"error: {detail}")
    if results["socket_errors"] or floor["socket_errors"]:
        log(f"wrk's socket errors (connect, read, write, timeout): mix {results['socket_errors']}, "
            f"floor {floor['socket_errors']}")
    rps, floor_rps = per_second(results), per_second(floor)
    print(json.dumps({
        "rps": round(rps, 1),
        "floor_rps": round(floor_rps, 1),
        "ratio": round(rps / floor_rps, 3) if floor_rps else 0,
        "p50_ms": round(results["p50_us"] / 1000, 1),
        "p95_ms": round(results["p95_us"] / 1000, 1),
        "p99_ms": round(results["p99_us"] / 1000, 1),
        "errors": errors(results) + errors(floor),
    }))


if __name__ == "__main__":
    main()
