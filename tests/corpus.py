"""Where the shared corpus lives, and skips when it does not (a clone outside the workplace)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
REAL = SHARED / "corpus" / "real"
SCRIPTED = SHARED / "corpus" / "scripted"


def need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"shared corpus not available ({path})")
    return path


def truth(meeting_id: str) -> dict:
    return json.loads(need(SCRIPTED / f"{meeting_id}.truth.json").read_text(encoding="utf-8"))


def scripted_ids() -> list[str]:
    return sorted(p.name.removesuffix(".truth.json") for p in SCRIPTED.glob("*.truth.json")) if SCRIPTED.exists() else []


def der(reference_rttm: Path, turns, uri: str | None = None, collar: float = 0.25) -> float:
    from pyannote.core import Annotation, Segment
    from pyannote.metrics.diarization import DiarizationErrorRate

    from talkratio.diarize.rttm import read_rttm

    ref, hyp = Annotation(), Annotation()
    for t in read_rttm(reference_rttm, uri):
        ref[Segment(t.start, t.end)] = t.speaker
    for t in turns:
        hyp[Segment(t.start, t.end)] = t.speaker
    return DiarizationErrorRate(collar=collar)(ref, hyp)


def share_errors_pp(report, truth_json: dict, reference_rttm: Path) -> dict[str, float]:
    """Per reference speaker: |hypothesis share − true share| in percentage points, speakers
    matched by most shared time (as ../shared/tools/score_reports.py does)."""
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    from talkratio.diarize.rttm import read_rttm

    ref = read_rttm(reference_rttm)
    rs = sorted({t.speaker for t in ref})
    hs = sorted({s.id for s in report.speakers})
    m = np.zeros((len(hs), len(rs)))
    for h in report.turns:
        for r in ref:
            m[hs.index(h.speaker), rs.index(r.speaker)] += max(0.0, min(h.end, r.end) - max(h.start, r.start))
    rows, cols = linear_sum_assignment(-m)
    mapping = {hs[i]: rs[j] for i, j in zip(rows, cols) if m[i, j] > 0}
    hyp = {r: 0.0 for r in rs}
    for s in report.speakers:
        if s.id in mapping:
            hyp[mapping[s.id]] += s.talk_share
    return {r: abs(hyp[r] - truth_json["talk_share"][r]) * 100 for r in rs}
