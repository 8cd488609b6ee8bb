"""Downloaded models: `talkratio models download NAME`, the one command that talks to a model hub.

Privacy is about recordings, not model files: a model fetched once, on the user's command, sends
nothing of theirs anywhere, and from then on it loads offline. huggingface_hub does the HTTP (it
honours HF_ENDPOINT, proxies and HF_TOKEN when set; none is required). We add what makes the
result trustworthy: the files are fetched into a hidden temporary folder, each is checked against
the size and hash the hub published (LFS sha256, or the git blob id of a small file), then the
folder is renamed into place and the registry — the commit point — records repo, resolved
commit and each file's size and sha256. A download that is interrupted or fails leaves only the
hidden folder, which nothing loads and the next run resumes or clears. Loading checks every file
against the registry (models.is_intact), like the embedded models.
"""
from __future__ import annotations

import datetime as dt
import fnmatch
import hashlib
import json
import os
import shutil
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .errors import ModelError, OutputError, UsageError
from .io import atomic_write_text
from .models import _sha256, cache_dir, is_intact

KB_SIZES = ("tiny", "base", "small", "medium", "large")
KB = {f"kb-whisper-{s}": f"KBLab/kb-whisper-{s}" for s in KB_SIZES}
# KBLab's published Common Voice (sv) WER, from the KB-Whisper model card; OpenAI's base: 52.1 %
KB_WER = {"kb-whisper-tiny": 12.9, "kb-whisper-base": 8.7, "kb-whisper-small": 6.4, "kb-whisper-medium": 5.4}
OPENAI_BASE_WER = 52.1
SUGGESTED = "kb-whisper-base"   # same size and speed as the embedded base
# the files faster-whisper itself fetches (faster_whisper.utils.download_model, 1.2.1)
ALLOW = ("config.json", "preprocessor_config.json", "model.bin", "tokenizer.json", "vocabulary.*")
REGISTRY = "registry.json"


@dataclass(frozen=True)
class RemoteFile:
    name: str
    size: int
    sha256: str | None     # LFS files: the hub's sha256
    blob_id: str | None    # small files: the git blob id (sha1 of "blob <size>\0" + content)


@dataclass(frozen=True)
class Plan:
    name: str
    repo: str
    commit: str
    files: tuple[RemoteFile, ...]
    language: str | None

    @property
    def size(self) -> int:
        return sum(f.size for f in self.files)


def resolve(name: str) -> tuple[str, str]:
    """(local name, hub repo): a KB-Whisper short name, or any "owner/repo" faster-whisper id."""
    if name in KB:
        return name, KB[name]
    owner, sep, repo = name.partition("/")
    if not sep or not owner or not repo or "/" in repo or name.startswith("."):
        raise UsageError(f"unknown model '{name}' (choose from {', '.join(KB)}, or a hub id like owner/repo)")
    return name, name


def folder() -> Path:
    return cache_dir() / "hub"


def _local(name: str) -> Path:
    return folder() / name.replace("/", "--")


def _partial(name: str) -> Path:
    return folder() / f".partial-{name.replace('/', '--')}"


def registry() -> dict[str, dict]:
    """name → entry of every downloaded model; {} before the first download."""
    path = folder() / REGISTRY
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as err:
        raise ModelError(f"{path}: the registry of downloaded models is unreadable ({err}); "
                         f"remove it and download again") from None
    return dict(data.get("models", {}))


def _save(models: dict[str, dict]) -> None:
    atomic_write_text(folder() / REGISTRY, json.dumps({"schema": "talkratio.models/1", "models": models},
                                                      indent=2, ensure_ascii=False) + "\n")


def language_of(repo: str) -> str | None:
    """The language a repo is trained for, when we know it (KB-Whisper: Swedish)."""
    return "sv" if repo.lower().startswith("kblab/") else None


def plan(name: str, revision: str | None = None) -> Plan:
    """Ask the hub what `name` at `revision` holds (network): the resolved commit and each file's size and hash."""
    local, repo = resolve(name)
    from huggingface_hub import HfApi
    from huggingface_hub.errors import HfHubHTTPError, RepositoryNotFoundError, RevisionNotFoundError

    try:
        info = HfApi().model_info(repo, revision=revision, files_metadata=True)
    except (RepositoryNotFoundError, RevisionNotFoundError) as err:
        raise ModelError(f"{repo}{'@' + revision if revision else ''}: not found on the hub "
                         f"({type(err).__name__})") from None
    except HfHubHTTPError as err:
        raise ModelError(f"{repo}: the hub refused the request ({_first_line(err)})") from None
    except Exception as err:  # httpx/OS errors: offline, proxy, DNS
        raise ModelError(f"{repo}: cannot reach the model hub ({type(err).__name__}: {_first_line(err)})") from None
    files = tuple(RemoteFile(s.rfilename, s.lfs.size if s.lfs else (s.size or 0),
                             s.lfs.sha256 if s.lfs else None, None if s.lfs else s.blob_id)
                  for s in info.siblings or () if any(fnmatch.fnmatch(s.rfilename, p) for p in ALLOW))
    if not any(f.name == "model.bin" for f in files):
        raise ModelError(f"{repo}: no CTranslate2 model.bin in this repo — not a faster-whisper model")
    if not info.sha:
        raise ModelError(f"{repo}: the hub did not say which commit it serves")
    return Plan(local, repo, info.sha, files, language_of(repo))


def _first_line(err: BaseException) -> str:
    return (str(err).strip().splitlines() or [""])[0][:200]


def _blob_id(path: Path) -> str:
    digest = hashlib.sha1(f"blob {path.stat().st_size}\0".encode())
    with path.open("rb") as f:
        while block := f.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _check(p: Plan, f: RemoteFile, path: Path) -> str:
    """The file's sha256 once it matches what the hub published; ModelError otherwise."""
    size = path.stat().st_size
    if size != f.size:
        raise ModelError(f"{p.repo}: {f.name} arrived with {size} bytes instead of {f.size} — "
                         f"incomplete or altered download; nothing was installed, run the command again")
    sha256 = _sha256(path)
    if (f.sha256 and sha256 != f.sha256) or (f.blob_id and _blob_id(path) != f.blob_id):
        raise ModelError(f"{p.repo}: {f.name} does not match the hash the hub published — "
                         f"nothing was installed; run the command again")
    return sha256


ByteHook = Callable[[str, int], None]   # (file name, bytes just received)


def _bar_class(file: str, on_bytes: ByteHook):
    """A tqdm class for huggingface_hub that draws nothing itself and forwards the byte counts."""
    from tqdm.auto import tqdm

    class Forward(tqdm):
        def __init__(self, *args, **kwargs):
            kwargs["disable"] = True
            super().__init__(*args, **kwargs)

        def update(self, n=1):
            on_bytes(file, int(n or 0))

    return Forward


def download(p: Plan, on_bytes: ByteHook = lambda file, n: None) -> dict:
    """Fetch, verify, move into place, register. Returns the registry entry."""
    from huggingface_hub import hf_hub_download

    tmp, final = _partial(p.name), _local(p.name)
    try:
        tmp.mkdir(parents=True, exist_ok=True)
        for stale in tmp.rglob("*.incomplete"):  # a killed transfer's part file: huggingface_hub never reuses it
            stale.unlink(missing_ok=True)
        have = sum(f.stat().st_size for f in tmp.rglob("*") if f.is_file())  # a resumed download's own files
        free = shutil.disk_usage(tmp).free
        if free + have < p.size:
            raise ModelError(f"{p.repo}: needs {p.size / 1e6:.1f} MB but only {free / 1e6:.1f} MB are free in "
                             f"{folder()}; nothing was fetched")
        recorded = {}
        for f in p.files:
            try:
                with warnings.catch_warnings():  # its disk-space warning: we checked, and ENOSPC is one line below
                    warnings.simplefilter("ignore", UserWarning)
                    got = Path(hf_hub_download(p.repo, f.name, revision=p.commit, local_dir=tmp,
                                               tqdm_class=_bar_class(f.name, on_bytes)))
            except OSError as err:
                if err.errno is None:  # huggingface_hub's own "consistency check failed" (a short transfer)
                    raise ModelError(f"{p.repo}: {f.name}: the transfer broke off ({_first_line(err)}); nothing "
                                     f"was installed, run the command again") from None
                raise ModelError(f"{p.repo}: {f.name}: cannot be written to {tmp} ({err.strerror or err}); "
                                 f"nothing was installed") from None
            except Exception as err:
                raise ModelError(f"{p.repo}: {f.name}: download failed ({type(err).__name__}: {_first_line(err)}); "
                                 f"nothing was installed, run the command again to resume") from None
            try:
                recorded[f.name] = {"size": f.size, "sha256": _check(p, f, got)}
            except ModelError:
                got.unlink(missing_ok=True)  # a bad file must not be "resumed" as done next time
                raise
        shutil.rmtree(tmp / ".cache", ignore_errors=True)  # huggingface_hub's bookkeeping
        models = registry()
        models.pop(p.name, None)
        _save(models)                                   # an old entry never points at a half-replaced folder
        if final.exists():
            shutil.rmtree(final)
        os.replace(tmp, final)
        entry = {"repo": p.repo, "commit": p.commit, "folder": final.name, "language": p.language,
                 "downloaded": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), "files": recorded}
        _save({**models, p.name: entry})                # the commit point: from here on it loads
        return entry
    except OSError as err:
        raise ModelError(f"{p.repo}: cannot install into {final.parent} ({err.strerror or err}); nothing was installed") from None
    except OutputError as err:
        raise ModelError(f"{p.repo}: {err}; nothing was installed") from None


def remove(name: str) -> str:
    """Forget a downloaded model and delete its files; returns the repo it came from."""
    models = registry()
    key = name if name in models else next((k for k, e in models.items() if e.get("repo") == name), None)
    if key is None:
        raise UsageError(f"no downloaded model '{name}' (downloaded: {', '.join(models) or 'none'})")
    entry = models.pop(key)
    _save(models)
    shutil.rmtree(folder() / entry["folder"], ignore_errors=True)
    shutil.rmtree(_partial(key), ignore_errors=True)
    return entry["repo"]


def is_downloaded(name: str) -> bool:
    try:
        return name in registry()
    except ModelError:
        return False


def model_folder(name: str) -> Path:
    """The verified folder of downloaded model `name` (offline); ModelError when a file changed."""
    entry = registry().get(name)
    if entry is None:
        raise ModelError(f"model '{name}' is not downloaded: talkratio models download {name}")
    path = folder() / entry["folder"]
    for file, spec in entry["files"].items():
        if not is_intact(path / file, spec["size"], spec["sha256"]):
            raise ModelError(f"model '{name}': {path / file} does not match the sha256 recorded when it was "
                             f"downloaded — refusing a tampered or damaged file; download it again: "
                             f"talkratio models download {name}")
    return path


def for_language(language: str) -> str | None:
    """The downloaded model trained for `language`, the largest when there are several (KB-Whisper's
    published WER falls with size); None when none is."""
    try:
        models = registry()
    except ModelError:
        return None
    fits = [(sum(f["size"] for f in e["files"].values()), k) for k, e in models.items() if e.get("language") == language]
    return max(fits)[1] if fits else None


def choose(model_option: str | None, configured: dict[str, str] | None = None) -> tuple[str, dict[str, str], dict[str, str]]:
    """(model for language id and every other language, {language: its own model}, {language or "*": why}).

    `--model` wins and hears every language; else the config's model for a language; else the model
    downloaded for it (a KB-Whisper for Swedish); else the embedded multilingual base.
    """
    from .transcribe import LANGUAGES

    for name in (model_option,) if model_option else (configured or {}).values():
        if name in KB and not is_downloaded(name):  # say so now, not after diarization
            raise ModelError(f"model '{name}' is not downloaded: talkratio models download {name}")
    if model_option:
        return model_option, {}, {"*": "option"}
    routes, why = {}, {"*": "default"}
    for lang in LANGUAGES:
        name = (configured or {}).get(lang)
        if name and name != "base":
            routes[lang], why[lang] = name, "config"
        elif not name and (found := for_language(lang)):
            routes[lang], why[lang] = found, "language"
    return "base", routes, why
