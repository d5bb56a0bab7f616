"""What `guide` tells other apps without knowing them."""

from django.dispatch import Signal

# Sent by `Guide.content_changed` inside the write's transaction, with `guide_id`: a guide's
# questions, sections or archiving changed (practice moves on the day of its owner and readers).
content_changed = Signal()
