"""Does the progress page cost more for a long history? Paired, in one process through Django's
test client: a person with a few ratings and one with thousands (the same shipped guide, the
same questions), their pages asked in turn (A B A B …), so that a machine whose speed drifts
moves both alike.

    REDIS_URL=redis://127.0.0.1:6379/12 .venv/bin/python bench/history.py
    .venv/bin/python bench/history.py --ratings 3000 --days 200 --rounds 9

Prints each person's median CPU and wall milliseconds per request (this process's CPU time;
the wall time includes the database server's) and the medians of the per-round ratios, long
history ÷ short.
"""

import argparse
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = {"progress": "/progress/{guide}/", "home (Today)": "/"}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--few", type=int, default=15, help="ratings of the short history")
    parser.add_argument("--ratings", type=int, default=3000, help="ratings of the long one")
    parser.add_argument("--days", type=int, default=200, help="days the long one spans")
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--requests", type=int, default=20, help="per person, page and round")
    args = parser.parse_args()
    from bench.inprocess import prepared_django

    with prepared_django():
        from django.contrib.auth import get_user_model
        from django.core.cache import cache
        from django.test import Client
        from django.utils import timezone

        from bench.scenarios import GUIDE, session_cookie
        from guide.models import Question
        from practice.rating import rate_question

        cache.clear()
        questions = list(Question.objects.live().filter(section__guide__slug=GUIDE))
        now = timezone.now()

        def person(name, ratings, days):
            user = get_user_model().objects.create(username=name)
            step = timedelta(days=days) / ratings
            for index in range(ratings):
                at = now - timedelta(days=days) + step * (index + 1)
                question = questions[index % len(questions)]
                rate_question(user=user, question=question, confidence=index % 5 + 1, at=at)
            client = Client(HTTP_REFERER="https://testserver/")
            client.cookies.load(session_cookie(user))
            return client

        started = time.perf_counter()
        people = {
            f"{args.few} ratings": person("short", args.few, args.few),
            f"{args.ratings:,} ratings over {args.days} days": person(
                "long", args.ratings, args.days
            ),
        }
        print(f"seeded in {time.perf_counter() - started:.0f} s")
        cpu = {(page, who): [] for page in PAGES for who in people}
        wall = {(page, who): [] for page in PAGES for who in people}
        for _round in range(args.rounds):
            for page, pattern in PAGES.items():
                for who, client in people.items():
                    path = pattern.format(guide=GUIDE)
                    assert client.get(path, secure=True).status_code == 200
                    started_cpu, started_wall = time.process_time(), time.perf_counter()
                    for _ in range(args.requests):
                        response = client.get(path, secure=True)
                        assert response.status_code == 200, (who, response.status_code)
                    cpu[page, who].append((time.process_time() - started_cpu) * 1000)
                    wall[page, who].append((time.perf_counter() - started_wall) * 1000)
        # The database's own time (PostgreSQL's server process) shows in the wall time only.
        print(
            f"{'page':14} {'person':32} {'cpu ms':>7} {'÷ short':>7} {'wall ms':>7} {'÷ short':>7}"
        )
        short = next(iter(people))
        for page in PAGES:
            for who in people:
                figures = []
                for times in (cpu, wall):
                    mine, theirs = times[page, who], times[page, short]
                    ratio = statistics.median(a / b for a, b in zip(mine, theirs, strict=True))
                    figures += [statistics.median(mine) / args.requests, ratio]
                print(f"{page:14} {who:32} " + " ".join(f"{x:7.2f}" for x in figures))


if __name__ == "__main__":
    main()
