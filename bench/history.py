"""Does the progress page cost more for a long history? Paired, in one process through Django's
test client: a person with a few ratings and one with thousands (the same shipped guide, the
same questions), their pages asked in turn (A B A B …), so that a machine whose speed drifts
moves both alike.

    REDIS_URL=redis://127.0.0.1:6379/12 .venv/bin/python bench/history.py
    .venv/bin/python bench/history.py --ratings 3000 --days 200 --rounds 9

Prints each person's median CPU milliseconds per request (this process's CPU time) and the
median of the per-round ratios, long history ÷ short.
"""

import argparse
import statistics
import sys
import tempfile
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
    from bench.inprocess import prepare_environment

    with tempfile.TemporaryDirectory() as folder:
        prepare_environment(Path(folder))
        import django

        django.setup()
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
        timings = {(page, who): [] for page in PAGES for who in people}
        for _round in range(args.rounds):
            for page, pattern in PAGES.items():
                for who, client in people.items():
                    path = pattern.format(guide=GUIDE)
                    assert client.get(path, secure=True).status_code == 200
                    started = time.process_time()
                    for _ in range(args.requests):
                        response = client.get(path, secure=True)
                        assert response.status_code == 200, (who, response.status_code)
                    elapsed = (time.process_time() - started) * 1000 / args.requests
                    timings[page, who].append(elapsed)
        print(f"{'page':14} {'person':32} {'cpu ms':>8} {'÷ short':>8}")
        short = next(iter(people))
        for page in PAGES:
            for who in people:
                mine = timings[page, who]
                ratios = (a / b for a, b in zip(mine, timings[page, short], strict=True))
                print(
                    f"{page:14} {who:32} {statistics.median(mine):8.2f} "
                    f"{statistics.median(ratios):8.2f}"
                )


if __name__ == "__main__":
    main()
