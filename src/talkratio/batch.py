"""A folder of recordings: discovery, a resumable run in worker processes or on Dask, failures kept apart.

The main process owns every output file. Workers only compute and hand back a `Report`, so a
run can stop at any moment (Ctrl-C ends the workers) without leaving a half-written report.
Each finished recording gets a marker named by its key — the file's sha256, its place in the
folder and every setting — and a rerun skips recordings whose marker and outputs are there.
Model-stage results go to a `StageCache` under OUT/.talkratio, so a changed scoring option
(--meeting-type, --host, --name) reruns only `build_report()`.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import signal
import sys
import time
from collections import Counter, deque
from contextlib import closing, contextmanager
from dataclasses import asdict, dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Any, Callable, Iterable, Iterator, Sequence

from . import __version__
from .audio import sha256_file
from .cache import StageCache, digest
from .errors import BackendError, InputError, ModelError, TalkratioError, UsageError
from .io import atomic_write_text, open_state, read_state, sweep_fragments
from .per_file import own_report, own_settings, type_warnings
from .pipeline import Analyzer, Options
from .progress import Hook, silent
from .render.index import meeting_row, render_index, summary_csv
from .schema import Report
from .transcripts import is_transcript
from .transcripts.pairing import check_outputs

STATE = ".talkratio"          # hidden, so never discovered: stage cache, markers, file hashes
EXECUTORS = ("local", "dask")
DASK_WORKERS = 2              # the default LocalCluster
TOPIC = "talkratio-progress"  # Dask event topic for the current file's stage
MEDIA = frozenset(
    ".wav .wave .mp3 .m4a .aac .flac .ogg .oga .opus .wma .aif .aiff .aifc .amr .3ga .caf .mka .ac3 .au "
    ".mp4 .m4v .mov .mkv .webm .avi .wmv .mpg .mpeg .ts .mts .m2ts .flv .3gp .3g2 .ogv".split())
NOT_MEDIA = frozenset(   # common companions of recordings: not worth opening to sniff
    ".json .txt .rttm .yaml .yml .csv .tsv .html .htm .md .pdf .srt .vtt .doc .docx .xls .xlsx .pptx .py .log "
    ".xml .ini .toml .zip .gz .tar .7z .jpg .jpeg .png .gif .svg .bmp .tif .tiff .webp .heic .tmp".split())
STEP_STAGE = {"embeddings": "diarize", "language": "transcribe"}   # backend sub-steps → pipeline stage

Factory = Callable[[Options, int], Analyzer]   # (options, threads per worker; 0 = all) → Analyzer


@dataclass(frozen=True)
class Recording:
    path: Path    # as found under the folder (a recording, or a transcript that has none)
    rel: str      # posix path relative to the folder: the order, and its name in every output
    stem: str     # where its reports go, relative to OUT, without the format suffix
    transcript: Path | None = None   # a transcript beside the recording with the same stem
    meeting_type: str | None = None  # its own (sub-folder or sidecar: per_file.py); None: the run's


@dataclass(frozen=True)
class Failure:
    file: str
    stage: str    # decode, diarize, transcribe, analyze, write…
    reason: str   # one line, as the single-file command would print it


@dataclass(frozen=True)
class Outcome:
    rel: str
    report: Report | None = None
    failure: Failure | None = None
    fatal: TalkratioError | None = None   # the models or settings are wrong: no other file would fare better


@dataclass(frozen=True)
class BatchResult:
    out: Path
    analysed: tuple[str, ...]
    skipped: tuple[str, ...]
    failures: tuple[Failure, ...]
    lang: str                             # of the index page
    index: Path
    summary: Path
    failures_path: Path
    warnings: tuple[tuple[str, str], ...] = ()   # (file, text): a meeting type that does not fit its speakers

    @property
    def ok(self) -> bool:
        return not self.failures


# --- discovery ---

def probe(path: Path) -> bool:
    """Content sniffing for a file whose name says nothing: does FFmpeg find an audio stream in it?"""
    try:
        if path.stat().st_size == 0:
            return False
        import av

        with av.open(str(path), metadata_errors="ignore") as container:
            return bool(container.streams.audio)
    except Exception:  # anything FFmpeg cannot open is simply not a recording
        return False


def is_media(path: Path) -> bool:
    """A recording by its name, or (name unknown) by its content. A broken `.wav` still counts:
    it is meant as a recording, so it is analysed and its failure reported."""
    if not path.is_file():
        return False
    ext = path.suffix.lower()
    return ext in MEDIA or (ext not in NOT_MEDIA and probe(path))


def discover(folder: Path, pattern: str | None = None, exclude: Iterable[Path] = (),
             written: Iterable[Path] = ()) -> list[Recording]:
    """Every recording under `folder`, sorted by relative path; hidden files and folders skipped.
    `pattern` is matched against the relative path from the right (`*.m4a`, `2025-*/*.wav`).
    Transcripts (talkratio.transcripts.pair): one beside a recording with its stem goes with it;
    one alone is analysed alone; files an earlier run `written` are never taken for input."""
    from .transcripts.pairing import pair

    folder = Path(folder)
    skip = {Path(p).resolve() for p in exclude}
    found, texts = [], []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = [d for d in dirnames if not d.startswith(".") and Path(dirpath, d).resolve() not in skip]
        for name in filenames:
            path = Path(dirpath, name)
            rel = path.relative_to(folder).as_posix()
            if name.startswith("."):
                continue
            if is_transcript(path):
                texts.append(rel)
            elif (not pattern or PurePosixPath(rel).match(pattern)) and is_media(path):
                found.append(rel)
    beside, alone = pair(folder, found, texts, pattern, written)
    found = sorted(found + alone)
    stems = Counter(PurePosixPath(rel).with_suffix("").as_posix().casefold() for rel in found)
    return [Recording(folder / rel, rel, rel if stems[PurePosixPath(rel).with_suffix("").as_posix().casefold()] > 1
                      else PurePosixPath(rel).with_suffix("").as_posix(), beside.get(rel)) for rel in found]


# --- keys ---

def settings_fingerprint(options: Options, formats: Sequence[str], ui_language: str | None) -> dict[str, Any]:
    """Everything besides the audio that a finished report depends on."""
    from .profiles import store_path

    def content(path: Path | None) -> str | None:
        return sha256_file(Path(path)) if path and Path(path).is_file() else None

    return {"options": asdict(options), "formats": sorted(formats), "ui_language": ui_language,
            "rttm": content(options.rttm), "profiles": content(store_path()) if options.use_profiles else None}


def file_hashes(recordings: Sequence[Recording], memo_path: Path) -> dict[str, str | None]:
    """sha256 of each file, reusing last run's when size and mtime are unchanged (as git does).
    None for a file that cannot be read: it is analysed, and fails with its own reason."""
    try:
        memo = json.loads(read_state(memo_path))
    except (OSError, ValueError):
        memo = {}
    hashes, fresh = {}, {}
    for r in recordings:
        try:
            st = r.path.stat()
            known = memo.get(r.rel)
            sha = known[2] if known and known[:2] == [st.st_size, st.st_mtime_ns] else sha256_file(r.path)
            fresh[r.rel] = [st.st_size, st.st_mtime_ns, sha]
        except (OSError, InputError):   # gone, or no longer a regular file
            sha = None
        hashes[r.rel] = sha
    atomic_write_text(memo_path, json.dumps(fresh))
    return hashes


# --- the work itself, wherever it runs ---

@dataclass(frozen=True)
class WorkerSpec:
    factory: Factory
    options: Options
    threads: int        # per worker; 0 = leave the libraries' defaults
    cache: str          # stage cache folder (Dask workers must see the same path)


_WORKER: dict[str, Any] = {}   # per process: the one Analyzer, and where progress goes


def default_factory(options: Options, threads: int = 0) -> Analyzer:
    """The real models. Each loads on first use, so a worker pays for loading once."""
    analyzer = Analyzer(options)
    if threads and hasattr(analyzer.transcriber, "threads"):
        analyzer.transcriber.threads = threads   # read when Whisper loads
    return analyzer


def _limit_threads(threads: int) -> None:
    """Give each of N workers its share of the cores instead of N × all of them."""
    if threads:
        for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
            os.environ[var] = str(threads)
        if "torch" in sys.modules:
            sys.modules["torch"].set_num_threads(threads)


def worker_analyzer(spec: WorkerSpec) -> Analyzer:
    """This process's Analyzer, built once and kept for every later recording."""
    key = repr((getattr(spec.factory, "__qualname__", spec.factory), spec.options, spec.threads))
    if _WORKER.get("key") != key:
        _WORKER.pop("analyzer", None)   # never hold two sets of models
        _limit_threads(spec.threads)
        _WORKER["analyzer"], _WORKER["key"] = spec.factory(spec.options, spec.threads), key
    return _WORKER["analyzer"]


def one_line(text: object, limit: int = 300) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def stage_of(step: str) -> str:
    head = step.split(":")[0].strip()
    return STEP_STAGE.get(head, head)


def analyze_one(rec: Recording, spec: WorkerSpec, send: Callable[..., None]) -> Outcome:
    """One recording, never raising for a bad file: the failure comes back as data."""
    last = ["analyze"]

    def hook(step: str, completed: float | None = None, total: float | None = None) -> None:
        last[0] = step
        send(rec.rel, step, completed, total)

    try:
        if is_transcript(rec.path):   # a transcript with no recording: no model needed
            from .transcripts.alone import analyze_transcript
            return Outcome(rec.rel, report=analyze_transcript(rec.path, spec.options, hook))
        analyzer = worker_analyzer(spec)
        return Outcome(rec.rel, report=analyzer.analyze(rec.path, hook, StageCache(spec.cache), rec.transcript,
                                                        rec.meeting_type))
    except TalkratioError as err:
        stage = err.stage if err.stage != TalkratioError.stage else stage_of(last[0])
        fatal = err if isinstance(err, (ModelError, UsageError)) else None
        return Outcome(rec.rel, failure=Failure(rec.rel, stage, one_line(err)), fatal=fatal)
    except Exception as err:  # a backend's own exception on an odd file: recorded, and the batch goes on
        return Outcome(rec.rel, failure=Failure(rec.rel, stage_of(last[0]), one_line(f"{type(err).__name__}: {err}")))


def throttled(send: Callable[..., None], every_s: float = 0.25) -> Callable[..., None]:
    """Forward a stage change at once, its progress at most every `every_s` (a queue is not free)."""
    state = {"step": None, "at": 0.0}

    def forward(rel: str, step: str, completed: float | None, total: float | None) -> None:
        now = time.monotonic()
        if step != state["step"] or now - state["at"] >= every_s or (total and completed == total):
            state.update(step=step, at=now)
            try:
                send((rel, step, completed, total))
            except Exception:  # progress is a nicety: never fail an analysis over it
                pass

    return forward


# --- executors: each turns recordings into outcomes, delivering progress in this thread ---

def _run_inline(recs: Sequence[Recording], spec: WorkerSpec, on_event: Callable[..., None], jobs: int,
                scheduler: str | None) -> Iterator[Outcome]:
    """One worker: right here, so Ctrl-C lands in the analysis itself."""
    for rec in recs:
        yield analyze_one(rec, spec, on_event)


def _init_process(events, threads: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # the main process decides when to stop
    _limit_threads(threads)
    _WORKER["send"] = throttled(events.put)


def _process_task(rec: Recording, spec: WorkerSpec) -> Outcome:
    return analyze_one(rec, spec, _WORKER["send"])


def _run_processes(recs: Sequence[Recording], spec: WorkerSpec, on_event: Callable[..., None], jobs: int,
                   scheduler: str | None) -> Iterator[Outcome]:
    """`jobs` worker processes (spawned: no forked model state), each keeping its Analyzer."""
    import multiprocessing
    import queue
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    context = multiprocessing.get_context("spawn")
    events = context.Queue()
    pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_process, initargs=(events, spec.threads))
    pending = {pool.submit(_process_task, rec, spec): rec for rec in recs}
    try:
        while pending:
            done, _ = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
            try:
                while True:
                    on_event(*events.get_nowait())
            except queue.Empty:
                pass
            for future in sorted(done, key=lambda f: pending[f].rel):
                rec = pending.pop(future)
                try:
                    yield future.result()
                except BrokenProcessPool:
                    raise BackendError(f"a worker process died while analysing {rec.rel} or a file beside it "
                                       f"(out of memory?); run again to continue") from None
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
        for process in list((pool._processes or {}).values()):  # no public way before Python 3.14
            process.terminate()
        for process in list((pool._processes or {}).values()):
            process.join(5)


def _dask_send(event: tuple) -> None:
    from distributed import get_worker

    get_worker().log_event(TOPIC, event)


def _dask_task(rec: Recording, spec: WorkerSpec) -> Outcome:
    if "dask_send" not in _WORKER:
        _WORKER["dask_send"] = throttled(_dask_send)
    return analyze_one(rec, spec, _WORKER["dask_send"])


def _run_dask(recs: Sequence[Recording], spec: WorkerSpec, on_event: Callable[..., None], jobs: int,
              scheduler: str | None) -> Iterator[Outcome]:
    """Dask distributed: `scheduler` (an address) or a LocalCluster of `jobs` processes, one thread each.
    Workers must see the recordings and OUT at the same paths (a shared filesystem)."""
    try:
        import logging

        from distributed import Client, LocalCluster
    except ImportError:
        raise UsageError('--executor dask needs Dask: pip install "talkratio[dask]"') from None
    cluster = None
    try:
        if scheduler is None:
            cluster = LocalCluster(n_workers=jobs, processes=True, threads_per_worker=1, dashboard_address=None,
                                   silence_logs=logging.ERROR)
        client = Client(cluster if cluster is not None else scheduler, timeout="20s")
    except (OSError, TimeoutError, ValueError) as err:
        if cluster is not None:
            cluster.close()
        raise UsageError(f"cannot reach the Dask scheduler {scheduler or '(local)'}: {one_line(err)}") from None
    events: deque = deque()
    client.subscribe_topic(TOPIC, lambda event: events.append(event[1]))
    pending = {client.submit(_dask_task, rec, spec, pure=False): rec for rec in recs}
    try:
        while pending:
            while events:
                on_event(*events.popleft())
            done = sorted((f for f in pending if f.done()), key=lambda f: pending[f].rel)
            if not done:
                time.sleep(0.1)
            for future in done:
                rec = pending.pop(future)
                if future.status == "error":  # the worker itself died (KilledWorker) or the task could not run
                    yield Outcome(rec.rel, failure=Failure(rec.rel, "worker", one_line(future.exception())))
                else:
                    yield future.result()
    finally:
        client.cancel(list(pending))
        client.close()
        if cluster is not None:
            cluster.close()


EXECUTE = {("local", False): _run_inline, ("local", True): _run_processes, ("dask", False): _run_dask,
           ("dask", True): _run_dask}


# --- the run ---

@contextmanager
def _lock(state: Path) -> Iterator[None]:
    """One batch per OUT at a time (the lock goes with the process, even when it is killed).
    OUT may be a shared recordings folder: a link planted as the state folder or its lock file
    is refused, never followed (it could point at any file of the user's, to be truncated)."""
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks; trust the user
        yield
        return
    if state.is_symlink():
        raise UsageError(f"{state}: is a symbolic link; refusing to write through it (remove it)")
    state.mkdir(parents=True, exist_ok=True)
    try:
        fd = open_state(state / "lock", os.O_WRONLY | os.O_CREAT)  # never O_TRUNC: it holds nothing
    except OSError as err:
        raise UsageError(f"{state / 'lock'}: cannot be used as the batch lock ({err.strerror or err}; "
                         f"a symbolic link there is refused)") from None
    with os.fdopen(fd, "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise UsageError(f"{state.parent}: another talkratio batch is writing here") from None
        yield


def _sweep(folders: Iterable[Path]) -> None:
    """Remove the fragments of atomic writes that a killed talkratio left (io.sweep_fragments: our
    namespace only, unlocked only); the state folder is ours throughout, OUT's folders only at the top."""
    for folder in folders:
        sweep_fragments(folder, recursive=folder.name == STATE)


def _marker(state: Path, key: str | None, out: Path) -> dict | None:
    """The finished-recording marker for `key`, if it and every output it lists still exist."""
    if key is None:
        return None
    try:
        marker = json.loads(read_state(state / "done" / f"{key}.json"))
    except (OSError, ValueError):
        return None
    return marker if all((out / p).is_file() for p in marker.get("outputs", ())) and "row" in marker else None


def _written(state: Path, out: Path) -> list[Path]:
    """Every output an earlier run of this OUT recorded in its markers (an exported .vtt is no input)."""
    paths = []
    for marker in (state / "done").glob("*.json") if (state / "done").is_dir() else ():
        try:
            paths += [out / p for p in json.loads(read_state(marker)).get("outputs", ())]
        except (OSError, ValueError, AttributeError):
            continue
    return paths


def _cli_writer(formats: Sequence[str], ui_language: str | None) -> Callable[[Report, Path, str], list[Path]]:
    from .outputs import write_outputs

    return lambda report, folder, stem: write_outputs(report, folder, list(formats), ui_language, stem)


def _dated(row: dict, rec: Recording) -> dict:
    """A meeting without a recorded date is placed by its file's time, and marked as such."""
    if row.get("date"):
        return row
    try:
        day = dt.date.fromtimestamp(rec.path.stat().st_mtime).isoformat()
    except OSError:
        return row
    return {**row, "date": day, "date_source": "file"}


def index_language(rows: Iterable[dict], ui_language: str | None) -> str:
    if ui_language:
        return "sv" if ui_language.lower().startswith("sv") else "en"
    common = Counter(r.get("language") for r in rows).most_common(1)
    return "sv" if common and common[0][0] == "sv" else "en"


def run_batch(folder: Path, out: Path, options: Options, *, formats: Sequence[str] = ("json", "html"),
              ui_language: str | None = None, pattern: str | None = None, jobs: int | None = None,
              executor: str = "local", scheduler: str | None = None, factory: Factory | None = None,
              write: Callable[[Report, Path, str], list[Path]] | None = None, hook: Hook = silent) -> BatchResult:
    """Analyse every recording under `folder` into `out`: reports, index.html, summary.csv, failures.json.

    `hook` gets ("batch", done, total) for the run and ("<file> · <stage>", done, total) for the
    file in progress. Ctrl-C (KeyboardInterrupt) stops it with every finished report kept.
    """
    folder, out = Path(folder), Path(out)
    if executor not in EXECUTORS:
        raise UsageError(f"unknown --executor '{executor}' (choose from {', '.join(EXECUTORS)})")
    if scheduler and executor != "dask":
        raise UsageError("--scheduler needs --executor dask")
    if jobs is not None and jobs < 1:
        raise UsageError(f"--jobs wants a number of workers (1 or more), got {jobs}")
    if not folder.is_dir():
        raise InputError(f"{folder}: no such folder")
    options.check()
    jobs = jobs or (DASK_WORKERS if executor == "dask" else 1)
    recordings = discover(folder, pattern, exclude=[out] if out.resolve() != folder.resolve() else [],
                          written=_written(out / STATE, out))
    if not recordings:
        raise InputError(f"{folder}: is a folder with no recordings " + (f"matching '{pattern}'" if pattern else "in it"))
    for r in recordings:   # a report must never overwrite an input transcript (OUT = the folder, -f vtt)
        check_outputs(out / PurePosixPath(r.stem).parent, PurePosixPath(r.stem).name, formats,
                      [r.transcript, r.path if is_transcript(r.path) else None])
    state = out / STATE
    with _lock(state):
        _sweep([state])
        settings = settings_fingerprint(options, formats, ui_language)
        hashes = file_hashes(recordings, state / "hashes.json")
        per, broken = own_settings(recordings, out)   # each file's meeting type and corrections (per_file.py)
        failures = [Failure(*b) for b in broken]
        keys = {r.rel: digest("report", hashes[r.rel], r.rel, r.stem, settings,
                              *([sha256_file(r.transcript)] if r.transcript else []),
                              *([per[r.rel].meeting_type, per[r.rel].fingerprint] if r.rel in per
                                and (per[r.rel].meeting_type or per[r.rel].fingerprint) else []))
                if hashes[r.rel] and r.rel in per else None
                for r in recordings}
        rows: dict[str, dict] = {}
        skipped, todo, analysed, warnings = [], [], [], []   # failures: above
        for rec in recordings:
            if rec.rel not in per:
                continue   # its corrections file is broken: a failure already
            marker = _marker(state, keys[rec.rel], out)
            if marker:
                rows[rec.rel] = marker["row"]
                skipped.append(rec.rel)
                warnings += [(rec.rel, w) for w in marker.get("warnings", ())]
            else:
                todo.append(replace(rec, meeting_type=per[rec.rel].meeting_type))   # the prior is per file
        write = write or _cli_writer(formats, ui_language)
        threads = max(1, (os.cpu_count() or 1) // jobs) if jobs > 1 and not scheduler else 0
        spec = WorkerSpec(factory or default_factory, options, threads, str(state / "cache"))
        run = EXECUTE[(executor, jobs > 1)]
        hook("batch", completed=0, total=len(todo))
        try:
            with closing(run(todo, spec, lambda rel, step, c, t: hook(f"{rel} · {step}", c, t), jobs, scheduler)) as outcomes:
                by_rel = {r.rel: r for r in todo}
                for outcome in outcomes:
                    if outcome.fatal is not None:
                        raise outcome.fatal
                    rec = by_rel[outcome.rel]
                    if outcome.report is None:
                        failures.append(outcome.failure)
                    else:
                        try:
                            report = own_report(outcome.report, per[rec.rel], options)
                            rows[rec.rel] = _finish(rec, report, out, write, state / "done" / f"{keys[rec.rel]}.json")
                            analysed.append(rec.rel)
                            warnings += [(rec.rel, w) for w in type_warnings(report)]
                        except TalkratioError as err:  # e.g. the disk filled up: this file failed, not the batch
                            failures.append(Failure(rec.rel, err.stage, one_line(err)))
                    hook("batch", completed=len(analysed) + len(failures), total=len(todo))
        finally:  # interrupted or not: the summary shows what is finished, nothing half-written stays
            _sweep([state, *{out / PurePosixPath(r.stem).parent for r in recordings}])
            lang = index_language(rows.values(), ui_language)
            result = _summarise(out, recordings, rows, failures, lang, analysed, skipped)
    return replace(result, warnings=tuple(warnings))


def _finish(rec: Recording, report: Report, out: Path, write: Callable, marker: Path) -> dict:
    """Write a finished report's files, then its marker (last: a marker means the files are whole)."""
    stem = PurePosixPath(rec.stem)
    written = [Path(p) for p in write(report, out / stem.parent, stem.name)]
    outputs = [p.relative_to(out).as_posix() for p in written]
    link = next((p for p in outputs if p.endswith(".html")), None)
    row = meeting_row(report, rec.rel, link)
    atomic_write_text(marker, json.dumps({"file": rec.rel, "outputs": outputs, "row": row,
                                          "warnings": type_warnings(report)}, ensure_ascii=False))
    return row


def _summarise(out: Path, recordings: Sequence[Recording], rows: dict[str, dict], failures: Sequence[Failure],
               lang: str, analysed: Sequence[str], skipped: Sequence[str]) -> BatchResult:
    listed = [_dated(rows[r.rel], r) for r in recordings if r.rel in rows]
    failures = sorted(failures, key=lambda f: f.file)
    paths = out / "index.html", out / "summary.csv", out / "failures.json"
    atomic_write_text(paths[0], render_index(listed, [asdict(f) for f in failures], lang, __version__))
    atomic_write_text(paths[1], summary_csv(sorted(listed, key=lambda r: (r.get("date") or "", r["file"])), lang))
    atomic_write_text(paths[2], json.dumps([asdict(f) for f in failures], ensure_ascii=False, indent=1))
    return BatchResult(out, tuple(analysed), tuple(skipped), tuple(failures), lang, *paths)
