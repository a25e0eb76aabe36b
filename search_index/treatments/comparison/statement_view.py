"""A statement as the grid shows it: its sentence, figures, evidence, source and review, and how
statements are ordered by the strength of their evidence."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from search_index.treatments.comparison.plain_language import plain_words

AUTOMATIC = "automatic — not reviewed"
# The evidence map's placement was checked by the app's makers: not the source (a page may say
# of itself "pending human review"), and not a clinician of the clinic.
PLACEMENT_CHECKED = "placement checked by Clinic Reference, not a review of the source"
PATIENT_PLACEMENT_CHECKED = (
    "Put in this table by the Clinic Reference team (this is not a check of the source)"
)


@dataclass
class StatementView:
    id: int
    option_id: str
    row: str
    text: str
    figures: list[dict]
    design: str
    design_rank: int
    size: str
    polarity: str
    document_id: str
    file_name: str
    title: str
    section: str
    passage_id: int
    start: int
    end: int
    source_start: int
    source_end: int
    cancers: list[str] = field(default_factory=list)  # cancer types the statement is about
    arms: list[dict] = field(default_factory=list)  # label, option, role, figures
    endpoint: str = ""
    review: str = ""  # "reviewed" (the evidence map), "automatic", "confirmed", "moved"
    reviewed_by: str = ""  # a clinician's initials and date, for a reviewed automatic statement
    lead_in: str = ""  # the words a fragment completes, shown before it
    cut_off: bool = False  # the saved copy cuts the sentence off
    patient_note: str = ""
    source_name: str = ""  # title — publisher, date
    source_status: list[str] = field(default_factory=list)  # the source's own status lines
    document_key: str = ""
    sentence_hash: str = ""
    original_option: str = ""  # where extraction put it, before a clinician moved it
    study: str = ""  # the study the sentence reports, as the map names it ("" if none named)
    lm_setting: bool = True  # its finding is in patients with liver metastases (the map says)
    reconciles: bool = False  # its source weighs both sides on liver metastases in it
    setting: str = ""  # the treatment and patients its finding is about (the map says)

    @property
    def unreviewed(self) -> bool:
        return self.review == "automatic"

    @property
    def reviewable(self) -> bool:
        """An automatic statement a clinician may confirm, move or reject (not the map's)."""
        return self.review != "reviewed"

    @property
    def review_label(self) -> str:
        """Who checked where the statement stands: never a word on the source itself."""
        if self.review == "automatic":
            return AUTOMATIC
        if self.review in ("confirmed", "moved"):
            return f"automatic, {self.review} by {self.reviewed_by}"
        return PLACEMENT_CHECKED if self.review == "reviewed" else ""

    @property
    def patient_review_label(self) -> str:
        if self.review == "reviewed":
            return PATIENT_PLACEMENT_CHECKED
        return "Checked by a clinician" if self.review in ("confirmed", "moved") else ""


def statement_json(s: StatementView) -> dict:
    d = asdict(s)
    d["file"] = d.pop("file_name")
    for arm in d["arms"]:
        arm["plain_label"] = plain_words(arm["label"])
    d["review_label"] = s.review_label
    return d


_NAMED_STUDY = re.compile(r"\btrial\b|\b(?:the|a) [\w-]+ (?:study|analysis|review)\b", re.I)


def strength_key(s: StatementView) -> tuple:
    """Sort key, strongest evidence first: design, trials named as randomized, a size stated,
    a sentence reporting one named study before one summing up "some research"."""
    return (
        -s.design_rank,
        not s.design.lower().startswith(("randomi", "several randomi", "meta-analysis of randomi")),
        not s.size,
        not _NAMED_STUDY.search(s.text),
        s.document_id,
        s.start,
    )
