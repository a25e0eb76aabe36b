"""Whether two versions of the code write the same index: the oracle, beside same_rankings.py, for
a change meant to make the build faster without changing what it writes.

    python bench/same_index.py ../shared/bench/nfcorpus ../shared/bench/scifact --json before.json
    (change the code)
    python bench/same_index.py ../shared/bench/nfcorpus ../shared/bench/scifact --json after.json
    python bench/same_index.py --compare before.json after.json

Each collection is built as bench/search_quality.py builds it (its passages tagged as the store
tags them), and so is a synthetic one of 40,000 passages from the first (large enough for the
neighbours' sorted blocks and for several batches of words). Written down: a digest of every
file of the arrays, of vocabulary.json, of the stored rows as Whoosh reads them back and of each
document id's passages. Whoosh's own files are not compared byte for byte (their names are
random). Exits 1 if any digest differs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from search_quality import load, synthetic  # noqa: E402

from search_index.enrichment import passage_tags  # noqa: E402
from search_index.index import build_index  # noqa: E402
from search_index.whoosh_adapter.index import open_index  # noqa: E402


def rows(corpus: list[dict]):
    for i, d in enumerate(corpus):
        title, text = d.get("title", ""), d.get("text", "")
        yield {
            "id": i,
            "document_id": d["_id"],
            "title": title,
            "section": "",
            "text": text,
            "kind": "",
            "audience": "",
            "year": None,
            "position": 0,
            **passage_tags(title, text),
        }


def digests(directory: Path) -> dict[str, str]:
    def sha(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()

    out = {f"arrays/{p.name}": sha(p.read_bytes()) for p in sorted((directory / "arrays").iterdir())}
    out["vocabulary.json"] = sha((directory / "vocabulary.json").read_bytes())
    with open_index(directory).reader() as reader:
        stored = [list(reader.stored_fields(d).items()) for d in range(reader.doc_count_all())]
        ids = [
            (t, list(reader.postings("document_id", t).all_ids())) for t in reader.lexicon("document_id")
        ]
    out["stored rows"] = sha(repr(stored).encode())
    out["document ids"] = sha(repr(ids).encode())
    return out


def compare(before: dict, after: dict) -> bool:
    differ = [(c, k) for c in before for k in before[c] if before[c][k] != after.get(c, {}).get(k)]
    for c, k in differ:
        print(f"{c}: {k} differs")
    print("the same index" if not differ else f"{len(differ)} digests differ")
    return not differ


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("collections", type=Path, nargs="*")
    parser.add_argument("--json", type=Path, help="write the digests to this file")
    parser.add_argument("--compare", type=Path, nargs=2, help="two files of digests to compare")
    args = parser.parse_args()
    if args.compare:
        before, after = (json.loads(p.read_text(encoding="utf-8")) for p in args.compare)
        sys.exit(0 if compare(before, after) else 1)
    corpora = {c.name: load(c)[0] for c in args.collections}
    if corpora:
        corpora["synthetic 40k"] = list(synthetic(next(iter(corpora.values())), 40_000))
    result = {}
    for name, corpus in corpora.items():
        with tempfile.TemporaryDirectory() as tmp:
            build_index(rows(corpus), Path(tmp) / "index", len(corpus))
            result[name] = digests(Path(tmp) / "index")
        print(f"{name}: {len(result[name])} digests", flush=True)
    if args.json:
        args.json.write_text(json.dumps(result, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
