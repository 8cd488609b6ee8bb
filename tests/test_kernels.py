"""The numeric-kernel choice (kernels.py) is fixed at import, unless the user chose one."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from talkratio import kernels

VARIABLES = kernels.PINNED


def env_after_import(**preset: str) -> dict:
    code = f"import json, os, talkratio; print(json.dumps({{k: os.environ.get(k) for k in {VARIABLES!r}}}))"
    env = {"PATH": "/usr/bin:/bin", **preset}
    return json.loads(subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                                     check=True).stdout)


@pytest.mark.skipif(not kernels.has_avx2(), reason="only x86 CPUs with AVX2 get the pinned kernels")
def test_importing_talkratio_pins_onednn_avx2():
    import scipy.linalg  # noqa: F401  (a second OpenBLAS, scipy's own: described once when alike)

    assert env_after_import() == {"CT2_USE_MKL": "0", "CT2_FORCE_CPU_ISA": "AVX2", "ONEDNN_MAX_CPU_ISA": "AVX2",
                                  "OPENBLAS_CORETYPE": "Haswell", "OPENBLAS_NUM_THREADS": "1"}
    assert kernels.describe() == "oneDNN, AVX2; OpenBLAS Haswell, 1 thread"


@pytest.mark.skipif(not kernels.has_avx2(), reason="only x86 CPUs with AVX2 get the pinned kernels")
def test_a_choice_the_user_made_is_kept():
    got = env_after_import(CT2_USE_MKL="1", CT2_FORCE_CPU_ISA="GENERIC", OPENBLAS_NUM_THREADS="2")
    assert got == {"CT2_USE_MKL": "1", "CT2_FORCE_CPU_ISA": "GENERIC", "ONEDNN_MAX_CPU_ISA": "AVX2",
                   "OPENBLAS_CORETYPE": "Haswell", "OPENBLAS_NUM_THREADS": "2"}


def test_no_pin_without_avx2(monkeypatch):
    for k in VARIABLES:
        monkeypatch.delenv(k, raising=False)
    monkeypatch.setattr(kernels, "has_avx2", lambda: False)
    assert kernels.pin() == {"OPENBLAS_NUM_THREADS": "1"} and kernels.describe().startswith("library default")


def blas_threads_after(code: str) -> int:
    """OpenBLAS's thread count in a fresh process on every core, after `code` imported numpy and talkratio."""
    probe = f"{code}; from threadpoolctl import threadpool_info; print(threadpool_info()[0]['num_threads'])"
    return int(subprocess.run([sys.executable, "-c", probe], env={"PATH": "/usr/bin:/bin"}, capture_output=True,
                              text=True, check=True).stdout)


def test_openblas_runs_one_thread_even_when_numpy_was_imported_first():
    """Whisper's features are a numpy matrix product whose sums OpenBLAS splits per thread: the long
    demo's transcript was 506 words on 2 threads and 526 on 1, so the core count changed the report."""
    assert blas_threads_after("import talkratio, numpy") == 1
    assert blas_threads_after("import numpy, talkratio") == 1
