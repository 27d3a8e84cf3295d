"""Properties every per-item audio extractor shares: float32, deterministic, picklable for a sharded driver."""

import functools
import pickle

import numpy as np
import pytest

from music_visual.features.audio_acpnet import extract_acpnet_audio_features
from music_visual.features.audio_mrcca import extract_mrcca_audio_features
from music_visual.features.audio_sdcca import sdcca_audio_frames
from music_visual.features.audio_vmnet import VmnetAudioConfig, extract_vmnet_audio_features
from music_visual.features.spectrogram import log_spectrogram

from .conftest import click_track, tone

EXTRACTORS = {
    "vmnet": functools.partial(extract_vmnet_audio_features, config=VmnetAudioConfig()),
    "acpnet": extract_acpnet_audio_features,
    "mrcca": extract_mrcca_audio_features,
    "sdcca": sdcca_audio_frames,
    "spectrogram": functools.partial(log_spectrogram, duration_s=3.0),
}


@pytest.mark.parametrize("name", sorted(EXTRACTORS))
def test_deterministic_float32_and_picklable(name):
    y = tone(261.63, 3.0, 16000) + click_track(110, 3.0, 16000)
    extractor = pickle.loads(pickle.dumps(EXTRACTORS[name]))
    first, flags = extractor(y, 16000)
    second, _ = EXTRACTORS[name](y.copy(), 16000)
    assert first.dtype == np.float32 and np.isfinite(first).all()
    np.testing.assert_array_equal(first, second)
    assert isinstance(flags, dict) and all(isinstance(v, bool) for v in flags.values())
