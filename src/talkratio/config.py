"""Defaults a team sets once: a TOML file in the user's config folder (platformdirs).

    language = "sv"              # sv, en or auto
    prefer_language = "sv"       # auto, but the evidence too close to call: this one (default sv)
    meeting_type = "sales"       # one-on-one, sales or team
    host = "Anna"
    formats = ["json", "html", "md"]
    ui_language = "sv"
    [asr]
    sv = "kb-whisper-base"       # the model that transcribes Swedish meetings ("base": the embedded one)
    en = "base"

Command-line options win over the file, the file over the built-in defaults. TALKRATIO_CONFIG
names another file (tests, or a team's shared one). A file that cannot be read or holds an
unknown key or a wrong value is one clear UsageError (exit 2): a typo must not be ignored quietly.
"""
from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any, Mapping

from .errors import UsageError

DEFAULTS: dict[str, Any] = {"language": "auto", "prefer_language": "sv", "meeting_type": "one-on-one", "host": None,
                            "formats": "json,html", "ui_language": None, "asr.sv": None, "asr.en": None,
                            # [needs] meeting type = a needs method (needs_methods.py): "sales" or a file
                            "needs.one-on-one": None, "needs.sales": None, "needs.team": None}
UI_LANGUAGES = ("sv", "en")


def path() -> Path:
    override = os.environ.get("TALKRATIO_CONFIG")
    if override:
        return Path(override)
    from platformdirs import user_config_path

    return user_config_path("talkratio", appauthor=False) / "config.toml"


def _choices(key: str) -> tuple[str, ...] | None:
    if key == "language":
        from .transcribe import LANGUAGES

        return (*LANGUAGES, "auto")
    if key == "meeting_type":
        from .pipeline import MEETING_TYPES

        return MEETING_TYPES
    if key in ("ui_language", "prefer_language"):
        return UI_LANGUAGES
    return None


def _flat(data: Mapping[str, Any], where: Path) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in data.items():
        if key in ("asr", "needs") and isinstance(value, dict):
            flat |= {f"{key}.{sub}": model for sub, model in value.items()}
        else:
            flat[key] = value
    for key, value in flat.items():
        if key not in DEFAULTS:
            raise UsageError(f"{where}: unknown setting '{key}' (known: {', '.join(DEFAULTS)})")
        if key == "formats":
            if isinstance(value, list) and all(isinstance(v, str) for v in value):
                value = flat[key] = ",".join(value)
            if not isinstance(value, str):
                raise UsageError(f"{where}: formats wants a list of names like [\"json\", \"html\"]")
            from .outputs import FORMATS

            unknown = [f for f in value.split(",") if f.strip().lower() not in FORMATS]
            if unknown:
                raise UsageError(f"{where}: unknown format '{unknown[0]}' (choose from {', '.join(FORMATS)})")
            continue
        if not isinstance(value, str) or not value.strip():
            raise UsageError(f"{where}: {key} wants a text value, got {value!r}")
        choices = _choices(key)
        if choices and value not in choices:
            raise UsageError(f"{where}: {key} = '{value}' is not one of {', '.join(choices)}")
    return flat


def load() -> tuple[dict[str, Any], Path, bool]:
    """(settings in the file, its path, whether it exists); UsageError for a broken file."""
    where = path()
    try:
        text = where.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}, where, False
    except (OSError, UnicodeDecodeError) as err:
        raise UsageError(f"{where}: the config file cannot be read ({getattr(err, 'strerror', None) or err})") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise UsageError(f"{where}: not valid TOML ({err})") from None
    return _flat(data, where), where, True


def effective(given: Mapping[str, Any] | None = None) -> dict[str, tuple[Any, str]]:
    """key → (value, where it came from: "option", the file's path, or "default")."""
    file, where, _ = load()
    settings = {}
    for key, default in DEFAULTS.items():
        if (given or {}).get(key) is not None:
            settings[key] = (given[key], "option")
        elif key in file:
            settings[key] = (file[key], str(where))
        else:
            settings[key] = (default, "default")
    return settings


def needs_methods(settings: Mapping[str, tuple[Any, str]]) -> dict[str, str]:
    """meeting type → needs method named in the config ({} when none is)."""
    return {key[6:]: value for key, (value, _) in settings.items() if key.startswith("needs.") and value}


def asr_models(settings: Mapping[str, tuple[Any, str]]) -> dict[str, str]:
    """language → model named in the config ({} when none is)."""
    return {key[4:]: value for key, (value, _) in settings.items() if key.startswith("asr.") and value}
