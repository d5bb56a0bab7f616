"""A database that has been used for a year, made in SQL (`INSERT … SELECT generate_series`):
99 generated guides beside the shipped one, 10,000 people, 150,000 progress rows with valid FSRS
cards, 1,000,000 ratings (each progress row's history, ending at its last review), mock
interviews, interview dates and "My answer" notes. One bench user is heavy: a progress row on
every question and 50,000 ratings, so that per-user queries are measured at their worst.

Pseudo-random but repeatable: every "random" choice is a hash of the row's numbers.
Run after the bench seed (bench/scenarios.py `seed`), inside Django (bench.settings).
"""

from django.db import connection

GENERATED_GUIDES = 99
SECTIONS_PER_GUIDE = 3
QUESTIONS_PER_SECTION = 10
USERS = 10_000
HEAVY_RATINGS = 50_000

# Statements in order; %(heavy)s is the heavy user's id. `h(…)` is a repeatable hash in 0..2³¹.
STATEMENTS = [
    """CREATE OR REPLACE FUNCTION pg_temp.h(bigint, bigint) RETURNS integer
       LANGUAGE sql IMMUTABLE AS $$ SELECT abs(hashint8($1 * 7919 + $2)) $$""",
    f"""INSERT INTO guide_guide (title, slug, level, subject, role, intro, tips_title,
           tips_subtitle, content_version, owner_id, archived, hidden_reason, licence, origin,
           updated_at, imported)
        SELECT 'Generated guide ' || g, 'generated-' || g, 'Mid-Level (2–5 Years)',
           'Subject ' || g, 'General / Mixed Role', 'A generated guide.', '', '', 1, NULL, false,
           '', '', '', now(), '{{}}'
        FROM generate_series(1, {GENERATED_GUIDES}) g""",
    f"""INSERT INTO guide_section (guide_id, number, title, subtitle, archived, imported)
        SELECT guide.id, s, 'Section ' || s, 'Generated', false, '{{}}'
        FROM guide_guide guide CROSS JOIN generate_series(1, {SECTIONS_PER_GUIDE}) s
        WHERE guide.slug LIKE 'generated-%%'""",
    f"""INSERT INTO guide_question (section_id, number, prompt, answer, answer_html, pro_tip,
           pro_tip_html, archived, source_key, imported, key_points, key_points_edited,
           key_points_html)
        SELECT section.id, (section.number - 1) * {QUESTIONS_PER_SECTION} + q,
           'Generated question ' || q || ' of section ' || section.id || '?',
           'An answer with **bold** words, number ' || q || '.',
           '<p>An answer with <strong>bold</strong> words, number ' || q || '.</p>',
           '', '', false, '', '{{}}',
           'An answer with **bold** words, number ' || q || '.', false,
           '<p>An answer with <strong>bold</strong> words, number ' || q || '.</p>'
        FROM guide_section section
        JOIN guide_guide guide ON guide.id = section.guide_id
        CROSS JOIN generate_series(1, {QUESTIONS_PER_SECTION}) q
        WHERE guide.slug LIKE 'generated-%%'""",
    # Search documents for the generated questions, weighted as SearchDocument.index_guide does.
    """INSERT INTO guide_searchdocument (guide_id, question_id, tip_id, title, body, extra,
           vector)
        SELECT section.guide_id, question.id, NULL, question.prompt, question.answer, '',
           setweight(to_tsvector('english', question.prompt), 'A')
           || setweight(to_tsvector('english', question.answer), 'B')
        FROM guide_question question
        JOIN guide_section section ON section.id = question.section_id
        JOIN guide_guide guide ON guide.id = section.guide_id
        WHERE guide.slug LIKE 'generated-%%'""",
    """CREATE TEMP TABLE pool AS
        SELECT (row_number() OVER (ORDER BY section.guide_id, section.number, question.number)
           - 1)::integer AS i, question.id, section.guide_id
        FROM guide_question question JOIN guide_section section
           ON section.id = question.section_id""",
    "CREATE UNIQUE INDEX ON pool (i)",
    """CREATE TEMP TABLE guide_pool AS
        SELECT guide_id, id, (row_number() OVER (PARTITION BY guide_id ORDER BY id) - 1)::integer
           AS i, count(*) OVER (PARTITION BY guide_id) AS n
        FROM pool""",
    "CREATE UNIQUE INDEX ON guide_pool (guide_id, i)",
    # The people: a password no one can sign in with, joined over the last year.
    """INSERT INTO auth_user (password, last_login, is_superuser, username, first_name,
           last_name, email, is_staff, is_active, date_joined)
        SELECT '!', now() - (n %% 30) * interval '1 day', false,
           'user' || lpad(n::text, 5, '0'), '', '', 'user' || n || '@example.com', false, true,
           now() - (n %% 365) * interval '1 day'
        FROM generate_series(1, %(new_users)s) n""",
    # Which questions each person has rated: a run of 14 or 15 consecutive questions (mostly
    # one guide), a fifth of people in the shipped guide; the heavy user every question.
    """CREATE TEMP TABLE rated AS
        SELECT person.id AS user_id, pool.id AS question_id,
           pg_temp.h(person.id, pool.id) AS seed
        FROM auth_user person
        CROSS JOIN LATERAL generate_series(0, 13 + (person.id %% 10 < 7)::integer) j
        JOIN pool ON pool.i = (
           CASE WHEN person.id %% 5 = 0 THEN 0 ELSE pg_temp.h(person.id, 0) END + j
        ) %% (SELECT count(*) FROM pool)
        WHERE person.username LIKE 'user%%'
        UNION ALL
        SELECT %(heavy)s, pool.id, pg_temp.h(%(heavy)s, pool.id)
        FROM pool
        WHERE NOT EXISTS (SELECT 1 FROM practice_questionprogress progress
           WHERE progress.user_id = %(heavy)s AND progress.question_id = pool.id)""",
    # A card after `rating_count` reviews: Review state with a stability of 0.5–40 days and
    # due that long after its last review (some overdue, most ahead); first-time cards are
    # Learning, step 1, due ten minutes after. The heavy user's rows share 50,000 ratings.
    """CREATE TEMP TABLE cards AS
        SELECT user_id, question_id, seed,
           CASE WHEN user_id = %(heavy)s
                THEN %(heavy_per_row)s + (row_number() OVER (PARTITION BY user_id ORDER BY
                     question_id) <= %(heavy_extra)s)::integer
                ELSE 1 + seed %% 12 END AS rating_count,
           0.5 + (seed / 13 %% 400) / 10.0 AS stability,
           1 + (seed / 17 %% 90) / 10.0 AS difficulty,
           now() - (seed / 19 %% (60 * 24)) * interval '1 hour' AS last_review
        FROM rated""",
    """INSERT INTO practice_questionprogress (user_id, question_id, confidence, rating_count,
           state, step, stability, difficulty, due, last_review)
        SELECT user_id, question_id, 1 + seed %% 5, rating_count,
           CASE WHEN rating_count = 1 THEN 1 ELSE 2 END,
           CASE WHEN rating_count = 1 THEN 1 ELSE NULL END,
           stability, difficulty,
           CASE WHEN rating_count = 1 THEN last_review + interval '10 minutes'
                ELSE last_review + stability * interval '1 day' END,
           last_review
        FROM cards""",
    # Each progress row's history: one rating every two days, the last at its last review
    # with its current confidence.
    """INSERT INTO practice_confidencerating (user_id, question_id, confidence, rated_at,
           seconds_spent)
        SELECT user_id, question_id,
           CASE WHEN k = rating_count THEN 1 + seed %% 5 ELSE 1 + (seed + k) %% 5 END,
           last_review - (rating_count - k) * interval '2 days',
           CASE WHEN (seed + k) %% 3 = 0 THEN NULL ELSE 5 + (seed + k) %% 170 END
        FROM cards CROSS JOIN LATERAL generate_series(1, rating_count) k""",
    # Mock interviews: every third person five of them (the heavy user 300), five questions
    # each from one guide; finished, but every tenth person's latest is still going.
    """CREATE TEMP TABLE sessions AS
        SELECT person.id AS user_id, s,
           (SELECT guide_id FROM pool WHERE pool.i = pg_temp.h(person.id, s)
              %% (SELECT count(*) FROM pool)) AS guide_id,
           now() - (s * 3 + person.id %% 3) * interval '1 day' AS started_at
        FROM auth_user person
        CROSS JOIN LATERAL generate_series(1, CASE WHEN person.id = %(heavy)s THEN 300 ELSE 5
           END) s
        WHERE person.id = %(heavy)s OR (person.username LIKE 'user%%' AND person.id %% 3 = 0)""",
    """INSERT INTO practice_mocksession (user_id, guide_id, strategy, minutes_per_question,
           timed, status, position, started_at, ended_at, retried_from_id)
        SELECT user_id, guide_id, (ARRAY['random', 'weakest', 'due', 'unseen'])[1 + s %% 4],
           1 + s %% 5, s %% 4 <> 0,
           CASE WHEN s = 1 AND user_id %% 10 = 0 THEN 'active' ELSE 'finished' END,
           CASE WHEN s = 1 AND user_id %% 10 = 0 THEN 2 ELSE 4 END,
           started_at,
           CASE WHEN s = 1 AND user_id %% 10 = 0 THEN NULL
                ELSE started_at + interval '12 minutes' END,
           NULL
        FROM sessions""",
    """INSERT INTO practice_mockitem (session_id, position, question_id, answer_text,
           answer_saved_at, started_at, revealed_at, confidence, rated_at, rating_id)
        SELECT session.id, p, guide_pool.id, 'My answer to this one.',
           session.started_at + (p * 2 + 1) * interval '1 minute',
           session.started_at + p * 2 * interval '1 minute',
           session.started_at + (p * 2 + 1) * interval '1 minute',
           1 + (session.id + p) %% 5,
           session.started_at + (p * 2 + 1) * interval '1 minute', NULL
        FROM practice_mocksession session
        CROSS JOIN generate_series(0, 4) p
        JOIN guide_pool ON guide_pool.guide_id = session.guide_id
           AND guide_pool.i = (session.id + p) %% guide_pool.n
        WHERE NOT EXISTS (SELECT 1 FROM practice_mockitem item
           WHERE item.session_id = session.id)""",
    # Interview dates: every third person one, for the guide they practise; the heavy user
    # five more.
    """INSERT INTO practice_interviewdate (user_id, guide_id, interview_on, interview_time,
           target_percent, daily_budget, updated_at)
        SELECT DISTINCT ON (rated.user_id, pool.guide_id) rated.user_id, pool.guide_id,
           current_date + (rated.user_id %% 70 - 10), NULL, 90,
           CASE WHEN rated.user_id %% 2 = 0 THEN NULL ELSE 20 END, now()
        FROM rated JOIN pool ON pool.id = rated.question_id
        WHERE (rated.user_id %% 3 = 1 OR (rated.user_id = %(heavy)s AND pool.i %% 600 = 0))
           AND NOT EXISTS (SELECT 1 FROM practice_interviewdate interview
              WHERE interview.user_id = rated.user_id AND interview.guide_id = pool.guide_id)""",
    # "My answer" notes: a fifth of people on five rated questions, the heavy user on 1,000.
    """INSERT INTO practice_answernote (user_id, question_id, text, html, updated_at)
        SELECT user_id, question_id, 'How I would say it, take ' || seed %% 100 || '.',
           '<p>How I would say it, take ' || seed %% 100 || '.</p>', now() - interval '1 day'
        FROM rated
        WHERE (user_id %% 5 = 2 AND seed %% 3 = 0) OR (user_id = %(heavy)s AND seed %% 3 = 0)""",
]

COUNTED = [
    ("people", "auth_user"),
    ("guides", "guide_guide"),
    ("questions", "guide_question"),
    ("progress rows", "practice_questionprogress"),
    ("ratings", "practice_confidencerating"),
    ("mock interviews", "practice_mocksession"),
    ("mock items", "practice_mockitem"),
    ("interview dates", "practice_interviewdate"),
    ("answer notes", "practice_answernote"),
]


def generate(heavy_user_id: int) -> dict[str, int]:
    """Fill the database (which holds the bench seed) and return the row counts."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM auth_user")
        (existing,) = cursor.fetchone()
        cursor.execute(
            "SELECT count(*) FROM practice_confidencerating WHERE user_id = %s", [heavy_user_id]
        )
        (heavy_so_far,) = cursor.fetchone()
        questions = GENERATED_GUIDES * SECTIONS_PER_GUIDE * QUESTIONS_PER_SECTION + _scalar(
            cursor, "SELECT count(*) FROM guide_question"
        )
        cursor.execute(
            "SELECT count(*) FROM practice_questionprogress WHERE user_id = %s", [heavy_user_id]
        )
        (heavy_rows,) = cursor.fetchone()
        new_rows = questions - heavy_rows
        heavy_per_row, heavy_extra = divmod(HEAVY_RATINGS - heavy_so_far, new_rows)
        params = {
            "heavy": heavy_user_id,
            "new_users": USERS - existing,
            "heavy_per_row": heavy_per_row,
            "heavy_extra": heavy_extra,
        }
        for statement in STATEMENTS:
            cursor.execute(statement, params)
        counts = {
            label: _scalar(cursor, f"SELECT count(*) FROM {table}") for label, table in COUNTED
        }
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return counts


def _scalar(cursor, sql: str) -> int:
    cursor.execute(sql)
    return cursor.fetchone()[0]
