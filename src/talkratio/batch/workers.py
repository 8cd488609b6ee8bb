"""Turning recordings into outcomes, wherever they run: here, in worker processes, or on Dask.

Workers only compute and hand back a `Report` or a `Failure` as data; the main process owns
every output file, so stopping a run at any moment leaves nothing half-written. Each executor
delivers the workers' progress in the calling thread.
"""
from __future__ import annotations

import os
import signal
import sys
import time
from collections import deque
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Sequence

from ..cache import StageCache
from ..errors import BackendError, ModelError, TalkratioError, UsageError, kind_of
from ..pipeline import Analyzer, Options
from ..schema import Report
from ..transcripts import is_transcript
from .discovery import Recording

EXECUTORS = ("local", "dask")
DASK_WORKERS = 2              # the default LocalCluster
TOPIC = "talkratio-progress"  # Dask event topic for the current file's stage
STEP_STAGE = {"embeddings": "diarize", "language": "transcribe"}   # backend sub-steps → pipeline stage

Factory = Callable[[Options, int], Analyzer]   # (options, threads per worker; 0 = all) → Analyzer


@dataclass(frozen=True)
class Failure:
    file: str
    stage: str    # decode, diarize, transcribe, analyze, write…
    reason: str   # one line, as the single-file command would print it
    error: str = ""   # its kind (errors.kind_of): InputError, UsageError, …; "" in a failure recorded before it


@dataclass(frozen=True)
class Outcome:
    rel: str
    report: Report | None = None
    failure: Failure | None = None
    fatal: TalkratioError | None = None   # the models or settings are wrong: no other file would fare better


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
    """Give each of N workers its share of the cores instead of N × all of them (numpy's OpenBLAS
    stays on the one thread kernels.py gives it: its thread count changes Whisper's words)."""
    if threads:
        for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS"):
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
            from ..transcripts.alone import analyze_transcript
            return Outcome(rec.rel, report=analyze_transcript(rec.path, spec.options, hook))
        analyzer = worker_analyzer(spec)
        return Outcome(rec.rel, report=analyzer.analyze(rec.path, hook, StageCache(spec.cache), rec.transcript,
                                                        rec.meeting_type))
    except TalkratioError as err:
        stage = err.stage if err.stage != TalkratioError.stage else stage_of(last[0])
        fatal = err if isinstance(err, (ModelError, UsageError)) else None
        return Outcome(rec.rel, failure=Failure(rec.rel, stage, one_line(err), kind_of(err)), fatal=fatal)
    except Exception as err:  # a backend's own exception on an odd file: recorded, and the batch goes on
        return Outcome(rec.rel, failure=Failure(rec.rel, stage_of(last[0]), one_line(f"{type(err).__name__}: {err}"),
                                                     kind_of(err)))


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
                    yield Outcome(rec.rel, failure=Failure(rec.rel, "worker", one_line(future.exception()),
                                                   kind_of(future.exception())))
                else:
                    yield future.result()
    finally:
        client.cancel(list(pending))
        client.close()
        if cluster is not None:
            cluster.close()


EXECUTE = {("local", False): _run_inline, ("local", True): _run_processes, ("dask", False): _run_dask,
           ("dask", True): _run_dask}
