import numpy as np
import pytest

from music_visual.errors import StudyError
from music_visual.features.store import load_feature_table, save_feature_table


def test_round_trip_vectors_and_sequences(tmp_path):
    save_feature_table(tmp_path / "vec", ["a", "b"], [np.ones(3), np.arange(3.0)],
                       flags=[{"silent": True}, {"silent": False}], meta={"family": "toy", "params": {"sr": 12000}},
                       failures=[("c", "unreadable_media")])
    t = load_feature_table(tmp_path / "vec")
    assert t.dim == 3 and t.ids == ["a", "b"]
    assert np.array_equal(t.matrix(["b", "a"]), np.array([[0, 1, 2], [1, 1, 1]], np.float32))
    assert t.index["silent"].tolist() == [True, False]
    assert t.meta["n_flagged"] == {"silent": 1} and t.meta["params"] == {"sr": 12000}
    assert t.failures.to_dict("records") == [{"item_id": "c", "reason": "unreadable_media"}]

    save_feature_table(tmp_path / "seq", ["x", "y"], [np.zeros((4, 2)), np.ones((2, 2))])
    s = load_feature_table(tmp_path / "seq")
    assert [q.shape for q in s.sequences()] == [(4, 2), (2, 2)]
    with pytest.raises(StudyError, match="sequences"):
        s.matrix()


def test_non_finite_duplicate_and_missing_items_are_errors(tmp_path):
    with pytest.raises(StudyError, match=r"non-finite features for 1 item\(s\), e.g. \['b'\]"):
        save_feature_table(tmp_path / "nan", ["a", "b"], [np.ones(2), np.array([np.nan, 1.0])])
    with pytest.raises(StudyError, match="duplicate"):
        save_feature_table(tmp_path / "dup", ["a", "a"], [np.ones(2), np.ones(2)])
    with pytest.raises(StudyError, match="different dimensions"):
        save_feature_table(tmp_path / "dims", ["a", "b"], [np.ones(2), np.ones(3)])
    save_feature_table(tmp_path / "ok", ["a"], [np.ones(2)])
    with pytest.raises(StudyError, match="have no"):
        load_feature_table(tmp_path / "ok").matrix(["zzz"])
    with pytest.raises(StudyError, match="run the features stage"):
        load_feature_table(tmp_path / "absent")
