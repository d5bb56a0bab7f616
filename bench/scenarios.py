"""What the benchmarks ask of the app: the data (`seed`) and the requests (`scenarios`), shared
by `bench/run.py` (wrk against gunicorn) and `bench/inprocess.py` (one process), so both
measure the same thing. `seed` needs Django set up with bench.settings; `scenarios` does not
(bench/run.py calls it without Django)."""

from dataclasses import asdict, dataclass, field
from datetime import timedelta

GUIDE = "ai-ml-interview"
CSRF_SECRET = "b" * 32
# Days from now to each bench user's interview: the plan then drives the header, the home,
# the review page and the plan page, which is what a person preparing for one sees.
INTERVIEW_IN_DAYS = 21
# A two-word query, over a guide made by bench/seed_search.py.
SEARCH_PATH = "/search/?q=gradient+descent"


@dataclass
class Seeded:
    cookies: list[str]
    questions: list[int]
    csrf: str = CSRF_SECRET

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class Scenario:
    name: str
    paths: list[str]
    signed_in: bool = False
    method: str = "GET"
    headers: dict = field(default_factory=dict)

    def request(self, index: int):
        """(method, path, form data, headers) of the index-th request, as request.lua does."""
        path = self.paths[index % len(self.paths)]
        if self.method == "POST":
            headers = {"X-CSRFToken": CSRF_SECRET, "HX-Request": "true"} | self.headers
            return "POST", path, {"confidence": str(index % 5 + 1)}, headers
        return "GET", path, None, self.headers

    def send(self, client, index: int):
        """The index-th request through a Django test client (HTTPS, as behind the proxy)."""
        method, path, data, headers = self.request(index)
        if method == "POST":
            return client.post(path, data, headers=headers, secure=True)
        return client.get(path, headers=headers, secure=True)


def session_cookie(user) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils.module_loading import import_string

    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}; csrftoken={CSRF_SECRET}"


def seed(users: int = 10, *, interview: bool = True) -> Seeded:
    """`users` people who rated every question of the shipped guide over the last month and
    (unless `interview` is false) have an interview for it in three weeks; signed in (a
    session each)."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from guide.models import Guide, Question
    from practice.models import InterviewDate
    from practice.rating import rate_question

    guide = Guide.objects.get(slug=GUIDE)
    questions = list(Question.objects.live().filter(section__guide=guide))
    start = timezone.now() - timedelta(days=30)
    cookies = []
    for index in range(users):
        user, _ = get_user_model().objects.get_or_create(username=f"bench{index}")
        for offset, question in enumerate(questions):
            if not question.progress.filter(user=user).exists():
                at = start + timedelta(hours=offset)
                rate_question(user=user, question=question, confidence=offset % 5 + 1, at=at)
        if interview:
            InterviewDate.objects.update_or_create(
                user=user,
                guide=guide,
                defaults={
                    "interview_on": timezone.localdate() + timedelta(days=INTERVIEW_IN_DAYS)
                },
            )
        cookies.append(session_cookie(user))
    return Seeded(cookies=cookies, questions=[q.pk for q in questions])


def scenarios(seeded: Seeded) -> list[Scenario]:
    """Every scenario but search (which needs its own large guide: bench/seed_search.py);
    the first is the baseline the others are compared with."""
    question = f"/guides/{GUIDE}/questions/3/?answer=shown"
    return [
        Scenario("baseline", ["/bench/baseline"]),
        Scenario("home (anonymous)", ["/"]),
        Scenario("guide (anonymous)", [f"/guides/{GUIDE}/"]),
        Scenario("question (anonymous)", [question]),
        Scenario("question (signed in)", [question], signed_in=True),
        Scenario("guide (signed in)", [f"/guides/{GUIDE}/"], signed_in=True),
        Scenario("progress (signed in)", [f"/progress/{GUIDE}/"], signed_in=True),
        Scenario("review (signed in)", ["/review/"], signed_in=True),
        Scenario("plan (signed in)", [f"/plan/{GUIDE}/"], signed_in=True),
        Scenario("mock setup (signed in)", ["/mock/"], signed_in=True),
        Scenario("library (signed in)", ["/library/"], signed_in=True),
        Scenario(
            "rating POST",
            [f"/questions/{pk}/rate/" for pk in seeded.questions],
            signed_in=True,
            method="POST",
        ),
    ]
