"""Cancer types and treatments tagged in passages: the build looks only for the aliases whose
words a passage holds, and must find exactly what a scan for every alias finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from search_index.enrichment import passage_tags
from search_index.index import build_index
from search_index.lexicon import cancer_types, tags_in, treatments, word_runs
from search_index.whoosh_adapter.index import open_index

ALIAS_WORDS = sorted({w for t in (*cancer_types(), *treatments()) for a in t.aliases for w in a})
# Words run together with full stops, commas, figures and underscores: where a passage's words
# (as the index reads them) and the runs of letters an alias matches part ways; characters beyond
# ASCII that are word characters (µ) and that are not (an en dash, a no-break space).
JOINS = [" ", " ", ". ", ".", ",", "-", "", "_", "5", "1.5 ", "\u2013", "µ", "\u00a0"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from([*ALIAS_WORDS, "x", "10,2", "u.s", "ΣΟΣ"]), st.sampled_from(JOINS)),
        max_size=14,
    )
)
def test_looking_only_among_the_aliases_a_text_holds_finds_what_a_full_scan_finds(parts):
    text = "".join(w + j for w, j in parts)
    runs = word_runs(text)
    for tags in (cancer_types(), treatments()):
        assert tags_in(text, tags, runs) == tags_in(text, tags)


def test_aliases_run_together_by_a_full_stop_are_tagged(tmp_path):
    # "transarterial.chemoembolization" stopped the build with a KeyError (the words of the
    # match, read as one, were looked up as an alias). The store tags a passage as it writes
    # it; the index holds those tags.
    title, text = "Colorectal.cancer", "Patients had transarterial.chemoembolization before resection."
    tags = passage_tags(title, text)
    assert tags["cancers"] == "colorectal"
    assert "tace" in tags["treatments"].split(",")
    row = {"id": 1, "document_id": "d", "title": title, "section": "", "text": text, "position": 0}
    build_index([{**row, **tags}], tmp_path / "index", 1)
    with open_index(tmp_path / "index").reader() as reader:
        stored = reader.stored_fields(0)
    assert (stored["cancer"], stored["treatment"]) == (tags["cancers"], tags["treatments"])
