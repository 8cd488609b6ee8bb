"""What a second look could see of a short-reply listener: every island of the talkiest voice, with its
cosine to that voice's centroid and to the nearest other centroid, labelled by the truth.

usage: python benchmarks/diar_dev/listener_islands.py tune|fresh [--only=ID,ID] [--label=NAME]

Issue 18, session 10. `short_turns.recheck` moves an island (a pause-bounded stretch of sound inside
one speaker's stretch) to a voice `MARGIN` closer than its own, but only when two voices have
centroids. This records the inputs recheck got in the default pipeline (cached segmentation +
embeddings, as evaluate.py; no prior, which comes after it) and embeds every 0.6-4 s island of the
talkiest voice's stretches (`ISLANDS`) that no other voice with a centroid lies over, whether or not
recheck would look. Per island: the truth (the true speaker with most of it), "own" (cosine to the
talkiest voice), "other" (to the nearest other centroid, if any), whether a centroid-less speaker
lies over it, and its embedding. Printed per file: voices found, the centroids' cosine, host
islands and their cosine's 5th percentile, listener islands (seconds) and their cosines. Rows go to
cache/results/listener-islands-<label>-<half>.json.
"""
from __future__ import annotations

import json
import sys

import numpy as np

import evaluate as ev

ISLANDS = (0.6, 4.0)   # island lengths looked at here (recheck's are short_turns.ISLAND_S)
from islands import label


def main() -> None:
    sys.path.insert(0, str(ev.ROOT / "src"))
    from talkratio.audio import decode
    from talkratio.diarize import pyannote as pa
    from talkratio.diarize import short_turns
    from talkratio.profiles import cosine

    half, split = ev.named_half()
    opts, only = ev.options()
    diarizer = pa.PyannoteDiarizer()
    global KEPT
    KEPT = short_turns.ISLAND_S
    seen: dict = {}
    original = pa.recheck

    def spy(turns, exclusive, voices, quiet, embed):
        seen.update(turns=turns, exclusive=exclusive, voices=voices, quiet=quiet, embed=embed)
        return original(turns, exclusive, voices, quiet, embed)

    pa.recheck = spy
    files = {}
    for mid, folder in sorted(split.items()):
        truth_json = json.loads((ev.HERE / "truth" / f"{mid}.json").read_text())
        if (only and mid not in only) or len(truth_json["talk_share"]) != 2:
            continue
        audio = decode(ev.HERE / "audio" / folder / f"{mid}.wav")
        diarizer._load()
        ev.cached_pipeline(diarizer, mid, False)
        out = diarizer(audio)
        truth = [(float(r.split()[3]), float(r.split()[3]) + float(r.split()[4]), r.split()[7])
                 for r in (ev.HERE / "truth" / f"{mid}.rttm").read_text().splitlines()]
        voices = seen["voices"]
        talk = ev.shares(seen["turns"])
        rows = []
        found_host = max(talk, key=talk.get)
        vectors_of = {}
        if found_host in voices:
            # every island of the talkiest voice's stretches, whether or not recheck would look (it needs two
            # voices with centroids); islands under another voice that has a centroid are left out, as in recheck
            short_turns.ISLAND_S = ISLANDS
            islands = [i for t in short_turns.stretches(seen["exclusive"]) if t.speaker == found_host
                       for i in short_turns.sandwiched_islands(seen["quiet"], t)
                       if not any(u.speaker != found_host and u.speaker in voices and u.start < i[1] and u.end > i[0]
                                  for u in seen["turns"])]
            short_turns.ISLAND_S = KEPT
            vectors = seen["embed"]([i[:2] for i in islands]) if islands else []
            for i, v in zip(islands, vectors):
                if v is None:
                    continue
                who, purity = label(truth, i[0], i[1])
                others = {k: cosine(v, c) for k, c in voices.items() if k != found_host}
                rows.append({"start": i[0], "end": i[1], "truth": "host" if who == truth_json["host"] else "listener",
                             "purity": purity, "own": cosine(v, voices[found_host]),
                             "other": max(others.values()) if others else None,
                             "overlapped": any(u.speaker != found_host and u.start < i[1] and u.end > i[0] for u in seen["turns"]),
                             "vector": [float(x) for x in v]})
        files[mid] = {"voices": {k: round(v, 4) for k, v in talk.items()}, "islands": rows,
                      "host_centroid": [float(x) for x in voices[found_host]] if found_host in voices else None,
                      "centroid_cos": (cosine(*list(voices.values())[:2]) if len(voices) >= 2 else None)}
        L = [r for r in rows if r["truth"] == "listener"]
        H = [r for r in rows if r["truth"] == "host"]
        gap = lambda rs: ", ".join(f"{r['own']:.2f}" for r in rs) or "–"
        hg = [r["own"] for r in H]
        print(f"| {mid} | {' / '.join(f'{100 * v:.1f}' for v in sorted(talk.values(), reverse=True))} | "
              f"{files[mid]['centroid_cos'] if files[mid]['centroid_cos'] is None else round(files[mid]['centroid_cos'], 2)} | "
              f"{len(H)} | {(np.percentile(hg, 5) if hg else float('nan')):.2f} | {len(L)} ({sum(r['end'] - r['start'] for r in L):.1f} s) | {gap(L)} |",
              flush=True)
        (ev.CACHE / "results").mkdir(parents=True, exist_ok=True)
        (ev.CACHE / "results" / f"listener-islands-{opts.get('label', 'current')}-{half}.json").write_text(json.dumps(files, indent=1))


if __name__ == "__main__":
    main()
