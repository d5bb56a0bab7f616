from django.urls import path

from . import editor, export_views, import_views, views

app_name = "guide"

urlpatterns = [
    path("guides/", views.guide_list, name="list"),
    path("guides/<slug:slug>/tips/", views.tip_list, name="tips"),
    path("guides/<slug:slug>/export/csv/", export_views.export_csv, name="export_csv"),
    # My guides: a person's own guides and their editor.
    path("my/guides/", editor.guide_list, name="my_guides"),
    path("my/guides/new/", editor.guide_new, name="my_guide_new"),
    path("my/guides/preview/", editor.preview, name="my_preview"),
    path("my/guides/<id:guide_id>/edit/", editor.guide_edit, name="my_guide_edit"),
    path(
        "my/guides/<id:guide_id>/export/document/",
        export_views.export_document,
        name="my_guide_export",
    ),
    # Import a file: upload, preview (with CSV columns to choose), confirm.
    path("my/guides/import/", import_views.import_upload, name="my_import"),
    path(
        "my/guides/import/samples/<slug:name>/",
        import_views.import_sample,
        name="my_import_sample",
    ),
    path(
        "my/guides/import/<id:import_id>/", import_views.import_preview, name="my_import_preview"
    ),
    path(
        "my/guides/import/<id:import_id>/columns/",
        import_views.import_columns,
        name="my_import_columns",
    ),
    path(
        "my/guides/import/<id:import_id>/into/",
        import_views.import_into,
        name="my_import_into",
    ),
    path(
        "my/guides/import/<id:import_id>/confirm/",
        import_views.import_confirm,
        name="my_import_confirm",
    ),
    path("my/guides/<id:guide_id>/publish/", editor.guide_publish, name="my_guide_publish"),
    path("my/guides/<id:guide_id>/unpublish/", editor.guide_unpublish, name="my_guide_unpublish"),
    path("my/guides/<id:guide_id>/archive/", editor.guide_archive, name="my_guide_archive"),
    path("my/guides/<id:guide_id>/delete/", editor.guide_delete, name="my_guide_delete"),
    path("my/guides/<id:guide_id>/sections/new/", editor.section_new, name="my_section_new"),
    path(
        "my/guides/<id:guide_id>/sections/<id:section_id>/edit/",
        editor.section_edit,
        name="my_section_edit",
    ),
    path(
        "my/guides/<id:guide_id>/sections/<id:section_id>/move/",
        editor.section_move,
        name="my_section_move",
    ),
    path(
        "my/guides/<id:guide_id>/sections/<id:section_id>/delete/",
        editor.section_delete,
        name="my_section_delete",
    ),
    path(
        "my/guides/<id:guide_id>/sections/<id:section_id>/questions/new/",
        editor.question_new,
        name="my_question_new",
    ),
    path(
        "my/guides/<id:guide_id>/questions/<id:question_id>/edit/",
        editor.question_edit,
        name="my_question_edit",
    ),
    path(
        "my/guides/<id:guide_id>/questions/<id:question_id>/move/",
        editor.question_move,
        name="my_question_move",
    ),
    path(
        "my/guides/<id:guide_id>/questions/<id:question_id>/delete/",
        editor.question_delete,
        name="my_question_delete",
    ),
]
