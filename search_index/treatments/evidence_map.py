"""The reviewed evidence map of the bundled documents (resources/evidence_map.json).

Two people extracted every statement of the bundled documents independently and the
disagreements were settled with the source in hand; the grid shows that map for the bundled
documents instead of the automatic extraction. Every record is checked character for character
against its source when the collection is built, and the build stops on any mismatch.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import cache
from pathlib import Path

from search_index.paths import resources_dir
from search_index.treatments.extraction import ROWS
from search_index.treatments.figures import Figure, find_figures

MAP_FILE = "evidence_map.json"
ENV_MAP = "CLINIC_REFERENCE_EVIDENCE_MAP"  # another map (tests break one on purpose)

# A study design as the map names it: (label shown, rank: higher is stronger evidence).
DESIGNS = {
    "meta-analysis": ("Meta-analysis", 5),
    "systematic review": ("Systematic review", 4),
    "randomized trials": ("Several randomized trials", 4),
    "randomized trial": ("Randomized trial", 4),
    "prospective cohort": ("Prospective cohort", 3),
    "trial": ("Trial (design not stated)", 2),  # a named trial, randomisation and size unsaid
    "guideline": ("Guideline", 3),
    "retrospective cohort": ("Retrospective study", 2),
    "retrospective studies": ("Retrospective studies (number not stated)", 2),
    "case series": ("Case series", 1),
    "narrative review": ("Narrative review", 1),
    "expert opinion": ("Expert opinion", 1),
    "patient information": ("Patient information", 0),
    "unclear": ("Design not stated", 0),
}
ROLES = {"intervention", "comparator", "single"}
FIGURE_KINDS = {"hazard_ratio", "months", "percent", "p_value", "count", "comparison"}
# On whether liver metastases blunt the option's benefit; "worse": outcomes worse with liver
# metastases (prognosis), which is not a smaller benefit and takes no side.
EFFECTS = {"", "kept", "reduced", "worse"}


class EvidenceMapError(ValueError):
    """The map does not match its sources: the build must not go on."""


def map_path() -> Path:
    return Path(os.environ.get(ENV_MAP) or resources_dir() / MAP_FILE)


@cache
def _load(path: Path) -> tuple[dict, ...]:
    if not path.exists():
        return ()
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise EvidenceMapError(f"{path}: not valid JSON ({exc})") from None
    if not isinstance(records, list):
        raise EvidenceMapError(f"{path}: a list of records is expected")
    return tuple(records)


def load_map() -> tuple[dict, ...]:
    return _load(map_path())


def records_for(document_id: str) -> list[dict]:
    return [r for r in load_map() if r["document"] == document_id]


@cache
def _index(path: Path) -> dict[tuple[str, int, int, str, str], dict]:
    return {(r["document"], r["start"], r["end"], r["option"], r["row"]): r for r in _load(path)}


def record_at(document_id: str, start: int, end: int, option_id: str, row: str) -> dict | None:
    """The map's record of a statement (by its document, source span, option and row: one
    sentence may stand in two rows of an option), if any."""
    return _index(map_path()).get((document_id, start, end, option_id, row))


def covers(document_id: str) -> bool:
    return any(r["document"] == document_id for r in load_map())


def sentence_hash(text: str) -> str:
    """What a review is keyed by, with the document: the sentence, whitespace aside."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:16]


def problems(
    records: tuple[dict, ...] | list[dict], sources: dict[str, str], option_ids: set[str]
) -> list[str]:
    """Every way the records fail their sources: offsets, text, figures, vocabulary (records
    of documents not among `sources` are not checked: a build of some of the seeds)."""
    out: list[str] = []
    for i, r in enumerate(records):
        where = f"record {i} ({r.get('document')}, {r.get('start')}-{r.get('end')})"
        source = sources.get(r.get("document", ""))
        if source is None:  # not among the documents being built
            continue
        text = r.get("sentence", "")
        start, end = r.get("start", -1), r.get("end", -1)
        if source[start:end] != text or not text:
            out.append(f"{where}: the source has {source[start:end][:60]!r}, the map {text[:60]!r}")
        for s, e in r.get("joined") or []:
            if not (0 <= s < e <= len(source)):
                out.append(f"{where}: joined span {s}-{e} is outside the source")
        if r.get("option") not in option_ids:
            out.append(f"{where}: unknown option {r.get('option')!r}")
        if r.get("row") not in ROWS:
            out.append(f"{where}: unknown row {r.get('row')!r}")
        if r.get("design") not in DESIGNS:
            out.append(f"{where}: unknown design {r.get('design')!r}")
        if not all(isinstance(r.get(k, ""), str) for k in ("study", "setting")) or not all(
            isinstance(r.get(k, True), bool) for k in ("lm_setting", "reconciles")
        ):
            out.append(
                f"{where}: study and setting must be text, lm_setting and reconciles true or false"
            )
        if r.get("lm_effect", "") not in EFFECTS:
            out.append(f"{where}: unknown lm_effect {r.get('lm_effect')!r}")
        for f in r.get("figures", []):
            if f not in text:
                out.append(f"{where}: figure {f!r} is not in the sentence")
        for f, kind in (r.get("figure_kinds") or {}).items():
            if f not in r.get("figures", []) or kind not in FIGURE_KINDS:
                out.append(
                    f"{where}: figure kind {f!r}: {kind!r} is not one of its figures' "
                    f"or not a kind ({', '.join(sorted(FIGURE_KINDS))})"
                )
        for arm in r.get("arms", []):
            if arm.get("role") not in ROLES:
                out.append(f"{where}: arm {arm.get('label')!r} has role {arm.get('role')!r}")
            if arm.get("option") is not None and arm["option"] not in option_ids:
                out.append(f"{where}: arm option {arm['option']!r} is unknown")
            for f in arm.get("figures", []):
                if f not in text:
                    out.append(f"{where}: arm figure {f!r} is not in the sentence")
    return out


def check(sources: dict[str, str], option_ids: set[str]) -> None:
    """Raise, naming every bad record, if the map does not match the sources being built (a
    build of some of the seeds checks their records)."""
    bad = problems(load_map(), sources, option_ids)
    if bad:
        raise EvidenceMapError(
            f"The evidence map ({map_path()}) does not match its sources:\n  " + "\n  ".join(bad)
        )


def figures_of(record: dict, text: str) -> list[Figure]:
    """The record's figures as spans of `text` (each as the map writes it, in order)."""
    out: list[Figure] = []
    for phrase in record.get("figures", []):
        at = text.find(phrase)
        while at >= 0 and any(at < f.end and f.start < at + len(phrase) for f in out):
            at = text.find(phrase, at + 1)  # the same words again ("3 months … 3 months")
        if at < 0:
            continue
        # Its kind as the map states it ("1.00 for OS" is a hazard ratio only in its sentence),
        # else as the phrase shows it.
        kinds = find_figures(phrase)
        kind = record.get("figure_kinds", {}).get(phrase) or (kinds[0].kind if kinds else "count")
        out.append(Figure(kind, phrase, at, at + len(phrase)))
    return sorted(out, key=lambda f: f.start)


def design_of(record: dict) -> tuple[str, int]:
    label, rank = DESIGNS[record["design"]]
    if (
        record["design"] == "meta-analysis"
        and "randomi" in (record.get("size", "") + record["sentence"]).lower()
    ):
        label = "Meta-analysis of randomized trials"
    return label, rank
