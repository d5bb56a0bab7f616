"""Milliseconds per request in one process, no network and no load tool: for iterating on a
page between two `make bench` runs. Same settings and data as `make bench` (production
settings, the shipped guide, signed-in users who rated every question, one with an
interview date), through Django's test client.

    .venv/bin/python bench/inprocess.py                 # every scenario, SQLite
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/interview_prep_inprocess \\
        .venv/bin/python bench/inprocess.py             # on PostgreSQL (database made afresh)
    .venv/bin/python bench/inprocess.py --profile "rating POST"   # cProfile of one scenario
    REDIS_URL=redis://127.0.0.1:6379/1 .venv/bin/python bench/inprocess.py
        # with the shared cache and cached_db sessions, as production with Redis
"""

import argparse
import cProfile
import os
import pstats
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


@contextmanager
def prepared_django():
    """Django set up on a fresh database of the benchmark's data (`prepare_environment`) in a
    folder that is removed afterwards: what every in-process bench script starts with."""
    with tempfile.TemporaryDirectory() as folder:
        prepare_environment(Path(folder))
        import django

        django.setup()
        yield


def prepare_environment(folder: Path) -> None:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg

        parts = urlsplit(url)
        name = parts.path.lstrip("/") or "interview_prep_inprocess"
        admin = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {name}")
            connection.execute(f"CREATE DATABASE {name}")
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'inprocess.sqlite3'}"
    os.environ |= {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DJANGO_SITE_URL": "http://127.0.0.1",
        "DJANGO_STATIC_ROOT": str(folder / "static"),
        "PYTHONPATH": str(ROOT),
    }
    python = sys.executable
    run = {"cwd": ROOT, "check": True}
    subprocess.run([python, "manage.py", "migrate", "--noinput", "-v0"], **run)
    guides = map(str, (ROOT / "guide" / "content").glob("*.txt"))
    subprocess.run([python, "manage.py", "import_guide", "-v0", *guides], **run)
    subprocess.run([python, "manage.py", "collectstatic", "--noinput", "-v0"], **run)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300, help="per scenario")
    parser.add_argument("--only", action="append", help="scenario names to run")
    parser.add_argument("--profile", help="print a cProfile of this scenario")
    parser.add_argument(
        "--search", type=int, metavar="N", help="add a search over a guide of N questions"
    )
    parser.add_argument(
        "--no-interview", action="store_true", help="users without an interview date"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        prepare_environment(Path(folder))
        import django

        django.setup()
        from django.core.cache import cache

        # A fresh database, so a fresh cache: nothing left from another run (REDIS_URL).
        cache.clear()
        from bench.scenarios import SEARCH_PATH, Scenario, scenarios, seed

        seeded = seed(users=10, interview=not args.no_interview)
        extra = []
        if args.search:
            from bench import seed_search

            seed_search.main(args.search)
            extra.append(Scenario(f"search, {args.search:,} questions", [SEARCH_PATH]))
        from django.test import Client

        results = []
        for scenario in scenarios(seeded) + extra:
            if args.only and scenario.name not in args.only and scenario.name != "baseline":
                continue
            clients = [Client(HTTP_REFERER="https://testserver/") for _ in seeded.cookies]
            if scenario.signed_in:
                for client, cookie in zip(clients, seeded.cookies, strict=True):
                    client.cookies.load(cookie)
            timings = []
            for index in range(args.requests):
                started = time.perf_counter()
                response = scenario.send(clients[index % len(clients)], index)
                timings.append((time.perf_counter() - started) * 1000)
                if response.status_code >= 400:
                    path = response.request["PATH_INFO"]
                    sys.exit(f"{scenario.name}: {path} answered {response.status_code}")
            results.append((scenario.name, statistics.median(timings), timings))
            if args.profile == scenario.name:
                profiler = cProfile.Profile()
                profiler.enable()
                for index in range(args.requests):
                    scenario.send(clients[index % len(clients)], index)
                profiler.disable()
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
        baseline = results[0][1]
        from django.conf import settings

        print(
            f"database {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}, "
            f"sessions {settings.SESSION_ENGINE.rsplit('.', 1)[-1]}, "
            f"cache {settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}"
        )
        print(f"{'scenario':34} {'median ms':>10} {'p90 ms':>8} {'× baseline':>11}")
        for name, median, timings in results:
            p90 = statistics.quantiles(timings, n=10)[-1]
            print(f"{name:34} {median:10.2f} {p90:8.2f} {baseline / median:11.2f}")


if __name__ == "__main__":
    main()
