"""What the verification chapter counts in the claims register, each count traced to the rows
it counted: a listed claim's row of ``data/claims.csv``, a derived claim's quarterly row or
target (:func:`egovbook.analysis.claims.derived_claims`)."""

from __future__ import annotations

import pandas as pd

from egovbook.analysis.claims_rules import CONFLICT, DIFFERS, VERDICT_VI
from egovbook.analysis.values import Figure, Rows, counted, counts_phrase
from egovbook.common import fmt
from egovbook.intake import domestic, quarterly


def register_rows(found: pd.DataFrame, summary: str) -> tuple[Rows, ...]:
    """The data rows behind claims of the register: a listed claim is its row of claims.csv, a
    derived one the quarterly row (``recorded``) or the target (``target``) it repeats."""
    where = domestic.load_observations().set_index(["indicator", "date"])["file"]
    quarterly_keys: dict[str, list[str]] = {}
    for ref in found.loc[found["kind"] == "recorded", "refs"]:
        code, _, date = ref.split()[0].partition("@")
        quarterly_keys.setdefault(where[(code, date)], []).append(f"indicator={code} date={date}")
    listed = found[~found["kind"].isin({"recorded", "target"})]
    targets = found.loc[found["kind"] == "target", "refs"]
    out = [Rows("claims.csv", tuple(f"claim_id={c}" for c in listed["claim_id"]),
                ("claim_id", "claimed_value", "kind"), summary),
           *(Rows(f"{quarterly.QUARTERLY}/{file}", tuple(keys), ("indicator", "date", "value"),
                  summary) for file, keys in sorted(quarterly_keys.items())),
           Rows("domestic/targets.csv", tuple(f"target_id={t}" for t in targets),
                ("indicator", "value", "deadline"), summary)]
    return tuple(r for r in out if r.keys)


def summary_values(register: pd.DataFrame, name: str) -> dict[str, object]:
    """What the verification chapter states about the register, counted from it; each count
    names the register's rows it counted (a count of none, the whole register)."""
    fn = "egovbook.analysis.claims.evaluate"
    every = register_rows(register, "sổ đối chiếu")

    def verdict(v: str, how: str) -> Figure:
        found = register[register["verdict"] == v]
        label = fmt.lower_first(VERDICT_VI[v])
        rows = (register_rows(found, f"{fmt.number(len(found))} khẳng định *{label}*")
                if len(found) else
                register_rows(register, f"sổ đối chiếu, không khẳng định nào *{label}*"))
        return counted(len(found), how, fn, rows)

    by_verdict = [verdict(v, "đếm theo cột Kết luận của sổ đối chiếu") for v in VERDICT_VI]
    return {
        "name": name,
        "n_claims": counted(len(register), "số dòng của sổ đối chiếu", fn, every),
        "n_sources": counted(int(register["source_id"].nunique()),
                             "số bài báo khác nhau trong cột Nguồn của sổ đối chiếu", fn, every),
        "counts_text": counts_phrase(
            # «*các bài báo mâu thuẫn* (6)»: a verdict is not a noun to count («6 các bài…»).
            fmt.join_vi([f"*{fmt.lower_first(VERDICT_VI[v])}* ({c.text})"
                         for v, c in zip(VERDICT_VI, by_verdict, strict=True)])
            if len(register) else "không có khẳng định nào",
            "đếm theo cột Kết luận của sổ đối chiếu", fn, by_verdict if len(register) else ()),
        "n_differs": verdict(DIFFERS, "số dòng kết luận *lệch so với dữ liệu*"),
        "n_contradictions": verdict(CONFLICT, "số dòng kết luận *các bài báo mâu thuẫn*, là số "
                                    "dòng của bảng các khẳng định mâu thuẫn"),
    }
