"""Reading the bibliographic exports clinics add (MEDLINE, PubMed XML, RIS): each record a document
with its title, abstract, authors, journal, year, DOI and publication types; a record that cannot
be read named by its number."""

from __future__ import annotations

from helpers import IMPORT_DATA, read_sample, refused, write

from search_index.importing import read_any
from search_index.reading.model import JOURNAL, PUBMED

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


def test_a_record_without_a_title_is_named_by_its_number(tmp_path):
    medline = (
        (IMPORT_DATA / "liver_metastases.nbib")
        .read_text()
        .replace("TI  - Ablation margins matter", "XX  - Ablation margins matter")
    )
    path = write(tmp_path, "export.nbib", medline)
    assert refused("export.nbib", path).reason == "record 3 has no title"


def test_an_unfinished_ris_record_is_not_dropped_silently(tmp_path):
    err = refused("cut.ris", write(tmp_path, "cut.ris", RIS + "\nTY  - JOUR\nTI  - Cut off\n"))
    assert "record 2" in err.reason
