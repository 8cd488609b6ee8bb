"""The model check with the clip encoded alone against the clip padded to Whisper's 30 s window.

usage: python benchmarks/modelcheck_window.py STAGES_DIR

STAGES_DIR is what `benchmarks/heldout_sv/run.py analyze OUT` stored (OUT): every recording's
diarization and transcript. Each is rebuilt into a report with a scorer that runs every check
both ways: encoding the sentence's audio padded to 30 s (pad_or_trim, as Whisper was trained)
and encoding only the sentence's own frames. Prints one row per check (written and canonical
log-probabilities each way, verdicts), then how many verdicts differ and the encoder seconds.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "heldout_sv"))
import run  # noqa: E402  (the stored stages' jobs)


def main() -> None:
    import numpy as np

    from talkratio.audio import decode
    from talkratio.cache import diarization_from_dict, transcript_from_dict
    from talkratio.modelcheck import MARGIN, whisper_scorer
    from talkratio.pipeline import Options
    from talkratio.report import build_report
    from talkratio.transcribe.whisper import WhisperTranscriber

    stages_dir = Path(sys.argv[1])
    model = WhisperTranscriber()._load()
    padded, alone = whisper_scorer(model, pad=True), whisper_scorer(model, pad=False)
    rows, seconds = [], {"padded": 0.0, "alone": 0.0}

    def both(clip, texts, language):
        out = {}
        for name, score in (("padded", padded), ("alone", alone)):
            t = time.perf_counter()
            out[name] = score(clip, texts, language)
            seconds[name] += time.perf_counter() - t
        rows.append((current, len(clip) / 16000, texts, out))
        return out["padded"]

    for group, wav, opts in run.jobs():
        stages = stages_dir / "stages" / group / f"{wav.stem}.json"
        if not stages.exists() or not wav.exists():
            continue
        current = f"{group}/{wav.stem}"
        s = json.loads(stages.read_text())
        options = Options(use_profiles=False, recorded=run.RECORDED, **opts)
        audio = decode(wav)
        build_report(audio.info, diarization_from_dict(s["diarization"]), transcript_from_dict(s["transcript"]),
                     meeting_type=options.meeting_type, recorded=run.RECORDED, audio=audio.mono,
                     settings=options.settings(), models={"asr": s["transcript"]["model"]}, scorer=both)

    differ = 0
    print("| recording | clip s | written → canonical | padded: written / canonical | alone: written / canonical | verdicts |")
    print("|---|---|---|---|---|---|")
    for name, length, (heard, canon), out in rows:
        verdicts = [c >= h - MARGIN for h, c in (out["padded"], out["alone"])]
        differ += verdicts[0] != verdicts[1]
        mark = lambda v: "accepted" if v else "refused"
        print(f"| {name} | {length:.1f} | {heard} → {canon} | {out['padded'][0]:+.2f} / {out['padded'][1]:+.2f} | "
              f"{out['alone'][0]:+.2f} / {out['alone'][1]:+.2f} | {mark(verdicts[0])}"
              f"{'' if verdicts[0] == verdicts[1] else ' → ' + mark(verdicts[1])} |")
    gaps = [abs((a[1] - a[0]) - (p[1] - p[0])) for *_, o in rows for p, a in [(o["padded"], o["alone"])]]
    print(f"\n{len(rows)} checks, {differ} verdicts differ; |change of canonical − written| "
          f"median {np.median(gaps):.2f}, max {max(gaps):.2f} nats/token" if rows else "no checks")
    print(f"encoder+align seconds: padded {seconds['padded']:.1f}, alone {seconds['alone']:.1f}")


if __name__ == "__main__":
    main()
