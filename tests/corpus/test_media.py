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


def _ramp_frames(n=8, height=32, width=48):
    yy, xx = np.mgrid[0:1:height * 1j, 0:1:width * 1j]
    return [(255 * np.stack([xx, yy, np.full_like(xx, i / n)], axis=-1)).astype(np.uint8) for i in range(n)]


def test_mp4_from_yuv420p_planes_matches_mp4_from_rgb(tmp_path):
    import av

    from music_visual.corpus.world.media_writer import write_mp4

    rgb = _ramp_frames()
    planes = []
    for frame in rgb:
        ref = av.VideoFrame.from_ndarray(frame, format="rgb24").reformat(format="yuv420p")
        planes.append(tuple(np.frombuffer(p, np.uint8).reshape(p.height, p.line_size)[:, :p.width].copy()
                            for p in ref.planes))
    write_mp4(tmp_path / "rgb.mp4", rgb, 4, None, 16000)
    write_mp4(tmp_path / "yuv.mp4", planes, 4, None, 16000, frame_format="yuv420p")
    a, b = decode_frames(tmp_path / "rgb.mp4", fps=4.0), decode_frames(tmp_path / "yuv.mp4", fps=4.0)
    assert a.shape == b.shape == (8, 32, 48, 3)
    np.testing.assert_array_equal(a, b)  # same planes in, same stream out
    with pytest.raises(ValueError):
        write_mp4(tmp_path / "bad.mp4", rgb, 4, None, 16000, frame_format="bgr24")


def test_mp4_audio_track_is_resampled_to_the_mp4_audio_rate(tmp_path):
    import av

    from music_visual.corpus.world.media_writer import MP4_AUDIO_RATE, write_mp4

    sr, seconds = 22050, 3
    audio = (0.2 * np.sin(2 * np.pi * 330 * np.arange(seconds * sr) / sr)).astype(np.float32)
    for rate in (MP4_AUDIO_RATE, sr):
        path = tmp_path / f"a{rate}.mp4"
        write_mp4(path, _ramp_frames(seconds * 4), 4, audio, sr, audio_rate=rate)
        with av.open(str(path)) as container:
            assert container.streams.audio[0].codec_context.sample_rate == rate
        decoded = decode_audio(path, 16000)
        assert abs(len(decoded) / 16000 - seconds) < 0.1 and np.sqrt(np.mean(decoded ** 2)) > 0.1
    assert MP4_AUDIO_RATE == 16000
