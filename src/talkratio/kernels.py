"""One set of numeric kernels on every x86 CPU, so the same recording gives the same words.

CTranslate2 picks its matrix kernels when it starts: Intel MKL on Intel CPUs, oneDNN elsewhere, each
for the widest instruction set the CPU has (AVX-512, AVX2, AVX). Whisper's int8 decoding is not
exact, and a beam search turns the last-bit differences into other words: on the espeak Swedish
meeting `sv-1on1-blandat`, the same ctranslate2 4.8.5 found 2 of 4 questions with oneDNN/AVX2,
1 with MKL and another transcript again with AVX (measured on one AMD EPYC by forcing each). So the
choice is fixed here, before any model library loads: oneDNN, at most AVX2 (every x86 CPU since
2013–2015 has it; an older one, or an ARM one, keeps what the library picks). A variable the user
set is left alone. The cost is the AVX-512 speed-up on CPUs that have it.

Whisper's log-mel features are a matrix product in numpy, so OpenBLAS is pinned too: its kernels
(Haswell, the AVX2 ones, where the CPU has AVX2) and one thread — its sums are split per thread,
and the long demo's transcript came out 506 words on 2 threads and 526 on 1, so the core count
alone changed the report. One thread costs nothing that shows: the product is ~0.2 GFLOP for 2
minutes of audio. When numpy was imported before talkratio, OpenBLAS has already read its
variables: its threads are then set through threadpoolctl, its kernels stay what it chose
(`describe` says which).
"""
from __future__ import annotations

import os
import platform
import sys
from functools import cache
from pathlib import Path

ISA = "AVX2"
BLAS_CORE = "Haswell"   # OpenBLAS's name for its AVX2 kernels
PINNED = ("CT2_USE_MKL", "CT2_FORCE_CPU_ISA", "ONEDNN_MAX_CPU_ISA", "OPENBLAS_CORETYPE", "OPENBLAS_NUM_THREADS")


@cache
def has_avx2() -> bool:
    if platform.machine().lower() not in ("x86_64", "amd64"):
        return False
    try:
        return "avx2" in Path("/proc/cpuinfo").read_text(encoding="ascii", errors="replace").split()
    except OSError:  # not Linux: no way to ask cheaply, keep the libraries' choice
        return False


def pin() -> dict[str, str]:
    """Set the kernel choice in the environment (before ctranslate2, oneDNN and OpenBLAS read it); returns
    what applies."""
    if has_avx2():
        os.environ.setdefault("CT2_USE_MKL", "0")
        os.environ.setdefault("CT2_FORCE_CPU_ISA", ISA)
        os.environ.setdefault("ONEDNN_MAX_CPU_ISA", ISA)
        os.environ.setdefault("OPENBLAS_CORETYPE", BLAS_CORE)
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    if "numpy" in sys.modules:  # OpenBLAS is loaded and read its variables already
        from threadpoolctl import threadpool_limits

        threadpool_limits(int(os.environ["OPENBLAS_NUM_THREADS"]), user_api="blas")
    return chosen()


def chosen() -> dict[str, str]:
    """The kernel variables in force (pinned at import, or the user's own)."""
    return {k: os.environ[k] for k in PINNED if k in os.environ}


def blas() -> str:
    """The loaded BLAS libraries' kernels and threads ("OpenBLAS Haswell, 1 thread")."""
    import numpy  # noqa: F401  (loads it, when nothing has yet)
    from threadpoolctl import threadpool_info

    found = [f"{i['internal_api'].replace('openblas', 'OpenBLAS')} {i.get('architecture') or ''}".rstrip()
             + f", {i['num_threads']} {'thread' if i['num_threads'] == 1 else 'threads'}"
             for i in threadpool_info() if i.get("user_api") == "blas"]
    return "; ".join(dict.fromkeys(found)) or "no BLAS"   # scipy carries a copy of its own: said once when alike


def describe() -> str:
    """For the report's provenance: which kernels decoded the words (pin ran when talkratio was imported)."""
    now = chosen()
    if "CT2_FORCE_CPU_ISA" not in now:
        return f"library default (not x86 with AVX2); {blas()}"
    backend = "MKL" if now.get("CT2_USE_MKL") == "1" else "oneDNN"
    return f"{backend}, {now['CT2_FORCE_CPU_ISA']}; {blas()}"
