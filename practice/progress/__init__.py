"""A person's progress: the report per guide, the streak, the charts that draw them."""
