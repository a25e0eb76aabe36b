"""Reading the formats clinics add (issue 6 groundwork): each file gives documents, or fails
alone with its name and a plain reason."""

from __future__ import annotations

import pytest

from search_index.importing import read_any, sniff
from search_index.reading import ReadError
from search_index.reading.model import PUBMED, QA_PAGE, TEXT

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


def write(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def test_medline_file_with_two_records(tmp_path):
    docs = read_any(write(tmp_path, "export.nbib", MEDLINE))
    assert [d.doc_id for d in docs] == ["pmid-37945698", "pmid-11111111"]
    first = docs[0]
    assert first.kind == PUBMED and first.title.startswith("Progress of immune checkpoint")
    assert first.doi == "10.1038/s41416-023-02482-w" and first.year == 2024
    assert first.publication_types == ["Journal Article", "Review"]
    abstract = first.sections[0].passages[0]
    assert first.source[abstract.start:abstract.end] == abstract.text
    assert "liver metastases (LMs)" in abstract.text


def test_pubmed_xml_keeps_labelled_parts_and_figures(tmp_path):
    (doc,) = read_any(write(tmp_path, "pubmed.xml", XML))
    assert doc.doc_id == "pmid-123" and doc.doi == "10.4251/wjgo.v18.i1.113440"
    texts = [p.text for p in doc.sections[0].passages]
    assert texts == ["Aim: To evaluate first-line chemoimmunotherapy.",
                     "Results: Median OS 10.8 vs 20.8 months, P = 0.004."]


def test_ris_record(tmp_path):
    (doc,) = read_any(write(tmp_path, "refs.ris", RIS))
    assert doc.title == "Radiofrequency ablation for colorectal liver metastases"
    assert doc.year == 2019 and doc.doi == "10.1000/xyz123"
    assert doc.sections[0].passages[0].text.endswith("not fit for surgery.")


def test_saved_web_page_loses_its_markup_and_chrome(tmp_path):
    html = ("<html><head><title>Liver metastases</title><script>track()</script></head><body>"
            "<nav>Home | About</nav><h1>Liver metastases</h1><p>Ablation uses heat &amp; "
            "needles.</p><ul><li>Ask about <b>surgery</b>.</li></ul><footer>Cookies</footer>"
            "</body></html>")
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
    assert doc.source[bullet.start:bullet.end].endswith("Check liver function")


def test_a_known_kind_in_a_new_file_reads_as_that_kind(tmp_path):
    from search_index.collection import seed_files
    seed = seed_files()[0]
    (doc,) = read_any(write(tmp_path, "saved.txt", seed.read_bytes()))
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


@pytest.mark.parametrize("name, content, reason", [
    ("empty.txt", b"", "empty"),
    ("binary.txt", b"\x00\x01\x02\x03", "binary"),
    ("latin1.txt", "Résumé des métastases".encode("latin-1"), "UTF-8"),
    ("broken.xml", "<PubmedArticleSet><PubmedArticle>", "malformed"),
    ("broken.nbib", "PMID- 1\nTI  - A title\nthis is not medline\n", "not valid MEDLINE"),
    ("nothing.ris", "TY  - JOUR\nTI  - No end\n", "no complete RIS record"),
    ("fake.pdf", b"%PDF-1.4 garbage", "could not be read"),
])
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
