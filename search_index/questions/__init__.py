"""Questions to ask the doctor: the bank (from documents and templates) and saved lists."""
