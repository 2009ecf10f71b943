"""Benchmark: the decisions page of the archive, with and without a search term and filters.

Run from the project root:  .venv/bin/python bench/archive.py

It measures on the configured database (DATABASE_URL; PostgreSQL on CI). Without
DATABASE_URL it uses a throw-away SQLite file, never the developer's db.sqlite3.
The database is migrated, and when it holds no minutes it is filled with
`manage.py generate_archive --years 20 --meetings-per-year 24` (≈10,000 items,
≈2,500 decisions). A manager "bench.chef", member of every group, is created
if missing and requests the pages through Django's test client (all middleware,
the access rules, the templates).

Scenarios: the plain list, page 3, a search term, a search with filters,
filters without search (area, party position "SSR oeniga", dates), another
sort order. Each is requested once untimed, then RUNS times in turns; p50 and
p95 are over all timed requests. "queries" is the largest number of SQL
queries of one page.

Nothing is cached: every request runs its access check, its queries and its
templates.

The same scenarios are also timed on an archive ten times larger: 10 groups ×
20 years (`generate_archive --groups 10 --meetings-per-year 240`), in a
subprocess on a third database (`<name>_x10` on PostgreSQL, a temporary file
on SQLite), filled on the first run.

"queries_growth" is how the query count grows with the archive: the same
scenarios are counted (not timed) on a second database holding a tenth of the
archive (2 years instead of 20, made the same way; `<name>_small` on
PostgreSQL, a temporary file on SQLite) in a subprocess, and the result is the
largest count(10N) - count(N) over the scenarios. The last line is one JSON
object: {"decisions": …, "p50_ms": …, "p95_ms": …, "queries": …,
"queries_growth": …, "decisions_x10": …, "p95_ms_x10": …}. Targets: p95 <= 100 ms
at 20 years, p95_ms_x10 <= 150, queries_growth 0.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 15
YEARS, MEETINGS_PER_YEAR = 20, 24
X10_GROUPS, X10_MEETINGS_PER_YEAR = 10, 240


def setup_django():
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samverkan.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


def ensure_archive(years, *, groups=None, meetings_per_year=MEETINGS_PER_YEAR):
    from django.core.management import call_command

    from meetings.models import Meeting

    call_command("migrate", verbosity=0)
    if not Meeting.objects.exists():
        started = time.monotonic()
        options = {"years": years, "meetings_per_year": meetings_per_year}
        if groups:
            options["groups"] = groups
        print(f"Filling the empty database: generate_archive {options} …", file=sys.stderr)
        call_command("generate_archive", stdout=sys.stderr, **options)
        print(f"… done in {time.monotonic() - started:.1f} s", file=sys.stderr)
        # A database in use has its planner statistics; a just-filled one has none until autovacuum
        # comes round, and the first runs would time plans made without them.
        from django.db import connection

        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")


def bench_user():
    from meetings.models import CooperationGroup, User

    user, _created = User.objects.get_or_create(
        username="bench.chef", defaults={"role": User.Role.MANAGER, "first_name": "Bench", "last_name": "Chef"}
    )
    for group in CooperationGroup.objects.all():
        group.members.add(user)
    return user


def scenarios():
    from meetings.models import CooperationGroup, Party

    group = CooperationGroup.objects.filter(name="FSG/VSG").first() or CooperationGroup.objects.first()
    ssr = Party.objects.filter(short_name="SSR").first() or Party.objects.first()
    return {
        "list": {},
        "page 3": {"page": "3"},
        "search": {"q": "rekrytering"},
        "search + filters": {"q": "riskbedömning förändring", "group": group.pk, "area": "BUF",
                             "date_from": "2010-01-01"},
        "filters": {"party": ssr.pk, "stand": "disagree", "outcome": "disagreed", "area": "Vuxen",
                    "date_from": "2008-01-01", "date_to": "2030-12-31"},
        "sorted by title": {"sort": "title", "group": group.pk},
    }


def client_for(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def count_queries(client, cases):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for name, params in cases.items():
        client.get("/decisions/", params)  # warm
        with CaptureQueriesContext(connection) as context:
            response = client.get("/decisions/", params)
        assert response.status_code == 200, (name, response.status_code)
        counts[name] = len(context.captured_queries)
    return counts


def time_requests(client, cases):
    """RUNS requests of every scenario, in turns: ({scenario: [ms]}, [CPU ms of each request])."""
    timings = {name: [] for name in cases}
    cpu = []  # this process's CPU time per request: what the load of other processes does not inflate
    for _run in range(RUNS):
        for name, params in cases.items():
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get("/decisions/", params)
            timings[name].append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
            assert response.status_code == 200, (name, response.status_code)
    return timings, cpu


def percentile95(ordered):
    return ordered[min(len(ordered) - 1, round(0.95 * len(ordered)) - 1)]


def sibling_database_url(url, suffix):
    """Another database beside the bench's: `<name>_<suffix>` on PostgreSQL, a temporary file on SQLite."""
    if url.startswith(("postgres://", "postgresql://")):
        base, _slash, name = url.rpartition("/")
        name = name.split("?")[0]
        return f"{base}/{name}_{suffix}"
    return f"sqlite:///{Path(tempfile.gettempdir()) / f'samverkan-bench-archive-{suffix}.sqlite3'}"


def create_postgres_database(url):
    import dj_database_url
    import psycopg2
    from psycopg2 import sql

    config = dj_database_url.parse(url)
    connection = psycopg2.connect(
        dbname="postgres", user=config["USER"], password=config["PASSWORD"] or None,
        host=config["HOST"] or None, port=config["PORT"] or None,
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
        if cursor.fetchone() is None:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
    connection.close()


def counts_only(years):
    """The subprocess for the 1× point: print the query counts per scenario as JSON."""
    setup_django()
    ensure_archive(years)
    print(json.dumps(count_queries(client_for(bench_user()), scenarios())))


def x10_only():
    """The subprocess for the 10× archive: print its decisions and the p95 of the same scenarios as JSON."""
    setup_django()
    from meetings.models import AgendaItem, Decision

    ensure_archive(YEARS, groups=X10_GROUPS, meetings_per_year=X10_MEETINGS_PER_YEAR)
    client, cases = client_for(bench_user()), scenarios()
    count_queries(client, cases)  # warm
    timings, _cpu = time_requests(client, cases)
    every = sorted(t for values in timings.values() for t in values)
    decisions = Decision.objects.filter(item__kind=AgendaItem.Kind.DECISION).count()
    print(json.dumps({"decisions": decisions, "p50_ms": round(statistics.median(every), 1),
                      "p95_ms": round(percentile95(every), 1)}))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--counts-only", type=int, metavar="YEARS", help=argparse.SUPPRESS)
    parser.add_argument("--x10-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.counts_only:
        return counts_only(args.counts_only)
    if args.x10_only:
        return x10_only()

    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(tempfile.gettempdir()) / 'samverkan-bench-archive.sqlite3'}"
    url = os.environ["DATABASE_URL"]
    if url.startswith(("postgres://", "postgresql://")):
        create_postgres_database(url)
    setup_django()
    from django.db import connection

    from meetings.models import AgendaItem, Decision

    ensure_archive(YEARS)
    user = bench_user()
    client = client_for(user)
    cases = scenarios()
    decisions = Decision.objects.filter(item__kind=AgendaItem.Kind.DECISION).count()

    queries = count_queries(client, cases)
    timings, cpu = time_requests(client, cases)
    every = sorted(t for values in timings.values() for t in values)
    p50, p95 = statistics.median(every), percentile95(every)
    print(f"database: {connection.vendor}, {decisions} decisions; load average {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} CPUs; app CPU time per request: median {statistics.median(cpu):.1f} ms, "
          f"max {max(cpu):.1f} ms")
    for name in cases:
        print(f"  {name:18} median {statistics.median(timings[name]):6.1f} ms   max {max(timings[name]):6.1f} ms"
              f"   {queries[name]} queries")
    # The 1× point: a tenth of the archive in a sibling database, counted in a subprocess.
    small_url = sibling_database_url(url, "small")
    if small_url.startswith(("postgres://", "postgresql://")):
        create_postgres_database(small_url)
    result = subprocess.run(
        [sys.executable, __file__, "--counts-only", str(YEARS // 10)],
        env={**os.environ, "DATABASE_URL": small_url}, capture_output=True, text=True, check=True,
    )
    small_counts = json.loads(result.stdout.strip().splitlines()[-1])
    growth = max(queries[name] - small_counts[name] for name in cases)
    print(f"queries at 1× ({YEARS // 10} years): {small_counts}")

    # The 10× archive: 10 groups × 20 years in a third database, timed in a subprocess.
    x10_url = sibling_database_url(url, "x10")
    if x10_url.startswith(("postgres://", "postgresql://")):
        create_postgres_database(x10_url)
    result = subprocess.run(
        [sys.executable, __file__, "--x10-only"],
        env={**os.environ, "DATABASE_URL": x10_url}, capture_output=True, text=True, check=True,
    )
    x10 = json.loads(result.stdout.strip().splitlines()[-1])
    print(f"10× archive ({X10_GROUPS} groups × {YEARS} years): {x10['decisions']} decisions, "
          f"p50 {x10['p50_ms']} ms, p95 {x10['p95_ms']} ms")
    print(json.dumps({
        "decisions": decisions, "p50_ms": round(p50, 1), "p95_ms": round(p95, 1),
        "queries": max(queries.values()), "queries_growth": growth,
        "decisions_x10": x10["decisions"], "p95_ms_x10": x10["p95_ms"],
    }))


if __name__ == "__main__":
    main()
