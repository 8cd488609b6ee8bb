"""The five traits from audio through the real pipeline, against the scripts' truth labels (issue 21).

    synth_meeting.py OUT --scripts tests/data/meetings/traits      # audio + truth.json (git-ignored)
    talkratio analyze OUT/<id>.wav --language sv -t one-on-one --num-speakers 2 -o OUT/out
    python benchmarks/traits_audio.py OUT                           # precision / recall per trait, scores

Diarized speakers are mapped to the script's by most shared time with its lines; a finding counts
for the line its start falls in (±0.3 s), as on true words (tests/traits_truth.py).
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from traits_truth import precision_recall, units  # noqa: E402
from talkratio.report import from_dict  # noqa: E402
from talkratio.traits.scores import TRAIT_KEYS  # noqa: E402


def speaker_map(report, lines) -> dict[str, str]:
    shared: Counter = Counter()
    for t in report.turns:
        for line in lines:
            shared[t.speaker, line["s"]] += max(0.0, min(t.end, line["end"]) - max(t.start, line["start"]))
    best: dict[str, tuple[float, str]] = {}
    for (hyp, ref), n in shared.items():
        best[hyp] = max(best.get(hyp, (0.0, "?")), (n, ref))
    return {hyp: ref for hyp, (_, ref) in best.items()}


def relabel(report, mapping):
    """The report's trait marks with the script's speaker names."""
    tr = report.findings.traits
    fix = lambda m: replace(m, speaker=mapping.get(m.speaker, m.speaker))   # noqa: E731
    fields = ("follow_ups", "missed", "reflections", "backchannels", "facts", "relations", "initiatives")
    tr = replace(tr, **{f: tuple(map(fix, getattr(tr, f))) for f in fields},
                 agenda=fix(tr.agenda) if tr.agenda else None,
                 agenda_items=tuple(replace(i, speaker=mapping.get(i.speaker, i.speaker)) for i in tr.agenda_items))
    return replace(report, findings=replace(report.findings, traits=tr))


def main(folder: Path) -> None:
    pairs: dict[str, list] = {k: [] for k in TRAIT_KEYS}
    for truth_path in sorted(folder.glob("*.truth.json")):
        mid = truth_path.name.removesuffix(".truth.json")
        report_path = folder / "out" / f"{mid}.json"
        if not report_path.exists():
            print(f"{mid}: no report")
            continue
        lines = json.loads(truth_path.read_text(encoding="utf-8"))["lines"]
        report = from_dict(json.loads(report_path.read_text(encoding="utf-8")))
        mapping = speaker_map(report, lines)
        host_ok = mapping.get(report.host) == "A"
        u = units(relabel(report, mapping), lines)
        for k in TRAIT_KEYS:
            pairs[k].append(u[k])
        scores = {k: getattr(report.scores, k).value for k in (*TRAIT_KEYS, "overall")}
        print(f"{mid}: host {'right' if host_ok else 'WRONG'}, scores {scores}")
        for k in TRAIT_KEYS:
            truth, found = u[k]
            if truth != found:
                print(f"   {k}: missed {sorted(truth - found, key=str)} extra {sorted(found - truth, key=str)}")
    for k in TRAIT_KEYS:
        if pairs[k]:
            p, r = precision_recall(pairs[k])
            print(f"{k}: precision {p:.2f} recall {r:.2f}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
