"""Whether two runs of bench/search_quality.py ranked alike: the oracle for a change meant to
make search faster without changing what it finds.

    python bench/search_quality.py ../shared/bench/nfcorpus ../shared/bench/scifact --json before.json
    (change the code)
    python bench/search_quality.py ../shared/bench/nfcorpus ../shared/bench/scifact --json after.json
    python bench/same_rankings.py before.json after.json

For each collection: how many queries have the same ten results in the same order, and each
split's nDCG@10 in both runs. Exits 1 if any query's ten differ.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

APP = "clinic-reference"


def compare(before: dict, after: dict) -> bool:
    same_everywhere = True
    for collection, figures in before["collections"].items():
        old, new = figures[APP], after["collections"][collection][APP]
        queries = old["rankings"]
        differ = [q for q in queries if queries[q] != new["rankings"].get(q)]
        same_everywhere &= not differ
        print(f"{Path(collection).name}: {len(queries) - len(differ)}/{len(queries)} queries rank alike")
        for split, scores in old["splits"].items():
            print(f"  {split} nDCG@10 {scores['ndcg@10']:.4f} -> {new['splits'][split]['ndcg@10']:.4f}")
        for q in differ[:5]:
            print(f"  differs: query {q}: {queries[q]} -> {new['rankings'].get(q)}")
    return same_everywhere


def main() -> None:
    before, after = (json.loads(Path(p).read_text(encoding="utf-8")) for p in sys.argv[1:3])
    sys.exit(0 if compare(before, after) else 1)


if __name__ == "__main__":
    main()
