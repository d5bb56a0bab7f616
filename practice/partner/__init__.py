"""Partner interviews: a friend plays the interviewer of a mock session through a private link,
with the model answer, key points and pro tip on their screen (issue 20)."""
