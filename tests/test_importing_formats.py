"""Reading the formats clinics add (issue 6 groundwork): each file gives documents, or fails
alone with its name and a plain reason."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from helpers import PLAIN_LEAFLET, seed_file, write

from search_index.importing import read_any, sniff
from search_index.reading import ReadError
from search_index.reading.model import JOURNAL, PUBMED, QA_PAGE, TEXT, Document

MEDLINE = """PMID- 37945698
OWN - NLM
TI  - Progress of immune checkpoint inhibitors therapy for non-small cell lung cancer
      with liver metastases.
AB  - Nearly one-fifth of patients with non-small cell Lung Cancer (NSCLC) will develop
      liver metastases (LMs).
FAU - Qu, Fan-Jie
AU  - Qu FJ
AU  - Wu S
TA  - Br J Cancer
DP  - 2024 Feb
LID - 10.1038/s41416-023-02482-w [doi]
PT  - Journal Article
PT  - Review

PMID- 11111111
TI  - Surgical management of hepatic metastases from colorectal malignancies.
AB  - Resection offers long-term survival.
AU  - Doe J
TA  - Ann Oncol
DP  - 2001
"""

XML = """<?xml version="1.0"?>
<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>123</PMID><Article>
<Journal><Title>World Journal of Gastrointestinal Oncology</Title>
<JournalIssue><PubDate><Year>2026</Year></PubDate></JournalIssue></Journal>
<ArticleTitle>Chemoimmunotherapy for esophageal cancer with liver metastases</ArticleTitle>
<Abstract><AbstractText Label="AIM">To evaluate first-line chemoimmunotherapy.</AbstractText>
<AbstractText Label="RESULTS">Median OS 10.8 vs 20.8 months, P = 0.004.</AbstractText></Abstract>
<AuthorList><Author><LastName>Li</LastName><Initials>X</Initials></Author></AuthorList>
<PublicationTypeList><PublicationType>Journal Article</PublicationType></PublicationTypeList>
</Article></MedlineCitation><PubmedData><ArticleIdList>
<ArticleId IdType="doi">10.4251/wjgo.v18.i1.113440</ArticleId></ArticleIdList></PubmedData>
</PubmedArticle></PubmedArticleSet>"""

RIS = """TY  - JOUR
TI  - Radiofrequency ablation for colorectal liver metastases
AU  - Smith, A
AU  - Jones, B
JO  - Ann Surg
PY  - 2019
DO  - 10.1000/xyz123
AB  - Radiofrequency ablation is a safe and effective treatment for patients not fit for
surgery.
ER  -
"""


def test_medline_file_with_two_records(tmp_path):
    docs = read_any(write(tmp_path, "export.nbib", MEDLINE))
    assert [d.doc_id for d in docs] == ["pmid-37945698", "pmid-11111111"]
    first = docs[0]
    assert first.kind == PUBMED and first.title.startswith("Progress of immune checkpoint")
    assert first.doi == "10.1038/s41416-023-02482-w" and first.year == 2024
    assert first.publication_types == ["Journal Article", "Review"]
    abstract = first.sections[0].passages[0]
    assert first.source[abstract.start : abstract.end] == abstract.text
    assert "liver metastases (LMs)" in abstract.text


def test_pubmed_xml_keeps_labelled_parts_and_figures(tmp_path):
    (doc,) = read_any(write(tmp_path, "pubmed.xml", XML))
    assert doc.doc_id == "pmid-123" and doc.doi == "10.4251/wjgo.v18.i1.113440"
    texts = [p.text for p in doc.sections[0].passages]
    assert texts == [
        "Aim: To evaluate first-line chemoimmunotherapy.",
        "Results: Median OS 10.8 vs 20.8 months, P = 0.004.",
    ]


def test_ris_record(tmp_path):
    (doc,) = read_any(write(tmp_path, "refs.ris", RIS))
    assert doc.title == "Radiofrequency ablation for colorectal liver metastases"
    assert doc.year == 2019 and doc.doi == "10.1000/xyz123"
    assert doc.sections[0].passages[0].text.endswith("not fit for surgery.")


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


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("empty.txt", b"", "empty"),
        ("binary.txt", b"\x00\x01\x02\x03", "binary"),
        ("latin1.txt", "Résumé des métastases".encode("latin-1"), "UTF-8"),
        ("broken.xml", "<PubmedArticleSet><PubmedArticle>", "malformed"),
        ("broken.nbib", "PMID- 1\nTI  - A title\nthis is not medline\n", "not valid MEDLINE"),
        ("nothing.ris", "TY  - JOUR\nTI  - No end\n", "no complete RIS record"),
        ("fake.pdf", b"%PDF-1.4 garbage", "could not be read"),
    ],
)
def test_bad_files_fail_with_their_name_and_a_reason(tmp_path, name, content, reason):
    with pytest.raises(ReadError) as err:
        read_any(write(tmp_path, name, content))
    assert err.value.file_name == name and reason in str(err.value)


def test_very_large_files_are_refused_unread(tmp_path, monkeypatch):
    import search_index.importing as importing

    monkeypatch.setattr(importing, "MAX_BYTES", 10)
    with pytest.raises(ReadError, match="too large"):
        read_any(write(tmp_path, "big.txt", "x" * 100))


def test_sniffing_uses_content_not_names():
    assert sniff(b"PMID- 1\nTI  - x") == "medline"
    assert sniff(b"TY  - JOUR\n") == "ris"
    assert sniff(b"%PDF-1.7") == "pdf"
    assert sniff(b"<!DOCTYPE html><html>") == "html"
    assert sniff(b"<PubmedArticleSet>") == "pubmed_xml"
    assert sniff(b"Just text") == "text"


# -- Real-format sample files (tests/data/import) ------------------------------------------------

DATA = Path(__file__).parent / "data" / "import"


def read_sample(name: str) -> list[Document]:
    docs = read_any(DATA / name)
    records = sniff((DATA / name).read_bytes()) in ("medline", "pubmed_xml", "ris")
    for doc in docs:
        assert_offsets(doc, records=records)
    return docs


def assert_offsets(doc: Document, records: bool) -> None:
    """Every passage's offsets point at its own text in `doc.source`: exactly for bibliographic
    records and single lines of text; a paragraph joined from several lines differs only in its
    line breaks. The bundled kinds' readers point at whole lines (bullet marks, citation numbers)."""
    assert doc.title.strip() and doc.passages()
    for _, p in doc.passages():
        assert 0 <= p.start < p.end <= len(doc.source), p
        span = doc.source[p.start : p.end]
        if doc.kind == TEXT:
            assert span.split() == p.text.split(), (span, p.text)
            assert span == p.text or len(span.splitlines()) > 1, (span, p.text)
        elif records:  # records.py writes the document's text out itself
            assert span == p.text, (span, p.text)
        else:
            assert (
                span.startswith("- ") and span[2:] == p.text if p.kind == "bullet" else (p.text in span)
            ), (span, p.text)


def refused(name: str, path: Path | None = None) -> ReadError:
    with pytest.raises(ReadError) as err:
        read_any(path or DATA / name)
    error = err.value
    assert error.file_name == name and str(error).startswith(f"{name}: ")
    return error


def test_medline_export_with_three_records():
    docs = read_sample("liver_metastases.nbib")
    assert [d.doc_id for d in docs] == ["pmid-90000001", "pmid-90000002", "pmid-90000003"]
    assert {d.kind for d in docs} == {PUBMED}
    first, second, letter = docs
    # Titles and abstracts continue over indented lines; they are read as one text.
    assert first.title == (
        "Repeat hepatectomy versus thermal ablation for recurrent colorectal "
        "liver metastases: a synthetic single-centre cohort."
    )
    (abstract,) = first.sections[0].passages
    assert abstract.text.startswith("BACKGROUND: Up to half of patients")
    assert "(4% vs 13%). CONCLUSIONS: For small" in abstract.text
    assert abstract.text.endswith("than repeat resection.")
    assert first.doi == "10.5555/exjlo.2024.0001" and first.year == 2024
    assert first.authors == "Rivera M, Okafor D, Lindqvist E" and first.journal == "Ex J Liver Oncol"
    assert first.publication_types == ["Journal Article", "Comparative Study"]
    assert second.year == 2025 and second.doi == "10.5555/exonc.2025.0042"
    assert second.publication_types == ["Journal Article", "Clinical Trial, Phase II"]
    # A letter without an abstract is still a document: its title is its only passage.
    assert letter.doi == "" and letter.year == 2023 and letter.publication_types == ["Letter", "Comment"]
    assert [s.heading for s in letter.sections] == ["Title"]


def test_pubmed_xml_export_with_doctype_and_labelled_abstract():
    first, second = read_sample("pubmed_export.xml")
    assert (first.doc_id, second.doc_id) == ("pmid-90000011", "pmid-90000012")
    assert first.title.startswith("First-line chemoimmunotherapy in patients with and without")
    assert [p.text.split(":")[0] for p in first.sections[0].passages] == [
        "Background",
        "Methods",
        "Results",
        "Conclusions",
    ]
    assert "0.78 (95% CI 0.66-0.92)" in first.sections[0].passages[2].text
    assert first.doi == "10.5555/exjho.2025.0011" and first.year == 2025
    assert first.authors == "Lindqvist E, Mensah K" and first.journal == "Ex J Hepatobiliary Oncol"
    assert first.publication_types == ["Journal Article", "Meta-Analysis"]
    # The review has no DOI of its own: the DOI in its reference list is someone else's.
    assert second.doi == "" and second.year == 2023 and second.publication_types[-1] == "Review"
    assert second.sections[0].passages[0].text.startswith("Surgical resection remains")


def test_ris_export_with_byte_order_mark_and_crlf():
    first, second = read_sample("references_endnote.ris")
    assert {first.kind, second.kind} == {JOURNAL}
    assert first.title == "Microwave ablation of colorectal liver metastases close to major vessels"
    assert first.journal == "Example Journal of Interventional Radiology" and first.year == 2022
    assert first.doi == "10.5555/exjir.2022.0201" and first.authors == "Rivera, Maria, Okafor, Daniel"
    assert first.sections[0].passages[0].text.endswith("at two years was 11%.")
    assert second.year == 2025 and second.journal == "Ex Oncol Rep" and second.doi == ""


def test_a_single_ris_record_with_byte_order_mark_is_still_ris(tmp_path):
    (doc,) = read_any(write(tmp_path, "one.ris", "\ufeff" + RIS))
    assert doc.kind == JOURNAL and doc.doi == "10.1000/xyz123"


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


def test_mislabelled_files_are_read_by_their_content():
    (notes,) = read_sample("notes.pdf")
    assert notes.kind == TEXT and notes.title == "Questions for the liver team"
    (record,) = read_sample("records.xml")
    assert record.kind == PUBMED and record.doc_id == "pmid-90000001"


@pytest.mark.parametrize(
    "name, reason",
    [
        ("empty.txt", "the file is empty"),
        ("device_export.bin", "binary, not text"),
        ("windows_notes.txt", "not UTF-8"),
        ("truncated_export.xml", "the XML is malformed"),
        ("broken_record.nbib", "record 2 is not valid MEDLINE"),
    ],
)
def test_bad_sample_files_are_refused_with_a_plain_reason(name, reason):
    assert reason in refused(name).reason


def test_a_record_without_a_title_is_named_by_its_number(tmp_path):
    medline = (
        (DATA / "liver_metastases.nbib")
        .read_text()
        .replace("TI  - Ablation margins matter", "XX  - Ablation margins matter")
    )
    path = write(tmp_path, "export.nbib", medline)
    assert refused("export.nbib", path).reason == "record 3 has no title"


def test_an_unfinished_ris_record_is_not_dropped_silently(tmp_path):
    err = refused("cut.ris", write(tmp_path, "cut.ris", RIS + "\nTY  - JOUR\nTI  - Cut off\n"))
    assert "record 2" in err.reason


def test_a_200_mb_file_is_refused_unread(tmp_path, monkeypatch):
    big = tmp_path / "huge_export.xml"
    with open(big, "wb") as f:
        f.truncate(200 * 1024 * 1024)  # sparse: no 200 MB written or read

    def no_reading(*args, **kwargs):
        raise AssertionError("the file was read")

    monkeypatch.setattr(Path, "read_bytes", no_reading)
    monkeypatch.setattr(Path, "open", no_reading)
    started = time.perf_counter()
    err = refused("huge_export.xml", big)
    assert time.perf_counter() - started < 1
    assert err.reason == "the file is too large (200 MB; 50 MB at most)"
