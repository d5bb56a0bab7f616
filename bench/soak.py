"""The soak behind `make soak`: mixed traffic for SOAK_MINUTES (10) minutes against gunicorn
(2 workers, production settings) on PostgreSQL, to show the app keeps working under hours of
use: no errors, no memory growth in the workers, no leaked database connections, no lost
ratings.

locust (headless, bench/soak_locustfile.py) plays SOAK_USERS (50) signed-in people, one
seeded account each, and SOAK_ANONYMOUS (10) anonymous readers. The database
`interview_prep_soak` is made afresh on the server DATABASE_URL names (or 127.0.0.1:5432).
Prints and writes bench/results-soak.md; exits non-zero if a target is missed.

    make soak                    # 10 minutes
    SOAK_MINUTES=1 make soak     # a short try
"""

import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.inprocess import prepare_environment  # noqa: E402
from bench.run import free_port, worker_rss_mb  # noqa: E402

MINUTES = float(os.environ.get("SOAK_MINUTES", "10"))
USERS = int(os.environ.get("SOAK_USERS", "50"))
ANONYMOUS = int(os.environ.get("SOAK_ANONYMOUS", "10"))
DURATION = round(MINUTES * 60)
# Memory and connections are compared from the end of the warm-up (caches filled, every
# page rendered by both workers) to the end of the run.
# A short try still has a start figure: at most half-way through.
WARM_UP = min(
    float(os.environ.get("SOAK_WARMUP_SECONDS", min(60, max(20, DURATION / 10)))), DURATION / 2
)
SAMPLE_EVERY = max(10, DURATION / 10)
DATABASE = "interview_prep_soak"
DEFAULT_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"
WORKERS = 2
RSS_GROWTH_LIMIT = 0.10
SPAWN_RATE = 10
# Users finish the task they are in when time is up, so no rating is cut off mid-request.
STOP_TIMEOUT = 60
RESULTS = ROOT / "bench" / "results-soak.md"
RATING_KINDS = ("rate (guide)", "rate (review)", "mock rate")


def soak_database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        url = DEFAULT_SERVER
    return urlunsplit(urlsplit(url)._replace(path=f"/{DATABASE}"))


def admin_url(database_url: str) -> str:
    return urlunsplit(urlsplit(database_url)._replace(scheme="postgresql", path="/postgres"))


def connection_count(admin: str) -> int:
    """Connections to the soak database, counted from another database so that this one is
    not among them; the most of five looks 0.1 s apart, as a connection that reached its
    CONN_MAX_AGE is closed after one request and opened again at the next."""
    import psycopg

    counts = []
    with psycopg.connect(admin, autocommit=True) as connection:
        for _ in range(5):
            row = connection.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s", [DATABASE]
            ).fetchone()
            counts.append(row[0])
            time.sleep(0.1)
    return max(counts)


def seed_plan(origin: str) -> tuple[dict, int]:
    """The accounts (signed in, one per simulated person) and guides the locustfile uses,
    and the last rating id before the run."""
    import django

    django.setup()
    from django.db import connections
    from django.db.models import Max

    from bench.scenarios import seed
    from guide.models import Guide, Question
    from practice.models import ConfidenceRating

    seeded = seed(users=USERS)
    guides = []
    for guide in Guide.objects.live().filter(owner=None).order_by("pk"):
        numbers = Question.objects.live().in_guide(guide).values_list("number", flat=True)
        guides.append({"slug": guide.slug, "pk": guide.pk, "numbers": list(numbers)})
    accounts = [
        {"username": f"bench{index}", "cookie": cookie}
        for index, cookie in enumerate(seeded.cookies)
    ]
    last_rating = ConfidenceRating.objects.aggregate(last=Max("pk"))["last"] or 0
    # The app's connections alone are counted during the run.
    connections.close_all()
    plan = {"accounts": accounts, "guides": guides, "csrf": seeded.csrf, "origin": origin}
    return plan, last_rating


def stored_ratings(after_id: int) -> Counter:
    """Ratings written since `after_id`, per username."""
    from django.db import connections
    from django.db.models import Count

    from practice.models import ConfidenceRating

    rows = (
        ConfidenceRating.objects.filter(pk__gt=after_id)
        .values_list("user__username")
        .annotate(count=Count("pk"))
    )
    counts = Counter(dict(rows))
    connections.close_all()
    return counts


def wait_until_up(base: str) -> None:
    request = urllib.request.Request(base + "/healthz", headers={"X-Forwarded-Proto": "https"})
    for _ in range(150):
        try:
            urllib.request.urlopen(request, timeout=1)
            return
        except OSError:
            time.sleep(0.2)
    sys.exit("gunicorn did not answer /healthz")


def start_gunicorn(port: int, log) -> subprocess.Popen:
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "bench.soak_settings"}
    command = [str(Path(sys.executable).parent / "gunicorn"), "config.wsgi"]
    command += ["-w", str(WORKERS), "-b", f"127.0.0.1:{port}"]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)


def run_locust(base: str, folder: Path, admin: str, server: subprocess.Popen) -> dict:
    """Run the load; sample worker memory and database connections as it goes."""
    plan_path, output = folder / "plan.json", folder / "figures.json"
    env = os.environ | {
        "SOAK_PLAN": str(plan_path),
        "SOAK_OUTPUT": str(output),
        "SOAK_USERS": str(USERS),
        "SOAK_ANONYMOUS": str(ANONYMOUS),
    }
    command = [str(Path(sys.executable).parent / "locust"), "-f", "bench/soak_locustfile.py"]
    command += ["--headless", "--only-summary", "--loglevel", "WARNING", "--host", base]
    command += ["-u", str(USERS + ANONYMOUS), "-r", str(SPAWN_RATE), "-t", f"{DURATION}s"]
    command += ["--stop-timeout", str(STOP_TIMEOUT)]
    log_path = folder / "locust.log"
    samples = []
    started = time.monotonic()
    next_sample = WARM_UP
    with open(log_path, "w") as log:
        locust = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
        while locust.poll() is None:
            elapsed = time.monotonic() - started
            if elapsed >= next_sample and elapsed < DURATION:
                samples.append(sample(elapsed, server.pid, admin))
                print(f"   {format_sample(samples[-1])}", flush=True)
                next_sample += SAMPLE_EVERY
            time.sleep(0.5)
    samples.append(sample(time.monotonic() - started, server.pid, admin))
    print(f"   {format_sample(samples[-1])} (load stopped)", flush=True)
    if not output.exists():
        print(log_path.read_text()[-5000:], file=sys.stderr)
        sys.exit(f"locust stopped with code {locust.returncode} and no figures")
    figures = json.loads(output.read_text())
    figures["samples"] = samples
    return figures


def sample(elapsed: float, master_pid: int, admin: str) -> dict:
    return {
        "seconds": round(elapsed),
        "rss_mb": worker_rss_mb(master_pid),
        "connections": connection_count(admin),
    }


def format_sample(sample: dict) -> str:
    rss = ", ".join(f"{size:.1f}" for size in sample["rss_mb"])
    return f"{sample['seconds']:>5} s: worker RSS {rss} MB; {sample['connections']} connections"


def server_problems(log_text: str) -> tuple[int, list[str]]:
    """Workers booted, and the lines where gunicorn or Django reported trouble."""
    boots = len(re.findall(r"Booting worker with pid", log_text))
    # Everything but gunicorn's routine lines: its errors, Django's log lines, tracebacks.
    trouble = [line for line in log_text.splitlines() if "[INFO]" not in line]
    return boots, trouble


def render(figures: dict, stored: Counter, boots: int, trouble: list[str]) -> tuple[str, bool]:
    kinds, samples = figures["kinds"], figures["samples"]
    start, end = samples[0], samples[-1]
    lines = ["# Soak results", ""]
    lines.append(
        f"locust (headless): {USERS} signed-in people (one account each) and {ANONYMOUS} "
        f"anonymous readers for {MINUTES:g} min, against gunicorn ({WORKERS} sync workers, "
        f"production settings) on PostgreSQL (`{DATABASE}`, made afresh), on this machine "
        f"({os.cpu_count()} cores). Start figures are taken after a {WARM_UP:g} s warm-up "
        "under the same load; end figures as the load stops. Percentiles are locust's "
        "(response times rounded to two significant figures)."
    )
    lines += ["", "## Requests by kind", ""]
    lines.append("| kind | method | requests | errors | p50 ms | p99 ms | max ms |")
    lines.append("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for kind in kinds:
        lines.append(
            f"| {kind['name']} | {kind['method']} | {kind['requests']} | {kind['failures']} "
            f"| {kind['p50_ms']:.0f} | {kind['p99_ms']:.0f} | {kind['max_ms']:.0f} |"
        )
    total = sum(kind["requests"] for kind in kinds)
    errors = sum(kind["failures"] for kind in kinds)
    lines.append(f"| all | | {total} | {errors} | | | |")
    if figures["errors"]:
        lines += ["", "## Errors", ""]
        lines += [
            f"- {e['method']} {e['name']}: {e['error']} ({e['count']}×)" for e in figures["errors"]
        ]

    lines += ["", "## Gunicorn workers and PostgreSQL connections over the run", ""]
    lines += ["| seconds | worker RSS MB | connections |", "| ---: | --- | ---: |"]
    for each in samples:
        rss = ", ".join(f"{size:.1f}" for size in each["rss_mb"])
        lines.append(f"| {each['seconds']} | {rss} | {each['connections']} |")
    growth = [
        end_mb / start_mb - 1
        for start_mb, end_mb in zip(start["rss_mb"], end["rss_mb"], strict=False)
    ]
    lines.append("")
    lines.append(
        f"Workers booted: {boots} (a worker that died or timed out is replaced: more than "
        f"{WORKERS} means one was)."
    )

    acknowledged = Counter(figures["acknowledged"])
    unanswered = sum(figures["unanswered"].values())
    by_kind = {kind["name"]: kind["requests"] - kind["failures"] for kind in kinds}
    split = ", ".join(f"{name} {by_kind.get(name, 0)}" for name in RATING_KINDS)
    differing = sorted(
        name for name in acknowledged.keys() | stored.keys() if acknowledged[name] != stored[name]
    )
    ratings_match = acknowledged.total() == stored.total() and not differing
    lines += ["", "## Ratings: acknowledged by the app vs. stored in the database", ""]
    lines.append(
        f"- acknowledged (2xx) by locust: {acknowledged.total()} "
        f"(rating requests without errors: {split})"
    )
    lines.append(f"- ConfidenceRating rows created during the run: {stored.total()}")
    lines.append(f"- rating POSTs the run cut off before their answer: {unanswered}")
    lines.append(
        f"- accounts whose two counts differ: {len(differing)}"
        + (f" ({', '.join(differing[:10])})" if differing else "")
    )
    lines.append(f"- match: {'yes' if ratings_match else 'NO'}")

    if trouble:
        lines += ["", "## Server log (errors and warnings)", "", "```"]
        lines += trouble[:40] + (
            [f"… {len(trouble) - 40} more lines"] if len(trouble) > 40 else []
        )
        lines.append("```")

    verdicts = []

    def verdict(text: str, met: bool) -> None:
        verdicts.append((f"{text} {'met' if met else 'MISSED'}", met))

    verdict(f"errors: {errors} of {total} requests (target 0)", errors == 0)
    for index, (start_mb, end_mb, change) in enumerate(
        zip(start["rss_mb"], end["rss_mb"], growth, strict=False)
    ):
        verdict(
            f"worker {index + 1} RSS {start_mb:.1f} → {end_mb:.1f} MB, {change:+.1%} "
            f"(target < {RSS_GROWTH_LIMIT:.0%})",
            change < RSS_GROWTH_LIMIT,
        )
    verdict(f"workers booted {boots} (target {WORKERS}: none replaced)", boots == WORKERS)
    verdict(
        f"PostgreSQL connections {start['connections']} → {end['connections']} (flat: at most "
        f"the start figure or one per worker)",
        end["connections"] <= max(start["connections"], WORKERS),
    )
    verdict(
        f"ratings acknowledged {acknowledged.total()}, stored {stored.total()}, accounts "
        f"differing {len(differing)} (target: equal, per account)",
        ratings_match,
    )
    lines += ["", "## Targets", ""] + [f"- {text}" for text, _met in verdicts]
    return "\n".join(lines) + "\n", all(met for _text, met in verdicts)


def main():
    locust = Path(sys.executable).parent / "locust"
    if not locust.exists():
        sys.exit("locust is not installed: run `make soak` (it installs the bench extra)")
    database_url = soak_database_url()
    os.environ["DATABASE_URL"] = database_url
    admin = admin_url(database_url)
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        print(f"== Preparing {DATABASE} and seeding {USERS} signed-in users", flush=True)
        prepare_environment(folder)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        plan, last_rating = seed_plan(origin=f"https://127.0.0.1:{port}")
        (folder / "plan.json").write_text(json.dumps(plan))
        server_log = folder / "gunicorn.log"
        with open(server_log, "w") as log:
            server = start_gunicorn(port, log)
            try:
                wait_until_up(base)
                print(
                    f"== Soaking for {MINUTES:g} min: {USERS} signed in, {ANONYMOUS} anonymous "
                    f"(first sample after {WARM_UP:g} s of warm-up)",
                    flush=True,
                )
                figures = run_locust(base, folder, admin, server)
            finally:
                server.send_signal(signal.SIGTERM)
                server.wait(timeout=30)
        boots, trouble = server_problems(server_log.read_text())
        stored = stored_ratings(last_rating)
    report, all_met = render(figures, stored, boots, trouble)
    RESULTS.write_text(report)
    print("\n" + report)
    if not all_met:
        sys.exit("soak: a target was missed (see above)")


if __name__ == "__main__":
    main()
