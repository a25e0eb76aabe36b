"""Where the collection disagrees on one question in comparable settings: does a class of
treatment keep its benefit in patients with liver metastases? Counted by study, each side with
its evidence."""

from __future__ import annotations

from dataclasses import dataclass, field

from search_index.lexicon import treatment_data
from search_index.treatments.comparison.plain_language import plain_words
from search_index.treatments.comparison.statement_view import (
    StatementView,
    statement_json,
    strength_key,
)


@dataclass
class Disagreement:
    """Sources that answer one question in opposite ways, in comparable settings: does the
    benefit hold in patients with liver metastases, against patients without? Each side is
    counted by study, not by sentence; a source that weighs both sides itself is shown too."""

    question: str
    option_class: str
    kept: list[StatementView]
    reduced: list[StatementView]
    reconciling: list[StatementView] = field(default_factory=list)
    plain_question: str = ""  # the class of treatment in plain words
    worse: list[StatementView] = field(default_factory=list)  # worse outcomes, not a blunted effect

    @property
    def text(self) -> str:
        return (
            f"The sources disagree on whether liver metastases blunt the benefit of "
            f"{self.question} (its benefit with liver metastases against without). "
            f"Benefit holds: {_side(self.kept)}. Benefit reduced: {_side(self.reduced)}."
            f"{self._settings('Settings differ', 'benefit holds', 'benefit reduced')}"
            f"{self._not_counted(_WORSE)}{self._weighing()}"
        )

    @property
    def plain_text(self) -> str:
        """The same for patients: plain words, no "interaction", abbreviations spelled out."""
        settings = self._settings(
            "The studies looked at different treatments and cancers", "works as well", "works less well"
        )
        settings += self._not_counted(_PLAIN_WORSE)
        return plain_words(
            f"The sources do not agree on whether {self.plain_question} works as well when "
            f"cancer has spread to the liver. Says it works as well: {_side(self.kept)}. Says "
            f"it works less well: {_side(self.reduced)}.{settings}{self._weighing()}"
        )

    def _settings(self, lead: str, kept: str, reduced: str) -> str:
        """Each side's settings (treatment, patients) when the sides' settings differ, so
        that a reader sees what is set against what."""
        sides = [_settings_of(self.kept), _settings_of(self.reduced)]
        if sides[0] == sides[1]:
            return ""
        return f" {lead}: {kept} in {'; '.join(sides[0])}; {reduced} in {'; '.join(sides[1])}."

    def _not_counted(self, why: str) -> str:
        """Reports of worse outcomes with liver metastases (prognosis, not the treatment's
        effect against its comparator), named so that a reader sees why they take no side."""
        if not self.worse:
            return ""
        studies, unnamed = _by_study(self.worse)
        named = list(studies) + [
            f"a statement naming no study, {s.setting}"
            if s.setting
            else f"\u201c{' '.join(s.text.split()[:8])}…\u201d"
            for s in unnamed
        ]
        return f" Not counted ({why}): " + "; ".join(named) + "."

    def _weighing(self) -> str:
        n = len({s.document_id for s in self.reconciling})
        if n == 1:
            return " One source weighs both sides itself (its own words below)."
        return (
            f" {_NUMBERS.get(n, str(n))} sources each weigh both sides themselves (their "
            f"own words below)."
            if n
            else ""
        )

    def note_sources(self) -> list[StatementView]:
        """What the note shows under it (see note_label): each study once (its strongest
        statement), then the source's own weighing of both sides."""
        return _representatives(self.kept) + _representatives(self.reduced) + self.reconciling

    def to_json(self) -> dict:
        return {
            "question": f"whether liver metastases blunt the benefit of {self.question}",
            "class": self.option_class,
            "text": self.text,
            "plain_text": self.plain_text,
            "kept_settings": _settings_of(self.kept),
            "reduced_settings": _settings_of(self.reduced),
            "kept": [statement_json(s) for s in self.kept],
            "reduced": [statement_json(s) for s in self.reduced],
            "kept_studies": _studies_json(self.kept),
            "reduced_studies": _studies_json(self.reduced),
            "reconciling": [statement_json(s) for s in self.reconciling],
            "not_counted": [statement_json(s) for s in self.worse],
        }


_NUMBERS = {2: "Two", 3: "Three", 4: "Four"}
_WORSE = "worse outcomes with liver metastases, not a smaller benefit"
_PLAIN_WORSE = (
    "these found that people with liver spread did worse, which is not the same as "
    "the treatment helping them less"
)


def note_label(s: StatementView, patient: bool = False) -> str:
    """What a statement under a disagreement note stands for."""
    if s.reconciles:
        return "the source weighs both sides"
    if patient:
        return "says it works as well" if s.polarity == "kept" else "says it works less well"
    return "benefit holds" if s.polarity == "kept" else "benefit reduced"


def _settings_of(statements: list[StatementView]) -> list[str]:
    """The settings a side's findings are about, each once: as the map states them, else the
    cancer types an automatic statement names."""
    out: list[str] = []
    for s in statements:
        setting = s.setting or (
            ", ".join(s.cancers) + " cancer" if s.cancers else "a setting not stated"
        )
        if setting not in out:
            out.append(setting)
    return out


def _study_key(s: StatementView) -> str:
    """The study a statement reports: as the map names it; "" when a reviewed sentence names
    none ("several studies indicate…"); an added document's own when extracted automatically."""
    return s.study or ("" if s.review == "reviewed" else f"{s.title or s.document_id}")


def _by_study(
    statements: list[StatementView],
) -> tuple[dict[str, list[StatementView]], list[StatementView]]:
    studies: dict[str, list[StatementView]] = {}
    unnamed = []
    for s in statements:
        if key := _study_key(s):
            studies.setdefault(key, []).append(s)
        else:
            unnamed.append(s)
    return studies, unnamed


def _evidence(s: StatementView) -> str:
    design = s.design if s.design_rank else "design not stated"
    return f"{design[0].lower()}{design[1:]}, {s.size or 'size not stated'}"


def _side(statements: list[StatementView]) -> str:
    studies, unnamed = _by_study(statements)
    parts = []
    if studies:
        n = len(studies)
        parts.append(
            f"{n} stud{'y' if n == 1 else 'ies'} — "
            + "; ".join(
                f"{name} — {_evidence(min(group, key=strength_key))}" for name, group in studies.items()
            )
        )
    if unnamed:
        n = len(unnamed)
        parts.append(
            f"{n} statement{'' if n == 1 else 's'} naming no study — "
            + "; ".join(f"\u201c{' '.join(s.text.split()[:8])}…\u201d — {_evidence(s)}" for s in unnamed)
        )
    return "; and ".join(parts)


def _representatives(statements: list[StatementView]) -> list[StatementView]:
    """Each study's strongest statement (one with figures first), and each naming none."""
    studies, unnamed = _by_study(statements)
    return [
        min(g, key=lambda s: (strength_key(s)[0], not s.figures, s.start)) for g in studies.values()
    ] + unnamed


def _studies_json(statements: list[StatementView]) -> list[dict]:
    studies, unnamed = _by_study(statements)
    out = []
    for name, group in [*studies.items(), *(("", [s]) for s in unnamed)]:
        best = min(group, key=strength_key)
        out.append(
            {
                "study": name,
                "design": best.design if best.design_rank else "",
                "size": best.size,
                "cancers": best.cancers,
                "statements": [s.id for s in group],
            }
        )
    return out


def _comparable(a: StatementView, b: StatementView) -> bool:
    """Same setting: one of them across cancer types, or both about a cancer in common (two
    drugs in two different cancers are not a disagreement)."""
    return a.document_id != b.document_id and (
        not a.cancers or not b.cancers or bool(set(a.cancers) & set(b.cancers))
    )


def find_disagreements(statements: list[StatementView]) -> list[Disagreement]:
    """Across the collection: per class of treatment (e.g. immunotherapy-based), statements
    that liver metastases keep the benefit against statements that they reduce it, in
    comparable settings; both sides strongest first."""
    options = {o["id"]: o for o in treatment_data()["options"]}
    classes = treatment_data().get("classes", {})
    out = []
    for cls, names in classes.items():
        members = [s for s in statements if options[s.option_id].get("class") == cls]
        kept = [s for s in members if s.polarity == "kept" and not s.reconciles]
        reduced = [s for s in members if s.polarity == "reduced" and not s.reconciles]
        kept_c = [k for k in kept if any(_comparable(k, r) for r in reduced)]
        reduced_c = [r for r in reduced if any(_comparable(k, r) for k in kept)]
        if kept_c and reduced_c:
            sources = {s.document_id for s in kept_c + reduced_c}
            weighing = [s for s in members if s.reconciles and s.document_id in sources]
            out.append(
                Disagreement(
                    names["name"],
                    cls,
                    sorted(kept_c, key=strength_key),
                    sorted(reduced_c, key=strength_key),
                    sorted(weighing, key=lambda s: (s.document_id, s.start)),
                    names.get("plain", names["name"]),
                    list(
                        {
                            (s.document_id, s.source_start): s for s in members if s.polarity == "worse"
                        }.values()
                    ),
                )
            )
    return out
