"""The claims ledger: one schema, known verdicts, paired verdicts, read back across papers."""

import pandas as pd
import pytest

from music_visual.errors import StudyError
from music_visual.study.claims import (COLUMNS, claim_row, ledger, mean_ci, paired_verdict, read_ledgers,
                                       verdict_counts, verdicts, write_ledger)


def test_rows_follow_the_schema_and_refuse_unknown_fields_and_verdicts():
    row = claim_row("p", "x", "X beats Y", "reproduced", ours="+1.0 pp")
    assert list(row) == COLUMNS and row["chance"] == ""
    with pytest.raises(StudyError, match="verdict"):
        claim_row("p", "x", "X", "maybe")
    with pytest.raises(StudyError, match="unknown ledger fields"):
        claim_row("p", "x", "X", "reproduced", score=1)
    with pytest.raises(StudyError, match="used twice"):
        ledger([row, row])


def test_paired_verdicts():
    gain = {"mean": 0.02, "ci95_low": 0.01, "ci95_high": 0.03, "n_seeds": 3}
    none = {"mean": 0.01, "ci95_low": -0.01, "ci95_high": 0.03, "n_seeds": 3}
    assert paired_verdict(gain, True) == "reproduced" and paired_verdict(none, True) == "not reproduced"
    assert paired_verdict(none, False) == "reproduced" and paired_verdict(gain, False) == "not reproduced"
    assert paired_verdict(None, True) == "not testable"
    assert paired_verdict({"mean": 0.1, "ci95_low": None, "n_seeds": 1}, True) == "not testable"
    assert mean_ci(gain) == "+2.0 pp [+1.0, +3.0] (n=3)"


def test_ledgers_are_read_back_in_paper_order(tmp_path):
    write_ledger(ledger([claim_row("b", "y", "Y", "not testable")]), tmp_path / "b")
    write_ledger(ledger([claim_row("a", "x", "X", "reproduced"), claim_row("a", "z", "Z", "not reproduced")]),
                 tmp_path / "a")
    both = read_ledgers(tmp_path, ["a", "b", "c"])
    assert both["claim_id"].tolist() == ["x", "z", "y"] and verdicts(both)["Y"] == "not testable"
    counts = verdict_counts(both).set_index("paper")
    assert counts.loc["a", "reproduced"] == 1 and counts.loc["b", "not testable"] == 1
    pd.DataFrame({"claim": ["x"]}).to_csv(tmp_path / "b" / "claims.csv", index=False)
    with pytest.raises(StudyError, match="not the ledger schema"):
        read_ledgers(tmp_path, ["b"])
