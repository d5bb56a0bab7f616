"""Settings: `base` holds what every environment shares; pick development, production or test."""
