"""Which reader an imported file gets (from its content, never its name), and the files none can
read: each refused alone with its name and a plain reason, a very large one without being read."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from helpers import read_sample, refused, write

from search_index.importing import read_any, sniff
from search_index.reading import ReadError
from search_index.reading.model import PUBMED, TEXT


def test_sniffing_uses_content_not_names():
    assert sniff(b"PMID- 1\nTI  - x") == "medline"
    assert sniff(b"TY  - JOUR\n") == "ris"
    assert sniff(b"%PDF-1.7") == "pdf"
    assert sniff(b"<!DOCTYPE html><html>") == "html"
    assert sniff(b"<PubmedArticleSet>") == "pubmed_xml"
    assert sniff(b"Just text") == "text"


def test_mislabelled_files_are_read_by_their_content():
    (notes,) = read_sample("notes.pdf")
    assert notes.kind == TEXT and notes.title == "Questions for the liver team"
    (record,) = read_sample("records.xml")
    assert record.kind == PUBMED and record.doc_id == "pmid-90000001"


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


def test_very_large_files_are_refused_unread(tmp_path, monkeypatch):
    import search_index.importing as importing

    monkeypatch.setattr(importing, "MAX_BYTES", 10)
    with pytest.raises(ReadError, match="too large"):
        read_any(write(tmp_path, "big.txt", "x" * 100))


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
