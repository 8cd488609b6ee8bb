"""A folder of recordings: a resumable run in worker processes or on Dask, failures kept apart.

The parts: discovery.py (which files are recordings), workers.py (the analysis, wherever it runs),
summary.py (index.html, summary.csv, failures.json); this module owns the run and OUT's files.
The main process owns every output file. Workers only compute and hand back a `Report`, so a
run can stop at any moment (Ctrl-C ends the workers) without leaving a half-written report.
Each finished recording gets a marker named by its key — the file's sha256, its place in the
folder and every setting — and a rerun skips recordings whose marker and outputs are there.
Model-stage results go to a `StageCache` under OUT/.talkratio, so a changed scoring option
(--meeting-type, --host, --name) reruns only `build_report()`.
"""
from __future__ import annotations

import json
import os
from contextlib import closing, contextmanager
from dataclasses import asdict, replace
from pathlib import Path, PurePosixPath
from typing import Any, Callable, Iterable, Iterator, Sequence

from ..audio import sha256_file
from ..cache import digest
from ..errors import InputError, TalkratioError, UsageError, kind_of
from ..io import atomic_write_text, open_state, read_state, sweep_fragments
from ..per_file import FileSettings, own_report, own_settings, type_warnings
from ..pipeline import Options
from ..progress import Hook, silent
from ..render.index import meeting_row
from ..schema import Report
from ..transcripts import is_transcript
from ..transcripts.pairing import check_outputs
from .discovery import Recording, discover
from .summary import BatchResult, index_language, summarise
from .workers import DASK_WORKERS, EXECUTE, EXECUTORS, Factory, Failure, WorkerSpec, default_factory, one_line

__all__ = ["BatchResult", "Recording", "discover", "index_language", "run_batch", "STATE"]

STATE = ".talkratio"          # hidden, so never discovered: stage cache, markers, file hashes


# --- keys ---

def settings_fingerprint(options: Options, formats: Sequence[str], ui_language: str | None) -> dict[str, Any]:
    """Everything besides the audio that a finished report depends on."""
    from ..profiles import store_path

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


def _report_key(r: Recording, sha: str | None, own: FileSettings | None, settings: str) -> str | None:
    """What a finished report of `r` was made from; None when it cannot be known (the recording or
    its transcript unreadable, its corrections broken): the file is analysed again and fails with its
    own reason, while the rest of the folder goes on."""
    if sha is None or own is None:
        return None
    parts = [sha, r.rel, r.stem, settings]
    if r.transcript:
        try:
            parts.append(sha256_file(r.transcript))
        except (OSError, InputError):   # gone, or no longer a regular file (a FIFO named x.vtt)
            return None
    if own.meeting_type or own.fingerprint:
        parts += [own.meeting_type, own.fingerprint]
    return digest("report", *parts)


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
    from ..outputs import write_outputs

    return lambda report, folder, stem: write_outputs(report, folder, list(formats), ui_language, stem)



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
        keys = {r.rel: _report_key(r, hashes[r.rel], per.get(r.rel), settings) for r in recordings}
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
                            failures.append(Failure(rec.rel, err.stage, one_line(err), kind_of(err)))
                    hook("batch", completed=len(analysed) + len(failures), total=len(todo))
        finally:  # interrupted or not: the summary shows what is finished, nothing half-written stays
            _sweep([state, *{out / PurePosixPath(r.stem).parent for r in recordings}])
            lang = index_language(rows.values(), ui_language)
            result = summarise(out, recordings, rows, failures, lang, analysed, skipped)
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

