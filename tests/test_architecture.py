"""The apps depend on each other one way only (docs/architecture.md): a module may import the
project packages listed for its own package and nothing else of this project, and an app's
templates include only templates of the apps below it. Inside `practice`, the features'
packages sit above the rating/FSRS core at its root, and no module imports itself back
round a circle."""

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
# Inside practice: a feature package may import the core (practice's root modules) and the
# features listed for it; the core imports no feature. Only the URLs and the management
# commands, which hand requests and commands to the features, import them from the root.
FEATURE_IMPORTS = {
    "practice.check_answer": set(),
    "practice.library": set(),
    "practice.mock_interviews": set(),
    "practice.progress": set(),
    "practice.plans": {"practice.progress"},
    "practice.partner": {"practice.mock_interviews"},
    "practice.spoken_answers": set(),
}
# Wiring, not behaviour: the URLs, the commands, and the AppConfig's hooks for accounts.
ROUTES_TO_FEATURES = ("practice.urls", "practice.management.", "practice.apps")
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


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path) -> set[str]:
    """Every module name one module imports, with relative imports made absolute, and for
    `from x import y` both x and x.y (y may be a module)."""
    own = module_name(path).split(".")
    here = own if path.name == "__init__.py" else own[:-1]
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(here[: len(here) - node.level + 1] + ([base] if base else []))
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def project_modules() -> dict[str, Path]:
    return {
        module_name(path): path
        for package in ALLOWED_IMPORTS
        for path in sorted((ROOT / package).rglob("*.py"))
        if "migrations" not in path.parts
    }


def feature_of(module: str) -> str | None:
    return next((f for f in FEATURE_IMPORTS if module == f or module.startswith(f"{f}.")), None)


def wrong_feature_imports(module: str, imported: set[str]) -> set[str]:
    """The features `module` may not import, of those it does."""
    features = {feature_of(name) for name in imported} - {None}
    own = feature_of(module)
    if own is not None:
        return features - FEATURE_IMPORTS[own] - {own}
    if module.startswith(ROUTES_TO_FEATURES):
        return set()
    return features


def test_practices_core_imports_no_feature_and_features_import_only_what_they_may():
    found = {}
    for module, path in project_modules().items():
        if module.startswith("practice."):
            wrong = wrong_feature_imports(module, imported_modules(path))
            if wrong:
                found[module] = sorted(wrong)
    assert found == {}


def test_progress_does_not_import_plans():
    importers = [
        module
        for module, path in project_modules().items()
        if feature_of(module) == "practice.progress"
        and any(feature_of(name) == "practice.plans" for name in imported_modules(path))
    ]
    assert importers == []


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each import circle found by a walk of the graph, as the modules round it."""
    found = []
    state = {}  # 1: on the current path, 2: done

    def visit(name, path):
        state[name] = 1
        for other in sorted(graph[name]):
            if state.get(other) == 1:
                found.append([*path[path.index(other) :], other])
            elif other not in state:
                visit(other, [*path, other])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    return found


def test_no_module_imports_itself_back_round_a_circle():
    modules = project_modules()
    graph = {
        name: imported_modules(path) & set(modules) - {name} for name, path in modules.items()
    }
    assert circles(graph) == []


def test_the_check_sees_a_circle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert circles(graph) == [["a", "b", "c", "a"]]


def test_the_check_sees_a_feature_import_from_the_core_and_a_relative_one(tmp_path):
    module = ROOT / "practice" / "progress" / "report.py"
    assert "practice.readiness" in imported_modules(module)
    assert wrong_feature_imports("practice.rating", {"practice.plans.today"}) == {"practice.plans"}
    assert wrong_feature_imports("practice.progress.report", {"practice.plans.planner"}) == {
        "practice.plans"
    }
    assert wrong_feature_imports("practice.plans.today", {"practice.progress.streak"}) == set()
