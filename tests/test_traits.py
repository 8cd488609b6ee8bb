"""The five traits (issue 21) on scripted meetings' true words, and the pieces around them."""
from __future__ import annotations

import json
import re

import pytest

from speech import utterance
from traits_truth import precision_recall, report_from_lines, scripts, timed_lines, units
from talkratio.report import from_dict, to_dict, with_names
from talkratio.schema import Traits
from talkratio.scoring import OVERALL_WEIGHTS
from talkratio.traits import detect_traits
from talkratio.traits.scores import TRAIT_KEYS, TRAIT_WEIGHTS, trait_scores

PAIRS = {"sv": ("sv-traits-bra", "sv-traits-svag"), "en": ("en-traits-good", "en-traits-poor")}


@pytest.fixture(scope="module")
def analysed():
    out = {}
    for script in scripts():
        lines = timed_lines(script)
        out[script["id"]] = (script, lines, report_from_lines(script, lines))
    return out


def test_scripts_label_every_trait_good_and_poor(analysed):
    """Both languages, a good and a poor meeting each, truth labels for every trait in the good one."""
    assert set(analysed) == {m for pair in PAIRS.values() for m in pair}
    for good, _ in PAIRS.values():
        _, lines, report = analysed[good]
        truth = units(report, lines)
        assert all(truth[k][0] for k in TRAIT_KEYS), {k: truth[k][0] for k in TRAIT_KEYS}


@pytest.mark.parametrize("trait", TRAIT_KEYS)
def test_precision_and_recall_on_true_words(analysed, trait):
    pairs = [units(report, lines)[trait] for _, lines, report in analysed.values()]
    precision, recall = precision_recall(pairs)
    assert precision >= 0.85 and recall >= 0.85, (trait, precision, recall)


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("trait", TRAIT_KEYS)
def test_good_meeting_scores_clearly_above_poor(analysed, lang, trait):
    good, poor = (analysed[m][2].scores for m in PAIRS[lang])
    assert getattr(good, trait).value >= getattr(poor, trait).value + 30, trait
    assert good.overall.value > poor.overall.value + 20


def test_swedish_tip_quotes_the_meeting(analysed):
    from talkratio.render.html import render_html
    from talkratio.render.traits import section_tips

    report = analysed["sv-traits-svag"][2]
    tip = next(t for t in section_tips(report, "sv") if t.startswith("När Erik sa ”"))
    assert "kunde du ha frågat vidare" in tip and "Kunderna i Malmö" in tip
    assert tip in render_html(report)
    erik = next(k for k, v in report.names.items() if v == "Erik")
    renamed = with_names(report, {erik: "Karin"})   # as `talkratio report --name` does: the page's name, not the stats'
    assert any(t.startswith("När Karin sa ”") for t in section_tips(renamed, "sv"))


def test_findings_carry_the_rule_that_fired(analysed):
    tr = analysed["sv-traits-bra"][2].findings.traits
    assert {m.cue for m in tr.follow_ups} >= {"reference 'mer om det'", "shared word 'arbetsbelastningen'"}
    assert tr.agenda.cue == "agenda 'ta upp'" and [i.text for i in tr.agenda_items] == [
        "arbetsbelastningen", "kundprojektet", "utveckling"]
    assert any(m.cue == "reflection 'om jag förstår dig rätt'" for m in tr.reflections)
    assert any(m.cue == "commitment 'jag kan ta'" for m in tr.initiatives)


def test_unreached_agenda_item_is_shown_and_costs():
    lines = [("A", "Idag vill jag ta upp budgeten och semestern."), ("B", "Okej."),
             ("A", "Hur ser budgeten ut?"), ("B", "Budgeten är 2 miljoner.")]
    utts, t = [], 0.0
    for speaker, text in lines:
        utts.append(utterance(text, speaker, t))
        t = utts[-1].end + 0.5
    tr = detect_traits(utts, (), "A", "sv", t)
    assert [(i.text, i.reached) for i in tr.agenda_items] == [("budgeten", True), ("semestern", False)]
    assert trait_scores(tr, "A", "sv")["agenda"].value == 70   # 0.4 named + 0.6 × 1 of 2


def test_no_host_scores_nothing():
    scores = trait_scores(Traits(), None, "sv")
    assert set(scores) == set(TRAIT_KEYS) and all(s.value == 0 for s in scores.values())


def test_weights_are_stated_and_fold_into_overall(analysed):
    assert sum(OVERALL_WEIGHTS.values()) == pytest.approx(1.0) and sum(TRAIT_WEIGHTS.values()) == pytest.approx(0.25)
    parts = dict((k, w) for k, w, _ in analysed["sv-traits-bra"][2].scores.overall.parts)
    assert sum(parts.values()) == pytest.approx(1.0, abs=1e-3) and parts["follow_ups"] == pytest.approx(0.04)


def test_json_round_trip_keeps_the_traits(analysed):
    report = analysed["en-traits-good"][2]
    d = json.loads(json.dumps(to_dict(report)))
    assert d["traits"]["agenda"]["cue"] == "agenda 'want to cover'" and d["scores"]["together"]["value"] > 0
    back = from_dict(d)
    assert back.findings.traits == report.findings.traits and to_dict(back) == d


def test_report_from_before_traits_still_reads(analysed):
    d = json.loads(json.dumps(to_dict(analysed["en-traits-poor"][2])))
    del d["traits"]
    for k in TRAIT_KEYS:
        del d["scores"][k]
    assert from_dict(d).findings.traits is None


def test_html_section_in_swedish_names_no_english_rule(analysed):
    from talkratio.render.html import render_html

    page = render_html(analysed["sv-traits-bra"][2])
    section = page[page.index('id="traits"'):page.index('id="questions"')]
    assert "Det som skiljer ett bra samtal" in section and "Följdfrågor" in section
    assert "gemensamt ord" in section and "spegling" in section and 'href="#u-' in section
    assert not any(term in section for term in ("shared word", "reflection '", "commitment '", "True", "None"))
    report = analysed["sv-traits-bra"][2]
    links = re.findall(r'<a class="at" href="#u-(\d+)" data-t="([\d.]+)"', section)
    assert links and all(float(t) >= report.utterances[int(u)].start - 0.01 for u, t in links)   # each plays from its moment
    assert not re.search(r'<a href="#u-', section)                                                # none without a time
    assert '<a href="#traits">Det som skiljer ett bra samtal</a>' in page                          # the page's menu


def test_html_shows_an_unreached_agenda_item():
    from talkratio.render.html import render_html

    script = {"id": "x", "language": "sv", "kind": "one_on_one", "host": "A", "names": {"A": "Anna", "B": "Erik"},
              "lines": [{"s": "A", "t": "Idag vill jag ta upp budgeten och semestern."},
                        {"s": "B", "t": "Budgeten är klar."}, {"s": "A", "t": "Bra, tack."}]}
    page = render_html(report_from_lines(script, timed_lines(script)))
    assert re.search(r'<li>”semestern” —\s*<span class="unreached">inte berört igen</span>', page)


def test_terminal_and_folder_row_show_the_traits(analysed):
    import io

    from rich.console import Console

    from talkratio.render.index import meeting_row
    from talkratio.render.terminal import print_summary

    report = analysed["en-traits-good"][2]
    out = io.StringIO()
    print_summary(report, Console(file=out, width=200))
    text = out.getvalue()
    assert "What sets a good conversation apart" in text and "Follow-up questions" in text
    row = meeting_row(report, "en-traits-good.txt", None)
    values = [getattr(report.scores, k).value for k in TRAIT_KEYS]
    assert row["traits"] == round(sum(values) / 5)
