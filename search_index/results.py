"""What a search gives back: the hits, with their marked words and snippets, and what to tell."""

from __future__ import annotations

from dataclasses import dataclass, field

from search_index.highlight import Snippet, Span


@dataclass(frozen=True)
class Hit:
    passage_id: int
    document_id: str
    file_name: str
    title: str
    section: str
    kind: str
    audience: str
    score: float
    text: str
    spans: list[Span]  # matched words in `text`
    snippet: Snippet
    related: bool = False  # found through related words only, none of the query's own
    title_spans: list[Span] = field(default_factory=list)  # matched words in `title`
    treatments: tuple[str, ...] = ()  # the options the passage names (tagged when stored)


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int


@dataclass
class Results:
    query: str
    total: int  # passages holding what was asked for
    hits: list[Hit] = field(default_factory=list)
    notice: str = ""  # told to the user, e.g. when a query could not be read as written
    explanation: str = ""  # how the search was read
    suggestion: str | None = None  # "did you mean …", a whole corrected query
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    related_count: int = 0  # passages found through related words only
    feedback_terms: list[str] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)  # typed words no passage holds
    coverage: str = ""  # told when the collection does not hold (some of) what was asked
    corrected_from: str | None = None  # the typed query, when these are its correction's results
