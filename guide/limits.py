"""The limits that keep one person's guides and imports from hurting the service, in one
place: the editor's forms, the importer and every file reader check against these."""

from datetime import timedelta

# Guides, sections and questions one person may have.
MAX_GUIDES_PER_PERSON = 50
MAX_SECTIONS_PER_GUIDE = 50
MAX_QUESTIONS_PER_GUIDE = 500
# Characters of a title (guide, section), of a question's prompt, and of a long text.
MAX_TITLE_LENGTH = 200
MAX_PROMPT_LENGTH = 1_000
MAX_TEXT_LENGTH = 20_000
# The most an upload may hold; checked before the request body is read.
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# Uploads a person may have waiting at once (each up to the size cap); older ones go.
MAX_PENDING_PER_PERSON = 5
# Publishing to the library: accounts older than a day (a fresh sign-up cannot fill the
# library at once), and at most this many published guides a person.
MIN_ACCOUNT_AGE = timedelta(days=1)
MAX_PUBLISHED_PER_PERSON = 20
