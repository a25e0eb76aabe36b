"""Property tests: whatever a file holds, reading it gives documents whose passages point into
their source, or a ReadError naming the file with a plain reason. Nothing else escapes."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from html import escape as html_escape
from pathlib import Path
from xml.sax.saxutils import escape

from hypothesis import example, given, settings
from hypothesis import strategies as st

from search_index.importing import read_any
from search_index.importing.generic import read_generic
from search_index.importing.html import html_to_text
from search_index.importing.pdf import pdf_text
from search_index.importing.records import read_medline, read_pubmed_xml, read_ris
from search_index.reading import ReadError, read_text
from search_index.reading.model import TEXT, Document

NAME = "fuzzed file.txt"
DATA = Path(__file__).parent / "data" / "import"
FUZZ = settings(max_examples=250, deadline=None)


# -- What every outcome must satisfy -------------------------------------------------------------


def _squashed(text: str) -> str:
    return "".join(text.split())


def _in_order(part: str, whole: str) -> bool:
    """`part`'s characters appear in `whole` in the same order (gaps allowed)."""
    it = iter(whole)
    return all(c in it for c in part)


def check_document(doc: Document, *, exact: bool = False) -> None:
    """A usable document: a title, passages with text, offsets inside the source. `exact`: each
    passage is its source span character for character (records write their own text)."""
    assert isinstance(doc, Document)
    assert doc.title.strip(), doc
    for _, p in doc.passages():
        assert p.text.strip(), p
        assert 0 <= p.start < p.end <= len(doc.source), (p, len(doc.source))
        span = doc.source[p.start : p.end]
        if exact:
            assert span == p.text, (span, p.text)
        elif doc.kind == TEXT:  # lines of a paragraph are joined; nothing else changes
            assert span.split() == p.text.split(), (span, p.text)
            assert span == p.text or len(span.splitlines()) > 1, (span, p.text)
        else:  # bundled kinds drop bullet marks, citation numbers and labels, nothing more
            assert _in_order(_squashed(p.text), _squashed(span.replace("\u00a0", " "))), (span, p)


def check_error(err: ReadError, name: str = NAME) -> None:
    assert err.file_name == name and str(err).startswith(f"{name}: ")
    assert err.reason.strip() and "Traceback" not in err.reason


def outcome(read: Callable[[], object], *, exact: bool = False) -> None:
    """Run a reader: it returns documents (checked) or raises ReadError (checked); any other
    exception fails the test."""
    try:
        result = read()
    except ReadError as err:
        check_error(err)
        return
    docs = result if isinstance(result, list) else [result]
    assert docs
    for doc in docs:
        check_document(doc, exact=exact)


# -- Strategies: arbitrary text, and near-valid pieces of each format ----------------------------

VOCAB = [
    "liver",
    "metastases",
    "ablation",
    "resection",
    "chemoimmunotherapy",
    "P = 0.04",
    "17.",
    "2024",
    "1999 Dec",
    "(95% CI 0.66-0.92)",
    "doi: 10.5555/x.1.",
    "10.5555/exjlo.2024.0001",
    "[doi]",
    "?",
    ":",
    "#",
    "-",
    "•",
    "*",
    "&amp;",
    "<",
    ">",
    "\u00a0",
    "\t",
    "",
    " ",
    "BACKGROUND:",
    "et al.",
    "Review",
    "Abstract",
]
# Everything str.splitlines() treats as a line break.
BREAKS = [
    "\n",
    "\n",
    "\n",
    "\r\n",
    "\r",
    "\x0b",
    "\x0c",
    "\x1c",
    "\x1d",
    "\x1e",
    "\x85",
    "\u2028",
    "\u2029",
]

# Mostly printable words; now and then anything at all (control characters, line separators).
clean_text = st.text(st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp")), max_size=12)
fragment = st.one_of(st.sampled_from(VOCAB), clean_text, st.text(max_size=4))
phrase = st.lists(fragment, max_size=6).map(" ".join)
line_break = st.sampled_from(BREAKS)


def lines_joined(
    line: st.SearchStrategy[str],
    max_size: int = 14,
    min_size: int = 0,
    breaks: st.SearchStrategy[str] = line_break,
) -> st.SearchStrategy[str]:
    return st.lists(st.tuples(line, breaks), min_size=min_size, max_size=max_size).map(
        lambda pairs: "".join(a + b for a, b in pairs)
    )


def field(tags: list[str], value: st.SearchStrategy[str] = phrase) -> st.SearchStrategy[str]:
    """A MEDLINE or RIS line as exporters write it: tag padded to four, "- ", value."""
    return st.builds(lambda tag, v: f"{tag:<4}- {v}", st.sampled_from(tags), value)


MEDLINE_TAGS = [
    "TI",
    "AB",
    "AU",
    "FAU",
    "TA",
    "JT",
    "DP",
    "LID",
    "AID",
    "PT",
    "OWN",
    "STAT",
    "OT",
    "SO",
    "PMID",
]
medline_line = st.one_of(
    field(MEDLINE_TAGS),
    field(["TI", "AB", "AB"]),
    phrase.map(lambda v: "      " + v),  # continuation
    st.sampled_from(
        [
            "",
            "      ",
            "LID - 10.5555/a.b [doi]",
            "AID - 10.5555/ [doi]",
            "LID - [doi]",
            "DP  - 2024 Feb",
            "DP  - 19999",
            "AB  - ",
            "TI  - ",
            "PMID- ",
            "AB - odd",
            "ABCDE- long tag",
            "X   - short tag",
            "AB  -",
        ]
    ),
    phrase,  # not MEDLINE at all
)
medline_record = st.builds(
    lambda pmid, title, lines: "\n".join([f"PMID- {pmid}", *title, *lines]),
    st.one_of(st.from_regex(r"\d{1,8}", fullmatch=True), phrase),
    st.lists(field(["TI"]), max_size=2),
    st.lists(medline_line, max_size=8),
)
medline_file = st.builds(
    lambda lead, records, sep: lead + sep.join(records),
    st.sampled_from(["", "\n", "\r\n"]),
    st.lists(medline_record, min_size=1, max_size=4),
    st.sampled_from(["\n\n", "\n \n", "\r\n\r\n", "\n", "\n\n\n"]),
)

RIS_TAGS = ["TI", "T1", "AU", "A1", "AB", "N2", "JO", "JF", "T2", "PY", "Y1", "DO", "KW", "DA"]
ris_line = st.one_of(
    field(RIS_TAGS),
    field(["TI", "AB"]),
    phrase,
    st.sampled_from(["", "PY  - 2025///", "DO  - ", "TI  - ", "ER  -", "TY  - JOUR", "XX - odd"]),
)
ris_record = st.builds(
    lambda lines, end: "\n".join(["TY  - JOUR", *lines, *end]),
    st.lists(ris_line, max_size=8),
    st.sampled_from([["ER  - "], ["ER  - "], ["ER  -", ""], []]),
)
ris_file = st.builds(
    lambda records, sep: sep.join(records),
    st.lists(ris_record, min_size=1, max_size=3),
    st.sampled_from(["\n", "\n\n", "\r\n"]),
)

XML_TAGS = [
    "PubmedArticle",
    "MedlineCitation",
    "PMID",
    "Article",
    "ArticleTitle",
    "Abstract",
    "AbstractText",
    "AuthorList",
    "Author",
    "LastName",
    "Initials",
    "Journal",
    "Title",
    "ISOAbbreviation",
    "JournalIssue",
    "PubDate",
    "Year",
    "MedlineDate",
    "PublicationType",
    "PubmedData",
    "ArticleIdList",
    "ArticleId",
    "ELocationID",
    "ReferenceList",
    "Reference",
]
xml_attrs = st.sampled_from(
    [
        "",
        ' Label="RESULTS"',
        ' Label=""',
        ' Label="background and aims"',
        ' IdType="doi"',
        ' EIdType="doi"',
        ' IdType="pubmed"',
    ]
)
xml_text = st.one_of(
    phrase.map(escape),
    phrase.map(escape),
    phrase,
    st.builds(
        lambda a, tag, b: f"{a}<{tag}>{b}</{tag}>",
        phrase.map(escape),
        st.sampled_from(["i", "b", "sup", "sub"]),
        phrase.map(escape),
    ),
    st.sampled_from(
        [
            "",
            " ",
            "\n    ",
            "&amp;",
            "&lt;",
            "&#x2265;",
            "&#0;",
            "&nbsp;",
            "&e;",
            "2024",
            "<![CDATA[liver <b>]]>",
            "10.5555/z.9",
            "<!-- c -->",
        ]
    ),
)
xml_element = st.recursive(
    xml_text,
    lambda kids: st.builds(
        lambda tag, attrs, body: f"<{tag}{attrs}>{''.join(body)}</{tag}>",
        st.sampled_from(XML_TAGS),
        xml_attrs,
        st.lists(kids, max_size=4),
    ),
    max_leaves=12,
)


def xml_optional(tag: str, body: st.SearchStrategy[str], attrs: str = "") -> st.SearchStrategy[str]:
    return st.one_of(st.just(""), body.map(lambda b: f"<{tag}{attrs}>{b}</{tag}>"))


abstract_text = st.builds(
    lambda label, body: f"<AbstractText{label}>{body}</AbstractText>",
    st.sampled_from(["", ' Label="AIM"', ' Label=""', ' Label="BACKGROUND AND AIMS"']),
    xml_text,
)
author = st.builds(
    lambda last, initials: f"<Author>{last}{initials}</Author>",
    xml_optional("LastName", xml_text),
    xml_optional("Initials", xml_text),
)
pub_date = st.one_of(
    st.builds(
        lambda y, m: f"<Year>{y}</Year><Month>{m}</Month>",
        st.integers(1900, 2099),
        st.sampled_from(["Feb", "02", ""]),
    ),
    xml_optional("MedlineDate", st.sampled_from(["2023 Nov-Dec", "Spring 2024", "", "1899"])),
)
xml_article = st.builds(
    lambda pmid, title, abstract, authors, date, ids, refs, extra, sep: sep.join(
        [
            "<PubmedArticle><MedlineCitation>",
            pmid,
            "<Article><Journal>",
            f"<JournalIssue><PubDate>{date}</PubDate></JournalIssue>",
            "<ISOAbbreviation>Ex J Liver Oncol</ISOAbbreviation></Journal>",
            title,
            f"<Abstract>{''.join(abstract)}</Abstract>",
            f"<AuthorList>{''.join(authors)}</AuthorList>",
            "</Article></MedlineCitation><PubmedData>",
            f"<ArticleIdList>{''.join(ids)}</ArticleIdList>",
            refs,
            "</PubmedData>",
            extra,
            "</PubmedArticle>",
        ]
    ),
    xml_optional("PMID", st.one_of(st.from_regex(r"\d{1,8}", fullmatch=True), xml_text)),
    xml_optional("ArticleTitle", xml_text),
    st.lists(abstract_text, max_size=3),
    st.lists(author, max_size=3),
    pub_date,
    st.lists(
        st.sampled_from(
            [
                '<ArticleId IdType="doi">10.5555/own.1</ArticleId>',
                '<ArticleId IdType="pubmed">1</ArticleId>',
                '<ArticleId IdType="doi"/>',
                '<ArticleId IdType="doi"> </ArticleId>',
            ]
        ),
        max_size=2,
    ),
    st.sampled_from(
        [
            "",
            '<ReferenceList><Reference><ArticleIdList><ArticleId IdType="doi">'
            "10.5555/cited.2</ArticleId></ArticleIdList></Reference></ReferenceList>",
        ]
    ),
    st.one_of(st.just(""), xml_element),
    st.sampled_from(["", "\n", "\n    "]),
)
XML_PROLOGS = [
    "",
    '<?xml version="1.0" ?>\n',
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    '<?xml version="1.0" encoding="UTF-16"?>\n',
    '<?xml version="1.0" encoding="nonsense"?>\n',
    '<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st '
    'January 2025//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n',
    '<!DOCTYPE PubmedArticleSet [<!ENTITY e "liver metastases">]>\n',
]
xml_file = st.builds(
    lambda prolog, articles, cut: (
        prolog + "<PubmedArticleSet>" + "".join(articles) + "</PubmedArticleSet>"
    )[:cut],
    st.sampled_from(XML_PROLOGS),
    st.lists(
        st.one_of(
            xml_article,
            xml_article,
            xml_element.map(lambda body: f"<PubmedArticle>{body}</PubmedArticle>"),
        ),
        max_size=3,
    ),
    st.one_of(st.none(), st.none(), st.integers(0, 600)),
)

HTML_TAGS = [
    "p",
    "div",
    "br",
    "li",
    "ul",
    "h1",
    "h2",
    "title",
    "table",
    "tr",
    "script",
    "style",
    "nav",
    "header",
    "footer",
    "aside",
    "svg",
    "form",
    "button",
    "b",
    "a",
    "span",
    "pre",
]
html_token = st.one_of(
    st.builds(
        lambda close, tag, attrs: f"<{close}{tag}{attrs}>",
        st.sampled_from(["", "/"]),
        st.sampled_from(HTML_TAGS),
        st.sampled_from(["", ' class="x"', " hidden", ' href="/a?b=1&c=2"', "/", ' a="']),
    ),
    phrase,
    st.sampled_from(
        [
            "&amp;",
            "&nbsp;",
            "&#0;",
            "&#xD800;",
            "&#99999999;",
            "&bogus;",
            "&",
            "<",
            "<!-- note -->",
            "<!--",
            "-->",
            "<![CDATA[x]]>",
            "<![if !mso]>",
            "<![endif]>",
            "<![foo[ x ]]>",
            "<![",
            "<!DOCTYPE html>",
            "<!DOCTYPE x [ <!ELEMENT a b> ]>",
            "<!DOCTYPE x [ ",
            "<!x>",
            "<?php echo 1 ?>",
            "</",
            "\n",
            "   ",
            "\u00a0",
        ]
    ),
)
html_file = st.lists(html_token, max_size=30).map("".join)

CHROME = "\u2603chrome"  # a word no generated content contains
html_content = st.lists(clean_text.filter(str.strip).map(html_escape), min_size=1, max_size=4).map(
    " ".join
)
html_page = st.builds(
    lambda title, heading, paragraphs, items, sep: sep.join(
        [
            "<!DOCTYPE html><html><head>",
            f"<title>{title}</title>",
            f"<style>body {{ content: '{CHROME}' }}</style><script>var a = '{CHROME}';</script>",
            "</head><body>",
            f'<header class="site"><a href="/">{CHROME}</a></header>',
            f"<nav><ul><li>{CHROME}</li></ul></nav>",
            f"<h1>{heading}</h1>",
            *(f"<p>{p}</p>" for p in paragraphs),
            "<ul>",
            *(f"<li>{i}</li>" for i in items),
            "</ul>",
            f"<aside>{CHROME}</aside><footer><p>&copy; {CHROME}</p></footer>",
            "<noscript>" + CHROME + "</noscript></body></html>",
        ]
    ),
    html_content,
    html_content,
    st.lists(html_content, max_size=4),
    st.lists(html_content, max_size=3),
    st.sampled_from(["", "\n", "\n  "]),
)

md_line = st.one_of(
    st.builds(
        lambda hashes, ws, text: hashes + ws + text,
        st.sampled_from(["#", "##", "######", "#######"]),
        st.sampled_from([" ", "\t", "\u00a0", ""]),
        phrase,
    ),
    st.builds(
        lambda indent, mark, ws, text: indent + mark + ws + text,
        st.sampled_from(["", "  ", "    ", "\t", "\u00a0"]),
        st.sampled_from(["-", "*", "•"]),
        st.sampled_from([" ", "\t", "  "]),
        phrase,
    ),
    st.builds(lambda indent, text: indent + text, st.sampled_from(["", " ", "   ", "\t"]), phrase),
    st.just(""),
    st.just("   "),
)
md_file = lines_joined(md_line, max_size=16)

# The bundled kinds: each one's telltale lines, mixed with ordinary ones, so that the kind is
# recognised and its own reader runs.
MONTHS = ["January", "February", "March", "June", "September", "Smarch", "Jan", "Feb"]


def date_line(prefix: str) -> st.SearchStrategy[str]:
    return st.builds(
        lambda month, day, year, tail: f"{prefix}{month} {day}, {year}{tail}",
        st.sampled_from(MONTHS),
        st.integers(0, 99),
        st.integers(1000, 2999),
        st.sampled_from(["", ".", ". doi: 10.5555/x.1"]),
    )


KIND_CUES = {
    "qa": [
        "What the research says",
        "What to ask your doctor",
        "Does ablation work?",
        "We do not provide individualized advice.",
        "- Is ablation right for me?",
        "Surgery may help 17.",
        "Ablation is an option. 2, 3",
        "Research",
    ],
    "pubmed": [
        "PubMed Disclaimer",
        "Abstract",
        "MeSH terms",
        "Publication types",
        "References",
        "Keywords",
        "Conflict of interest statement",
        "Review",
        "Liver metastases - PubMed",
        "Br J Cancer. 2024 Feb;130(3):1-9.",
        "Doe J, Roe K. Ann Oncol. 2001;3:4.",
        "1. Doe J. Liver. 2020. - DOI - PubMed",
        "doi: 10.5555/x.1. Epub 2024 Feb 31.",
        "doi: 10.5555/x.1. Epub 2024 Foo 9.",
        "Qu FJ, et al. Br J Cancer. 2024.",
    ],
    "journal": [
        "Core Tip:",
        "Core tip: ablation is safe.",
        "Core Tip: 12",
        "Processing time: 12 days",
        "To evaluate ablation for liver metastases.",
        "To compare",
        "To assess the",
        "Peer-review started: x",
        "Published online 2024. doi: 10.5555/x.1",
    ],
    "guideline": [
        "• Resect when possible.",
        "  • nested 2, 3",
        "•",
        "Medical Advisory Board",
        "Professional Medical Disclaimer",
        "Guideline",
        "Pitfalls and Caveats",
        "References",
        "Research",
        "Trial",
        "Disclaimer",
        "Smith J. Liver. 2021.",
    ],
}
DATE_PREFIXES = ["Last updated: ", "Published online: ", "Revised: ", "Accepted: ", "Received: "]


def bundled_file_of(kind: str) -> st.SearchStrategy[str]:
    """Some of the kind's telltale lines and ordinary ones, in any order."""
    cues = st.lists(st.sampled_from(KIND_CUES[kind]), min_size=2, max_size=6, unique=True)
    dated = st.sampled_from(DATE_PREFIXES).flatmap(date_line)
    other = st.one_of(
        dated,
        phrase,
        phrase.map(lambda s: s + "?"),
        phrase.map(lambda s: s + " 12."),
        phrase.map(lambda s: "- " + s),
        st.sampled_from(["", "•", "• ", "- ", "1. "]),
    )
    # Mostly "\n": the kinds' cues are whole lines as re.MULTILINE sees them.
    breaks = st.sampled_from(["\n"] * 8 + ["\r\n", "\x0c", "\u2028"])
    lines = st.tuples(cues, st.lists(other, max_size=10)).flatmap(
        lambda parts: st.permutations(parts[0] + parts[1])
    )
    return st.tuples(lines, breaks).map(lambda t: t[1].join(t[0]) + t[1])


bundled_file = st.sampled_from(sorted(KIND_CUES)).flatmap(bundled_file_of)


PDFS = [
    (DATA / name).read_bytes()
    for name in (
        "ablation_leaflet.pdf",
        "scanned_letter.pdf",
        "restricted_aes.pdf",
        "password_protected.pdf",
    )
]
LEAFLET, SCAN = PDFS[:2]


@st.composite
def mutated_pdf(draw: st.DrawFn) -> bytes:
    """A real PDF with a few bytes overwritten, inserted or cut off."""
    data = bytearray(draw(st.sampled_from(PDFS)))
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(data)))
        patch = draw(
            st.one_of(
                st.binary(max_size=6),
                st.sampled_from(
                    [
                        b"0",
                        b"9999999",
                        b"-1",
                        b"R",
                        b"obj",
                        b"<<",
                        b">>",
                        b"[",
                        b"(",
                        b"\\",
                        b"/Length 1",
                        b"/Filter /Foo",
                        b"endstream",
                        b"trailer",
                        b"/Encrypt 1 0 R",
                        b"1 0 R",
                        b"/Kids [3 0 R 3 0 R]",
                        b"/Parent 3 0 R",
                    ]
                ),
            )
        )
        data[at : at + draw(st.integers(0, 6))] = patch
    return bytes(data[: draw(st.integers(8, len(data)))])


def text_bytes(text: st.SearchStrategy[str]) -> st.SearchStrategy[bytes]:
    return st.builds(
        lambda t, codec: t.encode(codec, "replace"),
        text,
        st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "cp1252", "utf-16"]),
    )


any_bytes = st.one_of(
    st.binary(max_size=3000),
    st.builds(
        lambda head, rest: head + rest,
        st.sampled_from(
            [
                b"%PDF-1.4\n",
                b"PMID- ",
                b"\nPMID- 1\n",
                b"TY  - ",
                b"<html>",
                b"<PubmedArticleSet>",
                b"\xef\xbb\xbf",
                b"   ",
                b"<!doctype html>",
            ]
        ),
        st.binary(max_size=500),
    ),
    text_bytes(st.one_of(medline_file, ris_file, xml_file, html_file, html_page, md_file, bundled_file)),
    mutated_pdf(),
)


# -- The properties ---------------------------------------------------------------------------------


@FUZZ
@given(any_bytes)
@example(b"")
@example(b"\xef\xbb\xbf")
@example(b"%PDF")
@example(LEAFLET)
def test_read_any_gives_documents_or_a_read_error(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / NAME
        path.write_bytes(data)
        outcome(lambda: read_any(path))


@FUZZ
@given(st.one_of(medline_file, st.text()))
def test_read_medline(source: str) -> None:
    outcome(lambda: read_medline(NAME, source), exact=True)


@FUZZ
@given(st.one_of(xml_file, st.text()))
def test_read_pubmed_xml(source: str) -> None:
    outcome(lambda: read_pubmed_xml(NAME, source), exact=True)


@FUZZ
@given(st.one_of(ris_file, st.text()))
def test_read_ris(source: str) -> None:
    outcome(lambda: read_ris(NAME, source), exact=True)


@FUZZ
@given(st.one_of(md_file, st.text()))
def test_read_generic(source: str) -> None:
    outcome(lambda: read_generic(NAME, source))


@FUZZ
@given(st.one_of(bundled_file, st.text()))
def test_read_text(source: str) -> None:
    outcome(lambda: read_text(NAME, source))


@FUZZ
@given(st.one_of(html_file, st.text()))
def test_html_to_text(html: str) -> None:
    try:
        text = html_to_text(NAME, html)
    except ReadError as err:
        check_error(err)
        return
    # Paragraphs of one plain line each, a blank line between them, no repeats in a row.
    blocks = text.split("\n\n") if text else []
    assert all(b and b == " ".join(b.split()) for b in blocks), blocks
    assert all(a != b for a, b in zip(blocks, blocks[1:])), blocks
    outcome(lambda: read_generic(NAME, text))


@FUZZ
@given(html_page)
def test_saved_pages_lose_all_their_chrome(html: str) -> None:
    text = html_to_text(NAME, html)
    assert CHROME not in text
    # All of the content (heading, paragraphs, list) is kept, in order, after the title.
    content = html_to_text(NAME, html[html.index("<h1>") : html.index("<aside>")]).split()
    assert content and text.split()[-len(content) :] == content
    outcome(lambda: read_generic(NAME, text))


@FUZZ
@given(st.one_of(mutated_pdf(), st.binary(max_size=2000)))
@example(SCAN)
def test_pdf_text(data: bytes) -> None:
    try:
        text = pdf_text(NAME, data)
    except ReadError as err:
        check_error(err)
        return
    assert len(text.split()) >= 5
