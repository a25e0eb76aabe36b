"""Hypothesis strategies for tests/test_readers_property.py: near-valid saved web pages,
Markdown notes, files of the bundled kinds, damaged PDFs, and bytes of any of them."""

from __future__ import annotations

from html import escape as html_escape
from pathlib import Path

from fuzz_records import clean_text, lines_joined, medline_file, phrase, ris_file, xml_file
from hypothesis import strategies as st

DATA = Path(__file__).parent / "data" / "import"

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
