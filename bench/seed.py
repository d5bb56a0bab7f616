"""Fill the benchmark database (bench/scenarios.py `seed`) and print what the load tool needs
as JSON: the users' cookies, the question ids, the CSRF secret. Run with
DJANGO_SETTINGS_MODULE=bench.settings.

    python bench/seed.py [USERS]
"""

import json
import sys

import django

django.setup()

from bench.scenarios import seed  # noqa: E402

if __name__ == "__main__":
    users = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    print(json.dumps(seed(users).as_dict()))
