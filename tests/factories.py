"""factory_boy factories for the content and users; HTML is rendered as the app would."""

import factory
from django.contrib.auth import get_user_model

from guide.models import Guide, Question, Section, Tip


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    password = factory.django.Password("correct horse battery staple")


class GuideFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Guide

    title = factory.Sequence(lambda n: f"Guide {n}")
    slug = factory.Sequence(lambda n: f"guide-{n}")
    level = "Mid-Level (2–5 Years)"
    subject = "AI / ML Concepts"
    role = "General / Mixed Role"
    intro = "An introduction."


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    guide = factory.SubFactory(GuideFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Section title {n}")
    subtitle = "A subtitle"


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    section = factory.SubFactory(SectionFactory)
    number = factory.Sequence(lambda n: n + 1)
    prompt = factory.Sequence(lambda n: f"What is concept number {n}?")
    answer = "It is **important** and uses `code`."
    pro_tip = "Mention an example."

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        question = model_class(*args, **kwargs)
        question.render_html()
        question.save()
        Guide.content_changed(question.section.guide_id)
        return question


class TipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tip

    guide = factory.SubFactory(GuideFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Tip {n}")
    body = "Be **clear**."

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        tip = model_class(*args, **kwargs)
        tip.render_html()
        tip.save()
        Guide.content_changed(tip.guide_id)
        return tip


def start_mock(*, user, questions, now=None, **options):
    """A running mock interview of these questions, through the real service: random order,
    three timed minutes each unless `options` say otherwise."""
    from django.utils import timezone

    from practice.mock_interviews import services
    from practice.models import MockSession

    settings = {"strategy": MockSession.Strategy.RANDOM, "minutes_per_question": 3, "timed": True}
    return services.start_mock_session(
        user=user,
        guide=questions[0].section.guide,
        questions=list(questions),
        now=now or timezone.now(),
        **settings | options,
    )
