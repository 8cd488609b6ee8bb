"""The Markdown export's traits section (issue 21): the same blocks as the HTML page's, both languages."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from traits_truth import report_from_lines, scripts, timed_lines
from talkratio.messages import t
from talkratio.render import build_view
from talkratio.render.markdown import render_markdown
from talkratio.render.traits import section_tips, traits_view
from talkratio.report import from_dict

MEETINGS = {"sv": "sv-traits-bra", "en": "en-traits-good"}


def _report(meeting: str):
    script = next(s for s in scripts() if s["id"] == meeting)
    return report_from_lines(script, timed_lines(script))


def _section(md: str, lang: str) -> str:
    start = md.index(f"## {t(lang, 'traits.section')}\n")
    return md[start:md.index("\n## ", start + 1)]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_trait_with_its_score_evidence_and_tips(lang):
    report = _report(MEETINGS[lang])
    md = render_markdown(report)
    section = _section(md, lang)
    headings = re.findall(r"^## (.+)$", md, re.M)   # after the needs analysis and purpose, before the questions
    assert headings.index(t(lang, "traits.section")) == headings.index(t(lang, "report.section.purpose")) + 1
    assert headings[headings.index(t(lang, "traits.section")) + 1] == t(lang, "report.section.questions")
    blocks = traits_view(report, build_view(report))
    assert len(blocks) == 5
    parts = re.split(r"^### ", section, flags=re.M)[1:]
    assert len(parts) == len(blocks)
    for block, part in zip(blocks, parts):
        value = f"{block.score.value}{'?' if block.score.uncertain else ''}"
        assert part.startswith(f"{block.title}: {value}\n"), part[:80]
        evidence = re.findall(r"^- \[\d+:\d\d\]\(#u-\d+\) ", part, re.M)   # each links to its transcript line
        assert len(evidence) == len(block.rows) + len(block.extra), block.key
        assert len(re.findall(r"^- [”“]", part, re.M)) == len(block.items), block.key   # the agenda's items
        for row in block.rows:
            assert t(lang, "report.quote", text=row.text)[:20] in part.replace("\\", "")
    for tip in section_tips(report, lang):
        assert f"- {tip}"[:40] in section.replace("\\", "")
    follow = parts[0]
    assert t(lang, "traits.took_up") in follow   # what the follow-up took up, as on the page


def test_swedish_section_reads_the_rules_in_swedish():
    section = _section(render_markdown(_report(MEETINGS["sv"])), "sv")
    assert "gemensamt ord" in section and "spegling" in section
    assert not any(term in section for term in ("shared word", "reflection", "commitment", "back-channel", "True"))


def test_an_unreached_agenda_item_and_escaped_words():
    script = {"id": "x", "language": "sv", "kind": "one_on_one", "host": "A", "names": {"A": "Anna", "B": "Erik"},
              "lines": [{"s": "A", "t": "Idag vill jag ta upp budgeten och semestern."},
                        {"s": "B", "t": "Budgeten är klar, *allt* | inget kvar."}, {"s": "A", "t": "Bra, tack."}]}
    section = _section(render_markdown(report_from_lines(script, timed_lines(script))), "sv")
    assert re.search(r"^- ”semestern” — \*\*inte berört igen\*\*$", section, re.M), section
    said = re.escape(r"”Budgeten är klar, \*allt\* \| inget kvar.”")   # escaped: cannot bend the layout
    assert re.search(r"^- ”budgeten” — togs upp igen \[0:0\d\]\(#u-1\): " + said + "$", section, re.M), section


def test_a_report_from_before_the_traits_has_no_section():
    old = from_dict(json.loads((Path(__file__).parent / "data" / "meetings" / "demo-report.json")
                               .read_text(encoding="utf-8")))
    assert f"## {t('sv', 'traits.section')}" not in render_markdown(old)
