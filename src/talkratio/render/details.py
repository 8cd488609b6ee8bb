"""The report's technical details in the reader's words: settings and models as labelled rows.

Settings are stored in the JSON as Python values (True, None, 0.25); a reader sees
"Ja", "inte angivet", "0,25" and a label in her language. The models' descriptions are
stored as their backends wrote them, in English ("segmentation-3.0 (step 0.25) + CAM++
(agglomerative)"); their terms are translated (messages_page.TECH_TERMS), names kept.
A key we have no label for is shown as it is, so nothing is hidden.
"""
from __future__ import annotations

import re

from ..messages import CATALOGUE, t
from ..messages_page import MODEL_CHOICES, TECH_TERMS
from ..schema import Report

AUTO = {"language": "auto"}      # settings whose None or "auto" means "chosen by the analysis"
_TECH = re.compile(r"(?<![\w./-])(" + "|".join(map(re.escape, sorted(TECH_TERMS, key=len, reverse=True)))
                   + r")(?![\w./-])")   # a word of its own: never part of a path or a file name
_DECIMAL = re.compile(r"(?<![\w.-])(-?\d+)\.(\d+)(?![\d.])")   # "-0.88", not "segmentation-3.0" or "4.0.7"


def tech_text(text: str, lang: str) -> str:
    """A model's description in the reader's language: "beam 5" → "sökbredd 5", "-0.88" → "-0,88"."""
    if lang == "en" or not text:
        return text
    text = _TECH.sub(lambda m: t(lang, f"tech.{m.group(1)}"), text)
    return _DECIMAL.sub(r"\1,\2", text) if lang == "sv" else text


def setting_value(key: str, value: object, lang: str) -> str:
    if isinstance(value, bool):
        return t(lang, "report.yes" if value else "report.no")
    if value is None or AUTO.get(key) == value:
        return t(lang, "report.setting.auto" if key in AUTO else "report.setting.unset")
    if key in ("meeting_type", "needs_method") and f"report.type.{value}" in CATALOGUE["en"]:   # a shipped method
        return t(lang, f"report.type.{value}")
    if key == "language" and value in ("sv", "en"):
        return t(lang, f"report.language.{value}")
    if isinstance(value, dict):   # asr_by_language: {"sv": "kb-whisper-base"}
        return ", ".join(f"{setting_value('language', k, lang)}: {setting_value(key, v, lang)}" for k, v in value.items())
    if isinstance(value, float):
        text = f"{value:g}"
        return text.replace(".", ",") if lang == "sv" else text
    return str(value)


def label(prefix: str, key: str, lang: str) -> str:
    return t(lang, f"{prefix}.{key}") if f"{prefix}.{key}" in CATALOGUE["en"] else key


def settings_rows(report: Report, lang: str) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((label("report.setting", k, lang), setting_value(k, v, lang)) for k, v in report.settings.items()))


def model_value(key: str, value: str, lang: str) -> str:
    if key == "asr_choice" and value in MODEL_CHOICES:
        return t(lang, f"report.model_choice.{value}")
    return tech_text(value, lang)


def model_rows(report: Report, lang: str) -> tuple[tuple[str, str], ...]:
    return tuple((label("report.model", k, lang), model_value(k, m, lang)) for k, m in sorted(report.models.items())
                 if isinstance(m, str))
