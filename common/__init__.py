"""Small helpers every app may import (and that import no app): where to send someone
after a form, when to answer htmx with a fragment, URL converters."""
