"""The text layer of a PDF (pypdf). A scanned PDF without one is refused, saying so; so is an
encrypted or damaged one."""

from __future__ import annotations

import io

from search_index.reading import ReadError

_LOCKED = (
    "the PDF is encrypted (password-protected or locked against copying); "
    "save an unlocked copy and add that"
)


def pdf_text(file_name: str, data: bytes) -> str:
    from pypdf import PdfReader  # only when a PDF is imported
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        text = "\n".join((page.extract_text() or "") for page in reader.pages)
    except (FileNotDecryptedError, DependencyError):
        # No password, or AES without the optional `cryptography` package.
        raise ReadError(file_name, _LOCKED) from None
    except Exception as exc:
        # pypdf fails on damaged files in many ways (PdfReadError, but also TypeError,
        # NotImplementedError, RecursionError, ZeroDivisionError, ...): none of them is ours.
        if b"/Encrypt" in data:
            raise ReadError(file_name, _LOCKED) from None
        detail = f" ({exc})" if isinstance(exc, PdfReadError) else ""
        raise ReadError(
            file_name, f"the PDF could not be read: it is damaged or not really a PDF{detail}"
        ) from None
    if len(text.split()) < 5:
        raise ReadError(
            file_name,
            "the PDF has no text layer (a scanned image?); only PDFs with selectable text can be added",
        )
    return text
