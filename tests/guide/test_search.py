"""The search page: whole words in any form and either spelling, across questions and strategy
tips, best match first, each with an excerpt that marks the words found; only the guides a
person may read. Runs on SQLite (FTS5) and PostgreSQL (full-text search) alike."""

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from guide.document import parse_document
from guide.importer import import_guide
from guide.models import SearchDocument
from guide.search import spellings
from practice.search_views import MAX_SEARCH_RESULTS
from tests.factories import GuideFactory, QuestionFactory, SectionFactory, TipFactory


@pytest.fixture
def questions(db):
    ml = SectionFactory(guide=GuideFactory(title="ML", slug="ml"), number=1, title="Basics")
    web = SectionFactory(guide=GuideFactory(title="Web", slug="web"), number=1)
    return {
        "prompt": QuestionFactory(section=ml, number=1, prompt="What is dropout?"),
        "answer": QuestionFactory(
            section=ml, number=2, prompt="Why regularise?", answer="Dropout and L2 help."
        ),
        "pro_tip": QuestionFactory(
            section=web, number=1, prompt="What is a CDN?", pro_tip="Mention DROPOUT rates."
        ),
        "unrelated": QuestionFactory(section=web, number=2, prompt="What is TLS?"),
        "archived": QuestionFactory(
            section=web, number=3, prompt="Old dropout question", archived=True
        ),
    }


def search(client, q) -> str:
    response = client.get(reverse("practice:search"), {"q": q})
    assert response.status_code == 200
    return response.content.decode()


def titles(content) -> list[str]:
    """The titles of the results found by their words (search by meaning is tested in
    test_search_meaning), in order, their marks taken out."""
    found = re.findall(
        r'<li class="result">.*?<a href="[^"]*">(.*?)</a>.*?Matched: ([^<]*)</p>', content, re.S
    )
    return [
        re.sub(r"<[^>]+>", "", title).split(". ", 1)[-1] for title, why in found if "words" in why
    ]


def index_in_step() -> bool:
    """The database's full-text index covers exactly the search documents."""
    if connection.vendor == "postgresql":
        return not SearchDocument.objects.filter(vector=None).exists()
    with connection.cursor() as cursor:
        # FTS5 raises when its index and the table it indexes disagree.
        cursor.execute("INSERT INTO guide_search_fts(guide_search_fts) VALUES ('integrity-check')")
    return True


# What is found


def test_it_finds_a_word_in_prompts_answers_and_pro_tips_across_guides(client, questions):
    content = search(client, "dropout")

    assert sorted(titles(content)) == ["What is a CDN?", "What is dropout?", "Why regularise?"]
    for key in ("prompt", "answer", "pro_tip"):
        assert f'href="{questions[key].get_absolute_url()}"' in content
    assert "3 results for “dropout”" in content


def test_it_finds_strategy_tips_and_links_to_the_tip_on_the_tips_page(client, db):
    tip = TipFactory(title="Structure answers", body="Use the **STAR** method.")

    content = search(client, "star method")

    assert titles(content) == ["Structure answers"]
    assert "Strategy tip" in content
    assert f'href="/guides/{tip.guide.slug}/tips/#tip-{tip.order}"' in content
    assert f'id="tip-{tip.order}"' in client.get(tip.guide.get_tips_url()).content.decode()


def test_star_finds_the_star_method_and_not_start(client, db):
    section = SectionFactory()
    QuestionFactory(section=section, prompt="Tell me about a conflict", answer="Use STAR.")
    QuestionFactory(section=section, prompt="How do you start a project?", answer="Plan it.")

    assert titles(search(client, "STAR")) == ["Tell me about a conflict"]


def test_common_words_of_a_question_are_left_out_of_the_search(client, db):
    TipFactory(title="Structure answers", body="Use the STAR method.")

    assert titles(search(client, "What is the STAR method?")) == ["Structure answers"]


def test_a_query_of_common_words_alone_finds_nothing(client, questions):
    assert "0 results for “what is it”" in search(client, "what is it")


def test_every_word_must_match(client, questions):
    assert titles(search(client, "dropout L2")) == ["Why regularise?"]


def test_it_finds_other_forms_of_a_word(client, db):
    QuestionFactory(prompt="How was the model trained?", answer="On labelled data.")

    assert titles(search(client, "training")) == ["How was the model trained?"]


@pytest.mark.parametrize(
    ("written", "searched"),
    [
        ("regularisation", "regularization"),
        ("regularization", "regularisation"),
        ("behaviour", "behavior"),
        ("behavior", "behaviour"),
        ("analyse", "analyze"),
        ("analyzed", "analysed"),
        ("centre", "center"),
        ("meters", "metres"),
        ("optimiser", "optimizer"),
    ],
)
def test_british_and_american_spellings_find_each_other(client, db, written, searched):
    QuestionFactory(prompt="Which word?", answer=f"The {written} matters.")

    content = search(client, searched)

    assert titles(content) == ["Which word?"]
    assert f"The <mark>{written}</mark> matters." in content


def test_spelling_rules_leave_short_words_alone():
    assert spellings("for") == {"for"}
    assert spellings("size") == {"size"}
    assert spellings("Colours") == {"colours", "colors"}


def test_a_word_in_the_prompt_ranks_above_one_in_the_answer_only(client, db):
    section = SectionFactory()
    QuestionFactory(
        section=section, prompt="What helps a network?", answer="Batch norm helps a lot."
    )
    QuestionFactory(section=section, prompt="What is batch norm?", answer="A layer.")

    assert titles(search(client, "batch norm")) == ["What is batch norm?", "What helps a network?"]


def test_query_syntax_is_read_as_words(client, questions):
    content = search(client, '"dropout" (L2)* ^-:')

    assert titles(content) == ["Why regularise?"]


# What a result shows


def test_the_excerpt_marks_the_words_found_and_is_cut_with_ellipses(client, db):
    words = " ".join(f"filler{n}" for n in range(60))
    QuestionFactory(prompt="Why?", answer=f"{words} because **gradients** vanish. {words}")

    content = search(client, "gradient")

    excerpt = re.search(r'<p class="excerpt">(.*?)</p>', content).group(1)
    assert "<mark>gradients</mark> vanish." in excerpt
    assert excerpt.startswith("… ")
    assert excerpt.endswith(" …")


def test_the_excerpt_quotes_the_pro_tip_when_only_it_holds_the_word(client, questions):
    content = search(client, "rates")

    assert '<p class="excerpt">Mention DROPOUT <mark>rates</mark>.</p>' in content


def test_text_in_results_is_escaped_and_only_marks_are_markup(client, owner):
    QuestionFactory(
        section__guide__owner=owner,
        prompt="Is <b>bold</b> safe?",
        answer="Try <script>alert('xss')</script> here.",
    )
    client.force_login(owner)

    content = search(client, "alert bold")

    assert "<script>alert" not in content
    assert "&lt;script&gt;<mark>alert</mark>(&#x27;xss&#x27;)&lt;/script&gt;" in content
    assert "Is &lt;b&gt;<mark>bold</mark>&lt;/b&gt; safe?" in content


def test_a_question_result_names_its_guide_and_section(client, questions):
    content = search(client, "dropout")

    assert "ML · Section 1 — Basics" in content


# Who sees what


def test_a_private_guide_is_searched_for_its_owner_alone(client, owner, other_user):
    QuestionFactory(section__guide__owner=owner, prompt="My okapi question")

    client.force_login(owner)
    assert titles(search(client, "okapi")) == ["My okapi question"]
    client.force_login(other_user)
    assert "0 results for “okapi”" in search(client, "okapi")
    client.logout()
    assert "okapi question" not in search(client, "okapi")


def test_archived_questions_sections_and_guides_are_not_found(client, db):
    QuestionFactory(prompt="Archived okapi", archived=True)
    QuestionFactory(prompt="Okapi in an archived section", section__archived=True)
    QuestionFactory(prompt="Okapi in an archived guide", section__guide__archived=True)
    TipFactory(title="Okapi tip of an archived guide", guide__archived=True)

    assert titles(search(client, "okapi")) == []


def test_deleting_an_account_takes_its_guides_out_of_the_index(owner):
    QuestionFactory(section__guide__owner=owner, prompt="My okapi question")

    owner.delete()

    assert not SearchDocument.objects.exists()
    assert index_in_step()


def test_the_delete_page_does_not_count_search_documents(owner):
    question = QuestionFactory(section__guide__owner=owner)
    client = Client()
    client.force_login(owner)

    url = reverse("guide:my_guide_delete", kwargs={"guide_id": question.section.guide_id})
    page = client.get(url).content.decode()

    assert "<dt>Question</dt><dd>1</dd>" in page
    assert "earch document" not in page


# The index follows every write of content


GUIDE = """Index Test

Section 1 — Basics

Q1. What is {word}?

It is {word}.

Bonus — Tips

◆ Say {word}

Always.
"""


def test_an_import_keeps_the_index_in_step(client, db):
    import_guide(parse_document(GUIDE.format(word="okapi"), source="test.txt"))
    assert sorted(titles(search(client, "okapi"))) == ["Say okapi", "What is okapi?"]

    import_guide(parse_document(GUIDE.format(word="zebra"), source="test.txt"))

    assert sorted(titles(search(client, "zebra"))) == ["Say zebra", "What is zebra?"]
    assert titles(search(client, "okapi")) == []
    assert index_in_step()


def test_an_admin_save_keeps_the_index_in_step(client, staff_user):
    question = QuestionFactory(prompt="What is it?", answer="An okapi.")
    client.force_login(staff_user)

    client.post(
        reverse("admin:guide_question_change", args=[question.pk]),
        {
            "section": question.section_id,
            "number": question.number,
            "prompt": question.prompt,
            "answer": "A zebra.",
            "pro_tip": "",
        },
    )

    assert titles(search(client, "zebra")) == ["What is it?"]
    assert titles(search(client, "okapi")) == []
    assert index_in_step()


def test_an_editor_save_keeps_the_index_in_step(client, owner):
    question = QuestionFactory(section__guide__owner=owner, prompt="What is it?", answer="Okapi.")
    client.force_login(owner)

    client.post(
        reverse(
            "guide:my_question_edit",
            kwargs={"guide_id": question.section.guide_id, "question_id": question.pk},
        ),
        {"prompt": "What is it?", "answer": "A zebra.", "pro_tip": ""},
    )

    assert titles(search(client, "zebra")) == ["What is it?"]
    assert titles(search(client, "okapi")) == []
    assert index_in_step()


def test_rebuilding_the_index_finds_content_saved_before_search_existed(client, questions):
    SearchDocument.objects.all().delete()
    assert titles(search(client, "dropout")) == []

    call_command("rebuild_search_index", verbosity=0)

    assert len(titles(search(client, "dropout"))) == 3
    assert index_in_step()


# The page


def test_no_match_says_so(client, questions):
    content = search(client, "kubernetes")

    assert "0 results for “kubernetes”" in content
    assert "Nothing matched" in content


def test_a_query_without_words_finds_nothing_and_says_so(client, questions):
    assert "0 results for “?!”" in search(client, "?!")


def test_empty_query_shows_the_form_only(client, questions):
    assert "results for" not in search(client, "  ")


def test_overlong_query_is_refused_with_a_message(client, questions):
    response = client.get(reverse("practice:search"), {"q": "x" * 100_000})

    assert response.status_code == 400
    assert "Search for 200 characters or fewer" in response.content.decode()


def test_results_stop_at_the_limit_and_say_so(client, db):
    section = SectionFactory()
    QuestionFactory.create_batch(MAX_SEARCH_RESULTS + 1, section=section, answer="Okapi.")

    content = search(client, "okapi")

    assert content.count('<li class="result">') == MAX_SEARCH_RESULTS
    assert f"Best {MAX_SEARCH_RESULTS} results for “okapi”" in content


@pytest.mark.parametrize("question_count", [3, 30])
def test_search_takes_the_same_queries_however_many_questions(
    client, owner, django_assert_num_queries, question_count
):
    section = SectionFactory(guide__owner=owner)
    QuestionFactory.create_batch(question_count, section=section, answer="An okapi.")
    TipFactory.create_batch(3, guide=section.guide, body="An okapi.")
    client.force_login(owner)

    # Session, user, header count (its kept count's version, and the first time upcoming
    # interviews, what is due and what comes due in the next minute), the person's own
    # notes by words and by meaning, the
    # words' results, the guides' newest documents and their index (read once, for
    # meaning), and the rows of what both found.
    with django_assert_num_queries(12):
        content = search(client, "okapi")

    assert len(titles(content)) == question_count + 3


# A visitor's results are kept per query and content, never past a change


def test_a_visitors_repeated_search_is_answered_without_searching_again(
    client, questions, django_assert_num_queries
):
    first = search(client, "dropout")

    with django_assert_num_queries(1):  # what the shipped guides' versions are; no search
        again = search(client, "dropout")

    assert again == first


def test_a_visitor_sees_an_archived_question_leave_the_results_at_once(
    client, questions, staff_user
):
    assert "What is dropout?" in titles(search(client, "dropout"))
    staff = Client()
    staff.force_login(staff_user)
    question = questions["prompt"]

    staff.post(
        reverse("admin:guide_question_change", args=[question.pk]),
        {
            "section": question.section_id,
            "number": question.number,
            "prompt": question.prompt,
            "answer": question.answer,
            "pro_tip": "",
            "archived": "on",
        },
    )

    assert "What is dropout?" not in titles(search(client, "dropout"))


def test_a_signed_in_person_is_not_served_a_visitors_results(client, owner):
    QuestionFactory(section__guide__owner=owner, prompt="My okapi question")
    assert titles(search(client, "okapi")) == []

    client.force_login(owner)

    assert titles(search(client, "okapi")) == ["My okapi question"]
