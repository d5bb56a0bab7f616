"""URL converters that refuse numbers too large for a database id (they would 500)."""


class IdConverter:
    regex = "[0-9]{1,9}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)
