"""The reviewed evidence map of the bundled documents: every stored statement is one of its records,
character for character, and a record that does not match its source stops the build."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

from helpers import EVIDENCE_MAP, OPTION_IDS, SEEDS

from search_index.treatments.evidence_map import ENV_MAP, problems


def test_every_bundled_statement_is_a_map_record_character_for_character(collection):
    rows = list(
        collection.db.query(
            "SELECT st.*, p.text AS passage FROM statements st JOIN passages p ON p.id = st.passage_id"
        )
    )
    assert len(rows) == len(EVIDENCE_MAP)
    records = {(r["document"], r["start"], r["end"], r["option"]) for r in EVIDENCE_MAP}
    for st in rows:
        assert st["review"] == "reviewed"
        assert st["passage"][st["start"] : st["end"]] == st["text"]
        source = collection.source(st["document_id"])
        assert (st["document_id"], st["source_start"], st["source_end"], st["option_id"]) in records
        sentence = source[st["source_start"] : st["source_end"]]
        # the source's sentence, its trailing citation marker aside ("… outcomes 1", "… 17.")
        assert re.sub(r"\s\d{1,3}(?:,\s*\d{1,3})*(?=\.?$)", "", sentence).strip() == st["text"]
        for f in collection.db.query("SELECT * FROM figures WHERE statement_id = ?", [st["id"]]):
            assert st["text"][f["start"] : f["end"]] == f["text"]


def test_a_record_that_does_not_match_its_source_stops_the_build(tmp_path):
    broken = json.loads(json.dumps(EVIDENCE_MAP))
    broken[7]["start"] += 1  # one character off
    bad = tmp_path / "map.json"
    bad.write_text(json.dumps(broken), encoding="utf-8")
    env = {**os.environ, ENV_MAP: str(bad)}
    out = subprocess.run(
        [sys.executable, "-m", "desktop.main", "build", "--out", str(tmp_path / "built")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert out.returncode == 2
    assert "record 7" in out.stderr and "does not match" in out.stderr
    assert not (tmp_path / "built").exists()  # nothing half-built


def test_the_check_names_a_figure_kind_or_setting_the_map_gets_wrong():
    sources = {p.stem: p.read_text(encoding="utf-8") for p in SEEDS}
    options = set(OPTION_IDS)
    assert problems(EVIDENCE_MAP, sources, options) == []
    broken = json.loads(json.dumps(EVIDENCE_MAP))
    hr = next(i for i, r in enumerate(broken) if r.get("figure_kinds"))
    broken[hr]["figure_kinds"] = {"1.00 for OS": "odds"}
    broken[0]["setting"] = ["not text"]
    found = problems(broken, sources, options)
    assert len(found) == 2
    assert found[0].startswith("record 0") and "setting must be text" in found[0]
    assert found[1].startswith(f"record {hr}") and "'odds'" in found[1]
