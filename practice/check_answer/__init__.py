"""“Check my answer”: under any revealed question, type an answer and see which of its key
points it covers (guide.coverage), as hints. Nothing typed is stored."""
