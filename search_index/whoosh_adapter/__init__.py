"""What the core uses of Whoosh, and the only place that imports it (tests/test_boundary.py).

Whoosh serves as the index of record (a passage's row, its number, taking documents out, atomic
commits: index.py), a Porter stemmer and stop list (language.py), a file lock (lock.py), and the
classes an earlier version's index names in its schema (legacy.py). The ranking reads none of it:
it reads the arrays written beside the index (postings.py), through the PassageIndex protocol.
"""
