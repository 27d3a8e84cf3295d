"""Write generated media as real files: H.264 + AAC mp4, FLAC, JPEG, text."""

from __future__ import annotations

from pathlib import Path

import numpy as np

AAC_BITRATE = 64000
# Sample rate of the mp4's AAC track. The study's audio features read the FLAC files (at the corpus sample rate),
# never the mp4 audio, and AAC encoding costs in proportion to the rate: 16 kHz (8 kHz audio bandwidth) is ~20 %
# cheaper than 22,050 Hz. The song is resampled to this rate by the encoder (libswresample).
MP4_AUDIO_RATE = 16000
# The fast coder without perceptual noise substitution and temporal noise shaping (~10 % cheaper).
AAC_OPTIONS = {"aac_coder": "fast", "aac_pns": "0", "aac_tns": "0"}
X264_OPTIONS = {"preset": "ultrafast", "crf": "26", "threads": "1"}
FRAME_FORMATS = ("rgb24", "yuv420p")


def write_mp4(path: Path, frames, fps: int, audio: np.ndarray | None, sample_rate: int, *,
              frame_format: str = "rgb24", audio_rate: int = MP4_AUDIO_RATE) -> None:
    """An mp4 with an H.264 video stream and (when ``audio`` is given) a mono AAC stream at ``audio_rate`` Hz.

    ``frames`` are uint8 ``(H, W, 3)`` RGB arrays for ``frame_format="rgb24"``, or for ``"yuv420p"`` (the
    encoder's own format, so no per-frame conversion) ``(Y, U, V)`` plane arrays of shapes ``(H, W)``,
    ``(H/2, W/2)``, ``(H/2, W/2)``. ``audio`` is mono at ``sample_rate`` Hz.
    """
    import av

    if frame_format not in FRAME_FORMATS:
        raise ValueError(f"frame_format must be one of {FRAME_FORMATS}, not {frame_format!r}")
    path.parent.mkdir(parents=True, exist_ok=True)
    with av.open(str(path), "w") as container:
        video = None
        for frame in frames:
            if video is None:
                video = container.add_stream("libx264", rate=fps)
                video.height, video.width = (frame if frame_format == "rgb24" else frame[0]).shape[:2]
                video.pix_fmt = "yuv420p"
                video.options = dict(X264_OPTIONS)
                sound = _add_audio(container, audio_rate) if audio is not None else None
            if frame_format == "rgb24":
                frame = av.VideoFrame.from_ndarray(frame, format="rgb24")
            else:
                frame = _yuv420p_frame(frame, video.width, video.height)
            for packet in video.encode(frame):
                container.mux(packet)
        if video is None:
            raise ValueError("no frames to write")
        for packet in video.encode():
            container.mux(packet)
        if sound is not None:
            _encode_audio(container, sound, audio, sample_rate)


def _yuv420p_frame(planes, width: int, height: int):
    """A new yuv420p VideoFrame with ``planes`` copied straight into its buffers (cheaper than from_ndarray)."""
    import av

    frame = av.VideoFrame(width, height, "yuv420p")
    for plane, data in zip(frame.planes, planes):
        rows, cols = data.shape
        if (rows, cols) != (plane.height, plane.width):
            raise ValueError(f"plane of shape {data.shape}, expected {(plane.height, plane.width)}")
        np.frombuffer(plane, np.uint8).reshape(rows, plane.line_size)[:, :cols] = data
    return frame


def _add_audio(container, sample_rate: int):
    stream = container.add_stream("aac", rate=sample_rate)
    stream.layout = "mono"
    stream.bit_rate = AAC_BITRATE
    stream.options = dict(AAC_OPTIONS)
    return stream


def _encode_audio(container, stream, audio: np.ndarray, sample_rate: int) -> None:
    import av

    frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(audio, np.float32)[None, :], format="fltp", layout="mono")
    frame.sample_rate, frame.pts = sample_rate, 0
    for packet in stream.encode(frame):
        container.mux(packet)
    for packet in stream.encode():
        container.mux(packet)


def write_flac(path: Path, audio: np.ndarray, sample_rate: int) -> None:
    import soundfile

    path.parent.mkdir(parents=True, exist_ok=True)
    soundfile.write(str(path), audio, sample_rate, format="FLAC", subtype="PCM_16")


def write_jpg(path: Path, image: np.ndarray, quality: int = 90) -> None:
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(image).save(path, quality=quality)
