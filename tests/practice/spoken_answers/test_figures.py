"""Figures of a spoken answer from the recogniser's words: fillers, pauses, pace."""

from practice.spoken_answers import figures


def words(*pairs):
    return [{"word": word, "start": start, "end": start + 0.2} for word, start in pairs]


def test_fillers_are_counted_once_per_time_said_including_two_word_ones():
    said = words((" Um,", 0), (" you", 1), (" know,", 1.2), (" like,", 2), (" um", 3), (" so", 4))
    assert figures.count_fillers(said) == {"um": 2, "you know": 1, "like": 1}


def test_um_and_uh_are_listed_as_at_least():
    assert figures.filler_labels({"um": 2, "like": 1}) == ["um ×2 (at least)", "like ×1"]


def test_the_longest_pause_is_the_longest_gap_between_words():
    said = words((" a", 0), (" b", 1), (" c", 4.2))
    assert figures.longest_pause(said) == 3.0


def test_pace_is_words_per_minute_of_talk_time():
    said = words(*[(" w", n * 0.4) for n in range(70)])
    result = figures.figures(said, duration_seconds=60, talk_seconds=30)
    assert result.words_per_minute == 140
    assert "Within the 120–160" in figures.pace_verdict(result.words_per_minute)


def test_slow_and_fast_pace_are_named():
    assert figures.pace_verdict(90).startswith("Slower")
    assert figures.pace_verdict(200).startswith("Faster")


def test_no_pace_without_speech():
    assert figures.figures([], duration_seconds=10, talk_seconds=0).words_per_minute is None


def test_the_transcript_marks_fillers():
    said = words((" Um,", 0), (" it", 1), (" works", 1.2), (" you", 2), (" know.", 2.2))
    assert figures.marked_transcript(said, "") == [
        (" Um,", True),
        (" it works", False),
        (" you", True),
        (" know.", True),
    ]
