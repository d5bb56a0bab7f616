"""Mock interviews: timed sessions over a guide's questions with the person's own answers,
the model answer beside them, a self-rating that feeds the FSRS schedule, key-point coverage
and a summary. The tables live in `practice.models` (they share the rating history)."""
