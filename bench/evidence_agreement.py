"""Agreement between two independent extractions of the bundled documents' statements (before
they are reconciled into resources/evidence_map.json): per field, over matched sentences.

    python bench/evidence_agreement.py A.json B.json [--json out.json]

Sentences are matched by document and overlapping offsets (one reader may keep a citation
marker or a full stop the other leaves out). Per field: plain agreement and Cohen's kappa
(categorical fields); sentences found by only one reader are listed.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path


def kappa(pairs: list[tuple[str, str]]) -> float:
    """Cohen's kappa of two raters' labels."""
    n = len(pairs)
    if not n:
        return float("nan")
    observed = sum(a == b for a, b in pairs) / n
    ca, cb = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(ca[k] * cb[k] for k in ca) / (n * n)
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)


def sentences(records: list[dict]) -> dict[tuple[str, int, int], list[dict]]:
    out: dict[tuple[str, int, int], list[dict]] = {}
    for r in records:
        out.setdefault((r["document"], r["start"], r["end"]), []).append(r)
    return out


def overlap(a: tuple[str, int, int], b: tuple[str, int, int]) -> float:
    if a[0] != b[0]:
        return 0.0
    inter = min(a[2], b[2]) - max(a[1], b[1])
    return max(0, inter) / max(1, min(a[2] - a[1], b[2] - b[1]))


def match(sa: dict, sb: dict) -> tuple[list[tuple], list, list]:
    pairs, used = [], set()
    for ka in sa:
        best = max(((overlap(ka, kb), kb) for kb in sb if kb not in used), default=(0, None))
        if best[0] >= 0.5:
            pairs.append((ka, best[1]))
            used.add(best[1])
    only_a = [k for k in sa if k not in {p[0] for p in pairs}]
    only_b = [k for k in sb if k not in used]
    return pairs, only_a, only_b


def norm_size(s: str) -> str:
    return " ".join(s.lower().replace(",", "").split())


def arms_key(r: dict) -> frozenset:
    return frozenset(
        (a.get("role"), a.get("option"), tuple(sorted(a.get("figures", [])))) for a in r.get("arms", [])
    )


def agreement(a: list[dict], b: list[dict]) -> dict:
    sa, sb = sentences(a), sentences(b)
    pairs, only_a, only_b = match(sa, sb)
    opt_same = sum({r["option"] for r in sa[x]} == {r["option"] for r in sb[y]} for x, y in pairs)
    # Kappa on the option of sentences each reader gave one option (a yes/no kappa over the
    # options either gave is meaningless here: nearly every decision is yes/yes).
    option_pairs = [
        (sa[x][0]["option"], sb[y][0]["option"]) for x, y in pairs if len(sa[x]) == 1 and len(sb[y]) == 1
    ]
    both = [(ra, rb) for x, y in pairs for ra in sa[x] for rb in sb[y] if ra["option"] == rb["option"]]
    fields = {
        "row": [(ra["row"], rb["row"]) for ra, rb in both],
        "design": [(ra["design"], rb["design"]) for ra, rb in both],
        "figures": [(tuple(sorted(ra["figures"])), tuple(sorted(rb["figures"]))) for ra, rb in both],
        "arms": [(arms_key(ra), arms_key(rb)) for ra, rb in both],
        "size": [(norm_size(ra["size"]), norm_size(rb["size"])) for ra, rb in both],
        "cancers": [(tuple(sorted(ra["cancers"])), tuple(sorted(rb["cancers"]))) for ra, rb in both],
        "cut_off": [(bool(ra["cut_off"]), bool(rb["cut_off"])) for ra, rb in both],
    }
    out = {
        "records": {"A": len(a), "B": len(b)},
        "sentences": {
            "A": len(sa),
            "B": len(sb),
            "matched": len(pairs),
            "only_A": len(only_a),
            "only_B": len(only_b),
        },
        "option": {
            "same_set_pct": round(100 * opt_same / len(pairs), 1),
            "kappa_single_option": round(kappa(option_pairs), 3),
            "single_option_sentences": len(option_pairs),
        },
        "pairs_with_same_option": len(both),
    }
    for name, values in fields.items():
        out[name] = {"agree_pct": round(100 * sum(x == y for x, y in values) / len(values), 1)}
        if name in ("row", "design"):
            out[name]["kappa"] = round(kappa(values), 3)
    out["only_A"] = [sa[k][0]["sentence"][:90] for k in only_a]
    out["only_B"] = [sb[k][0]["sentence"][:90] for k in only_b]
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("a", type=Path)
    ap.add_argument("b", type=Path)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    result = agreement(json.loads(args.a.read_text()), json.loads(args.b.read_text()))
    print(json.dumps(result, indent=1, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
