import numpy as np
import pytest

from music_visual.corpus.media import MediaError, check_audio, decode_audio, decode_frames, probe_video


def test_video_with_audio_track_decodes(tmp_path, media):
    path = media.video(tmp_path / "v.mp4", seconds=3, with_audio=True)
    info = probe_video(path)
    assert info.has_audio and info.width == 48 and abs(info.duration - 3) < 0.5
    frames = decode_frames(path, fps=1.0)
    assert frames.shape == (3, 32, 48, 3)
    audio = decode_audio(path, 16000)
    assert abs(len(audio) / 16000 - 3) < 0.2 and np.sqrt(np.mean(audio ** 2)) > 0.05


def test_video_without_audio_track_is_reported(tmp_path, media):
    path = media.video(tmp_path / "mute.mp4", with_audio=False)
    assert not probe_video(path).has_audio
    with pytest.raises(MediaError) as err:
        decode_audio(path)
    assert err.value.reason == "no_audio_track"


def test_corrupt_and_truncated_files_are_unreadable(tmp_path, media):
    with pytest.raises(MediaError) as err:
        probe_video(media.corrupt(tmp_path / "bad.mp4"))
    assert err.value.reason == "unreadable_media"
    good = media.video(tmp_path / "v.mp4", seconds=3)
    truncated = tmp_path / "cut.mp4"
    truncated.write_bytes(good.read_bytes()[:300])
    with pytest.raises(MediaError):
        decode_frames(truncated)


def test_silent_and_short_audio_are_reported():
    with pytest.raises(MediaError) as err:
        check_audio(np.zeros(16000 * 3, np.float32), 16000, 1.0, "x")
    assert err.value.reason == "silent_audio"
    with pytest.raises(MediaError) as err:
        check_audio(np.ones(100, np.float32), 16000, 1.0, "x")
    assert err.value.reason == "too_short"
