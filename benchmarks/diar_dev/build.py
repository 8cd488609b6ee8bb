"""Build the diarization development corpus: audio under audio/ (git-ignored), truth under truth/.

usage: python benchmarks/diar_dev/build.py [HALF]     (HALF: only that half of split.json, e.g. novel)

- scripted: scripts/*.yaml rendered by ../shared/tools/synth_meeting.py (espeak-ng voices).
- real: two-person dialogues cut from real recordings in ../shared/corpus/real with known turns
  (AMI excerpts and sample.wav by their RTTMs, en/azure_katiesteve.wav by `KATIESTEVE`, one Common
  Voice clip per Swedish voice, one channel of stereo_diarization.wav per voice), placed on a new timeline: a host who leads (listener replies
  0.4-3 s) or a balanced conversation.
- phone: the real dialogues (and two scripted ones) through a telephone channel: 8 kHz G.711
  μ-law or AMR-NB 12.2 kbit/s (the mobile-phone codec; PyAV has no GSM encoder), encoded and decoded with PyAV (ffmpeg's libraries), back to 16 kHz.

Truth per meeting: truth/<id>.rttm (speech regions, 10 ms, found in each placed piece the way
synth_meeting does) and truth/<id>.json (talk time and share per speaker). Deterministic.
split.json says which meetings are tuned on and which are held out; a dialogue and its phone
version are always in the same half. `FRESH_*` (session 9) is a third half, "fresh", `UNSEEN_*`
(session 10) a fourth, "unseen", and `NOVEL_*` (session 11) a fifth, "novel", all built only from
voices with at least `MIN_CLEAN_S` of clean speech; the old dialogues are built as before.
"""
from __future__ import annotations

import importlib.util
import json
import random
import subprocess
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[1].parent / "shared"
REAL = SHARED / "corpus" / "real"
SR = 16000


def _synth():
    spec = importlib.util.spec_from_file_location("synth_meeting", SHARED / "tools" / "synth_meeting.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SYNTH = _synth()

# (id, host voice, listener voice, mode, minutes); a voice is (source, speaker) or a clip path
CV = "sv/common_voice_sv-SE_{}.wav"
DIALOGUES = [
    ("r-en-sample-lead", ("sample", "speaker90"), ("sample", "speaker91"), "lead", 2.0),
    ("r-en-sample-bal", ("sample", "speaker91"), ("sample", "speaker90"), "balanced", 2.0),
    ("r-en-ami-009-lead", ("dev", "MEE009"), ("dev", "MEE012"), "lead", 2.5),
    ("r-en-ami-012-bal", ("dev", "MEE012"), ("dev", "MEE009"), "balanced", 2.0),
    ("r-en-ami-070-lead", ("tst", "FEO070"), ("tst", "MEE071"), "lead", 2.0),
    ("r-en-ami-072-lead", ("tst", "FEO072"), ("tst", "FEO070"), "lead", 2.5),
    ("r-en-ami-073-bal", ("tst", "MEE073"), ("tst", "MEE071"), "balanced", 2.0),
    ("r-en-ami-071-lead", ("tst", "MEE071"), ("tst", "MEE073"), "lead", 2.0),
    ("r-sv-cv-a-lead", CV.format(18877958), CV.format(18733516), "lead", 2.0),
    ("r-sv-cv-b-bal", CV.format(18746434), CV.format(18737932), "balanced", 2.0),
    ("r-sv-cv-c-lead", CV.format(18711295), CV.format(18746534), "lead", 2.0),
    ("r-sv-cv-d-lead", CV.format(18716987), CV.format(18742722), "lead", 2.5),
]
PHONE_SCRIPTED = ["dd-en-04", "dd-sv-07", "dd-en-10", "dd-sv-13"]

# Session 9's fresh held-out half: new ids (so new draws), new pairings, two voices never used before
# (jfk.flac, CV 18746511). Its phone versions continue the μ-law / AMR alternation after the old ones.
FRESH_DIALOGUES = [
    ("r-en-jfk-s91-lead", "jfk.flac", ("sample", "speaker91"), "lead", 2.0),
    ("r-en-ami-072-073-lead", ("tst", "FEO072"), ("tst", "MEE073"), "lead", 2.5),
    ("r-en-ami-073-070-bal", ("tst", "MEE073"), ("tst", "FEO070"), "balanced", 2.0),
    ("r-sv-cv-e-lead", CV.format(18746511), CV.format(18716987), "lead", 2.0),
    ("r-sv-cv-f-bal", CV.format(18746534), CV.format(18746434), "balanced", 2.0),
    ("r-sv-cv-g-lead", CV.format(18737932), CV.format(18746511), "lead", 2.5),
]
FRESH_PHONE_SCRIPTED = ["df-en-04", "df-sv-01"]

# Session 10's unseen half, for one final measurement: new ids, pairings no other half has (as unordered
# pairs of voices), two English voices never used before (stereo_diarization.wav's channels: one
# speaker each, no bleed between them, so a channel is a voice alone). The Swedish Common Voice clips
# with >= MIN_CLEAN_S are all used already; these pair them anew. Phone versions go on alternating.
STEREO = "stereo_diarization.wav#{}"
UNSEEN_DIALOGUES = [
    ("r-en-stereo-lr-lead", STEREO.format(0), STEREO.format(1), "lead", 2.0),
    ("r-en-ami-009-st-lead", ("dev", "MEE009"), STEREO.format(0), "lead", 2.5),
    ("r-en-ami-012-072-bal", ("dev", "MEE012"), ("tst", "FEO072"), "balanced", 2.0),
    ("r-sv-cv-h-lead", CV.format(18746434), CV.format(18716987), "lead", 2.0),
    ("r-sv-cv-i-bal", CV.format(18746534), CV.format(18746511), "balanced", 2.0),
    ("r-sv-cv-j-lead", CV.format(18737932), CV.format(18746534), "lead", 2.5),
]
UNSEEN_PHONE_SCRIPTED = ["dg-en-06", "dg-sv-05"]

# en/azure_katiesteve.wav (29.5 s, mono, digital silence between utterances) has the turn texts in
# transcripts.json but no times. Its 14 speech regions (speech_regions, 0.15 s gaps) fall into the six
# turns in transcript order, and the pitch (median F0 by autocorrelation) says whose each region is:
# KATIE's 175-229 Hz, STEVE's 133-150 Hz. Every turn is 0.98-1.05 s of silence from the next, so a turn
# here is its first region's start to its last region's end, 0.1 s wider each side, alone with the
# margin. Two English voices no half has used (azure_katiesteve_mono.wav may be the same two: not used).
KATIESTEVE = [(0.01, 1.06, "KATIE"), (1.91, 2.96, "STEVE"), (3.78, 11.47, "KATIE"),
              (12.27, 23.83, "STEVE"), (24.61, 25.61, "KATIE"), (26.40, 28.66, "STEVE")]

# Session 11's novel half, for one final measurement: new ids and pairings no other half has (as
# unordered pairs). New voices: KATIE and STEVE. The three Swedish pairs are the last three of the ten
# pairs of the five Common Voice voices with >= MIN_CLEAN_S. Phone versions go on alternating.
KS = "katiesteve"
NOVEL_DIALOGUES = [
    ("r-en-azure-ks-lead", (KS, "KATIE"), (KS, "STEVE"), "lead", 2.0),
    ("r-en-ami-009-steve-lead", ("dev", "MEE009"), (KS, "STEVE"), "lead", 2.5),
    ("r-en-katie-070-bal", (KS, "KATIE"), ("tst", "FEO070"), "balanced", 2.0),
    ("r-sv-cv-k-lead", CV.format(18737932), CV.format(18716987), "lead", 2.0),
    ("r-sv-cv-l-bal", CV.format(18716987), CV.format(18746534), "balanced", 2.0),
    ("r-sv-cv-m-lead", CV.format(18746434), CV.format(18746511), "lead", 2.5),
]
NOVEL_PHONE_SCRIPTED = ["dh-en-02", "dh-sv-05"]

# The least clean speech (pieces >= 0.4 s, alone with the margin, above the noise floor) a real voice
# must have before a dialogue is built from it: 2 s, about one spoken sentence (5-6 words at a
# conversational 2.5-3 words/s), and the short test condition (2 s) short-utterance speaker
# verification studies commonly use. Below it a "voice" is a few syllables looped (MEE071: 0.69 + 0.54 s played 170 times
# as a host), and a test on it measures the loop, not a person. A corpus-design choice made before the
# fresh half was built, from no diarization output; applied to FRESH_DIALOGUES and UNSEEN_DIALOGUES,
# the old ones are kept as they were (`below_min_clean` lists them).
MIN_CLEAN_S = 2.0


def load(path: Path, channel: int | None = None) -> np.ndarray:
    """Mono 16 kHz: the channels averaged, or only `channel`."""
    import soundfile
    from scipy.signal import resample_poly

    x, sr = soundfile.read(str(path), dtype="float32", always_2d=True)
    x = x.mean(axis=1) if channel is None else x[:, channel]
    return resample_poly(x, SR, sr).astype(np.float32) if sr != SR else x


def rttm(path: Path, uri: str) -> list[tuple[float, float, str]]:
    rows = [line.split() for line in path.read_text().splitlines() if line.strip()]
    return [(float(r[3]), float(r[3]) + float(r[4]), r[7]) for r in rows if r[1] == uri]


# Seconds kept clear of every other speaker's RTTM turn when a voice's pieces are cut: the turns'
# edges are not exact (in the AMI excerpts pyannote hears the neighbour's voice 0.1-0.4 s past them).
MARGIN_S = 0.25


def alone(turns: list[tuple[float, float, str]], speaker: str, margin: float = MARGIN_S) -> list[tuple[float, float]]:
    """Stretches (>= 0.4 s) of `speaker`'s turns where no other speaker's turn is within `margin` s.

    Each other turn is taken out of the speaker's turns on its own, so turns of others that overlap
    or nest inside each other (four people talking at once in the AMI excerpt tst00) are all out.
    """
    others = [(s - margin, e + margin) for s, e, k in turns if k != speaker]
    out = []
    for s, e, k in turns:
        if k != speaker:
            continue
        spans = [(s, e)]
        for a, b in others:
            spans = [p for x, y in spans for p in ((x, min(y, a)), (max(x, b), y)) if p[1] > p[0]]
        out += [p for p in spans if p[1] - p[0] >= 0.4]
    return out


# A clip's frames (10 ms) less than this far above its noise floor (the 10th-percentile frame) are not
# speech. speech_regions' own bound (2 % of the loudest frame, -34 dB) took a Common Voice clip's steady
# hiss at -28 dB for speech: 18742722 ("Jag lämnar dig", 3.0 s) counted 2.9 s of speech where its
# word lasts 0.9 s (silero VAD 0.90 s, pyannote 1.03 s); gated here 0.81 s. No other clip changes.
FLOOR_DB = 12.0


def above_floor(x: np.ndarray) -> np.ndarray:
    """`x` with the 10 ms frames near its noise floor set to silence (for finding speech, not to keep)."""
    n = SR // 100
    rms = np.sqrt((x[:len(x) // n * n].reshape(-1, n) ** 2).mean(axis=1))
    keep = np.repeat(rms > np.percentile(rms, 10) * 10 ** (FLOOR_DB / 20), n)
    return x[:len(keep)] * keep


def pieces(voice) -> list[np.ndarray]:
    """Stretches of one voice alone: its RTTM turns with everybody else's (and a margin) taken out, or a
    clip (or one channel of it, "file#channel") cut at its pauses."""
    out = []
    if isinstance(voice, tuple):
        source, speaker = voice
        for name, turns in recordings(source):
            x = load(REAL / name)
            out += [x[int(a * SR):int(b * SR)] for a, b in alone(turns, speaker)]
    else:
        name, _, channel = voice.partition("#")
        x = load(REAL / name, int(channel) if channel else None)
        for s, e in SYNTH.speech_regions(above_floor(x), 0.0, min_gap=0.15):
            if e - s >= 0.4:
                out.append(x[int(s * SR):int(e * SR)])
    level = np.sqrt(np.mean(np.concatenate(out) ** 2))
    return [p * (0.1 / level) for p in out]


def recordings(source: str) -> list[tuple[str, list[tuple[float, float, str]]]]:
    """(file under REAL, its turns) for a voice given as (source, speaker)."""
    if source == KS:
        return [("en/azure_katiesteve.wav", KATIESTEVE)]
    files = {"sample": [("sample", "sample.rttm")], "dev": [("dev00", "debug.development.rttm"), ("dev01", "debug.development.rttm")],
             "tst": [("tst00", "debug.test.rttm"), ("tst01", "debug.test.rttm")]}[source]
    return [(f"{uri}.wav", rttm(REAL / ref, uri)) for uri, ref in files]


def clean_s(voice) -> float:
    """Seconds of clean speech `pieces` finds for a voice (what a dialogue can be built from)."""
    return sum(len(p) for p in pieces(voice)) / SR


def below_min_clean(specs) -> list[tuple[str, str, float]]:
    """(dialogue id, voice, clean s) for each voice of `specs` under MIN_CLEAN_S."""
    name = lambda v: v[1] if isinstance(v, tuple) else "".join((Path(v.partition("#")[0]).stem,) + v.partition("#")[1:])
    return [(spec[0], name(v), round(clean_s(v), 2)) for spec in specs for v in spec[1:3] if clean_s(v) < MIN_CLEAN_S]


def refuse_short(specs) -> None:
    """Exit with one line when a voice of `specs` has under MIN_CLEAN_S of clean speech."""
    if short := below_min_clean(specs):
        sys.exit(f"fresh, unseen or novel dialogues use voices with under {MIN_CLEAN_S} s of clean speech: {short}")


def dialogue(host, guest, mode: str, minutes: float, rng: random.Random):
    clips, t = [], 0.6
    while t < minutes * 60:
        block = rng.uniform(6, 25) if mode == "lead" else rng.uniform(3, 15)
        for name, voice, length in (("A", host, block), ("B", guest, None)):
            if length is None:  # the listener: one reply of 0.4-3 s, or a block of their own
                piece = rng.choice(voice)
                if mode == "lead":
                    piece = piece[:int(rng.uniform(0.4, 3.0) * SR)]
                    placed = [piece]
                else:
                    placed, length = [], rng.uniform(3, 15)
                    while sum(map(len, placed)) < length * SR:
                        placed.append(rng.choice(voice))
            else:
                placed = []
                while sum(map(len, placed)) < length * SR:
                    placed.append(rng.choice(voice))
            for i, piece in enumerate(placed):
                clips.append((t, piece, name))
                t += len(piece) / SR + (rng.uniform(0.1, 0.3) if i < len(placed) - 1 else rng.uniform(0.25, 0.9))
    total = t + 0.5
    y = np.zeros(int(total * SR) + 1, dtype=np.float32)
    segs = []
    for start, x, name in clips:
        i = int(start * SR)
        y[i:i + len(x)] += x
        segs += [(s, e, name) for s, e in SYNTH.speech_regions(x, start)]
    y += np.random.default_rng(rng.randrange(2 ** 32)).normal(0, 10 ** (-55 / 20), size=y.shape).astype(np.float32)
    return np.clip(y, -1, 1), segs


def telephone(src: Path, dst: Path, codec: str) -> None:
    """16 kHz wav → 8 kHz `codec` (pcm_mulaw or libopencore_amrnb) → decoded → 16 kHz wav, through PyAV."""
    import av
    import soundfile
    from scipy.signal import resample_poly

    x = load(src)
    narrow = resample_poly(x, 1, 2).astype(np.float32)
    pcm = (np.clip(narrow, -1, 1) * 32767).astype(np.int16)
    mulaw = codec == "pcm_mulaw"
    mid = dst.with_suffix(".mulaw.wav" if mulaw else ".amr")
    with av.open(str(mid), "w", format="wav" if mulaw else "amr") as out:
        stream = out.add_stream(codec, rate=8000, layout="mono")
        if not mulaw:
            stream.bit_rate = 12200
        frame_size = 160
        for i in range(0, len(pcm) - frame_size + 1, frame_size):
            frame = av.AudioFrame.from_ndarray(pcm[None, i:i + frame_size], format="s16", layout="mono")
            frame.sample_rate, frame.pts = 8000, i
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    with av.open(str(mid)) as inp:
        decoded = np.concatenate([f.to_ndarray().reshape(-1) for f in inp.decode(audio=0)])
    decoded = decoded.astype(np.float32) / (32768 if decoded.dtype == np.int16 else 1)
    mid.unlink()
    soundfile.write(str(dst), resample_poly(decoded, 2, 1).astype(np.float32), SR, subtype="PCM_16")


def real_dialogue(spec, folder: Path, truth_dir: Path) -> dict:
    """One of `DIALOGUES` as folder/<id>.wav, with its truth in truth_dir."""
    import soundfile

    mid, host, guest, mode, minutes = spec
    y, segs = dialogue(pieces(host), pieces(guest), mode, minutes, random.Random(mid))
    soundfile.write(str(folder / f"{mid}.wav"), y, SR, subtype="PCM_16")
    return write_truth(mid, segs, truth_dir)


def write_truth(mid: str, segs, folder: Path) -> dict:
    speakers = sorted({k for _, _, k in segs})
    with open(folder / f"{mid}.rttm", "w") as f:
        for s, e, k in sorted(segs):
            f.write(f"SPEAKER {mid} 1 {s:.3f} {e - s:.3f} <NA> <NA> {k} <NA> <NA>\n")
    talk = {k: SYNTH.union_length([(s, e) for s, e, j in segs if j == k]) for k in speakers}
    truth = {"id": mid, "host": "A", "talk_time_s": {k: round(v, 3) for k, v in talk.items()},
             "talk_share": {k: round(v / sum(talk.values()), 4) for k, v in talk.items()}}
    (folder / f"{mid}.json").write_text(json.dumps(truth, indent=1))
    return truth


def phone_versions(audio: Path) -> list[tuple[Path, str, str, str]]:
    """(source wav, id, codec, tag) of every telephone version: μ-law and AMR-NB alternate over all
    halves in the order they were added, so building one half gives its files the codecs they have."""
    sources = []
    for dialogues, scripted in ((DIALOGUES, PHONE_SCRIPTED), (FRESH_DIALOGUES, FRESH_PHONE_SCRIPTED),
                                (UNSEEN_DIALOGUES, UNSEEN_PHONE_SCRIPTED), (NOVEL_DIALOGUES, NOVEL_PHONE_SCRIPTED)):
        sources += [(audio / "real" / f"{d[0]}.wav", d[0]) for d in dialogues]
        sources += [(audio / "scripted" / f"{m}.wav", m) for m in scripted]
    return [(src, mid) + (("pcm_mulaw", "ulaw"), ("libopencore_amrnb", "amr"))[i % 2] for i, (src, mid) in enumerate(sources)]


def main() -> None:
    """Build everything, or with an argument only that half of split.json (its phone codecs as in the whole)."""
    half = sys.argv[1] if len(sys.argv) > 1 else None
    only = set(json.loads((HERE / "split.json").read_text())[half]) if half else None
    wanted = lambda mid: only is None or mid in only
    audio, truth_dir = HERE / "audio", HERE / "truth"
    for d in ("scripted", "real", "phone"):
        (audio / d).mkdir(parents=True, exist_ok=True)
    truth_dir.mkdir(exist_ok=True)
    for path in sorted((HERE / "scripts").glob("*.yaml")):  # only those not rendered yet (each is seeded by its id)
        if wanted(path.stem) and not (audio / "scripted" / f"{path.stem}.wav").exists():
            subprocess.run([sys.executable, str(SHARED / "tools" / "synth_meeting.py"), str(audio / "scripted"),
                            "--scripts", str(HERE / "scripts"), "--only", path.stem], check=True)
    for path in sorted((audio / "scripted").glob("*.rttm")):
        if wanted(path.stem):
            write_truth(path.stem, rttm(path, path.stem), truth_dir)
    refuse_short(FRESH_DIALOGUES + UNSEEN_DIALOGUES + NOVEL_DIALOGUES)
    for spec in DIALOGUES + FRESH_DIALOGUES + UNSEEN_DIALOGUES + NOVEL_DIALOGUES:
        if wanted(spec[0]):
            t = real_dialogue(spec, audio / "real", truth_dir)
            print(spec[0], t["talk_share"], flush=True)
    for src, mid, codec, tag in phone_versions(audio):
        if not wanted(f"{mid}-{tag}"):
            continue
        telephone(src, audio / "phone" / f"{mid}-{tag}.wav", codec)
        for ext in ("rttm", "json"):
            text = (truth_dir / f"{mid}.{ext}").read_text().replace(mid, f"{mid}-{tag}")
            (truth_dir / f"{mid}-{tag}.{ext}").write_text(text)
        print(f"{mid}-{tag}", flush=True)


if __name__ == "__main__":
    main()
