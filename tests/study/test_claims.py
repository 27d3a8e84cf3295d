"""The claims ledger: one schema, known verdicts, paired verdicts, read back across papers."""

import numpy as np
import pandas as pd
import pytest

from music_visual.errors import StudyError
from music_visual.study.claims import (COLUMNS, claim_row, interval_verdict, ledger, mean_ci, paired_verdict,
                                       read_ledgers, regime_verdict, size_trend, verdict_counts, verdicts,
                                       write_ledger)


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
    loss = {"mean": -0.02, "ci95_low": -0.03, "ci95_high": -0.01, "n_seeds": 3}
    assert paired_verdict(gain, True) == "reproduced" and paired_verdict(loss, True) == "not reproduced"
    assert paired_verdict(none, True) == "inconclusive" and paired_verdict(none, False) == "inconclusive"
    assert paired_verdict(loss, False) == "reproduced" and paired_verdict(gain, False) == "not reproduced"
    assert paired_verdict(None, True) == "not testable"
    assert paired_verdict({"mean": 0.1, "ci95_low": None, "n_seeds": 1}, True) == "not testable"
    assert mean_ci(gain) == "+2.0 pp [+1.0, +3.0] (n=3)"


def test_a_threshold_turns_the_rule_into_non_inferiority():
    # "local about as good as global, within 1 point": the interval must lie above -1 point
    assert interval_verdict(-0.008, 0.004, True, threshold=-0.01) == "reproduced"
    assert interval_verdict(-0.015, 0.004, True, threshold=-0.01) == "inconclusive"
    assert interval_verdict(-0.03, -0.02, True, threshold=-0.01) == "not reproduced"
    assert interval_verdict(float("nan"), 0.1) == "not testable"


def _curve(slopes, sizes=(100, 200, 400, 800)):
    # per seed: difference = -0.08 + slope * log2(size / 100), with a seed-specific wobble
    rows = [{"seed": s, "n_train": n, "difference": -0.08 + b * np.log2(n / 100) + 0.001 * s}
            for s, b in enumerate(slopes) for n in sizes]
    return pd.DataFrame(rows)


def test_size_trend_fits_the_change_per_doubling_and_where_it_crosses_zero():
    trend = size_trend(_curve([0.02, 0.021, 0.019]))
    assert trend["slope_mean"] == pytest.approx(0.02, abs=1e-9) and trend["slope_ci95_low"] > 0
    # -0.08 + 0.02 log2(n / 100) (+ the wobble 0.001) crosses zero at n = 100 * 2 ** (0.079 / 0.02)
    assert trend["crossing_size"] == pytest.approx(100 * 2 ** (0.079 / 0.02), rel=1e-6)
    assert size_trend(_curve([0.02], sizes=(100,))) is None


def test_a_claim_the_curve_moves_toward_is_not_testable_at_this_size():
    worse = {"mean": -0.02, "ci95_low": -0.03, "ci95_high": -0.01, "n_seeds": 3}
    verdict, note = regime_verdict(worse, size_trend(_curve([0.02, 0.021, 0.019])), True, paper_size=200_000)
    assert verdict == "not testable at this size" and "200,000" in note and "crosses zero" in note
    flat = size_trend(_curve([0.01, -0.01, 0.0]))
    assert regime_verdict(worse, flat, True)[0] == "not reproduced"
    gain = {"mean": 0.02, "ci95_low": 0.01, "ci95_high": 0.03, "n_seeds": 3}
    assert regime_verdict(gain, flat, True) == ("reproduced", "")


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
