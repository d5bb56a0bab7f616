"""Partner interview URLs, included by practice/urls.py (names are `practice:partner_*`)."""

from django.urls import path

from . import views

urlpatterns = [
    path("mock/partner/", views.enter_code, name="partner_enter"),
    path("mock/partner/start/", views.start, name="partner_start"),
    path("mock/partner/<slug:token>/", views.partner_page, name="partner_page"),
    path("mock/partner/<slug:token>/join/", views.join, name="partner_join"),
    path("mock/partner/<slug:token>/live/", views.partner_live, name="partner_live"),
    path("mock/partner/<slug:token>/feedback/", views.feedback, name="partner_feedback"),
    path("mock/partner/<slug:token>/next/", views.next_question, name="partner_next"),
    path("mock/partner/<slug:token>/swap/", views.swap_roles, name="partner_swap"),
    path("mock/<id:session_id>/partner/", views.person_page, name="partner_person"),
    path("mock/<id:session_id>/partner/live/", views.person_live, name="partner_person_live"),
    path("mock/<id:session_id>/partner/link/", views.new_link, name="partner_new_link"),
    path("mock/<id:session_id>/partner/revoke/", views.revoke, name="partner_revoke"),
    path("mock/<id:session_id>/partner/summary/", views.summary, name="partner_summary"),
    path("mock/<id:session_id>/partner/rate/", views.rate, name="partner_rate"),
]
