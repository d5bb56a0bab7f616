"""What a change to the rating write path costs the rating POST, measured paired: the same
POSTs in one process through Django's test client, with this checkout's `practice/rating.py`
and with another version of it (`--other`, e.g. the file as it was before a change, taken
out with `git show <commit>:practice/rating.py`), in turn (A B A B …), so that a machine
whose speed drifts moves both alike. Both versions run against this checkout's models.

    git show main:practice/rating.py > /tmp/rating_before.py
    REDIS_URL=redis://127.0.0.1:6379/12 .venv/bin/python bench/rating_post.py \\
        --other /tmp/rating_before.py
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/interview_prep_rating ... (PostgreSQL)

Prints each version's median CPU and wall milliseconds per POST (the database's own time,
in its server process, shows in the wall time only) and the medians of the per-round ratios.
"""

import argparse
import importlib.util
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--other", required=True, type=Path, help="another practice/rating.py")
    parser.add_argument("--rounds", type=int, default=11)
    parser.add_argument("--requests", type=int, default=60, help="per version and round")
    args = parser.parse_args()
    from bench.inprocess import prepared_django

    with prepared_django():
        from django.core.cache import cache
        from django.test import Client

        from bench.scenarios import scenarios, seed
        from practice import rating, views

        spec = importlib.util.spec_from_file_location("practice.rating_other", args.other)
        other = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(other)
        cache.clear()
        seeded = seed(users=10)
        (post,) = [s for s in scenarios(seeded) if s.name == "rating POST"]
        clients = []
        for cookie in seeded.cookies:
            client = Client(HTTP_REFERER="https://testserver/")
            client.cookies.load(cookie)
            clients.append(client)
        versions = {"this checkout": rating, str(args.other): other}
        cpu = {name: [] for name in versions}
        wall = {name: [] for name in versions}
        sent = 0
        for _round in range(args.rounds):
            for name, module in versions.items():
                views.rate_question = module.rate_question
                views.rateable_question = module.rateable_question
                started_cpu, started_wall = time.process_time(), time.perf_counter()
                for _ in range(args.requests):
                    response = post.send(clients[sent % len(clients)], sent)
                    assert response.status_code == 200, (name, response.status_code)
                    sent += 1
                cpu[name].append((time.process_time() - started_cpu) * 1000 / args.requests)
                wall[name].append((time.perf_counter() - started_wall) * 1000 / args.requests)
        first = next(iter(versions))
        print(f"{'write path':40} {'cpu ms':>8} {'wall ms':>8} {'cpu ÷':>7} {'wall ÷':>7}")
        for name in versions:
            ratios = [
                statistics.median(a / b for a, b in zip(times[name], times[first], strict=True))
                for times in (cpu, wall)
            ]
            print(
                f"{name[-40:]:40} {statistics.median(cpu[name]):8.2f} "
                f"{statistics.median(wall[name]):8.2f} {ratios[0]:7.2f} {ratios[1]:7.2f}"
            )


if __name__ == "__main__":
    main()
