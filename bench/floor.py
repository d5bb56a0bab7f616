"""What a signed-in request pays before its page draws anything, measured paired: the same
pages in one process through Django's test client, each variant in turn (A B C A B C …), so
that a machine whose speed drifts (shared cores) moves every variant alike. Variants:

- the production session engine (`cached_db` from Redis when REDIS_URL is set, else the
  database), signed cookies, and the database alone;
- the header's count of today's work counted on every request, as before issue #22 kept it
  (`practice/plans/header.py`'s kept count never found), and replaced by a constant (the
  most that any keeping of it could save);
- the person's whole Today (interviews, plans, due counts) computed once and reused, as the
  most that keeping it per person could save the pages that show it (review, plan, home).

    REDIS_URL=redis://127.0.0.1:6379/11 .venv/bin/python bench/floor.py
    .venv/bin/python bench/floor.py --rounds 9 --requests 40

Prints each variant's median CPU milliseconds per request (this process's CPU time, which other
processes on the machine disturb less than the wall clock) and its ratio to the first variant,
pair by pair (the median of the per-round ratios).
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = [
    "question (signed in)",
    "guide (signed in)",
    "review (signed in)",
    "plan (signed in)",
    "mock setup (signed in)",
    "library (signed in)",
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--requests", type=int, default=30, help="per variant and round")
    args = parser.parse_args()
    from bench.inprocess import prepared_django

    with prepared_django():
        from django.conf import settings
        from django.core.cache import cache
        from django.test import Client, override_settings

        from bench.scenarios import scenarios, seed, session_cookie
        from practice.plans import context_processors, header
        from practice.plans import views as plan_views

        cache.clear()
        seeded = seed(users=10)
        from django.contrib.auth import get_user_model

        users = list(get_user_model().objects.filter(username__startswith="bench"))
        engines = {
            f"sessions: {settings.SESSION_ENGINE.rsplit('.', 1)[-1]} (production)": (
                settings.SESSION_ENGINE
            ),
            "sessions: signed_cookies": "django.contrib.sessions.backends.signed_cookies",
            "sessions: db": "django.contrib.sessions.backends.db",
        }
        variants = {}
        for label, engine in engines.items():
            with override_settings(SESSION_ENGINE=engine):
                clients = []
                for user in users:
                    client = Client(HTTP_REFERER="https://testserver/")
                    client.cookies.load(session_cookie(user))
                    # The first request builds the handler, and its middleware reads the
                    # engine now, under this override.
                    client.get("/bench/baseline", secure=True)
                    clients.append(client)
            variants[label] = (clients, False)
        production = next(iter(variants))
        variants["header count counted every request"] = (variants[production][0], "count")
        variants["header count left out"] = (variants[production][0], "constant")
        variants["Today computed once, reused"] = (variants[production][0], "today")

        chosen = [s for s in scenarios(seeded) if s.name in PAGES]
        real_count = context_processors.DueCount.count
        real_cache = header.cache
        real_today_for = plan_views.today_for
        todays = {}

        def kept_today(request):
            if request.user.pk not in todays:
                todays[request.user.pk] = real_today_for(request)
            request._today = todays[request.user.pk]
            return request._today

        class NeverKept:
            def get(self, key):
                return None

            def set(self, *args):
                pass

        timings = {(page.name, label): [] for page in chosen for label in variants}
        for _round in range(args.rounds):
            for page in chosen:
                for label, (clients, header_count) in variants.items():
                    if header_count == "constant":
                        context_processors.DueCount.count = 7
                    elif header_count == "count":
                        header.cache = NeverKept()
                    elif header_count == "today":
                        plan_views.today_for = kept_today
                    try:
                        started = time.process_time()
                        for index in range(args.requests):
                            response = page.send(clients[index % len(clients)], index)
                            assert response.status_code == 200, (label, response.status_code)
                        elapsed = (time.process_time() - started) * 1000 / args.requests
                    finally:
                        context_processors.DueCount.count = real_count
                        header.cache = real_cache
                        plan_views.today_for = real_today_for
                    timings[page.name, label].append(elapsed)
        print(f"{'page':26} {'variant':42} {'cpu ms':>9} {'÷ first':>8}")
        for page in chosen:
            first = timings[page.name, production]
            for label in variants:
                mine = timings[page.name, label]
                ratio = statistics.median(a / b for a, b in zip(mine, first, strict=True))
                median = statistics.median(mine)
                print(f"{page.name:26} {label:42} {median:9.2f} {ratio:8.2f}")


if __name__ == "__main__":
    main()
