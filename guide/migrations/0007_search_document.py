"""Search documents and their full-text index, which depends on the database: a GIN index
over the stored vector on PostgreSQL, an FTS5 table kept in step by triggers on SQLite (also
through cascading deletes). Neither is in the model's state, so that no later migration
tries to build the other database's index. `manage.py rebuild_search_index` fills them."""

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

FTS_COLUMNS = "title, body, extra"
NEW_ROW = "new.id, new.title, new.body, new.extra"
OLD_ROW = "'delete', old.id, old.title, old.body, old.extra"
SQLITE = [
    f"""CREATE VIRTUAL TABLE guide_search_fts USING fts5({FTS_COLUMNS},
        content='guide_searchdocument', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2')""",
    # Rank by BM25 with a title match worth most, then the body, then the extra text.
    "INSERT INTO guide_search_fts(guide_search_fts, rank) VALUES ('rank', 'bm25(10.0, 4.0, 2.0)')",
    f"""CREATE TRIGGER guide_searchdocument_ai AFTER INSERT ON guide_searchdocument BEGIN
        INSERT INTO guide_search_fts(rowid, {FTS_COLUMNS}) VALUES ({NEW_ROW}); END""",
    f"""CREATE TRIGGER guide_searchdocument_ad AFTER DELETE ON guide_searchdocument BEGIN
        INSERT INTO guide_search_fts(guide_search_fts, rowid, {FTS_COLUMNS}) VALUES ({OLD_ROW});
        END""",
    f"""CREATE TRIGGER guide_searchdocument_au AFTER UPDATE ON guide_searchdocument BEGIN
        INSERT INTO guide_search_fts(guide_search_fts, rowid, {FTS_COLUMNS}) VALUES ({OLD_ROW});
        INSERT INTO guide_search_fts(rowid, {FTS_COLUMNS}) VALUES ({NEW_ROW}); END""",
]
POSTGRESQL = ["CREATE INDEX guide_search_vector_gin ON guide_searchdocument USING gin (vector)"]


def create_full_text_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(vendor, []):
        schema_editor.execute(statement)


def drop_full_text_index(apps, schema_editor):
    # The triggers and the GIN index go with guide_searchdocument when it is dropped.
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE guide_search_fts")


class Migration(migrations.Migration):

    dependencies = [
        ('guide', '0006_question_source_key_and_pending_import'),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchDocument',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.TextField()),
                ('body', models.TextField(blank=True)),
                ('extra', models.TextField(blank=True)),
                ('vector', django.contrib.postgres.search.SearchVectorField(editable=False, null=True)),
                ('guide', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='guide.guide')),
                ('question', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='guide.question')),
                ('tip', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='guide.tip')),
            ],
            options={
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('question__isnull', False), ('tip__isnull', True)), models.Q(('question__isnull', True), ('tip__isnull', False)), _connector='OR'), name='search_document_is_a_question_or_a_tip')],
            },
        ),
        migrations.RunPython(create_full_text_index, drop_full_text_index),
    ]
