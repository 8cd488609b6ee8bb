"""The numeric-kernel choice (kernels.py) is fixed at import, unless the user chose one."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from talkratio import kernels

VARIABLES = ("CT2_USE_MKL", "CT2_FORCE_CPU_ISA", "ONEDNN_MAX_CPU_ISA")


def env_after_import(**preset: str) -> dict:
    code = f"import json, os, talkratio; print(json.dumps({{k: os.environ.get(k) for k in {VARIABLES!r}}}))"
    env = {"PATH": "/usr/bin:/bin", **preset}
    return json.loads(subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                                     check=True).stdout)


@pytest.mark.skipif(not kernels.has_avx2(), reason="only x86 CPUs with AVX2 get the pinned kernels")
def test_importing_talkratio_pins_onednn_avx2():
    assert env_after_import() == {"CT2_USE_MKL": "0", "CT2_FORCE_CPU_ISA": "AVX2", "ONEDNN_MAX_CPU_ISA": "AVX2"}
    assert kernels.describe() == "oneDNN, AVX2"


@pytest.mark.skipif(not kernels.has_avx2(), reason="only x86 CPUs with AVX2 get the pinned kernels")
def test_a_choice_the_user_made_is_kept():
    got = env_after_import(CT2_USE_MKL="1", CT2_FORCE_CPU_ISA="GENERIC")
    assert got == {"CT2_USE_MKL": "1", "CT2_FORCE_CPU_ISA": "GENERIC", "ONEDNN_MAX_CPU_ISA": "AVX2"}


def test_no_pin_without_avx2(monkeypatch):
    for k in VARIABLES:
        monkeypatch.delenv(k, raising=False)
    monkeypatch.setattr(kernels, "has_avx2", lambda: False)
    assert kernels.pin() == {} and kernels.describe().startswith("library default")
