import numpy as np
import pytest

from music_visual.features.audio_io import (
    AudioDecodeError, audio_flags, center_crop_or_pad, load_audio, sanitize_waveform,
)  # fmt: skip

from .conftest import BAD_AUDIO, EXPECTED_FLAG, tone


@pytest.mark.parametrize("name", sorted(BAD_AUDIO))
def test_bad_audio_is_flagged(name):
    flags = audio_flags(BAD_AUDIO[name], 12000)
    assert flags[EXPECTED_FLAG[name]]


def test_clean_audio_has_no_flags():
    assert not any(audio_flags(tone(440.0, 2.0, 12000), 12000).values())


def test_sanitize_replaces_nonfinite_and_downmixes():
    stereo = np.array([[1.0, np.nan, np.inf], [3.0, 1.0, -np.inf]], dtype=np.float64)
    out = sanitize_waveform(stereo)
    assert out.dtype == np.float32 and np.isfinite(out).all()
    np.testing.assert_array_equal(out, [2.0, 0.5, 0.0])


def test_center_crop_or_pad_matches_public_code():
    y = np.arange(10, dtype=np.float32)
    np.testing.assert_array_equal(center_crop_or_pad(y, 4), [3, 4, 5, 6])  # (10-4)//2 = 3
    np.testing.assert_array_equal(center_crop_or_pad(y[:3], 5), [0, 1, 2, 0, 0])


def test_load_wav_resamples(tmp_path):
    import soundfile as sf

    path = tmp_path / "a.wav"
    sf.write(path, np.stack([tone(440.0, 1.0, 22050)] * 2, axis=1), 22050)
    y, sr = load_audio(path, sr=12000)
    assert sr == 12000 and y.dtype == np.float32 and abs(y.size - 12000) <= 1
    spectrum = np.abs(np.fft.rfft(y))
    assert abs(np.argmax(spectrum) * 12000 / y.size - 440.0) < 2.0


def test_load_audio_track_of_video_container(tmp_path):
    av = pytest.importorskip("av")
    path, sr = tmp_path / "a.m4a", 22050
    y = tone(440.0, 1.0, sr)
    with av.open(str(path), "w") as container:
        stream = container.add_stream("aac", rate=sr)
        stream.layout = "mono"
        for start in range(0, y.size, 1024):
            frame = av.AudioFrame.from_ndarray(y[None, start : start + 1024], format="fltp", layout="mono")
            frame.rate, frame.pts = sr, start
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    decoded, out_sr = load_audio(path)
    assert out_sr == sr and abs(decoded.size - y.size) < 3000
    spectrum = np.abs(np.fft.rfft(decoded))
    assert abs(np.argmax(spectrum) * sr / decoded.size - 440.0) < 3.0


def test_undecodable_file_raises_named_error(tmp_path):
    bad = tmp_path / "broken.wav"
    bad.write_bytes(b"not audio")
    with pytest.raises(AudioDecodeError, match="broken.wav"):
        load_audio(bad)
    with pytest.raises(AudioDecodeError, match="missing"):
        load_audio(tmp_path / "missing.ogg")
