import pytest

from music_visual.errors import StudyError
from music_visual.reporting.readme_results import corpus_check_md, splice


def test_splice_replaces_between_markers_only():
    text = "a\n<!-- corpus:start -->\nold\n<!-- corpus:end -->\nb"
    assert splice(text, "new", "corpus") == "a\n<!-- corpus:start -->\nnew\n<!-- corpus:end -->\nb"
    with pytest.raises(StudyError, match="markers"):
        splice("no markers", "x", "corpus")


def test_corpus_check_table_by_hand():
    row = lambda r1, r10, mr: {"recall_at_1": r1, "recall_at_5": r1, "recall_at_10": r10, "median_rank": mr}  # noqa: E731
    md = corpus_check_md({"music_to_video_test": {"n_test_queries": 400, "chance": row(0.0025, 0.025, 200.5),
                                                  "cca": row(0.01, 0.08, 88.0), "oracle": row(0.05, 0.32, 21.0)}})
    lines = md.splitlines()
    assert "400 test songs" in lines[0]
    assert lines[4] == "| chance | 0.2 % | 0.2 % | 2.5 % | 200.5 |"
    assert lines[-1] == "| oracle: the generator's full rule | 5.0 % | 5.0 % | 32.0 % | 21.0 |"
    assert len(lines) == 7  # no per-structure oracles in this metrics file: no rows for them
    assert "no learnability check" in corpus_check_md({"music_to_video_test": None})
