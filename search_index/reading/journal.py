"""Journal article abstracts (e.g. World Journal of … pages): dates, DOI, structured abstract.

The saved copies carry no headings: the parts are told apart by how they begin, in the order a
structured abstract has them (background, aim, methods, results, conclusion), then the core tip.
"""

from __future__ import annotations

import re
from datetime import datetime

from search_index.reading.builder import Sections, passage
from search_index.reading.lines import DOI, Line, ends_cut_off
from search_index.reading.model import JOURNAL, Document
from search_index.resources import journal_prefixes

_DATE_LINE = re.compile(r"^(?P<what>Received|Revised|Accepted|Published online):\s*(?P<date>.+)$")
_SKIP = re.compile(r"^(Processing time|Peer-review started|First decision|Article in press):", re.I)
_AIM = re.compile(
    r"^To (evaluate|investigate|assess|explore|compare|determine|examine|analy[sz]e|"
    r"identify|describe|review|summari[sz]e|clarify|develop)\b"
)
_CORE_TIP = re.compile(r"^Core (Tip|tip):\s*")
_ORDER = ["Background", "Aim", "Methods", "Results", "Conclusion"]


def _iso(date: str) -> str:
    for fmt in ("%B %d, %Y", "%b %d, %Y"):
        try:
            return datetime.strptime(date.strip().rstrip("."), fmt).date().isoformat()
        except ValueError:
            pass
    return ""


def read(doc_id: str, file_name: str, source: str, lines: list[Line]) -> Document:
    doc = Document(doc_id=doc_id, file_name=file_name, kind=JOURNAL, title="", source=source)
    body: list[Line] = []
    for line in lines:
        text = line.text
        if m := _DATE_LINE.match(text):
            if m.group("what") == "Published online":
                doc.published = _iso(m.group("date"))
            elif m.group("what") == "Revised":
                doc.updated = _iso(m.group("date"))
        elif text.startswith("Published online") and (m := DOI.search(text)):
            doc.doi = m.group("doi")
            doc.published = doc.published or _iso(text.split(".")[0].removeprefix("Published online"))
        elif not _SKIP.match(text):
            body.append(line)

    sections = Sections()
    aim_at = next((i for i, ln in enumerate(body) if _AIM.match(ln.text)), None)
    # Parts before the aim are background; from the aim on they follow the usual order.
    for i, line in enumerate(body):
        if _CORE_TIP.match(line.text):
            p = passage(line, cite=False)
            p.text = _CORE_TIP.sub("", p.text)
            sections.open("Core tip", "core_tip")
        else:
            if aim_at is None:
                heading = "Abstract"
            elif i < aim_at:
                heading = "Background"
            else:
                heading = _ORDER[min(1 + i - aim_at, len(_ORDER) - 1)]
            if not sections.items or sections.items[-1].heading != heading:
                sections.open(heading, heading.lower())
            p = passage(line, cite=False)
        sections.add(p)
    doc.sections = sections.nonempty()
    for s in doc.sections:
        for p in s.passages:
            p.truncated = ends_cut_off(p.text)

    doc.year = int(doc.published[:4]) if doc.published else None
    doc.journal = next((j for pre, j in journal_prefixes().items() if doc.doi.startswith(pre)), "")
    aim = next((p.text for s in doc.sections if s.role == "aim" for p in s.passages), "")
    doc.title = _title_from_aim(aim) or (body[0].text if body else file_name)
    return doc


def _title_from_aim(aim: str) -> str:
    """The saved copy has no title line: the aim, as written, names the study best."""
    m = re.match(r"^To \w+ (the )?(?P<rest>.+?)(?: and to .*)?\.?$", aim)
    return m.group("rest")[0].upper() + m.group("rest")[1:] if m else ""
