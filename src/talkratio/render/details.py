"""The report's technical details in the reader's words: settings and models as labelled rows.

Settings are stored in the JSON as Python values (True, None, 0.25); a reader sees
"Ja", "inte angivet", "0,25" and a label in her language. A key we have no label for is
shown as it is, so nothing is hidden.
"""
from __future__ import annotations

from ..messages import CATALOGUE, t
from ..schema import Report

AUTO = {"language": "auto"}      # settings whose None or "auto" means "chosen by the analysis"


def setting_value(key: str, value: object, lang: str) -> str:
    if isinstance(value, bool):
        return t(lang, "report.yes" if value else "report.no")
    if value is None or AUTO.get(key) == value:
        return t(lang, "report.setting.auto" if key in AUTO else "report.setting.unset")
    if key == "meeting_type" and f"report.type.{value}" in CATALOGUE["en"]:
        return t(lang, f"report.type.{value}")
    if key == "language" and value in ("sv", "en"):
        return t(lang, f"report.language.{value}")
    if isinstance(value, float):
        text = f"{value:g}"
        return text.replace(".", ",") if lang == "sv" else text
    return str(value)


def label(prefix: str, key: str, lang: str) -> str:
    return t(lang, f"{prefix}.{key}") if f"{prefix}.{key}" in CATALOGUE["en"] else key


def settings_rows(report: Report, lang: str) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((label("report.setting", k, lang), setting_value(k, v, lang)) for k, v in report.settings.items()))


def model_rows(report: Report, lang: str) -> tuple[tuple[str, str], ...]:
    return tuple((label("report.model", k, lang), m) for k, m in sorted(report.models.items()) if isinstance(m, str))
