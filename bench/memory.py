"""A web worker's memory (RSS) step by step, in one process through Django's test client, with
the data `make bench` serves: after start-up, after every signed-in page, and after searching
the shipped guides and guides of 1,500 and 15,000 questions (bench/seed_search.py). For
finding what holds a worker above its budget (bench/run.py's WORKER_RSS_BUDGET_MB).

    .venv/bin/python bench/memory.py
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def rss_mb() -> float:
    status = Path("/proc/self/status").read_text()
    return int(status.split("VmRSS:")[1].split()[0]) / 1024


def main():
    from bench.inprocess import prepared_django

    with prepared_django():
        from django.test import Client

        from bench.scenarios import SEARCH_PATH, scenarios, seed

        steps = [("started", rss_mb())]
        seeded = seed(users=10)
        client = Client(HTTP_REFERER="https://testserver/")
        client.cookies.load(seeded.cookies[0])
        for scenario in scenarios(seeded):
            for index in range(3):
                scenario.send(client, index)
        steps.append(("every page of bench/scenarios.py", rss_mb()))
        client.get(SEARCH_PATH, secure=True)
        steps.append(("search, shipped guides", rss_mb()))
        for size in (1_500, 15_000):
            subprocess.run(
                [sys.executable, "bench/seed_search.py", str(size)],
                cwd=ROOT,
                env=os.environ,
                check=True,
            )
            assert client.get(SEARCH_PATH, secure=True).status_code == 200
            steps.append((f"search, {size:,} questions", rss_mb()))
        print(f"{'after':40} {'RSS MB':>8}")
        for label, size in steps:
            print(f"{label:40} {size:8.1f}")


if __name__ == "__main__":
    main()
