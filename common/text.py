"""Words for counts, the same on every page: "1 question", "2 questions", "1,500 ratings"."""


def plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"
