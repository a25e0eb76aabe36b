"""Hypothesis strategies for tests/test_readers_property.py: arbitrary text, and near-valid
MEDLINE, RIS and PubMed XML exports (a real exporter's tags and layout, with anything at all in
between)."""

from __future__ import annotations

from xml.sax.saxutils import escape

from hypothesis import strategies as st

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
