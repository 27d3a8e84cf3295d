"""Write generated media as real files: H.264 + AAC mp4, FLAC, JPEG, text."""

from __future__ import annotations

from pathlib import Path

import numpy as np

AAC_BITRATE = 64000
X264_OPTIONS = {"preset": "ultrafast", "crf": "26", "threads": "1"}


def write_mp4(path: Path, frames, fps: int, audio: np.ndarray | None, sample_rate: int) -> None:
    """An mp4 with an H.264 video stream and (when ``audio`` is given) a mono AAC stream."""
    import av

    path.parent.mkdir(parents=True, exist_ok=True)
    with av.open(str(path), "w") as container:
        first = None
        video = None
        for frame in frames:
            if video is None:
                first = frame
                video = container.add_stream("libx264", rate=fps)
                video.height, video.width = first.shape[:2]
                video.pix_fmt = "yuv420p"
                video.options = dict(X264_OPTIONS)
                sound = _add_audio(container, sample_rate) if audio is not None else None
            for packet in video.encode(av.VideoFrame.from_ndarray(frame, format="rgb24")):
                container.mux(packet)
        if video is None:
            raise ValueError("no frames to write")
        for packet in video.encode():
            container.mux(packet)
        if sound is not None:
            _encode_audio(container, sound, audio, sample_rate)


def _add_audio(container, sample_rate: int):
    stream = container.add_stream("aac", rate=sample_rate)
    stream.layout = "mono"
    stream.bit_rate = AAC_BITRATE
    stream.options = {"aac_coder": "fast"}
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
