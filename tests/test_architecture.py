"""The apps depend on each other one way only (docs/architecture.md): a module may import the
project packages listed for its own package and nothing else of this project, and an app's
templates include only templates of the apps below it."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ALLOWED_IMPORTS = {
    "common": set(),
    "guide": {"common"},
    "accounts": {"common"},
    "practice": {"common", "guide", "accounts"},
    "config": {"common", "guide", "accounts", "practice"},
}
ALLOWED_TEMPLATES = {
    "guide": {"guide", "includes"},
    "accounts": {"accounts", "includes", "registration"},
    "registration": {"registration", "includes"},
    "practice": {"practice", "guide", "includes"},
}
INCLUDE = re.compile(r'{%\s*(?:include|extends)\s+"([^"/]+)/[^"]+"')


def imported_packages(path: Path) -> set[str]:
    """The project packages one module imports (relative imports stay in its own package)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return {name.split(".")[0] for name in names} & set(ALLOWED_IMPORTS)


def forbidden_imports(package: str) -> dict[str, list[str]]:
    found = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        wrong = imported_packages(path) - ALLOWED_IMPORTS[package] - {package}
        if wrong:
            found[str(path.relative_to(ROOT))] = sorted(wrong)
    return found


@pytest.mark.parametrize("package", sorted(ALLOWED_IMPORTS))
def test_a_package_imports_only_the_packages_below_it(package):
    assert forbidden_imports(package) == {}


@pytest.mark.parametrize("folder", sorted(ALLOWED_TEMPLATES))
def test_an_apps_templates_use_only_templates_below_it(folder):
    found = {}
    for path in sorted((ROOT / "templates" / folder).rglob("*")):
        wrong = set(INCLUDE.findall(path.read_text())) - ALLOWED_TEMPLATES[folder]
        if wrong:
            found[str(path.relative_to(ROOT))] = sorted(wrong)
    assert found == {}


def test_the_check_sees_an_upward_import(tmp_path):
    module = tmp_path / "views.py"
    module.write_text("from practice.models import QuestionProgress\nfrom . import forms\n")

    assert imported_packages(module) == {"practice"}
