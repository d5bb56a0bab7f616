"""Partner interviews under load (issue 20), the `make bench` section after bench/run.py:
INTERVIEWS simultaneous partner interviews against gunicorn (2 workers, production settings)
on 127.0.0.1. Both sides poll as their pages do (the person every 1.5 s, the partner every
2 s, each with If-None-Match), and each partner saves feedback every ~8 s and moves to the
next question every ~25 s, so some polls find a change. Runs BENCH_PARTNER_SECONDS (30 s by
default) and stops by itself; prints each request kind's p50/p99 and the share of polls
answered 304, and writes bench/results-partner.md.

PostgreSQL when DATABASE_URL names it (a database of its own, made afresh), SQLite else;
sessions in Redis (BENCH_REDIS_URL, database 10 by default; empty to keep them in the database).
"""

import asyncio
import os
import random
import signal
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import (  # noqa: E402
    free_port,
    prepare_site,
    seed_json,
    server_environment,
    start_gunicorn,
)
from bench.scenarios import CSRF_SECRET  # noqa: E402

# One run per level, smallest first, so the report shows where this machine saturates.
LEVELS = [int(n) for n in os.environ.get("BENCH_PARTNER_INTERVIEWS", "50,200").split(",")]
INTERVIEWS = max(LEVELS)
SECONDS = float(os.environ.get("BENCH_PARTNER_SECONDS", "30"))
REDIS_URL = os.environ.get("BENCH_PARTNER_REDIS_URL", "redis://127.0.0.1:6379/10")
PERSON_POLL = 1.5
PARTNER_POLL = 2.0
FEEDBACK_EVERY = 8.0
NEXT_EVERY = 25.0
REQUEST_TIMEOUT = 10.0
RESULTS = ROOT / "bench" / "results-partner.md"


class Stats:
    def __init__(self):
        self.latencies: dict[str, list[float]] = {}
        self.statuses: dict[str, dict[int, int]] = {}
        self.errors: list[str] = []
        # The machine's 1-minute load average as the level starts: other work shares the cores.
        self.load_average = os.getloadavg()[0]

    def add(self, kind, status, seconds):
        self.latencies.setdefault(kind, []).append(seconds * 1000)
        counts = self.statuses.setdefault(kind, {})
        counts[status] = counts.get(status, 0) + 1


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(int(len(ordered) * fraction), len(ordered) - 1)] if ordered else 0.0


async def request(port, method, path, headers, body=b""):
    """One HTTP/1.1 request on a new connection (gunicorn's sync workers close each one)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Connection: close"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        if body:
            lines.append(f"Content-Length: {len(body)}")
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        await writer.drain()
        head = await reader.readuntil(b"\r\n\r\n")
        await reader.read()
    finally:
        writer.close()
    status = int(head.split(b" ", 2)[1])
    found = {}
    for line in head.decode("latin-1").split("\r\n")[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            found[name.strip().lower()] = value.strip()
    return status, found


async def timed(stats, kind, port, method, path, headers, body=b""):
    started = time.perf_counter()
    try:
        status, found = await asyncio.wait_for(
            request(port, method, path, headers, body), REQUEST_TIMEOUT
        )
    except (TimeoutError, OSError, asyncio.IncompleteReadError) as error:
        stats.errors.append(f"{kind}: {error!r}")
        return None, {}
    stats.add(kind, status, time.perf_counter() - started)
    if status >= 400:
        stats.errors.append(f"{kind}: HTTP {status}")
    return status, found


def base_headers(cookie):
    return {"Cookie": cookie, "X-Forwarded-Proto": "https", "HX-Request": "true"}


async def poll(stats, kind, port, path, cookie, every, stop_at):
    tag = None
    await asyncio.sleep(random.uniform(0, every))
    while time.monotonic() < stop_at:
        started = time.monotonic()
        headers = base_headers(cookie) | ({"If-None-Match": tag} if tag else {})
        status, found = await timed(stats, kind, port, "GET", path, headers)
        if status in (200, 204, 304) and "etag" in found:
            tag = found["etag"]
        await asyncio.sleep(max(every - (time.monotonic() - started), 0))


async def drive(stats, port, interview, stop_at):
    """The partner's writes: feedback now and then, the next question less often."""
    token, cookie = interview["token"], interview["partner_cookie"]
    headers = base_headers(cookie) | {
        "X-CSRFToken": CSRF_SECRET,
        "Origin": f"https://127.0.0.1:{port}",
        "Content-Type": "application/x-www-form-urlencoded",
    }
    # Where the interview is, kept across levels (the same interviews run again).
    position = interview.setdefault("position", 0)
    next_at = time.monotonic() + random.uniform(5, NEXT_EVERY)
    await asyncio.sleep(random.uniform(0, FEEDBACK_EVERY))
    while time.monotonic() < stop_at:
        if time.monotonic() >= next_at and position < 4:
            body = f"position={position}&rating=4&notes=Moving+on".encode()
            await timed(
                stats, "next POST", port, "POST", f"/mock/partner/{token}/next/", headers, body
            )
            position, next_at = position + 1, time.monotonic() + NEXT_EVERY
            interview["position"] = position
        else:
            body = f"position={position}&rating={random.randint(1, 5)}&notes=Clear+so+far".encode()
            await timed(
                stats,
                "feedback POST",
                port,
                "POST",
                f"/mock/partner/{token}/feedback/",
                headers,
                body,
            )
        await asyncio.sleep(max(min(FEEDBACK_EVERY, stop_at - time.monotonic()), 0))


async def warm_up(port, interviews):
    """A few unmeasured requests, so that no worker's first request (imports, connections,
    templates) is counted."""
    warm = Stats()
    for interview in interviews[:10]:
        person = f"/mock/{interview['session']}/partner/live/"
        partner = f"/mock/partner/{interview['token']}/live/"
        await timed(warm, "warm", port, "GET", person, base_headers(interview["person_cookie"]))
        await timed(warm, "warm", port, "GET", partner, base_headers(interview["partner_cookie"]))


async def load(port, interviews) -> tuple[Stats, float]:
    await warm_up(port, interviews)
    stats = Stats()
    started = time.monotonic()
    stop_at = started + SECONDS
    tasks = []
    for interview in interviews:
        person = f"/mock/{interview['session']}/partner/live/"
        partner = f"/mock/partner/{interview['token']}/live/"
        tasks += [
            poll(
                stats,
                "person poll",
                port,
                person,
                interview["person_cookie"],
                PERSON_POLL,
                stop_at,
            ),
            poll(
                stats,
                "partner poll",
                port,
                partner,
                interview["partner_cookie"],
                PARTNER_POLL,
                stop_at,
            ),
            drive(stats, port, interview, stop_at),
        ]
    await asyncio.wait_for(asyncio.gather(*tasks), SECONDS + 2 * REQUEST_TIMEOUT + 5)
    return stats, time.monotonic() - started


def database_url() -> tuple[str, str]:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return "SQLite", ""
    import psycopg

    name = "interview_prep_partner_bench"
    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name}")
        connection.execute(f"CREATE DATABASE {name}")
    return "PostgreSQL", urlunsplit(parts._replace(path=f"/{name}"))


def render_level(count, stats, elapsed) -> list[str]:
    polls = [kind for kind in ("person poll", "partner poll") if kind in stats.latencies]
    poll_count = sum(len(stats.latencies[kind]) for kind in polls)
    not_modified = sum(stats.statuses[kind].get(304, 0) for kind in polls)
    total = sum(len(values) for values in stats.latencies.values())
    lines = [
        f"## {count} simultaneous interviews (load average {stats.load_average:.1f} before)",
        "",
        "| requests | count | p50 ms | p99 ms | statuses |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for kind, values in stats.latencies.items():
        statuses = ", ".join(f"{code}: {n}" for code, n in sorted(stats.statuses[kind].items()))
        lines.append(
            f"| {kind} | {len(values)} | {percentile(values, 0.5):.1f} | "
            f"{percentile(values, 0.99):.1f} | {statuses} |"
        )
    all_polls = [value for kind in polls for value in stats.latencies[kind]]
    share = not_modified / max(poll_count, 1)
    errors = "; ".join(sorted(set(stats.errors))[:5])
    lines += [
        "",
        (
            f"- Polls: {poll_count}, of which **{share:.1%} answered 304** (nothing changed); "
            f"p99 of all polls **{percentile(all_polls, 0.99):.1f} ms**."
        ),
        (
            f"- Throughput: {total / elapsed:.0f} requests/s over {elapsed:.1f} s; "
            f"errors: {len(stats.errors)}{f' ({errors})' if errors else ''}."
        ),
        "",
    ]
    return lines


def render(label, runs) -> str:
    setup = (
        f"Simultaneous partner interviews ({', '.join(map(str, LEVELS))}), {SECONDS:.0f} s each, "
        "against gunicorn "
        f"(2 sync workers, production settings, {label}"
        f"{', sessions in Redis' if REDIS_URL else ''}) on 127.0.0.1: the person's screen polls "
        f"every {PERSON_POLL} s and the partner's every {PARTNER_POLL} s (If-None-Match), each "
        f"partner saves feedback every ~{FEEDBACK_EVERY:.0f} s and moves on every "
        f"~{NEXT_EVERY:.0f} s. One asyncio client on the same machine (2 cores shared with the "
        "server)."
    )
    lines = ["# Partner interviews under load", "", setup, ""]
    for count, stats, elapsed in runs:
        lines += render_level(count, stats, elapsed)
    return "\n".join(lines)


def main():
    label, url = database_url()
    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        env = server_environment(
            url or f"sqlite:///{workdir / 'partner.sqlite3'}", workdir, redis_url=REDIS_URL
        )
        print(f"\n== Partner interviews ({label}): preparing {INTERVIEWS} interviews", flush=True)
        prepare_site(env)
        interviews = seed_json(env, "bench/partner_seed.py", INTERVIEWS)
        port = free_port()
        server = start_gunicorn(env, port)
        try:
            runs = []
            for count in LEVELS:
                print(f"   {count} interviews, polling for {SECONDS:.0f} s …", flush=True)
                stats, elapsed = asyncio.run(load(port, interviews[:count]))
                runs.append((count, stats, elapsed))
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    report = render(label, runs)
    RESULTS.write_text(report)
    print("\n" + report)


if __name__ == "__main__":
    main()
