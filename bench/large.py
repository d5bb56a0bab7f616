"""`make bench-large`: the signed-in pages in a database that has been used for a year
(PostgreSQL only). Builds two databases the way bench/inprocess.py does (production settings,
the shipped guide, the bench seed): a small one with the seed alone, and a large one to which
bench/large_data.py adds 10,000 people, 1,000,000 ratings and 150,000 progress rows across 100
guides. Then, in one process per database, through Django's test client:

- ms per request of each signed-in scenario (bench/scenarios.py), for the bench users and for
  the heavy one (bench0: a progress row on every question and 50,000 ratings in the large
  database), and the large/small ratio (target: within 1.3×);
- the top node of `EXPLAIN` of each query those pages run as the heavy user, and whether it
  reads the big tables through an index, without and with practice/0009's indexes;
- the gunicorn worker's RSS while it streams the heavy user's data download (target ≤ 150 MB).

Prints the figures and writes bench/results-large.md.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/interview_prep_large \\
        .venv/bin/python bench/large.py
"""

import argparse
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.inprocess import prepare_environment  # noqa: E402
from bench.run import free_port, worker_rss_mb  # noqa: E402

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/interview_prep_large"
RESULTS = ROOT / "bench" / "results-large.md"
SIGNED_IN = [
    "question (signed in)",
    "guide (signed in)",
    "progress (signed in)",
    "review (signed in)",
    "plan (signed in)",
    "mock setup (signed in)",
    "library (signed in)",
    "rating POST",
]
# Issue #22: a page costs a person with a year of history at most 1.2× what it costs them
# with a few ratings.
RATIO_TARGET = 1.2
RSS_BUDGET_MB = 150
# Tables smaller than this may be read whole: a sequential scan of them is not a miss.
SMALL_TABLE_ROWS = 5_000
# A query that reads more rows than this for one person grows with their history.
MANY_ROWS = 10_000


# ---------------------------------------------------------------------------------------------
# Measuring, with Django set up.


def use_database(name: str) -> None:
    """Point Django's connection at another database of the same server, with cold caches (the
    two databases share ids, so nothing cached for one may be served for the other)."""
    from django.core.cache import caches
    from django.db import connections

    connection = connections["default"]
    connection.close()
    connection.settings_dict["NAME"] = name
    for cache in caches.all():
        cache.clear()


def time_pages(databases: dict, requests: int, rounds: int = 3) -> dict:
    """Median ms per request of each signed-in scenario, {(database, who): {scenario: ms}}.
    The databases and groups of users take turns in short blocks, so that the load of a shared
    machine falls on both sides of each ratio alike. `databases` maps a database name to its
    `Seeded`; "bench" is bench1–bench9 taking turns, "heavy" is bench0 alone."""

    from bench.scenarios import scenarios

    timings = {}
    for name in SIGNED_IN:
        print(f"   {name} …", flush=True)
        for _round in range(rounds):
            for database, seeded in databases.items():
                use_database(database)
                (scenario,) = [s for s in scenarios(seeded) if s.name == name]
                for who, cookies, count in (
                    ("bench", seeded.cookies[1:], requests),
                    ("heavy", seeded.cookies[:1], requests // 3),
                ):
                    times = timings.setdefault((database, who), {}).setdefault(name, [])
                    times += _time(scenario, cookies, max(count // rounds, 1))
    return {
        key: {name: statistics.median(times) for name, times in pages.items()}
        for key, pages in timings.items()
    }


def _time(scenario, cookies: list[str], requests: int) -> list[float]:
    from django.test import Client

    clients = [Client(HTTP_REFERER="https://testserver/") for _ in cookies]
    for client, cookie in zip(clients, cookies, strict=True):
        client.cookies.load(cookie)
    timings = []
    for index in range(requests + len(clients)):
        started = time.perf_counter()
        response = scenario.send(clients[index % len(clients)], index)
        if index >= len(clients):  # each client's first request warms it up
            timings.append((time.perf_counter() - started) * 1000)
        if response.status_code >= 400:
            path = response.request["PATH_INFO"]
            sys.exit(f"{scenario.name}: {path} answered {response.status_code}")
    return timings


def page_queries(seeded, cookie: str) -> list[tuple[str, str]]:
    """(page, SQL) of every query each signed-in scenario runs for the user of `cookie`, on
    their first visit (caches cold for them), without repeats."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.scenarios import scenarios

    found, seen = [], set()
    for scenario in scenarios(seeded):
        if scenario.name not in SIGNED_IN:
            continue
        client = Client(HTTP_REFERER="https://testserver/")
        client.cookies.load(cookie)
        method, path, data, headers = scenario.request(0)
        with CaptureQueriesContext(connection) as captured:
            if method == "POST":
                client.post(path, data, headers=headers, secure=True)
            else:
                client.get(path, headers=headers, secure=True)
        for query in captured.captured_queries:
            # .iterator() reads through a server-side cursor: its query is the cursor's.
            sql = re.sub(r'^DECLARE "\w+" .*? CURSOR .*?FOR ', "", query["sql"])
            shape = re.sub(r"\b\d+\b|'[^']*'", "?", sql)
            if sql.split(None, 1)[0].upper() in {"SELECT", "UPDATE", "DELETE"} and (
                shape not in seen
            ):
                seen.add(shape)
                found.append((scenario.name, sql))
    return found


def _scans(plan: dict):
    """Every node of a JSON plan that reads a table or an index."""
    if "Relation Name" in plan or "Index Name" in plan:
        yield plan
    for child in plan.get("Plans", []):
        yield from _scans(child)


def explain(queries: list[tuple[str, str]], *, without: tuple[str, ...] = ()) -> list[dict]:
    """`EXPLAIN ANALYZE` of each query, with the indexes `without` names dropped, in a
    transaction that is rolled back (so the writes among the queries change nothing)."""
    from django.db import connection, transaction

    class Rollback(Exception):
        pass

    rows = []
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            for name in without:
                cursor.execute(f'DROP INDEX "{name}"')
            cursor.execute("SELECT relname, reltuples FROM pg_class WHERE relkind = 'r'")
            sizes = dict(cursor.fetchall())
            for page, sql in queries:
                cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
                (explained,) = _json(cursor.fetchone()[0])
                plan = explained["Plan"]
                rows.append(
                    {
                        "page": page,
                        "query": shorten(sql),
                        "top": top_node(plan),
                        "ms": explained["Execution Time"],
                        "verdict": verdict(plan, sizes),
                    }
                )
            raise Rollback
    except Rollback:
        return rows


def verdict(plan: dict, sizes: dict[str, float]) -> str:
    """Whether the plan reads the big tables through an index that finds just their rows: "no"
    for a sequential scan, "weak" when an index scan throws most of what it reads away."""
    scans = list(_scans(plan))
    big = [scan for scan in scans if sizes.get(scan.get("Relation Name"), 0) >= SMALL_TABLE_ROWS]
    sequential = sorted({scan["Relation Name"] for scan in big if scan["Node Type"] == "Seq Scan"})
    if sequential:
        return "no: Seq Scan on " + ", ".join(sequential)
    for scan in big:
        loops = scan.get("Actual Loops", 1)
        removed = scan.get("Rows Removed by Filter", 0) * loops
        kept = scan.get("Actual Rows", 0) * loops
        if removed > max(kept, 1_000):
            return (
                f"weak: {scan.get('Index Name', scan['Node Type'])} reads {removed + kept:,} "
                f"rows of {scan['Relation Name']} to keep {kept:,}"
            )
    indexes = sorted({scan["Index Name"] for scan in scans if "Index Name" in scan})
    found = "yes: " + ", ".join(indexes) if indexes else "yes (small tables only)"
    read = max(
        (scan.get("Actual Rows", 0) * scan.get("Actual Loops", 1) for scan in big), default=0
    )
    if read > MANY_ROWS:
        # Found through an index, but as many rows as the person has: no index makes it
        # constant, the query must ask for less.
        return f"{found}, but reads {read:,} rows"
    return found


def _json(value):
    return json.loads(value) if isinstance(value, str) else value


def top_node(plan: dict) -> str:
    name = plan["Node Type"]
    if "Relation Name" in plan:
        name += f" on {plan['Relation Name']}"
    if "Index Name" in plan:
        name += f" using {plan['Index Name']}"
    return name


def shorten(sql: str, width: int = 110) -> str:
    text = re.sub(r'"', "", sql)
    text = re.sub(r"^SELECT .*? FROM ", "SELECT … FROM ", text, flags=re.S)
    text = re.sub(r"\s+", " ", text)
    return text if len(text) <= width else text[: width - 1] + "…"


def new_indexes() -> list[str]:
    """Names of the indexes practice/0009 adds: dropped (in a rolled-back transaction) to show
    the plans without them."""
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations import AddIndex

    loader = MigrationLoader(connection, ignore_no_migrations=True)
    names = []
    for (app, name), migration in loader.disk_migrations.items():
        if app == "practice" and name.startswith("0009"):
            names += [op.index.name for op in migration.operations if isinstance(op, AddIndex)]
    return names


def export_rss(cookie: str) -> list[dict]:
    """Worker RSS (MB) before, at most during and after the heavy user's downloads, from one
    gunicorn worker with this process's settings and database."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    gunicorn = Path(sys.executable).parent / "gunicorn"
    server = subprocess.Popen(
        [str(gunicorn), "config.wsgi", "-w", "1", "-b", f"127.0.0.1:{port}", "--timeout", "300"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    headers = {"X-Forwarded-Proto": "https", "Cookie": cookie}
    results = []
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        # A signed-in page first, so that "before" is a worker that has served people.
        request = urllib.request.Request(base + "/review/", headers=headers)
        urllib.request.urlopen(request).read()
        for path in ("/accounts/profile/data.json", "/accounts/profile/data.csv"):
            before = max(worker_rss_mb(server.pid))
            peak = [before]
            done = threading.Event()

            def sample(peak=peak, done=done):
                while not done.is_set():
                    peak.append(max(worker_rss_mb(server.pid), default=0))
                    time.sleep(0.02)

            sampler = threading.Thread(target=sample)
            sampler.start()
            started = time.perf_counter()
            body = urllib.request.urlopen(
                urllib.request.Request(base + path, headers=headers), timeout=300
            ).read()
            seconds = time.perf_counter() - started
            done.set()
            sampler.join()
            if path.endswith(".json"):
                ratings = len(json.loads(body)["ratings"])
            else:
                ratings = body.count(b"\n") - 1
            results.append(
                {
                    "path": path,
                    "bytes": len(body),
                    "ratings": ratings,
                    "seconds": seconds,
                    "before": before,
                    "peak": max(peak),
                    "after": max(worker_rss_mb(server.pid)),
                }
            )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    return results


def build(small_url: str, large_url: str, folder: Path) -> dict:
    """Both databases made afresh and seeded; the large one filled. Leaves Django set up."""
    started = time.perf_counter()
    for url in (small_url, large_url):  # the large one last: Django starts on it
        print(f"== preparing {urlsplit(url).path.lstrip('/')}", flush=True)
        os.environ["DATABASE_URL"] = url
        prepare_environment(folder)
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from bench.large_data import generate
    from bench.scenarios import seed

    small, large = (urlsplit(url).path.lstrip("/") for url in (small_url, large_url))
    seeded = {}
    for database in (small, large):
        use_database(database)
        seeded[database] = seed(users=10)
    heavy = get_user_model().objects.get(username="bench0")
    print("== generating a year of use", flush=True)
    generating = time.perf_counter()
    counts = generate(heavy.pk)
    generate_seconds = time.perf_counter() - generating
    print(f"   generated in {generate_seconds:.1f} s", flush=True)
    return {
        "seeded": seeded,
        "small": small,
        "large": large,
        "heavy": heavy,
        "counts": counts,
        "generate_seconds": generate_seconds,
        "prepare_seconds": time.perf_counter() - started - generate_seconds,
    }


def measure(built: dict, requests: int) -> dict:
    small, large, seeded = built["small"], built["large"], built["seeded"]
    use_database(large)
    print("== EXPLAIN of the heavy user's queries", flush=True)
    queries = page_queries(seeded[large], seeded[large].cookies[0])
    indexes = new_indexes()
    result = {
        "counts": built["counts"],
        "generate_seconds": built["generate_seconds"],
        "new_indexes": indexes,
        "explain_before": explain(queries, without=tuple(indexes)),
        "explain_after": explain(queries),
    }
    print("== timing pages, small and large database in turn", flush=True)
    medians = time_pages({small: seeded[small], large: seeded[large]}, requests)
    for who in ("bench", "heavy"):
        result[f"small_{who}"] = medians[(small, who)]
        result[f"large_{who}"] = medians[(large, who)]
    use_database(large)
    print("== exporting the heavy user's data through gunicorn", flush=True)
    result["export"] = export_rss(seeded[large].cookies[0])
    return result


def _verdict(ratio: float) -> str:
    return "met" if ratio <= RATIO_TARGET else "MISSED"


def report(result: dict, total_seconds: float) -> str:
    lines = [
        "# Large-data benchmark (`make bench-large`)",
        "",
        (
            "PostgreSQL, production settings, one process through Django's test client; median ms "
            "per request. Small: the bench seed alone (10 people who rated the shipped guide's "
            "questions). Large: the same seed inside a database that has been used for a year."
        ),
        "",
        f"Generated in {result['generate_seconds']:.1f} s (target < 120 s):",
        "",
        ", ".join(f"{count:,} {label}" for label, count in result["counts"].items()) + ".",
        "",
        "## Pages, small vs large database",
        "",
        (
            "bench users: bench1–bench9 (the shipped guide rated). heavy: bench0, who in the "
            "large database has a progress row on every question and 50,000 ratings."
        ),
        "",
        (
            "| scenario | small ms | large ms | large/small | heavy small ms | heavy large ms "
            "| heavy large/small |"
        ),
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name in SIGNED_IN:
        small_ms, large_ms = result["small_bench"][name], result["large_bench"][name]
        heavy_small_ms, heavy_large_ms = result["small_heavy"][name], result["large_heavy"][name]
        ratio, heavy = large_ms / small_ms, heavy_large_ms / heavy_small_ms
        lines.append(
            f"| {name} | {small_ms:.2f} | {large_ms:.2f} | {ratio:.2f}× {_verdict(ratio)} | "
            f"{heavy_small_ms:.2f} | {heavy_large_ms:.2f} | {heavy:.2f}× {_verdict(heavy)} |"
        )
    indexes = ", ".join(result["new_indexes"]) or "none"
    for title, rows in (
        (f"without practice/0009's indexes ({indexes})", result["explain_before"]),
        ("with them", result["explain_after"]),
    ):
        lines += [
            "",
            f"## EXPLAIN of each query the pages run for the heavy user, {title}",
            "",
            "| page | query (shortened) | top plan node | ms | uses index? |",
            "| --- | --- | --- | ---: | --- |",
        ]
        for row in rows:
            query = row["query"].replace("|", "\\|")
            lines.append(
                f"| {row['page']} | `{query}` | {row['top']} | {row['ms']:.2f} "
                f"| {row['verdict']} |"
            )
    lines += [
        "",
        "## Data download of the heavy user, one gunicorn worker",
        "",
        "| download | size | ratings | seconds | RSS before | RSS peak | RSS after |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in result["export"]:
        lines.append(
            f"| {row['path']} | {row['bytes'] / 1e6:.1f} MB | {row['ratings']:,} | "
            f"{row['seconds']:.1f} | {row['before']:.0f} MB | {row['peak']:.0f} MB | "
            f"{row['after']:.0f} MB |"
        )
    peak = max(row["peak"] for row in result["export"])
    verdict = "met" if peak <= RSS_BUDGET_MB else "MISSED"
    lines += [
        "",
        f"Worker RSS peak {peak:.0f} MB (target ≤ {RSS_BUDGET_MB} MB): {verdict}.",
        "",
        f"Whole run: {total_seconds / 60:.1f} min.",
        "",
    ]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=90, help="per scenario, bench users")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("bench/large.py needs DATABASE_URL to name a PostgreSQL database")
    parts = urlsplit(url)
    small_url = urlunsplit(parts._replace(path=parts.path.rstrip("/") + "_small"))
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        built = build(small_url, url, Path(folder))
        result = measure(built, args.requests)
    text = report(result, time.perf_counter() - started)
    RESULTS.write_text(text)
    print()
    print(text)


if __name__ == "__main__":
    main()
