"""Score stored reports (run.py) against their truth: questions, needs items, purpose, steps, verdicts.

usage: python benchmarks/heldout_sv/score.py OUT [--json]
A truth line (synth_meeting.py's `lines`, labels q / needs / purpose / step / due) is found when
a finding of the right kind starts inside it (±0.5 s). Needs items and purpose count as
"sure" when asked/stated and "near" when only uncertain. Real English clips are scored by text
(labels in ../shared/corpus/real/transcripts.json), as tests/test_corpus_quality.py does.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
TRUTH = {"heldout": ROOT / "tmp" / "heldout_sv", "demo": ROOT / "samples", "scripted": SHARED / "corpus" / "scripted"}
PAD = 0.5


def _inside(t: float | None, line: dict) -> bool:
    return t is not None and line["start"] - PAD <= t <= line["end"] + PAD


def score_meeting(report: dict, truth: dict) -> dict:
    sys.path.insert(0, str(ROOT / "src"))
    from talkratio.closing import closing_window
    lines = truth["lines"]
    qs = report["questions"]
    q_lines = [l for l in lines if l.get("q")]
    q_found = sum(any(_inside(q["start"], l) for q in qs) for l in q_lines)
    q_right = sum(any(_inside(q["start"], l) for l in q_lines) for q in qs)
    n_lines = [l for l in lines if l.get("needs")]
    items = {n["key"]: n for n in report["needs_analysis"]}
    sure = sum(items[l["needs"]]["asked"] and _inside(items[l["needs"]]["start"], l) for l in n_lines)
    near = sum(items[l["needs"]].get("uncertain", False) and _inside(items[l["needs"]]["start"], l) for l in n_lines)
    n_claimed = [n for n in items.values() if n["asked"]]
    n_right = sum(any(l["needs"] == n["key"] and _inside(n["start"], l) for l in n_lines) for n in n_claimed)
    p_line = next((l for l in lines if l.get("purpose")), None)
    p = report["purpose"]
    purpose = ("–" if p_line is None and not p["stated"] else
               "false" if p_line is None else
               "sure" if p["stated"] and _inside(p["start"], p_line) else
               "near" if p.get("uncertain") and _inside(p["start"], p_line) else "missed")
    steps = report["next_steps"]
    c_lines = [l for l in lines if l.get("step") == "concrete"]
    c_found = sum(any(s["concrete"] and _inside(s["start"], l) for s in steps) for l in c_lines)
    due_lines = [l for l in lines if l.get("due")]
    due_sure = sum(any(s["due_date"] and _inside(s["start"], l) for s in steps) for l in due_lines)
    due_near = sum(any(s.get("uncertain") and not s["due_date"] and _inside(s["start"], l) for s in steps)
                   for l in due_lines)
    start, _ = closing_window(report["source"]["duration_s"])
    verdict = any(s["concrete"] and s["end"] >= start for s in steps)
    return {"q": (q_found, len(q_lines)), "q_prec": (q_right, len(qs)), "needs_sure": (sure, len(n_lines)),
            "needs_near": near, "needs_prec": (n_right, len(n_claimed)), "purpose": purpose,
            "steps": (c_found, len(c_lines)), "due_sure": (due_sure, len(due_lines)), "due_near": due_near,
            "verdict_ok": verdict == truth.get("concrete_next_steps", truth.get("expect", {}).get("concrete_next_steps")),
            "scores": {k: v["value"] for k, v in report["scores"].items()}}


def _words(text: str) -> set[str]:
    return set(re.findall(r"[\wåäö']+", text.lower()))


def score_real_en(report: dict, labels: list[dict]) -> dict:
    """Questions matched to labelled ones by words (≥ 60 % of the label's words)."""
    def matches(q, label):
        want = _words(label["text"].replace("...", ""))
        return len(want & _words(q["text"])) >= 0.6 * len(want)
    qs = report["questions"]
    found = sum(any(matches(q, l) for q in qs) for l in labels)
    right = sum(any(matches(q, l) for l in labels) for q in qs)
    needs = [n for n in report["needs_analysis"] if n["asked"] or n.get("uncertain")]
    return {"q": (found, len(labels)), "q_prec": (right, len(qs)), "needs_claimed": len(needs)}


def collect(out: Path) -> dict[str, dict[str, dict]]:
    rows: dict[str, dict[str, dict]] = {}
    for group, folder in TRUTH.items():
        for path in sorted((out / "reports" / group).glob("*.json")):
            truth_file = folder / f"{path.stem}.truth.json"
            if truth_file.exists():
                rows.setdefault(group, {})[path.stem] = score_meeting(json.loads(path.read_text()),
                                                                      json.loads(truth_file.read_text()))
    labels = json.loads((SHARED / "corpus" / "real" / "transcripts.json").read_text())
    for group in ("real_en", "real_sv"):
        for path in sorted((out / "reports" / group).glob("*.json")):
            clip = f"{group[-2:]}/{path.stem}.wav"
            if clip in labels:
                rows.setdefault(group, {})[path.stem] = score_real_en(json.loads(path.read_text()),
                                                                      labels[clip].get("questions", []))
    return rows


def _sum(rows: dict[str, dict], key: str) -> str:
    a = sum(r[key][0] for r in rows.values() if key in r)
    b = sum(r[key][1] for r in rows.values() if key in r)
    return f"{a}/{b}"


def main() -> None:
    out = Path(sys.argv[1])
    rows = collect(out)
    if "--json" in sys.argv:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    for group, meetings in rows.items():
        print(f"## {group}")
        for mid, r in meetings.items():
            print(f"  {mid:28s}", "  ".join(f"{k}={v}" for k, v in r.items()))
        keys = [k for k in ("q", "q_prec", "needs_sure", "needs_prec", "steps", "due_sure")
                if any(k in r for r in meetings.values())]
        extra = {k: sum(r.get(k, 0) for r in meetings.values()) for k in ("needs_near", "due_near", "needs_claimed")
                 if any(k in r for r in meetings.values())}
        verdicts = [r["verdict_ok"] for r in meetings.values() if "verdict_ok" in r]
        purpose = [r["purpose"] for r in meetings.values() if "purpose" in r]
        print("  total:", "  ".join(f"{k}={_sum(meetings, k)}" for k in keys), extra,
              f"verdicts_ok={sum(verdicts)}/{len(verdicts)}" if verdicts else "",
              f"purpose={purpose}" if purpose else "")


if __name__ == "__main__":
    main()
