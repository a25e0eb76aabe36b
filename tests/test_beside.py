"""The verdict of the modules marked `beside`, which a whole run runs in a second pytest process
while this one runs the rest (conftest.py); run alone, those modules run here as any other."""

from __future__ import annotations

import pytest
from helpers import BESIDE


def test_the_modules_run_beside_pass(request: pytest.FixtureRequest):
    if BESIDE not in request.config.stash:
        pytest.skip("no module marked beside in this run, or it runs here")
    process, log = request.config.stash[BESIDE]
    code = process.wait(timeout=900)
    out = log.read_text(encoding="utf-8", errors="replace")
    print(out.splitlines()[-1] if out.strip() else "(no output)")
    assert code == 0, out[-20000:]
