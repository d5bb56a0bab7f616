"""The people `make soak` simulates (locust, run by bench/soak.py; not meant to be run alone).

Signed-in people, one seeded account each, browse a guide and reveal answers in place (the
htmx swap), rate them, work through the review queue, step through mock interviews and look
at their progress; anonymous readers read guide and question pages and search. Requests go
to gunicorn over plain HTTP as a TLS proxy would pass them on (`X-Forwarded-Proto: https`).

Configured by bench/soak.py through the environment: SOAK_PLAN (a JSON file: accounts,
guides, CSRF secret, origin), SOAK_OUTPUT (where the figures go, as JSON, on quitting),
SOAK_USERS and SOAK_ANONYMOUS (how many of each). Every rating answered with a 2xx is
counted per account, to be compared with the database afterwards.
"""

import itertools
import json
import os
import random
import re
from collections import Counter
from pathlib import Path

import gevent
from locust import HttpUser, between, events, task

PLAN = json.loads(Path(os.environ["SOAK_PLAN"]).read_text())
ORIGIN = PLAN["origin"]
TIMEOUT = 60
SEARCHES = ["gradient descent", "overfitting", "bias variance", "precision recall", "drift"]

REVEAL_LINK = re.compile(r'hx-get="([^"]+\?answer=shown)"')
RATE_ACTION = re.compile(r'hx-post="(/questions/\d+/rate/)"')
NEXT_FIELD = re.compile(r'name="next" value="([^"]*)"')
POSITION_FIELD = re.compile(r'name="position" value="(\d+)"')
MOCK_SESSION = re.compile(r"/mock/(\d+)/$")
ABANDON_ACTION = re.compile(r'action="(/mock/\d+/abandon/)"')

# Ratings answered with a 2xx (the app says they are saved), and rating POSTs that got no
# answer at all (the load tool stopped them): per account.
acknowledged: Counter = Counter()
unanswered: Counter = Counter()
_next_account = itertools.count()


def think(low=0.3, high=1.5):
    """A person reading before the next click (without ending the task, so that a stopping
    run lets the task finish and no rating is cut off between its request and answer)."""
    gevent.sleep(random.uniform(low, high))


class Reader(HttpUser):
    """Common to both kinds of visitor: requests as a browser behind the proxy sends them."""

    abstract = True
    cookie = None

    def request(self, method, path, name, *, htmx_from=None, data=None, check=None, **kwargs):
        """One request, failed unless its status is 2xx (or 3xx where redirects are not
        followed) and `check(response)` returns nothing; `htmx_from` is the page an htmx
        request is sent from."""
        headers = {"X-Forwarded-Proto": "https", "Accept-Encoding": "gzip"}
        if self.cookie:
            headers["Cookie"] = self.cookie
        if method == "POST":
            headers |= {"X-CSRFToken": PLAN["csrf"], "Referer": f"{ORIGIN}/"}
        if htmx_from:
            headers |= {"HX-Request": "true", "HX-Current-URL": f"{ORIGIN}{htmx_from}"}
        with self.client.request(
            method,
            path,
            name=name,
            data=data,
            headers=headers,
            timeout=TIMEOUT,
            catch_response=True,
            **kwargs,
        ) as response:
            if response.status_code >= 400 or response.status_code < 200:
                response.failure(f"HTTP {response.status_code}")
            elif problem := (check(response) if check else None):
                response.failure(problem)
            else:
                response.success()
            return response

    def get(self, path, name, **kwargs):
        return self.request("GET", path, name, **kwargs)

    def post(self, path, name, data, **kwargs):
        return self.request("POST", path, name, data=data, **kwargs)


def _contains(pattern, what):
    def check(response):
        if not pattern.search(response.text):
            return f"no {what} in the page"
        return None

    return check


def _says_saved(response):
    """The rating fragment that replaces the form says the rating is saved."""
    if "Saved." not in response.text:
        return "the answer does not say the rating was saved"
    return None


def _moves_on_in_review(response):
    """In the review loop, a rating sends the page on to the next due question."""
    if response.headers.get("HX-Redirect") != "/review/":
        return f"expected HX-Redirect: /review/, got {response.headers.get('HX-Redirect')!r}"
    return None


def _redirects(pattern, what):
    def check(response):
        if response.status_code != 302 or not pattern.search(response.headers["Location"]):
            return f"expected a redirect to {what}, got HTTP {response.status_code}"
        return None

    return check


class Person(Reader):
    """A signed-in person preparing for an interview."""

    fixed_count = int(os.environ.get("SOAK_USERS", "50"))
    wait_time = between(1, 4)

    def on_start(self):
        account = PLAN["accounts"][next(_next_account)]
        self.username = account["username"]
        self.cookie = account["cookie"]

    def rate(self, rate_path, name, fields, *, check, htmx_from):
        """A rating POST, counted as acknowledged when answered with a 2xx."""
        data = {"confidence": random.randint(1, 5)} | fields
        # Not in a `finally`: a request the run cut off stays counted as unanswered.
        unanswered[self.username] += 1
        response = self.post(rate_path, name, data, htmx_from=htmx_from, check=check)
        unanswered[self.username] -= 1
        if 200 <= response.status_code < 300:
            acknowledged[self.username] += 1
        return response

    def reveal_and_rate(self, page, reveal_path, *, kind, check):
        """Show an answer in place, then rate it: the rating form's `next` is the page."""
        fragment = self.get(
            reveal_path,
            f"reveal ({kind})",
            htmx_from=page,
            check=_contains(RATE_ACTION, "rating form"),
        )
        action, next_url = RATE_ACTION.search(fragment.text), NEXT_FIELD.search(fragment.text)
        if not action or not next_url:
            return None
        think()
        fields = {"next": next_url.group(1), "seconds": random.randint(5, 120)}
        return self.rate(action.group(1), f"rate ({kind})", fields, htmx_from=page, check=check)

    @task(4)
    def browse_guide(self):
        guide = random.choice(PLAN["guides"])
        page = f"/guides/{guide['slug']}/"
        links = REVEAL_LINK.findall(self.get(page, "guide (signed in)").text)
        for reveal_path in random.sample(links, min(len(links), random.randint(1, 3))):
            think()
            self.reveal_and_rate(page, reveal_path, kind="guide", check=_says_saved)

    @task(1)
    def read_question(self):
        guide = random.choice(PLAN["guides"])
        number = random.choice(guide["numbers"])
        self.get(f"/guides/{guide['slug']}/questions/{number}/", "question (signed in)")

    @task(3)
    def review(self):
        page = self.get("/review/", "review")
        for _ in range(random.randint(1, 3)):
            link = REVEAL_LINK.search(page.text)
            if not link:
                return  # Nothing due: all caught up.
            think()
            rated = self.reveal_and_rate(
                "/review/", link.group(1), kind="review", check=_moves_on_in_review
            )
            # htmx follows HX-Redirect with a full page load: the next due question.
            if rated is None or rated.headers.get("HX-Redirect") != "/review/":
                return
            page = self.get("/review/", "review")

    @task(1)
    def mock_interview(self):
        setup = self.get("/mock/", "mock setup")
        for abandon in ABANDON_ACTION.findall(setup.text):
            # One left running by an earlier failure: end it, as the page offers.
            self.post(abandon, "mock abandon", {"then": "setup"}, allow_redirects=False)
        guide = random.choice(PLAN["guides"])
        form = {"guide": guide["pk"], "count": 3, "strategy": "random", "minutes": 3}
        form["mode"] = random.choice(["timed", "untimed"])
        started = self.post(
            "/mock/",
            "mock start",
            form,
            allow_redirects=False,
            check=_redirects(MOCK_SESSION, "the session"),
        )
        found = MOCK_SESSION.search(started.headers.get("Location", ""))
        if started.status_code != 302 or not found:
            return
        session = f"/mock/{found.group(1)}/"
        page = self.get(session, "mock session", check=_contains(POSITION_FIELD, "position"))
        while position := POSITION_FIELD.search(page.text):
            if not self.mock_step(session, position.group(1)):
                return
            think()
            moved = self.post(
                f"{session}next/",
                "mock next",
                {"position": position.group(1)},
                allow_redirects=False,
            )
            location = moved.headers.get("Location", "")
            if moved.status_code != 302:
                return
            if location.endswith("/summary/"):
                self.get(location, "mock summary")
                return
            page = self.get(location, "mock session")

    def mock_step(self, session, position) -> bool:
        """Answer (autosaved), show the model answer, rate: each an htmx swap."""
        answer = "My answer, as far as I got. " * random.randint(1, 20)
        think()
        saved = self.post(
            f"{session}answer/",
            "mock answer",
            {"position": position, "answer": answer},
            htmx_from=session,
        )
        think()
        revealed = self.post(
            f"{session}reveal/",
            "mock reveal",
            {"position": position, "answer": answer},
            htmx_from=session,
            check=_contains(re.compile(r'name="confidence"'), "rating buttons"),
        )
        if not (saved.ok and revealed.ok):
            return False
        think()
        rated = self.rate(
            f"{session}rate/",
            "mock rate",
            {"position": position},
            htmx_from=session,
            check=_contains(re.compile(r"/next/"), "next-question form"),
        )
        return rated.ok

    @task(1)
    def look_at_progress(self):
        self.get("/", "home (signed in)")
        think()
        self.get(f"/progress/{random.choice(PLAN['guides'])['slug']}/", "progress")


class Visitor(Reader):
    """Someone who is not signed in: arrives on a guide or question page, or searches."""

    fixed_count = int(os.environ.get("SOAK_ANONYMOUS", "10"))
    wait_time = between(1, 5)

    @task(3)
    def guide(self):
        self.get(f"/guides/{random.choice(PLAN['guides'])['slug']}/", "guide (anonymous)")

    @task(3)
    def question(self):
        guide = random.choice(PLAN["guides"])
        path = f"/guides/{guide['slug']}/questions/{random.choice(guide['numbers'])}/"
        if random.random() < 0.5:
            path += "?answer=shown"
        self.get(path, "question (anonymous)")

    @task(2)
    def search(self):
        self.get("/search/", "search (anonymous)", params={"q": random.choice(SEARCHES)})

    @task(1)
    def home(self):
        self.get("/", "home (anonymous)")


@events.quitting.add_listener
def write_figures(environment, **_kwargs):
    stats = environment.stats
    kinds = [
        {
            "name": entry.name,
            "method": entry.method,
            "requests": entry.num_requests,
            "failures": entry.num_failures,
            "p50_ms": entry.get_response_time_percentile(0.5),
            "p99_ms": entry.get_response_time_percentile(0.99),
            "max_ms": entry.max_response_time,
        }
        for entry in sorted(stats.entries.values(), key=lambda entry: entry.name)
    ]
    errors = [
        {"method": e.method, "name": e.name, "error": str(e.error), "count": e.occurrences}
        for e in stats.errors.values()
    ]
    figures = {
        "kinds": kinds,
        "errors": errors,
        "acknowledged": dict(acknowledged),
        "unanswered": {name: count for name, count in unanswered.items() if count},
    }
    with open(os.environ["SOAK_OUTPUT"], "w") as output:
        json.dump(figures, output, indent=1)
