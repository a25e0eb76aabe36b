"""Automatic extraction (what added documents get) against the reviewed evidence map of the
bundled documents, per class of error; optionally the extraction of an older commit too.

    python bench/extraction_vs_map.py [--against a202306]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from search_index.collection import seed_files  # noqa: E402
from search_index.paths import resources_dir  # noqa: E402
from search_index.reading import read_file  # noqa: E402
from search_index.store import locate  # noqa: E402
from search_index.treatments import extraction  # noqa: E402

# Designs the map and the badges share (the map's "unclear" and "patient information" name none).
NAMED = {
    "meta-analysis": "Meta-analysis",
    "randomized trial": "Randomized trial",
    "retrospective cohort": "Retrospective study",
    "narrative review": "Narrative review",
}


def statements(module) -> list[tuple[str, int, object]]:
    new_api = "truncated" in module.PassageText.__dataclass_fields__
    out = []
    for path in seed_files():
        doc = read_file(path)
        passages, spans = [], {}
        for i, (section, p) in enumerate(doc.passages()):
            if section.role in ("disclaimer", "questions", "conflicts", "aim"):
                continue
            extra = [p.truncated] if new_api else []
            passages.append(module.PassageText(i, p.text, section.heading, p.level, p.kind, *extra))
            spans[i] = (p.start, p.end)
        design = module.document_design(passages, doc.kind, doc.publication_types)
        found = (
            module.extract(passages, doc.kind, design, doc.title)
            if new_api
            else module.extract(passages, doc.kind, design)
        )
        for st in found:
            start, _end = locate(doc.source, st.text, *spans[st.passage_id])
            out.append((doc.doc_id, start, st))
    return out


def audit(name: str, rows, truth: dict) -> None:
    placed = [x for x in rows if (x[0], x[1]) in truth]
    right = [x for x in placed if x[2].option_id in truth[(x[0], x[1])]]
    wrong_option = len(placed) - len(right)
    wrong_row = [x for x in right if x[2].row != truth[(x[0], x[1])][x[2].option_id]["row"]]

    def badge_wrong(x) -> bool:
        want = NAMED.get(truth[(x[0], x[1])][x[2].option_id]["design"])
        got = x[2].design.split(" of ")[0]
        return (want is None and got in NAMED.values()) or (
            want is not None and not got.startswith(want.split()[0])
        )

    badge = [x for x in right if badge_wrong(x)]
    wanted = sum(len(v) for v in truth.values())
    correct = len([x for x in right if x not in wrong_row and x not in badge])
    found = len({(d, s, st.option_id) for d, s, st in right})
    print(
        f"{name}: {len(rows)} statements; not a map statement {len(rows) - len(placed)}; "
        f"under an option it is not about {wrong_option}; wrong row {len(wrong_row)}; "
        f"wrong badge {len(badge)}; map statements found {found}/{wanted}; "
        f"all right {correct}/{len(rows)} ({100 * correct / len(rows):.1f}%)"
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--against", help="a commit whose extraction to measure as well")
    args = ap.parse_args()
    records = json.loads((resources_dir() / "evidence_map.json").read_text(encoding="utf-8"))
    truth: dict = {}
    for r in records:
        truth.setdefault((r["document"], r["start"]), {})[r["option"]] = r
    if args.against:
        audit(f"extraction at {args.against}", statements_at(args.against), truth)
    audit("extraction now", statements(extraction), truth)


# Run in a child on a commit's own tree: its `search_index` is imported first, so every module
# of it (the extraction package included) loads from there; this file's statements() reads it.
CHILD = """
import importlib.util, json, sys
sys.path.insert(0, sys.argv[1])
import search_index
spec = importlib.util.spec_from_file_location("bench_at_commit", sys.argv[2])
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)
rows = bench.statements(bench.extraction)
print(json.dumps([[d, s, st.option_id, st.row, st.design] for d, s, st in rows]))
"""


def statements_at(commit: str) -> list[tuple[str, int, object]]:
    """The statements a commit's extraction finds: its extraction module alone when it was one
    file, else its whole tree (the extraction became a package) in a child process."""
    single = subprocess.run(
        ["git", "show", f"{commit}:search_index/treatments/extraction.py"],
        capture_output=True,
        text=True,
        check=False,
    )
    if single.returncode == 0:
        with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
            f.write(single.stdout)
        spec = importlib.util.spec_from_file_location("old_extraction", f.name)
        old = importlib.util.module_from_spec(spec)
        sys.modules["old_extraction"] = old
        spec.loader.exec_module(old)
        return statements(old)
    with tempfile.TemporaryDirectory() as tmp:
        tree = subprocess.run(
            ["git", "archive", commit, "search_index", "resources", "seeds"],
            capture_output=True,
            check=True,
        ).stdout
        subprocess.run(["tar", "-x", "-C", tmp], input=tree, check=True)
        out = subprocess.run(
            [sys.executable, "-c", CHILD, tmp, __file__], capture_output=True, text=True, check=True
        ).stdout
    return [(d, s, SimpleNamespace(option_id=o, row=r, design=g)) for d, s, o, r, g in json.loads(out)]


if __name__ == "__main__":
    main()
