"""Analyse the held-out Swedish meetings and the tuning/precision sets once, then re-score cheaply.

usage:
  python benchmarks/heldout_sv/run.py analyze OUT   # the real pipeline (models); stores stages + reports
  python benchmarks/heldout_sv/run.py rebuild OUT [--check]   # this checkout's build_report on the stored
                                                    # stages; --check loads Whisper for the model check
The stages (diarization, transcript) go to OUT/stages/<set>/<id>.json, the reports to
OUT/reports/<set>/<id>.json. `rebuild` decodes the audio again (for the pitch cue) but loads
no model, so "before" (main's code, `analyze`) and "after" (`rebuild`) see the same transcript.
Sets: heldout (tmp/heldout_sv, rendered by render.sh: never used for tuning), demo, scripted
(../shared/corpus/scripted), real_en and real_sv (../shared/corpus/real).
"""
from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
HELDOUT = ROOT / "tmp" / "heldout_sv"
RECORDED = dt.date(2026, 3, 2)          # a Monday: due dates resolve the same on every run
KINDS = {"sales": "sales", "one_on_one": "one-on-one", "team": "team"}


def jobs() -> list[tuple[str, Path, dict]]:
    out = []
    for truth in sorted(HELDOUT.glob("*.truth.json")):
        t = json.loads(truth.read_text())
        out.append(("heldout", HELDOUT / f"{t['id']}.wav", {"language": "sv", "meeting_type": KINDS[t["kind"]]}))
    out.append(("demo", ROOT / "samples" / "möte-1on1-demo.m4a", {}))
    scripted = SHARED / "corpus" / "scripted"
    for truth in sorted(scripted.glob("*.truth.json")):
        t = json.loads(truth.read_text())
        out.append(("scripted", scripted / f"{t['id']}.wav", {"meeting_type": KINDS[t["kind"]]}))
    real = SHARED / "corpus" / "real"
    for wav in sorted((real / "en").glob("*.wav")):
        out.append(("real_en", wav, {"num_speakers": 2}))
    for wav in sorted((real / "sv").glob("*.wav")):
        out.append(("real_sv", wav, {"language": "sv", "num_speakers": 1}))
    return out


def main() -> None:
    mode, out = sys.argv[1], Path(sys.argv[2])
    from talkratio.audio import decode
    from talkratio.cache import diarization_from_dict, diarization_to_dict, transcript_from_dict, transcript_to_dict
    from talkratio.io import atomic_write_text
    from talkratio.pipeline import Analyzer, Options
    from talkratio.report import build_report, to_dict

    analyzer = Analyzer(Options(use_profiles=False)) if mode == "analyze" else None
    scorer = None
    if "--check" in sys.argv:
        from talkratio.modelcheck import whisper_scorer
        from talkratio.transcribe.whisper import WhisperTranscriber
        scorer = whisper_scorer(WhisperTranscriber()._load())
    for group, wav, opts in jobs():
        options = Options(use_profiles=False, recorded=RECORDED, **opts)
        stages = out / "stages" / group / f"{wav.stem}.json"
        if mode == "analyze":
            analyzer.options = options
            captured = {}
            d, tr = analyzer.diarizer, analyzer.transcriber
            analyzer.diarizer = lambda *a, **k: captured.setdefault("d", d(*a, **k))
            analyzer.transcriber = lambda *a, **k: captured.setdefault("t", tr(*a, **k))
            report = analyzer.analyze(wav)
            analyzer.diarizer, analyzer.transcriber = d, tr
            atomic_write_text(stages, json.dumps({"diarization": diarization_to_dict(captured["d"]),
                                                  "transcript": transcript_to_dict(captured["t"])}, ensure_ascii=False))
        else:
            s = json.loads(stages.read_text())
            audio = decode(wav)
            report = build_report(audio.info, diarization_from_dict(s["diarization"]),
                                  transcript_from_dict(s["transcript"]), meeting_type=options.meeting_type,
                                  recorded=RECORDED, audio=audio.mono, settings=options.settings(),
                                  models={"asr": s["transcript"]["model"]}, scorer=scorer)
        atomic_write_text(out / "reports" / group / f"{wav.stem}.json",
                          json.dumps(to_dict(report), ensure_ascii=False, indent=1))
        print(group, wav.name, flush=True)


if __name__ == "__main__":
    main()
