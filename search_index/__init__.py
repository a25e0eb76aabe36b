"""Clinic Reference core: reading, storing, indexing and searching documents. No Qt here."""
