"""The text layer of a PDF (pypdf). A scanned PDF without one is refused, saying so."""

from __future__ import annotations

import io

from search_index.reading import ReadError


def pdf_text(file_name: str, data: bytes) -> str:
    from pypdf import PdfReader  # only when a PDF is imported
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        text = "\n".join((page.extract_text() or "") for page in reader.pages)
    except (PdfReadError, ValueError, KeyError) as exc:
        raise ReadError(file_name, f"the PDF could not be read ({exc})") from None
    if len(text.split()) < 5:
        raise ReadError(file_name, "the PDF has no text layer (a scanned image?); "
                                   "only PDFs with selectable text can be added")
    return text
