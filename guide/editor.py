"""The guide editor, "My guides": a signed-in person writes private guides of their own.

Every view finds its guide through `_own_guide`, which answers 404 for a guide that is not the
signed-in person's (sections and questions are then looked up inside that guide), so an id
tells nobody else anything. Each change is a plain form that redirects back to the editor
(Post/Redirect/Get); htmx only adds the live preview of an answer.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import library, services
from .editor_forms import (
    ArchiveForm,
    GuideForm,
    MoveForm,
    PreviewForm,
    PublishForm,
    QuestionForm,
    SectionForm,
)
from .limits import MAX_GUIDES_PER_PERSON, MAX_QUESTIONS_PER_GUIDE, MAX_SECTIONS_PER_GUIDE
from .models import Guide, Question

GET_AND_POST = ["GET", "POST"]


def _posted(request):
    """The posted data, even when empty (an empty POST is a form with every field missing)."""
    return request.POST if request.method == "POST" else None


def _own_guide(request, guide_id) -> Guide:
    """The guide if it is the signed-in person's own; 404 otherwise."""
    return get_object_or_404(Guide.objects.owned_by(request.user), pk=guide_id)


def _own_section(request, guide_id, section_id):
    guide = _own_guide(request, guide_id)
    return get_object_or_404(guide.sections.select_related("guide"), pk=section_id)


def _own_question(request, guide_id, question_id) -> Question:
    guide = _own_guide(request, guide_id)
    return get_object_or_404(
        Question.objects.in_guide(guide).select_related("section__guide"), pk=question_id
    )


def _editor_url(guide, anchor="") -> str:
    return guide.get_edit_url() + (f"#{anchor}" if anchor else "")


@login_required
@require_GET
def guide_list(request):
    guides = list(Guide.objects.owned_by(request.user).with_counts().order_by("archived", "title"))
    context = {"guides": guides, "limit": MAX_GUIDES_PER_PERSON}
    return render(request, "guide/my_guide_list.html", context)


@login_required
@require_http_methods(GET_AND_POST)
def guide_new(request):
    form = GuideForm(_posted(request), owner=request.user)
    if request.method == "POST" and form.is_valid():
        guide = services.create_guide(owner=request.user, guide=form.save(commit=False))
        messages.success(request, "Your guide is ready: add a section, then its questions.")
        return redirect(guide.get_edit_url())
    status = 400 if form.errors else 200
    return render(request, "guide/my_guide_new.html", {"form": form}, status=status)


def _editor_page(request, guide, form, *, status=200, error="", publish_form=None):
    sections = guide.sections.order_by("number").prefetch_related("questions")
    counts = Guide.objects.with_counts().get(pk=guide.pk)
    context = {
        "guide": guide,
        "form": form,
        "sections": sections,
        "question_count": counts.question_count,
        "section_count": counts.section_count,
        "limits": {"sections": MAX_SECTIONS_PER_GUIDE, "questions": MAX_QUESTIONS_PER_GUIDE},
        "error": error,
        "publish_form": publish_form or PublishForm(initial={"licence": guide.licence or None}),
        "publish_refusal": library.publish_refusal(guide, owner=request.user)
        if not guide.published_at
        else "",
    }
    return render(request, "guide/my_guide_edit.html", context, status=status)


@login_required
@require_http_methods(GET_AND_POST)
def guide_edit(request, guide_id):
    guide = _own_guide(request, guide_id)
    form = GuideForm(_posted(request), instance=guide)
    if request.method == "POST" and form.is_valid():
        services.save_guide(form.save(commit=False))
        messages.success(request, "Guide details saved.")
        return redirect(guide.get_edit_url())
    return _editor_page(request, guide, form, status=400 if form.errors else 200)


def _refused(request, guide, form):
    """A change posted with values no button sends: the editor again, saying so."""
    errors = [error for field_errors in form.errors.values() for error in field_errors]
    guide.refresh_from_db()
    return _editor_page(
        request, guide, GuideForm(instance=guide), status=400, error=" ".join(errors)
    )


@login_required
@require_POST
def guide_archive(request, guide_id):
    guide = _own_guide(request, guide_id)
    form = ArchiveForm(request.POST)
    if not form.is_valid():
        return _refused(request, guide, form)
    archived = form.cleaned_data["archived"]
    services.set_archived(guide, archived=archived)
    if archived:
        messages.success(
            request,
            "Guide archived: it is hidden from the guides list, review, search and mock "
            "interviews until you unarchive it. Your ratings are kept.",
        )
    else:
        messages.success(request, "Guide unarchived: it is back everywhere.")
    return redirect(guide.get_edit_url())


@login_required
@require_POST
def guide_publish(request, guide_id):
    """Publish one's own guide to the library (or change its licence)."""
    guide = _own_guide(request, guide_id)
    form = PublishForm(request.POST)
    refusal = library.publish_refusal(guide, owner=request.user)
    if refusal or not form.is_valid():
        return _editor_page(
            request,
            guide,
            GuideForm(instance=guide),
            status=400,
            error=refusal,
            publish_form=form,
        )
    library.publish(guide, licence=form.cleaned_data["licence"])
    messages.success(
        request,
        "Published: your guide is in the library for everyone to read, practise and copy.",
    )
    return redirect(_editor_url(guide, "library"))


@login_required
@require_POST
def guide_unpublish(request, guide_id):
    guide = _own_guide(request, guide_id)
    library.unpublish(guide)
    messages.success(
        request,
        "Unpublished: the guide is out of the library. People already practising it keep it.",
    )
    return redirect(_editor_url(guide, "library"))


def _delete_page(request, row, guide, *, what, cancel_url, done_url, done_message):
    """Ask before deleting `row`, saying what goes with it; delete on POST."""
    if request.method == "POST":
        services.delete(row)
        messages.success(request, done_message)
        return redirect(done_url)
    context = {
        "what": what,
        "counts": services.deletion_counts(row),
        "cancel_url": cancel_url,
        "guide": guide,
        "is_guide": row == guide,
    }
    return render(request, "guide/my_delete.html", context)


@login_required
@require_http_methods(GET_AND_POST)
def guide_delete(request, guide_id):
    guide = _own_guide(request, guide_id)
    return _delete_page(
        request,
        guide,
        guide,
        what=f"the guide “{guide.title}”",
        cancel_url=guide.get_edit_url(),
        done_url=reverse("guide:my_guides"),
        done_message=f"Deleted the guide “{guide.title}”.",
    )


@login_required
@require_http_methods(GET_AND_POST)
def section_new(request, guide_id):
    guide = _own_guide(request, guide_id)
    form = SectionForm(_posted(request), guide=guide)
    if request.method == "POST" and form.is_valid():
        section = services.add_section(guide=guide, section=form.save(commit=False))
        messages.success(request, f"Added {section}.")
        return redirect(_editor_url(guide, f"editor-section-{section.pk}"))
    context = {"guide": guide, "form": form, "section": None}
    return render(
        request, "guide/my_section_form.html", context, status=400 if form.errors else 200
    )


@login_required
@require_http_methods(GET_AND_POST)
def section_edit(request, guide_id, section_id):
    section = _own_section(request, guide_id, section_id)
    guide = section.guide
    form = SectionForm(_posted(request), instance=section)
    if request.method == "POST" and form.is_valid():
        services.save_section(form.save(commit=False))
        messages.success(request, f"Saved {section}.")
        return redirect(_editor_url(guide, f"editor-section-{section.pk}"))
    context = {"guide": guide, "form": form, "section": section}
    return render(
        request, "guide/my_section_form.html", context, status=400 if form.errors else 200
    )


@login_required
@require_POST
def section_move(request, guide_id, section_id):
    section = _own_section(request, guide_id, section_id)
    form = MoveForm(request.POST)
    if not form.is_valid():
        return _refused(request, section.guide, form)
    services.move_section(section, up=form.up)
    return redirect(_editor_url(section.guide, f"editor-section-{section.pk}"))


@login_required
@require_http_methods(GET_AND_POST)
def section_delete(request, guide_id, section_id):
    section = _own_section(request, guide_id, section_id)
    return _delete_page(
        request,
        section,
        section.guide,
        what=f"the section “{section.title}”",
        cancel_url=_editor_url(section.guide, f"editor-section-{section.pk}"),
        done_url=section.guide.get_edit_url(),
        done_message=f"Deleted the section “{section.title}”.",
    )


def _preview(data, *, number=None) -> tuple[dict, int]:
    """The rendered answer and pro tip for the preview, or why there is none."""
    form = PreviewForm(data)
    if not form.is_valid():
        errors = [error for field_errors in form.errors.values() for error in field_errors]
        return {"preview_error": " ".join(errors)}, 400
    question = Question(number=number, **form.cleaned_data)
    question.render_html()
    return {"preview": question if question.answer_html or question.pro_tip_html else None}, 200


def _question_page(request, guide, section, question):
    """Add (`question` None) or edit a question; the Preview button shows it rendered."""
    if request.method == "POST" and "preview" in request.POST:
        # The no-JavaScript preview: the form as typed, the answer rendered, nothing saved.
        typed = {name: request.POST.get(name, "") for name in QuestionForm.Meta.fields}
        form = QuestionForm(initial=typed, instance=question)
        preview, status = _preview(request.POST, number=question.number if question else None)
    else:
        form = QuestionForm(_posted(request), instance=question, guide=None if question else guide)
        preview, status = {}, 200
        if request.method == "POST" and form.is_valid():
            if question is None:
                saved = services.add_question(section=section, question=form.save(commit=False))
                messages.success(request, f"Added question {saved.number}.")
            else:
                saved = form.save(commit=False)
                services.save_question(saved)
                messages.success(request, f"Saved question {saved.number}.")
            return redirect(_editor_url(guide, f"editor-question-{saved.pk}"))
        if form.errors:
            status = 400
    context = {"guide": guide, "section": section, "question": question, "form": form}
    return render(request, "guide/my_question_form.html", context | preview, status=status)


@login_required
@require_http_methods(GET_AND_POST)
def question_new(request, guide_id, section_id):
    section = _own_section(request, guide_id, section_id)
    return _question_page(request, section.guide, section, None)


@login_required
@require_http_methods(GET_AND_POST)
def question_edit(request, guide_id, question_id):
    question = _own_question(request, guide_id, question_id)
    return _question_page(request, question.section.guide, question.section, question)


@login_required
@require_POST
def question_move(request, guide_id, question_id):
    question = _own_question(request, guide_id, question_id)
    form = MoveForm(request.POST)
    if not form.is_valid():
        return _refused(request, question.section.guide, form)
    services.move_question(question, up=form.up)
    return redirect(_editor_url(question.section.guide, f"editor-question-{question.pk}"))


@login_required
@require_http_methods(GET_AND_POST)
def question_delete(request, guide_id, question_id):
    question = _own_question(request, guide_id, question_id)
    guide = question.section.guide
    return _delete_page(
        request,
        question,
        guide,
        what=f"question {question.number}, “{question.prompt}”",
        cancel_url=_editor_url(guide, f"editor-question-{question.pk}"),
        done_url=_editor_url(guide, f"editor-section-{question.section_id}"),
        done_message=f"Deleted question {question.number}.",
    )


@login_required
@require_POST
def preview(request):
    """The live preview (htmx): the answer and pro tip as typed, rendered as they will show."""
    context, status = _preview(request.POST)
    return render(request, "guide/_my_preview.html", context, status=status)
