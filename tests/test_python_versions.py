"""The project installs on Python 3.11, 3.12 and 3.13, and `make` says so when it finds none."""

import shutil
import subprocess
import tomllib
from pathlib import Path

from packaging.specifiers import SpecifierSet

ROOT = Path(__file__).resolve().parent.parent
MAKE = shutil.which("make") or "make"
NEEDED = "this project needs Python 3.11, 3.12 or 3.13"


def test_the_package_accepts_python_3_11_to_3_13():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    accepts = SpecifierSet(project["requires-python"])

    versions = ["3.10.13", "3.11.0", "3.12.1", "3.13.0", "3.14.0"]

    assert [version for version in versions if version in accepts] == versions[1:4]


def fake_python(path: Path, version: str) -> Path:
    """A `python` that reports `version` and fails the Makefile's version check."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f'#!/bin/sh\n[ "$1" = --version ] && echo "Python {version}" && exit 0\nexit 1\n'
    )
    path.chmod(0o755)
    return path


def make_install(tmp_path, **variables):
    arguments = [f"{name}={value}" for name, value in variables.items()]
    return subprocess.run(
        [MAKE, "--no-print-directory", "install", *arguments],
        cwd=ROOT,
        env={"PATH": str(tmp_path / "bin")},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_make_says_which_pythons_work_when_it_finds_none(tmp_path):
    for name in ["python3", "python3.11", "python3.13"]:
        fake_python(tmp_path / "bin" / name, "3.10.13")

    result = make_install(tmp_path, VENV=tmp_path / "venv")

    assert result.returncode != 0
    assert f"No suitable Python found: {NEEDED}." in result.stderr
    assert not (tmp_path / "venv").exists()


def test_make_refuses_a_venv_made_with_an_unsupported_python(tmp_path):
    fake_python(tmp_path / "venv" / "bin" / "python", "3.10.13")

    result = make_install(tmp_path, VENV=tmp_path / "venv")

    assert result.returncode != 0
    assert f"was made with Python 3.10.13; {NEEDED}." in result.stderr
    assert not (tmp_path / "venv" / ".installed").exists()
