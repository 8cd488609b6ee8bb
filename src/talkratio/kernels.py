"""One set of numeric kernels on every x86 CPU, so the same recording gives the same words.

CTranslate2 picks its matrix kernels when it starts: Intel MKL on Intel CPUs, oneDNN elsewhere, each
for the widest instruction set the CPU has (AVX-512, AVX2, AVX). Whisper's int8 decoding is not
exact, and a beam search turns the last-bit differences into other words: on the espeak Swedish
meeting `sv-1on1-blandat`, the same ctranslate2 4.8.5 found 2 of 4 questions with oneDNN/AVX2,
1 with MKL and another transcript again with AVX (measured on one AMD EPYC by forcing each). So the
choice is fixed here, before any model library loads: oneDNN, at most AVX2 (every x86 CPU since
2013–2015 has it; an older one, or an ARM one, keeps what the library picks). A variable the user
set is left alone. The cost is the AVX-512 speed-up on CPUs that have it.
"""
from __future__ import annotations

import os
import platform
from functools import cache
from pathlib import Path

ISA = "AVX2"


@cache
def has_avx2() -> bool:
    if platform.machine().lower() not in ("x86_64", "amd64"):
        return False
    try:
        return "avx2" in Path("/proc/cpuinfo").read_text(encoding="ascii", errors="replace").split()
    except OSError:  # not Linux: no way to ask cheaply, keep the libraries' choice
        return False


def pin() -> dict[str, str]:
    """Set the kernel choice in the environment (before ctranslate2 and oneDNN read it); returns what applies."""
    if has_avx2():
        os.environ.setdefault("CT2_USE_MKL", "0")
        os.environ.setdefault("CT2_FORCE_CPU_ISA", ISA)
        os.environ.setdefault("ONEDNN_MAX_CPU_ISA", ISA)
    return {k: os.environ[k] for k in ("CT2_USE_MKL", "CT2_FORCE_CPU_ISA", "ONEDNN_MAX_CPU_ISA") if k in os.environ}


def describe() -> str:
    """For the report's provenance: which kernels decoded the words."""
    chosen = pin()
    if not chosen:
        return "library default (not x86 with AVX2)"
    backend = "MKL" if chosen.get("CT2_USE_MKL") == "1" else "oneDNN"
    return f"{backend}, {chosen.get('CT2_FORCE_CPU_ISA', 'default ISA')}"
