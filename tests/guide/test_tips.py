"""The tips page, served by guide: a guide's strategy tips in order."""

from django.urls import reverse

from tests.factories import GuideFactory, TipFactory


def test_tips_page_lists_tips_in_order(client, db):
    guide = GuideFactory(slug="systems-design", tips_title="Interview Strategy Tips")
    TipFactory(guide=guide, order=2, title="Second tip", body="Then **this**.")
    TipFactory(guide=guide, order=1, title="First tip")

    content = client.get(reverse("guide:tips", args=["systems-design"])).content.decode()

    assert "<h1>Interview Strategy Tips</h1>" in content
    assert content.index("First tip") < content.index("Second tip")
    assert "Then <strong>this</strong>." in content
