import numpy as np
import pytest

from music_visual.corpus import CorpusError, build_corpus
from music_visual.corpus.adapters import tfrecord, youtube8m

MUSIC_VIDEO = 11  # any index: the tests pass it explicitly


def _frame_record(vid, labels, seconds, rng):
    rgb = [[rng.integers(0, 256, 1024, dtype=np.uint8).tobytes()] for _ in range(seconds)]
    audio = [[rng.integers(0, 256, 128, dtype=np.uint8).tobytes()] for _ in range(seconds)]
    return tfrecord.encode_sequence_example({"id": [vid], "labels": np.array(labels)}, {"rgb": rgb, "audio": audio})


@pytest.fixture
def frame_level(tmp_path):
    rng = np.random.default_rng(0)
    folder = tmp_path / "yt8m"
    folder.mkdir()
    tfrecord.write_records(folder / "train0000.tfrecord", [
        _frame_record("AbCd", [MUSIC_VIDEO, 3], 12, rng), _frame_record("EfGh", [MUSIC_VIDEO], 9, rng),
        _frame_record("IjKl", [5], 10, rng), _frame_record("MnOp", [MUSIC_VIDEO], 2, rng),
        _frame_record("QrSt", [MUSIC_VIDEO], 15, rng)])
    return folder


def test_dequantize_matches_starter_code():
    np.testing.assert_allclose(youtube8m.dequantize(np.array([0, 255])), [-2 + 4 / 512, 2 + 4 / 512], rtol=1e-6)


def test_frame_level_records_filtered_by_label_and_length(frame_level, tmp_path):
    corpus = build_corpus("youtube8m", tmp_path / "c", source_path=frame_level, label_id=MUSIC_VIDEO,
                          min_seconds=5, max_skip_share=0.5)
    assert sorted(corpus.of_kind("video")["song_id"]) == ["AbCd", "EfGh", "QrSt"]
    assert corpus.manifest["counts"]["skipped"] == {"filtered_label": 1, "too_short": 1}
    feats = np.load(corpus.path_of("AbCd_video"))
    assert feats["rgb"].shape == (12, 1024) and feats["audio"].shape == (12, 128)
    assert -2.0 <= feats["rgb"].min() and feats["rgb"].max() <= 2.01
    assert corpus.items.set_index("item_id").at["AbCd_audio", "duration"] == 12


def test_video_level_records(tmp_path):
    rng = np.random.default_rng(1)
    path = tmp_path / "video.tfrecord"
    tfrecord.write_records(path, [tfrecord.encode_example({
        "id": [f"v{i}"], "labels": np.array([MUSIC_VIDEO]), "mean_rgb": rng.normal(size=1024).astype(np.float32),
        "mean_audio": rng.normal(size=128).astype(np.float32)}) for i in range(3)])
    corpus = build_corpus("youtube8m", tmp_path / "c", source_path=path, label_id=MUSIC_VIDEO)
    assert len(corpus.pairs) == 3 and np.load(corpus.path_of("v0_audio"))["audio"].shape == (1, 128)


def test_label_by_name_needs_the_vocabulary(tmp_path, frame_level):
    vocab = tmp_path / "vocabulary.csv"
    vocab.write_text(f"Index,TrainVideoCount,Name\n3,10,Game\n{MUSIC_VIDEO},99,Music video\n")
    assert youtube8m.label_index("music video", vocab) == MUSIC_VIDEO
    with pytest.raises(ValueError, match="not in"):
        youtube8m.label_index("Opera", vocab)


def test_too_much_filtered_fails_clearly(frame_level, tmp_path):
    with pytest.raises(CorpusError, match="max_skip_share"):
        build_corpus("youtube8m", tmp_path / "c", source_path=frame_level, label_id=MUSIC_VIDEO, min_seconds=5)


def test_corrupt_file_is_a_counted_skip(frame_level, tmp_path):
    (frame_level / "broken.tfrecord").write_bytes(b"\x05\x00\x00\x00\x00\x00\x00\x00garbage")
    corpus = build_corpus("youtube8m", tmp_path / "c", source_path=frame_level, label_id=MUSIC_VIDEO,
                          min_seconds=5, max_skip_share=0.6)
    assert corpus.manifest["counts"]["skipped"]["bad_record"] == 1
