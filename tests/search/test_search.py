"""The search command: corpus files and foreign files in, ranked matches out; broken files refused (exit 2)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from music_visual.search import QueryError, list_models, read_query, search
from music_visual.search.__main__ import main
from music_visual.models.cross_decomposition import cosine_similarity_matrix as cosine
from music_visual.search.models import load_model, pick_model


def test_list_models_names_every_kept_network(in_search_workspace, capsys):
    names = [(m.name, m.seed) for m in list_models()]
    assert names == [("nonlinear_inter_soft_intra", 0), ("two_tower_infonce", 0)]
    assert main(["--list-models"]) == 0
    out = capsys.readouterr().out
    assert "two_tower_infonce" in out and "nonlinear_inter_soft_intra" in out and "vmnet" in out


def test_unknown_model_is_refused_with_what_is_kept(in_search_workspace, capsys):
    assert main([in_search_workspace.path_of(in_search_workspace.pairs["right_id"][0]), "--model", "nope"]) == 2
    err = capsys.readouterr().err
    assert "no trained model 'nope'" in err and "two_tower_infonce" in err


def test_a_corpus_video_reads_as_its_stored_features(in_search_workspace):
    ws = in_search_workspace
    query = read_query(ws.path_of(ws.pairs["right_id"][2]))
    assert query.kind == "video" and query.side == "video"
    np.testing.assert_allclose(query.frames, ws.frames[2], rtol=1e-5, atol=1e-5)
    sound = read_query(ws.path_of(ws.pairs["left_id"][2]))
    assert sound.kind == "audio" and sound.seconds > 5
    np.testing.assert_allclose(sound.music, ws.music[2], rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("run", ["nonlinear_inter_soft_intra", "two_tower_infonce"])
def test_video_query_ranks_the_corpus_songs_by_cosine(in_search_workspace, run):
    ws = in_search_workspace
    result = search(ws.path_of(ws.pairs["right_id"][4]), run, top=4)
    m = result.matches
    assert list(m["rank"]) == [1, 2, 3, 4] and set(m["kind"]) == {"audio"}
    assert m["score"].is_monotonic_decreasing and m["item_id"].is_unique
    # by hand: the network's query embedding against every song's, from the stored features
    net = load_model(pick_model(run)).network
    with np.errstate(all="ignore"):
        import torch

        with torch.no_grad():
            q = net.video(torch.as_tensor(ws.video_features[4:5], dtype=torch.float32)).numpy()
            g = net.music(torch.as_tensor(ws.music_features, dtype=torch.float32)).numpy()
    expected = cosine(q, g)[0]
    order = np.argsort(-expected, kind="stable")[:4]
    assert list(m["item_id"]) == list(ws.pairs["left_id"].iloc[order])
    np.testing.assert_allclose(m["score"], expected[order], rtol=1e-4, atol=1e-5)
    assert all(Path(p).is_file() and Path(p).resolve().is_relative_to(Path(ws.corpus_root).resolve()) for p in m["path"])
    split = dict(zip(ws.pairs["left_id"], ["train"] * 3 + ["val"] + ["test"] * 2))
    assert list(m["split"]) == [split[i] for i in m["item_id"]]


def test_audio_query_ranks_the_corpus_videos(in_search_workspace, capsys):
    ws = in_search_workspace
    assert main([ws.path_of(ws.pairs["left_id"][0]), "--model", "two_tower_infonce", "--top", "3"]) == 0
    out = capsys.readouterr().out
    assert "(audio, searched with" in out and "videos by cosine similarity" in out
    assert sum(v in out for v in ws.pairs["right_id"]) == 3


def test_files_from_outside_the_corpus(in_search_workspace, media, tmp_path, capsys):
    from PIL import Image

    clip = media.video(tmp_path / "mine.mp4", seconds=12, fps=4)
    assert main([str(clip), "--model", "two_tower_infonce", "--top", "2"]) == 0
    assert "mine.mp4 (video, searched with 3 sampled frames)" in capsys.readouterr().out
    assert main([str(clip), "--model", "two_tower_infonce", "--as", "audio", "--top", "2"]) == 0
    assert "searched with its soundtrack" in capsys.readouterr().out
    image = tmp_path / "photo.png"
    Image.fromarray((np.arange(64 * 48 * 3) % 251).astype(np.uint8).reshape(64, 48, 3)).save(image)
    result = search(image, "two_tower_infonce", top=3)
    assert result.query.kind == "image" and result.query.frames.shape == (1, 1280)
    assert "(image, read as a one-frame video)" in result.to_text()
    assert len(result.matches) == 3
    song = media.audio(tmp_path / "tone.flac", seconds=8.0)
    assert search(song, "nonlinear_inter_soft_intra", top=2).matches["kind"].tolist() == ["video", "video"]


BROKEN = {
    "corrupt video": ("clip.mp4", "corrupt", "unreadable_media"),
    "corrupt image": ("photo.jpg", "corrupt", "unreadable_image"),
    "corrupt audio": ("song.wav", "corrupt", "unreadable_media"),
    "empty file": ("empty.mp3", "empty", "unreadable_media"),
    "too short": ("short.wav", "short", "too_short"),
    "silent": ("quiet.wav", "silent", "silent_audio"),
    "no audio track": ("mute.mp4", "mute", "no_audio_track"),
    "missing": ("nowhere.mp4", "missing", "missing_file"),
}


def _broken(kind: str, path: Path, media) -> Path:
    if kind == "corrupt":
        return media.corrupt(path)
    if kind == "empty":
        path.write_bytes(b"")
        return path
    if kind == "short":
        return media.audio(path, seconds=1.0)
    if kind == "silent":
        return media.audio(path, seconds=8.0, silent=True)
    if kind == "mute":
        return media.video(path, seconds=6, with_audio=False)
    return path


@pytest.mark.parametrize("case", list(BROKEN))
def test_broken_query_files_exit_2_with_the_reason(in_search_workspace, media, tmp_path, capsys, case):
    name, kind, reason = BROKEN[case]
    path = _broken(kind, tmp_path / name, media)
    args = [str(path), "--model", "two_tower_infonce"] + (["--as", "audio"] if kind == "mute" else [])
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("search: error: ") and str(path) in err
    with pytest.raises(QueryError) as caught:
        read_query(path, "audio" if kind == "mute" else None)
    assert caught.value.reason == reason


def test_an_audio_file_has_no_frames_to_search_with(in_search_workspace, media, tmp_path):
    with pytest.raises(QueryError, match="no frames"):
        read_query(media.audio(tmp_path / "a.wav", seconds=6.0), "video")


def test_search_can_be_limited_to_the_test_split(in_search_workspace, capsys):
    ws = in_search_workspace
    result = search(ws.path_of(ws.pairs["right_id"][0]), "two_tower_infonce", top=10, splits=("test",))
    assert set(result.matches["split"]) == {"test"} and len(result.matches) == 2
    assert main([ws.path_of(ws.pairs["left_id"][1]), "--model", "two_tower_infonce", "--split", "test",
                 "--split", "val"]) == 0
    out = capsys.readouterr().out
    assert "in the val/test split" in out and " train " not in out
    with pytest.raises(ValueError, match="splits must be"):
        search(ws.path_of(ws.pairs["right_id"][0]), "two_tower_infonce", splits=("holdout",))
