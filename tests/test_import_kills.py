"""Killed mid-import (SIGKILL) at random points, over and over: after each restart the store and
the index agree, and every document the importer reported as committed is still there."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from test_library import agree

from search_index.library import open_library

KILLS = 50
CHILD = """
import sys
from pathlib import Path
from search_index.library import open_library
opened = open_library()
print("opened", flush=True)
opened.library.import_paths([Path(sys.argv[1])],
                            committed=lambda doc_id: print(doc_id, flush=True))
print("finished", flush=True)
"""


def medline(first_pmid: int, count: int) -> str:
    return "\n".join(
        f"PMID- {first_pmid + i}\nTI  - Ablation or resection for liver metastases, series "
        f"{first_pmid + i}.\nAB  - Of {20 + i} patients treated by ablation, {i % 9 + 1} had "
        f"complications. Median survival was {30 + i % 20} months.\nDP  - 2020\n"
        for i in range(count))


def test_kills_at_random_points_lose_nothing_committed(tmp_path: Path, user_home: Path):
    rng = random.Random(20261124)
    open_library().library.close()  # the library exists before the first kill
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    committed: set[str] = set()
    outcomes = {"opened": 0, "finished": 0}
    for kill in range(KILLS):
        folder = tmp_path / f"batch{kill}"
        folder.mkdir()
        for f in range(4):
            start = 91000000 + kill * 1000 + f * 100
            (folder / f"export{f}.nbib").write_text(medline(start, 15))
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(folder)], env=env,
                                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        time.sleep(rng.uniform(0.4, 1.8))  # before, during and after the import
        child.send_signal(signal.SIGKILL)
        out, _ = child.communicate()
        lines = out.split()
        for marker in outcomes:
            outcomes[marker] += marker in lines
        committed |= {line for line in lines if line.startswith("pmid-")}

        opened = open_library()  # reconciles
        stored = agree(opened.library.directory)
        lost = committed - set(stored)
        assert not lost, f"kill {kill}: committed documents lost: {sorted(lost)[:5]}"
        opened.library.close()
        opened.collection.close()
    # The kills fell before, during and after the imports, not all in one place.
    assert outcomes["opened"] > 5 and outcomes["finished"] < KILLS and committed
