"""A very long paragraph is read as passages of whole sentences, each found in its source."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from search_index.importing import read_any
from search_index.reading.long_passages import LIMIT, pieces


@given(st.text(alphabet="abc .!?\n", max_size=9000), st.integers(min_value=20, max_value=400))
def test_pieces_keep_every_word_in_order_and_stay_short(text, limit):
    cut = pieces(text, limit)
    assert all(0 < len(p) <= limit for p in cut)
    assert (
        "".join(cut).split() and "".join("".join(cut).split()) == "".join(text.split())
        if text.strip()
        else cut == []
    )


def test_one_huge_paragraph_is_read_as_sentences_in_place(tmp_path: Path):
    sentence = "Microwave ablation of liver metastase number {} was followed for a year."
    body = " ".join(sentence.format(i) for i in range(4000))  # one paragraph, ~290,000 chars
    path = tmp_path / "handbook.txt"
    path.write_text("A long handbook on ablation\n\n" + body + "\n", encoding="utf-8")
    (doc,) = read_any(path)
    passages = [p for s in doc.sections for p in s.passages]
    assert len(passages) > 90 and all(len(p.text) <= LIMIT for p in passages)
    for p in passages:
        assert doc.source[p.start : p.end] == p.text  # each piece where it stands
        assert p.text.endswith(".")  # cut after whole sentences
    assert " ".join(p.text for p in passages if "number" in p.text) == body
