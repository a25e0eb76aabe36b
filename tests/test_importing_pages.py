"""Reading the pages and notes clinics add (saved web pages, Markdown, plain text, PDFs): text
without markup or page chrome, headings and bullets kept, question lists for the bank, a known
kind read as that kind."""

from __future__ import annotations

import pytest
from helpers import PLAIN_LEAFLET, read_sample, refused, seed_file, write

from search_index.importing import read_any
from search_index.reading import ReadError
from search_index.reading.model import QA_PAGE, TEXT


def test_saved_web_page_loses_its_markup_and_chrome(tmp_path):
    html = (
        "<html><head><title>Liver metastases</title><script>track()</script></head><body>"
        "<nav>Home | About</nav><h1>Liver metastases</h1><p>Ablation uses heat &amp; "
        "needles.</p><ul><li>Ask about <b>surgery</b>.</li></ul><footer>Cookies</footer>"
        "</body></html>"
    )
    (doc,) = read_any(write(tmp_path, "page.html", html))
    text = " ".join(p.text for _, p in doc.passages())
    assert doc.kind == TEXT and "Ablation uses heat & needles." in text
    assert "track()" not in doc.source and "Home | About" not in doc.source
    assert "Cookies" not in doc.source and "<b>" not in text


def test_markdown_headings_and_bullets(tmp_path):
    md = "# Clinic notes\n\n## Ablation\n\nFor small tumours.\nUnder 3 cm.\n\n- Check liver function\n"
    (doc,) = read_any(write(tmp_path, "notes.md", md))
    assert doc.title == "Clinic notes" and doc.sections[0].heading == "Ablation"
    para, bullet = doc.sections[0].passages
    assert para.text == "For small tumours. Under 3 cm." and bullet.kind == "bullet"
    assert doc.source[bullet.start : bullet.end].endswith("Check liver function")


def test_a_known_kind_in_a_new_file_reads_as_that_kind(tmp_path):
    page = seed_file("Does chemoimmunotherapy improve survival")  # a patient Q&A page
    (doc,) = read_any(write(tmp_path, "saved.txt", page.read_bytes()))
    assert doc.kind == QA_PAGE


def test_pdf_with_and_without_text(tmp_path, collection):
    from pypdf import PdfWriter

    blank = PdfWriter()
    blank.add_blank_page(200, 200)
    path = tmp_path / "scan.pdf"
    with open(path, "wb") as f:
        blank.write(f)
    with pytest.raises(ReadError, match="no text layer"):
        read_any(path)


def test_saved_web_page_reads_as_its_kind_without_chrome():
    (doc,) = read_sample("ablation_patient_page.html")
    assert doc.kind == QA_PAGE and doc.title == "Can ablation treat my liver metastases?"
    assert [s.role for s in doc.sections] == ["summary", "research", "questions", "disclaimer"]
    summary, research, questions, _ = doc.sections
    # A paragraph wrapped over several lines of HTML is one passage; the title is not repeated.
    (first,) = summary.passages
    assert first.text.startswith("Ablation destroys tumours") and first.text.endswith("stay.")
    assert "3 cm or less" in first.text
    assert len(research.passages) == 2
    assert [p.kind for p in questions.passages] == ["bullet"] * 3
    for chrome in (
        "Home",
        "Contact us",
        "Search",
        "gtag",
        "font-family",
        "cookies",
        "Privacy",
        "Example Liver Health",
        "<",
        "&nbsp;",
        "&copy;",
    ):
        assert chrome not in doc.source, chrome


def test_markdown_file():
    (doc,) = read_sample("clinic_notes.md")
    assert doc.kind == TEXT and doc.title == "Liver metastases: clinic notes on local treatment"
    assert [s.heading for s in doc.sections] == ["Text", "Resection", "Ablation", "Systemic therapy"]
    resection = doc.sections[1].passages
    assert [(p.kind, p.level) for p in resection] == [
        ("paragraph", 0),
        ("bullet", 1),
        ("bullet", 1),
        ("bullet", 2),
    ]
    assert resection[0].text.startswith("Surgery is preferred when all metastases")
    assert doc.sections[3].passages[1].text.startswith("Chemoimmunotherapy is an option")


def test_a_questions_heading_gives_questions_for_the_bank(tmp_path):
    md = (
        "# Ablation\n\nA needle heats the tumour.\n\n## What to ask your doctor\n\n"
        "- Is my tumour small enough?\n- How long is the stay?\n\n## Recovery\n\n- Rest\n"
    )
    (doc,) = read_any(write(tmp_path, "ablation.md", md))
    assert [p.text for p in doc.questions] == ["Is my tumour small enough?", "How long is the stay?"]


def test_plain_text_headings_stand_apart_and_its_questions_reach_the_bank(tmp_path):
    (doc,) = read_any(write(tmp_path, "leaflet.txt", PLAIN_LEAFLET))
    assert [s.heading for s in doc.sections] == [
        "What is it?",
        "After the treatment",
        "Results",
        "What to ask your doctor",
        "Text",
    ]
    assert doc.sections[0].passages[0].text.startswith("A thin needle heats")  # not run together
    assert doc.sections[1].passages[0].text.startswith("Most people go home")
    assert [p.text for p in doc.questions] == [
        "Is my tumour small enough for ablation?",
        "How many treatments will I need?",
        "Will I need a general anaesthetic?",
        "When will I have my first scan?",
    ]
    # the last line heads nothing and asks nothing: it stays text, after the questions
    assert [p.text for p in doc.sections[-1].passages] == ["Liver team, City Hospital"]
    for _, p in doc.passages():
        assert doc.source[p.start : p.end].split()[-1] == p.text.split()[-1]


def test_plain_text_letter():
    (doc,) = read_sample("followup_letter.txt")
    assert doc.kind == TEXT and doc.title == "Follow-up after microwave ablation of liver metastases"
    assert doc.passages()[1][1].text.startswith("Your patient had microwave ablation")


def test_pdf_with_a_text_layer():
    (doc,) = read_sample("ablation_leaflet.pdf")
    assert doc.kind == TEXT and doc.title == "Microwave ablation of liver metastases"
    text = " ".join(p.text for _, p in doc.passages())
    assert "survival after ablation is similar to survival after resection" in text


def test_pdf_without_a_text_layer_says_so():
    assert "has no text layer (a scanned image?)" in refused("scanned_letter.pdf").reason


@pytest.mark.parametrize("name", ["password_protected.pdf", "restricted_aes.pdf"])
def test_encrypted_pdfs(name):
    """A password-protected PDF cannot be read; a merely restricted one (no password to open) is
    read where pypdf can decrypt AES, and otherwise refused with a plain reason."""
    try:
        (doc,) = read_sample(name)
    except ReadError as err:
        assert err.file_name == name
        assert "password" in err.reason or "encrypted" in err.reason
        if name == "restricted_aes.pdf":
            assert "cryptography" not in err.reason  # a plain reason, not a missing module
    else:
        assert name == "restricted_aes.pdf"
        assert doc.title == "Microwave ablation of liver metastases"


BIDI = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def test_direction_controls_leave_titles_and_file_names(tmp_path):
    """They turned the app's own words around the title backwards; a title of nothing else
    is named by its file."""
    text = (
        "\u202bHepatectomy\u202c note \u2067x\u2069\u200f\n\nPatients lived longer after hepatectomy.\n"
    )
    (doc,) = read_any(write(tmp_path, "\u202enote\u202c.txt", text))
    assert doc.title == "Hepatectomy note x" and doc.file_name == "note.txt"
    only = "\u202e\u200f\n\nPortal vein embolization before hepatectomy, a bidi title alone.\n"
    (doc,) = read_any(write(tmp_path, "bidi_only.txt", only))
    assert doc.title == "bidi_only"
    assert "Portal vein embolization" in doc.sections[0].passages[0].text
    record = "TY  - JOUR\nTI  - \u202eAblation\u202c series\nAB  - Ten patients.\nER  - \n"
    (doc,) = read_any(write(tmp_path, "refs.ris", record))
    assert doc.title == "Ablation series"
    assert not set(BIDI) & set(doc.title + doc.file_name)
    with pytest.raises(ReadError) as refusal:  # a file refused is named as plainly
        read_any(write(tmp_path, "\u202eempty\u202c.txt", ""))
    assert refusal.value.file_name == "empty.txt" and str(refusal.value).startswith("empty.txt: ")


def test_a_heading_with_no_words_is_no_title(tmp_path):
    md = "# \n\nTACE for liver metastases, empty markdown heading.\n\n##\n\nMore text.\n"
    (doc,) = read_any(write(tmp_path, "emptyhead.md", md))
    assert doc.title == "emptyhead"
    assert [p.text for _, p in doc.passages()] == [
        "TACE for liver metastases, empty markdown heading.",
        "More text.",
    ]


@pytest.mark.parametrize(
    "head, title",
    [
        ("<title>   </title></head><body><h1></h1>", "empty_title"),  # no title, no heading
        ("<title></title></head><body><h2>Microwave ablation</h2>", "Microwave ablation"),
    ],
)
def test_a_web_page_without_a_title_is_named_by_its_heading_or_file(tmp_path, head, title):
    html = f"<html><head>{head}<p>Microwave ablation for colorectal liver metastases.</p></body></html>"
    (doc,) = read_any(write(tmp_path, "empty_title.html", html))
    assert doc.title == title
    assert [p.text for _, p in doc.passages()] == ["Microwave ablation for colorectal liver metastases."]
